"""The workbook in a real spreadsheet program: LibreOffice Calc (Debian's), headless.

Calc re-saves the workbook, and converts every sheet to CSV and back; what comes back still
imports to the same graph, and the dropdown lists survive. scripts/test installs
libreoffice-calc-nogui.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from rdflib import Graph
from rdflib.compare import isomorphic

from conftest import run_cli

pytestmark = pytest.mark.slow

VOCAB = "vocab/fagkunnskap-og-ferdigheter.ttl"
# A label a spreadsheet would take for a formula: it must stay text all the way.
FORMULA_LIKE = (
    "<https://psi.norge.no/kompetansemodell/deling-av-data> "
    '<http://www.w3.org/2004/02/skos/core#altLabel> "=HYPERLINK(""x"")+1"@nb .\n'
).replace('""', '\\"')


def _soffice(profile: Path, *args: str | Path) -> None:
    """Run LibreOffice headless with a profile of its own (two at once need two)."""
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice is missing: apt-get install libreoffice-calc-nogui"
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", *map(str, args)],
        check=True,
        capture_output=True,
        timeout=180,
    )


@pytest.fixture
def exported(project: Path, tmp_path: Path) -> tuple[Path, Graph]:
    """The project's workbook, and the graph it came from (with a formula-like label)."""
    with (project / VOCAB).open("a", encoding="utf-8") as file:
        file.write(FORMULA_LIKE)
    workbook = tmp_path / "k.xlsx"
    assert run_cli("export", "--root", project, "--xlsx", workbook).returncode == 0
    return workbook, Graph().parse(project / VOCAB)


def _imports_to(project: Path, workbook: Path, original: Graph) -> None:
    result = run_cli("import", "--root", project, workbook)
    assert result.returncode == 0, result.stderr + result.stdout
    assert isomorphic(Graph().parse(project / VOCAB), original)


def test_resaved_by_calc_imports_to_the_same_graph(
    project: Path, tmp_path: Path, exported: tuple[Path, Graph]
) -> None:
    workbook, original = exported
    _soffice(tmp_path / "profile", "--convert-to", "xlsx", "--outdir", tmp_path / "calc", workbook)
    resaved = tmp_path / "calc" / "k.xlsx"
    assert resaved.read_bytes() != workbook.read_bytes()  # Calc wrote a file of its own
    book = load_workbook(resaved)
    sheet = book["Begreper"]
    lists = {
        str(validation.sqref).split(":")[0].rstrip("0123456789"): validation.formula1
        for validation in sheet.data_validations.dataValidation
        if validation.type == "list"
    }
    header = [cell.value for cell in sheet[1]]
    status = get_column_letter(header.index("status") + 1)
    assert "DRAFT" in lists[status] and "CURRENT" in lists[status]
    assert lists["C"].replace("$", "").startswith("A2:A")  # broader: among the identifiers
    altlabels = [c for c in sheet[get_column_letter(header.index("altLabel@nb") + 1)] if c.value]
    formula_like = [cell for cell in altlabels if str(cell.value).startswith("=")]
    assert [cell.data_type for cell in formula_like] == ["s"]
    book.close()
    _imports_to(project, resaved, original)


def test_csv_and_back_imports_to_the_same_graph(
    project: Path, tmp_path: Path, exported: tuple[Path, Graph]
) -> None:
    """Every sheet goes to CSV and back through Calc; the cells come back as they were."""
    workbook, original = exported
    profile = tmp_path / "profile"
    every_sheet = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
    _soffice(profile, "--convert-to", every_sheet, "--outdir", tmp_path / "csv", workbook)
    as_text = "/".join(f"{column}/2" for column in range(1, 100))  # every column is text
    book = load_workbook(workbook)
    for sheet in book.worksheets:
        csv = tmp_path / "csv" / f"k-{sheet.title}.csv"
        assert csv.is_file(), sorted(p.name for p in (tmp_path / "csv").iterdir())
        _soffice(
            profile,
            f"--infilter=CSV:44,34,76,1,{as_text}",
            "--convert-to",
            "xlsx",
            "--outdir",
            tmp_path / "back",
            csv,
        )
        back = load_workbook(tmp_path / "back" / f"k-{sheet.title}.xlsx")
        rows = list(back.active.iter_rows(values_only=True))
        back.close()
        assert rows == list(sheet.iter_rows(values_only=True)), sheet.title
        # Paste the values back, as a maintainer would, keeping the sheet's dropdowns.
        for row in sheet.iter_rows():
            for cell in row:
                cell.value = None
        for number, values in enumerate(rows, start=1):
            for column, value in enumerate(values, start=1):
                if value is not None:
                    sheet.cell(number, column).value = value
                    sheet.cell(number, column).data_type = "s"
    pasted = tmp_path / "pasted.xlsx"
    book.save(pasted)
    _imports_to(project, pasted, original)
