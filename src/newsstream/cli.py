"""``newsstream`` command line: enrich (no broker), produce, worker, top, tail."""

from __future__ import annotations

import asyncio
import json
import logging.config
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Annotated, Any

import orjson
import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from newsstream.config import Settings, load_settings
from newsstream.errors import NewsstreamError
from newsstream.inputs import InputRecord, read_inputs, record_key
from newsstream.logs import logging_config
from newsstream.models import DeadLetter, EnrichedEvent, dumps

__all__ = ["app", "main"]

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Real-time news enrichment on Kafka: clean, tag, resolve actors, geolocate, count.",
)
out = Console()
err = Console(stderr=True)

BrokerOpt = Annotated[
    str | None,
    typer.Option("--broker", help="Kafka broker, e.g. kafka://127.0.0.1:9092 (env NEWSSTREAM_BROKER)."),
]
PrefixOpt = Annotated[
    str | None,
    typer.Option("--topic-prefix", help="Prefix of every topic name (env NEWSSTREAM_TOPIC_PREFIX)."),
]


def _settings(**overrides: Any) -> Settings:
    try:
        return load_settings(**overrides)
    except Exception as exc:  # pydantic ValidationError: bad NEWSSTREAM_* value
        err.print(f"[red]error:[/] invalid setting: {exc}")
        raise typer.Exit(2) from exc


def _progress(total: int | None, label: str) -> Progress:
    return Progress(
        TextColumn(f"[bold]{label}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    )


def _read(inputs: list[str], settings: Settings) -> list[InputRecord]:
    try:
        return list(read_inputs(inputs, settings.max_body_bytes))
    except (FileNotFoundError, PermissionError) as exc:
        err.print(f"[red]error:[/] {exc}")
        raise typer.Exit(2) from exc


@app.command()
def enrich(
    inputs: Annotated[
        list[str],
        typer.Argument(help="JSONL files of raw articles ('-' = stdin), or .txt/.html files (one article each)."),
    ],
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write events here (JSONL); default stdout.")
    ] = None,
    dead_letter: Annotated[
        Path | None, typer.Option("--dead-letter", help="Write rejected records here (JSONL).")
    ] = None,
    languages: Annotated[
        str | None,
        typer.Option("--languages", help="Accepted languages, comma-separated ISO 639-1 (default en)."),
    ] = None,
    batch_size: Annotated[int, typer.Option(help="Articles per spaCy batch.")] = 32,
    registry: Annotated[
        Path | None,
        typer.Option(
            "--registry",
            help="Alias registry file (JSON), read and updated: a later article saying only "
            "'al-Sudani' resolves to the one known actor of that surname.",
        ),
    ] = None,
) -> None:
    """Enrich articles without a broker: the very same stages as the stream workers.

    Exit code 0 when every record became an event or went to --dead-letter; 1 when some
    records were rejected and no --dead-letter file was given (each is reported on stderr).
    """
    from newsstream.clean import CleanOptions
    from newsstream.pipeline import PipelineOptions, enrich_many, load_resources
    from newsstream.pipeline import dead_letter as dead_letter_of
    from newsstream.registry import load_registry, save_registry

    settings = _settings(languages=languages)
    records = _read(inputs, settings)
    options = PipelineOptions(
        max_body_bytes=settings.max_body_bytes,
        max_text_chars=settings.max_text_chars,
        clean=CleanOptions(languages=frozenset(settings.languages)),
        batch_size=batch_size,
    )
    with err.status("loading the spaCy model and gazetteer", spinner="dots"):
        resources = load_resources()
    sink = output.open("wb") if output else sys.stdout.buffer
    dlq = dead_letter.open("wb") if dead_letter else None
    events = rejected = 0
    try:
        with _progress(len(records), "enriching") as progress:
            task = progress.add_task("enrich", total=len(records))
            good = [r.data for r in records if not isinstance(r.data, NewsstreamError)]
            known = load_registry(registry) if registry else None
            results = enrich_many(good, resources, options, known)
            for record in records:
                result = (
                    dead_letter_of(record.data, record.origin, stage="read")
                    if isinstance(record.data, NewsstreamError)
                    else next(results)
                )
                if isinstance(result, EnrichedEvent):
                    sink.write(dumps(result) + b"\n")
                    events += 1
                else:
                    rejected += 1
                    if dlq:
                        dlq.write(dumps(result) + b"\n")
                    err.print(f"[yellow]rejected[/] {record.origin}: [bold]{result.reason}[/] {result.error}")
                progress.advance(task)
    finally:
        if output:
            sink.close()
        if dlq:
            dlq.close()
    if registry and known is not None:
        save_registry(known, registry)
    err.print(
        f"{events} events, {rejected} dead letters" + (f" (in {dead_letter})" if dead_letter and rejected else "")
    )
    if rejected and not dead_letter:
        raise typer.Exit(1)


@app.command()
def recount(
    inputs: Annotated[list[str], typer.Argument(help="JSONL files ('-' = stdin) or .txt/.html files.")],
    languages: Annotated[str | None, typer.Option("--languages", help="Accepted languages.")] = None,
    limit: Annotated[int | None, typer.Option(help="Show only the top N.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON shaped like GET /actors/top?window=all.")] = False,
) -> None:
    """All-time mentions per actor, computed offline with the same core: the reference the
    stream's tables must equal after any crash, restart or redelivery."""
    from newsstream.clean import CleanOptions
    from newsstream.counts import recount as recount_events
    from newsstream.pipeline import PipelineOptions, enrich_many, load_resources

    settings = _settings(languages=languages)
    records = [r.data for r in _read(inputs, settings) if not isinstance(r.data, NewsstreamError)]
    options = PipelineOptions(
        max_body_bytes=settings.max_body_bytes,
        max_text_chars=settings.max_text_chars,
        clean=CleanOptions(languages=frozenset(settings.languages)),
    )
    with err.status("loading the spaCy model and gazetteer", spinner="dots"):
        resources = load_resources()
    with _progress(len(records), "recounting") as progress:
        task = progress.add_task("recount", total=len(records))

        def events() -> Any:
            for result in enrich_many(records, resources, options):
                progress.advance(task)
                if isinstance(result, EnrichedEvent):
                    yield result

        actors = recount_events(events())[:limit]
    if as_json:
        sys.stdout.write(orjson.dumps({"window": "all", "actors": actors}).decode() + "\n")
        return
    _actor_table("offline recount (all time)", actors)


def _actor_table(title: str, actors: list[dict[str, Any]]) -> None:
    table = Table(title=title)
    for column in ("#", "actor", "type", "mentions", "id"):
        table.add_column(column)
    for rank, actor in enumerate(actors, start=1):
        table.add_row(str(rank), actor["name"], actor["type"], str(actor["count"]), actor["actor_id"])
    out.print(table)


@app.command()
def produce(
    inputs: Annotated[list[str], typer.Argument(help="JSONL files ('-' = stdin) or .txt/.html files.")],
    topic: Annotated[str | None, typer.Option(help="Topic to write to (default: the raw topic).")] = None,
    broker: BrokerOpt = None,
    topic_prefix: PrefixOpt = None,
) -> None:
    """Send raw articles to Kafka (records are sent as they are: the worker validates them)."""
    from newsstream.stream.client import BrokerUnavailable, produce_records
    from newsstream.stream.topics import topic_names

    settings = _settings(broker=broker, topic_prefix=topic_prefix)
    records = _read(inputs, settings)
    payloads: list[tuple[bytes | None, bytes]] = []
    for record in records:
        if isinstance(record.data, NewsstreamError):
            # a file we cannot wrap (too large, not UTF-8) travels as it is: the producer dead-letters
            # it if it is over the limit, else the worker does, with the reason; nothing is dropped.
            payloads.append((Path(record.origin).name.encode(), Path(record.origin).read_bytes()))
            continue
        payloads.append((record_key(record), record.as_json_bytes()))
    names = topic_names(settings.topic_prefix)
    target = topic or names.raw
    with _progress(len(payloads), f"producing to {target}") as progress:
        task = progress.add_task("produce", total=len(payloads))
        try:
            result = asyncio.run(
                produce_records(
                    settings,
                    target,
                    payloads,
                    on_sent=lambda n: progress.advance(task, n),
                    dead_letter_topic=names.dlq,
                )
            )
        except BrokerUnavailable as exc:
            err.print(f"[red]error:[/] {exc}")
            raise typer.Exit(3) from exc
    err.print(f"produced {result.sent} records to {target}")
    if result.dead_lettered:
        err.print(
            f"[yellow]{result.dead_lettered} records over {settings.max_body_bytes} bytes went to "
            f"{names.dlq} (reason too_large)[/]"
        )


@app.command()
def worker(
    broker: BrokerOpt = None,
    topic_prefix: PrefixOpt = None,
    web_port: Annotated[
        int | None, typer.Option("--web-port", help="HTTP port (env NEWSSTREAM_WEB_PORT, default 6066).")
    ] = None,
    app_id: Annotated[str | None, typer.Option("--app-id", help="Consumer group / app id.")] = None,
    partitions: Annotated[int | None, typer.Option(help="Partitions of created topics (default 4).")] = None,
    store: Annotated[str | None, typer.Option(help="Table store: memory:// or rocksdb://.")] = None,
    data_dir: Annotated[Path | None, typer.Option(help="Worker data directory.")] = None,
    log_level: Annotated[str | None, typer.Option(help="Log level.")] = None,
) -> None:
    """Run a stream worker (Faust): all stages, the counts tables and the HTTP API."""
    import faust

    from newsstream.pipeline import load_resources
    from newsstream.stream.app import create_app
    from newsstream.stream.client import ENVELOPE_BYTES, BrokerUnavailable, ensure_topics
    from newsstream.stream.topics import topic_names

    settings = _settings(
        broker=broker,
        topic_prefix=topic_prefix,
        web_port=web_port,
        app_id=app_id,
        partitions=partitions,
        store=store,
        data_dir=data_dir,
        log_level=log_level,
    )
    if settings.processing_guarantee == "exactly_once":
        err.print(
            "[red]error:[/] NEWSSTREAM_PROCESSING_GUARANTEE=exactly_once is switched off: under it Faust stopped "
            "processing some partitions for minutes (12 of 18 stream integration tests failed), and "
            "faust-streaming has open reports of duplicates despite it. Unset it: at_least_once keeps the "
            "counts exact, and events carry their article id for consumers to drop a repeat."
        )
        raise typer.Exit(2)
    config = logging_config(settings.log_level)
    logging.config.dictConfig(config)
    started = time.perf_counter()
    resources = load_resources()
    load_seconds = time.perf_counter() - started
    settings = settings.model_copy(update={"data_dir": settings.data_dir.resolve()})
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    try:
        # Topics must exist before Faust subscribes: a topic created during the first rebalance is
        # ignored until the next metadata refresh (minutes), leaving a stage without partitions.
        asyncio.run(
            ensure_topics(
                settings,
                topic_names(settings.topic_prefix).all,
                max_message_bytes=settings.max_body_bytes + ENVELOPE_BYTES,
            )
        )
    except BrokerUnavailable as exc:
        err.print(f"[red]error:[/] {exc}")
        raise typer.Exit(3) from exc
    faust_app, ctx = create_app(settings, resources)
    ctx.metrics.model_load_seconds.set(load_seconds)
    runner = faust.Worker(
        faust_app,
        loglevel=settings.log_level,
        logging_config=config,
        redirect_stdouts=False,
    )
    runner.execute_from_commandline()


@app.command()
def top(
    window: Annotated[str, typer.Option(help="1h, 24h or all.")] = "1h",
    limit: Annotated[int, typer.Option(help="How many actors.")] = 20,
    actor_type: Annotated[str | None, typer.Option("--type", help="person, organization, location or group.")] = None,
    url: Annotated[str | None, typer.Option(help="Worker base URL (default http://127.0.0.1:<web port>).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the API's JSON.")] = False,
) -> None:
    """Top actors by mentions, from a running worker's HTTP API."""
    settings = _settings()
    base = url or f"http://{settings.web_host}:{settings.web_port}"
    query = f"window={window}&limit={limit}" + (f"&type={actor_type}" if actor_type else "")
    try:
        with urllib.request.urlopen(f"{base}/actors/top?{query}", timeout=10) as response:
            body = json.load(response)
    except urllib.error.HTTPError as exc:
        err.print(f"[red]error:[/] {exc.code}: {exc.read().decode(errors='replace')}")
        raise typer.Exit(2) from exc
    except (urllib.error.URLError, OSError) as exc:
        err.print(f"[red]error:[/] no worker answers at {base} ({exc}); start one with `newsstream worker`")
        raise typer.Exit(3) from exc
    if as_json:
        out.print_json(data=body)
        return
    _actor_table(f"top actors, window {body['window']}", body["actors"])
    if not body["actors"]:
        # most often a re-run of the same articles: counted once, when first seen, never again
        err.print(
            f"no mentions counted in window {body['window']}. An article is counted once, when first "
            "seen: the same ids produced again (e.g. the seeds of an earlier `make run`) add nothing; "
            "try --window 24h or --window all."
        )


@app.command()
def tail(
    topic: Annotated[str | None, typer.Option(help="Topic to follow (default: the events topic).")] = None,
    from_beginning: Annotated[bool, typer.Option("--from-beginning", help="Start at the oldest record.")] = False,
    since_ms: Annotated[
        int | None,
        typer.Option("--since-ms", help="Start at records written at or after this time (ms since epoch)."),
    ] = None,
    include_dead_letters: Annotated[
        bool, typer.Option("--include-dead-letters", help="Follow the dead-letter topic too.")
    ] = False,
    max_records: Annotated[int | None, typer.Option("--max", help="Stop after this many records.")] = None,
    idle_timeout: Annotated[float | None, typer.Option(help="Stop after this many seconds without records.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print each record as one JSON line.")] = False,
    broker: BrokerOpt = None,
    topic_prefix: PrefixOpt = None,
) -> None:
    """Pretty-print records of a topic as they arrive."""
    from newsstream.stream.client import BrokerUnavailable, follow
    from newsstream.stream.topics import topic_names

    settings = _settings(broker=broker, topic_prefix=topic_prefix)
    names = topic_names(settings.topic_prefix)
    targets = [topic or names.events] + ([names.dlq] if include_dead_letters else [])

    async def run() -> None:
        seen = 0
        async for record in follow(
            settings, targets, from_beginning=from_beginning, since_ms=since_ms, idle_timeout=idle_timeout
        ):
            if as_json:
                sys.stdout.write(orjson.dumps(record).decode() + "\n")
                sys.stdout.flush()
            else:
                print_record(record)
            seen += 1
            if max_records is not None and seen >= max_records:
                return

    try:
        asyncio.run(run())
    except BrokerUnavailable as exc:
        err.print(f"[red]error:[/] {exc}")
        raise typer.Exit(3) from exc
    except KeyboardInterrupt:
        pass


def print_record(record: dict[str, Any]) -> None:
    """A human summary of an event, a dead letter or a count record."""
    if "reason" in record and "error" in record:
        letter = DeadLetter.model_validate(record)
        out.print(f"[red]dead letter[/] {letter.id}: [bold]{letter.reason}[/] {letter.error}")
        return
    if "actors" not in record:
        out.print(record)
        return
    event = EnrichedEvent.model_validate(record)
    out.rule(f"[bold]{escape(event.title or event.id)}")
    focus = event.focus.country_code or "?"
    out.print(
        escape(
            f"id {event.id}  focus {focus}  byline {', '.join(event.byline) or '-'}  "
            f"{len(event.text)} chars, {len(event.entities)} entities"
        )
    )
    actors = sorted(event.actors, key=lambda a: -a.mentions)[:10]
    out.print(escape("actors: " + "; ".join(f"{a.name} ({a.type}, {a.mentions})" for a in actors)))
    places = sorted(event.locations, key=lambda p: -p.mentions)[:10]
    # a continent or an ocean has no country
    out.print(escape("places: " + "; ".join(f"{p.name}{_country(p.country_code)} ({p.mentions})" for p in places)))


def _country(code: str | None) -> str:
    return f" [{code}]" if code else ""


@app.command()
def schema(
    out_dir: Annotated[Path, typer.Option(help="Where the per-topic JSON Schemas go.")] = Path("docs/schemas"),
    asyncapi_path: Annotated[Path, typer.Option("--asyncapi", help="The AsyncAPI 3 document.")] = Path(
        "docs/asyncapi.yaml"
    ),
) -> None:
    """Write a JSON Schema per topic, the AsyncAPI (topics) and OpenAPI (HTTP) documents, from the models."""
    from newsstream.schema import write_all

    for path in write_all(out_dir, asyncapi_path):
        err.print(f"wrote {path}")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
