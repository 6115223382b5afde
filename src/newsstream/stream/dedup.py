"""Near-duplicate detection against GlobalTables, so every worker sees every earlier article.

The clean agent only reads the tables (``check``); the index grows through ``DedupUpdate``
records keyed by band or article, whose one owner writes them (first article per band wins).
Two copies cleaned within the same fraction of a second on different workers may both pass
unflagged: the index is eventually, not instantly, shared.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from newsstream.dedup import DEFAULT_OPTIONS, DedupOptions, band_keys, find_near_duplicate, signature
from newsstream.models import CleanedArticle, DedupUpdate

__all__ = ["check", "apply"]


class _Signatures(Mapping[str, Sequence[int]]):
    """article id -> signature, over the table's {"sig": [...], "of": original} entries."""

    def __init__(self, table: Any) -> None:
        self._table = table

    def __getitem__(self, key: str) -> Sequence[int]:
        entry = self._table.get(key)
        if entry is None:
            raise KeyError(key)
        return entry["sig"]

    def __iter__(self) -> Any:
        return iter(self._table)

    def __len__(self) -> int:
        return len(self._table)


def check(
    article: CleanedArticle, bands: Any, signatures: Any, options: DedupOptions = DEFAULT_OPTIONS
) -> tuple[CleanedArticle, list[DedupUpdate]]:
    """Flag the article if it nearly duplicates an indexed one; the updates that index it."""
    sig = signature(article.text, options)
    if sig is None:
        return article, []
    match = find_near_duplicate(sig, bands, _Signatures(signatures), options, article.id)
    original = None
    if match is not None:
        original = (signatures.get(match.duplicate_of) or {}).get("of") or match.duplicate_of
        article = article.model_copy(update={"duplicate_of": original, "near_duplicate_score": match.score})
    updates = [DedupUpdate(key=f"sig:{article.id}", article_id=article.id, signature=list(sig), original=original)]
    updates += [DedupUpdate(key=f"band:{key}", article_id=article.id) for key in band_keys(sig, options)]
    return article, updates


def apply(update: DedupUpdate, bands: Any, signatures: Any) -> None:
    """Write one update (called by the key's owner only): first article per band, one signature each."""
    if update.key.startswith("sig:"):
        if signatures.get(update.article_id) is None and update.signature is not None:
            signatures[update.article_id] = {"sig": update.signature, "of": update.original}
    elif update.key.startswith("band:"):
        band = update.key.removeprefix("band:")
        if bands.get(band) is None:
            bands[band] = update.article_id
