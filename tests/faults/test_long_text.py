"""Very long article texts (within the 5 MB body limit) must not crash the tagger or stall the stream.

spaCy refuses texts over ``nlp.max_length`` (1,000,000 characters) with a ValueError, and tags a
text just under it in minutes. Both are input-caused: a dead letter with a documented reason, fast,
and the articles behind it keep flowing.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import orjson
import pytest

from ..integration.support import Worker, collect, produce_raw, worker_pid

pytestmark = [pytest.mark.faults, pytest.mark.integration, pytest.mark.model, pytest.mark.slow]

SENTENCE = "The committee met in London on Monday and agreed on a new budget for the coming year. "
SMALL = "Angela Merkel met Emmanuel Macron in Paris on Monday to discuss the budget of the European Union."
#: the reasons of the README's table that an input can cause (internal_error is a bug)
INPUT_REASONS = {
    "not_json",
    "not_an_object",
    "invalid_utf8",
    "invalid_schema",
    "no_body",
    "too_large",
    "empty_after_cleaning",
    "unsupported_language",
}


@pytest.fixture()
def worker(kafka_broker: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Worker]:
    w = Worker(kafka_broker, tmp_path_factory.mktemp("longtext"))
    w.start()
    yield w
    w.stop()


def _text(chars: int) -> str:
    return (SENTENCE * (chars // len(SENTENCE) + 1))[:chars]


@pytest.mark.parametrize("chars", [1_200_000, 990_000])
def test_very_long_text_is_dead_lettered_quickly(worker: Worker, chars: int) -> None:
    pid = worker_pid(worker)
    started = time.monotonic()
    assert produce_raw(worker, [(b"long", orjson.dumps({"id": "long", "text": _text(chars)}))]) == 1
    time.sleep(3)  # the small article queues behind the long one
    assert produce_raw(worker, [(b"after", orjson.dumps({"id": "after", "text": SMALL}))]) == 1
    out = collect(
        worker,
        [worker.topics.events, worker.topics.dlq],
        lambda seen: {"long", "after"} <= {r.get("id") for r in seen},
        timeout=90,
    )
    seconds = time.monotonic() - started
    outcome = {r["id"]: r.get("reason", "event") for r in out if r.get("id") in {"long", "after"}}
    print("\n" + json.dumps({"test": f"long_text_{chars}", "outcomes": outcome, "seconds": round(seconds, 1)}))
    assert outcome.get("after") == "event", outcome
    assert outcome.get("long") in INPUT_REASONS | {"event"}, outcome
    assert seconds < 90
    assert worker_pid(worker) == pid
