"""The stream's near-duplicate index: one signature per article, a band index every worker derives."""

from __future__ import annotations

import random

import orjson

from newsstream.models import CleanedArticle
from newsstream.stream.dedup import BandIndex, check

from .conftest import SEED
from .test_dedup import perturb


def _article(article_id: str, text: str, at: int) -> CleanedArticle:
    return CleanedArticle(id=article_id, text=text, ingested_at_ms=at)


def _index_in(order: list[tuple[str, dict]]) -> BandIndex:
    index = BandIndex()
    for article_id, entry in order:
        index.add(article_id, entry)
    return index


def test_a_copy_is_flagged_against_the_indexed_original_and_points_at_it() -> None:
    seed = SEED.read_text(encoding="utf-8")
    table: dict[str, dict] = {}
    index = BandIndex()
    original, entry = check(_article("seed", seed, 1_000), index, table)
    assert original.duplicate_of is None and entry is not None and entry["at"] == 1_000 and entry["of"] is None
    table["seed"] = entry
    index.add("seed", entry)
    copy, copy_entry = check(_article("copy", perturb(seed, random.Random(1)), 2_000), index, table)
    assert copy.duplicate_of == "seed" and copy.near_duplicate_score is not None and copy.near_duplicate_score >= 0.5
    assert copy_entry is not None and copy_entry["of"] == "seed"
    table["copy"] = copy_entry
    index.add("copy", copy_entry)
    # a copy of the copy points at the original, and a redelivered article never matches itself
    again, _ = check(_article("copy-2", perturb(seed, random.Random(2)), 3_000), index, table)
    assert again.duplicate_of == "seed"
    itself, _ = check(_article("seed", seed, 1_000), BandIndex(), {"seed": entry})
    assert itself.duplicate_of is None


def test_every_worker_agrees_on_the_first_article_whatever_order_the_changelog_arrives_in() -> None:
    seed = SEED.read_text(encoding="utf-8")
    _, early = check(_article("b-early", seed, 1_000), BandIndex(), {})
    _, late = check(_article("a-late", seed, 5_000), BandIndex(), {})
    _, tie = check(_article("a-tie", seed, 1_000), BandIndex(), {})
    assert early and late and tie
    one = _index_in([("a-late", late), ("b-early", early)])
    other = _index_in([("b-early", early), ("a-late", late)])
    assert dict(one) == dict(other) and set(one.values()) == {"b-early"}
    assert set(_index_in([("b-early", early), ("a-tie", tie)]).values()) == {"a-tie"}  # same time: by id


def test_short_texts_and_foreign_entries_are_not_indexed() -> None:
    article, entry = check(_article("brief", "Too short to judge.", 1), BandIndex(), {})
    assert entry is None and article.duplicate_of is None
    index = _index_in([("x", None), ("y", {"of": None}), ("z", "not a dict")])  # type: ignore[list-item]
    assert len(index) == 0


def test_a_replica_keeps_the_latest_value_per_key_and_feeds_the_band_index() -> None:
    from newsstream.config import Settings
    from newsstream.stream.replica import Replica

    index, seen = BandIndex(), []
    replica = Replica(Settings(), "news.articles.signatures", on_record=lambda k, v: (seen.append(k), index.add(k, v)))
    _, entry = check(_article("seed", SEED.read_text(encoding="utf-8"), 1_000), BandIndex(), {})
    replica.apply(b"seed", orjson.dumps(entry))
    replica.apply(b"other", b"{not json")  # skipped, never fatal
    replica.apply(None, b"{}")  # no key: nothing to file it under
    assert dict(replica) == {"seed": entry} and set(index.values()) == {"seed"}
    replica.put("mine", entry)  # written by this worker: indexed at once ...
    replica.apply(b"mine", orjson.dumps(entry))  # ... and not hashed into the index again on its way back
    assert seen == ["seed", "mine"]
    replica.apply(b"mine", None)
    replica.apply(b"seed", None)  # a tombstone deletes
    assert "seed" not in replica and len(replica) == 0
