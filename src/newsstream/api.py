"""Shapes of the worker's HTTP API, as pydantic models: the source of ``docs/openapi.yaml``.

The views build plain dicts for speed; a test validates real responses against the schemas
generated from these models, so the document and the code cannot drift.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from newsstream import __version__
from newsstream.models import ActorType

__all__ = ["openapi", "RESPONSES", "TopActors", "ActorDetail", "TopLocations", "Stats", "Health", "Ready"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TopActor(_Strict):
    actor_id: str
    name: str
    type: ActorType
    count: int


class TopActors(_Strict):
    window: Literal["1h", "24h", "all"]
    distinct: bool = False
    actors: list[TopActor]


class SeriesPoint(_Strict):
    start: str = Field(description="bucket start, ISO-8601 UTC")
    count: int


class ActorDetail(_Strict):
    actor_id: str
    name: str
    type: ActorType
    aliases: list[str]
    counts: dict[str, int] = Field(description='mentions per window: "1h", "24h", "all"')
    step_seconds: int
    series: list[SeriesPoint] = Field(description="mentions per step over the last 24 h, oldest first")


class TopPlace(_Strict):
    geonameid: int | None
    name: str
    country_code: str | None
    lat: float | None
    lon: float | None
    count: int


class CountryCount(_Strict):
    country_code: str
    count: int


class TopLocations(_Strict):
    window: Literal["1h", "24h", "all"]
    places: list[TopPlace]
    countries: list[CountryCount]


class Stats(_Strict):
    processed: dict[str, int]
    dead_letters: int
    dead_letters_by_reason: dict[str, int]
    uptime_seconds: float


class Health(_Strict):
    status: Literal["ok"]


class Ready(_Strict):
    ready: bool
    broker_reachable: bool
    model_loaded: bool
    recovery_done: bool


class Error(_Strict):
    error: str


_WINDOW = {"name": "window", "in": "query", "schema": {"type": "string", "enum": ["1h", "24h", "all"], "default": "1h"}}
_LIMIT = {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 1000}}
_DISTINCT = {
    "name": "distinct",
    "in": "query",
    "description": "leave out mentions from near-duplicate (syndicated) articles",
    "schema": {"type": "boolean", "default": False},
}
_LOCAL = {
    "name": "local",
    "in": "query",
    "description": "answer for this worker's partitions only (used between workers)",
    "schema": {"type": "boolean", "default": False},
}
_TYPE = {
    "name": "type",
    "in": "query",
    "schema": {"type": "string", "enum": ["person", "organization", "location", "group"]},
}

#: path -> (summary, parameters, response model, error statuses)
RESPONSES: dict[str, tuple[str, list[dict[str, Any]], type[BaseModel], list[int]]] = {
    "/actors/top": ("Top actors by mentions", [_WINDOW, _LIMIT, _TYPE, _DISTINCT, _LOCAL], TopActors, [400]),
    "/actors/{actor_id}": (
        "One actor: aliases, window counts, 24 h series",
        [{"name": "actor_id", "in": "path", "required": True, "schema": {"type": "string"}}],
        ActorDetail,
        [404],
    ),
    "/locations/top": (
        "Mentions per GeoNames place and per country",
        [_WINDOW, _LIMIT, _DISTINCT, _LOCAL],
        TopLocations,
        [400],
    ),
    "/stats": ("This worker's totals since start", [], Stats, []),
    "/health": ("Liveness", [], Health, []),
    "/ready": ("Readiness: broker reachable, model loaded, table recovery done (else 503)", [], Ready, [503]),
}


def openapi() -> dict[str, Any]:
    """The OpenAPI 3.1 document of the worker API."""
    schemas: dict[str, Any] = {}
    paths: dict[str, Any] = {}

    def ref(model: type[BaseModel]) -> dict[str, str]:
        schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
        for name, sub in schema.pop("$defs", {}).items():
            schemas[name] = sub
        schemas[model.__name__] = schema
        return {"$ref": f"#/components/schemas/{model.__name__}"}

    for path, (summary, parameters, model, errors) in RESPONSES.items():
        responses: dict[str, Any] = {
            "200": {"description": "OK", "content": {"application/json": {"schema": ref(model)}}}
        }
        for status in errors:
            error_model = Ready if status == 503 else Error
            responses[str(status)] = {
                "description": {400: "bad query parameter", 404: "unknown actor", 503: "not ready"}[status],
                "content": {"application/json": {"schema": ref(error_model)}},
            }
        paths[path] = {"get": {"summary": summary, "parameters": parameters, "responses": responses}}
    paths["/metrics"] = {
        "get": {
            "summary": "Prometheus metrics",
            "responses": {"200": {"description": "OK", "content": {"text/plain": {"schema": {"type": "string"}}}}},
        }
    }
    paths["/"] = {
        "get": {
            "summary": "Live dashboard (HTML)",
            "responses": {"200": {"description": "OK", "content": {"text/html": {"schema": {"type": "string"}}}}},
        }
    }
    return {
        "openapi": "3.1.0",
        "info": {"title": "newsstream worker API", "version": __version__},
        "servers": [{"url": "http://127.0.0.1:6066"}],
        "paths": paths,
        "components": {"schemas": schemas},
    }
