"""Bytes -> RawArticle: validation, size limit and a stable id, before any stage runs.

Every way a producer record can be wrong maps to one typed error (and so one dead-letter
reason), in the order a person would diagnose it: too big, not UTF-8, not JSON, not an
object, wrong field types, no body.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import orjson
from pydantic import ValidationError

from newsstream.errors import InvalidEncoding, InvalidSchema, NoBody, NotAnObject, NotJson, TooLarge
from newsstream.models import RawArticle

__all__ = ["DEFAULT_MAX_BYTES", "parse_raw", "preview", "raw_from_file", "raw_from_mapping", "stable_id"]

DEFAULT_MAX_BYTES = 5_000_000
#: how much of a rejected record a dead letter keeps (Kafka's default message limit is 1 MB).
PREVIEW_CHARS = 100_000


def stable_id(url: str | None, body: str) -> str:
    """The contract's default id: a stable hash of the url, else of the body."""
    basis = url.strip() if url and url.strip() else body
    return hashlib.sha256(basis.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def preview(data: bytes | str, limit: int = PREVIEW_CHARS) -> str:
    """The original record for a dead letter: undecodable bytes kept as ``\\xNN``, maybe truncated."""
    text = data.decode("utf-8", "backslashreplace") if isinstance(data, bytes) else data
    return text if len(text) <= limit else text[:limit]


def _body_of(obj: dict[str, Any]) -> str:
    for key in ("html", "text"):
        value = obj.get(key)
        if isinstance(value, str) and value.strip():
            return value
    return ""


def raw_from_mapping(obj: dict[str, Any]) -> RawArticle:
    """Validate a decoded record; fills the default id."""
    body = _body_of(obj)
    for key in ("html", "text"):
        if key in obj and obj[key] is not None and not isinstance(obj[key], str):
            raise InvalidSchema(
                f"field '{key}' must be a string, got {type(obj[key]).__name__}", article_id=_given_id(obj)
            )
    if not body:
        raise NoBody(
            "the record has no 'html' or 'text' body (or only whitespace); send one of them",
            article_id=_given_id(obj),
        )
    fields = dict(obj)
    if not isinstance(fields.get("id"), str) or not fields["id"].strip():
        if fields.get("id") is not None and not isinstance(fields["id"], str):
            raise InvalidSchema(f"field 'id' must be a string, got {type(fields['id']).__name__}")
        url = fields.get("url") if isinstance(fields.get("url"), str) else None
        fields["id"] = stable_id(url, body)
    try:
        return RawArticle.model_validate(fields)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "record"
        raise InvalidSchema(f"field '{where}': {first['msg']}", article_id=fields["id"]) from exc


def _given_id(obj: dict[str, Any]) -> str | None:
    value = obj.get("id")
    return value if isinstance(value, str) else None


def parse_raw(data: bytes | str, max_bytes: int = DEFAULT_MAX_BYTES) -> RawArticle:
    """Parse one producer record (a JSON object) into a RawArticle, or raise a typed error."""
    size = len(data.encode("utf-8", "surrogatepass")) if isinstance(data, str) else len(data)
    if size > max_bytes:
        raise TooLarge(
            f"record is {size} bytes, over the limit of {max_bytes} bytes "
            "(raise NEWSSTREAM_MAX_BODY_BYTES if such pages are expected)"
        )
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InvalidEncoding(
                f"record is not valid UTF-8 (byte {exc.start}); re-encode the page as UTF-8 before producing it"
            ) from exc
    try:
        obj = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        raise NotJson(f"record is not JSON ({exc}); send one JSON object per message") from exc
    if not isinstance(obj, dict):
        raise NotAnObject(f"record is a JSON {type(obj).__name__}, not an object; send one article object per message")
    return raw_from_mapping(obj)


def raw_from_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> RawArticle:
    """A ``.txt`` or ``.html`` file as one article (the CLI's non-JSONL inputs)."""
    data = path.read_bytes()
    if len(data) > max_bytes:
        raise TooLarge(f"{path} is {len(data)} bytes, over the limit of {max_bytes} bytes")
    try:
        body = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidEncoding(f"{path} is not valid UTF-8 (byte {exc.start}); convert it to UTF-8") from exc
    key = "html" if path.suffix.lower() in {".html", ".htm"} else "text"
    return raw_from_mapping({key: body})
