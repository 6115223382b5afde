"""CLI inputs: JSONL files of raw articles (``-`` for stdin), or ``.txt``/``.html`` files.

Records stay bytes (the worker parses them the same way); a file's read error becomes a
dead letter, not a crash, so the CLI and the stream see the same outcomes.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import orjson

from newsstream.errors import NewsstreamError
from newsstream.models import RawArticle
from newsstream.raw import raw_from_file, stable_id

__all__ = ["InputRecord", "read_inputs", "record_key", "SINGLE_ARTICLE_SUFFIXES"]

SINGLE_ARTICLE_SUFFIXES = {".txt", ".html", ".htm"}


@dataclass(frozen=True)
class InputRecord:
    """One input: the bytes of a JSONL line, or a whole file already made a RawArticle."""

    origin: str
    data: bytes | RawArticle | NewsstreamError

    def as_json_bytes(self) -> bytes:
        if isinstance(self.data, RawArticle):
            return orjson.dumps(self.data.model_dump(mode="json", exclude_none=True))
        if isinstance(self.data, NewsstreamError):
            raise self.data
        return self.data


def read_inputs(paths: list[str], max_bytes: int) -> Iterator[InputRecord]:
    """Yield every record of every input in order. Missing files raise FileNotFoundError upfront."""
    for path in paths:
        if path != "-" and not Path(path).is_file():
            raise FileNotFoundError(f"input not found: {path}")
    for path in paths:
        if path == "-":
            yield from _jsonl(sys.stdin.buffer, "<stdin>")
        elif Path(path).suffix.lower() in SINGLE_ARTICLE_SUFFIXES:
            try:
                yield InputRecord(path, raw_from_file(Path(path), max_bytes))
            except NewsstreamError as exc:
                yield InputRecord(path, exc)
        else:
            with open(path, "rb") as handle:
                yield from _jsonl(handle, path)


def _jsonl(handle: object, name: str) -> Iterator[InputRecord]:
    for number, line in enumerate(handle, start=1):  # type: ignore[call-overload]
        line = line.rstrip(b"\r\n")
        if line.strip():
            yield InputRecord(f"{name}:{number}", line)


def record_key(record: InputRecord) -> bytes:
    """The raw topic key: the article id when the record has one, else a stable hash."""
    if isinstance(record.data, RawArticle):
        return record.data.id.encode()
    data = record.as_json_bytes()
    try:
        obj = orjson.loads(data)
        if isinstance(obj, dict) and isinstance(obj.get("id"), str) and obj["id"]:
            return obj["id"].encode()
    except orjson.JSONDecodeError:
        pass
    return stable_id(None, data.decode("utf-8", "backslashreplace")).encode()
