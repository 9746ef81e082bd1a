"""Quality checks that SHACL expresses badly, as plain Python over the graph."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from rdflib import Graph, Literal
from rdflib.term import Node

from kompetanse_skos.namespaces import RDF, SKOS

_LINKS = (SKOS.broader, SKOS.narrower, SKOS.related)


class _Clusters:
    """Union-find over the concepts of one scheme."""

    def __init__(self, members: Iterable[Node]) -> None:
        self.parent = {member: member for member in members}

    def find(self, node: Node) -> Node:
        while self.parent[node] != node:
            self.parent[node] = self.parent[self.parent[node]]
            node = self.parent[node]
        return node

    def join(self, a: Node, b: Node) -> None:
        self.parent[self.find(a)] = self.find(b)

    def groups(self) -> list[list[Node]]:
        found: dict[Node, list[Node]] = {}
        for member in self.parent:
            found.setdefault(self.find(member), []).append(member)
        return [sorted(group, key=str) for group in found.values()]


def disconnected_clusters(graph: Graph) -> Iterator[tuple[Node, str, Node | None]]:
    """Yield each concept outside its scheme's main cluster, with its cluster's size.

    A cluster is a set of concepts joined by broader, narrower or related links, where the
    top concepts of a scheme count as joined through it. The main cluster is the one with the
    top concepts, else the largest. A concept with no link at all is an orphan, which the
    ``orphan-concept`` shape reports, so it is not reported again here.
    """
    for scheme in sorted(set(graph.subjects(RDF.type, SKOS.ConceptScheme)), key=str):
        tops = set(graph.subjects(SKOS.topConceptOf, scheme))
        tops |= set(graph.objects(scheme, SKOS.hasTopConcept))
        members = set(graph.subjects(SKOS.inScheme, scheme)) | tops
        clusters = _Clusters(members)
        linked = set(tops) if len(tops) > 1 else set()
        ordered_tops = sorted(tops, key=str)
        for top in ordered_tops[1:]:
            clusters.join(top, ordered_tops[0])
        for member in members:
            for link in _LINKS:
                for other in graph.objects(member, link):
                    if other in members and other != member:
                        clusters.join(member, other)
                        linked |= {member, other}
        ranked = sorted(
            clusters.groups(),
            key=lambda group: (not (set(group) & tops), -len(group), str(group[0])),
        )
        for group in ranked[1:]:
            if len(group) == 1 and group[0] not in linked:
                continue
            for concept in group:
                yield concept, str(len(group)), None


def ill_typed_literals(graph: Graph) -> Iterator[tuple[Node, str, Node | None]]:
    """Yield each subject with a typed literal that its datatype does not admit."""
    for subject, _, value in graph:
        if isinstance(value, Literal) and value.ill_typed:
            yield subject, "", value
