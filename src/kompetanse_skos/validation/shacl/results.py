"""Turn what the fast engine finds into results as pySHACL reports them, messages and all."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from kompetanse_skos.rdf.namespaces import SH
from kompetanse_skos.rdf.terms import OxTerm, to_rdflib


@dataclass(frozen=True)
class ShapeResult:
    """One validation result, in the terms of pySHACL's results graph."""

    source_shape: Node
    focus: Node
    value: Node | None
    path: Node | None
    message: Literal | None
    severity: URIRef


@dataclass
class RawResult:
    """A result as the engine finds it: pyoxigraph terms, and no message yet."""

    shape: Node
    focus: OxTerm
    value: OxTerm | None
    path: Node | None
    bindings: dict[str, OxTerm] | None = None
    constraint: Node | None = None


def pick_message(messages: Iterable[Literal]) -> Literal | None:
    """Return the message a reader gets: the first without language or in English, else any."""
    ordered = sorted(messages)
    for message in ordered:
        if message.language in (None, "en"):
            return message
    return ordered[0] if ordered else None


@dataclass
class Results:
    """Makes the results of one validation run, converting each term and message once."""

    shapes: Graph
    terms: dict[OxTerm, Node] = field(default_factory=dict)
    messages: dict[Node, Literal | None] = field(default_factory=dict)
    descriptions: dict[tuple[Node, Node | None], tuple[list[Literal], URIRef]] = field(
        default_factory=dict
    )

    def result(self, raw: RawResult) -> ShapeResult:
        """Return the rdflib form of a result, with the message pySHACL would give."""
        texts, severity = self.describe(raw.shape, raw.constraint)
        if raw.bindings is not None:
            message = pick_message(Literal(_fill(str(m), raw.bindings)) for m in texts)
        else:
            message = self.messages.get(raw.shape) or pick_message(texts)
            self.messages[raw.shape] = message
        return ShapeResult(
            source_shape=raw.shape,
            focus=self.rdflib_term(raw.focus),
            value=self.rdflib_term(raw.value) if raw.value is not None else None,
            path=raw.path,
            message=message,
            severity=severity,
        )

    def rdflib_term(self, term: OxTerm) -> Node:
        """Return the rdflib form of a term, converting each term once."""
        found = self.terms.get(term)
        if found is None:
            found = self.terms[term] = to_rdflib(term)
        return found

    def describe(self, shape: Node, constraint: Node | None) -> tuple[list[Literal], URIRef]:
        """Return the messages and severity of the results of *shape* (and *constraint*)."""
        key = (shape, constraint)
        if key not in self.descriptions:
            messages = list(self.shapes.objects(shape, SH.message))
            if constraint is not None:
                messages += [
                    m for m in self.shapes.objects(constraint, SH.message) if m not in messages
                ]
            severity = self.shapes.value(shape, SH.severity)
            self.descriptions[key] = (
                [m for m in messages if isinstance(m, Literal)],
                severity if isinstance(severity, URIRef) else SH.Violation,
            )
        return self.descriptions[key]


def _fill(message: str, bindings: dict[str, OxTerm]) -> str:
    """Fill {?name} and {$name} in a message as pySHACL does."""
    for name, term in bindings.items():
        message = re.sub(f"{{[?$]{name}}}", str(to_rdflib(term)), message)
    return message
