"""Errors by cell: each kind of mistake is named by its sheet and cell, and nothing is written."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from conftest import run_cli
from workbooks import cell_of, edit

VOCAB = "vocab/fagkunnskap-og-ferdigheter.ttl"


@pytest.fixture
def exported(project: Path, tmp_path: Path) -> Path:
    """The real vocabulary's workbook, in a copy of the project."""
    workbook = tmp_path / "k.xlsx"
    result = run_cli("export", "--root", project, "--xlsx", workbook)
    assert result.returncode == 0, result.stderr
    return workbook


def _import_fails(project: Path, workbook: Path) -> tuple[str, list[dict[str, str]]]:
    """Import in text and in JSON; both fail and leave the vocabulary as it was."""
    before = (project / VOCAB).read_bytes()
    text = run_cli("import", "--root", project, workbook)
    assert text.returncode == 1
    assert "Traceback" not in text.stderr
    assert "nothing was written" in text.stderr
    as_json = run_cli("import", "--root", project, workbook, "--format", "json")
    assert as_json.returncode == 1
    data = json.loads(as_json.stdout)
    assert data["imported"] is False
    assert (project / VOCAB).read_bytes() == before
    return text.stderr, data["errors"]


def test_unknown_broader(project: Path, exported: Path) -> None:
    cell = cell_of(exported, "Begreper", "deling-av-data", "broader")
    edit(exported, "Begreper", cell, "finnes-ikke")
    text, errors = _import_fails(project, exported)
    assert [e["reference"] for e in errors] == [f"Begreper!{cell}"]
    assert f"k.xlsx: Begreper!{cell}: broader 'finnes-ikke' is not the identifier" in text


def test_duplicate_identifier(project: Path, exported: Path) -> None:
    first = cell_of(exported, "Begreper", "kun-en-gang", "identifier")
    second = cell_of(exported, "Begreper", "deling-av-data", "identifier")
    edit(exported, "Begreper", second, "kun-en-gang")
    _, errors = _import_fails(project, exported)
    assert [e["reference"] for e in errors] == [f"Begreper!{second}"]
    assert f"already used at Begreper!{first}" in errors[0]["message"]


def test_label_in_a_language_the_scheme_does_not_declare(project: Path, exported: Path) -> None:
    book = load_workbook(exported)
    sheet = book["Begreper"]
    column = sheet.max_column + 1
    sheet.cell(1, column, "prefLabel@de")
    row = int(cell_of(exported, "Begreper", "deling-av-data", "identifier")[1:])
    sheet.cell(row, column, "Datenaustausch")
    cell = sheet.cell(row, column).coordinate
    book.save(exported)
    _, errors = _import_fails(project, exported)
    assert [e["reference"] for e in errors] == [f"Begreper!{cell}"]
    assert "'de', a language this scheme does not declare (en, nb, nn)" in errors[0]["message"]


def test_empty_required_label(project: Path, exported: Path) -> None:
    cell = cell_of(exported, "Begreper", "deling-av-data", "prefLabel@nb")
    edit(exported, "Begreper", cell, None)
    _, errors = _import_fails(project, exported)
    assert [e["reference"] for e in errors] == [f"Begreper!{cell}"]
    assert "preferred label in nb is empty" in errors[0]["message"]


def test_empty_identifier(project: Path, exported: Path) -> None:
    cell = cell_of(exported, "Begreper", "deling-av-data", "identifier")
    edit(exported, "Begreper", cell, None)
    _, errors = _import_fails(project, exported)
    assert [e["reference"] for e in errors] == [f"Begreper!{cell}"]
    assert "the identifier is empty" in errors[0]["message"]


@pytest.mark.parametrize("identifier", ["deling av data", "deling?data", "data#1", "../x", "50%"])
def test_identifier_that_is_not_a_safe_uri_segment(
    project: Path, exported: Path, identifier: str
) -> None:
    cell = cell_of(exported, "Begreper", "deling-av-data", "identifier")
    edit(exported, "Begreper", cell, identifier)
    _, errors = _import_fails(project, exported)
    assert f"Begreper!{cell}" in [e["reference"] for e in errors]
    assert any("is not safe in a URI" in e["message"] for e in errors)


def test_removing_a_published_concept(project: Path, exported: Path, tmp_path: Path) -> None:
    previous = tmp_path / "previous.ttl"
    shutil.copy(project / VOCAB, previous)
    cell = cell_of(exported, "Begreper", "kun-en-gang", "identifier")
    book = load_workbook(exported)
    book["Begreper"].delete_rows(int(cell[1:]))
    book.save(exported)
    before = (project / VOCAB).read_bytes()
    result = run_cli(
        "import", "--root", project, exported, "--previous", previous, "--format", "json"
    )
    assert result.returncode == 1
    errors = json.loads(result.stdout)["errors"]
    assert [e["reference"] for e in errors] == [f"Begreper!{cell}"]
    assert "kun-en-gang was published in the previous release" in errors[0]["message"]
    assert (project / VOCAB).read_bytes() == before
    # Without the previous release, deleting the row deletes the concept.
    assert run_cli("import", "--root", project, exported).returncode == 0
    assert b"kun-en-gang>" not in (project / VOCAB).read_bytes()


def test_profile_findings_name_the_cell(project: Path, exported: Path) -> None:
    """A clean workbook whose result breaks a profile: the finding names the row's cell."""
    cell = cell_of(exported, "Begreper", "deling-av-data", "prefLabel@nn")
    edit(exported, "Begreper", cell, "Deling av data\nDatadeling")  # two nn prefLabels: S14
    before = (project / VOCAB).read_bytes()
    result = run_cli("import", "--root", project, exported, "--format", "json")
    assert result.returncode == 1
    findings = json.loads(result.stdout)["report"]["findings"]
    places = {f["file"] for f in findings if f["check"] == "S14"}
    assert places == {f"k.xlsx Begreper!{cell}"}
    assert (project / VOCAB).read_bytes() == before


def test_errors_are_all_reported_at_once(project: Path, exported: Path) -> None:
    broader = cell_of(exported, "Begreper", "deling-av-data", "broader")
    status = cell_of(exported, "Begreper", "kun-en-gang", "status")
    edit(exported, "Begreper", broader, "nowhere")
    edit(exported, "Begreper", status, "FINISHED")
    _, errors = _import_fails(project, exported)
    assert sorted(e["reference"] for e in errors) == sorted(
        [f"Begreper!{broader}", f"Begreper!{status}"]
    )


def test_a_renamed_concept_sheet(project: Path, exported: Path) -> None:
    """A sheet no scheme names would lose its concepts' scheme: an error, not a guess."""
    book = load_workbook(exported)
    book["Begreper"].title = "Mine begreper"
    book.save(exported)
    _, errors = _import_fails(project, exported)
    assert [e["reference"] for e in errors] == ["'Mine begreper'!A1"]
    assert "no scheme in Begrepssystemer names this sheet" in errors[0]["message"]


def test_scheme_title_in_a_language_it_does_not_declare(project: Path, exported: Path) -> None:
    languages = cell_of(exported, "Begrepssystemer", "fagkunnskap-og-ferdigheter", "languages")
    edit(exported, "Begrepssystemer", languages, "nb\nnn")
    title = cell_of(exported, "Begrepssystemer", "fagkunnskap-og-ferdigheter", "title@en")
    _, errors = _import_fails(project, exported)
    references = [e["reference"] for e in errors]
    assert f"Begrepssystemer!{title}" in references
