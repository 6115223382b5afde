"""Near-duplicates: perturbed copies are flagged against the first seen, distinct pages never."""

from __future__ import annotations

import json
import random

import pytest

from newsstream.dedup import DedupOptions, NearDuplicateIndex, signature

from .conftest import DATASETS, SAMPLES, SEED

FILLERS = ["the", "a", "said", "new", "on", "in", "report", "officials", "week"]
WIRE_FOOTER = "This article originally appeared on Example Wire. Copyright 2024, all rights reserved."


def perturb(text: str, rng: random.Random) -> str:
    """A syndicated copy: a paragraph dropped or added, ~5 % of words changed, or cut short."""
    paras = [p for p in text.split("\n") if p.strip()]
    kind = rng.choice(["words", "drop", "add", "trunc", "mix"])
    if kind in ("drop", "mix") and len(paras) > 3:
        paras.pop(rng.randrange(len(paras)))
    if kind in ("add", "mix"):
        paras.insert(rng.randrange(len(paras) + 1), WIRE_FOOTER)
    if kind == "trunc":
        paras = paras[: max(2, int(len(paras) * 0.8))]
    words = "\n".join(paras).split(" ")
    if kind in ("words", "mix"):
        for _ in range(max(1, len(words) // 20)):
            words[rng.randrange(len(words))] = rng.choice(FILLERS)
    return " ".join(words)


def test_copy_of_the_seed_points_at_the_first_seen() -> None:
    seed = SEED.read_text(encoding="utf-8")
    index = NearDuplicateIndex()
    assert index.check_and_add("seed", seed) is None
    copy = index.check_and_add("copy", perturb(seed, random.Random(1)))
    assert copy is not None and copy.duplicate_of == "seed" and 0.5 <= copy.score <= 1.0
    copy_of_copy = index.check_and_add("copy2", perturb(seed, random.Random(2)))
    assert copy_of_copy is not None and copy_of_copy.duplicate_of == "seed"
    assert index.check_and_add("seed", seed) is None  # a redelivery is not its own duplicate


def test_distinct_articles_and_short_texts_are_not_flagged() -> None:
    index = NearDuplicateIndex()
    texts = [SEED.read_text(encoding="utf-8")]
    texts += [json.loads(line).get("text") or "" for line in SAMPLES.read_text().splitlines() if line.strip()]
    assert all(index.check_and_add(f"a{i}", t) is None for i, t in enumerate(texts))
    assert signature("Breaking: markets fell sharply on Monday.", DedupOptions()) is None


def test_perturbed_copies_flagged_and_no_false_flags_on_the_dev_pages() -> None:
    path = DATASETS / "boilerplate-scrapinghub" / "ground-truth.json"
    if not path.exists():
        pytest.skip(f"{path} not found: the dev set lives in ../shared/datasets")
    texts = [
        v["articleBody"] for v in json.loads(path.read_text()).values() if len(v.get("articleBody", "").split()) > 60
    ]
    index = NearDuplicateIndex()
    false_flags = sum(index.check_and_add(f"d{i}", t) is not None for i, t in enumerate(texts))
    rng = random.Random(7)
    flagged = 0
    for i, text in enumerate(texts):
        match = index.check_and_add(f"p{i}", perturb(text, rng))
        flagged += match is not None and match.duplicate_of == f"d{i}"
    assert false_flags == 0
    assert flagged / len(texts) >= 0.9, f"{flagged}/{len(texts)} perturbed copies flagged"
