"""Sports agate: who is a team and who a player where the copy gives the model no sentence.

Wire copy carries results ("Bradford 1 Tranmere 0"), standings, fixtures and cricket scorecards
("S. Law c Tillekeratne b Dharmasena 13"). The model reads a team named for its town as the town,
a player's two-word name as an organisation, or nothing at all. The notation says who is who:
these repairs read it. ``ruler.repair`` runs them, most only in a sports report
(``is_sports_report``). Written by hand: no maintained library reads wire-service agate.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from newsstream.gazetteer import normalize
from newsstream.lexicon import CALENDAR, HOME_NATIONS, ORG_HEADS, Span, fold, overlapping, put, words

if TYPE_CHECKING:
    from newsstream.ruler import Gazetteer

__all__ = [
    "agate_clubs",
    "is_nation",
    "is_section_word",
    "is_sports_report",
    "nationals",
    "scorecard_players",
    "sports_lines",
    "teams_in_reports",
]


#: A sport or a page section written in capitals ("SOCCER - JAPAN GET LATE WIN", "BASEBALL RESULTS"):
#: a topic, never a name; the model reads a lone capitalised word as an organisation.
_SECTION_WORDS = words(
    """
    soccer football baseball basketball cricket golf tennis rugby hockey boxing cycling athletics
    racing horse-racing motor-racing motorracing squash swimming skiing rowing sailing badminton
    volleyball handball judo wrestling snooker darts equestrianism triathlon rallying motocross
    motorcycling superbike speedway skating gymnastics fencing canoeing bobsleigh biathlon luge netball
    softball lacrosse polo sumo weightlifting archery
    results result standings scores scoreboard fixtures summary summaries leading preview
    """
)


def is_section_word(surface: str) -> bool:
    """A sport or section, or several: "SOCCER", "RESULTS / STANDINGS"."""
    if not surface.isupper():  # most entities: no word list to split for
        return False
    tokens = re.findall(r"[^\W\d_][\w-]*", surface)
    return bool(tokens) and all(fold(t) in _SECTION_WORDS for t in tokens)


#: national sides that are no sovereign country in GeoNames (home nations, and sides of states
#: that no longer exist, in archives), and the names news gives sides GeoNames calls otherwise
#: ("Holland", "Macedonia", "Congo")
_SPORTING_NATIONS = frozenset(
    fold(n)
    for n in (
        *HOME_NATIONS,
        "Yugoslavia",
        "Soviet Union",
        "USSR",
        "Czechoslovakia",
        "West Germany",
        "East Germany",
        "Chinese Taipei",
        "Republic of Ireland",
        "Holland",
        "Macedonia",
        "Zaire",
        "Congo",
        "Burma",
    )
)


def is_nation(gaz: Gazetteer, name: str) -> bool:
    folded = fold(name).removeprefix("the ")
    return any(n in gaz.country_names or n in _SPORTING_NATIONS for n in (folded, f"the {folded}"))


_CLUB_WORDS = words(
    """
    fc afc sc ac as cf cd sv vfb vfl fk nk sk ud rc real united city town county rovers athletic
    sporting club dynamo dinamo inter olympique racing red star steaua spartak lokomotiv
    """
)
#: "Conchita Martinez ( Spain )", "P. Such ( England )": a name, and the country it competes for
_NATIONAL = re.compile(
    r"(?<![\w.])(?P<name>(?:[A-Z]\.[ \t]?)*[A-Z][\w'’-]+"
    r"(?:[ \t]+(?:[A-Z][\w'’-]+|de|van|von|der|da|di|del|dos|le|la)){0,3})"
    r"[ \t]+\([ \t]*(?P<country>[A-Z][\w.]*(?:[ \t]+[A-Z][\w.]*){0,2})[ \t]*\)"
)


def nationals(text: str, spans: list[Span], gaz: Gazetteer) -> list[Span]:
    """A two- or three-word name right before its country in brackets is a person (sports agate),
    also where the model read an organisation ("Byron Black ( Zimbabwe )")."""
    spans_over = overlapping(spans)
    replaced: set[Span] = set()
    persons: list[Span] = []
    for m in _NATIONAL.finditer(text):
        a, b = m.span("name")
        name, folded = text[a:b], fold(text[a:b])
        if not is_nation(gaz, m.group("country")):
            continue
        tokens = [t.lower().strip(".") for t in name.split()]
        if len(tokens) < 2 or any(t in _CLUB_WORDS or t in ORG_HEADS for t in tokens):
            continue  # a club or a company: "Steaua Bucharest ( Romania )", "Airbus Group (France)"
        if any(fold(t) in gaz.country_names for t in tokens) or gaz.is_gpe(folded) or normalize(name) in gaz.divisions:
            continue  # a place: "New Delhi (India)"
        hit = spans_over(a, b)
        if any(s[2] in ("FAC", "EVENT", "WORK_OF_ART") or s == (a, b, "PERSON") for s in hit):
            continue  # (an ORG is overridden: clubs and companies are told by their words above)
        replaced.update(hit)
        persons.append((a, b, "PERSON"))
    return [s for s in spans if s not in replaced] + persons if persons else spans


#: "Flamurtari Vlore ( Albania ) 0 Chemlon Humenne": a club, its country and its goals (a player's
#: country is followed by set scores "6-4", times "3:30.974", points "81 points", or nothing).
#: At the end of its line, only as the second club of a result ("... ( Romania ) 2 Valletta ( Malta ) 1")
_CLUB_SCORE = re.compile(r"[ \t]+\d{1,2}(?:(?=[ \t]+(?:[A-Z]|\())|(?P<last>[ \t]*$))", re.M)
_FIRST_CLUB = re.compile(r"\)[ \t]+\d{1,2}[ \t]+$")
#: "Jean Alesi ( France ) Benetton 1:55.101", "Rolf Sorensen ( Denmark ) Rabobank 20:36:54": the
#: team after a driver's or rider's country, before the time (one word: two are a car, "Ford
#: Escort"; not a date, "Berlin 17.8.90"), the gap ("TVM same time", "Motorola 4 hours"), the
#: season's points ("Ducati 175") or nothing ("( Germany ) Telekom" closing its line)
_RACE_TEAM = re.compile(
    r"\([ \t]*[A-Z][\w.]*(?:[ \t]+[A-Z][\w.]*){0,2}[ \t]*\)(?:[ \t]*,?[ \t]*(?P<team>[A-Z][\w&'’-]*)[ \t]*,?[ \t]+"
    r"(?:\d+:\d\d(?:[:.]\d+)?|\d+\.\d{3})(?![.\d])"
    # with no comma after the country: not a list of names broken across lines ("( U.S. ) , Frankie")
    r"|[ \t]+(?P<team2>[A-Z][\w&'’-]*)(?:[ \t]+(?:same[ \t]+time\b|\d+[ \t]+(?:hours?|hrs|mins?|minutes|secs?|seconds"
    r"|laps?)\b|\d{1,4}[ \t]*$)|[ \t]*$))",
    re.M,
)
#: "Kispest Honved win 2-0 on aggregate .", "Constructorul win on away goals rule": a cup tie's winner
_TIE_WINNER = re.compile(
    r"^(?P<team>[A-Z][\w.'’-]*(?:[ \t]+[A-Z][\w.'’-]*){0,3})[ \t]+(?:win|won|qualified|go[ \t]+through)\b"
    r"[^\n]*\b(?:on[ \t]+aggregate|away[ \t]+goals|on[ \t]+penalties)",
    re.M,
)


def agate_clubs(text: str, spans: list[Span], gaz: Gazetteer) -> list[Span]:
    """Clubs and racing teams in wire sports agate are organisations, whatever the model read.

    Three shapes: a club with its country and goals ("Ruch Chorzow ( Poland ) 5 Llansantffraid"),
    a team between a driver's country and the time, and a cup tie's winner ("Brann win 5-2 on
    aggregate"). The model reads most of these two-word names as persons, and the rule for a
    player's country in brackets (``nationals``) would too.
    """
    clubs: list[tuple[int, int]] = []
    for m in _NATIONAL.finditer(text):
        score = _CLUB_SCORE.match(text, m.end()) if is_nation(gaz, m.group("country")) else None
        if score and (
            score.group("last") is None or _FIRST_CLUB.search(text, text.rfind("\n", 0, m.start()) + 1, m.start())
        ):
            clubs.append(m.span("name"))
    clubs += [m.span("team" if m.group("team") else "team2") for m in _RACE_TEAM.finditer(text)]
    clubs += [m.span("team") for m in _TIE_WINNER.finditer(text)]
    return _override(spans, [(a, b, "ORG") for a, b in clubs if not is_nation(gaz, text[a:b])])


_PLAYER = r"(?:[A-Z]\.[ \t]?)*(?:(?:de|van|du)[ \t]+)?[A-Z][\w'’-]+(?:[ \t]+[A-Z][\w'’-]+)?"
#: a cricket batting line: "S. Law c Tillekeratne b Dharmasena 13", "A. Ranatunga lbw b Fleming 0",
#: "N. Knight st Moin Khan b Saqlain Mushtaq 113", "G. McGrath not out 8"
_BATTING_LINE = re.compile(
    rf"^[ \t]*(?P<bat>{_PLAYER})[ \t]+(?:(?:(?:c[ \t]+and[ \t]+|lbw[ \t]+)?b|c[ \t]+(?P<c>{_PLAYER})[ \t]+b"
    rf"|st[ \t]+(?P<st>{_PLAYER})[ \t]+b)[ \t]+(?P<b>{_PLAYER})|not[ \t]+out|run[ \t]+out|retired[ \t]+hurt)"
    r"[ \t]+\d{1,3}[ \t]*$",
    re.M,
)
#: bowling figures, overs-maidens-runs-wickets: "Gough 8-0-39-3", "McGrath 9.5-0-44-1"
_BOWLING = re.compile(rf"(?<![\w.])(?P<name>{_PLAYER})[ \t]+\d{{1,2}}(?:\.\d)?-\d{{1,2}}-\d{{1,3}}-\d{{1,2}}\b")
#: a scorecard summary in brackets: "Durham 326 ( D. Cox 95 not out , S. Campbell 69 ; G. Rose 7-73 )":
#: a batsman's runs (an initial, or "not out", says a person) and a bowler's wickets-runs
_SUMMARY_PLAYER = re.compile(
    rf"(?:\(|,|;)[ \t]*(?P<name>(?:[A-Z]\.[ \t]?)+[A-Z][\w'’-]+|{_PLAYER}(?=[ \t]+\d{{1,3}}[ \t]+not[ \t]+out))"
    r"[ \t]+\d{1,3}(?:-\d{1,3})?(?:[ \t]+not(?:[ \t]+out)?)?[ \t]*(?=[,;)]|$)",
    re.M,
)
#: a goal's scorer and minute: "Stuttgart 2 ( Balakow 50th , Bobic 61st )", "Cosmin Contra ( 31st )";
#: the whole name, up to four words and their particles ("Ronald de Boer", "Jorge Luis Dely Valdes")
_PARTICLES = r"(?:(?:de|da|van|von|der|den|la|le|del|dos)[ \t]+)*"
_SCORER_NAME = rf"(?:[A-Z]\.[ \t]?)*[A-Z][\w'’-]+(?:[ \t]+{_PARTICLES}[A-Z][\w'’-]+){{0,3}}"
_SCORER = re.compile(
    rf"(?:[(,;:][ \t]*(?P<name>{_SCORER_NAME})(?:[ \t]+|[ \t]*\n[ \t]*)"
    rf"|(?<![\w.])(?P<bracketed>{_SCORER_NAME})[ \t]*\([ \t]*)\d{{1,3}}(?:st|nd|rd|th)\b"
)
#: a golf leaderboard's line: the score, then its players ("70 Tim Herron , Duffy Waldorf ( U.S. )",
#: "130 Fernando Roca ( Spain ) 66 64 , Ian Pyman 66 64", "+2 Clarence Rose through 9")
_LEADERBOARD_LINE = re.compile(r"^[ \t]*(?:[+-]?\d{2,3}|[+-]\d|E)[ \t]+(?=[A-Z][a-z])(?P<players>[^\n]+)$", re.M)
_GOLFER = re.compile(
    r"[ \t]*(?P<name>[A-Z][\w'’-]+(?:[ \t]+(?:[A-Z]\.|[A-Z][\w'’-]+|de|van|von|der|del))*[ \t]+[A-Z][\w'’-]+)"
    r"(?:[ \t]*\([^()\n]*\))?(?:[ \t]+\d{2})*(?:[ \t]+through[ \t]+\d{1,2})?[ \t]*"
)
_DID_NOT_BAT = re.compile(r"^[ \t]*Did[ \t]+not[ \t]+bat[ \t]*:(?P<names>[^\n]+)$", re.M)


def scorecard_players(text: str, spans: list[Span]) -> list[Span]:
    """The batsmen, fielders and bowlers of a cricket scorecard, a result's scorers and a golf
    leaderboard's players are persons.

    A scorecard line gives the model no sentence to read ("S. Law c Tillekeratne b Dharmasena
    13"): it tags the batsman and misses the rest, or reads a surname as a place. The notation
    (c, b, lbw, st; overs-maidens-runs-wickets; a goal's minute, "Bobic 61st"; a leaderboard's
    score opening the line) says who is who.
    """
    found: list[tuple[int, int]] = []
    for m in _BATTING_LINE.finditer(text):
        found += [m.span(g) for g in ("bat", "c", "st", "b") if m.group(g)]
    found += [m.span("name") for m in _BOWLING.finditer(text)]
    found += [m.span("name") for m in _SUMMARY_PLAYER.finditer(text)]
    for m in _LEADERBOARD_LINE.finditer(text):
        at = m.start("players")
        for chunk in m.group("players").split(","):
            golfer = _GOLFER.fullmatch(chunk)
            if golfer:
                found.append((at + golfer.start("name"), at + golfer.end("name")))
            at += len(chunk) + 1
    for m in _SCORER.finditer(text):
        group = "name" if m.group("name") else "bracketed"
        if m.group(group).split()[0] not in CALENDAR:  # a date's ordinal reads the same: "( August 15th )"
            found.append(m.span(group))
    for m in _DID_NOT_BAT.finditer(text):
        start = m.start("names")
        for name in re.finditer(_PLAYER, m.group("names")):
            found.append((start + name.start(), start + name.end()))
    return _override(spans, [(a, b, "PERSON") for a, b in found])


def _is_table_row(cells: str) -> bool:
    """A league table's row: played = won + drawn + lost ("4 2 1 1 5 7 7": then goals and points), or a
    winning percentage."""
    values = cells.split()
    if any(v.startswith(".") for v in values):
        return True
    head = [int(v) for v in values[:4] if v.isdigit()]
    return len(values) >= 6 and len(head) == 4 and head[0] == sum(head[1:]) > 0


def _override(spans: list[Span], found: list[Span]) -> list[Span]:
    """``found`` replaces every span it overlaps: the notation outranks the model."""
    if not found:
        return spans
    on_found = overlapping(found)
    return [s for s in spans if not on_found(s[0], s[1])] + found


#: a team name in wire sports agate: up to five capitalised words, and a mark telling two clubs of
#: one name apart ("Zeleznik ( B )", as CoNLL marks it)
_TEAM = r"[A-Z][\w.'&’-]*(?:[ \t]+(?:[A-Z][\w.'&’-]*|\([ \t]*[A-Z]{1,2}[ \t]*\)|of|de)){0,4}"
_SCORE = r"[ \t]+\d{1,3}"
#: "Bradford 1 Tranmere 0", "Obilic 2 Zeleznik ( B ) 0": a result, alone on its line
_RESULT_LINE = re.compile(rf"^[ \t]*(?P<a>{_TEAM}){_SCORE}[ \t]+(?P<b>{_TEAM}){_SCORE}[ \t]*$", re.M)
#: "Becej 4 2 1 1 5 7 7", "NEW YORK 74 52 .587 -", "Lotte 46 6 54 .462 14 1/2", "Workington 22 2 1 19
#: 325 1021 5": a standings row
_STANDINGS_LINE = re.compile(
    rf"^[ \t]*(?P<a>{_TEAM})(?P<cells>(?:[ \t]+(?:\d{{1,4}}|\.\d{{3}}|\d{{1,2}}/\d|-)){{4,12}})[ \t]*$", re.M
)
#: "Walsall v Wrexham", "HOUSTON AT PITTSBURGH": a fixture, alone on its line (a court case, "Roe
#: v. Wade", takes the dotted form; MLB schedules put AT in capitals)
_FIXTURE_LINE = re.compile(
    rf"^[ \t]*(?:[A-Z][a-z]+[ \t]*:[ \t]*)?(?P<a>{_TEAM})[ \t]+(?P<joint>v|AT)[ \t]+(?P<b>{_TEAM})[ \t]*$", re.M
)


def sports_lines(text: str, spans: list[Span], gaz: Gazetteer) -> list[Span]:
    """Teams in results, standings and fixture lines are organisations: "Bradford 1 Tranmere 0".

    The model tags them as places (a team named for its city), persons, or not at all: a line of
    names and small numbers gives it no context. A country is a national team, kept a place
    (as CoNLL and the geo stage read it). Where the model read a person in a row of numbers, it
    stays one ("Tiger Woods 69 70 71 72 282", a bowler's figures) unless the row is a league
    table's: games played = won + drawn + lost, or a winning percentage (".587").
    """
    teams: list[tuple[int, int, bool]] = []
    for m in _RESULT_LINE.finditer(text):
        teams += [(m.start("a"), m.end("a"), False), (m.start("b"), m.end("b"), False)]
    for m in _STANDINGS_LINE.finditer(text):
        teams.append((m.start("a"), m.end("a"), not _is_table_row(m.group("cells"))))
    for m in _FIXTURE_LINE.finditer(text):
        teams.append((m.start("a"), m.end("a"), False))
        if m.group("joint") == "v":  # "X AT Y": Y names where the game is, a place
            teams.append((m.start("b"), m.end("b"), False))
    labels = {(s[0], s[1]): s[2] for s in spans}
    found: list[Span] = []
    for a, b, maybe_player in teams:
        if maybe_player and labels.get((a, b)) == "PERSON":
            continue
        found.append((a, b, "GPE" if is_nation(gaz, text[a:b]) else "ORG"))
    return _override(spans, found)


#: words only a sports report uses (not "victory", "final" or "title": elections have those too)
_SPORT_CUES = words(
    """
    innings wicket wickets bowled bowler batsman batsmen overs lbw halftime half-time inning homer homered
    homers pitcher rbi striker midfielder goalkeeper touchdown touchdowns quarterback playoff playoffs
    """
)
_SPORT_CUE = re.compile(r"\b(?:" + "|".join(sorted(_SPORT_CUES, key=len, reverse=True)) + r")\b")
#: a result in running copy: "beat Arsenal 2-1", "drew 1-1 with" (not a vote: "passed 52-48")
_RESULT = re.compile(r"\b(?:beat|beats|drew|defeated|edged|thrashed|lost)\b[^.\n]{0,40}?\b\d{1,2}-\d{1,2}\b")
_GAME_WORD = re.compile(r"\b(?:goals?|scor(?:ed|ing|er)|penalty|match|league|coach|manager|stadium|season)\b")
#: "SOCCER - ", "MOTOR RACING - ", and the sport glued to its headline: "NFL AMERICAN FOOTBALL-RANDALL"
_SPORT_HEADER = re.compile(r"^[ \t]*(?P<sport>[A-Z][A-Z-]*[A-Z](?:[ \t]+[A-Z][A-Z-]*[A-Z]){0,2})[ \t]*-", re.M)
#: after a team: its score ("Kent 108-3 .", "Durham 114 ( S. Watkin", "Somerset 83 and 174") or what
#: teams do ("Leicestershire beat Somerset", "Surrey closed on 429")
_TEAM_AFTER = re.compile(
    r"[ \t]+(?:\d{1,3}(?:-\d{1,2})?(?=[ \t]*(?:[(,;]|\.(?![\d.])|and[ \t]+\d|$))"
    r"|(?:beat|beats|drew|won|lost|closed[ \t]+on|declared|replied|trailed|were[ \t]+bowled)\b)",
    re.M,
)
#: before a team: who it plays ("beat Somerset", "v Northamptonshire", "a win over Nantes"), or what it
#: is to a player or a league ("joined Torino", "first division side Nice", "rivals Leeds")
_TEAM_BEFORE = re.compile(
    r"(?:\bbeat|\bbeats|\bv|\bvs\.?|\bagainst|\b(?:victory|win|wins|lead)[ \t]+over|\bdismiss|\bjoined|\bleaving"
    r"|\bdefeat[ \t]+of|\bloss[ \t]+to|\bchampions|\brivals|\bside)[ \t]+$"
)
#: where the team's name is its town: "at Kent", "in Leeds", "Headingley , Leeds"
_PLACE_BEFORE = re.compile(r"(?:\b(?:in|at|from|near|of|to)|,)[ \t]*$")
#: a dateline: "LONDON 1996-08-30", "Leeds , England"
_DATED = re.compile(r"[ \t]+(?:\d{4}-\d\d-\d\d|,[ \t]*[A-Z])")


def is_sports_report(text: str) -> bool:
    """A sport's header ("CRICKET -", "MOTOR RACING -") or two words only sports reports use.

    The sports repairs run only on these: their notations ("c Healy b Fleming", "Kent 108-3")
    are sure there, and elsewhere they would cost a pass over every article for nothing.
    """
    header = _SPORT_HEADER.search(text, 0, 200)
    if header and any(fold(w) in _SECTION_WORDS for w in re.split(r"[ \t-]+", header.group("sport"))):
        return True
    lower = text.lower()
    cues = _SPORT_CUE.finditer(lower)  # lower case, not re.I: the search can skip by first letter
    if next(cues, None) is not None and next(cues, None) is not None:
        return True
    # running copy: a result with its score and a word of the game ("beat Arsenal 2-1 ... scoring")
    return _RESULT.search(text) is not None and _GAME_WORD.search(lower) is not None


def teams_in_reports(text: str, spans: list[Span], gaz: Gazetteer) -> list[Span]:
    """In a sports report, a town or county that scores, wins or is beaten is its team: an ORG.

    "Kent 108-3", "Leicestershire beat Somerset", "a win over Nantes": CoNLL and OntoNotes label a
    team named for its town an organisation, and the model reads the town (or a ground: FAC). A country stays a
    place (a national side, as in the results lines). Only where the report says so: "in Kent"
    and "London ( The Oval )" are places, also in a cricket report.
    """
    candidates = {s for s in spans if s[2] in ("GPE", "LOC", "FAC") and not is_nation(gaz, text[s[0] : s[1]])}
    playing = {s for s in candidates if _TEAM_AFTER.match(text, s[1]) or _TEAM_BEFORE.search(text, s[0] - 20, s[0])}
    teams = {text[s:e] for s, e, _ in playing}
    untagged = _untagged_teams(text, spans, gaz, teams)
    spans = _venues(text, spans, gaz)
    if not playing and not untagged:
        return spans
    out = untagged
    for span in spans:
        s, e, label = span
        if span in playing or (
            span in candidates
            and text[s:e] in teams
            and not _PLACE_BEFORE.search(text, max(0, s - 12), s)
            and not _DATED.match(text, e)
        ):
            label = "ORG"
        out.append((s, e, label))
    return out


#: a team the model missed in a scorecard: "At Colchester : Gloucestershire 280 ( J. Russell 63",
#: "Essex 72-0 .", and in a fixture list, "v Lancashire ."
_SCORECARD_TEAM = re.compile(
    r"(?:^|(?<=[:,] ))(?P<team>[A-Z][a-z][\w'’-]*(?:[ \t]+[A-Z][a-z][\w'’-]*){0,2})"
    r"[ \t]+\d{1,3}(?:-\d{1,2})?(?=[ \t]*(?:[(,;]|\.(?![\d.])|and[ \t]+\d|$))",
    re.M,
)
_FIXTURE_TEAM = re.compile(
    r"(?<![\w.])v[ \t]+(?P<team>[A-Z][a-z][\w'’-]*(?:[ \t]+[A-Z][a-z][\w'’-]*){0,2})(?=[ \t]*(?:\.|$))", re.M
)


#: where a match is played, opening an agate line: "At Leicester : Leicestershire 343-8", "In Vaduz :",
#: "At The Oval ( London ) :"
_VENUE = re.compile(
    r"^[ \t]*(?:At|In)[ \t]+(?P<venue>(?:The[ \t]+)?[A-Z][\w'’-]*(?:[ \t]+[A-Z][\w'’-]*){0,2})"
    r"[ \t]*(?:\([^)\n]*\)[ \t]*)?:",
    re.M,
)


def _venues(text: str, spans: list[Span], gaz: Gazetteer) -> list[Span]:
    """The ground or town of an agate line is a place: a town GPE, a ground ("Headingley") FAC."""
    places = {(s, e) for s, e, label in spans if label in ("GPE", "LOC", "FAC")}
    for m in _VENUE.finditer(text):
        a, b = m.span("venue")
        if text.startswith("The ", a):
            a += 4
        if (a, b) in places:
            continue  # the model's own place label stands
        key = fold(text[a:b])
        label = "GPE" if gaz.is_gpe(key) or key in gaz.towns else "FAC"
        spans = put(spans, (a, b, label), override=True)
    return spans


def _untagged_teams(text: str, spans: list[Span], gaz: Gazetteer, teams: set[str]) -> list[Span]:
    """Teams of a scorecard or fixture list the model tagged nothing for: a known place or team name,
    or any name after a venue ("At Colchester : Gloucestershire 280 (") or "v" ("v Glamorgan .")."""
    taken = overlapping(spans)
    found = []
    for m in (*_SCORECARD_TEAM.finditer(text), *_FIXTURE_TEAM.finditer(text)):
        a, b = m.span("team")
        name = text[a:b]
        key = fold(name)
        if taken(a, b) or is_nation(gaz, name):
            continue
        said = m.re is _FIXTURE_TEAM or _VENUE.match(text, text.rfind("\n", 0, a) + 1) is not None
        known = name in teams or gaz.is_gpe(key) or key in gaz.towns or normalize(name) in gaz.divisions
        if said or known:
            found.append((a, b, "ORG"))
    return found
