"""Machine-readable shapes for consumer services, generated from the pydantic models.

``newsstream schema`` writes one JSON Schema per topic and an AsyncAPI 3 document; a test
checks that the committed files are current, so they can never drift from the code.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import yaml
from pydantic import BaseModel

from newsstream import __version__
from newsstream.api import openapi
from newsstream.models import (
    ActorCount,
    AliasBatch,
    CleanedArticle,
    DeadLetter,
    EnrichedEvent,
    MentionBatch,
    SignatureEntry,
    TaggedArticle,
)

__all__ = ["TOPIC_MODELS", "json_schemas", "asyncapi", "write_all"]

#: topic -> (model, key, what it carries). RawArticle is produced by others: its schema says what we accept.
TOPIC_MODELS: dict[str, tuple[type[BaseModel] | None, str, str]] = {
    "news.articles.raw": (None, "article id (optional)", "Raw articles from producers (HTML or text)."),
    "news.articles.cleaned": (CleanedArticle, "article id", "Cleaned text, title, byline, language."),
    "news.articles.tagged": (TaggedArticle, "article id", "+ named entities and canonical actors."),
    "news.events.geo": (EnrichedEvent, "article id", "The enriched event: + GeoNames locations and focus."),
    "news.actors.mentions": (
        MentionBatch,
        "an actor id of the batch (all of them hash to its partition)",
        "Internal: an article's count updates for the actors and places of one partition.",
    ),
    "news.actors.counts": (ActorCount, "actor id", "Rolling 1 h / 24 h mention counts per actor, one per change."),
    "news.articles.dlq": (DeadLetter, "article id (if known)", "Records that could not be enriched, with why."),
    "news.actors.aliases": (
        AliasBatch,
        "an alias key of the batch",
        "Internal: alias registry updates, batched per (article, partition); one writer per alias.",
    ),
    "news.articles.signatures": (
        SignatureEntry,
        "article id",
        "Internal: one MinHash signature per article; every worker reads it all to flag near-duplicates.",
    ),
}

RAW_SCHEMA: dict[str, Any] = {
    "title": "RawArticle",
    "type": "object",
    "description": "One raw article. One of html/text is required; anything else goes to the dead-letter topic.",
    "properties": {
        "id": {"type": "string", "description": "Default: stable hash of url, else of body."},
        "url": {"type": "string"},
        "source": {"type": "string"},
        "published_at": {"type": "string", "format": "date-time"},
        "title": {"type": "string"},
        "html": {"type": "string"},
        "text": {"type": "string"},
        "language": {"type": "string", "description": "ISO 639-1 hint."},
    },
    "anyOf": [{"required": ["html"]}, {"required": ["text"]}],
}


def json_schemas() -> dict[str, dict[str, Any]]:
    """topic -> JSON Schema (draft 2020-12) of its record values."""
    schemas = {}
    for topic, (model, _key, _doc) in TOPIC_MODELS.items():
        schema = dict(RAW_SCHEMA) if model is None else model.model_json_schema(mode="serialization")
        schemas[topic] = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": topic, **schema}
    return schemas


def asyncapi() -> dict[str, Any]:
    """An AsyncAPI 3 document: channels = topics, with keys and message payload schemas."""
    schemas = json_schemas()
    channels, operations, messages = {}, {}, {}
    for topic, (model, key, doc) in TOPIC_MODELS.items():
        name = (model.__name__ if model else "RawArticle") + "Message"
        channel = topic.replace(".", "_")
        payload = {k: v for k, v in schemas[topic].items() if k not in ("$schema", "$id")}
        messages[name] = {
            "name": name,
            "contentType": "application/json",
            "payload": payload,
            "bindings": {"kafka": {"key": {"type": "string", "description": key}}},
        }
        channels[channel] = {
            "address": topic,
            "description": doc,
            "messages": {name: {"$ref": f"#/components/messages/{name}"}},
        }
        action = "send" if topic == "news.articles.raw" else "receive"
        operations[f"{action}_{channel}"] = {"action": action, "channel": {"$ref": f"#/channels/{channel}"}}
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": "newsstream",
            "version": __version__,
            "description": "Topics of the newsstream news-enrichment pipeline (contract v1). "
            "A topic prefix (NEWSSTREAM_TOPIC_PREFIX) may precede every address.",
        },
        "defaultContentType": "application/json",
        "channels": channels,
        "operations": operations,
        "components": {"messages": messages},
    }


def _yaml(doc: dict[str, Any]) -> str:
    """YAML without anchors (shared sub-dicts are copied through JSON first): plain for every reader."""
    return yaml.safe_dump(orjson.loads(orjson.dumps(doc)), sort_keys=False, allow_unicode=True, width=100)


def write_all(out_dir: Path, asyncapi_path: Path, openapi_path: Path | None = None) -> list[Path]:
    """Write ``<topic>.schema.json`` files, the AsyncAPI and OpenAPI YAML; returns the paths written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for topic, schema in json_schemas().items():
        path = out_dir / f"{topic}.schema.json"
        path.write_bytes(orjson.dumps(schema, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) + b"\n")
        written.append(path)
    asyncapi_path.parent.mkdir(parents=True, exist_ok=True)
    asyncapi_path.write_text(_yaml(asyncapi()))
    written.append(asyncapi_path)
    openapi_path = openapi_path or asyncapi_path.with_name("openapi.yaml")
    openapi_path.write_text(_yaml(openapi()))
    written.append(openapi_path)
    return written
