"""Run the chosen SHACL profiles and quality checks; return findings, never print.

The shapes run on the fast engine (shacl.run_shapes: SPARQL on the vocabulary's pyoxigraph
store) unless pySHACL is asked for; tests/validation/shacl/test_engine.py holds the two to the
same findings.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Literal as Choice

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kompetanse_skos.errors import ProfileError
from kompetanse_skos.rdf.namespaces import CHECK, RDFS, SH
from kompetanse_skos.validation import quality
from kompetanse_skos.validation.labels import preferred_label, preferred_labels
from kompetanse_skos.validation.shacl.results import ShapeResult
from kompetanse_skos.validation.shacl.run import pyshacl_results, run_shapes
from kompetanse_skos.vocabulary.load import Vocabulary, parse_file

SEVERITIES = ("violation", "warning", "info")
_SEVERITY_OF = {SH.Violation: "violation", SH.Warning: "warning", SH.Info: "info"}
# "fast" compiles the shapes to SPARQL on the vocabulary's store (shacl.run_shapes);
# "pyshacl" runs pySHACL on its rdflib graph, the reference the fast engine is tested against.
Engine = Choice["fast", "pyshacl"]
ENGINES: tuple[Engine, ...] = ("fast", "pyshacl")


@dataclass(frozen=True)
class Check:
    """One check: a named SHACL shape, or a quality check written in Python."""

    id: str
    profile: str
    severity: str
    label: str
    description: str
    message: str


@dataclass(frozen=True, order=True)
class Finding:
    """One problem found: which check, on which resource, and where it is defined."""

    severity_rank: int
    check: str
    focus: str
    message: str
    severity: str
    profile: str
    label: str | None = None
    value: str | None = None
    path: str | None = None
    file: str | None = None

    def as_dict(self) -> dict[str, object]:
        """Return the finding as JSON-ready data."""
        data = asdict(self)
        del data["severity_rank"]
        return data


@dataclass
class ValidationReport:
    """The findings of one validation run."""

    profiles: list[str]
    findings: list[Finding] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)

    @property
    def conforms(self) -> bool:
        """Whether no check found a violation."""
        return not any(f.severity == "violation" for f in self.findings)

    @property
    def has_warnings(self) -> bool:
        """Whether any check found a warning."""
        return any(f.severity == "warning" for f in self.findings)

    def counts(self) -> dict[str, int]:
        """Return the number of findings per severity, every severity present."""
        counted = Counter(f.severity for f in self.findings)
        return {severity: counted[severity] for severity in SEVERITIES}

    def as_dict(self) -> dict[str, object]:
        """Return the report as JSON-ready data."""
        return {
            "conforms": self.conforms,
            "profiles": self.profiles,
            "counts": self.counts(),
            "findings": [f.as_dict() for f in self.findings],
            "ignored": self.ignored,
        }

    def without(self, checks: Iterable[str]) -> ValidationReport:
        """Return the report with the findings of *checks* left out, and what was left out."""
        leave_out = set(checks)
        kept = [f for f in self.findings if f.check not in leave_out]
        return ValidationReport(self.profiles, kept, sorted(leave_out))


PythonCheck = Callable[[Vocabulary], Iterable[tuple[Node, str, Node | None]]]


@dataclass(frozen=True)
class _PythonCheck:
    check: Check
    run: PythonCheck


# Checks that SHACL expresses badly live in quality.py and report in the same form.
PYTHON_CHECKS = [
    _PythonCheck(
        Check(
            "disconnected-clusters",
            "skos",
            "info",
            "Disconnected concept clusters",
            "The concepts of a scheme fall apart into groups that no broader, narrower or "
            "related link joins (qSKOS: disconnected concept clusters). Concepts that are top "
            "concepts of the same scheme count as joined through it.",
            "Concept belongs to a cluster of {count} concepts that no hierarchical or "
            "associative relation links to the rest of its scheme.",
        ),
        quality.disconnected_clusters,
    ),
    _PythonCheck(
        Check(
            "ill-typed-literal",
            "skos",
            "warning",
            "Ill-typed literal",
            "A typed literal whose text is not a valid value of its datatype, such as "
            '"1986-21-01"^^xsd:date. Tools that read the value will fail or drop it.',
            "Literal {value} is not a valid value of its datatype.",
        ),
        quality.ill_typed_literals,
    ),
]


def available_profiles(shapes_dir: Path) -> dict[str, Path]:
    """Return the profiles in *shapes_dir*: the name of each ``*.ttl`` file and its path."""
    return {path.stem: path for path in sorted(shapes_dir.glob("*.ttl"))}


def check_profiles(shapes_dir: Path, profiles: Sequence[str]) -> dict[str, Path]:
    """Return the shape files of *profiles*, or fail naming the profiles there are."""
    available = available_profiles(shapes_dir)
    unknown = [name for name in profiles if name not in available]
    if unknown:
        known = ", ".join(available) or "none"
        raise ProfileError(f"unknown profile {', '.join(unknown)}; available: {known}")
    if not profiles:
        raise ProfileError("no profile chosen")
    return {name: available[name] for name in profiles}


def load_checks(shapes_dir: Path, profiles: Sequence[str]) -> tuple[Graph, dict[str, Check]]:
    """Read the shapes of *profiles* into one graph and describe every check they hold."""
    shapes = Graph()
    checks: dict[str, Check] = {}
    for profile, path in check_profiles(shapes_dir, profiles).items():
        part = parse_file(path)
        for shape in sorted(set(part.subjects(SH.severity, None)), key=str):
            if isinstance(shape, URIRef) and shape.startswith(CHECK):
                check_id = shape[len(CHECK) :]
                checks[check_id] = Check(
                    check_id,
                    profile,
                    _severity(part.value(shape, SH.severity)),
                    _english(part, shape, RDFS.label) or check_id,
                    _english(part, shape, RDFS.comment) or "",
                    _english(part, shape, SH.message) or "",
                )
        shapes += part
    for python_check in PYTHON_CHECKS:
        if python_check.check.profile in profiles:
            checks[python_check.check.id] = python_check.check
    return shapes, checks


# Finding's fields in order; astuple would deep-copy each finding, slow for tens of thousands.
_FIELDS = [item.name for item in fields(Finding)]


def finding_order(finding: Finding) -> tuple[object, ...]:
    """Return a sort key for *finding*: its fields in order, a missing one as "".

    Two findings may differ only in a field one of them lacks (a count result has no
    value), and None cannot be compared with text.
    """
    values = (getattr(finding, name) for name in _FIELDS)
    return tuple("" if value is None else value for value in values)


def _severity(value: Node | None) -> str:
    return _SEVERITY_OF.get(value, "violation") if isinstance(value, URIRef) else "violation"


def validate_vocabulary(
    vocabulary: Vocabulary,
    shapes_dir: Path,
    profiles: Sequence[str],
    engine: Engine = "fast",
) -> ValidationReport:
    """Validate the vocabulary with the shapes and Python checks of *profiles*.

    The *engine* runs the shapes: "fast" as SPARQL on the vocabulary's store, "pyshacl" with
    pySHACL on its rdflib graph. Both give the same findings; the fast one never builds the
    rdflib graph, so it suits large vocabularies. The store holds typed literals by value,
    and gives "5"^^xsd:int back as "5"^^xsd:integer: when the vocabulary has such a literal,
    whose datatype a shape may check, pySHACL runs the shapes on the literals as written.
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    if vocabulary.originals.retyped:
        engine = "pyshacl"
    shapes, checks = load_checks(shapes_dir, profiles)
    found: list[tuple[Finding, Node | None]] = []
    if len(shapes):
        if engine == "fast":
            results = run_shapes(vocabulary.store, vocabulary.graphs, shapes)
        else:
            results = pyshacl_results(vocabulary.graph, shapes)
        found += _shacl_findings(results, shapes, checks, vocabulary)
    for python_check in PYTHON_CHECKS:
        check = python_check.check
        if check.profile not in profiles:
            continue
        for focus, detail, value in python_check.run(vocabulary):
            message = check.message.replace("{count}", detail).replace(
                "{value}", _show(value) if value is not None else ""
            )
            found.append((_finding(check, focus, message, vocabulary, value=value), focus))
    labels = _labels(vocabulary, {focus for _, focus in found if focus is not None}, engine)
    findings = {
        replace(finding, label=labels.get(focus)) if focus is not None else finding
        for finding, focus in found
    }
    return ValidationReport(list(profiles), sorted(findings, key=finding_order))


def _shacl_findings(
    results: Iterable[ShapeResult], shapes: Graph, checks: dict[str, Check], vocabulary: Vocabulary
) -> list[tuple[Finding, Node]]:
    """Return a finding, with its focus node, for each result of a named check."""
    findings = []
    named: dict[Node, str | None] = {}
    messaged: dict[Node, bool] = {}  # whether the shape has a message of its own
    for result in results:
        shape = result.source_shape
        if shape not in named:
            named[shape] = _named_check(shapes, shape)
            messaged[shape] = shapes.value(shape, SH.message) is not None
        check_id = named[shape]
        if check_id is None or check_id not in checks:
            continue
        check = checks[check_id]
        focus, value = result.focus, result.value
        if focus == CHECK[check_id] and value is not None:
            # A whole-vocabulary check runs once, on its own shape, and names in sh:value
            # the resource at fault: that resource is what the maintainer must fix.
            focus = value
        path = result.path
        if isinstance(path, BNode):
            path = None  # a complex path: its blank node means nothing to a reader
        if messaged[shape]:
            message = (str(result.message) if result.message is not None else "") or check.message
        else:
            message = _substitute(check.message, focus, value, path)
        finding = _finding(check, focus, message, vocabulary, value=value, path=path)
        findings.append((finding, focus))
    return findings


def _named_check(shapes: Graph, shape: Node | None) -> str | None:
    """Walk up from a (possibly blank) source shape to the named check that holds it."""
    seen: set[Node] = set()
    todo = [shape] if shape is not None else []
    while todo:
        node = todo.pop()
        if isinstance(node, URIRef) and node.startswith(CHECK):
            return node[len(CHECK) :]
        if node in seen or not isinstance(node, BNode):
            continue
        seen.add(node)
        todo.extend(shapes.subjects(None, node))
    return None


def _finding(
    check: Check,
    focus: Node | None,
    message: str,
    vocabulary: Vocabulary,
    value: Node | None = None,
    path: Node | None = None,
) -> Finding:
    """Return a finding without a label; validate_vocabulary adds the labels of all at once."""
    source = vocabulary.source_of(focus) if focus is not None else None
    return Finding(
        severity_rank=SEVERITIES.index(check.severity),
        check=check.id,
        focus=_show(focus) if focus is not None else "",
        message=message,
        severity=check.severity,
        profile=check.profile,
        value=_show(value) if value is not None else None,
        path=_show(path) if path is not None else None,
        file=str(source) if source is not None else None,
    )


def _labels(vocabulary: Vocabulary, nodes: set[Node], engine: Engine) -> dict[Node, str]:
    """Return the preferred labels of *nodes*, from the store or, for pySHACL, the graph."""
    if engine == "fast":
        return preferred_labels(vocabulary, nodes)
    found = {node: preferred_label(vocabulary.graph, node) for node in nodes}
    return {node: label for node, label in found.items() if label is not None}


def _english(graph: Graph, node: Node, prop: URIRef) -> str | None:
    values = sorted(v for v in graph.objects(node, prop) if isinstance(v, Literal))
    for value in values:
        if value.language in (None, "en"):
            return str(value)
    return str(values[0]) if values else None


def _substitute(message: str, focus: Node | None, value: Node | None, path: Node | None) -> str:
    for name, node in (("this", focus), ("value", value), ("path", path)):
        shown = _show(node) if node is not None else ""
        message = message.replace("{$" + name + "}", shown).replace("{?" + name + "}", shown)
    return message


def _show(node: Node) -> str:
    if isinstance(node, Literal):
        return node.n3()
    if isinstance(node, BNode):
        return f"_:{node}"
    return str(node)
