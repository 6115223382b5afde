"""Faust tables of the counts agent, and how they are read.

Both tables are written only by the counts agent (concurrency 1), from records of the mentions
partition the actor ids hash to, so one actor's state lives on one partition and one worker.

* ``actor-state``: one row per actor or place (``counts.apply_mention``): name, aliases, totals,
  the 5-minute buckets of the last 24 h + grace, and the offset of the last record applied. One
  changelog record per update, so a crash cannot leave an update half applied, and a redelivered
  record is recognised by its offset.
* ``articles-counted``: "<article id>@<partition>" -> [offset, counted at]. It catches the same
  article produced again (new offsets); the offset in it tells a redelivery of the very record
  that set it (whose actors may not all have been counted before a crash) from a copy.

Markers expire after the dedup horizon: each partition keeps its markers in counting order, and
the counts agent deletes the expired ones of the partition it is reading (a delete must go to
that partition's changelog). The order is rebuilt from the table after a rebalance. (A Faust
windowed table keyed by processing time would expire them too, but its reads cost a lookup per
live window, and its cleanup runs outside the agent.)
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Any

import faust

__all__ = ["CountTables", "declare_tables", "local_tables"]


@dataclass(frozen=True)
class CountTables:
    step: int
    grace: int
    #: actor id -> the actor's row (see ``counts.apply_mention``).
    state: Any
    #: "<article id>@<partition>" -> [offset, counted at (s)].
    counted: Any
    #: how long a counted article is remembered (seconds).
    horizon: int
    #: partition -> its markers, oldest first (rebuilt from ``counted`` after a rebalance).
    _expiry: dict[int, deque[tuple[float, str]]] = field(default_factory=dict, repr=False)

    #: markers expired per counted record at most (spreads the deletes out).
    EXPIRE_BATCH = 50

    def sizes(self) -> dict[str, int]:
        """Keys per table on this worker."""
        return {"actor_state": len(self.state), "articles_counted": len(self.counted)}

    def forget(self) -> None:
        """Drop the expiry order (on rebalance: partitions may have moved)."""
        self._expiry.clear()

    def counted_offset(self, marker: str, now: float) -> int | None:
        """The offset of the record that counted ``marker`` within the horizon, if any."""
        value = self.counted.get(marker)
        if value is None or value[1] < now - self.horizon:
            return None
        return int(value[0])

    def mark_counted(self, marker: str, partition: int, offset: int, now: float) -> None:
        self.counted[marker] = [offset, now]
        self._order(partition).append((now, marker))

    def expire(self, partition: int, now: float) -> int:
        """Delete up to ``EXPIRE_BATCH`` markers of ``partition`` older than the horizon."""
        order, oldest, deleted = self._order(partition), now - self.horizon, 0
        while order and order[0][0] < oldest and deleted < self.EXPIRE_BATCH:
            at, marker = order.popleft()
            value = self.counted.get(marker)
            if value is not None and value[1] <= at:  # not counted again since
                del self.counted[marker]
                deleted += 1
        return deleted

    def _order(self, partition: int) -> deque[tuple[float, str]]:
        order = self._expiry.get(partition)
        if order is None:
            suffix = f"@{partition}"
            held = sorted((v[1], k) for k, v in self.counted.items() if k.endswith(suffix) and v)
            order = self._expiry[partition] = deque(held)
        return order

    def row(self, actor_id: str) -> dict[str, Any] | None:
        row = self.state.get(actor_id)
        return row or None


def declare_tables(app: faust.App, *, step: int, grace: int, partitions: int, horizon: int) -> CountTables:
    state = app.Table("actor-state", default=None, partitions=partitions)
    counted = app.Table("articles-counted", default=None, partitions=partitions)
    return CountTables(step=step, grace=grace, state=state, counted=counted, horizon=horizon)


def local_tables(*, step: int = 300, grace: int = 3600, horizon: int = 7 * 86400) -> CountTables:
    """The same tables over plain dicts: the counts reducer without a broker (benchmarks, tests)."""
    return CountTables(step=step, grace=grace, state={}, counted={}, horizon=horizon)
