"""The alias registry as every worker reads it while tagging: a replica of the registry table."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from newsstream.actors import ActorRegistry
from newsstream.registry import NAME_PREFIX

__all__ = ["TableRegistry"]


class _Names(Mapping[str, str]):
    """actor id -> canonical name, over the table's "name:<actor id>" entries."""

    def __init__(self, table: Any) -> None:
        self._table = table

    def __getitem__(self, actor_id: str) -> str:
        name = self._table.get(f"{NAME_PREFIX}{actor_id}")
        if name is None:
            raise KeyError(actor_id)
        return str(name)

    def __iter__(self) -> Iterator[str]:
        return (k.removeprefix(NAME_PREFIX) for k in list(self._table) if k.startswith(NAME_PREFIX))

    def __len__(self) -> int:
        return sum(1 for _ in self)


class TableRegistry(ActorRegistry):
    """``ActorRegistry`` lookups served from a mapping of alias key -> actor ids (a replica).

    Read-only here: the registry agent is the table's only writer (see agents.py).
    """

    def __init__(self, table: Any) -> None:
        super().__init__()
        self._ids = table
        self._names = _Names(table)  # type: ignore[assignment]

    def record(self, actors: Any) -> None:  # pragma: no cover - writes go through the aliases topic
        raise TypeError("TableRegistry is read-only; publish alias updates instead")
