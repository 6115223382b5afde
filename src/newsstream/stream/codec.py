"""orjson as the Faust codec: pydantic models out, plain dicts in (validated by the agents)."""

from __future__ import annotations

from typing import Any

import orjson
from faust.serializers import codecs
from pydantic import BaseModel

__all__ = ["CODEC", "OrjsonCodec", "register"]

CODEC = "orjson"


def _default(obj: Any) -> Any:
    if isinstance(obj, BaseModel):
        return obj.model_dump(mode="json")
    raise TypeError(f"cannot serialise {type(obj).__name__}")


class OrjsonCodec(codecs.Codec):
    def _dumps(self, obj: Any) -> bytes:
        return orjson.dumps(obj, default=_default)

    def _loads(self, s: bytes) -> Any:
        return orjson.loads(s)


def register() -> None:
    """Make ``value_serializer="orjson"`` available (idempotent)."""
    codecs.register(CODEC, OrjsonCodec())
