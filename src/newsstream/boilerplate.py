"""Line rules for news boilerplate that extractors leave behind (or never see, in plain text).

The rules are data: one :class:`LineRule` per row of :data:`LINE_RULES`, each a whole-line
regular expression and an :class:`Action`. A rule only ever matches a *whole* line that is short
and label-like, so a body sentence is never dropped: "By the end of the year, ..." is not a
byline, "Share prices fell" is not a share button.

Finding matches (:func:`match_line`) is kept apart from applying them (:func:`apply_line_rules`).
"""

from __future__ import annotations

import enum
import re
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = [
    "LINE_RULES",
    "Action",
    "LineRule",
    "RuleResult",
    "apply_line_rules",
    "looks_like_headline",
    "looks_like_person",
    "match_line",
    "is_prose",
    "parse_byline",
    "prose_share",
    "prose_words",
]


class Action(enum.Enum):
    """What a matching line does."""

    DROP = "drop"
    #: drop the line; when the line is only a teaser label ("READ MORE"), drop the next
    #: line too if it looks like a headline (the teaser's title).
    DROP_WITH_TEASER = "drop-with-following-teaser"
    #: drop the line and record the author names it carries.
    TO_BYLINE = "to-byline"
    #: a heading that opens the page's tail ("References", "Footnotes"): drop it and, when what
    #: follows reads as that tail (:func:`_is_tail`), everything after it.
    DROP_REST = "drop-with-rest"


@dataclass(frozen=True)
class LineRule:
    name: str
    pattern: re.Pattern[str]
    action: Action
    #: lines longer than this never match (labels are short; body sentences are long).
    max_len: int = 120


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"^\s*(?:{pattern})\s*$", re.IGNORECASE)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# One name: capitalised words, initials, particles (al-, bin, de, van der, ...). Case-sensitive.
_NAME_WORD = r"(?:[A-Z][\w'’\-]*\.?|[A-Z]\.)"
_PARTICLE = r"(?:al|el|bin|ibn|de|da|del|della|der|di|du|la|le|van|von|dos|das|st\.)"
_NAME = rf"{_NAME_WORD}(?:\s+(?:{_PARTICLE}[\s\-])?{_NAME_WORD}){{0,4}}"
# "By Jane Doe", "By Jane Doe and John Roe", "By Jane Doe, John Roe & Ann Poe",
# optionally followed by an affiliation: "By Jane Doe, Reuters", "By Jane Doe | Staff Writer".
_AFFILIATION = r"(?:[A-Z][\w.&'’\-]*|of|the|for|at|and|in)(?:\s+(?:[A-Z][\w.&'’\-]*|of|the|for|at|and|in)){0,6}"
_BYLINE_RX = re.compile(
    rf"^\s*(?:(?i:by|written\s+by|words\s+by|story\s+by|reporting\s+by)|BY)[:\s]\s*"
    rf"(?P<names>{_NAME}(?:\s*(?:,|&|\band\b)\s*{_NAME})*)"
    rf"(?:\s*(?:,|\||–|—|-|/)\s*(?P<aff>{_AFFILIATION}))?"
    rf"\s*[.]?\s*$"
)
# Capitalised words that follow "By" in headings and sentences but are not names.
_NOT_NAMES = _words(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may "
    "june july august september october november december then now contrast comparison default "
    "law far design definition nature accident chance way the this that these those all some "
    "many most using early late tomorrow today yesterday midnight noon dawn night day week year"
)
# Segments after a comma that name an employer or role rather than a co-author.
_AFFILIATION_WORDS = _words(
    "reuters afp ap upi bloomberg cnn bbc press news agency staff writer reporter correspondent "
    "editor contributor columnist times post journal guardian herald tribune telegraph daily "
    "associated wire service desk bureau media network online magazine senior chief political "
    "correspondents writers reporters editors"
)


def parse_byline(line: str) -> list[str] | None:
    """Author names of a byline line ("By Jane Doe and John Roe, Reuters"), or None if it is not one.

    A byline naming only a desk ("By Staff Reporter") gives an empty list: still a byline line."""
    if len(line) > 120:
        return None
    m = _BYLINE_RX.match(line)
    if m is None:
        return None
    names: list[str] = []
    segments = re.split(r"\s*,\s*", m.group("names"))
    if segments[0].split()[0].lower() in _NOT_NAMES:
        return None
    for i, segment in enumerate(segments):
        words = segment.split()
        lowered = {w.lower().strip(".") for w in words}
        if i > 0 and (len(words) == 1 or lowered & _AFFILIATION_WORDS):
            break  # "By Jane Doe, Reuters": the rest is the affiliation
        for name in re.split(r"\s*(?:&|\band\b)\s*", segment):
            name = name.strip(" .")
            if name:
                names.append(name)
    if any(n.split()[0].lower() in _NOT_NAMES for n in names):
        return None
    # "By Staff Reporter", "By RTTNews Staff Writer": a byline line without a person's name.
    return [n for n in names if not ({w.lower().strip(".") for w in n.split()} & _NOT_PERSON_WORDS)]


#: words that make a byline segment an outlet, desk or company rather than a person.
_NOT_PERSON_WORDS = _AFFILIATION_WORDS | {"corp", "inc", "ltd", "llc", "plc", "co", "group", "team"}


def looks_like_person(name: str) -> bool:
    """A metadata author that reads as a person's name: 2-6 words, no digits, handles, or outlets.

    "Jane Doe" yes; "CNN Business", "News Nation Bureau", "REUTERS", "admin" no.
    """
    words = name.split()
    if not 2 <= len(words) <= 6 or re.search(r"[\d@/:]|https?", name):
        return False
    return not ({w.lower().strip(".,") for w in words} & _NOT_PERSON_WORDS)


_SOCIAL = r"facebook|twitter|x|linkedin|whatsapp|telegram|instagram|youtube|tiktok|threads|reddit|email|e-mail"
_NETWORKS = r"twitter|facebook|instagram|linkedin|youtube|tiktok|threads|bluesky|mastodon|telegram|snapchat|x"
_MONTH = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_WEEKDAY = (
    r"mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|"
    r"fri(?:day)?|sat(?:urday)?|sun(?:day)?"
)
# One token of a date or time: "Nov.", "19,", "2019", "10:02", "11/19/2019", "a.m.", "EST", "GMT+3".
_DATE_TOKEN = (
    rf"(?:(?:{_MONTH}|{_WEEKDAY})\.?|\d{{1,2}}(?:st|nd|rd|th)?|\d{{4}}|\d{{1,2}}[:h.]\d{{2}}(?::\d{{2}})?|"
    r"\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}|\d{4}-\d{2}-\d{2}|"
    r"[ap]\.?m\.?|(?-i:[A-Z]{1,4}T|UTC|GMT|ET|PT|CT|MT|UK)(?:[+-]\d{1,2})?|at|on|of)"
)
# A date-stamp line must hold a digit and a month name, a clock time or a full numeric date:
# "6-2" is a score, "May" may be a name.
_HAS_DATE = (
    rf"[^\n]*(?:\b(?:{_MONTH})\b|\d{{1,2}}[:h.]\d{{2}}|\d\s*[ap]\.?m\b|"
    r"\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}|\d{4}-\d{2}-\d{2})"
)
_EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
_SOCIAL_PROFILE = r"(?:https?://)?(?:www\.)?(?:twitter|x|facebook|instagram)\.com/\S+"
_HANDLE_OR_URL = rf"(?:{_EMAIL}|@\w{{2,}}|https?://\S+|www\.\S+|{_SOCIAL_PROFILE})"

#: The table. The first matching row wins (rows are written not to overlap).
LINE_RULES: tuple[LineRule, ...] = (
    LineRule(
        "author-photo",
        _rx(
            r"(?:photo|picture|image|avatar|headshot)\s+of\s+(?:the\s+)?author|author\s+(?:photo|avatar|image|headshot)"
        ),
        Action.DROP,
    ),
    LineRule(
        "byline",
        re.compile(r"^\s*(?i:by|written\s+by|words\s+by|story\s+by|reporting\s+by|BY)[:\s]"),
        Action.TO_BYLINE,
    ),
    # Reuters/AP/NYT credit lines at the end of a story: reporters, not actors of the story.
    LineRule(
        "contributor-credit",
        _rx(
            r"\(?(?:additional\s+)?(?:reporting|writing|editing|research)\s+by\s+(?-i:[A-Z]).{0,250}"
            r"|[^.!?]{3,200}\bcontributed\s+(?:reporting|research|to\s+this\s+(?:report|story|article))\b[^.!?]{0,80}[.)]*"
        ),
        Action.DROP,
        max_len=300,
    ),
    LineRule(
        "photo-credit",
        _rx(
            r"(?:photo|image|picture|video|graphic|illustration|photograph|photography|photo\s+credit|"
            r"image\s+credit|gallery\s+credit|image\s+source|credits?|source\s+image|source)\s*:\s*"
            # the credit itself: a few names, no sentence ("Photo: AP The US military said ..." stays)
            r"(?=.{1,80}$)(?:[^\s.!?]+\.?\s*){1,10}"
            r"|\(?(?:photo|image|picture|photograph)s?\s+(?:by|courtesy\s+of|via)\s+[^.]{1,80}\)?"
            r"|\(?(?:AP|AFP|Reuters|EPA|Getty|Xinhua)\s+Photo(?:\s*/\s*[^)]{1,60})?\)?"
            r"|\(?[^()\n]{0,60}/\s*(?:Getty\s+Images|AFP|Reuters|AP|EPA|Shutterstock|DepositPhotos|Alamy|iStock)"
            r"(?:\s+via\s+Getty\s+Images)?\)?"
        ),
        Action.DROP,
        max_len=160,
    ),
    LineRule(
        "teaser",
        _rx(
            r"(?:read\s+more|also\s+read|read\s+also|read\s+next|more\s+reading|see\s+also|"
            r"related(?:\s+(?:posts?|articles?|stor(?:y|ies)|content|reading|video|coverage|link))?|"
            r"recommended|recommended\s+reading|don[’']?t\s+miss|must\s+read|more\s+on\s+this(?:\s+story)?|"
            r"watch|listen|click\s+here|top\s+stories|editor[’']?s\s+picks?|trending)"
            r"\s*(?::|\||»|>>|–|—|-)\s*\S.*"
            r"|also\s+on\s+[\w-]+(?:\.[\w-]+)+\s*:?\s+\S.*"
            # in brackets: "[Related: Salesforce Dreamforce Keynote: AI, Integration ...]"
            r"|[\[(]\s*(?:read\s+more|also\s+read|see\s+also|related|more|watch|listen)\s*:\s*[^\])]{1,220}[\])]"
            # a headline with a bracketed section tag, as in tabloid related-story lists
            r"|[^.]{10,200}\s\[(?-i:VIDEO|PICTURES|PICS|PHOTOS|INSIGHT|ANALYSIS|REVEAL|REVEALED|POLL|LATEST|"
            r"WATCH|LIVE|MAP|GRAPHIC|WARNING|COMMENT|OPINION|LISTEN|QUIZ)\]\s*\|?"
        ),
        Action.DROP,
        max_len=250,
    ),
    LineRule(
        "teaser-label",
        _rx(
            r"(?:read\s+more|also\s+read|read\s+also|read\s+next|more\s+reading|see\s+also|"
            r"(?:more\s+)?must[\s-]+reads?(?:\s+from\s+.{1,40})?|more|"
            r"don[’']?t\s+miss|recommended(?:\s+(?:reading|stories|articles|for\s+you))?|related(?:\s+(?:posts?|"
            r"articles?|stories|news|coverage|content|links|reading|topics))?|more\s+(?:stories|news|articles)"
            r"(?:\s+from\s+.{1,40})?|you\s+(?:may|might)\s+(?:also\s+)?(?:like|be\s+interested\s+in|have\s+missed)|"
            r"trending(?:\s+now)?|most\s+(?:read|popular|viewed)|popular\s+(?:posts|stories)|"
            r"editor[’']?s\s+picks?|top\s+stories|latest\s+(?:news|stories|posts))"
            r"\s*[:»>.…]*"
        ),
        Action.DROP_WITH_TEASER,
        max_len=60,
    ),
    LineRule(
        "comments",
        _rx(
            r"leave\s+a\s+(?:comment|reply)|post\s+a\s+comment|add\s+(?:a\s+)?comment|comments?|"
            r"\d+\s+comments?|no\s+comments(?:\s+yet)?|view\s+comments|show\s+comments|(?:load|see)\s+(?:more\s+)?comments|"
            r"join\s+the\s+(?:conversation|discussion)|comment\s+on\s+this\s+(?:story|article)|cancel\s+reply|"
            r"you\s+must\s+be\s+logged\s+in\s+to\s+post\s+a\s+comment\.?|"
            r"your\s+email\s+address\s+will\s+not\s+be\s+published\.?(?:\s+required\s+fields\s+are\s+marked\s*\*?)?|"
            r"comments\s+are\s+closed\.?"
        ),
        Action.DROP,
    ),
    LineRule(
        "share-subscribe",
        _rx(
            rf"share(?:\s+(?:this|the)(?:\s+(?:article|story|post|page))?)?(?:\s+(?:on|via)\s+(?:{_SOCIAL}))?\s*[:!]?"
            rf"|share\s+(?:on|via)\s+(?:{_SOCIAL})|tweet|email|print|"
            rf"(?:click\s+here\s+to\s+|please\s+)?(?:subscribe|sign\s+up)(?:\s+(?:now|today|here))?[.!]?|"
            rf"(?:click\s+here\s+to\s+|please\s+)?(?:subscribe|sign\s+up)\b.{{0,160}}\b(?:newsletters?|podcast|"
            rf"channel|alerts|inbox|briefing|digest)\b.{{0,100}}|"
            rf"(?:get|join|enter\s+your\s+email|don[’']?t\s+miss)\b.{{0,160}}\b(?:newsletters?|inbox)\b.{{0,100}}|"
            # "Join the experts who read ... We'll send breaking news ... straight to your inbox."
            rf"(?:get|join|sign\s+up|subscribe)\b.{{0,300}}\b(?:to|in)\s+your\s+inbox\b.{{0,40}}|"
            rf"like\s+us\s+on\s+facebook[.!]?|"
            # "Get our app", "Install the Sky News app for free"
            rf"(?:get|download|install)\s+(?:our|the)\s+(?:[\w'’&.-]+\s+){{0,3}}app(?:\s+(?:for\s+free|now|today|here))?[.!]?|"
            # a publication's own promotions: "Subscribe to WIRED and stay smart ...", "Pick Six Newsletter"
            rf"subscribe\s+to\s+(?-i:[A-Z]).{{0,150}}|(?:[\w'’&-]+\s+){{0,4}}newsletter"
        ),
        Action.DROP,
        max_len=360,
    ),
    # "Follow us on Twitter", "Follow Newsbeat on Instagram, Facebook and YouTube.", but not
    # "Follow the money, he wrote on Twitter." (a lowercase word after "Follow").
    LineRule(
        "follow-social",
        re.compile(
            rf"^\s*(?i:follow)\s+(?:(?i:us|him|her|them|me)|[A-Z][^,;.!?]{{0,60}}?)"
            rf"\s+(?i:on|at)\s+(?i:{_NETWORKS})\b.{{0,120}}$"
        ),
        Action.DROP,
        max_len=200,
    ),
    # "Write to Al Root at allen.root@example.com", "Email Tariq Malik at ... or follow him @tariqjmalik".
    LineRule(
        "contact",
        _rx(
            rf"(?:write\s+to|e-?mail|contact|reach|send|follow|have\s+a\s+(?:news\s+)?tip\??|tips?\b|you\s+can\s+"
            rf"(?:reach|follow|contact|email))\b[^\n]{{0,200}}?{_HANDLE_OR_URL}[^\n]{{0,150}}"
            rf"|{_EMAIL}|@\w{{2,}}|{_SOCIAL_PROFILE}"
        ),
        Action.DROP,
        max_len=250,
    ),
    # A shop's disclosure, in the first person and about money from links: "When you click through
    # from our site to a retailer ..., we may earn affiliate commissions.", "Us Weekly has affiliate
    # partnerships. We receive compensation when you click on a link and make a purchase."
    LineRule(
        "affiliate-disclosure",
        _rx(
            r"(?=.*\b(?:we|us|our)\b)(?=.*\b(?:affiliate\s+(?:links?|commissions?|partnerships?|programs?)|"
            r"(?:earn|receive|get|make)\s+(?:an?\s+)?(?:small\s+)?(?:affiliate\s+)?(?:commissions?|compensation)|"
            r"(?:are|be|is)\s+compensated)\b)"
            r"(?=.*\b(?:click(?:s|ing)?|links?|buy|purchases?|retailers?|products?)\b).{20,400}"
        ),
        Action.DROP,
        max_len=400,
    ),
    # A link's label left as a line: "For the most recent updates, click here."
    LineRule(
        "click-here",
        _rx(r"[^\n]{0,100}\bclick\s+here(?:\s+(?:to|for)\s[^\n]{0,60})?[.!:)]*"),
        Action.DROP,
        max_len=160,
    ),
    # A slideshow's counter: "2 of 57", "Photo 3/10".
    LineRule("gallery-counter", _rx(r"(?:(?:photo|image|picture|slide)\s+)?\d{1,3}\s*(?:of|/)\s*\d{1,3}"), Action.DROP),
    # The paper asking for money: "Our journalism needs your support. Please subscribe today to NJ.com."
    LineRule(
        "support-journalism",
        _rx(
            r"[^\n]{0,100}\b(?:support\s+(?:our|local|independent|quality)\s+journalism|"
            r"(?:our|this)\s+journalism\s+(?:needs|relies\s+on|depends\s+on)\s+(?:your|readers)\b)[^\n]{0,150}"
        ),
        Action.DROP,
        max_len=250,
    ),
    LineRule(
        "advertisement",
        _rx(
            r"advertisement|advertising|ad|sponsored(?:\s+content)?|"
            r"(?:story|article)\s+continues\s+(?:below|after\s+(?:this\s+)?(?:advertisement|ad))(?:\s+advertisement)?|"
            r"scroll\s+(?:down\s+)?to\s+continue(?:\s+reading)?|continue\s+reading\s+(?:below|the\s+main\s+story)"
        ),
        Action.DROP,
    ),
    # A line that is only a date/time stamp: "Published 10:02 AM EST Nov 19, 2019", "Updated".
    LineRule(
        "timestamp",
        _rx(
            r"\(?(?:(?:last\s+)?updated|published|posted|first\s+published|modified|date)?\s*:?\s*"
            rf"(?=[^\n]*\d)(?={_HAS_DATE}){_DATE_TOKEN}(?:[\s,|•·–—-]+{_DATE_TOKEN})*\)?"
            r"|(?:last\s+)?updated|published|posted"
        ),
        Action.DROP,
        max_len=80,
    ),
    LineRule(
        "article-meta",
        _rx(
            r"(?:tags?|topics?|categor(?:y|ies)|keywords|filed\s+under|posted\s+in)\s*:\s*.{0,150}"
            r"|(?:filed\s+under|posted\s+in)\s+[^.]{1,100}|tags|topics"
            r"|\d{1,2}\s*(?:-\s*)?min(?:ute)?s?\s+(?:read|listen)|reading\s+time\s*:?\s*\d{1,2}\s*min(?:ute)?s?"
        ),
        Action.DROP,
        max_len=160,
    ),
    LineRule(
        "copyright",
        _rx(
            r"(?:©|\(c\)|copyright\s*(?:©|\(c\))?\s*(?:(?-i:[A-Z])[\w.&'’-]*(?:\s+(?-i:[A-Z])[\w.&'’-]*){0,5}\s+)?"
            r"\d{4}\b).{0,150}"
            r"|.{0,150}\ball\s+rights\s+reserved\.?"
        ),
        Action.DROP,
        max_len=200,
    ),
    # the list of sources closing a page: "References:", "Footnotes", "Works cited"
    LineRule(
        "references",
        _rx(r"(?:references|footnotes|end\s*notes|bibliography|works\s+cited|citations|(?:our\s+)?sources)\s*:?"),
        Action.DROP_REST,
        max_len=30,
    ),
    # a separator, as before an agency's closing notes: "___", "* * *", "-----"
    LineRule("separator", _rx(r"[\W_]{3,}"), Action.DROP, max_len=80),
    # WordPress shortcodes leaking into text: "[button link=... ]Send us YOUR review[/button]".
    LineRule("shortcode", _rx(r"\[[a-z_]+\s+[a-z_]+\s*=[^\]]*\].*|.*\[/[a-z_]+\]"), Action.DROP, max_len=400),
)


@dataclass(frozen=True)
class RuleResult:
    """Lines kept, author names found, and which rule dropped what (for tests and debugging)."""

    lines: list[str]
    byline: list[str]
    dropped: list[tuple[str, str]]
    #: positions in the input of the kept lines
    kept: list[int]


def match_line(line: str, rules: Sequence[LineRule] = LINE_RULES) -> tuple[LineRule, list[str]] | None:
    """The first rule matching this whole line (and the names, for a byline), or None."""
    stripped = line.strip()
    if not stripped:
        return None
    for rule in rules:
        if len(stripped) > rule.max_len or not rule.pattern.match(stripped):
            continue
        if rule.action is Action.TO_BYLINE:
            names = parse_byline(stripped)
            if names is None:
                continue
            return rule, names
        return rule, []
    return None


_SENTENCE_END = re.compile(r"[.!?][\"'’”)\]]*[\s|]*$")  # "|": a table cell's border


def is_prose(line: str) -> bool:
    """A line that reads as a sentence: a dozen words or more, ending as a sentence ends."""
    return len(line.split()) >= 12 and _SENTENCE_END.search(line) is not None


def prose_words(lines: Sequence[str]) -> int:
    """How many words of ``lines`` stand in prose lines."""
    return sum(len(line.split()) for line in lines if is_prose(line))


def prose_share(lines: Sequence[str]) -> float:
    """The share of the words of ``lines`` that stand in prose lines (0 for no words)."""
    words = sum(len(line.split()) for line in lines)
    return prose_words(lines) / words if words else 0.0


_TERMINAL = re.compile(r"[.:;,]['\"’”)]?$")


def looks_like_headline(line: str) -> bool:
    """A short line without sentence-final punctuation: a title, a subheading or a teaser headline."""
    stripped = line.strip()
    return 0 < len(stripped) < 200 and not _TERMINAL.search(stripped) and len(stripped.split()) <= 30


def _is_tail(before: Sequence[str], after: Sequence[str]) -> bool:
    """What follows a references heading is the page's tail: mostly not prose (links, short
    citations), or short beside the text before it (footnotes read as sentences)."""
    words_before = sum(len(line.split()) for line in before)
    words_after = sum(len(line.split()) for line in after)
    return prose_share(after) < _REST_PROSE_SHARE or words_after < _REST_SHARE * words_before


_BULLET = re.compile(r"\s*[-•*·–]\s+\S")

#: what follows a references heading is cut when less of it than this is prose ...
_REST_PROSE_SHARE = 0.5
#: ... or when it holds fewer words than this share of the text before the heading.
_REST_SHARE = 0.35


def apply_line_rules(lines: Sequence[str], rules: Sequence[LineRule] = LINE_RULES) -> RuleResult:
    """Drop boilerplate lines; collect byline names. ``lines`` are non-empty paragraphs/lines."""
    kept: list[int] = []
    byline: list[str] = []
    dropped: list[tuple[str, str]] = []
    skip_teaser = False
    for pos, line in enumerate(lines):
        if skip_teaser:
            # the teaser's headline; a list of them goes on while the bullets do ("- Sam Altman on ...")
            skip_teaser = _BULLET.match(line) is not None
            if looks_like_headline(line) and match_line(line, rules) is None:
                dropped.append(("teaser-headline", line))
                continue
            skip_teaser = False
        found = match_line(line, rules)
        if found is None:
            kept.append(pos)
            continue
        rule, names = found
        dropped.append((rule.name, line))
        if rule.action is Action.DROP_REST and _is_tail(lines[:pos], lines[pos + 1 :]):
            dropped.extend((rule.name, rest) for rest in lines[pos + 1 :])
            break
        if rule.action is Action.TO_BYLINE:
            byline.extend(n for n in names if n not in byline)
        elif rule.action is Action.DROP_WITH_TEASER:
            skip_teaser = True
    return RuleResult([lines[k] for k in kept], byline, dropped, kept)
