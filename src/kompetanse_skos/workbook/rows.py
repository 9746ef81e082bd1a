"""Turn a vocabulary into the workbook's rows: the statements a spreadsheet can carry exactly.

A statement is carried when a cell can hold it and give it back unchanged: a text with a
language (or none) and no line break, a reference to a named resource, a notation, a version,
a deprecation flag. Anything else (dates, typed values, blank nodes, a text with a line
break, a cell beyond Excel's 32,767 characters) is left out of the workbook, and import keeps
it as it was.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from kompetanse_skos.rdf.terms import XSD_STRING
from kompetanse_skos.vocabulary.base import derive_base
from kompetanse_skos.vocabulary.load import Vocabulary
from kompetanse_skos.vocabulary.model import model_of
from kompetanse_skos.workbook.layout import (
    AFTER,
    BEFORE,
    CELL_LIMIT,
    COLLECTIONS_SHEET,
    CONCEPTS_SHEET,
    DEPRECATED,
    FIXED_SHEETS,
    INVERSES,
    LANGUAGES_COLUMN,
    NO_SCHEME_SHEET,
    PLAIN,
    RDF_TYPE,
    REFERENCES,
    SCHEMES_SHEET,
    SHEET,
    SHEET_NAME_LIMIT,
    TEXT_KINDS,
    TYPES,
    XSD_BOOLEAN,
    Inverses,
    Naming,
    Row,
    parse_text_column,
    sorted_languages,
    text_column,
    values_text,
)

_BY_PREDICATE = {predicate: kind for kind, predicate in TEXT_KINDS.items()}
_REFERENCE_BY_PREDICATE = {predicate: column for column, predicate in REFERENCES.items()}
_PLAIN_BY_PREDICATE = {predicate: column for column, predicate in PLAIN.items()}


@dataclass
class Sheets:
    """A vocabulary as the workbook's rows, sheet by sheet."""

    naming: Naming
    inverses: Inverses
    # Scheme rows, in sheet order (the main scheme first).
    schemes: list[Row] = field(default_factory=list)
    # Concept sheets by name, in order, each with its rows in hierarchy order.
    concepts: dict[str, list[Row]] = field(default_factory=dict)
    collections: list[Row] = field(default_factory=list)
    # The languages each concept sheet declares (its scheme's).
    languages: dict[str, list[str]] = field(default_factory=dict)

    def rows(self) -> list[Row]:
        """Return every row."""
        return [
            *self.schemes,
            *(r for rows in self.concepts.values() for r in rows),
            *self.collections,
        ]


def vocabulary_sheets(vocabulary: Vocabulary) -> Sheets:
    """Return the rows of every scheme, concept and collection of *vocabulary*."""
    by_subject: dict[str, list[ox.Triple]] = defaultdict(list)
    typed: dict[str, set[str]] = defaultdict(set)
    predicates: set[str] = set()
    for triple in vocabulary.triples():
        predicates.add(triple.predicate.value)
        if type(triple.subject) is not ox.NamedNode:
            continue
        by_subject[triple.subject.value].append(triple)
        if triple.predicate == RDF_TYPE and type(triple.object) is ox.NamedNode:
            typed[triple.object.value].add(triple.subject.value)
    kinds = {kind: sorted(typed[node.value]) for kind, node in TYPES.items()}
    naming = Naming(derive_base([*kinds["scheme"], *kinds["concept"]]))
    inverses = Inverses(frozenset(p for p in INVERSES.values() if p in predicates))
    sheets = Sheets(naming, inverses)

    main = model_of(vocabulary).main
    schemes = sorted(kinds["scheme"], key=lambda uri: (main is None or uri != main.uri, uri))
    sheet_of: dict[str, str] = {}
    for uri in schemes:
        row = _row("scheme", uri, by_subject[uri], naming)
        name = _sheet_name(naming.identifier(uri), uri == (main.uri if main else None), sheet_of)
        sheet_of[uri] = name
        row.values[SHEET] = [name]
        sheets.schemes.append(row)
        sheets.concepts[name] = []
    for uri in kinds["concept"]:
        in_schemes = [
            str(s.object.value)
            for s in by_subject[uri]
            if s.predicate.value == REFERENCES["inScheme"] and type(s.object) is ox.NamedNode
        ]
        own = next((s for s in schemes if s in in_schemes), None)
        sheet = sheet_of[own] if own else NO_SCHEME_SHEET
        row = _row("concept", uri, by_subject[uri], naming, own)
        row.sheet = sheet
        sheets.concepts.setdefault(sheet, []).append(row)
    sheets.collections = [
        _row("collection", uri, by_subject[uri], naming) for uri in kinds["collection"]
    ]
    for row in sheets.collections:
        row.sheet = COLLECTIONS_SHEET

    all_languages = _languages(sheets.rows())
    for scheme in sheets.schemes:
        name = scheme.values[SHEET][0]
        used = _languages([scheme, *sheets.concepts[name]])
        sheets.languages[name] = sorted_languages(used or all_languages)
        scheme.values[LANGUAGES_COLUMN] = sheets.languages[name]
    if NO_SCHEME_SHEET in sheets.concepts:
        sheets.languages[NO_SCHEME_SHEET] = sorted_languages(all_languages)
    for name, rows in sheets.concepts.items():
        sheets.concepts[name] = _hierarchy_order(rows, naming)
        for number, row in enumerate(sheets.concepts[name], start=2):
            row.sheet, row.number = name, number
    for number, row in enumerate(sheets.schemes, start=2):
        row.sheet, row.number = SCHEMES_SHEET, number
    for number, row in enumerate(sheets.collections, start=2):
        row.number = number
    return sheets


def _row(
    kind: str, uri: str, triples: list[ox.Triple], naming: Naming, scheme: str | None = None
) -> Row:
    """Return the row of one resource, holding the statements a cell can carry exactly."""
    allowed = {*BEFORE[kind], *AFTER[kind]}
    values: dict[str, list[str]] = defaultdict(list)
    for triple in triples:
        column, value = _cell_value(triple, naming, scheme)
        if (
            column is not None
            and value is not None
            and (parse_text_column(column) is not None or column in allowed)
        ):
            values[column].append(value)
    kept = {}
    for column, found in values.items():
        ordered = sorted(set(found))
        if len(values_text(ordered)) <= CELL_LIMIT:
            kept[column] = ordered
    return Row(kind, uri, kept, scheme=scheme)


def _cell_value(
    triple: ox.Triple, naming: Naming, scheme: str | None
) -> tuple[str | None, str | None]:
    """Return the column and cell value of a statement, or Nones if no cell can carry it."""
    predicate, value = triple.predicate.value, triple.object
    if isinstance(value, ox.Literal):
        if not value.value or "\n" in value.value or "\r" in value.value:
            return None, None
        kind = _BY_PREDICATE.get(predicate)
        if kind is not None and (value.language or value.datatype.value == XSD_STRING):
            return text_column(kind, value.language or ""), value.value
        if predicate in _PLAIN_BY_PREDICATE and value.datatype.value == XSD_STRING:
            return _PLAIN_BY_PREDICATE[predicate], value.value
        boolean = predicate == DEPRECATED[1] and value.datatype == XSD_BOOLEAN
        if boolean and value.value in ("true", "false"):
            return DEPRECATED[0], value.value
        return None, None
    if type(value) is not ox.NamedNode:
        return None, None
    column = _REFERENCE_BY_PREDICATE.get(predicate)
    if column is None or (column == "inScheme" and value.value == scheme):
        return None, None
    if column == "status":
        return column, naming.status(value.value)
    return column, naming.identifier(value.value)


def _languages(rows: Iterable[Row]) -> set[str]:
    found = set()
    for row in rows:
        for column in row.values:
            text = parse_text_column(column)
            if text is not None and text[1]:
                found.add(text[1])
    return found


def _sheet_name(identifier: str, main: bool, taken: dict[str, str]) -> str:
    """Return a concept sheet's name: "Begreper" for the main scheme, else its identifier."""
    if main:
        return CONCEPTS_SHEET
    name = re.sub(r"[\[\]:*?/\\']", "-", identifier)[:SHEET_NAME_LIMIT].strip() or "Begreper"
    used = {*taken.values(), *FIXED_SHEETS, CONCEPTS_SHEET, NO_SCHEME_SHEET}
    candidate, number = name, 2
    while candidate in used:
        suffix = f" {number}"
        candidate = name[: SHEET_NAME_LIMIT - len(suffix)] + suffix
        number += 1
    return candidate


def _natural(text: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key that puts "2.10" after "2.9"."""
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part) for part in re.split(r"(\d+)", text)
    )


def _hierarchy_order(rows: list[Row], naming: Naming) -> list[Row]:
    """Return *rows* depth first down the hierarchy, siblings by notation, then label."""
    by_uri = {row.uri: row for row in rows}
    children: dict[str | None, list[Row]] = defaultdict(list)
    for row in rows:
        parents = [naming.uri(v) for v in row.values.get("broader", [])]
        inside = [p for p in parents if p in by_uri]
        children[inside[0] if inside else None].append(row)

    def key(row: Row) -> tuple[object, ...]:
        notation = (row.values.get("notation") or [""])[0]
        labels = [v for c, vs in row.values.items() if c.startswith("prefLabel") for v in vs]
        return (notation == "", _natural(notation), labels[:1], row.uri)

    ordered: list[Row] = []
    seen: set[str] = set()
    stack = sorted(children[None], key=key, reverse=True)
    while stack:
        row = stack.pop()
        if row.uri in seen:
            continue
        seen.add(row.uri)
        ordered.append(row)
        stack.extend(sorted(children[row.uri], key=key, reverse=True))
    ordered += sorted((row for row in rows if row.uri not in seen), key=key)
    return ordered
