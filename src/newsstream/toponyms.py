"""Toponym detection for the geo stage: where an article names places, and how each was found.

Each mention carries its *route*, which sets the gazetteer candidates it may take and how far
``geo.resolve`` trusts it. The routes:

* the model's GPE/LOC/FAC entities. "Baghdad, Iraq", "Fargo-Moorhead" and "Greece Italy" (two
  countries whose comma the copy lost) are split; a direction
  before a place and its offices after it are dropped ("South Philadelphia", "north west London",
  "the Allegheny County Jail"), but "Hopkins Park" is not Hopkins; a one-word one that a relative
  or a royal title says is a person ("his girlfriend Olivia", "Queen Elizabeth") is none, nor a town
  that speaks ("Petrova said"; a capital speaks for its government) or a car's make ("a 1992 Toyota");
* ``rescue``: an entity the small model mislabelled (ORG/PERSON/NORP/...) that is exactly a
  country, a US state, a capital, a big division or a 100k+ city ("Erbil" as ORG). Not a person's
  name after a relative or a title, or before "administration" ("his wife Nancy", "Mr.
  Arlington", "the Bush administration"); not an era, a currency or a road ("500 BC", "US$",
  "US-24");
* ``embedded``: a place opening or closing a longer name ("the Ohio Department of Health",
  "University of Iowa", "Air Zimbabwe": LGL and GeoWebNews count these as toponyms, and they are
  evidence for the rest); ``within``: a place after "in" closing a name ("Lutheran School in
  Lombard"). A "person" listed beside a place the model saw is weak the same way ("Newark, Heath
  and Pataskala");
* ``civic``: a town before its own police (or "PD"), council, mayor or library, ambiguous names
  too, and in prose whatever the model read ("Paris Police Department", "Alexandria police
  found", "an Alexandria grand jury", "the Rock Hill school district"); a town
  before its people ("A Goose Creek man", "Chicopee residents"), but not "a Black woman";
* ``origin``: where a person is from ("Daniel Hufstetler, 29, of Roswell"); ``based``: where
  something is based ("the Sligo-based mother"); ``locative``: an organisation or person after
  "in"/"from" or going there ("driving to Castlegar") that is a place by its name ("a Republican
  from Florence"), not an institution ("in Congress");
* ``dateline``: "BEIRUT, Lebanon -", "WASHINGTON (AP) —", "PLEASANTON, Calif.--(BUSINESS WIRE)--";
  the qualifier of "Albany, Ga." (or of "Denver, CO", a postal code read only there), which is the
  division holding the town; each
  name of "Barrow, Jackson and Madison counties" (that county); ``party``: "R-Elbow Lake" and
  "D-S.C." after a legislator;
* ``scan``: country abbreviations and capitalised words the model missed, if unambiguous and
  well-known: never a word of ``AMBIGUOUS_WORDS`` ("Jordan", "Chad", "Victoria"), never the head of
  a longer name ("Paris Hilton") unless a country or a state, nor a title in quotes or a name after
  "the" (the set of “Fargo,”, "aboard the Enterprise"); ``opening``: such a word opening a
  sentence, a lower-case word after it, named nowhere inside a sentence ("Tours have been popular",
  "Oral histories"): a weak route, as likely a word as a town (a country, a state or a capital is
  still ``scan``);
* ``context``: after a first resolution, capitalised words naming a place in an admin1 division
  the article is about (``context_mentions``: "Moorhead" in a story about Fargo and Minnesota), not
  one paired with a person's name ("Granollers and Lopez"); also a one-word "person" that no full
  name in the text bears and no title, relative or verb of saying makes one ("the Lahaina wildfire"
  in a story about Hawaii).

No route takes a planet or a moon where the article is about space ("Jupiter's moon Europa"), nor
"X of Y" where Y is a country or a state that cannot hold X ("the Western District of New York").

Written by hand: no maintained library finds toponyms from an existing NER pass with these
news-specific cues (mordecai and CLAVIN bring their own NER models and indexes, which we cannot
ship).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.lang.en.stop_words import STOP_WORDS

from newsstream.gazetteer import ADMIN1, ADMIN2, CONTINENT, COUNTRY, LANDMARK_CODES, Gazetteer, Place, normalize
from newsstream.lexicon import PLATFORMS, find_whole
from newsstream.models import TaggedArticle
from newsstream.ruler import first_of_couples, named_as_person, opens_sentence

__all__ = ["AMBIGUOUS_WORDS", "LOCATION_LABELS", "RESCUE_LABELS", "Mention", "context_mentions", "find_mentions"]


LOCATION_LABELS = frozenset({"GPE", "LOC", "FAC"})
RESCUE_LABELS = frozenset({"ORG", "PERSON", "NORP", "PRODUCT", "WORK_OF_ART", "EVENT"})


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: capitalised words that are also well-known places but far more often something else in news
#: (first names, surnames, common words, sports teams, universities named after no town they are in:
#: "Harvard" is in Cambridge, not Harvard, Massachusetts); never located from a capitalised word or a
#: mislabelled entity alone, only where the model itself says GPE/LOC.
AMBIGUOUS_WORDS = _words(
    "jordan chad georgia victoria paris florence austin charlotte lincoln jackson houston madison "
    "orlando eugene troy washington kent bristol sydney phoenix mobile independence reading bath "
    "nice split hope orange union aurora columbia niger guinea may march virginia carolina dakota "
    "marshall york brunswick hampshire wales jersey man of us sale best deal bar santa marina "
    "cambridge oxford hamilton columbus aden president university home city georgetown salem camden "
    "dover albany roma milan dallas denver memphis nashville vienna clay grant douglas nelson "
    "clinton franklin lafayette warren wayne hancock jefferson monroe adams washington lee logan "
    "marion harrison lake west east north south central republic state county christian temple "
    "harvard yale cornell duke vanderbilt"
)

#: landforms: after a name they are part of it ("Danube Delta", "the Central Plateau" of Haiti), not
#: the divisions so named (Delta and Plateau, states of Nigeria; Coast, a province of Kenya)
_LANDFORMS = _words("delta plateau coast highlands lowlands plains basin valley desert lakes islands")
_CAPITAL_BEFORE = re.compile(r"[A-Z][\w'’.-]*[ \t]+$")

_CAPITALISED = re.compile(r"\b[A-Z][a-zà-ÿ’']+(?:[ -](?:[A-Z][a-zà-ÿ]+|al|el|de|du|of|upon))*\b")
_QUALIFIER = re.compile(r",\s*(?P<q>(?:[A-Z][A-Za-z]*\.?\s?){1,3})")
_HONORIFIC = re.compile(r"(?:Mr|Mrs|Ms|Dr|Gen|Sen|Rep|Gov|Lt|Col|Sgt|St)\.?\s*$")


@dataclass
class Mention:
    start: int
    end: int
    text: str
    route: str  # GPE, LOC, FAC (model), dateline, rescue (model mislabel), scan/opening (gazetteer pass), ...
    candidates: list[tuple[int, bool]] = field(default_factory=list)
    qualifier: list[int] = field(default_factory=list)  # places named right after ("X, Iraq")
    chosen: int | None = None
    confidence: float = 0.0

    key: str = ""  # normalised surface: mentions with one key name one place
    state_hint: bool = False  # followed by "state" ("Washington state")
    qualifies: set[int] = field(default_factory=set)  # geonameids of the divisions it is the qualifier as
    listed_as: str | None = None  # COUNTRY or ADMIN1: what the rest of a list it is in names ("Utah, Washington")

    def __post_init__(self) -> None:
        self.key = self.key or normalize(self.text)


# --------------------------------------------------------------------------- mentions


def is_well_known(gaz: Gazetteer, idx: int, min_city_pop: int = 100_000) -> bool:
    p = gaz.places[idx]
    if p.feature_code in (COUNTRY, CONTINENT, "PPLC") or p.feature_code in LANDMARK_CODES:
        return True  # ... and the curated landmarks ("Downing Street", "Heathrow")
    if p.feature_code == ADMIN1 and (p.geonameid > 0 or p.population >= 1_000_000):
        return True  # US states; big divisions elsewhere ("Tamil Nadu", "Ontario")
    return p.feature_code == "PPL" and p.population >= min_city_pop


def strip_possessive(text: str, start: int, end: int) -> tuple[int, int]:
    surface = text[start:end]
    for suffix in ("'s", "’s"):
        if surface.endswith(suffix):
            end -= len(suffix)
    while end > start and text[end - 1] in " .,;:'’" and not text[start:end].isupper():
        # keep "U.S." / "Calif." periods; strip other trailing punctuation
        if text[end - 1] == "." and re.search(r"(?:\b[A-Z]\.|[A-Z][a-z]{1,4}\.)$", text[start:end]):
            break
        end -= 1
    while start < end and text[start] in " '’\"":
        start += 1
    return start, end


_PARTY_PLACE = re.compile(
    r"\b(?:R|D|I|DFL)-(?P<place>[A-Z][a-z]*\.\s?(?:[A-Z][a-z]*\.)?|[A-Z][a-z]+(?:[ .][A-Z][a-z]+\.?)?)"
)
#: "the Sligo-based mother", "a Kent-based outfit": where something is based is a place
_BASED = re.compile(r"(?<![\w'’-])(?:(?:The|A|An) )?(?P<place>[A-Z][\w'’.]*(?: [A-Z][\w'’.]*)?)-based\b")
_DATELINE_ANY = re.compile(
    # a sentence's end, but not "St." ("ST. PAUL --" is one place)
    r"(?:^|(?<=[.!?]\s)(?<!\b(?i:st|mt|ft)\.\s)|(?<=\n)|(?<=\d{4}\s))"
    r"(?P<place>(?:(?:ST|MT|FT)\.\s)?[A-Z][A-Z'’]{2,}(?:[ .-][A-Z][A-Z'’.]+){0,3})"
    r"(?:,\s*(?P<qual>[A-Z][A-Za-z.]+(?: [A-Z][A-Za-z.]+)?))?"
    r"(?:\s*(?:\([^)\n]{1,40}\)\s*)?(?:—|–|---|--|-|:)\s|--\([^)\n]{0,40}\)--)"  # "..., Calif.--(BUSINESS WIRE)--"
)
_TOKEN = re.compile(r"[^\s,;:()]+")
#: a direction before a place, as news writes it: "South Arlington", "north west London", "west Clare",
#: "North-East England", "far northern Queensland" (not "S. Jersey": South Jersey is no island)
_DIRECTION = re.compile(
    r"(?:[Tt]he\s+)?(?:[Ff]ar\s+)?(?:"
    r"(?:[Nn]orth|[Ss]outh|[Ee]ast|[Ww]est)(?:[- ]?(?:[Ee]ast|[Ww]est))?(?:ern)?(?:[- ]?[Cc]entral)?|"
    r"[Cc]entral|[Uu]pper|[Ll]ower|[Gg]reater|[Dd]owntown|[Ii]nner|[Oo]uter|[Mm]id)[\s-]+(?=[A-Z])"
)
#: words after a place that leave it the place (its offices and courts, "province", "State"), or a
#: feature next to it ("Sacramento River", "Boston Harbor"); after "X County" any words do
_GENERIC_TAIL = re.compile(
    r"(?:\s+(?:(?i:city|county|state|province|region|district|area)|Jail|Courts?|Courthouse|Circuit|Common|Pleas|"
    r"Sheriff(?:['’]s)?|Offices?|Police|Marshal|Commissioners?|Commission|Council|Administrator|Manager|"
    r"Department|Attorney|Schools?|Government|River|Harbou?r|Valley|Bay)\b\.?)+"
)
ADMIN_SUFFIX = re.compile(r"\b(?:County|Parish|Borough|Township|Province|Governorate|State)$")
WEAK_ROUTES = frozenset({"embedded", "context", "opening"})
#: ... of a name that is a division's whatever the model read it as (not "Ohio State", a university)
_DIVISION_NAME = re.compile(r"\b[A-Z][\w'’.-]*\s+(?:County|Parish|Borough|Township|Province|Governorate)$")
#: A town's own institutions after a name say the name is the town: "Paris Police Department",
#: "Oxford City Council", "Alexandria Police". (Schools and hospitals are often named after people.)
_CIVIC_AFTER = re.compile(
    r"['’]?s?\s+(?:Police|Sheriff['’]s Office|City\s+(?:Council|Hall|Commission|Schools|Manager|Attorney)|"
    r"(?:Town|Village|Township)\s+(?:Council|Hall|Board|Clerk|Manager|Administrator|Committee|Trustees)|"
    r"(?:Volunteer\s+)?Fire\s+(?:Department|Rescue|Dept\.?|Service|Company|Chief|Marshal|Station)|(?:Public|Metropolitan)\s+Library|"
    r"PD|Crown\s+Court|Magistrates['’]?\s+Court|Municipal\s+Court|Chamber\s+of\s+Commerce|Housing\s+Authority|"
    r"Borough\s+Council|District\s+Council|County\s+Council|Mayor|Selectm[ae]n|Selectboard|"
    r"Law\s+Enforcement\s+Center|Public\s+(?:Safety|Works)|Planning\s+(?:and\s+Zoning\s+)?(?:Commission|Board)|"
    r"Zoning\s+Board|Board\s+of\s+(?:Education|Aldermen|Selectmen|Finance|Supervisors|Trustees))\b"
)
#: ... and the same in lower case, as prose writes it: "Alexandria police found"
_CIVIC_IN_PROSE = re.compile(
    r"['’]?s?\s+(?:police|detectives|(?:city|town) council|mayor|fire department|grand jury|"
    r"school (?:board|district))\b"
)
#: words before "Police" or "Mayor" that name no town ("Metro Police", "Capitol Police")
_NOT_A_TOWN = frozenset(
    {"metro", "capitol", "transit", "campus", "tribal", "airport", "port", "park", "state", "university", "college"}
    | {"vice", "deputy", "assistant", "acting", "former", "interim", "city", "town", "county", "village"}
)
#: words that open no town's name: "But police", "Vice Mayor", "The Alexandria police" (its next word may)
_NO_NAME = frozenset(STOP_WORDS) | _NOT_A_TOWN
#: a run of capitalised words right before a town's office (not across a sentence's end)
_CIVIC_NAME = re.compile(
    r"(?<![\w'’-])[A-Z][\w'’-]*(?:[ -][A-Z][\w'’-]*){0,2}" + f"(?={_CIVIC_AFTER.pattern}|{_CIVIC_IN_PROSE.pattern})"
)
_LEADING_WORD = re.compile(r"([\w'’-]+)[ -]")
#: a town as where people live: "A Goose Creek man", "about 55 Gainesville residents"
_RESIDENT_NAME = re.compile(
    r"(?<![\w'’-])[A-Z][\w'’-]*(?:[ -][A-Z][\w'’-]*){0,2}"
    r"(?=\s+(?:man|woman|men|women|boy|girl|teen|teenager|couple|resident|residents|native|youth)\b)"
)
#: ... but not what people are: "a Black woman", "a Catholic family", "a Republican man"
_NOT_A_HOME = frozenset(
    {"black", "white", "latino", "hispanic", "asian", "muslim", "jewish", "catholic", "christian", "republican"}
    | {"democrat", "democratic", "gay", "native", "local", "young", "old", "elderly", "homeless", "navy", "army"}
)
_PERSON_OF = re.compile(r"(?:,\s*\d{1,3},)?,?\s+of\s+(?P<town>[A-Z][\w'’.-]*(?:\s[A-Z][\w'’.-]*)?)\b")
#: a preposition that puts what follows on the map: "a Republican from Florence" (the model: ORG)
_PLACE_PREPOSITION = re.compile(r"\b(?:in|from|into|near|outside|across|throughout)\s+$")
#: ... and so does going there: "driving to Castlegar", "they moved to Thornhill", "heading on to Sherman"
_TRAVEL_TO = re.compile(
    r"\b(?:mov(?:e|es|ed|ing)|relocat(?:e|es|ed|ing)|dr(?:ive|ives|ove|iving)|fl(?:y|ies|ew|ying)|"
    r"travel(?:s|led|ed|ling|ing)?|head(?:s|ed|ing)?|return(?:s|ed|ing)?)\s+(?:on\s+|back\s+)?to\s+$"
)
#: a name listed with a place the model saw: "Newark, Heath and Pataskala", "Gainesville and Duluth"
_LIST_BEFORE = re.compile(r"(?:,|,? and|,? or)\s+$")
_LIST_AFTER = re.compile(r"(?:,|,? and|,? or)\s+")
_STREETS_AFTER = re.compile(r"\s+(?i:streets|roads|avenues|drives|lanes|boulevards)\b")
#: ... but not an institution named like a town: "in Congress" (Arizona has one)
_INSTITUTIONS = frozenset(
    {"congress", "parliament", "senate", "house", "cabinet", "court", "government", "army", "navy", "church"}
)
#: planets and moons: where the article is about space, "Jupiter's moon Europa" is not Jupiter, Florida
_HEAVENS = re.compile(
    r"\b(?:Mercury|Venus|Mars|Jupiter|Saturn|Uranus|Neptune|Pluto|Europa|Titan|Ganymede|Callisto|Enceladus|"
    r"Triton|Ceres|Phobos|Deimos)\b"
)
_SPACE_WORDS = re.compile(
    r"\b(?:planet|planets|planetary|moons?|orbit(?:s|ed|ing|er)?|NASA|spacecraft|telescopes?|solar system|"
    r"astronom(?:y|er|ers|ical)|astronauts?|asteroids?)\b",
    re.I,
)
_OPENING_QUOTES = frozenset("“\"‘'")
_A_TITLE = re.compile(r"[,.!?]?[”\"’']")
_THE_BEFORE = re.compile(r"\bthe $")
#: an abbreviation that names no place here: a year's era ("500 BC"), a currency ("US$3.7m"), a road ("US-24")
_ERA = frozenset({"BC", "B.C.", "AD", "A.D.", "CE", "BCE"})
_ERA_BEFORE = re.compile(r"\d\s*$")
_CURRENCY_OR_ROAD_AFTER = re.compile(r"\$|-\d")
ALT_ONLY_MIN_POP = 10_000
_STREET_WORD = re.compile(
    r"\s+(?:Street|St\.?|Avenue|Ave\.?|Square|Road|Rd\.?|Boulevard|Blvd\.?|Drive|Lane|Way|Place|Parkway|Bridge)\b"
)
#: "Chatham House": a house named after a town is a building (or the institution in it) named after
#: a title, not in that town; a state's or a country's House is its legislature
_HOUSE_WORD = re.compile(r"\s+House\b")
#: portfolios of ministries that are also names of small towns ("Commerce", "Industry", "Energy")
_PORTFOLIOS = _words(
    "commerce industry energy justice trade finance interior defence defense health education agriculture "
    "labor labour transport transportation treasury environment culture housing"
)
_OFFICE_WORD = re.compile(r"\s+(?:Ministry|Minister|Department|Dept\.?|Secretary|Committee)\b")
#: ... and before "of" ("Department of Conservation", "Ministry of Culture")
_OFFICE_BEFORE_OF = re.compile(r"\b(?:Ministry|Minister|Department|Dept\.?|Secretary|Secretariat|Bureau)$")
LONG_FORM_SUFFIXES = ("county", "parish", "province", "township", "borough")
#: after a name, what only a state has: "Washington state", "New York Gov. Andrew Cuomo"
_STATE_AFTER = re.compile(
    r"\s+(?:state\b|Gov\.|[Gg]overnor\b|[Ll]egislature\b|General Assembly\b|[Aa]ttorney [Gg]eneral\b)"
)
#: direction words alone ("Far North", "North East", "Midlands"): at the start of a longer name no
#: place; as a division's whole name one only where the story is in its country (see geo)
COMPASS_NAME = re.compile(
    r"(?i:(?:far|north|south|east|west|central|centre|northern|southern|eastern|western|mid|midlands|upper|lower)"
    r"(?:[ -]?(?:north|south|east|west|central|centre|midlands|northern|southern|eastern|western))*)"
)


class Coverage:
    """Character spans already claimed, kept as a mask: an overlap test is one C-level ``find``.

    Testing every capitalised word against every span was ~6 % of the pure core's time.
    """

    def __init__(self, size: int, spans: Iterable[tuple[int, int]] = ()) -> None:
        self._mask = bytearray(size)
        for span in spans:
            self.append(span)

    def append(self, span: tuple[int, int]) -> None:
        start, end = max(0, span[0]), min(len(self._mask), span[1])
        if end > start:
            self._mask[start:end] = b"\x01" * (end - start)

    def overlaps(self, start: int, end: int) -> bool:
        return self._mask.find(1, max(0, start), end) != -1


class _Collector:
    """Accumulates non-overlapping mentions over the article text."""

    def __init__(self, text: str, gaz: Gazetteer) -> None:
        self.text = text
        self.gaz = gaz
        self.mentions: list[Mention] = []
        self.covered = Coverage(len(text))

    def overlaps(self, start: int, end: int) -> bool:
        return self.covered.overlaps(start, end)

    def candidates(self, surface: str, route: str) -> list[tuple[int, bool]]:
        gaz = self.gaz
        cands = gaz.lookup(surface)
        primary_pop = max(
            (gaz.places[i].population for i, p in cands if p and gaz.places[i].feature_code in ("PPL", "PPLC")),
            default=-1,
        )
        if any(p and (gaz.places[i].feature_code == COUNTRY or not gaz.places[i].country_code) for i, p in cands):
            # "Mexico" is the country, not Mexico City through one of its alternate names
            cands = [(i, p) for i, p in cands if p]
        elif primary_pop < 0 and not any(p for _, p in cands):
            # only alternate names: small places' alternates are too often other words ("Newcomers")
            cands = [(i, p) for i, p in cands if gaz.places[i].population >= ALT_ONLY_MIN_POP]
        elif primary_pop >= 0:
            # an alternate name only competes with primary names when it is the bigger place
            # ("Kiev" -> Kyiv; not "Geneva" -> a Californian town once called Geneva)
            cands = [(i, p) for i, p in cands if p or gaz.places[i].population > primary_pop]
        if route in ("rescue", "scan", "opening"):
            key = normalize(surface)
            cands = [(i, p) for i, p in cands if p and is_well_known(gaz, i)] if key not in AMBIGUOUS_WORDS else []
        elif route == "FAC":  # streets and buildings named after towns: only well-known places
            cands = [(i, p) for i, p in cands if p and is_well_known(gaz, i)]
        elif route == "LOC" and " " not in surface.strip():
            # regions, seas, mountains: a small town named like one word ("Earth", "Delta") is a poor
            # guess; a longer name ("Crown Heights", "Estey's Bridge") or a town of 15,000+ is not
            cands = [
                (i, p) for i, p in cands if gaz.places[i].feature_code != "PPL" or gaz.places[i].population >= 15_000
            ]
        elif route in ("locative", "party"):  # "from Florence", "R-Elbow Lake": a place by its name
            # ... or a city of 100,000+ by another spelling ("into Khan Younis", GeoNames' Khān Yūnis)
            cands = [(i, p) for i, p in cands if p or (route == "locative" and gaz.places[i].population >= 100_000)]
        elif route == "based":  # "Sligo-based": a place by its name, or a big place by another
            cands = [(i, p) for i, p in cands if p or is_well_known(gaz, i)]
        elif route in ("civic", "origin"):  # a town's police, a person's home: a town by its name
            # ... or a county by its ("the Avoyelles Parish Sheriff's Office")
            county = route == "civic" and ADMIN_SUFFIX.search(surface) is not None
            cands = [
                (i, p)
                for i, p in cands
                if p
                and (gaz.places[i].feature_code.startswith("PPL") or (county and gaz.places[i].feature_code == ADMIN2))
            ]
        elif route in WEAK_ROUTES or route == "within":  # primary names, and big cities' common names
            cands = [(i, p) for i, p in cands if p or gaz.places[i].population >= 1_000_000]
        return cands

    def add(self, start: int, end: int, route: str) -> bool:
        start, end = strip_possessive(self.text, start, end)
        surface = self.text[start:end]
        if not surface or self.overlaps(start, end):
            return False
        if route == "LOC" and _state_follows(self.text, end, self.gaz):
            route = "GPE"  # "Melville, Sask.": a town however small, where its province follows
        return self.put(start, end, surface, route, self.candidates(surface, route))

    def put(self, start: int, end: int, surface: str, route: str, cands: list[tuple[int, bool]]) -> bool:
        """A mention with the candidates its route found, where none is yet and there are some; never a
        company named like a place ("Toyota", the "Meta" of "Meta Platforms")."""
        if not cands or self.overlaps(start, end) or surface in PLATFORMS:
            return False
        self.mentions.append(Mention(start, end, surface, route, cands))
        self.covered.append((start, end))
        return True

    def promote(self, start: int, end: int, route: str) -> None:
        """A weak mention that a stronger route finds too ("CROMWELL —" the model read as an ORG)."""
        for mn in self.mentions:
            if (mn.start, mn.end) == (start, end) and mn.route in WEAK_ROUTES:
                mn.route, mn.candidates = route, self.candidates(mn.text, route) or mn.candidates

    def add_parts(self, start: int, end: int, route: str) -> bool:
        """A span that is not one place: "Baghdad, Iraq", "Fargo-Moorhead", "Grant, Mahnomen"."""
        surface = self.text[start:end]
        added = False
        for m in re.finditer(r"[^,/]+", surface):
            for part in re.finditer(r"[^-–]+", m.group()) if "-" in m.group() or "–" in m.group() else [m]:
                a = start + m.start() + (part.start() if part is not m else 0)
                b = a + len(part.group())
                while a < b and self.text[a] == " ":
                    a += 1
                while b > a and self.text[b - 1] == " ":
                    b -= 1
                if b > a and (a, b) != (start, end):
                    added = self.add(a, b, route) or added
        if not added and " " in surface:  # "Cyprus, Greece Italy or Spain": a comma the copy lost
            words = list(_TOKEN.finditer(surface))
            for k in range(1, len(words)):
                left, right = surface[: words[k - 1].end()], surface[words[k].start() :]
                if _is_country_or_state(self.gaz, left) and _is_country_or_state(self.gaz, right):
                    added = self.add(start, start + len(left), route)
                    added = self.add(start + words[k].start(), end, route) or added
                    break
        return added

    def add_trimmed(self, start: int, end: int, label: str) -> bool:
        """A place the model tagged with words around it: "South Arlington", "Kermanshah province",
        "Fargo City Commissioner", "the Henderson County Jail". The place is what is left once a
        direction before it, or words after it, are dropped (the longest that resolves)."""
        text = self.text
        m = _DIRECTION.match(text, start, end)
        if m is not None and m.end() < end:
            rest = text[m.end() : end]
            if normalize(rest) in _LANDFORMS:
                return False  # "the Central Plateau" of Haiti is not Plateau, Nigeria
            big = [i for i, _ in self.candidates(rest, label) if _is_region_or_town(self.gaz.places[i])]
            if big and self.add(m.end(), end, label):
                return True
            start = m.end()
        tokens = [(t.start() + start, t.end() + start) for t in _TOKEN.finditer(text[start:end])]
        if tokens and text[tokens[0][0] : tokens[0][1]] in ("the", "The"):
            tokens = tokens[1:]
        for k in range(len(tokens) - 1, 0, -1):
            a, b = tokens[0][0], tokens[k - 1][1]
            if not (_GENERIC_TAIL.fullmatch(text, b, tokens[-1][1]) or ADMIN_SUFFIX.search(text, a, b)):
                continue  # "Hopkins Park", "Jackson Township", "King Street": another place, named after it
            if text[a:b][:1].isupper() and len(text[a:b]) >= 4 and self.add(a, b, label):
                return True
        return False

    def add_embedded(self, start: int, end: int, label: str) -> bool:
        """A place that opens or closes a longer name: "Ohio Department of Health", "University of Iowa"."""
        text = self.text
        tokens = [(m.start() + start, m.end() + start) for m in _TOKEN.finditer(text[start:end])]
        if tokens and text[tokens[0][0] : tokens[0][1]].lower() in ("the", "a", "an"):
            tokens = tokens[1:]
        if len(tokens) < 2:
            return False
        at = text.rfind(" in ", start, end)  # "St. John's Lutheran School in Lombard": not St. John's
        if at > 0 and label in ("ORG", "FAC") and text[at + 4 : end][:1].isupper() and self.add(at + 4, end, "within"):
            return True
        for k in range(min(4, len(tokens) - 1), 0, -1):
            a, b = tokens[0][0], tokens[k - 1][1]
            head = text[a:b]
            if not head[:1].isupper() or COMPASS_NAME.fullmatch(head):
                continue  # "Far North Queensland" opens with a direction, not Cameroon's Far North
            if _CIVIC_AFTER.match(text, b) and normalize(head) not in _NOT_A_TOWN and self.add(a, b, "civic"):
                return True
            if (
                normalize(head) in AMBIGUOUS_WORDS
                and head not in self.gaz.abbreviations
                and not ADMIN_SUFFIX.search(head)
                and not (label != "PERSON" and _is_country_or_state(self.gaz, head))
            ):
                continue
            if label == "PERSON" and not ADMIN_SUFFIX.search(head):
                continue
            if (
                label == "FAC"
                and _STREET_WORD.match(text, b)
                and not _is_country_or_state(self.gaz, head)
                and not ADMIN_SUFFIX.search(head)
            ):
                continue  # "Washington Square", "Hampton Avenue": named after, not in, the place (a county's road is)
            if normalize(head) in _PORTFOLIOS and _OFFICE_WORD.match(text, b):
                continue  # "the Commerce Ministry": a government's portfolio, not Commerce, California
            if _HOUSE_WORD.match(text, b) and not _is_country_or_state(self.gaz, head):
                continue  # "Chatham House", "Somerset House": a building named after a title; "Ohio House" sits
            if self.add(a, b, "embedded"):
                return True
        of = text.rfind(" of ", start, end)
        if of > 0 and label != "PERSON":
            a = of + 4
            head = text[a:end]
            if (
                _OFFICE_BEFORE_OF.search(text, start, of)
                and len(head.split()) <= 2
                and not _is_country_or_state(self.gaz, head)
            ):
                return False  # "the Department of Conservation": a portfolio, not Conservation, Quebec
            if head[:1].isupper() and normalize(head) not in AMBIGUOUS_WORDS and self.add(a, end, "embedded"):
                return True
        if label == "PERSON":
            return False
        # further in: "Air Zimbabwe", "HSBC Bank Malta": countries, US states, capitals, big cities
        for a, b, _ in capitalised_windows(text[start:end]):
            a, b = a + start, b + start
            if a == tokens[0][0] or normalize(text[a:b]) in AMBIGUOUS_WORDS:
                continue
            cands = [(i, p) for i, p in self.gaz.lookup(text[a:b]) if p and is_well_known(self.gaz, i)]
            if self.put(a, b, text[a:b], "embedded", cands):
                return True
        return False


_WORD = re.compile(r"[A-Za-zÀ-ÿ][\w’'.]*[\w]|[A-Za-z]")
ABBREVIATION = re.compile(r"(?<![\w.])(?:U\.S\.A\.|U\.S\.|U\.K\.|U\.A\.E\.|USA|US|UK|UAE|DRC)(?![\w])")
_CONNECTORS = frozenset({"of", "de", "al", "el", "du", "upon", "and"})


def capitalised_windows(text: str, max_len: int = 3):
    """(start, end, followed_by_capital) for runs of 1-3 capitalised words, longest first per start."""
    toks = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
    for i, (start, _, word) in enumerate(toks):
        if not word[:1].isupper():
            continue
        for n in range(max_len, 0, -1):
            window = toks[i : i + n]
            if len(window) < n or not window[-1][2][:1].isupper():
                continue
            if any(not (t[2][:1].isupper() or t[2] in _CONNECTORS) for t in window):
                continue
            if any(text[window[j][1] : window[j + 1][0]] not in (" ", "-") for j in range(n - 1)):
                continue
            end = window[-1][1]
            nxt = toks[i + n] if i + n < len(toks) else None
            followed = bool(nxt and nxt[2][:1].isupper() and text[end : nxt[0]] == " ")
            yield start, end, followed


def _without_openers(text: str, start: int, end: int) -> tuple[int, int]:
    """A capitalised run less its openers ("The", "Former", "Vice"): "East Bank Mayor" is not
    Bank's, "But police" no town's."""
    for word in _LEADING_WORD.finditer(text, start, end):
        if word.group(1).lower() not in _NO_NAME:
            break
        start = word.end()
    return start, end


def _abbreviation_names_place(text: str, start: int, end: int) -> bool:
    era = text[start:end] in _ERA and _ERA_BEFORE.search(text, max(0, start - 8), start)
    return not (era or _CURRENCY_OR_ROAD_AFTER.match(text, end))


def _is_country_or_state(gaz: Gazetteer, surface: str) -> bool:
    return any(
        p
        and (
            gaz.places[i].feature_code == COUNTRY
            or (gaz.places[i].feature_code == ADMIN1 and gaz.places[i].geonameid > 0)
        )
        for i, p in gaz.lookup(surface)
    )


def _state_follows(text: str, end: int, gaz: Gazetteer) -> bool:
    """Whether a country or a state (by name or abbreviation: "Sask.", "Ga.") follows after a comma."""
    q = _QUALIFIER.match(text, end)
    if q is None:
        return False
    qtext = q.group("q").strip()
    return qtext in gaz.abbreviations or _is_country_or_state(gaz, qtext.rstrip("."))


def _opens_with_a_word(gaz: Gazetteer, surface: str) -> bool:
    """A window that opens with a function word the place's own name does not ("At Gatwick"; not
    "The Hague")."""
    first = surface.split(" ", 1)[0]
    if " " not in surface or first.lower() not in _NO_NAME:
        return False
    opener = first.lower() + " "
    return not any(primary and gaz.places[i].name.lower().startswith(opener) for i, primary in gaz.lookup(surface))


_LOWER_WORD_NEXT = re.compile(r"[ \t]+[a-z]")
#: ... but a place opens a sentence before its people and bodies: "Cork mother says", "Middlesbrough
#: boss Steve McClaren", "Leeds council"
_PLACE_PEOPLE_NEXT = re.compile(
    r"[ \t]+(?:m[ae]n|wom[ae]n|mother|father|boy|girl|family|couple|residents?|mayor|council(?:lor)?s?|"
    r"police|MPs?|boss|manager|coach|chairman|striker|midfielder|forward|defender|goalkeeper|players?|"
    r"fans|side|club|firm|company|school|hospital|airport|university)\b"
)


def _a_word_opening_a_sentence(text: str, a: int, b: int, gaz: Gazetteer) -> bool:
    """One capitalised word that opens a sentence, a lower-case word after it, that the model did
    not read as a name: as likely a word ("Tours have been popular", "Oral histories") as a town;
    not before its people or bodies ("Cork mother says"), nor where the text names it inside a
    sentence too; a country, a state or a capital is its name all the same ("Paris is", "Texas has")."""
    if " " in text[a:b] or not opens_sentence(text, a) or not _LOWER_WORD_NEXT.match(text, b):
        return False
    if _PLACE_PEOPLE_NEXT.match(text, b):
        return False
    surface = text[a:b]
    if any(not opens_sentence(text, s) for s, _, _ in find_whole(text, (surface,))):
        return False  # named inside a sentence too ("A Cork mother says"): the name it is
    capital = any(p and gaz.places[i].feature_code == "PPLC" for i, p in gaz.lookup(surface))
    return not (capital or _is_country_or_state(gaz, surface))


#: what follows a family name without being one: "Errol Spence Jr.", "Henry Ford II"
_GENERATION = frozenset({"Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV"})


def _family_names(name: str) -> list[str]:
    """The words after a full name's first: "Errol Spence Jr." -> ["Spence"]; "Germán Rivera
    Garcia" -> ["Rivera", "Garcia"] (an Iberian name has two)."""
    words = [w for w in name.split() if w not in _GENERATION]
    return words[1:] if len(words) > 1 else []


def _mixed_case_around(text: str, a: int, b: int) -> bool:
    """Not inside an ALL-CAPS stretch, where "US" is as likely the pronoun."""
    around = text[max(0, a - 25) : a] + text[b : b + 25]
    return any(c.islower() for c in around)


CONTINENT_WORDS = re.compile(r"(?:[Tt]he\s+)?(European|African|Asian|(?:North|South|Latin) American)\b")
_LEADING_WORDS = re.compile(r"(?:[Tt]he\s+)?([A-Z][\w'-]*)(?:\s+([A-Z][\w'-]*))?\s+[A-Z]")


def _leading_demonym(text: str, start: int, end: int, gaz: Gazetteer) -> tuple[str, int, int] | None:
    """The demonym opening a longer name ("Russian Foreign Ministry", "Sri Lankan Army"), if any."""
    m = _LEADING_WORDS.match(text[start:end])
    if m is None:
        return None
    if m.group(2):
        two = text[start + m.start(1) : start + m.end(2)]
        cc = gaz.demonym(two)
        if cc:
            return cc, start + m.start(1), start + m.end(2)
    cc = gaz.demonym(m.group(1))
    return (cc, start + m.start(1), start + m.end(1)) if cc else None


def find_mentions(article: TaggedArticle, gaz: Gazetteer) -> tuple[list[Mention], list[tuple[str, int, int]]]:
    """Toponym mentions (with candidates) and demonym mentions (country code, start, end)."""
    text = article.text
    col = _Collector(text, gaz)
    for span in _heavens(text):
        col.covered.append(span)  # no route takes a planet or a moon
    demonyms: list[tuple[str, int, int]] = []
    person_tokens = {
        normalize(tok)
        for e in article.entities
        if e.label == "PERSON" and " " in e.text.strip()
        for tok in e.text.split()
    }

    person_names = {normalize(e.text) for e in article.entities if e.label == "PERSON"}
    # "Brent and Lynnette Hains": Brent is one of them, not the London borough, here and elsewhere
    couples = first_of_couples(text, [(e.start, e.end, e.label) for e in article.entities])
    person_tokens |= {normalize(text[e.start : e.end]) for e in article.entities if e.start in couples}
    _division_lists(text, col)
    places = _PlaceSpans(article)
    surnames = {name for e in article.entities if e.label == "PERSON" for name in _family_names(e.text)}
    # one-word names of a person named in full ("Tyler Williams" ... "Tyler") that the model read as
    # a person at least as often as a place
    as_person = Counter(
        tok for e in article.entities if e.label == "PERSON" for tok in {e.text.strip(), *e.text.split()}
    )
    as_place = Counter(e.text.strip() for e in article.entities if e.label in LOCATION_LABELS)
    persons_alone = {
        e.text
        for e in article.entities
        if e.label == "PERSON" and normalize(e.text) in person_tokens and as_person[e.text] >= as_place[e.text]
    }

    for e in sorted(article.entities, key=lambda e: (e.start, -e.end)):
        if e.end > len(text) or e.start < 0 or e.end <= e.start:
            continue
        cc = gaz.demonym(e.text)
        if cc and e.label in ("NORP", "GPE", "LOC", "PERSON", "ORG", "LANGUAGE"):
            demonyms.append((cc, e.start, e.end))
            continue
        if e.label in ("ORG", "FAC", "EVENT"):
            lead = _leading_demonym(text, e.start, e.end, gaz)  # "the Russian Foreign Ministry"
            if lead is not None:
                demonyms.append(lead)
        if e.label in LOCATION_LABELS and _a_person_here(text, e.start, e.end, persons_alone, gaz):
            continue  # "his girlfriend Olivia"; "Tyler Williams" ... "Tyler", read as a place and a person
        if e.label in LOCATION_LABELS and e.text in surnames and not _well_known_by_name(gaz, e.text):
            continue  # "said Minga" where "Joseph Minga" is named: his surname, not Munich's Bavarian name
        if _PATHOGEN_AFTER.match(text, e.end):
            continue  # "the Reston ebolavirus", "the Hendra virus": a virus named after a place
        if _spelled_out_after(text, e.start, e.end, gaz):
            continue  # "DACA (Deferred Action for Childhood Arrivals)": an acronym, not Dhaka ("Daca")
        if e.label in LOCATION_LABELS and _a_speaker_or_a_car(text, e.start, e.end, gaz):
            continue  # "Petrova said", "Edison said"; "a 1992 Toyota Corolla"
        if e.label in LOCATION_LABELS:
            col.add(e.start, e.end, e.label) or col.add_parts(e.start, e.end, e.label) or (
                col.add_embedded(e.start, e.end, e.label)
                if e.label == "FAC"
                else col.add_trimmed(e.start, e.end, e.label)
            )
        elif e.label in RESCUE_LABELS:
            key = normalize(e.text)
            # a name of a person in the article ("Miranda" of "Lin-Manuel Miranda") is that person,
            # even where it is also a division ("Miranda", Venezuela); only a country is still a place
            strong = any(p and gaz.places[i].feature_code == COUNTRY for i, p in gaz.lookup(e.text))
            if e.label == "PERSON" and key in person_tokens and not strong:
                continue
            if e.label == "PERSON" and (
                e.text[:1].islower() or named_as_person(text, e.start, e.end) or e.start in couples
            ):
                continue  # "the bush", "an ice cream van"; "his wife Nancy"; "Brent and Lynnette Hains"
            if e.label == "PERSON" and _listed_with_a_person(text, e.start, e.end, person_names, gaz):
                continue  # "her friends Cynthia and Mary": not Mary, Turkmenistan
            if e.text in gaz.abbreviations and not _abbreviation_names_place(text, e.start, e.end):
                continue
            if _DIVISION_NAME.search(e.text) and col.add(e.start, e.end, "division"):
                continue  # "Clark County" as a person: the suffix says a place
            if col.add(e.start, e.end, "rescue") or col.add_parts(e.start, e.end, "rescue"):
                continue
            if (
                e.label in ("ORG", "PERSON")
                and key not in _INSTITUTIONS
                and (
                    _PLACE_PREPOSITION.search(text, max(0, e.start - 12), e.start)
                    or _TRAVEL_TO.search(text, max(0, e.start - 24), e.start)
                )
                and col.add(e.start, e.end, "locative")
            ):
                continue  # "a Republican from Florence", "a gateway into Avondale", "driving to Castlegar"
            if col.add_embedded(e.start, e.end, e.label):
                continue
            listed = e.label == "PERSON" and _listed_with_place(text, e.start, e.end, places)
            if listed and col.add(e.start, e.end, "embedded"):
                continue  # "Newark, Heath and Pataskala": a town if the article backs it, as embedded names are
            if e.label != "PERSON" and key not in AMBIGUOUS_WORDS:
                # "Dewsbury" as ORG: a smaller place, kept only if the article backs it
                col.add(e.start, e.end, "embedded")

    # datelines the model missed or mislabelled: "BEIRUT, Lebanon -", "WASHINGTON (AP) —"
    for m in _DATELINE_ANY.finditer(text[:1000]):
        a = m.start("place")
        place = m.group("place").rstrip(".")
        if len(place) >= 3 and not col.add(a, a + len(place), "dateline"):
            col.promote(a, a + len(place), "dateline")
        if m.group("qual"):
            q = m.start("qual")
            col.add(q, q + len(m.group("qual").rstrip(".")) + (1 if m.group("qual").endswith(".") else 0), "GPE")

    # party-and-place after a legislator's name: "Rep. Torrey Westrom, R-Elbow Lake"
    for m in _PARTY_PLACE.finditer(text):
        col.add(m.start("place"), m.end("place"), "party")

    for m in _BASED.finditer(text):
        col.add(m.start("place"), m.end("place"), "based")

    # a town before its police, mayor or council, whatever the model read it as: "Alexandria
    # police found", "Lewisburg Mayor John Manchester" (the model's "Lewisburg" was a person)
    for m in _CIVIC_NAME.finditer(text):
        a, b = _without_openers(text, *m.span())
        if text[a:b].lower() not in _NO_NAME:
            col.add(a, b, "civic")
    for m in _RESIDENT_NAME.finditer(text):
        a, b = _without_openers(text, *m.span())
        if text[a:b].lower() not in _NO_NAME | _NOT_A_HOME:
            col.add(a, b, "civic")

    # where a person is from: "Daniel Hufstetler, 29, of Roswell", "said Amstutz, of Wooster"
    for e in article.entities:
        if e.label == "PERSON":
            m = _PERSON_OF.match(text, e.end)
            if m is not None:  # the whole name or nothing: not the "Aston" of "Aston Villa"
                col.add(m.start("town"), m.end("town"), "origin")

    # capitalised words the model missed: unambiguous, well-known places only
    entity_spans = Coverage(len(text), [(e.start, e.end) for e in article.entities])
    for a, b, followed in capitalised_windows(text):
        if entity_spans.overlaps(a, b) or col.overlaps(a, b):
            continue
        surface = text[a:b]
        if _opens_with_a_word(gaz, surface):
            continue  # "At Gatwick", "The Stansted expansion": the place is the next window
        key = normalize(surface)
        if key in AMBIGUOUS_WORDS or key in person_tokens or len(key) < 4:
            continue
        if _HONORIFIC.search(text, max(0, a - 6), a):
            continue
        cc = gaz.demonym(surface)
        if cc:
            demonyms.append((cc, a, b))
            continue
        if followed and not _is_country_or_state(gaz, surface):
            continue  # part of a longer name ("Paris Hilton"); countries and states still count
        if key in _LANDFORMS and _CAPITAL_BEFORE.search(text, max(0, a - 30), a):
            continue  # "the Danube Delta"
        if _titled_work_or_the(text, a, b, gaz):
            continue  # a work's title ("the set of “Fargo,”"), a ship ("aboard the Enterprise")
        # "Tours have been popular. Oral histories have emerged.": as likely words as towns, so the
        # article must back them ("Cork mother says" in a story of Ireland)
        col.add(a, b, "opening" if _a_word_opening_a_sentence(text, a, b, gaz) else "scan")

    # country abbreviations the model missed ("US forces", "the U.S.-led coalition")
    money = Coverage(len(text), [(e.start, e.end) for e in article.entities if e.label == "MONEY"])
    for m in ABBREVIATION.finditer(text):
        a, b = m.span()
        idx = gaz.abbreviations.get(m.group())
        if idx is None or gaz.places[idx].feature_code != COUNTRY:
            continue
        if _mixed_case_around(text, a, b) and not money.overlaps(a, b) and _abbreviation_names_place(text, a, b):
            # the abbreviation itself, not its letters ("us" is a word): "the U.S.-led coalition";
            # not a currency ("40 US dollars")
            col.put(a, b, m.group(), "rescue", [(idx, True)])

    _qualifiers(text, col, gaz)
    _of_places(text, col, gaz)
    col.mentions.sort(key=lambda m: m.start)
    _list_kinds(text, col.mentions, gaz)
    return col.mentions, demonyms


_LIST_GAP = re.compile(r",[ \t]*(?:(?:and|or)[ \t]+)?|[ \t]+(?:and|or)[ \t]+")
#: a list this long says what its members are
_MIN_LIST = 3


def _list_kinds(text: str, mentions: list[Mention], gaz: Gazetteer) -> None:
    """What a list of places names, for each member from the others: "Texas, Utah, Virginia,
    Washington, West Virginia" are states (Washington the state, not the capital); "Mexico, China,
    Japan" countries. Two thirds of the others, and at least two, must have a candidate of the
    kind by their own name."""
    runs: list[list[Mention]] = []
    for mn in mentions:
        if runs and _LIST_GAP.fullmatch(text, runs[-1][-1].end, mn.start):
            runs[-1].append(mn)
        else:
            runs.append([mn])
    for run in runs:
        if len(run) < _MIN_LIST:
            continue
        kinds = [
            {gaz.places[i].feature_code for i, primary in mn.candidates if primary} & {COUNTRY, ADMIN1} for mn in run
        ]
        for k, mn in enumerate(run):
            others = kinds[:k] + kinds[k + 1 :]
            for kind in (COUNTRY, ADMIN1):
                n = sum(kind in x for x in others)
                if n >= 2 and 3 * n >= 2 * len(others):
                    mn.listed_as = kind
                    break


#: "Barrow, Jackson and Madison counties": the names before a plural division word
_DIVISION_LIST = re.compile(
    r"(?P<names>(?:[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*)?(?:,? and |, |,? or ))+[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*)?)"
    r" (?P<kind>counties|parishes|townships)\b"
)
_LISTED_NAME = re.compile(r"[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*)?")
_DIVISION_SINGULAR = {"counties": "County", "parishes": "Parish", "townships": "Township"}


def _a_person_here(text: str, start: int, end: int, persons_alone: set[str], gaz: Gazetteer) -> bool:
    """A one-word "place" that a relative or a title before it, or the model's own reading of the
    same word elsewhere, says is a person; never a country or a first-level division."""
    surface = text[start:end]
    if " " in surface.strip() or not (surface in persons_alone or named_as_person(text, start, end)):
        return False
    if surface in persons_alone and re.search(re.escape(surface) + _CIVIC_AFTER.pattern, text):
        return False  # "Alexandria Police": a town's, whatever the model read the name as
    return not any(gaz.places[i].feature_code in (COUNTRY, ADMIN1) for i, _ in gaz.lookup(surface))


_SPEAKS = re.compile(
    r"[ \t]+(?:also[ \t]+|then[ \t]+|later[ \t]+)?(?:said|says|told|added|explained|wrote|recalled|declined)\b"
)
_PLACED_BEFORE = re.compile(r"\b(?:in|at|from|of|near|for|to)[ \t]+(?:the[ \t]+)?$", re.I)
#: a place's name before "virus" or "ebolavirus" names the virus, no place in the story ("Sudan strains"
#: is left alone: GeoVirus's gold counts it a place)
_PATHOGEN_AFTER = re.compile(r"[ \t]+(?:[a-z]+)?virus(?:es)?\b")
_MODEL_YEAR = re.compile(r"\b(?:a|an|his|her|their|my|your)[ \t]+(?:19|20)\d\d[ \t]+$", re.I)
_SEATS_A_GOVERNMENT = frozenset({COUNTRY, ADMIN1, CONTINENT, "PPLC", *LANDMARK_CODES})


_EXPANSION_AFTER = re.compile(r"[ \t]*\(([^()\n]{5,120})\)")


def _spelled_out_after(text: str, start: int, end: int, gaz: Gazetteer) -> bool:
    """An acronym its expansion follows in brackets, the initials of whose capitalised words spell it,
    and the expansion no place ("the UAE (United Arab Emirates)" stays one)."""
    surface = text[start:end]
    if not (surface.isupper() and surface.isalpha() and len(surface) >= 3):
        return False
    m = _EXPANSION_AFTER.match(text, end)
    if m is None:
        return False
    initials = "".join(w[0] for w in m.group(1).split() if w[:1].isupper())
    spelled = initials.startswith(surface) or (surface.startswith(initials) and len(initials) >= 3)
    return spelled and not gaz.lookup(m.group(1))


def _speaks_for_many(p: Place, min_pop: int) -> bool:
    """A country, a division, a capital or a landmark, or a city of ``min_pop`` people or more."""
    return p.feature_code in _SEATS_A_GOVERNMENT or p.population >= min_pop


def _well_known_by_name(gaz: Gazetteer, surface: str) -> bool:
    """A country, a division, a capital or a city of 100,000+ by its own name (not an alternate one)."""
    return any(p and _speaks_for_many(gaz.places[i], 100_000) for i, p in gaz.lookup(surface))


def _a_speaker_or_a_car(text: str, start: int, end: int, gaz: Gazetteer) -> bool:
    """A town's name that speaks is a person or a company ("Petrova said", "Edison said"); a country,
    a state, a capital, a big city or a landmark speaks for its government or its club ("Moscow said",
    "Liverpool said", "The White House declined"). A name after a model year is
    the car's make ("a 1992 Toyota Corolla", "his 2001 Pontiac Grand Am"; not "the 2020 Bangkok
    International Motor Show")."""
    if _MODEL_YEAR.search(text, max(0, start - 12), start) and text[end : end + 2][1:2].isupper():
        return True
    if not _SPEAKS.match(text, end) or _PLACED_BEFORE.search(text, max(0, start - 12), start):
        return False  # "the 20-year-old from Brampton said", "doctors in Montpellier said": the place
    return not any(_speaks_for_many(gaz.places[i], 250_000) for i, _ in gaz.lookup(text[start:end]))


class _PlaceSpans:
    """The model's GPE/LOC spans by where they start and end, to find a name listed beside one."""

    def __init__(self, article: TaggedArticle) -> None:
        located = [(e.start, e.end) for e in article.entities if e.label in ("GPE", "LOC")]
        self.starts = {a for a, _ in located}
        self.ends = {b for _, b in located}


def _listed_with_place(text: str, start: int, end: int, places: _PlaceSpans) -> bool:
    """True for a name of at most two words right after or before a place in a list (of towns, not
    of streets: "Lakeview and Harrison streets")."""
    if len(text[start:end].split()) > 2 or _STREETS_AFTER.match(text, end):
        return False
    before = _LIST_BEFORE.search(text, max(0, start - 8), start)
    if before is not None and before.start() in places.ends:
        return True
    after = _LIST_AFTER.match(text, end)
    return after is not None and after.end() in places.starts


def _division_lists(text: str, col: _Collector) -> None:
    """Each name of a list before "counties" is that county: "in Barrow and Jackson counties"."""
    for m in _DIVISION_LIST.finditer(text):
        suffix = _DIVISION_SINGULAR[m.group("kind")]
        for name in _LISTED_NAME.finditer(text, m.start("names"), m.end("names")):
            col.put(*name.span(), name.group(), "GPE", col.gaz.lookup(f"{name.group()} {suffix}"))


def _qualifiers(text: str, col: _Collector, gaz: Gazetteer) -> None:
    """ "City, Qualifier": a country or a state (abbreviation) right after the name constrains it,
    and is itself a mention ("Alexandria, La." -> Louisiana too)."""
    for mn in list(col.mentions):
        mn.state_hint = bool(_STATE_AFTER.match(text, mn.end))
        q = _QUALIFIER.match(text, mn.end)
        if not q:
            continue
        qtext = q.group("q").rstrip()
        qstart = q.start("q")
        first = qtext.split()[0]
        if " " in qtext and first in gaz.abbreviations and qtext not in gaz.abbreviations:
            qtext = first  # "Lumpkin, Ga. Hugley-Green collected": the state, then a name
        if qtext not in gaz.abbreviations:
            qtext = qtext.rstrip(".") if not re.search(r"\b[A-Z][a-z]{0,4}\.$|[A-Z]\.$", qtext) else qtext
        qm = next((m for m in col.mentions if m.start == qstart), None)
        if qm is not None:
            qcands = [i for i, _ in qm.candidates]
        else:
            qcands = [i for i, _ in gaz.lookup(qtext) if gaz.places[i].feature_code in (COUNTRY, ADMIN1)]
            postal = gaz.postal(qtext.rstrip(".")) if not qcands else None
            if postal is not None:  # "Denver, CO." at a sentence's end: the code, not its full stop
                qtext, qcands = qtext.rstrip("."), [postal]
            col.put(qstart, qstart + len(qtext), qtext, "GPE", [(i, True) for i in qcands])
        mn.qualifier = [i for i in qcands if gaz.places[i].feature_code in (COUNTRY, ADMIN1)]
        if _countries_listed(gaz, mn, mn.qualifier):
            mn.qualifier = []  # "Mexico, China, Japan": a list of countries, not China, a village in Japan
        elif mn.qualifier and _qualified_out(text, mn, qm.end if qm else qstart + len(qtext), qtext, gaz):
            col.mentions.remove(mn)  # "Churchill, Man.": a town of Manitoba the gazetteer lacks, no namesake
            continue
        if qm is not None:
            # "Greenbelt, Maryland": the state that holds the town, not Maryland City beside it
            towns = [gaz.places[i] for i, _ in mn.candidates]
            qm.qualifies |= {
                gaz.places[i].geonameid for i in mn.qualifier if any(_holds(gaz.places[i], t) for t in towns)
            }


#: after "X, Y": more names, so a list ("Copenhagen, Hamburg, Mannheim"), not a town and its state;
#: or a name that goes on ("in Edinburgh, Wales Secretary Peter Hain")
_LIST_GOES_ON = re.compile(r"\.?(?:,[ \t]*(?:and[ \t]+)?|[ \t]+(?:and|or)[ \t]+|[ \t]+)[A-Z]")


def _qualified_out(text: str, mn: Mention, q_end: int, qtext: str, gaz: Gazetteer) -> bool:
    """Whether "X, Y" is a town and its state or country with no candidate of X in Y: a town the
    gazetteer lacks ("Belgrade, Minn.", 800 people), no namesake abroad. Not a list, not a name
    that goes on, not a country or a division; a capital or a city of a million only after an
    abbreviation ("in Paris, Ireland face minnows" is two clauses)."""
    if _LIST_GOES_ON.match(text, q_end):
        return False
    places = [gaz.places[i] for i, _ in mn.candidates]
    if any(_not_a_town(p) or any(_holds(gaz.places[q], p) for q in mn.qualifier) for p in places):
        return False
    big = any(p.feature_code == "PPLC" or p.population >= 1_000_000 for p in places)
    return not big or qtext in gaz.abbreviations


def _countries_listed(gaz: Gazetteer, mn: Mention, qualifier: list[int]) -> bool:
    """A country's own name before a country's: two items of a list, no town and its country."""
    return any(gaz.places[i].feature_code == COUNTRY for i in qualifier) and any(
        primary and gaz.places[i].feature_code == COUNTRY for i, primary in mn.candidates
    )


_OF = re.compile(r"\s+of\s+(?:the\s+)?")


def _of_places(text: str, col: _Collector, gaz: Gazetteer) -> None:
    """ "X of Y", Y a country or a state and X no country: X lies in Y ("the Western District of New
    York" is a court's district, not American Samoa's Western District); an X with no candidate in Y
    is no mention."""
    starts = {m.start: m for m in col.mentions}
    for mn in list(col.mentions):
        m = _OF.match(text, mn.end)
        qm = starts.get(m.end()) if m is not None else None
        if qm is None or mn.qualifier:
            continue
        if any(gaz.places[i].feature_code in (COUNTRY, CONTINENT) for i, _ in mn.candidates):
            continue  # "the occupation by Russia of Crimea"
        divisions = [gaz.places[i] for i, _ in qm.candidates if gaz.places[i].feature_code in (COUNTRY, ADMIN1)]
        if divisions and not any(_holds(d, gaz.places[i]) for d in divisions for i, _ in mn.candidates):
            col.mentions.remove(mn)


def _holds(division: Place, p: Place) -> bool:
    if p.geonameid == division.geonameid or p.country_code != division.country_code:
        return False
    return division.feature_code == COUNTRY or (p.admin1 == division.admin1 and p.feature_code != ADMIN1)


def context_mentions(article: TaggedArticle, mentions: list[Mention], gaz: Gazetteer) -> list[Mention]:
    """Capitalised words the model missed that name a place in a division the article is about.

    Only after a first resolution: a word is taken when one of its candidates lies in an admin1
    division of the places already resolved (Moorhead in a story about Fargo, ND and Minnesota),
    it never occurs in lower case in the text, and it is not part of a longer name.
    """
    text = article.text
    admin1s = {
        (gaz.places[m.chosen].country_code, gaz.places[m.chosen].admin1)
        for m in mentions
        if m.chosen is not None and m.route not in WEAK_ROUTES and gaz.places[m.chosen].admin1
    }
    if not admin1s:
        return []
    col = _Collector(text, gaz)
    full_names = {
        normalize(t) for e in article.entities if e.label == "PERSON" and " " in e.text.strip() for t in e.text.split()
    }
    # a one-word "person" no full name in the text bears may be a town the model misread ("the
    # Lahaina wildfire" in a story about Hawaii): it is open to this route, unless a title, a
    # relative or a verb of saying make it a person
    lone = {
        (e.start, e.end)
        for e in article.entities
        if e.label == "PERSON"
        and " " not in e.text.strip()
        and normalize(e.text) not in full_names
        and not named_as_person(text, e.start, e.end)
        and not _SPEAKS.match(text, e.end)
    }
    claimed = [(m.start, m.end) for m in mentions] + [
        (e.start, e.end) for e in article.entities if (e.start, e.end) not in lone
    ]
    col.covered = Coverage(len(text), claimed + _heavens(text))
    lowercase_words = set(re.findall(r"\b[a-z][a-z'-]+\b", text))
    person_tokens = {
        normalize(t)
        for e in article.entities
        if e.label == "PERSON" and (e.start, e.end) not in lone
        for t in e.text.split()
    }
    for m in _CAPITALISED.finditer(text):
        a, b = m.span()
        word = m.group()
        if _opens_with_a_word(gaz, word):  # "At Gatwick, the company": the name after the opener
            skip = word.index(" ") + 1
            a, word = a + skip, word[skip:]
        key = normalize(word)
        if col.overlaps(a, b) or key in AMBIGUOUS_WORDS or key in person_tokens or len(key) < 4:
            continue
        if word.lower() in lowercase_words or f"{word.lower()}s" in lowercase_words:
            continue  # "Stock market bubbles" beside "stocks"
        if _HONORIFIC.search(text, max(0, a - 6), a) or _paired_with_person(text, a, b, person_tokens):
            continue
        if _in_quotes(text, a, b):
            continue  # “Hudson,” a painting (after "the", a name here is a town more often than not)
        after = text[b : b + 2]
        if after[:1] == " " and after[1:2].isupper():
            continue
        cands = [(i, p) for i, p in gaz.lookup(word) if p]
        local = [(i, p) for i, p in cands if (gaz.places[i].country_code, gaz.places[i].admin1) in admin1s]
        col.put(a, b, word, "context", local)
    return col.mentions


def _titled_work_or_the(text: str, start: int, end: int, gaz: Gazetteer) -> bool:
    """A name in quotes is a work's title (“Fargo,”); one after "the" a ship, a theatre, a firm
    ("aboard the Enterprise", "the Webster"), unless a country or a state ("the Netherlands")."""
    if _in_quotes(text, start, end):
        return True
    return bool(_THE_BEFORE.search(text, max(0, start - 4), start)) and not _is_country_or_state(gaz, text[start:end])


def _in_quotes(text: str, start: int, end: int) -> bool:
    """A name in quotes, its comma or full stop inside them: “Fargo,” is a work's title."""
    return text[start - 1 : start] in _OPENING_QUOTES and _A_TITLE.match(text, end) is not None


def _heavens(text: str) -> list[tuple[int, int]]:
    """Where the article is about space, its planets and moons."""
    if not _HEAVENS.search(text) or len(_SPACE_WORDS.findall(text)) < 2:
        return []
    return [m.span() for m in _HEAVENS.finditer(text)]


_AND_NAME_AFTER = re.compile(r"\s+(?:and|&)\s+([A-Z][\w'’-]+)")
_NAME_AND_BEFORE = re.compile(r"([A-Z][\w'’-]+)\s+(?:and|&)\s+$")


def _and_partners(text: str, start: int, end: int) -> list[str]:
    """The capitalised words "and" or "&" joins to ``text[start:end]``, after it and before it."""
    after = _AND_NAME_AFTER.match(text, end)
    before = _NAME_AND_BEFORE.search(text, max(0, start - 30), start)
    return [m.group(1) for m in (after, before) if m is not None]


def _paired_with_person(text: str, start: int, end: int, person_tokens: set[str]) -> bool:
    """ "Granollers and Lopez defeated ...": a word paired with a person's name is a person too."""
    return any(normalize(name) in person_tokens for name in _and_partners(text, start, end))


def _listed_with_a_person(text: str, start: int, end: int, person_names: set[str], gaz: Gazetteer) -> bool:
    """A name paired by "and" with a person's that no town of 15,000 or division bears: "Cynthia and
    Mary" are two friends; "Cornwall and Kent" two towns, whatever the model read them as."""
    return any(
        normalize(name) in person_names
        and not any(
            p and (gaz.places[i].population >= 15_000 or not gaz.places[i].feature_code.startswith("PPL"))
            for i, p in gaz.lookup(name)
        )
        for name in _and_partners(text, start, end)
    )


def _not_a_town(p: Place) -> bool:
    """A country, a continent, a first-level division, an ocean or a world region."""
    return p.feature_code in (COUNTRY, CONTINENT, ADMIN1) or p.country_code is None


def _is_region_or_town(p: Place) -> bool:
    return p.feature_code in (COUNTRY, CONTINENT, ADMIN1, ADMIN2) or p.population >= 10_000
