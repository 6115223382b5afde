"""Business copy: a company the model read as a person, and a newspaper or an agency named after its noun.

spaCy's small model reads a company with no legal form as a person ("Magna was up 1/8",
"Ericsson said") and a newspaper's name as a place or a person ("the official newspaper Granma").
The words around a name say what it is: its shares, its spokesman, "the news agency ...". These
repairs read them; ``ruler.repair`` runs them outside sports copy. Written by hand: no maintained
library relabels NER spans from these cues.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from spacy.lang.en.stop_words import STOP_WORDS

from newsstream.lexicon import CALENDAR, PLATFORMS, Span, find_whole, fold, is_word_char, overlapping

__all__ = ["company_cues", "company_lists", "platforms", "press_names"]

#: whether the words around ``text[start:end]`` say a person: a title, a relative (``ruler`` knows them)
PersonCue = Callable[[str, int, int], bool]


#: what a paper is called before its name: "the newspaper Granma", "the daily Le Monde", "the weekly Der Spiegel"
_PAPERS = r"newspaper|daily|weekly|magazine"
#: words after a name that only a company has: its shares (not the verb: "Cynthia and Mary share old
#: stories", "Mary shares her photos"), its spokesman, its chief executive, its plant; or a newspaper
#: ("Zycie Warszawy daily said"; a person's "'s newspaper" is the one he edits; "flights leave
#: Longyear daily": an adverb, so "daily" only before what a paper does)
_COMPANY_AFTER = re.compile(
    r"(?<![\w-])(?:(?P<own>shares?(?![ \t]+(?:her|his|their|its|my|our|your|a|an|the|this|that|these|"
    r"those|some|old|stories|photos|pictures|videos|details|thoughts|tips|memories)\b)|stocks?|shareholders?|"
    r"stockholders?|spokes(?:man|woman|person)|CEO|"
    r"chief[ \t]+executive|chairman|chairwoman|executives|subsidiary|subsidiaries|units?|plants?|factory|"
    r"factories|[GA]DRs?|common[ \t]+stock|earnings|profits?|revenues?|sales|net[ \t]+income)|newspaper"
    r"|(?:daily|weekly)(?=[ \t]+(?:said|says|reported|reports|quoted|quotes|wrote|writes|newspaper)\b))\b"
)
#: ... and before it: "shares of Magna", "the news agency Tanjug", "the daily Sueddeutsche Zeitung"
_COMPANY_BEFORE = re.compile(
    r"(?<![\w-])(?:shares[ \t]+(?:of|in)|stake[ \t]+in|merger[ \t]+with|takeover[ \t]+of|(?:news[ \t]+)?agency|"
    rf"{_PAPERS}|broadcaster)[ \t]+"
)
#: ... and, before a one-word name only, "mineral water firm Multico", "Ontario-based Magna" (a full
#: name after these is a person's as often: "the company Jack Welch built", "insurer Thierry Dehaan")
#: (words alone, no look-behind: four times faster to scan for; their start is checked after)
_COMPANY_BEFORE_ONE_WORD = re.compile(r"(?:firm|company|conglomerate|insurer|retailer|airline|-based)[ \t]+")


def company_cues(text: str, spans: list[Span], named_as_person: PersonCue) -> list[Span]:
    """A "person" the text treats as a company or a newspaper is an organisation, at each of its mentions.

    spaCy's small model reads a company with no legal form as a person ("Magna was up 1/8",
    "Ericsson said", "the daily Sueddeutsche Zeitung"). The words around one of its mentions say
    so where they belong to a company only ("Magna 's shares", "Ericsson spokesman Per
    Zetterquist", "shares of Jones", "Ontario-based Magna"). A person in news copy is introduced by
    full name, so a one-word name is taken only where no person's full name has that word; a
    name after a title ("President Suharto") or a relative ("his son Tommy") is kept a person.
    Sports copy is left out: a club's "shares" or "takeover" would relabel players named by surname.
    """
    in_full = {w for s, e, label in spans if label == "PERSON" and " " in text[s:e].strip() for w in text[s:e].split()}
    mentions: dict[str, list[Span]] = {}
    for span in spans:
        surface = text[span[0] : span[1]]
        if span[2] == "PERSON" and (" " in surface or surface not in in_full):
            mentions.setdefault(surface, []).append(span)
    companies = set()
    cues: _CompanyWords | None = None
    for surface, found in mentions.items():
        if any(named_as_person(text, s, e) for s, e, _ in found):
            continue
        cues = cues or _CompanyWords(text)
        if cues.around(surface):
            companies.add(surface)
    if not companies:
        return spans
    return [(s, e, "ORG") if label == "PERSON" and text[s:e] in companies else (s, e, label) for s, e, label in spans]


#: a newspaper's or an agency's name right after the word: "the Yugoslav news agency Tanjug", "the
#: official newspaper Granma", "the weekly Der Spiegel"
_PRESS_NAME = re.compile(
    rf"(?<![\w-])(?P<noun>news[ \t]+agency|{_PAPERS})[ \t]+"
    r"(?P<name>[A-Z][\w'’-]*(?:[ \t]+[A-Z][\w'’-]*){0,3})"
)
#: after "daily" or "weekly", also an adjective ("the daily Covid briefing"), what shows a paper's name
_PAPER_GOES_ON = re.compile(
    r"[ \t]*(?:[,.;:)\"'’”]|$|(?:said|says|reported|reports|quoted|quotes|wrote|writes|newspaper|on|in|that)\b)"
)
#: what the model may have made of a newspaper's name: a place ("Granma"), a person, a title
_PRESS_MISREAD = frozenset({"GPE", "LOC", "PERSON", "NORP", "FAC", "WORK_OF_ART", "PRODUCT"})


def press_names(text: str, spans: list[Span], country_names: Mapping[str, str]) -> list[Span]:
    """A name right after "news agency", "newspaper", "daily" ... is the paper's or the agency's: an
    ORG where the model saw nothing or read a place or a person. Not a weekday or a month ("the
    daily Monday briefing"), nor a sentence going on ("the newspaper The ..."); after "daily" or
    "weekly" only where what follows shows a paper ("the daily Le Monde said", not "the daily Covid
    briefing")."""
    found = list(_PRESS_NAME.finditer(text))
    if not found:
        return spans
    out = list(spans)
    covered = overlapping(spans)
    for m in found:
        a, b = m.span("name")
        first = m.group("name").split()[0]
        if first.lower() in STOP_WORDS or first in CALENDAR or fold(m.group("name")) in country_names:
            continue  # "the daily Iran": a country's name is read as the country
        if m.group("noun") in ("daily", "weekly") and not _PAPER_GOES_ON.match(text, b):
            continue
        inside = covered(a, b)
        if any(s[0] < a or s[1] > b or s[2] not in _PRESS_MISREAD for s in inside):
            continue
        out = [s for s in out if s not in inside]
        out.append((a, b, "ORG"))
    return out


class _CompanyWords:
    """Where a company's words stand in a text, found in one pass each: a name that starts where one of
    the words before ends, or ends where one of the words after starts, is a company's."""

    def __init__(self, text: str) -> None:
        self.text = text
        #: where a name after the words before would start -> whether what follows it must show a paper
        #: ("the daily Le Monde said", not "the daily Trump briefing": "daily" is an adjective too)
        self.before = {m.end(): m.group().split()[0] in ("daily", "weekly") for m in _COMPANY_BEFORE.finditer(text)}
        self.before_one_word = {m.end() for m in _COMPANY_BEFORE_ONE_WORD.finditer(text) if _starts_right(text, m)}
        #: where a name before the words after would end -> whether an "'s" stands between
        self.after: dict[int, bool] = {}
        for m in _COMPANY_AFTER.finditer(text):
            end, possessive = _name_end_before(text, m.start())
            if end < m.start() and (not possessive or m.group("own")):  # a person's "'s newspaper": his
                self.after.setdefault(end, possessive)

    def around(self, surface: str) -> bool:
        """Whether they stand around one of the occurrences of ``surface``, tagged or not.

        A full name's shares may be a person's own ("Elon Musk 's shares"), so a name of two words or
        more is taken by the words before it or by its own "shares", "spokesman" ..., not its "'s".
        """
        one_word = " " not in surface
        for start, end, _ in find_whole(self.text, (surface,)):
            adjective = self.before.get(start)
            if adjective is not None and (not adjective or _PAPER_GOES_ON.match(self.text, end)):
                return True
            if one_word and start in self.before_one_word:
                return True
            possessive = self.after.get(end)
            if possessive is not None and (one_word or not possessive):
                return True
        return False


def _starts_right(text: str, m: re.Match[str]) -> bool:
    """ "firm" as a word, not the end of "affirm"; "-based" after a word ("Ontario-based")."""
    after_word = m.start() > 0 and is_word_char(text[m.start() - 1])
    return after_word == (text[m.start()] == "-")


def _name_end_before(text: str, at: int) -> tuple[int, bool]:
    """Where a name before ``text[at:]`` ends, past blanks and an "'s" (and whether there was one)."""
    i = at
    while i > 0 and text[i - 1] in " \t":
        i -= 1
    if i == at or i < 2 or text[i - 1] != "s" or text[i - 2] not in "'’":
        return i, False
    i -= 2
    while i > 0 and text[i - 1] in " \t":
        i -= 1
    return i, True


#: a role right after a list of organisations: the list is a person's ("Joseph Kuhn, Advanced Medical
#: and IMED president")
_ROLE_AFTER = re.compile(
    r"[ \t]+(?:president|chairman|chairwoman|chief|spokes(?:man|woman|person)|executive|director|head|founder|"
    r"owner|manager|analyst|official|minister|secretary|adviser|advisor)\b"
)
#: what stands between the names of a list: "Mobil, Shell and Caltex", "Magna, Johnson Controls and Lear"
_LIST_JOINT = re.compile(r"[ \t]*(?:,[ \t]*(?:(?:and|or)[ \t]+)?|[ \t]+(?:and|or|&)[ \t]+)")


def company_lists(text: str, spans: list[Span], named_as_person: PersonCue) -> list[Span]:
    """A "person" listed among organisations is one too: "Mobil, Shell and Caltex", "IDLC, Bangladesh
    Lamps, Chittagong Cement and Atlas Bangladesh". Only where at least two of the list are
    organisations and more of it than persons, not after a title or a relative, not a full name
    whose surname the text uses alone ("... Kuhn said"), and not a list a role closes ("Joseph Kuhn,
    Advanced Medical and IMED president": he is their president)."""
    surnames = {text[s:e] for s, e, label in spans if label == "PERSON" and " " not in text[s:e].strip()}
    ordered = sorted(spans)
    out = list(ordered)
    i = 0
    while i < len(ordered):
        j = i
        while j + 1 < len(ordered) and _LIST_JOINT.fullmatch(text, ordered[j][1], ordered[j + 1][0]):
            j += 1
        group = ordered[i : j + 1]
        i = j + 1
        orgs = sum(1 for s in group if s[2] == "ORG")
        persons = [s for s in group if s[2] == "PERSON"]
        if len(group) < 3 or orgs < 2 or not persons or orgs <= len(persons) or _ROLE_AFTER.match(text, group[-1][1]):
            continue
        for s in persons:
            words = text[s[0] : s[1]].split()
            if not named_as_person(text, s[0], s[1]) and not (len(words) > 1 and words[-1] in surnames):
                out[out.index(s)] = (s[0], s[1], "ORG")
    return out


def platforms(text: str, spans: list[Span]) -> list[Span]:
    """Today's platforms (``lexicon.PLATFORMS``) are organisations wherever they stand: "Twitter said"
    read as a person, "on Netflix" as a place, "posted on Instagram" not read at all. A longer name
    that holds one stays as the model read it ("Google Maps", "Facebook Live")."""
    hits = find_whole(text, PLATFORMS)
    if not hits:
        return spans
    exact = {(s, e): k for k, (s, e, _) in enumerate(spans)}
    near = overlapping(spans)
    out = list(spans)
    for a, b, _ in hits:
        k = exact.get((a, b))
        if k is not None:
            out[k] = (a, b, "ORG")
        elif not near(a, b):
            out.append((a, b, "ORG"))
    return sorted(out)
