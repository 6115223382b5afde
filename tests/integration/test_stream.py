"""Through the real broker: a worker process, raw records in, events, dead letters and counts out."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest

from newsstream.config import Settings
from newsstream.stream.client import follow, produce_records
from newsstream.stream.topics import topic_names

from ..conftest import SAMPLES, SEED

pytestmark = [pytest.mark.integration, pytest.mark.model]

BAD_RECORDS: dict[bytes, str] = {
    b"this is not json": "not_json",
    b'{"id": "trunc", "text": "cut off': "not_json",
    b'["an", "array"]': "not_an_object",
    b'{"id": "nobody", "title": "no body"}': "no_body",
    b'{"id": "wrongtype", "text": 12}': "invalid_schema",
    b'{"id": "latin1", "text": "caf\xe9"}': "invalid_utf8",
    b'{"id": "scripts", "html": "<html><script>x()</script></html>"}': "empty_after_cleaning",
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> tuple[int, Any]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            body = response.read()
            status = response.status
    except urllib.error.HTTPError as exc:
        body, status = exc.read(), exc.code
    try:
        return status, json.loads(body)
    except ValueError:
        return status, body.decode()


class Worker:
    def __init__(self, broker: str, tmp: Path) -> None:
        run = uuid.uuid4().hex[:8]
        self.port = _free_port()
        self.env = {**os.environ, "NEWSSTREAM_BROKER": f"kafka://{broker}",
                    "NEWSSTREAM_TOPIC_PREFIX": f"it-{run}.", "NEWSSTREAM_APP_ID": f"newsstream-it-{run}",
                    "NEWSSTREAM_WEB_PORT": str(self.port), "NEWSSTREAM_DATA_DIR": str(tmp / "worker"),
                    "NEWSSTREAM_TAG_BATCH_SECONDS": "0.1"}
        self.settings = Settings(broker=f"kafka://{broker}", topic_prefix=f"it-{run}.")
        self.topics = topic_names(self.settings.topic_prefix)
        self.log = tmp / "worker.log"
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen([sys.executable, "-m", "newsstream.cli", "worker"], env=self.env,
                                            stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"worker exited with {self.process.returncode}:\n{self.tail()}")
            try:
                if _get(f"{self.url}/ready")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.5)
        pytest.fail(f"worker not ready after 180 s:\n{self.tail()}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def tail(self) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-40:])


@pytest.fixture(scope="module")
def worker(kafka_broker: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Worker]:
    w = Worker(kafka_broker, tmp_path_factory.mktemp("stream"))
    w.start()
    yield w
    w.stop()


def _produce(w: Worker, records: list[tuple[bytes | None, bytes]]) -> int:
    return asyncio.run(produce_records(w.settings, w.topics.raw, records))


def _collect(w: Worker, topics: list[str], until: Any, timeout: float = 120) -> list[dict]:
    """Records of ``topics`` from the beginning until ``until(records)`` holds (or the timeout)."""

    async def run() -> list[dict]:
        seen: list[dict] = []
        async for record in follow(w.settings, topics, from_beginning=True, idle_timeout=timeout):
            seen.append(record)
            if until(seen):
                break
        return seen

    return asyncio.run(asyncio.wait_for(run(), timeout + 30))


def _seed_record() -> tuple[bytes, bytes]:
    return b"seed", orjson.dumps({"id": "seed", "text": SEED.read_text(encoding="utf-8")})


@pytest.fixture(scope="module")
def produced(worker: Worker) -> dict[str, Any]:
    samples = [line for line in SAMPLES.read_bytes().splitlines() if line.strip()]
    records = [_seed_record(), *((None, line) for line in samples), *((None, bad) for bad in BAD_RECORDS)]
    assert _produce(worker, records) == len(records)
    total = len(records)
    out = _collect(worker, [worker.topics.events, worker.topics.dlq], lambda seen: len(seen) >= total)
    events = {r["id"]: r for r in out if "actors" in r}
    letters = [r for r in out if "reason" in r]
    return {"events": events, "letters": letters, "samples": samples, "all": out}


def test_every_record_ends_as_an_event_or_a_dead_letter(produced: dict[str, Any], worker: Worker) -> None:
    english = {orjson.loads(s)["id"] for s in produced["samples"]} - {"sample-not-english"}
    assert set(produced["events"]) == english | {"seed"}, worker.tail()
    reasons = sorted(letter["reason"] for letter in produced["letters"])
    assert reasons == sorted([*BAD_RECORDS.values(), "unsupported_language"])
    for letter in produced["letters"]:
        assert letter["error"] and letter["raw"] and letter["stage"] == "clean"


def test_seed_event_through_the_broker(produced: dict[str, Any]) -> None:
    seed = produced["events"]["seed"]
    assert seed["byline"] == ["Carina"]
    assert seed["focus"]["country_code"] == "IQ"
    sudani = next(a for a in seed["actors"] if a["id"] == "person:mohammed-shia-al-sudani")
    assert sudani["mentions"] == 7
    names = " ".join(a["name"] for a in seed["actors"])
    assert "Ted Cruz" not in names and "Kamala Harris" not in names and "Trump" not in names


def _top(worker: Worker, window: str) -> dict[str, int]:
    status, body = _get(f"{worker.url}/actors/top?window={window}&limit=1000")
    assert status == 200, body
    assert body["window"] == window
    return {a["actor_id"]: a["count"] for a in body["actors"]}


def _wait_for_count(worker: Worker, window: str, actor: str, expected: int) -> dict[str, int]:
    deadline = time.monotonic() + 60
    counts: dict[str, int] = {}
    while time.monotonic() < deadline:
        counts = _top(worker, window)
        if counts.get(actor) == expected:
            return counts
        time.sleep(0.5)
    return counts


def test_rolling_counts_and_top_actors(produced: dict[str, Any], worker: Worker) -> None:
    sudani = "person:mohammed-shia-al-sudani"
    # articles without published_at count at ingest time: in the last hour; the samples that carry
    # 2024 dates are past every window, so they count in the all-time total only.
    hour = _wait_for_count(worker, "1h", sudani, 7)
    assert hour[sudani] == 7
    undated: dict[str, int] = {}
    for event in produced["events"].values():
        if event["published_at"] is None:
            for actor in event["actors"]:
                undated[actor["id"]] = undated.get(actor["id"], 0) + actor["mentions"]
    assert len(undated) > len(produced["events"]["seed"]["actors"])
    assert hour == undated
    expected_total = sum(a["mentions"] for e in produced["events"].values() for a in e["actors"]
                         if a["id"] == sudani)
    assert expected_total > 7
    assert _wait_for_count(worker, "all", sudani, expected_total)[sudani] == expected_total
    status, body = _get(f"{worker.url}/actors/top?window=1h&limit=3&type=person")
    assert status == 200 and len(body["actors"]) <= 3
    assert all(a["type"] == "person" for a in body["actors"])
    assert body["actors"][0]["actor_id"] == sudani
    assert _get(f"{worker.url}/actors/top?window=7d")[0] == 400


def test_counts_topic_has_the_window_records(produced: dict[str, Any], worker: Worker) -> None:
    sudani = "person:mohammed-shia-al-sudani"
    records = _collect(worker, [worker.topics.counts],
                       lambda seen: any(r["actor_id"] == sudani and r["window"] == "1h" for r in seen))
    hour = [r for r in records if r["actor_id"] == sudani and r["window"] == "1h"]
    assert hour and hour[-1]["count"] == 7
    assert set(hour[-1]) >= {"actor_id", "name", "type", "window_start", "window_end", "count"}


def test_redelivered_article_does_not_count_twice(produced: dict[str, Any], worker: Worker) -> None:
    sudani = "person:mohammed-shia-al-sudani"
    before_all = _top(worker, "all")[sudani]
    since = int(time.time() * 1000)
    assert _produce(worker, [_seed_record()]) == 1

    async def wait_event() -> None:
        async for record in follow(worker.settings, [worker.topics.events], since_ms=since, idle_timeout=120):
            if record.get("id") == "seed":
                return

    asyncio.run(wait_event())
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        metrics = _get(f"{worker.url}/metrics")[1]
        if "newsstream_duplicate_mentions_skipped_total" in metrics and _skipped(metrics) > 0:
            break
        time.sleep(0.5)
    assert _skipped(metrics) >= len(produced["events"]["seed"]["actors"])
    assert _top(worker, "1h")[sudani] == 7
    assert _top(worker, "all")[sudani] == before_all


def _skipped(metrics: str) -> float:
    for line in metrics.splitlines():
        if line.startswith("newsstream_duplicate_mentions_skipped_total "):
            return float(line.split()[1])
    return 0.0


def test_health_ready_and_metrics(produced: dict[str, Any], worker: Worker) -> None:
    assert _get(f"{worker.url}/health") == (200, {"status": "ok"})
    assert _get(f"{worker.url}/ready")[0] == 200
    status, metrics = _get(f"{worker.url}/metrics")
    assert status == 200
    assert 'newsstream_articles_processed_total{stage="geo"}' in metrics
    assert 'newsstream_dead_letters_total{reason="not_json",stage="clean"} 2.0' in metrics
    assert "newsstream_stage_seconds_bucket" in metrics
    assert "newsstream_end_to_end_seconds_count" in metrics
