"""The RDF syntaxes the package reads and writes: one table of suffixes, media types and parsers."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

import pyoxigraph as ox


@dataclass(frozen=True)
class RdfFormat:
    """One RDF syntax: the names, suffixes and media type it goes by, and who reads it.

    *suffix* is the one written; *suffixes* are all those read as this syntax. *oxigraph* is
    the pyoxigraph format, or None where only rdflib reads the syntax (N3).
    """

    name: str  # as `query --format` takes it
    suffix: str
    media_type: str
    label: str
    rdflib: str  # rdflib's parser name
    oxigraph: ox.RdfFormat | None
    published: bool = False  # written as a dump and offered by content negotiation
    suffixes: tuple[str, ...] = ()
    file_type: str | None = None  # its code in the EU file-type table, for catalogue records
    w3c_name: str | None = None  # its name under http://www.w3.org/ns/formats/, for VoID

    @property
    def read_suffixes(self) -> tuple[str, ...]:
        """Return every suffix read as this syntax, the written one first."""
        return (self.suffix, *self.suffixes)


FORMATS = (
    RdfFormat("turtle", ".ttl", "text/turtle", "Turtle", "turtle", ox.RdfFormat.TURTLE,
              published=True, suffixes=(".turtle",), file_type="RDF_TURTLE",
              w3c_name="Turtle"),
    RdfFormat("nt", ".nt", "application/n-triples", "N-Triples", "nt", ox.RdfFormat.N_TRIPLES,
              published=True, file_type="RDF_N_TRIPLES",
              w3c_name="N-Triples"),
    RdfFormat("rdf", ".rdf", "application/rdf+xml", "RDF/XML", "xml", ox.RdfFormat.RDF_XML,
              published=True, suffixes=(".xml", ".owl"), file_type="RDF_XML",
              w3c_name="RDF_XML"),
    RdfFormat("jsonld", ".jsonld", "application/ld+json", "JSON-LD", "json-ld",
              ox.RdfFormat.JSON_LD, published=True, suffixes=(".json",), file_type="JSON_LD",
              w3c_name="JSON-LD"),
    RdfFormat("n3", ".n3", "text/n3", "N3", "n3", None),
    RdfFormat("trig", ".trig", "application/trig", "TriG", "trig", ox.RdfFormat.TRIG),
    RdfFormat("nq", ".nq", "application/n-quads", "N-Quads", "nquads", ox.RdfFormat.N_QUADS),
)  # fmt: skip
# The syntaxes every dump and every resource's RDF is written in, in the order pages list them.
DUMP_FORMATS = tuple(rdf for rdf in FORMATS if rdf.published)
TURTLE = DUMP_FORMATS[0]
BY_SUFFIX = {suffix: rdf for rdf in FORMATS for suffix in rdf.read_suffixes}
BY_MEDIA_TYPE = {rdf.media_type: rdf for rdf in FORMATS}
BY_NAME = {rdf.name: rdf for rdf in FORMATS}


def format_of(path: PurePath | str) -> RdfFormat | None:
    """Return the syntax a file's name says it holds (``.gz`` may follow), or None."""
    name = PurePath(path).name.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    dot = name.rfind(".")
    return BY_SUFFIX.get(name[dot:]) if dot > 0 else None
