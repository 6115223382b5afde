"""Near-duplicate detection in the stream: one signature record per article, read by every worker.

The clean agent sends each article's MinHash signature, keyed by its id, to an internal topic
(``news.articles.signatures``; the agent that cleans an article is its only writer). Every worker
follows that topic whole (``replica.Replica``) into a ``SignatureStore``, which derives its own
band index. The index ranks articles by ingestion time, then id, so every worker agrees on which
article of a band came first, whatever order the partitions are read in. Before, each of an
article's LSH bands was a table key of its own, sent through an internal topic: ~90 Kafka records
per article, a quarter of a worker's throughput (`bench/e2e.py`).

Every worker holds every signature, so their memory is what bounds how long one runs:

* compact: 32-bit values in an ``array`` and integer band keys, ~2.8 KB per article; as decoded
  JSON (lists of ints, string band keys) it was ~8 KB (``bench/dedup_memory.py``);
* for a horizon (``NEWSSTREAM_NEAR_DUPLICATE_HORIZON_SECONDS``, default 7 days, Kafka's default
  retention of the topic): a signature is forgotten that long after this worker read it, so a
  worker that runs for months holds one horizon's worth, not every article since it started.
  It counts from the reading, not from the article's own time: a producer replaying an old
  backlog keeps its timestamps, and its copies must still be found.

Two copies cleaned within the same fraction of a second on different workers may both pass
unflagged: the index is eventually, not instantly, shared.
"""

from __future__ import annotations

import time
from array import array
from collections import deque
from collections.abc import Callable, Iterator, MutableMapping
from typing import Any, NamedTuple

from newsstream.dedup import DEFAULT_OPTIONS, DedupOptions, band_keys, find_near_duplicate, signature
from newsstream.models import CleanedArticle, SignatureEntry

__all__ = ["Entry", "SignatureStore", "check", "entry_of"]


class Entry(NamedTuple):
    """One article's signature as a worker holds it (``models.SignatureEntry`` on the topic)."""

    sig: array[int]
    #: the original this article nearly duplicates, if any.
    of: str | None
    #: ingestion time (ms): ranks the articles of a band, the same way on every worker.
    at: int


def entry_of(value: Any) -> Entry | None:
    """A signature record's value (decoded JSON) as held in memory; None for anything else."""
    if isinstance(value, Entry):
        return value
    if not isinstance(value, dict) or not value.get("sig"):
        return None
    try:
        values = value["sig"]
        sig = array("I", values) if max(values) <= 0xFFFFFFFF else array("Q", values)
        at = int(value.get("at") or 0)
    except (TypeError, ValueError, OverflowError):
        return None
    of = value.get("of")
    return Entry(sig, of if isinstance(of, str) else None, at)


class SignatureStore(MutableMapping[str, Entry]):
    """article id -> signature, with the LSH band index over them, for ``horizon_seconds``.

    A key keeps its first entry: each has one writer (the article's cleaner), so a later value
    is that same entry coming back, or a redelivery.
    """

    def __init__(
        self,
        options: DedupOptions = DEFAULT_OPTIONS,
        horizon_seconds: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.options = options
        self.horizon_seconds = horizon_seconds
        self._clock = clock
        self._entries: dict[str, Entry] = {}
        #: hash of a band key -> the earliest article holding it (hashes: a third of the memory of
        #: the keys; a collision only adds a candidate, which the similarity check turns down).
        self._first: dict[int, str] = {}
        #: (when this worker read it, article id), oldest first: what the horizon expires.
        self._read: deque[tuple[float, str]] = deque()

    def __getitem__(self, article_id: str) -> Entry:
        return self._entries[article_id]

    def __setitem__(self, article_id: str, value: Any) -> None:
        if article_id in self._entries:
            return  # this worker's own write coming back, or a redelivery: nothing to convert
        entry = entry_of(value)
        if entry is None:
            return
        self.expire()
        self._entries[article_id] = entry
        self._read.append((self._clock(), article_id))
        rank = (entry.at, article_id)
        for band in map(hash, band_keys(entry.sig, self.options)):
            current = self._first.get(band)
            if current is None or rank < (self._entries[current].at, current):
                self._first[band] = article_id

    def __delitem__(self, article_id: str) -> None:
        entry = self._entries.pop(article_id)
        for band in map(hash, band_keys(entry.sig, self.options)):
            if self._first.get(band) == article_id:
                del self._first[band]

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._entries))

    def __len__(self) -> int:
        return len(self._entries)

    def expire(self) -> int:
        """Forget the signatures read more than the horizon ago; returns how many."""
        if self.horizon_seconds is None:
            return 0
        oldest, expired = self._clock() - self.horizon_seconds, 0
        while self._read and self._read[0][0] < oldest:
            _, article_id = self._read.popleft()
            if article_id in self._entries:
                del self[article_id]
                expired += 1
        return expired

    def first_with(self, band: str) -> str | None:
        """The earliest article holding the LSH band ``band``, if any."""
        return self._first.get(hash(band))

    def signature_of(self, article_id: str) -> array[int] | None:
        entry = self._entries.get(article_id)
        return entry.sig if entry is not None else None

    def firsts(self) -> set[str]:
        """The articles that are the earliest of at least one band."""
        return set(self._first.values())


def check(
    article: CleanedArticle, store: SignatureStore, options: DedupOptions = DEFAULT_OPTIONS
) -> tuple[CleanedArticle, dict[str, Any] | None]:
    """Flag the article if it nearly duplicates a stored one; the entry that indexes it.

    Reads only, so it may run off the event loop; the caller writes the entry (None: too short).
    """
    sig = signature(article.text, options)
    if sig is None:
        return article, None
    match = find_near_duplicate(sig, store.first_with, store.signature_of, options, article.id)
    original = None
    if match is not None:
        stored = store.get(match.duplicate_of)
        original = (stored.of if stored is not None else None) or match.duplicate_of
        article = article.model_copy(update={"duplicate_of": original, "near_duplicate_score": match.score})
    entry = SignatureEntry(sig=list(sig), of=original, at=article.ingested_at_ms or 0)
    return article, entry.model_dump()  # as the topic carries it: decoded JSON
