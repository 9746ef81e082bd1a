"""Write the client-side search index: a small manifest, and shards loaded as the reader types.

The search script (site_templates/static/search.js) folds labels and the query the same way
(lower case, accents removed: see fold()), cuts them into words, and finds a label when every
word of the query begins one of the label's words. So a query can only find labels that have a
word beginning with the query's own words, and the index is split by how words begin: the
shard "ka" holds every resource with a word beginning "ka" in one of its labels.

Shards are split by one more letter while they are larger than SHARD_LIMIT, so a small
vocabulary (up to a hundred concepts or so) stays one file, the manifest with its one shard
inline, one of 500 gets a shard per first letter, and one of 35,000 hundreds of small shards.
A query shorter than the shards it would need (a single "k", when "k" is split into "ka",
"kb"...) reads a "top" file instead: the resources that can be among the first MAX_SHOWN
results in some page language, and how many resources match in all.

Every file is a script that stores plain data in a global (JSONP without a callback), so the
search works when the site is opened from disk (file://), where fetch() is refused.
"""

from __future__ import annotations

import functools
import heapq
import json
import posixpath
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from operator import methodcaller
from urllib.parse import quote

from kompetanse_skos.site.i18n import NORWEGIAN_ORDER, collation
from kompetanse_skos.site.places import Place
from kompetanse_skos.vocabulary.model import Model

SEARCH_GLOBAL = "KOMPETANSE_SKOS_SEARCH"
SHARDS_GLOBAL = f"{SEARCH_GLOBAL}_SHARDS"
SHARD_FOLDER = "search"
SHARD_LIMIT = 48_000  # bytes; a larger shard is split by the next letter of its words
MAX_DEPTH = 6  # letters a shard name may have; longer prefixes are never split
MAX_SHOWN = 50  # results the search shows; search.js has the same number
TOP_MARGIN = 100  # results a "top" file holds beyond MAX_SHOWN, per page language
FORMAT = 2
SYMBOLS = "_symbols"  # labels that begin with a character that is not part of any word

_NOT_WORD = re.compile("[^0-9a-z\u00c0-\U0010ffff]+")
_ACCENTS = re.compile("[\u0300-\u036f]")
_REPLACE = {"æ": "ae", "ø": "o", "œ": "oe", "ß": "ss", "đ": "d", "ð": "d", "ł": "l", "þ": "th"}


@dataclass(frozen=True)
class SearchEntry:
    """One resource as the search finds and shows it."""

    folder: str  # its folder from the site's root, percent-encoded; "" for the home page
    notation: str
    prefs: tuple[tuple[str, str], ...]  # (language, text) of each preferred label
    others: tuple[str, ...]  # alternative and hidden labels not among the preferred ones


def fold(text: str, long: bool = False) -> str:
    """Return *text* as the search compares it: lower case, without accents.

    The same as fold() in search.js. *long* spells ø and å as "oe" and "aa", so that
    "Oekonomi" finds "Økonomi" too.
    """
    folded = text.lower()
    if long:
        folded = folded.replace("ø", "oe").replace("å", "aa")
    folded = _ACCENTS.sub("", unicodedata.normalize("NFD", folded))
    for old, new in _REPLACE.items():
        folded = folded.replace(old, new)
    return folded


def _folds(text: str) -> tuple[str, ...]:
    """Return the distinct forms of fold(text) and fold(text, long=True)."""
    short = fold(text)
    lowered = text.lower()
    if "ø" not in lowered and "å" not in lowered:
        return (short,)  # the long form spells only these otherwise
    return tuple(dict.fromkeys((short, fold(text, long=True))))


def words(key: str) -> list[str]:
    """Return the words of a folded text, as words() in search.js does."""
    return [word for word in _NOT_WORD.split(key) if word]


def word_path(word: str, depth: int = MAX_DEPTH) -> str:
    """Return the shard name *word* belongs under: its first letters, "_" for any other start.

    Only a-z and 0-9 name shards; the first other character ends the name as "_", so that
    the script, which counts UTF-16 code units, names the same shard as Python.
    """
    path = ""
    for char in word[:depth]:
        if not ("a" <= char <= "z" or "0" <= char <= "9"):
            return path + "_"
        path += char
    return path


def search_entries(
    model: Model, places: Mapping[str, Place], hidden: Iterable[str] = ()
) -> list[SearchEntry]:
    """Return every resource with a place as the search knows it, except the *hidden* ones."""
    skip = set(hidden)
    entries = []
    for uri, place in places.items():
        if uri in skip:
            continue
        labels = model.labels_of(uri)
        concept = model.concepts.get(uri)
        others = (*concept.alt_labels, *concept.hidden_labels) if concept else ()
        texts = {label.text for label in labels}
        entries.append(
            SearchEntry(
                folder="/".join(quote(part, safe="") for part in place.folder.split("/"))
                if place.folder
                else "",
                notation=concept.notations[0] if concept and concept.notations else "",
                prefs=tuple((label.language.split("-")[0].lower(), label.text) for label in labels),
                others=tuple(sorted({label.text for label in others} - texts)),
            )
        )
    return entries


def search_index_files(
    entries: Iterable[SearchEntry],
    manifest: str,
    fallbacks: Mapping[str, Sequence[str]],
    shard_limit: int = SHARD_LIMIT,
) -> dict[str, bytes]:
    """Return the search index's files as {path from the site's root: content}.

    *manifest* is the path of the file every page loads; shards go in the folder "search"
    beside it. *fallbacks* gives, for each page language, the order in which preferred labels
    are chosen to be shown (the "" language comes last on its own), as in search.js.
    """
    indexed = [_Indexed.of(entry) for entry in entries]
    indexed = [item for item in indexed if item.paths]
    plan = _Plan(indexed, shard_limit)
    plan.split_from("", range(len(indexed)))
    folder = posixpath.join(posixpath.dirname(manifest), SHARD_FOLDER)
    data: dict[str, object] = {
        "format": FORMAT,
        "languages": list(fallbacks),
        "depth": MAX_DEPTH,
        "folder": SHARD_FOLDER + "/",
        "split": sorted(plan.split),
        "shards": sorted(plan.shards),
    }
    files: dict[str, bytes] = {}
    if plan.split:
        chooser = _Tops(indexed, fallbacks)
        tops = {name: chooser.top(name, plan.tops[name]) for name in sorted(plan.tops)}
        data["top"] = {prefix: count for prefix, (count, _) in tops.items()}
        shards = {**plan.shards, **{f"{p}.top": rows for p, (_, rows) in tops.items()}}
        for name, rows in sorted(shards.items()):
            files[f"{folder}/{name}.js"] = _shard_script(name, rows)
    else:
        # Small enough for one file: the shards go in the manifest (and need no top files).
        data["inline"] = {
            name: [json.loads(row) for row in rows] for name, rows in plan.shards.items()
        }
    text = json.dumps(data, ensure_ascii=True, separators=(",", ":"), sort_keys=True)
    files[manifest] = f"window.{SEARCH_GLOBAL}={text};\n".encode("ascii")
    return files


def _shard_script(name: str, rows: Sequence[str]) -> bytes:
    store = f"window.{SHARDS_GLOBAL}"
    return f"({store}={store}||{{}})[{json.dumps(name)}]=[{','.join(rows)}];\n".encode("ascii")


def _dump(value: object) -> str:
    return json.dumps(value, ensure_ascii=True, separators=(",", ":"))


@dataclass(frozen=True)
class _Indexed:
    """A search entry with its labels' folded keys and shard names, and its record's parts."""

    entry: SearchEntry
    head: str  # the record up to its terms: '["folder","notation",["nb","text"],['
    terms: tuple[str, ...]  # the other labels as JSON strings, in the script's order
    keys: tuple[tuple[str, ...], ...]  # each label's folded texts: preferred labels, then terms
    label_paths: tuple[frozenset[str], ...]  # each label's shard names, in the same order
    pref_paths: frozenset[str]  # the shard names of all preferred labels
    term_paths: tuple[frozenset[str], ...]  # each term's shard names
    paths: frozenset[str]  # of all labels

    @staticmethod
    def of(entry: SearchEntry) -> _Indexed:
        # The script sorts terms by UTF-16 code units when it merges shards: so do we.
        terms = sorted(set(entry.others), key=lambda text: text.encode("utf-16-be"))
        texts = [text for _, text in entry.prefs] + terms
        keys = tuple(_folds(text) for text in texts)
        label_paths = tuple(_label_paths(label) for label in keys)
        prefs = [part for pair in entry.prefs for part in pair]
        return _Indexed(
            entry=entry,
            head=_dump([entry.folder, entry.notation, prefs])[:-1] + ",[",
            terms=tuple(_dump(text) for text in terms),
            keys=keys,
            label_paths=label_paths,
            pref_paths=frozenset().union(*label_paths[: len(entry.prefs)]),
            term_paths=label_paths[len(entry.prefs) :],
            paths=frozenset().union(*label_paths),
        )

    def record(self, wanted: Iterable[int]) -> str:
        """Return the record as JSON with the terms at the *wanted* positions only."""
        return self.head + ",".join(self.terms[i] for i in wanted) + "]]"


def _label_paths(keys: Iterable[str]) -> frozenset[str]:
    """Return the shard names of a label's words, and symbol_shard() of its first character
    if that is no word's: a query without words finds the labels that begin as it does."""
    paths: set[str] = set()
    for key in keys:
        paths.update(word_path(word) for word in words(key))
        if key and _NOT_WORD.match(key[0]):
            paths.add(symbol_shard(key[0]))
    return frozenset(paths)


def symbol_shard(first: str) -> str:
    """Return the name of the shard of labels that begin with the character *first*, which
    is part of no word ("_symbols.28" for "("); the script names it by the same code."""
    return f"{SYMBOLS}.{ord(first):x}"


def _is_symbol(path: str) -> bool:
    return path.startswith(SYMBOLS)


def _under(prefix: str) -> Callable[[str], bool]:
    """Return a test for the shard names of words that begin with *prefix*."""
    if prefix in ("", "_"):  # the symbols' shard names begin so too
        return lambda path: path.startswith(prefix) and not _is_symbol(path)
    return methodcaller("startswith", prefix)


class _Plan:
    """Splits the entries into shards by the first letters of their words."""

    def __init__(self, indexed: Sequence[_Indexed], limit: int) -> None:
        self.indexed = indexed
        self.limit = limit
        self.split: set[str] = set()
        self.shards: dict[str, list[str]] = {}
        # The queries that get a "top" file, with the entries they can find.
        self.tops: dict[str, list[int]] = {}

    def rows(self, within: Iterable[int], belongs: Callable[[str], bool]) -> list[str]:
        """Return the records of the entries *within* that have a label that *belongs*."""
        rows = []
        for i in within:
            item = self.indexed[i]
            wanted = [t for t, paths in enumerate(item.term_paths) if any(map(belongs, paths))]
            if wanted or any(map(belongs, item.pref_paths)):
                rows.append(item.record(wanted))
        return rows

    def too_large(self, rows: Sequence[str]) -> bool:
        return sum(len(row) + 1 for row in rows) > self.limit

    def split_from(self, prefix: str, within: Iterable[int]) -> None:
        """Make *prefix* one shard, or split it by the next letter while it is too large."""
        within = list(within)
        if prefix == "":
            self.symbols(within)
        rows = self.rows(within, _under(prefix))
        if not rows:
            return
        if not self.too_large(rows) or len(prefix) >= MAX_DEPTH or prefix.endswith("_"):
            self.shards[prefix] = rows
            return
        self.split.add(prefix)
        if prefix:
            self.tops[prefix] = within
            exact = self.rows(within, prefix.__eq__)
            if exact:
                self.shards[f"{prefix}.exact"] = exact
        children: dict[str, list[int]] = {}
        for i in within:
            for path in self.indexed[i].paths:
                if len(path) > len(prefix) and _under(prefix)(path):
                    children.setdefault(path[: len(prefix) + 1], []).append(i)
        for child, members in sorted(children.items()):
            self.split_from(child, sorted(set(members)))

    def symbols(self, within: list[int]) -> None:
        """Make the shards of labels that begin with no word: one by each first character.

        A query of that one character gets a "top" file when its shard is too large; a longer
        query without words (rare) still needs the whole shard.
        """
        names = sorted({path for i in within for path in self.indexed[i].paths if _is_symbol(path)})
        for name in names:
            members = [i for i in within if name in self.indexed[i].paths]
            rows = self.rows(members, name.__eq__)
            self.shards[name] = rows
            if self.too_large(rows):
                self.tops[name] = members


class _Tops:
    """Chooses what a "top" file holds: the entries that can be among the first MAX_SHOWN
    results of a one-letter (or two-letter) query in some page language.

    The script ranks a result by its best label, then by the label it shows, in the browser's
    collation for the page language. Python only comes close to that collation, so each
    language keeps TOP_MARGIN results more than it shows.
    """

    def __init__(self, indexed: Sequence[_Indexed], fallbacks: Mapping[str, Sequence[str]]):
        self.indexed = indexed
        self.orders = {language: (*order, "") for language, order in fallbacks.items()}
        self.shown: dict[tuple[int, str], tuple[str, str]] = {}

    def top(self, name: str, within: Iterable[int]) -> tuple[int, list[str]]:
        """Return how many entries the query *name* finds, and the records to keep."""
        symbol = _is_symbol(name)
        query = chr(int(name.rsplit(".", 1)[1], 16)) if symbol else name
        starts = methodcaller("startswith", query)
        found = []
        for i in within:
            item = self.indexed[i]
            scores = [
                _match(keys, () if symbol else paths, starts)
                for keys, paths in zip(item.keys, item.label_paths, strict=True)
            ]
            if any(score is not None for score in scores):
                found.append((i, scores))
        keep: set[int] = set()
        room = MAX_SHOWN + TOP_MARGIN
        for language in self.orders:
            ranks = [(self.rank(i, scores, language), i) for i, scores in found]
            cut = sorted(rank for rank, _ in ranks)[min(room, len(ranks)) - 1]
            better = [i for rank, i in ranks if rank < cut]
            tied = [i for rank, i in ranks if rank == cut]
            keep.update(better)
            by_label = functools.partial(self.collation_key, language=language)
            keep.update(heapq.nsmallest(room - len(better), tied, key=by_label))
        prefs = {i: len(self.indexed[i].entry.prefs) for i in keep}
        rows = [
            self.indexed[i].record(
                t for t, score in enumerate(scores[prefs[i] :]) if score is not None
            )
            for i, scores in found
            if i in keep
        ]
        return len(found), rows

    def rank(self, i: int, scores: Sequence[int | None], language: str) -> int:
        """Return an entry's rank, as search() in search.js computes it: its best label's
        match plus 0 for the preferred label shown, 1 for another preferred label, 2 for any
        other label."""
        prefs = self.indexed[i].entry.prefs
        if len(prefs) == 1 and scores[0] == 0:
            return 0  # the one preferred label begins with the query: the best there is
        shown = self.shown_key(i, language)[0] if len(prefs) > 1 else None
        best = 9
        for n, score in enumerate(scores):
            if score is not None:
                if n >= len(prefs):
                    score += 2
                elif shown is not None and prefs[n][1] != shown:
                    score += 1
                best = min(best, score)
        return best

    def collation_key(self, i: int, language: str) -> str:
        return self.shown_key(i, language)[1]

    def shown_key(self, i: int, language: str) -> tuple[str, str]:
        """Return the preferred label shown for an entry in *language*, and its sort key."""
        if (i, language) not in self.shown:
            text = _shown(self.indexed[i].entry, self.orders[language])
            self.shown[i, language] = (text, _collation_key(text, language))
        return self.shown[i, language]


def _match(keys: Iterable[str], paths: Iterable[str], starts: Callable[[str], bool]) -> int | None:
    """Return how a label matches a one-word query: 0 from its beginning, 3 from a later
    word's, None not at all (match() in search.js, before the label's own rank is added).

    *starts* tells whether a text begins with the query. A word begins with the query when
    its shard name does: the query is a split shard's name, of a-z and 0-9 only and shorter
    than MAX_DEPTH (a shard name longer than MAX_DEPTH is never split).
    """
    if any(map(starts, keys)):
        return 0
    if any(map(starts, paths)):
        return 3
    return None


def _collation_key(text: str, language: str) -> str:
    """Return a key that sorts *text* about as a browser does in *language*.

    Browsers sort as the Unicode CLDR says: Norwegian and Danish with æ, ø, å after z and
    "aa" as "å", Swedish and Finnish with å, ä, ö after z.
    """
    order = collation(language)
    if order is NORWEGIAN_ORDER:
        return order.key(text.casefold().replace("aa", "å"))[0]
    return order.key(text)[0] if order.after_z else fold(text)


def _shown(entry: SearchEntry, order: Sequence[str]) -> str:
    """Return the preferred label the script shows for *entry*, as chooseLabel() does."""
    for language in order:
        for tag, text in entry.prefs:
            if tag == language:
                return text
    return entry.prefs[0][1] if entry.prefs else ""
