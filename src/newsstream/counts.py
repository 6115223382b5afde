"""Pure window arithmetic and reducers behind the rolling actor counts.

The 1 h and 24 h windows hop by one step (default 5 min). Rather than a Faust hopping table,
which writes every update into each of the size/step overlapping windows (12 + 288 changelog
records per update for 1 h and 24 h), the stream keeps one tumbling bucket per step and sums
the buckets a hopping window covers when it is read. The sums are exactly the hopping windows'
counts, with one changelog write per update.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from newsstream.models import ActorMention, EnrichedEvent, PlaceRef

__all__ = [
    "WINDOWS",
    "Window",
    "bucket_start",
    "event_time",
    "is_late",
    "mentions_of",
    "window_for",
    "window_sum",
]


@dataclass(frozen=True)
class Window:
    """A hopping window: ``size`` seconds, advancing by the buckets' step."""

    name: str
    size: int


WINDOWS: dict[str, Window] = {"1h": Window("1h", 3600), "24h": Window("24h", 86400)}

#: published_at more than this far in the future is not trusted (clock skew, typos).
FUTURE_TOLERANCE = 300.0


def event_time(published_at: datetime | None, ingested_at: float) -> float:
    """When the article counts: its publication time if plausible, else when it arrived."""
    if published_at is None:
        return ingested_at
    if published_at.tzinfo is None:
        published_at = published_at.replace(tzinfo=UTC)
    ts = published_at.timestamp()
    return ingested_at if ts > ingested_at + FUTURE_TOLERANCE else ts


def bucket_start(ts: float, step: int) -> int:
    return int(math.floor(ts / step) * step)


def window_for(ts: float, window: Window, step: int) -> tuple[int, int]:
    """The window of ``window.size`` that ends with the bucket holding ``ts`` (its last hour/day)."""
    end = bucket_start(ts, step) + step
    return end - window.size, end


def window_sum(bucket_count: Callable[[int], int], end: int, window: Window, step: int) -> int:
    """Sum of the buckets in [end - size, end): the hopping window's count."""
    return sum(bucket_count(start) for start in range(end - window.size, end, step))


def is_late(ts: float, now: float, window: Window, grace: int) -> bool:
    """True when ``ts`` is older than every window still open (plus the grace period)."""
    return ts < now - window.size - grace


PLACE_PREFIX = "place:"


def place_key(geonameid: int) -> str:
    return f"{PLACE_PREFIX}{geonameid}"


def is_place(key: str) -> bool:
    return key.startswith(PLACE_PREFIX)


def mentions_of(event: EnrichedEvent, ingested_at: float) -> list[ActorMention]:
    """One count update per actor and per resolved place of an event (what the counts agent adds)."""
    ts = event_time(event.published_at, ingested_at)
    actors = [
        ActorMention(
            article_id=event.id,
            actor_id=actor.id,
            name=actor.name,
            type=actor.type,
            mentions=actor.mentions,
            event_time=ts,
            aliases=actor.aliases,
            duplicate_of=event.duplicate_of,
        )
        for actor in event.actors
    ]
    places = [
        ActorMention(
            article_id=event.id,
            actor_id=place_key(loc.geonameid),
            name=loc.name,
            type="location",
            mentions=loc.mentions,
            event_time=ts,
            place=PlaceRef(geonameid=loc.geonameid, lat=loc.lat, lon=loc.lon, country_code=loc.country_code),
            duplicate_of=event.duplicate_of,
        )
        for loc in event.locations
    ]
    return actors + places


def top(counts: Iterable[tuple[str, int]], limit: int) -> list[tuple[str, int]]:
    """Highest count first, ties by id (stable output for the API)."""
    return sorted(((k, c) for k, c in counts if c > 0), key=lambda kc: (-kc[1], kc[0]))[:limit]


def recount(events: Iterable[EnrichedEvent]) -> list[dict[str, object]]:
    """All-time mentions per actor over distinct articles: the offline reference for the tables.

    An article id seen twice counts once (as the stream's dedup table does); the latest name wins.
    """
    seen: set[str] = set()
    totals: dict[str, int] = {}
    info: dict[str, tuple[str, str]] = {}
    for event in events:
        if event.id in seen:
            continue
        seen.add(event.id)
        for actor in event.actors:
            totals[actor.id] = totals.get(actor.id, 0) + actor.mentions
            info[actor.id] = (actor.name, actor.type)
    return [
        {"actor_id": key, "name": info[key][0], "type": info[key][1], "count": count}
        for key, count in top(totals.items(), len(totals))
    ]
