"""Geo stage: resolution and focus on small hand-made TaggedArticles, plus the seed golden test."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsstream.actors import resolve_actors
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


def with_actors(tagged: TaggedArticle) -> TaggedArticle:
    """The article with the actors the tag stage resolves from its entities."""
    entities, actors = resolve_actors(tagged.text, tagged.entities)
    return tagged.model_copy(update={"entities": entities, "actors": actors})


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


def test_demonym_adjectives_are_spans_of_their_country_and_count_toward_focus(gaz: Gazetteer) -> None:
    text = "Iraqi officials met Iraqi lawmakers. Iraqis protested. A delegation flew to France."
    ev = geolocate(article(text, ("Iraqi", "NORP"), ("Iraqi", "NORP"), ("Iraqis", "NORP"), ("France", "GPE")), gaz)
    assert [loc.country_code for loc in ev.locations] == ["IQ", "FR"]
    iraq = ev.locations[0]
    assert iraq.feature_code == "PCLI" and iraq.spans == [(0, 5), (20, 25)]  # the plural names people
    assert ev.focus.country_code == "IQ"


@pytest.mark.parametrize(
    "text",
    [
        "She spoke only French when she moved to Ohio.",
        "The show airs in Ohio in Spanish, and in French.",
        "He reads a French-language paper in Ohio.",
        "Ohio schools teach English to newcomers.",
    ],
)
def test_a_demonym_naming_a_language_is_not_a_location(gaz: Gazetteer, text: str) -> None:
    ents = [(w, "NORP") for w in ("French", "Spanish", "English") if w in text]
    ev = geolocate(article(text, ("Ohio", "GPE"), *ents), gaz)
    assert [loc.name for loc in ev.locations] == ["Ohio"]


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


def test_dateline_the_model_read_as_an_organisation_is_located(gaz: Gazetteer) -> None:
    text = "He will run again. CROMWELL — The third Democrat entered the race on Monday."
    ev = geolocate(article(text, ("CROMWELL", "ORG")), gaz)
    loc = by_name(ev, "CROMWELL")
    assert loc is not None and loc.country_code == "US"


def test_saint_in_a_dateline_is_part_of_the_place(gaz: Gazetteer) -> None:
    ev = geolocate(article("A man was charged. ST. PAUL -- Taxes rose in Minnesota.", ("Minnesota", "GPE")), gaz)
    assert by_name(ev, "PAUL") is None
    loc = by_name(ev, "ST. PAUL")
    assert loc is not None and (loc.country_code, loc.admin1) == ("US", "Minnesota")


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


def test_a_country_before_a_country_is_a_list_not_a_town_and_its_country(gaz: Gazetteer) -> None:
    text = "Officials in Mexico, China, Japan and Brazil reported cases."
    labels = (("Mexico", "GPE"), ("China", "GPE"), ("Japan", "GPE"), ("Brazil", "GPE"))
    china = by_name(geolocate(article(text, *labels), gaz), "China")
    assert china is not None and china.country_code == "CN"  # not China, a village in Kagoshima
    text = "The plant in Lebanon, Pennsylvania closed."  # a state after a country's name still qualifies
    lebanon = by_name(geolocate(article(text, ("Lebanon", "GPE"), ("Pennsylvania", "GPE")), gaz), "Lebanon")
    assert lebanon is not None and lebanon.country_code == "US"


def test_a_first_name_before_and_a_full_name_is_no_place_anywhere(gaz: Gazetteer) -> None:
    text = (
        "A cat found on a train from Winnipeg to Edmonton is theirs, say Brent and Lynnette Hains. "
        "Brent told reporters in Edmonton the cat was fine."
    )
    labels = (("Winnipeg", "GPE"), ("Edmonton", "GPE"), ("Brent", "PERSON"), ("Lynnette Hains", "PERSON"))
    ev = geolocate(article(text, *labels), gaz)
    assert by_name(ev, "Brent") is None  # not the London borough, which pulled Edmonton to London
    edmonton = by_name(ev, "Edmonton")
    assert edmonton is not None and edmonton.country_code == "CA"


def test_a_list_of_states_makes_its_members_states(gaz: Gazetteer) -> None:
    text = "Cases were found in Texas, Utah, Virginia, Washington and Wyoming."
    labels = [(s, "GPE") for s in ("Texas", "Utah", "Virginia", "Washington", "Wyoming")]
    washington = by_name(geolocate(article(text, *labels), gaz), "Washington")
    assert washington is not None and washington.feature_code == "ADM1"  # not the capital
    text = "Envoys from Russia, Armenia, Georgia and Ukraine met."
    labels = [(s, "GPE") for s in ("Russia", "Armenia", "Georgia", "Ukraine")]
    georgia = by_name(geolocate(article(text, *labels), gaz), "Georgia")
    assert georgia is not None and georgia.country_code == "GE"
    text = "Talks in Washington and Moscow resumed."  # two names are no list
    washington = by_name(geolocate(article(text, ("Washington", "GPE"), ("Moscow", "GPE")), gaz), "Washington")
    assert washington is not None and washington.feature_code == "PPLC"


def test_another_name_of_a_big_city_yields_to_the_name_of_a_place_in_the_story(gaz: Gazetteer) -> None:
    text = "Horses were quarantined in New South Wales or at a station in Victoria, Australian officials said."
    labels = (("New South Wales", "GPE"), ("Victoria", "GPE"), ("Australian", "NORP"))
    victoria = by_name(geolocate(article(text, *labels), gaz), "Victoria")
    assert victoria is not None and victoria.country_code == "AU"  # not Hong Kong, once called Victoria


def test_a_landform_after_a_name_is_part_of_it(gaz: Gazetteer) -> None:
    text = "Romania confirmed another outbreak in the Danube Delta. Most cases are in the Central Plateau."
    ev = geolocate(article(text, ("Romania", "GPE"), ("the Central Plateau", "LOC")), gaz)
    assert all(loc.country_code != "NG" for loc in ev.locations)  # Delta and Plateau, states of Nigeria


def test_a_news_agency_named_like_a_town_is_no_place(gaz: Gazetteer) -> None:
    text = "Floods hit Yunnan and Hubei provinces, Xinhua said."
    ev = geolocate(article(text, ("Yunnan", "GPE"), ("Hubei", "GPE"), ("Xinhua", "ORG")), gaz)
    assert by_name(ev, "Xinhua") is None and by_name(ev, "Yunnan") is not None  # not Xinhua, Yunnan


def test_newfoundland_is_the_province(gaz: Gazetteer) -> None:
    text = "In oil-producing provinces such as Alberta, Saskatchewan and Newfoundland, jobs were lost."
    labels = [(s, "GPE") for s in ("Alberta", "Saskatchewan", "Newfoundland")]
    nl = by_name(geolocate(article(text, *labels), gaz), "Newfoundland")
    assert nl is not None and nl.name == "Newfoundland and Labrador"
    assert haversine_km(nl.lat, nl.lon, 52.0, -56.0) < 10  # GeoNames' point, not the middle of its towns


def test_a_town_the_gazetteer_lacks_is_not_a_namesake_outside_its_state(gaz: Gazetteer) -> None:
    text = "A woman was found dead in Belgrade, Minn., after a house fire."
    ev = geolocate(article(text, ("Belgrade", "GPE"), ("Minn.", "GPE")), gaz)
    assert by_name(ev, "Belgrade") is None  # not Serbia's capital: Belgrade, Minnesota has 800 people
    assert by_name(ev, "Minn.") is not None
    text = "The band was due to play in Copenhagen, Hamburg, Brasov and Mannheim."  # a list, no qualifier
    labels = [(s, "GPE") for s in ("Copenhagen", "Hamburg", "Brasov", "Mannheim")]
    copenhagen = by_name(geolocate(article(text, *labels), gaz), "Copenhagen")
    assert copenhagen is not None and copenhagen.country_code == "DK"
    text = "After Saturday's draw in Paris, Ireland face the Faroe Islands."  # two clauses
    paris = by_name(
        geolocate(article(text, ("Paris", "GPE"), ("Ireland", "GPE"), ("Faroe Islands", "GPE")), gaz), "Paris"
    )
    assert paris is not None and paris.country_code == "FR"
    text = "Darling spoke in Edinburgh, Wales Secretary Peter Hain in Cardiff."  # a name goes on
    labels = (("Edinburgh", "GPE"), ("Wales", "GPE"), ("Peter Hain", "PERSON"), ("Cardiff", "GPE"))
    assert by_name(geolocate(article(text, *labels), gaz), "Edinburgh") is not None


def test_an_airport_named_bare_is_the_airport(gaz: Gazetteer) -> None:
    text = "BA cabin crew based at Heathrow said they would strike. Flights to London were cut."
    ev = geolocate(article(text, ("Heathrow", "FAC"), ("London", "GPE")), gaz)
    heathrow = by_name(ev, "Heathrow")
    assert heathrow is not None and heathrow.country_code == "GB"  # not Heathrow, Florida
    assert haversine_km(heathrow.lat, heathrow.lon, 51.47, -0.46) < 5


def test_an_office_named_by_its_street_says_nothing_of_the_towns_near_it(gaz: Gazetteer) -> None:
    text = (
        "Campbell, who left Downing Street this year, joins the Lions on their tour of New Zealand. "
        "The first Test against the All Blacks is in Christchurch on 25 June."
    )
    labels = (("Downing Street", "FAC"), ("New Zealand", "GPE"), ("Christchurch", "GPE"))
    christchurch = by_name(geolocate(article(text, *labels), gaz), "Christchurch")
    assert christchurch is not None and christchurch.country_code == "NZ"  # not Christchurch, Dorset


def test_a_word_opening_a_sentence_is_not_part_of_the_place(gaz: Gazetteer) -> None:
    text = "Expansion plans worry people in Crawley and Horsham in Sussex. At Gatwick, the company wrote to homes."
    labels = (("Crawley", "GPE"), ("Horsham", "GPE"), ("Sussex", "GPE"))
    ev = geolocate(article(text, *labels), gaz)
    gatwick = by_name(ev, "Gatwick")
    assert gatwick is not None and by_name(ev, "At Gatwick") is None


def test_a_part_of_a_continent_is_that_part(gaz: Gazetteer) -> None:
    text = "Paris seeks leadership in North Africa, while cholera spreads in West Africa."
    ev = geolocate(article(text, ("Paris", "GPE"), ("North Africa", "LOC"), ("West Africa", "LOC")), gaz)
    west = by_name(ev, "West Africa")
    assert by_name(ev, "North Africa") is not None and west is not None
    assert haversine_km(west.lat, west.lon, 12.0, -3.0) < 500  # not Africa's middle, 3,000 km east


def test_a_place_before_its_governor_is_the_state(gaz: Gazetteer) -> None:
    text = "Former New York Gov. Mario Cuomo died on Thursday."
    ny = by_name(geolocate(article(text, ("New York", "GPE"), ("Mario Cuomo", "PERSON")), gaz), "New York")
    assert ny is not None and ny.feature_code == "ADM1"


def test_a_direction_opening_a_longer_name_is_no_place(gaz: Gazetteer) -> None:
    text = "Offences by children in Far North Queensland are a major problem, police said."
    ev = geolocate(article(text, ("Far North Queensland", "FAC")), gaz)
    assert [loc.country_code for loc in ev.locations] == ["AU"]  # not the Far North of Cameroon
    text = "Scout units from Northeast Nebraska's Diamond Dick District collected food."
    ev = geolocate(article(text, ("Northeast Nebraska's Diamond Dick District", "ORG")), gaz)
    assert [loc.name for loc in ev.locations] == ["Nebraska"]


def test_a_virus_named_after_a_place_is_no_place(gaz: Gazetteer) -> None:
    text = "Workers were infected with the Reston ebolavirus. Monkeys were shipped to Reston, Virginia."
    ev = geolocate(article(text, ("Reston", "GPE"), ("Reston", "GPE"), ("Virginia", "GPE")), gaz)
    reston = by_name(ev, "Reston")
    assert reston is not None and reston.country_code == "US"
    assert [text[a:b] for a, b in reston.spans] == ["Reston"] and reston.spans[0][0] > 50


def test_a_small_town_read_as_a_region_is_a_town_where_its_province_follows(gaz: Gazetteer) -> None:
    text = "A family from Melville, Sask. believes the cat is theirs. Lucy was born in Thompson, Man. last year."
    ev = geolocate(article(text, ("Melville", "LOC"), ("Thompson", "GPE")), gaz)
    melville = by_name(ev, "Melville")
    assert melville is not None and (melville.country_code, melville.admin1) == ("CA", "Saskatchewan")
    manitoba = by_name(ev, "Man.")
    assert manitoba is not None and manitoba.name == "Manitoba"


def test_the_philippines_is_a_place_not_a_demonym(gaz: Gazetteer) -> None:
    text = "Around 129 cases have been reported in the Philippines."
    ph = by_name(geolocate(article(text, ("Philippines", "GPE")), gaz), "Philippines")
    assert ph is not None and ph.country_code == "PH" and ph.feature_code == "PCLI"


def test_a_province_whose_namesake_city_is_small_beside_it_is_the_province(gaz: Gazetteer) -> None:
    text = "Turning right on red lights became legal in Quebec in 2003."
    quebec = by_name(geolocate(article(text, ("Quebec", "GPE")), gaz), "Quebec")
    assert quebec is not None and quebec.feature_code == "ADM1"
    text = "Fog closed the airport in Quebec City."
    city = by_name(geolocate(article(text, ("Quebec City", "GPE")), gaz), "Quebec City")
    assert city is not None and city.feature_code != "ADM1"
    text = "Protests spread in Tehran on Monday."  # the city holds most of its province's people
    tehran = by_name(geolocate(article(text, ("Tehran", "GPE")), gaz), "Tehran")
    assert tehran is not None and tehran.feature_code != "ADM1"


def test_title_outside_text_counts_for_focus(gaz: Gazetteer) -> None:
    text = "Officials met on Monday. France and Germany sent envoys. Iraq's premier spoke."
    labels = (("France", "GPE"), ("Germany", "GPE"), ("Iraq", "GPE"))
    assert geolocate(article(text, *labels), gaz).focus.country_code in {"FR", "DE", "IQ"}
    ev = geolocate(article(text, *labels, title="Iraqi premier visits Baghdad"), gaz)
    assert ev.focus.country_code == "IQ"


def test_a_title_word_the_body_names_as_a_person_is_no_place_for_focus(gaz: Gazetteer) -> None:
    text = (
        "Lib Dem leader Charles Kennedy said voters distrust the prime minister. In Britain, Kennedy said, trust fell."
    )
    labels = (("Charles Kennedy", "PERSON"), ("Britain", "GPE"), ("Kennedy", "PERSON"))
    ev = geolocate(article(text, *labels, title="Kennedy questions trust of Blair"), gaz)
    assert ev.focus.country_code == "GB"  # not Kennedy, a district of Bogotá


def test_place_opening_an_organisation_name(gaz: Gazetteer) -> None:
    text = "The Ohio Department of Health said cases rose."
    ev = geolocate(article(text, ("The Ohio Department of Health", "ORG")), gaz)
    ohio = by_name(ev, "Ohio")
    assert ohio is not None and ohio.geonameid == 5165418


def test_street_named_after_a_place_is_not_the_place(gaz: Gazetteer) -> None:
    ev = geolocate(article("A fire broke out on Hampton Avenue overnight.", ("Hampton Avenue", "FAC")), gaz)
    assert ev.locations == []


def test_a_house_named_after_a_town_is_no_place_but_a_states_house_is_its_legislature(gaz: Gazetteer) -> None:
    text = "Renad Mansour of Chatham House in London spoke. The Minnesota House voted."
    labels = (("Renad Mansour", "PERSON"), ("Chatham House", "ORG"), ("London", "GPE"), ("Minnesota House", "ORG"))
    ev = geolocate(article(text, *labels), gaz)
    assert [loc.name for loc in ev.locations] == ["London", "Minnesota"]  # not Chatham, Kent, though London backs it


def test_short_form_follows_the_long_form(gaz: Gazetteer) -> None:
    text = "Police in Suffolk County, New York, searched a basement. Suffolk detectives found remains."
    labels = (("Suffolk County", "GPE"), ("New York", "GPE"), ("Suffolk", "GPE"))
    ev = geolocate(article(text, *labels), gaz)
    county, short = by_name(ev, "Suffolk County"), by_name(ev, "Suffolk")
    assert county is not None and county.admin1 == "New York"
    assert short is not None and short.geonameid == county.geonameid


def test_state_abbreviation_after_a_city_is_a_mention_and_a_constraint(gaz: Gazetteer) -> None:
    ev = geolocate(article("He grew up in Albany, Ga., and moved away.", ("Albany", "GPE")), gaz)
    albany, state = by_name(ev, "Albany"), by_name(ev, "Ga.")
    assert albany is not None and albany.admin1 == "Georgia"
    assert state is not None and state.geonameid == 4197000


def test_country_missed_by_the_model_inside_a_title_phrase(gaz: Gazetteer) -> None:
    ev = geolocate(article("The President of Armenia then visited the embassy."), gaz)
    loc = by_name(ev, "Armenia")
    assert loc is not None and loc.country_code == "AM"


def test_washington_alone_is_the_capital_and_washington_state_the_state(gaz: Gazetteer) -> None:
    ev = geolocate(article("Talks resumed in Washington on Monday.", ("Washington", "GPE")), gaz)
    assert by_name(ev, "Washington").geonameid == 4140963
    ev = geolocate(article("Wildfires spread across Washington state.", ("Washington", "GPE")), gaz)
    assert by_name(ev, "Washington").geonameid == 5815135


def test_one_sense_per_article(gaz: Gazetteer) -> None:
    text = "Paris, Texas, held a parade. In Paris, the mayor spoke. Paris residents cheered."
    labels = (("Paris", "GPE"), ("Texas", "GPE"), ("Paris", "GPE"), ("Paris", "GPE"))
    ev = geolocate(article(text, *labels), gaz)
    paris = [loc for loc in ev.locations if loc.name == "Paris"]
    assert len(paris) == 1 and paris[0].country_code == "US" and paris[0].mentions == 3


@pytest.mark.parametrize(
    ("surface", "country"),
    [("Gaza", "PS"), ("Paris", "FR"), ("Kiev", "UA"), ("Mosul", "IQ"), ("Fallujah", "IQ"), ("al-Anbar", "IQ")],
)
def test_bare_names_prefer_the_place_news_means(gaz: Gazetteer, surface: str, country: str) -> None:
    ev = geolocate(article(f"They met in {surface} on Monday.", (surface, "GPE")), gaz)
    loc = by_name(ev, surface)
    assert loc is not None and loc.country_code == country


def test_eu_is_located_at_europe_but_is_no_focus_country(gaz: Gazetteer) -> None:
    ev = geolocate(article("EU leaders met on Monday.", ("EU", "ORG")), gaz)
    eu = by_name(ev, "EU")
    assert eu is not None and eu.geonameid == 6255148 and eu.country_code is None
    assert ev.focus.country_code is None


def test_the_nearest_other_place_is_found_as_a_full_scan_finds_it() -> None:
    """A long article's hundreds of places are searched by latitude, not scanned: the same distances."""
    import random
    from collections import Counter

    from newsstream.geo import _Context, _Points

    rng = random.Random(3)

    def place(lat: float, lon: float) -> Place:
        return Place(0, "p", lat, lon, "XX", None, "PPL", 1)

    for trial in range(60):
        band = (-90.0, 90.0) if trial % 2 else (30.0, 31.0)  # spread out, or crowded at one latitude
        points = [place(rng.uniform(*band), rng.uniform(-180, 180)) for _ in range(rng.randint(33, 300))]
        shared = _Points(dict(enumerate(points)))
        own = frozenset(rng.sample(range(len(points)), 5))  # the places only the asking surface chose
        ctx, ctx_less = _Context(Counter(), Counter(), shared), _Context(Counter(), Counter(), shared, own)
        others = [q for i, q in enumerate(points) if i not in own]
        for _ in range(20):
            p = rng.choice(points) if rng.random() < 0.3 else place(rng.uniform(-90, 90), rng.uniform(-180, 180))
            assert ctx.nearest_km(p) == min(haversine_km(p.lat, p.lon, q.lat, q.lon) for q in points)
            assert ctx_less.nearest_km(p) == min(haversine_km(p.lat, p.lon, q.lat, q.lon) for q in others)


def test_a_demonym_opening_an_organisation_is_a_span_of_its_country(gaz: Gazetteer) -> None:
    text = "The Sri Lankan Army and the Russian Foreign Ministry spoke. The Ministry of Health did not."
    ev = geolocate(
        article(text, ("Sri Lankan Army", "ORG"), ("Russian Foreign Ministry", "ORG"), ("Ministry of Health", "ORG")),
        gaz,
    )
    assert [(loc.country_code, [text[a:b] for a, b in loc.spans]) for loc in ev.locations] == [
        ("LK", ["Sri Lankan"]),
        ("RU", ["Russian"]),
    ]


def test_a_continent_adjective_is_a_span_of_its_continent_an_ethnic_term_is_not(gaz: Gazetteer) -> None:
    text = "European diplomats met the African-American Affairs Commission and Irish-American donors."
    ev = geolocate(
        article(
            text,
            ("European", "NORP"),
            ("African-American Affairs Commission", "ORG"),
            ("Irish", "NORP"),
        ),
        gaz,
    )
    assert [(loc.name, loc.feature_code, loc.spans) for loc in ev.locations] == [("Europe", "CONT", [(0, 8)])]


def test_a_towns_police_or_council_names_the_town_even_an_ambiguous_one(gaz: Gazetteer) -> None:
    text = "The Oxford City Council and Paris Hilton met at Lincoln High School in England."
    ev = geolocate(
        article(
            text,
            ("The Oxford City Council", "ORG"),
            ("Paris Hilton", "PERSON"),
            ("Lincoln High School", "ORG"),
            ("England", "GPE"),
        ),
        gaz,
    )
    oxford = by_name(ev, "Oxford")
    assert oxford is not None and oxford.country_code == "GB" and oxford.spans == [(4, 10)]
    assert by_name(ev, "Paris") is None and by_name(ev, "Lincoln") is None  # a person; a school named after one


def test_a_towns_officers_and_a_school_in_a_town_name_the_town(gaz: Gazetteer) -> None:
    text = "Burlington Selectman Richard Miller spoke at St. John's Lutheran School in Lombard. Metro Police said."
    ev = geolocate(
        article(
            text,
            ("Burlington Selectman", "ORG"),
            ("Richard Miller", "PERSON"),
            ("St. John's Lutheran School in Lombard", "ORG"),
            ("Metro Police", "ORG"),
        ),
        gaz,
    )
    burlington, lombard = by_name(ev, "Burlington"), by_name(ev, "Lombard")
    assert burlington is not None and burlington.spans == [(0, 10)]  # which Burlington needs more context
    assert lombard is not None and (lombard.country_code, lombard.admin1) == ("US", "Illinois")
    assert by_name(ev, "Metro") is None  # a metropolitan police, no town


def test_a_place_tagged_with_a_direction_or_its_offices_is_that_place_not_a_namesake(gaz: Gazetteer) -> None:
    text = (
        "In South Philadelphia and at the Allegheny County Jail, Pennsylvania, crews at Hopkins Park, Illinois, waited."
    )
    ev = geolocate(
        article(
            text,
            ("South Philadelphia", "GPE"),
            ("the Allegheny County Jail", "GPE"),
            ("Pennsylvania", "GPE"),
            ("Hopkins Park", "GPE"),
            ("Illinois", "GPE"),
        ),
        gaz,
    )
    spans = {loc.name: [text[a:b] for a, b in loc.spans] for loc in ev.locations}
    assert spans["Philadelphia"] == ["Philadelphia"]
    assert [n for n, s in spans.items() if s == ["Allegheny County"]]
    assert not [n for n in spans if n.startswith("Hopkins")]  # Hopkins Park is not Hopkins


def test_a_country_carries_geonames_own_point_for_its_geonames_id(gaz: Gazetteer) -> None:
    ev = geolocate(
        article("Officials in the United States and Japan met.", ("United States", "GPE"), ("Japan", "GPE")), gaz
    )
    points = {loc.geonameid: (loc.lat, loc.lon) for loc in ev.locations}
    assert points == {6252001: (39.76, -98.5), 1861060: (35.68536, 139.75309)}  # not countryinfo's 38, -97


def test_places_named_near_each_other_resolve_together(gaz: Gazetteer) -> None:
    """Neither "Athens" nor "Henderson County" is sure alone; together they are in east Texas."""
    text = "Athens police arrested a man Monday. He was held at the Henderson County Jail."
    ev = geolocate(article(text, ("Athens", "GPE"), ("Henderson County", "GPE")), gaz)
    athens, county = by_name(ev, "Athens"), by_name(ev, "Henderson County")
    assert athens is not None and (athens.country_code, athens.admin1) == ("US", "Texas")
    assert county is not None and (county.country_code, county.admin1) == ("US", "Texas")
    assert ev.focus.country_code == "US"


def test_namesakes_near_each_other_do_not_outweigh_their_namesakes_near_each_other(gaz: Gazetteer) -> None:
    """Leeds, Sheffield and Chelsea, Alabama lie within 30 km; so do no three English cities, but
    Leeds, Sheffield and Chelsea (London) lie together too, and they are the places meant."""
    text = (
        "The former Chelsea chairman completed his takeover of Leeds on Friday. "
        "He had offered to invest in Sheffield Wednesday. Leeds fans cheered."
    )
    ev = geolocate(article(text, ("Chelsea", "GPE"), ("Leeds", "GPE"), ("Sheffield", "GPE"), ("Leeds", "GPE")), gaz)
    for name in ("Chelsea", "Leeds", "Sheffield"):
        loc = by_name(ev, name)
        assert loc is not None and (loc.country_code, loc.admin1) == ("GB", "England"), name


def test_two_surfaces_of_one_place_do_not_explain_each_other_away(gaz: Gazetteer) -> None:
    """ "Harris County" and "Harris" share their largest place (Harris County, Texas): that is no pair of
    big places lying together, and Muscogee County, Georgia beside it still decides."""
    text = (
        "Pierce is the Muscogee County clerk. Her office is in the Columbus Government Center. Rae is a "
        "deputy clerk in the Harris County Clerk's office, and has worked in Muscogee and Harris counties."
    )
    names = [("Muscogee County", "GPE"), ("the Columbus Government Center", "ORG")]
    names += [("the Harris County Clerk", "GPE"), ("Muscogee", "GPE"), ("Harris", "ORG")]
    ev = geolocate(article(text, *names), gaz)
    county = by_name(ev, "Harris County")
    assert county is not None and county.admin1 == "Georgia"


def test_a_home_nation_is_a_country_not_a_village_of_its_name(gaz: Gazetteer) -> None:
    text = (
        "Prices rose in England, most of all in Sheffield, Leeds and Rotherham. "
        "The biggest decline was seen in Wales, where prices fell by 6.2%."
    )
    names = [("England", "GPE"), ("Sheffield", "GPE"), ("Leeds", "GPE"), ("Rotherham", "GPE"), ("Wales", "GPE")]
    wales = by_name(geolocate(article(text, *names), gaz), "Wales")
    assert wales is not None and wales.feature_code == "ADM1"  # not Wales, a village near Sheffield


def test_an_old_name_or_a_compass_division_needs_its_country_in_the_story(gaz: Gazetteer) -> None:
    text = (
        "England beat France at Twickenham. Fans in the Midlands and the North East cheered. Riots broke out in Bombay."
    )
    names = [("England", "GPE"), ("France", "GPE"), ("Twickenham", "GPE"), ("Midlands", "LOC")]
    ev = geolocate(article(text, *names, ("the North East", "LOC"), ("Bombay", "GPE")), gaz)
    for surface in ("Twickenham", "Midlands", "the North East"):  # Huntsville, AL; Zimbabwe; Botswana
        assert by_name(ev, surface) is None, surface
    bombay = by_name(ev, "Bombay")
    assert bombay is not None and bombay.name == "Mumbai"  # a city of millions by its old name stays
    ev = geolocate(
        article("Harare said the Midlands were calm. Zimbabwe agreed.", ("Midlands", "LOC"), ("Zimbabwe", "GPE")), gaz
    )
    assert by_name(ev, "Midlands") is not None


def test_la_alone_is_los_angeles_and_after_a_town_louisiana(gaz: Gazetteer) -> None:
    text = "Police in Monroe, LA arrested a man. He had moved to LA in 2010."
    ev = geolocate(article(text, ("Monroe", "GPE"), ("LA", "GPE"), ("LA", "GPE")), gaz)
    monroe = by_name(ev, "Monroe")
    assert monroe is not None and monroe.admin1 == "Louisiana"
    assert any(loc.name == "Los Angeles" for loc in ev.locations)


def test_brits_are_british_not_a_town_in_south_africa(gaz: Gazetteer) -> None:
    text = "Brits spent more abroad. A Brit won in Paris."
    ev = geolocate(article(text, ("Brits", "NORP"), ("Brit", "NORP"), ("Paris", "GPE")), gaz)
    assert all(loc.country_code != "ZA" for loc in ev.locations)
    assert gaz.demonym("Brit") == "GB"


def test_a_village_abroad_needs_its_country_in_the_story(gaz: Gazetteer) -> None:
    text = "Arsenal beat Sociedad in London. Fans in Manchester and Liverpool watched."
    names = [("Arsenal", "GPE"), ("Sociedad", "GPE"), ("London", "GPE"), ("Manchester", "GPE"), ("Liverpool", "GPE")]
    ev = geolocate(article(text, *names), gaz)
    assert by_name(ev, "Arsenal") is None and by_name(ev, "Sociedad") is None  # Mauritius, El Salvador
    assert by_name(ev, "London") is not None
    ev = geolocate(article("The vote was held in Arsenal on Monday.", ("Arsenal", "GPE")), gaz)
    assert by_name(ev, "Arsenal") is not None  # the story's only place: nothing says otherwise


def test_a_place_no_map_has_is_no_location_actor(gaz: Gazetteer) -> None:
    text = "Yugansk was sold in London. Yugansk's output fell, and Sideways won in London."
    names = [("Yugansk", "GPE"), ("London", "GPE"), ("Yugansk", "GPE"), ("Sideways", "GPE"), ("London", "GPE")]
    ev = geolocate(with_actors(article(text, *names)), gaz)
    assert [(a.id, a.mentions) for a in ev.actors] == [("location:london", 2)]
    assert [e.actor_id for e in ev.entities] == [None, "location:london", None, None, "location:london"]
    assert [e.label for e in ev.entities] == ["GPE"] * 5  # the entities stay


def test_a_capital_alone_keeps_its_prior(gaz: Gazetteer) -> None:
    ev = geolocate(article("Athens police arrested a man Monday.", ("Athens", "GPE")), gaz)
    athens = by_name(ev, "Athens")
    assert athens is not None and athens.country_code == "GR"


def test_oceans_and_world_regions_are_located_and_belong_to_no_country(gaz: Gazetteer) -> None:
    text = "Tankers crossed the Atlantic as tension rose in the Middle East. Prices rose in Ohio."
    ev = geolocate(article(text, ("Atlantic", "LOC"), ("Middle East", "LOC"), ("Ohio", "GPE")), gaz)
    atlantic, middle_east = by_name(ev, "Atlantic"), by_name(ev, "Middle East")
    assert atlantic is not None and (atlantic.geonameid, atlantic.feature_code) == (3373405, "OCN")
    assert middle_east is not None and middle_east.geonameid == 6269133 and middle_east.country_code is None
    assert ev.focus.country_code == "US"  # an ocean or a world region is no country's


def test_a_town_named_after_an_ocean_with_its_state(gaz: Gazetteer) -> None:
    ev = geolocate(article("A fire broke out in Atlantic, Iowa, on Monday.", ("Atlantic", "GPE"), ("Iowa", "GPE")), gaz)
    atlantic = by_name(ev, "Atlantic")
    assert atlantic is not None and (atlantic.country_code, atlantic.admin1) == ("US", "Iowa")


def test_a_persons_surname_is_not_a_division_named_like_it(gaz: Gazetteer) -> None:
    text = "Lin-Manuel Miranda thought he had a migraine. Miranda tweeted on Thursday."
    ev = geolocate(article(text, ("Lin-Manuel Miranda", "PERSON"), ("Miranda", "PERSON")), gaz)
    assert ev.locations == []  # not the Venezuelan state


@pytest.mark.parametrize(
    ("surface", "located"), [("Crown Heights", True), ("Fredericton", True), ("Earth", False), ("Street", False)]
)
def test_a_place_the_model_calls_loc_may_be_a_town_unless_a_small_one_named_like_a_word(
    gaz: Gazetteer, surface: str, located: bool
) -> None:
    ev = geolocate(article(f"Crews worked near {surface} on Monday.", (surface, "LOC")), gaz)
    assert (by_name(ev, surface) is not None) is located


def test_canadian_province_abbreviations(gaz: Gazetteer) -> None:
    ev = geolocate(article("Puppies were stolen in Estey's Bridge, N.B., on Tuesday.", ("N.B.", "GPE")), gaz)
    nb = by_name(ev, "N.B.")
    assert nb is not None and (nb.country_code, nb.name) == ("CA", "New Brunswick")


def test_a_tie_between_countries_goes_to_the_sources(gaz: Gazetteer) -> None:
    text = "Drivers are needed in France. Drivers are needed in Germany."
    labels = (("France", "GPE"), ("Germany", "GPE"))
    assert geolocate(article(text, *labels, source="www.example.de"), gaz).focus.country_code == "DE"
    assert geolocate(article(text, *labels, source="www.example.fr"), gaz).focus.country_code == "FR"


def test_a_country_abbreviation_the_model_missed_but_not_a_currency(gaz: Gazetteer) -> None:
    ev = geolocate(article("Nations in the U.S.-led coalition fought on."), gaz)
    us = by_name(ev, "U.S.")
    assert us is not None and us.geonameid == 6252001
    ev = geolocate(article("A pension of about 40 US dollars a month.", ("about 40 US dollars", "MONEY")), gaz)
    assert ev.locations == []


def test_a_town_before_police_in_prose_whatever_the_model_read(gaz: Gazetteer) -> None:
    text = "He drove home on Sunday. Grovetown police then questioned him. But police said little."
    ev = geolocate(article(text, ("Grovetown", "PERSON")), gaz)
    grovetown = by_name(ev, "Grovetown")
    assert grovetown is not None and (grovetown.country_code, grovetown.admin1) == ("US", "Georgia")
    assert [loc.name for loc in ev.locations] == ["Grovetown"]  # "But" is no town


def test_the_end_of_a_longer_name_before_mayor_is_not_a_town(gaz: Gazetteer) -> None:
    ev = geolocate(article("East Bank Mayor Chuck Blair said the road is closed.", ("East Bank", "ORG")), gaz)
    assert by_name(ev, "Bank") is None


def test_each_name_of_a_list_before_counties_is_a_county(gaz: Gazetteer) -> None:
    text = "Flood warnings cover Becker, Clay, Otter Tail and Wilkin counties."
    ev = geolocate(article(text, ("Becker", "GPE"), ("Clay", "ORG"), ("Otter Tail", "PERSON")), gaz)
    for surface in ("Becker", "Clay", "Otter Tail", "Wilkin"):
        county = by_name(ev, surface)
        assert county is not None and county.name == f"{surface} County" and county.admin1 == "Minnesota", surface


def test_where_a_person_is_from_is_a_town(gaz: Gazetteer) -> None:
    text = "Daniel Hufstetler, 29, of Roswell, Ga., was hurt. Jose Diaz of Aston Villa scored."
    ev = geolocate(article(text, ("Daniel Hufstetler", "PERSON"), ("Jose Diaz", "PERSON")), gaz)
    roswell = by_name(ev, "Roswell")
    assert roswell is not None and (roswell.country_code, roswell.admin1) == ("US", "Georgia")
    assert by_name(ev, "Aston") is None  # a club's name, not a town in it


def test_a_name_after_a_place_preposition_is_a_place_but_not_an_institution(gaz: Gazetteer) -> None:
    text = "Hugh Leatherman, a Republican from Florence, spoke. The bill died in Congress."
    ev = geolocate(article(text, ("Hugh Leatherman", "PERSON"), ("Florence", "ORG"), ("Congress", "ORG")), gaz)
    assert by_name(ev, "Florence") is not None
    assert by_name(ev, "Congress") is None  # not Congress, Arizona


def test_a_relative_a_title_or_an_administration_makes_a_name_a_person(gaz: Gazetteer) -> None:
    text = (
        "A fire gutted he and his wife Nancy's restaurant. Her daughter, Brittany, was 4. "
        "Mr. Arlington, the former mayor, died. The Bush administration said no. He bought an ice cream van. "
        "President Bush replied. U2 frontman Bono sang."
    )
    names = [("Nancy", "PERSON"), ("Brittany", "PERSON"), ("Arlington", "PERSON"), ("Bush", "PERSON")]
    names += [("Bush", "PERSON"), ("Bono", "PERSON")]
    ev = geolocate(article(text, *names, ("van", "PERSON")), gaz)
    assert ev.locations == []
    ev = geolocate(article("The match was played in Nancy on Sunday.", ("Nancy", "PERSON")), gaz)
    assert by_name(ev, "Nancy") is not None  # where nothing says a person, the city


def test_an_abbreviation_that_is_an_era_a_currency_a_road_or_an_alpha3_code_names_no_place(gaz: Gazetteer) -> None:
    text = "It dates from 500 BC. A grant of US$3.7m widens US-24. GTM Research and CAF tours agree."
    ev = geolocate(article(text, ("BC", "ORG"), ("GTM Research", "ORG"), ("CAF", "ORG")), gaz)
    assert ev.locations == []
    ev = geolocate(article("Rain fell across northern BC and 13 U.S. senators spoke.", ("BC", "ORG")), gaz)
    assert by_name(ev, "BC") is not None and by_name(ev, "U.S.") is not None


def test_a_name_the_model_read_as_a_person_is_a_place_in_the_event_when_geo_finds_the_town(gaz: Gazetteer) -> None:
    text = "Daniel Hufstetler, 29, of Roswell, Ga., was hurt. Roswell police said. Marshall Roswell spoke."
    tagged = article(text, ("Daniel Hufstetler", "PERSON"), ("Roswell", "PERSON"), ("Marshall Roswell", "PERSON"))
    ev = geolocate(with_actors(tagged), gaz)
    town = next(e for e in ev.entities if e.text == "Roswell")
    assert (town.label, town.actor_id) == ("GPE", "location:roswell")
    by_id = {a.id: a for a in ev.actors}
    assert by_id["location:roswell"].mentions == 1 and by_id["location:roswell"].type == "location"
    assert by_id["person:marshall-roswell"].mentions == 1  # the person keeps his own mention
    assert sum(a.mentions for a in ev.actors) == sum(1 for e in ev.entities if e.actor_id)
    # an organisation that is also a continent's abbreviation stays an organisation
    ev = geolocate(with_actors(article("The EU said no.", ("EU", "ORG"))), gaz)
    assert [(e.label, e.actor_id) for e in ev.entities] == [("ORG", "organization:eu")]


def test_a_british_county_is_not_a_small_town_abroad(gaz: Gazetteer) -> None:
    ev = geolocate(article("The race is at Brands Hatch, Kent, on Sunday.", ("Kent", "GPE")), gaz)
    kent = by_name(ev, "Kent")
    assert kent is not None and (kent.country_code, kent.feature_code) == ("GB", "ADM2")


def test_where_something_is_based_a_legislators_state_and_a_fire_chiefs_town(gaz: Gazetteer) -> None:
    text = "Rep. James Clyburn, D-S.C., spoke. The Gori-based brigade moved. Huntsville Fire Chief Tom Grisham said."
    ev = geolocate(article(text, ("James Clyburn", "PERSON"), ("Tom Grisham", "PERSON")), gaz)
    sc, gori, town = by_name(ev, "S.C."), by_name(ev, "Gori"), by_name(ev, "Huntsville")
    assert sc is not None and sc.feature_code == "ADM1"
    assert gori is not None and gori.country_code == "GE"
    assert town is not None and town.country_code == "US"


def test_the_white_house_is_in_washington_not_a_town_in_tennessee(gaz: Gazetteer) -> None:
    ev = geolocate(article("White House press secretary Sarah Sanders spoke.", ("White House", "GPE")), gaz)
    house = by_name(ev, "White House")
    assert house is not None and (house.country_code, house.admin1) == ("US", "District of Columbia")
    text = "The council of White House, Tenn., met on Monday."
    ev = geolocate(article(text, ("White House", "GPE"), ("Tenn.", "GPE")), gaz)
    town = by_name(ev, "White House")
    assert town is not None and town.admin1 == "Tennessee"  # the town, where the text says so


def test_a_town_before_its_people_but_not_what_people_are(gaz: Gazetteer) -> None:
    text = "A Goose Creek man was hit by a car. A Black woman and a Catholic man saw it. The Jones family grieves."
    ev = geolocate(article(text, ("Goose Creek", "PERSON"), ("Jones", "PERSON")), gaz)
    town = by_name(ev, "Goose Creek")
    assert town is not None and (town.country_code, town.admin1) == ("US", "South Carolina")
    assert [loc.name for loc in ev.locations] == ["Goose Creek"]


def test_a_county_the_model_read_as_a_person_is_the_county_in_the_event(gaz: Gazetteer) -> None:
    text = "Gary Epperson, CSEPP director for Clark County, Ky., was taken aback."
    tagged = article(text, ("Gary Epperson", "PERSON"), ("Clark County", "PERSON"), ("Ky.", "GPE"))
    ev = geolocate(with_actors(tagged), gaz)
    county = by_name(ev, "Clark County")
    assert county is not None and (county.feature_code, county.admin1) == ("ADM2", "Kentucky")
    assert "person:clark-county" not in {a.id for a in ev.actors}


def test_a_legislators_town_and_a_dateline_after_the_bylines_date(gaz: Gazetteer) -> None:
    text = "Sen. Torrey Westrom, R-Elbow Lake, spoke. Westrom is from western Minnesota."
    ev = geolocate(article(text, ("Torrey Westrom", "PERSON"), ("Minnesota", "GPE")), gaz)
    town = by_name(ev, "Elbow Lake")
    assert town is not None and town.admin1 == "Minnesota"
    text = "BY CHAD KLIMACK Advocate Reporter March 29, 2009 PATASKALA -- City officials in Ohio said no."
    ev = geolocate(article(text, ("Ohio", "GPE")), gaz)
    town = by_name(ev, "PATASKALA")
    assert town is not None and town.admin1 == "Ohio"


def test_the_duma_is_russias_parliament_not_a_syrian_town(gaz: Gazetteer) -> None:
    text = "The bill was sent to the State Duma by Medvedev. Moscow was quiet."
    ev = geolocate(article(text, ("Duma", "GPE"), ("Moscow", "GPE")), gaz)
    assert [loc.name for loc in ev.locations] == ["Moscow"]


def test_a_direction_written_in_lower_case_or_in_two_words_is_dropped(gaz: Gazetteer) -> None:
    text = "Peddar, of Brent, north west London, denies it. The finest aqueduct in North West England."
    ev = geolocate(article(text, ("Brent", "GPE"), ("north west London", "GPE"), ("North West England", "LOC")), gaz)
    london, england = by_name(ev, "London"), by_name(ev, "England")
    assert london is not None and london.country_code == "GB"
    assert england is not None and england.country_code == "GB"


def test_a_name_after_going_there_is_a_place(gaz: Gazetteer) -> None:
    text = "Instead of driving to Castlegar, people will visit the office. She went to Smith for advice."
    ev = geolocate(article(text, ("Castlegar", "PERSON"), ("Smith", "PERSON")), gaz)
    castlegar = by_name(ev, "Castlegar")
    assert castlegar is not None and castlegar.country_code == "CA"
    assert by_name(ev, "Smith") is None  # "went" is no travel verb of the rule: a person you go to


def test_a_name_listed_with_places_is_a_town_the_article_backs(gaz: Gazetteer) -> None:
    text = (
        "In the Licking County cities of Newark, Heath and Pataskala, sales dropped. Newark and Lancaster, the "
        "mayor, agreed. Mayor Tom Lancaster said so. A main blew at Lakeview and Harrison streets. "
        "Officers searched Newark and Smith, a trucker, said."
    )
    ev = geolocate(
        article(
            text,
            ("Licking County", "GPE"),
            ("Newark", "GPE"),
            ("Heath", "GPE"),
            ("Pataskala", "PERSON"),
            ("Newark", "GPE"),
            ("Lancaster", "PERSON"),
            ("Tom Lancaster", "PERSON"),
            ("Lakeview", "GPE"),
            ("Harrison", "PERSON"),
            ("Newark", "GPE"),
            ("Smith", "PERSON"),
        ),
        gaz,
    )
    pataskala = by_name(ev, "Pataskala")
    assert pataskala is not None and (pataskala.country_code, pataskala.admin1) == ("US", "Ohio")
    assert by_name(ev, "Lancaster") is None  # a person the text names in full
    assert by_name(ev, "Harrison") is None  # a street
    assert by_name(ev, "Smith") is None  # no town of the name near the article's places


def test_a_towns_pd_names_the_town(gaz: Gazetteer) -> None:
    text = "The boy drowned in a pool in Louisiana (Picture: Slidell PD)."
    ev = geolocate(article(text, ("Louisiana", "GPE")), gaz)
    slidell = by_name(ev, "Slidell")
    assert slidell is not None and slidell.admin1 == "Louisiana"


def test_a_local_paper_named_after_a_town_lets_the_context_choose_among_its_namesakes(gaz: Gazetteer) -> None:
    text = "Paris Police Department officials said the rumor was a Texas thing, not just a Paris thing."
    labels = (("Paris Police Department", "ORG"), ("Texas", "GPE"), ("Paris", "GPE"))
    local = by_name(geolocate(article(text, *labels, source="parisbeacon.com"), gaz), "Paris")
    assert local is not None and (local.country_code, local.admin1) == ("US", "Texas")
    elsewhere = by_name(geolocate(article(text, *labels, source="apnews.com"), gaz), "Paris")
    assert elsewhere is not None and elsewhere.country_code == "FR"  # no local paper: the capital's weight stands


def test_a_local_papers_town_is_context_for_its_places_but_no_place_of_the_article(gaz: Gazetteer) -> None:
    text = "Bexley City Council committed $250,000 to the veterans park, the Bexley mayor said."
    labels = (("Bexley City Council", "ORG"), ("Bexley", "GPE"))
    local = geolocate(article(text, *labels, source="columbuslocalnews.com"), gaz)
    bexley = by_name(local, "Bexley")
    assert bexley is not None and bexley.admin1 == "Ohio"  # 8 km from Columbus
    assert not [loc for loc in local.locations if loc.name == "Columbus"]  # context only
    wire = by_name(geolocate(article(text, *labels, source="apnews.com"), gaz), "Bexley")
    assert wire is not None and wire.country_code == "GB"  # the London borough: larger


@pytest.mark.parametrize(
    ("host", "town"),
    [
        ("columbuslocalnews", "columbus"),
        ("thisisoxfordshireco", "oxfordshire"),
        ("lasvegassun", "las vegas"),
        ("richmondregister", "richmond"),
        ("bclocalnews", None),  # not the "calne" inside "bclocalnews"
        ("thestate", None),  # a paper's word, not a town named State
        ("nytimes", None),
    ],
)
def test_the_town_a_source_is_named_after(gaz: Gazetteer, host: str, town: str | None) -> None:
    from newsstream.geo import _source_town

    found = _source_town(gaz, host)
    assert (found[0].text if found else None) == town


def test_a_ministrys_portfolio_is_no_town(gaz: Gazetteer) -> None:
    text = "In Beijing, the Commerce Ministry said China wants no trade war. Bakersfield growers worry."
    ev = geolocate(
        article(text, ("Beijing", "GPE"), ("the Commerce Ministry", "ORG"), ("China", "GPE"), ("Bakersfield", "GPE")),
        gaz,
    )
    assert by_name(ev, "Commerce") is None  # not Commerce, California


def test_a_one_word_place_a_relative_or_the_persons_full_name_says_is_a_person_is_not_located(
    gaz: Gazetteer,
) -> None:
    text = (
        "James Tyler Williams was jailed; Tyler got 21 years and Tyler left court. Rozen's wife, Julia, "
        "searched. Alexandria Police said Alexandria was calm; Alexandria mourned."
    )
    ev = geolocate(
        article(
            text,
            ("James Tyler Williams", "PERSON"),
            ("Tyler", "PERSON"),
            ("Tyler", "GPE"),
            ("Julia", "GPE"),
            ("Alexandria Police", "PERSON"),
            ("Alexandria", "PERSON"),
            ("Alexandria", "GPE"),
        ),
        gaz,
    )
    assert by_name(ev, "Tyler") is None and by_name(ev, "Julia") is None
    assert by_name(ev, "Alexandria") is not None  # a town's police: the town, however the model read it


def test_a_state_after_its_town_is_the_state_not_a_town_named_after_it(gaz: Gazetteer) -> None:
    # GeoNames gives Maryland City the alternate name "Maryland", and it lies 15 km from Greenbelt
    text = "Researchers at the Goddard Space Flight Center in Greenbelt, Maryland, confirmed it."
    ev = geolocate(article(text, ("Greenbelt", "GPE"), ("Maryland", "GPE")), gaz)
    state = by_name(ev, "Maryland")
    assert state is not None and state.feature_code == "ADM1" and state.name == "Maryland"


def test_a_postal_code_after_a_town_is_its_state_or_province(gaz: Gazetteer) -> None:
    # without the codes, Denver among North Carolina's towns was Denver, North Carolina
    text = "Tour dates: June 10 Raleigh, NC; June 12 Charlotte, NC; June 16 Toronto, ON; June 18 Denver, CO."
    ev = geolocate(article(text, *[(t, "GPE") for t in ("Raleigh", "Charlotte", "Toronto", "Denver")]), gaz)
    found = {loc.name: (loc.country_code, loc.admin1) for loc in ev.locations}
    assert found["Denver"] == ("US", "Colorado") and found["Toronto"] == ("CA", "Ontario")
    assert found["Colorado"] == ("US", "Colorado") and found["Ontario"] == ("CA", "Ontario")


def test_a_postal_code_is_read_only_after_a_town(gaz: Gazetteer) -> None:
    text = "Turn the power ON before you go IN. Officials in Paris said so."
    ev = geolocate(article(text, ("Paris", "GPE")), gaz)
    assert [loc.name for loc in ev.locations] == ["Paris"]


def test_korea_is_south_korea(gaz: Gazetteer) -> None:
    ev = geolocate(article("Visitors to Korea packed the theatre in Seoul.", ("Korea", "GPE"), ("Seoul", "GPE")), gaz)
    loc = by_name(ev, "Korea")
    assert loc is not None and loc.country_code == "KR" and loc.feature_code == "PCLI"


def test_planets_and_moons_are_no_towns_where_the_article_is_about_space(gaz: Gazetteer) -> None:
    text = (
        "NASA confirmed water vapor above Jupiter's icy moon Europa. Titan, Saturn's largest moon, "
        "is next; the planet Mars waits."
    )
    ev = geolocate(
        article(text, ("Jupiter", "LOC"), ("Europa", "LOC"), ("Titan", "LOC"), ("Saturn", "LOC"), ("Mars", "LOC")),
        gaz,
    )
    assert not [loc.name for loc in ev.locations if loc.name in ("Jupiter", "Europa", "Titan", "Saturn", "Mars")]
    # ... but the same name is a town in a story that is not about space
    ev = geolocate(article("Retirees in Jupiter, Florida, opened a library.", ("Jupiter", "GPE")), gaz)
    assert by_name(ev, "Jupiter") is not None


def test_a_royal_title_makes_a_one_word_place_a_person(gaz: Gazetteer) -> None:
    text = "His mother, Queen Elizabeth, disapproved. King Charles said nothing. Elizabeth, New Jersey, voted."
    ev = geolocate(article(text, ("Elizabeth", "GPE"), ("Charles", "GPE"), ("Elizabeth", "GPE")), gaz)
    town = by_name(ev, "Elizabeth")
    assert town is not None and town.spans == [(text.rindex("Elizabeth"), text.rindex("Elizabeth") + 9)]
    assert by_name(ev, "Charles") is None


def test_a_title_of_a_work_or_a_ship_is_no_place_the_scan_finds(gaz: Gazetteer) -> None:
    text = "She phoned from the Chicago set of “Fargo,” and Pine will be back aboard the Enterprise soon."
    ev = geolocate(article(text, ("Chicago", "GPE")), gaz)
    assert [loc.name for loc in ev.locations] == ["Chicago"]


def test_a_word_beside_a_persons_name_or_a_common_nouns_plural_is_no_context_place(gaz: Gazetteer) -> None:
    text = (
        "Feliciano Lopez and Marcel Granollers won in Madrid and Barcelona, Catalonia. Granollers and Lopez "
        "defeated Karen Khachanov. Stocks fell. Stock markets were calm in Spain."
    )
    ev = geolocate(
        article(
            text,
            ("Feliciano Lopez", "PERSON"),
            ("Madrid", "GPE"),
            ("Barcelona", "GPE"),
            ("Catalonia", "GPE"),
            ("Karen Khachanov", "PERSON"),
            ("Spain", "GPE"),
        ),
        gaz,
    )
    assert by_name(ev, "Granollers") is None and by_name(ev, "Stock") is None
    assert by_name(ev, "Barcelona") is not None


def test_a_district_of_a_state_is_no_namesake_abroad(gaz: Gazetteer) -> None:
    text = "the U.S. Attorney's Office for the Western District of New York said. Russia's occupation of Crimea."
    labels = [
        ("U.S.", "GPE"),
        ("the Western District", "LOC"),
        ("New York", "GPE"),
        ("Russia", "GPE"),
        ("Crimea", "GPE"),
    ]
    ev = geolocate(article(text, *labels), gaz)
    assert by_name(ev, "the Western District") is None
    assert by_name(ev, "Russia") is not None and by_name(ev, "Crimea") is not None


def test_a_town_that_speaks_is_a_person_or_a_company_but_a_capital_speaks_for_its_government(
    gaz: Gazetteer,
) -> None:
    text = (
        "“They left to gain freedom,” Petrova said. Edison said rates would rise. Moscow said it would reply. "
        "The 20-year-old from Brampton said he was happy. A 1992 Toyota Corolla hit a van at the 2020 Bangkok "
        "International Motor Show."
    )
    labels = [(t, "GPE") for t in ("Petrova", "Edison", "Moscow", "Brampton", "Toyota", "Bangkok")]
    ev = geolocate(article(text, *labels), gaz)
    assert by_name(ev, "Petrova") is None and by_name(ev, "Edison") is None and by_name(ev, "Toyota") is None
    assert by_name(ev, "Moscow") is not None and by_name(ev, "Brampton") is not None
    assert by_name(ev, "Bangkok") is not None


def test_a_one_word_person_no_full_name_bears_is_a_town_of_the_state_the_story_is_about(gaz: Gazetteer) -> None:
    text = (
        "Firefighters on Maui battled the Lahaina wildfire as Hawaii Governor Josh Green declared an emergency. "
        "Hilo residents watched. “We lost everything,” Kailua said."
    )
    labels = [("Maui", "LOC"), ("Lahaina", "PERSON"), ("Hawaii", "GPE"), ("Josh Green", "PERSON"), ("Kailua", "PERSON")]
    ev = geolocate(article(text, *labels), gaz)
    town = by_name(ev, "Lahaina")
    assert town is not None and town.admin1 == "Hawaii"
    assert by_name(ev, "Kailua") is None  # a verb of saying: a person


def test_a_company_named_like_a_place_is_no_place(gaz: Gazetteer) -> None:
    text = "Toyota recalled 1 million vehicles. Meta Platforms shares jumped in Bogota, Colombia."
    ev = geolocate(
        article(text, ("Toyota", "GPE"), ("Meta Platforms", "ORG"), ("Bogota", "GPE"), ("Colombia", "GPE")), gaz
    )
    assert by_name(ev, "Toyota") is None and by_name(ev, "Meta") is None
    assert by_name(ev, "Colombia") is not None


def test_a_one_word_place_that_is_the_surname_of_a_person_named_in_full_is_the_person(gaz: Gazetteer) -> None:
    text = "Joseph Minga posts less now. “I think I burned out,” said Minga. In Washington, Denzel Washington spoke."
    labels = [("Joseph Minga", "PERSON"), ("Minga", "GPE"), ("Washington", "GPE"), ("Denzel Washington", "PERSON")]
    ev = geolocate(article(text, *labels), gaz)
    assert by_name(ev, "Minga") is None  # not Munich by its Bavarian name
    assert by_name(ev, "Washington") is not None


def test_a_roundup_across_many_states_prefers_the_big_city_over_a_namesake_beside_another(gaz: Gazetteer) -> None:
    # Boston, New York lies 30 km from Buffalo; in a local story that nearness would decide
    text = (
        "Minnesota beat Buffalo in New York. Boston won in Pittsburgh, Pennsylvania, Detroit, Michigan "
        "lost in Chicago, Illinois, and Dallas, Texas beat Denver, Colorado. Marchand led Boston."
    )
    names = ("Minnesota", "Buffalo", "New York", "Boston", "Pittsburgh", "Pennsylvania", "Detroit", "Michigan")
    more = ("Chicago", "Illinois", "Dallas", "Texas", "Denver", "Colorado")
    ev = geolocate(article(text, *[(n, "GPE") for n in (*names, *more)]), gaz)
    boston = by_name(ev, "Boston")
    assert boston is not None and boston.admin1 == "Massachusetts"


def test_a_city_misread_as_a_person_after_into_is_found_by_another_spelling(gaz: Gazetteer) -> None:
    text = "Israeli troops pushed into Khan Younis as aid trucks waited, the UN said."
    ev = geolocate(article(text, ("Israeli", "NORP"), ("Khan Younis", "PERSON")), gaz)
    town = by_name(ev, "Khan Younis")
    assert town is not None and town.country_code == "PS"


def test_a_state_after_a_town_is_its_qualifier_even_with_a_name_after_it(gaz: Gazetteer) -> None:
    text = "She worked at the jail in Lumpkin, Ga. Hugley-Green collected $500."
    ev = geolocate(article(text, ("Lumpkin", "GPE"), ("Ga. Hugley-Green", "PERSON")), gaz)
    state = by_name(ev, "Ga.")
    assert state is not None and state.name == "Georgia"


def test_a_press_wire_dateline_and_two_countries_run_together_are_found(gaz: Gazetteer) -> None:
    text = "PLEASANTON, Calif.--(BUSINESS WIRE)--DeltaTrak grew. Jobless youth in Cyprus, Greece Italy or Spain rose."
    ev = geolocate(article(text, ("Cyprus", "GPE"), ("Greece Italy", "GPE"), ("Spain", "GPE")), gaz)
    town = by_name(ev, "PLEASANTON")
    assert town is not None and town.admin1 == "California"
    assert by_name(ev, "Greece") is not None and by_name(ev, "Italy") is not None


def test_a_countys_road_and_a_parishs_sheriff_name_the_county(gaz: Gazetteer) -> None:
    text = "A crash east of Perham near Otter Tail County Road 80. Call the Avoyelles Parish Sheriff’s Office."
    ev = geolocate(article(text, ("Perham", "GPE"), ("Otter Tail County Road", "FAC")), gaz)
    assert by_name(ev, "Otter Tail County") is not None and by_name(ev, "Avoyelles Parish") is not None


def test_a_towns_grand_jury_or_school_district_names_the_town(gaz: Gazetteer) -> None:
    text = "An Alexandria grand jury indicted him in Virginia. The Rock Hill school district, South Carolina, grew."
    ev = geolocate(article(text, ("Alexandria", "PERSON"), ("Virginia", "GPE"), ("South Carolina", "GPE")), gaz)
    assert by_name(ev, "Alexandria") is not None and by_name(ev, "Rock Hill") is not None


def test_an_acronym_spelled_out_after_it_is_no_place_unless_the_expansion_is_one(gaz: Gazetteer) -> None:
    text = (
        "Apple backs DACA (Deferred Action for Childhood Arrivals) recipients. "
        "Trade with the UAE (United Arab Emirates) grew."
    )
    ev = geolocate(article(text, ("DACA", "GPE"), ("UAE", "GPE")), gaz)
    assert by_name(ev, "DACA") is None
    assert by_name(ev, "UAE") is not None


def test_a_word_opening_a_sentence_is_a_town_only_where_the_story_backs_it(gaz: Gazetteer) -> None:
    text = (
        "The old mill in Springfield, Illinois, became a destination. Tours have been highly popular. "
        "Oral histories have emerged. Nairobi is far away."
    )
    ev = geolocate(article(text, ("Springfield", "GPE"), ("Illinois", "GPE")), gaz)
    assert by_name(ev, "Tours") is None  # Tours, France: 136,000 people, no word of France here
    assert by_name(ev, "Oral") is None  # Oral, Kazakhstan
    assert by_name(ev, "Nairobi") is not None  # a capital is its name
    text = "Tours of the cathedral sold out. The French city of Orléans and Tours in France draw crowds."
    ev = geolocate(article(text, ("Orléans", "GPE"), ("France", "GPE")), gaz)
    tours = by_name(ev, "Tours")
    assert tours is not None and tours.country_code == "FR"  # named inside a sentence: the town
    # a town before its people or bodies is the town
    text = "Middlesbrough boss Steve McClaren praised his side. Middlesbrough mayor Ray Mallon agreed."
    assert by_name(
        geolocate(article(text, ("Steve McClaren", "PERSON"), ("Ray Mallon", "PERSON")), gaz), "Middlesbrough"
    )


def test_londonderry_is_derry_in_northern_ireland(gaz: Gazetteer) -> None:
    text = "Stephen Kennedy, 29, of Leafair Park in Londonderry, was jailed at Londonderry Magistrates' Court."
    loc = by_name(geolocate(article(text, ("Londonderry", "GPE")), gaz), "Londonderry")
    assert loc is not None and loc.country_code == "GB"  # not Londonderry, New Hampshire (11,000 people)


def test_islands_a_story_names_alone(gaz: Gazetteer) -> None:
    text = "The moth lives on the South Island of New Zealand, near Otago."
    ev = geolocate(article(text, ("South Island", "LOC"), ("New Zealand", "GPE"), ("Otago", "GPE")), gaz)
    island = by_name(ev, "South Island")
    assert island is not None and island.country_code == "NZ"  # not Coronado, California, by an old name


def test_a_ministrys_portfolio_is_no_place(gaz: Gazetteer) -> None:
    text = "Officials of the Department of Conservation met farmers in Waterloo, Ontario."
    labels = (("the Department of Conservation", "ORG"), ("Waterloo", "GPE"), ("Ontario", "GPE"))
    ev = geolocate(article(text, *labels), gaz)
    assert by_name(ev, "Conservation") is None  # not Conservation, a hamlet near Waterloo
    text = "The Office of the United States Trade Representative will study the tariffs."
    ev = geolocate(article(text, ("The Office of the United States Trade Representative", "ORG")), gaz)
    assert by_name(ev, "United States") is not None


def test_a_surname_before_jr_is_no_place(gaz: Gazetteer) -> None:
    text = (
        "Terence Crawford beat Errol Spence Jr. in Las Vegas, and Tim Tszyu won in Australia. "
        "A rematch vs. Spence could come next."
    )
    labels = (
        ("Terence Crawford", "PERSON"),
        ("Errol Spence Jr.", "PERSON"),
        ("Las Vegas", "GPE"),
        ("Tim Tszyu", "PERSON"),
        ("Australia", "GPE"),
        ("Spence", "GPE"),
    )
    ev = geolocate(article(text, *labels), gaz)
    assert by_name(ev, "Spence") is None  # the boxer, not Spence, Australia
    assert by_name(ev, "Las Vegas") is not None


@pytest.mark.parametrize("surface", ["Santa Claus", "Santa"])
def test_father_christmas_is_no_town(gaz: Gazetteer, surface: str) -> None:
    text = f"Just after our TV show, {surface} brought us a dinner each, the Apollo 8 crew told Houston."
    ev = geolocate(article(text, (surface, "GPE"), ("Houston", "GPE")), gaz)
    assert by_name(ev, surface) is None  # not Santa Claus, Indiana, nor Santa, Côte d'Ivoire


def test_a_sea_over_the_division_named_after_it(gaz: Gazetteer) -> None:
    text = "Houthi attacks on ships in the Red Sea, the route to the Suez Canal, alarmed Egypt."
    ev = geolocate(article(text, ("the Red Sea", "LOC"), ("the Suez Canal", "LOC"), ("Egypt", "GPE")), gaz)
    sea = by_name(ev, "the Red Sea")
    assert sea is not None and sea.country_code is None  # the sea, not Egypt's Red Sea governorate


def test_a_university_named_after_no_town_it_is_in(gaz: Gazetteer) -> None:
    text = "Students in Harvard’s Graduate School of Arts and Sciences in Cambridge, Massachusetts, will be paid more."
    labels = (("Harvard’s Graduate School of Arts and Sciences", "ORG"), ("Cambridge", "GPE"), ("Massachusetts", "GPE"))
    ev = geolocate(article(text, *labels), gaz)
    assert by_name(ev, "Harvard") is None  # not Harvard, Massachusetts (6,800 people)
    assert by_name(ev, "Massachusetts") is not None


def test_a_name_paired_with_a_persons_is_no_city(gaz: Gazetteer) -> None:
    text = "Her friends Cynthia and Mary gave her a card in Boston. Mary and Joseph got the cold shoulder."
    labels = (("Cynthia", "PERSON"), ("Mary", "PERSON"), ("Boston", "GPE"), ("Mary", "PERSON"), ("Joseph", "PERSON"))
    ev = geolocate(article(text, *labels), gaz)
    assert by_name(ev, "Mary") is None  # not Mary, Turkmenistan (123,000 people)
    assert ev.focus.country_code == "US"
    text = "Only Bradford and Leeds will see cuts, the council in Yorkshire said."
    ev = geolocate(article(text, ("Bradford", "PERSON"), ("Leeds", "PERSON"), ("Yorkshire", "GPE")), gaz)
    assert by_name(ev, "Leeds") is not None  # two towns the model read as persons
