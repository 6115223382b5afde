"""Language decision: detection on long texts, the producer's hint (or English) on short ones."""

from __future__ import annotations

import pytest

from newsstream.language import CANDIDATES, MIN_WORDS, decide_language, detect_language, detector

EN = frozenset({"en"})

TEXTS = {
    "en": "The Iraqi prime minister called on Tuesday for a quick timetable for the withdrawal of "
    "American troops, after a deadly strike in Baghdad killed the leader of a militia backed by Iran.",
    "es": "El primer ministro iraquí pidió el martes un calendario rápido para la retirada de las tropas "
    "estadounidenses, después de que un ataque mortal en Bagdad matara al líder de una milicia.",
    "it": "Il primo ministro iracheno ha chiesto martedì un calendario rapido per il ritiro delle truppe "
    "americane, dopo che un attacco mortale a Baghdad ha ucciso il capo di una milizia sostenuta dall'Iran.",
    "ru": "Премьер-министр Ирака во вторник призвал к быстрому выводу американских войск из страны после "
    "того, как в Багдаде в результате удара был убит лидер поддерживаемого Ираном ополчения. "
    "Парламент страны также высказался за вывод иностранных военных.",
    "ar": "دعا رئيس الوزراء العراقي يوم الثلاثاء إلى جدول زمني سريع لانسحاب القوات الأمريكية من البلاد بعد "
    "أن أسفرت غارة في بغداد عن مقتل قائد فصيل مسلح مدعوم من إيران وأثارت غضبا واسعا في الشارع العراقي.",
}


@pytest.mark.parametrize(("code", "text"), TEXTS.items())
def test_detects_common_news_languages(code: str, text: str) -> None:
    assert len(text.split()) >= MIN_WORDS
    assert detect_language(text) == code
    assert decide_language(text, None, EN) == code


def test_detection_beats_the_hint_on_long_text() -> None:
    assert decide_language(TEXTS["es"], "en", EN) == "es"


@pytest.mark.parametrize(
    ("hint", "expected"),
    [(None, "en"), ("fr", "fr"), ("FR", "fr"), ("de-AT", "de"), ("pt_BR", "pt"), ("", "en")],
)
def test_short_text_uses_the_hint_or_english(hint: str | None, expected: str) -> None:
    assert decide_language("Bagdad, le 17 janvier 2024.", hint, EN) == expected


def test_below_min_words_the_hint_wins_over_detection() -> None:
    words = TEXTS["es"].split()[: MIN_WORDS - 1]
    assert decide_language(" ".join(words), None, EN) == "en"
    assert decide_language(" ".join(words), "es", EN) == "es"


def test_unspaced_scripts_count_characters_not_runs() -> None:
    chinese = (
        "伊拉克总理周二呼吁尽快制定美军撤离的时间表，此前巴格达发生的一次致命袭击打死了一名受伊朗支持的民兵领导人。"
        "议会也表示支持外国军队撤离，政府正在就此征求民意。"
    )
    assert decide_language(chinese, None, EN) == "zh"


def test_detector_is_built_once() -> None:
    assert detector(CANDIDATES) is detector(CANDIDATES)


def test_candidates_cover_accepted_languages() -> None:
    # an accepted language outside the default candidates is still detectable
    text = (
        "Irakin pääministeri vaati tiistaina nopeaa aikataulua amerikkalaisjoukkojen vetäytymiselle "
        "maasta sen jälkeen, kun Bagdadissa tehty isku tappoi Iranin tukeman aseellisen ryhmän johtajan. "
        "Myös maan parlamentti on vaatinut ulkomaisten joukkojen lähtöä mahdollisimman pian."
    )
    assert decide_language(text, None, frozenset({"en", "fi"})) == "fi"


def test_plain_english_prose_takes_the_fast_path_and_other_languages_never_do() -> None:
    from newsstream.language import looks_english

    english = (
        "The government said on Monday that it would present the budget to parliament next week, and that "
        "the plan was expected to cut spending on fuel subsidies while raising the money for rail and roads."
    )
    french = (
        "Le gouvernement a présenté mercredi son projet de budget pour l'année prochaine, qui prévoit une "
        "hausse des dépenses militaires et une baisse des aides aux entreprises devant les députés à Paris."
    )
    dutch = (
        "De regering heeft maandag gezegd dat zij de begroting volgende week aan het parlement zal voorleggen "
        "en dat het plan de uitgaven aan brandstofsubsidies moet verlagen terwijl er geld is voor het spoor."
    )
    assert looks_english(english)
    assert not looks_english(french) and not looks_english(dutch)
    assert not looks_english("The end of the year was said to be near for the group.")  # too short to say
