"""Write a graph as Turtle, N-Triples, RDF/XML and JSON-LD, byte for byte reproducibly."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.term import Node

from kompetanse_skos.namespaces import PREFIXES


@dataclass(frozen=True)
class DumpFormat:
    """One RDF syntax we publish: its file suffix, rdflib serializer and media type."""

    suffix: str
    serializer: str
    media_type: str
    label: str


FORMATS = (
    DumpFormat(".ttl", "turtle", "text/turtle", "Turtle"),
    DumpFormat(".nt", "nt", "application/n-triples", "N-Triples"),
    DumpFormat(".rdf", "rdf-xml", "application/rdf+xml", "RDF/XML"),
    DumpFormat(".jsonld", "json-ld", "application/ld+json", "JSON-LD"),
)


def canonical_graph(graph: Graph) -> Graph:
    """Return a copy of *graph* with stable blank-node names and only the prefixes it uses.

    Blank-node names are random per parse; canonical names make every dump reproducible.
    """
    if any(isinstance(term, BNode) for triple in graph for term in triple):
        graph = to_canonical_graph(graph)
    ordered = Graph(bind_namespaces="core")
    for prefix, namespace in _prefixes(graph).items():
        ordered.bind(prefix, namespace)
    ordered += graph
    return ordered


def _prefixes(graph: Graph) -> dict[str, str]:
    """Return our well-known prefixes plus the input's own, for the namespaces in use."""
    used = {str(term) for triple in graph for term in triple}
    used |= {str(o.datatype) for o in graph.objects() if isinstance(o, Literal) and o.datatype}
    prefixes = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
    for prefix, namespace in graph.namespaces():
        if prefix and prefix not in prefixes and str(namespace) not in prefixes.values():
            prefixes[prefix] = str(namespace)
    return {
        prefix: namespace
        for prefix, namespace in sorted(prefixes.items())
        if any(term.startswith(namespace) for term in used)
    }


def describe(graph: Graph, node: Node, into: Graph) -> None:
    """Copy *node*'s concise bounded description (its triples, and its blank nodes') *into*."""
    todo = [node]
    seen: set[Node] = set()
    while todo:
        subject = todo.pop()
        if subject in seen:
            continue
        seen.add(subject)
        for predicate, value in graph.predicate_objects(subject):
            into.add((subject, predicate, value))
            if isinstance(value, BNode):
                todo.append(value)


def serialize(graph: Graph, dump: DumpFormat) -> bytes:
    """Serialize an already canonical graph in one format."""
    if dump.serializer == "nt":
        lines = graph.serialize(format="nt", encoding="utf-8").splitlines(keepends=True)
        return b"".join(sorted(line for line in lines if line.strip()))
    if dump.serializer == "json-ld":
        context = {prefix: str(ns) for prefix, ns in graph.namespaces() if prefix in _used(graph)}
        data = json.loads(graph.serialize(format="json-ld", context=context, auto_compact=True))
        return (json.dumps(_sorted_json(data), indent=2, ensure_ascii=False) + "\n").encode()
    if dump.serializer == "rdf-xml":
        # rdflib's RDF/XML writers order subjects and namespaces by hash; oxigraph's keeps
        # the canonical graph's sorted order.
        triples = [
            ox.Triple(_oxigraph_term(s), _oxigraph_term(p), _oxigraph_term(o))  # type: ignore[arg-type]
            for s, p, o in sorted(graph)
        ]
        prefixes = {prefix: str(ns) for prefix, ns in graph.namespaces() if prefix in _used(graph)}
        return ox.serialize(triples, format=ox.RdfFormat.RDF_XML, prefixes=prefixes) or b""
    return graph.serialize(format=dump.serializer, encoding="utf-8")


def _used(graph: Graph) -> set[str]:
    """Return the prefixes bound by canonical_graph (rdflib adds ``xml`` on its own)."""
    return {prefix for prefix, _ in graph.namespaces() if prefix and prefix != "xml"}


def _sorted_json(value: object) -> object:
    """Sort JSON-LD node arrays, which rdflib emits in hash order; keep ``@list`` order."""
    if isinstance(value, dict):
        return {
            key: item if key == "@list" else _sorted_json(item)
            for key, item in sorted(value.items())
        }
    if isinstance(value, list):
        items = [_sorted_json(item) for item in value]
        return sorted(items, key=lambda item: json.dumps(item, sort_keys=True))
    return value


def _oxigraph_term(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def write_dumps(graph: Graph, folder: Path, name: str) -> list[Path]:
    """Write *graph* into *folder* as ``name`` plus each format's suffix; return the paths."""
    canonical = canonical_graph(graph)
    written = []
    for dump in FORMATS:
        path = folder / f"{name}{dump.suffix}"
        path.write_bytes(serialize(canonical, dump))
        written.append(path)
    return written
