"""Fuzz target: ``newsstream.clean.clean`` on arbitrary HTML and plain text.

    python fuzz/fuzz_clean.py [-max_total_time=60] [-runs=N] [CORPUS_DIR ...]   # libFuzzer flags

Properties, for ANY body:

* ``clean(RawArticle(id="f", html=...|text=..., title=...))`` returns a ``CleanedArticle`` or
  raises a ``NewsstreamError`` subclass (``empty_after_cleaning``, ``unsupported_language``);
  any other exception is a bug;
* the cleaned ``text`` (and ``title``, ``byline``) hold no NUL or other control character
  (Unicode category Cc) except newline and tab;
* the text is not blank (it has a word character).

Input layout (see :func:`encode_case`): byte 0 holds flags (bit 0: ``html`` instead of ``text``;
bit 1: a title follows; bit 2: language not enforced, so the invariants are checked on every
language, not only on what is detected as English), then, with a title, one length byte and the
title, then the body; bytes are decoded as UTF-8 with replacement (as the raw stage guarantees).

``TestOneInput`` runs without atheris too (``tests/test_fuzz_smoke.py`` calls it directly).
"""

from __future__ import annotations

import contextlib
import sys
import unicodedata

try:
    import atheris
except ImportError:  # the smoke test runs the target without atheris
    atheris = None

# Instrumented only when fuzzing (run as a script), never when a test imports the target.
with atheris.instrument_imports() if atheris is not None and __name__ == "__main__" else contextlib.nullcontext():
    from newsstream.clean import CleanOptions, clean
    from newsstream.errors import NewsstreamError
    from newsstream.models import CleanedArticle, RawArticle

HTML, TITLE, ANY_LANGUAGE = 1, 2, 4
ENFORCED = CleanOptions()
UNENFORCED = CleanOptions(enforce_language=False)
ALLOWED_CONTROLS = frozenset("\n\t")


def encode_case(body: str, *, html: bool = False, title: str | None = None, any_language: bool = False) -> bytes:
    """The fuzz input that makes ``TestOneInput`` clean this article (for fixed test cases)."""
    flags = (HTML if html else 0) | (TITLE if title is not None else 0) | (ANY_LANGUAGE if any_language else 0)
    head = bytes([flags])
    if title is not None:
        raw_title = title.encode("utf-8")[:255]
        head += bytes([len(raw_title)]) + raw_title
    return head + body.encode("utf-8")


def decode_case(data: bytes) -> tuple[RawArticle, CleanOptions]:
    flags = data[0] if data else 0
    rest = data[1:]
    title = None
    if flags & TITLE and rest:
        n = rest[0]
        title, rest = rest[1 : 1 + n].decode("utf-8", "replace"), rest[1 + n :]
    body = rest.decode("utf-8", "replace")
    field = "html" if flags & HTML else "text"
    raw = RawArticle.model_validate({"id": "f", "title": title, field: body})
    return raw, UNENFORCED if flags & ANY_LANGUAGE else ENFORCED


def bad_controls(value: str) -> list[str]:
    return sorted({f"U+{ord(c):04X}" for c in value if unicodedata.category(c) == "Cc" and c not in ALLOWED_CONTROLS})


def check(result: object) -> None:
    assert isinstance(result, CleanedArticle), f"clean returned {type(result).__name__}"
    assert not bad_controls(result.text), f"control characters in text: {bad_controls(result.text)}"
    assert any(ch.isalnum() or ch == "_" for ch in result.text), "blank text returned instead of an error"
    if result.title is not None:
        assert not bad_controls(result.title), f"control characters in title: {bad_controls(result.title)}"
    for name in result.byline:
        assert not bad_controls(name), f"control characters in byline: {bad_controls(name)}"


def TestOneInput(data: bytes) -> None:
    raw, options = decode_case(data)
    try:
        result = clean(raw, options)
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
