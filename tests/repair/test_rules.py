"""Each repair rule on a case that needs exactly that repair, and on a clean vocabulary."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from kompetanse_skos.rdf.namespaces import SKOS
from kompetanse_skos.repair.fix import fix_graph
from kompetanse_skos.repair.rules import RULE_IDS

PREFIXES = """
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix ex: <https://example.org/voc/> .
"""
# A clean scheme: both halves of every link stated, every concept in the scheme.
CLEAN = """
ex:s a skos:ConceptScheme ; skos:prefLabel "S"@en ; skos:hasTopConcept ex:a .
ex:a a skos:Concept ; skos:prefLabel "A"@en ; skos:topConceptOf ex:s ; skos:inScheme ex:s ;
    skos:narrower ex:b .
ex:b a skos:Concept ; skos:prefLabel "B"@en ; skos:inScheme ex:s ; skos:broader ex:a .
"""
EX = "https://example.org/voc/"

# Per rule: a change to the clean scheme that needs that repair, and the triples it must give.
CASES = {
    "whitespace": (
        'ex:c a skos:Concept ; skos:prefLabel " C  one "@en ; skos:inScheme ex:s ; '
        "skos:broader ex:a . ex:a skos:narrower ex:c .",
        [("c", SKOS.prefLabel, Literal("C one", lang="en"))],
    ),
    "language-tag-case": (
        'ex:b skos:altLabel "Bee"@EN-GB .',
        [("b", SKOS.altLabel, Literal("Bee", lang="en-gb"))],
    ),
    "second-pref-label": (
        'ex:b skos:prefLabel "Bee"@en .',
        [
            ("b", SKOS.altLabel, Literal("Bee", lang="en")),
            ("b", SKOS.prefLabel, Literal("B", lang="en")),
        ],
    ),
    "repeated-pref-label": ('ex:b skos:hiddenLabel "B"@en .', []),
    "inverse-hierarchy": (
        'ex:c a skos:Concept ; skos:prefLabel "C"@en ; skos:inScheme ex:s ; skos:broader ex:b .',
        [("b", SKOS.narrower, "c")],
    ),
    "inverse-top-concept": (
        'ex:s skos:hasTopConcept ex:t . ex:t a skos:Concept ; skos:prefLabel "T"@en ; '
        "skos:inScheme ex:s .",
        [("t", SKOS.topConceptOf, "s")],
    ),
    "top-concept-with-broader": (
        "ex:b skos:topConceptOf ex:s . ex:s skos:hasTopConcept ex:b .",
        [],
    ),
    "flat-scheme-top-concepts": (
        'ex:f a skos:ConceptScheme ; skos:prefLabel "F"@en . '
        'ex:g a skos:Concept ; skos:prefLabel "G"@en ; skos:inScheme ex:f .',
        [("g", SKOS.topConceptOf, "f"), ("f", SKOS.hasTopConcept, "g")],
    ),
    "in-scheme": (
        'ex:c a skos:Concept ; skos:prefLabel "C"@en ; skos:broader ex:b . '
        "ex:b skos:narrower ex:c .",
        [("c", SKOS.inScheme, "s")],
    ),
    "related-in-hierarchy": ("ex:a skos:related ex:b . ex:b skos:related ex:a .", []),
}
# What each case must no longer hold.
GONE = {
    "whitespace": [("c", SKOS.prefLabel, Literal(" C  one ", lang="en"))],
    "second-pref-label": [("b", SKOS.prefLabel, Literal("Bee", lang="en"))],
    "repeated-pref-label": [("b", SKOS.hiddenLabel, Literal("B", lang="en"))],
    "top-concept-with-broader": [("b", SKOS.topConceptOf, "s"), ("s", SKOS.hasTopConcept, "b")],
    "related-in-hierarchy": [("a", SKOS.related, "b"), ("b", SKOS.related, "a")],
}


def _graph(*turtle: str) -> Graph:
    return Graph().parse(data=PREFIXES + "\n".join(turtle), format="turtle")


def _triple(subject: str, predicate: URIRef, value: str | Literal) -> tuple[URIRef, URIRef, object]:
    return (
        URIRef(EX + subject),
        predicate,
        value if isinstance(value, Literal) else URIRef(EX + value),
    )


def test_every_rule_has_a_case() -> None:
    assert set(CASES) == set(RULE_IDS)


@pytest.mark.parametrize("rule", sorted(CASES))
def test_a_case_fires_exactly_its_rule(rule: str) -> None:
    change, expected = CASES[rule]
    result = fix_graph(_graph(CLEAN, change))
    assert {repair.rule for repair in result.repairs} == {rule}
    assert result.problems == []
    for triple in expected:
        assert _triple(*triple) in result.graph, triple
    for triple in GONE.get(rule, []):
        assert _triple(*triple) not in result.graph, triple
    # The graph language tags are compared case-insensitively by rdflib: check the text.
    if rule == "language-tag-case":
        tags = {o.language for o in result.graph.objects(None, SKOS.altLabel)}
        assert tags == {"en-gb"}


@pytest.mark.parametrize("rule", sorted(CASES))
def test_a_skipped_rule_repairs_nothing(rule: str) -> None:
    change, _ = CASES[rule]
    result = fix_graph(_graph(CLEAN, change), skip=[rule])
    assert rule not in {repair.rule for repair in result.repairs}


def test_a_clean_vocabulary_fires_no_rule() -> None:
    result = fix_graph(_graph(CLEAN))
    assert result.repairs == [] and result.problems == []
    assert isomorphic(result.graph, _graph(CLEAN))


@pytest.mark.parametrize("rule", sorted(CASES))
def test_repairing_twice_changes_nothing_the_second_time(rule: str) -> None:
    first = fix_graph(_graph(CLEAN, CASES[rule][0]))
    again = fix_graph(first.graph)
    assert again.repairs == []


def test_a_cycle_is_reported_with_the_way_to_mend_it() -> None:
    result = fix_graph(_graph(CLEAN, "ex:a skos:broader ex:b ."))
    assert [problem.check for problem in result.problems] == ["hierarchy-cycle"]
    assert "remove one skos:broader" in result.problems[0].message
    assert f"<{EX}a>" in result.problems[0].message and f"<{EX}b>" in result.problems[0].message


def test_one_uri_for_a_scheme_and_a_concept_is_reported() -> None:
    result = fix_graph(_graph(CLEAN, "ex:s a skos:Concept ."))
    assert ("S9", EX + "s") in {(p.check, p.resource) for p in result.problems}


def test_a_concept_under_two_schemes_is_not_guessed() -> None:
    two = (
        'ex:t a skos:ConceptScheme ; skos:prefLabel "T"@en ; skos:hasTopConcept ex:x . '
        'ex:x a skos:Concept ; skos:prefLabel "X"@en ; skos:topConceptOf ex:t ; '
        "skos:inScheme ex:t ; skos:narrower ex:y . "
        'ex:y a skos:Concept ; skos:prefLabel "Y"@en ; skos:broader ex:x, ex:a . '
        "ex:a skos:narrower ex:y ."
    )
    result = fix_graph(_graph(CLEAN, two))
    assert "in-scheme" not in {repair.rule for repair in result.repairs}
    assert [(p.check, p.resource) for p in result.problems] == [("not-in-scheme", EX + "y")]


def test_an_unknown_rule_is_refused() -> None:
    from kompetanse_skos.errors import KompetanseError

    with pytest.raises(KompetanseError, match="no repair rule nonsense"):
        fix_graph(_graph(CLEAN), skip=["nonsense"])
