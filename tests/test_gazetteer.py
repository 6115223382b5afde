"""Gazetteer: normalisation, the real index built from the installed packages, and its cache."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from newsstream import gazetteer as gz
from newsstream.gazetteer import Gazetteer, Place, haversine_km, normalize
from newsstream.geo import load_gazetteer


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("U.S.", "us"),
        ("Al-Anbar", "al anbar"),
        ("São Paulo", "sao paulo"),
        ("the Netherlands", "netherlands"),
        ("Iraq’s", "iraq"),
        ("  Erbil ", "erbil"),
    ],
)
def test_normalize(raw: str, key: str) -> None:
    assert normalize(raw) == key


def test_haversine() -> None:
    assert haversine_km(0, 0, 0, 1) == pytest.approx(111.2, abs=0.5)


def ids(gaz: Gazetteer, text: str) -> set[int]:
    return {gaz.places[i].geonameid for i, _ in gaz.lookup(text)}


def test_countries_have_geonames_points(gaz: Gazetteer) -> None:
    iraq = gaz.places[gaz.countries["IQ"]]
    assert (iraq.geonameid, iraq.lat, iraq.lon, iraq.feature_code) == (99237, 33.0, 44.0, "PCLI")
    assert len(gaz.countries) > 240


def test_aliases_and_abbreviations(gaz: Gazetteer) -> None:
    assert ids(gaz, "U.S.") == ids(gaz, "USA") == ids(gaz, "United States of America") == {6252001}
    assert ids(gaz, "UK") == ids(gaz, "Britain") == {2635167}
    assert 4350049 not in ids(gaz, "Calif.")  # the state, not a town
    assert gaz.places[gaz.abbreviations["Calif."]].name == "California"
    assert gaz.places[gaz.abbreviations["NSW"]].name == "New South Wales"


def test_arabic_article_variants(gaz: Gazetteer) -> None:
    assert ids(gaz, "Fallujah") & ids(gaz, "al-Fallujah")
    assert ids(gaz, "al-Anbar") == ids(gaz, "Anbar")


def test_alternate_names(gaz: Gazetteer) -> None:
    assert 703448 in ids(gaz, "Kiev")  # Kyiv, through GeoNames' alternate names
    assert any(not primary for _, primary in gaz.lookup("Bombay"))


def test_admin1_names_and_us_states(gaz: Gazetteer) -> None:
    erbil = next(gaz.places[i] for i, _ in gaz.lookup("Erbil") if gaz.places[i].geonameid == 95446)
    assert gaz.admin1_name(erbil) == "Arbil"
    georgia = {gaz.places[i].feature_code: gaz.places[i] for i, _ in gaz.lookup("Georgia")}
    assert georgia["PCLI"].country_code == "GE" and georgia["ADM1"].geonameid == 4197000
    # synthetic ids of divisions without a GeoNames id are negative, never a real id
    anbar = gaz.places[gaz.lookup("Anbar")[0][0]]
    assert anbar.feature_code == "ADM1" and anbar.geonameid < 0


def test_divisions_by_the_names_news_uses(gaz: Gazetteer) -> None:
    def found(name: str) -> list[tuple[str, str, str]]:
        return [
            (gaz.places[i].name, gaz.places[i].feature_code, gaz.places[i].country_code) for i, _ in gaz.lookup(name)
        ]

    # the data names Chinese divisions "Zhejiang Sheng", "Xinjiang Uygur Zizhiqu"; news does not
    assert found("Zhejiang") == [("Zhejiang Sheng", "ADM1", "CN")]
    assert found("Xinjiang") == [("Xinjiang Uygur Zizhiqu", "ADM1", "CN")]
    assert found("Tibet") == [("Tibet Autonomous Region", "ADM1", "CN")]
    # regions that are no division at all
    assert found("Darfur") == [("Darfur", "RGN", "SD")]
    assert found("Donbass") == [("Donbas", "RGN", "UA")]
    assert found("Iraqi Kurdistan") == [("Kurdistan Region", "RGN", "IQ")]
    assert found("South Ossetia") == [("South Ossetia", "RGN", "GE")]
    assert found("Ghouta") == [("Eastern Ghouta", "RGN", "SY")]


def test_british_and_irish_counties_but_not_districts_named_after_their_town(gaz: Gazetteer) -> None:
    def divisions(name: str) -> list[tuple[str, str | None]]:
        return [
            (gaz.places[i].name, gaz.places[i].country_code)
            for i, _ in gaz.lookup(name)
            if gaz.places[i].feature_code == "ADM2"
        ]

    assert divisions("Cambridgeshire") == [("Cambridgeshire", "GB")]
    assert divisions("Kent") == [("Kent", "GB")]
    assert divisions("County Cork") == [("County Cork", "IE")]
    # the data names some Irish counties in Irish ("Maigh Eo") or by their local authorities
    assert divisions("Co. Mayo") == divisions("County Mayo") == [("County Mayo", "IE")]
    assert divisions("County Dublin") == [("County Dublin", "IE")]
    assert divisions("Bedford") == []  # the borough of Bedford is named after the town: the town is meant
    assert divisions("City and Borough of Leeds") == []


@pytest.mark.parametrize("surface", ["Pangasinan", "Nueva Ecija", "Laguna", "Davao del Sur", "Zambales province"])
def test_provinces_of_the_philippines(gaz: Gazetteer, surface: str) -> None:
    """Its first-level divisions are regions; news names the provinces ("a farm in Laguna")."""
    assert any(
        gaz.places[i].feature_code == "ADM2" and gaz.places[i].country_code == "PH" for i, _ in gaz.lookup(surface)
    )


@pytest.mark.parametrize(
    ("surface", "code", "lat", "lon"),
    [("Lorraine", "FR", 48.8, 6.2), ("Picardie", "FR", 49.8, 2.8), ("Hedmark", "NO", 61.2, 11.3)],
)
def test_a_division_merged_into_a_larger_one_is_still_a_place(
    gaz: Gazetteer, surface: str, code: str, lat: float, lon: float
) -> None:
    """GeoNames codes Lorraine's towns with Grand Est's code, named after Alsace: Lorraine was no place."""
    division = next(gaz.places[i] for i, _ in gaz.lookup(surface) if gaz.places[i].feature_code == "ADM1")
    assert division.country_code == code and haversine_km(division.lat, division.lon, lat, lon) < 100


def test_merged_divisions_bear_their_names_now(gaz: Gazetteer) -> None:
    """GeoNames codes France's 2016 regions; their towns were named after one old region each."""
    grand_est = next(gaz.places[i] for i, _ in gaz.lookup("Grand Est") if gaz.places[i].feature_code == "ADM1")
    alsace = next(gaz.places[i] for i, _ in gaz.lookup("Alsace") if gaz.places[i].feature_code == "ADM1")
    assert alsace.geonameid != grand_est.geonameid and haversine_km(alsace.lat, alsace.lon, 48.3, 7.5) < 100
    perpignan = next(gaz.places[i] for i, _ in gaz.lookup("Perpignan") if gaz.places[i].country_code == "FR")
    assert gaz.admin1_name(perpignan) == "Occitanie"  # not Midi-Pyrénées, which it never was in
    assert any(gaz.places[i].name == "Trøndelag" for i, _ in gaz.lookup("Trondelag"))


def test_demonyms(gaz: Gazetteer) -> None:
    assert gaz.demonym("Iraqi") == gaz.demonym("Iraqis") == "IQ"
    assert gaz.demonym("Iranian") == "IR" and gaz.demonym("Americans") == "US"
    assert gaz.demonym("Kurdish") is None


@pytest.mark.parametrize("country", ["Philippines", "Djibouti", "Gibraltar"])
def test_a_countrys_name_is_no_demonym(gaz: Gazetteer, country: str) -> None:
    """ "Philippine" + "s" is the country: as a demonym it counted for focus and was no place."""
    assert gaz.demonym(country) is None
    assert any(gaz.places[i].feature_code == "PCLI" for i, _ in gaz.lookup(country))
    assert gaz.demonym("Philippine") == "PH"


def test_cache_is_reused_and_keyed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    tiny = Gazetteer(places=[Place(1, "X", 0.0, 0.0, None, None, "PPL", 0)], names={"x": [0]})

    def fake_build(city_cut: int, *, alternate_names: bool = True) -> Gazetteer:
        calls.append(city_cut)
        return tiny

    monkeypatch.setattr(gz, "build_gazetteer", fake_build)
    first = gz.load_or_build(5000, cache_dir=tmp_path)
    again = gz.load_or_build(5000, cache_dir=tmp_path)
    other = gz.load_or_build(15000, cache_dir=tmp_path)
    assert calls == [5000, 15000]
    assert (first.info["cache"], again.info["cache"], other.info["cache"]) == ("cold", "warm", "cold")
    assert len(list(tmp_path.glob("*.pickle"))) == 2


def test_corrupt_cache_is_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tiny = Gazetteer(places=[], names={})
    monkeypatch.setattr(gz, "build_gazetteer", lambda city_cut, alternate_names=True: tiny)
    path = tmp_path / gz._cache_key(1000, True)
    path.write_bytes(b"not a pickle")
    assert gz.load_or_build(1000, cache_dir=tmp_path).info["cache"] == "cold"
    assert isinstance(pickle.loads(path.read_bytes()), Gazetteer)


def test_a_province_whose_towns_lie_in_its_south_has_geonames_own_point(gaz: Gazetteer) -> None:
    ontario = next(gaz.places[i] for i, _ in gaz.lookup("Ontario") if gaz.places[i].feature_code == "ADM1")
    assert haversine_km(ontario.lat, ontario.lon, 49.25, -84.5) < 10  # not the middle of its towns


@pytest.mark.parametrize(
    ("surface", "lat", "lon"),
    [("Hebei", 38.0, 116.0), ("Jiangsu", 33.0, 119.8), ("Heilongjiang", 48.0, 128.0), ("Xinjiang", 41.5, 85.5)],
)
def test_towns_coded_with_another_provinces_code_do_not_move_its_point(
    gaz: Gazetteer, surface: str, lat: float, lon: float
) -> None:
    """GeoNames gives Hebei's admin1 code to hamlets in Tibet: Hebei's middle was in Gansu."""
    division = next(gaz.places[i] for i, _ in gaz.lookup(surface) if gaz.places[i].feature_code == "ADM1")
    assert haversine_km(division.lat, division.lon, lat, lon) < 250


def test_a_stray_group_of_towns_is_left_out_but_a_chain_of_remote_towns_stays() -> None:
    bulk = [(38.0 + i * 0.3, 115.0 + i * 0.3, 100_000) for i in range(10)]
    strays = [(31.0, 90.0, 0), (31.2, 90.3, 0)]  # 2,500 km away, nobody counted
    assert set(gz._without_strays(bulk + strays)) == {(lat, lon) for lat, lon, _ in bulk}
    chain = [(-32.0 + i * 2.0, 116.0 + i * 0.5, 2_000) for i in range(8)]  # 220 km apart, 1,600 km long
    assert len(gz._without_strays([(-31.9, 115.9, 2_000_000), *chain])) == 9
    assert gz._without_strays([(0.0, 0.0, 0), (50.0, 50.0, 0)]) == [(0.0, 0.0), (50.0, 50.0)]


@pytest.mark.parametrize(("surface", "code"), [("Netherlands", "NL"), ("Gambia", "GM"), ("Bahamas", "BS")])
def test_a_country_named_with_the_is_found_without_it(gaz: Gazetteer, surface: str, code: str) -> None:
    # "The Valley" (Anguilla's capital) is no "Valley"; a country's alias is still its name
    assert [gaz.places[i].country_code for i, _ in gaz.lookup(surface) if gaz.places[i].feature_code == "PCLI"] == [
        code
    ]
    assert gaz.lookup("Valley") == []


@pytest.mark.parametrize(
    ("surface", "code"), [("Bosnia", "BA"), ("S. Korea", "KR"), ("N. Korea", "KP"), ("NZ", "NZ"), ("H.K.", "HK")]
)
def test_news_short_forms_of_countries(gaz: Gazetteer, surface: str, code: str) -> None:
    assert [gaz.places[i].country_code for i, _ in gaz.lookup(surface) if gaz.places[i].feature_code == "PCLI"] == [
        code
    ]


@pytest.mark.parametrize(
    ("surface", "name"),
    [
        ("NYC", "New York City"),
        ("L.A.", "Los Angeles"),
        ("Miami-Dade", "Miami-Dade County"),
        ("T&T", "Trinidad and Tobago"),
        ("LA", "Los Angeles"),  # Louisiana's code too: read as the state only after a town ("Monroe, LA")
    ],
)
def test_short_forms_of_big_places(gaz: Gazetteer, surface: str, name: str) -> None:
    assert [gaz.places[i].name for i, _ in gaz.lookup(surface)] == [name]


@pytest.mark.parametrize(("surface", "code"), [("Bogota", "CO"), ("Reykjavik", "IS"), ("Astana", "KZ"), ("Lome", "TG")])
def test_capitals_written_with_or_without_accents_or_renamed_are_capitals(
    gaz: Gazetteer, surface: str, code: str
) -> None:
    capitals = [gaz.places[i] for i, _ in gaz.lookup(surface) if gaz.places[i].feature_code == "PPLC"]
    assert [p.country_code for p in capitals] == [code]


@pytest.mark.parametrize(("surface", "code"), [("Sulaimaniyah", "IQ"), ("Hodeidah", "YE")])
def test_a_transliterations_final_h_is_optional_among_alternate_names(gaz: Gazetteer, surface: str, code: str) -> None:
    assert {gaz.places[i].country_code for i, _ in gaz.lookup(surface)} == {code}


@pytest.mark.parametrize(
    ("surface", "name"),
    [("Newcastle", "Newcastle upon Tyne"), ("Stoke", "Stoke-on-Trent"), ("Southend", "Southend-on-Sea")],
)
def test_a_towns_name_without_its_river_is_its_own_name(gaz: Gazetteer, surface: str, name: str) -> None:
    """GeoNames lists "Newcastle" only among Newcastle upon Tyne's alternate names: it was a weaker
    candidate than Newcastle, Northern Ireland (7,000 people) in a British story."""
    assert any(gaz.places[i].name == name and primary for i, primary in gaz.lookup(surface))
    assert not any(gaz.places[i].name == "Kingston upon Hull" for i, _ in gaz.lookup("Kingston"))  # "Hull"
