"""Make every file the build publishes at its root, and check what the catalogue harvests.

Felles datakatalog harvests two of those files: the DCAT-AP-NO record (``catalog.ttl``, see
catalog.py) and the SKOS-AP-NO concept file (see skosapno.py). The profiles named after the two
national profiles check exactly those files, as the build will write them, so a maintainer
sees every problem before the harvester does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef

from kompetanse_skos.errors import KompetanseError
from kompetanse_skos.project import Project
from kompetanse_skos.publication.catalog import (
    CatalogSettings,
    publication_base,
    record_graph,
    serialize_record,
)
from kompetanse_skos.publication.skosapno import ADDITIONS, concept_file_name, concept_vocabulary
from kompetanse_skos.rdf.dumps import (
    Descriptions,
    canonical_order,
    extended_order,
    serialize_triples,
    used_prefixes,
)
from kompetanse_skos.rdf.formats import DUMP_FORMATS, TURTLE
from kompetanse_skos.validation.validate import (
    Finding,
    ValidationReport,
    check_profiles,
    finding_order,
    validate_vocabulary,
)
from kompetanse_skos.vocabulary.load import Vocabulary
from kompetanse_skos.vocabulary.model import model_of

RECORD_PROFILE = "dcat-ap-no"
CONCEPTS_PROFILE = "skos-ap-no"
HARVESTED_PROFILES = (RECORD_PROFILE, CONCEPTS_PROFILE)


@dataclass(frozen=True)
class Publication:
    """Every file the build publishes at its root, by name, and what is harvested from them."""

    files: dict[str, bytes]
    descriptions: Descriptions  # each resource's triples, as the dumps hold them
    record: Graph | None = None
    concepts: Vocabulary | None = None


def publish(vocabulary: Vocabulary, project: Project) -> Publication:
    """Serialize the dumps, the SKOS-AP-NO concept file, and the record that lists them.

    Without a concept scheme there is no dataset to describe, and without a base URL nowhere
    to point to: then only the dumps are made.
    """
    triples, keys = canonical_order(vocabulary.triples())
    descriptions = Descriptions(vocabulary, triples, keys)
    prefixes = used_prefixes(triples, vocabulary.prefixes)
    files = {
        f"{project.name}{dump.suffix}": serialize_triples(triples, dump, prefixes)
        for dump in DUMP_FORMATS
    }
    scheme = model_of(vocabulary).main
    settings = CatalogSettings.from_project(project)
    base = publication_base(vocabulary, settings)
    if scheme is None or base is None:
        return Publication(files, descriptions)
    concepts = harvested_concepts(vocabulary, scheme.uri, base, project.name)
    if concepts is not None:
        # The concept file is the vocabulary plus a few triples: those are put in order
        # among the vocabulary's, not the whole vocabulary read and ordered once more.
        added = concepts.graph_triples(ADDITIONS)
        prefixes = {**prefixes, **used_prefixes(added, concepts.prefixes)}
        files[concept_file_name(project.name)] = serialize_triples(
            extended_order(triples, keys, added), TURTLE, dict(sorted(prefixes.items()))
        )
    # The record lists the files made so far, with their sizes and checksums; it cannot
    # list itself.
    record = record_graph(vocabulary, URIRef(scheme.uri), settings, base, files)
    files.update(serialize_record(record))
    return Publication(files, descriptions, record, concepts)


def write_publication(publication: Publication, folder: Path) -> list[Path]:
    """Write every file of *publication* into *folder*, exactly as serialized."""
    written = []
    for name, data in publication.files.items():
        path = folder / name
        path.write_bytes(data)
        written.append(path)
    return written


def harvested_concepts(
    vocabulary: Vocabulary, scheme: str, base: str, name: str
) -> Vocabulary | None:
    """Return the SKOS-AP-NO form of *vocabulary*, its collection named after the concept file.

    What the form adds comes from the scheme, so a problem with it is traced to the scheme's
    file.
    """
    collection = f"{base}{concept_file_name(name)}#collection"
    concepts = concept_vocabulary(vocabulary, scheme, collection)
    origin = vocabulary.source_of(URIRef(scheme))
    if concepts is not None and origin is not None:
        concepts.origins[ADDITIONS] = origin
    return concepts


def validate_publication(
    vocabulary: Vocabulary,
    project: Project,
    profiles: Sequence[str],
    publication: Publication | None = None,
) -> ValidationReport:
    """Validate the vocabulary, and what the catalogue will harvest from it, with *profiles*.

    The catalogue's profiles check what it harvests: ``dcat-ap-no`` the record the build
    writes, ``skos-ap-no`` the concept file with its collection. An input without a concept
    scheme is checked as it is, so that ``--profile dcat-ap-no`` also checks any DCAT record.
    """
    check_profiles(project.shapes_dir, profiles)
    findings: set[Finding] = set()
    own = [profile for profile in profiles if profile not in HARVESTED_PROFILES]
    if own:
        findings.update(validate_vocabulary(vocabulary, project.shapes_dir, own).findings)
    harvested = [profile for profile in profiles if profile in HARVESTED_PROFILES]
    for profile, target in _harvested(vocabulary, project, harvested, publication).items():
        findings.update(validate_vocabulary(target, project.shapes_dir, [profile]).findings)
    return ValidationReport(list(profiles), sorted(findings, key=finding_order))


def _harvested(
    vocabulary: Vocabulary,
    project: Project,
    profiles: list[str],
    publication: Publication | None,
) -> dict[str, Vocabulary]:
    """Return, per harvested profile, what it checks (by default the vocabulary as it is)."""
    if not profiles:
        return {}
    scheme = model_of(vocabulary).main
    if scheme is None:
        return dict.fromkeys(profiles, vocabulary)
    base = publication_base(vocabulary, CatalogSettings.from_project(project))
    if base is None:
        if RECORD_PROFILE in profiles:
            raise KompetanseError(
                "cannot tell where the build will be published: the vocabulary's URIs share no "
                "base; set base-url under [tool.kompetanse-skos] in pyproject.toml"
            )
        return dict.fromkeys(profiles, vocabulary)
    if RECORD_PROFILE in profiles:
        # The record is checked exactly as it will be written, checksums included.
        publication = publication or publish(vocabulary, project)
        record = publication.record
        concepts = publication.concepts
    else:
        record = None
        concepts = harvested_concepts(vocabulary, scheme.uri, base, project.name)
    # A problem in the record comes from the scheme it was made from, so that is where a
    # maintainer is sent to fix it.
    origin = vocabulary.source_of(URIRef(scheme.uri))
    targets = {
        RECORD_PROFILE: Vocabulary.from_graph(record, origin) if record is not None else None,
        CONCEPTS_PROFILE: concepts,
    }
    return {profile: targets[profile] or vocabulary for profile in profiles}
