"""Memory benchmark: what every worker holds per article for near-duplicate detection.

    python bench/dedup_memory.py [--articles 20000]

Every worker keeps every article's MinHash signature and its LSH band index
(``stream.dedup.SignatureStore``), for the near-duplicate horizon. This fills one store with
``--articles`` signatures as the topic carries them (decoded JSON; MinHash values are uniform
32-bit integers, so random ones stand in for real texts) and measures the Python heap it holds
(``tracemalloc``), beside the same data held as decoded JSON with string band keys: the form the
replica kept before the store. Prints ONE JSON object: bytes per article, each way, and the
memory one horizon takes at a few article rates.
"""

from __future__ import annotations

import argparse
import gc
import random
import tracemalloc
from collections.abc import Callable
from typing import Any

import orjson

from newsstream.dedup import DEFAULT_OPTIONS, band_keys
from newsstream.stream.dedup import SignatureStore

Records = list[tuple[bytes, bytes]]


def _records(n: int) -> Records:
    """Signature records as the topic carries them: key and JSON value bytes."""
    rng = random.Random(7)
    base = 1_764_000_000_000
    return [
        (
            f"article-{i:08d}".encode(),
            orjson.dumps(
                {"sig": [rng.getrandbits(32) for _ in range(DEFAULT_OPTIONS.num_perm)], "of": None, "at": base + i}
            ),
        )
        for i in range(n)
    ]


def _as_json(records: Records) -> Any:
    """The replica's former form: decoded JSON values, and band key strings -> (at, first id)."""
    data: dict[str, Any] = {}
    first: dict[str, tuple[int, str]] = {}
    for key, value in records:
        name, entry = key.decode(), orjson.loads(value)
        data[name] = entry
        rank = (int(entry["at"]), name)
        for band in band_keys(entry["sig"]):
            if band not in first or rank < first[band]:
                first[band] = rank
    return data, first


def _in_store(records: Records) -> Any:
    store = SignatureStore()
    for key, value in records:
        store[key.decode()] = orjson.loads(value)
    return store


def _heap_bytes(build: Callable[[Records], Any], n: int) -> float:
    """Heap bytes per article held by what ``build`` returns, decoding records as the replica does."""
    records = _records(n)
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    held = build(records)
    gc.collect()
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    assert held is not None
    return (after - before) / n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=20_000)
    args = parser.parse_args()
    store = _heap_bytes(_in_store, args.articles)
    as_json = _heap_bytes(_as_json, args.articles)
    week = 7 * 86400
    out = {
        "benchmark": "dedup_memory",
        "articles": args.articles,
        "bands": len(band_keys([0] * DEFAULT_OPTIONS.num_perm)),
        "bytes_per_article": round(store),
        "bytes_per_article_as_json": round(as_json),
        "gib_per_7_days": {f"{rate}_per_s": round(rate * week * store / 2**30, 2) for rate in (0.1, 1, 10)},
    }
    print(orjson.dumps(out, option=orjson.OPT_INDENT_2).decode())


if __name__ == "__main__":
    main()
