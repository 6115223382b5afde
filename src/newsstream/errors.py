"""Typed errors of the pure core.

Each error carries the dead-letter ``reason`` code it maps to, so the edge (CLI or
stream agent) routes any failure to one dead letter without knowing which stage raised.
"""

from __future__ import annotations

__all__ = [
    "INTERNAL_ERROR",
    "EmptyAfterCleaning",
    "InvalidEncoding",
    "InvalidSchema",
    "NewsstreamError",
    "NoBody",
    "NotAnObject",
    "NotJson",
    "TooLarge",
    "UnsupportedLanguage",
]

#: reason code for an unexpected exception (a bug): the message is kept, never lost.
INTERNAL_ERROR = "internal_error"


class NewsstreamError(Exception):
    """Base of all expected, input-caused failures. ``reason`` is the machine code."""

    reason: str = "invalid_input"

    def __init__(self, message: str, *, article_id: str | None = None) -> None:
        super().__init__(message)
        self.article_id = article_id


class NotJson(NewsstreamError):
    reason = "not_json"


class NotAnObject(NewsstreamError):
    reason = "not_an_object"


class InvalidEncoding(NewsstreamError):
    reason = "invalid_utf8"


class InvalidSchema(NewsstreamError):
    reason = "invalid_schema"


class NoBody(NewsstreamError):
    reason = "no_body"


class TooLarge(NewsstreamError):
    reason = "too_large"


class EmptyAfterCleaning(NewsstreamError):
    reason = "empty_after_cleaning"


class UnsupportedLanguage(NewsstreamError):
    reason = "unsupported_language"

    def __init__(self, message: str, *, language: str, article_id: str | None = None) -> None:
        super().__init__(message, article_id=article_id)
        self.language = language
