"""HTTP views of a worker (Faust web): top actors, health, readiness, Prometheus metrics."""

from __future__ import annotations

import time
from typing import Any

import faust
from faust.web import Request, Response, View

from newsstream.counts import WINDOWS, top
from newsstream.stream.agents import StreamContext

__all__ = ["register_views", "top_actors"]

ACTOR_TYPES = ("person", "organization", "location", "group")
MAX_LIMIT = 1000


def top_actors(
    ctx: StreamContext, window: str, limit: int, actor_type: str | None, now: float | None = None
) -> list[dict[str, Any]]:
    """Top actors of this worker's partitions, highest count first."""
    now = time.time() if now is None else now
    tables = ctx.tables
    rows = []
    for actor_id, info in list(tables.info.items()):
        if not info or (actor_type and info.get("type") != actor_type):
            continue
        rows.append((actor_id, tables.count(actor_id, window, now)))
    return [
        {
            "actor_id": actor_id,
            "name": tables.info[actor_id]["name"],
            "type": tables.info[actor_id]["type"],
            "count": count,
        }
        for actor_id, count in top(rows, limit)
    ]


def _bad_request(web: Any, message: str) -> Response:
    return web.json({"error": message}, status=400)


def register_views(app: faust.App, ctx: StreamContext) -> None:
    @app.page("/actors/top")
    async def actors_top(web: View, request: Request) -> Response:
        window = request.query.get("window", "1h")
        if window not in (*WINDOWS, "all"):
            return _bad_request(web, f"window must be one of {', '.join((*WINDOWS, 'all'))}")
        try:
            limit = int(request.query.get("limit", "20"))
        except ValueError:
            return _bad_request(web, "limit must be an integer")
        if not 1 <= limit <= MAX_LIMIT:
            return _bad_request(web, f"limit must be between 1 and {MAX_LIMIT}")
        actor_type = request.query.get("type")
        if actor_type is not None and actor_type not in ACTOR_TYPES:
            return _bad_request(web, f"type must be one of {', '.join(ACTOR_TYPES)}")
        return web.json({"window": window, "actors": top_actors(ctx, window, limit, actor_type)})

    @app.page("/health")
    async def health(web: View, request: Request) -> Response:
        return web.json({"status": "ok"})

    @app.page("/ready")
    async def ready(web: View, request: Request) -> Response:
        recovered = app.tables.recovery.completed.is_set()
        checks = {"model_loaded": ctx.resources is not None, "recovery_done": recovered}
        ok = all(checks.values())
        return web.json({"ready": ok, **checks}, status=200 if ok else 503)

    @app.page("/metrics")
    async def metrics(web: View, request: Request) -> Response:
        return web.bytes(ctx.metrics.render(), content_type="text/plain; version=0.0.4")
