"""Through the real broker: a worker process, raw records in, events, dead letters and counts out."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import orjson
import pytest

from ..conftest import SAMPLES, SEED
from .support import Worker, collect, first_record, get, produce

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


@pytest.fixture(scope="module")
def worker(kafka_broker: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Worker]:
    w = Worker(kafka_broker, tmp_path_factory.mktemp("stream"))
    w.start()
    yield w
    w.stop()


def _seed_record() -> tuple[bytes, bytes]:
    return b"seed", orjson.dumps({"id": "seed", "text": SEED.read_text(encoding="utf-8")})


@pytest.fixture(scope="module")
def produced(worker: Worker) -> dict[str, Any]:
    samples = [line for line in SAMPLES.read_bytes().splitlines() if line.strip()]
    records = [_seed_record(), *((None, line) for line in samples), *((None, bad) for bad in BAD_RECORDS)]
    assert produce(worker, records) == len(records)
    total = len(records)
    out = collect(worker, [worker.topics.events, worker.topics.dlq], lambda seen: len(seen) >= total)
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
    status, body = get(f"{worker.url}/actors/top?window={window}&limit=1000")
    assert status == 200, body
    assert body["window"] == window
    return {a["actor_id"]: a["count"] for a in body["actors"]}


def _wait_for(worker: Worker, window: str, done: Any) -> dict[str, int]:
    """Poll the top-actors API until ``done(counts)`` holds (counting is asynchronous), or 60 s."""
    deadline = time.monotonic() + 60
    counts = _top(worker, window)
    while not done(counts) and time.monotonic() < deadline:
        time.sleep(0.5)
        counts = _top(worker, window)
    return counts


def test_rolling_counts_and_top_actors(produced: dict[str, Any], worker: Worker) -> None:
    sudani = "person:mohammed-shia-al-sudani"
    # articles without published_at count at ingest time: in the last hour; the samples that carry
    # 2024 dates are past every window, so they count in the all-time total only.
    undated: dict[str, int] = {}
    for event in produced["events"].values():
        if event["published_at"] is None:
            for actor in event["actors"]:
                undated[actor["id"]] = undated.get(actor["id"], 0) + actor["mentions"]
    assert len(undated) > len(produced["events"]["seed"]["actors"])
    hour = _wait_for(worker, "1h", lambda counts: counts == undated)
    assert hour == undated
    assert hour[sudani] == 7
    expected_total = sum(a["mentions"] for e in produced["events"].values() for a in e["actors"] if a["id"] == sudani)
    assert expected_total > 7
    total = _wait_for(worker, "all", lambda counts: counts.get(sudani) == expected_total)
    assert total[sudani] == expected_total
    status, body = get(f"{worker.url}/actors/top?window=1h&limit=3&type=person")
    assert status == 200 and len(body["actors"]) <= 3
    assert all(a["type"] == "person" for a in body["actors"])
    assert body["actors"][0]["actor_id"] == sudani
    assert get(f"{worker.url}/actors/top?window=7d")[0] == 400


def test_counts_topic_has_the_window_records(produced: dict[str, Any], worker: Worker) -> None:
    sudani = "person:mohammed-shia-al-sudani"
    records = collect(
        worker,
        [worker.topics.counts],
        lambda seen: any(r["actor_id"] == sudani and r["window"] == "1h" for r in seen),
    )
    hour = [r for r in records if r["actor_id"] == sudani and r["window"] == "1h"]
    assert hour and hour[-1]["count"] == 7
    assert set(hour[-1]) >= {"actor_id", "name", "type", "window_start", "window_end", "count"}


def test_redelivered_article_does_not_count_twice(produced: dict[str, Any], worker: Worker) -> None:
    sudani = "person:mohammed-shia-al-sudani"
    before_all = _top(worker, "all")[sudani]
    before_skipped = _skipped(get(f"{worker.url}/metrics")[1])
    since = int(time.time() * 1000)
    assert produce(worker, [_seed_record()]) == 1

    first_record(worker, worker.topics.events, since, lambda r: r.get("id") == "seed", "seed event", timeout=120)
    seed = produced["events"]["seed"]
    updates = len(seed["actors"]) + len(seed["locations"])  # every (article, actor/place) update is skipped
    deadline = time.monotonic() + 60
    skipped = 0.0
    while time.monotonic() < deadline:
        skipped = _skipped(get(f"{worker.url}/metrics")[1]) - before_skipped
        if skipped >= updates:
            break
        time.sleep(0.5)
    assert skipped == updates
    assert _top(worker, "1h")[sudani] == 7
    assert _top(worker, "all")[sudani] == before_all


def _skipped(metrics: str) -> float:
    for line in metrics.splitlines():
        if line.startswith("newsstream_duplicate_mentions_skipped_total "):
            return float(line.split()[1])
    return 0.0


def test_health_ready_and_metrics(produced: dict[str, Any], worker: Worker) -> None:
    assert get(f"{worker.url}/health") == (200, {"status": "ok"})
    assert get(f"{worker.url}/ready") == (
        200,
        {"ready": True, "broker_reachable": True, "model_loaded": True, "recovery_done": True},
    )
    status, metrics = get(f"{worker.url}/metrics")
    assert status == 200
    assert 'newsstream_articles_processed_total{stage="geo"}' in metrics
    assert 'newsstream_dead_letters_total{reason="not_json",stage="clean"} 2.0' in metrics
    assert "newsstream_stage_seconds_bucket" in metrics
    assert "newsstream_end_to_end_seconds_count" in metrics
    deadline = time.monotonic() + 20
    while "newsstream_consumer_lag{" not in metrics and time.monotonic() < deadline:
        time.sleep(1)
        metrics = get(f"{worker.url}/metrics")[1]
    assert 'newsstream_consumer_lag{partition="0",topic="' in metrics
    assert 'newsstream_table_keys{table="actor_state"}' in metrics
    assert 'newsstream_table_keys{table="articles_counted"}' in metrics
    assert 'newsstream_table_keys{table="signatures"}' in metrics  # every worker holds all of them


def test_actor_detail_has_aliases_counts_and_series(produced: dict[str, Any], worker: Worker) -> None:
    sudani = "person:mohammed-shia-al-sudani"
    _wait_for(worker, "1h", lambda counts: counts.get(sudani) == 7)
    status, body = get(f"{worker.url}/actors/{sudani}")
    assert status == 200, body
    assert body["name"] == "Mohammed Shia al-Sudani" and body["type"] == "person"
    assert {"al-Sudani", "Al-Sudani"} <= set(body["aliases"])
    assert body["counts"]["1h"] == 7 and body["counts"]["all"] >= 7
    assert body["step_seconds"] == 300
    assert len(body["series"]) == 86400 // 300
    assert sum(point["count"] for point in body["series"]) == body["counts"]["24h"]
    assert body["series"][-1]["count"] == 7 or body["series"][-2]["count"] == 7
    assert get(f"{worker.url}/actors/person:nobody")[0] == 404


def test_locations_top_counts_places_and_countries(produced: dict[str, Any], worker: Worker) -> None:
    expected: dict[int, int] = {}
    for event in produced["events"].values():
        for loc in event["locations"]:
            expected[loc["geonameid"]] = expected.get(loc["geonameid"], 0) + loc["mentions"]

    def places() -> dict[str, Any]:
        return get(f"{worker.url}/locations/top?window=all&limit=1000")[1]

    deadline = time.monotonic() + 60
    body = places()
    while {p["geonameid"]: p["count"] for p in body["places"]} != expected and time.monotonic() < deadline:
        time.sleep(0.5)
        body = places()
    assert {p["geonameid"]: p["count"] for p in body["places"]} == expected
    baghdad = next(p for p in body["places"] if p["name"] == "Baghdad")
    assert baghdad["country_code"] == "IQ" and 33 < baghdad["lat"] < 34 and 44 < baghdad["lon"] < 45
    by_country: dict[str, int] = {}
    for event in produced["events"].values():
        for loc in event["locations"]:
            if loc["country_code"]:
                by_country[loc["country_code"]] = by_country.get(loc["country_code"], 0) + loc["mentions"]
    assert {c["country_code"]: c["count"] for c in body["countries"]} == by_country
    assert all(not a["actor_id"].startswith("place:") for a in get(f"{worker.url}/actors/top?window=all")[1]["actors"])


def test_stats(produced: dict[str, Any], worker: Worker) -> None:
    status, body = get(f"{worker.url}/stats")
    assert status == 200
    assert body["processed"]["geo"] >= len(produced["events"])
    assert body["dead_letters"] >= len(BAD_RECORDS) + 1
    assert body["dead_letters_by_reason"]["not_json"] >= 2


def test_over_limit_record_is_dead_lettered_by_the_producer(worker: Worker) -> None:
    since = int(time.time() * 1000)
    huge = b'{"id": "huge", "html": "' + b"<p>x</p>" * 700_000 + b'"}'
    assert len(huge) > worker.settings.max_body_bytes
    assert produce(worker, [(b"huge", huge)]) == 1

    letter = first_record(worker, worker.topics.dlq, since, lambda r: r.get("id") == "huge", "over-limit letter", 60)
    assert letter["reason"] == "too_large" and letter["stage"] == "produce"
    assert "over the limit" in letter["error"] and letter["raw"].startswith('{"id": "huge"')


def test_stream_counts_equal_the_offline_recount(produced: dict[str, Any], worker: Worker, resources) -> None:
    from newsstream.counts import recount
    from newsstream.models import EnrichedEvent
    from newsstream.pipeline import enrich_many

    inputs = [_seed_record()[1], *produced["samples"]]
    offline = {
        a["actor_id"]: a["count"]
        for a in recount(r for r in enrich_many(inputs, resources) if isinstance(r, EnrichedEvent))
    }
    streamed = _wait_for(worker, "all", lambda counts: counts == offline)
    assert streamed == offline


def test_records_from_the_broker_validate_against_the_schemas(produced: dict[str, Any], worker: Worker) -> None:
    import jsonschema

    from newsstream.schema import json_schemas

    schemas = json_schemas()
    for event in produced["events"].values():
        jsonschema.validate(event, schemas["news.events.geo"])
    for letter in produced["letters"]:
        jsonschema.validate(letter, schemas["news.articles.dlq"])
    counts = collect(worker, [worker.topics.counts], lambda seen: len(seen) >= 5)
    assert counts
    for record in counts:
        jsonschema.validate(record, schemas["news.actors.counts"])


def _enrich_through(worker: Worker, article_id: str, text: str) -> dict[str, Any]:
    since = int(time.time() * 1000)
    assert produce(worker, [(article_id.encode(), orjson.dumps({"id": article_id, "text": text}))]) == 1

    return first_record(worker, worker.topics.events, since, lambda r: r.get("id") == article_id, article_id)


def _alias_updates(worker: Worker) -> float:
    """Updates applied by the registry agent plus those not sent because the registry had them."""
    lines = get(f"{worker.url}/metrics")[1].splitlines()
    names = ("newsstream_alias_updates_total ", "newsstream_alias_updates_known_total ")
    return sum(float(line.split()[1]) for line in lines if line.startswith(names))


def _registry_settled(worker: Worker, events: list[dict[str, Any]], before: float) -> None:
    """Alias updates ride their own topic after the event: wait until the registry agent applied them."""
    from newsstream.models import Actor
    from newsstream.registry import alias_updates

    expected = sum(len(alias_updates([Actor.model_validate(a) for a in e["actors"]])) for e in events)
    deadline = time.monotonic() + 60
    while _alias_updates(worker) - before < expected and time.monotonic() < deadline:
        time.sleep(0.3)


def test_alias_registry_across_articles_and_workers(produced: dict[str, Any], worker: Worker) -> None:
    from ..test_registry import IMRAN, KHAN_ONLY, SADIQ, SUDANI_ONLY

    _registry_settled(worker, [produced["events"]["seed"]], 0.0)  # the seed says the full name
    later_actors = {a["id"]: a for a in _enrich_through(worker, "reg-sudani", SUDANI_ONLY)["actors"]}
    assert "person:mohammed-shia-al-sudani" in later_actors and "person:al-sudani" not in later_actors
    assert later_actors["person:mohammed-shia-al-sudani"]["name"] == "Mohammed Shia al-Sudani"
    before = _alias_updates(worker)
    imran, sadiq = _enrich_through(worker, "reg-imran", IMRAN), _enrich_through(worker, "reg-sadiq", SADIQ)
    assert "person:imran-khan" in {a["id"] for a in imran["actors"]}
    assert "person:sadiq-khan" in {a["id"] for a in sadiq["actors"]}
    _registry_settled(worker, [imran, sadiq], before)
    alone = {a["id"] for a in _enrich_through(worker, "reg-khan", KHAN_ONLY)["actors"]}
    assert "person:imran-khan" not in alone and "person:sadiq-khan" not in alone


def test_a_syndicated_copy_is_flagged_and_left_out_of_distinct_counts(produced: dict[str, Any], worker: Worker) -> None:
    import random

    from ..test_dedup import perturb

    sudani = "person:mohammed-shia-al-sudani"
    before = _top(worker, "all")[sudani]
    copy = _enrich_through(worker, "seed-copy", perturb(SEED.read_text(encoding="utf-8"), random.Random(3)))
    assert copy["duplicate_of"] == "seed" and copy["near_duplicate_score"] >= 0.5
    copy_mentions = next(a["mentions"] for a in copy["actors"] if a["id"] == sudani)
    counts = _wait_for(worker, "all", lambda c: c.get(sudani) == before + copy_mentions)
    assert counts[sudani] == before + copy_mentions  # GDELT-like: every article counts
    status, body = get(f"{worker.url}/actors/top?window=all&distinct=true&limit=1000")
    assert status == 200 and body["distinct"] is True
    assert {a["actor_id"]: a["count"] for a in body["actors"]}[sudani] == before


def test_http_responses_match_the_openapi_document(produced: dict[str, Any], worker: Worker) -> None:
    from newsstream.api import RESPONSES

    sudani = "person:mohammed-shia-al-sudani"
    for path, query in [
        ("/actors/top", "?window=24h&limit=5"),
        (f"/actors/{sudani}", ""),
        ("/locations/top", "?window=all"),
        ("/stats", ""),
        ("/health", ""),
        ("/ready", ""),
    ]:
        status, body = get(f"{worker.url}{path}{query}")
        assert status == 200, (path, body)
        model = RESPONSES["/actors/{actor_id}" if path.startswith("/actors/person") else path][2]
        model.model_validate(body)  # extra="forbid": a field the document lacks fails too


def test_late_articles_count_in_their_windows_or_in_the_total_only(produced: dict[str, Any], worker: Worker) -> None:
    from datetime import UTC, datetime, timedelta

    text = (
        "Finance minister Adebayo Okonkwo-Reyes presented the budget in Abuja on Tuesday, promising "
        "lower fuel subsidies and new spending on rail. Okonkwo-Reyes told lawmakers the plan would "
        "cut the deficit within two years, while the opposition said it would raise prices for families."
    )
    actor = "person:adebayo-okonkwo-reyes"
    now = datetime.now(UTC)

    def late_count() -> float:
        for line in get(f"{worker.url}/metrics")[1].splitlines():
            if line.startswith("newsstream_late_mentions_total "):
                return float(line.split()[1])
        return 0.0

    before_late = late_count()
    events = {}
    for article_id, published in [
        ("late-fresh", None),
        ("late-2h", now - timedelta(hours=2)),
        ("late-3d", now - timedelta(days=3)),
    ]:
        record = {"id": article_id, "text": text.replace("Tuesday", f"Tuesday ({article_id})")}
        if published is not None:
            record["published_at"] = published.isoformat()
        since = int(time.time() * 1000)
        assert produce(worker, [(article_id.encode(), orjson.dumps(record))]) == 1

        events[article_id] = first_record(
            worker, worker.topics.events, since, lambda r, a=article_id: r.get("id") == a, article_id
        )
    per_article = {k: next(a["mentions"] for a in e["actors"] if a["id"] == actor) for k, e in events.items()}
    total = sum(per_article.values())
    counts = _wait_for(worker, "all", lambda c: c.get(actor) == total)
    assert counts[actor] == total  # every article counts in the all-time total
    assert _top(worker, "24h")[actor] == per_article["late-fresh"] + per_article["late-2h"]
    assert _top(worker, "1h")[actor] == per_article["late-fresh"]
    late = events["late-3d"]
    late_mentions = sum(a["mentions"] for a in late["actors"]) + sum(p["mentions"] for p in late["locations"])
    assert late_count() - before_late == late_mentions  # past 24 h + grace: total only, and said so


def test_a_malformed_internal_count_record_is_dead_lettered_and_counting_goes_on(
    produced: dict[str, Any], worker: Worker
) -> None:
    from .support import produce_raw

    since = int(time.time() * 1000)
    bad = orjson.dumps({"article_id": "bad-batch", "mentions": [{"actor_id": "person:x"}]})
    assert produce_raw(worker, [(b"bad-batch", bad)], topic=worker.topics.mentions) == 1

    letter = first_record(worker, worker.topics.dlq, since, lambda r: r.get("stage") == "counts", "counts letter", 60)
    assert letter["reason"] == "invalid_schema" and "MentionBatch" in letter["error"]
    assert get(f"{worker.url}/health") == (200, {"status": "ok"})
    assert _top(worker, "all")["person:mohammed-shia-al-sudani"] >= 7  # the tables are still served
