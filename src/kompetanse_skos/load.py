"""Read RDF files into one graph, remembering which file each resource came from."""

from __future__ import annotations

import gzip
import json
import logging
import warnings
import xml.sax
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset, Graph
from rdflib.exceptions import ParserError
from rdflib.plugins.parsers.notation3 import BadSyntax
from rdflib.term import Node

from kompetanse_skos.errors import LoadError

# The suffixes we read, and the rdflib parser for each. ".gz" may follow any of them.
FORMATS = {
    ".ttl": "turtle",
    ".turtle": "turtle",
    ".nt": "nt",
    ".n3": "n3",
    ".rdf": "xml",
    ".xml": "xml",
    ".owl": "xml",
    ".jsonld": "json-ld",
    ".json": "json-ld",
    ".trig": "trig",
    ".nq": "nquads",
}


@dataclass
class Vocabulary:
    """The merged graph of some RDF files, and the file each subject was first stated in."""

    graph: Graph
    files: list[Path]
    sources: dict[Node, Path] = field(default_factory=dict)

    def source_of(self, node: Node) -> Path | None:
        """Return the file that states *node* as a subject, if any."""
        return self.sources.get(node)


def rdf_format(path: Path) -> str:
    """Return the rdflib format name for *path*, judged by its suffix."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes.pop()
    if suffixes and suffixes[-1] in FORMATS:
        return FORMATS[suffixes[-1]]
    known = ", ".join(sorted(FORMATS))
    raise LoadError(f"{path}: unknown RDF syntax; name the file with one of {known}")


def vocabulary_files(folder: Path) -> list[Path]:
    """List the RDF files in *folder*, sorted, or fail if there are none."""
    if not folder.is_dir():
        raise LoadError(f"{folder}: no such folder")
    files = sorted(path for path in folder.iterdir() if path.is_file() and _is_rdf_name(path))
    if not files:
        raise LoadError(f"{folder}: no vocabulary files (expected *.ttl or another RDF syntax)")
    return files


def _is_rdf_name(path: Path) -> bool:
    try:
        rdf_format(path)
    except LoadError:
        return False
    return not path.name.startswith(".")


def load_vocabulary(files: Iterable[Path]) -> Vocabulary:
    """Parse every file into one graph; any unreadable file stops everything."""
    files = list(files)
    if not files:
        raise LoadError("no input files given")
    merged = Graph(bind_namespaces="core")
    sources: dict[Node, Path] = {}
    for path in files:
        part = parse_file(path)
        for prefix, namespace in part.namespaces():
            merged.bind(prefix, namespace, override=False)
        for triple in part:
            merged.add(triple)
            sources.setdefault(triple[0], path)
    if len(merged) == 0:
        names = ", ".join(str(path) for path in files)
        raise LoadError(f"{names}: no RDF statements found; the vocabulary is empty")
    return Vocabulary(merged, files, sources)


def parse_file(path: Path) -> Graph:
    """Parse one RDF file; a syntax error becomes a LoadError naming file, line and column."""
    syntax = rdf_format(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise LoadError(f"{path}: cannot read: {error.strerror}") from error
    if path.suffix.lower() == ".gz":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as error:
            raise LoadError(f"{path}: not a readable gzip file: {error}") from error
    graph = Graph(bind_namespaces="core")
    try:
        text = data.decode("utf-8") if syntax != "xml" else None
    except UnicodeDecodeError as error:
        raise LoadError(
            f"{path}: not UTF-8 text (byte {error.start}); is it really {syntax} RDF?"
        ) from error
    try:
        with _quiet_literals():
            if text is None:
                graph.parse(data=data, format=syntax, publicID=path.resolve().as_uri())
            else:
                graph.parse(data=text, format=syntax, publicID=path.resolve().as_uri())
    except BadSyntax as error:
        raise LoadError(f"{path}:{_bad_syntax_position(error)}: {error._why}") from error
    except xml.sax.SAXParseException as error:
        position = f"{error.getLineNumber()}:{error.getColumnNumber()}"
        raise LoadError(f"{path}:{position}: {error.getMessage()}") from error
    except json.JSONDecodeError as error:
        raise LoadError(f"{path}:{error.lineno}:{error.colno}: {error.msg}") from error
    except (ParserError, SyntaxError, ValueError, TypeError, KeyError) as error:
        position = _line_of(text, syntax) if text is not None else ""
        raise LoadError(f"{path}:{position} not valid {syntax}: {_one_line(error)}") from error
    return graph


@contextmanager
def _quiet_literals() -> Iterator[None]:
    """Silence rdflib's logged tracebacks for ill-typed literals such as "1986-21-01"^^xsd:date.

    The literals stay in the graph as written, and the ``ill-typed-literal`` check reports them.
    """
    logger = logging.getLogger("rdflib.term")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)


def _bad_syntax_position(error: BadSyntax) -> str:
    """Return "line:column" (both from 1) for an rdflib Turtle/N3 syntax error."""
    text = error._str.decode("utf-8", errors="replace")
    offset = error._i
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return f"{line}:{column}"


def _line_of(text: str, syntax: str) -> str:
    """Return "N:" for the first line of N-Triples or N-Quads that does not parse alone."""
    if syntax not in ("nt", "nquads"):
        return ""
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            Dataset().parse(data=line, format=syntax)
        except (ParserError, SyntaxError, ValueError):
            return f"{number}:"
    return ""


def _one_line(error: Exception) -> str:
    message = " ".join(str(error).split())
    return message[:300] or type(error).__name__
