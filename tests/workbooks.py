"""Helpers for the workbook tests: find a cell by row and column, edit a cell as a user would."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter


def cell_of(workbook: Path, sheet: str, identifier: str, column: str) -> str:
    """Return the cell (``C12``) of *identifier*'s row in *column* of *sheet*."""
    book = load_workbook(workbook)
    try:
        rows = list(book[sheet].iter_rows(values_only=True))
    finally:
        book.close()
    letter = get_column_letter(rows[0].index(column) + 1)
    number = next(n for n, row in enumerate(rows, start=1) if row[0] == identifier)
    return f"{letter}{number}"


def edit(workbook: Path, sheet: str, cell: str, value: object) -> None:
    """Set one cell of *workbook* and save it, as a spreadsheet program would."""
    book = load_workbook(workbook)
    book[sheet][cell] = value
    book.save(workbook)
    book.close()


def value_of(workbook: Path, sheet: str, cell: str) -> object:
    """Return the value of one cell."""
    book = load_workbook(workbook)
    try:
        return book[sheet][cell].value
    finally:
        book.close()
