"""Compile SHACL shapes into SPARQL queries that check all focus nodes at once, and run them.

One ``Engine`` serves one validation run: each shape becomes a few SPARQL queries on the
pyoxigraph store that ask only for what is wrong, and their solutions become results with
the messages and severities pySHACL would give. A feature it does not implement raises
``Unsupported``, for ``shacl.run_shapes`` to hand that shape to pySHACL.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from itertools import count

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from kompetanse_skos.rdf.namespaces import OWL, RDF, RDFS, SH, XSD
from kompetanse_skos.rdf.terms import OxTerm, to_rdflib
from kompetanse_skos.validation.shacl.functions import less_than, pattern_test, well_typed
from kompetanse_skos.validation.shacl.results import RawResult
from kompetanse_skos.validation.shacl.sparql import (
    MENTIONS_OTHER,
    MENTIONS_PATH,
    MENTIONS_THIS,
    Unsupported,
    bound_values,
    joins_like_prebinding,
    language_condition,
    ox_term,
    parse_query,
    prefix_lines,
    projecting_this,
    projects_this,
    sparql_term,
)

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
_TRUE = ox.Literal("true", datatype=ox.NamedNode(str(XSD.boolean)))
_FALSE = ox.Literal("false", datatype=ox.NamedNode(str(XSD.boolean)))


def implicit_class_shapes(shapes: Graph) -> set[Node]:
    """Return the shapes that are also classes, and so target their own instances."""
    classes = {RDFS.Class, OWL.Class, *shapes.transitive_subjects(RDFS.subClassOf, RDFS.Class)}
    return {
        shape
        for shape_type in (SH.NodeShape, SH.PropertyShape)
        for shape in shapes.subjects(RDF.type, shape_type)
        if any(t in classes for t in shapes.objects(shape, RDF.type))
    }


@dataclass(frozen=True)
class _Focus:
    """A set of focus nodes, as a function from a variable name to a pattern binding it."""

    pattern: Callable[[str], str]


@dataclass
class Engine:
    """Compiles shapes to SPARQL and runs them on the store; one engine per validation run."""

    store: ox.Store
    graphs: list[ox.NamedNode]
    shapes: Graph
    functions: dict[ox.NamedNode, Callable[..., OxTerm | None]] = field(default_factory=dict)
    names: Iterator[int] = field(default_factory=count)

    @cached_property
    def implicit_class_shapes(self) -> set[Node]:
        """The shapes that target their own instances, found once per run."""
        return implicit_class_shapes(self.shapes)

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

    def validate_top_level(self, shape: Node) -> list[RawResult]:
        """Return the results of a shape with targets, or raise Unsupported."""
        if self.deactivated(shape):
            return []
        if any(True for _ in self.shapes.objects(shape, SH.target)):
            raise Unsupported("SPARQL-based target")
        if shape in self.implicit_class_shapes:
            raise Unsupported("implicit class target")
        self.check_supported(shape, set())
        focus, nodes = self.targets(shape)
        return self.results(shape, focus, nodes)

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
            term = sparql_term(value)
            if target == SH.targetClass:
                only_nodes = False
                parts += [f"{{ ?{{v}} <{RDF.type}> {c} }}" for c in self.subclasses(term)]
            elif target == SH.targetNode:
                parts.append(f"{{ VALUES ?{{v}} {{ {term} }} }}")
                nodes.append(ox_term(value))
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
    ) -> list[RawResult]:
        """Return every result of *shape* on the focus nodes.

        *nodes* lists the focus nodes when they are only sh:targetNode values. The results of
        the shape's sh:property shapes are included unless *properties* is false.
        """
        if self.deactivated(shape):
            return []
        path_node = self.shapes.value(shape, SH.path)
        path = self.path(path_node) if path_node is not None else None
        found: list[RawResult] = []
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
    ) -> list[RawResult]:
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
            RawResult(shape, row["value"] if path is None else row["this"], row["value"], path_node)
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
    ) -> list[RawResult]:
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
                f"FILTER (sameTerm(?value, {sparql_term(value)})) }} }}"
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
                f"SELECT DISTINCT ?this ?value WHERE {{ {this} ?this {sparql_term(value)} ?value . "
                f"{values} }}"
            )
        elif predicate == SH.equals:
            other = sparql_term(value)
            query = (
                f"SELECT DISTINCT ?this ?value WHERE {{ {this} "
                f"{{ {values} FILTER NOT EXISTS {{ ?this {other} ?value }} }} UNION "
                f"{{ ?this {other} ?value . FILTER NOT EXISTS {{ {values} }} }} }}"
            )
        elif predicate in (SH.lessThan, SH.lessThanOrEquals):
            blank = (
                f"SELECT ?this WHERE {{ {this} {values} ?this {sparql_term(value)} ?other . "
                "FILTER (isBlank(?value) || isBlank(?other)) } LIMIT 1"
            )
            if self.select(blank)[1]:
                raise Unsupported("sh:lessThan on blank nodes")  # pySHACL stops with an error
            compare = self.function(less_than(strict=predicate == SH.lessThan))
            query = (
                f"SELECT DISTINCT ?this ?value WHERE {{ {this} {values} "
                f"?this {sparql_term(value)} ?other . FILTER (!{compare}(?value, ?other)) }}"
            )
        elif predicate == SH.qualifiedValueShape:
            return self.qualified_results(shape, value, focus, path, path_node)
        elif predicate == SH.qualifiedValueShapesDisjoint:
            return []
        else:
            raise Unsupported(str(predicate))
        _, rows = self.select(query)
        return [
            RawResult(shape, row["this"], row["value"] if with_value else None, path_node)
            for row in rows
        ]

    def qualified_results(
        self, shape: Node, inner: Node, focus: _Focus, path: str | None, path_node: Node | None
    ) -> list[RawResult]:
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
                    found.append(RawResult(shape, row["this"], None, path_node))
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
            return f"EXISTS {{ {var} <{RDF.type}>/<{RDFS.subClassOf}>* {sparql_term(value)} }}"
        if predicate == SH.datatype:
            return self.datatype_condition(value, var)
        if predicate == SH.nodeKind:
            if value not in _NODE_KINDS:
                raise Unsupported(f"sh:nodeKind {value}")
            return _NODE_KINDS[value].format(v=var)
        if predicate == SH.pattern:
            flags = self.shapes.value(shape, SH.flags)
            return f"{self.function(pattern_test(value, flags))}({var})"
        if predicate == SH.languageIn:
            return language_condition(list(Collection(self.shapes, value)), var)
        if predicate == SH["in"]:
            members = list(Collection(self.shapes, value))
            if any(isinstance(member, BNode) for member in members):
                raise Unsupported("a blank node in sh:in")
            tests = [f"sameTerm({var}, {sparql_term(member)})" for member in members]
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
        test = self.function(well_typed(datatype))
        return f"(isLiteral({var}) && DATATYPE({var}) = <{datatype}> && {test}({var}))"

    # -- SHACL-SPARQL ---------------------------------------------------------------------

    def sparql_parts(self, shape: Node, constraint: Node) -> tuple[str, str]:
        """Return the PREFIX lines and the query ($PATH filled in) of a SPARQL constraint."""
        select = self.shapes.value(constraint, SH.select)
        if not isinstance(select, Literal) or MENTIONS_OTHER.search(str(select)):
            raise Unsupported("sh:sparql without sh:select, or with $failure/$shapesGraph")
        text = str(select)
        path = self.shapes.value(shape, SH.path)
        if path is not None:
            text = MENTIONS_PATH.sub(lambda m: m.group(1) + self.path(path), text)
        elif MENTIONS_PATH.search(text):
            raise Unsupported("$PATH in a node shape")
        return prefix_lines(self.shapes, constraint), text

    def sparql_results(
        self,
        shape: Node,
        constraint: Node,
        focus: _Focus,
        nodes: list[OxTerm] | None,
        path_node: Node | None,
    ) -> list[RawResult]:
        """Return the results of a SPARQL constraint on all focus nodes."""
        if self.deactivated(constraint):
            return []
        prefixes, body = self.sparql_parts(shape, constraint)
        mentions_this = MENTIONS_THIS.search(body) is not None
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
            text, hidden = prefixes + projecting_this(body), not projects_this(body)
        rows = []
        for node in nodes:
            substitutions = {ox.Variable("this"): node} if mentions_this else None
            names, solutions = self.select(text, substitutions)
            shown = [name for name in names if not (hidden and name == "this")]
            rows += [(node, bound_values(shown, solution)) for solution in solutions]
        return rows

    def sparql_joined(
        self, prefixes: str, body: str, focus: _Focus
    ) -> list[tuple[OxTerm, dict[str, OxTerm]]]:
        """Run a SPARQL constraint once, joined with all focus nodes on ?this."""
        parsed = parse_query(prefixes + body)
        if not joins_like_prebinding(parsed):
            raise Unsupported("a SPARQL constraint whose join would differ from pre-binding")
        projected = {str(variable) for variable in parsed.algebra["PV"]}
        query = f"{prefixes}SELECT * WHERE {{ {focus.pattern('this')} {{ {body} }} }}"
        names, solutions = self.select(query)
        shown = [name for name in names if name in projected]
        return [(solution["this"], bound_values(shown, solution)) for solution in solutions]

    def sparql_rows(
        self,
        shape: Node,
        constraint: Node,
        path_node: Node | None,
        rows: list[tuple[OxTerm, dict[str, OxTerm]]],
    ) -> list[RawResult]:
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
                RawResult(shape, this or focus, value, result_path, message_bindings, constraint)
            )
        return found
