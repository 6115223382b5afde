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

    def sizes(self) -> dict[str, int]:
        """Keys per table on this worker (windowed: one key per actor and bucket)."""
        return {
            "buckets": len(self.buckets.table),
            "totals": len(self.totals),
            "info": len(self.info),
            "counted": len(self.counted),
        }

    def bucket_count(self, actor_id: str, start: int) -> int:
        return int(self.buckets.relative_to(float(start))[actor_id].value())

    def add(self, actor_id: str, ts: float, mentions: int) -> None:
        self.buckets.relative_to(float(bucket_start(ts, self.step)))[actor_id] += mentions

    def window_count(self, actor_id: str, window: str, now: float) -> tuple[int, int, int]:
        """(window_start, window_end, count) of the window ending with the bucket holding ``now``."""
        start, end = window_for(now, WINDOWS[window], self.step)
        return (
            start,
            end,
            window_sum(lambda b: self.bucket_count(actor_id, b), end, WINDOWS[window], self.step),
        )

    def series(self, actor_id: str, now: float) -> list[tuple[int, int]]:
        """(bucket start, count) for every step of the last 24 h, oldest first, zeros included."""
        start, end = window_for(now, WINDOWS["24h"], self.step)
        return [(b, self.bucket_count(actor_id, b)) for b in range(start, end, self.step)]

    def count(self, actor_id: str, window: str, now: float) -> int:
        if window == "all":
            return int(self.totals[actor_id])
        return self.window_count(actor_id, window, now)[2]


def declare_tables(app: faust.App, *, step: int, grace: int, partitions: int) -> CountTables:
    expires = WINDOWS["24h"].size + grace + step
    buckets = app.Table("actor-mention-buckets", default=int, partitions=partitions).tumbling(step, expires=expires)
    totals = app.Table("actor-mention-totals", default=int, partitions=partitions)
    info = app.Table("actor-info", default=None, partitions=partitions)
    counted = app.Table("actor-mentions-counted", default=None, partitions=partitions)
    return CountTables(step=step, grace=grace, buckets=buckets, totals=totals, info=info, counted=counted)
