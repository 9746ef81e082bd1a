"""Add what a vocabulary states once but every concept needs ("kun én gang").

A maintainer writes the publisher and the contact point once, on the concept scheme. The
national concept profile (SKOS-AP-NO-Begrep) wants them on every concept and collection,
together with the concept's own URI as its ``dct:identifier``. This module derives those
triples, so that validation and every dump see the vocabulary as it is published.
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from kompetanse_skos.namespaces import DCAT, DCTERMS, RDF, SKOS, XSD

INHERITED = (DCTERMS.publisher, DCAT.contactPoint)


def enrich_graph(graph: Graph) -> Graph:
    """Return the triples to add to *graph*: inherited publisher, contact point, identifier."""
    added = Graph()
    for concept in set(graph.subjects(RDF.type, SKOS.Concept)):
        _inherit(graph, added, concept, _schemes_of(graph, concept))
    for collection in set(graph.subjects(RDF.type, SKOS.Collection)):
        schemes: set[Node] = set()
        for member in graph.objects(collection, SKOS.member):
            schemes |= _schemes_of(graph, member)
        _inherit(graph, added, collection, schemes)
    return added


def _schemes_of(graph: Graph, concept: Node) -> set[Node]:
    schemes = set(graph.objects(concept, SKOS.inScheme))
    schemes |= set(graph.objects(concept, SKOS.topConceptOf))
    schemes |= set(graph.subjects(SKOS.hasTopConcept, concept))
    return schemes


def _inherit(graph: Graph, added: Graph, node: Node, schemes: set[Node]) -> None:
    if isinstance(node, URIRef) and graph.value(node, DCTERMS.identifier) is None:
        added.add((node, DCTERMS.identifier, Literal(str(node), datatype=XSD.anyURI)))
    for prop in INHERITED:
        if graph.value(node, prop) is not None:
            continue
        # Only a value all the node's schemes agree on is inherited; otherwise the
        # profile's check reports the node, and the maintainer states it there.
        values = {value for scheme in schemes for value in graph.objects(scheme, prop)}
        per_scheme = [set(graph.objects(scheme, prop)) for scheme in schemes]
        if per_scheme and all(found == values for found in per_scheme):
            for value in values:
                added.add((node, prop, value))
