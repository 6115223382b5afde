"""Three fixes to Faust (faust-streaming 0.15, as pinned), applied by ``create_app``, and why.

All three lost articles in the fault and integration tests: 6 to 20 of 90 after a worker
kill -9 (``tests/faults/test_counting_faults.py``), 6 of 90 when a second worker joined, 1 of 6
when two workers started together (``tests/integration/test_two_workers.py``). Faust cancels the
delivery of a record fetched while the flow is suspended (a rebalance starting, or resuming
around the seek to the committed offsets) and moves its read position past it anyway:

* **Delivery.** A delivery that has started now completes (it is shielded from that
  cancellation): the record reaches its agent once the flow resumes. If its partition has moved
  to another worker meanwhile, that worker reads it too (a duplicate; the counts agent skips
  records of partitions it no longer owns, so it never writes another worker's rows).

* **Seek.** After a rebalance the seek to the committed offsets re-reads such records, but
  aiokafka's ``seek_to_committed`` skips partitions whose committed offset is missing or 0. Those
  are now seeked to their beginning (what ``auto_offset_reset=earliest``, our setting, means).
  Only the app's own source topics, never changelogs (recovery reads those).
* **Commit.** Faust commits the longest run of acknowledged offsets, but lets that run start one
  past the committed offset, so one dropped record just after it was committed over. A commit
  now waits until the offset right after the last commit is acknowledged (or is a known gap:
  compacted offsets, transaction markers), so a dropped record is read again at the next seek:
  a duplicate at worst, never a loss.
"""

from __future__ import annotations

import asyncio
from typing import Any

from faust.transport.consumer import Consumer
from faust.transport.drivers.aiokafka import AIOKafkaConsumerThread

__all__ = ["install", "source_topics"]

#: topics whose uncommitted partitions are read from the beginning after a rebalance.
source_topics: set[str] = set()
_faust_new_offset = Consumer._new_offset
_faust_consumer_init = Consumer.__init__


def _consumer_init(self: Consumer, *args: Any, **kwargs: Any) -> None:
    _faust_consumer_init(self, *args, **kwargs)
    if getattr(self.callback, "shielded", False):
        return
    deliver = self.callback

    async def deliver_once_started(message: Any) -> Any:
        return await asyncio.shield(deliver(message))

    deliver_once_started.shielded = True  # type: ignore[attr-defined]
    self.callback = deliver_once_started


async def _seek_to_committed(consumer: Any) -> Any:
    committed = await consumer.seek_to_committed()
    unset = [tp for tp, offset in committed.items() if not offset and tp.topic in source_topics]
    if unset:
        await consumer.seek_to_beginning(*unset)
    return committed


async def _patched_seek_to_committed(self: AIOKafkaConsumerThread) -> Any:
    return await self.call_thread(_seek_to_committed, self._ensure_consumer())


def _contiguous_new_offset(self: Consumer, tp: Any) -> int | None:
    """Faust's next offset to commit, or None while the one after the last commit is missing."""
    committed, acked = self._committed_offset[tp], self._acked[tp]
    if committed is not None and acked:
        lowest = min(acked)
        if lowest > committed and not self._gap[tp].overlaps(committed, lowest):
            return None
    return _faust_new_offset(self, tp)


def install(topics: list[str]) -> None:
    """Apply the fixes (idempotent); ``topics``: the app's source topics."""
    source_topics.update(topics)
    AIOKafkaConsumerThread.seek_to_committed = _patched_seek_to_committed  # type: ignore[method-assign]
    Consumer._new_offset = _contiguous_new_offset  # type: ignore[method-assign]
    Consumer.__init__ = _consumer_init  # type: ignore[method-assign]
