"""Shared fixtures: the repository, the reference data (fetched and checked), and a CLI runner."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from fetch_reference import CACHE, FetchError, default_mirror, fetch_all, read_manifest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
# The external files the tests read (tests/reference.toml), in the git-ignored cache.
REFERENCE = CACHE
LOS = REFERENCE / "vocabs" / "los" / "all.rdf"
EU_DATA_THEME = REFERENCE / "vocabs" / "eu-data-theme" / "data-theme-skos.rdf"

# The sites the tests share, as session fixtures.
pytest_plugins = ("sites",)


def pytest_sessionstart(session: pytest.Session) -> None:
    """Have every reference file in the cache, checked, before a test reads one.

    scripts/test has fetched them already, and then this only checks them; when pytest is run
    on its own, it fetches what is missing. A file that cannot be had stops the run with the
    one line that says how to provide it, rather than failing the tests that read it.
    """
    try:
        fetch_all(read_manifest(), CACHE, default_mirror())
    except FetchError as error:
        pytest.exit(f"fetch-reference: {error}", returncode=1)


def pytest_addoption(parser: pytest.Parser) -> None:
    """Add --update-golden, which rewrites the golden files instead of comparing with them."""
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="Rewrite tests/golden/ from the build instead of comparing with it; "
        "review `git diff tests/golden` before committing.",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    """Whether this run rewrites the golden files (pytest --update-golden)."""
    return bool(request.config.getoption("--update-golden"))


def run_cli(
    *args: str | Path, cwd: Path = ROOT, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the installed command line in a real process, as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "kompetanse_skos", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=300,
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the real project inputs (vocab/, pyproject.toml) in a temporary folder."""
    shutil.copytree(ROOT / "vocab", tmp_path / "vocab")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def tree(folder: Path) -> dict[str, bytes]:
    """Return every file under *folder* with its bytes, to compare two states of it."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }
