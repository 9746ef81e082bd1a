"""The workbook's layout: its sheets, its columns, and the triples a row stands for.

Export and import share this module, so that what a cell means is written down once. A row is
a plain mapping from column to the cell's values (one value a line in the cell); ``row_triples``
turns a row into the triples it stands for, and is the one definition of what the workbook
*carries*: import replaces exactly those triples of the vocabulary, and keeps every other.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

import pyoxigraph as ox

from kompetanse_skos.rdf.languages import LANGUAGES

SKOS = "http://www.w3.org/2004/02/skos/core#"
DCT = "http://purl.org/dc/terms/"
OWL = "http://www.w3.org/2002/07/owl#"
EUVOC = "http://publications.europa.eu/ontology/euvoc#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
XSD_BOOLEAN = ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")
CONCEPT = ox.NamedNode(SKOS + "Concept")
SCHEME = ox.NamedNode(SKOS + "ConceptScheme")
COLLECTION = ox.NamedNode(SKOS + "Collection")
STATUS_BASE = "http://publications.europa.eu/resource/authority/concept-status/"
# The EU concept-status codes, offered as the status column's list: the ones the kompetanse
# profile accepts (shapes/kompetanse.ttl; a test keeps the two the same), the usual two first.
STATUSES = (
    "CURRENT",
    "DRAFT",
    "CANDIDATE",
    "CANDIDATE_DEPRECATED",
    "DEPRECATED",
    "DRAFT_DEPRECATED",
    "PLANNED",
    "RETIRED",
    "REVISED",
    "REVISED_DEPRECATED",
    "WAITING",
    "WAITING_DEPRECATED",
)

# Sheet names. A concept scheme's concepts are on a sheet of their own: the main scheme's is
# "Begreper"; another's is named after its identifier.
README_SHEET = "Lesmeg"
SCHEMES_SHEET = "Begrepssystemer"
COLLECTIONS_SHEET = "Samlinger"
SETTINGS_SHEET = "Oppsett"
CONCEPTS_SHEET = "Begreper"
NO_SCHEME_SHEET = "Uten begrepssystem"
FIXED_SHEETS = (README_SHEET, SCHEMES_SHEET, COLLECTIONS_SHEET, SETTINGS_SHEET)
# Excel's limits: 31 characters in a sheet name, 32,767 in a cell.
SHEET_NAME_LIMIT = 31
CELL_LIMIT = 32_767
# Several values in one cell: one value a line.
SEPARATOR = "\n"

# Columns that are not a text in a language.
IDENTIFIER = "identifier"
SHEET = "sheet"
LANGUAGES_COLUMN = "languages"

# Text columns, "kind@language" (or "kind" for a text without language): kind -> predicate.
TEXT_KINDS = {
    "prefLabel": SKOS + "prefLabel",
    "altLabel": SKOS + "altLabel",
    "hiddenLabel": SKOS + "hiddenLabel",
    "title": DCT + "title",
    "description": DCT + "description",
    "definition": SKOS + "definition",
    "scopeNote": SKOS + "scopeNote",
    "note": SKOS + "note",
    "example": SKOS + "example",
    "historyNote": SKOS + "historyNote",
    "changeNote": SKOS + "changeNote",
    "editorialNote": SKOS + "editorialNote",
}
# The text kinds a sheet always has a column for, in each declared language.
ALWAYS = {
    "concept": ("prefLabel", "altLabel", "definition", "scopeNote", "editorialNote"),
    "scheme": ("title", "description"),
    "collection": ("prefLabel",),
}

# Columns of references (identifiers or full URIs) and plain values: column -> predicate.
REFERENCES = {
    "broader": SKOS + "broader",
    "topConceptOf": SKOS + "topConceptOf",
    "inScheme": SKOS + "inScheme",
    "related": SKOS + "related",
    "exactMatch": SKOS + "exactMatch",
    "closeMatch": SKOS + "closeMatch",
    "broadMatch": SKOS + "broadMatch",
    "narrowMatch": SKOS + "narrowMatch",
    "relatedMatch": SKOS + "relatedMatch",
    "replaced-by": DCT + "isReplacedBy",
    "member": SKOS + "member",
    "status": EUVOC + "status",
}
PLAIN = {"notation": SKOS + "notation", "version": OWL + "versionInfo"}
DEPRECATED = ("deprecated", OWL + "deprecated")
# Inverse statements a row implies: (x narrower c) for (c broader x), and so on. They are
# carried only for a vocabulary that states them (or a new one).
INVERSES = {SKOS + "broader": SKOS + "narrower", SKOS + "topConceptOf": SKOS + "hasTopConcept"}

# Each sheet's columns before and after its texts; texts come in TEXT_KINDS order.
BEFORE = {
    "concept": (IDENTIFIER, "notation", "broader"),
    "scheme": (IDENTIFIER, SHEET, LANGUAGES_COLUMN),
    "collection": (IDENTIFIER,),
}
AFTER = {
    "concept": (
        "status",
        "topConceptOf",
        "inScheme",
        "related",
        "exactMatch",
        "closeMatch",
        "broadMatch",
        "narrowMatch",
        "relatedMatch",
        "deprecated",
        "replaced-by",
    ),
    "scheme": ("version",),
    "collection": ("member",),
}
TYPES = {"concept": CONCEPT, "scheme": SCHEME, "collection": COLLECTION}

# An identifier: path segments of letters, digits and "-._~" (an IRI's unreserved characters:
# LOS writes "ord/hørselshjelpemidler"), not "." or "..": no space, "?", "#", "%" or "/" at an end.
_SAFE_IDENTIFIER = re.compile(r"[\w~-][\w.~-]*(/[\w~-][\w.~-]*)*")
_ABSOLUTE = re.compile(r"(https?://|urn:)\S+$")


def text_column(kind: str, language: str) -> str:
    """Return the header of a text column: ``definition@nn``, or ``note`` with no language."""
    return f"{kind}@{language}" if language else kind


def parse_text_column(header: str) -> tuple[str, str] | None:
    """Return the kind and language of a text column's header, or None if it is not one."""
    kind, _, language = header.partition("@")
    if kind in TEXT_KINDS and (
        not language or re.fullmatch(r"[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*", language)
    ):
        return kind, language
    return None


def sorted_languages(languages: Iterable[str]) -> list[str]:
    """Return language tags with ours first (nb, nn, en), then the others by name."""
    order = {tag: n for n, tag in enumerate(LANGUAGES)}
    return sorted(set(languages), key=lambda tag: (order.get(tag, len(order)), tag))


def is_safe_identifier(identifier: str) -> bool:
    """Whether *identifier* can stand as the last part of a URI without escaping."""
    return bool(_SAFE_IDENTIFIER.fullmatch(identifier)) and not any(
        part in (".", "..") for part in identifier.split("/")
    )


def is_absolute(text: str) -> bool:
    """Whether *text* is a full URI (http, https or urn) rather than an identifier."""
    return bool(_ABSOLUTE.match(text))


@dataclass(frozen=True)
class Naming:
    """Turn URIs into identifiers under the vocabulary's base URI, and back."""

    base: str | None

    def identifier(self, uri: str) -> str:
        """Return *uri* without the base, or whole when it is not under the base."""
        if self.base and uri.startswith(self.base) and len(uri) > len(self.base):
            rest = uri[len(self.base) :]
            if not is_absolute(rest):
                return rest
        return uri

    def uri(self, identifier: str) -> str:
        """Return the URI an identifier (or a full URI) stands for."""
        if is_absolute(identifier) or not self.base:
            return identifier
        return self.base + identifier

    def status(self, uri: str) -> str:
        """Return a status URI as its EU code where it has one."""
        code = uri[len(STATUS_BASE) :] if uri.startswith(STATUS_BASE) else ""
        return code if code and "/" not in code else uri

    def status_uri(self, value: str) -> str:
        """Return the URI of a status code (or full URI)."""
        return value if is_absolute(value) else STATUS_BASE + value


@dataclass
class Row:
    """One row of a sheet: a resource and the values of its cells (column -> values)."""

    kind: str  # concept, scheme or collection
    uri: str
    values: dict[str, list[str]] = field(default_factory=dict)
    # Where the row is: sheet name and row number (1 is the header).
    sheet: str = ""
    number: int = 0
    # The scheme of a concept's sheet (its skos:inScheme), if any.
    scheme: str | None = None
    # Read from a workbook: the cell of each column (column -> "C12").
    cells: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Inverses:
    """Which inverse statements the vocabulary states (see INVERSES)."""

    stated: frozenset[str]


def row_triples(row: Row, naming: Naming, inverses: Inverses) -> Iterator[ox.Triple]:
    """Yield the triples *row* stands for: what the workbook carries of its resource."""
    subject = ox.NamedNode(row.uri)
    yield ox.Triple(subject, RDF_TYPE, TYPES[row.kind])
    if row.scheme:
        yield ox.Triple(subject, ox.NamedNode(REFERENCES["inScheme"]), ox.NamedNode(row.scheme))
    for column, values in row.values.items():
        yield from _column_triples(subject, column, values, naming, inverses)


def _column_triples(
    subject: ox.NamedNode, column: str, values: list[str], naming: Naming, inverses: Inverses
) -> Iterator[ox.Triple]:
    text = parse_text_column(column)
    if text is not None:
        kind, language = text
        predicate = ox.NamedNode(TEXT_KINDS[kind])
        for value in values:
            yield ox.Triple(subject, predicate, ox.Literal(value, language=language or None))
    elif column in PLAIN:
        for value in values:
            yield ox.Triple(subject, ox.NamedNode(PLAIN[column]), ox.Literal(value))
    elif column == DEPRECATED[0]:
        for value in values:
            yield ox.Triple(
                subject, ox.NamedNode(DEPRECATED[1]), ox.Literal(value, datatype=XSD_BOOLEAN)
            )
    elif column in REFERENCES:
        link = REFERENCES[column]
        for value in values:
            uri = naming.status_uri(value) if column == "status" else naming.uri(value)
            target = ox.NamedNode(uri)
            yield ox.Triple(subject, ox.NamedNode(link), target)
            inverse = INVERSES.get(link)
            if inverse in inverses.stated:
                yield ox.Triple(target, ox.NamedNode(inverse), subject)


def rows_triples(rows: Iterable[Row], naming: Naming, inverses: Inverses) -> set[ox.Triple]:
    """Return every triple the *rows* stand for."""
    return {triple for row in rows for triple in row_triples(row, naming, inverses)}


def columns_of(kind: str, rows: Iterable[Row], languages: Iterable[str]) -> list[str]:
    """Return a sheet's columns: the fixed ones, and a text column per kind and language used.

    The kinds a sheet always has get a column in every declared language, used or not.
    """
    used = {column for row in rows for column in row.values}
    texts = {parse_text_column(column) for column in used} - {None}
    declared = sorted_languages(languages)
    for always in ALWAYS[kind]:
        texts.update((always, language) for language in declared)
    order = list(TEXT_KINDS)
    ordered_texts = sorted(
        (text for text in texts if text is not None),
        key=lambda t: (order.index(t[0]), sorted_languages([t[1], *declared]).index(t[1])),
    )
    after = [c for c in AFTER[kind] if c in used or kind == "concept" or c == "member"]
    return [*BEFORE[kind], *(text_column(k, lang) for k, lang in ordered_texts), *after]


def quoted_sheet(name: str) -> str:
    """Return a sheet name as a cell reference writes it: quoted unless it is one plain word."""
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
        return name
    return "'" + name.replace("'", "''") + "'"


def cell_name(sheet: str, cell: str) -> str:
    """Return a cell's reference: ``Begreper!C12``."""
    return f"{quoted_sheet(sheet)}!{cell}"


def values_text(values: Iterable[str]) -> str:
    """Return the values of one cell as its text."""
    return SEPARATOR.join(values)


def mapping_of(rows: Iterable[Row]) -> Mapping[str, Row]:
    """Return the rows by their resource's URI."""
    return {row.uri: row for row in rows}
