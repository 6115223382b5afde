"""Pure window arithmetic and reducers behind the rolling actor counts.

The 1 h and 24 h windows hop by one step (default 5 min). Rather than a Faust hopping table,
which writes every update into each of the size/step overlapping windows (12 + 288 changelog
records per update for 1 h and 24 h), the stream keeps one tumbling bucket per step and sums
the buckets a hopping window covers when it is read. The sums are exactly the hopping windows'
counts, with one changelog write per update.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from newsstream.models import ActorMention, EnrichedEvent, PlaceRef

__all__ = [
    "WINDOWS",
    "Applied",
    "Window",
    "apply_mention",
    "bucket_start",
    "event_time",
    "is_late",
    "mentions_of",
    "state_count",
    "state_series",
    "state_window_count",
    "window_for",
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


# --------------------------------------------------------------------------- one actor's counting state
#
# Everything the stream knows about one actor (or place) is ONE table row, written as one changelog
# record: name/type/aliases, all-time totals, the tumbling buckets of the last 24 h + grace, and the
# offset of the last mentions record applied. A crash can therefore never leave an update half
# applied (total written, bucket lost), and a redelivered record is recognised by its offset: the
# actor's updates all arrive on one partition, in offset order.

#: aliases kept per actor (the most recent distinct surface forms).
MAX_ALIASES = 50


@dataclass(frozen=True)
class Applied:
    """What ``apply_mention`` did: the new row (None when nothing changed) and why."""

    state: dict[str, Any] | None
    #: "counted", "late" (total only), or "redelivered" (this offset was applied before).
    outcome: str


def apply_mention(
    state: dict[str, Any] | None, mention: ActorMention, offset: int, now: float, step: int, grace: int
) -> Applied:
    """The actor's row after ``mention`` (read at mentions-topic ``offset``); pure, never mutates ``state``."""
    state = state or {}
    if offset <= state.get("offset", -1):
        return Applied(None, "redelivered")
    aliases = list(state.get("aliases", []))
    for alias in mention.aliases:
        if alias not in aliases:
            aliases.append(alias)
    duplicate = 1 if mention.duplicate_of else 0
    row: dict[str, Any] = {
        "name": mention.name,
        "type": mention.type,
        "aliases": aliases[-MAX_ALIASES:],
        "total": state.get("total", 0) + mention.mentions,
        "dup_total": state.get("dup_total", 0) + mention.mentions * duplicate,
        "offset": offset,
    }
    if mention.place is not None:
        row["place"] = mention.place.model_dump()
    oldest = bucket_start(now - WINDOWS["24h"].size - grace, step) - step
    buckets = [list(b) for b in state.get("buckets", []) if b[0] >= oldest]
    late = is_late(mention.event_time, now, WINDOWS["24h"], grace)
    if not late:
        start = bucket_start(mention.event_time, step)
        for bucket in buckets:
            if bucket[0] == start:
                bucket[1] += mention.mentions
                bucket[2] += mention.mentions * duplicate
                break
        else:
            buckets.append([start, mention.mentions, mention.mentions * duplicate])
            buckets.sort()
    row["buckets"] = buckets
    return Applied(row, "late" if late else "counted")


def state_window_count(
    state: dict[str, Any] | None, window: str, ts: float, step: int, *, duplicates: bool = False
) -> tuple[int, int, int]:
    """(start, end, count) of the ``window`` ending with the bucket holding ``ts``, from an actor's row."""
    start, end = window_for(ts, WINDOWS[window], step)
    column = 2 if duplicates else 1
    count = sum(b[column] for b in (state or {}).get("buckets", ()) if start <= b[0] < end)
    return start, end, count


def state_count(state: dict[str, Any] | None, window: str, now: float, step: int, *, distinct: bool = False) -> int:
    """Mentions in ``window`` ("1h", "24h", "all"); ``distinct`` leaves out near-duplicate articles."""
    state = state or {}
    if window == "all":
        return int(state.get("total", 0)) - (int(state.get("dup_total", 0)) if distinct else 0)
    count = state_window_count(state, window, now, step)[2]
    if distinct:
        count -= state_window_count(state, window, now, step, duplicates=True)[2]
    return count


def state_series(state: dict[str, Any] | None, now: float, step: int) -> list[tuple[int, int]]:
    """(bucket start, count) for every step of the last 24 h, oldest first, zeros included."""
    start, end = window_for(now, WINDOWS["24h"], step)
    held = {b[0]: b[1] for b in (state or {}).get("buckets", ())}
    return [(b, held.get(b, 0)) for b in range(start, end, step)]
