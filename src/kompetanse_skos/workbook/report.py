"""Say what an import did, or why it wrote nothing, as text or JSON."""

from __future__ import annotations

import json

from kompetanse_skos.project import Project
from kompetanse_skos.validation.report import report_text
from kompetanse_skos.validation.validate import load_checks
from kompetanse_skos.workbook.importer import ImportResult
from kompetanse_skos.workbook.read import errors_text


def import_text(result: ImportResult, project: Project) -> str:
    """Return the import's outcome for a person: the errors by cell, or what was written."""
    if result.errors:
        return "\n".join(
            [
                errors_text(result.workbook, result.errors),
                f"{len(result.errors)} error(s) in {result.workbook.name}; nothing was written "
                f"to {result.output}",
            ]
        )
    assert result.report is not None
    if not result.written:
        _, checks = load_checks(project.shapes_dir, result.report.profiles)
        report = report_text(result.report, checks)
        return f"{report}\nnothing was written to {result.output}"
    lines = []
    if result.report.findings:
        _, checks = load_checks(project.shapes_dir, result.report.profiles)
        lines.append(report_text(result.report, checks))
    if result.relaid:
        lines.append(
            f"{result.output} was not in the canonical layout: it was rewritten whole "
            "(comments are not kept); from now on a diff shows only the workbook's changes"
        )
    lines.append(
        f"Wrote {result.output} ({result.added} statement(s) added, {result.removed} removed)"
    )
    return "\n".join(lines)


def import_json(result: ImportResult) -> str:
    """Return the import's outcome for programs."""
    data: dict[str, object] = {
        "workbook": str(result.workbook),
        "output": str(result.output),
        "imported": result.written,
        "errors": [error.as_dict() for error in result.errors],
        "added": result.added,
        "removed": result.removed,
    }
    if result.report is not None:
        data["report"] = result.report.as_dict()
    return json.dumps(data, indent=2, ensure_ascii=False)
