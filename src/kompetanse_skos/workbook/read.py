"""Read a workbook back into rows, finding every error with the cell it is in.

The reader trusts nothing in the file: it must be a real .xlsx (a zip of modest size), each
sheet at most ``MAX_ROWS`` rows, each cell text at most Excel's 32,767 characters, and no
formula is ever evaluated or taken as text.
"""

from __future__ import annotations

import datetime
import json
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from kompetanse_skos.errors import LoadError
from kompetanse_skos.workbook.layout import (
    AFTER,
    BEFORE,
    CELL_LIMIT,
    COLLECTIONS_SHEET,
    DEPRECATED,
    FIXED_SHEETS,
    IDENTIFIER,
    LANGUAGES_COLUMN,
    NO_SCHEME_SHEET,
    REFERENCES,
    SCHEMES_SHEET,
    SEPARATOR,
    SETTINGS_SHEET,
    SHEET,
    STATUSES,
    Inverses,
    Naming,
    Row,
    cell_name,
    is_absolute,
    is_safe_identifier,
    parse_text_column,
    sorted_languages,
)
from kompetanse_skos.workbook.rows import Sheets

# Rows a sheet may have, header included: YSA's 35,000 concepts fit, a runaway sheet does not.
MAX_ROWS = 50_000
# What the workbook's files may hold, unpacked: a guard against a zip bomb.
MAX_UNPACKED = 500 * 1024 * 1024


@dataclass(frozen=True)
class CellError:
    """One problem in the workbook: the sheet, the cell and what to do."""

    sheet: str
    cell: str
    message: str

    @property
    def reference(self) -> str:
        """The cell as a spreadsheet names it: ``Begreper!C12``."""
        return cell_name(self.sheet, self.cell)

    def as_dict(self) -> dict[str, str]:
        """Return the error as JSON-ready data."""
        return {"reference": self.reference, **asdict(self)}


def errors_text(workbook: Path, errors: Iterable[CellError]) -> str:
    """Return one line an error: ``book.xlsx: Begreper!C12: …``."""
    return "\n".join(f"{workbook.name}: {error.reference}: {error.message}" for error in errors)


def errors_json(workbook: Path, errors: Iterable[CellError]) -> str:
    """Return the errors as indented JSON."""
    found = [error.as_dict() for error in errors]
    data = {"workbook": str(workbook), "imported": False, "errors": found}
    return json.dumps(data, indent=2, ensure_ascii=False)


def read_workbook(path: Path) -> tuple[Sheets, list[CellError]]:
    """Read the workbook at *path* into rows, and every error found in its cells."""
    book = _open(path)
    try:
        return _Reader(book).read()
    finally:
        book.close()


def _open(path: Path) -> Any:
    """Open *path* as an .xlsx workbook, or fail with a message saying what it is not."""
    if not path.is_file():
        raise LoadError(f"{path}: no such file")
    hint = "save it from Excel or LibreOffice as an Excel workbook (.xlsx)"
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError) as error:
        raise LoadError(f"{path}: not an Excel workbook (not a zip file); {hint}") from error
    if unpacked > MAX_UNPACKED:
        raise LoadError(f"{path}: the workbook unpacks to {unpacked:,} bytes, too large to read")
    try:
        return load_workbook(path, read_only=True, data_only=False, keep_links=False)
    # A damaged or foreign file can make openpyxl fail in many ways (missing parts, bad XML,
    # a wrong content type); each is the same thing to the user: not a workbook it can read.
    except Exception as error:
        raise LoadError(f"{path}: cannot read it as an Excel workbook ({error}); {hint}") from error


class _Reader:
    """Read the sheets of one workbook, collecting errors instead of stopping at the first."""

    def __init__(self, book: Any) -> None:
        self.book = book
        self.errors: list[CellError] = []
        self.naming = Naming(None)
        self.headers: dict[str, list[str | None]] = {}

    def read(self) -> tuple[Sheets, list[CellError]]:
        names = list(self.book.sheetnames)
        missing = [name for name in (SCHEMES_SHEET, SETTINGS_SHEET) if name not in names]
        if missing:
            raise LoadError(
                f"the workbook has no sheet {', '.join(missing)}: it was not written by "
                "kompetanse-skos export; export the vocabulary and edit that workbook"
            )
        sheets = Sheets(*self._settings())
        self.naming = sheets.naming
        sheets.schemes = self._rows(SCHEMES_SHEET, "scheme", None)
        declared: dict[str, tuple[str | None, list[str]]] = {}
        for row in sheets.schemes:
            for sheet in row.values.get(SHEET, []):
                declared[sheet] = (row.uri, row.values.get(LANGUAGES_COLUMN, []))
        every = sorted({lang for _, langs in declared.values() for lang in langs})
        for name in names:
            if name in FIXED_SHEETS:
                continue
            scheme, languages = declared.get(name, (None, every))
            if name not in declared and name != NO_SCHEME_SHEET:
                self._error(
                    name,
                    "A1",
                    f"no scheme in {SCHEMES_SHEET} names this sheet (column {SHEET}): rename the "
                    "sheet back, or write its name there",
                )
            sheets.languages[name] = languages
            sheets.concepts[name] = self._rows(name, "concept", scheme, languages)
        if COLLECTIONS_SHEET in names:
            sheets.collections = self._rows(COLLECTIONS_SHEET, "collection", None, every)
        self._check_identifiers(sheets)
        return sheets, self.errors

    def _settings(self) -> tuple[Naming, Inverses]:
        values: dict[str, str] = {}
        for number, cells in self._cells(SETTINGS_SHEET):
            key, value = [*cells, None, None][:2]
            key = getattr(key, "value", key)
            if isinstance(key, str):
                values[key] = self._text(SETTINGS_SHEET, f"B{number}", value) or ""
        stated = frozenset(v for v in values.get("inverses", "").split(SEPARATOR) if v)
        return Naming(values.get("base") or None), Inverses(stated)

    def _cells(self, name: str) -> Iterator[tuple[int, list[Any]]]:
        """Yield each row's number and cells, stopping with an error past ``MAX_ROWS``."""
        sheet = self.book[name]
        sheet.reset_dimensions()  # a sheet's stated size may be wrong; read what is there
        for number, cells in enumerate(sheet.iter_rows(), start=1):
            if number > MAX_ROWS:
                self.errors.append(
                    CellError(
                        name,
                        f"A{number}",
                        f"the sheet has more than {MAX_ROWS:,} rows; a sheet holds at most "
                        f"{MAX_ROWS - 1:,} rows of data: delete the rows below",
                    )
                )
                return
            yield number, list(cells)

    def _text(self, sheet: str, cell: str, found: Any) -> str | None:
        """Return a cell's text (None when empty), or record why it has none."""
        value = getattr(found, "value", found)
        if value is None:
            return None
        if getattr(found, "data_type", None) == "f" or (
            not isinstance(value, str) and type(value).__name__.endswith("Formula")
        ):
            self._error(
                sheet, cell, "holds a formula; type the text itself (formulas are not imported)"
            )
            return None
        if getattr(found, "data_type", None) == "e":
            self._error(sheet, cell, f"holds the error value {value}; type the text itself")
            return None
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, int):
            return str(value)
        if isinstance(value, float):
            return str(int(value)) if value.is_integer() else repr(value)
        if isinstance(value, datetime.datetime):
            return (
                value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
            )
        if isinstance(value, datetime.date | datetime.time):
            return value.isoformat()
        text = str(value)
        if len(text) > CELL_LIMIT:
            self._error(
                sheet,
                cell,
                f"holds {len(text):,} characters; a cell holds at most {CELL_LIMIT:,}: shorten it",
            )
            return None
        return text

    def _rows(
        self, name: str, kind: str, scheme: str | None, languages: list[str] | None = None
    ) -> list[Row]:
        cells = self._cells(name)
        header_row = next(cells, None)
        if header_row is None:
            self._error(name, "A1", "the header row is missing; copy it from an exported workbook")
            return []
        columns = self._header(name, kind, header_row[1])
        allowed_languages = set(languages or [])
        rows = []
        for number, found in cells:
            texts = {}
            for index, cell in enumerate(found[: len(columns)]):
                column = columns[index]
                text = self._text(name, f"{get_column_letter(index + 1)}{number}", cell)
                if column is not None and text is not None and text.strip():
                    texts[column] = (index, text)
            for index, cell in enumerate(found[len(columns) :], start=len(columns)):
                if getattr(cell, "value", None) is not None:
                    ref = f"{get_column_letter(index + 1)}{number}"
                    self._error(
                        name, ref, "is outside the table; move it into a column with a heading"
                    )
            if texts:
                if kind == "scheme":  # a scheme's texts are in the languages it declares
                    own = texts.get(LANGUAGES_COLUMN, (0, ""))[1].split(SEPARATOR)
                    allowed_languages = {tag.strip() for tag in own if tag.strip()}
                row = self._row(name, kind, number, texts, scheme, allowed_languages)
                if row is not None:
                    rows.append(row)
        return rows

    def _header(self, name: str, kind: str, found: list[Any]) -> list[str | None]:
        known = {*BEFORE[kind], *AFTER[kind]}
        columns: list[str | None] = []
        for index, cell in enumerate(found, start=1):
            ref = f"{get_column_letter(index)}1"
            text = self._text(name, ref, cell)
            if text is None or not text.strip():
                columns.append(None)
            elif text in columns:
                self._error(
                    name, ref, f"the heading {text} is already in another column; delete one"
                )
                columns.append(None)
            elif text in known or parse_text_column(text) is not None:
                columns.append(text)
            else:
                self._error(
                    name,
                    ref,
                    f"unknown column heading {text!r}; use the headings of an exported workbook",
                )
                columns.append(None)
        self.headers[name] = columns
        if IDENTIFIER not in columns:
            self._error(name, "A1", "the identifier column is missing; restore its heading")
        return columns

    def _row(
        self,
        name: str,
        kind: str,
        number: int,
        texts: dict[str, tuple[int, str]],
        scheme: str | None,
        languages: set[str],
    ) -> Row | None:
        def ref(column: str) -> str:
            return f"{get_column_letter(texts[column][0] + 1)}{number}"

        identifier = texts.get(IDENTIFIER)
        first_cell = f"{self._column_letter(name, IDENTIFIER)}{number}"
        if identifier is None:
            self._error(
                name,
                first_cell,
                "the identifier is empty; give the row an identifier (the last part of its URI)",
            )
            return None
        _, uri = identifier
        uri = uri.strip()
        if not _is_reference(uri):
            self._error(
                name,
                first_cell,
                f"the identifier {uri!r} is not safe in a URI: use lower-case letters a-z, "
                "digits and hyphens (æ→ae, ø→oe, å→aa, space→-)",
            )
        values: dict[str, list[str]] = {}
        for column, (_, text) in texts.items():
            if column == IDENTIFIER:
                continue
            lines = [line.rstrip("\r") for line in text.split(SEPARATOR)]
            values[column] = [line for line in lines if line.strip()]
            self._check_values(name, ref(column), column, values[column], languages)
        if kind == "concept" and languages:
            first = sorted_languages(languages)[0]
            if f"prefLabel@{first}" not in values:
                self._error(
                    name,
                    f"{self._column_letter(name, f'prefLabel@{first}')}{number}",
                    f"the preferred label in {first} is empty; every concept needs one",
                )
        cells = {column: ref(column) for column in texts}
        return Row(kind, self.naming.uri(uri), values, name, number, scheme, cells)

    def _column_letter(self, name: str, column: str) -> str:
        """Return the letter of a sheet's column, by its heading (A when it has none)."""
        columns = self.headers.get(name, [])
        return str(get_column_letter(columns.index(column) + 1)) if column in columns else "A"

    def _check_values(
        self, name: str, ref: str, column: str, values: list[str], languages: set[str]
    ) -> None:
        text = parse_text_column(column)
        if text is not None:
            language = text[1]
            if language and languages and language not in languages:
                self._error(
                    name,
                    ref,
                    f"a text in {language!r}, a language this scheme does not declare "
                    f"({', '.join(sorted(languages))}); add {language} to its languages in "
                    f"{SCHEMES_SHEET}, or move the text to another column",
                )
            return
        if column == "status":
            for value in values:
                if value not in STATUSES and not (is_absolute(value) and _is_reference(value)):
                    self._error(
                        name,
                        ref,
                        f"unknown status {value!r}; pick one from the list ({', '.join(STATUSES)})",
                    )
        elif column == DEPRECATED[0]:
            for n, value in enumerate(values):
                if value.strip().lower() not in ("true", "false"):
                    self._error(name, ref, f"{value!r} is not true or false")
                values[n] = value.strip().lower()
        elif column in REFERENCES:
            for value in values:
                if not _is_reference(value):
                    self._error(
                        name,
                        ref,
                        f"{value!r} is neither an identifier nor a full URI; write one a line",
                    )

    def _check_identifiers(self, sheets: Sheets) -> None:
        """Find duplicate identifiers, and broader concepts that are not in the workbook."""
        seen: dict[str, Row] = {}
        for row in sheets.rows():
            first = seen.setdefault(row.uri, row)
            if first is not row:
                self._error(
                    row.sheet,
                    f"A{row.number}",
                    f"the identifier {self.naming.identifier(row.uri)!r} is already used at "
                    f"{cell_name(first.sheet, f'A{first.number}')}; give each row its own",
                )
        concepts = {row.uri for rows in sheets.concepts.values() for row in rows}
        for rows in sheets.concepts.values():
            for row in rows:
                for value in row.values.get("broader", []):
                    if not is_absolute(value) and self.naming.uri(value) not in concepts:
                        self._error(
                            row.sheet,
                            row.cells["broader"],
                            f"broader {value!r} is not the identifier of any concept in the "
                            "workbook; pick one from the list, or write a full URI",
                        )

    def _error(self, sheet: str, cell: str, message: str) -> None:
        self.errors.append(CellError(sheet, cell, message))


def _is_reference(text: str) -> bool:
    """Whether *text* is a safe identifier, or a full URI that RDF accepts."""
    if not is_absolute(text):
        return is_safe_identifier(text)
    try:
        ox.NamedNode(text)
    except ValueError:
        return False
    return True
