"""Describe the published vocabulary in VoID (``void.ttl``): dumps, counts, vocabularies used.

The VoID dataset is the DCAT record's dataset (the same URI), so the two descriptions meet.
The SPARQL endpoint is stated only when ``sparql-endpoint`` is set under
``[tool.kompetanse-skos]``: the build cannot know where the data will be served.
"""

from __future__ import annotations

from collections import Counter

import pyoxigraph as ox
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, XSD
from rdflib.term import Node

from kompetanse_skos.errors import LoadError
from kompetanse_skos.project import Project
from kompetanse_skos.publication.catalog import RECORD_NAME
from kompetanse_skos.rdf.dumps import serialize
from kompetanse_skos.rdf.formats import DUMP_FORMATS, TURTLE
from kompetanse_skos.rdf.terms import iri, to_oxigraph, to_rdflib
from kompetanse_skos.vocabulary.base import Base
from kompetanse_skos.vocabulary.load import Vocabulary
from kompetanse_skos.vocabulary.model import model_of

VOID = Namespace("http://rdfs.org/ns/void#")
FORMATS_NS = Namespace("http://www.w3.org/ns/formats/")
VOID_FILE = "void.ttl"


def sparql_endpoint(project: Project) -> str | None:
    """Return the configured ``sparql-endpoint``, if any."""
    value = project.settings.get("sparql-endpoint")
    if value is None:
        return None
    if isinstance(value, str) and value.startswith(("http://", "https://")):
        return value
    raise LoadError(f"[tool.kompetanse-skos] sparql-endpoint must be an http(s) URL, not {value!r}")


_COUNTS_QUERY = """
SELECT (COUNT(*) AS ?triples) (COUNT(DISTINCT ?s) AS ?subjects) (COUNT(DISTINCT ?o) AS ?objects)
WHERE { ?s ?p ?o }"""
_ENTITIES_QUERY = """
SELECT (COUNT(DISTINCT ?s) AS ?entities) WHERE {
  ?s ?p ?o FILTER (isIRI(?s) && STRSTARTS(STR(?s), %s))
}"""
_CLASSES_QUERY = "SELECT ?item (COUNT(*) AS ?n) WHERE { ?s a ?item } GROUP BY ?item"
_PROPERTIES_QUERY = "SELECT ?item (COUNT(*) AS ?n) WHERE { ?s ?item ?o } GROUP BY ?item"


def _partition(vocabulary: Vocabulary, query: str) -> Counter[Node]:
    return Counter({to_rdflib(row["item"]): int(row["n"].value) for row in vocabulary.query(query)})


def void_graph(
    vocabulary: Vocabulary, base: str, uri_space: str, name: str, endpoint: str | None = None
) -> Graph:
    """Return the VoID description of *vocabulary*, published at *base* as dumps named *name*.

    *uri_space* is where the vocabulary's own URIs start: its entities are counted there.
    """
    void = Graph(bind_namespaces="core")
    void.bind("void", VOID)
    dataset = URIRef(f"{base}{RECORD_NAME}.ttl#dataset")
    void.add((dataset, RDF.type, VOID.Dataset))
    scheme = model_of(vocabulary).main
    if scheme is not None:
        node = URIRef(scheme.uri)
        for title in vocabulary.triples(to_oxigraph(node), iri(DCTERMS.title), None):
            void.add((dataset, DCTERMS.title, to_rdflib(title.object)))
        void.add((dataset, VOID.rootResource, node))
    void.add((dataset, FOAF.homepage, URIRef(base)))
    void.add((dataset, VOID.uriSpace, Literal(uri_space)))
    for dump in DUMP_FORMATS:
        void.add((dataset, VOID.dataDump, URIRef(f"{base}{name}{dump.suffix}")))
        void.add((dataset, VOID.feature, FORMATS_NS[str(dump.w3c_name)]))
    if endpoint:
        void.add((dataset, VOID.sparqlEndpoint, URIRef(endpoint)))
    classes = _partition(vocabulary, _CLASSES_QUERY)
    properties = _partition(vocabulary, _PROPERTIES_QUERY)
    totals = next(iter(vocabulary.query(_COUNTS_QUERY)))
    entities = next(iter(vocabulary.query(_ENTITIES_QUERY % ox.Literal(uri_space))))["entities"]
    counts = {
        VOID.triples: int(totals["triples"].value),
        VOID.entities: int(entities.value),
        VOID.distinctSubjects: int(totals["subjects"].value),
        VOID.distinctObjects: int(totals["objects"].value),
        VOID.properties: len(properties),
        VOID.classes: len(classes),
    }
    for predicate, count in counts.items():
        void.add((dataset, predicate, Literal(count, datatype=XSD.integer)))
    for namespace in sorted({_namespace(str(term)) for term in [*classes, *properties]}):
        void.add((dataset, VOID.vocabulary, URIRef(namespace)))
    for number, (cls, count) in enumerate(sorted(classes.items()), start=1):
        partition = URIRef(f"{base}{VOID_FILE}#class-{number}")
        void.add((dataset, VOID.classPartition, partition))
        void.add((partition, VOID["class"], cls))
        void.add((partition, VOID.entities, Literal(count, datatype=XSD.integer)))
    for number, (prop, count) in enumerate(sorted(properties.items()), start=1):
        partition = URIRef(f"{base}{VOID_FILE}#property-{number}")
        void.add((dataset, VOID.propertyPartition, partition))
        void.add((partition, VOID.property, prop))
        void.add((partition, VOID.triples, Literal(count, datatype=XSD.integer)))
    return void


def void_file(vocabulary: Vocabulary, project: Project, base: Base) -> dict[str, bytes]:
    """Return ``void.ttl`` by name (nothing when the build's URL is not known)."""
    if base.url is None:
        return {}
    endpoint = sparql_endpoint(project)
    void = void_graph(vocabulary, base.url, base.uri or base.url, project.name, endpoint)
    return {VOID_FILE: serialize(void, TURTLE)}


def _namespace(iri: str) -> str:
    """Return the namespace of *iri*: everything up to its last "#" or "/"."""
    return iri[: max(iri.rfind("#"), iri.rfind("/")) + 1]
