"""Run SPARQL 1.1 queries over a vocabulary with Oxigraph, and write their results.

The results are written in the SPARQL results formats (JSON, XML, CSV, TSV), as a readable
table, or, for CONSTRUCT and DESCRIBE, in an RDF syntax. The endpoint of ``serve`` runs its
queries through here too, with a cap on the rows.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlsplit
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox
from rdflib import Graph, URIRef

from kompetanse_skos.errors import LoadError, QueryError
from kompetanse_skos.project import Project
from kompetanse_skos.rdf.formats import BY_NAME, GRAPH_FORMATS, SOLUTION_FORMATS
from kompetanse_skos.vocabulary.load import load_vocabulary
from kompetanse_skos.vocabulary.read import read_vocabulary

T = TypeVar("T")
Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
# pyoxigraph's writers of SPARQL results, by the name `query --format` takes.
_RESULTS_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
# An update starts, after its prologue, with one of these words.
_PROLOGUE = re.compile(r"(?:\s+|#[^\n]*|(?:PREFIX\s+[^\s:]*:\s*|BASE\s*)<[^>]*>)*", re.I)
_UPDATE = re.compile(r"(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.I)
_PREFIX = re.compile(r"PREFIX\s+([^\s:]*):\s*<([^>]*)>", re.I)
_POSITION = re.compile(r"^error at (\d+):(\d+): ")


@dataclass
class QueryResult:
    """The answer to one query: solutions, a boolean, or triples."""

    kind: str  # "solutions", "boolean" or "graph"
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Term | None, ...]] = field(default_factory=list)
    boolean: bool = False
    triples: list[ox.Triple] = field(default_factory=list)
    truncated: bool = False  # more rows or triples than the cap; the rest were left out
    prefixes: dict[str, str] = field(default_factory=dict)


def graph_store(graph: Graph) -> ox.Store:
    """Return an in-memory Oxigraph store holding *graph*."""
    store = ox.Store()
    store.load(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return store


def is_update(text: str) -> bool:
    """Tell whether *text* is a SPARQL update rather than a query."""
    return bool(_UPDATE.match(text, _PROLOGUE.match(text).end()))  # type: ignore[union-attr]


def refuse_services(text: str, allowed: Collection[str] = ()) -> None:
    """Raise a QueryError if the query *text* calls a SERVICE whose host is not *allowed*.

    An endpoint open to anyone must not make requests on a client's behalf: Oxigraph would
    send a SERVICE clause to whatever address it names, internal ones included. The query is
    parsed (rdflib's SPARQL parser resolves prefixes and unicode escapes as Oxigraph does), so a
    comment or a string that holds the word is no SERVICE. *allowed* holds host names, or
    ``host:port`` to allow one port only; a SERVICE named by a variable is never allowed.
    """
    for name in _services(text):
        if name is None:
            raise QueryError("SERVICE with a variable is refused by this endpoint")
        parts = urlsplit(name)
        host = (parts.hostname or "").lower()
        try:
            port = parts.port
        except ValueError:
            port = None
        if parts.scheme not in ("http", "https") or not (
            host in allowed or (port is not None and f"{host}:{port}" in allowed)
        ):
            raise QueryError(f"SERVICE <{name}> is refused: this endpoint calls no other host")


def _services(text: str) -> list[str | None]:
    """Return the IRI of every SERVICE in the query *text* (None for a variable).

    A query rdflib cannot parse (a syntax error, or syntax beyond SPARQL 1.1 that Oxigraph
    reads) is let through to Oxigraph only when it cannot hold a SERVICE at all: no such word
    and no escape that could spell one. Otherwise it is refused; it cannot be checked.
    """
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery
    from rdflib.plugins.sparql.parserutils import CompValue

    try:
        algebra = translateQuery(parseQuery(text)).algebra
    except Exception as error:  # rdflib raises a bare Exception for an unknown prefix
        lowered = text.lower()
        if "service" not in lowered and "\\u" not in lowered:
            return []
        reason = " ".join(str(error).split())
        raise QueryError(
            f"the query cannot be checked for SERVICE, so it is refused: {reason}"
        ) from None
    found: list[str | None] = []
    pending: list[object] = [algebra]
    while pending:  # no recursion: a deeply nested query must not exhaust the stack
        node = pending.pop()
        if isinstance(node, CompValue):
            if node.name == "ServiceGraphPattern":
                term = node.get("term")
                found.append(str(term) if isinstance(term, URIRef) else None)
            pending.extend(node.values())
        elif isinstance(node, dict):
            pending.extend(node.values())
        elif isinstance(node, list | tuple | set):
            pending.extend(node)
    return found


def run_query(
    store: ox.Store, text: str, source: str = "query", max_rows: int | None = None
) -> QueryResult:
    """Run the SPARQL query *text*; a malformed query is a QueryError naming its position.

    With *max_rows*, no more than that many solutions (or triples) are kept.
    """
    return _result(_answer(store, text, source), dict(_PREFIX.findall(text)), max_rows)


def _result(
    answer: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples,
    prefixes: dict[str, str],
    max_rows: int | None,
) -> QueryResult:
    """Read Oxigraph's *answer* into a QueryResult, keeping at most *max_rows* if given."""
    if isinstance(answer, ox.QueryBoolean):
        return QueryResult("boolean", boolean=bool(answer), prefixes=prefixes)
    if isinstance(answer, ox.QuerySolutions):
        variables = [variable.value for variable in answer.variables]
        rows, truncated = _take(
            (tuple(solution[name] for name in variables) for solution in answer), max_rows
        )
        return QueryResult("solutions", variables, rows, truncated=truncated, prefixes=prefixes)
    triples, truncated = _take(iter(answer), max_rows)
    return QueryResult("graph", triples=triples, truncated=truncated, prefixes=prefixes)


def query_answer(
    store: ox.Store, text: str, source: str = "query", output_format: str | None = None
) -> bytes:
    """Run the SPARQL query *text* and write its whole answer in *output_format*.

    SELECT and ASK results in a SPARQL results format are written by pyoxigraph's own
    writers; the table, and graphs, by ``write_result``, which ``serve`` also uses for the
    rows it keeps under its cap.
    """
    answer = _answer(store, text, source)
    if output_format in _RESULTS_FORMATS and not isinstance(answer, ox.QueryTriples):
        try:
            data = answer.serialize(format=_RESULTS_FORMATS[output_format]) or b""
        except OSError as error:  # an evaluation error, met while the rows are read
            raise QueryError(f"{source}: {error}") from error
        return data if data.endswith(b"\n") else data + b"\n"
    return write_result(_result(answer, dict(_PREFIX.findall(text)), None), output_format)


def _answer(
    store: ox.Store, text: str, source: str
) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
    """Return Oxigraph's answer to the query *text*, or a QueryError naming the problem."""
    if is_update(text):
        raise QueryError(f"{source}: this is a SPARQL update; only queries are run here")
    try:
        return store.query(text)
    except SyntaxError as error:
        raise QueryError(f"{source}:{_position(str(error))}") from error
    except OSError as error:  # an evaluation error, such as a SERVICE call that fails
        raise QueryError(f"{source}: {error}") from error


def _take(items: Iterable[T], limit: int | None) -> tuple[list[T], bool]:
    taken: list[T] = []
    for item in items:
        if limit is not None and len(taken) >= limit:
            return taken, True
        taken.append(item)
    return taken, False


def _position(message: str) -> str:
    """Turn Oxigraph's "error at 3:7: expected ..." into "3:7: expected ..."."""
    match = _POSITION.match(message)
    if match:
        return f"{match.group(1)}:{match.group(2)}: {message[match.end() :]}"
    return f" {message}"


def write_result(result: QueryResult, output_format: str | None = None) -> bytes:
    """Write *result* in *output_format* (default: a table, or Turtle for triples)."""
    if result.kind == "graph":
        fmt = output_format or "turtle"
        if fmt not in GRAPH_FORMATS:
            raise QueryError(f"a CONSTRUCT or DESCRIBE result cannot be written as {fmt}")
        prefixes = result.prefixes if fmt in ("turtle", "rdf") else None
        return ox.serialize(result.triples, format=BY_NAME[fmt].oxigraph, prefixes=prefixes) or b""
    fmt = output_format or "table"
    if fmt not in SOLUTION_FORMATS:
        raise QueryError(f"a SELECT or ASK result cannot be written as {fmt}")
    if fmt == "table":
        return _table(result).encode("utf-8")
    if fmt == "json":
        return _json(result).encode("utf-8")
    if fmt == "xml":
        return _xml(result).encode("utf-8")
    return _delimited(result, fmt).encode("utf-8")


def _json(result: QueryResult) -> str:
    if result.kind == "boolean":
        return json.dumps({"head": {}, "boolean": result.boolean}) + "\n"
    bindings = [
        {name: _json_term(term) for name, term in zip(result.variables, row, strict=True) if term}
        for row in result.rows
    ]
    data = {"head": {"vars": result.variables}, "results": {"bindings": bindings}}
    return json.dumps(data, ensure_ascii=False) + "\n"


def _json_term(term: Term) -> dict[str, object]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        found: dict[str, object] = {"type": "literal", "value": term.value}
        if term.language:
            found["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            found["datatype"] = term.datatype.value
        return found
    return {
        "type": "triple",
        "value": {
            "subject": _json_term(term.subject),
            "predicate": _json_term(term.predicate),
            "object": _json_term(term.object),
        },
    }


def _xml(result: QueryResult) -> str:
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head>'
    ]
    out += [f"<variable name={quoteattr(name)}/>" for name in result.variables]
    out.append("</head>")
    if result.kind == "boolean":
        out.append(f"<boolean>{'true' if result.boolean else 'false'}</boolean>")
    else:
        out.append("<results>")
        for row in result.rows:
            out.append("<result>")
            for name, term in zip(result.variables, row, strict=True):
                if term is not None:
                    out.append(f"<binding name={quoteattr(name)}>{_xml_term(term)}</binding>")
            out.append("</result>")
        out.append("</results>")
    out.append("</sparql>\n")
    return "\n".join(out)


def _xml_term(term: Term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != XSD_STRING:
            datatype = quoteattr(term.datatype.value)
            return f"<literal datatype={datatype}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    return f"<literal>{escape(str(term))}</literal>"


def _delimited(result: QueryResult, fmt: str) -> str:
    if result.kind == "boolean":
        return "true\n" if result.boolean else "false\n"
    if fmt == "tsv":
        lines = ["\t".join(f"?{name}" for name in result.variables)]
        lines += ["\t".join(str(term) if term else "" for term in row) for row in result.rows]
        return "\n".join(lines) + "\n"
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(result.variables)
    for row in result.rows:
        writer.writerow([_plain(term) for term in row])
    return buffer.getvalue()


def _plain(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.NamedNode | ox.Literal):
        return term.value
    return str(term)


def _table(result: QueryResult) -> str:
    if result.kind == "boolean":
        return ("yes" if result.boolean else "no") + "\n"
    header = [f"?{name}" for name in result.variables]
    cells = [[_short(term, result.prefixes) for term in row] for row in result.rows]
    widths = [max([len(h), *(len(row[i]) for row in cells)]) for i, h in enumerate(header)]
    lines = [_table_line(header, widths), _table_line(["-" * w for w in widths], widths)]
    lines += [_table_line(row, widths) for row in cells]
    count = len(result.rows)
    lines.append(f"({count} {'row' if count == 1 else 'rows'})")
    return "\n".join(lines) + "\n"


def _table_line(cells: Sequence[str], widths: Sequence[int]) -> str:
    return "  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)).rstrip()


def _short(term: Term | None, prefixes: dict[str, str]) -> str:
    """Write *term* readably: IRIs with the query's prefixes, plain strings unquoted."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return _compact(term.value, prefixes)
    if isinstance(term, ox.Literal):
        if term.language:
            return f"{term.value}@{term.language}"
        if term.datatype.value != XSD_STRING:
            return f"{term.value}^^{_compact(term.datatype.value, prefixes)}"
        return term.value
    return str(term)


def _compact(iri: str, prefixes: dict[str, str]) -> str:
    for prefix, namespace in sorted(prefixes.items(), key=lambda item: -len(item[1])):
        local = iri[len(namespace) :]
        if namespace and iri.startswith(namespace) and re.fullmatch(r"[\w.-]*", local):
            return f"{prefix}:{local}"
    return f"<{iri}>"


def vocabulary_store(project: Project, files: Sequence[Path] = ()) -> ox.Store:
    """Load *files* as they are, or the project's vocabulary as the build publishes it."""
    vocabulary = load_vocabulary(files) if files else read_vocabulary(project)
    store = ox.Store()
    store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object) for t in vocabulary.triples())
    return store


def read_query(text: str | None, file: Path | None) -> tuple[str, str]:
    """Return the query and the name to report its errors under, from text or a file."""
    if (text is None) == (file is None):
        raise QueryError("give a query, or --file with a query in it (not both)")
    if file is None:
        return str(text), "query"
    try:
        return file.read_text(encoding="utf-8"), str(file)
    except (OSError, UnicodeDecodeError) as error:
        raise LoadError(f"{file}: cannot read the query: {error}") from error
