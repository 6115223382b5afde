"""One agent per stage; each calls the pure stage function and routes failures to the DLQ.

CPU-bound stages (clean, tag, geo) run on one worker thread, so the event loop keeps
heartbeating and fetching while spaCy works on a batch.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar

import faust
import orjson
from pydantic import ValidationError

from newsstream.counts import WINDOWS, apply_mention, is_late, is_place, mentions_of, state_window_count
from newsstream.errors import InvalidSchema
from newsstream.models import (
    ActorCount,
    ActorMention,
    AliasBatch,
    AliasUpdate,
    CleanedArticle,
    DeadLetter,
    MentionBatch,
    TaggedArticle,
)
from newsstream.pipeline import PipelineOptions, Resources, dead_letter, locate, parse_and_clean, tag_batch
from newsstream.registry import alias_updates, changes, merge_ids
from newsstream.stream import dedup as near_duplicates
from newsstream.stream.metrics import Metrics
from newsstream.stream.registry import TableRegistry
from newsstream.stream.tables import CountTables
from newsstream.stream.topics import partition_for

__all__ = ["StreamContext", "alias_batches", "count_batch", "mention_batches", "register_agents"]

log = logging.getLogger("newsstream.agents")
T = TypeVar("T")


@dataclass
class StreamContext:
    topics: Any
    tables: CountTables
    options: PipelineOptions
    metrics: Metrics
    resources: Resources | None = None
    batch_size: int = 32
    batch_seconds: float = 0.25
    executor: ThreadPoolExecutor | None = None
    #: partitions of the mentions topic (the counts tables are co-partitioned with it).
    partitions: int = 4
    #: alias key -> actor ids: every worker reads the whole registry while tagging (a replica) ...
    aliases: Any = None
    #: ... which the registry agent writes, one writer per alias key (a partitioned Faust table).
    alias_owner: Any = None
    #: near-duplicates: a replica of the signatures topic, and the store it fills (signatures, bands).
    signatures: Any = None
    dedup_index: near_duplicates.SignatureStore | None = None
    #: how long an agent waits at start for the shared indexes to catch up before it goes on.
    replica_wait_seconds: float = 60.0

    def clean_and_check(self, data: bytes, ingested_ms: int) -> tuple[CleanedArticle, dict[str, Any] | None]:
        """Stage 1 plus the near-duplicate check (CPU work, run off the event loop)."""
        cleaned = parse_and_clean(data, self.options, ingested_ms)
        if self.signatures is None or self.dedup_index is None:
            return cleaned, None
        return near_duplicates.check(cleaned, self.dedup_index)

    async def caught_up(self, replica: Any) -> None:
        """Wait until ``replica`` has read what its topic held at start (bounded: then go on, stale)."""
        if replica is None:
            return
        try:
            await asyncio.wait_for(replica.caught_up.wait(), self.replica_wait_seconds)
        except TimeoutError:
            log.warning("shared index still catching up; going on", extra={"topic": replica.topic})

    async def run_cpu(self, fn: Callable[..., T], *args: Any) -> T:
        if self.executor is None:
            self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="newsstream-cpu")
        return await asyncio.get_running_loop().run_in_executor(self.executor, fn, *args)

    async def send_dead_letter(self, letter: DeadLetter) -> None:
        self.metrics.count_dead_letter(letter.stage or "?", letter.reason)
        log.warning(
            "dead letter",
            extra={
                "article_id": letter.id,
                "stage": letter.stage,
                "reason": letter.reason,
                "error": letter.error,
            },
        )
        await self.topics.dlq.send(key=letter.id, value=letter)


def _model(cls: type[T], value: Any, stage: str) -> T:
    try:
        return cls.model_validate(value)  # type: ignore[attr-defined,no-any-return]
    except ValidationError as exc:
        raise InvalidSchema(
            f"record on the {stage} topic does not match {cls.__name__}: {exc.errors()[0]['msg']}"
        ) from exc


def register_agents(app: faust.App, ctx: StreamContext) -> None:
    topics, tables, metrics = ctx.topics, ctx.tables, ctx.metrics

    @app.agent(topics.raw, name="clean")
    async def clean_agent(stream: faust.StreamT) -> None:
        await ctx.caught_up(ctx.signatures)  # after a restart, earlier articles must be known first
        async for event in stream.events():
            data: bytes = event.value if isinstance(event.value, bytes) else bytes(event.value or b"")
            ingested_ms = int(event.message.timestamp * 1000)
            started = time.perf_counter()
            try:
                cleaned, signature = await ctx.run_cpu(ctx.clean_and_check, data, ingested_ms)
            except Exception as exc:
                await ctx.send_dead_letter(dead_letter(exc, data, stage="clean"))
                continue
            seconds = time.perf_counter() - started
            metrics.stage_seconds.labels(stage="clean").observe(seconds)
            _log_done("clean", cleaned.id, seconds, event)
            await topics.cleaned.send(key=cleaned.id, value=cleaned)
            metrics.count_processed("clean")
            if cleaned.duplicate_of:
                metrics.near_duplicates.inc()
            if signature is not None and ctx.signatures.get(cleaned.id) is None:
                await topics.signatures.send(key=cleaned.id, value=signature)  # one writer: its cleaner
                ctx.signatures.put(cleaned.id, signature)

    @app.agent(topics.cleaned, name="tag")
    async def tag_agent(stream: faust.StreamT) -> None:
        await ctx.caught_up(ctx.aliases)
        async for values in stream.take(ctx.batch_size, within=ctx.batch_seconds):
            articles: list[CleanedArticle] = []
            for value in values:
                try:
                    articles.append(_model(CleanedArticle, value, "cleaned"))
                except Exception as exc:
                    await ctx.send_dead_letter(dead_letter(exc, _raw(value), stage="tag"))
            if not articles:
                continue
            started = time.perf_counter()
            registry = TableRegistry(ctx.aliases) if ctx.aliases is not None else None
            results = await ctx.run_cpu(tag_batch, articles, ctx.resources, ctx.batch_size, registry)
            per_article = (time.perf_counter() - started) / len(articles)
            for result in results:
                if isinstance(result, DeadLetter):
                    await ctx.send_dead_letter(result)
                    continue
                metrics.stage_seconds.labels(stage="tag").observe(per_article)
                await topics.tagged.send(key=result.id, value=result)
                metrics.count_processed("tag")

    @app.agent(topics.tagged, name="geo")
    async def geo_agent(stream: faust.StreamT) -> None:
        async for event in stream.events():
            value = event.value
            started = time.perf_counter()
            try:
                tagged = _model(TaggedArticle, value, "tagged")
                enriched = await ctx.run_cpu(locate, tagged, ctx.resources)
                ingested = (enriched.ingested_at_ms or time.time() * 1000) / 1000
                mentions = mentions_of(enriched, ingested)
                aliases = alias_updates(enriched.actors)
                known = 0
                if ctx.aliases is not None:
                    pending = changes(aliases, ctx.aliases)
                    known, aliases = len(aliases) - len(pending), pending
            except Exception as exc:  # a poison record never stops the agent
                await ctx.send_dead_letter(dead_letter(exc, _raw(value), stage="geo"))
                continue
            seconds = time.perf_counter() - started
            metrics.stage_seconds.labels(stage="geo").observe(seconds)
            _log_done("geo", enriched.id, seconds, event)
            await topics.events.send(key=enriched.id, value=enriched)
            metrics.count_processed("geo")
            metrics.alias_updates_known.inc(known)
            metrics.end_to_end_seconds.observe(max(0.0, time.time() - ingested))
            # each batch is keyed by one of its keys: Kafka's partitioner sends it where all of them hash
            for batch in mention_batches(enriched.id, mentions, ctx.partitions).values():
                await topics.mentions.send(key=batch.mentions[0].actor_id, value=batch)
            for alias_batch in alias_batches(enriched.id, aliases, ctx.partitions).values():
                await topics.aliases.send(key=alias_batch.updates[0].key, value=alias_batch)

    @app.agent(topics.aliases, name="registry", concurrency=1)
    async def registry_agent(stream: faust.StreamT) -> None:
        """The one writer of each alias key (records are keyed by it): merge, never race.

        It reads and writes its own partitions' table; every worker reads the whole registry through
        a replica of that table's changelog (``ctx.aliases``), which lags the table a little.
        """

        def apply(batch: AliasBatch) -> None:
            owner = ctx.alias_owner
            if owner is None:
                return
            for update in batch.updates:
                current = owner.get(update.key)
                # "name:<id>" records carry the latest canonical name; alias records merge into the id list
                merged = update.name if update.name is not None else merge_ids(current, update.actor_id)
                if merged != current:
                    owner[update.key] = merged
                    if ctx.aliases is not None:
                        ctx.aliases.put(update.key, merged)
                metrics.alias_updates.inc()

        await _apply_each(ctx, stream, AliasBatch, "registry", apply)

    @app.agent(topics.mentions, name="counts", concurrency=1)
    async def counts_agent(stream: faust.StreamT) -> None:
        async for event in stream.events():
            value = event.value
            try:
                batch = _model(MentionBatch, value, "mentions")
            except Exception as exc:
                await ctx.send_dead_letter(dead_letter(exc, _raw(value), stage="counts"))
                continue
            message = event.message
            if message.tp not in app.consumer.assignment():
                continue  # delivered late, after its partition moved: the new owner counts it
            try:
                records = count_batch(tables, batch, message.partition, message.offset, metrics, now=time.time())
            except Exception as exc:  # a bug must not stop counting: keep the update, go on
                await ctx.send_dead_letter(dead_letter(exc, _raw(value), stage="counts", article_id=batch.article_id))
                continue
            for record in records:
                await topics.counts.send(key=record.actor_id, value=record)


def mention_batches(article_id: str, mentions: list[ActorMention], partitions: int) -> dict[int, MentionBatch]:
    """An article's count updates grouped by the partition their actor ids hash to."""
    grouped = _by_partition(mentions, lambda m: m.actor_id, partitions)
    return {p: MentionBatch(article_id=article_id, mentions=group) for p, group in grouped.items()}


def alias_batches(article_id: str, updates: list[AliasUpdate], partitions: int) -> dict[int, AliasBatch]:
    """An article's registry updates grouped by the partition their alias keys hash to."""
    grouped = _by_partition(updates, lambda u: u.key, partitions)
    return {p: AliasBatch(article_id=article_id, updates=group) for p, group in grouped.items()}


def _by_partition(items: list[T], key: Callable[[T], str], partitions: int) -> dict[int, list[T]]:
    grouped: dict[int, list[T]] = {}
    for item in items:
        grouped.setdefault(partition_for(key(item), partitions), []).append(item)
    return dict(sorted(grouped.items()))


def count_batch(
    tables: CountTables, batch: MentionBatch, partition: int, offset: int, metrics: Metrics, now: float
) -> list[ActorCount]:
    """Count an article's updates once; returns the window counts to publish on the counts topic.

    An article already counted from another record (produced again) is skipped whole. A record
    seen again (redelivered after a crash or rebalance) skips the actors its offset already
    reached and counts the rest, and republishes their counts (the output is at-least-once too).
    Places (``place:<geonameid>``) are counted the same way but not published on the actor topic.
    """
    marker = f"{batch.article_id}@{partition}"
    counted_by = tables.counted_offset(marker, now)
    if counted_by is not None and counted_by != offset:
        metrics.duplicates_skipped.inc(len(batch.mentions))
        return []
    records = []
    for mention in batch.mentions:
        row = tables.state.get(mention.actor_id)
        applied = apply_mention(row, mention, offset, now, tables.step, tables.grace)
        if applied.state is None:
            metrics.duplicates_skipped.inc()
        else:
            row = tables.state[mention.actor_id] = applied.state
            metrics.count_updates.inc()
            metrics.mentions_counted.inc(mention.mentions)
        if is_place(mention.actor_id) or is_late(mention.event_time, now, WINDOWS["24h"], tables.grace):
            if applied.outcome == "late":
                metrics.late_mentions.inc(mention.mentions)
            continue
        for name, window in WINDOWS.items():
            if is_late(mention.event_time, now, window, tables.grace):
                continue
            start, end, count = state_window_count(row, name, mention.event_time, tables.step)
            records.append(
                ActorCount(
                    actor_id=mention.actor_id,
                    name=mention.name,
                    type=mention.type,
                    window_start=_utc(start),
                    window_end=_utc(end),
                    count=count,
                    window=window.name,
                )
            )
    if counted_by is None:
        tables.mark_counted(marker, partition, offset, now)
    tables.expire(partition, now)
    return records


async def _apply_each(ctx: StreamContext, stream: faust.StreamT, model: type[T], stage: str, apply: Any) -> None:
    """Validate and apply each internal record; a malformed one is dead-lettered, never fatal."""
    async for value in stream:
        try:
            apply(_model(model, value, stage))
        except Exception as exc:
            await ctx.send_dead_letter(dead_letter(exc, _raw(value), stage=stage))


def _log_done(stage: str, article_id: str, seconds: float, event: Any) -> None:
    """One structured line per article and stage (debug level: free when off)."""
    if log.isEnabledFor(logging.DEBUG):
        message = event.message
        log.debug(
            "stage done",
            extra={
                "stage": stage,
                "article_id": article_id,
                "topic": message.topic,
                "partition": message.partition,
                "offset": message.offset,
                "duration_ms": round(seconds * 1000, 2),
            },
        )


def _utc(ts: int) -> datetime:
    return datetime.fromtimestamp(ts, tz=UTC)


def _raw(value: Any) -> str:
    try:
        return orjson.dumps(value).decode()
    except TypeError:
        return repr(value)
