"""Faust tables of the counts agent, and how they are read.

Every table is written only by the counts agent (concurrency 1) and keyed by actor id, the key
of the mentions topic, so one actor's state lives on one partition and one worker.

A window count sums up to 288 buckets. Buckets are read straight from the table's store (Faust's
windowed-wrapper chain cost ~20 us a read), and the sums this worker computed are memoized and
kept exact by ``add`` (this worker is the actor's only writer); the memo is dropped on every
rebalance, when actors may move, and is bounded in size. Measured: ``bench/counts.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
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
    #: actor id -> {(window, end, duplicates): sum}: window sums computed here, kept exact by ``add``.
    _sums: dict[str, dict[tuple[str, int, bool], int]] = field(default_factory=dict, repr=False)

    #: memoized actors kept at most (then the memo starts over: it is only a cache).
    MAX_MEMO = 200_000

    def sizes(self) -> dict[str, int]:
        """Keys per table on this worker (windowed: one key per actor and bucket)."""
        return {
            "buckets": len(self.buckets.table),
            "totals": len(self.totals),
            "info": len(self.info),
            "counted": len(self.counted),
            "duplicate_buckets": len(self.dup_buckets.table),
            "duplicate_totals": len(self.dup_totals),
        }

    def forget(self) -> None:
        """Drop the memoized sums (on rebalance: another worker may have counted these actors)."""
        self._sums.clear()

    def bucket_count(self, actor_id: str, start: int, *, duplicates: bool = False) -> int:
        table = (self.dup_buckets if duplicates else self.buckets).table
        return int(table.data.get((actor_id, table.window.current(float(start))), 0))

    def add(self, actor_id: str, ts: float, mentions: int, *, duplicate: bool = False) -> None:
        start = bucket_start(ts, self.step)
        self.buckets.relative_to(float(start))[actor_id] += mentions
        if duplicate:
            self.dup_buckets.relative_to(float(start))[actor_id] += mentions
        memo = self._sums.get(actor_id)
        if memo:
            for key in list(memo):
                window, end, duplicates = key
                if (duplicate or not duplicates) and end - WINDOWS[window].size <= start < end:
                    memo[key] += mentions

    def window_count(self, actor_id: str, window: str, now: float, *, duplicates: bool = False) -> tuple[int, int, int]:
        """(window_start, window_end, count) of the window ending with the bucket holding ``now``."""
        start, end = window_for(now, WINDOWS[window], self.step)
        memo = self._sums.get(actor_id)
        if memo is None:
            if len(self._sums) >= self.MAX_MEMO:
                self._sums.clear()
            memo = self._sums[actor_id] = {}
        key = (window, end, duplicates)
        if key not in memo:
            if len(memo) >= 8:  # older window ends are not asked for again
                del memo[min(memo, key=lambda k: k[1])]
            memo[key] = window_sum(
                lambda b: self.bucket_count(actor_id, b, duplicates=duplicates), end, WINDOWS[window], self.step
            )
        return start, end, memo[key]

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
