"""Window arithmetic of the rolling counts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from newsstream.counts import WINDOWS, bucket_start, event_time, is_late, top, window_for, window_sum


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


def test_window_sum_covers_exactly_the_hopping_window() -> None:
    buckets = {0: 1, 300: 2, 3300: 4, 3600: 8}
    one_hour = WINDOWS["1h"]
    assert window_sum(lambda b: buckets.get(b, 0), 3600, one_hour, 300) == 1 + 2 + 4
    assert window_sum(lambda b: buckets.get(b, 0), 3900, one_hour, 300) == 2 + 4 + 8


def test_lateness_and_grace() -> None:
    now = 100_000.0
    assert not is_late(now - 3600, now, WINDOWS["1h"], grace=0)
    assert is_late(now - 3601, now, WINDOWS["1h"], grace=0)
    assert not is_late(now - 3601, now, WINDOWS["1h"], grace=60)
    assert not is_late(now - 80_000, now, WINDOWS["24h"], grace=0)


def test_top_orders_by_count_then_id_and_drops_zeros() -> None:
    assert top([("b", 2), ("a", 2), ("c", 5), ("z", 0)], 3) == [("c", 5), ("a", 2), ("b", 2)]
