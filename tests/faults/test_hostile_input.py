"""A hostile corpus of >= 1,000 records through the real broker and one worker process.

Every record must end as exactly one event or one dead letter with a reason; the worker must not
restart; its metrics must add up. Records over the broker's message limit cannot be produced to
Kafka at all: ``newsstream produce`` dead-letters them itself (reason ``too_large``).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
import pytest

from ..integration.support import Worker, collect, get, metrics, produce_raw, worker_pid
from .corpus import english_articles

pytestmark = [pytest.mark.faults, pytest.mark.integration, pytest.mark.model]

MARKER = re.compile(r"fx\d{5}")
EVENT = "event"
#: a record without any marker (empty value, tombstone, bare number): matched by reason only.
UNMARKED = "?"

FRENCH = (
    "Le président de la République a annoncé mardi une nouvelle réforme des retraites, suscitant de "
    "vives critiques de la part des syndicats et de l'opposition, qui appellent à manifester dans "
    "toute la France la semaine prochaine contre un projet jugé injuste et brutal."
)
GERMAN = (
    "Die Bundesregierung hat am Mittwoch in Berlin ein neues Gesetz zur Förderung erneuerbarer "
    "Energien beschlossen. Der Wirtschaftsminister sagte, die Maßnahmen seien notwendig, um die "
    "Klimaziele zu erreichen und die Abhängigkeit von importiertem Gas deutlich zu verringern."
)
SPANISH = (
    "El Gobierno de España aprobó el martes un nuevo plan de vivienda que prevé la construcción de "
    "miles de pisos de alquiler asequible en las principales ciudades del país, según informó la "
    "ministra en una rueda de prensa celebrada en Madrid tras el Consejo de Ministros."
)
RUSSIAN = (
    "Президент России в среду провёл совещание с членами правительства, на котором обсуждались "
    "вопросы экономического развития регионов, строительства новых дорог и поддержки малого "
    "бизнеса. Министр финансов доложил о росте доходов бюджета в первом полугодии."
)
ARABIC = (
    "أعلنت الحكومة العراقية يوم الثلاثاء عن خطة جديدة لإعادة إعمار المدن المتضررة من الحرب، وقال "
    "رئيس الوزراء في مؤتمر صحفي في بغداد إن الخطة تشمل بناء المدارس والمستشفيات والطرق، وتوفير "
    "فرص عمل للشباب في المحافظات الشمالية والغربية خلال السنوات الخمس المقبلة."
)
CHINESE = (
    "中华人民共和国国务院总理周二在北京会见了来访的德国总理，双方就贸易、气候变化和地区安全问题深入交换了"
    "意见。总理表示，中方愿同德方加强在新能源汽车、人工智能等领域的合作，推动双边关系持续健康发展。德国总"
    "理说，德方重视对华关系，愿继续深化务实合作。会谈后，两国签署了多项合作文件，涉及经济、科技、教育和文"
    "化等领域。分析人士认为，此次访问有助于稳定中欧关系。"
) * 2
#: a real news paragraph in Japanese: kana/kanji runs are few "words" for ``\w+``.
JAPANESE = (
    "日本政府は火曜日、東京で閣議を開き、新たな経済対策を決定した。首相は記者会見で、物価高騰に苦しむ家計を"
    "支援するため、電気料金やガス料金の補助を継続すると述べた。野党は対策の規模が不十分だと批判している。経"
    "済学者の間では、財政赤字の拡大を懸念する声も上がっている。"
)
THAI = (
    "รัฐบาลไทยประกาศมาตรการกระตุ้นเศรษฐกิจชุดใหม่เมื่อวันอังคาร โดยนายกรัฐมนตรีกล่าวว่ามาตรการนี้จะช่วยเหลือเกษตรกร"
    "และผู้ประกอบการรายย่อยที่ได้รับผลกระทบจากภัยแล้ง ฝ่ายค้านวิจารณ์ว่างบประมาณไม่เพียงพอ"
)
FOREIGN = [FRENCH, GERMAN, SPANISH, RUSSIAN, ARABIC, CHINESE]
#: non-English texts with few ``\w+`` runs (no spaces between words): wrongly taken for English.
UNSPACED_FOREIGN = [JAPANESE, THAI]

SMALL_ENGLISH = (
    "Angela Merkel met Emmanuel Macron in Paris on Monday to discuss the budget of the European Union, officials said."
)

NESTED_BODY = "".join(
    f"<p>{SMALL_ENGLISH} {SMALL_ENGLISH} Paragraph {i} adds that the talks in the French capital went on "
    "late into the night.</p>"
    for i in range(4)
)


@dataclass
class Case:
    key: bytes
    value: bytes | None
    #: "event" or the expected dead-letter reason
    expect: str
    kind: str


class Corpus:
    def __init__(self) -> None:
        self.cases: list[Case] = []

    def next_marker(self) -> str:
        return f"fx{len(self.cases):05d}"

    def add(self, kind: str, expect: str, value: bytes | None, marker: str | None = None) -> None:
        marker = marker or self.next_marker()
        if (value is None or marker.encode() not in value) and expect != EVENT:
            # records without the marker can only be matched by reason
            marker = marker + UNMARKED
        self.cases.append(Case(marker.encode(), value, expect, kind))

    def obj(self, kind: str, expect: str, **fields: Any) -> None:
        marker = self.next_marker()
        self.add(kind, expect, orjson.dumps({"id": marker, **fields}), marker)


def build_corpus(articles: int = 100, per_kind: int = 120) -> list[Case]:
    c = Corpus()
    for article in english_articles(articles, "art"):
        marker = c.next_marker()
        c.add("english", EVENT, orjson.dumps({**article, "id": marker}), marker)
    for i in range(per_kind):  # not JSON at all
        m = c.next_marker()
        variants = [
            f"{m} plain text, not JSON",
            f"<html><body><p>{m} a page sent without its envelope</p></body></html>",
            f"id={m}&text=form-encoded",
            f"{{'id': '{m}', 'text': 'python repr'}}",
            f'{{"id": "{m}", "text": "two objects"}} {{"id": "{m}"}}',
            f'{{"id": "{m}", text: "unquoted key"}}',
        ]
        c.add("not_json", "not_json", variants[i % len(variants)].encode(), m)
    full = orjson.dumps({"text": SMALL_ENGLISH, "title": "Truncated", "source": "example.org"})
    for i in range(per_kind):  # truncated JSON: every cut of an object is invalid JSON
        m = c.next_marker()
        whole = b'{"id":"' + m.encode() + b'",' + full[1:]
        cut = 14 + (i * 7) % (len(whole) - 15)
        c.add("truncated", "not_json", whole[:cut], m)
    for i in range(per_kind):  # JSON, but not an object
        m = c.next_marker()
        variants: list[Any] = [
            [m, "an", "array"],
            [{"id": m, "text": SMALL_ENGLISH}],
            f"{m} a JSON string",
            [],
            [[[m]]],
        ]
        c.add("not_object", "not_an_object", orjson.dumps(variants[i % len(variants)]), m)
    c.add("empty", "not_json", None)  # a tombstone (null value)
    for value in (b"12345", b"true", b"null", b"3.5e10", b'"just a string"'):
        c.add("not_object", "not_an_object", value)
    for i in range(per_kind):  # wrong field types
        m = c.next_marker()
        variants = [
            {"id": m, "text": 12},
            {"id": m, "html": ["<p>a</p>"]},
            {"id": m, "text": {"body": SMALL_ENGLISH}},
            {"id": m, "text": SMALL_ENGLISH, "published_at": "yesterday"},
            {"id": m, "text": SMALL_ENGLISH, "published_at": "2024-13-45T99:00:00Z"},
            {"id": m, "text": SMALL_ENGLISH, "title": 5},
            {"id": m, "text": SMALL_ENGLISH, "url": ["http://x"]},
            {"id": 123, "note": m, "text": SMALL_ENGLISH},
            {"id": [m], "text": SMALL_ENGLISH},
        ]
        c.add("wrong_types", "invalid_schema", orjson.dumps(variants[i % len(variants)]), m)
    for i in range(per_kind):  # no body
        m = c.next_marker()
        variants = [
            {"id": m},
            {"id": m, "title": "A title and nothing else"},
            {"id": m, "text": ""},
            {"id": m, "text": "   \n\t  "},
            {"id": m, "html": ""},
            {"id": m, "html": None, "text": None},
            {"note": m},
        ]
        c.add("no_body", "no_body", orjson.dumps(variants[i % len(variants)]), m)
    for _ in range(10):  # empty values: nothing to mark
        c.add("empty", "not_json", b"")
        c.add("empty", "not_json", b" \n ")
    c.add("empty", "no_body", b"{}")
    for i in range(per_kind):  # invalid UTF-8 (the marker stays readable as ASCII)
        m = c.next_marker().encode()
        variants = [
            b'{"id": "' + m + b'", "text": "caf\xe9 au lait in Paris"}',
            b"\xff\xfe" + m + b" UTF-16 BOM then junk",
            b'{"id": "' + m + b'", "text": "overlong slash \xc0\xaf"}',
            b'{"id": "' + m + b'", "text": "encoded surrogate \xed\xa0\x80"}',
            b'{"id": "' + m + b'", "text": "cut multibyte \xe2\x82"}',
            m + b" " + bytes(range(128, 256)),
        ]
        c.add("invalid_utf8", "invalid_utf8", variants[i % len(variants)], m.decode())
    for i in range(30):  # NUL bytes
        m = c.next_marker()
        variants = [
            b'{"id": "' + m.encode() + b'", "text": "raw NUL \x00 inside a string"}',
            b'{"id": "' + m.encode() + b'", "text": "trailing NUL"}\x00',
            b"\x00\x00\x00" + m.encode(),
        ]
        c.add("nul", "not_json", variants[i % len(variants)], m)
    for _ in range(5):  # escaped NUL characters in an otherwise fine English article
        c.obj("nul_escaped", EVENT, text=SMALL_ENGLISH.replace(" in Paris", " in\u0000 Paris"))
    # deeply nested HTML around a real article: up to ~250 levels the article is found; deeper,
    # lxml (libxml2's depth limit of 256) gives up and nothing is left: a dead letter, not a crash
    for depth, expect in (
        (50, EVENT),
        (200, EVENT),
        (300, "empty_after_cleaning"),
        (5000, "empty_after_cleaning"),
        (50000, "empty_after_cleaning"),
    ):
        c.obj(
            "nested_html",
            expect,
            html="<html><body>" + "<div>" * depth + NESTED_BODY + "</div>" * depth + "</body></html>",
        )
    for i in range(per_kind):  # HTML with only scripts, styles and markup
        c.obj(
            "only_scripts",
            "empty_after_cleaning",
            html=(
                "<html><head><script>var a = 1;</script><style>p { color: red }</style></head><body>"
                + "<script>document.write('x');</script>" * (1 + i % 5)
                + "<noscript></noscript></body></html>"
            ),
        )
    for i in range(36):  # detectably non-English
        c.obj("not_english", "unsupported_language", text=FOREIGN[i % len(FOREIGN)])
    # one line of 1 MB, not JSON; and a 1 MB JSON record of a single line that is not prose
    m = c.next_marker()
    c.add("line_1mb", "not_json", (m + " " + "x" * 1_048_576).encode(), m)
    c.obj("line_1mb", "unsupported_language", text=(FRENCH + " ") * (1_048_576 // len(FRENCH)))
    c.obj("line_1mb", "no_body", title="x" * 1_048_576)
    # accepted by Kafka (under the topic's 6 MB) but over the 5 MB body limit: the worker rejects it
    c.obj("over_body_limit", "too_large", html="<p>" + "big page " * 600_000 + "</p>")
    return c.cases


def _outcomes(cases: list[Case], out: list[dict[str, Any]]) -> tuple[dict[str, list[str]], Counter[str]]:
    """input key -> outcomes ("event" or reason); and reasons of dead letters without a marker."""
    by_key: dict[str, list[str]] = {case.key.decode(): [] for case in cases}
    unmarked: Counter[str] = Counter()
    for record in out:
        if "reason" in record:
            key = record.get("id") if record.get("id") in by_key else None
            if key is None:
                found = MARKER.search(record.get("raw") or "")
                key = found.group(0) if found else None
            if key in by_key:
                by_key[key].append(record["reason"])
            elif key is not None and key + UNMARKED in by_key:
                by_key[key + UNMARKED].append(record["reason"])
            else:
                unmarked[record["reason"]] += 1
        elif record.get("id") in by_key:
            by_key[record["id"]].append(EVENT)
        else:
            unmarked["unknown event " + str(record.get("id"))] += 1
    return by_key, unmarked


def _sample(samples: dict[str, float], name: str, **labels: str) -> float:
    rendered = ",".join(f'{k}="{v}"' for k, v in sorted(labels.items()))
    return samples.get(f"{name}{{{rendered}}}" if labels else name, 0.0)


def _sum(samples: dict[str, float], prefix: str, **labels: str) -> float:
    total = 0.0
    for name, value in samples.items():
        if name.startswith(prefix + "{") and all(f'{k}="{v}"' in name for k, v in labels.items()):
            total += value
    return total


@pytest.fixture(scope="module")
def worker(kafka_broker: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Worker]:
    w = Worker(kafka_broker, tmp_path_factory.mktemp("hostile"))
    w.start()
    yield w
    w.stop()


@pytest.fixture(scope="module")
def run(worker: Worker) -> dict[str, Any]:
    cases = build_corpus()
    pid = worker_pid(worker)
    started = time.monotonic()
    assert produce_raw(worker, [(case.key, case.value) for case in cases]) == len(cases)
    total = len(cases)
    collect(worker, [worker.topics.events, worker.topics.dlq], lambda seen: len(seen) >= total, timeout=300)
    # read everything once more, until 5 s of silence: anything beyond ``total`` is a duplicate
    out = collect(worker, [worker.topics.events, worker.topics.dlq], lambda seen: False, timeout=5)
    return {"cases": cases, "out": out, "pid": pid, "seconds": time.monotonic() - started}


def test_every_hostile_record_ends_as_one_event_or_one_dead_letter(run: dict[str, Any], worker: Worker) -> None:
    cases: list[Case] = run["cases"]
    out: list[dict[str, Any]] = run["out"]
    by_key, unmarked = _outcomes(cases, out)
    letters = Counter(r["reason"] for r in out if "reason" in r)
    events = [r for r in out if "reason" not in r]
    wrong = {
        case.key.decode(): (case.kind, case.expect, by_key[case.key.decode()])
        for case in cases
        if case.key.endswith(UNMARKED.encode()) is False and by_key[case.key.decode()] != [case.expect]
    }
    expected_unmarked = Counter(case.expect for case in cases if case.key.endswith(UNMARKED.encode()))
    got_unmarked = unmarked + Counter(
        reason for key, outcomes in by_key.items() if key.endswith(UNMARKED) for reason in outcomes
    )
    lost = sum(1 for outcomes in by_key.values() if not outcomes) - sum(expected_unmarked.values())
    summary = {
        "test": "hostile_corpus",
        "records": len(cases),
        "events": len(events),
        "dead_letters": sum(letters.values()),
        "dead_letters_by_reason": dict(sorted(letters.items())),
        "lost": max(0, len(cases) - len(out)),
        "extra_outputs": max(0, len(out) - len(cases)),
        "mismatched": len(wrong),
        "seconds": round(run["seconds"], 1),
    }
    print("\n" + json.dumps(summary))
    assert len(cases) >= 1000
    assert not wrong, dict(list(wrong.items())[:20])
    assert got_unmarked == expected_unmarked
    assert lost <= 0
    assert len(out) == len(cases), summary
    assert "internal_error" not in letters
    for letter in (r for r in out if "reason" in r):
        assert letter["error"] and letter["stage"], letter
        assert letter["raw"] is not None, letter


def test_no_worker_restart_and_health(run: dict[str, Any], worker: Worker) -> None:
    assert run["pid"] is not None and worker_pid(worker) == run["pid"], worker.tail()
    assert get(f"{worker.url}/health") == (200, {"status": "ok"})
    assert get(f"{worker.url}/ready")[0] == 200


def test_metrics_add_up(run: dict[str, Any], worker: Worker) -> None:
    out: list[dict[str, Any]] = run["out"]
    events = sum(1 for r in out if "reason" not in r)
    letters = Counter((r["stage"], r["reason"]) for r in out if "reason" in r)
    deadline = time.monotonic() + 30
    while True:
        samples = metrics(worker)
        if _sample(samples, "newsstream_articles_processed_total", stage="geo") >= events:
            break
        if time.monotonic() > deadline:
            break
        time.sleep(0.5)
    name = "newsstream_articles_processed_total"
    dl = "newsstream_dead_letters_total"
    clean, tag, geo = (_sample(samples, name, stage=s) for s in ("clean", "tag", "geo"))
    assert geo == events
    assert clean + _sum(samples, dl, stage="clean") == len(run["cases"])
    assert clean == tag + _sum(samples, dl, stage="tag")
    assert tag == geo + _sum(samples, dl, stage="geo")
    for (stage, reason), count in letters.items():
        assert _sample(samples, dl, stage=stage, reason=reason) == count, (stage, reason)
    assert _sum(samples, dl) == sum(letters.values())


def test_unspaced_non_english_text_is_rejected(worker: Worker) -> None:
    """Japanese and Thai news paragraphs are not English (they have few ``\\w+`` runs, but many words)."""
    records = [
        (f"lang-{i}".encode(), orjson.dumps({"id": f"lang-{i}", "text": t})) for i, t in enumerate(UNSPACED_FOREIGN)
    ]
    since = int(time.time() * 1000) - 1000
    assert produce_raw(worker, records) == len(records)
    wanted = {f"lang-{i}" for i in range(len(records))}
    out = collect(
        worker,
        [worker.topics.events, worker.topics.dlq],
        lambda seen: wanted <= {r.get("id") for r in seen},
        timeout=120,
    )
    outcome = {r["id"]: r.get("reason", EVENT) for r in out if r.get("id") in wanted}
    print("\n" + json.dumps({"test": "unspaced_non_english", "since_ms": since, "outcomes": outcome}))
    assert outcome == dict.fromkeys(sorted(wanted), "unsupported_language")


def _cli_produce(worker: Worker, inputs: list[Path]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newsstream.cli", "produce", *map(str, inputs)],
        env=worker.env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_cli_produce_dead_letters_a_20mb_record(worker: Worker, tmp_path: Path) -> None:
    """A 20 MB record cannot go to Kafka: ``newsstream produce`` dead-letters it (too_large), sends the rest."""
    page = "<html><body>" + "<p>A very long page.</p>" * 900_000 + "</body></html>"
    assert len(page) > 20_000_000
    jsonl = tmp_path / "big.jsonl"
    small = {"id": "cli-small", "text": SMALL_ENGLISH}
    jsonl.write_bytes(orjson.dumps({"id": "cli-20mb", "html": page}) + b"\n" + orjson.dumps(small) + b"\n")
    result = _cli_produce(worker, [jsonl])
    wanted = {"cli-20mb", "cli-small"}
    out = collect(
        worker,
        [worker.topics.events, worker.topics.dlq],
        lambda seen: wanted <= {r.get("id") for r in seen},
        timeout=60,
    )
    outcome = {r["id"]: r.get("reason", EVENT) for r in out if r.get("id") in wanted}
    letters = [r for r in out if r.get("id") == "cli-20mb"]
    print(
        json.dumps(
            {
                "test": "cli_produce_20mb",
                "exit": result.returncode,
                "outcomes": outcome,
                "stderr": result.stderr[-300:],
            }
        )
    )
    assert outcome == {"cli-20mb": "too_large", "cli-small": EVENT}, result.stderr
    assert len(letters) == 1 and letters[0]["error"] and len(letters[0]["raw"]) <= 100_000


def test_cli_produce_dead_letters_a_20mb_html_file(worker: Worker, tmp_path: Path) -> None:
    """The same for an ``.html`` input file (id: the record key the CLI gives the file)."""
    page = tmp_path / "huge-page.html"
    page.write_text("<html><body>" + "<p>A very long page.</p>" * 900_000 + "</body></html>")
    small = tmp_path / "small.jsonl"
    small.write_bytes(orjson.dumps({"id": "cli-small-2", "text": SMALL_ENGLISH}) + b"\n")
    since = int(time.time() * 1000) - 1000
    result = _cli_produce(worker, [page, small])

    out = collect(
        worker,
        [worker.topics.events, worker.topics.dlq],
        lambda seen: (
            any(r.get("id") == "cli-small-2" for r in seen)
            and any(r.get("reason") == "too_large" and "huge-page" in str(r) for r in seen)
        ),
        timeout=60,
    )
    big = [r for r in out if r.get("reason") == "too_large" and "huge-page" in str(r)]
    print(
        json.dumps(
            {
                "test": "cli_produce_20mb_html_file",
                "exit": result.returncode,
                "since_ms": since,
                "too_large": len(big),
                "stderr": result.stderr[-300:],
            }
        )
    )
    assert result.returncode == 0, result.stderr
    assert any(r.get("id") == "cli-small-2" and "actors" in r for r in out)
    assert len(big) == 1
