"""What the entity repairs share (``ruler``, ``agate``, ``companies``): word lists as data,
case-folding, spans, whole-word search.

A module of its own so that ``agate`` (the sports repairs), ``companies`` (business copy) and
``ruler`` (the rest, and ``repair()`` that runs them all) can use these without importing each other.
"""

from __future__ import annotations

import bisect
import unicodedata
from collections.abc import Callable, Iterable, Sequence

__all__ = [
    "CALENDAR",
    "COMPANY_HEADS",
    "HOME_NATIONS",
    "ORG_HEADS",
    "PLATFORMS",
    "Span",
    "find_whole",
    "fold",
    "is_word_char",
    "overlapping",
    "overlaps",
    "put",
    "words",
]


def words(text: str) -> frozenset[str]:
    """A word list kept as data: whitespace-separated words -> frozenset."""
    return frozenset(text.split())


#: one entity: character offsets into the text and an OntoNotes label.
Span = tuple[int, int, str]


def fold(s: str) -> str:
    """ASCII-fold and casefold: "Türkiye" -> "turkiye", "’" -> "'"."""
    if s.isascii():
        return s.lower()
    s = s.replace("’", "'").replace("‘", "'")
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c)).casefold()


#: months and weekdays, as written in copy
CALENDAR = words(
    "January February March April May June July August September October November December Jan Feb Mar Apr "
    "Jun Jul Aug Sep Sept Oct Nov Dec Monday Tuesday Wednesday Thursday Friday Saturday Sunday"
)

#: the United Kingdom's nations: no sovereign country in the data, yet places in their own right
HOME_NATIONS = ("England", "Scotland", "Wales", "Northern Ireland")

#: last words that make a name a company or a newspaper ("Acme Inc.", "Pirelli SpA", "Sydney Newsroom")
COMPANY_HEADS = words(
    """
    inc inc. corp corp. corporation ltd ltd. llc plc co co. company group holdings airlines airways
    spa s.p.a. ag sa s.a. nv n.v. bv b.v. gmbh ab oyj bhd pte pty tbk limited incorporated bancorp
    newsroom zeitung gazette tribune journal herald times
    media networks labs technologies ventures studios entertainment pharmaceuticals partners motors
    """
)
#: companies today's news names at every turn, whose names are no word, no person's and no town's,
#: and which the small model (trained on copy from before most of them) reads as persons or places
#: ("Twitter said", "on Netflix", "Toyota recalled"); names that are also words or people are left
#: out ("Apple", "Amazon", "Tesla", "Zoom", "Signal", "Ford", "Honda"). Each is an ORG wherever it
#: stands, and no place ("Meta Platforms" is not Colombia's Meta, "Toyota" not the Japanese city).
#: So are the news agencies named like towns ("Xinhua reported" is no town in Hunan).
PLATFORMS = words(
    """
    Twitter Facebook Instagram YouTube TikTok WhatsApp Snapchat LinkedIn Reddit Pinterest Tumblr Twitch
    Netflix Spotify Hulu Uber Lyft Airbnb DoorDash Instacart GrubHub Google Microsoft SpaceX OpenAI WeChat
    Weibo Alibaba Tencent Huawei Xiaomi ByteDance Baidu Samsung Nvidia PayPal eBay Dropbox Salesforce Meta
    Toyota Nissan Hyundai Volkswagen Subaru Mazda Mitsubishi Renault Peugeot BMW Lexus Ubisoft
    Xinhua Yonhap Kyodo Interfax Bernama
    """
)
#: ... and any organisation ("Ka Wah Bank", "Labour Party", "the Interior Ministry")
ORG_HEADS = COMPANY_HEADS | words(
    """
    bank party university college institute ministry council association union committee agency
    commission authority army front brigade brigades movement foundation federation organization
    organisation society court department office hospital school academy church clinic museum cathedral
    mosque seminary
    """
)


def find_whole(text: str, names: Iterable[str]) -> list[tuple[int, int, str]]:
    """Where ``names`` stand as whole words in ``text``: leftmost first, the longer name at one start.

    What ``re.finditer`` over an alternation of the names finds, without compiling a pattern for
    every article (that took ~0.4 ms of the ~2.5 ms all repairs cost).
    """
    hits: list[tuple[int, int, str]] = []
    for name in names:
        at = text.find(name)
        while at >= 0:
            end = at + len(name)
            if not (at and is_word_char(text[at - 1])) and not (end < len(text) and is_word_char(text[end])):
                hits.append((at, -len(name), name))
            at = text.find(name, at + 1)
    hits.sort()
    found: list[tuple[int, int, str]] = []
    pos = 0
    for at, minus_length, name in hits:
        if at >= pos:
            pos = at - minus_length
            found.append((at, pos, name))
    return found


def is_word_char(c: str) -> bool:
    return c.isalnum() or c in "_-"


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def overlapping(spans: Sequence[Span]) -> Callable[[int, int], list[Span]]:
    """``spans`` overlapping a range, found by bisection: linear in a long text of many matches."""
    ordered = sorted(spans)
    starts = [s[0] for s in ordered]
    longest = max((e - s for s, e, _ in ordered), default=0)

    def find(a: int, b: int) -> list[Span]:
        lo, hi = bisect.bisect_left(starts, a - longest), bisect.bisect_left(starts, b)
        return [s for s in ordered[lo:hi] if s[1] > a]

    return find


def put(spans: list[Span], new: Span, *, override: bool) -> list[Span]:
    """Insert ``new``; overlapping spans are replaced when ``override``, else ``new`` is dropped."""
    clashes = [s for s in spans if overlaps((s[0], s[1]), (new[0], new[1]))]
    if clashes and not override:
        return spans
    kept = [s for s in spans if s not in clashes]
    kept.append(new)
    return kept
