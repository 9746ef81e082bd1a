"""Hostile workbooks: formulas, a huge sheet, a huge cell, a file that is no workbook.

Each gives a clear error (or a correct import), never a traceback; and the export never
writes a formula, whatever a label starts with.
"""

from __future__ import annotations

import json
import time
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from rdflib import Graph, Literal

from conftest import run_cli
from workbooks import cell_of, edit

VOCAB = "vocab/fagkunnskap-og-ferdigheter.ttl"


@pytest.fixture
def exported(project: Path, tmp_path: Path) -> Path:
    workbook = tmp_path / "k.xlsx"
    assert run_cli("export", "--root", project, "--xlsx", workbook).returncode == 0
    return workbook


def _errors(project: Path, workbook: Path) -> list[dict[str, str]]:
    before = (project / VOCAB).read_bytes()
    result = run_cli("import", "--root", project, workbook, "--format", "json")
    assert result.returncode == 1, result.stdout
    assert "Traceback" not in result.stderr
    assert (project / VOCAB).read_bytes() == before
    return list(json.loads(result.stdout)["errors"])


@pytest.mark.parametrize(
    "formula",
    ['=HYPERLINK("https://example.org/","Klikk")', "=cmd|' /C calc'!A0", "=1+1"],
)
def test_a_formula_is_an_error_at_its_cell(project: Path, exported: Path, formula: str) -> None:
    cell = cell_of(exported, "Begreper", "deling-av-data", "definition@nn")
    edit(exported, "Begreper", cell, formula)  # openpyxl stores "=…" as a formula
    errors = _errors(project, exported)
    assert [e["reference"] for e in errors] == [f"Begreper!{cell}"]
    assert "holds a formula" in errors[0]["message"]


@pytest.mark.parametrize("label", ['=HYPERLINK("https://example.org/","x")', "+47", "-1", "@all"])
def test_a_label_that_looks_like_a_formula_is_exported_as_text(tmp_path: Path, label: str) -> None:
    vocab = tmp_path / "vocab"
    vocab.mkdir()
    escaped = label.replace('"', '\\"')
    (vocab / "v.ttl").write_text(
        f"""@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<https://example.org/v/s> a skos:ConceptScheme .
<https://example.org/v/a> a skos:Concept ; skos:inScheme <https://example.org/v/s> ;
  skos:prefLabel "{escaped}"@nb .
""",
        encoding="utf-8",
    )
    workbook = tmp_path / "v.xlsx"
    assert run_cli("export", "--root", tmp_path, "--xlsx", workbook).returncode == 0
    cell = cell_of(workbook, "Begreper", "a", "prefLabel@nb")
    with zipfile.ZipFile(workbook) as archive:
        names = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        sheets = b"".join(archive.read(name) for name in names)
    assert b"<f>" not in sheets and b"<f " not in sheets
    book = load_workbook(workbook)
    assert book["Begreper"][cell].data_type == "s"
    assert book["Begreper"][cell].value == label
    book.close()
    result = run_cli("import", "--root", tmp_path, workbook, "--profile", "skos")
    assert result.returncode == 0, result.stderr + result.stdout
    labels = set(Graph().parse(vocab / "v.ttl").objects(None, None))
    assert Literal(label, lang="nb") in labels


def test_a_cell_of_a_megabyte(project: Path, exported: Path) -> None:
    """Excel and openpyxl cut a cell at 32,767 characters; a hand-made file need not."""
    cell = cell_of(exported, "Begreper", "deling-av-data", "definition@nn")
    text = str(load_workbook(exported)["Begreper"][cell].value)
    _replace_in_zip(exported, text.encode(), b"x" * 1_048_576)
    errors = _errors(project, exported)
    assert [e["reference"] for e in errors] == [f"Begreper!{cell}"]
    assert "holds 1,048,576 characters; a cell holds at most 32,767" in errors[0]["message"]


def _replace_in_zip(workbook: Path, old: bytes, new: bytes) -> None:
    """Replace the one occurrence of *old* in the workbook's files, by hand."""
    with zipfile.ZipFile(workbook) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    assert sum(data.count(old) for data in members.values()) == 1
    members = {name: data.replace(old, new) for name, data in members.items()}
    with zipfile.ZipFile(workbook, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)


@pytest.mark.slow
def test_a_sheet_of_100000_rows(project: Path, exported: Path) -> None:
    book = load_workbook(exported)
    sheet = book["Begreper"]
    for n in range(100_000):
        sheet.append([f"begrep-{n}", None, None, f"Begrep {n}"])
    book.save(exported)
    started = time.monotonic()
    errors = _errors(project, exported)
    assert time.monotonic() - started < 60
    assert [e["reference"] for e in errors] == ["Begreper!A50001"]
    assert "more than 50,000 rows" in errors[0]["message"]


def _fails_to_open(project: Path, workbook: Path) -> str:
    before = (project / VOCAB).read_bytes()
    result = run_cli("import", "--root", project, workbook)
    assert result.returncode == 3, result.stderr
    assert "Traceback" not in result.stderr
    assert (project / VOCAB).read_bytes() == before
    return result.stderr


def test_a_turtle_file_renamed_xlsx(project: Path, tmp_path: Path) -> None:
    fake = tmp_path / "k.xlsx"
    fake.write_bytes((project / VOCAB).read_bytes())
    assert "not an Excel workbook (not a zip file)" in _fails_to_open(project, fake)


def test_an_empty_file(project: Path, tmp_path: Path) -> None:
    fake = tmp_path / "k.xlsx"
    fake.write_bytes(b"")
    assert "not an Excel workbook" in _fails_to_open(project, fake)


def test_a_zip_that_is_not_a_workbook(project: Path, tmp_path: Path) -> None:
    fake = tmp_path / "k.xlsx"
    with zipfile.ZipFile(fake, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    assert "cannot read it as an Excel workbook" in _fails_to_open(project, fake)


def test_a_workbook_not_made_by_export(project: Path, tmp_path: Path) -> None:
    from openpyxl import Workbook

    other = tmp_path / "k.xlsx"
    Workbook().save(other)
    assert "was not written by kompetanse-skos export" in _fails_to_open(project, other)


def test_a_zip_bomb_is_refused_before_it_is_unpacked(project: Path, tmp_path: Path) -> None:
    fake = tmp_path / "k.xlsx"
    with (
        zipfile.ZipFile(fake, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("xl/worksheets/sheet1.xml", "w") as member,
    ):
        for _ in range(600):
            member.write(b"\0" * (1 << 20))
    assert fake.stat().st_size < 5_000_000
    assert "too large to read" in _fails_to_open(project, fake)


def test_an_extra_value_outside_the_table(project: Path, exported: Path) -> None:
    book = load_workbook(exported)
    sheet = book["Begreper"]
    cell = sheet.cell(3, sheet.max_column + 2, "stray")
    reference = cell.coordinate
    book.save(exported)
    errors = _errors(project, exported)
    assert [e["reference"] for e in errors] == [f"Begreper!{reference}"]


def test_a_broken_uri_in_a_mapping(project: Path, exported: Path) -> None:
    cell = cell_of(exported, "Begreper", "deling-av-data", "exactMatch")
    edit(exported, "Begreper", cell, "https://example.org/a<b>")
    errors = _errors(project, exported)
    assert [e["reference"] for e in errors] == [f"Begreper!{cell}"]


def test_an_output_folder_that_does_not_exist(project: Path, exported: Path) -> None:
    result = run_cli("import", "--root", project, exported, "--out", project / "no" / "v.ttl")
    assert result.returncode == 4
    assert "its folder does not exist" in result.stderr
    assert "Traceback" not in result.stderr
