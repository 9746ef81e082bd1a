"""The dumps: every format holds the validated graph, reproducibly, and real tools read them."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from conftest import ROOT, SHARED, run_cli, tree
from kompetanse_skos.build import CHECKSUMS, read_vocabulary
from kompetanse_skos.namespaces import SKOS
from kompetanse_skos.project import Project

SUFFIXES = {".ttl": "turtle", ".nt": "nt", ".rdf": "xml", ".jsonld": "json-ld"}
OXIGRAPH_FORMATS = {
    ".ttl": pyoxigraph.RdfFormat.TURTLE,
    ".nt": pyoxigraph.RdfFormat.N_TRIPLES,
    ".rdf": pyoxigraph.RdfFormat.RDF_XML,
    ".jsonld": pyoxigraph.RdfFormat.JSON_LD,
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("project")
    shutil.copytree(ROOT / "vocab", project / "vocab")
    shutil.copy(ROOT / "pyproject.toml", project / "pyproject.toml")
    result = run_cli("build", "--root", project)
    assert result.returncode == 0, result.stderr
    return project


def _dumps(built: Path) -> list[Path]:
    dumps = sorted((built / "build").glob("kompetansemodell.*"))
    assert sorted(path.suffix for path in dumps) == sorted(SUFFIXES)
    return dumps


def test_every_dump_is_isomorphic_to_the_validated_graph(built: Path) -> None:
    validated = read_vocabulary(Project.from_root(built)).graph
    for dump in _dumps(built):
        parsed = Graph().parse(dump, format=SUFFIXES[dump.suffix])
        assert len(parsed) == len(validated), dump.name
        assert isomorphic(parsed, validated), dump.name


def test_jsonld_has_a_readable_context(built: Path) -> None:
    import json

    data = json.loads((built / "build" / "kompetansemodell.jsonld").read_text(encoding="utf-8"))
    assert data["@context"]["skos"] == str(SKOS)
    assert any(node.get("skos:prefLabel") for node in data["@graph"])


def test_checksums_match_the_files(built: Path) -> None:
    lines = (built / "build" / CHECKSUMS).read_text(encoding="utf-8").splitlines()
    listed = {}
    for line in lines:
        digest, name = line.split("  ", 1)
        listed[name] = digest
    files = {
        p.name for p in (built / "build").iterdir() if p.is_file() and not p.name.startswith(".")
    }
    assert set(listed) == files - {CHECKSUMS}
    for name, digest in listed.items():
        assert hashlib.sha256((built / "build" / name).read_bytes()).hexdigest() == digest
    # The list is in sha256sum's own format, so the standard tool can check it.
    check = subprocess.run(
        ["sha256sum", "--check", "--strict", CHECKSUMS], cwd=built / "build", capture_output=True
    )
    assert check.returncode == 0, check.stdout


def test_two_builds_are_byte_identical(built: Path, tmp_path: Path) -> None:
    # A different hash seed changes every set and dict order rdflib could leak into the output.
    again = run_cli(
        "build", "--root", built, "--out", tmp_path / "again", env={"PYTHONHASHSEED": "12345"}
    )
    assert again.returncode == 0, again.stderr
    assert tree(tmp_path / "again") == tree(built / "build")


def test_dumps_load_into_oxigraph_and_count_the_same_concepts(built: Path) -> None:
    validated = read_vocabulary(Project.from_root(built)).graph
    expected = len(set(validated.subjects(predicate=None, object=SKOS.Concept)))
    assert expected > 20
    query = """
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a skos:Concept }
    """
    rdflib_count = int(next(iter(validated.query(query)))[0])
    assert rdflib_count == expected
    for dump in _dumps(built):
        store = pyoxigraph.Store()
        store.load(path=str(dump), format=OXIGRAPH_FORMATS[dump.suffix])
        assert len(store) == len(validated), dump.name
        solutions = list(store.query(query))
        assert int(solutions[0]["n"].value) == rdflib_count, dump.name


def test_apache_jena_riot_accepts_every_dump(built: Path) -> None:
    jena = SHARED / "tools" / "jena.sh"
    assert Path("/usr/share/java/jena-core.jar").exists(), (
        "Apache Jena is missing: apt-get install libapache-jena-java (see .ci/run)"
    )
    for dump in _dumps(built):
        result = subprocess.run(
            ["bash", str(jena), "riotcmd.riot", "--validate", str(dump)],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, f"{dump.name}: {result.stdout}{result.stderr}"
        assert "ERROR" not in result.stdout + result.stderr
