"""Shared fixtures: the seed, the real model and gazetteer (loaded once), the real broker."""

from __future__ import annotations

import os
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED = SEEDS / "000_db8795088e5f2b5f.txt"
SAMPLES = SEEDS / "samples.jsonl"
DATASETS = Path(os.environ.get("NEWSSTREAM_DATASETS", ROOT.parent / "shared" / "datasets"))


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def resources():
    """The real spaCy pipeline and gazetteer, loaded once for the whole session."""
    from newsstream.pipeline import load_resources

    return load_resources()


def _reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture(scope="session")
def kafka_broker() -> Iterator[str]:
    """The real local Kafka broker (started by the project's own script, left running).

    The topics of the session's workers are deleted at its end: a broker holding every topic
    of every past run takes minutes to start.
    """
    bootstrap = os.environ.get("NEWSSTREAM_TEST_BROKER", "127.0.0.1:9092")
    host, port = bootstrap.rsplit(":", 1)
    if not _reachable(host, int(port)):
        result = subprocess.run(
            ["bash", str(ROOT / "deploy" / "kafka" / "kafka.sh"), "up"],
            capture_output=True,
            text=True,
            timeout=900,
        )
        if result.returncode != 0:
            pytest.fail(f"could not start the local Kafka broker:\n{result.stdout}\n{result.stderr}")
    yield bootstrap
    _delete_session_topics(bootstrap)


def _delete_session_topics(bootstrap: str) -> None:
    import asyncio
    import warnings

    from newsstream.config import Settings
    from newsstream.stream.client import delete_topics

    from .integration.support import SESSION_TOPIC_PREFIXES

    if not SESSION_TOPIC_PREFIXES:
        return
    try:
        asyncio.run(delete_topics(Settings(broker=f"kafka://{bootstrap}"), sorted(SESSION_TOPIC_PREFIXES)))
    except Exception as exc:  # the broker may be down after a fault test: leave them, say so
        warnings.warn(f"could not delete this session's topics on {bootstrap}: {exc}", stacklevel=1)
