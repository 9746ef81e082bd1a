"""The model: the graph read once into dataclasses, in a fixed order, for display."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph
from rdflib.namespace import DCTERMS

from conftest import ROOT, run_cli
from kompetanse_skos.project import Project
from kompetanse_skos.site.i18n import NORWEGIAN_ORDER
from kompetanse_skos.vocabulary.load import Vocabulary
from kompetanse_skos.vocabulary.model import Label, Value, model_of, notation_key, read_model
from kompetanse_skos.vocabulary.read import read_vocabulary

EX = "https://example.org/voc/"
TURTLE = """
@prefix :     <https://example.org/voc/> .
@prefix dct:  <http://purl.org/dc/terms/> .
@prefix euvoc: <http://publications.europa.eu/ontology/euvoc#> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix owl:  <http://www.w3.org/2002/07/owl#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .

:scheme a skos:ConceptScheme ;
    dct:title "Ordning"@nb , "Scheme"@en ;
    skos:prefLabel "Not the title"@nb ;
    dct:description "Om ordningen."@nb ;
    dct:publisher :org ;
    dct:license <http://publications.europa.eu/resource/authority/licence/NLOD_2_0> ;
    dct:issued "2026-01-02"^^xsd:date ;
    owl:versionInfo "2.0" ;
    skos:hasTopConcept :b .
:org foaf:name "Etaten"@nb , "The agency"@en .

:a a skos:Concept ; skos:inScheme :scheme ; skos:topConceptOf :scheme ;
    skos:notation "1" ;
    skos:prefLabel "Alfa"@nb , "Alpha"@en ;
    skos:altLabel "A"@nb ;
    skos:hiddenLabel "Alfha"@nb ;
    skos:definition "Den første."@nb ;
    skos:editorialNote "Redaksjonelt."@nb ;
    skos:scopeNote "Omfang."@nb ;
    skos:example "Eksempel."@nb ;
    skos:related :b ;
    skos:exactMatch <https://other.example/a> .
:b a skos:Concept ; skos:inScheme :scheme ;
    skos:notation "2" ;
    skos:prefLabel "Beta"@nb .
:a1 a skos:Concept ; skos:inScheme :scheme ; skos:broader :a ;
    skos:notation "1.10" ; skos:prefLabel "Alfa ti"@nb ;
    euvoc:status <http://publications.europa.eu/resource/authority/concept-status/DRAFT> ;
    dct:source <https://source.example/> , "En bok"@nb .
:a2 a skos:Concept ; skos:inScheme :scheme ;
    skos:notation "1.9" ; skos:prefLabel "Alfa ni"@nb .
:a skos:narrower :a2 .
:old a skos:Concept ; skos:inScheme :scheme ;
    skos:prefLabel "Gammel"@nb ;
    owl:deprecated true ;
    dct:isReplacedBy :b .
:list a skos:OrderedCollection ;
    skos:prefLabel "Liste"@nb ;
    skos:memberList ( :b :a ) .
:set a skos:Collection ; skos:member :b , :a .
[] a skos:Concept ; skos:inScheme :scheme ; skos:prefLabel "Blank"@nb .
"""


def _model():  # type: ignore[no-untyped-def]
    return read_model(Vocabulary.from_graph(Graph().parse(data=TURTLE, format="turtle")))


def test_concepts_have_their_labels_notes_and_notation() -> None:
    concept = _model().concepts[EX + "a"]
    assert concept.pref_labels == (Label("Alpha", "en"), Label("Alfa", "nb"))
    assert concept.alt_labels == (Label("A", "nb"),)
    assert concept.hidden_labels == (Label("Alfha", "nb"),)
    assert concept.definitions == (Label("Den første.", "nb"),)
    assert [kind for kind, _ in concept.notes] == ["scopeNote", "example", "editorialNote"]
    assert concept.notations == ("1",)
    assert concept.mappings == (("exactMatch", ("https://other.example/a",)),)


def test_relations_are_read_in_both_directions() -> None:
    model = _model()
    a = model.concepts[EX + "a"]
    assert a.narrower == (EX + "a1", EX + "a2")
    assert model.concepts[EX + "a2"].broader == (EX + "a",)
    assert model.concepts[EX + "b"].related == (EX + "a",)
    assert a.top_concept_of == (EX + "scheme",)
    assert model.concepts[EX + "b"].top_concept_of == (EX + "scheme",)
    assert model.schemes[EX + "scheme"].top_concepts == (EX + "a", EX + "b")


def test_status_deprecation_and_sources() -> None:
    model = _model()
    draft = model.concepts[EX + "a1"]
    assert draft.draft and draft.status_code == "DRAFT"
    assert draft.sources == (Value("En bok", "nb"), Value("https://source.example/", is_uri=True))
    old = model.concepts[EX + "old"]
    assert old.deprecated and old.replaced_by == (EX + "b",)
    assert not model.concepts[EX + "b"].draft


def test_scheme_metadata_prefers_the_title_and_names_the_publisher() -> None:
    scheme = _model().schemes[EX + "scheme"]
    assert scheme.titles == (Label("Scheme", "en"), Label("Ordning", "nb"))
    assert scheme.version == "2.0" and scheme.issued == "2026-01-02"
    assert scheme.publisher is not None
    assert scheme.publisher.names == (Label("The agency", "en"), Label("Etaten", "nb"))
    assert len(scheme.concepts) == 6


def test_collections_keep_a_member_list_in_order() -> None:
    model = _model()
    assert model.collections[EX + "list"].members == (EX + "b", EX + "a")
    assert model.collections[EX + "list"].ordered
    assert model.collections[EX + "set"].members == (EX + "a", EX + "b")
    assert model.concepts[EX + "a"].collections == (EX + "list", EX + "set")


def test_a_blank_node_concept_gets_a_name_that_survives_parsing_again() -> None:
    first = [uri for uri in _model().concepts if uri.startswith("_:")]
    second = [uri for uri in _model().concepts if uri.startswith("_:")]
    assert len(first) == 1 and first == second


def test_the_model_is_the_same_whatever_the_order_of_the_graph() -> None:
    assert _model() == _model()


def test_notations_sort_naturally() -> None:
    assert sorted(["2.10", "2.9", "10", "2", "1.1"], key=notation_key) == [
        "1.1",
        "2",
        "2.9",
        "2.10",
        "10",
    ]


def test_norwegian_alphabetical_order() -> None:
    words = ["Åpenhet", "Øko", "Ærlig", "Zebra", "ære", "Ape", "émile", "Ørn", "Ändern"]
    assert sorted(words, key=NORWEGIAN_ORDER.key) == [
        "Ape",
        "émile",
        "Zebra",
        "Ändern",
        "ære",
        "Ærlig",
        "Øko",
        "Ørn",
        "Åpenhet",
    ]
    assert [NORWEGIAN_ORDER.initial(w) for w in ("æble", "Øst", "åker", "émile", "42", "{x}")] == [
        "Æ",
        "Ø",
        "Å",
        "E",
        "",
        "",
    ]


def test_the_real_vocabulary_makes_a_wheel_of_five_themes() -> None:
    vocabulary = read_vocabulary(Project.from_root(ROOT))
    model = model_of(vocabulary)
    wheel = next(s for s in model.schemes.values() if s.uri.endswith("/fagkunnskap-og-ferdigheter"))
    assert len(wheel.top_concepts) == 5
    themes = [model.concepts[uri] for uri in wheel.top_concepts]
    assert sorted(t.notations[0] for t in themes) == ["1", "2", "3", "4", "5"]
    subthemes = [model.concepts[uri] for t in themes for uri in t.narrower]
    assert len(subthemes) >= 8
    assert all(s.draft for s in subthemes)


def test_home_page_and_catalogue_record_present_the_same_scheme(tmp_path: Path) -> None:
    """The scheme with the most concepts is the one the vocabulary is about, everywhere."""
    result = run_cli("build", "--root", ROOT, "--out", tmp_path / "site")
    assert result.returncode == 0, result.stderr
    record = Graph().parse(tmp_path / "site" / "catalog.ttl")
    titles = {str(t) for t in record.objects(None, DCTERMS.title) if t.language == "nb"}
    assert "Fagkunnskap og ferdigheter for digital transformasjon" in titles
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "<h1>Fagkunnskap og ferdigheter for digital transformasjon</h1>" in home
