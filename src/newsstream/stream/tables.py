"""Faust tables of the counts agent, and how they are read.

Every table is written only by the counts agent (concurrency 1) and keyed by actor id, the key
of the mentions topic, so one actor's state lives on one partition and one worker.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import faust

from newsstream.counts import WINDOWS, bucket_start, window_for, window_sum

__all__ = ["CountTables", "declare_tables"]


@dataclass(frozen=True)
class CountTables:
    step: int
    grace: int
    #: actor id -> mentions per tumbling bucket of ``step`` seconds (expires after 24 h + grace).
    buckets: Any
    #: actor id -> all-time mentions.
    totals: Any
    #: actor id -> {"name", "type"}.
    info: Any
    #: "<article id>\x1f<actor id>" -> event time: what has been counted already (redelivery dedup).
    counted: Any
    #: the same counts from near-duplicate articles only: distinct stories = count - these.
    dup_buckets: Any
    dup_totals: Any

    def sizes(self) -> dict[str, int]:
        """Keys per table on this worker (windowed: one key per actor and bucket)."""
        return {
            "buckets": len(self.buckets.table),
            "totals": len(self.totals),
            "info": len(self.info),
            "counted": len(self.counted),
        }

    def bucket_count(self, actor_id: str, start: int, *, duplicates: bool = False) -> int:
        table = self.dup_buckets if duplicates else self.buckets
        return int(table.relative_to(float(start))[actor_id].value())

    def add(self, actor_id: str, ts: float, mentions: int, *, duplicate: bool = False) -> None:
        start = float(bucket_start(ts, self.step))
        self.buckets.relative_to(start)[actor_id] += mentions
        if duplicate:
            self.dup_buckets.relative_to(start)[actor_id] += mentions

    def window_count(self, actor_id: str, window: str, now: float, *, duplicates: bool = False) -> tuple[int, int, int]:
        """(window_start, window_end, count) of the window ending with the bucket holding ``now``."""
        start, end = window_for(now, WINDOWS[window], self.step)
        count = window_sum(
            lambda b: self.bucket_count(actor_id, b, duplicates=duplicates), end, WINDOWS[window], self.step
        )
        return start, end, count

    def series(self, actor_id: str, now: float) -> list[tuple[int, int]]:
        """(bucket start, count) for every step of the last 24 h, oldest first, zeros included."""
        start, end = window_for(now, WINDOWS["24h"], self.step)
        return [(b, self.bucket_count(actor_id, b)) for b in range(start, end, self.step)]

    def count(self, actor_id: str, window: str, now: float, *, distinct: bool = False) -> int:
        """Mentions in the window; ``distinct`` leaves out those from near-duplicate articles."""
        if window == "all":
            total = int(self.totals[actor_id])
            return total - int(self.dup_totals[actor_id]) if distinct else total
        count = self.window_count(actor_id, window, now)[2]
        if distinct:
            count -= self.window_count(actor_id, window, now, duplicates=True)[2]
        return count


def declare_tables(app: faust.App, *, step: int, grace: int, partitions: int) -> CountTables:
    expires = WINDOWS["24h"].size + grace + step
    buckets = app.Table("actor-mention-buckets", default=int, partitions=partitions).tumbling(step, expires=expires)
    totals = app.Table("actor-mention-totals", default=int, partitions=partitions)
    info = app.Table("actor-info", default=None, partitions=partitions)
    counted = app.Table("actor-mentions-counted", default=None, partitions=partitions)
    dup_buckets = app.Table("actor-duplicate-buckets", default=int, partitions=partitions).tumbling(
        step, expires=expires
    )
    dup_totals = app.Table("actor-duplicate-totals", default=int, partitions=partitions)
    return CountTables(
        step=step,
        grace=grace,
        buckets=buckets,
        totals=totals,
        info=info,
        counted=counted,
        dup_buckets=dup_buckets,
        dup_totals=dup_totals,
    )
