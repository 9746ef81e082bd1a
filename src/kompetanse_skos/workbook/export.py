"""Write a vocabulary as an Excel workbook its maintainers can edit and give back."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from kompetanse_skos.errors import BuildError
from kompetanse_skos.vocabulary.load import Vocabulary
from kompetanse_skos.workbook.layout import (
    COLLECTIONS_SHEET,
    IDENTIFIER,
    README_SHEET,
    SCHEMES_SHEET,
    SETTINGS_SHEET,
    STATUSES,
    Row,
    columns_of,
    values_text,
)
from kompetanse_skos.workbook.readme import README_LINES
from kompetanse_skos.workbook.rows import Sheets, vocabulary_sheets

# Room for new rows under the exported ones, for the dropdown lists.
_SPARE_ROWS = 500
_WRAP = Alignment(wrap_text=True, vertical="top")
# A text a spreadsheet would take for a formula, or a number, if typed in: marked as text.
_FORMULA_STARTS = ("=", "+", "-", "@")


def export_workbook(vocabulary: Vocabulary, path: Path) -> Sheets:
    """Write *vocabulary* as a workbook at *path*; return its rows."""
    sheets = vocabulary_sheets(vocabulary)
    book = Workbook()
    readme = book.active
    assert readme is not None
    readme.title = README_SHEET
    _write_readme(readme)
    all_languages = sorted({lang for langs in sheets.languages.values() for lang in langs})
    # The concepts first: that is where the work is.
    for name, rows in sheets.concepts.items():
        _write_sheet(book.create_sheet(name), "concept", rows, sheets.languages[name], sheets)
    _write_sheet(book.create_sheet(SCHEMES_SHEET), "scheme", sheets.schemes, all_languages, sheets)
    _write_sheet(
        book.create_sheet(COLLECTIONS_SHEET),
        "collection",
        sheets.collections,
        all_languages,
        sheets,
    )
    settings = book.create_sheet(SETTINGS_SHEET)
    settings.append(["base", sheets.naming.base or ""])
    settings.append(["inverses", values_text(sorted(sheets.inverses.stated))])
    settings.sheet_state = "hidden"
    _save(book, path)
    return sheets


def _write_readme(sheet: Worksheet) -> None:
    for line in README_LINES:
        sheet.append([line])
        cell = sheet.cell(sheet.max_row, 1)
        cell.alignment = _WRAP
        if line.startswith("#"):
            cell.value = line.lstrip("# ")
            cell.font = Font(bold=True)
    sheet.column_dimensions["A"].width = 110


def _write_sheet(
    sheet: Worksheet, kind: str, rows: list[Row], languages: list[str], sheets: Sheets
) -> None:
    columns = columns_of(kind, rows, languages)
    sheet.append(columns)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [len(column) + 2 for column in columns]
    for number, row in enumerate(rows, start=2):
        for index, column in enumerate(columns, start=1):
            text = sheets.naming.identifier(row.uri) if column == IDENTIFIER else None
            if text is None:
                text = values_text(row.values.get(column, []))
            if text:
                _write_text(sheet.cell(number, index), text)
                longest = max(len(line) for line in text.split("\n"))
                widths[index - 1] = max(widths[index - 1], min(longest + 2, 60))
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "B2"
    last = len(rows) + 1 + _SPARE_ROWS
    if kind == "concept":
        _dropdowns(sheet, columns, last)


def _write_text(cell: Cell, text: str) -> None:
    """Write *text* as a text cell, never as a formula or a number."""
    cell.value = text
    cell.data_type = "s"  # openpyxl makes "=…" a formula: it stays text
    cell.number_format = "@"
    cell.alignment = _WRAP
    if text.startswith(_FORMULA_STARTS):
        cell.quotePrefix = True


def _dropdowns(sheet: Worksheet, columns: list[str], last: int) -> None:
    """Offer the list of statuses, and broader among the sheet's identifiers, as dropdowns."""
    status = DataValidation(
        type="list",
        formula1='"' + ",".join(STATUSES) + '"',
        allow_blank=True,
        showErrorMessage=False,
    )
    status.add(_column_range(columns, "status", last))
    # A concept may have several broader concepts (one a line), so others are allowed.
    broader = DataValidation(
        type="list", formula1=f"$A$2:$A${last}", allow_blank=True, showErrorMessage=False
    )
    broader.add(_column_range(columns, "broader", last))
    deprecated = DataValidation(
        type="list", formula1='"true,false"', allow_blank=True, showErrorMessage=True
    )
    deprecated.add(_column_range(columns, "deprecated", last))
    for validation in (status, broader, deprecated):
        sheet.add_data_validation(validation)


def _column_range(columns: list[str], column: str, last: int) -> str:
    letter = get_column_letter(columns.index(column) + 1)
    return f"{letter}2:{letter}{last}"


def _save(book: Workbook, path: Path) -> None:
    """Save *book* at *path* in one step, so that a failure leaves no half-written file."""
    path = path.resolve()
    try:
        handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".xlsx")
        os.close(handle)
        try:
            book.save(name)
            os.replace(name, path)
        finally:
            Path(name).unlink(missing_ok=True)
    except OSError as error:
        raise BuildError(f"{path}: cannot write the workbook: {error.strerror or error}") from error
