"""Give the vocabulary the form the national concept profile SKOS-AP-NO-Begrep v2 harvests.

The concept file is the whole vocabulary (nothing the plain dumps carry is lost) plus one
``skos:Collection`` that lists every concept as a member. Felles datakatalog's concept
harvester puts a concept that no collection lists into a collection it makes up from the data
source's settings; our own collection keeps the vocabulary's name and publisher instead.
"""

from __future__ import annotations

import pyoxigraph as ox

from kompetanse_skos.rdf.namespaces import DCAT, DCTERMS, ORG, RDF, SKOS, VCARD, XSD
from kompetanse_skos.rdf.terms import iri
from kompetanse_skos.vocabulary.load import Vocabulary
from kompetanse_skos.vocabulary.model import model_of

CONCEPT_FILE_SUFFIX = "-skos-ap-no.ttl"
# The named graph of what the concept file adds to the vocabulary.
ADDITIONS = ox.NamedNode("urn:kompetanse-skos:graph:skos-ap-no")


def concept_file_name(name: str) -> str:
    """Return the name of the SKOS-AP-NO concept file beside the dumps called *name*."""
    return f"{name}{CONCEPT_FILE_SUFFIX}"


def concept_vocabulary(vocabulary: Vocabulary, scheme: str, collection: str) -> Vocabulary | None:
    """Return *vocabulary* plus a collection of all its concepts, named after *scheme*.

    Return None if the vocabulary has no concept to collect.
    """
    model = model_of(vocabulary)
    # The harvester ignores blank-node concepts, so a collection cannot list them.
    concepts = [uri for uri in model.concepts if not uri.startswith("_:")]
    if not concepts:
        return None
    node = ox.NamedNode(collection)
    added = [
        ox.Triple(node, iri(RDF.type), iri(SKOS.Collection)),
        ox.Triple(node, iri(DCTERMS.identifier), ox.Literal(collection, datatype=iri(XSD.anyURI))),
    ]
    for prop in (DCTERMS.title, DCTERMS.description, DCTERMS.publisher, DCAT.contactPoint):
        for triple in vocabulary.triples(ox.NamedNode(scheme), iri(prop), None):
            added.append(ox.Triple(node, triple.predicate, triple.object))
    added += [ox.Triple(node, iri(SKOS.member), ox.NamedNode(uri)) for uri in concepts]
    return vocabulary.with_triples(added + _agent_types(vocabulary, added), ADDITIONS)


def _agent_types(vocabulary: Vocabulary, added: list[ox.Triple]) -> list[ox.Triple]:
    """Type publishers and bare contact points as the profile's shapes demand.

    The profile requires a publisher to be an org:Organization, and Digdir's shapes check the
    type in the data itself (PROFILES.md section 3, finding 2). A contact point that states
    no type at all becomes a vcard:Organization; one typed otherwise is left for the
    ``skos-ap-no`` profile to report.
    """
    stated = [*vocabulary.triples(None, iri(DCTERMS.publisher), None), *added]
    publishers = {t.object for t in stated if t.predicate == iri(DCTERMS.publisher)}
    stated = [*vocabulary.triples(None, iri(DCAT.contactPoint), None), *added]
    contacts = {t.object for t in stated if t.predicate == iri(DCAT.contactPoint)}
    typed = [
        ox.Triple(publisher, iri(RDF.type), iri(ORG.Organization))
        for publisher in sorted(publishers, key=str)
        if not isinstance(publisher, ox.Literal)
    ]
    for contact in sorted(contacts, key=str):
        if isinstance(contact, ox.Literal):
            continue
        if next(vocabulary.triples(contact, iri(RDF.type), None), None) is None:
            typed.append(ox.Triple(contact, iri(RDF.type), iri(VCARD.Organization)))
    return typed
