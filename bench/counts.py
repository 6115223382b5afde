"""Speed benchmark: the windowed actor-count job alone, ours (Faust) beside Quix Streams.

    python bench/counts.py [--mentions N] [--actors 5000] [--dup-rate 0.05] [--store memory://]
                           [--quix-python PATH] [--skip-quix] [--timeout 300] [--profile-ours]

One synthetic stream of count updates (``models.ActorMention``: article, actor, mentions, event
time), produced once to fresh topics on the real broker (``NEWSSTREAM_BROKER``, default
``kafka://127.0.0.1:9092``); every name is prefixed ``bench-<uuid>``. ``N`` updates in all:
unique (article, actor) pairs, actors drawn with Zipf popularity (s = 1.1) over ``--actors``,
1-12 actors per article, 1-7 mentions each, event times spread over the last 30 minutes in
stream order, and ``--dup-rate`` of redeliveries (an earlier pair again, later in the stream).
The expected all-time total of every actor is the sum over its unique pairs.

Each job reads the stream in the form its design takes:

* **ours**: what the geo agent sends, one ``models.MentionBatch`` per (article, partition of its
  actors) on the mentions topic (a redelivered pair is a batch of one: the article produced
  again). A child process runs exactly the worker: ``newsstream.stream.app.create_app`` (the
  worker's Faust settings, ``declare_tables`` and the ``counts`` agent calling ``count_batch``,
  publishing the 1 h and 24 h counts of every update), started like ``newsstream worker`` (topics
  ensured first, ``faust.Worker``), with the spaCy resources left out (no article reaches the
  other agents). A 0.1 s timer watches the metrics; the rate is the updates handled (counted or
  skipped as duplicates) between the first and the last tick that saw progress.
* **quix**: the same job in Quix Streams on one record per pair keyed by actor id (its state is
  scoped by the message key, so a batch keyed otherwise could not reach it), its own consumer
  group, run by a separate interpreter (``--quix-python``, default ``.var/quix-venv/bin/python``:
  quixstreams pins an older pydantic than the project, so it is kept out of the project venv): a
  stateful filter dropping an (article, actor) pair seen before, an all-time total per actor in
  state, and a 5-minute tumbling window sum of mentions per actor on the message timestamp
  (= event time) with ``.current()`` results produced to an output topic: one output record per
  update where ours publishes two (1 h and 24 h).

Both check exactness: per-actor totals equal the expected sums (ours: the rows' totals and the
sum of their buckets; quix: the last total and the sum of the last window values). Memory: RSS of
the child when counting starts and ends, per million updates, beside the table sizes in keys and
(memory store) the Python heap the tables hold. ``--profile-ours`` adds the top 15 functions by
self time while ours counts (pyinstrument; slows it). Prints ONE JSON object on stdout.
"""

from __future__ import annotations

import argparse
import asyncio
import bisect
import itertools
import os
import random
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import orjson

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_QUIX_PYTHON = ROOT / ".var" / "quix-venv" / "bin" / "python"
PARTITIONS = 4
#: event times of the synthetic stream span this many seconds, ending "now".
SPAN_SECONDS = 1800.0


def note(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- the synthetic stream


def synthetic_mentions(n: int, actors: int, dup_rate: float, seed: int = 7) -> tuple[list[dict[str, Any]], dict]:
    """``n`` ActorMention dicts (redeliveries included) and what exact counting must give."""
    rng = random.Random(seed)
    cum = list(itertools.accumulate(1.0 / (rank**1.1) for rank in range(1, actors + 1)))
    types = ("person", "organization", "group", "location")
    n_unique = max(1, round(n / (1.0 + dup_rate)))
    now = time.time()
    unique: list[dict[str, Any]] = []
    article = 0
    while len(unique) < n_unique:
        article += 1
        k = rng.randint(1, 12)
        chosen = {bisect.bisect_left(cum, rng.random() * cum[-1]) for _ in range(k)}
        for rank in sorted(chosen):
            if len(unique) >= n_unique:
                break
            unique.append(
                {
                    "article_id": f"a{article:08d}",
                    "actor_id": f"actor-{rank:05d}",
                    "name": f"Actor {rank}",
                    "type": types[rank % len(types)],
                    "mentions": rng.choice((1, 1, 1, 1, 2, 2, 3, 4, 7)),
                    "aliases": [f"A. {rank}"] if rank % 3 == 0 else [],
                    "place": None,
                }
            )
    for i, record in enumerate(unique):  # event time rises along the stream, ±20 s of jitter
        record["event_time"] = round(now - SPAN_SECONDS + SPAN_SECONDS * i / len(unique) + rng.uniform(-20, 0), 3)
    positioned = [(float(i), r) for i, r in enumerate(unique)]
    for _ in range(n - len(unique)):
        i = rng.randrange(len(unique))
        positioned.append((rng.uniform(i + 1, len(unique) + 1), unique[i]))  # redelivered later on
    positioned.sort(key=lambda pr: pr[0])
    totals: dict[str, int] = {}
    for record in unique:
        totals[record["actor_id"]] = totals.get(record["actor_id"], 0) + record["mentions"]
    expected = {
        "records": len(positioned),
        "unique_pairs": len(unique),
        "redeliveries": len(positioned) - len(unique),
        "mentions": sum(totals.values()),
        "actors": len(totals),
        "articles": article,
        "totals": totals,
    }
    return [r for _, r in positioned], expected


def batched(records: list[dict[str, Any]], partitions: int) -> list[tuple[int, dict[str, Any]]]:
    """Ours: the stream as the geo agent sends it, one ``MentionBatch`` per (article, partition).

    Consecutive records of one article (the original pairs) form its batches; a redelivered pair,
    arriving later on its own, becomes a batch of one: an article produced again.
    """
    from newsstream.stream.topics import partition_for

    out: list[tuple[int, dict[str, Any]]] = []
    current: dict[int, dict[str, Any]] = {}
    article = None
    seen: set[tuple[str, str]] = set()
    deferred: list[tuple[int, dict[str, Any]]] = []  # redeliveries of the article still being grouped
    for record in records:
        partition = partition_for(record["actor_id"], partitions)
        pair = (record["article_id"], record["actor_id"])
        if pair in seen:  # a redelivery (it may fall between the pairs of another article)
            again = (partition, {"article_id": record["article_id"], "mentions": [record]})
            (deferred if record["article_id"] == article else out).append(again)
            continue
        seen.add(pair)
        if record["article_id"] != article:
            out.extend(sorted(current.items()))
            out.extend(deferred)
            current, article, deferred = {}, record["article_id"], []
        current.setdefault(partition, {"article_id": article, "mentions": []})["mentions"].append(record)
    out.extend(sorted(current.items()))
    out.extend(deferred)
    return out


async def produce(
    bootstrap: list[str],
    topic: str,
    records: list[dict[str, Any]],
    batches_topic: str,
    batches: list[tuple[int, dict[str, Any]]],
) -> float:
    """Quix's per-pair records (key: actor id) to ``topic``; our batches to ``batches_topic``."""
    from aiokafka import AIOKafkaProducer

    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, linger_ms=20, max_batch_size=256 * 1024, acks=1)
    await producer.start()
    started = time.perf_counter()
    try:
        pending = []
        for record in records:
            fut = await producer.send(
                topic,
                key=record["actor_id"].encode(),
                value=orjson.dumps(record),
                timestamp_ms=int(record["event_time"] * 1000),
            )
            pending.append(fut)
            if len(pending) >= 5000:
                await asyncio.gather(*pending)
                pending.clear()
        for partition, batch in batches:
            fut = await producer.send(
                batches_topic,
                key=batch["article_id"].encode(),
                value=orjson.dumps(batch),
                partition=partition,
                timestamp_ms=int(batch["mentions"][0]["event_time"] * 1000),
            )
            pending.append(fut)
            if len(pending) >= 5000:
                await asyncio.gather(*pending)
                pending.clear()
        await asyncio.gather(*pending)
        await producer.flush()
    finally:
        await producer.stop()
    return time.perf_counter() - started


# --------------------------------------------------------------------------- ours: the Faust worker


def faust_child(spec: dict[str, Any]) -> None:
    """Runs in a child process: the worker app, watched by a timer; writes the result JSON."""
    import logging.config
    import signal

    import faust
    import psutil

    from newsstream.cli import logging_config
    from newsstream.config import Settings
    from newsstream.stream.app import create_app
    from newsstream.stream.client import ENVELOPE_BYTES, ensure_topics
    from newsstream.stream.topics import topic_names

    settings = Settings(
        broker=spec["broker"],
        topic_prefix=spec["prefix"],
        app_id=spec["app_id"],
        web_port=spec["web_port"],
        store=spec["store"],
        data_dir=Path(spec["data_dir"]),
        log_level="warning",
    )
    config = logging_config(settings.log_level)
    logging.config.dictConfig(config)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    asyncio.run(
        ensure_topics(
            settings, topic_names(settings.topic_prefix).all, max_message_bytes=settings.max_body_bytes + ENVELOPE_BYTES
        )
    )
    app, ctx = create_app(settings, None)
    expected = orjson.loads(Path(spec["expected"]).read_bytes())
    n = expected["records"]
    process = psutil.Process()
    state: dict[str, Any] = {"first": None, "last": None, "done_at_first": 0, "rss_first": None}
    profiler = None
    if spec.get("profile"):
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.001, async_mode="disabled")
    deadline = time.monotonic() + spec["timeout"]

    def sample(name: str, **labels: str) -> int:
        return int(ctx.metrics.registry.get_sample_value(name, labels or None) or 0)

    def dead_lettered() -> int:
        return sum(
            int(s.value)
            for metric in ctx.metrics.registry.collect()
            if metric.name == "newsstream_dead_letters"
            for s in metric.samples
            if s.name == "newsstream_dead_letters_total" and s.labels.get("stage") == "counts"
        )

    def handled() -> int:
        """Records the counts agent is done with: counted, skipped as duplicates, or dead-lettered."""
        return (
            sample("newsstream_count_updates_total")
            + sample("newsstream_duplicate_mentions_skipped_total")
            + dead_lettered()
        )

    def finish(reason: str) -> None:
        profile = None
        if profiler is not None and profiler.is_running:
            profiler.stop()
            sys.path.insert(0, str(Path(__file__).resolve().parent))
            from common import top_self_time

            rows, unattributed, duration = top_self_time(profiler.last_session, 15)
            profile = {
                "profiled_s": round(duration, 3),
                "unattributed_s": round(unattributed, 3),
                "top_self_time": rows,
            }
        tables = ctx.tables
        heap = _store_bytes(tables)
        rows = dict(tables.state.items())
        totals = {k: int(row["total"]) for k, row in rows.items()}
        bucket_sums = {k: sum(b[1] for b in row["buckets"]) for k, row in rows.items()}
        want = expected["totals"]
        done = handled()
        elapsed = (state["last"] - state["first"]) if state["first"] is not None else None
        result = {
            "finished": reason,
            "records_handled": done,
            "elapsed_s": round(elapsed, 3) if elapsed else None,
            "updates_per_s": round((done - state["done_at_first"]) / elapsed, 1) if elapsed else None,
            "exact_totals": totals == want,
            "exact_bucket_sums": bucket_sums == want,
            "mismatched_actors": sum(1 for k in set(want) | set(totals) if totals.get(k) != want.get(k)),
            "duplicates_skipped": sample("newsstream_duplicate_mentions_skipped_total"),
            "dead_letters": dead_lettered(),
            "late_mentions": sample("newsstream_late_mentions_total"),
            "table_keys": tables.sizes(),
            "table_heap_mb": round(sum(heap.values()) / 2**20, 2) if heap else None,
            "table_heap_bytes": heap,
            "rss_start_mb": round(state["rss_first"] / 2**20, 1) if state["rss_first"] else None,
            "rss_end_mb": round(process.memory_info().rss / 2**20, 1),
            "store": settings.store,
        }
        if profile is not None:
            result["profile"] = profile
        Path(spec["result"]).write_bytes(orjson.dumps(result))
        os.kill(os.getpid(), signal.SIGTERM)

    @app.timer(interval=0.1)
    async def watch() -> None:
        if state.get("finished"):
            return
        done = handled()
        now = time.perf_counter()
        if done and state["first"] is None:
            state.update(first=now, done_at_first=done, rss_first=process.memory_info().rss)
            if profiler is not None:
                profiler.start()
        if done:
            state["last"] = now
        if done >= n or time.monotonic() > deadline:
            state["finished"] = True
            finish("complete" if done >= n else "timeout")

    faust.Worker(app, loglevel="warning", logging_config=config, redirect_stdouts=False).execute_from_commandline()


def _deep_size(obj: Any) -> int:
    size = sys.getsizeof(obj)
    if isinstance(obj, dict):
        size += sum(_deep_size(k) + _deep_size(v) for k, v in obj.items())
    elif isinstance(obj, tuple | list):
        size += sum(_deep_size(x) for x in obj)
    return size


def _store_bytes(tables: Any) -> dict[str, int] | None:
    """Python heap held by each table's in-memory store (None for other stores): keys + values."""
    out: dict[str, int] = {}
    for name, table in (("state", tables.state), ("counted", tables.counted)):
        data = getattr(getattr(table, "data", None), "data", None)
        if not isinstance(data, dict):
            return None
        out[name] = _deep_size(data)
    return out


# --------------------------------------------------------------------------- quix


def quix_child(spec: dict[str, Any]) -> None:
    """Runs under the Quix venv: the same job in Quix Streams; writes the result JSON."""
    import logging

    import psutil
    import quixstreams
    from quixstreams import Application

    logging.getLogger("quixstreams").setLevel(logging.WARNING)
    expected = orjson.loads(Path(spec["expected"]).read_bytes())
    n = expected["records"]
    process = psutil.Process()
    state: dict[str, Any] = {"seen": 0, "first": None, "last": None, "rss_first": None, "duplicates": 0}
    totals: dict[str, int] = {}
    windows: dict[tuple[str, int], int] = {}

    app = Application(
        broker_address=spec["bootstrap"],
        consumer_group=spec["group"],
        auto_offset_reset="earliest",
        state_dir=spec["data_dir"],
        loglevel="WARNING",
        on_message_processed=lambda topic, partition, offset: _quix_progress(app, state, n),
    )
    source = app.topic(spec["topic"], key_deserializer="str", value_deserializer="json")
    output = app.topic(spec["out_topic"], key_serializer="str", value_serializer="json")
    sdf = app.dataframe(source)

    def first_time(value: dict[str, Any], st: Any) -> bool:
        key = f"seen:{value['article_id']}"
        if st.get(key) is not None:
            state["duplicates"] += 1
            return False
        st.set(key, value["event_time"])
        return True

    def add_total(value: dict[str, Any], st: Any) -> None:
        total = st.get("total", 0) + value["mentions"]
        st.set("total", total)
        totals[value["actor_id"]] = total

    def keep_window(value: dict[str, Any], key: Any, timestamp: int, headers: Any) -> None:
        windows[(key, value["start"])] = value["value"]

    sdf = sdf.filter(first_time, stateful=True)
    sdf = sdf.update(add_total, stateful=True)
    sdf = sdf.apply(lambda value: value["mentions"])
    sdf = sdf.tumbling_window(duration_ms=spec["step"] * 1000, grace_ms=spec["grace"] * 1000).sum().current()
    sdf = sdf.update(keep_window, metadata=True)
    sdf.to_topic(output)

    app.run()
    elapsed = (state["last"] - state["first"]) if state["first"] is not None else None
    want = expected["totals"]
    bucket_sums: dict[str, int] = {}
    for (actor, _start), value in windows.items():
        bucket_sums[actor] = bucket_sums.get(actor, 0) + int(value)
    result = {
        "finished": "complete" if state["seen"] >= n else "stopped",
        "version": quixstreams.__version__,
        "records_handled": state["seen"],
        "elapsed_s": round(elapsed, 3) if elapsed else None,
        "updates_per_s": round((state["seen"] - 1) / elapsed, 1) if elapsed else None,
        "exact_totals": totals == want,
        "exact_bucket_sums": bucket_sums == want,
        "mismatched_actors": sum(1 for k in set(want) | set(totals) if totals.get(k) != want.get(k)),
        "duplicates_skipped": state["duplicates"],
        "windows": len(windows),
        "rss_start_mb": round(state["rss_first"] / 2**20, 1) if state["rss_first"] else None,
        "rss_end_mb": round(process.memory_info().rss / 2**20, 1),
        "store": "rocksdb (quixstreams default)",
    }
    Path(spec["result"]).write_bytes(orjson.dumps(result))


def _quix_progress(app: Any, state: dict[str, Any], n: int) -> None:
    state["seen"] += 1
    now = time.perf_counter()
    if state["first"] is None:
        import psutil

        state["first"], state["rss_first"] = now, psutil.Process().memory_info().rss
    state["last"] = now
    if state["seen"] >= n:
        app.stop()


# --------------------------------------------------------------------------- parent


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def run_child(python: str, role: str, spec: dict[str, Any], timeout: float, log: Path) -> dict[str, Any]:
    spec_path = Path(spec["result"]).with_suffix(".spec.json")
    spec_path.write_bytes(orjson.dumps(spec))
    started = time.perf_counter()
    with open(log, "ab") as out:
        child = subprocess.Popen(
            [python, str(Path(__file__).resolve()), "--role", role, "--spec", str(spec_path)],
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=str(ROOT),
        )
        try:
            child.wait(timeout=timeout + 120)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
    wall = time.perf_counter() - started
    result_path = Path(spec["result"])
    if not result_path.exists():
        tail = "\n".join(log.read_text(errors="replace").splitlines()[-30:])
        return {"error": f"{role} wrote no result (exit {child.returncode}); log tail:\n{tail}"}
    result = orjson.loads(result_path.read_bytes())
    result["process_wall_s"] = round(wall, 1)
    return result


def per_million(result: dict[str, Any], records: int) -> dict[str, float | None]:
    """RSS growth while counting, and (ours) the tables' heap, scaled to a million records."""
    scale = 1_000_000 / records if records else 0.0
    rss = None
    if result.get("rss_start_mb") is not None and records:
        rss = round((result["rss_end_mb"] - result["rss_start_mb"]) * scale, 1)
    heap = result.get("table_heap_mb")
    return {"rss_delta_mb": rss, "table_heap_mb": round(heap * scale, 1) if heap is not None else None}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mentions", type=int, default=5_000, help="records in the stream (redeliveries included)")
    parser.add_argument("--actors", type=int, default=5_000)
    parser.add_argument("--dup-rate", type=float, default=0.05)
    parser.add_argument("--store", default="memory://", help="our table store (memory:// like the worker default)")
    parser.add_argument("--quix-python", default=str(DEFAULT_QUIX_PYTHON))
    parser.add_argument("--skip-quix", action="store_true")
    parser.add_argument("--profile-ours", action="store_true", help="pyinstrument over our counting (slows it)")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds per job before giving up")
    parser.add_argument("--role", choices=["faust-child", "quix-child"], help=argparse.SUPPRESS)
    parser.add_argument("--spec", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.role:
        spec = orjson.loads(Path(args.spec).read_bytes())
        (faust_child if args.role == "faust-child" else quix_child)(spec)
        return 0

    from newsstream.config import Settings
    from newsstream.stream.client import ensure_topics
    from newsstream.stream.topics import topic_names

    run = f"bench-{uuid.uuid4().hex[:8]}"
    settings = Settings(partitions=PARTITIONS, topic_prefix=f"{run}.")
    names = topic_names(settings.topic_prefix)
    tmp = Path(tempfile.mkdtemp(prefix=f"{run}-"))
    t = time.perf_counter()
    records, expected = synthetic_mentions(args.mentions, args.actors, args.dup_rate)
    gen_s = time.perf_counter() - t
    (tmp / "expected.json").write_bytes(orjson.dumps(expected))
    pairs_topic = f"{run}.quix-mentions"
    batches = batched(records, PARTITIONS)
    asyncio.run(ensure_topics(settings, [pairs_topic, names.mentions, f"{run}.quix-counts"]))
    produce_s = asyncio.run(produce(settings.bootstrap_servers, pairs_topic, records, names.mentions, batches))
    note(f"{run}: produced {len(records)} pair records and {len(batches)} batches in {produce_s:.1f} s")
    summary = {k: v for k, v in expected.items() if k != "totals"}
    top = sorted(expected["totals"].values(), reverse=True)
    summary["top_actor_share"] = round(top[0] / expected["mentions"], 4) if top else None

    ours = run_child(
        sys.executable,
        "faust-child",
        {
            "broker": settings.broker,
            "prefix": settings.topic_prefix,
            "app_id": f"{run}-faust",
            "web_port": _free_port(),
            "store": args.store,
            "data_dir": str(tmp / "faust"),
            "expected": str(tmp / "expected.json"),
            "result": str(tmp / "faust.json"),
            "timeout": args.timeout,
            "profile": args.profile_ours,
        },
        args.timeout,
        tmp / "faust.log",
    )
    note(f"{run}: ours done: {ours.get('updates_per_s')} updates/s")
    ours["per_million_records"] = per_million(ours, expected["records"])

    quix: dict[str, Any]
    quix_python = Path(args.quix_python)
    if args.skip_quix:
        quix = {"skipped": "--skip-quix"}
    elif not quix_python.exists():
        note(f"skip quix: {quix_python} not found (python3.11 -m venv .var/quix-venv && pip install quixstreams)")
        quix = {"skipped": f"{quix_python} not found"}
    else:
        quix = run_child(
            str(quix_python),
            "quix-child",
            {
                "bootstrap": ",".join(settings.bootstrap_servers),
                "group": f"{run}-quix",
                "topic": pairs_topic,
                "out_topic": f"{run}.quix-counts",
                "step": settings.window_step_seconds,
                "grace": settings.late_grace_seconds,
                "data_dir": str(tmp / "quix"),
                "expected": str(tmp / "expected.json"),
                "result": str(tmp / "quix.json"),
            },
            args.timeout,
            tmp / "quix.log",
        )
        quix["per_million_records"] = per_million(quix, expected["records"])
        note(f"{run}: quix done: {quix.get('updates_per_s')} updates/s")

    from common import drop_run_topics

    drop_run_topics(settings, run)
    ours_rate, quix_rate = ours.get("updates_per_s"), quix.get("updates_per_s")
    out = {
        "benchmark": "counts",
        "command": "python bench/counts.py " + " ".join(argv if argv is not None else sys.argv[1:]),
        "run": run,
        "cpus": os.cpu_count(),
        "stream": {
            **summary,
            "partitions": PARTITIONS,
            "generate_s": round(gen_s, 2),
            "produce_s": round(produce_s, 2),
        },
        "ours_faust": ours,
        "quix": quix,
        "ours_over_quix": round(ours_rate / quix_rate, 3) if ours_rate and quix_rate else None,
        "logs": str(tmp),
    }
    print(orjson.dumps(out, option=orjson.OPT_INDENT_2).decode())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
