"""Stage 1: RawArticle -> CleanedArticle.

* HTML: the main text is extracted with trafilatura (see :func:`extract_main_text`), its
  metadata (title, author, date) with trafilatura's metadata extractor (htmldate for the date).
* Plain text: nothing to extract, but the line rules below still apply.
* Both: Unicode repaired (ftfy for mojibake, then odd spaces and invisible characters
  normalised, NFC); boilerplate lines dropped and bylines split off by the declarative
  table in :mod:`newsstream.boilerplate`; paragraphs separated by one blank line.
* Language: :func:`newsstream.language.decide_language`; a language outside
  ``CleanOptions.languages`` raises :class:`UnsupportedLanguage`.

Title rule for plain text (the producer gave no title): when the first paragraph is a single
headline-like line (under 200 characters, no sentence-final period) and more text follows, it
is the title and is removed from the text. When a title is given and the text (or the extracted
HTML text) starts with that same title, the repeated line is removed. Producer-given title and
published_at always win over anything found in the page.

A pure function: no I/O, no global state beyond cached, read-only resources.
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import ftfy
import lxml.html
from htmldate import find_date
from trafilatura import bare_extraction
from trafilatura.metadata import examine_meta, extract_author, extract_meta_json, extract_title
from trafilatura.utils import load_html

from newsstream.boilerplate import (
    LINE_RULES,
    LineRule,
    apply_line_rules,
    looks_like_headline,
    looks_like_person,
    prose_share,
    prose_words,
)
from newsstream.errors import EmptyAfterCleaning, UnsupportedLanguage
from newsstream.language import MIN_WORDS, decide_language
from newsstream.models import CleanedArticle, RawArticle

__all__ = [
    "DEFAULT_OPTIONS",
    "CleanOptions",
    "Extracted",
    "clean",
    "extract_main_text",
    "normalize_text",
]


@dataclass(frozen=True)
class CleanOptions:
    """Options of the clean stage; the defaults are the production settings."""

    #: accepted ISO 639-1 codes; another detected language raises UnsupportedLanguage.
    languages: frozenset[str] = frozenset({"en"})
    #: False: detect and report the language but never reject (used by the quality bench).
    enforce_language: bool = True
    #: texts with fewer words use the producer's language hint (else "en") instead of detection.
    min_words_for_detection: int = MIN_WORDS
    #: the boilerplate line rules applied to every text.
    line_rules: tuple[LineRule, ...] = field(default=LINE_RULES, repr=False)


DEFAULT_OPTIONS = CleanOptions()

# --------------------------------------------------------------------------- Unicode

_FTFY = ftfy.TextFixerConfig(uncurl_quotes=False, explain=False)
# No-break and typographic spaces, tabs -> plain space.
_ODD_SPACES = re.compile(r"[\t\v\f\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
# Zero-width space, word joiner, BOM, soft hyphen, directional marks: invisible and meaningless in
# running text. ZWJ/ZWNJ are kept: they change spelling in Persian, Indic scripts and emoji.
_INVISIBLE = re.compile(r"[\u200b\u2060\ufeff\u00ad\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_MULTISPACE = re.compile(r" {2,}")


#: HTML tags left in text (an embedded post's markup, a producer's "text" with tags): their words stay
_LEAKED_TAG = re.compile(
    r"</?(?:a|p|br|div|span|blockquote|em|strong|i|b|u|img|iframe|figure|figcaption|li|ul|ol|h[1-6])"
    r"(?:\s[^<>]{0,500})?/?>",
    re.IGNORECASE,
)


def normalize_text(text: str) -> str:
    """Repair mojibake (ftfy), unify spaces and line breaks, drop invisible characters and HTML tags
    left in text, NFC."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2029", "\n\n").replace("\u2028", "\n")
    text = ftfy.fix_text(text, _FTFY)
    text = _INVISIBLE.sub("", text)
    text = _ODD_SPACES.sub(" ", text)
    text = unicodedata.normalize("NFC", text)
    text = _LEAKED_TAG.sub("", text)
    return "\n".join(_MULTISPACE.sub(" ", line).strip() for line in text.split("\n"))


def _unwrap(lines: list[str]) -> list[str]:
    """A hard-wrapped paragraph (lines of similar, prose-like length) as one line; else unchanged.

    Line rules then see whole paragraphs, never a wrapped fragment that happens to read "Email".
    """
    longest = max(len(line) for line in lines)
    if len(lines) > 1 and longest >= 50 and all(len(line) >= 0.6 * longest for line in lines[:-1]):
        return [" ".join(lines)]
    return lines


def _blocks(text: str) -> list[list[str]]:
    """Paragraphs (blank-line separated) as lists of their non-empty lines, hard wraps undone."""
    return [_unwrap(lines) for block in re.split(r"\n\s*\n", text) if (lines := [ln for ln in block.split("\n") if ln])]


def _key(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().casefold()


def _same_text(a: str, b: str) -> bool:
    return bool(_key(a)) and _key(a) == _key(b)


def _repeats_title(line: str, title: str) -> bool:
    """The line is the title again, or the title without (or with) a " | Site name" part."""
    line_key, title_key = _key(line), _key(title)
    if not line_key or not title_key:
        return False
    if line_key == title_key:
        return True
    shorter, longer = sorted((line_key, title_key), key=len)
    return looks_like_headline(line) and len(shorter) >= 20 and longer.startswith(shorter + " ")


# --------------------------------------------------------------------------- HTML


@dataclass(frozen=True)
class Extracted:
    """Main text and metadata found in an HTML page."""

    text: str
    title: str | None = None
    authors: tuple[str, ...] = ()
    published_at: datetime | None = None


#: htmldate settings: the original (not the last-modified) date, with its time when the page has one.
_DATE_PARAMS: dict[str, Any] = {
    "original_date": True,
    "extensive_search": True,
    "outputformat": "%Y-%m-%dT%H:%M:%S%z",
}


def _parse_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    # Without a time zone (often a bare calendar date), UTC is assumed.
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _split_authors(value: str | None) -> tuple[str, ...]:
    """Person names of a metadata author field ("Jane Doe; CNN Business" -> ("Jane Doe",))."""
    if not value:
        return ()
    names = (" ".join(a.split()) for a in re.split(r"[;|]", value))
    return tuple(n for n in names if looks_like_person(n))


def _metadata(tree: lxml.html.HtmlElement, url: str | None) -> tuple[str | None, str | None, str | None]:
    """Title, author and date of a page: trafilatura's meta-tag, JSON-LD and markup heuristics,
    htmldate for the date. (Only the three fields we use: trafilatura's ``extract_metadata`` also
    collects categories, tags, site name and licence, which cost a third of the time.)"""
    meta = examine_meta(tree)
    with contextlib.suppress(Exception):  # malformed JSON-LD: the meta tags still count
        meta = extract_meta_json(tree, meta)
    title = meta.title or extract_title(tree)
    author = meta.author or extract_author(tree)
    date = find_date(tree, url=url, **_DATE_PARAMS)
    return title, author, date


_INLINE_TAGS = ("a", "span", "em", "strong", "b", "i", "u", "small", "mark", "abbr", "cite", "time", "font")


def _protect_inline_text(tree: lxml.html.HtmlElement) -> None:
    """Drop class/id/style of inline elements inside running paragraph text.

    A phrase in the middle of a sentence ("reported that <span class="link">the NFL will fine
    Rudolph</span> for ...") is never boilerplate, but trafilatura's precision mode deletes
    elements by class name ("link", "bottom") and would cut the sentence. Only elements with text
    on both sides are touched, so a caption or widget that fills a whole <p> is still recognised.
    """
    for paragraph in tree.iter("p"):
        before = bool(paragraph.text and paragraph.text.strip())
        for child in paragraph:
            after = bool(child.tail and child.tail.strip())
            if before and after and child.tag in _INLINE_TAGS:
                for attribute in ("class", "id", "style"):
                    child.attrib.pop(attribute, None)
            before = before or after or bool(child.text_content().strip())


#: a class or id naming a comment thread: "xenforo-comment", "comment-list", "article_comments";
#: not "commentary" (a genre of article).
_COMMENT_TOKEN = re.compile(r"(?:^|[-_])comments?(?:[-_]|$)", re.IGNORECASE)
_THREAD_TAGS = frozenset({"div", "section", "ul", "ol", "li", "aside", "footer", "form"})


def _drop_comment_threads(tree: lxml.html.HtmlElement) -> None:
    """Remove readers' comment threads that trafilatura's own patterns miss.

    trafilatura drops comments by classes that *start* with "comment"; forum widgets embedded under
    articles are named otherwise ("xenforo-comment-widget"), and their posts read as prose, so the
    precision mode kept them as the article's end. An element holding half the page's paragraph
    text or more is never removed: that is the article, whatever its class says.
    """
    named = [
        element
        for element in tree.iter(*_THREAD_TAGS)
        if any(_COMMENT_TOKEN.search(name) for name in f"{element.get('class', '')} {element.get('id', '')}".split())
    ]
    if not named:
        return  # most pages: no second pass over their paragraphs
    mass = _paragraph_mass(tree)
    doomed = [element for element in named if _paragraph_mass(element) < 0.5 * mass]
    for element in doomed:
        if element.getparent() is not None:
            element.drop_tree()


def _trafilatura_text(tree: lxml.html.HtmlElement, url: str | None) -> str:
    """trafilatura in precision mode (its own fallbacks included), comments excluded."""
    doc = bare_extraction(tree, url=url, favor_precision=True, include_comments=False, with_metadata=False)
    return (doc.text or "") if doc is not None else ""


_BLOCK_TAGS = frozenset(
    {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "br", "tr", "td", "th", "blockquote", "pre"}
    | {"section", "article", "figcaption", "dd", "dt", "ul", "ol", "table"}
)


def _readability_text(html: str, url: str | None) -> str:
    """readability-lxml's main block, one block element per line."""
    from readability import Document  # only needed on the rare pages that look truncated

    try:
        summary = Document(html, url=url).summary(html_partial=True)
        fragment = lxml.html.fromstring(summary)
    except Exception:  # readability raises bare Exceptions on unparseable pages
        return ""
    for element in fragment.iter():
        if isinstance(element.tag, str) and element.tag in _BLOCK_TAGS:
            element.tail = "\n" + (element.tail or "")
    return str(fragment.text_content())


def _paragraph_mass(tree: lxml.html.HtmlElement) -> int:
    """Characters of text in the page's substantial paragraphs (<p> over 80 characters)."""
    total = 0
    for paragraph in tree.iter("p"):
        text = " ".join(paragraph.text_content().split())
        if len(text) > 80:
            total += len(text)
    return total


def _body_like(line: str) -> bool:
    """A line that reads like article prose: a dozen words or more."""
    return len(line.split()) >= 12


def _merge_with_readability(primary: list[str], alternative: list[str]) -> list[str] | None:
    """readability's lines when they hold the primary text plus much more prose, else None.

    "Hold the primary text": at least 60 % of its words, unless the primary is a mere scrap (under
    50 words, e.g. a print-copyright notice), so that a readability pick of the comment thread
    never replaces the article.

    Kept from readability: the lines the primary extraction also has, and prose lines (12+ words,
    not repeated: repeated lines are captions and teasers) it lacks.
    """
    primary_key = _key(" ".join(primary))
    alternative_key = _key(" ".join(alternative))
    primary_words = sum(len(line.split()) for line in primary)
    shared_words = sum(len(line.split()) for line in primary if _key(line) in alternative_key)
    if primary_words >= _MIN_EXTRA_WORDS and shared_words < _SHARED_RATIO * primary_words:
        # readability chose another block: the comments or a teaser list, unless the primary is
        # itself a teaser list (headlines and dates, little prose) and readability's is prose
        return _prose_instead(primary, alternative)
    counts: dict[str, int] = {}
    for line in alternative:
        counts[_key(line)] = counts.get(_key(line), 0) + 1
    merged: list[str] = []
    extra_words = 0
    for line in alternative:
        k = _key(line)
        if not k:
            continue
        if k in primary_key:
            merged.append(line)
        elif _body_like(line) and counts[k] == 1:
            merged.append(line)
            extra_words += len(line.split())
    if extra_words >= max(_MIN_EXTRA_WORDS, primary_words * _EXTRA_RATIO):
        return merged
    return None


def _not_prose(lines: list[str]) -> bool:
    """Lines that hold too little prose to be an article: a list of headlines and dates."""
    return prose_share(lines) <= _PROSE_SHARE


def _prose_instead(primary: list[str], alternative: list[str]) -> list[str] | None:
    """readability's block when the primary is mostly not prose and holds far less of it."""
    if not _not_prose(primary):
        return None
    primary_prose, alternative_prose = prose_words(primary), prose_words(alternative)
    if alternative_prose < max(_MIN_PROSE_WORDS, _PROSE_GAIN * primary_prose):
        return None
    return alternative


#: an extraction with no more than this share of its words in prose lines is not an article ...
_PROSE_SHARE = 0.5
#: ... and readability's block replaces it when that holds this many prose words and this many
#: times the extraction's own.
_MIN_PROSE_WORDS = 100
_PROSE_GAIN = 2.0

#: a precision-mode extraction holding less than this share of the page's paragraph text is
#: checked against readability (it may have stopped early, e.g. at an inline widget).
_TRUNCATION_RATIO = 0.5
_MIN_EXTRA_WORDS = 50
_EXTRA_RATIO = 0.5
_SHARED_RATIO = 0.6


_XML_INVALID = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def extract_main_text(html: str, url: str | None = None) -> Extracted:
    """The article body of an HTML page, one paragraph per line, with its metadata.

    trafilatura's precision mode first, on the page without its readers' comment threads
    (:func:`_drop_comment_threads`). When that finds nothing or holds under half of the page's
    paragraph text, readability-lxml is asked too, and its lines replace the result if they contain
    it plus at least as much prose again (:func:`_merge_with_readability`). When it is mostly not
    prose (a list of related headlines and dates), readability's block replaces it if that holds
    far more prose (:func:`_prose_instead`).
    """
    # C0 controls (and U+FFFE/FFFF) are not XML: lxml refuses them when text is written back into a
    # tree (found by fuzzing). Form feeds and vertical tabs separate text, so they become spaces.
    html = _XML_INVALID.sub(lambda m: " " if m.group() in "\x0b\x0c" else "", html)
    tree = load_html(html)
    if tree is None:
        return Extracted(text="")
    title, author, date = _metadata(tree, url)
    _protect_inline_text(tree)
    _drop_comment_threads(tree)
    text = _trafilatura_text(tree, url)
    length = len(" ".join(text.split()))
    primary = [line for line in text.split("\n") if line.strip()]
    truncated = length == 0 or length < _TRUNCATION_RATIO * _paragraph_mass(tree)
    if truncated or _not_prose(primary):
        alternative = [" ".join(line.split()) for line in _readability_text(html, url).split("\n")]
        alternative = [line for line in alternative if line]
        merge = _merge_with_readability if truncated else _prose_instead
        merged = merge(primary, alternative)
        if merged is not None:
            text = "\n".join(merged)
    return Extracted(
        text=text,
        title=title or None,
        authors=_split_authors(author),
        published_at=_parse_date(date),
    )


# --------------------------------------------------------------------------- clean


def _empty_error(raw: RawArticle, what: str) -> EmptyAfterCleaning:
    return EmptyAfterCleaning(
        f"No article text is left after cleaning the {what} (it held only markup, scripts, navigation "
        "or boilerplate lines); send the full article page as `html` or the article body as `text`.",
        article_id=raw.id,
    )


def clean(raw: RawArticle, options: CleanOptions = DEFAULT_OPTIONS) -> CleanedArticle:
    """Main text, title, byline, language and date of one raw article."""
    title = normalize_text(raw.title).replace("\n", " ").strip() if raw.title else None
    published_at = raw.published_at
    authors: list[str] = []

    if raw.html is not None:
        what = "HTML page"
        extracted = extract_main_text(raw.html, raw.url)
        # trafilatura gives one paragraph per line.
        blocks = [[line] for line in normalize_text(extracted.text).split("\n") if line]
        if title is None and extracted.title:
            title = normalize_text(extracted.title).replace("\n", " ").strip() or None
        authors.extend(normalize_text(a) for a in extracted.authors)
        if published_at is None:
            published_at = extracted.published_at
    else:
        what = "text"
        blocks = _blocks(normalize_text(raw.text or ""))
        first = blocks[0] if blocks else None
        if (
            title is None
            and first is not None
            and len(blocks) > 1
            and len(first) == 1
            and looks_like_headline(first[0])
            and apply_line_rules(first, options.line_rules).lines
        ):
            title = first[0]
            blocks = blocks[1:]

    # A title repeated as the first line of the body.
    if title and blocks and len(blocks[0]) == 1 and _repeats_title(blocks[0][0], title):
        blocks = blocks[1:]

    # Line rules over the flat line sequence (a teaser label and its headline can be in two blocks).
    flat = [(i, line) for i, block in enumerate(blocks) for line in block]
    result = apply_line_rules([line for _, line in flat], options.line_rules)
    out_blocks: list[list[str]] = [[] for _ in blocks]
    for pos in result.kept:
        block_index, line = flat[pos]
        out_blocks[block_index].append(line)
    text = "\n\n".join("\n".join(b) for b in out_blocks if b)

    for name in result.byline:
        if not any(_same_text(name, a) for a in authors):
            authors.append(name)

    if not re.search(r"\w", text):
        raise _empty_error(raw, what)

    language = decide_language(
        text if not title else f"{title}\n{text}",
        raw.language,
        options.languages,
        min_words=options.min_words_for_detection,
    )
    if options.enforce_language and language not in options.languages:
        accepted = ", ".join(sorted(options.languages))
        raise UnsupportedLanguage(
            f"The article is in language {language!r}, which this pipeline does not accept "
            f"(accepted: {accepted}); send articles in an accepted language or configure {language!r}.",
            language=language,
            article_id=raw.id,
        )

    return CleanedArticle(
        id=raw.id,
        url=raw.url,
        source=raw.source,
        published_at=published_at,
        title=title,
        byline=authors,
        language=language,
        text=text,
    )
