"""The Faust application: topics, tables, agents and views declared once, from Settings."""

from __future__ import annotations

import asyncio

import faust

from newsstream.clean import CleanOptions
from newsstream.config import Settings
from newsstream.pipeline import PipelineOptions, Resources
from newsstream.stream import codec, faust_fixes
from newsstream.stream.agents import StreamContext, register_agents
from newsstream.stream.client import ENVELOPE_BYTES
from newsstream.stream.dashboard import register_dashboard
from newsstream.stream.dedup import SignatureStore
from newsstream.stream.metrics import Metrics
from newsstream.stream.replica import Replica
from newsstream.stream.security import broker_credentials
from newsstream.stream.tables import declare_tables
from newsstream.stream.topics import topic_names
from newsstream.stream.web import register_views

__all__ = ["Topics", "create_app"]


class Topics:
    """The app's topic objects; agents send through these (keys chosen at every hop).

    All are declared ``internal`` so the worker creates any that are missing, with the configured
    partitions, before it subscribes (Faust only declares internal topics).
    """

    def __init__(self, app: faust.App, settings: Settings) -> None:
        names = topic_names(settings.topic_prefix)
        self.names = names
        big = {"max.message.bytes": str(settings.max_body_bytes + ENVELOPE_BYTES)}
        as_json = {"key_serializer": "raw", "value_serializer": codec.CODEC, "internal": True}
        self.raw = app.topic(names.raw, key_serializer="raw", value_serializer="raw", config=big, internal=True)
        self.cleaned = app.topic(names.cleaned, config=big, **as_json)
        self.tagged = app.topic(names.tagged, config=big, **as_json)
        self.events = app.topic(names.events, config=big, **as_json)
        self.dlq = app.topic(names.dlq, config=big, **as_json)
        self.mentions = app.topic(names.mentions, **as_json)
        self.counts = app.topic(names.counts, **as_json)
        self.aliases = app.topic(names.aliases, **as_json)
        self.signatures = app.topic(names.signatures, **as_json)

    @property
    def all(self) -> list[faust.TopicT]:
        return [
            self.raw,
            self.cleaned,
            self.tagged,
            self.events,
            self.dlq,
            self.mentions,
            self.counts,
            self.aliases,
            self.signatures,
        ]


def create_app(settings: Settings, resources: Resources | None = None) -> tuple[faust.App, StreamContext]:
    """Build the worker app. ``resources`` (spaCy + gazetteer) are loaded once by the caller."""
    codec.register()
    faust_fixes.install(topic_names(settings.topic_prefix).all)  # before Faust makes its consumer
    app = faust.App(
        settings.app_id,
        broker=settings.broker,
        broker_credentials=broker_credentials(settings),
        store=settings.store,
        datadir=str(settings.data_dir),
        topic_partitions=settings.partitions,
        topic_replication_factor=settings.replicas,
        web_host=settings.web_host,
        web_port=settings.web_port,
        canonical_url=settings.canonical_url or f"http://{settings.web_host}:{settings.web_port}",
        web_in_thread=False,
        producer_max_request_size=settings.max_body_bytes + ENVELOPE_BYTES,
        consumer_max_fetch_size=settings.max_body_bytes + ENVELOPE_BYTES,
        producer_acks=-1,
        producer_linger=settings.producer_linger_ms / 1000,
        table_standby_replicas=settings.standby_replicas,
        processing_guarantee=settings.processing_guarantee,
        table_cleanup_interval=60.0,
        # spaCy batches may hold the GIL for a while; don't let mode call that a blocked loop.
        stream_wait_empty=False,
    )
    topics = Topics(app, settings)
    tables = declare_tables(
        app,
        step=settings.window_step_seconds,
        grace=settings.late_grace_seconds,
        partitions=settings.partitions,
        horizon=settings.dedup_horizon_seconds,
    )
    options = PipelineOptions(
        max_body_bytes=settings.max_body_bytes,
        max_text_chars=settings.max_text_chars,
        clean=CleanOptions(languages=frozenset(settings.languages)),
        batch_size=settings.tag_batch_size,
    )
    ctx = StreamContext(
        topics=topics,
        tables=tables,
        options=options,
        metrics=Metrics(),
        resources=resources,
        batch_size=settings.tag_batch_size,
        batch_seconds=settings.tag_batch_seconds,
        partitions=settings.partitions,
    )
    # shared indexes: one writer per key, and every worker follows the whole topic (replica.py)
    ctx.alias_owner = app.Table("actor-aliases", default=None, partitions=settings.partitions)
    ctx.aliases = Replica(settings, ctx.alias_owner.changelog_topic.get_topic_name())
    ctx.dedup_index = SignatureStore(horizon_seconds=settings.near_duplicate_horizon_seconds)
    ctx.signatures = Replica(settings, topics.names.signatures, store=ctx.dedup_index)
    register_agents(app, ctx)

    @app.task
    async def follow_shared_indexes() -> None:
        await asyncio.gather(ctx.aliases.run(), ctx.signatures.run())

    source_topics = set(topics.names.all)

    @app.on_partitions_revoked.connect
    async def forget_expiry_order(app: faust.App, revoked: object, **kwargs: object) -> None:
        tables.forget()

    @app.on_partitions_assigned.connect
    async def forget_expiry_order_again(app: faust.App, assigned: object, **kwargs: object) -> None:
        tables.forget()

    @app.timer(interval=5.0)
    async def sample_gauges() -> None:
        """Consumer lag per partition and table sizes, for /metrics."""
        for table, size in tables.sizes().items():
            ctx.metrics.table_keys.labels(table=table).set(size)
        # the shared indexes every worker holds whole: what grows with the news it has seen
        ctx.metrics.table_keys.labels(table="aliases").set(len(ctx.aliases))
        ctx.metrics.table_keys.labels(table="signatures").set(len(ctx.signatures))
        for tp in app.consumer.assignment():
            if tp.topic not in source_topics:
                continue
            try:
                position = await app.consumer.position(tp)
                highwater = app.consumer.highwater(tp)
            except Exception:
                continue
            if position is not None and highwater is not None:
                ctx.metrics.consumer_lag.labels(topic=tp.topic, partition=str(tp.partition)).set(
                    max(0, highwater - position)
                )

    @app.task
    async def declare_topics() -> None:
        """Create the output topics too (Faust declares only the ones it consumes)."""
        for topic in topics.all:
            await topic.maybe_declare()

    register_views(app, ctx)
    register_dashboard(app)
    return app, ctx
