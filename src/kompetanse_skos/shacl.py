"""Run SHACL shapes as SPARQL queries on a pyoxigraph store, with pySHACL as reference.

pySHACL validates one focus node at a time in Python, which takes minutes on a vocabulary
of tens of thousands of concepts. :func:`run_shapes` gives the same results by compiling each
shape into a few SPARQL queries that ask, for all focus nodes at once, only for what is
wrong, and evaluating them on pyoxigraph. :func:`pyshacl_results` runs pySHACL the way this
project always has, as the reference the fast path is tested against.

What the fast path implements, with pySHACL's own reading of each feature:

- targets: ``sh:targetClass`` (with ``rdfs:subClassOf*``), ``sh:targetNode``,
  ``sh:targetSubjectsOf``, ``sh:targetObjectsOf``; ``sh:deactivated``;
- paths: predicate, ``sh:inversePath``, ``sh:alternativePath``, sequence,
  ``sh:zeroOrMorePath``, ``sh:oneOrMorePath``, ``sh:zeroOrOnePath``;
- value constraints: ``sh:class``, ``sh:datatype`` (ill-typed literals fail, as rdflib
  judges them), ``sh:nodeKind``, ``sh:pattern`` with ``sh:flags`` (Python's ``re.search``, as
  pySHACL), ``sh:languageIn``, ``sh:in``, ``sh:hasValue``;
- cardinality and pairs: ``sh:minCount``, ``sh:maxCount``, ``sh:uniqueLang``,
  ``sh:equals``, ``sh:disjoint``, ``sh:lessThan``, ``sh:lessThanOrEquals``;
- shapes in shapes: ``sh:property``, ``sh:node``, ``sh:not``, ``sh:and``, ``sh:or``,
  ``sh:xone``, ``sh:qualifiedValueShape`` with ``sh:qualifiedMinCount`` and
  ``sh:qualifiedMaxCount``;
- SHACL-SPARQL: ``sh:sparql`` SELECT constraints with ``sh:prefixes``/``sh:declare``,
  ``$PATH``, ``sh:message`` templates and ``sh:deactivated``. A shape whose targets are
  only ``sh:targetNode`` runs its query once per target node with ``$this`` substituted
  (SEP-0007 pre-binding). Any other shape runs the query once for all focus nodes, joined
  with them; that is only done when the query's algebra shows the join means the same as
  pre-binding ``$this`` (``$this`` projected and bound by the query's own triple patterns
  wherever a filter, BIND or sub-select uses it).

A shape that uses anything else (``sh:closed``, ``sh:minLength``, value ranges,
``sh:qualifiedValueShapesDisjoint``, SPARQL-based targets, implicit class targets, a query
the join cannot express, ...) is not guessed at: :func:`run_shapes` hands exactly those
shapes to pySHACL, on an rdflib copy of the data, so that the results are always pySHACL's.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from functools import lru_cache
from itertools import count
from typing import Any

import pyoxigraph as ox
import pyshacl
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.plugins.sparql.processor import SPARQLProcessor, prepareQuery
from rdflib.plugins.sparql.sparql import Query
from rdflib.term import Node, Variable

from kompetanse_skos.namespaces import OWL, RDF, RDFS, SH, XSD
from kompetanse_skos.terms import OxTerm, quiet_literals, rdflib_graph, to_rdflib

_SH = str(SH._NS)
TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
_FUNCTION = "urn:kompetanse-skos:shacl:function:"
# Shape predicates that describe a shape or parameterise another constraint: no check.
_NOT_CONSTRAINTS = frozenset(
    {
        SH.message,
        SH.severity,
        SH.deactivated,
        SH.name,
        SH.description,
        SH.order,
        SH.group,
        SH.defaultValue,
        SH.path,
        SH.flags,
        SH.qualifiedMinCount,
        SH.qualifiedMaxCount,
        SH.declare,
        SH.prefixes,
        *TARGETS,
    }
)
# Constraints on each value node alone: a node conforms or not, whatever the others are.
_VALUE_CONSTRAINTS = frozenset(
    {
        SH["class"],
        SH.datatype,
        SH.nodeKind,
        SH.pattern,
        SH.languageIn,
        SH["in"],
        SH.node,
        SH["not"],
        SH["and"],
        SH["or"],
        SH.xone,
    }
)
_NODE_KINDS: dict[Node, str] = {
    SH.IRI: "isIRI({v})",
    SH.BlankNode: "isBlank({v})",
    SH.Literal: "isLiteral({v})",
    SH.BlankNodeOrIRI: "(isIRI({v}) || isBlank({v}))",
    SH.BlankNodeOrLiteral: "(isBlank({v}) || isLiteral({v}))",
    SH.IRIOrLiteral: "(isIRI({v}) || isLiteral({v}))",
}
_PATH_OPERATORS = {SH.zeroOrMorePath: "*", SH.oneOrMorePath: "+", SH.zeroOrOnePath: "?"}
_THIS = Variable("this")
_TRUE = ox.Literal("true", datatype=ox.NamedNode(str(XSD.boolean)))
_FALSE = ox.Literal("false", datatype=ox.NamedNode(str(XSD.boolean)))
# pySHACL's test for a variable that a SPARQL constraint mentions (and so gets pre-bound).
_MENTIONS_THIS = re.compile(r"([\s{}()])[\$\?]this", flags=re.M)
_MENTIONS_PATH = re.compile(r"([\s{}()])[\$\?]PATH", flags=re.M)
_MENTIONS_OTHER = re.compile(r"[\$\?](failure|shapesGraph|currentShape)\b")


@dataclass(frozen=True)
class ShapeResult:
    """One validation result, in the terms of pySHACL's results graph."""

    source_shape: Node
    focus: Node
    value: Node | None
    path: Node | None
    message: Literal | None
    severity: URIRef


class Unsupported(Exception):
    """A feature of the shapes graph that the fast path does not implement."""


def run_shapes(store: ox.Store, graphs: Sequence[ox.NamedNode], shapes: Graph) -> list[ShapeResult]:
    """Validate the merge of the named *graphs* in *store* against *shapes*.

    Every shape with a target is compiled into SPARQL queries over all its focus nodes at
    once. Shapes that use a feature the compiler does not implement (see the module's
    docstring) are validated by pySHACL instead, on an rdflib copy of the data, so that
    the results are always those pySHACL would give.
    """
    engine = _Engine(store, list(graphs), shapes)
    results: list[ShapeResult] = []
    unsupported: list[Node] = []
    with quiet_literals():
        for shape in _top_level_shapes(shapes):
            try:
                results += engine.validate_top_level(shape)
            except Unsupported:
                unsupported.append(shape)
    if unsupported:
        data = rdflib_graph(
            quad for graph in graphs for quad in store.quads_for_pattern(None, None, None, graph)
        )
        results += pyshacl_results(data, _only(shapes, unsupported))
    return results


def pyshacl_results(data: Graph, shapes: Graph) -> list[ShapeResult]:
    """Validate *data* against *shapes* with pySHACL and return its top-level results."""
    with sparql_parsed_once():
        _, report, _ = pyshacl.validate(
            data, shacl_graph=shapes, inference="none", advanced=False, allow_warnings=True
        )
    results = []
    # Only top-level results: those nested under sh:detail explain a result, they are not one.
    for result in report.objects(None, SH.result):
        severity = report.value(result, SH.resultSeverity)
        source = report.value(result, SH.sourceShape)
        focus = report.value(result, SH.focusNode)
        if source is None or focus is None:
            continue
        messages = [m for m in report.objects(result, SH.resultMessage) if isinstance(m, Literal)]
        results.append(
            ShapeResult(
                source_shape=source,
                focus=focus,
                value=report.value(result, SH.value),
                path=report.value(result, SH.resultPath),
                message=pick_message(messages),
                severity=severity if isinstance(severity, URIRef) else SH.Violation,
            )
        )
    return results


def pick_message(messages: Iterable[Literal]) -> Literal | None:
    """Return the message a reader gets: the first without language or in English, else any."""
    ordered = sorted(messages)
    for message in ordered:
        if message.language in (None, "en"):
            return message
    return ordered[0] if ordered else None


@contextmanager
def sparql_parsed_once() -> Iterator[None]:
    """Parse each SPARQL constraint once per run, not once per focus node.

    pyshacl hands rdflib the text of a SPARQL constraint for every focus node, and rdflib
    parses it every time: nine tenths of the validation time of a small vocabulary. The
    results are the same; only the parsing is shared.
    """
    original = SPARQLProcessor.query
    parsed: dict[tuple[str, str | None, frozenset[tuple[str, Any]]], Query] = {}

    def query(
        self: SPARQLProcessor,
        text: str | Query,
        initBindings: Any = None,
        initNs: Any = None,
        base: str | None = None,
        DEBUG: bool = False,
    ) -> Any:
        if isinstance(text, str):
            key = (text, base, frozenset(dict(initNs or {}).items()))
            if key not in parsed:
                parsed[key] = prepareQuery(text, initNs=dict(initNs or {}), base=base)
            text = parsed[key]
        return original(self, text, initBindings, initNs, base, DEBUG)

    SPARQLProcessor.query = query  # type: ignore[method-assign,assignment]
    try:
        yield
    finally:
        SPARQLProcessor.query = original  # type: ignore[method-assign]


def _top_level_shapes(shapes: Graph) -> list[Node]:
    """Return the shapes pySHACL validates on their own: those with a target."""
    found = {shape for target in (*TARGETS, SH.target) for shape in shapes.subjects(target, None)}
    found |= _implicit_class_shapes(shapes)
    return sorted(found, key=lambda node: (isinstance(node, BNode), str(node)))


def _implicit_class_shapes(shapes: Graph) -> set[Node]:
    """Return the shapes that are also classes, and so target their own instances."""
    classes = {RDFS.Class, OWL.Class, *shapes.transitive_subjects(RDFS.subClassOf, RDFS.Class)}
    return {
        shape
        for shape_type in (SH.NodeShape, SH.PropertyShape)
        for shape in shapes.subjects(RDF.type, shape_type)
        if any(t in classes for t in shapes.objects(shape, RDF.type))
    }


def _only(shapes: Graph, keep: Sequence[Node]) -> Graph:
    """Return *shapes* with the targets of every top-level shape but *keep* removed."""
    kept = set(keep)
    copy = Graph()
    for prefix, namespace in shapes.namespaces():
        copy.bind(prefix, namespace)
    for triple in shapes:
        subject, predicate, _ = triple
        if predicate in (*TARGETS, SH.target) and subject not in kept:
            continue
        copy.add(triple)
    return copy


# ---------------------------------------------------------------------------------------------
# Focus nodes as SPARQL patterns
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Focus:
    """A set of focus nodes, as a function from a variable name to a pattern binding it."""

    pattern: Callable[[str], str]


@dataclass
class _Raw:
    """A result before conversion to rdflib terms and a message."""

    shape: Node
    focus: OxTerm
    value: OxTerm | None
    path: Node | None
    bindings: dict[str, OxTerm] | None = None
    constraint: Node | None = None


@dataclass
class _Engine:
    """Compiles shapes to SPARQL and runs them on the store; one engine per validation run."""

    store: ox.Store
    graphs: list[ox.NamedNode]
    shapes: Graph
    functions: dict[ox.NamedNode, Callable[..., OxTerm | None]] = field(default_factory=dict)
    names: Iterator[int] = field(default_factory=count)
    terms: dict[OxTerm, Node] = field(default_factory=dict)
    messages: dict[Node, Literal | None] = field(default_factory=dict)
    descriptions: dict[tuple[Node, Node | None], tuple[list[Literal], URIRef]] = field(
        default_factory=dict
    )

    # -- running -------------------------------------------------------------------------

    def select(
        self, query: str, substitutions: dict[ox.Variable, OxTerm] | None = None
    ) -> tuple[list[str], list[ox.QuerySolution]]:
        """Run a SELECT query on the data; return its variable names and solutions."""
        try:
            solutions = self.store.query(
                query,
                default_graph=list(self.graphs),
                custom_functions=self.functions,
                substitutions=substitutions,
            )
        except (SyntaxError, RuntimeError) as error:
            raise Unsupported(f"a query oxigraph refuses: {error}") from error
        if not isinstance(solutions, ox.QuerySolutions):
            raise Unsupported("a SPARQL constraint that is not a SELECT query")
        names = [variable.value for variable in solutions.variables]
        return names, list(solutions)

    def fresh(self, stem: str = "v") -> str:
        """Return a variable name no other part of a query uses."""
        return f"_{stem}{next(self.names)}"

    def function(self, test: Callable[..., bool]) -> str:
        """Register a Python test as a SPARQL function; return its IRI in SPARQL syntax."""
        name = ox.NamedNode(f"{_FUNCTION}{next(self.names)}")

        def call(*terms: OxTerm) -> OxTerm:
            return _TRUE if test(*terms) else _FALSE

        self.functions[name] = call
        return f"<{name.value}>"

    def member(self, nodes: set[OxTerm]) -> str:
        """Return a SPARQL function IRI that tests membership of *nodes*."""
        return self.function(lambda term: term in nodes)

    # -- shapes --------------------------------------------------------------------------

    def validate_top_level(self, shape: Node) -> list[ShapeResult]:
        """Return the results of a shape with targets, or raise Unsupported."""
        if self.deactivated(shape):
            return []
        if any(True for _ in self.shapes.objects(shape, SH.target)):
            raise Unsupported("SPARQL-based target")
        if shape in _implicit_class_shapes(self.shapes):
            raise Unsupported("implicit class target")
        self.check_supported(shape, set())
        focus, nodes = self.targets(shape)
        return [self.finish(raw) for raw in self.results(shape, focus, nodes)]

    def deactivated(self, shape: Node) -> bool:
        """Whether sh:deactivated true switches the shape off."""
        return any(
            isinstance(flag, Literal) and flag.value is True
            for flag in self.shapes.objects(shape, SH.deactivated)
        )

    def check_supported(self, shape: Node, seen: set[Node]) -> None:
        """Raise Unsupported if *shape*, or a shape it holds, uses an unknown feature."""
        if shape in seen:
            raise Unsupported("recursive shapes")
        seen = seen | {shape}
        for predicate, value in self.shapes.predicate_objects(shape):
            if not isinstance(predicate, URIRef) or not predicate.startswith(_SH):
                continue
            if predicate in _NOT_CONSTRAINTS:
                continue
            if predicate in (
                SH.property,
                SH.node,
                SH["not"],
                SH.qualifiedValueShape,
                SH["and"],
                SH["or"],
                SH.xone,
            ):
                for inner in self.shape_list(predicate, value):
                    self.check_supported(inner, seen)
            elif predicate == SH.qualifiedValueShapesDisjoint:
                if not (isinstance(value, Literal) and value.value is False):
                    raise Unsupported("sh:qualifiedValueShapesDisjoint")
            elif predicate in (SH.minCount, SH.maxCount, SH.uniqueLang, SH.hasValue):
                pass
            elif predicate in (SH.equals, SH.disjoint, SH.lessThan, SH.lessThanOrEquals):
                if not isinstance(value, URIRef) or self.shapes.value(shape, SH.path) is None:
                    raise Unsupported(f"{predicate} with a non-IRI value")
            elif predicate == SH.sparql:
                self.sparql_parts(shape, value)
            elif predicate not in _VALUE_CONSTRAINTS:
                raise Unsupported(str(predicate))
        path = self.shapes.value(shape, SH.path)
        declared = set(self.shapes.objects(shape, RDF.type))
        if (SH.NodeShape in declared) == (path is not None) and declared & {
            SH.NodeShape,
            SH.PropertyShape,
        }:
            raise Unsupported("a node shape with sh:path or a property shape without")
        if path is not None:
            self.path(path)
        for predicate in (SH.minCount, SH.maxCount):
            for value in self.shapes.objects(shape, predicate):
                if (
                    path is None
                    or not isinstance(value, Literal)
                    or not isinstance(value.value, int)
                ):
                    raise Unsupported(f"{predicate} here")
        if path is None and self.shapes.value(shape, SH.uniqueLang) is not None:
            raise Unsupported("sh:uniqueLang on a node shape")

    def shape_list(self, predicate: Node, value: Node) -> list[Node]:
        """Return the shapes a shape-valued parameter names (a list for and/or/xone)."""
        if predicate in (SH["and"], SH["or"], SH.xone):
            return list(Collection(self.shapes, value))
        return [value]

    def targets(self, shape: Node) -> tuple[_Focus, list[OxTerm] | None]:
        """Return the shape's focus nodes as a pattern, and as a list if only sh:targetNode."""
        parts = []
        nodes: list[OxTerm] = []
        only_nodes = True
        for target, value in self.shapes.predicate_objects(shape):
            if target not in TARGETS:
                continue
            if isinstance(value, BNode):
                raise Unsupported("a blank node as target")
            term = _sparql(value)
            if target == SH.targetClass:
                only_nodes = False
                parts += [f"{{ ?{{v}} <{RDF.type}> {c} }}" for c in self.subclasses(term)]
            elif target == SH.targetNode:
                parts.append(f"{{ VALUES ?{{v}} {{ {term} }} }}")
                nodes.append(_to_ox(value))
            elif target == SH.targetSubjectsOf:
                only_nodes = False
                parts.append(f"{{ ?{{v}} {term} ?{{o}} }}")
            else:
                only_nodes = False
                parts.append(f"{{ ?{{o}} {term} ?{{v}} }}")
        body = " UNION ".join(parts) if parts else "FILTER (false)"

        def pattern(var: str) -> str:
            other = self.fresh("o")
            text = body.replace("?{v}", f"?{var}").replace("?{o}", f"?{other}")
            return f"{{ SELECT DISTINCT ?{var} WHERE {{ {text} }} }}"

        return _Focus(pattern), (nodes if only_nodes else None)

    def subclasses(self, term: str) -> list[str]:
        """Return a class and its subclasses in the data (rdfs:subClassOf*), in SPARQL syntax.

        Asking for them first lets each target be a plain rdf:type pattern, which oxigraph
        plans far better than the property path.
        """
        _, rows = self.select(
            f"SELECT DISTINCT ?class WHERE {{ ?class <{RDFS.subClassOf}>* {term} }}"
        )
        found = [row["class"] for row in rows]
        if any(not isinstance(c, ox.NamedNode) for c in found):
            return [f"?{{o}} . ?{{o}} <{RDFS.subClassOf}>* {term}"]  # a blank node class
        return sorted({f"<{c.value}>" for c in found} | {term})

    def values_of(self, focus: _Focus, path: str) -> _Focus:
        """Return the value nodes of *path* from the focus nodes, as focus nodes themselves."""

        def pattern(var: str) -> str:
            start = self.fresh("f")
            pattern = f"{focus.pattern(start)} ?{start} {path} ?{var}"
            return f"{{ SELECT DISTINCT ?{var} WHERE {{ {pattern} }} }}"

        return _Focus(pattern)

    def path(self, node: Node) -> str:
        """Return a SHACL path as a SPARQL property path."""
        if isinstance(node, URIRef):
            return f"<{node}>"
        if not isinstance(node, BNode):
            raise Unsupported(f"path {node!r}")
        inverse = self.shapes.value(node, SH.inversePath)
        if inverse is not None:
            return f"^({self.path(inverse)})"
        alternatives = self.shapes.value(node, SH.alternativePath)
        if alternatives is not None:
            return "(" + "|".join(self.path(p) for p in Collection(self.shapes, alternatives)) + ")"
        for predicate, operator in _PATH_OPERATORS.items():
            inner = self.shapes.value(node, predicate)
            if inner is not None:
                return f"({self.path(inner)}){operator}"
        if self.shapes.value(node, RDF.first) is not None:
            return "(" + "/".join(self.path(p) for p in Collection(self.shapes, node)) + ")"
        raise Unsupported(f"path {node!r}")

    def results(
        self,
        shape: Node,
        focus: _Focus,
        nodes: list[OxTerm] | None,
        properties: bool = True,
    ) -> list[_Raw]:
        """Return every result of *shape* on the focus nodes.

        *nodes* lists the focus nodes when they are only sh:targetNode values. The results of
        the shape's sh:property shapes are included unless *properties* is false.
        """
        if self.deactivated(shape):
            return []
        path_node = self.shapes.value(shape, SH.path)
        path = self.path(path_node) if path_node is not None else None
        found: list[_Raw] = []
        for predicate, value in self.shapes.predicate_objects(shape):
            if predicate in _VALUE_CONSTRAINTS:
                condition = self.value_condition(predicate, value, shape, "?value", focus, path)
                found += self.value_results(shape, focus, path, path_node, condition)
            elif predicate == SH.property:
                if not properties:
                    continue
                inner = focus if path is None else self.values_of(focus, path)
                found += self.results(value, inner, nodes if path is None else None)
            elif predicate == SH.sparql:
                found += self.sparql_results(shape, value, focus, nodes, path_node)
            elif predicate in _NOT_CONSTRAINTS or not str(predicate).startswith(_SH):
                continue
            else:
                found += self.other_results(shape, predicate, value, focus, path, path_node)
        return found

    def value_results(
        self, shape: Node, focus: _Focus, path: str | None, path_node: Node | None, condition: str
    ) -> list[_Raw]:
        """Return a result for each value node that fails *condition* (on ?value).

        A condition that cannot be evaluated (a SPARQL error) counts as failed, as it does
        for pySHACL.
        """
        condition = f"COALESCE(({condition}), false)"
        if path is None:
            query = (
                f"SELECT DISTINCT ?value WHERE {{ {focus.pattern('value')} "
                f"FILTER (!({condition})) }}"
            )
        else:
            query = (
                f"SELECT DISTINCT ?this ?value WHERE {{ {focus.pattern('this')} "
                f"?this {path} ?value . FILTER (!({condition})) }}"
            )
        _, rows = self.select(query)
        return [
            _Raw(shape, row["value"] if path is None else row["this"], row["value"], path_node)
            for row in rows
        ]

    def other_results(
        self,
        shape: Node,
        predicate: Node,
        value: Node,
        focus: _Focus,
        path: str | None,
        path_node: Node | None,
    ) -> list[_Raw]:
        """Return the results of a constraint that looks at all value nodes together."""
        this = focus.pattern("this")
        values = f"?this {path} ?value ." if path is not None else "BIND (?this AS ?value)"
        with_value = True
        if predicate == SH.minCount:
            assert path is not None and isinstance(value, Literal)
            if value.value < 1:
                return []
            query = (
                f"SELECT ?this WHERE {{ {this} FILTER NOT EXISTS {{ {values} }} }}"
                if value.value == 1
                else f"SELECT ?this WHERE {{ {this} OPTIONAL {{ {values} }} }} GROUP BY ?this "
                f"HAVING (COUNT(DISTINCT ?value) < {value.value})"
            )
            with_value = False
        elif predicate == SH.maxCount:
            assert path is not None and isinstance(value, Literal)
            query = (
                f"SELECT ?this WHERE {{ {this} {values} }} GROUP BY ?this "
                f"HAVING (COUNT(DISTINCT ?value) > {value.value})"
            )
            with_value = False
        elif predicate == SH.hasValue:
            query = (
                f"SELECT ?this WHERE {{ {this} FILTER NOT EXISTS {{ {values} "
                f"FILTER (sameTerm(?value, {_sparql(value)})) }} }}"
            )
            with_value = False  # pySHACL names no value, for node and property shapes alike
        elif predicate == SH.uniqueLang:
            if not (isinstance(value, Literal) and value.value is True):
                return []
            query = (
                f"SELECT DISTINCT ?this (LCASE(LANG(?value)) AS ?language) WHERE {{ {this} "
                f"?this {path} ?value . ?this {path} ?other . "
                "FILTER (isLiteral(?value) && isLiteral(?other) && LANG(?value) != '' "
                "&& !sameTerm(?value, ?other) && LCASE(LANG(?value)) = LCASE(LANG(?other))) }"
            )
            with_value = False
        elif predicate == SH.disjoint:
            query = (
                f"SELECT DISTINCT ?this ?value WHERE {{ {this} ?this {_sparql(value)} ?value . "
                f"{values} }}"
            )
        elif predicate == SH.equals:
            other = _sparql(value)
            query = (
                f"SELECT DISTINCT ?this ?value WHERE {{ {this} "
                f"{{ {values} FILTER NOT EXISTS {{ ?this {other} ?value }} }} UNION "
                f"{{ ?this {other} ?value . FILTER NOT EXISTS {{ {values} }} }} }}"
            )
        elif predicate in (SH.lessThan, SH.lessThanOrEquals):
            blank = (
                f"SELECT ?this WHERE {{ {this} {values} ?this {_sparql(value)} ?other . "
                "FILTER (isBlank(?value) || isBlank(?other)) } LIMIT 1"
            )
            if self.select(blank)[1]:
                raise Unsupported("sh:lessThan on blank nodes")  # pySHACL stops with an error
            compare = self.function(_less_than(strict=predicate == SH.lessThan))
            query = (
                f"SELECT DISTINCT ?this ?value WHERE {{ {this} {values} "
                f"?this {_sparql(value)} ?other . FILTER (!{compare}(?value, ?other)) }}"
            )
        elif predicate == SH.qualifiedValueShape:
            return self.qualified_results(shape, value, focus, path, path_node)
        elif predicate == SH.qualifiedValueShapesDisjoint:
            return []
        else:
            raise Unsupported(str(predicate))
        _, rows = self.select(query)
        return [
            _Raw(shape, row["this"], row["value"] if with_value else None, path_node)
            for row in rows
        ]

    def qualified_results(
        self, shape: Node, inner: Node, focus: _Focus, path: str | None, path_node: Node | None
    ) -> list[_Raw]:
        """Return the results of sh:qualifiedValueShape with its minimum and maximum count."""
        if path is None:
            raise Unsupported("sh:qualifiedValueShape on a node shape")
        least = self.shapes.value(shape, SH.qualifiedMinCount)
        most = self.shapes.value(shape, SH.qualifiedMaxCount)
        condition = self.shape_condition(inner, "?value", self.values_of(focus, path))
        query = (
            f"SELECT ?this (COUNT(DISTINCT ?value) AS ?count) WHERE {{ {focus.pattern('this')} "
            f"OPTIONAL {{ ?this {path} ?value . FILTER ({condition}) }} }} GROUP BY ?this"
        )
        _, rows = self.select(query)
        found = []
        for row in rows:
            number = int(row["count"].value)
            for bound, too_many in ((most, True), (least, False)):
                if not (isinstance(bound, Literal) and isinstance(bound.value, int)):
                    continue
                if (number > bound.value) if too_many else (number < bound.value):
                    found.append(_Raw(shape, row["this"], None, path_node))
        return found

    # -- conditions on one value node -----------------------------------------------------

    def value_condition(
        self,
        predicate: Node,
        value: Node,
        shape: Node,
        var: str,
        focus: _Focus,
        path: str | None,
    ) -> str:
        """Return a SPARQL expression, true when the node in *var* meets the constraint.

        *focus* and *path* give the nodes *var* ranges over, for constraints that name a
        shape: those shapes are checked on exactly these nodes first.
        """
        if predicate == SH["class"]:
            return f"EXISTS {{ {var} <{RDF.type}>/<{RDFS.subClassOf}>* {_sparql(value)} }}"
        if predicate == SH.datatype:
            return self.datatype_condition(value, var)
        if predicate == SH.nodeKind:
            if value not in _NODE_KINDS:
                raise Unsupported(f"sh:nodeKind {value}")
            return _NODE_KINDS[value].format(v=var)
        if predicate == SH.pattern:
            flags = self.shapes.value(shape, SH.flags)
            return f"{self.function(_pattern_test(value, flags))}({var})"
        if predicate == SH.languageIn:
            return _language_condition(list(Collection(self.shapes, value)), var)
        if predicate == SH["in"]:
            members = list(Collection(self.shapes, value))
            if any(isinstance(member, BNode) for member in members):
                raise Unsupported("a blank node in sh:in")
            tests = [f"sameTerm({var}, {_sparql(member)})" for member in members]
            return "(" + (" || ".join(tests) or "false") + ")"
        nodes = focus if path is None else self.values_of(focus, path)
        if predicate == SH.node:
            return self.shape_condition(value, var, nodes)
        if predicate == SH["not"]:
            return f"!({self.shape_condition(value, var, nodes)})"
        inner = [self.shape_condition(s, var, nodes) for s in Collection(self.shapes, value)]
        if predicate == SH["and"]:
            return "(" + (" && ".join(inner) or "true") + ")"
        if predicate == SH["or"]:
            return "(" + (" || ".join(inner) or "false") + ")"
        if predicate == SH.xone:
            ones = " + ".join(f"IF({condition}, 1, 0)" for condition in inner) or "0"
            return f"(({ones}) = 1)"
        raise Unsupported(str(predicate))

    def shape_condition(self, shape: Node, var: str, nodes: _Focus) -> str:
        """Return a SPARQL expression, true when the node in *var* conforms to *shape*.

        A node shape made only of value constraints becomes an expression; any other shape
        is first validated on *nodes* (the nodes *var* ranges over), and the expression
        tests that the node is not among those that failed.
        """
        if self.deactivated(shape):
            return "true"
        parts = []
        simple = self.shapes.value(shape, SH.path) is None
        for predicate, value in self.shapes.predicate_objects(shape):
            if predicate in _VALUE_CONSTRAINTS:
                parts.append(self.value_condition(predicate, value, shape, var, nodes, None))
            elif predicate in _NOT_CONSTRAINTS or not str(predicate).startswith(_SH):
                continue
            else:
                simple = False
        if simple:
            return "(" + (" && ".join(parts) or "true") + ")"
        failed = self.violators(shape, nodes)
        return f"!{self.member(failed)}({var})"

    def violators(self, shape: Node, nodes: _Focus) -> set[OxTerm]:
        """Return the nodes among *nodes* that do not conform to *shape*."""
        path_node = self.shapes.value(shape, SH.path)
        failed: set[OxTerm] = set()
        for raw in self.results(shape, nodes, None, properties=False):
            failed.add(raw.focus)
        for inner in self.shapes.objects(shape, SH.property):
            if path_node is None:
                failed |= self.violators(inner, nodes)
                continue
            path = self.path(path_node)
            bad = self.violators(inner, self.values_of(nodes, path))
            if bad:
                query = (
                    f"SELECT DISTINCT ?this WHERE {{ {nodes.pattern('this')} ?this {path} ?value . "
                    f"FILTER ({self.member(bad)}(?value)) }}"
                )
                failed |= {row["this"] for row in self.select(query)[1]}
        return failed

    def datatype_condition(self, datatype: Node, var: str) -> str:
        """Return the test of sh:datatype as pySHACL reads it, ill-typed literals failing."""
        if datatype == RDF.langString:
            return f"(isLiteral({var}) && LANG({var}) != '')"
        if datatype == XSD.string:
            return f"(isLiteral({var}) && DATATYPE({var}) = <{XSD.string}>)"
        if datatype == RDFS.Literal:
            return f"isLiteral({var})"
        if datatype == RDFS.Datatype:
            return f"(isLiteral({var}) && LANG({var}) = '' && DATATYPE({var}) != <{XSD.string}>)"
        if not isinstance(datatype, URIRef):
            raise Unsupported(f"sh:datatype {datatype!r}")
        well_typed = self.function(_well_typed(datatype))
        return f"(isLiteral({var}) && DATATYPE({var}) = <{datatype}> && {well_typed}({var}))"

    # -- SHACL-SPARQL ---------------------------------------------------------------------

    def sparql_parts(self, shape: Node, constraint: Node) -> tuple[str, str]:
        """Return the PREFIX lines and the query ($PATH filled in) of a SPARQL constraint."""
        select = self.shapes.value(constraint, SH.select)
        if not isinstance(select, Literal) or _MENTIONS_OTHER.search(str(select)):
            raise Unsupported("sh:sparql without sh:select, or with $failure/$shapesGraph")
        text = str(select)
        path = self.shapes.value(shape, SH.path)
        if path is not None:
            text = _MENTIONS_PATH.sub(lambda m: m.group(1) + self.path(path), text)
        elif _MENTIONS_PATH.search(text):
            raise Unsupported("$PATH in a node shape")
        return _prefix_lines(self.shapes, constraint), text

    def sparql_results(
        self,
        shape: Node,
        constraint: Node,
        focus: _Focus,
        nodes: list[OxTerm] | None,
        path_node: Node | None,
    ) -> list[_Raw]:
        """Return the results of a SPARQL constraint on all focus nodes."""
        if self.deactivated(constraint):
            return []
        prefixes, body = self.sparql_parts(shape, constraint)
        mentions_this = _MENTIONS_THIS.search(body) is not None
        if nodes is not None:
            rows = self.sparql_per_target(prefixes, body, nodes, mentions_this)
        elif mentions_this:
            rows = self.sparql_joined(prefixes, body, focus)
        else:
            raise Unsupported("a SPARQL constraint without $this on many focus nodes")
        return self.sparql_rows(shape, constraint, path_node, rows)

    def sparql_per_target(
        self, prefixes: str, body: str, nodes: list[OxTerm], mentions_this: bool
    ) -> list[tuple[OxTerm, dict[str, OxTerm]]]:
        """Run a SPARQL constraint once per sh:targetNode, $this substituted (SEP-0007)."""
        text = prefixes + body
        hidden = False
        if mentions_this:
            # Substitution needs ?this in the projection; pySHACL's rows do not show it then.
            text, hidden = prefixes + _projecting_this(body), not _projects_this(body)
        rows = []
        for node in nodes:
            substitutions = {ox.Variable("this"): node} if mentions_this else None
            names, solutions = self.select(text, substitutions)
            shown = [name for name in names if not (hidden and name == "this")]
            rows += [(node, _bound(shown, solution)) for solution in solutions]
        return rows

    def sparql_joined(
        self, prefixes: str, body: str, focus: _Focus
    ) -> list[tuple[OxTerm, dict[str, OxTerm]]]:
        """Run a SPARQL constraint once, joined with all focus nodes on ?this."""
        parsed = _parse(prefixes + body)
        if not _joins_like_prebinding(parsed):
            raise Unsupported("a SPARQL constraint whose join would differ from pre-binding")
        projected = {str(variable) for variable in parsed.algebra["PV"]}
        query = f"{prefixes}SELECT * WHERE {{ {focus.pattern('this')} {{ {body} }} }}"
        names, solutions = self.select(query)
        shown = [name for name in names if name in projected]
        return [(solution["this"], _bound(shown, solution)) for solution in solutions]

    def sparql_rows(
        self,
        shape: Node,
        constraint: Node,
        path_node: Node | None,
        rows: list[tuple[OxTerm, dict[str, OxTerm]]],
    ) -> list[_Raw]:
        """Turn solutions into results as pySHACL does: ?this, ?path, ?value, rest for messages."""
        found = []
        seen = set()
        for focus, bound in rows:
            variables = dict(bound)
            path = variables.pop("path", None)
            value = variables.pop("value", None)
            this = variables.pop("this", None)
            if path is None and value is None and this is None:
                continue
            key = (focus, this, path, value, tuple(sorted(variables.items(), key=str)))
            if key in seen:
                continue
            seen.add(key)
            if value is None and path_node is None:
                value = focus
            message_bindings = dict(variables)
            for name, term in (("this", this), ("path", path), ("value", value)):
                if term is not None:
                    message_bindings[name] = term
            result_path = to_rdflib(path) if path is not None else path_node
            found.append(
                _Raw(shape, this or focus, value, result_path, message_bindings, constraint)
            )
        return found

    # -- results ---------------------------------------------------------------------------

    def finish(self, raw: _Raw) -> ShapeResult:
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


# ---------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------


def _sparql(node: Node) -> str:
    """Return an IRI or literal of the shapes graph in SPARQL syntax."""
    if isinstance(node, URIRef):
        return f"<{node}>"
    if isinstance(node, Literal):
        return node.n3()
    raise Unsupported(f"a blank node in a query: {node!r}")


def _to_ox(node: Node) -> OxTerm:
    if isinstance(node, URIRef):
        return ox.NamedNode(str(node))
    if isinstance(node, Literal):
        if node.language:
            return ox.Literal(str(node), language=node.language)
        datatype = node.datatype or XSD.string
        return ox.Literal(str(node), datatype=ox.NamedNode(str(datatype)))
    raise Unsupported(f"a blank node as target: {node!r}")


def _string(text: str) -> str:
    """Return *text* as a SPARQL string literal."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return '"' + escaped.replace("\r", "\\r") + '"'


def _language_condition(languages: list[Node], var: str) -> str:
    """Return sh:languageIn as pySHACL reads it: whole tag or first subtag, any case."""
    wanted = sorted({str(language).lower() for language in languages})
    test = f"(isLiteral({var}) && LANG({var}) != ''"
    if "*" in wanted:
        return test + ")"
    listed = ", ".join(_string(language) for language in wanted)
    if not listed:
        return "false"
    first = f'LCASE(STRBEFORE(CONCAT(LANG({var}), "-"), "-"))'
    return f"{test} && (LCASE(LANG({var})) IN ({listed}) || {first} IN ({listed})))"


def _pattern_test(pattern: Node, flags: Node | None) -> Callable[[OxTerm], bool]:
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


def _well_typed(datatype: URIRef) -> Callable[[OxTerm], bool]:
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


def _less_than(strict: bool) -> Callable[[OxTerm, OxTerm], bool]:
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


def _fill(message: str, bindings: dict[str, OxTerm]) -> str:
    """Fill {?name} and {$name} in a message as pySHACL does."""
    for name, term in bindings.items():
        message = re.sub(f"{{[?$]{name}}}", str(to_rdflib(term)), message)
    return message


def _bound(names: list[str], solution: ox.QuerySolution) -> dict[str, OxTerm]:
    """Return the bound variables of a solution, by name."""
    bound = {}
    for name in names:
        term = solution[name]
        if term is not None:
            bound[name] = term
    return bound


_TOP_SELECT = re.compile(
    r"^(?:\s|#[^\n]*\n)*SELECT\s+(?:(?:DISTINCT|REDUCED)\s+)?(?P<projection>[^{]*?)\s*(?:WHERE\s*)?\{",
    flags=re.I | re.S,
)


def _projects_this(body: str) -> bool:
    """Whether a SELECT query lists ?this (or *) among the variables it returns."""
    match = _TOP_SELECT.match(body)
    if match is None:
        raise Unsupported("a SPARQL constraint that does not start with SELECT")
    projection = match.group("projection")
    return projection.strip() == "*" or re.search(r"[?$]this\b", projection) is not None


def _projecting_this(body: str) -> str:
    """Return a SELECT query with ?this added to the variables it returns, if missing."""
    if _projects_this(body):
        return body
    match = _TOP_SELECT.match(body)
    assert match is not None
    return body[: match.start("projection")] + "?this " + body[match.start("projection") :]


@lru_cache(maxsize=256)
def _parse(text: str) -> Query:
    """Parse a SPARQL query with rdflib, once per text: it is slow."""
    try:
        return prepareQuery(text)
    except Exception as error:
        raise Unsupported(f"a SPARQL constraint rdflib cannot parse: {error}") from error


def _prefix_lines(shapes: Graph, constraint: Node) -> str:
    """Return PREFIX lines for a SPARQL constraint's sh:prefixes, collected as pySHACL does."""
    ontologies = set(shapes.subjects(RDF.type, OWL.Ontology))
    everywhere = {d for o in ontologies for d in shapes.objects(o, SH.declare)}
    prefixes: dict[str, str] = {}
    for holder in shapes.objects(constraint, SH.prefixes):
        own = set(shapes.objects(holder, SH.declare))
        declares = own if own and holder in ontologies else everywhere | own
        for declare in declares:
            prefix = shapes.value(declare, SH.prefix)
            namespace = shapes.value(declare, SH.namespace)
            if prefix is None or namespace is None:
                raise Unsupported("an incomplete sh:declare")
            prefixes[str(prefix)] = str(namespace)
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in sorted(prefixes.items()))


def _joins_like_prebinding(query: Query) -> bool:
    """Whether joining the query's solutions with the focus nodes equals pre-binding $this.

    That holds when the query projects ?this, its own triple patterns bind ?this before
    every filter, BIND or sub-select that uses it, and it has no MINUS, VALUES, LIMIT or
    OFFSET touching ?this.
    """
    top = query.algebra.p
    while isinstance(top, CompValue) and top.name in ("Distinct", "Reduced", "OrderBy"):
        top = top.p
    if not isinstance(top, CompValue) or top.name != "Project":
        return False
    if _THIS not in top.PV:
        return False
    try:
        return _THIS in _bound_by(top.p) and _safe(top.p)
    except Unsupported:
        return False


def _mentions(node: Any) -> bool:
    """Whether ?this occurs anywhere in an algebra node or expression."""
    if node == _THIS:
        return True
    if isinstance(node, dict):
        return any(_mentions(value) for value in node.values())
    if isinstance(node, list | tuple | set):
        return any(_mentions(value) for value in node)
    return False


def _bound_by(node: Any) -> set[Variable]:
    """Return the variables an algebra pattern binds in every solution."""
    if not isinstance(node, CompValue):
        raise Unsupported(f"algebra {node!r}")
    name = node.name
    if name == "BGP":
        return {term for triple in node.triples for term in triple if isinstance(term, Variable)}
    if name == "Join":
        return _bound_by(node.p1) | _bound_by(node.p2)
    if name in ("LeftJoin", "Minus"):
        return _bound_by(node.p1)
    if name == "Union":
        return _bound_by(node.p1) & _bound_by(node.p2)
    if name == "Extend":
        return _bound_by(node.p) | {node.var}
    if name in ("Filter", "Distinct", "Reduced", "OrderBy", "Slice", "ToMultiSet", "Graph"):
        return _bound_by(node.p)
    if name == "Project":
        return set(node.PV) & _bound_by(node.p)
    if name == "Group":
        return {e for e in (node.expr or []) if isinstance(e, Variable)} & _bound_by(node.p)
    if name == "AggregateJoin":
        return _bound_by(node.p) | {a.res for a in node.A}
    if name == "values":
        return set()
    raise Unsupported(f"algebra {name}")


def _safe(node: Any) -> bool:
    """Whether every use of ?this inside *node* sees it bound by the node's own patterns."""
    if not isinstance(node, CompValue):
        raise Unsupported(f"algebra {node!r}")
    name = node.name
    if name == "BGP":
        return True
    if name in ("Filter", "Extend"):
        if name == "Extend" and node.var == _THIS:
            return False
        return (not _mentions(node.expr) or _THIS in _bound_by(node.p)) and _safe(node.p)
    if name == "LeftJoin":
        uses = node.expr is not None and _mentions(node.expr)
        if uses and _THIS not in _bound_by(node.p1) | _bound_by(node.p2):
            return False
        return _safe(node.p1) and _safe(node.p2)
    if name in ("Join", "Union"):
        return _safe(node.p1) and _safe(node.p2)
    if name == "Minus":
        return not _mentions(node.p2) and _safe(node.p1)
    if name in ("Distinct", "Reduced", "OrderBy", "ToMultiSet"):
        return _safe(node.p)
    if name in ("Slice", "values", "Graph"):
        return not _mentions(node)
    if name == "Project":
        if not _mentions(node.p):
            return True
        return _THIS in node.PV and _THIS in _bound_by(node.p) and _safe(node.p)
    if name == "AggregateJoin":
        return _safe(node.p)
    if name == "Group":
        grouped = _THIS in (node.expr or [])
        return (grouped or not _mentions(node.p)) and _safe(node.p)
    raise Unsupported(f"algebra {name}")
