"""Quality checks that SHACL expresses badly, as plain Python over the vocabulary."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import datetime

import pyoxigraph as ox
from rdflib import Literal
from rdflib.term import Node, XSDToPython

from kompetanse_skos.rdf.namespaces import RDF, SKOS
from kompetanse_skos.rdf.terms import OxTerm, iri, quiet_literals, to_rdflib
from kompetanse_skos.vocabulary.load import Vocabulary

_TYPED_LITERALS = """
SELECT ?s ?o WHERE {
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


def disconnected_clusters(vocabulary: Vocabulary) -> Iterator[tuple[Node, str, Node | None]]:
    """Yield each concept outside its scheme's main cluster, with its cluster's size.

    A cluster is a set of concepts joined by broader, narrower or related links, where the
    top concepts of a scheme count as joined through it. The main cluster is the one with the
    top concepts, else the largest. A concept with no link at all is an orphan, which the
    ``orphan-concept`` shape reports, so it is not reported again here.
    """
    in_scheme = vocabulary.values_of(iri(SKOS.inScheme))
    top_of = vocabulary.values_of(iri(SKOS.topConceptOf))
    has_top = vocabulary.values_of(iri(SKOS.hasTopConcept))
    links = [
        vocabulary.values_of(iri(link)) for link in (SKOS.broader, SKOS.narrower, SKOS.related)
    ]
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


# The datatypes whose literals rdflib keeps as their text (it has no converter for them).
_NO_VALUE_SPACE = frozenset(
    str(datatype) for datatype, convert in XSDToPython.items() if datatype and convert is None
).__contains__


def _ill_typed(literal: OxTerm) -> bool:
    if isinstance(literal, ox.Literal) and _NO_VALUE_SPACE(literal.datatype.value):
        # rdflib takes the text of such a literal (xsd:anyURI, xsd:token ...) as its value,
        # and a literal with a value is well-formed: one per concept need not be made.
        return False
    value = to_rdflib(literal)
    return isinstance(value, Literal) and bool(value.ill_typed)


_XSD = "http://www.w3.org/2001/XMLSchema#"
_PLAIN_FORMS = {
    f"{_XSD}date": re.compile(r"\d{4}-\d{2}-\d{2}"),
    f"{_XSD}dateTime": re.compile(
        r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})?"
    ),
}


def _plainly_valid(literal: OxTerm) -> bool:
    """Tell whether a date or time is written in its plain, valid form.

    rdflib needs a third of a millisecond to judge a date; a thesaurus dates every concept.
    Only forms that are certainly valid are passed here; rdflib judges all the others.
    """
    form = _PLAIN_FORMS.get(literal.datatype.value) if isinstance(literal, ox.Literal) else None
    if form is None or not form.fullmatch(literal.value):  # type: ignore[union-attr]
        return False
    try:
        datetime.fromisoformat(literal.value.replace("Z", "+00:00"))  # type: ignore[union-attr]
    except ValueError:
        return False
    return True


def ill_typed_literals(vocabulary: Vocabulary) -> Iterator[tuple[Node, str, Node | None]]:
    """Yield each subject with a typed literal that its datatype does not admit.

    rdflib knows which lexical forms each XML Schema datatype admits: it judges the literals.
    """
    judged: dict[OxTerm, bool] = {}  # dates and numbers repeat: judge each literal once
    with quiet_literals():
        for subject, literal in vocabulary.query(_TYPED_LITERALS):
            if literal not in judged:
                judged[literal] = not _plainly_valid(literal) and _ill_typed(literal)
            if judged[literal]:
                yield to_rdflib(subject), "", to_rdflib(literal)
