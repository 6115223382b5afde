"""A topic every worker follows whole, into a dict: what Faust's GlobalTable should be, by hand.

Faust's GlobalTable (faust-streaming 0.15) does not reliably carry one worker's writes to the
others (faust-streaming #283): with two workers, the second never saw the near-duplicate
signatures or aliases the first wrote, so copies of an article went unflagged whenever the other
worker cleaned them (``tests/integration/test_two_workers.py``). A replica is one plain consumer,
outside any group, assigned every partition of its topic from the beginning; it keeps the latest
value per key, like a compacted topic read to its end. Writes never go through it: each key has
one writer elsewhere, and the replica only reads what was written.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator, Mapping, MutableMapping
from typing import Any

import orjson
from aiokafka import AIOKafkaConsumer, TopicPartition

from newsstream.config import Settings
from newsstream.stream.security import client_kwargs

__all__ = ["Replica"]

log = logging.getLogger("newsstream.replica")


class Replica(Mapping[str, Any]):
    """The latest JSON value of every key of ``topic``, on this worker, in ``store`` (a dict by default).

    A store of its own may keep values in another form, derive indexes, or forget old keys
    (``dedup.SignatureStore``).
    """

    def __init__(self, settings: Settings, topic: str, store: MutableMapping[str, Any] | None = None) -> None:
        self.settings = settings
        self.topic = topic
        self.data: MutableMapping[str, Any] = store if store is not None else {}
        self._caught_up: asyncio.Event | None = None

    @property
    def caught_up(self) -> asyncio.Event:
        """Set once the replica has read every record that was in the topic when it started."""
        if self._caught_up is None:
            self._caught_up = asyncio.Event()
        return self._caught_up

    def put(self, key: str, value: Any) -> None:
        """A value this worker just wrote upstream: visible here at once, not after the round trip.

        The record itself arrives later and changes nothing (but a newer write to the same key may
        briefly show its older value then: the index is eventually consistent).
        """
        self.data[key] = value

    def apply(self, key: bytes | None, value: bytes | None) -> None:
        """One record: a value sets its key, a tombstone (no value) deletes it; others are skipped."""
        if key is None:
            return
        name = key.decode("utf-8", "replace")
        if value is None:
            self.data.pop(name, None)
            return
        try:
            decoded = orjson.loads(value)
        except orjson.JSONDecodeError:
            log.warning("replica skips a record that is not JSON", extra={"topic": self.topic, "key": name})
            return
        if self.data.get(name) != decoded:  # this worker's own writes were put already
            self.put(name, decoded)

    async def run(self) -> None:
        """Follow the topic for as long as the worker runs; reconnect after errors."""
        while True:
            try:
                await self._follow()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.error("replica lost its broker; retrying in 2 s", extra={"topic": self.topic, "error": repr(exc)})
                await asyncio.sleep(2)

    async def _follow(self) -> None:
        # Without a group, aiokafka assigns every partition of a subscribed topic to this consumer
        # (and picks up the topic once it exists: a table's changelog appears when its table starts).
        consumer = AIOKafkaConsumer(
            bootstrap_servers=self.settings.bootstrap_servers,
            group_id=None,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            # with exactly_once, only committed writes (as Faust's own readers); the same otherwise
            isolation_level="read_committed",
            metadata_max_age_ms=2000,
            # busy: one fetch per 64 KiB, not per record (each is Python work on the event loop);
            # quiet: another worker's write shows here within 0.2 s (this worker's own, at once)
            fetch_min_bytes=64 * 1024,
            fetch_max_wait_ms=200,
            **client_kwargs(self.settings),
        )
        await consumer.start()
        try:
            consumer.subscribe([self.topic])
            positions: dict[TopicPartition, int] = {}
            ends: dict[TopicPartition, int] | None = None
            while True:
                for tp, records in (await consumer.getmany(timeout_ms=500)).items():
                    for record in records:
                        self.apply(record.key, record.value)
                        positions[tp] = record.offset + 1
                if self.caught_up.is_set():
                    continue
                assigned = consumer.assignment()
                if assigned and ends is None:
                    ends = await consumer.end_offsets(list(assigned))
                    for tp, start in (await consumer.beginning_offsets(list(assigned))).items():
                        positions[tp] = max(positions.get(tp, 0), start)
                if ends is not None and all(positions.get(tp, 0) >= end for tp, end in ends.items()):
                    self.caught_up.set()
                    log.info("replica caught up", extra={"topic": self.topic, "keys": len(self.data)})
        finally:
            await consumer.stop()

    def __getitem__(self, key: str) -> Any:
        return self.data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(list(self.data))

    def __len__(self) -> int:
        return len(self.data)
