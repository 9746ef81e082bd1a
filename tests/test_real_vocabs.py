"""The skos profile on real vocabularies nobody here wrote; its findings checked in the data."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from conftest import EU_DATA_THEME, LOS, run_cli
from kompetanse_skos.rdf.namespaces import RDF, SKOS
from kompetanse_skos.vocabulary.load import load_vocabulary


def _validate(path: Path) -> tuple[int, dict]:
    result = run_cli("validate", "--profile", "skos", "--format", "json", path)
    assert "Traceback" not in result.stderr
    return result.returncode, json.loads(result.stdout)


def _by_check(report: dict) -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = defaultdict(list)
    for finding in report["findings"]:
        grouped[finding["check"]].append(finding)
    return grouped


def _literal(shown: str, graph: Graph) -> Literal:
    """Find the literal a finding shows (in N3 form) among the graph's objects."""
    for value in graph.objects():
        if isinstance(value, Literal) and value.n3() == shown:
            return value
    raise AssertionError(f"no literal {shown} in the data")


@pytest.fixture(scope="module")
def los() -> tuple[Graph, int, dict]:
    code, report = _validate(LOS)
    return load_vocabulary([LOS]).graph, code, report


def test_los_has_no_definitions_and_every_concept_is_reported(los) -> None:
    graph, _, report = los
    concepts = set(graph.subjects(RDF.type, SKOS.Concept))
    assert len(concepts) == 526
    assert not list(graph.triples((None, SKOS.definition, None)))
    found = _by_check(report)
    reported = {f["focus"] for f in found["missing-definition"] + found["undocumented-concept"]}
    assert reported == {str(c) for c in concepts}
    # A concept reported as undocumented really has no note of any kind.
    notes = (SKOS.note, SKOS.scopeNote, SKOS.example, SKOS.historyNote, SKOS.editorialNote)
    for finding in found["undocumented-concept"]:
        focus = URIRef(finding["focus"])
        assert not any(graph.value(focus, note) for note in notes), focus
    for finding in found["missing-definition"]:
        assert any(graph.value(URIRef(finding["focus"]), note) for note in notes)


def test_los_breaks_s13_where_a_label_is_also_a_hidden_or_alternative_label(los) -> None:
    graph, code, report = los
    assert code == 1  # S13 is an integrity condition: LOS does not conform
    s13 = _by_check(report)["S13"]
    assert s13
    for finding in s13:
        focus, value = URIRef(finding["focus"]), _literal(finding["value"], graph)
        properties = {
            p
            for p in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel)
            if (focus, p, value) in graph
        }
        assert len(properties) >= 2, finding


def test_los_overlapping_labels_are_shared_labels(los) -> None:
    graph, _, report = los
    overlapping = _by_check(report)["overlapping-labels"]
    assert overlapping
    for finding in overlapping:
        concept = URIRef(finding["value"])
        labels = {
            (str(label).casefold(), label.language)
            for p in (SKOS.prefLabel, SKOS.altLabel)
            for label in graph.objects(concept, p)
        }
        shares = [
            other
            for other in graph.subjects(RDF.type, SKOS.Concept)
            if other != concept
            and any(
                (str(label).casefold(), label.language) in labels
                for p in (SKOS.prefLabel, SKOS.altLabel)
                for label in graph.objects(other, p)
            )
        ]
        assert shares, finding


def test_los_schemes_without_top_concepts(los) -> None:
    graph, _, report = los
    reported = {f["focus"] for f in _by_check(report)["omitted-top-concepts"]}
    expected = {
        str(scheme)
        for scheme in graph.subjects(RDF.type, SKOS.ConceptScheme)
        if graph.value(scheme, SKOS.hasTopConcept) is None
        and graph.value(None, SKOS.topConceptOf, scheme) is None
    }
    assert reported == expected and reported


def test_eu_data_theme_conforms_but_is_flat_and_undocumented() -> None:
    code, report = _validate(EU_DATA_THEME)
    graph = load_vocabulary([EU_DATA_THEME]).graph
    assert code == 0
    assert report["counts"]["violation"] == 0
    found = _by_check(report)
    concepts = {str(c) for c in graph.subjects(RDF.type, SKOS.Concept)}
    assert len(concepts) == 14
    # No hierarchy, no top concepts: every concept is an orphan and the scheme has no top.
    assert {f["focus"] for f in found["orphan-concept"]} == concepts
    assert not list(graph.triples((None, SKOS.broader, None)))
    assert len(found["omitted-top-concepts"]) == 1
    # No definitions or notes at all.
    assert {f["focus"] for f in found["undocumented-concept"]} == concepts
    assert not list(graph.triples((None, SKOS.definition, None)))
