"""The real vocabulary in vocab/ conforms and holds what CONTENT.md says it must."""

from __future__ import annotations

import re

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from conftest import ROOT
from kompetanse_skos.pipeline.check import check_vocabulary
from kompetanse_skos.project import Project
from kompetanse_skos.rdf.namespaces import DCTERMS, EUVOC, OWL, RDF, SKOS
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


def _label(graph: Graph, concept: Node, language: str = "nb") -> str:
    return next(str(x) for x in graph.objects(concept, SKOS.prefLabel) if x.language == language)


def _concept(graph: Graph, label: str) -> Node:
    [concept] = [c for c in graph.subjects(RDF.type, SKOS.Concept) if _label(graph, c) == label]
    return concept


def _texts(graph: Graph, node: Node, prop: URIRef, language: str = "nb") -> list[str]:
    return [str(x) for x in graph.objects(node, prop) if x.language == language]


def test_drafts_keep_the_version_below_1_and_issued_is_the_release_date() -> None:
    """While a concept awaits the owner's confirmation, no scheme claims a 1.x release; each
    scheme's dct:issued is a release date, after every concept in it was created."""
    graph = read_vocabulary(PROJECT).graph
    assert any(graph.subjects(EUVOC.status, DRAFT))
    for scheme in graph.subjects(RDF.type, SKOS.ConceptScheme):
        [version] = graph.objects(scheme, OWL.versionInfo)
        assert re.fullmatch(r"0\.[0-9]+\.[0-9]+", str(version)), (scheme, version)
        [issued] = graph.objects(scheme, DCTERMS.issued)
        created = [
            d.toPython()
            for c in graph.subjects(SKOS.inScheme, scheme)
            for d in graph.objects(c, DCTERMS.created)
        ]
        assert created and issued.toPython() >= max(created), scheme


def test_definitions_define_and_notes_speak_of_the_source() -> None:
    """No definition talks about the source page; the theme the page does not describe
    (Transformasjonsledelse) says so in a note, in every language, and its definition holds
    only its place in the wheel and what its name says."""
    graph = read_vocabulary(PROJECT).graph
    about_source = re.compile(r"Kildesiden|Kjeldesida|source page", re.IGNORECASE)
    for concept, definition in graph.subject_objects(SKOS.definition):
        assert not about_source.search(str(definition)), concept
    theme = _concept(graph, THEMES[0])
    for language, word in (("nb", "ledelse"), ("nn", "leiing"), ("en", "leading")):
        [definition] = _texts(graph, theme, SKOS.definition, language)
        assert "hjul" in definition or "wheel" in definition
        assert word in definition.lower()
        notes = _texts(graph, theme, SKOS.scopeNote, language)
        assert any(about_source.search(note) for note in notes), language


def test_the_scheme_states_what_the_source_says_of_the_model() -> None:
    """Two statements of the source page: the model's aim and how it was developed."""
    graph, scheme = _wheel()
    [description] = _texts(graph, scheme, DCTERMS.description)
    assert "helhetlig bilde av kompetansebehovet" in description
    assert "involvering fra fagmiljøer internt og eksternt" in description
    # the source: leaders get support to build competence ("gi støtte til å bygge")
    assert "gi støtte til å bygge kompetanse" in description


def test_reuse_contributes_and_the_framework_should_be_used() -> None:
    """The source's modality is kept: reuse "bidrar til" quicker casework; Digdir's framework
    for information management "bør" be used."""
    graph, _ = _wheel()
    theme = _concept(graph, THEMES[4])
    [definition] = _texts(graph, theme, SKOS.definition)
    assert "bidrar til raskere og enklere saksgang" in definition
    assert "bør brukes" in definition
    [reuse] = _texts(graph, _concept(graph, "Gjenbruk av informasjon"), SKOS.definition)
    assert "bidrar til raskere og enklere saksgang" in reuse


def test_english_labels_of_the_two_rules_are_their_official_names() -> None:
    graph, _ = _wheel()
    for label, official in (
        ("Økonomiregelverket", "Regulations on Financial Management in Central Government"),
        ("Utredningsinstruksen", "Instructions for Official Studies"),
    ):
        assert _label(graph, _concept(graph, label), "en") == official


def test_nynorsk_labels_use_no_possessive_sin_genitive() -> None:
    """Nynorsk labels write "behova til brukaren", not "brukaren sine behov". (A label has
    no subject, so "sin"/"sine" there is always that genitive; in a sentence it may be the
    reflexive possessive, "tilboda sine".)"""
    graph = read_vocabulary(PROJECT).graph
    for subject, text in graph.subject_objects(SKOS.prefLabel | SKOS.altLabel):
        if isinstance(text, Literal) and text.language == "nn":
            assert not re.search(r"\b\w+ (sin|si|sitt|sine) \w+", str(text)), (subject, text)
