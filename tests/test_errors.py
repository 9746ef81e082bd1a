"""Broken input: one clear line naming the problem, the documented exit code, nothing lost."""

from __future__ import annotations

import importlib
import time
from pathlib import Path

import pytest

from conftest import run_cli, tree
from kompetanse_skos.errors import BuildError

BROKEN_TURTLE = """@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<http://example.org/a> a skos:Concept ;
    skos:prefLabel "A"@en
<http://example.org/b> a skos:Concept .
"""


def _assert_clean_error(result, exit_code: int, *fragments: str) -> None:
    assert result.returncode == exit_code, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    for fragment in fragments:
        assert fragment in lines[0]


@pytest.fixture
def built(project: Path) -> Path:
    """A project that has been built once, so that failures can be shown to leave it alone."""
    result = run_cli("build", "--root", project)
    assert result.returncode == 0, result.stderr
    return project


def _break(project: Path, name: str, content: bytes) -> Path:
    path = project / "vocab" / name
    path.write_bytes(content)
    return path


@pytest.mark.parametrize("command", ["validate", "build"])
def test_unparseable_turtle_names_file_line_and_column(built: Path, command: str) -> None:
    before = tree(built / "build")
    path = _break(built, "broken.ttl", BROKEN_TURTLE.encode())
    result = run_cli(command, "--root", built)
    _assert_clean_error(result, 3, str(path), ":4:1:")
    assert tree(built / "build") == before


@pytest.mark.parametrize(
    "name, content, fragment",
    [
        ("image.ttl", bytes(range(256)) * 4, "not UTF-8"),
        ("notes.ttl", b"These are meeting notes, not RDF.\n", ":1:1:"),
        ("data.jsonld", b'{"@id": "http://example.org/a", ', ":1:"),
        ("data.rdf", b"<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>", ":1:"),
        ("lines.nt", b"<http://example.org/a> <http://example.org/b> .\n", ":1: not valid nt"),
    ],
)
def test_a_file_that_is_not_rdf_is_refused(
    built: Path, name: str, content: bytes, fragment: str
) -> None:
    before = tree(built / "build")
    path = _break(built, name, content)
    result = run_cli("build", "--root", built)
    _assert_clean_error(result, 3, str(path), fragment)
    assert tree(built / "build") == before


def test_empty_vocab_folder(built: Path) -> None:
    before = tree(built / "build")
    for path in (built / "vocab").iterdir():
        path.unlink()
    for command in ("validate", "build"):
        result = run_cli(command, "--root", built)
        _assert_clean_error(result, 3, "no vocabulary files")
    assert tree(built / "build") == before


def test_vocabulary_with_no_statements(built: Path) -> None:
    for path in (built / "vocab").iterdir():
        path.write_text("# nothing here yet\n", encoding="utf-8")
    result = run_cli("validate", "--root", built)
    _assert_clean_error(result, 3, "no RDF statements")


def test_missing_file(tmp_path: Path) -> None:
    result = run_cli("validate", tmp_path / "nope.ttl")
    _assert_clean_error(result, 3, "nope.ttl", "cannot read")


def test_unknown_syntax(tmp_path: Path) -> None:
    path = tmp_path / "vocabulary.docx"
    path.write_bytes(b"PK\x03\x04")
    result = run_cli("validate", path)
    _assert_clean_error(result, 3, "unknown RDF syntax")


@pytest.mark.parametrize("command", ["validate", "build", "checks"])
def test_unknown_profile(built: Path, command: str) -> None:
    before = tree(built / "build")
    result = run_cli(command, "--root", built, "--profile", "skos,no-such-profile")
    _assert_clean_error(result, 2, "unknown profile no-such-profile", "available: ")
    assert tree(built / "build") == before


def test_violation_stops_the_build_and_keeps_the_previous_one(built: Path) -> None:
    before = tree(built / "build")
    vocab = next((built / "vocab").glob("*.ttl"))
    text = vocab.read_text(encoding="utf-8")
    # A second bokmål prefLabel on a concept breaks SKOS integrity condition S14.
    text = text.replace('"Styring og strategi"@nb', '"Styring og strategi"@nb, "Styring"@nb', 1)
    vocab.write_text(text, encoding="utf-8")
    result = run_cli("build", "--root", built)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "S14" in result.stderr
    assert "styring-og-strategi" in result.stderr
    assert str(vocab.name) in result.stderr
    assert "nothing was written" in result.stderr
    assert tree(built / "build") == before


def test_build_refuses_to_replace_a_folder_it_did_not_write(project: Path) -> None:
    precious = project / "precious"
    precious.mkdir()
    (precious / "thesis.txt").write_text("years of work", encoding="utf-8")
    result = run_cli("build", "--root", project, "--out", precious)
    _assert_clean_error(result, 4, "not a previous build")
    assert (precious / "thesis.txt").read_text(encoding="utf-8") == "years of work"


def test_build_refuses_to_write_over_its_sources(project: Path) -> None:
    result = run_cli("build", "--root", project, "--out", project)
    _assert_clean_error(result, 4, "holds the sources")
    assert (project / "vocab").is_dir()


def test_failure_while_writing_leaves_the_previous_build(built: Path, monkeypatch) -> None:
    """An exception in the middle of writing (a full disk, a kill) must not touch build/."""
    # The module, not the function of the same name that the package exports.
    build_module = importlib.import_module("kompetanse_skos.pipeline.build")
    from kompetanse_skos.project import Project

    before = tree(built / "build")

    def failing_site(vocabulary, folder, project, **options):
        # The dumps are written by now; the disk fills up half-way through the site.
        (folder / "index.html").write_text("half a page", encoding="utf-8")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(build_module, "render_site", failing_site)
    with pytest.raises(BuildError, match="No space left on device"):
        build_module.build(Project.from_root(built))
    assert tree(built / "build") == before
    assert [p.name for p in built.iterdir() if p.name.startswith(".build")] == []


def test_no_traceback_for_usage_errors() -> None:
    result = run_cli("validate", "--format", "yaml")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "yaml" in result.stderr


def test_a_violation_found_while_the_site_is_written_stops_the_writing(
    built: Path, monkeypatch
) -> None:
    """Validation runs beside the writing; once it has failed, the writing stops there."""
    build_module = importlib.import_module("kompetanse_skos.pipeline.build")
    from kompetanse_skos.project import Project

    before = tree(built / "build")
    vocab = next((built / "vocab").glob("*.ttl"))
    text = vocab.read_text(encoding="utf-8")
    vocab.write_text(
        text.replace('"Styring og strategi"@nb', '"Styring og strategi"@nb, "Styring"@nb', 1),
        encoding="utf-8",
    )
    pages: list[int] = []

    def slow_site(vocabulary, folder, project, progress, **options):
        for page in range(600):  # a long site: a page every 50 ms, for 30 s
            progress("writing pages, RDF files and the search index", page, 600)
            pages.append(page)
            time.sleep(0.05)

    monkeypatch.setattr(build_module, "render_site", slow_site)
    result = build_module.build(Project.from_root(built))
    assert not result.report.conforms
    assert "S14" in {finding.check for finding in result.report.findings}
    assert not result.built
    assert 0 < len(pages) < 600
    assert tree(built / "build") == before
    assert [p.name for p in built.iterdir() if p.name.startswith(".build")] == []
