"""enrich(): the one composition of the stages, golden on the seed article."""

from __future__ import annotations

import math

import orjson
import pytest

from newsstream.models import DeadLetter, EnrichedEvent, RawArticle
from newsstream.pipeline import enrich, enrich_many

from .conftest import SAMPLES

pytestmark = pytest.mark.model

# GeoNames coordinates of the seed's places.
SEED_PLACES = {
    "Baghdad": (33.34058, 44.40088),
    "Erbil": (36.19257, 44.01062),
    "Tehran": (35.69439, 51.42151),
    "Gaza": (31.50161, 34.46672),
    "Iraq": (33.0, 44.0),
    "Iran": (32.0, 53.0),
}


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


@pytest.fixture(scope="module")
def seed_event(seed_text: str, resources) -> EnrichedEvent:
    result = enrich(RawArticle(id="seed", text=seed_text), resources)
    assert isinstance(result, EnrichedEvent), result
    return result


def test_seed_text_has_no_litter_and_keeps_the_body(seed_event: EnrichedEvent) -> None:
    text = seed_event.text
    for litter in (
        "Photo of author",
        "By Carina",
        "Credit:",
        "DepositPhotos",
        "Read More",
        "Also Read",
        "Read Next",
        "Related Posts",
        "Leave a Comment",
        "Ted Cruz",
        "Kamala Harris",
        "Trump",
    ):
        assert litter not in text
    assert seed_event.byline == ["Carina"]
    assert seed_event.title == "Rising tensions in Middle East test U.S. relations with Iraq"
    assert "Gregory Gause, a Middle East expert" in text
    assert "Mushtaq Taleb al-Saidi, leader of an Iranian-backed militia" in text
    assert "Ruba Ali Al-Hassani, an Iraqi researcher" in text


def test_seed_actors(seed_event: EnrichedEvent) -> None:
    actors = {a.id: a for a in seed_event.actors}
    sudani = actors["person:mohammed-shia-al-sudani"]
    assert sudani.name == "Mohammed Shia al-Sudani"
    assert sudani.mentions == 7
    assert {"al-Sudani", "Al-Sudani"} <= set(sudani.aliases)
    ryder = next(a for a in seed_event.actors if a.name.endswith("Pat Ryder"))
    assert ryder.mentions == 2
    names = {a.name for a in seed_event.actors}
    for person in (
        "Bill Roggio",
        "Abdul Latif Rashid",
        "Gregory Gause",
        "Mushtaq Taleb al-Saidi",
        "Ruba Ali Al-Hassani",
    ):
        assert person in names
    for org in ("Foundation for Defense of Democracies", "Pentagon", "ISIS"):
        assert org in names
    for absent in ("Carina", "Ted Cruz", "Trump", "Kamala Harris"):
        assert not any(absent in name for name in names)


def test_entities_point_into_the_text(seed_event: EnrichedEvent) -> None:
    assert seed_event.entities
    actor_ids = {a.id for a in seed_event.actors}
    for entity in seed_event.entities:
        assert seed_event.text[entity.start : entity.end] == entity.text
        assert entity.actor_id is None or entity.actor_id in actor_ids


def test_seed_places_and_focus(seed_event: EnrichedEvent) -> None:
    assert seed_event.focus.country_code == "IQ"
    located = {loc.name: loc for loc in seed_event.locations}
    for name, coords in SEED_PLACES.items():
        match = next((loc for loc in seed_event.locations if loc.name == name or name in loc.name), None)
        assert match is not None, f"{name} not located; got {sorted(located)}"
        limit = 30 if name not in ("Iraq", "Iran") else 400  # countries: any representative point
        assert _km((match.lat, match.lon), coords) < limit, (name, match)
        for start, end in match.spans:
            assert seed_event.text[start:end]


def test_batch_and_single_give_the_same_events(seed_text: str, resources) -> None:
    lines = [line for line in SAMPLES.read_bytes().splitlines() if line.strip()]
    records = [*lines, RawArticle(id="seed", text=seed_text)]
    batched = list(enrich_many(records, resources))
    single = [enrich(record, resources) for record in records]
    assert batched == single
    assert [r.id for r in batched] == [orjson.loads(line)["id"] for line in lines] + ["seed"]


def test_every_failure_is_a_dead_letter(resources) -> None:
    cases = {
        b"{not json": "not_json",
        b"[1, 2]": "not_an_object",
        b'{"title": "x"}': "no_body",
        b'{"text": "caf\xe9 au lait"}': "invalid_utf8",
        b'{"html": "<html><script>var a = 1;</script></html>"}': "empty_after_cleaning",
        orjson.dumps(
            {
                "id": "fr",
                "text": "Le gouvernement a présenté mercredi son projet de budget pour "
                "l'année prochaine, qui prévoit une hausse des dépenses militaires et une baisse "
                "des aides aux entreprises, a annoncé le ministre devant les députés.",
            }
        ): "unsupported_language",
    }
    results = list(enrich_many(list(cases), resources))
    assert len(results) == len(cases)
    for (data, reason), result in zip(cases.items(), results, strict=True):
        assert isinstance(result, DeadLetter), (data, result)
        assert result.reason == reason
        assert result.error and result.raw
    assert results[-1].language == "fr" and results[-1].id == "fr"


def test_the_core_imports_no_kafka_library() -> None:
    import subprocess
    import sys

    code = (
        "import sys, newsstream.pipeline, newsstream.cli; "
        "bad = [m for m in sys.modules if m.split('.')[0] in ('faust', 'aiokafka', 'kafka', 'mode')]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_text_over_the_tagging_limit_is_dead_lettered_before_tagging(resources) -> None:
    from newsstream.pipeline import PipelineOptions

    sentence = "Officials in Baghdad met on Monday to discuss the budget for the coming year. "
    record = orjson.dumps({"id": "long", "text": sentence * 400})
    result = enrich(record, resources, PipelineOptions(max_text_chars=10_000))
    assert isinstance(result, DeadLetter) and result.reason == "too_large" and result.id == "long"
    assert result.stage == "clean"  # rejected before spaCy, which would take minutes on such a text
    assert "NEWSSTREAM_MAX_TEXT_CHARS" in result.error
