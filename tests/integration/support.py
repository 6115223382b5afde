"""A real worker process for tests: unique topics and app id per run, HTTP helpers, readers."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from typing import Any

import pytest

from newsstream.config import Settings
from newsstream.stream.client import follow, produce_records
from newsstream.stream.topics import topic_names

__all__ = ["Worker", "collect", "first_record", "get", "produce", "records_since"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def get(url: str) -> tuple[int, Any]:
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


#: topic-name prefixes of the workers this session started; their topics go when it ends.
SESSION_TOPIC_PREFIXES: set[str] = set()


class Worker:
    def __init__(self, broker: str, tmp: Path) -> None:
        run = uuid.uuid4().hex[:8]
        SESSION_TOPIC_PREFIXES.update({f"it-{run}.", f"newsstream-it-{run}-"})  # stages; changelogs
        self.port = _free_port()
        self.env = {
            **os.environ,
            "NEWSSTREAM_BROKER": f"kafka://{broker}",
            "NEWSSTREAM_TOPIC_PREFIX": f"it-{run}.",
            "NEWSSTREAM_APP_ID": f"newsstream-it-{run}",
            "NEWSSTREAM_WEB_PORT": str(self.port),
            "NEWSSTREAM_DATA_DIR": str(tmp / "worker"),
            "NEWSSTREAM_TAG_BATCH_SECONDS": "0.1",
        }
        self.settings = Settings(broker=f"kafka://{broker}", topic_prefix=f"it-{run}.")
        self.topics = topic_names(self.settings.topic_prefix)
        self.log = tmp / "worker.log"
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "newsstream.cli", "worker"],
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"worker exited with {self.process.returncode}:\n{self.tail()}")
            try:
                if get(f"{self.url}/ready")[0] == 200:
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


def produce(w: Worker, records: list[tuple[bytes | None, bytes]]) -> int:
    return asyncio.run(produce_records(w.settings, w.topics.raw, records, dead_letter_topic=w.topics.dlq)).total


async def _read_until(w: Worker, topics: list[str], until: Any, timeout: float, **where: Any) -> list[dict]:
    """Records of ``topics`` (``where``: ``follow``'s start) until ``until(records)`` holds, or until
    ``timeout`` s pass without a record."""
    seen: list[dict] = []
    async for record in follow(w.settings, topics, idle_timeout=timeout, **where):
        seen.append(record)
        if until(seen):
            break
    return seen


def collect(w: Worker, topics: list[str], until: Any, timeout: float = 120) -> list[dict]:
    """Records of ``topics`` from the beginning until ``until(records)`` holds (or the timeout)."""
    return asyncio.run(asyncio.wait_for(_read_until(w, topics, until, timeout, from_beginning=True), timeout + 30))


def records_since(w: Worker, topics: list[str], since_ms: int, until: Any, timeout: float = 90) -> list[dict]:
    """Records of ``topics`` written since ``since_ms`` until ``until(records)`` holds, or until
    ``timeout`` s pass without a record: the caller asserts on what came, so a failure shows it."""
    return asyncio.run(_read_until(w, topics, until, timeout, since_ms=since_ms))


def first_record(w: Worker, topic: str, since_ms: int, match: Any, what: str, timeout: float = 90) -> dict[str, Any]:
    """The first record of ``topic`` written since ``since_ms`` for which ``match(record)`` holds."""

    async def run() -> dict[str, Any]:
        async for record in follow(w.settings, [topic], since_ms=since_ms, idle_timeout=timeout):
            if match(record):
                return record
        raise AssertionError(f"no {what} on {topic}")

    return asyncio.run(run())


# --- fault-injection helpers (tests/faults) --------------------------------------------------------


def worker_sibling(w: Worker, tmp: Path, name: str = "sibling") -> Worker:
    """A second worker of the same app (same app id and topic prefix): its own web port and data dir."""
    other = Worker.__new__(Worker)
    other.port = _free_port()
    other.env = {
        **w.env,
        "NEWSSTREAM_WEB_PORT": str(other.port),
        "NEWSSTREAM_DATA_DIR": str(tmp / name),
    }
    other.settings = w.settings
    other.topics = w.topics
    other.log = tmp / f"{name}.log"
    other.process = None
    return other


def worker_pid(w: Worker) -> int | None:
    """The pid of the worker process, or None when it is not running."""
    if w.process is None or w.process.poll() is not None:
        return None
    return w.process.pid


def kill9(w: Worker) -> None:
    """SIGKILL the worker process (no shutdown, no final offset commit) and reap it."""
    if w.process is not None and w.process.poll() is None:
        w.process.send_signal(signal.SIGKILL)
        w.process.wait(timeout=30)


def restart(w: Worker) -> None:
    """Start the same worker again: same app id, topics, web port and data dir (waits for /ready)."""
    if w.process is not None and w.process.poll() is None:
        w.stop()
    w.start()


def metrics(w: Worker) -> dict[str, float]:
    """The worker's Prometheus samples: ``{'name{labels}': value}`` (labels as rendered)."""
    status, body = get(f"{w.url}/metrics")
    assert status == 200, body
    samples: dict[str, float] = {}
    for line in str(body).splitlines():
        if line and not line.startswith("#"):
            name, _, value = line.rpartition(" ")
            try:
                samples[name] = float(value)
            except ValueError:
                continue
    return samples


def top_counts(w: Worker, window: str, limit: int = 1000, actor_type: str | None = None) -> dict[str, int]:
    """``/actors/top`` of one worker as ``{actor_id: count}``."""
    query = f"window={window}&limit={limit}" + (f"&type={actor_type}" if actor_type else "")
    status, body = get(f"{w.url}/actors/top?{query}")
    assert status == 200, body
    return {a["actor_id"]: a["count"] for a in body["actors"]}


def broker_ctl(command: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run ``deploy/kafka/kafka.sh COMMAND`` (up, down, status, kill9)."""
    script = Path(__file__).resolve().parents[2] / "deploy" / "kafka" / "kafka.sh"
    return subprocess.run(["bash", str(script), command], capture_output=True, text=True, timeout=timeout, check=False)


def produce_raw(w: Worker, records: list[tuple[bytes | None, bytes | None]], topic: str | None = None) -> int:
    """Send records exactly as given (None value = tombstone), bypassing every producer-side check.

    For hostile input that another producer could write; returns how many the broker acknowledged.
    """
    from aiokafka import AIOKafkaProducer

    from newsstream.stream.client import ENVELOPE_BYTES, ensure_topics

    target = topic or w.topics.raw

    async def run() -> int:
        limit = w.settings.max_body_bytes + ENVELOPE_BYTES
        await ensure_topics(w.settings, [target], max_message_bytes=limit)
        producer = AIOKafkaProducer(
            bootstrap_servers=w.settings.bootstrap_servers,
            acks="all",
            enable_idempotence=True,
            linger_ms=5,
            max_request_size=limit,
        )
        await producer.start()
        try:
            futures = [await producer.send(target, value=value, key=key) for key, value in records]
            for future in futures:
                await future
        finally:
            await producer.stop()
        return len(futures)

    return asyncio.run(run())
