"""Actor grouping quality: pairwise "same actor" precision / recall / F1 on a small gold set.

    python bench/quality/actors.py [--gold FILE] [--errors]

``actors_gold.jsonl`` (next to this file) holds short articles, each with its gold actors: for every
real-world person / organization / group, the surface forms the article uses. Each article goes
through the real pipeline (``enrich``); scoring is on the event's ``text`` (the cleaner drops
bylines and teaser lines and may lift the first line into the title).

* gold mentions: every word-bounded, exact occurrence of a gold form in the text, assigned to its
  gold actor (overlapping occurrences: the longest wins);
* system mentions: entities with an ``actor_id`` whose actor is a person, organization or group;
* alignment: one-to-one by character overlap (largest overlap first), so "Maj. Gen. Pat Ryder"
  aligns with gold "Pat Ryder";
* links: a system link is a pair of system mentions with the same actor id, a gold link a pair of
  gold mentions with the same gold actor (all pairs within one article). A correct link is a pair
  of aligned mentions that is both. Precision = correct / system links, recall = correct / gold
  links: unaligned gold mentions lower recall, unaligned system mentions with a same-id partner
  lower precision. Counts are summed over articles (micro average).

Also reported: mention detection P/R (aligned / system, aligned / gold), gold actors split across
more than one system actor, system actors merging more than one gold actor. ``--errors`` adds the
per-article splits and merges. Prints ONE JSON object.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DEFAULT_GOLD = Path(__file__).resolve().parent / "actors_gold.jsonl"
ACTOR_TYPES = frozenset({"person", "organization", "group"})

#: a mention: (start, end, actor key) -- the key is a gold canonical name or a system actor id
Mention = tuple[int, int, str]


@dataclass
class Counts:
    """Summable link and mention counts (one article, or all of them)."""

    sys_links: int = 0
    gold_links: int = 0
    correct_links: int = 0
    sys_mentions: int = 0
    gold_mentions: int = 0
    aligned: int = 0
    gold_actors: int = 0
    split_gold_actors: int = 0
    merging_sys_actors: int = 0
    splits: list[dict[str, Any]] = field(default_factory=list)
    merges: list[dict[str, Any]] = field(default_factory=list)

    def add(self, other: Counts) -> None:
        for name in (
            "sys_links",
            "gold_links",
            "correct_links",
            "sys_mentions",
            "gold_mentions",
            "aligned",
            "gold_actors",
            "split_gold_actors",
            "merging_sys_actors",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.splits.extend(other.splits)
        self.merges.extend(other.merges)

    @property
    def precision(self) -> float:
        return _ratio(self.correct_links, self.sys_links)

    @property
    def recall(self) -> float:
        return _ratio(self.correct_links, self.gold_links)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _ratio(num: int, den: int) -> float:
    return num / den if den else 0.0


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def align(gold: Sequence[Mention], system: Sequence[Mention]) -> list[tuple[int, int]]:
    """One-to-one (gold index, system index) pairs of overlapping spans, largest overlap first."""
    candidates = []
    for gi, (gs, ge, _) in enumerate(gold):
        for si, (ss, se, _) in enumerate(system):
            overlap = min(ge, se) - max(gs, ss)
            if overlap > 0:
                candidates.append((-overlap, gi, si))
    used_g: set[int] = set()
    used_s: set[int] = set()
    out = []
    for _, gi, si in sorted(candidates):
        if gi not in used_g and si not in used_s:
            used_g.add(gi)
            used_s.add(si)
            out.append((gi, si))
    return sorted(out)


def score_mentions(gold: Sequence[Mention], system: Sequence[Mention]) -> Counts:
    """Pairwise same-actor link counts for one article's gold and system mentions."""
    pairs = align(gold, system)
    c = Counts(sys_mentions=len(system), gold_mentions=len(gold), aligned=len(pairs))
    c.gold_links = sum(_pairs(n) for n in _sizes(m[2] for m in gold).values())
    c.sys_links = sum(_pairs(n) for n in _sizes(m[2] for m in system).values())
    c.correct_links = sum(_pairs(n) for n in _sizes((gold[g][2], system[s][2]) for g, s in pairs).values())
    c.gold_actors = len({m[2] for m in gold})
    by_gold: dict[str, set[str]] = defaultdict(set)
    by_sys: dict[str, set[str]] = defaultdict(set)
    for g, s in pairs:
        by_gold[gold[g][2]].add(system[s][2])
        by_sys[system[s][2]].add(gold[g][2])
    c.splits = [{"gold": k, "system": sorted(v)} for k, v in sorted(by_gold.items()) if len(v) > 1]
    c.merges = [{"system": k, "gold": sorted(v)} for k, v in sorted(by_sys.items()) if len(v) > 1]
    c.split_gold_actors, c.merging_sys_actors = len(c.splits), len(c.merges)
    return c


def _sizes(keys: Any) -> dict[Any, int]:
    sizes: dict[Any, int] = defaultdict(int)
    for k in keys:
        sizes[k] += 1
    return sizes


def gold_mentions(text: str, actors: dict[str, list[str]]) -> list[Mention]:
    """Every word-bounded exact occurrence of each gold form; overlapping hits: the longest wins."""
    hits = []
    for name, forms in actors.items():
        for form in forms:
            for m in re.finditer(r"(?<!\w)" + re.escape(form) + r"(?!\w)", text):
                hits.append((m.start(), m.end(), name))
    kept: list[Mention] = []
    for hit in sorted(hits, key=lambda h: (h[0] - h[1], h[0])):
        if all(hit[1] <= k[0] or hit[0] >= k[1] for k in kept):
            kept.append(hit)
    return sorted(kept)


def system_mentions(event: Any) -> list[Mention]:
    """Entities carrying a person / organization / group actor id."""
    types = {a.id: a.type for a in event.actors}
    return [
        (e.start, e.end, e.actor_id)
        for e in event.entities
        if e.actor_id and types.get(e.actor_id, e.actor_id.split(":", 1)[0]) in ACTOR_TYPES
    ]


def load_gold(path: Path = DEFAULT_GOLD) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def evaluate(path: Path = DEFAULT_GOLD, resources: Any = None) -> tuple[Counts, list[dict[str, Any]]]:
    """Run every gold article through ``enrich``; total counts and per-article detail."""
    from newsstream.models import EnrichedEvent, RawArticle
    from newsstream.pipeline import enrich, load_resources

    resources = resources or load_resources()
    total = Counts()
    detail = []
    for item in load_gold(path):
        event = enrich(RawArticle(id=item["id"], text=item["text"]), resources)
        if not isinstance(event, EnrichedEvent):
            raise RuntimeError(f"{item['id']}: dead letter {event.reason}: {event.error}")
        gold = gold_mentions(event.text, item["actors"])
        system = system_mentions(event)
        counts = score_mentions(gold, system)
        total.add(counts)
        detail.append(
            {
                "id": item["id"],
                "f1": round(counts.f1, 3),
                "splits": counts.splits,
                "merges": counts.merges,
                "unaligned_gold": _unaligned(event.text, gold, system, side=0),
                "unaligned_system": _unaligned(event.text, gold, system, side=1),
            }
        )
    return total, detail


def _unaligned(text: str, gold: Sequence[Mention], system: Sequence[Mention], side: int) -> list[str]:
    matched = {p[side] for p in align(gold, system)}
    spans = gold if side == 0 else system
    return sorted({text[s:e] for i, (s, e, _) in enumerate(spans) if i not in matched})


def report(total: Counts, articles: int) -> dict[str, Any]:
    return {
        "articles": articles,
        "gold_actors": total.gold_actors,
        "gold_mentions": total.gold_mentions,
        "system_mentions": total.sys_mentions,
        "aligned_mentions": total.aligned,
        "mention_precision": round(_ratio(total.aligned, total.sys_mentions), 4),
        "mention_recall": round(_ratio(total.aligned, total.gold_mentions), 4),
        "gold_links": total.gold_links,
        "system_links": total.sys_links,
        "correct_links": total.correct_links,
        "pairwise_precision": round(total.precision, 4),
        "pairwise_recall": round(total.recall, 4),
        "pairwise_f1": round(total.f1, 4),
        "gold_actors_split": total.split_gold_actors,
        "system_actors_merging": total.merging_sys_actors,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--errors", action="store_true", help="add per-article splits, merges, misses")
    args = parser.parse_args(argv)
    total, detail = evaluate(args.gold)
    out = report(total, len(detail))
    if args.errors:
        out["per_article"] = [d for d in detail if d["f1"] < 1.0 or d["splits"] or d["merges"]]
    print(json.dumps(out, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
