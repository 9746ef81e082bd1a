"""Render validation reports and check lists as text or JSON."""

from __future__ import annotations

import json
from collections.abc import Iterable
from itertools import groupby
from pathlib import Path

from kompetanse_skos.validation.validate import SEVERITIES, Check, Finding, ValidationReport

_HEADINGS = {"violation": "Violations", "warning": "Warnings", "info": "Info"}


def report_json(report: ValidationReport) -> str:
    """Return the report as indented JSON."""
    return json.dumps(report.as_dict(), indent=2, ensure_ascii=False)


def report_text(
    report: ValidationReport, checks: dict[str, Check] | None = None, strict: bool = False
) -> str:
    """Return the report grouped by severity, then check, for a person to read.

    With *strict*, the last line says that warnings fail, as they do under ``--strict``.
    """
    checks = checks or {}
    lines: list[str] = []
    for severity, in_severity in groupby(report.findings, key=lambda f: f.severity):
        found = list(in_severity)
        lines.append(f"{_HEADINGS[severity]} ({len(found)})")
        for check_id, in_check in groupby(found, key=lambda f: f.check):
            title = checks[check_id].label if check_id in checks else ""
            lines.append(f"  {check_id}" + (f": {title}" if title else ""))
            lines.extend(_finding_lines(in_check))
        lines.append("")
    lines.append(summary(report, strict))
    return "\n".join(lines)


def summary(report: ValidationReport, strict: bool = False) -> str:
    """Return one line: the counts per severity and whether the vocabulary conforms.

    With *strict*, a vocabulary that conforms but has warnings fails, and the line says so.
    """
    counts = report.counts()
    parts = ", ".join(f"{counts[s]} {_plural(s, counts[s])}" for s in SEVERITIES)
    verdict = "conforms" if report.conforms else "does not conform"
    if strict and report.conforms and report.has_warnings:
        verdict = "fails --strict: conforms, but has warnings"
    ignored = f"; ignored: {', '.join(report.ignored)}" if report.ignored else ""
    return f"{verdict} ({parts}; profiles: {', '.join(report.profiles)}{ignored})"


def _plural(severity: str, count: int) -> str:
    return severity if count == 1 or severity == "info" else severity + "s"


def _finding_lines(findings: Iterable[Finding]) -> list[str]:
    lines = []
    for finding in findings:
        label = f' "{finding.label}"' if finding.label else ""
        lines.append(f"    {finding.focus}{label}")
        lines.append(f"      {finding.message}")
        if finding.file:
            lines.append(f"      defined in {_relative(finding.file)}")
    return lines


def checks_text(checks: Iterable[Check]) -> str:
    """Return one line per check: id, profile, severity and title."""
    rows = [(c.id, c.profile, c.severity, c.label) for c in checks]
    widths = [max((len(row[i]) for row in rows), default=0) for i in range(3)]
    return "\n".join(
        f"{row[0]:<{widths[0]}}  {row[1]:<{widths[1]}}  {row[2]:<{widths[2]}}  {row[3]}"
        for row in rows
    )


def checks_json(checks: Iterable[Check]) -> str:
    """Return every check's description as indented JSON."""
    return json.dumps([vars(check) for check in checks], indent=2, ensure_ascii=False)


def _relative(file: str) -> str:
    path = Path(file)
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return file
