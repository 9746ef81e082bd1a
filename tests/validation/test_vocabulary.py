"""The real vocabulary in vocab/ conforms and holds what CONTENT.md says it must."""

from __future__ import annotations

from rdflib import Literal, URIRef

from conftest import ROOT
from kompetanse_skos.pipeline.check import check_vocabulary
from kompetanse_skos.project import Project
from kompetanse_skos.rdf.namespaces import DCTERMS, EUVOC, RDF, SKOS
from kompetanse_skos.vocabulary.read import read_vocabulary

PROJECT = Project.from_root(ROOT)
THEMES = [
    "Transformasjonsledelse",
    "Styring og strategi",
    "Utvikling og innovasjon",
    "Brukermedvirkning og samarbeid (økosystem)",
    "Data og sikkerhet",
]
DRAFT = URIRef("http://publications.europa.eu/resource/authority/concept-status/DRAFT")
SOURCE = URIRef(
    "https://www.digdir.no/digitalisering-og-samordning/"
    "fagkunnskap-og-ferdigheter-digital-transformasjon/3296"
)


def test_vocabulary_conforms_to_all_three_profiles() -> None:
    _, report = check_vocabulary(PROJECT, profiles=["skos", "kompetanse", "skos-ap-no"])
    assert report.conforms, [f for f in report.findings if f.severity == "violation"]
    # Not even a warning or a note: the published vocabulary is clean.
    assert report.findings == []


def _wheel() -> tuple:
    graph = read_vocabulary(PROJECT).graph
    schemes = [
        s
        for s in graph.subjects(RDF.type, SKOS.ConceptScheme)
        if Literal("Fagkunnskap og ferdigheter", lang="nb") in set(graph.objects(s, DCTERMS.title))
        or str(s).endswith("/fagkunnskap-og-ferdigheter")
    ]
    assert len(schemes) == 1
    return graph, schemes[0]


def test_the_five_main_themes_are_top_concepts_in_the_wheels_order() -> None:
    graph, scheme = _wheel()
    tops = sorted(
        graph.objects(scheme, SKOS.hasTopConcept), key=lambda c: int(graph.value(c, SKOS.notation))
    )
    labels = [
        next(str(label) for label in graph.objects(c, SKOS.prefLabel) if label.language == "nb")
        for c in tops
    ]
    assert labels == THEMES
    for concept in tops:
        assert (concept, SKOS.topConceptOf, scheme) in graph


def test_subthemes_are_marked_as_drafts_derived_from_the_text() -> None:
    graph, scheme = _wheel()
    subthemes = [c for c in graph.subjects(SKOS.inScheme, scheme) if graph.value(c, SKOS.broader)]
    assert len(subthemes) >= 8
    for concept in subthemes:
        assert graph.value(concept, EUVOC.status) == DRAFT, concept
        notes = {n.language for n in graph.objects(concept, SKOS.editorialNote)}
        assert {"nb", "nn", "en"} <= notes, concept
        assert (concept, DCTERMS.source, SOURCE) in graph
        parent = graph.value(concept, SKOS.broader)
        assert str(graph.value(concept, SKOS.notation)).startswith(
            f"{graph.value(parent, SKOS.notation)}."
        )


def test_every_concept_has_what_skos_ap_no_requires() -> None:
    graph = read_vocabulary(PROJECT).graph
    concepts = set(graph.subjects(RDF.type, SKOS.Concept))
    assert len(concepts) > 20
    for concept in concepts:
        labels = [label.language for label in graph.objects(concept, SKOS.prefLabel)]
        assert sorted(labels) == ["en", "nb", "nn"], concept
        assert {d.language for d in graph.objects(concept, SKOS.definition)} >= {"nb", "nn"}
        assert graph.value(concept, DCTERMS.identifier) == Literal(
            str(concept), datatype=URIRef("http://www.w3.org/2001/XMLSchema#anyURI")
        )
        assert graph.value(concept, DCTERMS.publisher) == URIRef(
            "https://organization-catalog.fellesdatakatalog.digdir.no/organizations/991825827"
        )
        assert graph.value(concept, URIRef("http://www.w3.org/ns/dcat#contactPoint")) is not None
