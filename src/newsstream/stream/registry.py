"""The alias registry as a Faust GlobalTable: every worker reads all aliases while tagging."""

from __future__ import annotations

from typing import Any

from newsstream.actors import ActorRegistry

__all__ = ["TableRegistry"]


class TableRegistry(ActorRegistry):
    """``ActorRegistry`` lookups served from a GlobalTable (alias key -> actor ids).

    Read-only here: the registry agent is the table's only writer (see agents.py).
    """

    def __init__(self, table: Any) -> None:
        super().__init__()
        self._ids = table

    def record(self, actors: Any) -> None:  # pragma: no cover - writes go through the aliases topic
        raise TypeError("TableRegistry is read-only; publish alias updates instead")
