"""Both table stores keep the counts across a worker restart (changelog recovery / local RocksDB)."""

from __future__ import annotations

import time
from pathlib import Path

import orjson
import pytest

from ..conftest import SEED
from .support import Worker, get, produce

pytestmark = [pytest.mark.integration, pytest.mark.model]

SUDANI = "person:mohammed-shia-al-sudani"


def _all_counts(worker: Worker) -> dict[str, int]:
    status, body = get(f"{worker.url}/actors/top?window=all&limit=1000")
    assert status == 200, body
    return {a["actor_id"]: a["count"] for a in body["actors"]}


def _wait(worker: Worker, done: object, timeout: float = 90) -> dict[str, int]:
    deadline = time.monotonic() + timeout
    counts = _all_counts(worker)
    while not done(counts) and time.monotonic() < deadline:  # type: ignore[operator]
        time.sleep(0.5)
        counts = _all_counts(worker)
    return counts


@pytest.mark.parametrize("store", ["memory://", "rocksdb://"])
def test_counts_survive_a_restart(store: str, kafka_broker: str, tmp_path: Path) -> None:
    worker = Worker(kafka_broker, tmp_path)
    worker.env["NEWSSTREAM_STORE"] = store
    worker.start()
    try:
        seed = orjson.dumps({"id": "seed", "text": SEED.read_text(encoding="utf-8")})
        assert produce(worker, [(b"seed", seed)]) == 1
        before = _wait(worker, lambda c: c.get(SUDANI) == 7)
        assert before[SUDANI] == 7
        time.sleep(2)  # let the counts agent finish the article's last actors
        before = _all_counts(worker)
        worker.stop()
        if store == "rocksdb://":
            assert any((tmp_path / "worker").rglob("*.sst")) or any((tmp_path / "worker").rglob("CURRENT"))
        worker.start()
        after = _wait(worker, lambda c: c == before)
        assert after == before
        # and counting goes on exactly once after recovery
        assert produce(worker, [(b"seed", seed)]) == 1
        time.sleep(3)
        assert _all_counts(worker) == before
    finally:
        worker.stop()
