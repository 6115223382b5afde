"""Pydantic v2 models of the I/O contract (``shared/docs/contract.md``), and their orjson codec.

The stage topics carry "the enriched-event shape filled up to that stage", so the
article models extend one another: CleanedArticle -> TaggedArticle -> EnrichedEvent.
Field names are the contract's; extra fields are optional additions only.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal, TypeVar

import orjson
from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "Actor",
    "ActorCount",
    "ActorMention",
    "MentionBatch",
    "AliasBatch",
    "SignatureEntry",
    "AliasUpdate",
    "PlaceRef",
    "ActorType",
    "CleanedArticle",
    "DeadLetter",
    "EnrichedEvent",
    "Entity",
    "Focus",
    "Location",
    "PipelineInfo",
    "RawArticle",
    "TaggedArticle",
    "dumps",
    "loads",
]

ActorType = Literal["person", "organization", "location", "group"]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


class RawArticle(_Model):
    """One producer record on ``news.articles.raw``; exactly one of html/text is required."""

    id: str
    url: str | None = None
    source: str | None = None
    published_at: datetime | None = None
    title: str | None = None
    html: str | None = None
    text: str | None = None
    language: str | None = None


class CleanedArticle(_Model):
    """``news.articles.cleaned``: the main text without boilerplate, byline split off."""

    id: str
    url: str | None = None
    source: str | None = None
    published_at: datetime | None = None
    title: str | None = None
    byline: list[str] = Field(default_factory=list)
    language: str = "en"
    text: str
    #: optional addition: producer time when the raw record entered the pipeline (ms since epoch),
    #: carried along so the end of the pipeline can measure raw -> event latency.
    ingested_at_ms: int | None = None
    #: optional additions: the first-seen article this one is a near-duplicate (syndicated copy) of,
    #: and the estimated similarity (Jaccard of word shingles) to it.
    duplicate_of: str | None = None
    near_duplicate_score: float | None = None


class Entity(_Model):
    """A named-entity span; offsets are character offsets into ``text``."""

    text: str
    label: str
    start: int
    end: int
    actor_id: str | None = None


class Actor(_Model):
    """A canonical actor: all in-article mentions of one real-world actor."""

    id: str
    name: str
    type: ActorType
    mentions: int
    aliases: list[str] = Field(default_factory=list)


class TaggedArticle(CleanedArticle):
    """``news.articles.tagged``: + entities and canonical actors."""

    entities: list[Entity] = Field(default_factory=list)
    actors: list[Actor] = Field(default_factory=list)


class Location(_Model):
    """A toponym resolved to GeoNames; a country is a location too."""

    name: str
    geonameid: int
    lat: float
    lon: float
    country_code: str | None = None
    admin1: str | None = None
    feature_code: str | None = None
    mentions: int
    confidence: float = Field(ge=0.0, le=1.0)
    spans: list[tuple[int, int]] = Field(default_factory=list)


class Focus(_Model):
    """The country (and place, where one stands out) the article is mainly about."""

    country_code: str | None = None
    geonameid: int | None = None


class PipelineInfo(_Model):
    version: str
    model: str


class EnrichedEvent(TaggedArticle):
    """``news.events.geo`` and one line of ``newsstream enrich`` output."""

    locations: list[Location] = Field(default_factory=list)
    focus: Focus = Field(default_factory=Focus)
    pipeline: PipelineInfo


class PlaceRef(_Model):
    """Where a counted place is (for the locations API and the map)."""

    geonameid: int
    lat: float
    lon: float
    country_code: str | None = None


class ActorMention(_Model):
    """One actor's mentions in one article: one count update.

    Resolved places are counted the same way, keyed ``place:<geonameid>`` and carrying ``place``.
    """

    article_id: str
    actor_id: str
    name: str
    type: ActorType
    mentions: int
    event_time: float  # seconds since epoch: published_at if given, else ingest time
    aliases: list[str] = Field(default_factory=list)
    place: PlaceRef | None = None
    #: the article is a near-duplicate of this one: counted, but not as a distinct story.
    duplicate_of: str | None = None


class MentionBatch(_Model):
    """Internal hop (``news.actors.mentions``): an article's updates for the actors of one partition.

    Keyed by one of its actor ids: they all hash to the same partition (Kafka's default
    partitioner), so every update of one actor arrives on one partition, in order, and is counted
    by the one worker owning it. One record per (article, partition) rather than per (article, actor): an
    article mentions ~30 actors and places, and each Kafka record costs pure-Python work twice.
    """

    article_id: str
    mentions: list[ActorMention]


class AliasUpdate(_Model):
    """Internal hop (``news.actors.aliases``, keyed by ``key``): actor ``actor_id`` carries alias ``key``."""

    key: str
    actor_id: str
    #: set on "name:<actor id>" records: the actor's canonical name, for articles that only say an alias.
    name: str | None = None


class AliasBatch(_Model):
    """Internal hop (``news.actors.aliases``): an article's registry updates whose keys share a partition.

    Keyed by one of its alias keys: they all hash to the same partition, so each alias key still
    has one writer (the registry agent owning that partition). Batched per article for the same
    reason as ``MentionBatch``.
    """

    article_id: str
    updates: list[AliasUpdate]


class SignatureEntry(_Model):
    """Internal hop (``news.articles.signatures``, keyed by article id): an article's MinHash signature.

    Every worker reads the whole topic to find near-duplicates (see ``stream/dedup.py``).
    """

    sig: list[int]
    #: the original this article is a near-duplicate of, if any (a copy of a copy points at it).
    of: str | None = None
    #: ingestion time (ms since epoch): the earliest article of an LSH band is its reference.
    at: int = 0


class ActorCount(_Model):
    """``news.actors.counts``: one record per change of an actor's window count."""

    actor_id: str
    name: str
    type: ActorType
    window_start: datetime
    window_end: datetime
    count: int
    #: optional addition: which rolling window this record belongs to ("1h" or "24h").
    window: str | None = None


class DeadLetter(_Model):
    """``news.articles.dlq``: nothing is dropped silently."""

    id: str | None = None
    reason: str
    error: str
    raw: str
    #: optional additions: where it failed, and the detected language for unsupported_language.
    stage: str | None = None
    language: str | None = None


M = TypeVar("M", bound=BaseModel)


def dumps(model: BaseModel) -> bytes:
    """Serialise a model to compact JSON bytes (datetimes as RFC 3339, no nulls dropped)."""
    return orjson.dumps(model.model_dump(mode="json"))


def loads(cls: type[M], data: bytes | str | dict[str, Any]) -> M:
    """Parse JSON bytes (or an already-decoded dict) into ``cls``."""
    if isinstance(data, dict):
        return cls.model_validate(data)
    return cls.model_validate(orjson.loads(data))
