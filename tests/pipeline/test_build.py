"""A small vocabulary's whole build, every page, dump and record, against tests/golden/.

Any change to what a build writes shows here as a diff to review, not only the changes that
break a link. After an intended change, rewrite the golden copy and review it:

    .venv/bin/pytest tests/pipeline/test_build.py --update-golden
    git diff tests/golden
"""

from __future__ import annotations

import difflib
import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from conftest import DATA, ROOT, run_cli, tree
from kompetanse_skos.output.resources import MANIFEST

GOLDEN = ROOT / "tests" / "golden"
# The fixture projects under tests/data/ whose builds are kept, each in tests/golden/<name>/.
PROJECTS = ["tiny"]
# How many differing files the failure shows a diff of, and how many lines of each diff.
SHOWN_FILES = 3
SHOWN_LINES = 40


@pytest.mark.parametrize("name", PROJECTS)
def test_build_matches_golden(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, update_golden: bool
) -> None:
    # The build reads no SOURCE_DATE_EPOCH today; should it come to stamp a date from one, a
    # value in the caller's environment must not reach the golden copy.
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    project = tmp_path / "project"
    shutil.copytree(DATA / name, project)
    out = tmp_path / "out"
    result = run_cli("build", "--root", project, "--out", out)
    assert result.returncode == 0, result.stderr
    built = tree(out)
    # The build's record of what went into each file fingerprints the package's code too, so
    # it changes with any change of code, even when every published byte stays the same. It
    # is not published; the golden copy holds everything else.
    assert built.pop(MANIFEST)
    # The temporary folder is the same on every run here, and today's date the same all day, so
    # the comparison alone would not catch them on the machine that wrote the golden copy.
    assert not _containing(built, str(ROOT), str(tmp_path)), (
        "the build wrote a path of this machine"
    )
    assert not _containing(built, *_today()), "the build wrote today's date"
    golden = GOLDEN / name
    if update_golden:
        shutil.rmtree(golden, ignore_errors=True)
        shutil.copytree(out, golden)
        (golden / MANIFEST).unlink()
        return
    differences = describe_differences(tree(golden), built)
    if differences:
        pytest.fail(
            f"The build of tests/data/{name} differs from tests/golden/{name}:\n{differences}\n"
            "If the change is intended: pytest tests/pipeline/test_build.py --update-golden, "
            "then review git diff tests/golden.",
            pytrace=False,
        )


def describe_differences(expected: dict[str, bytes], actual: dict[str, bytes]) -> str:
    """List missing, extra and changed files, with a diff of the first few changed text files."""
    missing = sorted(expected.keys() - actual.keys())
    extra = sorted(actual.keys() - expected.keys())
    changed = sorted(
        path for path in expected.keys() & actual.keys() if expected[path] != actual[path]
    )
    lines = []
    if missing:
        lines.append(f"{len(missing)} golden file(s) not built: {', '.join(missing)}")
    if extra:
        lines.append(f"{len(extra)} built file(s) not in golden: {', '.join(extra)}")
    if changed:
        lines.append(f"{len(changed)} file(s) differ: {', '.join(changed)}")
    # Files whose names start with a dot (the server configuration) last.
    shown = sorted(changed, key=lambda path: (Path(path).name.startswith("."), path))
    lines.extend(_diff(path, expected[path], actual[path]) for path in shown[:SHOWN_FILES])
    return "\n".join(lines)


def _diff(path: str, expected: bytes, actual: bytes) -> str:
    try:
        old, new = expected.decode("utf-8"), actual.decode("utf-8")
    except UnicodeDecodeError:
        old = new = "\0"
    if "\0" in old + new:
        return f"{path}: binary, {len(expected)} bytes in golden, {len(actual)} built"
    if old.splitlines() == new.splitlines():
        return f"{path}: differs only in line endings or the final newline"
    diff = list(
        difflib.unified_diff(
            old.splitlines(), new.splitlines(), f"golden/{path}", f"built/{path}", lineterm=""
        )
    )
    if len(diff) > SHOWN_LINES:
        diff = [*diff[:SHOWN_LINES], f"... ({len(diff) - SHOWN_LINES} more diff lines)"]
    return "\n".join(diff)


def _containing(files: dict[str, bytes], *texts: str) -> list[str]:
    return [path for path, data in files.items() if any(text.encode() in data for text in texts)]


def _today() -> set[str]:
    return {date.today().isoformat(), datetime.now(UTC).date().isoformat()}
