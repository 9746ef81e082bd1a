"""Run the chosen SHACL profiles and quality checks; return findings, never print."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, astuple, dataclass, field
from pathlib import Path
from typing import Any

import pyshacl
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.plugins.sparql.processor import SPARQLProcessor, prepareQuery
from rdflib.plugins.sparql.sparql import Query
from rdflib.term import Node

from kompetanse_skos import quality
from kompetanse_skos.errors import ProfileError
from kompetanse_skos.load import Vocabulary, parse_file
from kompetanse_skos.namespaces import CHECK, RDFS, SH, SKOS

SEVERITIES = ("violation", "warning", "info")
_SEVERITY_OF = {SH.Violation: "violation", SH.Warning: "warning", SH.Info: "info"}
LABEL_LANGUAGES = ("nb", "nn", "no", "en", "")


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


PythonCheck = Callable[[Graph], Iterable[tuple[Node, str, Node | None]]]


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


def finding_order(finding: Finding) -> tuple[object, ...]:
    """Return a sort key for *finding*: its fields in order, a missing one as "".

    Two findings may differ only in a field one of them lacks (a count result has no
    value), and None cannot be compared with text.
    """
    return tuple("" if value is None else value for value in astuple(finding))


def _severity(value: Node | None) -> str:
    return _SEVERITY_OF.get(value, "violation") if isinstance(value, URIRef) else "violation"


def validate_vocabulary(
    vocabulary: Vocabulary, shapes_dir: Path, profiles: Sequence[str]
) -> ValidationReport:
    """Validate the vocabulary's graph with the shapes and Python checks of *profiles*."""
    shapes, checks = load_checks(shapes_dir, profiles)
    findings: set[Finding] = set()
    graph = vocabulary.graph
    if len(shapes):
        with _sparql_parsed_once():
            _, results, _ = pyshacl.validate(
                graph, shacl_graph=shapes, inference="none", advanced=False, allow_warnings=True
            )
        findings |= _shacl_findings(results, shapes, checks, vocabulary)
    for python_check in PYTHON_CHECKS:
        check = python_check.check
        if check.profile not in profiles:
            continue
        for focus, detail, value in python_check.run(graph):
            message = check.message.replace("{count}", detail).replace(
                "{value}", _show(value) if value is not None else ""
            )
            findings.add(_finding(check, focus, message, vocabulary, value=value))
    return ValidationReport(list(profiles), sorted(findings, key=finding_order))


@contextmanager
def _sparql_parsed_once() -> Iterator[None]:
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


def _shacl_findings(
    results: Graph, shapes: Graph, checks: dict[str, Check], vocabulary: Vocabulary
) -> set[Finding]:
    findings = set()
    # Only top-level results: those nested under sh:detail explain a result, they are not one.
    for result in results.objects(None, SH.result):
        source = results.value(result, SH.sourceShape)
        check_id = _named_check(shapes, source)
        if check_id is None or check_id not in checks:
            continue
        check = checks[check_id]
        focus = results.value(result, SH.focusNode)
        value = results.value(result, SH.value)
        if focus == CHECK[check_id] and value is not None:
            # A whole-vocabulary check runs once, on its own shape, and names in sh:value
            # the resource at fault: that resource is what the maintainer must fix.
            focus = value
        path = results.value(result, SH.resultPath)
        if isinstance(path, BNode):
            path = None  # a complex path: its blank node means nothing to a reader
        if source is not None and shapes.value(source, SH.message) is not None:
            message = _english(results, result, SH.resultMessage) or check.message
        else:
            message = _substitute(check.message, focus, value, path)
        findings.add(_finding(check, focus, message, vocabulary, value=value, path=path))
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
    source = vocabulary.source_of(focus) if focus is not None else None
    return Finding(
        severity_rank=SEVERITIES.index(check.severity),
        check=check.id,
        focus=_show(focus) if focus is not None else "",
        message=message,
        severity=check.severity,
        profile=check.profile,
        label=preferred_label(vocabulary.graph, focus) if focus is not None else None,
        value=_show(value) if value is not None else None,
        path=_show(path) if path is not None else None,
        file=str(source) if source is not None else None,
    )


def preferred_label(graph: Graph, node: Node) -> str | None:
    """Return the node's prefLabel (or rdfs:label), bokmål first."""
    for prop in (SKOS.prefLabel, RDFS.label):
        labels = [label for label in graph.objects(node, prop) if isinstance(label, Literal)]
        for language in LABEL_LANGUAGES:
            for label in sorted(labels):
                if (label.language or "") == language:
                    return str(label)
        if labels:
            return str(sorted(labels)[0])
    return None


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
