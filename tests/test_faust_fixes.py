"""The Faust fix: after a rebalance, uncommitted source partitions are read from their beginning."""

from __future__ import annotations

import asyncio
from typing import Any

from aiokafka import TopicPartition

from newsstream.stream import faust_fixes


class _Consumer:
    def __init__(self, committed: dict[TopicPartition, int | None]) -> None:
        self.committed, self.to_beginning = committed, []

    async def seek_to_committed(self) -> dict[TopicPartition, int | None]:
        return self.committed

    async def seek_to_beginning(self, *partitions: Any) -> None:
        self.to_beginning.extend(partitions)


def test_uncommitted_source_partitions_are_seeked_to_their_beginning() -> None:
    raw0, raw1, raw2 = (TopicPartition("t.news.articles.raw", p) for p in range(3))
    changelog = TopicPartition("app-actor-state-changelog", 0)
    faust_fixes.install(["t.news.articles.raw"])
    consumer = _Consumer({raw0: None, raw1: 0, raw2: 7, changelog: None})
    committed = asyncio.run(faust_fixes._seek_to_committed(consumer))
    assert committed == consumer.committed
    assert consumer.to_beginning == [raw0, raw1]  # committed 7: aiokafka seeks it; changelogs: recovery reads them


def test_a_commit_waits_for_the_offset_right_after_the_last_one() -> None:
    from collections import defaultdict

    from intervaltree import IntervalTree

    from newsstream.stream.faust_fixes import _contiguous_new_offset

    tp = TopicPartition("t.news.articles.raw", 0)

    class _State:
        def __init__(self, committed: int | None, acked: list[int], gaps: tuple[int, int] | None = None) -> None:
            self._committed_offset = defaultdict(lambda: None, {tp: committed})
            self._acked = defaultdict(list, {tp: list(acked)})
            self._acked_index = defaultdict(set, {tp: set(acked)})
            self._gap = defaultdict(IntervalTree)
            if gaps:
                self._gap[tp].addi(*gaps)

    assert _contiguous_new_offset(_State(5, [5, 6, 7]), tp) == 8
    assert _contiguous_new_offset(_State(5, [6, 7]), tp) is None  # 5 was dropped: Faust would commit 8
    assert _contiguous_new_offset(_State(5, [7, 8], gaps=(5, 7)), tp) == 9  # 5-6 compacted away
    assert _contiguous_new_offset(_State(None, [3, 4]), tp) == 5  # first commit: read from the beginning


def test_a_started_delivery_survives_the_flow_being_suspended(monkeypatch: Any) -> None:
    delivered: list[int] = []

    async def slow_delivery(message: int) -> None:
        await asyncio.sleep(0.05)  # e.g. waiting for the flow to resume
        delivered.append(message)

    class _Consumer:
        callback: Any = None

    monkeypatch.setattr(faust_fixes, "_faust_consumer_init", lambda self: setattr(self, "callback", slow_delivery))
    consumer = _Consumer()
    faust_fixes._consumer_init(consumer)  # type: ignore[arg-type]

    async def run() -> None:
        task = asyncio.ensure_future(consumer.callback(7))
        await asyncio.sleep(0.01)
        task.cancel()  # what Faust's wait_first does when the flow is suspended
        await asyncio.sleep(0.1)

    asyncio.run(run())
    assert delivered == [7]
