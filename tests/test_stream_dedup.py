"""The stream's near-duplicate store: one signature per article, a band index every worker derives."""

from __future__ import annotations

import random
from typing import Any

import orjson

from newsstream.models import CleanedArticle
from newsstream.stream.dedup import SignatureStore, check, entry_of

from .conftest import SEED
from .test_dedup import perturb


def _article(article_id: str, text: str, at: int) -> CleanedArticle:
    return CleanedArticle(id=article_id, text=text, ingested_at_ms=at)


def _store_of(order: list[tuple[str, dict]], **kwargs: Any) -> SignatureStore:
    store = SignatureStore(**kwargs)
    for article_id, entry in order:
        store[article_id] = entry
    return store


def test_a_copy_is_flagged_against_the_stored_original_and_points_at_it() -> None:
    seed = SEED.read_text(encoding="utf-8")
    store = SignatureStore()
    original, entry = check(_article("seed", seed, 1_000), store)
    assert original.duplicate_of is None and entry is not None and entry["at"] == 1_000 and entry["of"] is None
    store["seed"] = entry
    copy, copy_entry = check(_article("copy", perturb(seed, random.Random(1)), 2_000), store)
    assert copy.duplicate_of == "seed" and copy.near_duplicate_score is not None and copy.near_duplicate_score >= 0.5
    assert copy_entry is not None and copy_entry["of"] == "seed"
    store["copy"] = copy_entry
    # a copy of the copy points at the original, and a redelivered article never matches itself
    again, _ = check(_article("copy-2", perturb(seed, random.Random(2)), 3_000), store)
    assert again.duplicate_of == "seed"
    itself, _ = check(_article("seed", seed, 1_000), _store_of([("seed", entry)]))
    assert itself.duplicate_of is None


def test_every_worker_agrees_on_the_first_article_whatever_order_the_topic_arrives_in() -> None:
    seed = SEED.read_text(encoding="utf-8")
    _, early = check(_article("b-early", seed, 1_000), SignatureStore())
    _, late = check(_article("a-late", seed, 5_000), SignatureStore())
    _, tie = check(_article("a-tie", seed, 1_000), SignatureStore())
    assert early and late and tie
    one = _store_of([("a-late", late), ("b-early", early)])
    other = _store_of([("b-early", early), ("a-late", late)])
    assert one.firsts() == other.firsts() == {"b-early"}
    assert _store_of([("b-early", early), ("a-tie", tie)]).firsts() == {"a-tie"}  # same time: by id


def test_short_texts_and_foreign_entries_are_not_stored() -> None:
    article, entry = check(_article("brief", "Too short to judge.", 1), SignatureStore())
    assert entry is None and article.duplicate_of is None
    foreign = [("x", None), ("y", {"of": None}), ("z", "not a dict"), ("w", {"sig": ["a"]}), ("v", {"sig": [-1]})]
    store = _store_of(foreign)  # type: ignore[arg-type]
    assert len(store) == 0 and store.firsts() == set()


def test_signatures_are_held_compactly_and_keep_their_first_entry() -> None:
    _, entry = check(_article("seed", SEED.read_text(encoding="utf-8"), 1_000), SignatureStore())
    assert entry is not None
    store = _store_of([("seed", entry)])
    held = store["seed"]
    assert held.sig.itemsize == 4 and list(held.sig) == entry["sig"] and held.at == 1_000 and held.of is None
    store["seed"] = {**entry, "at": 5}  # the same key again: a redelivery, the first entry stands
    assert store["seed"].at == 1_000
    assert entry_of({"sig": [2**40], "at": 1}).sig.itemsize == 8  # wider hashes still fit


def test_signatures_are_forgotten_a_horizon_after_they_were_read() -> None:
    seed = SEED.read_text(encoding="utf-8")
    now = [0.0]
    store = SignatureStore(horizon_seconds=3600, clock=lambda: now[0])
    _, entry = check(_article("seed", seed, 1_000), store)
    store["seed"] = entry
    now[0] = 1800.0
    copy, _ = check(_article("copy", perturb(seed, random.Random(1)), 2_000), store)
    assert copy.duplicate_of == "seed"
    _, other = check(_article("other", " ".join(reversed(seed.split())), 3_000), SignatureStore())
    now[0] = 3601.0
    store["other"] = other  # each write expires what the horizon left behind ...
    assert "seed" not in store and len(store) == 1 and store.firsts() == {"other"}
    late, _ = check(_article("late-copy", perturb(seed, random.Random(3)), 4_000), store)
    assert late.duplicate_of is None  # ... so a copy arriving after it is not flagged
    assert store.expire() == 0 and SignatureStore().expire() == 0  # no horizon: kept for good


def test_a_replica_keeps_the_latest_value_per_key_in_its_store() -> None:
    from newsstream.config import Settings
    from newsstream.stream.replica import Replica

    store = SignatureStore()
    replica = Replica(Settings(), "news.articles.signatures", store=store)
    _, entry = check(_article("seed", SEED.read_text(encoding="utf-8"), 1_000), SignatureStore())
    replica.apply(b"seed", orjson.dumps(entry))
    replica.apply(b"other", b"{not json")  # skipped, never fatal
    replica.apply(None, b"{}")  # no key: nothing to file it under
    assert list(replica) == ["seed"] and store.firsts() == {"seed"} and replica["seed"] == entry_of(entry)
    replica.put("mine", entry)  # written by this worker: stored at once ...
    replica.apply(b"mine", orjson.dumps(entry))  # ... and its record coming back changes nothing
    assert len(store) == 2
    replica.apply(b"mine", None)
    replica.apply(b"seed", None)  # a tombstone deletes
    assert "seed" not in replica and len(replica) == 0 and store.firsts() == set()
    plain = Replica(Settings(), "news.actors.aliases")  # the default store: a dict of decoded JSON
    plain.apply(b"k", b'["person:x"]')
    assert dict(plain) == {"k": ["person:x"]}
