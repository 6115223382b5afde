"""Main-text extraction quality of the clean stage against its peers, on one core.

    python bench/quality/extract.py [--dataset DIR] [--limit N] [--language]

Dataset: a directory with ``html/<id>.html.gz`` (or ``.html``) pages and ``ground-truth.json``
(or ``articles.json``: ``{id: {"articleBody": gold text, "url": ...}}``), e.g. the ScrapingHub
article-extraction benchmark at ``/work/shared/datasets/boilerplate-scrapinghub`` (default;
``NEWSSTREAM_BENCH_EXTRACT`` overrides), or a clone of ``AndyTheFactory/article-extraction-dataset``
as a check on news the rules were not written on. It is read in place, never copied into the
repository; if it is missing the bench prints a skip notice and exits 0.

Systems, all given the same decoded page in this process, taking turns page by page:

* ``newsstream`` -- the page as a raw JSON record ``{"url", "html"}`` through
  ``newsstream.pipeline.parse_and_clean``: the stage-1 code (raw parsing, then
  ``newsstream.clean.clean``) that ``newsstream enrich`` and the stream agent run. (Without the
  pipeline module it calls ``clean(RawArticle(...))`` directly; the output's ``call`` says which.)
  It runs with ``CleanOptions(enforce_language=False)``: some pages are not English, and
  rejecting them is a language decision, not an extraction error. The scored text is the
  cleaned body only (the gold is the article body; title and byline are separate fields).
* ``trafilatura`` -- ``trafilatura.extract(html)`` with its defaults.
* ``trafilatura_precision`` -- ``extract(html, include_comments=False, favor_precision=True)``.
* ``readability`` -- readability-lxml ``Document(html).summary()``, its HTML turned to text.

Score: per document, the bag of lowercase ``\\w+`` tokens of the output against the gold text's,
multiset overlap -> precision, recall, F1; macro-averaged over documents. A failed or empty
output scores 0 on all three. Throughput: pages per second of wall time and of CPU time, one
process on one core (no threads); ``speed_vs_trafilatura`` compares CPU throughput, which is
steadier than wall time on a shared machine.

Output: ONE JSON object on stdout.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

DEFAULT_DATASET = Path(os.environ.get("NEWSSTREAM_BENCH_EXTRACT", "/work/shared/datasets/boilerplate-scrapinghub"))
_TOKEN = re.compile(r"\w+")
_BLOCKS = {
    "p",
    "div",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "br",
    "tr",
    "td",
    "blockquote",
    "pre",
    "section",
    "article",
    "figcaption",
    "dd",
    "dt",
    "ul",
    "ol",
    "table",
}


def tokens(text: str) -> Counter[str]:
    return Counter(_TOKEN.findall(text.lower()))


def score(predicted: str | None, gold: str) -> tuple[float, float, float]:
    """Token-level precision, recall, F1 (bag of words, multiset overlap)."""
    pred, ref = tokens(predicted or ""), tokens(gold)
    if not pred or not ref:
        return 0.0, 0.0, 0.0
    overlap = sum((pred & ref).values())
    precision, recall = overlap / sum(pred.values()), overlap / sum(ref.values())
    f1 = 0.0 if overlap == 0 else 2 * precision * recall / (precision + recall)
    return precision, recall, f1


def load(dataset: Path, limit: int | None) -> list[tuple[str, str, str, str | None]]:
    """The pages and gold texts; ``articles.json`` and plain ``.html`` pages are read too, the layout
    of AndyTheFactory/article-extraction-dataset (424 news pages of December 2023)."""
    truth = dataset / "ground-truth.json"
    gold = json.loads((truth if truth.exists() else dataset / "articles.json").read_text(encoding="utf-8"))
    docs = []
    for doc_id in sorted(gold)[:limit]:
        page = dataset / "html" / f"{doc_id}.html.gz"
        if page.exists():
            raw = gzip.decompress(page.read_bytes())
        elif (dataset / "html" / f"{doc_id}.html").exists():
            raw = (dataset / "html" / f"{doc_id}.html").read_bytes()
        else:
            print(f"skipping {doc_id}: no page", file=sys.stderr)
            continue
        if not raw.strip():
            print(f"skipping {doc_id}: empty page", file=sys.stderr)
            continue
        html = raw.decode("utf-8", errors="replace")
        docs.append((doc_id, html, gold[doc_id]["articleBody"], gold[doc_id].get("url")))
    return docs


# --------------------------------------------------------------------------- systems


#: how the bench reached the clean stage (reported in the output).
CALL = {"path": ""}


def _ours() -> Callable[[str, str | None], str | None]:
    import orjson

    from newsstream.clean import CleanOptions, clean
    from newsstream.errors import NewsstreamError
    from newsstream.models import RawArticle

    clean_options = CleanOptions(enforce_language=False)
    try:
        from newsstream.pipeline import PipelineOptions, parse_and_clean
    except ImportError:  # the pipeline module is not there: score the stage function itself
        CALL["path"] = "newsstream.clean.clean(RawArticle(html=...), CleanOptions(enforce_language=False))"

        def run_clean(html: str, url: str | None) -> str | None:
            try:
                return clean(RawArticle(id="bench", url=url, html=html), clean_options).text
            except NewsstreamError:
                return None

        return run_clean

    CALL["path"] = (
        "newsstream.pipeline.parse_and_clean(<raw JSON record {url, html}>, "
        "PipelineOptions(clean=CleanOptions(enforce_language=False)))"
    )
    options = PipelineOptions(clean=clean_options)

    def run(html: str, url: str | None) -> str | None:
        # the raw record a producer sends, through the stage-1 code `newsstream enrich` runs
        record = orjson.dumps({"url": url, "html": html})
        try:
            return parse_and_clean(record, options).text
        except NewsstreamError:  # a dead letter: scores 0 like an empty extraction
            return None

    return run


def _trafilatura(**kwargs: Any) -> Callable[[str, str | None], str | None]:
    import trafilatura

    def run(html: str, url: str | None) -> str | None:
        return trafilatura.extract(html, url=url, **kwargs)

    return run


def _readability() -> Callable[[str, str | None], str | None]:
    import lxml.html
    from readability import Document

    def run(html: str, url: str | None) -> str | None:
        summary = Document(html, url=url).summary(html_partial=True)
        tree = lxml.html.fromstring(summary)
        for element in tree.iter():
            if isinstance(element.tag, str) and element.tag in _BLOCKS:
                element.tail = "\n" + (element.tail or "")
        return tree.text_content()

    return run


SYSTEMS: dict[str, Callable[[], Callable[[str, str | None], str | None]]] = {
    "newsstream": _ours,
    "trafilatura": lambda: _trafilatura(),
    "trafilatura_precision": lambda: _trafilatura(include_comments=False, favor_precision=True),
    "readability": _readability,
}


def evaluate(
    runs: dict[str, Callable[[str, str | None], str | None]], docs: list[tuple[str, str, str, str | None]]
) -> dict[str, dict[str, Any]]:
    """Score every system on every page. The systems take turns page by page, so a burst of load
    from other processes on a shared machine hits all of them alike."""
    scores: dict[str, list[tuple[float, float, float]]] = {name: [] for name in runs}
    failures = dict.fromkeys(runs, 0)
    wall = dict.fromkeys(runs, 0.0)
    cpu = dict.fromkeys(runs, 0.0)
    per_doc: dict[str, dict[str, float]] = {name: {} for name in runs}
    for doc_id, html, gold, url in docs:
        for name, run in runs.items():
            start, cpu_start = time.perf_counter(), time.process_time()
            try:
                predicted = run(html, url)
            except Exception:  # a crashing extractor scores 0 on that page, like an empty one
                predicted = None
            wall[name] += time.perf_counter() - start
            cpu[name] += time.process_time() - cpu_start
            if not predicted or not predicted.strip():
                failures[name] += 1
            scores[name].append(score(predicted, gold))
            per_doc[name][doc_id] = scores[name][-1][2]
    n = len(docs)
    return {
        name: {
            "precision": round(sum(s[0] for s in scores[name]) / n, 4),
            "recall": round(sum(s[1] for s in scores[name]) / n, 4),
            "f1": round(sum(s[2] for s in scores[name]) / n, 4),
            "empty_or_failed": failures[name],
            "pages_per_s": round(n / wall[name], 2),
            "pages_per_cpu_s": round(n / cpu[name], 2),
            "_per_doc": per_doc[name],
        }
        for name in runs
    }


# --------------------------------------------------------------------------- language mode


def language_modes(docs: list[tuple[str, str, str, str | None]]) -> dict[str, Any]:
    """lingua low-accuracy vs default mode on windows of the gold texts, labelled by <html lang>.

    Pages whose full gold text neither mode assigns to the page's label are mislabelled (an
    English page with lang="de") and are left out. Each kept page gives its 20- and 30-word
    windows (the short end of what the clean stage detects on) from its first 200 words.
    """
    from newsstream.language import CANDIDATES, detect_language, detector

    pages: list[tuple[str, str]] = []
    for _, html, gold, _ in docs:
        found = re.search(r"<html[^>]*\blang=[\"']?([A-Za-z]{2})\b", html[:5000])
        if found:
            pages.append((found.group(1).lower(), gold))
    result: dict[str, Any] = {"pages_with_lang": len(pages)}
    detector.cache_clear()
    for mode, low in (("low_accuracy", True), ("default", False)):
        start = time.process_time()
        detector(CANDIDATES, low)
        result[mode] = {"build_cpu_s": round(time.process_time() - start, 2)}
    pages = [
        (label, gold)
        for label, gold in pages
        if label in (detect_language(gold, CANDIDATES, True), detect_language(gold, CANDIDATES, False))
    ]
    result["pages_kept"] = len(pages)
    for size in (20, 30):
        samples = [
            (label, " ".join(words[i : i + size]))
            for label, gold in pages
            for words in [gold.split()]
            for i in range(0, min(len(words), 200) - size + 1, size)
        ]
        for mode, low in (("low_accuracy", True), ("default", False)):
            start = time.process_time()
            found = [detect_language(text, CANDIDATES, low) for _, text in samples]
            elapsed = time.process_time() - start
            result[mode][f"{size}_words"] = {
                "samples": len(samples),
                "accuracy": round(
                    sum(f == label for f, (label, _) in zip(found, samples, strict=True)) / len(samples), 4
                ),
                "english_misdetected": sum(
                    f != "en" for f, (label, _) in zip(found, samples, strict=True) if label == "en"
                ),
                "texts_per_cpu_s": round(len(samples) / elapsed, 1),
            }
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dataset", type=Path, default=DEFAULT_DATASET)
    parser.add_argument("--limit", type=int, default=None, help="only the first N documents")
    parser.add_argument("--systems", default=",".join(SYSTEMS), help="comma-separated subset of " + ",".join(SYSTEMS))
    parser.add_argument("--language", action="store_true", help="also compare lingua's two accuracy modes")
    parser.add_argument("--per-doc", action="store_true", help="include per-document F1")
    args = parser.parse_args(argv)

    has_gold = any((args.dataset / name).is_file() for name in ("ground-truth.json", "articles.json"))
    if not has_gold or not (args.dataset / "html").is_dir():
        print(
            json.dumps(
                {
                    "skipped": True,
                    "reason": f"dataset not found at {args.dataset} (expected html/*.html.gz "
                    "and ground-truth.json or articles.json); pass --dataset DIR or set NEWSSTREAM_BENCH_EXTRACT",
                }
            )
        )
        return 0

    docs = load(args.dataset, args.limit)
    # first, so that the detector build times are measured from cold
    languages = language_modes(docs) if args.language else None
    names = [n.strip() for n in args.systems.split(",") if n.strip()]
    runs = {name: SYSTEMS[name]() for name in names}
    for run in runs.values():
        run(docs[0][1], docs[0][3])  # warm-up: lazy imports, cached detector
    results = evaluate(runs, docs)
    out: dict[str, Any] = {
        "dataset": str(args.dataset),
        "documents": len(docs),
        "metric": "macro token P/R/F1 (lowercase \\w+ bag, multiset overlap; empty=0)",
        "call": CALL["path"],
        "python": sys.version.split()[0],
        "systems": {n: {k: v for k, v in r.items() if not k.startswith("_")} for n, r in results.items()},
    }
    if "newsstream" in results and "trafilatura" in results:
        ours, peer = results["newsstream"], results["trafilatura"]
        # CPU time of this single-threaded process: steadier than wall time on a shared machine.
        out["speed_vs_trafilatura"] = round(ours["pages_per_cpu_s"] / peer["pages_per_cpu_s"], 2)
        peers = [r["f1"] for n, r in results.items() if n != "newsstream"]
        out["best_peer_f1"] = max(peers)
        out["ours_minus_best_peer_f1"] = round(ours["f1"] - max(peers), 4)
    if args.per_doc:
        out["per_doc_f1"] = {n: r["_per_doc"] for n, r in results.items()}
    if languages is not None:
        out["language_modes"] = languages
    print(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
