"""A generated vocabulary of YSA's size, with YSA-like labels, and its search index.

Made in memory, from a fixed seed: the search tests (test_site.py) and the browser's search
test (test_browser.py) need a large index without building a large site.
"""

from __future__ import annotations

import random

from kompetanse_skos.rdf.languages import LANGUAGES
from kompetanse_skos.site.languages import site_languages
from kompetanse_skos.site.places import Place
from kompetanse_skos.site.render import SEARCH_INDEX
from kompetanse_skos.site.search import SHARD_LIMIT, search_entries, search_index_files
from kompetanse_skos.vocabulary.model import Concept, Label, Model

# Syllables weighted so that some first letters are far more common than others, as in
# real vocabularies (YSA's Finnish: a seventh of its words begin with "k").
_SYLLABLES = {
    "ka": 9,
    "ki": 6,
    "ko": 6,
    "ku": 5,
    "kä": 2,
    "sa": 5,
    "si": 4,
    "so": 3,
    "ta": 5,
    "te": 4,
    "to": 3,
    "pa": 4,
    "po": 3,
    "ma": 4,
    "mu": 3,
    "la": 4,
    "le": 3,
    "va": 4,
    "vi": 3,
    "ra": 2,
    "ri": 2,
    "ha": 3,
    "hä": 1,
    "ja": 2,
    "jo": 2,
    "na": 2,
    "ne": 2,
    "yö": 1,
    "ø": 1,
    "å": 1,
    "æ": 1,
    "é": 1,
    "aa": 2,
    "b": 1,
    "d": 1,
    "f": 1,
    "g": 1,
    "st": 2,
    "sk": 1,
    "ng": 1,
    "rr": 1,
}
LARGE_VOCABULARY = 35_000


def _word(chance: random.Random) -> str:
    syllables = chance.choices(list(_SYLLABLES), weights=list(_SYLLABLES.values()), k=5)
    return "".join(syllables[: chance.randint(2, 5)])


def _label(chance: random.Random) -> str:
    text = " ".join(_word(chance) for _ in range(chance.choice((1, 1, 1, 2, 2, 3))))
    text = text[0].upper() + text[1:]
    odd = chance.random()
    if odd < 0.02:
        return f"({text})"
    if odd < 0.03:
        return f"{chance.randint(1, 999)} {text}"
    return text


def generated_vocabulary(
    size: int = LARGE_VOCABULARY, seed: int = 7
) -> tuple[Model, dict[str, Place]]:
    """Return a model of *size* concepts with YSA-like labels, and their places.

    Every concept has a Norwegian Bokmål label; about half have an English one, a fifth a
    Nynorsk one, a third alternative labels, a tenth a hidden label; 1 in 100 is deprecated.
    """
    chance = random.Random(seed)
    concepts = {}
    for n in range(size):
        uri = f"https://example.org/large/c{n}"
        prefs = [Label(_label(chance), "nb")]
        if chance.random() < 0.5:
            prefs.append(Label(_label(chance), "en"))
        if chance.random() < 0.2:
            prefs.append(Label(_label(chance), "nn"))
        alts = [Label(_label(chance), "nb") for _ in range(chance.choice((0, 0, 1, 2)))]
        hidden = [Label(_label(chance), "nb")] if chance.random() < 0.1 else []
        concepts[uri] = Concept(
            uri=uri,
            pref_labels=tuple(prefs),
            alt_labels=tuple(alts),
            hidden_labels=tuple(hidden),
            notations=(str(n),) if n % 3 == 0 else (),
            deprecated=n % 100 == 42,
        )
    places = {uri: Place(uri, uri.rsplit("/", 1)[1]) for uri in concepts}
    return Model(concepts=concepts), places


# The order in which the search shows a preferred label on a page in each of our languages.
FALLBACKS = {language.tag: language.fallbacks for language in site_languages(LANGUAGES)}


def large_search_index(shard_limit: int = SHARD_LIMIT) -> tuple[Model, dict[str, bytes]]:
    """Return the generated model and its search index files (built once per limit)."""
    if shard_limit not in _LARGE_INDEX:
        model, places = generated_vocabulary()
        hidden = [uri for uri, concept in model.concepts.items() if concept.deprecated]
        entries = search_entries(model, places, hidden)
        _LARGE_INDEX[shard_limit] = (
            model,
            search_index_files(entries, SEARCH_INDEX, FALLBACKS, shard_limit=shard_limit),
        )
    return _LARGE_INDEX[shard_limit]


_LARGE_INDEX: dict[int, tuple[Model, dict[str, bytes]]] = {}
