"""Inputs of the fault tests: English articles with distinct ids, and a hostile corpus.

Every article is undated (no ``published_at``), so it counts at ingest time: in the 1 h, 24 h and
all-time windows alike.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import orjson

from ..conftest import DATASETS, SAMPLES, SEED

CONLL_DEV = DATASETS / "ner-conll2003-dev" / "conll2003_dev_testa.txt"
NOT_ENGLISH_SAMPLE = "sample-not-english"


def _sample_articles() -> list[dict[str, Any]]:
    out = []
    for line in SAMPLES.read_bytes().splitlines():
        if line.strip():
            record = orjson.loads(line)
            if record["id"] != NOT_ENGLISH_SAMPLE:
                record.pop("published_at", None)
                out.append(record)
    return out


def conll_documents(path: Path = CONLL_DEV, min_chars: int = 400) -> list[str]:
    """The CoNLL-2003 dev documents as plain text (tokens joined, one sentence per line); [] if absent."""
    if not path.is_file():
        return []
    docs: list[str] = []
    sentences: list[str] = []
    tokens: list[str] = []

    def end_sentence() -> None:
        if tokens:
            sentences.append(_detokenize(tokens))
            tokens.clear()

    def end_document() -> None:
        end_sentence()
        text = "\n".join(sentences).strip()
        if len(text) >= min_chars:
            docs.append(text)
        sentences.clear()

    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if line.startswith("-DOCSTART-"):
            end_document()
        elif not line.strip():
            end_sentence()
        else:
            tokens.append(line.split(" ", 1)[0])
    end_document()
    return docs


def _detokenize(tokens: list[str]) -> str:
    text = ""
    for token in tokens:
        if text and token not in {".", ",", ":", ";", "?", "!", ")", "'s", "n't", "%"} and not text.endswith("("):
            text += " "
        text += token
    return text


def english_articles(limit: int, prefix: str) -> list[dict[str, Any]]:
    """``limit`` undated English articles with ids ``{prefix}-NNNN``: seed, samples, CoNLL documents.

    When fewer distinct texts are available, the seed and samples repeat under new ids.
    """
    texts: list[dict[str, Any]] = [{"text": SEED.read_text(encoding="utf-8")}, *_sample_articles()]
    base = list(texts)
    texts += [{"title": doc.split("\n", 1)[0][:120], "text": doc} for doc in conll_documents() if _english(doc)]
    while len(texts) < limit:
        texts += base
    out = []
    for number, body in enumerate(texts[:limit]):
        record = {k: v for k, v in body.items() if k in {"url", "source", "title", "html", "text"}}
        record["id"] = f"{prefix}-{number:04d}"
        if "url" in record:
            record["url"] = f"{record['url']}?copy={record['id']}"
        out.append(record)
    return out


def _english(text: str) -> bool:
    """Whether the pipeline takes ``text`` for English (a few CoNLL result tables look Dutch)."""
    from newsstream.language import decide_language

    return decide_language(text, None, frozenset({"en"})) == "en"


def records_of(articles: Iterable[dict[str, Any]]) -> list[tuple[bytes, bytes]]:
    return [(a["id"].encode(), orjson.dumps(a)) for a in articles]


def offline_counts(events: Iterable[dict[str, Any]]) -> dict[str, int]:
    """The reference: mentions per actor id summed over distinct events (by article id)."""
    seen: dict[str, dict[str, Any]] = {}
    for event in events:
        seen.setdefault(event["id"], event)
    totals: Counter[str] = Counter()
    for event in seen.values():
        for actor in event["actors"]:
            totals[actor["id"]] += actor["mentions"]
    return dict(totals)


def chunks(items: list[Any], n: int) -> Iterator[list[Any]]:
    size = max(1, -(-len(items) // n))
    for start in range(0, len(items), size):
        yield items[start : start + size]
