"""Write SHACL's terms as SPARQL, and judge when one query may check every focus node at once.

The fast engine (``shaclengine``) builds its queries from these pieces. A SHACL-SPARQL
constraint is written for one focus node, with ``$this`` pre-bound (SEP-0007). Run once for
all focus nodes, joined with them on ``?this``, it gives the same solutions only when its
own patterns bind ``?this`` before anything uses it: ``joins_like_prebinding`` reads that
from the query's algebra.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.plugins.sparql.processor import prepareQuery
from rdflib.plugins.sparql.sparql import Query
from rdflib.term import Node, Variable

from kompetanse_skos.rdf.namespaces import OWL, RDF, SH, XSD
from kompetanse_skos.rdf.terms import OxTerm

_THIS = Variable("this")
# pySHACL's test for a variable that a SPARQL constraint mentions (and so gets pre-bound).
MENTIONS_THIS = re.compile(r"([\s{}()])[\$\?]this", flags=re.M)
MENTIONS_PATH = re.compile(r"([\s{}()])[\$\?]PATH", flags=re.M)
MENTIONS_OTHER = re.compile(r"[\$\?](failure|shapesGraph|currentShape)\b")


class Unsupported(Exception):
    """A feature of the shapes graph that the fast path does not implement."""


def sparql_term(node: Node) -> str:
    """Return an IRI or literal of the shapes graph in SPARQL syntax."""
    if isinstance(node, URIRef):
        return f"<{node}>"
    if isinstance(node, Literal):
        return node.n3()
    raise Unsupported(f"a blank node in a query: {node!r}")


def ox_term(node: Node) -> OxTerm:
    """Return an IRI or literal of the shapes graph (a target node) as a pyoxigraph term."""
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


def language_condition(languages: list[Node], var: str) -> str:
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


def bound_values(names: list[str], solution: ox.QuerySolution) -> dict[str, OxTerm]:
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


def projects_this(body: str) -> bool:
    """Whether a SELECT query lists ?this (or *) among the variables it returns."""
    match = _TOP_SELECT.match(body)
    if match is None:
        raise Unsupported("a SPARQL constraint that does not start with SELECT")
    projection = match.group("projection")
    return projection.strip() == "*" or re.search(r"[?$]this\b", projection) is not None


def projecting_this(body: str) -> str:
    """Return a SELECT query with ?this added to the variables it returns, if missing."""
    if projects_this(body):
        return body
    match = _TOP_SELECT.match(body)
    assert match is not None
    return body[: match.start("projection")] + "?this " + body[match.start("projection") :]


@lru_cache(maxsize=256)
def parse_query(text: str) -> Query:
    """Parse a SPARQL query with rdflib, once per text: it is slow."""
    try:
        return prepareQuery(text)
    except Exception as error:
        raise Unsupported(f"a SPARQL constraint rdflib cannot parse: {error}") from error


def prefix_lines(shapes: Graph, constraint: Node) -> str:
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


def joins_like_prebinding(query: Query) -> bool:
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
