"""Round trips through the workbook: vocab/ and LOS come back as they were; an edit, exactly."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic

from conftest import LOS, run_cli
from kompetanse_skos.vocabulary.load import load_vocabulary
from kompetanse_skos.workbook.layout import rows_triples
from kompetanse_skos.workbook.rows import vocabulary_sheets
from workbooks import cell_of, edit, value_of

VOCAB = "vocab/fagkunnskap-og-ferdigheter.ttl"
SKOS = "http://www.w3.org/2004/02/skos/core#"
EUVOC_STATUS = "http://publications.europa.eu/ontology/euvoc#status"
BASE = "https://psi.norge.no/kompetansemodell/"


def _graph(path: Path) -> Graph:
    return Graph().parse(path)


def _export_import(project: Path, workbook: Path, *args: str) -> None:
    exported = run_cli("export", "--root", project, "--xlsx", workbook)
    assert exported.returncode == 0, exported.stderr
    imported = run_cli("import", "--root", project, workbook, *args)
    assert imported.returncode == 0, imported.stderr + imported.stdout


def test_vocab_round_trip_is_isomorphic(project: Path, tmp_path: Path) -> None:
    original = _graph(project / VOCAB)
    _export_import(project, tmp_path / "k.xlsx")
    assert isomorphic(original, _graph(project / VOCAB))


def test_the_workbook_carries_drafts_statuses_and_three_languages(project: Path) -> None:
    """The round trip goes through the cells: these statements are carried, not just kept."""
    vocabulary = load_vocabulary([project / VOCAB])
    sheets = vocabulary_sheets(vocabulary)
    carried = rows_triples(sheets.rows(), sheets.naming, sheets.inverses)
    for predicate in ("prefLabel", "definition", "editorialNote", "broader", "narrower"):
        stated = set(vocabulary.triples(None, ox.NamedNode(SKOS + predicate), None))
        assert stated and stated <= carried, predicate
    statuses = set(vocabulary.triples(None, ox.NamedNode(EUVOC_STATUS), None))
    assert {t.object.value.rsplit("/", 1)[1] for t in statuses} == {"CURRENT", "DRAFT"}
    assert statuses <= carried
    languages = {t.object.language for t in carried if isinstance(t.object, ox.Literal)}
    assert {"nb", "nn", "en"} <= languages


def test_draft_status_and_nynorsk_note_are_in_their_cells(project: Path, tmp_path: Path) -> None:
    workbook = tmp_path / "k.xlsx"
    assert run_cli("export", "--root", project, "--xlsx", workbook).returncode == 0
    status = cell_of(workbook, "Begreper", "bruker-og-samfunnsbehov", "status")
    assert value_of(workbook, "Begreper", status) == "DRAFT"
    note = cell_of(workbook, "Begreper", "bruker-og-samfunnsbehov", "editorialNote@nn")
    assert str(value_of(workbook, "Begreper", note)).startswith("Undertemaet er utleidd")


def test_unchanged_workbook_gives_back_the_same_bytes(project: Path, tmp_path: Path) -> None:
    """Once the file is in the canonical layout, a round trip changes no byte of it."""
    _export_import(project, tmp_path / "first.xlsx")  # puts the file in the canonical layout
    canonical = (project / VOCAB).read_bytes()
    _export_import(project, tmp_path / "second.xlsx")
    assert (project / VOCAB).read_bytes() == canonical


def test_first_import_says_that_it_rewrote_a_hand_written_file(
    project: Path, tmp_path: Path
) -> None:
    workbook = tmp_path / "k.xlsx"
    assert run_cli("export", "--root", project, "--xlsx", workbook).returncode == 0
    result = run_cli("import", "--root", project, workbook)
    assert result.returncode == 0
    assert "was not in the canonical layout" in result.stdout
    assert "0 statement(s) added, 0 removed" in result.stdout


def test_editing_one_nynorsk_definition_changes_exactly_that_triple(
    project: Path, tmp_path: Path
) -> None:
    _export_import(project, tmp_path / "first.xlsx")
    before_bytes = (project / VOCAB).read_bytes()
    before = _graph(project / VOCAB)
    workbook = tmp_path / "k.xlsx"
    assert run_cli("export", "--root", project, "--xlsx", workbook).returncode == 0
    cell = cell_of(workbook, "Begreper", "deling-av-data", "definition@nn")
    old_text = str(value_of(workbook, "Begreper", cell))
    new_text = old_text + " Endra i rekneark."
    edit(workbook, "Begreper", cell, new_text)

    result = run_cli("import", "--root", project, workbook)
    assert result.returncode == 0, result.stderr
    assert "1 statement(s) added, 1 removed" in result.stdout
    after = _graph(project / VOCAB)
    _, removed, added = graph_diff(before, after)
    concept = URIRef(BASE + "deling-av-data")
    definition = URIRef(SKOS + "definition")
    assert set(removed) == {(concept, definition, Literal(old_text, lang="nn"))}
    assert set(added) == {(concept, definition, Literal(new_text, lang="nn"))}
    # Byte for byte, the file is the old one with that one text changed.
    expected = before_bytes.replace(old_text.encode(), new_text.encode(), 1)
    assert (project / VOCAB).read_bytes() == expected


def test_statements_the_workbook_does_not_carry_are_kept(tmp_path: Path) -> None:
    """Dates, blank nodes, a text with a line break and an unknown property survive an edit."""
    vocab = tmp_path / "vocab"
    vocab.mkdir()
    (vocab / "v.ttl").write_text(
        """@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix ex: <https://example.org/v/> .
ex:s a skos:ConceptScheme ; dct:title "S"@nb ; skos:hasTopConcept ex:a .
ex:a a skos:Concept ; skos:inScheme ex:s ; skos:topConceptOf ex:s ;
  skos:prefLabel "A"@nb ; skos:narrower ex:b ;
  dct:created "2020-01-01"^^<http://www.w3.org/2001/XMLSchema#date> ;
  skos:note "two\\nlines"@nb ; ex:weight 3 ;
  dct:creator [ a dct:Agent ; dct:title "Someone" ] .
ex:b a skos:Concept ; skos:inScheme ex:s ; skos:prefLabel "B"@nb ; skos:broader ex:a .
""",
        encoding="utf-8",
    )
    original = _graph(vocab / "v.ttl")
    workbook = tmp_path / "v.xlsx"
    assert run_cli("export", "--root", tmp_path, "--xlsx", workbook).returncode == 0
    edit(workbook, "Begreper", cell_of(workbook, "Begreper", "b", "prefLabel@nb"), "Bee")
    result = run_cli("import", "--root", tmp_path, workbook, "--profile", "skos")
    assert result.returncode == 0, result.stderr + result.stdout
    _, removed, added = graph_diff(original, _graph(vocab / "v.ttl"))
    prefix = URIRef(SKOS + "prefLabel")
    b = URIRef("https://example.org/v/b")
    assert set(removed) == {(b, prefix, Literal("B", lang="nb"))}
    assert set(added) == {(b, prefix, Literal("Bee", lang="nb"))}


def test_a_deleted_row_deletes_its_concept_and_the_narrower_link(tmp_path: Path) -> None:
    vocab = tmp_path / "vocab"
    vocab.mkdir()
    (vocab / "v.ttl").write_text(
        """@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix ex: <https://example.org/v/> .
ex:s a skos:ConceptScheme ; skos:hasTopConcept ex:a .
ex:a a skos:Concept ; skos:inScheme ex:s ; skos:topConceptOf ex:s ;
  skos:prefLabel "A"@nb ; skos:narrower ex:b .
ex:b a skos:Concept ; skos:inScheme ex:s ; skos:prefLabel "B"@nb ; skos:broader ex:a .
""",
        encoding="utf-8",
    )
    workbook = tmp_path / "v.xlsx"
    assert run_cli("export", "--root", tmp_path, "--xlsx", workbook).returncode == 0
    row = int(cell_of(workbook, "Begreper", "b", "identifier")[1:])
    from openpyxl import load_workbook

    book = load_workbook(workbook)
    book["Begreper"].delete_rows(row)
    book.save(workbook)
    result = run_cli("import", "--root", tmp_path, workbook, "--profile", "skos")
    assert result.returncode == 0, result.stderr + result.stdout
    graph = _graph(vocab / "v.ttl")
    b = URIRef("https://example.org/v/b")
    assert not list(graph.triples((b, None, None)))
    assert not list(graph.triples((None, None, b)))


@pytest.mark.slow
def test_los_round_trip_is_isomorphic(tmp_path: Path) -> None:
    workbook, output = tmp_path / "los.xlsx", tmp_path / "los.ttl"
    assert run_cli("export", "--xlsx", workbook, LOS).returncode == 0
    result = run_cli(
        "import", workbook, LOS, "--out", output, "--profile", "skos", "--ignore", "S13"
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert isomorphic(_graph(LOS), _graph(output))


def test_los_workbook_carries_every_statement_of_los() -> None:
    """LOS holds nothing a cell cannot carry, so its round trip goes through the cells alone.

    What a workbook cannot carry is kept by the import: see
    test_statements_the_workbook_does_not_carry_are_kept.
    """
    vocabulary = load_vocabulary([LOS])
    sheets = vocabulary_sheets(vocabulary)
    carried = rows_triples(sheets.rows(), sheets.naming, sheets.inverses)
    every = set(vocabulary.triples())
    assert carried <= every
    kinds = {t.predicate.value.rsplit("#", 1)[-1] for t in carried}
    expected = {"prefLabel", "hiddenLabel", "note", "broader", "narrower", "related", "member"}
    assert expected <= kinds
    assert carried == every


def test_a_clean_import_as_json(project: Path, tmp_path: Path) -> None:
    workbook = tmp_path / "k.xlsx"
    assert run_cli("export", "--root", project, "--xlsx", workbook).returncode == 0
    result = run_cli("import", "--root", project, workbook, "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["imported"] is True
    assert (data["errors"], data["added"], data["removed"]) == ([], 0, 0)
    assert data["report"]["conforms"] is True
