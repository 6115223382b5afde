"""Topic names of the contract: the one place that spells them."""

from __future__ import annotations

from dataclasses import dataclass

from aiokafka.partitioner import murmur2

__all__ = [
    "CLEANED",
    "COUNTS",
    "DLQ",
    "EVENTS",
    "MENTIONS",
    "RAW",
    "TAGGED",
    "TopicNames",
    "partition_for",
    "topic_names",
]

RAW = "news.articles.raw"
CLEANED = "news.articles.cleaned"
TAGGED = "news.articles.tagged"
EVENTS = "news.events.geo"
COUNTS = "news.actors.counts"
DLQ = "news.articles.dlq"
#: internal hop: one record per (article, partition of its actors) (see models.MentionBatch).
MENTIONS = "news.actors.mentions"
#: internal hop: alias registry updates, keyed by alias key (one writer per key: no races).
ALIASES = "news.actors.aliases"
#: internal hop: one near-duplicate signature per article, keyed by id; every worker reads it all.
SIGNATURES = "news.articles.signatures"


@dataclass(frozen=True)
class TopicNames:
    raw: str
    cleaned: str
    tagged: str
    events: str
    counts: str
    dlq: str
    mentions: str
    aliases: str
    signatures: str

    @property
    def all(self) -> list[str]:
        return [
            self.raw,
            self.cleaned,
            self.tagged,
            self.events,
            self.counts,
            self.dlq,
            self.mentions,
            self.aliases,
            self.signatures,
        ]


def topic_names(prefix: str = "") -> TopicNames:
    """The contract's names behind an optional prefix (for isolated environments and tests)."""
    names = (RAW, CLEANED, TAGGED, EVENTS, COUNTS, DLQ, MENTIONS, ALIASES, SIGNATURES)
    return TopicNames(*(prefix + name for name in names))


def partition_for(key: str, partitions: int) -> int:
    """The partition Kafka's default partitioner (murmur2, as in the Java client) gives ``key``."""
    return (murmur2(key.encode()) & 0x7FFFFFFF) % partitions
