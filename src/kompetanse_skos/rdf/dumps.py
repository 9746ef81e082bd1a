"""Write RDF as Turtle, N-Triples, RDF/XML and JSON-LD, byte for byte reproducibly.

There is one writing path, on pyoxigraph triples:

* ``canonical_triples`` gives every blank node a name that depends only on the graph (a
  parser's names are random) and puts the triples in N-Triples line order;
* ``used_prefixes`` picks the prefixes worth declaring: our well-known ones and the input's
  own, for the namespaces in use;
* ``serialize_triples`` writes canonical triples in one format.

The vocabulary's dumps and every resource's RDF files are written this way; ``serialize``
routes the small rdflib graphs (the catalogue record, VoID, the changes) through the same path.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from itertools import groupby
from json.encoder import encode_basestring
from operator import attrgetter
from typing import Any, Protocol

import pyoxigraph as ox
from rdflib import Graph
from rdflib.compare import to_canonical_graph

from kompetanse_skos.rdf.formats import RdfFormat
from kompetanse_skos.rdf.namespaces import PREFIXES
from kompetanse_skos.rdf.terms import (
    XSD_STRING,
    graph_triples,
    rdflib_graph,
    to_oxigraph,
)

# The terms pyoxigraph puts in a triple's subject and object (triples too, for RDF-star).
Subject = ox.NamedNode | ox.BlankNode | ox.Triple
Value = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
# A prefix name that Turtle (PN_PREFIX) and XML (NCName) both accept.
_PREFIX_NAME = re.compile(r"[^\W\d_][\w.-]*(?<!\.)")
# A namespace that can be written between Turtle's angle brackets.
_NAMESPACE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\x00-\x20<>\"{}|^`\\]*")
# JSON-LD 1.1 expands "prefix:suffix" only for a prefix whose IRI ends with one of these.
_GEN_DELIMS = frozenset(":/?#[]@")
_XSD_STRING = ox.NamedNode(XSD_STRING)
_TYPE_TEXT = f"{RDF_TYPE} "


# -- canonical triples ------------------------------------------------------------------------


def canonical_triples(triples: Iterable[ox.Triple]) -> list[ox.Triple]:
    """Return *triples*, each once, with canonical blank-node names, in canonical order.

    A parser names blank nodes at random; here they are named ``b0``, ``b1``, … from the
    graph's content alone (see ``_canonical_blank_nodes``), so the same graph always gives
    the same triples whatever the order or names it was read with.

    The order is that of the triples' N-Triples lines, except that each subject's
    ``rdf:type`` triples come first: Turtle then starts each description with ``a``, and
    RDF/XML names each element after its type (``<skos:Concept rdf:about=…>``).
    """
    return canonical_order(triples)[0]


def canonical_order(triples: Iterable[ox.Triple]) -> tuple[list[ox.Triple], list[str]]:
    """Return ``canonical_triples(triples)`` and the key each is sorted by.

    A key is the triple's N-Triples text (``rdf:type`` written ``<>``): it starts with the
    subject's, then a space.
    """
    listed = list(triples)
    ordered, keys = _in_key_order(listed, _sort_keys(listed))
    # A blank node's N-Triples text holds "_:"; so may a literal, hence the second check.
    blank = {n for n, key in enumerate(keys) if "_:" in key and _has_blank_node(ordered[n])}
    if not blank:
        return ordered, keys
    renamed = _canonical_blank_nodes([ordered[n] for n in sorted(blank)])
    kept = [n for n in range(len(ordered)) if n not in blank]
    return _in_key_order(
        [*(ordered[n] for n in kept), *renamed],
        [*(keys[n] for n in kept), *_sort_keys(renamed)],
    )


def extended_order(
    triples: Sequence[ox.Triple], keys: Sequence[str], added: Iterable[ox.Triple]
) -> list[ox.Triple]:
    """Return ``canonical_triples([*triples, *added])``, *triples* and *keys* from
    ``canonical_order``.

    When *added* has no blank node, the names of the others stay as they are, and the
    triples already in order need no new keys: the two ordered runs are merged.
    """
    more, more_keys = canonical_order(added)
    if any(map(_has_blank_node, more)):
        return canonical_triples([*triples, *more])
    return _in_key_order([*triples, *more], [*keys, *more_keys])[0]


class Described(Protocol):
    """A graph that gives the triples of a node's concise bounded description (a Vocabulary)."""

    def describe(self, node: Value) -> list[ox.Triple]:
        """Return the triples of *node*'s concise bounded description."""


class Descriptions:
    """Each resource's description in canonical order, cut from the whole vocabulary's.

    In the canonical order of all the triples, a subject's triples are contiguous and in
    the order ``canonical_triples`` gives them alone: a thesaurus's 35,000 descriptions are
    found by their keys' common start instead of read from the store and ordered one by
    one. A description with blank nodes holds their triples too, named anew: that one is
    read and ordered alone.
    """

    def __init__(
        self, vocabulary: Described, triples: Sequence[ox.Triple], keys: Sequence[str]
    ) -> None:
        """*triples* and *keys* are all of *vocabulary*'s, as ``canonical_order`` gives them."""
        self._vocabulary = vocabulary
        self._triples = triples
        self._keys = keys

    def of(self, node: Value) -> list[ox.Triple]:
        """Return the canonical triples of *node*'s concise bounded description."""
        start = end = bisect_left(self._keys, subject := f"{node} ")
        while end < len(self._keys) and self._keys[end].startswith(subject):
            end += 1
        found = list(self._triples[start:end])
        if any(type(triple.object) is ox.BlankNode for triple in found):
            return canonical_triples(self._vocabulary.describe(node))
        return found


def _sort_keys(triples: Sequence[ox.Triple]) -> list[str]:
    """Return the triples' N-Triples texts, with ``rdf:type`` written ``<>`` to sort first."""
    keys = list(map(str, triples))
    for n in [n for n, key in enumerate(keys) if _TYPE_TEXT in key]:
        key = keys[n]
        predicate = key.index(" ") + 1
        if key.startswith(_TYPE_TEXT, predicate):
            keys[n] = f"{key[:predicate]}<> {key[predicate + len(_TYPE_TEXT) :]}"
    return keys


def _in_key_order(
    triples: Sequence[ox.Triple], keys: Sequence[str]
) -> tuple[list[ox.Triple], list[str]]:
    """Return *triples* once each, sorted by their *keys* (one key a triple), and the keys."""
    if len(set(keys)) < len(keys):
        by_key = dict(zip(keys, triples, strict=True))
        ordered_keys = sorted(by_key)
        return [by_key[key] for key in ordered_keys], ordered_keys
    order = sorted(range(len(keys)), key=keys.__getitem__)
    return [triples[n] for n in order], [keys[n] for n in order]


def _has_blank_node(triple: ox.Triple) -> bool:
    return isinstance(triple.subject, ox.BlankNode) or isinstance(triple.object, ox.BlankNode)


def _canonical_blank_nodes(triples: list[ox.Triple]) -> list[ox.Triple]:
    """Rename the blank nodes of *triples* (each has one) ``b0``, ``b1``, … by content alone.

    Blank nodes linked to each other form components; each component is labelled on its
    own, then the components are ordered by their text with those labels, and numbered in
    that order. Components with the same text are interchangeable, so their order among
    themselves does not matter. With ten or more blank nodes the numbers are padded
    (``b00``, ``b01``, …) so that the names sort as the numbers do.
    """
    labelled = sorted(
        (
            ("\n".join(sorted(map(str, renamed))), renamed)
            for renamed in map(_labelled_component, _components(triples))
        ),
        key=lambda item: item[0],
    )
    nodes = [_blank_nodes(renamed) for _, renamed in labelled]
    width = len(str(sum(map(len, nodes)) - 1))
    canonical: list[ox.Triple] = []
    number = 0
    for (_, renamed), local in zip(labelled, nodes, strict=True):
        names: dict[Value, ox.BlankNode] = {}
        for node in sorted(local, key=str):
            names[node] = ox.BlankNode(f"b{number:0{width}d}")
            number += 1
        canonical += (_renamed(triple, names) for triple in renamed)
    return canonical


def _blank_nodes(triples: Iterable[ox.Triple]) -> set[ox.BlankNode]:
    return {
        term
        for triple in triples
        for term in (triple.subject, triple.object)
        if isinstance(term, ox.BlankNode)
    }


def _components(triples: list[ox.Triple]) -> list[list[ox.Triple]]:
    """Group *triples* (each has a blank node) by the component of blank nodes they link."""
    parent: dict[Value, Value] = {}

    def root(node: Value) -> Value:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for triple in triples:
        if isinstance(triple.subject, ox.BlankNode) and isinstance(triple.object, ox.BlankNode):
            parent[root(triple.subject)] = root(triple.object)
    groups: dict[Value, list[ox.Triple]] = {}
    for triple in triples:
        node = triple.subject if isinstance(triple.subject, ox.BlankNode) else triple.object
        groups.setdefault(root(node), []).append(triple)
    return list(groups.values())


def _labelled_component(triples: list[ox.Triple]) -> list[ox.Triple]:
    """Return one component's *triples*, its blank nodes labelled by their content.

    A component whose blank-node links form a tree (nested descriptions, lists: nearly all
    real data) is labelled by colour refinement; one with a cycle by rdflib's slower
    canonical labelling, which also handles what refinement alone cannot.
    """
    nodes = _blank_nodes(triples)
    links = sum(
        1
        for triple in triples
        if isinstance(triple.subject, ox.BlankNode) and isinstance(triple.object, ox.BlankNode)
    )
    if len(nodes) == 1 and not links:
        labels: dict[Value, ox.BlankNode] = {node: ox.BlankNode("n") for node in nodes}
    elif links == len(nodes) - 1:  # a connected graph is a tree just when this holds
        labels = _refined_labels(triples, sorted(nodes, key=str))
    else:
        return _rdflib_canonical(triples)
    return [_renamed(triple, labels) for triple in triples]


def _refined_labels(
    triples: list[ox.Triple], nodes: list[ox.BlankNode]
) -> dict[Value, ox.BlankNode]:
    """Label the blank *nodes* of a tree component (of *triples*) by colour refinement.

    Each blank node starts with the colour of its links to named nodes and literals; then, in
    rounds, with its own colour plus those of the blank nodes it links to, until no colour
    splits. On a tree, nodes left with the same colour are interchangeable (an automorphism
    maps one onto the other), so singling out any one of them and refining again gives the
    same labels whichever is chosen.
    """
    index: dict[Value, int] = {node: number for number, node in enumerate(nodes)}
    fixed: list[list[tuple[str, str, str]]] = [[] for _ in nodes]
    links: list[list[tuple[str, str, int]]] = [[] for _ in nodes]
    for triple in triples:
        subject, value = index.get(triple.subject), index.get(triple.object)
        predicate = triple.predicate.value
        if subject is not None and value is not None:
            links[subject].append(("out", predicate, value))
            links[value].append(("in", predicate, subject))
        elif subject is not None:
            fixed[subject].append(("out", predicate, str(triple.object)))
        elif value is not None:
            fixed[value].append(("in", predicate, str(triple.subject)))
    colours = _refine(_ranks([tuple(sorted(edges)) for edges in fixed]), links)
    while len(set(colours)) < len(colours):
        tied = min(colour for colour, count in Counter(colours).items() if count > 1)
        chosen = colours.index(tied)
        singled_out = _ranks([(colour, n == chosen) for n, colour in enumerate(colours)])
        colours = _refine(singled_out, links)
    return {node: ox.BlankNode(f"n{colours[n]}") for node, n in index.items()}


def _refine(colours: list[int], links: list[list[tuple[str, str, int]]]) -> list[int]:
    """Split colours by the colours each node links to, until they split no further."""
    count = len(set(colours))
    while True:
        refined = _ranks(
            [
                (colour, tuple(sorted((way, p, colours[other]) for way, p, other in links[n])))
                for n, colour in enumerate(colours)
            ]
        )
        if len(set(refined)) == count:
            return refined
        colours, count = refined, len(set(refined))


def _ranks(signatures: Sequence[tuple[Any, ...]]) -> list[int]:
    """Replace each signature by its rank among the distinct signatures."""
    rank = {signature: n for n, signature in enumerate(sorted(set(signatures)))}
    return [rank[signature] for signature in signatures]


def _renamed(triple: ox.Triple, names: Mapping[Value, ox.BlankNode]) -> ox.Triple:
    return ox.Triple(
        names.get(triple.subject, triple.subject),
        triple.predicate,
        names.get(triple.object, triple.object),
    )


def _rdflib_canonical(triples: list[ox.Triple]) -> list[ox.Triple]:
    """Return *triples* with their blank nodes labelled as rdflib's canonical form does.

    rdflib hashes each blank node with its surroundings, refined until the hashes tell the
    nodes apart, trying each choice where they cannot: the same triples give the same labels.
    """
    return [
        ox.Triple(to_oxigraph(subject), to_oxigraph(predicate), to_oxigraph(value))  # type: ignore[arg-type]
        for subject, predicate, value in to_canonical_graph(rdflib_graph(triples))
    ]


# -- prefixes ---------------------------------------------------------------------------------


def used_prefixes(
    triples: Iterable[ox.Triple], extra: Mapping[str, str] | None = None
) -> dict[str, str]:
    """Return the prefixes to declare for *triples*, sorted by name.

    The candidates are our well-known prefixes, then those of *extra* (the input's own) that
    take neither a well-known name nor a well-known namespace. A candidate is kept when an IRI
    of *triples*, or a literal's datatype, starts with its namespace.
    """
    matcher = _prefix_matcher(tuple(sorted((extra or {}).items())))
    return matcher.used_by(_named_nodes(triples))


@lru_cache(maxsize=16)
def _prefix_matcher(extra: tuple[tuple[str, str], ...]) -> _PrefixMatcher:
    """Return the matcher of our prefixes plus *extra*, made once per set of prefixes."""
    return _PrefixMatcher(_candidate_prefixes(dict(extra)))


def _candidate_prefixes(extra: Mapping[str, str]) -> dict[str, str]:
    """Return our well-known prefixes, plus those of *extra* that clash with none of them."""
    candidates = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
    taken = set(candidates.values())
    for prefix, namespace in sorted(extra.items()):
        if (
            prefix not in candidates
            and namespace not in taken
            and _PREFIX_NAME.fullmatch(prefix)
            and not prefix.lower().startswith("xml")
            and _NAMESPACE.fullmatch(namespace)
        ):
            candidates[prefix] = namespace
            taken.add(namespace)
    return candidates


class _PrefixMatcher:
    """Find the prefixes whose namespace starts an IRI, remembering the answers.

    An IRI's stem is the IRI up to its last "/" or "#"; many IRIs share one. A namespace
    ending in "/" or "#" starts an IRI just when it starts the IRI's stem.
    """

    _REMEMBERED = 200_000  # named nodes, at most; then the memory starts afresh

    def __init__(self, candidates: Mapping[str, str]) -> None:
        self._candidates = dict(candidates)
        self._stemmed = [(p, ns) for p, ns in candidates.items() if ns[-1] in "/#"]
        self._others = [(p, ns) for p, ns in candidates.items() if ns[-1] not in "/#"]
        self._by_stem: dict[str, tuple[str, ...]] = {}
        self._by_node: dict[ox.NamedNode, tuple[str, ...]] = {}

    def used_by(self, nodes: Iterable[ox.NamedNode]) -> dict[str, str]:
        """Return the candidates (sorted by name) whose namespace starts one of *nodes*."""
        if len(self._by_node) > self._REMEMBERED:
            self._by_node.clear()
        used: set[str] = set()
        for node in nodes:
            found = self._by_node.get(node)
            if found is None:
                found = self._by_node[node] = self._prefixes_of(node.value)
            used.update(found)
        return {prefix: self._candidates[prefix] for prefix in sorted(used)}

    def _prefixes_of(self, iri: str) -> tuple[str, ...]:
        stem = iri[: max(iri.rfind("/"), iri.rfind("#")) + 1]
        found = self._by_stem.get(stem)
        if found is None:
            found = self._by_stem[stem] = tuple(p for p, ns in self._stemmed if stem.startswith(ns))
        return found + tuple(p for p, ns in self._others if iri.startswith(ns))


def _named_nodes(triples: Iterable[ox.Triple]) -> set[ox.NamedNode]:
    """Return the IRIs *triples* write out: their named nodes, and literals' datatypes."""
    listed = triples if isinstance(triples, Sequence) else list(triples)
    terms: set[Value] = set(map(attrgetter("predicate"), listed))
    terms.update(map(attrgetter("subject"), listed))
    terms.update(map(attrgetter("object"), listed))
    named = set()
    for term in terms:
        if type(term) is ox.NamedNode:
            named.add(term)
        elif type(term) is ox.Literal and not term.language:
            datatype = term.datatype
            if datatype != _XSD_STRING:
                named.add(datatype)
    return named


# -- writing ----------------------------------------------------------------------------------


def serialize_triples(
    triples: Sequence[ox.Triple], dump: RdfFormat, prefixes: Mapping[str, str]
) -> bytes:
    """Write *triples*, as ``canonical_triples`` returns them, in one format.

    *prefixes* (from ``used_prefixes``) are declared, sorted by name. N-Triples lines are
    sorted; the other formats follow the triples' order, one subject after another.
    """
    if dump.name == "nt":
        return _n_triples(triples)
    if dump.name == "turtle":
        return _turtle(triples, prefixes)
    if dump.name == "rdf":
        return _rdf_xml(triples, prefixes)
    if dump.name == "jsonld":
        return _json_ld(triples, prefixes)
    raise ValueError(f"no writer for {dump.label}")


def _n_triples(triples: Sequence[ox.Triple]) -> bytes:
    """Write N-Triples with pyoxigraph, its lines sorted (canonical order puts types first)."""
    lines = (ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"").splitlines(True)
    lines.sort()
    return b"".join(lines)


def _turtle(triples: Sequence[ox.Triple], prefixes: Mapping[str, str]) -> bytes:
    """Write Turtle with pyoxigraph, with sorted prefixes and a blank line between subjects."""
    written = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=dict(prefixes))
    statements = written or b""
    # pyoxigraph declares the prefixes first, one a line, in an order of its own.
    while statements.startswith(b"@prefix "):
        statements = statements[statements.index(b"\n") + 1 :]
    # pyoxigraph escapes newlines within literals, so " .\n" only ends statements.
    if b'"""' not in statements and b"'''" not in statements:
        statements = statements.replace(b" .\n", b" .\n\n")[:-1]
    header = "".join(f"@prefix {p}: <{namespace}> .\n" for p, namespace in prefixes.items())
    return (header + "\n" if header and statements else header).encode() + statements


def _rdf_xml(triples: Sequence[ox.Triple], prefixes: Mapping[str, str]) -> bytes:
    """Write RDF/XML with pyoxigraph, its carriage returns escaped.

    pyoxigraph writes a literal's carriage return as is, and XML parsers turn it (and a
    following line feed) into one line feed; as a character reference it survives.
    """
    written = ox.serialize(triples, format=ox.RdfFormat.RDF_XML, prefixes=dict(prefixes))
    return (written or b"").replace(b"\r", b"&#13;")


def _json_ld(triples: Sequence[ox.Triple], prefixes: Mapping[str, str]) -> bytes:
    """Write compacted JSON-LD: a context of *prefixes*, then one node object per subject."""
    return _json_ld_writer(tuple(prefixes.items())).document(triples)


@lru_cache(maxsize=16)
def _json_ld_writer(prefixes: tuple[tuple[str, str], ...]) -> _JsonLdWriter:
    """Return the JSON-LD writer for *prefixes*, made once per set of prefixes."""
    return _JsonLdWriter(dict(prefixes))


class _JsonLdWriter:
    """Write compacted JSON-LD with one context, remembering how it writes each name.

    The context declares the prefixes whose namespace ends in "/", "#", ":" or another IRI
    delimiter: JSON-LD 1.1 expands no others. Property names, types and datatypes are CURIEs
    where such a prefix fits; node references keep their full IRIs; plain strings are bare
    JSON strings. Node objects follow the triples' order; their keys are sorted, ``@id``
    and ``@type`` first; one value is written as itself, several as an array.
    """

    def __init__(self, prefixes: Mapping[str, str]) -> None:
        self._context = {p: ns for p, ns in prefixes.items() if ns[-1:] in _GEN_DELIMS}
        # Longest namespaces first, so that the most specific prefix wins.
        self._longest_first = sorted(self._context.items(), key=lambda item: -len(item[1]))
        self._names: dict[ox.NamedNode, str] = {}

    def document(self, triples: Sequence[ox.Triple]) -> bytes:
        """Return the JSON-LD document of *triples* (in canonical order)."""
        entries = [f"    {_json(p)}: {_json(ns)}" for p, ns in self._context.items()]
        context = "{\n" + ",\n".join(entries) + "\n  }" if entries else "{}"
        nodes = [
            self._node(subject, described)
            for subject, described in groupby(triples, key=attrgetter("subject"))
        ]
        graph = "[\n" + ",\n".join(nodes) + "\n  ]" if nodes else "[]"
        return f'{{\n  "@context": {context},\n  "@graph": {graph}\n}}\n'.encode()

    def _node(self, subject: Value, triples: Iterable[ox.Triple]) -> str:
        """Return the node object of *subject*, indented as an item of ``@graph``."""
        types: list[str] = []
        values: dict[str, list[str]] = {}
        for triple in triples:
            predicate, value = triple.predicate, triple.object
            if predicate == RDF_TYPE and isinstance(value, ox.NamedNode):
                types.append(self._name(value))
            else:
                values.setdefault(self._name(predicate), []).append(self._value(value))
        members = [f'      "@id": {_json(_node_id(subject))}']
        if types:
            members.append(f'      "@type": {_one_or_array(types)}')
        members += [f"      {key}: {_one_or_array(items)}" for key, items in sorted(values.items())]
        return "    {\n" + ",\n".join(members) + "\n    }"

    def _value(self, term: Value) -> str:
        """Return an object's JSON-LD value: a node reference, a string or a value object."""
        if isinstance(term, ox.Literal):
            language = term.language
            if language:
                return f'{{"@value": {_json(term.value)}, "@language": {_json(language)}}}'
            datatype = term.datatype
            if datatype == _XSD_STRING:
                return _json(term.value)
            return f'{{"@value": {_json(term.value)}, "@type": {self._name(datatype)}}}'
        return f'{{"@id": {_json(_node_id(term))}}}'

    def _name(self, iri: ox.NamedNode) -> str:
        """Return *iri* as a JSON string, a CURIE where a prefix fits."""
        name = self._names.get(iri)
        if name is None:
            name = self._names[iri] = _json(self._compact(iri.value))
        return name

    def _compact(self, iri: str) -> str:
        for prefix, namespace in self._longest_first:
            suffix = iri[len(namespace) :]
            # JSON-LD reads "p://…" as an absolute IRI, and "p:" alone would be unclear.
            if iri.startswith(namespace) and suffix and not suffix.startswith("//"):
                return f"{prefix}:{suffix}"
        return iri


def _one_or_array(items: list[str]) -> str:
    """Return one JSON value as itself, several as an array of one value a line."""
    if len(items) == 1:
        return items[0]
    return "[\n        " + ",\n        ".join(items) + "\n      ]"


def _node_id(term: Value) -> str:
    """Return the JSON-LD ``@id`` of a named or blank node."""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.NamedNode):
        return term.value
    raise TypeError(f"JSON-LD cannot name {term!r}")


def _json(text: str) -> str:
    """Return *text* as a JSON string (UTF-8, not escaped to ASCII)."""
    return encode_basestring(text)


# -- rdflib graphs ----------------------------------------------------------------------------


def serialize(graph: Graph, dump: RdfFormat) -> bytes:
    """Write an rdflib graph in one format, declaring its prefixes that are in use.

    The graph goes through the same path as the vocabulary: canonical triples, used prefixes
    (the graph's bound ones count as the input's own), one writer per format.
    """
    triples = canonical_triples(graph_triples(graph))
    bound = {prefix: str(namespace) for prefix, namespace in graph.namespaces()}
    return serialize_triples(triples, dump, used_prefixes(triples, bound))
