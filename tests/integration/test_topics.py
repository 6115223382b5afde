"""Throw-away topics go when asked, and only those: test sessions and benchmarks clean up after them."""

from __future__ import annotations

import asyncio
import time
import uuid

import pytest
from aiokafka.admin import AIOKafkaAdminClient

from newsstream.config import Settings
from newsstream.stream.client import delete_topics, ensure_topics

pytestmark = pytest.mark.integration


def test_delete_topics_removes_the_prefixed_topics_and_keeps_the_others(kafka_broker: str) -> None:
    run = uuid.uuid4().hex[:8]
    settings = Settings(broker=f"kafka://{kafka_broker}", partitions=1)
    doomed = [f"del-{run}.a", f"del-{run}-changelog"]
    kept = f"keep-{run}.a"
    asyncio.run(ensure_topics(settings, [*doomed, kept]))
    assert sorted(asyncio.run(delete_topics(settings, [f"del-{run}"]))) == sorted(doomed)
    assert asyncio.run(delete_topics(settings, [])) == []  # no prefix never means "everything"

    async def remaining() -> set[str]:
        admin = AIOKafkaAdminClient(bootstrap_servers=settings.bootstrap_servers)
        await admin.start()
        try:
            for _ in range(50):
                names = {n for n in await admin.list_topics() if run in n}
                if not names & set(doomed):
                    return names
                await asyncio.sleep(0.2)
            return names
        finally:
            await admin.close()

    assert asyncio.run(remaining()) == {kept}
    asyncio.run(delete_topics(settings, [kept]))


def test_follow_since_keeps_a_record_written_while_it_finds_its_start(
    kafka_broker: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``tail --since`` looks up each partition's start, then seeks: a record landing between the
    lookups must still be read, not skipped as if it were older."""
    from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

    from newsstream.stream.client import follow

    settings = Settings(broker=f"kafka://{kafka_broker}", partitions=1)
    topic = f"follow-{uuid.uuid4().hex[:8]}"
    asyncio.run(ensure_topics(settings, [topic]))
    real_lookup = AIOKafkaConsumer.offsets_for_times

    async def lookup_then_a_record_lands(self: AIOKafkaConsumer, timestamps: dict) -> dict:
        found = await real_lookup(self, timestamps)
        producer = AIOKafkaProducer(bootstrap_servers=settings.bootstrap_servers)
        await producer.start()
        try:
            await producer.send_and_wait(topic, b'{"id": "landed"}')
        finally:
            await producer.stop()
        return found

    monkeypatch.setattr(AIOKafkaConsumer, "offsets_for_times", lookup_then_a_record_lands)

    async def read() -> list[dict]:
        since = int(time.time() * 1000)
        return [r async for r in follow(settings, [topic], since_ms=since, idle_timeout=3)]

    try:
        assert asyncio.run(read()) == [{"id": "landed"}]
    finally:
        asyncio.run(delete_topics(settings, [topic]))
