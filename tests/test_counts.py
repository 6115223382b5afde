"""Window arithmetic of the rolling counts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from newsstream.counts import (
    WINDOWS,
    apply_mention,
    bucket_start,
    event_time,
    is_late,
    state_count,
    state_series,
    state_window_count,
    top,
    window_for,
)
from newsstream.models import ActorMention


def test_event_time_prefers_a_plausible_publication_time() -> None:
    now = datetime(2024, 5, 1, 12, tzinfo=UTC).timestamp()
    published = datetime(2024, 5, 1, 11, tzinfo=UTC)
    assert event_time(published, now) == published.timestamp()
    assert event_time(None, now) == now
    assert event_time(published + timedelta(days=2), now) == now  # in the future: not trusted
    assert event_time(datetime(2024, 5, 1, 11), now) == published.timestamp()  # naive = UTC


def test_windows_end_with_the_bucket_of_the_timestamp() -> None:
    ts = 10_000.0
    assert bucket_start(ts, 300) == 9900
    assert window_for(ts, WINDOWS["1h"], 300) == (10200 - 3600, 10200)
    assert window_for(ts, WINDOWS["24h"], 300) == (10200 - 86400, 10200)


def test_a_window_sums_exactly_the_buckets_of_the_hopping_window() -> None:
    row = {"buckets": [[0, 1, 0], [300, 2, 0], [3300, 4, 0], [3600, 8, 0]]}
    assert state_window_count(row, "1h", 3300, 300) == (0, 3600, 1 + 2 + 4)
    assert state_window_count(row, "1h", 3600, 300) == (300, 3900, 2 + 4 + 8)


def test_lateness_and_grace() -> None:
    now = 100_000.0
    assert not is_late(now - 3600, now, WINDOWS["1h"], grace=0)
    assert is_late(now - 3601, now, WINDOWS["1h"], grace=0)
    assert not is_late(now - 3601, now, WINDOWS["1h"], grace=60)
    assert not is_late(now - 80_000, now, WINDOWS["24h"], grace=0)


def test_top_orders_by_count_then_id_and_drops_zeros() -> None:
    assert top([("b", 2), ("a", 2), ("c", 5), ("z", 0)], 3) == [("c", 5), ("a", 2), ("b", 2)]


# --------------------------------------------------------------------------- one actor's row

STEP, GRACE = 300, 3600
NOW = 1_800_000_000.0


def _mention(article: str = "a1", mentions: int = 2, ts: float = NOW - 60, **extra: object) -> ActorMention:
    fields: dict[str, object] = {
        "article_id": article,
        "actor_id": "person:pat-ryder",
        "name": "Pat Ryder",
        "type": "person",
        "mentions": mentions,
        "event_time": ts,
        **extra,
    }
    return ActorMention.model_validate(fields)


def test_a_row_holds_totals_buckets_aliases_and_the_offset_applied() -> None:
    first = apply_mention(None, _mention(aliases=["Ryder"]), offset=10, now=NOW, step=STEP, grace=GRACE)
    assert first.outcome == "counted"
    row = first.state
    assert row is not None
    assert (row["total"], row["dup_total"], row["offset"], row["aliases"]) == (2, 0, 10, ["Ryder"])
    assert row["buckets"] == [[bucket_start(NOW - 60, STEP), 2, 0]]
    second = apply_mention(
        row, _mention("a2", 3, duplicate_of="a1", aliases=["Ryder", "P. Ryder"]), 11, NOW, STEP, GRACE
    )
    assert second.state is not None
    assert (second.state["total"], second.state["dup_total"]) == (5, 3)
    assert second.state["buckets"] == [[bucket_start(NOW - 60, STEP), 5, 3]]
    assert second.state["aliases"] == ["Ryder", "P. Ryder"]
    assert row["buckets"] == [[bucket_start(NOW - 60, STEP), 2, 0]]  # pure: the old row is untouched


def test_a_redelivered_record_is_recognised_by_its_offset() -> None:
    row = apply_mention(None, _mention(), offset=10, now=NOW, step=STEP, grace=GRACE).state
    again = apply_mention(row, _mention(), offset=10, now=NOW + 5, step=STEP, grace=GRACE)
    older = apply_mention(row, _mention("a0"), offset=9, now=NOW + 5, step=STEP, grace=GRACE)
    assert (again.state, again.outcome) == (None, "redelivered")
    assert (older.state, older.outcome) == (None, "redelivered")


def test_late_mentions_count_in_the_total_only_and_old_buckets_are_dropped() -> None:
    row = apply_mention(None, _mention(ts=NOW - 2 * 3600), offset=1, now=NOW, step=STEP, grace=GRACE).state
    late = apply_mention(row, _mention("old", 4, ts=NOW - 3 * 86400), offset=2, now=NOW, step=STEP, grace=GRACE)
    assert late.outcome == "late" and late.state is not None
    assert late.state["total"] == 6 and sum(b[1] for b in late.state["buckets"]) == 2
    a_day_later = NOW + 86400 + GRACE + 2 * STEP
    moved = apply_mention(
        late.state, _mention("new", 1, ts=a_day_later), offset=3, now=a_day_later, step=STEP, grace=GRACE
    )
    assert moved.state is not None
    assert moved.state["buckets"] == [[bucket_start(a_day_later, STEP), 1, 0]]  # past 24 h + grace: pruned
    assert moved.state["total"] == 7


def test_window_counts_series_and_distinct_from_a_row() -> None:
    row = None
    for offset, (ts, n, dup) in enumerate([(NOW - 30, 2, None), (NOW - 2 * 3600, 3, "x"), (NOW - 600, 1, "y")]):
        row = apply_mention(row, _mention(f"a{offset}", n, ts, duplicate_of=dup), offset, NOW, STEP, GRACE).state
    assert state_count(row, "1h", NOW, STEP) == 3
    assert state_count(row, "1h", NOW, STEP, distinct=True) == 2
    assert state_count(row, "24h", NOW, STEP) == 6
    assert state_count(row, "all", NOW, STEP, distinct=True) == 2
    start, end, count = state_window_count(row, "1h", NOW, STEP)
    assert (end - start, count) == (3600, 3)
    series = state_series(row, NOW, STEP)
    assert len(series) == 288 and sum(c for _, c in series) == 6
    assert state_count(None, "24h", NOW, STEP) == 0 and state_series(None, NOW, STEP)[-1][1] == 0


def test_partition_for_matches_the_kafka_default_partitioner() -> None:
    from aiokafka.partitioner import DefaultPartitioner

    from newsstream.stream.agents import mention_batches
    from newsstream.stream.topics import partition_for

    keys = [f"person:actor-{i}" for i in range(200)] + ["place:99072", "organization:un"]
    everything = list(range(4))
    assert [partition_for(k, 4) for k in keys] == [
        DefaultPartitioner()(k.encode(), everything, everything) for k in keys
    ]
    mentions = [_mention(actor_id=k) for k in keys]
    batches = mention_batches("a1", mentions, 4)
    assert sum(len(b.mentions) for b in batches.values()) == len(keys)
    assert all(partition_for(m.actor_id, 4) == p for p, b in batches.items() for m in b.mentions)
