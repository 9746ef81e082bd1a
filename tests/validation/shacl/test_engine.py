"""The fast SHACL engine (SPARQL on pyoxigraph) finds exactly what pySHACL finds.

Every vocabulary here is validated twice, with ``engine="fast"`` and ``engine="pyshacl"``,
and the two reports must hold the same findings, field by field. The shapes themselves are
held to what any conforming engine needs: every SPARQL constraint projects ``$this``, and
none returns a row twice.

Blank nodes: both engines read the same store (the rdflib graph pySHACL gets is made from
it), so a blank node has the same id in both reports today. The comparison still replaces
every blank node id by "_:", so that it keeps working if the rdflib graph is ever parsed
from the files again, which gives blank nodes new ids; a finding on a blank node is then
compared by everything else it says.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Hashable, Iterable
from dataclasses import replace
from pathlib import Path

import pyoxigraph as ox
import pytest
from pyparsing import ParseResults
from pyshacl.constraints.sparql.sparql_based_constraints import SPARQLBasedConstraint
from rdflib import BNode, Graph, URIRef
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import Node, Variable

from conftest import DATA, EU_DATA_THEME, LOS, ROOT
from kompetanse_skos.errors import LimitError, LoadError
from kompetanse_skos.project import Project
from kompetanse_skos.rdf.namespaces import SH
from kompetanse_skos.rdf.terms import OxTerm, to_rdflib
from kompetanse_skos.validation.labels import preferred_label, preferred_labels
from kompetanse_skos.validation.shacl import run as shacl
from kompetanse_skos.validation.shacl.engine import Engine
from kompetanse_skos.validation.shacl.results import RawResult
from kompetanse_skos.validation.shacl.run import ShapeResult, pyshacl_results, run_shapes
from kompetanse_skos.validation.validate import (
    Finding,
    available_profiles,
    validate_vocabulary,
)
from kompetanse_skos.vocabulary.load import Vocabulary, load_vocabulary
from kompetanse_skos.vocabulary.read import read_vocabulary

PROJECT = Project.from_root(ROOT)
PROFILES = sorted(available_profiles(PROJECT.shapes_dir))
CHECK_CASES = sorted((DATA / "checks").glob("*/*.*"))


def _loads(path: Path) -> bool:
    """Whether *path* loads at all (test_hostile.py checks how the others are refused)."""
    try:
        load_vocabulary([path])
    except LoadError:
        return False
    return True


OTHER_CASES = [
    path
    for path in (
        *sorted((DATA / "valid").glob("*.ttl")),
        *sorted((DATA / "hostile-input").glob("*.ttl")),
        *sorted((DATA / "hostile" / "vocab").glob("*.ttl")),
    )
    if _loads(path)
]
_BLANK = re.compile(r"_:[A-Za-z0-9_.-]+")


def _normalized(finding: Finding) -> tuple[str | int | None, ...]:
    """Return the finding's fields with every blank node id, wherever it appears, as "_:"."""
    ids = {
        shown[2:]
        for shown in (finding.focus, finding.value)
        if shown is not None and shown.startswith("_:")
    }
    fields: list[str | int | None] = []
    for value in vars(finding).values():
        if isinstance(value, str):
            value = _BLANK.sub("_:", value)
            for blank in ids:
                value = value.replace(blank, "_:")
        fields.append(value)
    return tuple(fields)


def _both(vocabulary: Vocabulary, profiles: list[str]) -> tuple[list[object], list[object]]:
    """Return the normalized findings of the fast engine and of pySHACL, sorted."""
    found = []
    for engine in ("fast", "pyshacl"):
        report = validate_vocabulary(vocabulary, PROJECT.shapes_dir, profiles, engine=engine)
        found.append(sorted(map(_normalized, report.findings), key=str))
    return found[0], found[1]


def _read(files: list[Path]) -> Vocabulary:
    """Load files as the build does; past its size limits, as they are."""
    try:
        return read_vocabulary(PROJECT, files)
    except LimitError:
        return load_vocabulary(files)


@pytest.mark.parametrize("case", CHECK_CASES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_check_case_same_findings(case: Path) -> None:
    fast, reference = _both(_read([case]), [case.parent.name])
    assert fast == reference
    if case.name.split(".")[0] not in ("disconnected-clusters", "ill-typed-literal"):
        assert fast, "a check case must find something, or the comparison proves nothing"


@pytest.mark.parametrize("case", OTHER_CASES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_other_vocabulary_same_findings_all_profiles(case: Path) -> None:
    fast, reference = _both(_read([case]), PROFILES)
    assert fast == reference


def test_project_vocabulary_same_findings_all_profiles() -> None:
    fast, reference = _both(read_vocabulary(PROJECT), PROFILES)
    assert fast == reference


@pytest.mark.parametrize("path", [LOS, EU_DATA_THEME], ids=["los", "eu-data-theme"])
def test_real_vocabulary_same_findings_skos(path: Path) -> None:
    fast, reference = _both(read_vocabulary(PROJECT, [path]), ["skos"])
    assert fast == reference
    assert fast


def test_the_real_profiles_never_fall_back_to_pyshacl(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every shape of the four profiles runs as SPARQL: a fallback would be slow."""

    def refuse(data: Graph, shapes: Graph) -> list[ShapeResult]:
        raise AssertionError("a shape fell back to pySHACL")

    monkeypatch.setattr(shacl, "pyshacl_results", refuse)
    vocabulary = read_vocabulary(PROJECT)
    report = validate_vocabulary(vocabulary, PROJECT.shapes_dir, PROFILES, engine="fast")
    assert report.profiles == PROFILES


def test_unknown_engine_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown engine"):
        validate_vocabulary(read_vocabulary(PROJECT), PROJECT.shapes_dir, ["skos"], "slow")  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------
# Portable shapes: what SHACL asks of a SPARQL constraint, so that any conforming engine runs it
# ---------------------------------------------------------------------------------------------

SHAPE_FILES = sorted(path for path in PROJECT.shapes_dir.iterdir() if path.is_file())


def _holder(shapes: Graph, node: Node) -> str:
    """Return the local name of the named shape that holds *node*, however deeply nested."""
    while not isinstance(node, URIRef):
        node = next(shapes.subjects(None, node))
    return re.split(r"[:#/]", str(node))[-1]


def _sparql_constraints() -> list[tuple[str, str, dict[str, str]]]:
    """Return every SPARQL constraint in shapes/: an id, its sh:select and its declared prefixes."""
    found = []
    for path in SHAPE_FILES:
        shapes = Graph().parse(path)
        for constraint in shapes.objects(None, SH.sparql):
            prefixes = {
                str(shapes.value(declare, SH.prefix)): str(shapes.value(declare, SH.namespace))
                for holder in shapes.objects(constraint, SH.prefixes)
                for declare in shapes.objects(holder, SH.declare)
            }
            select = str(shapes.value(constraint, SH.select))
            found.append((f"{path.name}:{_holder(shapes, constraint)}", select, prefixes))
    found.sort(key=lambda constraint: constraint[:2])
    # number the constraints of a shape that has more than one
    names = Counter(name for name, _, _ in found)
    seen: Counter[str] = Counter()
    numbered = []
    for name, select, prefixes in found:
        seen[name] += 1
        numbered.append((f"{name}#{seen[name]}" if names[name] > 1 else name, select, prefixes))
    return numbered


SPARQL_CONSTRAINTS = _sparql_constraints()
SPARQL_PROFILES = sorted({name.split(".")[0] for name, _, _ in SPARQL_CONSTRAINTS})


def _prefixes_used(node: object) -> set[str]:
    """Return the prefixes of the prefixed names in a parsed SPARQL query."""
    if isinstance(node, CompValue) and node.name == "pname":
        return {str(node["prefix"])}
    if isinstance(node, dict):
        children: Iterable[object] = node.values()
    elif isinstance(node, list | tuple | ParseResults):
        children = node
    else:
        return set()
    return set().union(*map(_prefixes_used, children))


def test_every_shape_file_is_a_profile_compared_on_both_engines() -> None:
    """The comparisons above run every file of shapes/: each is a profile with check cases."""
    assert sorted(path.stem for path in SHAPE_FILES) == PROFILES
    assert sorted({case.parent.name for case in CHECK_CASES}) == PROFILES
    assert SPARQL_PROFILES, "no SPARQL constraint found: the tests below would prove nothing"


@pytest.mark.parametrize(
    ("select", "prefixes"),
    [constraint[1:] for constraint in SPARQL_CONSTRAINTS],
    ids=[constraint[0] for constraint in SPARQL_CONSTRAINTS],
)
def test_sparql_constraint_projects_this(select: str, prefixes: dict[str, str]) -> None:
    """SHACL 5.1: a SPARQL constraint's SELECT query projects $this, or a strict engine refuses it.

    rdflib knows skos:, owl: and others without being told, so the prefixes the query uses are
    checked against those its sh:prefixes declare (or its own PREFIX lines).
    """
    parsed = parseQuery(select)
    declared = {str(line["prefix"]) for line in parsed[0]}
    assert _prefixes_used(parsed[1]) <= set(prefixes) | declared
    query = prepareQuery(select, initNs=prefixes)
    assert query.algebra.name == "SelectQuery"
    assert Variable("this") in query.algebra["PV"]


SPARQL_CASES = [case for case in CHECK_CASES if case.parent.name in SPARQL_PROFILES]
# A solution of a SPARQL constraint as the fast engine hands it on: focus node, bound variables.
Row = tuple[OxTerm, dict[str, OxTerm]]


@pytest.mark.parametrize("case", SPARQL_CASES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_check_case_sparql_constraints_give_no_row_twice(
    case: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No SPARQL constraint returns the same row twice for a focus node, on either engine.

    Both engines drop a repeated row before it becomes a result, but SHACL makes one result
    of every row: Jena 4.5 reported the top-concept-broader case twelve times over before that
    query said DISTINCT.
    """
    queried: dict[str, list[list[Hashable]]] = {"fast": [], "pyshacl": []}

    fast_rows = Engine.sparql_rows
    reference_rows = SPARQLBasedConstraint._validate_sparql_query

    def fast(
        self: Engine, shape: Node, constraint: Node, path: Node | None, rows: list[Row]
    ) -> list[RawResult]:
        queried["fast"].append([(focus, tuple(sorted(bound.items()))) for focus, bound in rows])
        return fast_rows(self, shape, constraint, path, rows)

    def reference(
        self: SPARQLBasedConstraint, query: str, binds: dict[str, Node], graph: Graph
    ) -> list[object]:
        solutions = graph.query(query, initBindings=binds)
        queried["pyshacl"].append([(tuple(sorted(binds.items())), tuple(row)) for row in solutions])
        return reference_rows(self, query, binds, graph)

    monkeypatch.setattr(Engine, "sparql_rows", fast)
    monkeypatch.setattr(SPARQLBasedConstraint, "_validate_sparql_query", reference)
    vocabulary = _read([case])
    for engine in ("fast", "pyshacl"):
        validate_vocabulary(vocabulary, PROJECT.shapes_dir, [case.parent.name], engine=engine)
    assert queried["fast"], "no SPARQL constraint ran"
    if any(queried["fast"]):
        # focus nodes with rows: pySHACL must have queried too, unless its internals moved
        assert queried["pyshacl"], "pySHACL's SPARQL constraints were not seen"
    repeated = {
        engine: [row for rows in found for row, count in Counter(rows).items() if count > 1]
        for engine, found in queried.items()
    }
    assert repeated == {"fast": [], "pyshacl": []}


# ---------------------------------------------------------------------------------------------
# SHACL features the profiles do not use (yet): small shapes graphs, both engines
# ---------------------------------------------------------------------------------------------

PREFIXES = """
@prefix ex: <https://example.org/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""

DATA_TTL = (
    PREFIXES
    + """
ex:Animal rdfs:subClassOf ex:Thing .
ex:Dog rdfs:subClassOf ex:Animal .
ex:rex a ex:Dog ; ex:name "Rex"@en, "Rex"@nb, "REX" ; ex:age 3, 4 ; ex:born 2020 ; ex:died 2019 ;
    ex:friend ex:tom, ex:ann, _:nameless ; ex:code "AB-1" ; ex:mother ex:ann .
ex:tom a ex:Animal ; ex:name "Tom"@en ; ex:age "old" ; ex:friend ex:rex ; ex:code "x1" ;
    ex:born 2018 ; ex:died 2018 .
ex:ann a ex:Thing ; ex:name "Ann" ; ex:mother ex:eve ; ex:child ex:rex .
ex:eve ex:mother ex:ann .
_:nameless ex:name "?"@en .
"""
)


def _compare_engines(shapes_ttl: str) -> list[ShapeResult]:
    """Validate DATA_TTL with *shapes_ttl* with both engines; return the shared results."""
    shapes = Graph().parse(data=PREFIXES + shapes_ttl, format="turtle")
    store = ox.Store()
    graph = ox.NamedNode("urn:test:data")
    store.load(DATA_TTL.encode(), format=ox.RdfFormat.TURTLE, to_graph=graph)
    fast = run_shapes(store, [graph], shapes)
    data = Graph()
    for quad in store.quads_for_pattern(None, None, None, graph):
        data.add(tuple(to_rdflib(term) for term in quad.triple))  # type: ignore[arg-type]
    reference = pyshacl_results(data, shapes)
    assert _results(fast, shapes) == _results(reference, shapes)
    return fast


def _results(results: list[ShapeResult], shapes: Graph) -> list[tuple[str, ...]]:
    """Return results as sorted text, every blank node (path shapes included) as "_:".

    A message counts only where the shape has sh:message: otherwise pySHACL makes up a
    generic one that the project never shows, and the fast engine gives none.
    """
    shown = set()
    for result in results:
        if shapes.value(result.source_shape, SH.message) is None:
            result = replace(result, message=None)
        terms = vars(result).values()
        shown.add(tuple("_:" if isinstance(term, BNode) else str(term) for term in terms))
    return sorted(shown)


FEATURE_SHAPES = {
    "class-with-subclasses": "ex:s a sh:NodeShape ; sh:targetClass ex:Thing ; sh:class ex:Animal .",
    "count-and-datatype": """ex:s a sh:NodeShape ; sh:targetClass ex:Animal ; sh:property [
        sh:path ex:age ; sh:minCount 2 ; sh:maxCount 1 ; sh:datatype xsd:integer ] .""",
    "in-hasvalue-nodekind": """ex:s a sh:NodeShape ; sh:targetSubjectsOf ex:friend ;
        sh:property [ sh:path ex:friend ; sh:in ( ex:tom ex:rex ) ; sh:nodeKind sh:IRI ] ,
                    [ sh:path ex:friend ; sh:hasValue ex:ann ] .""",
    "pattern-flags-languagein": """ex:s a sh:NodeShape ; sh:targetClass ex:Thing ;
        sh:property [ sh:path ex:code ; sh:pattern "^[a-z]+-[0-9]$" ; sh:flags "i" ] ,
                    [ sh:path ex:name ; sh:languageIn ( "en" "nb" ) ; sh:uniqueLang true ] .""",
    # A pattern matches anywhere in the text, as SPARQL's REGEX does: "e" is in "Rex".
    "pattern-unanchored": """ex:s a sh:NodeShape ; sh:targetClass ex:Thing ;
        sh:property [ sh:path ex:name ; sh:pattern "e" ] ,
                    [ sh:path ex:code ; sh:pattern "\\\\d$" ] .""",
    "pairs": """ex:s a sh:NodeShape ; sh:targetClass ex:Thing ;
        sh:property [ sh:path ex:born ; sh:lessThan ex:died ] ,
                    [ sh:path ex:born ; sh:lessThanOrEquals ex:died ] ,
                    [ sh:path ex:mother ; sh:equals ex:child ] ,
                    [ sh:path ex:friend ; sh:disjoint ex:mother ] .""",
    "paths": """ex:s a sh:NodeShape ; sh:targetNode ex:rex, ex:tom ;
        sh:property [ sh:path ( ex:friend ex:name ) ; sh:maxCount 2 ] ,
                    [ sh:path [ sh:zeroOrMorePath ex:mother ] ; sh:maxCount 2 ] ,
                    [ sh:path [ sh:inversePath ex:friend ] ; sh:minCount 2 ] .""",
    "logic": """ex:s a sh:NodeShape ; sh:targetSubjectsOf ex:name ;
        sh:xone ( [ sh:class ex:Dog ] [ sh:property [ sh:path ex:friend ; sh:minCount 1 ] ] ) ;
        sh:property [ sh:path ex:friend ; sh:node ex:named ] ,
            [ sh:path ex:friend ; sh:qualifiedValueShape [ sh:class ex:Animal ] ;
              sh:qualifiedMinCount 2 ; sh:qualifiedMaxCount 2 ] ,
            [ sh:path ex:friend ; sh:property [ sh:path ex:name ; sh:minCount 1 ] ] .
        ex:named a sh:NodeShape ; sh:property [ sh:path ex:name ; sh:datatype rdf:langString ] .""",
    "sparql-and-deactivated": """ex:s a sh:PropertyShape ; sh:targetClass ex:Animal ;
        sh:message "{$this} has friend {?value} of age {?age}" ;
        sh:path ex:friend ;
        sh:sparql [ sh:prefixes ex:prefixes ; sh:select '''
            SELECT $this ?value ?age WHERE { $this $PATH ?value . ?value ex:age ?age }''' ] .
        ex:prefixes sh:declare [ sh:prefix "ex" ;
            sh:namespace "https://example.org/"^^xsd:anyURI ] .
        ex:off a sh:NodeShape ; sh:targetClass ex:Thing ; sh:deactivated true ;
            sh:class ex:Nothing .""",
}


@pytest.mark.parametrize("name", FEATURE_SHAPES)
def test_feature_same_results(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[Graph] = []
    real = shacl.pyshacl_results

    def counted(data: Graph, shapes: Graph) -> list[ShapeResult]:
        calls.append(shapes)
        return real(data, shapes)

    monkeypatch.setattr(shacl, "pyshacl_results", counted)
    assert _compare_engines(FEATURE_SHAPES[name])
    assert not calls, "the fast engine fell back to pySHACL"


def test_unsupported_feature_falls_back_to_pyshacl() -> None:
    """sh:closed is not compiled: that shape is run by pySHACL, the others still as SPARQL."""
    results = _compare_engines(
        """ex:closed a sh:NodeShape ; sh:targetNode ex:tom ; sh:closed true ;
               sh:ignoredProperties ( rdf:type ) ; sh:property [ sh:path ex:name ] .
           ex:core a sh:NodeShape ; sh:targetClass ex:Thing ; sh:class ex:Dog ."""
    )
    sources = {str(result.source_shape) for result in results}
    assert sources == {"https://example.org/closed", "https://example.org/core"}


def test_a_finding_s_label_is_the_same_read_one_by_one_all_at_once_or_from_the_graph(
    tmp_path: Path,
) -> None:
    """Findings name their node by its label: the store's ways agree with the rdflib graph's."""
    source = tmp_path / "labels.ttl"
    source.write_text(
        """@prefix ex: <http://example.org/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:a skos:prefLabel "A"@en, "Å"@nb ; rdfs:label "ignored" .
ex:b rdfs:label "0012"^^xsd:integer, "b" .
ex:c skos:note "no label" .
[] skos:prefLabel "blank"@nn .
""",
        encoding="utf-8",
    )
    vocabulary = load_vocabulary([source, LOS])
    nodes = {to_rdflib(triple.subject) for triple in vocabulary.triples()}
    nodes.add(to_rdflib(ox.Literal("a literal")))
    one_by_one = preferred_labels(vocabulary, nodes, read_all_from=len(nodes) + 1)
    all_at_once = preferred_labels(vocabulary, nodes, read_all_from=0)
    from_graph = {node: preferred_label(vocabulary.graph, node) for node in nodes}
    assert one_by_one == all_at_once == {k: v for k, v in from_graph.items() if v is not None}
    assert len(one_by_one) > 500
    assert one_by_one[to_rdflib(ox.NamedNode("http://example.org/a"))] == "Å"
    assert to_rdflib(ox.NamedNode("http://example.org/b")) in one_by_one
