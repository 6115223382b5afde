"""Fuzz target: ``newsstream.raw.parse_raw`` on arbitrary producer records.

    python fuzz/fuzz_raw.py [-max_total_time=60] [-runs=N] [CORPUS_DIR ...]   # libFuzzer flags

Property: for ANY input, ``parse_raw`` returns a ``RawArticle`` (with a non-blank id and a
non-blank ``html`` or ``text`` body) or raises a ``NewsstreamError`` subclass (one dead-letter
reason). Any other exception, or a broken result, is a bug; atheris reports it with the input.

The first input byte picks how the rest is fed:

* ``0x00-0x7f``: the bytes as they are (what a producer writes; most mutations land here);
* ``0x80-0xbf``: the bytes decoded to ``str`` (``surrogateescape``: lone surrogates included),
  since ``parse_raw`` also accepts text;
* ``0xc0-0xff``: a JSON object built from the bytes (known field names with values of every JSON
  type, nested containers, odd strings), so the schema checks are reached, not only the parser.

``TestOneInput`` runs without atheris too (``tests/test_fuzz_smoke.py`` calls it directly).
"""

from __future__ import annotations

import contextlib
import json
import sys
from typing import Any

try:
    import atheris
except ImportError:  # the smoke test runs the target without atheris
    atheris = None

# Instrumented only when fuzzing (run as a script), never when a test imports the target.
with atheris.instrument_imports() if atheris is not None and __name__ == "__main__" else contextlib.nullcontext():
    from newsstream.errors import NewsstreamError
    from newsstream.models import RawArticle
    from newsstream.raw import parse_raw

#: small, so the size check is reached by short inputs too.
MAX_BYTES = 4096
FIELDS = ("id", "url", "source", "published_at", "title", "html", "text", "language", "extra")


class _Bytes:
    """A tiny deterministic reader of the input bytes (no atheris needed)."""

    def __init__(self, data: bytes) -> None:
        self.data, self.pos = data, 0

    def byte(self) -> int:
        if self.pos >= len(self.data):
            return 0
        self.pos += 1
        return self.data[self.pos - 1]

    def text(self) -> str:
        n = self.byte() % 48
        chunk = self.data[self.pos : self.pos + n]
        self.pos += n
        return chunk.decode("utf-8", "replace")


def _value(src: _Bytes, depth: int = 0) -> Any:
    kind = src.byte() % 11
    if kind == 0:
        return None
    if kind == 1:
        return bool(src.byte() & 1)
    if kind == 2:
        return src.byte() - 128
    if kind == 3:
        return (src.byte() - 128) / 7.0
    if kind == 4:
        return " " * (src.byte() % 5) + "\t\n"
    if kind == 5:
        return ("2024-01-20T09:30:00Z", "2024-13-45", "yesterday", "1705743000", "")[src.byte() % 5]
    if kind == 6 and depth < 3:
        return [_value(src, depth + 1) for _ in range(src.byte() % 4)]
    if kind == 7 and depth < 3:
        return {src.text(): _value(src, depth + 1) for _ in range(src.byte() % 4)}
    if kind == 8:
        return 2**70 if src.byte() & 1 else -(2**63)
    return src.text()


def build_record(rest: bytes) -> bytes:
    """A JSON object with some of the contract's field names, values of any JSON type."""
    src = _Bytes(rest)
    obj: dict[str, Any] = {}
    for _ in range(1 + src.byte() % 6):
        obj[FIELDS[src.byte() % len(FIELDS)]] = _value(src)
    # stdlib json: it writes integers beyond 64 bits (which orjson.dumps refuses) for the parser to meet.
    return json.dumps(obj, ensure_ascii=bool(src.byte() & 1)).encode("utf-8")


def check(result: object) -> None:
    assert isinstance(result, RawArticle), f"parse_raw returned {type(result).__name__}"
    assert isinstance(result.id, str) and result.id.strip(), f"blank id: {result.id!r}"
    body = result.html if result.html is not None and result.html.strip() else result.text
    assert isinstance(body, str) and body.strip(), "a RawArticle without a non-blank html/text body"


def TestOneInput(data: bytes) -> None:
    if not data:
        record: bytes | str = data
    elif data[0] < 0x80:
        record = data[1:]
    elif data[0] < 0xC0:
        record = data[1:].decode("utf-8", "surrogateescape")
    else:
        record = build_record(data[1:])
    try:
        result = parse_raw(record, MAX_BYTES)
    except NewsstreamError:
        return
    check(result)


def main() -> None:
    if atheris is None:
        sys.exit("atheris is not installed: pip install atheris")
    atheris.Setup(sys.argv, TestOneInput)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
