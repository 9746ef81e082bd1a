"""The VoID description the build writes: dumps, counts, vocabularies, and the endpoint if set."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, SKOS, XSD

from kompetanse_skos.pipeline.build import build
from kompetanse_skos.project import Project
from linked_data import BASE, build_site, dump_graph

VOID = Namespace("http://rdfs.org/ns/void#")
DATASET = URIRef(f"{BASE}catalog.ttl#dataset")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(tmp_path_factory.mktemp("void"))


def test_void_describes_the_dumps_and_counts(site: Path) -> None:
    void = Graph().parse(site / "void.ttl", format="turtle")
    data = dump_graph(site)
    assert (DATASET, RDF.type, VOID.Dataset) in void
    dumps = set(void.objects(DATASET, VOID.dataDump))
    assert dumps == {URIRef(f"{BASE}all{suffix}") for suffix in (".ttl", ".nt", ".rdf", ".jsonld")}
    for dump in dumps:
        assert (site / str(dump).removeprefix(BASE)).is_file()
    assert void.value(DATASET, VOID.triples) == Literal(len(data), datatype=XSD.integer)
    concepts = set(data.subjects(RDF.type, SKOS.Concept))
    partitions = {
        void.value(p, VOID["class"]): p for p in void.objects(DATASET, VOID.classPartition)
    }
    assert void.value(partitions[SKOS.Concept], VOID.entities).toPython() == len(concepts)
    entities = void.value(DATASET, VOID.entities).toPython()
    assert len(concepts) < entities <= len(set(data.subjects()))
    vocabularies = set(void.objects(DATASET, VOID.vocabulary))
    assert URIRef(str(SKOS)) in vocabularies
    properties = {
        void.value(p, VOID.property) for p in void.objects(DATASET, VOID.propertyPartition)
    }
    assert properties == set(data.predicates())
    assert (DATASET, VOID.sparqlEndpoint, None) not in void
    # The DCAT record and VoID describe one dataset, and the checksums list void.ttl.
    catalog = Graph().parse(site / "catalog.ttl", format="turtle")
    assert (DATASET, None, None) in catalog
    assert " void.ttl\n" in (site / "SHA256SUMS").read_text(encoding="utf-8")


def test_a_configured_endpoint_is_named(tmp_path: Path) -> None:
    site = build_site(tmp_path)
    pyproject = tmp_path / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8").replace(
        'dataset-type = "TAXONOMY"\n',
        'dataset-type = "TAXONOMY"\nsparql-endpoint = "https://example.org/sparql"\n',
    )
    pyproject.write_text(text, encoding="utf-8")
    assert build(Project.from_root(tmp_path)).built
    void = Graph().parse(site / "void.ttl", format="turtle")
    assert void.value(DATASET, VOID.sparqlEndpoint) == URIRef("https://example.org/sparql")
