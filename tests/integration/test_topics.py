"""Throw-away topics go when asked, and only those: test sessions and benchmarks clean up after them."""

from __future__ import annotations

import asyncio
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
