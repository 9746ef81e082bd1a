"""The package's shape: no import circle, and a command line that starts without the RDF stack."""

from __future__ import annotations

import subprocess
import sys

import grimp
import pytest

from conftest import ROOT

PACKAGE = "kompetanse_skos"
HEAVY = ("rdflib", "pyshacl", "pyoxigraph", "jinja2")


def test_no_module_takes_part_in_an_import_circle() -> None:
    """No chain of imports, at the top of a module or inside a function, leads back to its start."""
    assert _circles(grimp.build_graph(PACKAGE)) == []


def test_the_circle_check_finds_a_circle() -> None:
    graph = grimp.build_graph(PACKAGE)
    graph.add_import(importer="kompetanse_skos.vocabulary.load", imported=f"{PACKAGE}.site.render")
    assert "kompetanse_skos.vocabulary.load" in " ".join(_circles(graph))


def _circles(graph: grimp.ImportGraph) -> list[str]:
    """Return each import that a chain of imports leads back from, with that chain."""
    circles = []
    for module in sorted(graph.modules):
        for imported in sorted(graph.find_modules_directly_imported_by(module)):
            back = graph.find_shortest_chain(importer=imported, imported=module)
            if back is not None:
                circles.append(" -> ".join((module, *back)))
    return circles


@pytest.mark.parametrize(
    "arguments", [["--version"], ["--help"], ["build", "--help"], ["query", "--help"]]
)
def test_help_and_version_load_no_rdf_or_shacl_library(arguments: list[str]) -> None:
    """`--help` and `--version` answer at once: each command imports its library when it runs."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", PACKAGE, *arguments],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
        timeout=60,
    )
    # -X importtime writes one line per module imported: "import time: self | cumulative | name".
    imported = {line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines()}
    assert {name for name in imported if name.split(".")[0] in HEAVY} == set()
    assert f"{PACKAGE}.cli" in imported  # the check saw the command line's own imports


def test_a_command_that_runs_loads_its_library() -> None:
    """The counterpart: the same measure sees rdflib once a command needs it."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", PACKAGE, "checks", "--root", str(ROOT)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
        timeout=60,
    )
    imported = {line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines()}
    assert "rdflib" in imported
