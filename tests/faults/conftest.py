"""Fault tests: a real worker per module, and the broker guaranteed up before and after each test."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from ..integration.support import broker_ctl


def pytest_configure(config: pytest.Config) -> None:
    # pyproject.toml registers faults/integration/model; ``slow`` marks the fault tests that take
    # more than about a minute each (``make test`` can deselect them with ``-m "not slow"``).
    config.addinivalue_line("markers", "slow: fault tests taking minutes (make test-faults only)")


def wait_broker_up(timeout: float = 240) -> None:
    """``kafka.sh up`` (idempotent), then poll ``kafka.sh status`` until the broker answers."""
    deadline = time.monotonic() + timeout
    last = ""
    while time.monotonic() < deadline:
        up = broker_ctl("up")
        status = broker_ctl("status", timeout=60)
        if up.returncode == 0 and status.returncode == 0:
            return
        last = f"{up.stdout}{up.stderr}{status.stdout}{status.stderr}"
        time.sleep(2)
    pytest.fail(f"the Kafka broker is not up after {timeout} s:\n{last}")


@pytest.fixture(autouse=True)
def broker_up(kafka_broker: str) -> Iterator[str]:
    """Every fault test starts with a live broker and leaves one behind, even when it fails."""
    wait_broker_up()
    yield kafka_broker
    wait_broker_up()
