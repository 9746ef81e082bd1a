"""Quality checks that SHACL expresses badly, as plain Python over the graph."""

from __future__ import annotations

from collections.abc import Iterator

from rdflib import Graph, Literal
from rdflib.term import Node

from kompetanse_skos.namespaces import RDF, SKOS

_LINKS = (SKOS.broader, SKOS.narrower, SKOS.related)


def disconnected_clusters(graph: Graph) -> Iterator[tuple[Node, str, Node | None]]:
    """Yield each concept outside its scheme's largest cluster, with its cluster's size.

    A cluster is a set of concepts joined by broader, narrower or related links, where the
    top concepts of a scheme count as joined through it. A concept with no link at all is an
    orphan, which the ``orphan-concept`` shape reports, so it is not reported again here.
    """
    for scheme in sorted(set(graph.subjects(RDF.type, SKOS.ConceptScheme))):
        members = set(graph.subjects(SKOS.inScheme, scheme))
        tops = set(graph.subjects(SKOS.topConceptOf, scheme))
        tops |= set(graph.objects(scheme, SKOS.hasTopConcept))
        members |= tops
        parent = {member: member for member in members}

        def find(node: Node) -> Node:
            while parent[node] != node:
                parent[node] = parent[parent[node]]
                node = parent[node]
            return node

        def join(a: Node, b: Node) -> None:
            parent[find(a)] = find(b)

        linked = set(tops) if len(tops) > 1 else set()
        for top in sorted(tops)[1:]:
            join(top, min(tops))
        for member in members:
            for link in _LINKS:
                for other in graph.objects(member, link):
                    if other in parent and other != member:
                        join(member, other)
                        linked |= {member, other}
        clusters: dict[Node, list[Node]] = {}
        for member in members:
            clusters.setdefault(find(member), []).append(member)
        ranked = sorted(
            clusters.values(), key=lambda c: (not (set(c) & tops), -len(c), min(c))
        )
        for cluster in ranked[1:]:
            if len(cluster) == 1 and cluster[0] not in linked:
                continue
            for concept in sorted(cluster):
                yield concept, str(len(cluster)), None


def ill_typed_literals(graph: Graph) -> Iterator[tuple[Node, str, Node | None]]:
    """Yield each subject with a typed literal that its datatype does not admit."""
    for subject, _, value in graph:
        if isinstance(value, Literal) and value.ill_typed:
            yield subject, "", value
