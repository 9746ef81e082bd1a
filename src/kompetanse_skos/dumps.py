"""Write a graph as Turtle, N-Triples, RDF/XML and JSON-LD, byte for byte reproducibly."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Graph
from rdflib.compare import to_canonical_graph

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
    DumpFormat(".rdf", "pretty-xml", "application/rdf+xml", "RDF/XML"),
    DumpFormat(".jsonld", "json-ld", "application/ld+json", "JSON-LD"),
)


def canonical_graph(graph: Graph) -> Graph:
    """Return a copy of *graph* with stable blank-node names, triples added in sorted order.

    rdflib's serializers follow the store's insertion order in places, and blank-node names
    are random per parse, so both are fixed here to make every dump reproducible.
    """
    if any(isinstance(term, BNode) for triple in graph for term in triple):
        graph = to_canonical_graph(graph)
    ordered = Graph(bind_namespaces="none")
    for prefix, namespace in _prefixes(graph).items():
        ordered.bind(prefix, namespace)
    for triple in sorted(graph):
        ordered.add(triple)
    return ordered


def _prefixes(graph: Graph) -> dict[str, str]:
    """Return our well-known prefixes plus the input's own, for the namespaces in use."""
    used = {str(term) for triple in graph for term in triple[1:]}
    used |= {str(subject) for subject in graph.subjects()}
    prefixes = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
    for prefix, namespace in graph.namespaces():
        if prefix and prefix not in prefixes and str(namespace) not in prefixes.values():
            prefixes[prefix] = str(namespace)
    return {
        prefix: namespace
        for prefix, namespace in sorted(prefixes.items())
        if any(term.startswith(namespace) for term in used)
    }


def serialize(graph: Graph, dump: DumpFormat) -> bytes:
    """Serialize an already canonical graph in one format."""
    if dump.serializer == "nt":
        lines = graph.serialize(format="nt", encoding="utf-8").splitlines(keepends=True)
        return b"".join(sorted(line for line in lines if line.strip()))
    if dump.serializer == "json-ld":
        context = {prefix: str(ns) for prefix, ns in graph.namespaces() if prefix}
        return graph.serialize(
            format="json-ld", context=context, auto_compact=True, indent=2, encoding="utf-8"
        )
    return graph.serialize(format=dump.serializer, encoding="utf-8")


def write_dumps(graph: Graph, folder: Path, name: str) -> list[Path]:
    """Write *graph* into *folder* as ``name`` plus each format's suffix; return the paths."""
    canonical = canonical_graph(graph)
    written = []
    for dump in FORMATS:
        path = folder / f"{name}{dump.suffix}"
        path.write_bytes(serialize(canonical, dump))
        written.append(path)
    return written
