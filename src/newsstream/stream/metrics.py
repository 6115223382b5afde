"""Prometheus metrics of a worker (served on ``GET /metrics``)."""

from __future__ import annotations

import time

import psutil
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

__all__ = ["Metrics"]

_LATENCY_BUCKETS = (0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60)


class Metrics:
    """One registry per app, so tests can build several apps in one process."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.started = time.monotonic()
        self.processed_by_stage: dict[str, int] = {}
        self.dead_letters_by_reason: dict[str, int] = {}
        r = self.registry
        self.processed = Counter(
            "newsstream_articles_processed_total",
            "Articles a stage handed on to the next topic",
            ["stage"],
            registry=r,
        )
        self.dead_lettered = Counter(
            "newsstream_dead_letters_total",
            "Records sent to the dead-letter topic",
            ["stage", "reason"],
            registry=r,
        )
        self.stage_seconds = Histogram(
            "newsstream_stage_seconds",
            "Time spent in a stage per article",
            ["stage"],
            buckets=_LATENCY_BUCKETS,
            registry=r,
        )
        self.end_to_end_seconds = Histogram(
            "newsstream_end_to_end_seconds",
            "From the raw record's timestamp to its event",
            buckets=_LATENCY_BUCKETS,
            registry=r,
        )
        self.mentions_counted = Counter(
            "newsstream_mentions_counted_total", "Actor mentions added to the rolling counts", registry=r
        )
        self.count_updates = Counter(
            "newsstream_count_updates_total",
            "Actor/place count updates applied (one per actor or place of an article)",
            registry=r,
        )
        self.duplicates_skipped = Counter(
            "newsstream_duplicate_mentions_skipped_total",
            "Redelivered (article, actor) updates not counted again",
            registry=r,
        )
        self.near_duplicates = Counter(
            "newsstream_near_duplicates_total", "Articles flagged as near-duplicates of an earlier one", registry=r
        )
        self.alias_updates = Counter(
            "newsstream_alias_updates_total", "Alias registry updates applied by this worker", registry=r
        )
        self.alias_updates_known = Counter(
            "newsstream_alias_updates_known_total",
            "Alias registry updates not sent: the registry already had them",
            registry=r,
        )
        self.late_mentions = Counter(
            "newsstream_late_mentions_total",
            "Mentions older than every open window: counted in the total only",
            registry=r,
        )
        self.model_load_seconds = Gauge(
            "newsstream_model_load_seconds", "Time to load the spaCy pipeline and gazetteer", registry=r
        )
        self.consumer_lag = Gauge(
            "newsstream_consumer_lag",
            "Records not yet consumed, per assigned partition",
            ["topic", "partition"],
            registry=r,
        )
        self.table_keys = Gauge("newsstream_table_keys", "Keys held by this worker, per table", ["table"], registry=r)
        self.rss_bytes = Gauge("newsstream_process_rss_bytes", "Resident memory of the worker", registry=r)
        self.rss_bytes.set_function(lambda: psutil.Process().memory_info().rss)

    def count_processed(self, stage: str) -> None:
        self.processed.labels(stage=stage).inc()
        self.processed_by_stage[stage] = self.processed_by_stage.get(stage, 0) + 1

    def count_dead_letter(self, stage: str, reason: str) -> None:
        self.dead_lettered.labels(stage=stage, reason=reason).inc()
        self.dead_letters_by_reason[reason] = self.dead_letters_by_reason.get(reason, 0) + 1

    def stats(self) -> dict[str, object]:
        """This worker's totals since it started (for ``GET /stats`` and the dashboard)."""
        return {
            "processed": dict(self.processed_by_stage),
            "dead_letters": sum(self.dead_letters_by_reason.values()),
            "dead_letters_by_reason": dict(self.dead_letters_by_reason),
            "uptime_seconds": round(time.monotonic() - self.started, 1),
        }

    def render(self) -> bytes:
        return generate_latest(self.registry)
