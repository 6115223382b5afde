"""Stage 3: TaggedArticle -> EnrichedEvent (toponyms resolved to GeoNames, and the article's focus).

Pure functions of the article and the gazetteer (loaded once per process by ``load_gazetteer``).

1. **Mentions** (``toponyms.find_mentions``, which lists the routes that find them). Demonyms
   ("Iraqi", "Americans") are kept aside: they count toward the focus and as country context. An
   adjective ("Russian troops", "the Russian Foreign Ministry") also becomes a span of its
   country's location, as LGL and GeoWebNews annotate it; a plural ("Palestinians") names people (a
   group actor), a language ("spoke French") names no place, and "Irish-American" is people. A
   continent's adjective ("European diplomats") is a span of the continent.
2. **Resolution** (``resolve``): candidates by normalised name (primary names, curated aliases,
   GeoNames alternate names, Arabic-article variants), scored by a transparent additive function
   (``Weights``, ``_score``): feature-class prior (country/continent and national capitals >
   admin1 > city), log population, the countries (and demonyms) and admin1 divisions the rest of
   the article names, neighbouring countries, closeness to the other resolved places, a "City,
   State" qualifier (a town with no namesake in it is no mention: "Belgrade, Minn."), "X state"
   and "X Gov.", the kind of place the rest of a list names ("Utah, Washington and Wyoming": the
   state), the long form "X County" elsewhere in the article, the source's
   country (ccTLD), a local source named after the place (its town weighing no less than a
   namesake abroad, and taken as context for the article's other places as if it named it:
   "columbuslocalnews.com"), and spatial minimality: a candidate
   with candidates of other names close by ("Athens" beside "Henderson County" is Athens, Texas);
   in a roundup whose places lie in five divisions or more, the division and nearness terms count
   less ("lead Boston" beside "beat Buffalo" is Boston, Massachusetts, not Boston, New York).
   All mentions of one surface share one place (one sense per discourse); three rounds re-read
   the context from the previous choices, shaky choices (confidence < 0.5) are not context. Weak
   detections (embedded names, context words, words opening a sentence) are kept only where the
   article backs them.
   ``confidence`` = softmax share of the winning candidate x the trust of the detection route
   (reliability table: bench/quality/geo.py).
3. **Aggregation and focus**: one location per place (mentions, spans). The focus country is the
   argmax of mention weights (title x3, lead x2; a locative use "in Iraq" counts more than a
   modifier "U.S. troops"; a city or division counts for its country; demonyms count half; a title
   that is not part of ``text`` is scanned too); the focus place is a sub-country place that
   stands out (>= half its country's weight, 2+ mentions), else the focus country itself.
4. **Entities**: a PERSON entity that a located mention of a place-saying route spans (an ORG
   one too, but not from a well-known place's name alone: the "EU" stays an organisation) is GPE
   in the event, and its mention moves to the location actor (``actors.as_places``): the tag stage
   cannot know that "Roswell" in "Daniel Hufstetler, 29, of Roswell" is a town of 1,000 people.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from newsstream.actors import as_places, unplaced
from newsstream.gazetteer import (
    ADMIN1,
    ADMIN2,
    CONTINENT,
    COUNTRY,
    EARTH_RADIUS_KM,
    LANDMARK_CODES,
    REGION,
    Gazetteer,
    Place,
    haversine_km,
    load_default,
    normalize,
)
from newsstream.info import PIPELINE
from newsstream.lexicon import words
from newsstream.models import EnrichedEvent, Focus, Location, PipelineInfo, TaggedArticle
from newsstream.toponyms import (
    ABBREVIATION,
    ADMIN_SUFFIX,
    AMBIGUOUS_WORDS,
    COMPASS_NAME,
    CONTINENT_WORDS,
    LONG_FORM_SUFFIXES,
    WEAK_ROUTES,
    Coverage,
    Mention,
    capitalised_windows,
    context_mentions,
    find_mentions,
    is_well_known,
    strip_possessive,
)

__all__ = ["Weights", "DEFAULT_WEIGHTS", "Mention", "load_gazetteer", "geolocate", "find_mentions", "resolve"]


#: country-code top-level domains whose country differs from the code (and generic ones: none)
_TLD_COUNTRY = {"uk": "GB"}
_HOME_NATIONS = frozenset({"ENG", "SCT", "WLS", "NIR"})
_GENERIC_TLDS = frozenset({"com", "org", "net", "info", "edu", "gov", "mil", "int", "io", "co", "tv", "news"})


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
    # England, Scotland, Wales, Northern Ireland: countries in all but GeoNames' codes ("prices fell
    # in Wales" was Wales, a village near Sheffield, in a story naming England's regions)
    home_nation: float = 3.0
    alias_support: float = 1.0  # 0 turns off: another name's place needs its country in the story
    stray_village_pop: float = 5000.0  # below this, a place needs its country (or a neighbour) in the story
    population: float = 0.45  # per ln(population): a 10x larger place gains ~1.0
    dispersed_admin1s: int = 5  # a roundup: the article's places lie in this many divisions or more
    dispersed_scale: float = 0.3  # ... and the division and nearness terms count this much
    alt_name: float = -1.5  # matched only through a GeoNames alternate name
    alt_name_big: float = -0.5  # ... of a big city: its alternates are common names ("New York", "Kiev")
    country_context: float = 2.5  # the candidate's country is mentioned elsewhere in the article
    country_children: float = 1.0  # a country candidate with places inside it mentioned
    neighbour_context: float = 1.0  # a neighbouring country is mentioned
    admin1_context: float = 2.5  # its admin1 division is mentioned elsewhere
    # "Alexandria, La." / "Erbil, Iraq" / "Denver, CO": all but decides (at 6, "Denver, CO" among
    # North Carolina's towns was Denver, NC, and LGL's held-out acc@161 was 0.3 points lower)
    qualifier: float = 14.0
    listed_kind: float = 3.0  # a list's other members are all states (countries): so is this one
    long_form: float = 4.0  # "Suffolk" where the article also says "Suffolk County"
    proximity: float = 2.5  # close to the other places resolved in the article
    proximity_km: float = 150.0
    source_country: float = 1.0  # the source's domain is in the candidate's country
    source_host: float = 2.0  # a local source named after the place ("palestineherald.com")
    admin1_same_name_as_city: float = -5.0  # "Tehran" the province vs "Tehran" the city
    # ... unless the city holds under this share of the division's people: "Quebec" is the province
    admin1_city_share: float = 0.1
    small_capital: float = 2.0
    world: float = 10.0  # a sea or world region over a town ("the Atlantic") or a division ("Red Sea") of its name
    landmark: float = 8.0  # "the White House" over White House, Tennessee
    region: float = 1.0  # a curated region in one country ("Darfur", "South Island"): what its name means
    coherence: float = 2.5  # per other surface with a candidate within coherence_km ("Athens" + "Henderson County")
    coherence_km: float = 30.0
    coherence_cap: int = 2  # the count stops once a cell of the search brings it this high
    # two surfaces whose largest places lie this close together vouch for no smaller namesakes of
    # theirs near each other: Leeds, Sheffield and Chelsea, Alabama lie together, and so do Leeds,
    # Sheffield and Chelsea (London); "Paris" and "Henry County" are a pair only in Tennessee
    coherence_largest_km: float = 300.0
    coherence_largest_ratio: float = 3.0
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
    "opening": 0.75,
    "embedded": 0.75,
    "civic": 0.85,
    "within": 0.85,
    "origin": 0.85,
    "based": 0.85,
    "division": 0.9,
    "party": 0.85,
    "locative": 0.85,
    "context": 0.7,
}


def load_gazetteer() -> Gazetteer:
    """The process-wide gazetteer (``gazetteer.load_default``, which the tag stage shares)."""
    return load_default()


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


#: words of newspapers' names that are also names of small places ("Register", Georgia)
_PAPER_WORDS = words(
    "news times daily herald press post journal record tribune gazette courier register beacon review "
    "sentinel advocate chronicle mercury observer examiner express telegraph guardian independent standard "
    "bulletin leader ledger online today local weekly reporter dispatch enterprise argus globe citizen "
    "democrat republican inquirer monitor banner eagle patriot pilot statesman union voice world messenger "
    "progress signal clarion palladium state media network radio television"
)
#: ... and what else opens a paper's host name before its town ("thisisoxfordshire", "mytownnews")
_HOST_OPENERS = _PAPER_WORDS | {"the", "this", "is", "my", "our", "go", "live", "www"}
_MIN_SOURCE_NAME = 5
#: per gazetteer: names of towns written without spaces -> their key, and hosts already read -> town
_host_names: dict[int, tuple[Gazetteer, dict[str, str], dict[str, str | None]]] = {}
_MAX_HOSTS_KEPT = 10_000


def _source_town(gaz: Gazetteer, host: str) -> list[Mention]:
    """The town a local source is named after, as a mention for context only (or none).

    The longest name of a town or division (not a country: "jordannews.com" is Jordan, Minnesota's)
    in the host name, written without spaces, at its start or after words that open papers' names
    ("lasvegassun", "thisisoxfordshire"; not the "calne" of "bclocalnews").
    """
    if len(host) < _MIN_SOURCE_NAME:
        return []
    cached = _host_names.get(id(gaz))
    if cached is None or cached[0] is not gaz:
        index = {
            key.replace(" ", ""): key
            for key, idxs in gaz.names.items()
            if len(key.replace(" ", "")) >= _MIN_SOURCE_NAME
            and key.replace(" ", "").isalpha()
            and key not in _PAPER_WORDS
            and any(_is_source_town(gaz.places[i]) for i in idxs)
        }
        cached = _host_names[id(gaz)] = (gaz, index, {})
    _, index, hosts = cached
    if host not in hosts:  # a stream reads the same few sources over and over
        if len(hosts) >= _MAX_HOSTS_KEPT:
            hosts.clear()
        hosts[host] = _town_in_host(host, index)
    key = hosts[host]
    if key is None:
        return []
    cands = [(i, True) for i in gaz.names[key] if _is_source_town(gaz.places[i])]
    return [Mention(0, 0, key, "source", cands, key=key)]


def _town_in_host(host: str, index: dict[str, str]) -> str | None:
    best = ""
    for a in range(len(host) - _MIN_SOURCE_NAME + 1):
        if not _opens_host(host[:a]):
            continue
        for b in range(len(host), a + max(len(best), _MIN_SOURCE_NAME - 1), -1):
            if host[a:b] in index:
                best = host[a:b]
                break
    return index[best] if best else None


def _opens_host(prefix: str) -> bool:
    """True if ``prefix`` is nothing or a run of words that open papers' names ("thedaily")."""
    if not prefix:
        return True
    return any(prefix.startswith(w) and _opens_host(prefix[len(w) :]) for w in _HOST_OPENERS)


def _is_source_town(p: Place) -> bool:
    return p.feature_code in (ADMIN1, ADMIN2) or (p.feature_code not in (COUNTRY, CONTINENT) and p.population >= 2000)


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


#: landmarks that stand for an office or a trade ("the White House", "Downing Street", "Wall Street"):
#: their country is context for the rest of the article, their division and their point are not
_SEATS = frozenset({"BLDG", "ST"})


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
            if p.feature_code in _SEATS:
                continue  # "left Downing Street": the office, which says nothing of the towns around it
            if p.country_code and p.admin1:
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
        key: [k2 for k2 in (f"{key} {suffix}" for suffix in LONG_FORM_SUFFIXES) if k2 in groups] for key in groups
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
                if mn.route in WEAK_ROUTES and not _supported(gaz, places[best], mn, ctx):
                    mn.chosen = None  # a weak detection needs the rest of the article to back it
                    continue
                if _unsupported_alias(gaz, places[best], mn, ctx, weights) or _stray_village(
                    gaz, places[best], ctx, weights
                ):
                    mn.chosen = None  # no other place in the story lies in its country or next to it
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
    nations: set[str] = set()  # "Wales": a nation's name is never pulled to a village by the towns near it
    for key, members in groups.items():
        own = {idx for k in members for idx, _ in mentions[k].candidates}
        if any(_is_a_nation(gaz.places[i]) for i in own):
            nations.add(key)
        points[key] = [
            (i, gaz.places[i])
            for i in own
            if gaz.places[i].country_code and gaz.places[i].feature_code not in (COUNTRY, ADMIN1)
        ]
        for _, p in points[key]:
            grid[(math.floor(p.lat / cell), math.floor(p.lon / cell))].append((key, p))
    largest = {key: max(own, key=lambda ip: ip[1].population)[1] for key, own in points.items() if own}
    out: dict[tuple[str, int], float] = {}
    for key, own in points.items():
        if key in nations:
            continue
        explained: set[str] = set()
        if w.coherence_largest_km and key in largest:
            big = largest[key]
            explained = {
                other
                for other, q in largest.items()
                if other != key
                and q is not big  # "Harris" and "Harris County": one place
                and haversine_km(big.lat, big.lon, q.lat, q.lon) <= w.coherence_largest_km
            }
        for i, p in own:
            minor = p is not largest[key] and largest[key].population >= w.coherence_largest_ratio * p.population
            near = _names_near(p, key, grid, cell, w, explained if minor else set())
            if near:
                out[(key, i)] = w.coherence * near
    return out


def _names_near(p: Place, key: str, grid: _Grid, cell: float, w: Weights, explained: set[str]) -> int:
    """How many other surfaces have a candidate within ``coherence_km`` of ``p``; the count stops
    once a cell brings it to ``coherence_cap``."""
    row, col = math.floor(p.lat / cell), math.floor(p.lon / cell)
    # a degree of longitude shrinks towards the poles: look as many cells east and west
    span = math.ceil(1 / max(math.cos(math.radians(p.lat)), 0.05))
    near: set[str] = set(explained)
    for y in (row - 1, row, row + 1):
        for x in range(col - span, col + span + 1):
            for other, q in grid.get((y, x), ()):
                if other != key and other not in near and haversine_km(p.lat, p.lon, q.lat, q.lon) <= w.coherence_km:
                    near.add(other)
            if len(near) - len(explained) >= w.coherence_cap:
                return len(near) - len(explained)
    return len(near) - len(explained)


_ARTICLE = re.compile(r"^(?:al|el|the|le|la|ad|ar|as|an|az)[ -]")


def _unsupported_alias(gaz: Gazetteer, p: Place, mn: Mention, ctx: _Context, w: Weights) -> bool:
    """A place a name reaches only by one of its alternate names ("Twickenham", an old name of
    Huntsville, Alabama), or a division named by the compass ("the North East", a district of
    Botswana), where nothing else in the article lies in its country or next to it."""
    if not w.alias_support or ctx.countries.get(p.country_code or ""):
        return False
    if p.feature_code == ADMIN1 and COMPASS_NAME.fullmatch(p.name):
        return not _next_door(gaz, p.country_code, ctx)
    if p.population >= 1_000_000 or p.feature_code in (COUNTRY, CONTINENT) or _is_world(p):
        return False
    primary = any(i == mn.chosen and pr for i, pr in mn.candidates) if mn.chosen is not None else True
    if primary or _a_spelling_of(mn.text, p.name):
        return False  # "Fallujah" of Al Fallūjah: the same name spelt otherwise
    return not _next_door(gaz, p.country_code, ctx)


def _stray_village(gaz: Gazetteer, p: Place, ctx: _Context, w: Weights) -> bool:
    """A village in a country no other place of the story lies in or next to ("Arsenal", Mauritius;
    "Sociedad", El Salvador; "Holyrood", Alberta, in stories of Britain). A story with no other place
    keeps its one village, and so does a landmark ("Downing Street")."""
    if not w.stray_village_pop or p.population >= w.stray_village_pop or not ctx.countries:
        return False
    if p.feature_code in (COUNTRY, CONTINENT, ADMIN1) or p.feature_code in LANDMARK_CODES or _is_world(p):
        return False
    return not ctx.countries.get(p.country_code or "") and not _next_door(gaz, p.country_code, ctx)


def _next_door(gaz: Gazetteer, cc: str | None, ctx: _Context) -> bool:
    """Whether the rest of the article names a place in a neighbour of country ``cc``."""
    return any(c in gaz.neighbours.get(cc or "", ()) for c in ctx.countries)


def _a_spelling_of(surface: str, name: str) -> bool:
    """Whether an alternate name is the place's name spelt otherwise ("Fallujah", "Al Fallūjah"), not
    another name ("Twickenham" for Huntsville, Alabama)."""
    a, b = (_ARTICLE.sub("", normalize(x)) for x in (surface, name))
    return SequenceMatcher(None, a, b).ratio() >= 0.7


def _is_a_nation(p: Place) -> bool:
    """A country, or one of the United Kingdom's."""
    if p.feature_code == COUNTRY:
        return True
    return p.feature_code == ADMIN1 and p.country_code == "GB" and p.admin1 in _HOME_NATIONS


def _is_world(p: Place) -> bool:
    """An ocean, a sea or a world region ("the Middle East"): no country's, and no continent."""
    return p.country_code is None and p.feature_code != CONTINENT


def _supported(gaz: Gazetteer, p: Place, mn: Mention, ctx: _Context) -> bool:
    if p.feature_code in (COUNTRY, CONTINENT, "PPLC") or (p.feature_code == ADMIN1 and p.geonameid > 0):
        return True
    if ADMIN_SUFFIX.search(mn.text):  # "Rapides Parish", "Licking County": the suffix says "place"
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
    elif p.feature_code in LANDMARK_CODES:
        s += w.landmark
    elif p.feature_code == REGION:
        s += w.region
    if p.feature_code == "PPLC" and p.population < 100_000:
        s -= w.small_capital  # "The Valley" (Anguilla) is not what "Valley" means
    if p.feature_code == ADMIN1:
        if _is_a_nation(p):
            s += w.home_nation
        else:
            s += w.us_state_bonus if p.geonameid > 0 else w.synthetic_admin1
    s += w.population * math.log(p.population + 1)
    cc = p.country_code
    if not primary:
        # a big city's other name is leniently read ("Bombay", "Kiev"), not against a place of that
        # very name in a country the story names ("Victoria", once Hong Kong's, in a story of Australia)
        big = p.population >= 1_000_000 and (ctx.countries.get(cc or "") or not _named_so_nearby(gaz, mn, ctx))
        s += w.alt_name_big if big else w.alt_name
    if p.feature_code == COUNTRY and cc:
        # places inside it or next door make a country likelier
        if ctx.countries.get(cc):
            s += w.country_children
        elif _next_door(gaz, cc, ctx):
            s += w.neighbour_context
    elif p.feature_code != CONTINENT and cc:
        if ctx.countries.get(cc):
            s += w.country_context
        elif _next_door(gaz, cc, ctx):
            s += w.neighbour_context
        # a roundup names places all over ("Columbus beat Montreal ... lead Boston"): nearness there
        # says little, and a small namesake beside one of them should not win on it
        local = w.dispersed_scale if len(ctx.admin1) >= w.dispersed_admin1s else 1.0
        if p.admin1 and ctx.admin1.get((cc, p.admin1)):
            s += w.admin1_context * local
        if ctx.has_points:
            near_km = ctx.nearest_km(p)
            s += w.proximity * local * math.exp(-near_km / w.proximity_km)
    if mn.qualifier and any(_contains(gaz, gaz.places[q], p) for q in mn.qualifier):
        s += w.qualifier
    if p.geonameid in mn.qualifies:
        s += w.qualifier  # "Greenbelt, Maryland": the qualifier is the division that holds the town
    if mn.listed_as == p.feature_code:
        s += w.listed_kind  # "Utah, Washington and Wisconsin": the state
    if mn.state_hint and p.feature_code == ADMIN1:
        s += w.qualifier  # "Washington state"
    if source_country and cc == source_country:
        s += w.source_country
    if source_host and p.feature_code not in (COUNTRY, CONTINENT):
        key = normalize(p.name).replace(" ", "")
        if len(key) >= 5 and key in source_host:
            # the paper's own town, however small: it weighs no less than a namesake abroad
            # ("parisbeacon.com": Paris, Illinois, as much as Paris), the article's context decides
            s += w.source_host + w.population * (math.log(_largest_abroad(gaz, p, mn) + 1) - math.log(p.population + 1))
    if p.feature_code == ADMIN1 and _admin1_named_like_city(gaz, p, mn, w.admin1_city_share):
        s += w.admin1_same_name_as_city
    return s


def _named_so_nearby(gaz: Gazetteer, mn: Mention, ctx: _Context) -> bool:
    """Whether a candidate bears the name as its own in a country the rest of the article names."""
    return any(primary and ctx.countries.get(gaz.places[i].country_code or "") for i, primary in mn.candidates)


def _largest_abroad(gaz: Gazetteer, p: Place, mn: Mention) -> int:
    """The population of ``p``, or of its largest namesake town in another country if larger."""
    largest = p.population
    for i, _ in mn.candidates:
        other = gaz.places[i]
        if other.country_code != p.country_code and other.feature_code not in (COUNTRY, CONTINENT):
            largest = max(largest, other.population)
    return largest


def _contains(gaz: Gazetteer, outer: Place, inner: Place) -> bool:
    if outer.feature_code == COUNTRY:
        return inner.country_code == outer.country_code and inner.geonameid != outer.geonameid
    if outer.feature_code == ADMIN1:
        return (
            inner.country_code == outer.country_code and inner.admin1 == outer.admin1 and inner.feature_code != ADMIN1
        )
    return False


def _admin1_named_like_city(gaz: Gazetteer, p: Place, mn: Mention, share: float) -> bool:
    """Whether a city inside division ``p`` bears its name and is what the name usually means.

    Measured (share 0.1): TR-News acc@161 +0.6 points ("Quebec" 20 times the people of Quebec City),
    GeoVirus +0.15 ("Rio Grande do Sul", "Bihar"); LGL and GeoWebNews unchanged. No share at all
    (the province always): LGL +0.2 to +0.7, GeoWebNews -0.2 to -0.5, but "flights between New York
    and St. Petersburg" in the state of New York.
    """
    for idx, _ in mn.candidates:
        q = gaz.places[idx]
        if q.feature_code in ("PPL", "PPLC") and q.country_code == p.country_code and q.admin1 == p.admin1:
            return q.population >= share * p.population
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
    # "Kennedy questions trust of Blair" over a story of Charles Kennedy: the body's person
    named = {normalize(e.text) for e in article.entities if e.label in ("PERSON", "ORG")}
    named |= {normalize(t) for e in article.entities if e.label == "PERSON" for t in e.text.split()}
    out: list[tuple[str, int | None, float]] = []
    taken: list[tuple[int, int]] = []
    spans = [(m.start(), m.end()) for m in ABBREVIATION.finditer(title)]
    spans += [(a, b) for a, b, _ in capitalised_windows(title)]
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
        if idx is None and normalize(surface) in named:
            continue
        if idx is None and normalize(surface) not in AMBIGUOUS_WORDS:
            cands = [i for i, p in gaz.lookup(surface) if p and is_well_known(gaz, i)]
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
        m = CONTINENT_WORDS.match(article.text, e.start, e.end)
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
    taken = Coverage(max((end for _, end in located), default=0), located)
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


#: routes that say a name the model read as a person (or, but for the first, an organisation) is a
#: place: a well-known place's name, "from Florence", "Roswell police", "of Roswell", a dateline,
#: "Clark County", "Sligo-based"
_PLACE_NOT_PERSON = frozenset({"rescue", "locative", "civic", "origin", "dateline", "division", "based"})
_PLACE_NOT_ORGANISATION = _PLACE_NOT_PERSON - {"rescue"}  # not the "EU", which is both


def _names_located(article: TaggedArticle, mentions: list[Mention]) -> set[int]:
    """Indexes of the PERSON and ORG entities that a located mention of a place-saying route spans."""
    routes = {(mn.start, mn.end): mn.route for mn in mentions if mn.chosen is not None}
    out = set()
    for i, e in enumerate(article.entities):
        if e.label not in ("PERSON", "ORG"):
            continue
        route = routes.get(strip_possessive(article.text, e.start, e.end))
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

    # a local paper's town ("columbuslocalnews.com") is context for the places it writes about,
    # as if the article named it; it is no place of the article
    anchor = _source_town(gaz, source_host)
    run(mentions + anchor)
    extra = context_mentions(article, mentions + anchor, gaz)
    if extra:
        mentions = sorted(mentions + extra, key=lambda m: m.start)
        run(mentions + anchor)
    entities, actors = as_places(article.entities, article.actors, _names_located(article, mentions))
    locations = _locations(
        mentions, gaz, demonym_places(article.text, demonyms, gaz) + continent_adjectives(article, gaz)
    )
    entities, actors = unplaced(entities, actors, [span for loc in locations for span in loc.spans])
    return EnrichedEvent(
        **(article.model_dump() | {"entities": entities, "actors": actors}),
        locations=locations,
        focus=_focus(article, mentions, demonyms, gaz, source_country),
        pipeline=pipeline,
    )
