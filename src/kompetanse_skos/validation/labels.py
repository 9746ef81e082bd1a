"""Name the resources a validation report speaks of: each by its preferred label, bokmål first."""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from kompetanse_skos.rdf.namespaces import RDFS, SKOS
from kompetanse_skos.rdf.terms import quiet_literals, to_oxigraph, to_rdflib
from kompetanse_skos.vocabulary.load import Vocabulary

LABEL_LANGUAGES = ("nb", "nn", "no", "en", "")
LABEL_PROPERTIES = (SKOS.prefLabel, RDFS.label)


def preferred_label(graph: Graph, node: Node) -> str | None:
    """Return the node's prefLabel (or rdfs:label), bokmål first."""
    labels = {
        prop: [label for label in graph.objects(node, prop) if isinstance(label, Literal)]
        for prop in LABEL_PROPERTIES
    }
    return _choose_label(labels)


def preferred_labels(
    vocabulary: Vocabulary, nodes: Iterable[Node], read_all_from: int = 1000
) -> dict[Node, str]:
    """Return the preferred label of each node that has one, read from the store.

    The same choice as :func:`preferred_label`, without the rdflib graph: a look-up in the
    store per node and label property, which costs microseconds. For *read_all_from* nodes
    or more (a thesaurus can have tens of thousands of findings), every label is read at
    once instead.
    """
    wanted = [node for node in nodes if not isinstance(node, Literal)]
    if len(wanted) >= read_all_from:
        found = _all_labels(vocabulary, wanted)
    else:
        found = [(node, _labels_of(vocabulary, node)) for node in wanted]
    chosen = {}
    for node, labels in found:
        label = _choose_label(labels)
        if label is not None:
            chosen[node] = label
    return chosen


def _labels_of(vocabulary: Vocabulary, node: Node) -> dict[URIRef, list[Literal]]:
    """Return *node*'s labels by property, as the files write them."""
    subject = to_oxigraph(node)
    with quiet_literals():
        return {
            prop: [
                text
                for triple in vocabulary.triples(subject, ox.NamedNode(str(prop)), None)
                if isinstance(text := to_rdflib(triple.object), Literal)
            ]
            for prop in LABEL_PROPERTIES
        }


def _all_labels(
    vocabulary: Vocabulary, nodes: list[Node]
) -> list[tuple[Node, dict[URIRef, list[Literal]]]]:
    """Return the labels of each of *nodes* by property, read for all nodes at once."""
    labels: dict[Node, dict[URIRef, dict[Literal, None]]] = {node: {} for node in nodes}
    by_term = {to_oxigraph(node): node for node in nodes}
    with quiet_literals():
        for prop in LABEL_PROPERTIES:
            for subject, value in vocabulary.pairs(ox.NamedNode(str(prop))):
                node = by_term.get(subject)  # type: ignore[arg-type]
                if node is not None and isinstance(value, ox.Literal):
                    labels[node].setdefault(prop, {})[to_rdflib(value)] = None  # type: ignore[index]
    return [
        (node, {prop: list(found) for prop, found in by_prop.items()})
        for node, by_prop in labels.items()
    ]


def _choose_label(labels: dict[URIRef, list[Literal]]) -> str | None:
    """Choose among a node's labels by property: prefLabel first, then bokmål first."""
    for prop in LABEL_PROPERTIES:
        found = sorted(labels.get(prop, []))
        for language in LABEL_LANGUAGES:
            for label in found:
                if (label.language or "") == language:
                    return str(label)
        if found:
            return str(found[0])
    return None
