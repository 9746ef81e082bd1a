"""The RDF syntaxes the package reads and writes, and the forms of SPARQL results: one table.

The command line reads this table before it runs anything, so it names pyoxigraph's formats
by name, and imports pyoxigraph only when one is asked for.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pyoxigraph as ox


@dataclass(frozen=True)
class RdfFormat:
    """One RDF syntax: the names, suffixes and media type it goes by, and who reads it.

    *suffix* is the one written; *suffixes* are all those read as this syntax.
    """

    name: str  # as `query --format` takes it
    suffix: str
    media_type: str
    label: str
    rdflib: str  # rdflib's parser name
    oxigraph_name: str | None  # the name of pyoxigraph's RdfFormat; None: rdflib reads it (N3)
    published: bool = False  # written as a dump and offered by content negotiation
    suffixes: tuple[str, ...] = ()
    file_type: str | None = None  # its code in the EU file-type table, for catalogue records
    w3c_name: str | None = None  # its name under http://www.w3.org/ns/formats/, for VoID

    @property
    def oxigraph(self) -> ox.RdfFormat | None:
        """The pyoxigraph format, or None where only rdflib reads the syntax."""
        if self.oxigraph_name is None:
            return None
        import pyoxigraph  # only when asked for: see the module's docstring

        rdf_format: ox.RdfFormat = getattr(pyoxigraph.RdfFormat, self.oxigraph_name)
        return rdf_format

    @property
    def read_suffixes(self) -> tuple[str, ...]:
        """Return every suffix read as this syntax, the written one first."""
        return (self.suffix, *self.suffixes)


FORMATS = (
    RdfFormat("turtle", ".ttl", "text/turtle", "Turtle", "turtle", "TURTLE",
              published=True, suffixes=(".turtle",), file_type="RDF_TURTLE",
              w3c_name="Turtle"),
    RdfFormat("nt", ".nt", "application/n-triples", "N-Triples", "nt", "N_TRIPLES",
              published=True, file_type="RDF_N_TRIPLES",
              w3c_name="N-Triples"),
    RdfFormat("rdf", ".rdf", "application/rdf+xml", "RDF/XML", "xml", "RDF_XML",
              published=True, suffixes=(".xml", ".owl"), file_type="RDF_XML",
              w3c_name="RDF_XML"),
    RdfFormat("jsonld", ".jsonld", "application/ld+json", "JSON-LD", "json-ld",
              "JSON_LD", published=True, suffixes=(".json",), file_type="JSON_LD",
              w3c_name="JSON-LD"),
    RdfFormat("n3", ".n3", "text/n3", "N3", "n3", None),
    RdfFormat("trig", ".trig", "application/trig", "TriG", "trig", "TRIG"),
    RdfFormat("nq", ".nq", "application/n-quads", "N-Quads", "nquads", "N_QUADS"),
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


# The forms `query` writes a SELECT or ASK result in, and the media types of those the SPARQL
# endpoint offers.
SOLUTION_FORMATS = ("table", "csv", "tsv", "json", "xml")
SOLUTION_MEDIA_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
# The forms it writes a CONSTRUCT or DESCRIBE result in: the dumps'.
GRAPH_FORMATS = tuple(rdf.name for rdf in DUMP_FORMATS)
GRAPH_MEDIA_TYPES = {rdf.name: rdf.media_type for rdf in DUMP_FORMATS}


def is_text(media_type: str) -> bool:
    """Whether files of *media_type* are UTF-8 text whose charset is worth stating."""
    return media_type.startswith("text/") or media_type in (
        "application/n-triples",
        "application/ld+json",
        "application/sparql-results+json",
    )


def with_charset(media_type: str) -> str:
    """Return *media_type* with ``charset=utf-8``, for the text types."""
    return f"{media_type}; charset=utf-8" if is_text(media_type) else media_type
