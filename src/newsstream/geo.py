"""Stage 3: TaggedArticle -> EnrichedEvent (toponyms resolved to GeoNames, and the article's focus).

Pure functions of the article and the gazetteer (loaded once per process by ``load_gazetteer``).

1. **Mentions** (``find_mentions``): every GPE/LOC/FAC entity (a "Baghdad, Iraq" or
   "Fargo-Moorhead" span is split; a direction before a place or its offices after it are dropped:
   "South Philadelphia", "the Allegheny County Jail", never "Hopkins Park" for Hopkins); entities
   the small model mislabels (ORG/PERSON/NORP/... spans that are exactly a country, a US state,
   a capital, a big division or a 100k+ city:
   "Erbil" as ORG, "Egypt" as PERSON); places opening or closing a longer name ("the Ohio
   Department of Health", "University of Iowa", "Air Zimbabwe": LGL and GeoWebNews count these
   as toponyms too, and they are evidence for the rest); a town before its own police, council,
   mayor or library ("Paris Police Department", "Oxford City Council", "Burlington Selectman"),
   ambiguous names too, and in prose whatever the model read ("Alexandria police found"); a place
   after "in" closing a name ("Lutheran School in Lombard"); each name of "Barrow, Jackson and
   Madison counties" (that county); where a person is from ("Daniel Hufstetler, 29, of Roswell");
   an organisation or person after "in"/"from" that is a place by its name ("a Republican from
   Florence"); datelines
   ("BEIRUT, Lebanon -", "WASHINGTON (AP) —"); "R-Elbow Lake" after a legislator; the qualifier of "Albany, Ga.";
   country abbreviations and capitalised windows the model missed, if unambiguous and
   well-known (never a word of ``AMBIGUOUS_WORDS`` such as "Jordan", "Chad", "Victoria", never
   the head of a longer capitalised name like "Paris Hilton" unless it is a country or a state).
   After a first resolution, capitalised words naming a place in an admin1 division the article
   is about are added (``context_mentions``: "Moorhead" in a story about Fargo and Minnesota).
   Demonyms ("Iraqi", "Americans") are kept aside: they count toward the focus and as country
   context. An adjective ("Russian troops", "the Egyptian economy", "the Russian Foreign Ministry")
   also becomes a span of its country's location, as LGL and GeoWebNews annotate it; a plural
   ("Palestinians") names people (a group actor), a language ("spoke French", "English-language")
   names no place, "English" is mostly the language, and "Irish-American" is people, so these are
   not locations. A continent's adjective ("European diplomats") is a span of the continent.
2. **Resolution** (``resolve``): candidates by normalised name (primary names, curated aliases,
   GeoNames alternate names, Arabic-article variants), scored by a transparent additive function
   (``Weights``, ``_score``): feature-class prior (country/continent and national capitals >
   admin1 > city), log population, the countries (and demonyms) and admin1 divisions the rest of
   the article names, neighbouring countries, closeness to the other resolved places, a "City,
   State" qualifier, "X state", the long form "X County" elsewhere in the article, the source's
   country (ccTLD), a local source named after the place, and spatial minimality: a candidate
   with candidates of other names close by ("Athens" beside "Henderson County" is Athens, Texas).
   All mentions of one surface share one place (one sense per discourse); three rounds re-read
   the context from the previous choices, shaky choices (confidence < 0.5) are not context. Weak
   detections (embedded names, context words) are kept only where the article backs them.
   ``confidence`` = softmax share of the winning candidate x the trust of the detection route
   (reliability table: bench/quality/geo.py).
3. **Aggregation and focus**: one location per place (mentions, spans). The focus country is the
   argmax of mention weights (title x3, lead x2; a locative use "in Iraq" counts more than a
   modifier "U.S. troops"; a city or division counts for its country; demonyms count half; a title
   that is not part of ``text`` is scanned too); the focus place is a sub-country place that
   stands out (>= half its country's weight, 2+ mentions), else the focus country itself.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.lang.en.stop_words import STOP_WORDS

from newsstream.actors import as_places
from newsstream.gazetteer import (
    ADMIN1,
    ADMIN2,
    CONTINENT,
    COUNTRY,
    EARTH_RADIUS_KM,
    Gazetteer,
    Place,
    haversine_km,
    load_default,
    normalize,
)
from newsstream.info import PIPELINE
from newsstream.models import EnrichedEvent, Focus, Location, PipelineInfo, TaggedArticle

__all__ = ["Weights", "DEFAULT_WEIGHTS", "Mention", "load_gazetteer", "geolocate", "find_mentions", "resolve"]

LOCATION_LABELS = frozenset({"GPE", "LOC", "FAC"})
RESCUE_LABELS = frozenset({"ORG", "PERSON", "NORP", "PRODUCT", "WORK_OF_ART", "EVENT"})


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: capitalised words that are also well-known places but far more often something else in news
#: (first names, surnames, common words, sports teams); never located from a capitalised word or a
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
    "duma "  # Russia's parliament far more often than Douma, Syria
)

#: country-code top-level domains whose country differs from the code (and generic ones: none)
_TLD_COUNTRY = {"uk": "GB"}
_GENERIC_TLDS = frozenset({"com", "org", "net", "info", "edu", "gov", "mil", "int", "io", "co", "tv", "news"})

_CAPITALISED = re.compile(r"\b[A-Z][a-zà-ÿ’']+(?:[ -](?:[A-Z][a-zà-ÿ]+|al|el|de|du|of|upon))*\b")
_QUALIFIER = re.compile(r",\s*(?P<q>(?:[A-Z][A-Za-z]*\.?\s?){1,3})")
_HONORIFIC = re.compile(r"(?:Mr|Mrs|Ms|Dr|Gen|Sen|Rep|Gov|Lt|Col|Sgt|St)\.?\s*$")


@dataclass(frozen=True)
class Weights:
    """The terms of the candidate score (additive, roughly in natural-log units of odds)."""

    prior: dict[str, float] = field(
        default_factory=lambda: {
            CONTINENT: 3.0,
            COUNTRY: 4.0,
            ADMIN1: 1.0,
            ADMIN2: 0.0,
            "PPLC": 4.0,
            "PPL": 0.0,
        }
    )
    us_state_bonus: float = 1.5  # US states (real GeoNames ids) are very often meant
    synthetic_admin1: float = -1.0  # other admin1 divisions: rarely meant by a bare name ("Gaza")
    population: float = 0.45  # per ln(population): a 10x larger place gains ~1.0
    alt_name: float = -1.5  # matched only through a GeoNames alternate name
    alt_name_big: float = -0.5  # ... of a big city: its alternates are common names ("New York", "Kiev")
    country_context: float = 2.5  # the candidate's country is mentioned elsewhere in the article
    country_children: float = 1.0  # a country candidate with places inside it mentioned
    neighbour_context: float = 1.0  # a neighbouring country is mentioned
    admin1_context: float = 2.5  # its admin1 division is mentioned elsewhere
    qualifier: float = 6.0  # "Alexandria, La." / "Erbil, Iraq"
    long_form: float = 4.0  # "Suffolk" where the article also says "Suffolk County"
    proximity: float = 2.5  # close to the other places resolved in the article
    proximity_km: float = 150.0
    source_country: float = 1.0  # the source's domain is in the candidate's country
    source_host: float = 2.0  # a local source named after the place ("palestineherald.com")
    admin1_same_name_as_city: float = -5.0  # "Tehran" the province vs "Tehran" the city
    small_capital: float = 2.0
    world: float = 8.0  # an ocean, sea or world region ("the Atlantic") over a small town of that name
    coherence: float = 2.5  # per other surface with a candidate within coherence_km ("Athens" + "Henderson County")
    coherence_km: float = 30.0
    coherence_cap: int = 2  # the count stops once a cell of the search brings it this high
    min_context_confidence: float = 0.5  # a shaky resolution is not context for the others
    temperature: float = 1.0  # softmax temperature for the confidence
    rounds: int = 3


DEFAULT_WEIGHTS = Weights()

#: how much a detection route is trusted (multiplies the resolution confidence)
_DETECTION_TRUST = {
    "GPE": 0.97,
    "LOC": 0.9,
    "FAC": 0.7,
    "dateline": 0.97,
    "rescue": 0.85,
    "scan": 0.8,
    "embedded": 0.75,
    "civic": 0.85,
    "within": 0.85,
    "origin": 0.85,
    "locative": 0.85,
    "context": 0.7,
}


@dataclass
class Mention:
    start: int
    end: int
    text: str
    route: str  # GPE, LOC, FAC (model), dateline, rescue (model mislabel), scan (gazetteer pass)
    candidates: list[tuple[int, bool]] = field(default_factory=list)
    qualifier: list[int] = field(default_factory=list)  # places named right after ("X, Iraq")
    chosen: int | None = None
    confidence: float = 0.0

    key: str = ""  # normalised surface: mentions with one key name one place
    state_hint: bool = False  # followed by "state" ("Washington state")

    def __post_init__(self) -> None:
        self.key = self.key or normalize(self.text)


def load_gazetteer() -> Gazetteer:
    """The process-wide gazetteer (``gazetteer.load_default``, which the tag stage shares)."""
    return load_default()


# --------------------------------------------------------------------------- mentions


def _is_well_known(gaz: Gazetteer, idx: int, min_city_pop: int = 100_000) -> bool:
    p = gaz.places[idx]
    if p.feature_code in (COUNTRY, CONTINENT, "PPLC"):
        return True
    if p.feature_code == ADMIN1 and (p.geonameid > 0 or p.population >= 1_000_000):
        return True  # US states; big divisions elsewhere ("Tamil Nadu", "Ontario")
    return p.feature_code == "PPL" and p.population >= min_city_pop


def _strip_possessive(text: str, start: int, end: int) -> tuple[int, int]:
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


_PARTY_PLACE = re.compile(r"\b(?:R|D|I|DFL)-(?P<place>[A-Z][a-z]+(?:[ .][A-Z][a-z]+\.?)?)")
_DATELINE_ANY = re.compile(
    # a sentence's end, but not "St." ("ST. PAUL --" is one place)
    r"(?:^|(?<=[.!?]\s)(?<!\b(?i:st|mt|ft)\.\s)|(?<=\n))"
    r"(?P<place>(?:(?:ST|MT|FT)\.\s)?[A-Z][A-Z'’]{2,}(?:[ .-][A-Z][A-Z'’.]+){0,3})"
    r"(?:,\s*(?P<qual>[A-Z][A-Za-z.]+(?: [A-Z][A-Za-z.]+)?))?\s*(?:\([^)\n]{1,40}\)\s*)?(?:—|–|--|-|:)\s"
)
_TOKEN = re.compile(r"[^\s,;:()]+")
_DIRECTION = re.compile(
    r"(?:[Tt]he\s+)?(?:(?:North|South|East|West)(?:east|west)?|Central|Northern|Southern|Eastern|Western|"
    r"Upper|Lower|Greater|Downtown)\s+(?=[A-Z])"
)
#: words after a place that leave it the place (its offices and courts, "province", "State"), or a
#: feature next to it ("Sacramento River", "Boston Harbor"); after "X County" any words do
_GENERIC_TAIL = re.compile(
    r"(?:\s+(?:(?i:city|county|state|province|region|district|area)|Jail|Courts?|Courthouse|Circuit|Common|Pleas|"
    r"Sheriff(?:['’]s)?|Offices?|Police|Marshal|Commissioners?|Commission|Council|Administrator|Manager|"
    r"Department|Attorney|Schools?|Government|River|Harbou?r|Valley|Bay)\b\.?)+"
)
_ADMIN_SUFFIX = re.compile(r"\b(?:County|Parish|Borough|Township|Province|Governorate|State)$")
_WEAK_ROUTES = frozenset({"embedded", "context"})
#: A town's own institutions after a name say the name is the town: "Paris Police Department",
#: "Oxford City Council", "Alexandria Police". (Schools and hospitals are often named after people.)
_CIVIC_AFTER = re.compile(
    r"['’]?s?\s+(?:Police|Sheriff['’]s Office|City\s+(?:Council|Hall|Commission|Schools|Manager|Attorney)|"
    r"(?:Town|Village|Township)\s+(?:Council|Hall|Board|Clerk|Manager|Administrator|Committee|Trustees)|"
    r"(?:Volunteer\s+)?Fire\s+(?:Department|Rescue|Dept\.?|Service|Company)|(?:Public|Metropolitan)\s+Library|"
    r"Crown\s+Court|Magistrates['’]?\s+Court|Municipal\s+Court|Chamber\s+of\s+Commerce|Housing\s+Authority|"
    r"Borough\s+Council|District\s+Council|County\s+Council|Mayor|Selectm[ae]n|Selectboard|"
    r"Law\s+Enforcement\s+Center|Public\s+(?:Safety|Works)|Planning\s+(?:and\s+Zoning\s+)?(?:Commission|Board)|"
    r"Zoning\s+Board|Board\s+of\s+(?:Education|Aldermen|Selectmen|Finance|Supervisors|Trustees))\b"
)
#: ... and the same in lower case, as prose writes it: "Alexandria police found"
_CIVIC_IN_PROSE = re.compile(r"['’]?s?\s+(?:police|detectives|(?:city|town) council|mayor|fire department)\b")
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
_PERSON_OF = re.compile(r"(?:,\s*\d{1,3},)?,?\s+of\s+(?P<town>[A-Z][\w'’.-]*(?:\s[A-Z][\w'’.-]*)?)\b")
#: a preposition that puts what follows on the map: "a Republican from Florence" (the model: ORG)
_PLACE_PREPOSITION = re.compile(r"\b(?:in|from|into|near|outside|across|throughout)\s+$")
#: ... but not an institution named like a town: "in Congress" (Arizona has one)
_INSTITUTIONS = frozenset(
    {"congress", "parliament", "senate", "house", "cabinet", "court", "government", "army", "navy", "church"}
)
#: a name the model read as a person is that person where a relative or a title is before it ("his
#: wife Nancy", "her daughter, Brittany", "Mr. Arlington") or an administration after it ("the Bush
#: administration"), even when a well-known place has the name
_PERSON_BEFORE = re.compile(
    r"(?:\b(?:wife|husband|son|daughter|mother|father|brother|sister|grandson|granddaughter|grandmother|"
    r"grandfather|niece|nephew|aunt|uncle|cousin|fianc[ée]e?|girlfriend|boyfriend|widow|mom|dad|child)s?"
    r"(?:,\s*|\s+)(?:named\s+)?|\b(?:Mr|Mrs|Ms|Miss|Dr|Mister)\.?\s+)$"
)
_PERSON_AFTER = re.compile(r"(?:'s|’s)?\s+administration\b")
#: an abbreviation that names no place here: a year's era ("500 BC"), a currency ("US$3.7m"), a road ("US-24")
_ERA = frozenset({"BC", "B.C.", "AD", "A.D.", "CE", "BCE"})
_ERA_BEFORE = re.compile(r"\d\s*$")
_CURRENCY_OR_ROAD_AFTER = re.compile(r"\$|-\d")
ALT_ONLY_MIN_POP = 10_000
_STREET_WORD = re.compile(
    r"\s+(?:Street|St\.?|Avenue|Ave\.?|Square|Road|Rd\.?|Boulevard|Blvd\.?|Drive|Lane|Way|Place|Parkway|Bridge)\b"
)
_LONG_FORM_SUFFIXES = ("county", "parish", "province", "township", "borough")
_STATE_AFTER = re.compile(r"\s+state\b")


class _Coverage:
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
        self.covered = _Coverage(len(text))

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
        if route in ("rescue", "scan"):
            key = normalize(surface)
            cands = [(i, p) for i, p in cands if p and _is_well_known(gaz, i)] if key not in AMBIGUOUS_WORDS else []
        elif route == "FAC":  # streets and buildings named after towns: only well-known places
            cands = [(i, p) for i, p in cands if p and _is_well_known(gaz, i)]
        elif route == "LOC" and " " not in surface.strip():
            # regions, seas, mountains: a small town named like one word ("Earth", "Delta") is a poor
            # guess; a longer name ("Crown Heights", "Estey's Bridge") or a town of 15,000+ is not
            cands = [
                (i, p) for i, p in cands if gaz.places[i].feature_code != "PPL" or gaz.places[i].population >= 15_000
            ]
        elif route == "locative":  # "from Florence": a place by its name
            cands = [(i, p) for i, p in cands if p]
        elif route in ("civic", "origin"):  # a town's police, a person's home: a town by its name
            cands = [(i, p) for i, p in cands if p and gaz.places[i].feature_code.startswith("PPL")]
        elif route in _WEAK_ROUTES or route == "within":  # primary names, and big cities' common names
            cands = [(i, p) for i, p in cands if p or gaz.places[i].population >= 1_000_000]
        return cands

    def add(self, start: int, end: int, route: str) -> bool:
        start, end = _strip_possessive(self.text, start, end)
        surface = self.text[start:end]
        if not surface or self.overlaps(start, end):
            return False
        return self.put(start, end, surface, route, self.candidates(surface, route))

    def put(self, start: int, end: int, surface: str, route: str, cands: list[tuple[int, bool]]) -> bool:
        """A mention with the candidates its route found, where none is yet and there are some."""
        if not cands or self.overlaps(start, end):
            return False
        self.mentions.append(Mention(start, end, surface, route, cands))
        self.covered.append((start, end))
        return True

    def promote(self, start: int, end: int, route: str) -> None:
        """A weak mention that a stronger route finds too ("CROMWELL —" the model read as an ORG)."""
        for mn in self.mentions:
            if (mn.start, mn.end) == (start, end) and mn.route in _WEAK_ROUTES:
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
        return added

    def add_trimmed(self, start: int, end: int, label: str) -> bool:
        """A place the model tagged with words around it: "South Arlington", "Kermanshah province",
        "Fargo City Commissioner", "the Henderson County Jail". The place is what is left once a
        direction before it, or words after it, are dropped (the longest that resolves)."""
        text = self.text
        m = _DIRECTION.match(text, start, end)
        if m is not None and m.end() < end:
            rest = text[m.end() : end]
            big = [i for i, _ in self.candidates(rest, label) if _is_region_or_town(self.gaz.places[i])]
            if big and self.add(m.end(), end, label):
                return True
            start = m.end()
        tokens = [(t.start() + start, t.end() + start) for t in _TOKEN.finditer(text[start:end])]
        if tokens and text[tokens[0][0] : tokens[0][1]] in ("the", "The"):
            tokens = tokens[1:]
        for k in range(len(tokens) - 1, 0, -1):
            a, b = tokens[0][0], tokens[k - 1][1]
            if not (_GENERIC_TAIL.fullmatch(text, b, tokens[-1][1]) or _ADMIN_SUFFIX.search(text, a, b)):
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
            if not head[:1].isupper():
                continue
            if _CIVIC_AFTER.match(text, b) and normalize(head) not in _NOT_A_TOWN and self.add(a, b, "civic"):
                return True
            if (
                normalize(head) in AMBIGUOUS_WORDS
                and head not in self.gaz.abbreviations
                and not _ADMIN_SUFFIX.search(head)
                and not (label != "PERSON" and _is_country_or_state(self.gaz, head))
            ):
                continue
            if label == "PERSON" and not _ADMIN_SUFFIX.search(head):
                continue
            if label == "FAC" and _STREET_WORD.match(text, b) and not _is_country_or_state(self.gaz, head):
                continue  # "Washington Square", "Hampton Avenue": named after, not in, the place
            if self.add(a, b, "embedded"):
                return True
        of = text.rfind(" of ", start, end)
        if of > 0 and label != "PERSON":
            a = of + 4
            head = text[a:end]
            if head[:1].isupper() and normalize(head) not in AMBIGUOUS_WORDS and self.add(a, end, "embedded"):
                return True
        if label == "PERSON":
            return False
        # further in: "Air Zimbabwe", "HSBC Bank Malta": countries, US states, capitals, big cities
        for a, b, _ in _capitalised_windows(text[start:end]):
            a, b = a + start, b + start
            if a == tokens[0][0] or normalize(text[a:b]) in AMBIGUOUS_WORDS:
                continue
            cands = [(i, p) for i, p in self.gaz.lookup(text[a:b]) if p and _is_well_known(self.gaz, i)]
            if self.put(a, b, text[a:b], "embedded", cands):
                return True
        return False


_WORD = re.compile(r"[A-Za-zÀ-ÿ][\w’'.]*[\w]|[A-Za-z]")
_ABBREVIATION = re.compile(r"(?<![\w.])(?:U\.S\.A\.|U\.S\.|U\.K\.|U\.A\.E\.|USA|US|UK|UAE|DRC)(?![\w])")
_CONNECTORS = frozenset({"of", "de", "al", "el", "du", "upon", "and"})


def _capitalised_windows(text: str, max_len: int = 3):
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


def _abbreviation_names_place(text: str, start: int, end: int) -> bool:
    era = text[start:end] in _ERA and _ERA_BEFORE.search(text, max(0, start - 8), start)
    return not (era or _CURRENCY_OR_ROAD_AFTER.match(text, end))


def _reads_as_person(text: str, start: int, end: int) -> bool:
    return bool(_PERSON_BEFORE.search(text, max(0, start - 30), start) or _PERSON_AFTER.match(text, end))


def _is_country_or_state(gaz: Gazetteer, surface: str) -> bool:
    return any(
        p
        and (
            gaz.places[i].feature_code == COUNTRY
            or (gaz.places[i].feature_code == ADMIN1 and gaz.places[i].geonameid > 0)
        )
        for i, p in gaz.lookup(surface)
    )


def _mixed_case_around(text: str, a: int, b: int) -> bool:
    """Not inside an ALL-CAPS stretch, where "US" is as likely the pronoun."""
    around = text[max(0, a - 25) : a] + text[b : b + 25]
    return any(c.islower() for c in around)


_CONTINENT_WORDS = re.compile(r"(?:[Tt]he\s+)?(European|African|Asian|(?:North|South|Latin) American)\b")
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
    demonyms: list[tuple[str, int, int]] = []
    person_tokens = {
        normalize(tok)
        for e in article.entities
        if e.label == "PERSON" and " " in e.text.strip()
        for tok in e.text.split()
    }

    _division_lists(text, col)

    for e in sorted(article.entities, key=lambda e: (e.start, -e.end)):
        if e.end > len(text) or e.start < 0 or e.end <= e.start:
            continue
        cc = gaz.demonym(e.text)
        if cc and e.label in ("NORP", "GPE", "LOC", "PERSON", "ORG", "LANGUAGE"):
            demonyms.append((cc, e.start, e.end))
            continue
        if e.label in ("ORG", "FAC"):
            lead = _leading_demonym(text, e.start, e.end, gaz)  # "the Russian Foreign Ministry"
            if lead is not None:
                demonyms.append(lead)
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
            if e.label == "PERSON" and (e.text[:1].islower() or _reads_as_person(text, e.start, e.end)):
                continue  # "the bush", "an ice cream van"; "his wife Nancy"
            if e.text in gaz.abbreviations and not _abbreviation_names_place(text, e.start, e.end):
                continue
            if col.add(e.start, e.end, "rescue") or col.add_parts(e.start, e.end, "rescue"):
                continue
            if (
                e.label in ("ORG", "PERSON")
                and key not in _INSTITUTIONS
                and _PLACE_PREPOSITION.search(text, max(0, e.start - 12), e.start)
                and col.add(e.start, e.end, "locative")
            ):
                continue  # "a Republican from Florence", "a gateway into Avondale"
            if col.add_embedded(e.start, e.end, e.label):
                continue
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
        col.add(m.start("place"), m.end("place"), "embedded")

    # a town before its police, mayor or council, whatever the model read it as: "Alexandria
    # police found", "Lewisburg Mayor John Manchester" (the model's "Lewisburg" was a person)
    for m in _CIVIC_NAME.finditer(text):
        # the whole capitalised run before the word, less its openers ("The", "Former", "Vice"):
        # "East Bank Mayor" is not Bank's, "But police" no town's
        a, b = m.span()
        for word in _LEADING_WORD.finditer(text, a, b):
            if word.group(1).lower() not in _NO_NAME:
                break
            a = word.end()
        if text[a:b].lower() not in _NO_NAME:
            col.add(a, b, "civic")

    # where a person is from: "Daniel Hufstetler, 29, of Roswell", "said Amstutz, of Wooster"
    for e in article.entities:
        if e.label == "PERSON":
            m = _PERSON_OF.match(text, e.end)
            if m is not None:  # the whole name or nothing: not the "Aston" of "Aston Villa"
                col.add(m.start("town"), m.end("town"), "origin")

    # capitalised words the model missed: unambiguous, well-known places only
    entity_spans = _Coverage(len(text), [(e.start, e.end) for e in article.entities])
    for a, b, followed in _capitalised_windows(text):
        if entity_spans.overlaps(a, b) or col.overlaps(a, b):
            continue
        surface = text[a:b]
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
        col.add(a, b, "scan")

    # country abbreviations the model missed ("US forces", "the U.S.-led coalition")
    money = _Coverage(len(text), [(e.start, e.end) for e in article.entities if e.label == "MONEY"])
    for m in _ABBREVIATION.finditer(text):
        a, b = m.span()
        idx = gaz.abbreviations.get(m.group())
        if idx is None or gaz.places[idx].feature_code != COUNTRY:
            continue
        if _mixed_case_around(text, a, b) and not money.overlaps(a, b) and _abbreviation_names_place(text, a, b):
            # the abbreviation itself, not its letters ("us" is a word): "the U.S.-led coalition";
            # not a currency ("40 US dollars")
            col.put(a, b, m.group(), "rescue", [(idx, True)])

    _qualifiers(text, col, gaz)
    col.mentions.sort(key=lambda m: m.start)
    return col.mentions, demonyms


#: "Barrow, Jackson and Madison counties": the names before a plural division word
_DIVISION_LIST = re.compile(
    r"(?P<names>(?:[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*)?(?:,? and |, |,? or ))+[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*)?)"
    r" (?P<kind>counties|parishes|townships)\b"
)
_LISTED_NAME = re.compile(r"[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*)?")
_DIVISION_SINGULAR = {"counties": "County", "parishes": "Parish", "townships": "Township"}


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
        if qtext not in gaz.abbreviations:
            qtext = qtext.rstrip(".") if not re.search(r"\b[A-Z][a-z]{0,4}\.$|[A-Z]\.$", qtext) else qtext
        qm = next((m for m in col.mentions if m.start == qstart), None)
        if qm is not None:
            qcands = [i for i, _ in qm.candidates]
        else:
            qcands = [i for i, _ in gaz.lookup(qtext) if gaz.places[i].feature_code in (COUNTRY, ADMIN1)]
            col.put(qstart, qstart + len(qtext), qtext, "GPE", [(i, True) for i in qcands])
        mn.qualifier = [i for i in qcands if gaz.places[i].feature_code in (COUNTRY, ADMIN1)]


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
        if m.chosen is not None and m.route not in _WEAK_ROUTES and gaz.places[m.chosen].admin1
    }
    if not admin1s:
        return []
    col = _Collector(text, gaz)
    claimed = [(m.start, m.end) for m in mentions] + [(e.start, e.end) for e in article.entities]
    col.covered = _Coverage(len(text), claimed)
    lowercase_words = set(re.findall(r"\b[a-z][a-z'-]+\b", text))
    person_tokens = {normalize(t) for e in article.entities if e.label == "PERSON" for t in e.text.split()}
    for m in _CAPITALISED.finditer(text):
        a, b = m.span()
        word = m.group()
        key = normalize(word)
        if col.overlaps(a, b) or key in AMBIGUOUS_WORDS or key in person_tokens or len(key) < 4:
            continue
        if word.lower() in lowercase_words or _HONORIFIC.search(text, max(0, a - 6), a):
            continue
        after = text[b : b + 2]
        if after[:1] == " " and after[1:2].isupper():
            continue
        cands = [(i, p) for i, p in gaz.lookup(word) if p]
        local = [(i, p) for i, p in cands if (gaz.places[i].country_code, gaz.places[i].admin1) in admin1s]
        col.put(a, b, word, "context", local)
    return col.mentions


# --------------------------------------------------------------------------- resolution


def _source_hints(article: TaggedArticle) -> tuple[str | None, str]:
    """The source's country (from a country-code TLD) and its host name folded to letters."""
    country, host = None, ""
    for value in (article.source, article.url):
        if not value:
            continue
        host = re.sub(r"^[a-z]+://", "", value.lower()).split("/", 1)[0].split(":", 1)[0]
        tld = host.rsplit(".", 1)[-1] if "." in host else ""
        if tld and tld not in _GENERIC_TLDS and len(tld) == 2:
            country = _TLD_COUNTRY.get(tld, tld.upper())
        host = re.sub(r"^www\d?\.", "", host).rsplit(".", 1)[0]
        host = re.sub(r"[^a-z]", "", host)
        break
    return country, host


class _Points:
    """The places an article's mentions chose (countries and continents aside), sorted by latitude
    once a round and shared by every surface's context, each of which leaves out its own."""

    def __init__(self, places: dict[int, Place]) -> None:
        ordered = sorted(places.items(), key=lambda kv: kv[1].lat)
        self.ids = [idx for idx, _ in ordered]
        self.places = [p for _, p in ordered]
        self.lats = [p.lat for p in self.places]


@dataclass
class _Context:
    """What the rest of the article says, for one mention."""

    countries: Counter[str]
    admin1: Counter[tuple[str, str]]
    points: _Points
    #: the points only this mention's own surface chose: not context for it
    excluded: frozenset[int] = frozenset()

    @property
    def has_points(self) -> bool:
        return len(self.points.ids) > len(self.excluded)

    def nearest_km(self, p: Place) -> float:
        """The distance from ``p`` to the nearest point: the value ``min`` over all of them gives.

        A long article names hundreds of places, and every candidate of every mention asks this:
        the points are sorted by latitude once, and the search walks out from ``p``'s latitude,
        stopping where the latitude difference alone (a lower bound of the distance) exceeds the
        nearest distance found. The points it skips are farther, so the minimum is the same.
        """
        ids, by_lat, lats, excluded = self.points.ids, self.points.places, self.points.lats, self.excluded
        if len(ids) <= _SCAN_ALL:
            return min(
                (
                    haversine_km(p.lat, p.lon, q.lat, q.lon)
                    for i, q in zip(ids, by_lat, strict=True)
                    if i not in excluded
                ),
                default=math.inf,
            )
        best = math.inf
        up = bisect.bisect_left(lats, p.lat)
        down = up - 1
        while up < len(by_lat) or down >= 0:
            gap_up = lats[up] - p.lat if up < len(by_lat) else math.inf
            gap_down = p.lat - lats[down] if down >= 0 else math.inf
            if _KM_PER_DEGREE_LAT * min(gap_up, gap_down) > best + 1e-6:
                break  # every point left is farther north or south than the nearest one is away
            if gap_up <= gap_down:
                at, up = up, up + 1
            else:
                at, down = down, down - 1
            if ids[at] not in excluded:
                q = by_lat[at]
                best = min(best, haversine_km(p.lat, p.lon, q.lat, q.lon))
        return best


#: up to this many points a plain scan is as fast as sorting them
_SCAN_ALL = 32
#: the great-circle length of a degree of latitude on the sphere ``haversine_km`` uses
_KM_PER_DEGREE_LAT = 2 * math.pi * EARTH_RADIUS_KM / 360


class _ContextIndex:
    """The places chosen in one round, summed once; each surface's context is the sum less its own.

    Building every surface's context from all the mentions was quadratic in a long article
    (1,590 surfaces x 3,400 mentions: a second of a 190,000-character article).
    """

    def __init__(
        self,
        gaz: Gazetteer,
        mentions: list[Mention],
        chosen: dict[int, int],
        demonyms: Counter[str],
        min_confidence: float = 0.0,
    ) -> None:
        self.countries: Counter[str] = Counter(demonyms)
        self.admin1: Counter[tuple[str, str]] = Counter()
        self.by_key: dict[str, tuple[Counter[str], Counter[tuple[str, str]], Counter[int]]] = {}
        uses: Counter[int] = Counter()
        places: dict[int, Place] = {}
        for j, idx in chosen.items():
            mn = mentions[j]
            if mn.confidence < min_confidence:
                continue
            own = self.by_key.setdefault(mn.key, (Counter(), Counter(), Counter()))
            p = gaz.places[idx]
            if p.country_code:
                self.countries[p.country_code] += 1
                own[0][p.country_code] += 1
                if p.admin1:
                    self.admin1[(p.country_code, p.admin1)] += 1
                    own[1][(p.country_code, p.admin1)] += 1
            if p.country_code and p.feature_code != COUNTRY:  # no continent, ocean or country
                places[idx] = p
                uses[idx] += 1
                own[2][idx] += 1
        self.uses = uses
        self.points = _Points(places)

    def for_key(self, key: str) -> _Context:
        """The places chosen for the OTHER surfaces of the article (never the surface ``key`` itself)."""
        own = self.by_key.get(key)
        if own is None:
            return _Context(self.countries, self.admin1, self.points)
        excluded = frozenset(idx for idx, n in own[2].items() if self.uses[idx] == n)
        return _Context(self.countries - own[0], self.admin1 - own[1], self.points, excluded)


def resolve(
    mentions: list[Mention],
    gaz: Gazetteer,
    *,
    demonym_countries: Counter[str] | None = None,
    source_country: str | None = None,
    source_host: str = "",
    weights: Weights = DEFAULT_WEIGHTS,
) -> None:
    """Choose a candidate for every mention (in place), in rounds of context.

    Round 0 reads the context from unambiguous mentions only; later rounds from the previous
    round's choices. All mentions of one surface in an article name one place ("one sense per
    discourse"): their scores are summed per candidate before the choice.
    """
    places = gaz.places
    demonyms = demonym_countries or Counter()
    chosen: dict[int, int] = {k: mn.candidates[0][0] for k, mn in enumerate(mentions) if len(mn.candidates) == 1}
    groups: dict[str, list[int]] = defaultdict(list)
    for k, mn in enumerate(mentions):
        groups[mn.key].append(k)
    # one sense per discourse: every mention of a surface competes over the same candidates
    for members in groups.values():
        if len(members) > 1:
            union: dict[int, bool] = {}
            for k in members:
                for idx, primary in mentions[k].candidates:
                    union[idx] = union.get(idx, False) or primary
            for k in members:
                mentions[k].candidates = list(union.items())
    # a short form and its long form in one article: "Suffolk" ... "Suffolk County"
    long_forms = {
        key: [k2 for k2 in (f"{key} {suffix}" for suffix in _LONG_FORM_SUFFIXES) if k2 in groups] for key in groups
    }
    coherent = _coherence(mentions, groups, gaz, weights)
    for _round in range(weights.rounds):
        new: dict[int, int] = {}
        index = _ContextIndex(gaz, mentions, chosen, demonyms, weights.min_context_confidence if _round else 0.0)
        for key, members in groups.items():
            totals: dict[int, float] = defaultdict(float)
            ctx = index.for_key(key)
            linked = {chosen[j] for k2 in long_forms[key] for j in groups[k2] if j in chosen}
            for k in members:
                mn = mentions[k]
                for idx in linked:
                    if all(idx != i for i, _ in mn.candidates):
                        mn.candidates.append((idx, True))
                for idx, primary in mn.candidates:
                    totals[idx] += _score(places[idx], primary, mn, ctx, gaz, source_country, source_host, weights)
                    totals[idx] += coherent.get((key, idx), 0.0)
                    if idx in linked:
                        totals[idx] += weights.long_form
            n = len(members)
            scores = {idx: total / n for idx, total in totals.items()}
            best = max(scores, key=lambda i: (scores[i], places[i].population))
            z = sum(math.exp((sc - scores[best]) / weights.temperature) for sc in scores.values())
            for k in members:
                mn = mentions[k]
                if best not in {i for i, _ in mn.candidates}:
                    continue
                mn.chosen = best
                mn.confidence = _DETECTION_TRUST.get(mn.route, 0.8) / z
                if mn.route in _WEAK_ROUTES and not _supported(gaz, places[best], mn, ctx):
                    mn.chosen = None  # a weak detection needs the rest of the article to back it
                    continue
                new[k] = best
        chosen = new


_Grid = dict[tuple[int, int], list[tuple[str, Place]]]  # cell -> (surface, candidate) in it


def _coherence(
    mentions: list[Mention], groups: dict[str, list[int]], gaz: Gazetteer, w: Weights
) -> dict[tuple[str, int], float]:
    """A bonus for each candidate that has candidates of other surfaces close by: spatial minimality.

    A local story names places near each other: "Athens" beside "Henderson County" is Athens,
    Texas, not the capital of Greece, though neither name is sure alone. The bonus reads every
    candidate, not the choices, so it does not depend on the order of the rounds. Countries,
    continents, oceans and first-level divisions are too large for a point to mean anything here.
    """
    if not w.coherence:
        return {}
    cell = w.coherence_km / _KM_PER_DEGREE_LAT  # a cell's height, in degrees
    grid: _Grid = defaultdict(list)
    points: dict[str, list[tuple[int, Place]]] = {}
    for key, members in groups.items():
        own = {idx for k in members for idx, _ in mentions[k].candidates}
        points[key] = [
            (i, gaz.places[i])
            for i in own
            if gaz.places[i].country_code and gaz.places[i].feature_code not in (COUNTRY, ADMIN1)
        ]
        for _, p in points[key]:
            grid[(math.floor(p.lat / cell), math.floor(p.lon / cell))].append((key, p))
    out: dict[tuple[str, int], float] = {}
    for key, own in points.items():
        for i, p in own:
            near = _names_near(p, key, grid, cell, w)
            if near:
                out[(key, i)] = w.coherence * near
    return out


def _names_near(p: Place, key: str, grid: _Grid, cell: float, w: Weights) -> int:
    """How many other surfaces have a candidate within ``coherence_km`` of ``p``; the count stops
    once a cell brings it to ``coherence_cap``."""
    row, col = math.floor(p.lat / cell), math.floor(p.lon / cell)
    # a degree of longitude shrinks towards the poles: look as many cells east and west
    span = math.ceil(1 / max(math.cos(math.radians(p.lat)), 0.05))
    near: set[str] = set()
    for y in (row - 1, row, row + 1):
        for x in range(col - span, col + span + 1):
            for other, q in grid.get((y, x), ()):
                if other != key and other not in near and haversine_km(p.lat, p.lon, q.lat, q.lon) <= w.coherence_km:
                    near.add(other)
            if len(near) >= w.coherence_cap:
                return len(near)
    return len(near)


def _is_world(p: Place) -> bool:
    """An ocean, a sea or a world region ("the Middle East"): no country's, and no continent."""
    return p.country_code is None and p.feature_code != CONTINENT


def _is_region_or_town(p: Place) -> bool:
    return p.feature_code in (COUNTRY, CONTINENT, ADMIN1, ADMIN2) or p.population >= 10_000


def _supported(gaz: Gazetteer, p: Place, mn: Mention, ctx: _Context) -> bool:
    if p.feature_code in (COUNTRY, CONTINENT, "PPLC") or (p.feature_code == ADMIN1 and p.geonameid > 0):
        return True
    if _ADMIN_SUFFIX.search(mn.text):  # "Rapides Parish", "Licking County": the suffix says "place"
        return True
    if p.population >= 500_000 or (p.population >= 100_000 and p.country_code in ctx.countries):
        return True  # a big city needs no backing ("Toronto Raptors"); a mid-sized one its country
    if p.country_code and p.admin1 and ctx.admin1.get((p.country_code, p.admin1)):
        return True
    return ctx.has_points and ctx.nearest_km(p) < 100


def _score(
    p: Place,
    primary: bool,
    mn: Mention,
    ctx: _Context,
    gaz: Gazetteer,
    source_country: str | None,
    source_host: str,
    w: Weights,
) -> float:
    s = w.prior.get(p.feature_code, 0.0)
    if _is_world(p):
        s += w.world
    if p.feature_code == "PPLC" and p.population < 100_000:
        s -= w.small_capital  # "The Valley" (Anguilla) is not what "Valley" means
    if p.feature_code == ADMIN1:
        s += w.us_state_bonus if p.geonameid > 0 else w.synthetic_admin1
    s += w.population * math.log(p.population + 1)
    if not primary:
        s += w.alt_name if p.population < 1_000_000 else w.alt_name_big
    cc = p.country_code
    if p.feature_code == COUNTRY and cc:
        # places inside it or next door make a country likelier
        inside = sum(n for c, n in ctx.countries.items() if c == cc)
        near = any(c in gaz.neighbours.get(cc, ()) for c in ctx.countries)
        if inside:
            s += w.country_children
        elif near:
            s += w.neighbour_context
    elif p.feature_code != CONTINENT and cc:
        if ctx.countries.get(cc):
            s += w.country_context
        elif any(c in gaz.neighbours.get(cc, ()) for c in ctx.countries):
            s += w.neighbour_context
        if p.admin1 and ctx.admin1.get((cc, p.admin1)):
            s += w.admin1_context
        if ctx.has_points:
            near_km = ctx.nearest_km(p)
            s += w.proximity * math.exp(-near_km / w.proximity_km)
    if mn.qualifier and any(_contains(gaz, gaz.places[q], p) for q in mn.qualifier):
        s += w.qualifier
    if mn.state_hint and p.feature_code == ADMIN1:
        s += w.qualifier  # "Washington state"
    if source_country and cc == source_country:
        s += w.source_country
    if source_host and p.feature_code not in (COUNTRY, CONTINENT):
        key = normalize(p.name).replace(" ", "")
        if len(key) >= 5 and key in source_host:
            s += w.source_host
    if p.feature_code == ADMIN1 and _admin1_named_like_city(gaz, p, mn):
        s += w.admin1_same_name_as_city
    return s


def _contains(gaz: Gazetteer, outer: Place, inner: Place) -> bool:
    if outer.feature_code == COUNTRY:
        return inner.country_code == outer.country_code and inner.geonameid != outer.geonameid
    if outer.feature_code == ADMIN1:
        return (
            inner.country_code == outer.country_code and inner.admin1 == outer.admin1 and inner.feature_code != ADMIN1
        )
    return False


def _admin1_named_like_city(gaz: Gazetteer, p: Place, mn: Mention) -> bool:
    for idx, _ in mn.candidates:
        q = gaz.places[idx]
        if q.feature_code in ("PPL", "PPLC") and q.country_code == p.country_code and q.admin1 == p.admin1:
            return True
    return False


# --------------------------------------------------------------------------- aggregation, focus


def _position_weight(article: TaggedArticle, start: int) -> float:
    text = article.text
    first_line_end = text.find("\n")
    if article.title and text.startswith(article.title[:40]) and start < max(first_line_end, len(article.title)):
        return 3.0
    if start < 400:
        return 2.0
    return 1.0


_LOCATIVE = re.compile(
    r"\b(?:in|at|from|to|into|across|inside|near|throughout|within|over|outside|of)\s+(?:the\s+)?$", re.I
)
_MODIFIER_NEXT = re.compile(r"^(?:['’]s\b|\s+[a-z]|-[a-z])")


def _usage_weight(text: str, mn: Mention) -> float:
    """A locative use ("in Iraq") says where the story is; a modifier ("U.S. troops") much less."""
    if _LOCATIVE.search(text, max(0, mn.start - 20), mn.start):
        return 1.0
    if _MODIFIER_NEXT.match(text[mn.end : mn.end + 3]):
        return 0.5
    return 0.8


def _title_places(
    article: TaggedArticle, mentions: list[Mention], gaz: Gazetteer
) -> list[tuple[str, int | None, float]]:
    """Places and demonyms of a title that is NOT part of ``text`` (offsets never point into it).

    A name the body also uses takes the body's resolution; otherwise only unambiguous
    well-known places count (a country before a state before a capital before a big city).
    """
    title = article.title or ""
    if not title.strip() or article.text.lstrip().startswith(title.strip()[:40]):
        return []
    chosen = {mn.key: mn.chosen for mn in mentions if mn.chosen is not None}
    out: list[tuple[str, int | None, float]] = []
    taken: list[tuple[int, int]] = []
    spans = [(m.start(), m.end()) for m in _ABBREVIATION.finditer(title)]
    spans += [(a, b) for a, b, _ in _capitalised_windows(title)]
    for a, b in spans:
        if any(x < b and a < y for x, y in taken):
            continue
        surface = title[a:b]
        cc = gaz.demonym(surface)
        if cc:
            out.append((cc, None, 1.5))
            taken.append((a, b))
            continue
        idx = chosen.get(normalize(surface))
        if idx is None and normalize(surface) not in AMBIGUOUS_WORDS:
            cands = [i for i, p in gaz.lookup(surface) if p and _is_well_known(gaz, i)]
            rank = {COUNTRY: 4, ADMIN1: 3, "PPLC": 2}
            idx = max(
                cands,
                key=lambda i: (rank.get(gaz.places[i].feature_code, 1), gaz.places[i].population),
                default=None,
            )
        if idx is not None and gaz.places[idx].country_code:
            out.append((gaz.places[idx].country_code or "", idx, 3.0))
            taken.append((a, b))
    return out


def _focus(
    article: TaggedArticle,
    mentions: list[Mention],
    demonyms: list[tuple[str, int, int]],
    gaz: Gazetteer,
    source_country: str | None = None,
) -> Focus:
    country_w: Counter[str] = Counter()
    place_w: Counter[int] = Counter()
    title_countries: set[str] = set()
    title = normalize(article.title or "")
    for mn in mentions:
        if mn.chosen is None:
            continue
        p = gaz.places[mn.chosen]
        if not p.country_code:
            continue
        w = _position_weight(article, mn.start) * (0.5 + mn.confidence) * _usage_weight(article.text, mn)
        country_w[p.country_code] += w if p.feature_code == COUNTRY else 0.9 * w
        place_w[mn.chosen] += w
        if title and normalize(mn.text) in title:
            title_countries.add(p.country_code)
    for cc, start, _end in demonyms:
        country_w[cc] += 0.5 * _position_weight(article, start)
    for cc, idx, weight in _title_places(article, mentions, gaz):
        country_w[cc] += weight
        title_countries.add(cc)
        if idx is not None:
            place_w[idx] += weight
    if not country_w:
        return Focus()
    # a tie goes to the country of the title, then to the source's ("UK" and "America" once each
    # in a story on a .co.uk site)
    cc = max(country_w, key=lambda c: (round(country_w[c], 6), c in title_countries, c == source_country))
    country_idx = gaz.countries.get(cc)
    sub = [
        (w, idx)
        for idx, w in place_w.items()
        if gaz.places[idx].country_code == cc and gaz.places[idx].feature_code != COUNTRY
    ]
    focus_id = gaz.places[country_idx].geonameid if country_idx is not None else None
    if sub:
        w, idx = max(sub)
        mentions_of = sum(1 for mn in mentions if mn.chosen == idx)
        if (w >= 0.5 * country_w[cc] and mentions_of >= 2) or focus_id is None:
            focus_id = gaz.places[idx].geonameid
    return Focus(country_code=cc, geonameid=focus_id)


#: A demonym naming a language, not a place: "spoke only French", "in Spanish.", "French-language".
_LANGUAGE_VERB = re.compile(
    r"\b(?:speaks?|spoke|spoken|speaking|learn(?:s|ed|ing|t)?|stud(?:y|ies|ied|ying)|teach(?:es|ing)?|taught|"
    r"fluent in|translated into)(?:\s+(?:only|fluent|fluently|mostly|some|little|good|broken))?\s+$",
    re.I,
)
_IN = re.compile(r"\b(?:in|into)\s+$", re.I)
_LANGUAGE_SUFFIX = re.compile(r"-?\s?(?:language|speaking|speakers?)\b")
_ETHNIC_SUFFIX = re.compile(r"[- ]Americans?\b")  # "African-American", "Irish American": people, not places
_NOUN_END = re.compile(r"\s*(?:[,.;:)]|and\b|or\b|$)")  # "in French." is the language; "in French waters" not
#: how much a demonym as a place is trusted: its country is certain, its being a place less so
_DEMONYM_TRUST = 0.9


def demonym_places(text: str, demonyms: list[tuple[str, int, int]], gaz: Gazetteer) -> list[tuple[int, int, int]]:
    """(country index, start, end) for each demonym used as an adjective of its country."""
    out = []
    for cc, start, end in demonyms:
        idx = gaz.countries.get(cc)
        surface = text[start:end]
        key = normalize(surface)
        if idx is None or key == "english" or (key.endswith("s") and gaz.demonym(surface[:-1]) == cc):
            continue
        before = text[max(0, start - 40) : start]
        if (
            _LANGUAGE_SUFFIX.match(text, end)
            or _ETHNIC_SUFFIX.match(text, end)
            or (key == "american" and text[max(0, start - 1) : start] == "-")  # "Irish-American"
            or _LANGUAGE_VERB.search(before)
            or (_IN.search(before) and _NOUN_END.match(text, end))
        ):
            continue
        out.append((idx, start, end))
    return out


#: Continents' adjectives (facts): "European leaders", "the African Union" name a continent.
_CONTINENT_ADJECTIVES = {
    "european": "Europe",
    "african": "Africa",
    "asian": "Asia",
    "north american": "North America",
    "south american": "South America",
    "latin american": "South America",
}


def continent_adjectives(article: TaggedArticle, gaz: Gazetteer) -> list[tuple[int, int, int]]:
    """(continent index, start, end) for each continent's adjective the model tagged, alone or opening a name."""
    out = []
    for e in article.entities:
        if e.label not in ("NORP", "ORG", "FAC", "LOC", "GPE"):
            continue
        m = _CONTINENT_WORDS.match(article.text, e.start, e.end)
        if m is None or _ETHNIC_SUFFIX.match(article.text, m.end(1)):
            continue
        name = _CONTINENT_ADJECTIVES[normalize(m.group(1))]  # the pattern matches these adjectives only
        idx = next((i for i in gaz.names.get(normalize(name), []) if gaz.places[i].feature_code == CONTINENT), None)
        if idx is not None:
            out.append((idx, m.start(1), m.end(1)))
    return out


def _locations(
    mentions: list[Mention], gaz: Gazetteer, demonyms: Iterable[tuple[int, int, int]] = ()
) -> list[Location]:
    """One location per place; its spans are its toponyms' and, for a country, its demonyms'."""
    groups: dict[int, list[tuple[int, int, float]]] = defaultdict(list)
    for mn in mentions:
        if mn.chosen is not None:
            groups[mn.chosen].append((mn.start, mn.end, mn.confidence))
    located = [(mn.start, mn.end) for mn in mentions if mn.chosen is not None]
    taken = _Coverage(max((end for _, end in located), default=0), located)
    for idx, start, end in demonyms:
        if not taken.overlaps(start, end):  # "European" of a "European Union" already located
            groups[idx].append((start, end, _DEMONYM_TRUST))
    out = []
    for idx, group in sorted(groups.items(), key=lambda kv: min(kv[1])):
        group.sort()
        p = gaz.places[idx]
        conf = max(c for _, _, c in group)
        # several independent mentions of the same place make it more certain
        conf = 1.0 - (1.0 - conf) ** (1.0 + 0.25 * (len(group) - 1))
        out.append(
            Location(
                name=p.name,
                geonameid=p.geonameid,
                lat=round(p.lat, 5),
                lon=round(p.lon, 5),
                country_code=p.country_code,
                admin1=gaz.admin1_name(p),
                feature_code=p.feature_code,
                mentions=len(group),
                confidence=round(min(1.0, max(0.0, conf)), 3),
                spans=[(a, b) for a, b, _ in group],
            )
        )
    return out


#: routes that say a name the model read as a person (or, for the last four, an organisation) is a
#: place: a well-known place's name, "from Florence", "Roswell police", "of Roswell", a dateline
_PLACE_NOT_PERSON = frozenset({"rescue", "locative", "civic", "origin", "dateline"})
_PLACE_NOT_ORGANISATION = _PLACE_NOT_PERSON - {"rescue"}  # not the "EU", which is both


def _names_located(article: TaggedArticle, mentions: list[Mention]) -> set[int]:
    """Indexes of the PERSON and ORG entities that a located mention of a place-saying route spans."""
    routes = {(mn.start, mn.end): mn.route for mn in mentions if mn.chosen is not None}
    out = set()
    for i, e in enumerate(article.entities):
        if e.label not in ("PERSON", "ORG"):
            continue
        route = routes.get(_strip_possessive(article.text, e.start, e.end))
        if route in (_PLACE_NOT_PERSON if e.label == "PERSON" else _PLACE_NOT_ORGANISATION):
            out.add(i)
    return out


def geolocate(
    article: TaggedArticle,
    gazetteer: Gazetteer | None = None,
    *,
    pipeline: PipelineInfo = PIPELINE,
    weights: Weights = DEFAULT_WEIGHTS,
) -> EnrichedEvent:
    """Resolve the article's toponyms to GeoNames and pick its focus."""
    gaz = gazetteer if gazetteer is not None else load_gazetteer()
    mentions, demonyms = find_mentions(article, gaz)
    source_country, source_host = _source_hints(article)
    demonym_countries = Counter(cc for cc, _, _ in demonyms)

    def run(ms: list[Mention]) -> None:
        resolve(
            ms,
            gaz,
            demonym_countries=demonym_countries,
            source_country=source_country,
            source_host=source_host,
            weights=weights,
        )

    run(mentions)
    extra = context_mentions(article, mentions, gaz)
    if extra:
        mentions = sorted(mentions + extra, key=lambda m: m.start)
        run(mentions)
    entities, actors = as_places(article.entities, article.actors, _names_located(article, mentions))
    return EnrichedEvent(
        **(article.model_dump() | {"entities": entities, "actors": actors}),
        locations=_locations(
            mentions, gaz, demonym_places(article.text, demonyms, gaz) + continent_adjectives(article, gaz)
        ),
        focus=_focus(article, mentions, demonyms, gaz, source_country),
        pipeline=pipeline,
    )
