"""The dumps: every format holds the validated graph, reproducibly, and real tools read them."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import zipfile
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
    dumps = sorted((built / "build").glob("all.*"))
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

    data = json.loads((built / "build" / "all.jsonld").read_text(encoding="utf-8"))
    assert data["@context"]["skos"] == str(SKOS)
    assert any(node.get("skos:prefLabel") for node in data["@graph"])


def test_checksums_match_the_files(built: Path) -> None:
    lines = (built / "build" / CHECKSUMS).read_text(encoding="utf-8").splitlines()
    listed = {}
    for line in lines:
        digest, name = line.split("  ", 1)
        listed[name] = digest
    # Every download is listed: the dumps, the catalogue record and the concept file.
    downloads = {p.name for p in _dumps(built)} | {"catalog.ttl", "all-skos-ap-no.ttl"}
    assert downloads <= set(listed)
    assert all((built / "build" / name).is_file() for name in listed)
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


@pytest.fixture(scope="module")
def jena_classes(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder that ``jena.sh`` puts first on Jena's class path (its ``JENA_FIX``).

    Debian's Jena 4.5 has no Jakarta JSON provider for its JSON-LD 1.1 reader, and its
    JSON-LD 1.0 reader needs Apache httpclient-cache, which Debian ships but ``jena.sh`` does
    not list. Its classes are unpacked here, so that ``--syntax=jsonld10`` reads our JSON-LD.
    """
    assert Path("/usr/share/java/jena-core.jar").exists(), (
        "Apache Jena is missing: apt-get install libapache-jena-java (see scripts/test)"
    )
    folder = tmp_path_factory.mktemp("jena")
    with zipfile.ZipFile("/usr/share/java/httpclient-cache.jar") as jar:
        jar.extractall(folder, [name for name in jar.namelist() if name.startswith("org/")])
    return folder


def _riot(jena_classes: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", str(SHARED / "tools" / "jena.sh"), "riotcmd.riot", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "JENA_FIX": str(jena_classes)},
    )


def test_apache_jena_riot_accepts_every_dump(built: Path, jena_classes: Path) -> None:
    triples = len(read_vocabulary(Project.from_root(built)).graph)
    for dump in _dumps(built):
        syntax = ["--syntax=jsonld10"] if dump.suffix == ".jsonld" else []
        result = _riot(jena_classes, *syntax, "--validate", str(dump))
        output = result.stdout + result.stderr
        assert result.returncode == 0 and "ERROR" not in output and "WARN" not in output, (
            f"{dump.name}: {output}"
        )
        counted = _riot(jena_classes, *syntax, "--count", str(dump))
        assert f"Triples = {triples}" in counted.stdout + counted.stderr, dump.name


def test_jena_refuses_a_broken_dump(jena_classes: Path, tmp_path: Path) -> None:
    """The check above can fail: riot rejects what is not valid Turtle."""
    broken = tmp_path / "broken.ttl"
    broken.write_text("<http://example.org/a> <http://example.org/b> .\n", encoding="utf-8")
    result = _riot(jena_classes, "--validate", str(broken))
    assert result.returncode != 0
