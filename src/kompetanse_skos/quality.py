"""Quality checks that SHACL expresses badly, as plain Python over the vocabulary."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from rdflib import Literal
from rdflib.term import Node

from kompetanse_skos.load import Vocabulary
from kompetanse_skos.namespaces import RDF, SKOS
from kompetanse_skos.terms import OxTerm, iri, quiet_literals, to_rdflib

_TYPED_LITERALS = """
SELECT DISTINCT ?s ?o WHERE {
  ?s ?p ?o
  FILTER (isLiteral(?o) && LANG(?o) = ""
          && DATATYPE(?o) != <http://www.w3.org/2001/XMLSchema#string>)
}"""


class _Clusters:
    """Union-find over the concepts of one scheme."""

    def __init__(self, members: Iterable[OxTerm]) -> None:
        self.parent = {member: member for member in members}

    def find(self, node: OxTerm) -> OxTerm:
        while self.parent[node] != node:
            self.parent[node] = self.parent[self.parent[node]]
            node = self.parent[node]
        return node

    def join(self, a: OxTerm, b: OxTerm) -> None:
        self.parent[self.find(a)] = self.find(b)

    def groups(self) -> list[list[OxTerm]]:
        found: dict[OxTerm, list[OxTerm]] = {}
        for member in self.parent:
            found.setdefault(self.find(member), []).append(member)
        return [sorted(group, key=str) for group in found.values()]


def _objects(vocabulary: Vocabulary, prop: str) -> dict[OxTerm, set[OxTerm]]:
    found: dict[OxTerm, set[OxTerm]] = {}
    for triple in vocabulary.triples(None, iri(prop), None):
        found.setdefault(triple.subject, set()).add(triple.object)
    return found


def disconnected_clusters(vocabulary: Vocabulary) -> Iterator[tuple[Node, str, Node | None]]:
    """Yield each concept outside its scheme's main cluster, with its cluster's size.

    A cluster is a set of concepts joined by broader, narrower or related links, where the
    top concepts of a scheme count as joined through it. The main cluster is the one with the
    top concepts, else the largest. A concept with no link at all is an orphan, which the
    ``orphan-concept`` shape reports, so it is not reported again here.
    """
    in_scheme = _objects(vocabulary, SKOS.inScheme)
    top_of = _objects(vocabulary, SKOS.topConceptOf)
    has_top = _objects(vocabulary, SKOS.hasTopConcept)
    links = [_objects(vocabulary, link) for link in (SKOS.broader, SKOS.narrower, SKOS.related)]
    kind = iri(SKOS.ConceptScheme)
    scheme_nodes = {t.subject for t in vocabulary.triples(None, iri(RDF.type), kind)}
    for scheme in sorted(scheme_nodes, key=str):
        tops = {concept for concept, schemes in top_of.items() if scheme in schemes}
        tops |= has_top.get(scheme, set())
        members = {concept for concept, schemes in in_scheme.items() if scheme in schemes} | tops
        clusters = _Clusters(members)
        linked = set(tops) if len(tops) > 1 else set()
        ordered_tops = sorted(tops, key=str)
        for top in ordered_tops[1:]:
            clusters.join(top, ordered_tops[0])
        for member in members:
            for linked_to in links:
                for other in linked_to.get(member, ()):
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
                yield to_rdflib(concept), str(len(group)), None


def ill_typed_literals(vocabulary: Vocabulary) -> Iterator[tuple[Node, str, Node | None]]:
    """Yield each subject with a typed literal that its datatype does not admit.

    rdflib knows which lexical forms each XML Schema datatype admits: it judges the literals.
    """
    with quiet_literals():
        for row in vocabulary.query(_TYPED_LITERALS):
            value = to_rdflib(row["o"])
            if isinstance(value, Literal) and value.ill_typed:
                yield to_rdflib(row["s"]), "", value
