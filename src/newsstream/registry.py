"""The cross-article alias registry at the edges: a JSON file for the CLI, updates for the stream.

``actors.ActorRegistry`` holds the rule (resolve an alias only when exactly one known actor
carries it). The CLI keeps it in a file between runs (``--registry``); the stream keeps it in a
table whose changelog every worker follows, fed by ``alias_updates`` records keyed by alias so
each alias has one writer and "two known Khans" can never be lost to a race between workers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

import orjson

from newsstream.actors import ActorRegistry
from newsstream.models import Actor, ActorType, AliasUpdate

__all__ = ["NAME_PREFIX", "alias_updates", "changes", "load_registry", "save_registry", "merge_ids"]


class _Collector(ActorRegistry):
    """Records what ``ActorRegistry.record`` would file, without filing it."""

    def __init__(self) -> None:
        super().__init__()
        self.filed: list[AliasUpdate] = []

    def _file(self, alias: str, type_: ActorType, aid: str) -> None:
        self.filed.append(AliasUpdate(key=self._k(alias, type_), actor_id=aid))


NAME_PREFIX = "name:"


def alias_updates(actors: Iterable[Actor]) -> list[AliasUpdate]:
    """The (alias key, actor id) pairs one article's actors file into the registry, and their names."""
    collector = _Collector()
    collector.record(actors)
    names = [AliasUpdate(key=f"{NAME_PREFIX}{aid}", actor_id=aid, name=name) for aid, name in collector._names.items()]
    return list(dict.fromkeys(collector.filed)) + names


def changes(updates: Iterable[AliasUpdate], registry: Mapping[str, object]) -> list[AliasUpdate]:
    """The updates that would change ``registry`` (alias key -> ids, "name:<id>" -> name) as it stands.

    The others would be no-ops for the writer, so they need not cross Kafka at all: in steady
    news most of an article's actors are already known under every alias it uses.
    """
    pending = []
    for update in updates:
        current = registry.get(update.key)
        if update.name is not None:
            if current != update.name:
                pending.append(update)
        elif not isinstance(current, list) or merge_ids(current, update.actor_id) != current:
            pending.append(update)
    return pending


def merge_ids(current: list[str] | None, actor_id: str) -> list[str]:
    """The ids filed under one alias after adding ``actor_id`` (two already mean ambiguous)."""
    ids = list(current or [])
    if actor_id not in ids and len(ids) < ActorRegistry.MAX_IDS:
        ids.append(actor_id)
    return ids


def load_registry(path: Path) -> ActorRegistry:
    """The registry kept in ``path`` (an empty one if the file does not exist yet)."""
    if not path.exists():
        return ActorRegistry()
    return ActorRegistry.from_dict(orjson.loads(path.read_bytes()))


def save_registry(registry: ActorRegistry, path: Path) -> None:
    """Write atomically, so an interrupted run never leaves a half-written registry."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_bytes(orjson.dumps(registry.to_dict(), option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS))
    tmp.replace(path)
