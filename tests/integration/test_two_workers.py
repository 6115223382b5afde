"""Two workers in one group: any of them answers for all actors (routed or gathered)."""

from __future__ import annotations

import random
import time
from pathlib import Path
from typing import Any

import orjson
import pytest

from ..conftest import SAMPLES, SEED
from .support import Worker, get, produce, records_since

pytestmark = [pytest.mark.integration, pytest.mark.model]


def _top(worker: Worker, query: str) -> dict[str, Any]:
    status, body = get(f"{worker.url}/actors/top?{query}")
    assert status == 200, body
    return body


def _copies_are_flagged_by_either_worker(worker: Worker, other: Worker) -> None:
    """A copy of the seed on every raw partition: some are cleaned by the worker that did not clean
    the seed, which finds it only through the signature table's changelog."""
    from newsstream.stream.topics import partition_for

    from ..test_dedup import perturb

    ids: dict[int, str] = {}
    n = 0
    while len(ids) < worker.settings.partitions:
        ids.setdefault(partition_for(f"seed-copy-{n}", worker.settings.partitions), f"seed-copy-{n}")
        n += 1
    text = SEED.read_text(encoding="utf-8")
    since = int(time.time() * 1000)
    copies = [
        (cid.encode(), orjson.dumps({"id": cid, "text": perturb(text, random.Random(i))}))
        for i, cid in enumerate(ids.values())
    ]
    assert produce(worker, copies) == len(copies)
    wanted = set(ids.values())
    seen = records_since(
        worker, [worker.topics.events, worker.topics.dlq], since, lambda rs: wanted <= {r.get("id") for r in rs}
    )
    outcomes = [r for r in seen if r.get("id") in wanted]  # events, or dead letters that say why not
    events = {r["id"]: r for r in outcomes if "reason" not in r}
    assert set(events) == wanted, (outcomes, worker.tail(), other.tail())
    flagged = {cid: (e["duplicate_of"], e.get("near_duplicate_score")) for cid, e in events.items()}
    assert all(original == "seed" for original, _ in flagged.values()), flagged


def test_any_worker_answers_for_all_partitions(kafka_broker: str, tmp_path: Path, resources) -> None:
    from newsstream.counts import recount
    from newsstream.models import EnrichedEvent
    from newsstream.pipeline import enrich_many

    first = Worker(kafka_broker, tmp_path / "a")
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    second = Worker(kafka_broker, tmp_path / "b")
    second.env.update({k: first.env[k] for k in ("NEWSSTREAM_TOPIC_PREFIX", "NEWSSTREAM_APP_ID")})
    second.settings, second.topics = first.settings, first.topics
    first.start()
    second.start()
    try:
        records = [(b"seed", orjson.dumps({"id": "seed", "text": SEED.read_text(encoding="utf-8")}))]
        records += [(None, line) for line in SAMPLES.read_bytes().splitlines() if line.strip()]
        assert produce(first, records) == len(records)
        sudani = "person:mohammed-shia-al-sudani"
        offline = recount(r for r in enrich_many([v for _, v in records], resources) if isinstance(r, EnrichedEvent))
        expected = {a["actor_id"] for a in offline}
        deadline = time.monotonic() + 120
        answers: list[dict[str, Any]] = []
        while time.monotonic() < deadline:  # until every article is counted (or the deadline)
            answers = [_top(w, "window=all&limit=1000") for w in (first, second)]
            counts = [{a["actor_id"]: a["count"] for a in answer["actors"]} for answer in answers]
            if counts[0].get(sudani) == 9 and counts[0] == counts[1] and set(counts[0]) == expected:
                break
            time.sleep(1)
        assert answers[0]["actors"] == answers[1]["actors"], "workers disagree"
        merged = {a["actor_id"] for a in answers[0]["actors"]}
        assert merged == expected  # every article counted, every actor reported once, by its owner
        local = [
            {a["actor_id"] for a in _top(w, "window=all&limit=1000&local=true")["actors"]} for w in (first, second)
        ]
        assert local[0] and local[1], "both workers should own some actors"
        assert not local[0] & local[1] and local[0] | local[1] == merged
        for worker in (first, second):
            status, body = get(f"{worker.url}/actors/{sudani}")
            assert status == 200 and body["counts"]["all"] == 9, body
            status, places = get(f"{worker.url}/locations/top?window=all&limit=5")
            assert status == 200 and places["places"]
        _copies_are_flagged_by_either_worker(first, second)
    finally:
        first.stop()
        second.stop()
