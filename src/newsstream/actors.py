"""Entity mentions -> canonical actors, within one article and (optionally) across articles.

Which entities become actors
----------------------------
* ``PERSON`` -> ``person``; ``ORG`` -> ``organization``.
* ``GPE`` -> ``location``: countries and cities act in the news ("Iran executed a strike"), as in
  GDELT's country actors; ids of countries are canonical ("U.S.", "US", "America" ->
  ``location:united-states``). ``LOC`` and ``FAC`` (regions, buildings) are places only; the
  geo stage resolves them.
* ``NORP`` -> ``group`` only in the plural ("Iraqis", "Palestinians", "Kurds", "Republicans"): a
  collective that acts. The adjective ("Iraqi officials", "an Iranian strike") is no actor.
* Everything else stays an entity only (``actor_id`` None).

How mentions merge (within one article)
---------------------------------------
Each mention is reduced to a *form*: titles and honorifics dropped ("Maj. Gen. Pat Ryder" ->
"Pat Ryder"), possessive dropped ("Ryder's" -> "Ryder"), a leading "the" dropped for
organisations and places. Its *key* is the form ASCII-folded, case-folded and split on spaces
and hyphens ("Al-Sudani" -> ``("al", "sudani")``).

Persons: forms are taken longest first; a shorter form joins the one person whose key it
completes -- a suffix (surname: "al-Sudani", "Sudani"), first + last ("Donald Trump" of "Donald J.
Trump"), a lone first name, or one inner word of a name of four words or more ("Lula" of "Luiz
Inacio Lula da Silva"). When a short form fits two or more persons ("Khan" with "Imran
Khan" and "Sadiq Khan" in the text) it is **ambiguous and left unresolved**: the entity keeps
``actor_id = None`` and counts for nobody; guessing would put one person's counts on another.
A lone surname with no full name in the text is an actor of its own (``person:khan``) unless
the registry knows exactly one person by it.

Organisations merge on equal keys (a company's legal form dropped: "Apple Inc." is "Apple", in
this article and the next) and on acronym <-> expansion: "FDD" joins "Foundation for
Defense of Democracies" when the initials of the expansion's content words spell it and exactly
one organisation in the text does; "X (Y)" in the text merges X and Y whatever their initials
("Islamic State (ISIS)"), also where the model did not tag Y ("... Natural Resources (Ibama)") or
cut X short ("Board of Control for Cricket| in India (BCCI)"). A party's members in the plural
are the party where the article names it ("Socialists" of "the Socialist Party", "Democrats" of
"the Democratic Party"). A person "known as" another name is one person under both ("Mohamed Hamdan
Dagalo, known as Hemedti").

The canonical ``name`` is the longest full form (first seen on ties; a known place in capitals,
as in a dateline, is written "Erbil", not "ERBIL"); ``aliases`` are the other distinct forms;
``mentions`` counts all mentions; ``id`` is ``type:slug(name)``.

Across articles
---------------
``ActorRegistry`` maps a folded alias (full name, surname, acronym) to the ids of the actors
that carried it. ``lookup`` answers only when exactly one actor carries the alias; once two do,
the alias is ambiguous for good (no merge).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from newsstream.lexicon import overlapping
from newsstream.models import Actor, ActorType, Entity
from newsstream.ruler import KNOWN_AS, TITLE_WORDS, Gazetteer, fold, words

__all__ = [
    "ACTOR_TYPES",
    "ActorRegistry",
    "actor_id",
    "as_places",
    "normalize_form",
    "resolve_actors",
    "slugify",
    "unplaced",
]

#: OntoNotes label -> actor type (NORP only in the plural, see the module docstring).
ACTOR_TYPES: dict[str, ActorType] = {
    "PERSON": "person",
    "ORG": "organization",
    "GPE": "location",
    "NORP": "group",
}

_TITLES = tuple(sorted(TITLE_WORDS, key=len, reverse=True))
_TITLE_PREFIX = re.compile(
    r"^(?:(?:" + "|".join(re.escape(t).replace(r"\ ", r"\s+") for t in _TITLES) + r")\s+)+",
    re.IGNORECASE,
)
_POSSESSIVE = re.compile(r"(?:['’]s|(?<=s)['’])$")
_FUNCTION_WORDS = words(
    """
    of for the and in on at to de du des la le el al a an &
    """
)
_SPLIT = re.compile(r"[\s\-‐–]+")
#: words the model tags as an organisation on their own (sentence starts, headlines, cut names) that
#: name no one organisation. Not "Senate", "Congress", "Army": the country's own, an actor in news.
_GENERIC_ORG_WORDS = words(
    """
    state county city town village district department ministry office agency commission committee
    subcommittee council board authority bureau division administration government opposition party
    education defense defence transportation health justice treasury highway interstate sheriff police
    magistrate court arts royal national eastern western northern southern chemical alliance union
    """
)
_ACRONYM_CLEAN = re.compile(r"[.\s]")


def slugify(name: str) -> str:
    """ASCII-fold, lowercase, hyphens: "Mohammed Shia al-Sudani" -> "mohammed-shia-al-sudani"."""
    s = unicodedata.normalize("NFKD", name.replace("&", " and "))
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = re.sub(r"['’]", "", s)
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


def actor_id(type_: ActorType, name: str) -> str:
    return f"{type_}:{slugify(name)}"


#: a company's legal form: "Apple Inc." is "Apple", and one actor with it across articles
_LEGAL_SUFFIX = re.compile(r",?\s+(?:Inc|Corp|Ltd|LLC|L\.L\.C|PLC|plc|Co|AG|SA|S\.A|NV|N\.V|SE|GmbH)\.?$")


def normalize_form(surface: str, label: str) -> str:
    """The surface a mention stands for: no title, no possessive, no leading "the", no outer
    punctuation, no company legal form."""
    s = " ".join(surface.split()).strip(' \t"“”‘,;:()[]')
    s = _POSSESSIVE.sub("", s).rstrip("'’")
    if label == "PERSON":
        stripped = _TITLE_PREFIX.sub("", s)
        if stripped:
            s = stripped
    elif s[:4].lower() == "the ":
        s = s[4:]
    if label == "ORG":
        stripped = _LEGAL_SUFFIX.sub("", s)
        if stripped and any(c.isalpha() for c in stripped):
            s = stripped
    return s


def _key(form: str) -> tuple[str, ...]:
    return tuple(t for t in _SPLIT.split(fold(form).replace(".", ". ").strip()) if t)


def _acronym(form: str) -> str | None:
    """ "FDD", "U.N." -> "FDD", "UN"; None if the form is not an acronym."""
    a = _ACRONYM_CLEAN.sub("", form)
    if 2 <= len(a) <= 8 and a.isupper() and a.isalpha():
        return a
    return None


def _initials(form: str) -> str:
    words = [w for w in _SPLIT.split(form) if w]
    return "".join(w[0].upper() for w in words if w.lower() not in _FUNCTION_WORDS and w[0].isalpha())


@dataclass
class _Cluster:
    type: ActorType
    forms: list[str] = field(default_factory=list)  # distinct forms, first seen first
    members: list[int] = field(default_factory=list)  # entity indices
    first: int = 0  # position of the first mention

    @property
    def name(self) -> str:
        full = [f for f in self.forms if _acronym(f) is None] or self.forms
        return max(full, key=lambda f: (len(_key(f)), len(f), -self.forms.index(f)))


def _person_match(short: tuple[str, ...], full: tuple[str, ...]) -> bool:
    if short == full:
        return True
    if len(short) >= len(full):
        return False
    if full[-len(short) :] == short and short[-1] not in _FUNCTION_WORDS:
        return True  # surname, "al-Sudani", "Shia al-Sudani"
    if len(short) >= 2 and short[0] == full[0] and short[-1] == full[-1]:
        return True  # "Donald Trump" ~ "Donald J. Trump"
    if len(short) == 1 and len(full) >= 4 and len(short[0]) > 3 and short[0] in full[1:-1]:
        return short[0] not in _FUNCTION_WORDS  # "Lula" of "Luiz Inacio Lula da Silva": a long name's known-as part
    return len(short) == 1 and short[0] == full[0] and len(short[0]) > 2  # a lone first name


def _resolve_persons(forms: dict[str, list[int]]) -> tuple[list[list[str]], list[str]]:
    """Group person forms; returns (groups of forms, ambiguous forms)."""
    groups: list[list[str]] = []
    ambiguous: list[str] = []
    for form in sorted(forms, key=lambda f: (-len(_key(f)), -len(f), forms[f][0])):
        k = _key(form)
        hits = [g for g in groups if any(_person_match(k, _key(f)) for f in g)]
        # a form matching several forms of one group is fine; several groups is not
        if len(hits) == 1:
            hits[0].append(form)
        elif not hits:
            groups.append([form])
        else:
            ambiguous.append(form)
    return groups, ambiguous


_OPEN_PAREN = re.compile(r"\s*\(\s*")
#: "X (Y)" where the model cut X short ("Board of Control for Cricket| in India (BCCI)") or did not
#: tag Y ("... Natural Resources (Ibama)"): Y is the name in the brackets
_PAREN_NAME = re.compile(
    r"(?:[ \t]+(?:in|of|for)[ \t]+[A-Z][\w.'’-]*(?:[ \t]+[A-Z][\w.'’-]*){0,2})?[ \t]*\([ \t]*"
    r"(?P<name>[A-Z][\w&.'’-]{1,30})[ \t]*\)"
)
#: "the Socialists" of "the Socialist Party": a party's members in the plural act as the party
_PARTY = re.compile(r"(?P<stem>.+?)(?:ic)?[ \t]+Party$")


def _explicit_pairs(
    text: str,
    entities: Sequence[Entity],
    idx: Sequence[int],
    joint: re.Pattern[str] = _OPEN_PAREN,
    close: str = ")",
    reach: int = 4,
) -> list[tuple[int, int]]:
    """Entity pairs written as "X (Y)" -- or X, ``joint`` (within ``reach`` characters), Y,
    ``close`` -- one actor under two names."""
    pairs = []
    by_start = {entities[i].start: i for i in idx}
    for i in idx:
        m = joint.match(text, entities[i].end, entities[i].end + reach)
        j = by_start.get(m.end()) if m is not None else None
        if j is not None and text.startswith(close, entities[j].end):
            pairs.append((i, j))
    return pairs


def resolve_actors(
    text: str,
    entities: Sequence[Entity],
    *,
    registry: ActorRegistry | None = None,
    gazetteer: Gazetteer | None = None,
) -> tuple[list[Entity], list[Actor]]:
    """Group one article's entity mentions into canonical actors and set ``Entity.actor_id``.

    Returns the entities (same order, ``actor_id`` set where a mention belongs to an actor) and
    the actors, most mentioned first. Pure: the registry is only read.
    """
    country_names = gazetteer.country_names if gazetteer is not None else {}
    forms_of: dict[int, str] = {}
    by_type: dict[ActorType, dict[str, list[int]]] = {
        "person": {},
        "organization": {},
        "location": {},
        "group": {},
    }
    for i, e in enumerate(entities):
        type_ = ACTOR_TYPES.get(e.label)
        if type_ is None:
            continue
        form = normalize_form(e.text, e.label)
        if not form or not any(c.isupper() for c in form):
            continue  # no letter, or no capital: "foreign ministry" is no name
        if type_ == "group" and not _is_plural_group(form):
            continue
        if type_ == "organization" and fold(form) in _GENERIC_ORG_WORDS:
            continue  # "County", "Commission", "Opposition": whose? No actor to count
        if type_ == "location":
            form = country_names.get(fold(form), form)
            if form.isupper() and gazetteer is not None and gazetteer.is_gpe(fold(form)):
                form = _place_case(form)  # "ERBIL, Iraq —": a dateline shouts; the actor is "Erbil"
        forms_of[i] = form
        by_type[type_].setdefault(form, []).append(i)

    clusters: list[_Cluster] = []
    # persons
    groups, _ambiguous = _resolve_persons(by_type["person"])
    for g in groups:
        clusters.append(_Cluster("person", forms=g, members=[i for f in g for i in by_type["person"][f]]))
    # organisations, places, groups: equal keys first
    for type_ in ("organization", "location", "group"):
        keyed: dict[tuple[str, ...], _Cluster] = {}
        for form, idx in by_type[type_].items():
            k = _key(form)
            c = keyed.get(k)
            if c is None:
                c = keyed[k] = _Cluster(type_)
                clusters.append(c)
            c.forms.append(form)
            c.members.extend(idx)
    _merge_acronyms(text, entities, clusters)
    _merge_party_members(clusters)
    _merge_last_words(clusters)
    _merge_known_as(text, entities, clusters)

    for c in clusters:
        c.members.sort()
        c.first = c.members[0]
        c.forms.sort(key=lambda f: min(i for i in c.members if forms_of[i] == f))

    ids: dict[int, str] = {}
    actors: list[Actor] = []
    for c in sorted(clusters, key=lambda c: c.first):
        name = c.name
        aid = actor_id(c.type, name)
        if registry is not None and _needs_registry(c):
            known = registry.lookup(name, c.type)
            if known is not None:
                aid, name = known, registry.name(known) or name
        aliases = [f for f in c.forms if f != name]
        for i in c.members:
            ids[i] = aid
        actors.append(Actor(id=aid, name=name, type=c.type, mentions=len(c.members), aliases=aliases))
    actors = _dedupe(actors)
    actors.sort(key=lambda a: -a.mentions)  # stable: first mention first among equals
    out = [e.model_copy(update={"actor_id": ids.get(i)}) if i in ids else e for i, e in enumerate(entities)]
    return out, actors


def as_places(
    entities: Sequence[Entity], actors: Sequence[Actor], places: set[int]
) -> tuple[list[Entity], list[Actor]]:
    """The entities at indexes ``places`` relabelled GPE, and moved from their actors to places'.

    For the geo stage, which finds that a name the model read as a person is a town ("Daniel
    Hufstetler, 29, of Roswell"): the event must not count a person "Roswell". An actor left with
    no mention is dropped; the place joins the location actor of its name, or becomes one.
    """
    if not places:
        return list(entities), list(actors)
    by_id = {a.id: a for a in actors}
    out = list(entities)
    for i in sorted(places):
        e = out[i]
        _one_mention_less(by_id, e.actor_id)
        name = normalize_form(e.text, "GPE")
        name = _place_case(name) if name.isupper() else name
        aid = actor_id("location", name)
        place = by_id.get(aid)
        by_id[aid] = (
            place.model_copy(update={"mentions": place.mentions + 1})
            if place is not None
            else Actor(id=aid, name=name, type="location", mentions=1)
        )
        out[i] = e.model_copy(update={"label": "GPE", "actor_id": aid})
    kept = list(by_id.values())
    kept.sort(key=lambda a: -a.mentions)
    return out, kept


def unplaced(
    entities: Sequence[Entity], actors: Sequence[Actor], placed: list[tuple[int, int]]
) -> tuple[list[Entity], list[Actor]]:
    """Location actors the geo stage placed nowhere are no actors: the model's "places" no map has are
    films, bands, products and firms far more often than places ("Sideways", "Nirvana", "Gazprom",
    "BT": 90 % of 1,063 such mentions in 2,095 BBC stories). The entity stays, without an actor."""
    placed_at = overlapping([(a, b, "GPE") for a, b in placed])
    by_id = {a.id: a for a in actors}
    out = list(entities)
    changed = False
    for i, e in enumerate(out):
        if e.actor_id is None or not e.actor_id.startswith("location:") or placed_at(e.start, e.end):
            continue
        _one_mention_less(by_id, e.actor_id)
        out[i] = e.model_copy(update={"actor_id": None})
        changed = True
    if not changed:
        return out, list(actors)
    return out, sorted(by_id.values(), key=lambda a: -a.mentions)


def _one_mention_less(by_id: dict[str, Actor], aid: str | None) -> None:
    """The actor ``aid`` counts one mention less; one left with none is dropped."""
    actor = by_id.get(aid) if aid is not None else None
    if actor is None:
        return
    if actor.mentions > 1:
        by_id[actor.id] = actor.model_copy(update={"mentions": actor.mentions - 1})
    else:
        del by_id[actor.id]


_LOWER_IN_PLACE_NAMES = words("of the and es de del la le du da")


def _place_case(form: str) -> str:
    """ "WINSTON-SALEM" -> "Winston-Salem", "DAR ES SALAAM" -> "Dar es Salaam"."""
    out = []
    for i, word in enumerate(form.split()):
        if i and word.lower() in _LOWER_IN_PLACE_NAMES:
            out.append(word.lower())
        else:
            out.append("-".join(part[:1] + part[1:].lower() for part in word.split("-")))
    return " ".join(out)


def _is_plural_group(form: str) -> bool:
    last = form.split()[-1]
    return last[:1].isupper() and last.endswith("s") and not last.endswith(("ss", "'s", "’s")) and len(last) > 3


def _is_surname_only(key: tuple[str, ...]) -> bool:
    return len(key) == 1 or (len(key) == 2 and key[0] in _FUNCTION_WORDS)


def _needs_registry(c: _Cluster) -> bool:
    """Only short forms are looked up: a lone surname, or an acronym without its expansion."""
    if c.type == "person":
        return all(_is_surname_only(_key(f)) for f in c.forms)
    if c.type == "organization":
        return all(_acronym(f) is not None for f in c.forms)
    return False


def _merge_acronyms(text: str, entities: Sequence[Entity], clusters: list[_Cluster]) -> None:
    orgs = [c for c in clusters if c.type == "organization"]
    if len(orgs) < 2:
        return
    owner = {i: c for c in orgs for i in c.members}
    # "X (Y)" written out in the text
    for i, j in _explicit_pairs(text, entities, sorted(owner)):
        a, b = owner[i], owner[j]
        if a is not b:
            _absorb(a, b, clusters, owner)
    # "X (Y)" where the model cut X short or did not tag Y: Y named by another organisation
    for i in sorted(owner):
        m = _PAREN_NAME.match(text, entities[i].end)
        if m is None:
            continue
        name = fold(m.group("name"))
        hits = [
            c for c in clusters if c.type == "organization" and c is not owner[i] and name in {fold(f) for f in c.forms}
        ]
        if len(hits) == 1:
            _absorb(owner[i], hits[0], clusters, owner)
    # initials of exactly one expansion spell the acronym
    for c in [c for c in clusters if c.type == "organization"]:
        if c not in clusters or not all(_acronym(f) for f in c.forms):
            continue
        acr = {_acronym(f) for f in c.forms}
        hits = [
            o
            for o in clusters
            if o.type == "organization"
            and o is not c
            # the surfaces too: "ABC" spells "Australian Broadcasting Corp.", whose form drops "Corp."
            and any(_initials(f) in acr for f in [*o.forms, *(entities[i].text for i in o.members)] if not _acronym(f))
        ]
        if len(hits) == 1:
            _absorb(hits[0], c, clusters, owner)


def _merge_party_members(clusters: list[_Cluster]) -> None:
    """ "Socialists" joins the one "Socialist Party" of the article; "Democrats", "Democratic Party"."""
    parties: dict[str, list[_Cluster]] = {}
    for c in clusters:
        if c.type == "organization":
            for f in c.forms:
                m = _PARTY.fullmatch(f)
                if m is not None:
                    parties.setdefault(fold(m.group("stem")), []).append(c)
    if not parties:
        return
    owner = {i: c for c in clusters for i in c.members}
    for g in [c for c in clusters if c.type == "group"]:
        stems = {fold(f[:-1]) for f in g.forms}  # "Social Democrats" -> "social democrat"
        hits = {id(c): c for s in stems for c in parties.get(s, [])}
        if len(hits) == 1:
            _absorb(next(iter(hits.values())), g, clusters, owner)


def _merge_last_words(clusters: list[_Cluster]) -> None:
    """ "United" joins the one "Manchester United" of the article, "Sachs" the one "Goldman Sachs": an
    organisation of one word is the organisation whose name it ends, where one does (not "X of Y")."""
    orgs = [c for c in clusters if c.type == "organization"]
    ends: dict[str, list[_Cluster]] = {}
    for c in orgs:
        for f in c.forms:
            if " " in f and " of " not in f:  # "Ministry of Commerce" is not the "Commerce" of "Commerce Secretary"
                ends.setdefault(f.rsplit(" ", 1)[1], []).append(c)
    if not ends:
        return
    owner = {i: c for c in clusters for i in c.members}
    for c in orgs:
        if len(c.forms) == 1 and " " not in c.forms[0] and c in clusters:
            hits = {id(o): o for o in ends.get(c.forms[0], []) if o is not c}
            if len(hits) == 1:
                _absorb(next(iter(hits.values())), c, clusters, owner)


def _merge_known_as(text: str, entities: Sequence[Entity], clusters: list[_Cluster]) -> None:
    owner = {i: c for c in clusters if c.type == "person" for i in c.members}
    for i, j in _explicit_pairs(text, entities, sorted(owner), KNOWN_AS, close="", reach=len(text)):
        if owner[i] is not owner[j]:
            _absorb(owner[i], owner[j], clusters, owner)


def _absorb(into: _Cluster, other: _Cluster, clusters: list[_Cluster], owner: dict[int, _Cluster]) -> None:
    for f in other.forms:
        if f not in into.forms:
            into.forms.append(f)
    into.members.extend(other.members)
    for i in other.members:
        owner[i] = into
    clusters.remove(other)


def _dedupe(actors: Iterable[Actor]) -> list[Actor]:
    """Two clusters that resolved to one id (e.g. via the registry) become one actor."""
    merged: dict[str, Actor] = {}
    for a in actors:
        b = merged.get(a.id)
        if b is None:
            merged[a.id] = a
            continue
        aliases = list(dict.fromkeys([*b.aliases, *(f for f in [a.name, *a.aliases] if f != b.name)]))
        merged[a.id] = b.model_copy(update={"mentions": b.mentions + a.mentions, "aliases": aliases})
    return list(merged.values())


class ActorRegistry:
    """Aliases seen across articles -> actor ids; answers only when exactly one actor carries an alias.

    Pure and in-memory; the stream backs it with a table and the CLI with a JSON file through
    ``to_dict``/``from_dict``. Rule: ``record`` files every person and organisation under its
    name and aliases, and a multi-word person also under its surname (last word, and
    "al-Sudani"-style particle + last word); a lone-surname actor (``person:khan``) is not filed,
    so it never makes a surname ambiguous. ``lookup(alias, type)`` returns the one id filed under
    the alias, or None when none or several are. At most ``MAX_IDS`` ids are kept per alias: two
    already mean "ambiguous". Growth is one entry per distinct alias; the store that backs it
    decides on expiry.
    """

    MAX_IDS = 2

    def __init__(self) -> None:
        self._ids: dict[str, list[str]] = {}
        self._names: dict[str, str] = {}

    @staticmethod
    def _k(alias: str, type_: ActorType) -> str:
        return f"{type_}|{' '.join(_key(alias))}"

    def _file(self, alias: str, type_: ActorType, aid: str) -> None:
        ids = self._ids.setdefault(self._k(alias, type_), [])
        if aid not in ids and len(ids) < self.MAX_IDS:
            ids.append(aid)

    def record(self, actors: Iterable[Actor]) -> None:
        """File the actors of one article."""
        for a in actors:
            if a.type not in ("person", "organization"):
                continue  # places and groups have canonical names already; nothing to look up
            if a.type == "person" and _is_surname_only(_key(a.name)):
                continue
            self._names[a.id] = a.name
            for form in (a.name, *a.aliases):
                self._file(form, a.type, a.id)
            if a.type == "person":
                parts = [p for p in _SPLIT.split(a.name) if p]
                self._file(parts[-1], a.type, a.id)
                if len(parts) >= 3 and parts[-2].lower() in _FUNCTION_WORDS:
                    self._file(" ".join(parts[-2:]), a.type, a.id)

    def lookup(self, alias: str, type_: ActorType) -> str | None:
        ids = self._ids.get(self._k(alias, type_), [])
        return ids[0] if len(ids) == 1 else None

    def name(self, aid: str) -> str | None:
        return self._names.get(aid)

    def __len__(self) -> int:
        return len(self._names)

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": 1,
            "names": dict(self._names),
            "aliases": {k: list(v) for k, v in self._ids.items()},
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ActorRegistry:
        reg = cls()
        reg._names = dict(data.get("names", {}))
        reg._ids = {k: list(v)[: cls.MAX_IDS] for k, v in data.get("aliases", {}).items()}
        return reg
