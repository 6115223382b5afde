"""Near-duplicate (syndicated copy) detection: MinHash signatures over word shingles, LSH bands.

Signatures and the band parameters come from ``datasketch`` (MinHash, and MinHashLSH's choice of
bands x rows for the threshold). The index itself is a few dicts written here rather than
``MinHashLSH``: the stream must keep it in Faust tables (bands -> first article, article ->
signature) that every worker reads, which datasketch's storage backends cannot be. The rule:
an article is a near-duplicate of the *first seen* article that shares an LSH band with it and
whose estimated Jaccard similarity reaches the threshold.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, MutableMapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from datasketch import MinHash, MinHashLSH

__all__ = [
    "DedupOptions",
    "DEFAULT_OPTIONS",
    "NearDuplicate",
    "signature",
    "band_keys",
    "similarity",
    "find_near_duplicate",
    "NearDuplicateIndex",
]

_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class DedupOptions:
    #: estimated Jaccard similarity of word shingles from which a copy counts as a near-duplicate.
    threshold: float = 0.5
    shingle: int = 3
    num_perm: int = 128
    #: texts with fewer words are never flagged (too little evidence; briefs look alike).
    min_words: int = 40


DEFAULT_OPTIONS = DedupOptions()


@dataclass(frozen=True)
class NearDuplicate:
    duplicate_of: str
    score: float


@lru_cache(maxsize=8)
def _ranges(threshold: float, num_perm: int) -> tuple[tuple[int, int], ...]:
    return tuple(MinHashLSH(threshold=threshold, num_perm=num_perm).hashranges)


def signature(text: str, options: DedupOptions = DEFAULT_OPTIONS) -> tuple[int, ...] | None:
    """MinHash of the text's lower-cased word shingles; None when the text is too short."""
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) < max(options.min_words, options.shingle):
        return None
    k = options.shingle
    minhash = MinHash(num_perm=options.num_perm, seed=1)
    minhash.update_batch([" ".join(words[i : i + k]).encode() for i in range(len(words) - k + 1)])
    return tuple(int(v) for v in minhash.hashvalues)


def band_keys(sig: Sequence[int], options: DedupOptions = DEFAULT_OPTIONS) -> list[str]:
    """One key per LSH band: articles sharing any key are candidates."""
    keys = []
    for i, (start, end) in enumerate(_ranges(options.threshold, options.num_perm)):
        digest = hashlib.blake2b(",".join(map(str, sig[start:end])).encode(), digest_size=12).hexdigest()
        keys.append(f"{i}:{digest}")
    return keys


def similarity(a: Sequence[int], b: Sequence[int]) -> float:
    """Estimated Jaccard similarity: the share of equal MinHash values."""
    return sum(x == y for x, y in zip(a, b, strict=True)) / len(a)


def find_near_duplicate(
    sig: Sequence[int],
    first_with: Callable[[str], str | None],
    signature_of: Callable[[str], Sequence[int] | None],
    options: DedupOptions = DEFAULT_OPTIONS,
    article_id: str | None = None,
) -> NearDuplicate | None:
    """The first-seen article this signature nearly duplicates, if any (reads the index only).

    ``first_with(band)`` is the first article indexed under an LSH band, ``signature_of(id)`` its
    signature. ``article_id`` is never its own duplicate (a redelivered article finds itself).
    """
    best: NearDuplicate | None = None
    for key in band_keys(sig, options):
        candidate = first_with(key)
        if candidate is None or candidate == article_id:
            continue
        other = signature_of(candidate)
        if other is None:
            continue
        score = similarity(sig, other)
        if score >= options.threshold and (best is None or score > best.score):
            best = NearDuplicate(duplicate_of=candidate, score=round(score, 3))
    return best


@dataclass
class NearDuplicateIndex:
    """The in-memory index (the CLI's): bands -> first article id, article id -> signature."""

    options: DedupOptions = field(default_factory=DedupOptions)
    first_by_band: MutableMapping[str, str] = field(default_factory=dict)
    signatures: MutableMapping[str, tuple[int, ...]] = field(default_factory=dict)
    #: a copy of a copy points at the original.
    original_of: MutableMapping[str, str] = field(default_factory=dict)

    def check_and_add(self, article_id: str, text: str) -> NearDuplicate | None:
        sig = signature(text, self.options)
        if sig is None:
            return None
        match = find_near_duplicate(sig, self.first_by_band.get, self.signatures.get, self.options, article_id)
        if match is not None:
            original = self.original_of.get(match.duplicate_of, match.duplicate_of)
            self.original_of[article_id] = original
            match = NearDuplicate(duplicate_of=original, score=match.score)
        if article_id not in self.signatures:
            self.signatures[article_id] = sig
            for key in band_keys(sig, self.options):
                self.first_by_band.setdefault(key, article_id)
        return match
