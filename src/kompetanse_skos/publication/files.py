"""Make every file the build publishes at its root, and the checksums of them.

Felles datakatalog harvests two of those files: the DCAT-AP-NO record (``catalog.ttl``, see
catalog.py) and the SKOS-AP-NO concept file (see skosapno.py). The build checks exactly those
files, as it will write them, so a maintainer sees every problem before the harvester does.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from rdflib import Graph, URIRef

from kompetanse_skos.errors import BuildError
from kompetanse_skos.project import Project
from kompetanse_skos.publication.catalog import CatalogSettings, record_graph, serialize_record
from kompetanse_skos.publication.skosapno import ADDITIONS, concept_file_name, concept_vocabulary
from kompetanse_skos.publication.void import void_file
from kompetanse_skos.rdf.dumps import (
    Descriptions,
    canonical_order,
    extended_order,
    serialize_triples,
    used_prefixes,
)
from kompetanse_skos.rdf.formats import DUMP_FORMATS, TURTLE, RdfFormat
from kompetanse_skos.vocabulary.base import Base, find_base
from kompetanse_skos.vocabulary.load import Vocabulary
from kompetanse_skos.vocabulary.model import model_of

CHECKSUMS = "SHA256SUMS"


@dataclass(frozen=True)
class Publication:
    """Every file the build publishes at its root, by name, and what is harvested from them.

    *files* holds the dumps, the SKOS-AP-NO concept file, the catalogue record, VoID, the
    changes (on a release with a previous one) and ``SHA256SUMS``, which lists them all but
    the changes.
    """

    files: dict[str, bytes]
    descriptions: Descriptions  # each resource's triples, as the dumps hold them
    record: Graph | None = None
    concepts: Vocabulary | None = None

    def with_files(self, more: Mapping[str, bytes]) -> Publication:
        """Return this publication with *more* files (the changes) beside its own."""
        return replace(self, files=_added(self.files, more))

    def dumps(self, name: str) -> list[tuple[RdfFormat, str, int]]:
        """Return the syntax, file name and size of each dump of the vocabulary *name*."""
        found = []
        for dump in DUMP_FORMATS:
            file = f"{name}{dump.suffix}"
            if file in self.files:
                found.append((dump, file, len(self.files[file])))
        return found


def make_publication(
    vocabulary: Vocabulary, project: Project, base: Base | None = None
) -> Publication:
    """Serialize the dumps, the SKOS-AP-NO concept file, the record that lists them, VoID.

    Without a concept scheme there is no dataset to describe, and without a base URL nowhere
    to point to: then only the dumps (and VoID, where the URL is known) are made. *base* is
    found as the project's settings and the vocabulary say, unless given.
    """
    base = base or find_base(model_of(vocabulary), project.base_url)
    triples, keys = canonical_order(vocabulary.triples())
    descriptions = Descriptions(vocabulary, triples, keys)
    prefixes = used_prefixes(triples, vocabulary.prefixes)
    files = {
        f"{project.name}{dump.suffix}": serialize_triples(triples, dump, prefixes)
        for dump in DUMP_FORMATS
    }
    scheme = model_of(vocabulary).main
    record = concepts = None
    if scheme is not None and base.url is not None:
        concepts = harvested_concepts(vocabulary, scheme.uri, base.url, project.name)
        if concepts is not None:
            # The concept file is the vocabulary plus a few triples: those are put in order
            # among the vocabulary's, not the whole vocabulary read and ordered once more.
            added = concepts.graph_triples(ADDITIONS)
            prefixes = {**prefixes, **used_prefixes(added, concepts.prefixes)}
            concept_file = serialize_triples(
                extended_order(triples, keys, added), TURTLE, dict(sorted(prefixes.items()))
            )
            files = _added(files, {concept_file_name(project.name): concept_file})
        # The record lists the files made so far, with their sizes and checksums; it cannot
        # list itself.
        settings = CatalogSettings.from_project(project)
        record = record_graph(vocabulary, URIRef(scheme.uri), settings, base.url, files)
        files = _added(files, serialize_record(record))
    files = _added(files, void_file(vocabulary, project, base))
    files = _added(files, {CHECKSUMS: checksums(files)})
    return Publication(files, descriptions, record, concepts)


def _added(files: Mapping[str, bytes], more: Mapping[str, bytes]) -> dict[str, bytes]:
    """Return *files* and *more*, refusing a name that both hold (a dump named "catalog")."""
    clash = sorted(files.keys() & more.keys())
    if clash:
        raise BuildError(f"{clash[0]}: two outputs want the same file; set another name")
    return {**files, **more}


def checksums(files: Mapping[str, bytes]) -> bytes:
    """Return a ``sha256sum``-compatible list of *files*, by name."""
    lines = (
        f"{hashlib.sha256(data).hexdigest()}  {name}\n" for name, data in sorted(files.items())
    )
    return "".join(lines).encode("utf-8")


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
