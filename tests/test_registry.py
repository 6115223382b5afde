"""The CLI's alias registry file: resolve a lone surname only when exactly one known actor has it."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from typer.testing import CliRunner

from newsstream.cli import app
from newsstream.models import Actor
from newsstream.registry import alias_updates, load_registry, merge_ids, save_registry

pytestmark = pytest.mark.model
runner = CliRunner()

SUDANI_FULL = (
    "Iraqi Prime Minister Mohammed Shia al-Sudani met the US ambassador in Baghdad on Monday. "
    "Al-Sudani said the talks were useful."
)
SUDANI_ONLY = "In Baghdad on Tuesday, al-Sudani told parliament that the budget would pass before the end of the month."
IMRAN = "Former Pakistani prime minister Imran Khan addressed supporters in Lahore on Friday, his party said."
SADIQ = "Sadiq Khan, the mayor of London, announced new bus routes for the city on Friday, his office said."
KHAN_ONLY = "Speaking in the evening, Khan said the plan would be announced next week after a final review."


def _actors(tmp: Path, text: str, registry: Path | None, name: str) -> set[str]:
    src, out = tmp / f"{name}.jsonl", tmp / f"{name}.out.jsonl"
    src.write_bytes(orjson.dumps({"id": name, "text": text}) + b"\n")
    args = ["enrich", str(src), "-o", str(out)] + (["--registry", str(registry)] if registry else [])
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    return {a["id"] for a in orjson.loads(out.read_bytes())["actors"]}


def test_a_lone_surname_resolves_to_the_one_known_actor(tmp_path: Path, resources) -> None:
    registry = tmp_path / "registry.json"
    assert "person:al-sudani" in _actors(tmp_path, SUDANI_ONLY, None, "before")
    assert "person:mohammed-shia-al-sudani" in _actors(tmp_path, SUDANI_FULL, registry, "full")
    later = _actors(tmp_path, SUDANI_ONLY, registry, "later")
    assert "person:mohammed-shia-al-sudani" in later and "person:al-sudani" not in later
    names = {a["id"]: a["name"] for a in orjson.loads((tmp_path / "later.out.jsonl").read_bytes())["actors"]}
    assert names["person:mohammed-shia-al-sudani"] == "Mohammed Shia al-Sudani"


def test_two_known_actors_with_one_surname_stay_apart(tmp_path: Path, resources) -> None:
    registry = tmp_path / "registry.json"
    assert "person:imran-khan" in _actors(tmp_path, IMRAN, registry, "imran")
    assert "person:sadiq-khan" in _actors(tmp_path, SADIQ, registry, "sadiq")
    alone = _actors(tmp_path, KHAN_ONLY, registry, "khan")
    assert "person:imran-khan" not in alone and "person:sadiq-khan" not in alone


def test_registry_file_round_trip_and_merge_rule(tmp_path: Path) -> None:
    actor = Actor(id="person:imran-khan", name="Imran Khan", type="person", mentions=2, aliases=["Khan"])
    updates = alias_updates([actor])
    assert {u.actor_id for u in updates} == {"person:imran-khan"} and len(updates) >= 2
    assert any(u.key == "name:person:imran-khan" and u.name == "Imran Khan" for u in updates)
    assert merge_ids(None, "a") == ["a"]
    assert merge_ids(["a"], "a") == ["a"]
    assert merge_ids(["a", "b"], "c") == ["a", "b"]  # already ambiguous: no growth
    path = tmp_path / "r.json"
    registry = load_registry(path)
    registry.record([actor])
    save_registry(registry, path)
    assert load_registry(path).lookup("Imran Khan", "person") == "person:imran-khan"


def test_only_updates_that_change_the_registry_are_sent() -> None:
    from newsstream.registry import changes

    actor = Actor(id="person:imran-khan", name="Imran Khan", type="person", mentions=2, aliases=["Khan"])
    updates = alias_updates([actor])
    assert changes(updates, {}) == updates  # a new actor: everything is news
    registry: dict[str, object] = {}
    for u in updates:
        registry[u.key] = u.name if u.name is not None else merge_ids(registry.get(u.key), u.actor_id)  # type: ignore[arg-type]
    assert changes(updates, registry) == []  # known under every alias: nothing to send
    renamed = alias_updates([actor.model_copy(update={"name": "Imran Ahmed Khan"})])
    assert any(u.name == "Imran Ahmed Khan" for u in changes(renamed, registry))
    sadiq = Actor(id="person:sadiq-khan", name="Sadiq Khan", type="person", mentions=1, aliases=["Khan"])
    other = alias_updates([sadiq])
    shared = [u for u in changes(other, registry) if u.key in registry]
    assert shared and all(u.actor_id == "person:sadiq-khan" for u in shared)  # "Khan" becomes ambiguous
    full = {k: ["a", "b"] for k in registry if not k.startswith("name:")}
    assert not [u for u in changes(other, full) if u.key in full]  # already ambiguous: no growth, no record


def test_alias_batches_group_updates_by_the_partition_of_their_keys() -> None:
    from newsstream.stream.agents import alias_batches
    from newsstream.stream.topics import partition_for

    actors = [Actor(id=f"person:p-{i}", name=f"Pat Number{i}", type="person", mentions=1) for i in range(30)]
    updates = alias_updates(actors)
    batches = alias_batches("a1", updates, 4)
    assert sorted(u.key for b in batches.values() for u in b.updates) == sorted(u.key for u in updates)
    assert all(partition_for(u.key, 4) == p for p, b in batches.items() for u in b.updates)
    assert all(b.article_id == "a1" for b in batches.values()) and len(batches) <= 4
