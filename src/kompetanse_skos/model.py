"""Turn the graph into Scheme, Concept and Collection dataclasses: the only place SKOS is read.

The site and its templates get these dataclasses and never query the graph. Everything is in a
fixed order, so that the same graph always gives the same model.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import Namespace
from rdflib.term import Node

from kompetanse_skos.namespaces import DCTERMS, EUVOC, FOAF, OWL, RDF, RDFS, SKOS, VCARD

ADMS = Namespace("http://www.w3.org/ns/adms#")

# Note kinds in the order a reader wants them; definitions have a place of their own.
NOTE_KINDS = ("scopeNote", "note", "example", "historyNote", "editorialNote", "changeNote")
MAPPING_KINDS = ("exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch")
_NAME_PROPERTIES = (SKOS.prefLabel, DCTERMS.title, RDFS.label, FOAF.name, VCARD.fn)


@dataclass(frozen=True, order=True)
class Label:
    """A text in one language; the language is "" when the data gives none."""

    text: str
    language: str = ""


@dataclass(frozen=True, order=True)
class Value:
    """A value that is either a resource (a URI) or a text."""

    text: str
    language: str = ""
    is_uri: bool = False


@dataclass(frozen=True)
class Agent:
    """A publisher: its URI, if it has one, and its names."""

    uri: str | None
    names: tuple[Label, ...]


@dataclass(frozen=True)
class Concept:
    """One concept, as its page shows it. Relations are URIs, stated in either direction."""

    uri: str
    pref_labels: tuple[Label, ...] = ()
    alt_labels: tuple[Label, ...] = ()
    hidden_labels: tuple[Label, ...] = ()
    definitions: tuple[Label, ...] = ()
    notes: tuple[tuple[str, tuple[Label, ...]], ...] = ()
    notations: tuple[str, ...] = ()
    schemes: tuple[str, ...] = ()
    top_concept_of: tuple[str, ...] = ()
    broader: tuple[str, ...] = ()
    narrower: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    mappings: tuple[tuple[str, tuple[str, ...]], ...] = ()
    sources: tuple[Value, ...] = ()
    status: str | None = None
    deprecated: bool = False
    replaced_by: tuple[str, ...] = ()
    created: str | None = None
    modified: str | None = None
    collections: tuple[str, ...] = ()

    @property
    def status_code(self) -> str | None:
        """Return the status as a short code such as ``DRAFT`` (the last part of its URI)."""
        if self.status is None:
            return None
        return re.split(r"[/#]", self.status.rstrip("/"))[-1].upper()

    @property
    def draft(self) -> bool:
        """Whether the data marks this concept as a draft."""
        return self.status_code in ("DRAFT", "UTKAST")


@dataclass(frozen=True)
class Scheme:
    """A concept scheme with what its page and the home page show."""

    uri: str
    titles: tuple[Label, ...] = ()
    descriptions: tuple[Label, ...] = ()
    top_concepts: tuple[str, ...] = ()
    concepts: tuple[str, ...] = ()
    notes: tuple[tuple[str, tuple[Label, ...]], ...] = ()
    version: str | None = None
    issued: str | None = None
    modified: str | None = None
    publisher: Agent | None = None
    licences: tuple[Value, ...] = ()
    sources: tuple[Value, ...] = ()
    see_also: tuple[Value, ...] = ()
    part_of: tuple[str, ...] = ()
    has_part: tuple[str, ...] = ()


@dataclass(frozen=True)
class Collection:
    """A collection of concepts; its members keep their order when the data gives one."""

    uri: str
    labels: tuple[Label, ...] = ()
    definitions: tuple[Label, ...] = ()
    notes: tuple[tuple[str, tuple[Label, ...]], ...] = ()
    members: tuple[str, ...] = ()
    ordered: bool = False


@dataclass(frozen=True)
class Model:
    """Every scheme, concept and collection, and the names of anything else referred to."""

    schemes: dict[str, Scheme] = field(default_factory=dict)
    concepts: dict[str, Concept] = field(default_factory=dict)
    collections: dict[str, Collection] = field(default_factory=dict)
    names: dict[str, tuple[Label, ...]] = field(default_factory=dict)
    # The graph node behind each id, for writing a resource's RDF; not part of what is shown.
    nodes: dict[str, Node] = field(default_factory=dict, compare=False, repr=False)

    def labels_of(self, uri: str) -> tuple[Label, ...]:
        """Return the preferred labels (or titles, or names) of any resource in the model."""
        if uri in self.concepts:
            return self.concepts[uri].pref_labels
        if uri in self.schemes:
            return self.schemes[uri].titles
        if uri in self.collections:
            return self.collections[uri].labels
        return self.names.get(uri, ())


def read_model(graph: Graph) -> Model:
    """Read every scheme, concept and collection in *graph* into a Model."""
    reader = _Reader(graph)
    concept_nodes = reader.subjects_of_type(SKOS.Concept)
    scheme_nodes = reader.subjects_of_type(SKOS.ConceptScheme)
    collection_nodes = reader.subjects_of_type(SKOS.Collection) + reader.subjects_of_type(
        SKOS.OrderedCollection
    )
    collections = {reader.id(node): reader.collection(node) for node in collection_nodes}
    member_of: dict[str, list[str]] = {}
    for collection in collections.values():
        for member in collection.members:
            member_of.setdefault(member, []).append(collection.uri)
    concepts = {}
    for node in concept_nodes:
        concept_id = reader.id(node)
        concepts[concept_id] = reader.concept(node, tuple(sorted(member_of.get(concept_id, []))))
    schemes = {reader.id(node): reader.scheme(node) for node in scheme_nodes}
    nodes = {reader.id(node): node for node in concept_nodes + scheme_nodes + collection_nodes}
    return Model(
        schemes=dict(sorted(schemes.items())),
        concepts=dict(sorted(concepts.items())),
        collections=dict(sorted(collections.items())),
        names=reader.names(skip=set(nodes)),
        nodes=nodes,
    )


def notation_key(notation: str) -> tuple[tuple[int, int | str], ...]:
    """Return a key that sorts notations naturally: "2.9" before "2.10"."""
    parts = re.findall(r"\d+|\D+", notation)
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in parts)


class _Reader:
    """Reads one graph; names blank nodes by their content so the model is reproducible."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self._ids: dict[Node, str] = {}

    def subjects_of_type(self, kind: URIRef) -> list[Node]:
        found = {s for s in self.graph.subjects(RDF.type, kind) if isinstance(s, URIRef | BNode)}
        return sorted(found, key=self.id)

    def id(self, node: Node) -> str:
        """Return a URI's text, or a stable name for a blank node."""
        if isinstance(node, URIRef):
            return str(node)
        if node not in self._ids:
            described = sorted(
                f"{p.n3()} {o.n3() if not isinstance(o, BNode) else '[]'}"
                for p, o in self.graph.predicate_objects(node)
            )
            digest = hashlib.sha256("\n".join(described).encode("utf-8")).hexdigest()[:16]
            self._ids[node] = f"_:{digest}"
        return self._ids[node]

    def ids(self, nodes: Iterable[Node]) -> tuple[str, ...]:
        return tuple(sorted({self.id(n) for n in nodes if isinstance(n, URIRef | BNode)}))

    def labels(self, node: Node, *properties: URIRef) -> tuple[Label, ...]:
        found = {
            Label(str(value), value.language or "")
            for prop in properties
            for value in self.graph.objects(node, prop)
            if isinstance(value, Literal) and str(value).strip()
        }
        return tuple(sorted(found, key=lambda label: (label.language, label.text)))

    def first_labels(self, node: Node, *properties: URIRef) -> tuple[Label, ...]:
        """Return the labels of the first property in *properties* that has any."""
        for prop in properties:
            labels = self.labels(node, prop)
            if labels:
                return labels
        return ()

    def values(self, node: Node, prop: URIRef) -> tuple[Value, ...]:
        found = set()
        for value in self.graph.objects(node, prop):
            if isinstance(value, Literal):
                found.add(Value(str(value), value.language or ""))
            elif isinstance(value, URIRef | BNode):
                found.add(Value(self.id(value), is_uri=isinstance(value, URIRef)))
        return tuple(sorted(found))

    def text(self, node: Node, prop: URIRef) -> str | None:
        values = sorted(str(v) for v in self.graph.objects(node, prop) if isinstance(v, Literal))
        return values[0] if values else None

    def notes(self, node: Node) -> tuple[tuple[str, tuple[Label, ...]], ...]:
        found = ((kind, self.labels(node, SKOS[kind])) for kind in NOTE_KINDS)
        return tuple((kind, labels) for kind, labels in found if labels)

    def both_ways(self, node: Node, forward: URIRef, backward: URIRef) -> tuple[str, ...]:
        targets = set(self.graph.objects(node, forward)) | set(self.graph.subjects(backward, node))
        return self.ids(t for t in targets if t != node)

    def concept(self, node: Node, collections: tuple[str, ...]) -> Concept:
        graph = self.graph
        status = graph.value(node, EUVOC.status) or graph.value(node, ADMS.status)
        deprecated = any(
            str(value).strip().lower() in ("true", "1")
            for value in graph.objects(node, OWL.deprecated)
        )
        schemes = set(graph.objects(node, SKOS.inScheme)) | set(
            graph.objects(node, SKOS.topConceptOf)
        )
        schemes |= set(graph.subjects(SKOS.hasTopConcept, node))
        top_of = set(graph.objects(node, SKOS.topConceptOf)) | set(
            graph.subjects(SKOS.hasTopConcept, node)
        )
        mappings = tuple(
            (kind, self.ids(graph.objects(node, SKOS[kind])))
            for kind in MAPPING_KINDS
            if (node, SKOS[kind], None) in graph
        )
        return Concept(
            uri=self.id(node),
            pref_labels=self.labels(node, SKOS.prefLabel),
            alt_labels=self.labels(node, SKOS.altLabel),
            hidden_labels=self.labels(node, SKOS.hiddenLabel),
            definitions=self.labels(node, SKOS.definition),
            notes=self.notes(node),
            notations=tuple(sorted({str(n) for n in graph.objects(node, SKOS.notation)})),
            schemes=self.ids(schemes),
            top_concept_of=self.ids(top_of),
            broader=self.both_ways(node, SKOS.broader, SKOS.narrower),
            narrower=self.both_ways(node, SKOS.narrower, SKOS.broader),
            related=self.both_ways(node, SKOS.related, SKOS.related),
            mappings=mappings,
            sources=self.values(node, DCTERMS.source),
            status=str(status) if status is not None else None,
            deprecated=deprecated,
            replaced_by=self.ids(graph.objects(node, DCTERMS.isReplacedBy)),
            created=self.text(node, DCTERMS.created),
            modified=self.text(node, DCTERMS.modified),
            collections=collections,
        )

    def scheme(self, node: Node) -> Scheme:
        graph = self.graph
        tops = set(graph.objects(node, SKOS.hasTopConcept)) | set(
            graph.subjects(SKOS.topConceptOf, node)
        )
        members = set(graph.subjects(SKOS.inScheme, node)) | tops
        publisher = graph.value(node, DCTERMS.publisher)
        return Scheme(
            uri=self.id(node),
            titles=self.first_labels(node, DCTERMS.title, SKOS.prefLabel, RDFS.label),
            descriptions=self.first_labels(
                node, DCTERMS.description, SKOS.definition, RDFS.comment
            ),
            top_concepts=self.ids(tops),
            concepts=self.ids(members),
            notes=self.notes(node),
            version=self.text(node, OWL.versionInfo),
            issued=self.text(node, DCTERMS.issued),
            modified=self.text(node, DCTERMS.modified),
            publisher=self.agent(publisher) if publisher is not None else None,
            licences=self.values(node, DCTERMS.license),
            sources=self.values(node, DCTERMS.source),
            see_also=self.values(node, RDFS.seeAlso),
            part_of=self.ids(graph.objects(node, DCTERMS.isPartOf)),
            has_part=self.ids(graph.objects(node, DCTERMS.hasPart)),
        )

    def agent(self, node: Node) -> Agent:
        if isinstance(node, Literal):
            return Agent(None, (Label(str(node), node.language or ""),))
        uri = str(node) if isinstance(node, URIRef) else None
        return Agent(uri, self.first_labels(node, FOAF.name, SKOS.prefLabel, RDFS.label, VCARD.fn))

    def collection(self, node: Node) -> Collection:
        graph = self.graph
        listed = graph.value(node, SKOS.memberList)
        if listed is not None:
            members = tuple(dict.fromkeys(self.id(m) for m in graph.items(listed)))
        else:
            members = self.ids(graph.objects(node, SKOS.member))
        return Collection(
            uri=self.id(node),
            labels=self.first_labels(node, SKOS.prefLabel, DCTERMS.title, RDFS.label),
            definitions=self.labels(node, SKOS.definition),
            notes=self.notes(node),
            members=members,
            ordered=listed is not None,
        )

    def names(self, skip: set[str]) -> dict[str, tuple[Label, ...]]:
        """Return the names of every other resource with a URI that the graph names."""
        found: dict[str, tuple[Label, ...]] = {}
        subjects = {s for p in _NAME_PROPERTIES for s in self.graph.subjects(p, None)}
        for subject in sorted(s for s in subjects if isinstance(s, URIRef) and str(s) not in skip):
            found[str(subject)] = self.first_labels(subject, *_NAME_PROPERTIES)
        return found


def scheme_members(graph: Graph, scheme: Node) -> set[Node]:
    """Return the concepts of *scheme*: in it, or its top concepts either way round."""
    members = set(graph.subjects(SKOS.inScheme, scheme))
    members |= set(graph.subjects(SKOS.topConceptOf, scheme))
    members |= set(graph.objects(scheme, SKOS.hasTopConcept))
    return members


def main_scheme(graph: Graph) -> URIRef | None:
    """Return the scheme the vocabulary is about: the home page's, and the catalogue record's.

    That is the scheme with the most concepts; on a tie, one that is not part of another
    scheme (a whole model rather than one of its parts), then the first by URI.
    """
    schemes = {s for s in graph.subjects(RDF.type, SKOS.ConceptScheme) if isinstance(s, URIRef)}
    parts: set[Node] = {s for s in schemes if set(graph.objects(s, DCTERMS.isPartOf)) & schemes}
    parts |= {p for s in schemes for p in graph.objects(s, DCTERMS.hasPart) if p in schemes}
    ranked = sorted(schemes, key=lambda s: (-len(scheme_members(graph, s)), s in parts, str(s)))
    return ranked[0] if ranked else None
