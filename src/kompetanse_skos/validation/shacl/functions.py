"""Tests in Python that the fast engine's queries call as SPARQL functions, as pySHACL judges.

Some constraints cannot be said in SPARQL the way pySHACL reads them: ``sh:pattern`` is
Python's ``re.search``, ``sh:datatype`` follows rdflib's idea of an ill-typed literal,
``sh:lessThan`` compares Python values. Each function returns such a test, for the engine
to register as a custom function of its queries.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.term import Node

from kompetanse_skos.rdf.namespaces import XSD
from kompetanse_skos.rdf.terms import OxTerm, to_rdflib


def pattern_test(pattern: Node, flags: Node | None) -> Callable[[OxTerm], bool]:
    """Return sh:pattern as pySHACL applies it: Python's re.search on the node's text."""
    options = 0
    if isinstance(flags, Literal):
        text = str(flags.value).lower()
        options |= re.I if "i" in text else 0
        options |= re.M if "m" in text else 0
    source = str(pattern.value) if isinstance(pattern, Literal) and pattern.value else str(pattern)
    regex = re.compile(source, options)

    def test(term: OxTerm) -> bool:
        # pySHACL matches an IRI, a string's value or a literal's (rdflib-normalised) text.
        if isinstance(term, ox.NamedNode):
            text = term.value
        elif isinstance(term, ox.Literal):
            plain = term.language or term.datatype.value == str(XSD.string)
            text = term.value if plain else str(to_rdflib(term))
        else:
            return False
        return regex.search(text) is not None

    return test


def well_typed(datatype: URIRef) -> Callable[[OxTerm], bool]:
    """Return pySHACL's test of a literal of *datatype*: not ill-typed, right Python value."""
    kinds: dict[URIRef, type | tuple[type, ...]] = {
        XSD.integer: int,
        XSD.float: float,
        XSD.boolean: bool,
        XSD.time: time,
        XSD.dateTime: datetime,
        XSD.date: date,
        XSD.decimal: Decimal,
    }

    def test(term: OxTerm) -> bool:
        node = to_rdflib(term)
        if not isinstance(node, Literal) or node.ill_typed is True:
            return False
        kind = kinds.get(URIRef(datatype))
        return kind is None or isinstance(node.value, kind)

    return test


def less_than(strict: bool) -> Callable[[OxTerm, OxTerm], bool]:
    """Return pySHACL's comparison for sh:lessThan (strict) or sh:lessThanOrEquals."""

    def comparable(node: Node) -> tuple[bool, Any]:
        # Blank nodes never get here: other_results hands them to pySHACL, which fails.
        if isinstance(node, URIRef):
            return True, str(node)
        if isinstance(node, Literal) and isinstance(node.value, str):
            return True, node.value
        return False, node

    def test(left: OxTerm, right: OxTerm) -> bool:
        left_is_text, a = comparable(to_rdflib(left))
        right_is_text, b = comparable(to_rdflib(right))
        if left_is_text != right_is_text:
            return False
        try:
            return bool(a < b) if strict else bool(a <= b)
        except TypeError:
            return False

    return test
