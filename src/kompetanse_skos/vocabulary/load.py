"""Read RDF files into one store, a named graph per file, so each resource's file is known."""

from __future__ import annotations

import gzip
import json
import re
import xml.parsers.expat
import xml.sax
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Dataset, Graph
from rdflib.exceptions import ParserError
from rdflib.plugins.parsers.notation3 import BadSyntax
from rdflib.term import Node

from kompetanse_skos.errors import LoadError
from kompetanse_skos.rdf.exact import Originals
from kompetanse_skos.rdf.formats import BY_SUFFIX, RdfFormat, format_of
from kompetanse_skos.rdf.terms import (
    OxTerm,
    graph_triples,
    quiet_literals,
    rdflib_graph,
    to_oxigraph,
)

# Where the build puts the triples it derives (enrich.py), beside one named graph per file.
ENRICHMENT = ox.NamedNode("urn:kompetanse-skos:graph:enrichment")


@dataclass
class Vocabulary:
    """The merge of some RDF files, held in a pyoxigraph store: one named graph per file.

    Queries see the merge of ``graphs`` (the files', then what the build derived). The rdflib
    form, ``graph``, is made on first use; large vocabularies never need it.
    """

    store: ox.Store
    files: list[Path]
    graphs: list[ox.NamedNode]
    prefixes: dict[str, str] = field(default_factory=dict)
    origins: dict[ox.NamedNode, Path] = field(default_factory=dict)
    # The typed literals the store keeps in another form than the files wrote them.
    originals: Originals = field(default_factory=Originals)
    # What other modules work out from the triples and keep (the model): forgotten by add().
    derived: dict[str, object] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_graph(cls, graph: Graph, origin: Path | None = None) -> Vocabulary:
        """Return a vocabulary holding an rdflib graph, every resource stated in *origin*."""
        name = ox.NamedNode(origin.resolve().as_uri() if origin else "urn:kompetanse-skos:graph")
        store = ox.Store()
        originals = Originals()
        store.extend(_noted([ox.Quad(*_parts(t), name) for t in graph_triples(graph)], originals))
        originals.settle()
        prefixes = {prefix: str(namespace) for prefix, namespace in graph.namespaces() if prefix}
        origins = {name: origin} if origin else {}
        return cls(store, [origin] if origin else [], [name], prefixes, origins, originals)

    @cached_property
    def graph(self) -> Graph:
        """The vocabulary as an rdflib graph (made on first use)."""
        graph = rdflib_graph(self.triples())
        for prefix, namespace in self.prefixes.items():
            graph.bind(prefix, namespace, override=False)
        return graph

    def query(self, sparql: str) -> Any:
        """Run a SPARQL query over the vocabulary."""
        return self.store.query(sparql, default_graph=list(self.graphs))

    def triples(
        self,
        subject: OxTerm | None = None,
        predicate: ox.NamedNode | None = None,
        value: OxTerm | None = None,
    ) -> Iterator[ox.Triple]:
        """Yield the vocabulary's triples that match, each once, as the files wrote them."""
        if self.originals:
            replacements = self.originals.replacements()
            for triple in self._stored_triples(subject, predicate, value):
                written = replacements.get(triple)
                if written is None:
                    yield triple
                else:
                    yield from written
            return
        yield from self._stored_triples(subject, predicate, value)

    def _stored_triples(
        self,
        subject: OxTerm | None = None,
        predicate: ox.NamedNode | None = None,
        value: OxTerm | None = None,
    ) -> Iterator[ox.Triple]:
        # A graph holds each triple once; one of a later graph is yielded unless an earlier
        # graph has it (asking the store is faster than remembering every triple).
        for n, graph in enumerate(self.graphs):
            earlier = self.graphs[:n]
            for quad in self.store.quads_for_pattern(subject, predicate, value, graph):  # type: ignore[arg-type]
                if not earlier or not any(
                    ox.Quad(quad.subject, quad.predicate, quad.object, other) in self.store
                    for other in earlier
                ):
                    yield quad.triple

    def describe(self, node: OxTerm) -> list[ox.Triple]:
        """Return *node*'s concise bounded description: its triples and its blank nodes'."""
        found: list[ox.Triple] = []
        todo, seen = [node], {node}
        while todo:
            for triple in self.triples(todo.pop(), None, None):
                found.append(triple)
                if isinstance(triple.object, ox.BlankNode) and triple.object not in seen:
                    seen.add(triple.object)
                    todo.append(triple.object)
        return found

    def pairs(self, predicate: ox.NamedNode) -> Iterator[tuple[OxTerm, OxTerm]]:
        """Yield the subject and object of every statement with *predicate*, each once.

        The fastest way to read one property of every resource: the store merges the graphs.
        """
        query = f"SELECT ?s ?o WHERE {{ ?s {predicate} ?o }}"
        solutions = self.store.query(query, default_graph=list(self.graphs))
        assert isinstance(solutions, ox.QuerySolutions)
        if not self.originals:
            for subject, value in solutions:
                yield subject, value
            return
        restore = self.originals.restore_value
        for subject, value in solutions:
            if type(value) is ox.Literal:
                for written in restore(subject, predicate, value):
                    yield subject, written  # type: ignore[misc]
            else:
                yield subject, value

    def values_of(self, predicate: ox.NamedNode) -> dict[OxTerm, set[OxTerm]]:
        """Return every subject's values of *predicate*."""
        found: dict[OxTerm, set[OxTerm]] = {}
        for subject, value in self.pairs(predicate):
            found.setdefault(subject, set()).add(value)
        return found

    def add(self, triples: Iterable[ox.Triple], graph: ox.NamedNode = ENRICHMENT) -> None:
        """Add derived *triples* to the vocabulary, in the named graph *graph*."""
        self.store.extend(ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples)
        if graph not in self.graphs:
            self.graphs.append(graph)
        self.__dict__.pop("graph", None)
        self.derived.clear()

    def with_triples(self, triples: Iterable[ox.Triple], graph: ox.NamedNode) -> Vocabulary:
        """Return the vocabulary plus *triples* (in *graph*), sharing this one's store."""
        extended = Vocabulary(
            self.store,
            self.files,
            list(self.graphs),
            self.prefixes,
            dict(self.origins),
            self.originals,
        )
        extended.add(triples, graph)
        return extended

    def graph_triples(self, graph: ox.NamedNode) -> list[ox.Triple]:
        """Return the triples of one of the vocabulary's named graphs, as stored."""
        return [quad.triple for quad in self.store.quads_for_pattern(None, None, None, graph)]

    def __len__(self) -> int:
        return sum(1 for _ in self.triples())

    def source_of(self, node: Node | OxTerm) -> Path | None:
        """Return the first file that states *node* as a subject, if any."""
        term = node if isinstance(node, OxTerm) else to_oxigraph(node)
        if not isinstance(term, ox.NamedNode | ox.BlankNode):
            return None
        for graph in self.graphs:
            origin = self.origins.get(graph)
            if origin is not None and next(
                iter(self.store.quads_for_pattern(term, None, None, graph)), None
            ):
                return origin
        return None


def rdf_format(path: Path) -> RdfFormat:
    """Return the syntax of *path*, judged by its suffix."""
    syntax = format_of(path)
    if syntax is None:
        known = ", ".join(sorted(BY_SUFFIX))
        raise LoadError(f"{path}: unknown RDF syntax; name the file with one of {known}")
    return syntax


def vocabulary_files(folder: Path) -> list[Path]:
    """List the RDF files in *folder*, sorted, or fail if there are none."""
    if not folder.is_dir():
        raise LoadError(f"{folder}: no such folder")
    files = sorted(path for path in folder.iterdir() if path.is_file() and _is_rdf_name(path))
    if not files:
        raise LoadError(f"{folder}: no vocabulary files (expected *.ttl or another RDF syntax)")
    return files


def _is_rdf_name(path: Path) -> bool:
    return format_of(path) is not None and not path.name.startswith(".")


def load_vocabulary(files: Iterable[Path]) -> Vocabulary:
    """Read every file into its own graph of one store; any unreadable file stops everything."""
    files = list(files)
    if not files:
        raise LoadError("no input files given")
    store = ox.Store()
    vocabulary = Vocabulary(store, files, [])
    for path in files:
        graph = ox.NamedNode(path.resolve().as_uri())
        if graph in vocabulary.origins:
            continue
        for prefix, namespace in _load_into(store, path, graph, vocabulary.originals).items():
            vocabulary.prefixes.setdefault(prefix, namespace)
        vocabulary.graphs.append(graph)
        vocabulary.origins[graph] = path
    if len(store) == 0:
        names = ", ".join(str(path) for path in files)
        raise LoadError(f"{names}: no RDF statements found; the vocabulary is empty")
    return vocabulary


def _load_into(
    store: ox.Store, path: Path, graph: ox.NamedNode, originals: Originals
) -> dict[str, str]:
    """Parse *path* into the named graph *graph*; return the prefixes it declares.

    The typed literals the store would change are noted in *originals*.

    pyoxigraph parses; when it refuses a file, rdflib reads it again for its message, which
    names the line and column in words a maintainer knows. A file only rdflib reads (N3, or
    what oxigraph finds invalid but rdflib lets pass) is taken from rdflib's graph.
    """
    rdf = rdf_format(path)
    syntax = rdf.rdflib
    data = _read(path)
    if syntax == "xml" and not _well_formed(data):
        parse_file(path, data)  # raises with rdflib's message, which names line and column
    if rdf.oxigraph is not None:
        try:
            prefixes = _load_parsed(store, data, rdf.oxigraph, path, graph, originals)
            originals.settle()
            return prefixes
        except (SyntaxError, ValueError) as error:
            store.remove_graph(graph)
            originals.forget()
            oxigraph_error = error
    else:
        oxigraph_error = None
    parsed = parse_file(path, data)
    try:
        quads = [ox.Quad(t.subject, t.predicate, t.object, graph) for t in graph_triples(parsed)]
        store.extend(_noted(quads, originals))
        originals.settle()
    except ValueError as error:
        store.remove_graph(graph)
        originals.forget()
        raise LoadError(f"{path}:{_oxigraph_message(oxigraph_error or error)}") from error
    return {prefix: str(namespace) for prefix, namespace in parsed.namespaces() if prefix}


def _load_parsed(
    store: ox.Store,
    data: bytes,
    syntax: ox.RdfFormat,
    path: Path,
    graph: ox.NamedNode,
    originals: Originals,
) -> dict[str, str]:
    """Load *data* into *graph* of *store*, noting its typed literals; return its prefixes.

    The store parses a graph on another thread (pyoxigraph lets go of the interpreter while
    it loads) while this one parses it again to note the typed literals: twice the parsing
    in half the time. Parsed once are a dataset, whose graphs all go into *graph*, and a
    graph with a typed literal on a blank node written ``[]``, which the two parses name
    differently.
    """
    base = path.resolve().as_uri()
    if not syntax.supports_datasets:
        with ThreadPoolExecutor(1, thread_name_prefix="kompetanse-skos-load") as loader:
            loading = loader.submit(
                store.bulk_load, data, format=syntax, base_iri=base, to_graph=graph
            )
            parser = ox.parse(data, format=syntax, base_iri=base)
            originals.note(parser)
            loading.result()  # raises what the store's parse raised
        if not originals.noted_on_blank_nodes():
            return dict(parser.prefixes)
        store.remove_graph(graph)
        originals.forget()
    parser = ox.parse(data, format=syntax, base_iri=base)
    quads = [ox.Quad(q.subject, q.predicate, q.object, graph) for q in parser]
    store.bulk_extend(_noted(quads, originals))
    return dict(parser.prefixes)


def _noted(quads: list[ox.Quad], originals: Originals) -> list[ox.Quad]:
    """Return *quads*, having noted their typed literals in *originals*, to add to a store."""
    originals.note(quads)
    return quads


def _parts(
    triple: ox.Triple,
) -> tuple[ox.NamedNode | ox.BlankNode | ox.Triple, ox.NamedNode, OxTerm]:
    return triple.subject, triple.predicate, triple.object


def _well_formed(data: bytes) -> bool:
    """Tell whether *data* is well-formed XML; oxigraph reads a truncated RDF/XML file."""
    try:
        xml.parsers.expat.ParserCreate().Parse(data, True)
    except xml.parsers.expat.ExpatError:
        return False
    return True


def _read(path: Path) -> bytes:
    """Return the bytes of *path*, decompressed if it is gzipped."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise LoadError(f"{path}: cannot read: {error.strerror}") from error
    if path.suffix.lower() == ".gz":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as error:
            raise LoadError(f"{path}: not a readable gzip file: {error}") from error
    return data


def parse_file(path: Path, data: bytes | None = None) -> Graph:
    """Parse one RDF file with rdflib; a syntax error is a LoadError naming file, line, column."""
    syntax = rdf_format(path).rdflib
    if data is None:
        data = _read(path)
    graph = Graph(bind_namespaces="core")
    try:
        text = data.decode("utf-8") if syntax != "xml" else None
    except UnicodeDecodeError as error:
        raise LoadError(
            f"{path}: not UTF-8 text (byte {error.start}); is it really {syntax} RDF?"
        ) from error
    try:
        with quiet_literals():
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


_OXIGRAPH_ERROR = re.compile(
    r"Parser error at line (\d+) between columns (\d+) and \d+: (.*?)(?: \(line \d+\))?"
)


def _oxigraph_message(error: Exception) -> str:
    """Return oxigraph's "Parser error at line 3 between columns 7 and 9: why" as "3:7: why"."""
    text = _one_line(error)
    found = re.fullmatch(
        r"Parser error at line (\d+) between columns (\d+) and \d+: (.*?)(?: \(line \d+\))?", text
    )
    return f"{found[1]}:{found[2]}: {found[3]}" if found else f" {text}"


def _one_line(error: Exception) -> str:
    message = " ".join(str(error).split())
    return message[:300] or type(error).__name__
