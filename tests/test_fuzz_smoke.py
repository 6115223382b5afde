"""The fuzz targets (fuzz/) on fixed tricky inputs, without atheris: the harness cannot rot.

Each case goes through the target's ``TestOneInput`` exactly as a fuzzer input would; a target
raises (AssertionError or anything else) when the stage breaks its contract.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

FUZZ = Path(__file__).resolve().parents[1] / "fuzz"


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, FUZZ / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


fuzz_raw = _load("fuzz_raw")
fuzz_clean = _load("fuzz_clean")

RAW_CASES: list[bytes] = [
    b"",
    b"\x00",
    b"\x00{}",
    b"\x00[]",
    b"\x00null",
    b'\x00"just a string"',
    b'\x00{"text": "   \\n\\t "}',
    b'\x00{"text": 12}',
    b'\x00{"html": ["a"]}',
    b'\x00{"id": 5, "text": "body"}',
    b'\x00{"id": "", "url": "  ", "text": "body"}',
    b'\x00{"text": "body", "published_at": "2024-13-45"}',
    b'\x00{"text": "body", "published_at": 1e309}',
    b'\x00{"text": "body", "n": 123456789012345678901234567890}',
    b'\x00{"text": "body \\ud800 lone surrogate"}',
    b'\x00{"text": "caf\xc3\xa9", "title": "\\u0000"}',
    b"\x00\xff\xfe{}",
    b'\x00{"text": "' + b"x" * 5000 + b'"}',
    b'\x00{"text": "ok"' + b"\x00",
    b'\x80{"text": "\xed\xa0\x80 surrogate escaped"}',
    bytes([0xC0]) + bytes(range(256)),
    bytes([0xFF]) + b"\xff" * 64,
]

CLEAN_CASES: list[bytes] = [
    b"",
    b"\x00",
    fuzz_clean.encode_case("   \n\n \t "),
    fuzz_clean.encode_case("\x00\x01\x02 Hello world"),
    fuzz_clean.encode_case("Hello\x00world. " * 40, any_language=True),
    fuzz_clean.encode_case("Bell \x07 and escape \x1b[31m red \x1b[0m text. " * 20, any_language=True),
    fuzz_clean.encode_case("C1 controls \x85 \x9b here in running text. " * 20, any_language=True),
    fuzz_clean.encode_case("Line one\r\nline two\rline three\u2028four\u2029five " * 10, any_language=True),
    fuzz_clean.encode_case("\u200b\ufeff\u00ad" * 100),
    fuzz_clean.encode_case("Read More: something\n\nBy John Smith\n\nShare this article"),
    fuzz_clean.encode_case("The quick brown fox jumps over the lazy dog near Paris. " * 10, title="Fox\x00News\x01"),
    fuzz_clean.encode_case("Le gouvernement a présenté mercredi son projet de budget pour l'année prochaine. " * 5),
    fuzz_clean.encode_case("mojibake: cafÃ© rÃ©sumÃ© naÃ¯ve " * 10, any_language=True),
    fuzz_clean.encode_case("<html><body><script>var a = 1;</script></body></html>", html=True),
    fuzz_clean.encode_case("<p>" + "Words about Berlin and Angela Merkel \x01\x00 today. " * 10 + "</p>", html=True),
    fuzz_clean.encode_case("<html><head><title>\x00T\x07</title></head><body><p>x</p></body></html>", html=True),
    fuzz_clean.encode_case("<<<>>><!-- unterminated <p", html=True, any_language=True),
    fuzz_clean.encode_case("<?xml version='1.0' encoding='latin-1'?><root>text</root>", html=True, any_language=True),
    fuzz_clean.encode_case(
        '<html><head><meta name="author" content="\x01Jane Doe"><script type="application/ld+json">{"@type":'
        '"NewsArticle","author":{"name":"\\u0000X"},"datePublished":"9999-99-99"}</script></head><body><p>'
        + "A long paragraph of article prose about the election in Kenya and its results. " * 8
        + "</p></body></html>",
        html=True,
    ),
    bytes([fuzz_clean.HTML | fuzz_clean.TITLE, 200]) + b"short",
    bytes([7]) + bytes(range(256)) * 4,
]


#: Crashes found by fuzzing, minimised and fixed: kept as regression cases.
FIXED_CLEAN_BUGS: list[bytes] = [
    # ValueError from lxml ("All strings must be XML compatible") in clean._readability_text: a C0
    # control character (here VT) in the tail of a block element that readability keeps.
    fuzz_clean.encode_case("<li>></li>\x0b<g>", html=True),
]


@pytest.mark.parametrize("data", RAW_CASES, ids=range(len(RAW_CASES)))
def test_fuzz_raw_target(data: bytes) -> None:
    fuzz_raw.TestOneInput(data)


@pytest.mark.parametrize("data", CLEAN_CASES, ids=range(len(CLEAN_CASES)))
def test_fuzz_clean_target(data: bytes) -> None:
    fuzz_clean.TestOneInput(data)


@pytest.mark.parametrize("data", FIXED_CLEAN_BUGS, ids=range(len(FIXED_CLEAN_BUGS)))
def test_fuzz_clean_fixed_bugs(data: bytes) -> None:
    fuzz_clean.TestOneInput(data)


def test_targets_check_what_they_claim() -> None:
    """The invariant checks do fire (a target that never fails would prove nothing)."""
    from newsstream.models import CleanedArticle, RawArticle

    with pytest.raises(AssertionError):
        fuzz_raw.check("not an article")
    with pytest.raises(AssertionError):
        fuzz_raw.check(RawArticle(id=" ", text="body"))
    with pytest.raises(AssertionError):
        fuzz_clean.check(CleanedArticle(id="f", text="bad \x00 text"))
    with pytest.raises(AssertionError):
        fuzz_clean.check(CleanedArticle(id="f", text="   "))
    fuzz_clean.check(CleanedArticle(id="f", text="fine\ttext\nhere"))
