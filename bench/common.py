"""Shared helpers of the speed benchmarks: the article corpus, and small statistics.

The corpus is a list of producer records (JSON bytes, exactly what a producer writes to the raw
topic), drawn from:

* ``seed``: the seed article ``seeds/000_db8795088e5f2b5f.txt`` (plain text);
* ``samples``: ``seeds/samples.jsonl`` (one record per line, as given);
* ``conll``: CoNLL-2003 dev documents, tokens joined by spaces, one sentence per line;
* ``lgl`` and ``geowebnews``: the article texts (and titles) of the geo datasets;
* ``scrapinghub``: the HTML pages of the boilerplate benchmark (the HTML path of the clean stage).

A dataset that is absent is skipped with a message on stderr. ``load_corpus(limit)`` interleaves
the sources round-robin, so a small ``limit`` still covers every kind of input.
"""

from __future__ import annotations

import gzip
import json
import statistics
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
DATASETS = Path("/work/shared/datasets")

__all__ = ["DATASETS", "ROOT", "Record", "count_by", "load_corpus", "note", "summary", "top_self_time"]


@dataclass(frozen=True)
class Record:
    """One producer record and where it comes from."""

    source: str
    data: bytes


def note(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _json(obj: dict[str, object]) -> bytes:
    return orjson.dumps({k: v for k, v in obj.items() if v is not None})


def _seed() -> list[Record]:
    path = SEEDS / "000_db8795088e5f2b5f.txt"
    if not path.exists():
        note(f"skip seed: {path} not found")
        return []
    return [Record("seed", _json({"text": path.read_text(encoding="utf-8")}))]


def _samples() -> list[Record]:
    path = SEEDS / "samples.jsonl"
    if not path.exists():
        note(f"skip samples: {path} not found")
        return []
    return [Record("samples", line.encode()) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _conll(root: Path) -> list[Record]:
    path = root / "ner-conll2003-dev" / "conll2003_dev_testa.txt"
    if not path.exists():
        note(f"skip conll: {path} not found")
        return []
    docs: list[list[list[str]]] = []
    sentence: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("-DOCSTART-"):
            docs.append([])
            continue
        if not line.strip():
            if sentence and docs:
                docs[-1].append(sentence)
            sentence = []
            continue
        sentence.append(line.split()[0])
    if sentence and docs:
        docs[-1].append(sentence)
    return [
        Record("conll", _json({"id": f"conll-{i}", "text": "\n".join(" ".join(s) for s in doc)}))
        for i, doc in enumerate(docs)
        if doc
    ]


def _geo_xml(root: Path, name: str, relative: str, id_attr: str, url_tag: str) -> list[Record]:
    path = root / relative
    if not path.exists():
        note(f"skip {name}: {path} not found")
        return []
    out = []
    for i, art in enumerate(ET.parse(path).getroot().iter("article")):
        text = art.findtext("text") or ""
        if not text.strip():
            continue
        record = {
            "id": f"{name}-{art.get(id_attr) or i}",
            "url": art.findtext(url_tag) or None,
            "title": art.findtext("title") or None,
            "text": text,
        }
        out.append(Record(name, _json(record)))
    return out


def _scrapinghub(root: Path) -> list[Record]:
    folder = root / "boilerplate-scrapinghub" / "html"
    if not folder.is_dir():
        note(f"skip scrapinghub: {folder} not found")
        return []
    urls: dict[str, str] = {}
    truth = root / "boilerplate-scrapinghub" / "ground-truth.json"
    if truth.exists():
        urls = {k: v.get("url") for k, v in json.loads(truth.read_text(encoding="utf-8")).items()}
    out = []
    for path in sorted(folder.glob("*.html.gz")):
        key = path.name.removesuffix(".html.gz")
        html = gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
        out.append(Record("scrapinghub", _json({"id": f"sh-{key[:16]}", "url": urls.get(key), "html": html})))
    return out


def sources(root: Path = DATASETS) -> dict[str, list[Record]]:
    """Every available source, in a fixed order."""
    return {
        "seed": _seed(),
        "samples": _samples(),
        "conll": _conll(root),
        "lgl": _geo_xml(root, "lgl", "geo-lgl/lgl.xml", "docid", "url"),
        "geowebnews": _geo_xml(root, "geowebnews", "geo-geowebnews/GWN.xml", "file", "link"),
        "scrapinghub": _scrapinghub(root),
    }


def load_corpus(limit: int | None = None, root: Path = DATASETS) -> list[Record]:
    """Up to ``limit`` records, the sources interleaved round-robin (deterministic)."""
    pools = [list(records) for records in sources(root).values() if records]
    out: list[Record] = []
    i = 0
    while any(i < len(pool) for pool in pools):
        for pool in pools:
            if i < len(pool):
                out.append(pool[i])
                if limit is not None and len(out) >= limit:
                    return out
        i += 1
    return out


def summary(values_ms: Sequence[float]) -> dict[str, float]:
    """Median, mean, p95 and total of per-item milliseconds (rounded for the JSON)."""
    if not values_ms:
        return {"n": 0}
    ordered = sorted(values_ms)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {
        "n": len(values_ms),
        "median_ms": round(statistics.median(values_ms), 3),
        "mean_ms": round(statistics.fmean(values_ms), 3),
        "p95_ms": round(p95, 3),
        "total_ms": round(sum(values_ms), 1),
    }


def top_self_time(session: Any, top: int = 15) -> tuple[list[dict[str, Any]], float, float]:
    """The ``top`` functions by self time in a pyinstrument session, summed over the call tree.

    Returns (rows, seconds with no Python frame below the thread, profiled seconds).
    """
    root = session.root_frame() if session is not None else None
    self_times: dict[tuple[str, str, int | None], float] = defaultdict(float)
    unattributed = 0.0
    stack = [root] if root is not None else []
    while stack:
        frame = stack.pop()
        stack.extend(frame.children)
        if frame.is_synthetic:
            continue
        if (frame.file_path or "").startswith("<thread>"):
            unattributed += frame.total_self_time
            continue
        self_times[(frame.function, frame.file_path_short or "", frame.line_no)] += frame.total_self_time
    duration = float(session.duration) if session is not None else 0.0
    rows = [
        {
            "function": fn,
            "file": f"{path}:{line}" if line else path,
            "self_s": round(seconds, 3),
            "share": round(seconds / duration, 4) if duration else None,
        }
        for (fn, path, line), seconds in sorted(self_times.items(), key=lambda kv: -kv[1])[:top]
    ]
    return rows, unattributed, duration


def count_by(items: Iterable[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for item in items:
        out[item] = out.get(item, 0) + 1
    return out


def timed(fn: Callable[[], object]) -> tuple[object, float]:
    """(result, elapsed ms) of one call."""
    import time

    started = time.perf_counter()
    result = fn()
    return result, (time.perf_counter() - started) * 1000


def drop_run_topics(settings: Any, run: str) -> None:
    """Delete a benchmark run's topics (ours, and Quix Streams' changelogs), so the broker stays quick to start."""
    import asyncio

    from newsstream.stream.client import delete_topics

    try:
        gone = asyncio.run(delete_topics(settings, [run, f"changelog__{run}", f"repartition__{run}"]))
        note(f"{run}: deleted {len(gone)} topics")
    except Exception as exc:
        note(f"{run}: could not delete its topics ({exc}); 'deploy/kafka/kafka.sh reset' clears the broker")
