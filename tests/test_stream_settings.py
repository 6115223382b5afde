"""The worker's Faust app is built from Settings: the knobs measured in bench/e2e.py reach Faust."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from newsstream.config import Settings
from newsstream.stream.app import create_app


def _faust_conf(tmp_path: Path) -> Any:
    app, _ = create_app(Settings(data_dir=tmp_path, topic_prefix="settings-test."))
    return app.conf


def test_defaults_batch_produce_requests_and_keep_no_standby_tables(tmp_path: Path) -> None:
    conf = _faust_conf(tmp_path)
    assert conf.producer_linger == pytest.approx(0.010)
    assert conf.table_standby_replicas == 0


def test_linger_and_standby_replicas_come_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSSTREAM_PRODUCER_LINGER_MS", "0")
    monkeypatch.setenv("NEWSSTREAM_STANDBY_REPLICAS", "1")
    conf = _faust_conf(tmp_path)
    assert conf.producer_linger == 0
    assert conf.table_standby_replicas == 1
