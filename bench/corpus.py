"""Article texts for the speed benchmarks: the seed, the samples, and the dev sets' articles.

The dev sets are read from ../shared/datasets (their licences are their own: never copied into the
repo); missing sets are skipped with a note on stderr.
"""

from __future__ import annotations

import itertools
import os
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import orjson

ROOT = Path(__file__).resolve().parent.parent
DATASETS = Path(os.environ.get("NEWSSTREAM_DATASETS", ROOT.parent / "shared" / "datasets"))

__all__ = ["DATASETS", "article_texts", "conll_documents"]


def conll_documents(path: Path) -> Iterator[str]:
    """CoNLL-2003 documents joined from tokens (sentences one per line)."""
    sentence: list[str] = []
    lines: list[str] = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        if raw.startswith("-DOCSTART-"):
            if sentence:
                lines.append(" ".join(sentence))
                sentence = []
            if lines:
                yield "\n".join(lines)
            lines = []
        elif not raw.strip():
            if sentence:
                lines.append(" ".join(sentence))
            sentence = []
        else:
            sentence.append(raw.split(" ")[0])
    if sentence:
        lines.append(" ".join(sentence))
    if lines:
        yield "\n".join(lines)


def _xml_texts(path: Path) -> Iterator[str]:
    for article in ET.parse(path).getroot().iter("article"):
        text = article.findtext("text")
        if text and text.strip():
            yield text


def _dev_sets() -> Iterator[str]:
    sources = [
        (DATASETS / "ner-conll2003-dev" / "conll2003_dev_testa.txt", conll_documents),
        (DATASETS / "geo-lgl" / "lgl.xml", _xml_texts),
        (DATASETS / "geo-geowebnews" / "GWN.xml", _xml_texts),
    ]
    for path, reader in sources:
        if path.exists():
            yield from reader(path)
        else:
            print(f"note: {path} not found; benchmarking without it", file=sys.stderr)


def article_texts(n: int) -> list[str]:
    """``n`` article texts: the seed and samples first, then the dev sets, cycled as needed."""
    texts = [(ROOT / "seeds" / "000_db8795088e5f2b5f.txt").read_text(encoding="utf-8")]
    for line in (ROOT / "seeds" / "samples.jsonl").read_bytes().splitlines():
        record = orjson.loads(line)
        if record.get("text") and record.get("id") != "sample-not-english":
            texts.append(record["text"])
    texts.extend(_dev_sets())
    return list(itertools.islice(itertools.cycle(texts), n))
