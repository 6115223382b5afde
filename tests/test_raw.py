"""Each way a producer record can be wrong has its own dead-letter reason."""

from __future__ import annotations

import pytest

from newsstream.errors import (
    InvalidEncoding,
    InvalidSchema,
    NoBody,
    NotAnObject,
    NotJson,
    TooLarge,
)
from newsstream.raw import parse_raw, preview, stable_id


def test_valid_record_gets_a_stable_id_from_the_url() -> None:
    a = parse_raw(b'{"url": "https://x.test/1", "text": "Hello"}')
    b = parse_raw(b'{"url": "https://x.test/1", "text": "Other body"}')
    assert a.id == b.id == stable_id("https://x.test/1", "")
    assert parse_raw(b'{"text": "Hello"}').id == stable_id(None, "Hello")


def test_producer_id_is_kept() -> None:
    assert parse_raw(b'{"id": "abc", "html": "<p>x</p>"}').id == "abc"


@pytest.mark.parametrize(
    ("data", "error", "reason"),
    [
        (b"not json at all", NotJson, "not_json"),
        (b'{"text": "truncated', NotJson, "not_json"),
        (b'["a", "list"]', NotAnObject, "not_an_object"),
        (b'"a string"', NotAnObject, "not_an_object"),
        (b'{"title": "no body"}', NoBody, "no_body"),
        (b'{"text": "   \\n  "}', NoBody, "no_body"),
        (b'{"text": 42}', InvalidSchema, "invalid_schema"),
        (b'{"text": "x", "published_at": "yesterday"}', InvalidSchema, "invalid_schema"),
        (b'{"text": "x", "id": 7}', InvalidSchema, "invalid_schema"),
        (b'{"text": "caf\xe9"}', InvalidEncoding, "invalid_utf8"),
        (b'{"text": "a\x00b"}', NotJson, "not_json"),
    ],
)
def test_bad_records_raise_typed_errors(data: bytes, error: type[Exception], reason: str) -> None:
    with pytest.raises(error) as info:
        parse_raw(data)
    assert info.value.reason == reason  # type: ignore[attr-defined]
    assert len(str(info.value)) > 10


def test_size_limit() -> None:
    with pytest.raises(TooLarge, match="over the limit"):
        parse_raw(b'{"text": "' + b"x" * 2000 + b'"}', max_bytes=1000)


def test_preview_keeps_undecodable_bytes_and_truncates() -> None:
    assert preview(b"caf\xe9") == "caf\\xe9"
    assert len(preview("x" * 500, limit=100)) == 100
