"""Near-duplicate detection in the stream: one signature record per article, read by every worker.

The clean agent sends each article's MinHash signature, keyed by its id, to an internal topic
(``news.articles.signatures``; the agent that cleans an article is its only writer). Every worker
follows that topic whole (``replica.Replica``) and derives its own in-memory band index from it.
The index ranks articles by ingestion time, then id, so every worker agrees on which article of a
band came first, whatever order the partitions are read in. Before, each of an article's ~21 LSH
bands was a table key of its own, sent through an internal topic: ~90 Kafka records per article, a
quarter of a worker's throughput (`bench/e2e.py`). Signatures older than the topic's retention
(Kafka's default: 7 days) are not read again after a restart.

Two copies cleaned within the same fraction of a second on different workers may both pass
unflagged: the index is eventually, not instantly, shared.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from newsstream.dedup import DEFAULT_OPTIONS, DedupOptions, band_keys, find_near_duplicate, signature
from newsstream.models import CleanedArticle, SignatureEntry

__all__ = ["BandIndex", "check"]


class BandIndex(Mapping[str, str]):
    """LSH band -> the earliest indexed article sharing it (by ingestion time, then id)."""

    def __init__(self, options: DedupOptions = DEFAULT_OPTIONS) -> None:
        self.options = options
        self._first: dict[str, tuple[int, str]] = {}

    def add(self, article_id: str, entry: Any) -> None:
        """Index one signature-table entry ({"sig", "of", "at"}); anything else is ignored."""
        if not isinstance(entry, dict) or not entry.get("sig"):
            return
        rank = (int(entry.get("at") or 0), article_id)
        for key in band_keys(entry["sig"], self.options):
            current = self._first.get(key)
            if current is None or rank < current:
                self._first[key] = rank

    def __getitem__(self, band: str) -> str:
        return self._first[band][1]

    def __iter__(self) -> Iterator[str]:
        return iter(self._first)

    def __len__(self) -> int:
        return len(self._first)


class _Signatures(Mapping[str, Sequence[int]]):
    """article id -> signature, over the table's {"sig": [...], "of": original} entries."""

    def __init__(self, table: Any) -> None:
        self._table = table

    def __getitem__(self, key: str) -> Sequence[int]:
        entry = self._table.get(key)
        if entry is None:
            raise KeyError(key)
        return entry["sig"]  # type: ignore[no-any-return]

    def __iter__(self) -> Iterator[str]:
        return iter(self._table)

    def __len__(self) -> int:
        return len(self._table)


def check(
    article: CleanedArticle, index: Mapping[str, str], signatures: Any, options: DedupOptions = DEFAULT_OPTIONS
) -> tuple[CleanedArticle, dict[str, Any] | None]:
    """Flag the article if it nearly duplicates an indexed one; the entry that indexes it.

    Reads only, so it may run off the event loop; the caller writes the entry (None: too short).
    """
    sig = signature(article.text, options)
    if sig is None:
        return article, None
    match = find_near_duplicate(sig, index, _Signatures(signatures), options, article.id)
    original = None
    if match is not None:
        original = (signatures.get(match.duplicate_of) or {}).get("of") or match.duplicate_of
        article = article.model_copy(update={"duplicate_of": original, "near_duplicate_score": match.score})
    entry = SignatureEntry(sig=list(sig), of=original, at=article.ingested_at_ms or 0)
    return article, entry.model_dump()  # as the replicas hold it: decoded JSON
