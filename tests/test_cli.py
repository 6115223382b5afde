"""The CLI: enrich writes contract events in input order, rejects go to the dead-letter file."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

import orjson
import pytest
from typer.testing import CliRunner

from newsstream.cli import app
from newsstream.models import DeadLetter, EnrichedEvent

from .conftest import SAMPLES, SEED

pytestmark = pytest.mark.model
runner = CliRunner()


def test_enrich_seed_writes_one_contract_event(tmp_path: Path, resources) -> None:
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["enrich", str(SEED), "-o", str(out)])
    assert result.exit_code == 0, result.output
    lines = out.read_bytes().splitlines()
    assert len(lines) == 1
    event = EnrichedEvent.model_validate(orjson.loads(lines[0]))
    assert event.byline == ["Carina"]
    assert any(a.id == "person:mohammed-shia-al-sudani" for a in event.actors)


def test_enrich_keeps_input_order_and_dead_letters(tmp_path: Path, resources) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(
        b'{"id": "ok", "text": "Officials in Baghdad met on Monday to discuss the budget '
        b'for the coming year, the government said in a statement."}\n'
        b"this is not json\n\n"
        b'{"id": "empty", "title": "no body"}\n'
    )
    out, dlq = tmp_path / "out.jsonl", tmp_path / "dlq.jsonl"
    result = runner.invoke(app, ["enrich", str(bad), str(SAMPLES), "-o", str(out), "--dead-letter", str(dlq)])
    assert result.exit_code == 0, result.output
    events = [orjson.loads(line) for line in out.read_bytes().splitlines()]
    letters = [DeadLetter.model_validate(orjson.loads(line)) for line in dlq.read_bytes().splitlines()]
    sample_ids = [orjson.loads(line)["id"] for line in SAMPLES.read_bytes().splitlines() if line.strip()]
    assert [e["id"] for e in events] == ["ok"] + [i for i in sample_ids if i != "sample-not-english"]
    assert [(d.reason, d.id) for d in letters] == [
        ("not_json", None),
        ("no_body", "empty"),
        ("unsupported_language", "sample-not-english"),
    ]
    assert "bad.jsonl:2" in result.output and "not_json" in result.output


def test_enrich_without_dead_letter_file_fails_loudly(tmp_path: Path, resources) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(b"[1, 2, 3]\n")
    result = runner.invoke(app, ["enrich", str(bad), "-o", str(tmp_path / "o.jsonl")])
    assert result.exit_code == 1
    assert "not_an_object" in result.output


def test_missing_input_is_a_clear_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["enrich", str(tmp_path / "nope.jsonl")])
    assert result.exit_code == 2
    assert "input not found" in result.output


def test_worker_refuses_exactly_once_and_says_what_to_do(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSSTREAM_PROCESSING_GUARANTEE", "exactly_once")
    result = runner.invoke(app, ["worker"])
    assert result.exit_code == 2
    assert "switched off" in result.output and "Unset it" in result.output


def test_top_without_worker_says_what_to_do() -> None:
    result = runner.invoke(app, ["top", "--url", "http://127.0.0.1:9"])
    assert result.exit_code == 3
    assert "newsstream worker" in result.output


@pytest.fixture
def worker_api() -> Iterator[tuple[str, dict[str, Any]]]:
    """A stand-in for a worker's HTTP API: answers /actors/top with whatever the test puts in it."""
    body: dict[str, Any] = {"window": "1h", "actors": []}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            payload = orjson.dumps(body)
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args: Any) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", body
    finally:
        server.shutdown()


def test_top_prints_the_actors(worker_api: tuple[str, dict[str, Any]]) -> None:
    url, body = worker_api
    body["actors"] = [
        {"actor_id": "person:mohammed-shia-al-sudani", "name": "Mohammed Shia al-Sudani", "type": "person", "count": 7}
    ]
    result = runner.invoke(app, ["top", "--url", url])
    assert result.exit_code == 0
    assert "Mohammed Shia al-Sudani" in result.output
    assert "no mentions counted" not in result.output


def test_an_empty_window_says_why_it_may_be_empty(worker_api: tuple[str, dict[str, Any]]) -> None:
    url, _ = worker_api
    result = runner.invoke(app, ["top", "--url", url])
    assert result.exit_code == 0
    assert "no mentions counted in window 1h" in result.output
    assert "--window all" in result.output


def test_an_event_prints_places_without_a_country_and_titles_verbatim(
    resources, capsys: pytest.CaptureFixture[str]
) -> None:
    from newsstream.cli import print_record
    from newsstream.pipeline import enrich

    line = next(x for x in SAMPLES.read_bytes().splitlines() if b"sample-georgia-tbilisi" in x)
    event = enrich(line, resources)
    assert isinstance(event, EnrichedEvent)
    assert any(p.country_code is None for p in event.locations)  # "European Union" -> Europe, a continent
    event = event.model_copy(update={"title": "[live] Tbilisi protests [bold]"})
    print_record(event.model_dump(mode="json"))
    printed = " ".join(capsys.readouterr().out.split())
    assert "[live] Tbilisi protests [bold]" in printed  # rich markup in a title is text, not style
    assert "Tbilisi [GE] (1)" in printed and "Europe (3)" in printed and "[None]" not in printed
