"""Speed benchmark: the cost of each pipeline stage per article, on a real-article corpus.

    python bench/stages.py [--articles N] [--batch-size 32] [--datasets DIR] [--no-profile]

Corpus (``bench/common.py``): the seed article, ``seeds/samples.jsonl``, CoNLL-2003 dev documents,
LGL and GeoWebNews article texts, and the scrapinghub HTML pages (the HTML path of the clean stage),
interleaved so that ``--articles N`` covers every source; absent datasets are skipped (stderr).

Every stage is timed separately, per article, with ``time.perf_counter`` around exactly the stage
function the stream agents call:

* ``parse``: ``raw.parse_raw`` on the producer bytes;
* ``clean``: ``clean.clean`` (HTML extraction or plain-text rules, Unicode repair, language);
* ``tag``: ``tag.tag_many`` on one article (``tag_1``), and on the whole corpus in batches of
  ``--batch-size`` as the pipeline runs it (``tag_batched``: total / articles);
* ``geo``: ``geo.geolocate``;
* ``count``: ``counts.mentions_of``, grouping by partition (``mention_batches``, 4 partitions) and
  the counts agent's reducer ``count_batch`` over ``tables.local_tables`` (plain dicts in place of
  the Faust tables), with ``now`` = the article's event time so that the 1 h / 24 h window arithmetic
  runs (old articles would otherwise only reach the all-time total);
* ``serialise``: the event's JSON round trip, ``models.dumps`` then ``models.loads`` (orjson +
  pydantic ``model_validate``), as every hop does.

``bare_spacy``: ``nlp.pipe`` of the same model over the same cleaned texts, same batch size: the
physical floor of the tag stage. ``tag_vs_bare_spacy`` is our batched tag stage over it (measured
batch by batch, interleaved, in two passes; the faster pass of each is kept, the machine being shared).

``profile``: one pyinstrument run of ``pipeline.enrich_many`` over the corpus; the top 15
functions by self time (summed over the call tree).

Prints ONE JSON object on stdout.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import DATASETS, Record, count_by, load_corpus, note, summary, top_self_time
from newsstream.clean import clean
from newsstream.counts import mentions_of
from newsstream.errors import NewsstreamError
from newsstream.geo import geolocate
from newsstream.models import CleanedArticle, EnrichedEvent, RawArticle, TaggedArticle, dumps, loads
from newsstream.pipeline import PipelineOptions, enrich_many, load_resources
from newsstream.raw import parse_raw
from newsstream.tag import tag_many

STAGES = ("parse", "clean", "tag", "geo", "count", "serialise")


# --------------------------------------------------------------------------- Faust-free tables


# --------------------------------------------------------------------------- timing


def _ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000


def per_stage(records: list[Record], resources: Any, options: PipelineOptions) -> dict[str, Any]:
    """Each stage on each article alone; returns per-stage ms lists and what came out."""
    from newsstream.stream.agents import count_batch, mention_batches
    from newsstream.stream.metrics import Metrics
    from newsstream.stream.tables import local_tables

    tables, metrics = local_tables(), Metrics()
    times: dict[str, list[float]] = {s: [] for s in STAGES}
    times["serialise_dumps"], times["serialise_loads"] = [], []
    by_source: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    dead: list[str] = []
    cleaned_all: list[CleanedArticle] = []
    mentions = 0
    for record in records:
        t = time.perf_counter()
        try:
            raw: RawArticle = parse_raw(record.data, options.max_body_bytes)
        except NewsstreamError as exc:
            times["parse"].append(_ms(t))
            dead.append(f"parse:{exc.reason}")
            continue
        times["parse"].append(_ms(t))
        by_source[record.source]["parse"].append(times["parse"][-1])

        t = time.perf_counter()
        try:
            cleaned = clean(raw, options.clean)
        except NewsstreamError as exc:
            times["clean"].append(_ms(t))
            dead.append(f"clean:{exc.reason}")
            continue
        times["clean"].append(_ms(t))
        by_source[record.source]["clean"].append(times["clean"][-1])
        cleaned_all.append(cleaned)

        t = time.perf_counter()
        tagged: TaggedArticle = tag_many([cleaned], resources.nlp, batch_size=1)[0]
        times["tag"].append(_ms(t))
        by_source[record.source]["tag"].append(times["tag"][-1])

        t = time.perf_counter()
        event = geolocate(tagged, resources.gazetteer)
        times["geo"].append(_ms(t))
        by_source[record.source]["geo"].append(times["geo"][-1])

        t = time.perf_counter()
        updates = mentions_of(event, ingested_at=time.time())
        for partition, batch in mention_batches(event.id, updates, 4).items():
            offset = len(times["count"])  # rising, as Kafka offsets are
            count_batch(tables, batch, partition, offset, metrics, now=batch.mentions[0].event_time + 1.0)
        mentions += len(updates)
        times["count"].append(_ms(t))

        t = time.perf_counter()
        data = dumps(event)
        dumped = _ms(t)
        t = time.perf_counter()
        back = loads(EnrichedEvent, data)
        loaded = _ms(t)
        assert back.id == event.id
        times["serialise_dumps"].append(dumped)
        times["serialise_loads"].append(loaded)
        times["serialise"].append(dumped + loaded)
    return {
        "times": times,
        "by_source": by_source,
        "dead": dead,
        "cleaned": cleaned_all,
        "mentions": mentions,
        "table_keys": tables.sizes(),
    }


def tag_versus_spacy(cleaned: list[CleanedArticle], nlp: Any, batch_size: int) -> dict[str, Any]:
    """Our batched tag stage and bare ``nlp.pipe`` on the same texts, interleaved batch by batch.

    Each batch of ``batch_size`` articles is timed under both, back to back (bare first on the first
    pass, ours first on the second), so both see the same load on a shared machine; per pass the
    batch times are summed, and the faster pass of each is kept.
    """
    texts = [a.text for a in cleaned]
    chunks = [range(i, min(i + batch_size, len(cleaned))) for i in range(0, len(cleaned), batch_size)]
    ours, bare = [0.0, 0.0], [0.0, 0.0]
    for run in range(2):
        for chunk in chunks:
            for which in ("bare", "ours") if run == 0 else ("ours", "bare"):
                t = time.perf_counter()
                if which == "bare":
                    for _doc in nlp.pipe([texts[i] for i in chunk], batch_size=batch_size):
                        pass
                    bare[run] += _ms(t)
                else:
                    tag_many([cleaned[i] for i in chunk], nlp, batch_size=batch_size)
                    ours[run] += _ms(t)
    n = max(1, len(cleaned))
    ours_ms, bare_ms = min(ours), min(bare)
    return {
        "articles": len(cleaned),
        "batch_size": batch_size,
        "tag_batched_ms_per_article": round(ours_ms / n, 3),
        "bare_spacy_pipe_ms_per_article": round(bare_ms / n, 3),
        "tag_vs_bare_spacy": round(ours_ms / bare_ms, 3) if bare_ms else None,
        "runs_ms": {"tag_batched": [round(x, 1) for x in ours], "bare_spacy_pipe": [round(x, 1) for x in bare]},
        "chars_per_article": round(sum(len(x) for x in texts) / n, 1),
    }


def profile(records: list[Record], resources: Any, options: PipelineOptions, top: int = 15) -> dict[str, Any]:
    """One pyinstrument run of ``enrich_many`` over the corpus; top functions by self time."""
    try:
        from pyinstrument import Profiler
    except ImportError:
        note("skip profile: pyinstrument is not installed (pip install pyinstrument)")
        return {"skipped": "pyinstrument not installed"}
    profiler = Profiler(interval=0.001)
    t = time.perf_counter()
    profiler.start()
    results = list(enrich_many([r.data for r in records], resources, options))
    profiler.stop()
    wall = time.perf_counter() - t
    top_self, unattributed, duration = top_self_time(profiler.last_session, top)
    return {
        "articles": len(records),
        "events": sum(isinstance(r, EnrichedEvent) for r in results),
        "wall_s": round(wall, 3),
        "articles_per_s": round(len(records) / wall, 2) if wall else None,
        "interval_s": 0.001,
        "profiled_s": round(duration, 3),
        "unattributed_s": round(unattributed, 3),
        "top_self_time": top_self,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=150, help="corpus size (0: every available article)")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--datasets", type=Path, default=DATASETS)
    parser.add_argument("--no-profile", action="store_true")
    args = parser.parse_args(argv)

    records = load_corpus(args.articles or None, args.datasets)
    if not records:
        note("no corpus: nothing to benchmark")
        return 0
    options = PipelineOptions(batch_size=args.batch_size)

    t = time.perf_counter()
    resources = load_resources()
    load_s = time.perf_counter() - t
    # First calls build caches (language detector, gazetteer indexes): timed apart.
    t = time.perf_counter()
    list(enrich_many([records[0].data], resources, options))
    warmup_ms = _ms(t)

    run = per_stage(records, resources, options)
    times = run["times"]
    versus = tag_versus_spacy(run["cleaned"], resources.nlp, args.batch_size)

    stages: dict[str, Any] = {name: summary(times[name]) for name in STAGES}
    stages["tag"]["note"] = "one article per tag_many call (batch of 1)"
    stages["tag_batched"] = {"mean_ms": versus["tag_batched_ms_per_article"], "batch_size": args.batch_size}
    stages["serialise"]["dumps"] = summary(times["serialise_dumps"])
    stages["serialise"]["loads_validate"] = summary(times["serialise_loads"])
    # Share of the per-article total, as the pipeline runs (tag in batches).
    means = {name: stages[name].get("mean_ms", 0.0) for name in STAGES}
    means["tag"] = versus["tag_batched_ms_per_article"]
    total = sum(means.values())
    share = {name: round(m / total, 4) for name, m in means.items()} if total else {}

    out: dict[str, Any] = {
        "benchmark": "stages",
        "command": "python bench/stages.py " + " ".join(argv if argv is not None else sys.argv[1:]),
        "cpus": os.cpu_count(),
        "corpus": {
            "articles": len(records),
            "by_source": count_by(r.source for r in records),
            "mean_bytes": round(sum(len(r.data) for r in records) / len(records)),
            "reached_tag": len(run["cleaned"]),
            "dead_letters": count_by(run["dead"]),
        },
        "resources_load_s": round(load_s, 3),
        "warmup_ms": round(warmup_ms, 1),
        "stages": stages,
        "share_of_total": share,
        "total_mean_ms_per_article": round(total, 3),
        "clean_by_source": {src: summary(v["clean"]) for src, v in run["by_source"].items() if v.get("clean")},
        "count": {"mentions": run["mentions"], "stand_in_table_keys": run["table_keys"]},
        "tag_vs_spacy": versus,
    }
    if not args.no_profile:
        out["profile"] = profile(records, resources, options)

    import orjson

    print(orjson.dumps(out, option=orjson.OPT_INDENT_2).decode())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
