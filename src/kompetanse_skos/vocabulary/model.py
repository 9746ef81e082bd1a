"""Turn the graph into Scheme, Concept and Collection dataclasses: the only place SKOS is read.

The site and its templates get these dataclasses and never query the graph. Everything is in a
fixed order, so that the same graph always gives the same model.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from types import SimpleNamespace

import pyoxigraph as ox
from rdflib.namespace import DefinedNamespace, Namespace

from kompetanse_skos.rdf.namespaces import DCAT, DCTERMS, EUVOC, FOAF, OWL, RDF, RDFS, SKOS, VCARD
from kompetanse_skos.rdf.terms import OxTerm, text_of
from kompetanse_skos.vocabulary.load import Vocabulary

ADMS = Namespace("http://www.w3.org/ns/adms#")

# Note kinds in the order a reader wants them; definitions have a place of their own.
NOTE_KINDS = ("scopeNote", "note", "example", "historyNote", "editorialNote", "changeNote")
MAPPING_KINDS = ("exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch")


# The terms the reader uses, as plain text: rdflib's namespaces make a new URIRef per lookup.
def _plain(namespace: Namespace | type[DefinedNamespace], names: str) -> SimpleNamespace:
    return SimpleNamespace(**{name: str(namespace[name]) for name in names.split()})


_ADMS = _plain(ADMS, "status")
_EUVOC = _plain(EUVOC, "status")
_FOAF = _plain(FOAF, "name")
_VCARD = _plain(VCARD, "fn hasEmail hasURL")
_DCAT = _plain(DCAT, "contactPoint")
_OWL = _plain(OWL, "deprecated versionInfo")
_RDF = _plain(RDF, "first rest type")
_RDFS = _plain(RDFS, "comment label seeAlso")
_DCTERMS = _plain(
    DCTERMS,
    "created description hasPart isPartOf isReplacedBy issued license modified publisher "
    "relation source title",
)
_SKOS = _plain(
    SKOS,
    "altLabel broader definition hasTopConcept hiddenLabel inScheme member memberList "
    "narrower notation prefLabel related topConceptOf",
)
_NOTE_PROPERTIES = {kind: str(SKOS[kind]) for kind in NOTE_KINDS}
_MAPPING_PROPERTIES = {kind: str(SKOS[kind]) for kind in MAPPING_KINDS}
_NAME_PROPERTIES = (SKOS.prefLabel, DCTERMS.title, RDFS.label, FOAF.name, VCARD.fn)
_NIL = ox.NamedNode(str(RDF.nil))
_NONE: list[OxTerm] = []  # what a resource without a property has; never changed
Resource = ox.NamedNode | ox.BlankNode | ox.Triple


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
class Contact:
    """A contact point: its names, web page and e-mail address (each may be missing)."""

    names: tuple[Label, ...] = ()
    url: str | None = None
    email: str | None = None


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
    relations: tuple[str, ...] = ()  # dct:relation: resources it is related to (a scheme)

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
    contact: Contact | None = None


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
    nodes: dict[str, Resource] = field(default_factory=dict, compare=False, repr=False)

    @cached_property
    def main(self) -> Scheme | None:
        """The scheme the vocabulary is about: the home page's, and the catalogue record's.

        That is the scheme with the most concepts; on a tie, one that is not part of another
        scheme (a whole model rather than one of its parts), then the first by URI.
        """
        schemes = {uri: s for uri, s in self.schemes.items() if not uri.startswith("_:")}
        parts = {uri for uri, s in schemes.items() if set(s.part_of) & set(schemes)}
        parts |= {part for s in schemes.values() for part in s.has_part if part in schemes}
        ranked = sorted(schemes, key=lambda uri: (-len(schemes[uri].concepts), uri in parts, uri))
        return schemes[ranked[0]] if ranked else None

    def labels_of(self, uri: str) -> tuple[Label, ...]:
        """Return the preferred labels (or titles, or names) of any resource in the model."""
        if uri in self.concepts:
            return self.concepts[uri].pref_labels
        if uri in self.schemes:
            return self.schemes[uri].titles
        if uri in self.collections:
            return self.collections[uri].labels
        return self.names.get(uri, ())


def model_of(vocabulary: Vocabulary) -> Model:
    """Return the vocabulary's model, read once and shared by every output until it changes."""
    model = vocabulary.derived.get("model")
    if not isinstance(model, Model):
        model = vocabulary.derived["model"] = read_model(vocabulary)
    return model


def read_model(vocabulary: Vocabulary) -> Model:
    """Read every scheme, concept and collection of *vocabulary* into a Model."""
    reader = _Reader(vocabulary)
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


def begins_with_notation(label: str, notation: str) -> bool:
    """Tell whether *label* already begins with *notation* ("V.05 Economics" with "V.05"),
    so that the notation need not be shown before it."""
    if not notation or not label.startswith(notation):
        return False
    rest = label[len(notation) :]
    return not rest or not rest[0].isalnum()


def notation_key(notation: str) -> tuple[tuple[int, int | str], ...]:
    """Return a key that sorts notations naturally: "2.9" before "2.10"."""
    parts = re.findall(r"\d+|\D+", notation)
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in parts)


class _Index:
    """The vocabulary's statements, indexed by property on first use, in both directions.

    Reading a property once for all resources is much faster than asking the store about
    each resource: the model of a large thesaurus reads a few dozen properties.
    """

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary
        self._forward: dict[str, dict[Resource, list[OxTerm]]] = {}
        self._backward: dict[str, dict[OxTerm, list[Resource]]] = {}

    def _read(self, prop: str) -> dict[Resource, list[OxTerm]]:
        forward: dict[Resource, list[OxTerm]] = {}
        for subject, value in self.vocabulary.pairs(ox.NamedNode(prop)):
            forward.setdefault(subject, []).append(value)  # type: ignore[arg-type]
        self._forward[prop] = forward
        return forward

    def objects(self, node: OxTerm, prop: str) -> list[OxTerm]:
        forward = self._forward.get(prop)
        if forward is None:
            forward = self._read(prop)
        return forward.get(node, _NONE)  # type: ignore[arg-type]

    def subjects(self, prop: str, value: OxTerm | None = None) -> list[Resource]:
        backward = self._backward.get(prop)
        if backward is None:
            forward = self._forward.get(prop)
            if forward is None:
                forward = self._read(prop)
            backward = self._backward[prop] = {}
            for subject, values in forward.items():
                for found in values:
                    backward.setdefault(found, []).append(subject)
        if value is None:
            return list(self._forward[prop])
        return backward.get(value, [])

    def value(self, node: OxTerm, prop: str) -> OxTerm | None:
        found = self.objects(node, prop)
        return min(found, key=str) if found else None

    def has(self, node: OxTerm, prop: str) -> bool:
        return bool(self.objects(node, prop))

    def predicate_objects(self, node: Resource) -> list[tuple[ox.NamedNode, OxTerm]]:
        return [(t.predicate, t.object) for t in self.vocabulary.triples(node, None, None)]

    def items(self, head: OxTerm) -> list[OxTerm]:
        """Return the members of the RDF list starting at *head*, stopping at any loop."""
        found: list[OxTerm] = []
        seen: set[OxTerm] = set()
        while head not in seen and head != _NIL:
            seen.add(head)
            first = self.value(head, _RDF.first)
            if first is None:
                break
            found.append(first)
            rest = self.value(head, _RDF.rest)
            if rest is None:
                break
            head = rest
        return found


class _Reader:
    """Reads one vocabulary; names blank nodes by their content so the model is reproducible."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.graph = _Index(vocabulary)
        self._ids: dict[OxTerm, str] = {}

    def subjects_of_type(self, kind: str) -> list[Resource]:
        found = set(self.graph.subjects(_RDF.type, ox.NamedNode(kind)))
        return sorted(found, key=self.id)

    def id(self, node: OxTerm) -> str:
        """Return a URI's text, or a stable name for a blank node."""
        if isinstance(node, ox.NamedNode):
            return node.value
        if node not in self._ids:
            described = sorted(
                f"{p} {o if not isinstance(o, ox.BlankNode) else '[]'}"
                for p, o in self.graph.predicate_objects(node)  # type: ignore[arg-type]
            )
            digest = hashlib.sha256("\n".join(described).encode("utf-8")).hexdigest()[:16]
            self._ids[node] = f"_:{digest}"
        return self._ids[node]

    def ids(self, nodes: Iterable[OxTerm]) -> tuple[str, ...]:
        return tuple(sorted({self.id(n) for n in nodes if not isinstance(n, ox.Literal)}))

    def labels(self, node: OxTerm, *properties: str) -> tuple[Label, ...]:
        found = {
            Label(value.value, value.language or "")
            for prop in properties
            for value in self.graph.objects(node, prop)
            if isinstance(value, ox.Literal) and value.value.strip()
        }
        return tuple(sorted(found, key=lambda label: (label.language, label.text)))

    def first_labels(self, node: OxTerm, *properties: str) -> tuple[Label, ...]:
        """Return the labels of the first property in *properties* that has any."""
        for prop in properties:
            labels = self.labels(node, prop)
            if labels:
                return labels
        return ()

    def values(self, node: OxTerm, prop: str) -> tuple[Value, ...]:
        found = set()
        for value in self.graph.objects(node, prop):
            if isinstance(value, ox.Literal):
                found.add(Value(value.value, value.language or ""))
            else:
                found.add(Value(self.id(value), is_uri=isinstance(value, ox.NamedNode)))
        return tuple(sorted(found))

    def text(self, node: OxTerm, prop: str) -> str | None:
        found = self.graph.objects(node, prop)
        values = sorted(v.value for v in found if isinstance(v, ox.Literal))
        return values[0] if values else None

    def notes(self, node: OxTerm) -> tuple[tuple[str, tuple[Label, ...]], ...]:
        found = ((kind, self.labels(node, _NOTE_PROPERTIES[kind])) for kind in NOTE_KINDS)
        return tuple((kind, labels) for kind, labels in found if labels)

    def both_ways(self, node: OxTerm, forward: str, backward: str) -> tuple[str, ...]:
        targets = set(self.graph.objects(node, forward)) | set(self.graph.subjects(backward, node))
        return self.ids(t for t in targets if t != node)

    def concept(self, node: OxTerm, collections: tuple[str, ...]) -> Concept:
        graph = self.graph
        status = graph.value(node, _EUVOC.status) or graph.value(node, _ADMS.status)
        deprecated = any(
            text_of(value).strip().lower() in ("true", "1")
            for value in graph.objects(node, _OWL.deprecated)
        )
        schemes = set(graph.objects(node, _SKOS.inScheme)) | set(
            graph.objects(node, _SKOS.topConceptOf)
        )
        schemes |= set(graph.subjects(_SKOS.hasTopConcept, node))
        top_of = set(graph.objects(node, _SKOS.topConceptOf)) | set(
            graph.subjects(_SKOS.hasTopConcept, node)
        )
        mappings = tuple(
            (kind, self.ids(graph.objects(node, prop)))
            for kind, prop in _MAPPING_PROPERTIES.items()
            if graph.has(node, prop)
        )
        return Concept(
            uri=self.id(node),
            pref_labels=self.labels(node, _SKOS.prefLabel),
            alt_labels=self.labels(node, _SKOS.altLabel),
            hidden_labels=self.labels(node, _SKOS.hiddenLabel),
            definitions=self.labels(node, _SKOS.definition),
            notes=self.notes(node),
            notations=tuple(sorted({text_of(n) for n in graph.objects(node, _SKOS.notation)})),
            schemes=self.ids(schemes),
            top_concept_of=self.ids(top_of),
            broader=self.both_ways(node, _SKOS.broader, _SKOS.narrower),
            narrower=self.both_ways(node, _SKOS.narrower, _SKOS.broader),
            related=self.both_ways(node, _SKOS.related, _SKOS.related),
            mappings=mappings,
            sources=self.values(node, _DCTERMS.source),
            status=text_of(status) if status is not None else None,
            deprecated=deprecated,
            replaced_by=self.ids(graph.objects(node, _DCTERMS.isReplacedBy)),
            created=self.text(node, _DCTERMS.created),
            modified=self.text(node, _DCTERMS.modified),
            collections=collections,
            relations=self.ids(graph.objects(node, _DCTERMS.relation)),
        )

    def scheme(self, node: OxTerm) -> Scheme:
        graph = self.graph
        tops = set(graph.objects(node, _SKOS.hasTopConcept)) | set(
            graph.subjects(_SKOS.topConceptOf, node)
        )
        members = set(graph.subjects(_SKOS.inScheme, node)) | tops
        publisher = graph.value(node, _DCTERMS.publisher)
        contact = graph.value(node, _DCAT.contactPoint)
        return Scheme(
            uri=self.id(node),
            titles=self.first_labels(node, _DCTERMS.title, _SKOS.prefLabel, _RDFS.label),
            descriptions=self.first_labels(
                node, _DCTERMS.description, _SKOS.definition, _RDFS.comment
            ),
            top_concepts=self.ids(tops),
            concepts=self.ids(members),
            notes=self.notes(node),
            version=self.text(node, _OWL.versionInfo),
            issued=self.text(node, _DCTERMS.issued),
            modified=self.text(node, _DCTERMS.modified),
            publisher=self.agent(publisher) if publisher is not None else None,
            licences=self.values(node, _DCTERMS.license),
            sources=self.values(node, _DCTERMS.source),
            see_also=self.values(node, _RDFS.seeAlso),
            part_of=self.ids(graph.objects(node, _DCTERMS.isPartOf)),
            has_part=self.ids(graph.objects(node, _DCTERMS.hasPart)),
            contact=self.contact(contact) if contact is not None else None,
        )

    def contact(self, node: OxTerm) -> Contact | None:
        """Return a contact point, or None when it gives neither a web page nor an address."""
        url = self.graph.value(node, _VCARD.hasURL)
        email = self.graph.value(node, _VCARD.hasEmail)
        if url is None and email is None:
            return None
        mail = text_of(email) if email is not None else None
        if mail and not mail.startswith("mailto:"):
            mail = "mailto:" + mail
        return Contact(
            self.labels(node, _VCARD.fn),
            text_of(url) if url is not None else None,
            mail,
        )

    def agent(self, node: OxTerm) -> Agent:
        if isinstance(node, ox.Literal):
            return Agent(None, (Label(node.value, node.language or ""),))
        uri = node.value if isinstance(node, ox.NamedNode) else None
        return Agent(
            uri, self.first_labels(node, _FOAF.name, _SKOS.prefLabel, _RDFS.label, _VCARD.fn)
        )

    def collection(self, node: OxTerm) -> Collection:
        graph = self.graph
        listed = graph.value(node, _SKOS.memberList)
        if listed is not None:
            members = tuple(dict.fromkeys(self.id(m) for m in graph.items(listed)))
        else:
            members = self.ids(graph.objects(node, _SKOS.member))
        return Collection(
            uri=self.id(node),
            labels=self.first_labels(node, _SKOS.prefLabel, _DCTERMS.title, _RDFS.label),
            definitions=self.labels(node, _SKOS.definition),
            notes=self.notes(node),
            members=members,
            ordered=listed is not None,
        )

    def names(self, skip: set[str]) -> dict[str, tuple[Label, ...]]:
        """Return the names of every other resource with a URI that the graph names."""
        found: dict[str, tuple[Label, ...]] = {}
        subjects = {s for p in _NAME_PROPERTIES for s in self.graph.subjects(p)}
        named = (s for s in subjects if isinstance(s, ox.NamedNode) and s.value not in skip)
        for subject in sorted(named, key=str):
            found[subject.value] = self.first_labels(subject, *_NAME_PROPERTIES)
        return found
