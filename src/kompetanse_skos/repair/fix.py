"""Repair a vocabulary by the rules, until none finds more to do, and report every change."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from rdflib import Graph

from kompetanse_skos.errors import KompetanseError
from kompetanse_skos.rdf.dumps import serialize
from kompetanse_skos.rdf.formats import TURTLE
from kompetanse_skos.repair.rules import (
    RULE_IDS,
    RULES,
    Problem,
    Repair,
    lower_language_tags,
    problems,
)
from kompetanse_skos.vocabulary.load import parse_file

# A repair can make work for a rule that ran before it (a moved prefLabel may repeat an
# altLabel); the rules run again until a round changes nothing, at most this many rounds.
MAX_ROUNDS = 10


@dataclass
class FixResult:
    """The repaired graph, every repair made, and what needs a person."""

    graph: Graph
    repairs: list[Repair] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def read_graph(files: Iterable[Path]) -> Graph:
    """Read *files* into one rdflib graph, keeping the language tags as they are written."""
    graph = Graph(bind_namespaces="core")
    for file in files:
        part = parse_file(file)
        graph += part
        for prefix, namespace in part.namespaces():
            graph.bind(prefix, namespace, override=False)
    return graph


def fix_graph(graph: Graph, skip: Sequence[str] = ()) -> FixResult:
    """Return a repaired copy of *graph*: every rule not in *skip*, until nothing changes."""
    unknown = sorted(set(skip) - set(RULE_IDS))
    if unknown:
        raise KompetanseError(
            f"no repair rule {', '.join(unknown)}; the rules are {', '.join(RULE_IDS)}"
        )
    result = FixResult(graph)
    if "language-tag-case" not in skip:
        result.graph, result.repairs = lower_language_tags(graph)
    graph = result.graph
    for _ in range(MAX_ROUNDS):
        made = [repair for rule, run in RULES.items() if rule not in skip for repair in run(graph)]
        if not made:
            break
        result.repairs += made
    result.repairs.sort()
    result.problems = problems(graph)
    return result


def write_fixed(result: FixResult, out: Path, inputs: Sequence[Path]) -> None:
    """Write the repaired graph to *out* as canonical Turtle; never over one of *inputs*."""
    if any(out.resolve() == path.resolve() for path in inputs):
        raise KompetanseError(f"{out}: is an input; fix writes a repaired copy, never in place")
    try:
        out.write_bytes(serialize(result.graph, TURTLE))
    except OSError as error:
        raise KompetanseError(f"{out}: cannot write the repaired copy: {error}") from error


def fix_text(result: FixResult, out: Path) -> str:
    """Return the report for people: each repair, each problem, and a summary line."""
    lines = []
    for repair in result.repairs:
        check = f" [{repair.check}]" if repair.check else ""
        lines.append(f"{repair.rule}{check} <{repair.resource}>: {repair.what} ({repair.why})")
    for problem in result.problems:
        lines.append(f"cannot repair [{problem.check}] <{problem.resource}> {problem.message}")
    lines.append(
        f"{len(result.repairs)} repairs, written to {out}; "
        f"{len(result.problems)} problems need a person"
    )
    return "\n".join(lines)


def fix_json(result: FixResult, out: Path) -> str:
    """Return the report for programs."""
    data = {
        "output": str(out),
        "repairs": [asdict(repair) for repair in result.repairs],
        "problems": [asdict(problem) for problem in result.problems],
    }
    return json.dumps(data, ensure_ascii=False, indent=2)
