"""Give the vocabulary the form the national concept profile SKOS-AP-NO-Begrep v2 harvests.

The concept file is the whole vocabulary (nothing the plain dumps carry is lost) plus one
``skos:Collection`` that lists every concept as a member. Felles datakatalog's concept
harvester puts a concept that no collection lists into a collection it makes up from the data
source's settings; our own collection keeps the vocabulary's name and publisher instead.
"""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kompetanse_skos.namespaces import DCAT, DCTERMS, ORG, RDF, SKOS, VCARD, XSD

CONCEPT_FILE_SUFFIX = "-skos-ap-no.ttl"


def concept_file_name(name: str) -> str:
    """Return the name of the SKOS-AP-NO concept file beside the dumps called *name*."""
    return f"{name}{CONCEPT_FILE_SUFFIX}"


def concept_graph(graph: Graph, scheme: Node, collection: URIRef) -> Graph | None:
    """Return *graph* plus a collection of all its concepts, named after *scheme*.

    Return None if the vocabulary has no concept to collect.
    """
    # The harvester ignores blank-node concepts, so a collection cannot list them.
    concepts = sorted(
        c for c in set(graph.subjects(RDF.type, SKOS.Concept)) if isinstance(c, URIRef)
    )
    if not concepts:
        return None
    result = Graph(bind_namespaces="core")
    for prefix, namespace in graph.namespaces():
        result.bind(prefix, namespace, override=False)
    result += graph
    result.add((collection, RDF.type, SKOS.Collection))
    result.add((collection, DCTERMS.identifier, Literal(str(collection), datatype=XSD.anyURI)))
    for prop in (DCTERMS.title, DCTERMS.description, DCTERMS.publisher, DCAT.contactPoint):
        for value in graph.objects(scheme, prop):
            result.add((collection, prop, value))
    for concept in concepts:
        result.add((collection, SKOS.member, concept))
    _type_agents(result)
    return result


def _type_agents(graph: Graph) -> None:
    """Type publishers and bare contact points as the profile's shapes demand.

    The profile requires a publisher to be an org:Organization, and Digdir's shapes check the
    type in the data itself (PROFILES.md section 3, finding 2). A contact point that states
    no type at all becomes a vcard:Organization; one typed otherwise is left for the
    ``skos-ap-no`` profile to report.
    """
    for publisher in set(graph.objects(None, DCTERMS.publisher)):
        if isinstance(publisher, URIRef | BNode):
            graph.add((publisher, RDF.type, ORG.Organization))
    for contact in set(graph.objects(None, DCAT.contactPoint)):
        if isinstance(contact, URIRef | BNode) and graph.value(contact, RDF.type) is None:
            graph.add((contact, RDF.type, VCARD.Organization))
