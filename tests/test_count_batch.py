"""The counts agent's reducer on stand-in tables: exact after a crash between its table writes."""

from __future__ import annotations

from newsstream.models import ActorMention, MentionBatch
from newsstream.stream.agents import count_batch
from newsstream.stream.metrics import Metrics
from newsstream.stream.tables import CountTables, local_tables

NOW = 1_800_000_000.0


def _tables() -> CountTables:
    return local_tables(step=300, grace=3600, horizon=7 * 86400)


def _batch(article: str, *actors: tuple[str, int]) -> MentionBatch:
    mentions = [
        ActorMention(article_id=article, actor_id=a, name=a, type="person", mentions=n, event_time=NOW - 60)
        for a, n in actors
    ]
    return MentionBatch(article_id=article, mentions=mentions)


def _totals(tables: CountTables) -> dict[str, int]:
    return {k: v["total"] for k, v in tables.state.items()}


def test_a_record_redelivered_after_a_crash_counts_only_what_was_lost() -> None:
    tables, metrics = _tables(), Metrics()
    batch = _batch("a1", ("p:x", 2), ("p:y", 3))
    records = count_batch(tables, batch, partition=1, offset=7, metrics=metrics, now=NOW)
    assert _totals(tables) == {"p:x": 2, "p:y": 3}
    assert [(r.actor_id, r.window, r.count) for r in records] == [
        ("p:x", "1h", 2),
        ("p:x", "24h", 2),
        ("p:y", "1h", 3),
        ("p:y", "24h", 3),
    ]
    del tables.state["p:y"]  # the crash lost p:y's changelog record; the marker and p:x's landed
    again = count_batch(tables, batch, partition=1, offset=7, metrics=metrics, now=NOW + 30)
    assert _totals(tables) == {"p:x": 2, "p:y": 3}  # p:x skipped by its offset, p:y counted
    assert {(r.actor_id, r.count) for r in again} == {("p:x", 2), ("p:y", 3)}  # republished: at-least-once output
    assert metrics.duplicates_skipped._value.get() == 1


def test_the_same_article_produced_again_is_skipped_whole() -> None:
    tables, metrics = _tables(), Metrics()
    count_batch(tables, _batch("a1", ("p:x", 2)), partition=0, offset=3, metrics=metrics, now=NOW)
    assert count_batch(tables, _batch("a1", ("p:x", 2)), partition=0, offset=40, metrics=metrics, now=NOW + 86400) == []
    count_batch(tables, _batch("a2", ("p:x", 1)), partition=0, offset=41, metrics=metrics, now=NOW + 86400)
    assert _totals(tables) == {"p:x": 3}
    assert tables.state["p:x"]["offset"] == 41
    assert tables.counted_offset("a1@0", NOW + 6 * 86400) == 3
    assert tables.counted_offset("a1@0", NOW + 8 * 86400) is None  # past the horizon: forgotten


def test_markers_expire_per_partition_after_the_horizon() -> None:
    tables, metrics = _tables(), Metrics()
    count_batch(tables, _batch("a1", ("p:x", 1)), partition=0, offset=1, metrics=metrics, now=NOW)
    count_batch(tables, _batch("a2", ("p:y", 1)), partition=1, offset=1, metrics=metrics, now=NOW)
    count_batch(tables, _batch("a3", ("p:x", 1)), partition=0, offset=2, metrics=metrics, now=NOW + 86400)
    assert set(tables.counted) == {"a1@0", "a2@1", "a3@0"}
    later = NOW + 7 * 86400 + 10
    count_batch(tables, _batch("a4", ("p:x", 1)), partition=0, offset=3, metrics=metrics, now=later)
    assert set(tables.counted) == {"a2@1", "a3@0", "a4@0"}  # only partition 0's are read, and deleted
    tables.forget()  # after a rebalance the order is rebuilt from the table
    count_batch(tables, _batch("a5", ("p:y", 1)), partition=1, offset=2, metrics=metrics, now=later)
    assert set(tables.counted) == {"a3@0", "a4@0", "a5@1"}
    assert _totals(tables) == {"p:x": 3, "p:y": 2}
