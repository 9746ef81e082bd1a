"""Run SHACL shapes as SPARQL queries on a pyoxigraph store, with pySHACL as reference.

pySHACL validates one focus node at a time in Python, which takes minutes on a vocabulary
of tens of thousands of concepts. :func:`run_shapes` gives the same results by compiling each
shape into a few SPARQL queries that ask, for all focus nodes at once, only for what is
wrong, and evaluating them on pyoxigraph. :func:`pyshacl_results` runs pySHACL the way this
project always has, as the reference the fast path is tested against.

The fast path is in four modules: ``shaclengine`` compiles and runs the shapes,
``shaclsparql`` writes their terms as SPARQL and judges SHACL-SPARQL constraints,
``shaclfunctions`` holds the tests in Python that its queries call, and ``shaclresults``
turns what it finds into results with pySHACL's messages.

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

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import pyoxigraph as ox
import pyshacl
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.plugins.sparql.processor import SPARQLProcessor, prepareQuery
from rdflib.plugins.sparql.sparql import Query
from rdflib.term import Node

from kompetanse_skos.rdf.namespaces import SH
from kompetanse_skos.rdf.terms import quiet_literals, rdflib_graph
from kompetanse_skos.validation.shacl.engine import TARGETS, Engine, implicit_class_shapes
from kompetanse_skos.validation.shacl.results import Results, ShapeResult, pick_message
from kompetanse_skos.validation.shacl.sparql import Unsupported


def run_shapes(store: ox.Store, graphs: Sequence[ox.NamedNode], shapes: Graph) -> list[ShapeResult]:
    """Validate the merge of the named *graphs* in *store* against *shapes*.

    Every shape with a target is compiled into SPARQL queries over all its focus nodes at
    once. Shapes that use a feature the compiler does not implement (see the module's
    docstring) are validated by pySHACL instead, on an rdflib copy of the data, so that
    the results are always those pySHACL would give.
    """
    engine = Engine(store, list(graphs), shapes)
    made = Results(shapes)
    results: list[ShapeResult] = []
    unsupported: list[Node] = []
    with quiet_literals():
        for shape in _top_level_shapes(shapes):
            try:
                results += [made.result(raw) for raw in engine.validate_top_level(shape)]
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
    found |= implicit_class_shapes(shapes)
    return sorted(found, key=lambda node: (isinstance(node, BNode), str(node)))


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
