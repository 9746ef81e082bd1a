"""The files a build publishes at its root: every name once, and the checksums of them."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from conftest import run_cli
from kompetanse_skos.project import Project
from kompetanse_skos.publication.files import CHECKSUMS, make_publication
from kompetanse_skos.vocabulary.read import read_vocabulary
from sites import first_release


def _named(project: Path, name: str) -> None:
    pyproject = project / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    pyproject.write_text(text.replace('name = "all"', f'name = "{name}"', 1), encoding="utf-8")


def test_the_checksums_list_every_published_file_but_themselves(project: Path) -> None:
    local = Project.from_root(project)
    publication = make_publication(read_vocabulary(local), local)
    lines = publication.files[CHECKSUMS].decode("utf-8").splitlines()
    listed = {line.split("  ", 1)[1]: line.split("  ", 1)[0] for line in lines}
    assert set(listed) == set(publication.files) - {CHECKSUMS}
    for name, digest in listed.items():
        assert hashlib.sha256(publication.files[name]).hexdigest() == digest


@pytest.mark.parametrize("name", ["catalog", "void"])
def test_issue_18_a_dump_named_like_another_file_is_refused(project: Path, name: str) -> None:
    _named(project, name)
    result = run_cli("build", "--root", project)
    assert result.returncode == 4, result.stderr  # the output cannot be written as asked
    assert "two outputs want the same file" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (project / "build").exists()


def test_issue_18_a_dump_named_like_the_changes_is_refused(project: Path) -> None:
    previous = first_release(project)
    _named(project, "changes")
    result = run_cli("build", "--root", project, "--previous", previous)
    assert result.returncode == 4, result.stderr
    assert "changes.ttl: two outputs want the same file" in result.stderr
