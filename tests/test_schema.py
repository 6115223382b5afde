"""The committed JSON Schemas and AsyncAPI document are generated from the models and current."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import yaml

from newsstream.schema import TOPIC_MODELS, json_schemas, write_all

from .conftest import ROOT


def test_committed_schema_files_are_current(tmp_path: Path) -> None:
    written = write_all(tmp_path / "schemas", tmp_path / "asyncapi.yaml")
    for path in written:
        committed = ROOT / "docs" / (path.name if path.suffix == ".yaml" else f"schemas/{path.name}")
        assert path.read_text(), path
        assert committed.exists(), f"{committed} missing: run `newsstream schema`"
        assert committed.read_text() == path.read_text(), f"{committed} is stale: run `newsstream schema`"


def test_every_topic_has_a_valid_schema() -> None:
    schemas = json_schemas()
    assert set(schemas) == set(TOPIC_MODELS)
    for schema in schemas.values():
        jsonschema.Draft202012Validator.check_schema(schema)


def test_asyncapi_channels_are_the_topics() -> None:
    doc = yaml.safe_load((ROOT / "docs" / "asyncapi.yaml").read_text())
    assert doc["asyncapi"].startswith("3.")
    assert {c["address"] for c in doc["channels"].values()} == set(TOPIC_MODELS)


def test_raw_schema_accepts_what_the_parser_accepts() -> None:
    validator = jsonschema.Draft202012Validator(json_schemas()["news.articles.raw"])
    assert validator.is_valid({"text": "x"})
    assert validator.is_valid({"html": "<p>x</p>", "url": "https://x.test"})
    assert not validator.is_valid({"title": "no body"})
