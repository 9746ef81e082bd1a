"""The repairs ``fix`` makes, one documented rule each, and the defects it leaves to a person.

Each rule changes the graph in place and returns what it did. A rule repairs only what has one
safe answer; what has none (a cycle, one URI for two kinds of thing) is a ``Problem`` with the
way to mend it by hand. The rules run in ``RULES``' order, which matters: labels are tidied
before duplicates are looked for, and the hierarchy is completed before scheme membership and
clashes with it are worked out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from kompetanse_skos.rdf.namespaces import RDF, SKOS

LABELS = (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel)


@dataclass(frozen=True, order=True)
class Repair:
    """One change: the resource, the rule, what was done, why, and the check it answers."""

    resource: str
    rule: str
    what: str
    why: str
    check: str | None


@dataclass(frozen=True, order=True)
class Problem:
    """A defect with no safe repair: the check that finds it, the resource, and what to do."""

    resource: str
    check: str
    message: str


Rule = Callable[[Graph], list[Repair]]


def tidy_whitespace(graph: Graph) -> list[Repair]:
    """Trim a label's surrounding whitespace and fold each run of whitespace into one space."""
    repairs = []
    for predicate in LABELS:
        for subject, label in list(graph.subject_objects(predicate)):
            if not isinstance(label, Literal):
                continue
            tidy = " ".join(str(label).split())
            if tidy != str(label) and tidy:
                _replace(graph, subject, predicate, label, _like(tidy, label))
                repairs.append(
                    Repair(
                        str(subject),
                        "whitespace",
                        f"{_name(predicate)} {label.n3()} is now {_like(tidy, label).n3()}",
                        "labels are compared, sorted and searched without stray whitespace",
                        None,
                    )
                )
    return repairs


def lower_language_tags(graph: Graph) -> tuple[Graph, list[Repair]]:
    """Return a copy of *graph* with every language tag in lower case, and what changed.

    A copy, not a change in place: rdflib's store keeps the first spelling of a literal it
    has held, and takes "x"@EN and "x"@en for the same literal.
    """
    copy = Graph()
    for prefix, namespace in graph.namespaces():
        copy.bind(prefix, namespace, override=True, replace=True)
    repairs = []
    for subject, predicate, value in graph:
        if isinstance(value, Literal) and value.language and not value.language.islower():
            lowered = Literal(str(value), lang=value.language.lower())
            repairs.append(
                Repair(
                    str(subject),
                    "language-tag-case",
                    f"{_name(predicate)} {value.n3()} is now {lowered.n3()}",
                    "language tags are case-insensitive; one case lets tools match them",
                    None,
                )
            )
            value = lowered
        copy.add((subject, predicate, value))
    return copy, repairs


def one_pref_label_per_language(graph: Graph) -> list[Repair]:
    """Keep one prefLabel per language (the first in code-point order); others become altLabels."""
    repairs = []
    for subject in set(graph.subjects(SKOS.prefLabel)):
        by_language: dict[str | None, list[Literal]] = {}
        for label in graph.objects(subject, SKOS.prefLabel):
            if isinstance(label, Literal):
                by_language.setdefault(label.language, []).append(label)
        for labels in by_language.values():
            kept, *others = sorted(labels, key=str)
            for other in others:
                graph.remove((subject, SKOS.prefLabel, other))
                graph.add((subject, SKOS.altLabel, other))
                repairs.append(
                    Repair(
                        str(subject),
                        "second-pref-label",
                        f"prefLabel {other.n3()} is now an altLabel; {kept.n3()} stays preferred",
                        "a concept has at most one preferred label per language",
                        "S14",
                    )
                )
    return repairs


def no_pref_label_repeated(graph: Graph) -> list[Repair]:
    """Remove an altLabel or hiddenLabel that repeats the prefLabel of the same language."""
    repairs = []
    for subject, label in list(graph.subject_objects(SKOS.prefLabel)):
        for predicate in (SKOS.altLabel, SKOS.hiddenLabel):
            if (subject, predicate, label) in graph:
                graph.remove((subject, predicate, label))
                repairs.append(
                    Repair(
                        str(subject),
                        "repeated-pref-label",
                        f"removed {_name(predicate)} {label.n3()}, the same as its prefLabel",
                        "preferred, alternative and hidden labels are disjoint",
                        "S13",
                    )
                )
    return repairs


def both_halves_of_the_hierarchy(graph: Graph) -> list[Repair]:
    """Add the missing half of each broader/narrower pair."""
    return _inverses(graph, SKOS.broader, SKOS.narrower) + _inverses(
        graph, SKOS.narrower, SKOS.broader
    )


def both_halves_of_top_concepts(graph: Graph) -> list[Repair]:
    """Add the missing half of each hasTopConcept/topConceptOf pair."""
    return _inverses(graph, SKOS.hasTopConcept, SKOS.topConceptOf) + _inverses(
        graph, SKOS.topConceptOf, SKOS.hasTopConcept
    )


def no_top_concept_with_a_broader(graph: Graph) -> list[Repair]:
    """A top concept of a scheme that has a broader concept in that scheme stops being top."""
    repairs = []
    for concept, scheme in sorted(_top_concepts(graph), key=str):
        broader = sorted(
            (
                other
                for other in _broader_of(graph, concept)
                if other != concept and scheme in _schemes_of(graph, other)
            ),
            key=str,
        )
        if broader:
            graph.remove((concept, SKOS.topConceptOf, scheme))
            graph.remove((scheme, SKOS.hasTopConcept, concept))
            repairs.append(
                Repair(
                    str(concept),
                    "top-concept-with-broader",
                    f"no longer a top concept of <{scheme}>",
                    f"it has the broader concept <{broader[0]}> in that scheme",
                    "top-concept-broader",
                )
            )
    return repairs


def top_concepts_of_a_flat_scheme(graph: Graph) -> list[Repair]:
    """Give a scheme with no top concepts those of its concepts that have no broader concept."""
    repairs = []
    tops = {scheme for _, scheme in _top_concepts(graph)}
    for scheme in sorted(set(graph.subjects(RDF.type, SKOS.ConceptScheme)) - tops, key=str):
        for concept in sorted(set(graph.subjects(SKOS.inScheme, scheme)), key=str):
            if (concept, RDF.type, SKOS.Concept) in graph and not _broader_of(graph, concept):
                graph.add((scheme, SKOS.hasTopConcept, concept))
                graph.add((concept, SKOS.topConceptOf, scheme))
                repairs.append(
                    Repair(
                        str(concept),
                        "flat-scheme-top-concepts",
                        f"now a top concept of <{scheme}>",
                        "the scheme names no top concepts, and this concept has no broader one",
                        "omitted-top-concepts",
                    )
                )
    return repairs


def in_the_scheme_above(graph: Graph) -> list[Repair]:
    """Put a concept in no scheme into the one scheme its broader concepts lead to, if one."""
    repairs = []
    for concept in set(graph.subjects(RDF.type, SKOS.Concept)):
        if _schemes_of(graph, concept):
            continue
        reached = set()
        for ancestor in _ancestors(graph, concept):
            reached |= _schemes_of(graph, ancestor)
        if len(reached) == 1:
            scheme = reached.pop()
            graph.add((concept, SKOS.inScheme, scheme))
            repairs.append(
                Repair(
                    str(concept),
                    "in-scheme",
                    f"added skos:inScheme <{scheme}>",
                    "its broader concepts lead to that scheme, and to no other",
                    "not-in-scheme",
                )
            )
    return repairs


def no_related_ancestor(graph: Graph) -> list[Repair]:
    """Remove skos:related between a concept and one of its ancestors; the hierarchy stays."""
    repairs = []
    for one, other in list(graph.subject_objects(SKOS.related)):
        if (one, SKOS.related, other) not in graph:
            continue  # removed with its inverse already
        if other in _ancestors(graph, one) or one in _ancestors(graph, other):
            for pair in ((one, other), (other, one)):
                if (pair[0], SKOS.related, pair[1]) in graph:
                    graph.remove((pair[0], SKOS.related, pair[1]))
                    repairs.append(
                        Repair(
                            str(pair[0]),
                            "related-in-hierarchy",
                            f"removed skos:related <{pair[1]}>",
                            "the two are also linked in the hierarchy, which is kept",
                            "S27",
                        )
                    )
    return repairs


# The rules that change the graph in place, by id, in the order they run; the rule
# "language-tag-case" (lower_language_tags) runs first, on a copy.
RULES: dict[str, Rule] = {
    "whitespace": tidy_whitespace,
    "second-pref-label": one_pref_label_per_language,
    "repeated-pref-label": no_pref_label_repeated,
    "inverse-hierarchy": both_halves_of_the_hierarchy,
    "inverse-top-concept": both_halves_of_top_concepts,
    "top-concept-with-broader": no_top_concept_with_a_broader,
    "flat-scheme-top-concepts": top_concepts_of_a_flat_scheme,
    "in-scheme": in_the_scheme_above,
    "related-in-hierarchy": no_related_ancestor,
}


def problems(graph: Graph) -> list[Problem]:
    """Return what no rule repairs safely, with the way to mend each by hand."""
    found = [*_cycles(graph)]
    for kind, check in ((SKOS.ConceptScheme, "S9"), (SKOS.Collection, "S37")):
        for node in sorted(set(graph.subjects(RDF.type, SKOS.Concept)), key=str):
            if (node, RDF.type, kind) in graph:
                found.append(
                    Problem(
                        str(node),
                        check,
                        f"is both a skos:Concept and a {_name(kind)}: two things under one URI; "
                        "give one of them a URI of its own and point its links there",
                    )
                )
    for concept in sorted(set(graph.subjects(RDF.type, SKOS.Concept)), key=str):
        if _schemes_of(graph, concept):
            continue
        reached = set()
        for ancestor in _ancestors(graph, concept):
            reached |= _schemes_of(graph, ancestor)
        names = ", ".join(f"<{scheme}>" for scheme in sorted(reached, key=str))
        if len(reached) != 1:
            where = f"lead to several ({names})" if reached else "lead to none"
            found.append(
                Problem(
                    str(concept),
                    "not-in-scheme",
                    f"is in no scheme, and its broader concepts {where}; "
                    "add skos:inScheme with the one it belongs to",
                )
            )
    return sorted(found)


def _cycles(graph: Graph) -> Iterator[Problem]:
    """Yield each cycle of skos:broader (with ^skos:narrower), once, from its first concept."""
    reported: set[Node] = set()
    lower = set(graph.subjects(SKOS.broader)) | set(graph.objects(None, SKOS.narrower))
    for concept in sorted(lower, key=str):
        if concept in reported or concept not in _ancestors(graph, concept):
            continue
        path = _path_back(graph, concept)
        reported.update(path)
        chain = " → ".join(f"<{node}>" for node in [*path, concept])
        yield Problem(
            str(concept),
            "hierarchy-cycle",
            f"is its own broader concept: {chain}; remove one skos:broader (or skos:narrower) "
            "link of the cycle",
        )


def _path_back(graph: Graph, start: Node) -> list[Node]:
    """Return a shortest chain of broader links from *start* back to itself, *start* first."""
    previous: dict[Node, Node] = {}
    todo = [start]
    while todo:
        node = todo.pop(0)
        for upper in sorted(_broader_of(graph, node), key=str):
            if upper == start:
                chain = [node]
                while chain[-1] != start:
                    chain.append(previous[chain[-1]])
                return list(reversed(chain))
            if upper not in previous:
                previous[upper] = node
                todo.append(upper)
    return [start]


def _broader_of(graph: Graph, concept: Node) -> set[Node]:
    return set(graph.objects(concept, SKOS.broader)) | set(graph.subjects(SKOS.narrower, concept))


def _ancestors(graph: Graph, concept: Node) -> set[Node]:
    """Return every concept above *concept* (through broader and inverse narrower)."""
    found: set[Node] = set()
    todo = [concept]
    while todo:
        for upper in _broader_of(graph, todo.pop()):
            if upper not in found:
                found.add(upper)
                todo.append(upper)
    return found


def _schemes_of(graph: Graph, concept: Node) -> set[Node]:
    """Return the schemes *concept* is in: by inScheme, topConceptOf or hasTopConcept."""
    schemes = set(graph.objects(concept, SKOS.inScheme)) | set(
        graph.objects(concept, SKOS.topConceptOf)
    )
    return schemes | set(graph.subjects(SKOS.hasTopConcept, concept))


def _top_concepts(graph: Graph) -> set[tuple[Node, Node]]:
    pairs = {(concept, scheme) for concept, scheme in graph.subject_objects(SKOS.topConceptOf)}
    return pairs | {
        (concept, scheme) for scheme, concept in graph.subject_objects(SKOS.hasTopConcept)
    }


def _inverses(graph: Graph, stated: URIRef, inverse: URIRef) -> list[Repair]:
    repairs = []
    for one, other in list(graph.subject_objects(stated)):
        if (other, inverse, one) not in graph:
            graph.add((other, inverse, one))
            repairs.append(
                Repair(
                    str(other),
                    "inverse-hierarchy"
                    if stated in (SKOS.broader, SKOS.narrower)
                    else "inverse-top-concept",
                    f"added {_name(inverse)} <{one}>",
                    f"<{one}> states {_name(stated)} <{other}>; tools that read one direction "
                    "see both",
                    "unidirectional-relation",
                )
            )
    return repairs


def _replace(graph: Graph, subject: Node, predicate: Node, old: Node, new: Node) -> None:
    graph.remove((subject, predicate, old))
    graph.add((subject, predicate, new))


def _like(text: str, literal: Literal) -> Literal:
    """Return *text* as a literal with *literal*'s language or datatype."""
    return Literal(text, lang=literal.language, datatype=literal.datatype)


def _name(term: Node) -> str:
    """Return *term* as skos:name where it is SKOS's, else in angle brackets."""
    text = str(term)
    return f"skos:{text[len(str(SKOS)) :]}" if text.startswith(str(SKOS)) else f"<{text}>"


RULE_IDS = ("language-tag-case", *RULES)
