"""The clean stage on real inputs: the seed article (golden), an HTML page, Unicode, errors."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import lxml.html
import pytest

from newsstream import clean as clean_module
from newsstream.clean import DEFAULT_OPTIONS, CleanOptions, clean, normalize_text
from newsstream.errors import EmptyAfterCleaning, UnsupportedLanguage
from newsstream.models import CleanedArticle, RawArticle

SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_db8795088e5f2b5f.txt"


@pytest.fixture(scope="module")
def seed() -> CleanedArticle:
    return clean(RawArticle(id="seed-0", text=SEED.read_text(encoding="utf-8")))


# --------------------------------------------------------------------------- seed golden


def test_seed_title_is_the_first_line_and_leaves_the_text(seed: CleanedArticle) -> None:
    assert seed.title == "Rising tensions in Middle East test U.S. relations with Iraq"
    assert not seed.text.startswith("Rising tensions")


def test_seed_byline(seed: CleanedArticle) -> None:
    assert seed.byline == ["Carina"]
    assert seed.language == "en"


@pytest.mark.parametrize(
    "gone",
    [
        "Photo of author",
        "By Carina",
        "Credit: DepositPhotos",
        "Read More",
        "Also Read",
        "Read Next",
        "Ted Cruz",
        "Trump",
        "Kamala Harris",
        "Biden affirms",
        "Related Posts",
        "Leave a Comment",
    ],
)
def test_seed_boilerplate_is_gone(seed: CleanedArticle, gone: str) -> None:
    assert gone not in seed.text


def test_seed_keeps_every_body_paragraph(seed: CleanedArticle) -> None:
    source = [p.strip() for p in SEED.read_text(encoding="utf-8").split("\n\n")]
    body = [p for p in source if p.endswith((".", "”", ".”")) and not p.startswith(("Read", "Also", "Credit"))]
    assert len(body) >= 25
    paragraphs = seed.text.split("\n\n")
    for paragraph in body:
        assert normalize_text(paragraph) in paragraphs
    assert "Gregory Gause, a Middle East expert" in seed.text
    assert "The U.S. strike that killed Mushtaq Taleb al-Saidi" in seed.text
    assert "Uncertain Future and Counter-Terrorism Concerns" in paragraphs  # a subheading stays
    assert paragraphs[-1].startswith("Iraq’s balancing act between U.S. and Iranian interests")


def test_seed_text_is_normalised(seed: CleanedArticle) -> None:
    assert "\u00a0" not in seed.text
    assert "\n\n\n" not in seed.text
    assert all(line == line.strip() for line in seed.text.split("\n"))


def test_producer_title_and_date_are_kept() -> None:
    when = datetime(2024, 1, 20, 8, 30, tzinfo=UTC)
    raw = RawArticle(id="t", title="Iraq and the U.S.", published_at=when, text=SEED.read_text(encoding="utf-8"))
    out = clean(raw)
    assert out.title == "Iraq and the U.S."
    assert out.published_at == when
    # the first line is not the given title, so it stays as text
    assert out.text.startswith("Rising tensions in Middle East test U.S. relations with Iraq")


def test_first_line_repeating_the_given_title_is_removed() -> None:
    body = " ".join(["Iraqi officials met U.S. envoys in Baghdad on Monday."] * 4)
    out = clean(RawArticle(id="t", title="Iraq talks resume", text=f"Iraq talks resume\n\n{body}"))
    assert out.text == body


def test_hard_wrapped_paragraphs_are_unwrapped_and_never_cut() -> None:
    text = (
        "Iraqi officials said the strike on Erbil had killed four people and that\n"
        "the government would recall its ambassador from Tehran. Officials would\n"
        "Email\n"
        "\n"
        "Short list line one\nShort list line two"
    )
    out = clean(RawArticle(id="w", title="T", text=text))
    first, second = out.text.split("\n\n")
    assert first.startswith("Iraqi officials said") and first.endswith("Officials would Email")
    assert second == "Short list line one\nShort list line two"


def test_sentence_first_line_is_not_a_title() -> None:
    text = "Iraq’s parliament voted on Sunday to expel U.S. troops.\n\nThe vote is not binding."
    out = clean(RawArticle(id="t", text=text))
    assert out.title is None
    assert out.text == text


# --------------------------------------------------------------------------- HTML

PAGE = """<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Iraq recalls ambassador after Erbil strike | Example News</title>
<meta property="og:title" content="Iraq recalls ambassador after Erbil strike">
<meta name="author" content="Jane Doe">
<meta property="article:published_time" content="2024-01-17T09:15:00+00:00">
<script>window.dataLayer = [{"page": "article"}];</script>
<style>body { font-family: serif; }</style>
</head><body>
<header><nav><ul>
  <li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/business">Business</a></li>
  <li><a href="/sport">Sport</a></li><li><a href="/opinion">Opinion</a></li>
</ul></nav></header>
<main><article>
<h1>Iraq recalls ambassador after Erbil strike</h1>
<p class="byline">By Jane Doe</p>
<p>Iraq recalled its ambassador from Tehran on Tuesday after an Iranian missile strike on the northern
city of Erbil killed at least four civilians, the foreign ministry in Baghdad said.</p>
<p>Prime Minister Mohammed Shia al-Sudani called the strike a clear violation of Iraqi sovereignty and
ordered an investigation into the attack, which Iran said had targeted an Israeli spy base.</p>
<figure><img src="erbil.jpg" alt=""><figcaption>Credit: DepositPhotos</figcaption></figure>
<p>Iraq has tried for years to balance its ties with Washington and Tehran, and the strike has put
that balancing act under new strain as pressure grows on the government to expel U.S. troops.</p>
<p>Read More: Biden affirms continued efforts for release of hostages in Hamas custody</p>
<p>“We view Iraq as a valued and important partner,” Pentagon press secretary Pat Ryder said on
Wednesday, adding that Washington had no plans to withdraw its 2,500 soldiers.</p>
<p>Advertisement</p>
</article>
<aside><h3>Related Articles</h3><ul>
  <li><a href="/a">Iran fires missiles at targets in Syria</a></li>
  <li><a href="/b">U.S. strike kills militia leader in Baghdad</a></li>
</ul></aside>
</main>
<footer><p>© 2024 Example News. All rights reserved.</p><a href="/privacy">Privacy</a></footer>
</body></html>"""


@pytest.fixture(scope="module")
def page() -> CleanedArticle:
    return clean(RawArticle(id="h", url="https://news.example.com/world/iraq-erbil", html=PAGE))


def test_html_keeps_the_body_paragraphs(page: CleanedArticle) -> None:
    paragraphs = page.text.split("\n\n")
    assert paragraphs[0].startswith("Iraq recalled its ambassador from Tehran on Tuesday")
    assert any(p.startswith("Prime Minister Mohammed Shia al-Sudani") for p in paragraphs)
    assert any(p.startswith("Iraq has tried for years") for p in paragraphs)
    assert paragraphs[-1].startswith("“We view Iraq as a valued and important partner,”")
    assert "\n" not in paragraphs[0]  # HTML line breaks inside a <p> are not paragraphs


@pytest.mark.parametrize(
    "gone",
    [
        "window.dataLayer",
        "font-family",
        "Home",
        "Business",
        "Read More",
        "Biden affirms",
        "Advertisement",
        "Related Articles",
        "Iran fires missiles",
        "All rights reserved",
        "Credit: DepositPhotos",
        "By Jane Doe",
    ],
)
def test_html_boilerplate_is_gone(page: CleanedArticle, gone: str) -> None:
    assert gone not in page.text


def test_html_metadata(page: CleanedArticle) -> None:
    assert page.title == "Iraq recalls ambassador after Erbil strike"
    assert page.byline == ["Jane Doe"]
    assert page.published_at is not None
    assert page.published_at == datetime(2024, 1, 17, 9, 15, tzinfo=UTC)
    assert page.language == "en"


def test_html_producer_metadata_wins() -> None:
    when = datetime(2024, 2, 1, tzinfo=UTC)
    out = clean(RawArticle(id="h", html=PAGE, title="Producer title", published_at=when))
    assert out.title == "Producer title"
    assert out.published_at == when


LINKED = """<html><head><title>Browns player on the fight</title></head><body><article>
<h1>Browns player on the fight</h1>
<p>One member of the Browns' defense did not hold back on Monday when asked about the fight that ended
Thursday night's game between Cleveland and Pittsburgh in chaos.</p>
<p>CBS Sports NFL Insider Jason La Canfora has reported that <span class="link"><a href="/nfl/news/fine">the NFL
will fine Rudolph</a></span> for his role in the fight, and the league is reviewing video of the brawl.</p>
<p>The Steelers and Browns meet again in two weeks, and both teams have said they want to move on from the
incident before that rematch in Pittsburgh.</p>
</article></body></html>"""


def test_a_linked_phrase_inside_a_sentence_is_kept() -> None:
    out = clean(RawArticle(id="l", html=LINKED))
    assert "has reported that the NFL will fine Rudolph for his role in the fight" in out.text


def test_readability_merge_adds_missing_prose_only() -> None:
    primary = ["First paragraph of the story about the strike in Erbil and its aftermath in Baghdad."]
    prose = [
        f"Paragraph {n} of the story continues with many more words about Iraq, Iran and the U.S." for n in range(4)
    ]
    caption = "A caption that repeats twice because the gallery shows it twice on the page, as galleries do."
    alternative = [primary[0], *prose, caption, caption, "More Great Stories"]
    assert clean_module._merge_with_readability(primary, alternative) == [primary[0], *prose]
    # readability finding nothing more than the primary: keep the primary
    assert clean_module._merge_with_readability(primary, [primary[0], "Share"]) is None
    # readability picking another block (a comment thread) instead of the article: keep the primary
    article = [p.replace("Paragraph", "Article paragraph") for p in prose]
    comments = [
        f"Comment {n}: I think the author is wrong about Iraq, Iran and the U.S. for many reasons." for n in range(9)
    ]
    assert clean_module._merge_with_readability(article, comments) is None


def test_html_title_with_site_suffix_is_not_repeated_in_text() -> None:
    html = PAGE.replace(
        "<h1>Iraq recalls ambassador after Erbil strike</h1>",
        "<h1>Iraq recalls ambassador after Erbil strike | Example News</h1>",
    )
    out = clean(RawArticle(id="h", html=html, title="Iraq recalls ambassador after Erbil strike"))
    assert "Example News" not in out.text


def test_scripts_only_html_is_empty() -> None:
    html = (
        "<html><head><script>var a = 1; function f() { return a * 2; }</script>"
        "<style>p { color: red; }</style></head><body><script>f();</script></body></html>"
    )
    with pytest.raises(EmptyAfterCleaning, match="send the full article page"):
        clean(RawArticle(id="s", html=html))


def test_boilerplate_only_text_is_empty() -> None:
    with pytest.raises(EmptyAfterCleaning) as info:
        clean(RawArticle(id="b", text="Photo of author\n\nBy Carina\n\nRelated Posts\n\nLeave a Comment"))
    assert info.value.reason == "empty_after_cleaning"
    assert info.value.article_id == "b"


# --------------------------------------------------------------------------- Unicode


def test_mojibake_is_repaired() -> None:
    out = clean(RawArticle(id="m", text="Le CafÃ© de Flore in Baghdad? The cafÃ© owner didnâ€™t say."))
    assert "Café de Flore" in out.text
    assert "didn’t" in out.text
    assert "Ã" not in out.text


def test_spaces_are_normalised() -> None:
    raw = "Iraq\u00a0and\u2009Iran\u200b signed  a\u202fdeal.\u00a0\r\nIt is\tbinding.\ufeff"
    assert normalize_text(raw) == "Iraq and Iran signed a deal.\nIt is binding."


def test_nfc() -> None:
    assert normalize_text("Cafe\u0301") == "Caf\u00e9"


# --------------------------------------------------------------------------- language

FRENCH = (
    "Le Premier ministre irakien a demandé mardi le retrait des troupes américaines du pays, "
    "après une frappe meurtrière à Bagdad qui a tué un chef de milice soutenu par l’Iran. "
    "Le gouvernement dit vouloir fixer un calendrier rapide pour ce départ."
)
GERMAN = (
    "Der irakische Ministerpräsident hat am Dienstag den Abzug der amerikanischen Truppen aus dem "
    "Land gefordert, nachdem ein tödlicher Angriff in Bagdad einen vom Iran unterstützten Milizführer "
    "getötet hatte. Die Regierung will einen schnellen Zeitplan für den Abzug festlegen."
)


@pytest.mark.parametrize(("text", "code"), [(FRENCH, "fr"), (GERMAN, "de")])
def test_unsupported_language(text: str, code: str) -> None:
    with pytest.raises(UnsupportedLanguage) as info:
        clean(RawArticle(id="l", text=text))
    assert info.value.language == code
    assert info.value.reason == "unsupported_language"


def test_accepted_other_language() -> None:
    out = clean(RawArticle(id="l", text=FRENCH), CleanOptions(languages=frozenset({"en", "fr"})))
    assert out.language == "fr"


def test_not_enforced_language_is_reported() -> None:
    out = clean(RawArticle(id="l", text=GERMAN), CleanOptions(enforce_language=False))
    assert out.language == "de"


def test_short_text_uses_the_hint() -> None:
    assert clean(RawArticle(id="s", text="Baghdad, 17 January.", language="en")).language == "en"
    with pytest.raises(UnsupportedLanguage):
        clean(RawArticle(id="s", text="Bagdad, le 17 janvier.", language="fr"))
    assert clean(RawArticle(id="s", text="Bagdad, le 17 janvier.")).language == "en"


def test_detection_beats_a_wrong_hint() -> None:
    with pytest.raises(UnsupportedLanguage) as info:
        clean(RawArticle(id="l", text=GERMAN, language="en"))
    assert info.value.language == "de"


def test_default_options() -> None:
    assert DEFAULT_OPTIONS.languages == frozenset({"en"})
    assert DEFAULT_OPTIONS.enforce_language is True


def test_comment_thread_widgets_are_removed_but_never_the_article() -> None:
    story = "".join(
        f"<p>Paragraph {n} of the story about the strike in Erbil and what Baghdad and Tehran said of it.</p>"
        for n in range(4)
    )
    posts = "".join(
        f'<li class="xenforo-comment"><div>Reader {n} thinks the strike was a provocation, and says so at length '
        "in a comment that reads like prose.</div></li>"
        for n in range(3)
    )
    html = (
        f'<html><body><div class="post comments-open">{story}'
        f'<div class="xenforo-comment-widget"><ul class="xenforo-comments-list">{posts}</ul></div></div></body></html>'
    )
    tree = lxml.html.fromstring(html)
    clean_module._drop_comment_threads(tree)
    text = tree.text_content()
    assert "Paragraph 3 of the story" in text  # "comments-open" holds the article: kept
    assert "Reader" not in text


def test_a_teaser_list_gives_way_to_readabilitys_prose(monkeypatch: pytest.MonkeyPatch) -> None:
    teasers = []
    for n in range(6):
        teasers += [f"The 2023 Baseline Awards: our moment number {n} of the tennis year", f"By Dec {n + 10}, 2023"]
    prose = [
        f"Paragraph {n} of the review: the WTA Finals in Cancun were the wildest tournament of the year, "
        "with wind, rain and a stadium built in weeks."
        for n in range(8)
    ]
    monkeypatch.setattr(clean_module, "_trafilatura_text", lambda tree, url: "\n".join(teasers))
    monkeypatch.setattr(clean_module, "_readability_text", lambda html, url: "\n".join(prose))
    assert clean_module.extract_main_text("<html><body><p>x</p></body></html>").text == "\n".join(prose)
    # an article's own prose is kept, whatever readability would say
    monkeypatch.setattr(clean_module, "_trafilatura_text", lambda tree, url: "\n".join(prose[:3]))
    monkeypatch.setattr(clean_module, "_readability_text", lambda html, url: "\n".join(teasers))
    assert clean_module.extract_main_text("<html><body><p>x</p></body></html>").text == "\n".join(prose[:3])


def test_html_tags_left_in_text_are_removed_and_their_words_kept() -> None:
    text = (
        '<a href="https://twitter.com/hashtag/Dolphins?src=hash">#Dolphins</a> coach Mike McDaniel told '
        "reporters that he expects the running back to play, and fans <3 him, since a < b > c."
    )
    assert normalize_text(text) == (
        "#Dolphins coach Mike McDaniel told reporters that he expects the running back to play, "
        "and fans <3 him, since a < b > c."
    )
