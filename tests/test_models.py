"""The models carry exactly the contract's field names, and the codec round-trips them."""

from __future__ import annotations

from datetime import UTC, datetime

from newsstream.models import (
    Actor,
    ActorCount,
    DeadLetter,
    EnrichedEvent,
    Entity,
    Focus,
    Location,
    PipelineInfo,
    RawArticle,
    dumps,
    loads,
)

CONTRACT_EVENT_FIELDS = {
    "id",
    "url",
    "source",
    "published_at",
    "title",
    "byline",
    "language",
    "text",
    "entities",
    "actors",
    "locations",
    "focus",
    "pipeline",
}


def _event() -> EnrichedEvent:
    return EnrichedEvent(
        id="a1",
        url="https://x.test/a",
        source="x.test",
        published_at=datetime(2024, 1, 20, 9, 30, tzinfo=UTC),
        title="T",
        byline=["Carina"],
        language="en",
        text="al-Sudani spoke in Baghdad.",
        entities=[Entity(text="al-Sudani", label="PERSON", start=0, end=9, actor_id="person:mohammed-shia-al-sudani")],
        actors=[
            Actor(
                id="person:mohammed-shia-al-sudani",
                name="Mohammed Shia al-Sudani",
                type="person",
                mentions=1,
                aliases=["al-Sudani"],
            )
        ],
        locations=[
            Location(
                name="Baghdad",
                geonameid=98182,
                lat=33.34,
                lon=44.4,
                country_code="IQ",
                admin1="Baghdad",
                feature_code="PPLC",
                mentions=1,
                confidence=0.9,
                spans=[(19, 26)],
            )
        ],
        focus=Focus(country_code="IQ", geonameid=98182),
        pipeline=PipelineInfo(version="0.1.0", model="en_core_web_sm 3.8.0"),
    )


def test_event_has_the_contract_fields_and_round_trips() -> None:
    event = _event()
    data = dumps(event)
    assert set(loads(EnrichedEvent, data).model_dump()) >= CONTRACT_EVENT_FIELDS
    assert loads(EnrichedEvent, data) == event
    assert b'"published_at":"2024-01-20T09:30:00Z"' in data
    assert b'"spans":[[19,26]]' in data


def test_entity_actor_location_field_names() -> None:
    event = _event().model_dump()
    assert set(event["entities"][0]) >= {"text", "label", "start", "end", "actor_id"}
    assert set(event["actors"][0]) >= {"id", "name", "type", "mentions", "aliases"}
    assert set(event["locations"][0]) >= {
        "name",
        "geonameid",
        "lat",
        "lon",
        "country_code",
        "admin1",
        "feature_code",
        "mentions",
        "confidence",
        "spans",
    }
    assert set(event["focus"]) == {"country_code", "geonameid"}


def test_count_and_dead_letter_fields() -> None:
    count = ActorCount(
        actor_id="person:x",
        name="X",
        type="person",
        window_start=datetime(2024, 1, 1, tzinfo=UTC),
        window_end=datetime(2024, 1, 1, 1, tzinfo=UTC),
        count=3,
    )
    assert set(count.model_dump()) >= {"actor_id", "name", "type", "window_start", "window_end", "count"}
    letter = DeadLetter(id=None, reason="not_json", error="record is not JSON", raw="{")
    assert set(letter.model_dump()) >= {"id", "reason", "error", "raw"}


def test_raw_article_accepts_rfc3339() -> None:
    raw = RawArticle(id="x", text="t", published_at="2024-03-08T18:05:00+01:00")
    assert raw.published_at is not None and raw.published_at.utcoffset() is not None
