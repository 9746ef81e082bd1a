"""Import a maintainer's workbook back into the vocabulary's Turtle, checked before it is written.

What the workbook carries replaces exactly what the vocabulary's own export of it carried
(``layout.row_triples``); every other statement is kept as it was. A row deleted from the
workbook deletes its resource's statements. The result is written in the canonical Turtle
layout of the dumps (``rdf/dumps.py``): statements sorted, one subject a paragraph, one
predicate a line. Once a file is in that layout, importing an unchanged workbook gives back
the same bytes, and an edited cell changes the line of that statement only.

Nothing is written when a cell has an error, when a published URI would go missing (with
``previous``), or when the profiles find a violation; otherwise the file is replaced in one
step.
"""

from __future__ import annotations

import dataclasses
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kompetanse_skos.errors import BuildError, KompetanseError
from kompetanse_skos.pipeline.check import check_vocabulary
from kompetanse_skos.project import Project
from kompetanse_skos.rdf.dumps import canonical_triples, serialize_triples, used_prefixes
from kompetanse_skos.rdf.formats import TURTLE
from kompetanse_skos.release.changes import compare_graphs, read_release
from kompetanse_skos.validation.validate import Finding, ValidationReport
from kompetanse_skos.vocabulary.load import load_vocabulary, vocabulary_files
from kompetanse_skos.workbook.layout import IDENTIFIER, Row, cell_name, rows_triples
from kompetanse_skos.workbook.read import CellError, read_workbook
from kompetanse_skos.workbook.rows import Sheets, vocabulary_sheets


@dataclass
class ImportResult:
    """What an import found and did."""

    workbook: Path
    output: Path
    errors: list[CellError] = field(default_factory=list)
    report: ValidationReport | None = None
    written: bool = False
    # Statements added and removed, against the vocabulary as it was.
    added: int = 0
    removed: int = 0
    # Whether the file was not in the canonical layout before (so all of it was rewritten).
    relaid: bool = False


@dataclass(frozen=True)
class ImportOptions:
    """How to import: where to write, the previous release, and the profiles to check."""

    files: Sequence[Path] = ()
    output: Path | None = None
    previous: str | None = None
    profiles: Sequence[str] = ()
    ignore: Sequence[str] = ()


def import_workbook(project: Project, workbook: Path, options: ImportOptions) -> ImportResult:
    """Read *workbook* into the vocabulary (its files, default ``vocab/``) and write it."""
    files = list(options.files) or vocabulary_files(project.vocab_dir)
    output = _output(files, options.output)
    result = ImportResult(workbook, output)
    edited, result.errors = read_workbook(workbook)
    if result.errors:
        return result
    base = load_vocabulary(files)
    exported = vocabulary_sheets(base)
    old = list(base.triples())
    triples = merged_triples(old, exported, edited)
    old_set, new_set = set(old), set(triples)
    result.added, result.removed = len(new_set - old_set), len(old_set - new_set)
    canonical = canonical_triples(triples)
    data = serialize_triples(canonical, TURTLE, used_prefixes(canonical, base.prefixes))
    result.relaid = _relaid(files, output, old, base.prefixes)
    with tempfile.TemporaryDirectory(dir=output.parent, prefix=".import-") as folder:
        staged = Path(folder) / output.name
        staged.write_bytes(data)
        if options.previous:
            result.errors = _missing(options.previous, staged, exported, edited)
            if result.errors:
                return result
        _, report = check_vocabulary(project, [staged], options.profiles, options.ignore)
        result.report = _by_cell(report, edited, workbook)
        if not report.conforms:
            return result
        try:
            os.replace(staged, output)
        except OSError as error:
            raise BuildError(f"{output}: cannot write it: {error.strerror or error}") from error
    result.written = True
    return result


def merged_triples(old: list[ox.Triple], exported: Sheets, edited: Sheets) -> list[ox.Triple]:
    """Return *old* with what *exported* carried of it replaced by what *edited* carries."""
    carried = rows_triples(exported.rows(), exported.naming, exported.inverses)
    kept_uris = {row.uri for row in edited.rows()}
    deleted = {ox.NamedNode(row.uri) for row in exported.rows() if row.uri not in kept_uris}
    kept = [t for t in old if t not in carried and t.subject not in deleted]
    return [*kept, *rows_triples(edited.rows(), edited.naming, edited.inverses)]


def _output(files: list[Path], output: Path | None) -> Path:
    if output is not None:
        if not output.resolve().parent.is_dir():
            raise BuildError(f"{output}: its folder does not exist; create it first")
        return output.resolve()
    if len(files) == 1 and files[0].suffix == TURTLE.suffix:
        return files[0].resolve()
    raise KompetanseError(
        "the vocabulary is in several files (or not in Turtle): say which file to write "
        "with --out, for example --out vocab/vocabulary.ttl"
    )


def _relaid(
    files: list[Path], output: Path, old: list[ox.Triple], prefixes: dict[str, str]
) -> bool:
    """Whether *output* existed in another layout than the canonical one (comments, order)."""
    if files != [output] or not output.is_file():
        return False
    canonical = canonical_triples(old)
    return output.read_bytes() != serialize_triples(
        canonical, TURTLE, used_prefixes(canonical, prefixes)
    )


def _missing(previous: str, staged: Path, exported: Sheets, edited: Sheets) -> list[CellError]:
    """Return an error for each URI of the previous release that the import would remove."""
    changelog = compare_graphs(read_release(previous), load_vocabulary([staged]))
    rows = {row.uri: row for row in exported.rows()}
    errors = []
    for change in changelog.removed:
        row = rows.get(change.uri)
        sheet, number = (row.sheet, row.number) if row else (next(iter(edited.concepts), ""), 0)
        cell = f"A{number}" if number else "A:A"
        errors.append(
            CellError(
                sheet,
                cell,
                f"the {change.resource} {edited.naming.identifier(change.uri)} was published in "
                f"the previous release and is missing (it was on row {number} when exported); "
                "a published URI must stay: put the row back, set deprecated to true and fill "
                "in replaced-by",
            )
        )
    return errors


def _by_cell(report: ValidationReport, edited: Sheets, workbook: Path) -> ValidationReport:
    """Return *report* with each finding's place given as the workbook cell of its resource."""
    rows: dict[str, Row] = {row.uri: row for row in edited.rows()}
    findings = []
    for finding in report.findings:
        row = rows.get(finding.focus)
        findings.append(_at_cell(finding, row, workbook) if row else finding)
    return dataclasses.replace(report, findings=findings)


def _at_cell(finding: Finding, row: Row, workbook: Path) -> Finding:
    column = IDENTIFIER
    if finding.path:
        kind = finding.path.rsplit(":", 1)[-1].rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        matches = [c for c in row.cells if c.split("@")[0] == kind]
        # Of a property's columns (one a language), the one with several values, if one has.
        several = [c for c in matches if len(row.values.get(c, [])) > 1]
        for found in (matches, several):
            if len(found) == 1:
                column = found[0]
                break
    cell = row.cells.get(column, f"A{row.number}")
    return dataclasses.replace(finding, file=f"{workbook.name} {cell_name(row.sheet, cell)}")
