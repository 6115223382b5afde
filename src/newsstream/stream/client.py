"""Plain Kafka clients for the CLI: produce raw records, follow a topic, make topics exist."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable, Iterable
from dataclasses import dataclass
from typing import Any

import orjson
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import KafkaConnectionError, TopicAlreadyExistsError

from newsstream.config import Settings
from newsstream.errors import TooLarge
from newsstream.models import DeadLetter, dumps
from newsstream.raw import preview
from newsstream.stream import security

__all__ = [
    "ENVELOPE_BYTES",
    "BrokerUnavailable",
    "ProduceResult",
    "delete_topics",
    "ensure_topics",
    "produce_records",
    "follow",
]

#: headroom over the body limit for the JSON envelope of a raw record.
ENVELOPE_BYTES = 1_000_000


class BrokerUnavailable(RuntimeError):
    """The broker could not be reached (or refused us); the message says what to check."""


def _unavailable(settings: Settings, exc: BaseException) -> BrokerUnavailable:
    return BrokerUnavailable(
        f"cannot reach Kafka at {', '.join(settings.bootstrap_servers)} ({exc}). Start the local broker "
        "with `make kafka-up`, or point NEWSSTREAM_BROKER (or --broker) at a running one."
    )


def _security_kwargs(settings: Settings) -> dict[str, Any]:
    """security_protocol, TLS context and SASL credentials for every client built here."""
    try:
        return security.client_kwargs(settings)
    except security.SecurityConfigError as exc:
        raise BrokerUnavailable(str(exc)) from exc


async def _start(client: Any, settings: Settings) -> None:
    """Start an aiokafka client; on failure say why in plain words (credentials, TLS, protocol, or
    simply no broker), instead of aiokafka's bare "Unable to bootstrap"."""
    try:
        await client.start()
    except KafkaConnectionError as exc:
        with contextlib.suppress(Exception):
            closing = client.close() if isinstance(client, AIOKafkaAdminClient) else client.stop()
            await asyncio.wait_for(closing, 5)
        # aiokafka only says "Unable to bootstrap": one more connection, made the same way, tells why.
        cause = await security.diagnose(settings, timeout=5.0)
        message = security.describe_failure(settings, cause) if cause is not None else None
        raise (BrokerUnavailable(message) if message else _unavailable(settings, exc)) from exc


async def ensure_topics(
    settings: Settings, names: Iterable[str], *, max_message_bytes: int | None = None
) -> dict[str, int]:
    """Create missing topics with the configured partitions; returns each topic's partition count.

    The worker creates its topics too, but a producer or a reader may start before any worker.
    """
    names = list(names)
    admin = AIOKafkaAdminClient(
        bootstrap_servers=settings.bootstrap_servers, request_timeout_ms=15000, **_security_kwargs(settings)
    )
    await _start(admin, settings)
    try:
        existing = set(await admin.list_topics())
        config = {"max.message.bytes": str(max_message_bytes)} if max_message_bytes else {}
        missing = [
            NewTopic(name, settings.partitions, settings.replicas, topic_configs=config)
            for name in names
            if name not in existing
        ]
        if missing:
            with contextlib.suppress(TopicAlreadyExistsError):
                await admin.create_topics(missing)
        for _ in range(50):
            described = await admin.describe_topics(names)
            counts = {d["topic"]: len(d["partitions"]) for d in described if d["error_code"] == 0}
            if all(counts.get(name) for name in names):
                return counts
            await asyncio.sleep(0.2)
        raise BrokerUnavailable(f"topics {sorted(set(names) - set(counts))} did not appear on the broker")
    finally:
        await admin.close()


async def delete_topics(settings: Settings, prefixes: Iterable[str]) -> list[str]:
    """Delete every topic whose name starts with one of ``prefixes``; returns the names deleted.

    For throw-away environments (test sessions, benchmark runs): a broker that keeps every
    topic they ever made takes minutes to start once it holds thousands of partitions.
    """
    prefixes = tuple(p for p in prefixes if p)
    if not prefixes:
        return []
    admin = AIOKafkaAdminClient(
        bootstrap_servers=settings.bootstrap_servers, request_timeout_ms=30000, **_security_kwargs(settings)
    )
    await _start(admin, settings)
    try:
        doomed = sorted(name for name in await admin.list_topics() if name.startswith(prefixes))
        if doomed:
            await admin.delete_topics(doomed)
        return doomed
    finally:
        await admin.close()


@dataclass(frozen=True)
class ProduceResult:
    sent: int
    dead_lettered: int

    @property
    def total(self) -> int:
        return self.sent + self.dead_lettered


#: acknowledgements awaited per window, so progress moves and memory stays flat on big inputs.
_WINDOW = 500


async def produce_records(
    settings: Settings,
    topic: str,
    records: Iterable[tuple[bytes | None, bytes]],
    on_sent: Callable[[int], None] | None = None,
    dead_letter_topic: str | None = None,
) -> ProduceResult:
    """Send (key, value) records with idempotence and acks=all.

    A record over the body limit cannot travel through Kafka at all: it goes to
    ``dead_letter_topic`` as a ``too_large`` dead letter instead (or raises TooLarge without one),
    so nothing is lost between the producer and the pipeline.
    """
    targets = [topic] + ([dead_letter_topic] if dead_letter_topic else [])
    await ensure_topics(settings, targets, max_message_bytes=settings.max_body_bytes + ENVELOPE_BYTES)
    producer = AIOKafkaProducer(
        bootstrap_servers=settings.bootstrap_servers,
        acks="all",
        enable_idempotence=True,
        linger_ms=5,
        max_request_size=settings.max_body_bytes + ENVELOPE_BYTES,
        **_security_kwargs(settings),
    )
    await _start(producer, settings)
    sent = dead = 0
    pending: list[asyncio.Future[Any]] = []

    async def drain() -> None:
        nonlocal sent
        for future in pending:
            await future
            sent += 1
            if on_sent:
                on_sent(1)
        pending.clear()

    try:
        for key, value in records:
            if len(value) > settings.max_body_bytes:
                letter = _too_large(key, value, settings.max_body_bytes)
                if dead_letter_topic is None:
                    raise TooLarge(letter.error)
                await (await producer.send(dead_letter_topic, value=dumps(letter), key=key))
                dead += 1
                if on_sent:
                    on_sent(1)
                continue
            pending.append(await producer.send(topic, value=value, key=key))
            if len(pending) >= _WINDOW:
                await drain()
        await drain()
    finally:
        await producer.stop()
    return ProduceResult(sent=sent, dead_lettered=dead)


def _too_large(key: bytes | None, value: bytes, limit: int) -> DeadLetter:
    return DeadLetter(
        id=key.decode("utf-8", "replace") if key else None,
        reason=TooLarge.reason,
        error=f"record is {len(value)} bytes, over the limit of {limit} bytes; it was not sent to the "
        "pipeline (raise NEWSSTREAM_MAX_BODY_BYTES if such pages are expected)",
        raw=preview(value, 10_000),
        stage="produce",
    )


async def follow(
    settings: Settings,
    topics: list[str],
    *,
    from_beginning: bool = False,
    since_ms: int | None = None,
    idle_timeout: float | None = None,
) -> AsyncIterator[dict]:
    """Yield JSON records of the topics as they arrive (stops after ``idle_timeout`` s without any).

    ``since_ms`` starts each partition at the first record at or after that time (ms since epoch).
    """
    partition_counts = await ensure_topics(settings, topics)
    consumer = AIOKafkaConsumer(
        bootstrap_servers=settings.bootstrap_servers,
        group_id=None,
        auto_offset_reset="earliest" if from_beginning else "latest",
        enable_auto_commit=False,
        **_security_kwargs(settings),
    )
    await _start(consumer, settings)
    try:
        partitions = [TopicPartition(t, p) for t in topics for p in range(partition_counts[t])]
        consumer.assign(partitions)
        if since_ms is not None:
            # the ends first: a record written between the two requests lies past these ends, so a
            # partition with nothing at or after ``since_ms`` yet still starts before it
            ends = await consumer.end_offsets(partitions)
            found = await consumer.offsets_for_times({tp: since_ms for tp in partitions})
            for tp in partitions:
                offset = found.get(tp)
                consumer.seek(tp, offset.offset if offset is not None else ends[tp])
        idle = 0.0
        while True:
            batch = await consumer.getmany(timeout_ms=500)
            if not batch:
                idle += 0.5
                if idle_timeout is not None and idle >= idle_timeout:
                    return
                continue
            idle = 0.0
            for messages in batch.values():
                for message in messages:
                    try:
                        yield orjson.loads(message.value)
                    except orjson.JSONDecodeError:
                        yield {"_undecodable": message.value.decode("utf-8", "replace")}
    finally:
        await consumer.stop()
