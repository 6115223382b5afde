"""One test per row of the line-rule table, with realistic lines, and the body sentences it must keep."""

from __future__ import annotations

import pytest

from newsstream.boilerplate import LINE_RULES, Action, apply_line_rules, match_line, parse_byline


def rule_name(line: str) -> str | None:
    found = match_line(line)
    return None if found is None else found[0].name


def test_every_row_is_tested_below() -> None:
    tested = {
        "author-photo",
        "byline",
        "contributor-credit",
        "photo-credit",
        "teaser",
        "teaser-label",
        "comments",
        "share-subscribe",
        "follow-social",
        "contact",
        "affiliate-disclosure",
        "click-here",
        "gallery-counter",
        "support-journalism",
        "advertisement",
        "timestamp",
        "article-meta",
        "copyright",
        "shortcode",
        "references",
        "separator",
    }
    assert {rule.name for rule in LINE_RULES} == tested


@pytest.mark.parametrize("line", ["Photo of author", "photo of the author", "Author photo", "Avatar of author"])
def test_author_photo(line: str) -> None:
    assert rule_name(line) == "author-photo"


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("By Carina", ["Carina"]),
        ("By Jane Doe and John Roe", ["Jane Doe", "John Roe"]),
        ("By Jane Doe, Reuters", ["Jane Doe"]),
        ("By Jane Doe, John Roe and Ann Poe", ["Jane Doe", "John Roe", "Ann Poe"]),
        ("BY Mohammed al-Sudani | Staff Writer", ["Mohammed al-Sudani"]),
        ("By Sarah E. Needleman, The Wall Street Journal", ["Sarah E. Needleman"]),
        ("Written by Ruba Ali Al-Hassani", ["Ruba Ali Al-Hassani"]),
        ("By Ludwig van Beethoven & Clara Schumann", ["Ludwig van Beethoven", "Clara Schumann"]),
        ("By Jane Doe, Associated Press Correspondent", ["Jane Doe"]),
        ("By Staff Reporter", []),
        ("by RTTNews Staff Writer.", []),
    ],
)
def test_byline_lines_become_names(line: str, names: list[str]) -> None:
    assert rule_name(line) == "byline"
    assert parse_byline(line) == names


@pytest.mark.parametrize(
    "line",
    [
        "By the end of the year, the troops had left Iraq.",
        "By Monday, the ceasefire had collapsed.",
        "By then, Al-Sudani had recalled the ambassador",
        "By Tuesday",
        "By 2025, the U.S. plans to withdraw 2,500 soldiers from Iraq.",
        "By contrast, Iran has expanded its influence.",
        "by far the largest strike since 2020",
        "By Jane Doe, who covered the war for a decade, the story was told differently.",
        "By voting against the bill, Democrats signalled their opposition.",
    ],
)
def test_body_sentences_starting_with_by_are_kept(line: str) -> None:
    assert match_line(line) is None


@pytest.mark.parametrize(
    "line",
    [
        "Credit: DepositPhotos",
        "Photo: Reuters/Thaier Al-Sudani",
        "Image credit: Getty Images",
        "(Photo by Ahmad Al-Rubaye/AFP via Getty Images)",
        "(AP Photo/Hadi Mizban)",
        "Ahmad Al-Rubaye / AFP",
        "Photograph: Khalid Mohammed/AP",
        "Gallery Credit: Carena Liptak",
    ],
)
def test_photo_credit(line: str) -> None:
    assert rule_name(line) == "photo-credit"


@pytest.mark.parametrize(
    "line",
    [
        "Read More: Biden affirms continued efforts for release of hostages in Hamas custody",
        "Also Read: Senator Ted Cruz endorses Trump for 2024 GOP presidential nomination after Iowa caucus",
        "Read Next: Kamala Harris confident in potential 2024 Trump rematch, says ‘we’re winning’",
        "READ MORE: Iraq’s parliament votes to expel US troops",
        "Related: Iran strikes targets in Erbil",
        "See also: Iraq’s balancing act between Iran and the U.S.",
    ],
)
def test_teaser_with_headline_on_the_same_line(line: str) -> None:
    assert rule_name(line) == "teaser"


@pytest.mark.parametrize(
    "label",
    [
        "READ MORE",
        "Read more:",
        "Also read",
        "Related Posts",
        "Related Articles",
        "You may also like",
        "More stories",
    ],
)
def test_teaser_label_drops_the_following_headline(label: str) -> None:
    lines = [
        label,
        "Iraq recalls ambassador from Tehran after Erbil strike",
        "The strike killed four people.",
    ]
    result = apply_line_rules(lines)
    assert result.lines == ["The strike killed four people."]
    assert [name for name, _ in result.dropped] == ["teaser-label", "teaser-headline"]


def test_teaser_label_keeps_a_following_body_sentence() -> None:
    lines = ["Read more", "The strike, which killed four people, was condemned by al-Sudani."]
    assert apply_line_rules(lines).lines == lines[1:]


def test_teaser_with_inline_headline_keeps_the_next_subheading() -> None:
    lines = ["Read More: Biden affirms continued efforts", "Iran’s strike in Iraq amidst tensions"]
    assert apply_line_rules(lines).lines == lines[1:]


@pytest.mark.parametrize(
    "line",
    [
        "Leave a Comment",
        "Leave a Reply",
        "12 Comments",
        "Comments",
        "Join the conversation",
        "You must be logged in to post a comment.",
        "Your email address will not be published. Required fields are marked *",
    ],
)
def test_comment_prompts(line: str) -> None:
    assert rule_name(line) == "comments"


@pytest.mark.parametrize(
    "line",
    [
        "Share this article",
        "Share",
        "Share on Facebook",
        "Subscribe to our newsletter",
        "Subscribe now",
        "Sign up for our free daily newsletter",
        "Tweet",
        "Email",
        "Get the latest updates right in your inbox. Subscribe to NJ.com’s newsletters.",
        "Sign up for The Water Coolest today to get the free daily newsletter delivered to your inbox daily.",
        "Join the experts who read Tom's Hardware for the inside track on enthusiast PC tech news — and have for "
        "over 25 years. We'll send breaking news and in-depth reviews of CPUs, GPUs, AI, maker hardware and more "
        "straight to your inbox.",
        "Install the Sky News app for free",
        "Download the BBC News app",
    ],
)
def test_share_and_subscribe(line: str) -> None:
    assert rule_name(line) == "share-subscribe"


@pytest.mark.parametrize(
    "line",
    [
        "Follow us on Twitter",
        "Follow us on Facebook and Twitter",
        "Follow Newsbeat on Instagram, Facebook, Twitter and YouTube.",
        "Follow The New York Times Opinion section on Facebook, Twitter (@NYTopinion) and Instagram.",
    ],
)
def test_follow_social(line: str) -> None:
    assert rule_name(line) == "follow-social"


@pytest.mark.parametrize(
    "line",
    [
        "Write to Al Root at allen.root@dowjones.com",
        "Email Tariq Malik at tmalik@space.com or follow him @tariqjmalik.",
        "Reach the reporters on Twitter at http://twitter.com/MegKinnardAP and http://twitter.com/emarvelous",
        "Have a tip? Amy Kuperinsky may be reached at akuperinsky@njadvancemedia.com.",
        "paul.takahashi@chron.com",
        "twitter.com/paultakahashi",
    ],
)
def test_contact(line: str) -> None:
    assert rule_name(line) == "contact"


@pytest.mark.parametrize(
    "line",
    [
        "Reporting by Rodrigo Campos; additional reporting by Stephanie Kelly; Editing by Nick Zieminski",
        "(Reporting by Greg Roumeliotis, with reporting by Herb Lash, editing by Martin Howell.)",
        "Associated Press writers Alan Fram and Zeke Miller contributed to this report.",
        "Keith Bradsher contributed reporting from Hong Kong.",
    ],
)
def test_contributor_credit(line: str) -> None:
    assert rule_name(line) == "contributor-credit"


@pytest.mark.parametrize(
    "line",
    [
        "Published 10:02 AM EST Nov 19, 2019",
        "5:27 am CST, Wednesday, November 20, 2019",
        "Updated",
        "Updated at 1:23 p.m.",
        "November 20, 2019 - 11:28 AMT",
        "(Published Monday, Nov. 18, 2019)",
        "19/11/2019 10:02",
        "Sunday 17 December 2023 17:23, UK",
    ],
)
def test_timestamp(line: str) -> None:
    assert rule_name(line) == "timestamp"


@pytest.mark.parametrize(
    "line",
    [
        "Tags: Iraq, Iran, United States",
        "Filed under: Middle East",
        "Topics",
        "4 min read",
        "Reading time: 3 minutes",
    ],
)
def test_article_meta(line: str) -> None:
    assert rule_name(line) == "article-meta"


@pytest.mark.parametrize(
    "line",
    [
        "© 2024 Example News. All rights reserved.",
        "Copyright 2019 Hawaii News Now. All rights reserved.",
        "copyright Inexhibit 2019 - ISSN: 2283-5474",
        "All Rights Reserved.",
    ],
)
def test_copyright(line: str) -> None:
    assert rule_name(line) == "copyright"


@pytest.mark.parametrize(
    "line",
    ["[button link=”http://example.com/submit-review/” type=”big”] Send us YOUR kit review[/button]"],
)
def test_shortcode(line: str) -> None:
    assert rule_name(line) == "shortcode"


@pytest.mark.parametrize("line", ["___", "* * *", "-----", " ••• "])
def test_separator(line: str) -> None:
    assert rule_name(line) == "separator"


@pytest.mark.parametrize("line", ["—", "A-1", "$$$ 100", "?!"])
def test_not_a_separator(line: str) -> None:
    assert rule_name(line) is None


@pytest.mark.parametrize(
    "line",
    [
        "Advertisement",
        "ADVERTISEMENT",
        "Story continues below advertisement",
        "Sponsored content",
        "Scroll to continue reading",
    ],
)
def test_advertisement(line: str) -> None:
    assert rule_name(line) == "advertisement"


@pytest.mark.parametrize(
    "line",
    [
        "Share prices fell 3% in Baghdad on Monday.",
        "Comments by the prime minister drew criticism from Tehran.",
        "Related concerns were raised by Iraqi officials.",
        "Read more than 300 pages of the report and you will find no mention of Erbil.",
        "Photo opportunities were rare during the visit.",
        "Advertisement revenue has fallen at Iraqi broadcasters.",
        "Follow us on this journey, the minister said, and Iraq will prosper.",
        "Credit Suisse shares fell on the news.",
        "Watch the full interview on Sunday at 9pm",
        "Iraq’s delicate balancing act: Navigating tensions between Iran and U.S.",
        "Follow the money, he wrote on Twitter, and you will find Tehran.",
        "The hacker used the address admin@example.com to register the domain in 2019.",
        "Email records show the ministry was warned in March.",
        "Iran contributed troops and money to the militias, officials said.",
        "Updated figures from the ministry show 2,500 soldiers remain in Iraq.",
        "Published in 2019, the report found that militias had grown.",
        "On Nov. 19, 2019, at 10:02 a.m., the first missile struck Erbil.",
        "Category 5 storms are rare in the region.",
        "Copyright law in Iraq dates from 1971.",
        "Tags were found on the missile fragments.",
        "Also on Tuesday, the parliament voted to expel U.S. troops.",
        "Subscribers to the service lost access on Monday.",
        "Reporting by state media suggested the strike was planned for months.",
        "Follow Iran’s lead, he wrote on Twitter.",
        "Sign up for a Hulu ad-free account for $11.99 a month",
        "http://www.shia-explained.com/my/archives/2364",
        "02-751-1500",
        "6-2 6-4",
        "1996 1995",
        "May",
        "Photo: AP The US military said it could not legally detain the ship, which was headed for Syria.",
        "Amazon cut the commissions it pays to affiliate sites, the company said on Tuesday.",
        "“We earn a commission on every sale,” the founder said.",
        "The company pays affiliates a commission on every product sold through links, we were told.",
        "The visitors converted 2 of 5 penalties.",
        "Sources said the deal was close.",
        "References to the war were removed from the textbook.",
        "Readers who click here and there on the map will find Erbil.",
    ],
)
def test_body_lines_are_never_dropped(line: str) -> None:
    assert match_line(line) is None


def test_byline_action_collects_names_once() -> None:
    result = apply_line_rules(["By Jane Doe", "Body text.", "By Jane Doe and John Roe"])
    assert result.lines == ["Body text."]
    assert result.byline == ["Jane Doe", "John Roe"]
    assert all(rule.action in Action for rule in LINE_RULES)


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("[Related: Salesforce Dreamforce Keynote: AI, Integration, Alicia Keys And Protestors]", "teaser"),
        ("(Read more: Apple's AirPods Pro are sold out)", "teaser"),
        ("Subscribe to WIRED and stay smart with more of your favorite Ideas writers.", "share-subscribe"),
        ("Pick Six Newsletter", "share-subscribe"),
    ],
)
def test_a_publications_own_promotions_in_brackets_or_as_headings(line: str, rule: str) -> None:
    assert rule_name(line) == rule


@pytest.mark.parametrize(
    "line",
    ["The newsletter was sent to 3 million readers.", "Subscribe to the idea that markets are efficient, he said."],
)
def test_prose_about_newsletters_and_subscribing_is_kept(line: str) -> None:
    assert rule_name(line) is None


@pytest.mark.parametrize(
    "line",
    [
        "When you click through from our site to a retailer and buy a product or service, we may earn affiliate "
        "commissions. This helps support our work, but does not affect what we cover or how.",
        "Us Weekly has affiliate partnerships. We receive compensation when you click on a link and make a purchase.",
        "This newsletter may contain advertising, deals, or affiliate links. Subscribing to a newsletter indicates "
        "your consent to our Terms of Use and Privacy Policy.",
        "All products featured on Allure are independently selected by our editors. However, when you buy something "
        "through our retail links, we may earn an affiliate commission.",
    ],
)
def test_affiliate_disclosure(line: str) -> None:
    assert rule_name(line) == "affiliate-disclosure"


@pytest.mark.parametrize(
    "line",
    [
        "This live blog has ended. For the most recent updates, click here.",
        "For Michigan's full 2023-24 schedule, click here.",
        "Get Motor Cycle Monthly delivered through your letterbox every month. 12 issues for £11.99. Click here "
        "for more information.",
    ],
)
def test_click_here(line: str) -> None:
    assert rule_name(line) == "click-here"


@pytest.mark.parametrize("line", ["2 of 57", "Photo 3/10", "Slide 12 of 40"])
def test_gallery_counter(line: str) -> None:
    assert rule_name(line) == "gallery-counter"


def test_support_journalism() -> None:
    assert rule_name("Our journalism needs your support. Please subscribe today to NJ.com.") == "support-journalism"


def test_references_heading_cuts_the_citations_after_it() -> None:
    body = [
        "Researchers found that sleep improves memory in older adults, the study published on Monday says.",
        "The team followed 2,000 people in Houston and Oslo for ten years and tested them every spring.",
        "Those who slept seven hours or more scored better on every test, whatever their age or health.",
    ]
    citations = [
        "- https://www.ncbi.nlm.nih.gov/pmc/articles/PMC6027933/",
        "- https://pubmed.ncbi.nlm.nih.gov/18025815/",
    ]
    footnotes = ["[2] Jim McDivitt food evaluation form, n.d., Box 17, Rapp Papers, UHCL."]
    for tail in (citations, footnotes):
        result = apply_line_rules([*body, "References:", *tail])
        assert result.lines == body
        assert [name for name, _ in result.dropped] == ["references"] * (1 + len(tail))


def test_references_heading_followed_by_prose_drops_only_itself() -> None:
    lines = [
        "Sources",
        "Officials in Erbil said on Monday that the strike had killed four people and wounded six others.",
        "The Iraqi government recalled its ambassador from Tehran in protest against the attack on the city.",
    ]
    assert apply_line_rules(lines).lines == lines[1:]


def test_a_teaser_label_drops_the_bulleted_headlines_after_it() -> None:
    lines = [
        "The solstice falls on Thursday this year, astronomers at the observatory in Greenwich said.",
        "More Must-Reads From TIME",
        "- Taylor Swift Is TIME's 2023 Person of the Year",
        "- Sam Altman on OpenAI and Artificial General Intelligence",
        "- Column: Why the World Must Set a Price on Carbon",
        "The days grow longer after it, in the northern half of the world.",
    ]
    assert apply_line_rules(lines).lines == [lines[0], lines[-1]]
    # without bullets only the one headline after the label goes
    assert apply_line_rules(["Read more", "Iraq recalls ambassador", "Iran answers"]).lines == ["Iran answers"]
