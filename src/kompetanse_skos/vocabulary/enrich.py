"""Add what a vocabulary states once but every concept needs ("kun én gang").

A maintainer writes the publisher and the contact point once, on the concept scheme. The
national concept profile (SKOS-AP-NO-Begrep) wants them on every concept and collection,
together with the concept's own URI as its ``dct:identifier``. This module derives those
triples, so that validation and every dump see the vocabulary as it is published.
"""

from __future__ import annotations

from collections import defaultdict

import pyoxigraph as ox

from kompetanse_skos.rdf.namespaces import DCAT, DCTERMS, RDF, SKOS, XSD
from kompetanse_skos.rdf.terms import OxTerm, iri
from kompetanse_skos.vocabulary.load import Vocabulary

INHERITED = (iri(DCTERMS.publisher), iri(DCAT.contactPoint))
_IDENTIFIER = iri(DCTERMS.identifier)
_ANY_URI = iri(XSD.anyURI)


def enrich(vocabulary: Vocabulary) -> list[ox.Triple]:
    """Return the triples to add: inherited publisher and contact point, and identifiers."""
    schemes_of = _schemes_of(vocabulary)
    collections = _subjects(vocabulary, RDF.type, SKOS.Collection)
    for collection in collections:
        members = vocabulary.triples(collection, iri(SKOS.member), None)
        schemes_of[collection] = {s for m in members for s in schemes_of.get(m.object, ())}
    identified = {subject for subject, _ in vocabulary.pairs(_IDENTIFIER)}
    values = {prop: vocabulary.values_of(prop) for prop in INHERITED}
    added = []
    nodes = sorted(_subjects(vocabulary, RDF.type, SKOS.Concept) | collections, key=str)
    for node in nodes:
        if isinstance(node, ox.NamedNode) and node not in identified:
            added.append(ox.Triple(node, _IDENTIFIER, ox.Literal(node.value, datatype=_ANY_URI)))
        if isinstance(node, ox.Literal):
            continue
        for prop, found in values.items():
            if node in found:
                continue
            # Only a value all the node's schemes agree on is inherited; otherwise the
            # profile's check reports the node, and the maintainer states it there.
            per_scheme = [found.get(scheme, set()) for scheme in schemes_of.get(node, ())]
            if per_scheme and all(values == per_scheme[0] for values in per_scheme):
                added.extend(
                    ox.Triple(node, prop, value) for value in sorted(per_scheme[0], key=str)
                )
    return added


def _subjects(vocabulary: Vocabulary, prop: str, value: str) -> set[OxTerm]:
    pattern = vocabulary.triples(None, iri(prop), iri(value))
    return {triple.subject for triple in pattern}


def _schemes_of(vocabulary: Vocabulary) -> dict[OxTerm, set[OxTerm]]:
    """Return each concept's schemes: those it is in, or a top concept of, either way round."""
    schemes: dict[OxTerm, set[OxTerm]] = defaultdict(set)
    for prop in (SKOS.inScheme, SKOS.topConceptOf):
        for concept, scheme in vocabulary.pairs(iri(prop)):
            schemes[concept].add(scheme)
    for scheme, concept in vocabulary.pairs(iri(SKOS.hasTopConcept)):
        schemes[concept].add(scheme)
    return schemes
