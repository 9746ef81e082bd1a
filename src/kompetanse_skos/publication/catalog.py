"""Describe the built vocabulary for Felles datakatalog as a DCAT-AP-NO record.

The record (``catalog.ttl``, ``.jsonld``, ``.rdf``) is a dcat:Catalog holding one dcat:Dataset,
the vocabulary, with one dcat:Distribution per file the build publishes beside it. Every value
comes from the vocabulary's main concept scheme or from ``[tool.kompetanse-skos]``, and byte
sizes and checksums come from the very bytes the build writes, so the record is always true of
the files it lists.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.term import Node

from kompetanse_skos.errors import LoadError
from kompetanse_skos.project import Project, list_setting, text_setting
from kompetanse_skos.publication.skosapno import CONCEPT_FILE_SUFFIX
from kompetanse_skos.rdf.dumps import serialize
from kompetanse_skos.rdf.formats import BY_SUFFIX, DUMP_FORMATS
from kompetanse_skos.rdf.languages import LANGUAGES as TEXT_LANGUAGES
from kompetanse_skos.rdf.languages import NORWEGIAN, eu_code
from kompetanse_skos.rdf.namespaces import DCAT, DCTERMS, FOAF, ORG, OWL, RDF, RDFS, SKOS, XSD
from kompetanse_skos.rdf.terms import iri, rdflib_graph, text_of, to_oxigraph, to_rdflib
from kompetanse_skos.vocabulary.load import Vocabulary
from kompetanse_skos.vocabulary.model import model_of

SPDX = Namespace("http://spdx.org/rdf/terms#")
IANA = Namespace("https://www.w3.org/ns/iana/media-types/")
AUTHORITY = "http://publications.europa.eu/resource/authority/"
# DCAT 3 (DCAT-AP-NO v3); rdflib's DCAT namespace is DCAT 2 and lacks it.
DCAT_VERSION = URIRef("http://www.w3.org/ns/dcat#version")
# The rights statement class DCAT-AP-NO v3 asks for (v2 asks for dct:RightsStatement).
ODRS_RIGHTS_STATEMENT = URIRef("http://schema.theodi.org/odrs#RightsStatement")

RECORD_NAME = "catalog"
RECORD_SUFFIXES = (".ttl", ".jsonld", ".rdf")
# The DCAT-AP-NO versions the record can follow; the national catalogue validates with v2.
DCAT_AP_NO_VERSIONS = ("2", "3")
# DCAT-AP-NO v2 admits only SHA-1 (its class Sjekksum); v3 takes any SPDX algorithm, and the
# record then gives SHA-256, as SHA256SUMS beside the files always does, because SHA-1 no
# longer proves that a file is unchanged.
CHECKSUMS = {
    "2": (SPDX.checksumAlgorithm_sha1, "sha1"),
    "3": (SPDX.checksumAlgorithm_sha256, "sha256"),
}
# dcat:byteSize is xsd:decimal in DCAT 2 (v2) and xsd:nonNegativeInteger in DCAT 3 (v3).
BYTE_SIZE_TYPES = {"2": XSD.decimal, "3": XSD.nonNegativeInteger}
# The record's own words, in the package's languages.
WORDS = {
    "catalog": {"nb": "Datakatalog: {}", "nn": "Datakatalog: {}", "en": "Data catalogue: {}"},
    "catalog-about": {
        "nb": "Beskrivelse av «{}» for Felles datakatalog.",
        "nn": "Skildring av «{}» for Felles datakatalog.",
        "en": "Description of “{}” for the Norwegian national data catalogue.",
    },
    "dump": {
        "nb": "Hele vokabularet som {}.",
        "nn": "Heile vokabularet som {}.",
        "en": "The whole vocabulary as {}.",
    },
    "concepts": {
        "nb": "Begrepene etter SKOS-AP-NO-Begrep, samlet i én begrepssamling, som {}.",
        "nn": "Omgrepa etter SKOS-AP-NO-Begrep, samla i éi omgrepssamling, som {}.",
        "en": "The concepts as SKOS-AP-NO-Begrep describes them, in one collection, as {}.",
    },
    # The default rights statement: what the record already says, the access level and the
    # licence, in words.
    "rights": {
        "nb": "Fritt tilgjengelig for alle (tilgangsnivå {access}), under lisensen {licence}.",
        "nn": "Fritt tilgjengeleg for alle (tilgangsnivå {access}), under lisensen {licence}.",
        "en": "Open to everyone (access level {access}), under the licence {licence}.",
    },
}


@dataclass(frozen=True)
class CatalogSettings:
    """What the record needs that the vocabulary does not say, from ``[tool.kompetanse-skos]``."""

    themes: tuple[str, ...] = ()
    dataset_type: str | None = None
    access_rights: str = "PUBLIC"
    # "2" or "3": the DCAT-AP-NO version the record follows.
    version: str = "2"
    # Codes of the EU country table (or full IRIs); empty: Norway when the labels are Norwegian.
    spatial: tuple[str, ...] = ()
    # xsd:date texts; the start is the first release date unless set.
    temporal_start: str | None = None
    temporal_end: str | None = None
    # The IRI of a rights statement; unset: one in words from the access level and licence.
    rights: str | None = None

    @classmethod
    def from_project(cls, project: Project) -> CatalogSettings:
        """Read the settings from the project's ``pyproject.toml``."""
        table = project.settings
        version = table.get("dcat-ap-no-version", 2)
        if str(version) not in DCAT_AP_NO_VERSIONS or isinstance(version, bool | float):
            raise LoadError(
                f"[tool.kompetanse-skos] dcat-ap-no-version must be 2 or 3, not {version!r}"
            )
        # A date may be written as TOML's own date (temporal-start = 2026-12-07) or as text.
        dates = {
            key: value.isoformat() if isinstance(value, date) else text_setting(table, key)
            for key in ("temporal-start", "temporal-end")
            for value in [table.get(key)]
        }
        for key, value in dates.items():
            if value is not None and not _is_date(value):
                raise LoadError(
                    f"[tool.kompetanse-skos] {key} must be a date written YYYY-MM-DD, not {value!r}"
                )
        rights = text_setting(table, "rights")
        if rights is not None and ":" not in rights:
            raise LoadError(
                "[tool.kompetanse-skos] rights must be the IRI of a rights statement, "
                f"not {rights!r}"
            )
        return cls(
            themes=list_setting(table, "themes"),
            dataset_type=text_setting(table, "dataset-type"),
            access_rights=text_setting(table, "access-rights") or "PUBLIC",
            version=str(version),
            spatial=list_setting(table, "spatial"),
            temporal_start=dates["temporal-start"],
            temporal_end=dates["temporal-end"],
            rights=rights,
        )


def _is_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10


def code(value: str, table: str) -> URIRef:
    """Return a setting as an IRI: a full IRI as written, a bare code in the EU *table*."""
    return URIRef(value if ":" in value else f"{AUTHORITY}{table}/{value}")


def record_files() -> list[str]:
    """Return the names of the record's files."""
    return [f"{RECORD_NAME}{suffix}" for suffix in RECORD_SUFFIXES]


def record_graph(
    vocabulary: Vocabulary,
    scheme: URIRef,
    settings: CatalogSettings,
    base: str,
    files: Mapping[str, bytes],
) -> Graph:
    """Return the DCAT-AP-NO record of the vocabulary published at *base* as *files*."""
    graph = _scheme_graph(vocabulary, scheme)
    record = Graph(bind_namespaces="core")
    record.bind("spdx", SPDX)
    catalog = URIRef(f"{base}{RECORD_NAME}.ttl#catalog")
    dataset = URIRef(f"{base}{RECORD_NAME}.ttl#dataset")
    titles = _texts(graph, scheme, (DCTERMS.title, SKOS.prefLabel, RDFS.label))
    licences = sorted(graph.objects(scheme, DCTERMS.license), key=str)
    # What the catalogue and the dataset share is read from the whole vocabulary once.
    shared: list[tuple[URIRef, Node]] = [
        (DCTERMS.language, code(language, "language")) for language in _languages(vocabulary)
    ]
    dates = _dates(vocabulary, scheme)
    shared += dates
    for resource, kind in ((catalog, DCAT.Catalog), (dataset, DCAT.Dataset)):
        record.add((resource, RDF.type, kind))
        record.add((resource, DCTERMS.identifier, Literal(str(resource))))
        for prop in (DCTERMS.publisher, DCAT.contactPoint):
            for value in graph.objects(scheme, prop):
                record.add((resource, prop, value))
                _describe(graph, value, record)
        for prop, value in shared:
            record.add((resource, prop, value))
    for publisher in graph.objects(scheme, DCTERMS.publisher):
        if isinstance(publisher, URIRef | BNode):
            record.add((publisher, RDF.type, ORG.Organization))
            record.add((publisher, RDF.type, FOAF.Agent))

    for title in titles:
        record.add((catalog, DCTERMS.title, _word("catalog", title)))
        record.add((catalog, DCTERMS.description, _word("catalog-about", title)))
    for licence in licences:
        record.add((catalog, DCTERMS.license, licence))
    record.add((catalog, FOAF.homepage, URIRef(base)))
    record.add((catalog, DCAT.dataset, dataset))

    for title in titles:
        record.add((dataset, DCTERMS.title, title))
    for description in _texts(graph, scheme, (DCTERMS.description, SKOS.definition)):
        record.add((dataset, DCTERMS.description, description))
    for theme in settings.themes:
        record.add((dataset, DCAT.theme, code(theme, "data-theme")))
    for keyword in _keywords(vocabulary):
        record.add((dataset, DCAT.keyword, keyword))
    record.add((dataset, DCTERMS.accessRights, code(settings.access_rights, "access-right")))
    if settings.dataset_type:
        record.add((dataset, DCTERMS.type, code(settings.dataset_type, "dataset-type")))
    # Norwegian labels say that a vocabulary covers Norway: the default dct:spatial.
    norwegian = {eu_code(tag) for tag in NORWEGIAN}
    languages = {
        str(value).rsplit("/", 1)[-1] for prop, value in shared if prop == DCTERMS.language
    }
    spatial = settings.spatial or (("NOR",) if languages & norwegian else ())
    for place in spatial:
        record.add((dataset, DCTERMS.spatial, code(place, "country")))
    _add_temporal(record, dataset, settings, dict(dates).get(DCTERMS.issued))
    rights = _rights(record, settings, licences)
    for version in sorted(graph.objects(scheme, OWL.versionInfo), key=str)[:1]:
        record.add((dataset, OWL.versionInfo, version))
        record.add((dataset, DCAT_VERSION, version))
    record.add((dataset, DCAT.landingPage, URIRef(base)))
    for page in sorted(graph.objects(scheme, DCTERMS.source), key=str):
        record.add((dataset, FOAF.page, page))
    for name, data in files.items():
        distribution = URIRef(f"{base}{RECORD_NAME}.ttl#{name.replace('.', '-')}")
        record.add((dataset, DCAT.distribution, distribution))
        _add_distribution(
            record, distribution, URIRef(base + quote(name)), name, data, licences, settings
        )
        record.add((distribution, DCTERMS.rights, rights))
    return record


def _add_temporal(
    record: Graph, dataset: URIRef, settings: CatalogSettings, issued: Node | None
) -> None:
    """Add the dataset's time coverage: from the setting, or from the first release date."""
    start = Literal(settings.temporal_start, datatype=XSD.date) if settings.temporal_start else None
    if start is None and isinstance(issued, Literal):
        start = issued
    end = Literal(settings.temporal_end, datatype=XSD.date) if settings.temporal_end else None
    if start is None and end is None:
        return
    period = BNode()
    record.add((dataset, DCTERMS.temporal, period))
    record.add((period, RDF.type, DCTERMS.PeriodOfTime))
    if start is not None:
        record.add((period, DCAT.startDate, start))
    if end is not None:
        record.add((period, DCAT.endDate, end))


def _rights(record: Graph, settings: CatalogSettings, licences: list[Node]) -> Node:
    """Return the distributions' rights statement: the setting's IRI, or one in words."""
    statement: Node
    if settings.rights:
        statement = URIRef(settings.rights)
    else:
        statement = BNode()
        access = settings.access_rights.rsplit("/", 1)[-1]
        licence = ", ".join(str(value) for value in licences) or "-"
        for language, template in WORDS["rights"].items():
            text = template.format(access=access, licence=licence)
            record.add((statement, RDFS.label, Literal(text, lang=language)))
    # v2 asks for dct:RightsStatement, v3 for odrs:RightsStatement: both are true of it.
    record.add((statement, RDF.type, DCTERMS.RightsStatement))
    record.add((statement, RDF.type, ODRS_RIGHTS_STATEMENT))
    return statement


def serialize_record(record: Graph) -> dict[str, bytes]:
    """Return the record's files: ``catalog.ttl``, ``.jsonld`` and ``.rdf``, by name."""
    return {
        f"{RECORD_NAME}{dump.suffix}": serialize(record, dump)
        for dump in DUMP_FORMATS
        if dump.suffix in RECORD_SUFFIXES
    }


def _add_distribution(
    record: Graph,
    distribution: URIRef,
    url: URIRef,
    name: str,
    data: bytes,
    licences: list[Node],
    settings: CatalogSettings,
) -> None:
    suffix = Path(name).suffix
    dump = BY_SUFFIX[suffix]
    words = "concepts" if name.endswith(CONCEPT_FILE_SUFFIX) else "dump"
    label = f"SKOS-AP-NO-Begrep ({dump.label})" if words == "concepts" else dump.label
    record.add((distribution, RDF.type, DCAT.Distribution))
    for language in TEXT_LANGUAGES:
        record.add((distribution, DCTERMS.title, Literal(label, lang=language)))
        text = WORDS[words][language].format(dump.label)
        record.add((distribution, DCTERMS.description, Literal(text, lang=language)))
    record.add((distribution, DCAT.accessURL, url))
    record.add((distribution, DCAT.downloadURL, url))
    record.add((distribution, DCAT.mediaType, IANA[dump.media_type]))
    if dump.file_type is not None:
        record.add((distribution, DCTERMS["format"], code(dump.file_type, "file-type")))
    for licence in licences:
        record.add((distribution, DCTERMS.license, licence))
    # v2: xsd:decimal in its canonical form ("1234.0"), which Turtle keeps as written, so that
    # every form of the record has the same literal; v3: xsd:nonNegativeInteger.
    datatype = BYTE_SIZE_TYPES[settings.version]
    text = f"{len(data)}.0" if datatype == XSD.decimal else str(len(data))
    record.add((distribution, DCAT.byteSize, Literal(text, datatype=datatype)))
    checksum = BNode()
    algorithm, function = CHECKSUMS[settings.version]
    record.add((distribution, SPDX.checksum, checksum))
    record.add((checksum, RDF.type, SPDX.Checksum))
    record.add((checksum, SPDX.algorithm, algorithm))
    digest = hashlib.new(function, data).hexdigest()
    record.add((checksum, SPDX.checksumValue, Literal(digest, datatype=XSD.hexBinary)))


def _word(key: str, title: Literal) -> Literal:
    """Return the record's words for *key* around *title*, in its language (or just *title*)."""
    template = WORDS[key].get(title.language or "")
    return Literal(template.format(title), lang=title.language) if template else title


def _texts(graph: Graph, node: Node, props: Sequence[URIRef]) -> list[Literal]:
    """Return the literals of the first of *props* that *node* has, sorted."""
    for prop in props:
        values = sorted(v for v in graph.objects(node, prop) if isinstance(v, Literal))
        if values:
            return values
    return []


def _scheme_graph(vocabulary: Vocabulary, scheme: URIRef) -> Graph:
    """Return what the record is made of: the scheme's description and its agents'."""
    triples = vocabulary.describe(to_oxigraph(scheme))
    agents = {iri(DCTERMS.publisher), iri(DCAT.contactPoint)}
    for triple in list(triples):
        if triple.predicate in agents and not isinstance(triple.object, ox.Literal):
            triples += vocabulary.describe(triple.object)
    return rdflib_graph(triples)


def _keywords(vocabulary: Vocabulary) -> list[Literal]:
    """Return the preferred labels of every scheme's top concepts."""
    model = model_of(vocabulary)
    tops = {uri for scheme in model.schemes.values() for uri in scheme.top_concepts}
    labels = {
        Literal(label.text, lang=label.language)
        for uri in tops
        if uri in model.concepts
        for label in model.concepts[uri].pref_labels
        if label.language
    }
    return sorted(labels)


_LANGUAGES_QUERY = (
    f"SELECT DISTINCT (LANG(?label) AS ?tag) WHERE {{ ?s <{SKOS.prefLabel}> ?label }}"
)
_MODIFIED_QUERY = f"""
SELECT ?modified WHERE {{
  VALUES ?kind {{ <{SKOS.ConceptScheme}> <{SKOS.Concept}> }}
  ?node a ?kind ; <{DCTERMS.modified}> ?modified .
}}"""


def _languages(vocabulary: Vocabulary) -> list[str]:
    """Return the EU codes of the languages the preferred labels are written in."""
    tags = {
        text_of(row["tag"]).split("-")[0].lower()
        for row in vocabulary.query(_LANGUAGES_QUERY)
        if row["tag"] is not None
    }
    return sorted({code for code in map(eu_code, tags) if code})


def _dates(vocabulary: Vocabulary, scheme: URIRef) -> list[tuple[URIRef, Node]]:
    """Return the scheme's first issue date and the vocabulary's last change, if stated."""
    dates: list[tuple[URIRef, Node]] = []
    issued = list(vocabulary.triples(to_oxigraph(scheme), iri(DCTERMS.issued), None))
    if issued:
        dates.append((DCTERMS.issued, to_rdflib(min(issued, key=str).object)))
    changed = [row["modified"] for row in vocabulary.query(_MODIFIED_QUERY)]
    if changed:
        dates.append((DCTERMS.modified, to_rdflib(max(changed, key=text_of))))
    return dates


def _describe(graph: Graph, node: Node, into: Graph) -> None:
    """Copy *node*'s concise bounded description (its triples, and its blank nodes') *into*."""
    todo = [node]
    seen: set[Node] = set()
    while todo:
        subject = todo.pop()
        if subject in seen:
            continue
        seen.add(subject)
        for predicate, value in graph.predicate_objects(subject):
            into.add((subject, predicate, value))
            if isinstance(value, BNode):
                todo.append(value)
