"""Geo stage: resolution and focus on small hand-made TaggedArticles, plus the seed golden test."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsstream.gazetteer import Gazetteer, Place, haversine_km, normalize
from newsstream.geo import geolocate, load_gazetteer
from newsstream.models import CleanedArticle, EnrichedEvent, Entity, TaggedArticle

SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_db8795088e5f2b5f.txt"


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


def article(text: str, *labels: tuple[str, str], title: str | None = None, source: str | None = None) -> TaggedArticle:
    """Entities are found by their first unused occurrence of the surface in ``text``."""
    entities = []
    taken: set[int] = set()
    for surface, label in labels:
        start = text.find(surface)
        while start in taken:
            start = text.find(surface, start + 1)
        assert start >= 0, surface
        taken.add(start)
        entities.append(Entity(text=surface, label=label, start=start, end=start + len(surface)))
    return TaggedArticle(id="t", text=text, title=title, source=source, entities=entities)


def by_name(event: EnrichedEvent, surface: str):
    for loc in event.locations:
        for a, b in loc.spans:
            if event.text[a:b] == surface:
                return loc
    return None


def test_erbil_with_iraq_resolves_to_erbil_iq(gaz: Gazetteer) -> None:
    ev = geolocate(article("A drone hit Erbil, officials in Iraq said.", ("Erbil", "GPE"), ("Iraq", "GPE")), gaz)
    erbil = by_name(ev, "Erbil")
    assert erbil is not None and erbil.geonameid == 95446 and erbil.country_code == "IQ"
    assert haversine_km(erbil.lat, erbil.lon, 36.19, 44.01) < 30
    assert ev.focus.country_code == "IQ"


def test_erbil_tagged_org_is_rescued(gaz: Gazetteer) -> None:
    ev = geolocate(article("The strike on Erbil killed four.", ("Erbil", "ORG")), gaz)
    assert by_name(ev, "Erbil") is not None


def test_georgia_with_tbilisi_is_the_country(gaz: Gazetteer) -> None:
    text = "Protesters marched in Tbilisi on Sunday. Georgia's government refused to step down."
    ev = geolocate(article(text, ("Tbilisi", "GPE"), ("Georgia", "GPE")), gaz)
    georgia = by_name(ev, "Georgia")
    assert georgia is not None and georgia.country_code == "GE" and georgia.feature_code == "PCLI"
    assert ev.focus.country_code == "GE"


def test_georgia_with_atlanta_is_the_us_state(gaz: Gazetteer) -> None:
    text = "Voters lined up in Atlanta on Tuesday. Georgia's election officials counted ballots."
    ev = geolocate(article(text, ("Atlanta", "GPE"), ("Georgia", "GPE")), gaz)
    georgia = by_name(ev, "Georgia")
    assert georgia is not None and georgia.geonameid == 4197000 and georgia.feature_code == "ADM1"
    assert ev.focus.country_code == "US"


def test_us_abbreviation_is_the_united_states(gaz: Gazetteer) -> None:
    ev = geolocate(article("The U.S. said it would respond.", ("U.S.", "GPE")), gaz)
    us = by_name(ev, "U.S.")
    assert us is not None and us.geonameid == 6252001 and us.country_code == "US"


@pytest.mark.parametrize("surface", ["US", "USA", "UK", "U.K.", "UAE", "DRC"])
def test_country_abbreviations(gaz: Gazetteer, surface: str) -> None:
    ev = geolocate(article(f"Officials in the {surface} met.", (surface, "GPE")), gaz)
    loc = by_name(ev, surface)
    assert loc is not None and loc.feature_code == "PCLI"


def test_demonyms_count_toward_focus_but_are_not_locations(gaz: Gazetteer) -> None:
    text = "Iraqi officials met Iraqi lawmakers. Iraqis protested. A delegation flew to France."
    ev = geolocate(article(text, ("Iraqi", "NORP"), ("Iraqi", "NORP"), ("Iraqis", "NORP"), ("France", "GPE")), gaz)
    assert [loc.country_code for loc in ev.locations] == ["FR"]
    assert ev.focus.country_code == "IQ"


def test_unknown_place_is_not_located_and_does_not_crash(gaz: Gazetteer) -> None:
    ev = geolocate(article("They met in Zzyzxqwv Flats.", ("Zzyzxqwv Flats", "GPE")), gaz)
    assert ev.locations == []
    assert ev.focus.country_code is None and ev.focus.geonameid is None


def test_empty_article(gaz: Gazetteer) -> None:
    ev = geolocate(TaggedArticle(id="e", text=""), gaz)
    assert ev.locations == [] and ev.focus.country_code is None


def test_dateline_is_located(gaz: Gazetteer) -> None:
    ev = geolocate(article("BAGHDAD (Reuters) - Lawmakers met on Monday."), gaz)
    loc = by_name(ev, "BAGHDAD")
    assert loc is not None and loc.geonameid == 98182


def test_city_state_qualifier(gaz: Gazetteer) -> None:
    text = "A fire in Alexandria, La., destroyed a home."
    ev = geolocate(article(text, ("Alexandria", "GPE"), ("La.", "GPE")), gaz)
    loc = by_name(ev, "Alexandria")
    assert loc is not None and loc.country_code == "US" and loc.admin1 == "Louisiana"


def test_person_named_like_a_place_is_not_located(gaz: Gazetteer) -> None:
    text = "Paris Hilton and Michael Jordan attended. Chad said nothing."
    ev = geolocate(article(text, ("Paris Hilton", "PERSON"), ("Michael Jordan", "PERSON"), ("Chad", "PERSON")), gaz)
    assert ev.locations == []


def test_locations_aggregate_mentions_and_spans(gaz: Gazetteer) -> None:
    text = "Iraq said no. In Iraq, officials agreed. Iraq's parliament voted."
    ev = geolocate(article(text, ("Iraq", "GPE"), ("Iraq", "GPE"), ("Iraq", "GPE")), gaz)
    (iraq,) = ev.locations
    assert iraq.mentions == 3 and len(iraq.spans) == 3 and 0.0 <= iraq.confidence <= 1.0
    assert ev.focus.geonameid == 99237


def test_tiny_gazetteer_is_enough() -> None:
    places = [Place(1, "Springfield", 39.8, -89.6, "US", "IL", "PPL", 114000)]
    gaz = Gazetteer(places=places, names={normalize("Springfield"): [0]})
    ev = geolocate(article("Springfield voted.", ("Springfield", "GPE")), gaz)
    assert [loc.geonameid for loc in ev.locations] == [1]


@pytest.mark.model
def test_seed_golden(gaz: Gazetteer) -> None:
    from newsstream.tag import tag_many

    text = SEED.read_text(encoding="utf-8")
    cleaned = CleanedArticle(id="seed", text=text, title=text.split("\n", 1)[0])
    ev = geolocate(tag_many([cleaned])[0], gaz)
    want = {
        "Baghdad": (33.34058, 44.40088),
        "Erbil": (36.19257, 44.01062),
        "Tehran": (35.69439, 51.42151),
        "Gaza": (31.50161, 34.46672),
        "Iraq": (33.0, 44.0),
        "Iran": (32.0, 53.0),
    }
    for name, (lat, lon) in want.items():
        loc = by_name(ev, name)
        assert loc is not None, name
        assert haversine_km(loc.lat, loc.lon, lat, lon) < 30, name
    assert ev.focus.country_code == "IQ"


def test_title_outside_text_counts_for_focus(gaz: Gazetteer) -> None:
    text = "Officials met on Monday. France and Germany sent envoys. Iraq's premier spoke."
    labels = (("France", "GPE"), ("Germany", "GPE"), ("Iraq", "GPE"))
    assert geolocate(article(text, *labels), gaz).focus.country_code in {"FR", "DE", "IQ"}
    ev = geolocate(article(text, *labels, title="Iraqi premier visits Baghdad"), gaz)
    assert ev.focus.country_code == "IQ"
