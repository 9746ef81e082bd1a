"""Compare two versions of a vocabulary: what was added, removed, deprecated, relabelled, moved.

The changelog is computed over the model (model.py), so it speaks of concepts, collections and
schemes, never of triples. A release may add and deprecate, but never remove: a URI that was
published once must keep resolving.
"""

from __future__ import annotations

import json
import tempfile
import urllib.error
import urllib.request
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef

from kompetanse_skos.errors import LoadError
from kompetanse_skos.rdf.dumps import serialize
from kompetanse_skos.rdf.formats import BY_MEDIA_TYPE, DUMP_FORMATS, TURTLE, format_of
from kompetanse_skos.rdf.namespaces import OWL, RDF
from kompetanse_skos.vocabulary.load import Vocabulary, load_vocabulary
from kompetanse_skos.vocabulary.model import Concept, Label, Model, model_of

# Every kind of change, in the order a changelog lists them.
KINDS = (
    "added",
    "removed",
    "deprecated",
    "undeprecated",
    "pref_label",
    "alt_label_added",
    "alt_label_removed",
    "definition",
    "moved",
    "related",
    "mapping",
)
CHANGES_VOCAB = "https://w3id.org/kompetanse-skos/changes#"
FETCH_TIMEOUT = 30  # seconds


@dataclass(frozen=True, order=True)
class Change:
    """One change to one resource; *language* is set for texts, *before*/*after* hold values."""

    uri: str
    kind: str
    resource: str = "concept"  # concept, collection or scheme
    language: str = ""
    before: tuple[str, ...] = ()
    after: tuple[str, ...] = ()


@dataclass(frozen=True)
class Changelog:
    """The changes between two versions, and the versions' own numbers when they state one."""

    old_version: str | None
    new_version: str | None
    changes: tuple[Change, ...]

    @property
    def removed(self) -> tuple[Change, ...]:
        """Return the resources of the old version that the new one lacks."""
        return tuple(change for change in self.changes if change.kind == "removed")

    def of_kind(self, kind: str) -> tuple[Change, ...]:
        """Return the changes of one kind, in order."""
        return tuple(change for change in self.changes if change.kind == kind)


def unchanged_version_message(changelog: Changelog) -> str | None:
    """Return why the version number should be raised, or None when it need not be.

    It should be when the content changed (the changelog has a change) while the main
    scheme's owl:versionInfo is the same as the previous release's.
    """
    if not changelog.changes or changelog.new_version is None:
        return None
    if changelog.old_version != changelog.new_version:
        return None
    count = len(changelog.changes)
    return (
        f"The vocabulary has {count} change{'s' if count != 1 else ''} since the previous "
        f"release, but its version is still {changelog.new_version}; raise owl:versionInfo "
        "on the main concept scheme (and set dct:modified) before publishing."
    )


def compare_graphs(old: Vocabulary, new: Vocabulary) -> Changelog:
    """Return the concept-level changes from *old* to *new*."""
    before, after = model_of(old), model_of(new)
    changes: list[Change] = []
    for kind, old_items, new_items in (
        ("scheme", before.schemes, after.schemes),
        ("collection", before.collections, after.collections),
        ("concept", before.concepts, after.concepts),
    ):
        new_all = {*after.schemes, *after.collections, *after.concepts}
        old_all = {*before.schemes, *before.collections, *before.concepts}
        for uri in sorted(set(new_items) - old_all):
            if not uri.startswith("_:"):
                changes.append(Change(uri, "added", kind))
        for uri in sorted(set(old_items) - new_all):
            if not uri.startswith("_:"):
                changes.append(Change(uri, "removed", kind))
    for uri in sorted(set(before.concepts) & set(after.concepts)):
        changes.extend(_concept_changes(before.concepts[uri], after.concepts[uri]))
    order = {kind: index for index, kind in enumerate(KINDS)}
    changes.sort(key=lambda c: (order[c.kind], c.uri, c.language, c.before, c.after))
    return Changelog(_version(before), _version(after), tuple(changes))


def _version(model: Model) -> str | None:
    scheme = model.main
    return scheme.version if scheme else None


def _concept_changes(old: Concept, new: Concept) -> Iterator[Change]:
    uri = old.uri
    if new.deprecated and not old.deprecated:
        yield Change(uri, "deprecated", after=new.replaced_by)
    elif old.deprecated and not new.deprecated:
        yield Change(uri, "undeprecated")
    for language in _languages(old.pref_labels, new.pref_labels):
        was, now = _texts(old.pref_labels, language), _texts(new.pref_labels, language)
        if was != now:
            yield Change(uri, "pref_label", language=language, before=was, after=now)
    for language in _languages(old.alt_labels, new.alt_labels):
        was, now = _texts(old.alt_labels, language), _texts(new.alt_labels, language)
        if set(now) - set(was):
            added = tuple(sorted(set(now) - set(was)))
            yield Change(uri, "alt_label_added", language=language, after=added)
        if set(was) - set(now):
            removed = tuple(sorted(set(was) - set(now)))
            yield Change(uri, "alt_label_removed", language=language, before=removed)
    for language in _languages(old.definitions, new.definitions):
        was, now = _texts(old.definitions, language), _texts(new.definitions, language)
        if was != now:
            yield Change(uri, "definition", language=language, before=was, after=now)
    if set(old.broader) != set(new.broader):
        yield Change(uri, "moved", before=old.broader, after=new.broader)
    if set(old.related) != set(new.related):
        yield Change(uri, "related", before=old.related, after=new.related)
    was_mapped, now_mapped = dict(old.mappings), dict(new.mappings)
    for kind in sorted(set(was_mapped) | set(now_mapped)):
        was_targets, now_targets = was_mapped.get(kind, ()), now_mapped.get(kind, ())
        if set(was_targets) != set(now_targets):
            yield Change(uri, "mapping", language=kind, before=was_targets, after=now_targets)


def _languages(*groups: Iterable[Label]) -> list[str]:
    return sorted({label.language for group in groups for label in group})


def _texts(labels: Iterable[Label], language: str) -> tuple[str, ...]:
    return tuple(sorted(label.text for label in labels if label.language == language))


# -- reading the previous release ----------------------------------------------------------


def read_release(source: str | Path) -> Vocabulary:
    """Read a previous release's dump from a file (any RDF syntax load.py reads) or a URL."""
    text = str(source)
    if text.startswith(("http://", "https://")):
        return _fetch(text)
    return load_vocabulary([Path(source)])


def _fetch(url: str) -> Vocabulary:
    # The dumps' media types, the first preferred: text/turtle, then q=0.9, 0.8, 0.7.
    accept = ", ".join(
        dump.media_type + (f";q={1 - n / 10:.1f}" if n else "")
        for n, dump in enumerate(DUMP_FORMATS)
    )
    request = urllib.request.Request(url, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT) as response:
            data = response.read()
            media_type = response.headers.get_content_type()
    except urllib.error.HTTPError as error:
        raise LoadError(f"{url}: cannot fetch the previous release: HTTP {error.code}") from error
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        raise LoadError(f"{url}: cannot fetch the previous release: {reason}") from error
    known = BY_MEDIA_TYPE.get(media_type) or format_of(url.split("?", 1)[0].split("#", 1)[0])
    suffix = known.suffix if known is not None else TURTLE.suffix
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"previous{suffix}"
        path.write_bytes(data)
        try:
            return load_vocabulary([path])
        except LoadError as error:
            raise LoadError(error.message.replace(str(path), url)) from error


# -- writing it out ------------------------------------------------------------------------


def removal_message(changelog: Changelog) -> str:
    """Explain which published URIs a release would break, and how to keep them."""
    lines = [
        f"{len(changelog.removed)} URI(s) of the previous release are missing; a published URI "
        "must stay: keep the resource, mark it owl:deprecated true, and add dct:isReplacedBy "
        "where it has a successor:"
    ]
    lines += [f"  {change.uri} ({change.resource})" for change in changelog.removed]
    return "\n".join(lines)


def changes_data(changelog: Changelog) -> dict[str, object]:
    """Return the changelog as plain data, the form of changes.json."""
    return {
        "old_version": changelog.old_version,
        "new_version": changelog.new_version,
        "counts": {kind: len(changelog.of_kind(kind)) for kind in KINDS},
        "changes": [
            {key: list(value) if isinstance(value, tuple) else value for key, value in item.items()}
            for item in (asdict(change) for change in changelog.changes)
        ],
    }


def changes_json(changelog: Changelog) -> str:
    """Return changes.json's text: stable key order, one change per object."""
    return json.dumps(changes_data(changelog), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def changes_graph(changelog: Changelog) -> Graph:
    """Return the changelog as RDF: the new owl:deprecated facts and one node per change."""
    graph = Graph(bind_namespaces="core")
    graph.bind("chg", CHANGES_VOCAB)
    for index, change in enumerate(changelog.changes, start=1):
        node = URIRef(f"{CHANGES_VOCAB}change-{index}")
        graph.add((node, RDF.type, URIRef(CHANGES_VOCAB + "Change")))
        graph.add((node, URIRef(CHANGES_VOCAB + "kind"), Literal(change.kind)))
        graph.add((node, URIRef(CHANGES_VOCAB + "resource"), _node(change.uri)))
        if change.language:
            graph.add((node, URIRef(CHANGES_VOCAB + "language"), Literal(change.language)))
        for value in change.before:
            graph.add((node, URIRef(CHANGES_VOCAB + "before"), _node(value)))
        for value in change.after:
            graph.add((node, URIRef(CHANGES_VOCAB + "after"), _node(value)))
        if change.kind == "deprecated":
            graph.add((_node(change.uri), OWL.deprecated, Literal(True)))
    return graph


def _node(value: str) -> URIRef | Literal:
    return URIRef(value) if "://" in value and " " not in value else Literal(value)


def changes_text(changelog: Changelog) -> str:
    """Return the changelog for a terminal: one line per change, grouped by kind."""
    old = changelog.old_version or "?"
    new = changelog.new_version or "?"
    lines = [f"Changes from version {old} to {new}: {len(changelog.changes)}"]
    for kind in KINDS:
        group = changelog.of_kind(kind)
        if not group:
            continue
        lines.append(f"\n{kind} ({len(group)}):")
        for change in group:
            detail = f" [{change.language}]" if change.language else ""
            if change.resource != "concept":
                detail += f" ({change.resource})"
            if change.before or change.after:
                detail += f": {_listing(change.before)} -> {_listing(change.after)}"
            lines.append(f"  {change.uri}{detail}")
    return "\n".join(lines)


def _listing(values: tuple[str, ...]) -> str:
    return " | ".join(repr(value) for value in values) if values else "-"


CHANGES_FILES = ("changes.json", "changes.ttl")


def changes_files(changelog: Changelog) -> dict[str, bytes]:
    """Return ``changes.json`` and ``changes.ttl`` by name."""
    return {
        CHANGES_FILES[0]: changes_json(changelog).encode("utf-8"),
        CHANGES_FILES[1]: serialize(changes_graph(changelog), TURTLE),
    }
