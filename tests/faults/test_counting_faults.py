"""Faults mid-stream: broker kill -9 and restart, worker kill -9 and restart, a second worker joining.

After each fault every input must end as an event (duplicated events are acceptable under
at-least-once), and the counts must equal the offline recount: mentions per actor id summed over
the distinct events, in the all-time and the 1 h window (every input is undated, so it counts now).
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from ..integration.support import (
    Worker,
    broker_ctl,
    collect,
    get,
    kill9,
    produce_raw,
    restart,
    top_counts,
    worker_pid,
    worker_sibling,
)
from .conftest import wait_broker_up
from .corpus import chunks, english_articles, offline_counts, records_of

pytestmark = [pytest.mark.faults, pytest.mark.integration, pytest.mark.model, pytest.mark.slow]

ARTICLES = 90
ACTOR_TYPES = ("person", "organization", "location", "group")


def _counts(w: Worker, window: str) -> dict[str, int]:
    """All actors of one worker (one query per type: the API serves at most 1,000 rows)."""
    merged: dict[str, int] = {}
    for actor_type in ACTOR_TYPES:
        merged.update(top_counts(w, window, actor_type=actor_type))
    return merged


def _wait_counts(w: Worker, window: str, expected: dict[str, int], timeout: float = 90) -> dict[str, int]:
    deadline = time.monotonic() + timeout
    while True:
        try:
            got = _counts(w, window)
        except (AssertionError, OSError):
            got = {}
        if got == expected or time.monotonic() > deadline:
            return got
        time.sleep(1)


def _outputs(w: Worker, ids: set[str], timeout: float = 300) -> list[dict[str, Any]]:
    """Events and dead letters until every id has an outcome (or ``timeout`` s without any record)."""

    def done(seen: list[dict[str, Any]]) -> bool:
        return ids <= {r.get("id") for r in seen}

    collect(w, [w.topics.events, w.topics.dlq], done, timeout=timeout)
    return collect(w, [w.topics.events, w.topics.dlq], lambda seen: False, timeout=5)


def _wait_events(w: Worker, at_least: int, timeout: float = 180) -> None:
    collect(w, [w.topics.events], lambda seen: len(seen) >= at_least, timeout=timeout)


def _recent(published_at: str | None) -> bool:
    if published_at is None:
        return True
    when = datetime.fromisoformat(published_at.replace("Z", "+00:00"))
    return when.timestamp() > time.time() - 3000


def _diff(got: dict[str, int], expected: dict[str, int]) -> tuple[int, int]:
    """(mentions counted too often, mentions missing) over all actors."""
    over = sum(max(0, got.get(k, 0) - v) for k, v in expected.items()) + sum(
        v for k, v in got.items() if k not in expected
    )
    under = sum(max(0, v - got.get(k, 0)) for k, v in expected.items())
    return over, under


def run_with_fault(
    name: str,
    w: Worker,
    fault: Callable[[], None],
    reader: Callable[[], Worker] | None = None,
    *,
    prefix: str,
) -> dict[str, Any]:
    """Produce a third of the articles, inject ``fault`` once some events are out, produce the rest,
    then check outcomes and counts (on ``reader()``, default ``w``). Prints the one-line summary."""
    articles = english_articles(ARTICLES, prefix)
    ids = {a["id"] for a in articles}
    parts = list(chunks(records_of(articles), 3))
    started = time.monotonic()
    assert produce_raw(w, parts[0]) == len(parts[0])
    _wait_events(w, 10)
    fault()
    for part in parts[1:]:
        assert produce_raw(w, part) == len(part)
    out = _outputs(w, ids)
    events = [r for r in out if "actors" in r]
    letters = [r for r in out if "reason" in r]
    per_id = Counter(r["id"] for r in events)
    versions: dict[str, set[str]] = {}
    for e in events:
        versions.setdefault(e["id"], set()).add(json.dumps(sorted((a["id"], a["mentions"]) for a in e["actors"])))
    expected = offline_counts(events)
    target = (reader or (lambda: w))()
    all_time = _wait_counts(target, "all", expected)
    # a page's own date (HTML metadata) makes an article count at that time: outside the last hour
    expected_hour = offline_counts(e for e in events if _recent(e.get("published_at")))
    hour = _wait_counts(target, "1h", expected_hour, timeout=30)
    over, under = _diff(all_time, expected)
    summary = {
        "test": name,
        "records": len(articles),
        "events": len(per_id),
        "event_records": len(events),
        "duplicated_events": sum(n - 1 for n in per_id.values()),
        "duplicates_with_other_actors": sum(1 for v in versions.values() if len(v) > 1),
        "dead_letters_by_reason": dict(Counter(r["reason"] for r in letters)),
        "lost": len(ids - set(per_id) - {r.get("id") for r in letters}),
        "actors": len(expected),
        "mentions_expected": sum(expected.values()),
        "mentions_counted": sum(all_time.values()),
        "duplicated_in_counts": over,
        "missing_in_counts": under,
        "hour_window_equal": hour == expected_hour,
        "seconds": round(time.monotonic() - started, 1),
    }
    print("\n" + json.dumps(summary))
    types = Counter(t for _, t in {(a["id"], a["type"]) for e in events for a in e["actors"]})
    wrong = {k: (expected.get(k), all_time.get(k)) for k in set(expected) | set(all_time)}
    wrong = {k: v for k, v in wrong.items() if v[0] != v[1]}
    print(json.dumps({"actor_types": dict(types), "mismatched_actors": dict(list(wrong.items())[:20])}))
    dump = Path(w.log).with_name(f"{name}-events.json")
    dump.write_text(json.dumps({"events": events, "all_time": all_time, "expected": expected}))
    assert max(types.values()) < 1000, "the API serves 1,000 actors per type: use fewer articles"
    assert set(per_id) == ids, (sorted(ids - set(per_id))[:10], letters[:3])
    assert not letters
    assert (over, under) == (0, 0), summary
    assert all_time == expected
    assert hour == expected_hour
    return summary


def test_broker_kill9_and_restart_mid_stream(kafka_broker: str, tmp_path: Path) -> None:
    w = Worker(kafka_broker, tmp_path)
    w.start()
    pid = worker_pid(w)
    try:

        def fault() -> None:
            try:
                result = broker_ctl("kill9")
                assert result.returncode == 0, result.stdout + result.stderr
                time.sleep(3)
            finally:
                wait_broker_up()

        run_with_fault("broker_kill9", w, fault, prefix="bk")
        assert worker_pid(w) == pid, "the worker exited when the broker died:\n" + w.tail()
        assert get(f"{w.url}/health") == (200, {"status": "ok"})
    finally:
        w.stop()
        wait_broker_up()


def test_worker_kill9_and_restart_mid_stream(kafka_broker: str, tmp_path: Path) -> None:
    w = Worker(kafka_broker, tmp_path)
    w.start()
    try:

        def fault() -> None:
            kill9(w)
            restart(w)

        run_with_fault("worker_kill9", w, fault, prefix="wk")
        assert get(f"{w.url}/health") == (200, {"status": "ok"})
    finally:
        w.stop()


def test_second_worker_joins_mid_stream(kafka_broker: str, tmp_path: Path) -> None:
    w = Worker(kafka_broker, tmp_path)
    second = worker_sibling(w, tmp_path, "second")
    w.start()
    try:

        def fault() -> None:
            second.start()

        def reader() -> Worker:
            # every partition back on the first worker: its tables then hold all the counts
            second.stop()
            return w

        run_with_fault("rebalance_second_worker", w, fault, reader, prefix="rb")
    finally:
        second.stop()
        w.stop()
