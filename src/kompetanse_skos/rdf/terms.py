"""Convert RDF terms between rdflib and pyoxigraph.

The vocabulary lives in a pyoxigraph store, which loads, queries and writes large graphs
quickly; rdflib serves the small graphs the build makes (the catalogue record, VoID) and
pySHACL. These two functions are the only bridge between the two.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

# Any term a triple can hold; pyoxigraph also allows a quoted triple (RDF-star) as a subject.
OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


_quieted = 0  # how many quiet_literals blocks are open


@contextmanager
def quiet_literals() -> Iterator[None]:
    """Silence rdflib's logged tracebacks for ill-typed literals such as "1986-21-01"^^xsd:date.

    The literals stay in the graph as written, and the ``ill-typed-literal`` check reports them.
    Within a block already quiet, this does nothing: a thesaurus converts its 70,000 dates in
    one block, and setting up the silence costs more than making a literal.
    """
    global _quieted
    if _quieted:
        yield
        return
    logger = logging.getLogger("rdflib.term")
    disabled = logger.disabled
    logger.disabled = True
    _quieted += 1
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        _quieted -= 1
        logger.disabled = disabled


def iri(uri: str) -> ox.NamedNode:
    """Return the oxigraph form of an IRI, such as a namespace's term."""
    return ox.NamedNode(uri)


def text_of(term: OxTerm) -> str:
    """Return a term's IRI, blank-node id or lexical form (a quoted triple's N-Triples form)."""
    return str(term) if isinstance(term, ox.Triple) else term.value


def to_rdflib(term: OxTerm) -> Node:
    """Return the rdflib form of an oxigraph term."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == XSD_STRING:
            return Literal(term.value)
        if _quieted:
            return Literal(term.value, datatype=URIRef(datatype))
        with quiet_literals():
            return Literal(term.value, datatype=URIRef(datatype))
    raise TypeError(f"not an RDF term: {term!r}")


def to_oxigraph(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """Return the oxigraph form of an rdflib term."""
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


def graph_triples(graph: Graph) -> Iterator[ox.Triple]:
    """Yield the triples of an rdflib graph as oxigraph triples."""
    for subject, predicate, value in graph:
        yield ox.Triple(to_oxigraph(subject), to_oxigraph(predicate), to_oxigraph(value))  # type: ignore[arg-type]


def rdflib_graph(triples: Iterable[ox.Triple | ox.Quad]) -> Graph:
    """Return an rdflib graph of oxigraph triples (or quads, whose graph names are dropped)."""
    graph = Graph(bind_namespaces="core")
    cache: dict[OxTerm, Node] = {}

    def convert(term: OxTerm) -> Node:
        found = cache.get(term)
        if found is None:
            found = cache[term] = to_rdflib(term)
        return found

    for triple in triples:
        graph.add((convert(triple.subject), convert(triple.predicate), convert(triple.object)))
    return graph
