"""HTTP views of a worker (Faust web): top actors and places, one actor, stats, health, metrics.

Any worker answers for all: one actor's counts live on the worker owning its partition, so
``/actors/{id}`` is routed there (Faust's router), and the top lists gather every worker's share
(``local=true`` asks a worker for its own partitions only) and merge them.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import faust
from faust.exceptions import SameNode
from faust.web import Request, Response, View

from newsstream.counts import WINDOWS, is_place, state_count, state_series, top
from newsstream.stream.agents import StreamContext
from newsstream.stream.topics import partition_for

__all__ = ["register_views", "top_actors", "top_places", "actor_detail"]

log = logging.getLogger("newsstream.web")
ACTOR_TYPES = ("person", "organization", "location", "group")
WINDOW_NAMES = (*WINDOWS, "all")
MAX_LIMIT = 1000


class BadRequest(ValueError):
    """A query parameter is wrong; the message says which and what is allowed."""


def _iso(ts: int) -> str:
    return datetime.fromtimestamp(ts, tz=UTC).isoformat().replace("+00:00", "Z")


def top_actors(
    ctx: StreamContext,
    window: str,
    limit: int,
    actor_type: str | None,
    now: float | None = None,
    distinct: bool = False,
    owns: Callable[[str], bool] | None = None,
) -> list[dict[str, Any]]:
    """Top actors of this worker's partitions, highest count first (``distinct``: no syndicated copies)."""
    now = time.time() if now is None else now
    tables = ctx.tables
    rows, info = [], {}
    for key, row in list(tables.state.items()):
        if is_place(key) or not row or (actor_type and row.get("type") != actor_type):
            continue
        if owns is not None and not owns(key):
            continue
        rows.append((key, state_count(row, window, now, tables.step, distinct=distinct)))
        info[key] = row
    return [
        {"actor_id": key, "name": info[key]["name"], "type": info[key]["type"], "count": count}
        for key, count in top(rows, limit)
    ]


def top_places(
    ctx: StreamContext,
    window: str,
    limit: int,
    now: float | None = None,
    distinct: bool = False,
    owns: Callable[[str], bool] | None = None,
) -> dict[str, Any]:
    """Mentions per GeoNames place, and per country (its places summed), highest first."""
    now = time.time() if now is None else now
    tables = ctx.tables
    rows, rows_info, by_country = [], {}, defaultdict(int)
    for key, row in list(tables.state.items()):
        if not is_place(key) or not row or (owns is not None and not owns(key)):
            continue
        count = state_count(row, window, now, tables.step, distinct=distinct)
        rows.append((key, count))
        rows_info[key] = row
        country = (row.get("place") or {}).get("country_code")
        if country and count:
            by_country[country] += count
    places = []
    for key, count in top(rows, limit):
        info = rows_info[key]
        place = info.get("place") or {}
        places.append(
            {
                "geonameid": place.get("geonameid"),
                "name": info["name"],
                "country_code": place.get("country_code"),
                "lat": place.get("lat"),
                "lon": place.get("lon"),
                "count": count,
            }
        )
    countries = [{"country_code": c, "count": n} for c, n in top(by_country.items(), limit)]
    return {"window": window, "places": places, "countries": countries}


def actor_detail(ctx: StreamContext, actor_id: str, now: float | None = None) -> dict[str, Any] | None:
    """Name, aliases, current window counts and the per-step series of the last 24 h."""
    now = time.time() if now is None else now
    tables = ctx.tables
    row = tables.row(actor_id)
    if not row:
        return None
    return {
        "actor_id": actor_id,
        "name": row["name"],
        "type": row["type"],
        "aliases": row.get("aliases", []),
        "counts": {window: state_count(row, window, now, tables.step) for window in WINDOW_NAMES},
        "step_seconds": tables.step,
        "series": [{"start": _iso(start), "count": count} for start, count in state_series(row, now, tables.step)],
    }


async def broker_reachable(servers: Any, timeout: float = 2.0) -> bool:
    """Whether any bootstrap server accepts a TCP connection now (a partitioned worker is not ready)."""
    for url in servers:
        try:
            _, writer = await asyncio.wait_for(asyncio.open_connection(url.host, url.port or 9092), timeout)
        except (OSError, TimeoutError):
            continue
        writer.close()
        return True
    return False


def _window(request: Request) -> str:
    window = request.query.get("window", "1h")
    if window not in WINDOW_NAMES:
        raise BadRequest(f"window must be one of {', '.join(WINDOW_NAMES)}")
    return window


def _distinct(request: Request) -> bool:
    value = request.query.get("distinct", "false").lower()
    if value not in ("true", "false", "1", "0"):
        raise BadRequest("distinct must be true or false")
    return value in ("true", "1")


def _limit(request: Request, default: int) -> int:
    try:
        limit = int(request.query.get("limit", str(default)))
    except ValueError as exc:
        raise BadRequest("limit must be an integer") from exc
    if not 1 <= limit <= MAX_LIMIT:
        raise BadRequest(f"limit must be between 1 and {MAX_LIMIT}")
    return limit


def _ownership(app: faust.App, ctx: StreamContext) -> Callable[[str], bool]:
    """Whether a key's partition is assigned to this worker now.

    The geo agent sends an actor's updates to the mentions partition Kafka's default (murmur2)
    partitioner gives its id, so that is where its row lives. The memory store keeps the rows of partitions a worker
    has lost in a rebalance; without this check it would report those stale rows too.
    """
    topic = ctx.topics.names.mentions
    assigned = {tp.partition for tp in app.consumer.assignment() if tp.topic == topic}

    def owns(key: str) -> bool:
        return partition_for(key, ctx.partitions) in assigned

    return owns


async def _peers(app: faust.App, web: View, request: Request) -> list[dict[str, Any]]:
    """The same query answered by every other worker for its own partitions (``local=true``)."""
    if request.query.get("local") == "true":
        return []
    me = str(app.conf.canonical_url).rstrip("/")
    answers = []
    for url in app.router.tables_metadata():
        base = str(url).rstrip("/")
        if base == me:
            continue
        query = {**request.query, "local": "true"}
        try:
            async with app.http_client.get(f"{base}{request.path}", params=query, timeout=10) as response:
                if response.status == 200:
                    answers.append(await response.json())
                else:
                    log.warning("peer answered %s", response.status, extra={"peer": base, "path": request.path})
        except Exception as exc:  # a peer mid-rebalance: answer with what is reachable, say so in the log
            log.warning("peer unreachable", extra={"peer": base, "path": request.path, "error": str(exc)})
    return answers


def _merge_top(rows: list[dict[str, Any]], limit: int) -> list[dict[str, Any]]:
    """Highest count first across workers (each actor/place lives on one worker only)."""
    return sorted(rows, key=lambda r: (-r["count"], str(r.get("actor_id", r.get("geonameid")))))[:limit]


def register_views(app: faust.App, ctx: StreamContext) -> None:
    @app.page("/actors/top")
    async def actors_top(web: View, request: Request) -> Response:
        try:
            window, limit, distinct = _window(request), _limit(request, 20), _distinct(request)
            actor_type = request.query.get("type")
            if actor_type is not None and actor_type not in ACTOR_TYPES:
                raise BadRequest(f"type must be one of {', '.join(ACTOR_TYPES)}")
        except BadRequest as exc:
            return web.json({"error": str(exc)}, status=400)
        actors = top_actors(ctx, window, limit, actor_type, distinct=distinct, owns=_ownership(app, ctx))
        for answer in await _peers(app, web, request):
            actors.extend(answer["actors"])
        return web.json({"window": window, "distinct": distinct, "actors": _merge_top(actors, limit)})

    @app.page("/actors/{actor_id}")
    async def actor(web: View, request: Request, actor_id: str) -> Response:
        if request.query.get("local") != "true":
            try:  # the worker owning the actor's partition answers
                return await app.router.route_req(ctx.tables.state.name, actor_id, web, request)
            except SameNode:
                pass
            except Exception as exc:  # no owner known yet (rebalancing): answer locally
                log.info("not routed", extra={"actor_id": actor_id, "error": str(exc)})
        detail = actor_detail(ctx, actor_id)
        if detail is None:
            return web.json({"error": f"no actor {actor_id!r} on this worker"}, status=404)
        return web.json(detail)

    @app.page("/locations/top")
    async def locations_top(web: View, request: Request) -> Response:
        try:
            window, limit, distinct = _window(request), _limit(request, 50), _distinct(request)
        except BadRequest as exc:
            return web.json({"error": str(exc)}, status=400)
        places = top_places(ctx, window, limit, distinct=distinct, owns=_ownership(app, ctx))
        countries: dict[str, int] = {c["country_code"]: c["count"] for c in places["countries"]}
        for answer in await _peers(app, web, request):
            places["places"].extend(answer["places"])
            for country in answer["countries"]:
                countries[country["country_code"]] = countries.get(country["country_code"], 0) + country["count"]
        places["places"] = _merge_top(places["places"], limit)
        places["countries"] = [{"country_code": c, "count": n} for c, n in top(countries.items(), limit)]
        return web.json(places)

    @app.page("/stats")
    async def stats(web: View, request: Request) -> Response:
        return web.json(ctx.metrics.stats())

    @app.page("/health")
    async def health(web: View, request: Request) -> Response:
        return web.json({"status": "ok"})

    @app.page("/ready")
    async def ready(web: View, request: Request) -> Response:
        recovered = app.tables.recovery.completed.is_set()
        checks = {
            "broker_reachable": await broker_reachable(app.conf.broker),
            "model_loaded": ctx.resources is not None,
            "recovery_done": recovered,
        }
        ok = all(checks.values())
        return web.json({"ready": ok, **checks}, status=200 if ok else 503)

    @app.page("/metrics")
    async def metrics(web: View, request: Request) -> Response:
        return web.bytes(ctx.metrics.render(), content_type="text/plain; version=0.0.4")
