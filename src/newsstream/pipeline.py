"""The one composition of the stages, shared by the CLI and the stream agents.

``clean`` -> ``tag`` -> ``geolocate``: the agents call exactly the stage functions used here,
one per hop; ``enrich``/``enrich_many`` chain them for the CLI, batching the tagger with
``nlp.pipe``. Any failure becomes one DeadLetter; nothing is dropped.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from newsstream.actors import ActorRegistry
from newsstream.clean import CleanOptions, clean
from newsstream.dedup import NearDuplicateIndex
from newsstream.errors import INTERNAL_ERROR, NewsstreamError, TooLarge, UnsupportedLanguage
from newsstream.geo import geolocate, load_gazetteer
from newsstream.language import CANDIDATES, detector
from newsstream.models import CleanedArticle, DeadLetter, EnrichedEvent, RawArticle, TaggedArticle
from newsstream.raw import DEFAULT_MAX_BYTES, parse_raw, preview
from newsstream.tag import load_nlp, tag_many

__all__ = [
    "PipelineOptions",
    "Resources",
    "dead_letter",
    "enrich",
    "enrich_many",
    "load_resources",
    "locate",
    "parse_and_clean",
    "mark_near_duplicate",
    "tag_batch",
]

log = logging.getLogger(__name__)

DEFAULT_MAX_TEXT_CHARS = 200_000


@dataclass(frozen=True)
class PipelineOptions:
    max_body_bytes: int = DEFAULT_MAX_BYTES
    #: longest cleaned text tagged: beyond it spaCy takes minutes (and refuses past 1 M characters),
    #: stalling every article queued behind it.
    max_text_chars: int = DEFAULT_MAX_TEXT_CHARS
    clean: CleanOptions = field(default_factory=CleanOptions)
    batch_size: int = 32


@dataclass(frozen=True)
class Resources:
    """Heavy, read-only resources: loaded once per process and passed to the stages."""

    nlp: Any
    gazetteer: Any


def load_resources() -> Resources:
    """Load the spaCy pipeline and the gazetteer (cached: a second call costs nothing).

    One tiny article goes through every stage, so lazily built helpers (language detector,
    extractor, rulers) are ready before the first real article: no cold first-article latency.
    """
    started = time.perf_counter()
    resources = Resources(nlp=load_nlp(), gazetteer=load_gazetteer())
    detector(CANDIDATES)  # English warm-up text skips lingua: build its models here, not on a first article
    warm = RawArticle(id="warm-up", text=_WARM_UP_TEXT)
    for tagged in tag_batch([parse_and_clean(warm)], resources):
        if isinstance(tagged, TaggedArticle):
            locate(tagged, resources)
    log.info("resources loaded", extra={"seconds": round(time.perf_counter() - started, 3)})
    return resources


_WARM_UP_TEXT = (
    "Officials in Baghdad said on Monday that Prime Minister Mohammed Shia al-Sudani would travel to "
    "Washington next month. The Pentagon said talks with Iraq would cover security and trade.\n\n"
    "Al-Sudani told reporters the visit was a sign of a strong partnership between the two countries."
)


def dead_letter(
    exc: BaseException,
    data: bytes | str | RawArticle | CleanedArticle,
    *,
    stage: str,
    article_id: str | None = None,
) -> DeadLetter:
    """Map any exception to the contract's dead-letter record (machine reason + human sentence)."""
    if isinstance(data, RawArticle | CleanedArticle):
        article_id = article_id or data.id
        original = data.model_dump_json()
    else:
        original = data
    if isinstance(exc, NewsstreamError):
        reason, error = exc.reason, str(exc)
        article_id = article_id or exc.article_id
    else:
        reason = INTERNAL_ERROR
        error = (
            f"unexpected {type(exc).__name__} in stage '{stage}': {exc}. This is a bug in "
            "newsstream; the article is kept here so it can be replayed once fixed."
        )
    return DeadLetter(
        id=article_id,
        reason=reason,
        error=error,
        raw=preview(original),
        stage=stage,
        language=exc.language if isinstance(exc, UnsupportedLanguage) else None,
    )


def parse_and_clean(
    data: bytes | str | RawArticle, options: PipelineOptions | None = None, ingested_at_ms: int | None = None
) -> CleanedArticle:
    """Stage 1 (raw topic -> cleaned topic): parse the producer record, then clean it."""
    options = options or PipelineOptions()
    raw = data if isinstance(data, RawArticle) else parse_raw(data, options.max_body_bytes)
    cleaned = clean(raw, options.clean)
    if len(cleaned.text) > options.max_text_chars:
        raise TooLarge(
            f"the article text is {len(cleaned.text)} characters after cleaning, over the limit of "
            f"{options.max_text_chars} (NEWSSTREAM_MAX_TEXT_CHARS); split it or raise the limit",
            article_id=raw.id,
        )
    if ingested_at_ms is not None:
        cleaned = cleaned.model_copy(update={"ingested_at_ms": ingested_at_ms})
    return cleaned


def mark_near_duplicate(article: CleanedArticle, index: NearDuplicateIndex) -> CleanedArticle:
    """Flag a syndicated copy of an article seen before (and remember this one for later copies)."""
    match = index.check_and_add(article.id, article.text)
    if match is None:
        return article
    return article.model_copy(update={"duplicate_of": match.duplicate_of, "near_duplicate_score": match.score})


def tag_batch(
    articles: Sequence[CleanedArticle],
    resources: Resources,
    batch_size: int = 32,
    registry: ActorRegistry | None = None,
) -> list[TaggedArticle | DeadLetter]:
    """Stage 2 (cleaned -> tagged), batched with ``nlp.pipe``; a poison article fails alone.

    ``registry`` (read here, never written) resolves lone surnames and acronyms to actors known
    from earlier articles.
    """
    if not articles:
        return []
    try:
        return list(tag_many(articles, resources.nlp, batch_size=batch_size, registry=registry))
    except Exception:
        results: list[TaggedArticle | DeadLetter] = []
        for article in articles:
            try:
                results.extend(tag_many([article], resources.nlp, batch_size=1, registry=registry))
            except Exception as exc:
                results.append(dead_letter(exc, article, stage="tag"))
        return results


def locate(article: TaggedArticle, resources: Resources) -> EnrichedEvent:
    """Stage 3 (tagged -> events): GeoNames locations and focus."""
    return geolocate(article, resources.gazetteer)


def enrich(
    data: bytes | str | RawArticle,
    resources: Resources | None = None,
    options: PipelineOptions | None = None,
    registry: ActorRegistry | None = None,
) -> EnrichedEvent | DeadLetter:
    """One record through every stage: an event, or the dead letter saying why not."""
    return next(enrich_many([data], resources, options, registry))


def enrich_many(
    records: Iterable[bytes | str | RawArticle],
    resources: Resources | None = None,
    options: PipelineOptions | None = None,
    registry: ActorRegistry | None = None,
    near_duplicates: NearDuplicateIndex | None = None,
) -> Iterator[EnrichedEvent | DeadLetter]:
    """Records through every stage, in input order; the tagger sees batches of ``batch_size``.

    With a ``registry``, each batch's actors are recorded into it once the batch is tagged, so
    later articles resolve lone surnames to them (the stream does the same through its table).
    Near-duplicates are flagged against ``near_duplicates`` (a fresh index: copies within the
    input), first seen in input order.
    """
    options = options or PipelineOptions()
    resources = resources or load_resources()
    pending: list[EnrichedEvent | DeadLetter | CleanedArticle] = []

    def flush() -> Iterator[EnrichedEvent | DeadLetter]:
        cleaned = [item for item in pending if isinstance(item, CleanedArticle)]
        batch = tag_batch(cleaned, resources, options.batch_size, registry)
        if registry is not None:
            for result in batch:
                if isinstance(result, TaggedArticle):
                    registry.record(result.actors)
        tagged = iter(batch)
        for item in pending:
            if not isinstance(item, CleanedArticle):
                yield item
                continue
            result = next(tagged)
            if isinstance(result, DeadLetter):
                yield result
                continue
            try:
                yield locate(result, resources)
            except Exception as exc:
                yield dead_letter(exc, result, stage="geo")
        pending.clear()

    index = near_duplicates if near_duplicates is not None else NearDuplicateIndex()
    to_tag = 0
    for data in records:
        try:
            pending.append(mark_near_duplicate(parse_and_clean(data, options), index))
            to_tag += 1
        except Exception as exc:
            pending.append(dead_letter(exc, data, stage="clean"))
        if to_tag >= options.batch_size:
            yield from flush()
            to_tag = 0
    yield from flush()
