"""Refuse input the tool cannot check or publish faithfully: deep hierarchies, control bytes."""

from __future__ import annotations

import re

import pyoxigraph as ox

from kompetanse_skos.errors import LimitError
from kompetanse_skos.rdf.namespaces import SKOS
from kompetanse_skos.rdf.terms import OxTerm, iri, text_of
from kompetanse_skos.vocabulary.load import Vocabulary

# Far deeper than any real thesaurus (MeSH, AGROVOC and LOS stay under 20 levels), and well
# within what rdflib's recursive SPARQL property paths and Jinja's nested macros survive.
MAX_DEPTH = 100
# The characters XML 1.0 cannot hold at all: the RDF/XML dump could not be written correctly,
# and in a page they are a parse error. Tab, line feed and carriage return are fine.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# The same class for the store's regular expressions, inside a SPARQL string.
_SPARQL_CONTROL = "[\\\\x00-\\\\x08\\\\x0B\\\\x0C\\\\x0E-\\\\x1F\\\\uFFFE\\\\uFFFF]"
_CONTROL_QUERY = f"""
SELECT DISTINCT ?s ?p ?o WHERE {{
  ?s ?p ?o
  FILTER ((!isBlank(?s) && REGEX(STR(?s), "{_SPARQL_CONTROL}"))
       || (!isBlank(?o) && REGEX(STR(?o), "{_SPARQL_CONTROL}")))
}}"""


def hierarchy_depth(vocabulary: Vocabulary) -> tuple[int, list[OxTerm]]:
    """Return the length of the longest broader chain found, and that chain (deepest first).

    Computed without recursion, so that no hierarchy, however deep, overflows the stack. A
    link that closes a cycle is not followed (the ``hierarchy-cycle`` check reports it).
    """
    up: dict[OxTerm, set[OxTerm]] = {}
    for narrower, broader in vocabulary.pairs(iri(SKOS.broader)):
        up.setdefault(narrower, set()).add(broader)
    for broader, narrower in vocabulary.pairs(iri(SKOS.narrower)):
        up.setdefault(narrower, set()).add(broader)
    depth: dict[OxTerm, int] = {}
    above: dict[OxTerm, OxTerm | None] = {}
    for start in sorted(up, key=str):
        if start in depth:
            continue
        # Depth-first, by hand: a node is finished once all it points up to is finished.
        stack: list[tuple[OxTerm, list[OxTerm]]] = [(start, sorted(up.get(start, ()), key=str))]
        on_path = {start}
        while stack:
            node, todo = stack[-1]
            if todo:
                parent = todo.pop()
                if parent not in depth and parent not in on_path:
                    on_path.add(parent)
                    stack.append((parent, sorted(up.get(parent, ()), key=str)))
                continue
            stack.pop()
            on_path.discard(node)
            best, best_parent = 1, None
            for parent in up.get(node, ()):
                if parent in depth and depth[parent] + 1 > best:
                    best, best_parent = depth[parent] + 1, parent
            depth[node], above[node] = best, best_parent
    if not depth:
        return 0, []
    deepest = max(sorted(depth, key=str), key=lambda node: depth[node])
    chain: list[OxTerm] = []
    current: OxTerm | None = deepest
    while current is not None:
        chain.append(current)
        current = above.get(current)
    return depth[deepest], chain


def control_characters(vocabulary: Vocabulary) -> list[str]:
    """Describe every statement whose text or URI holds a control character XML forbids."""
    found = []
    for row in vocabulary.query(_CONTROL_QUERY):
        subject, predicate, value = row["s"], row["p"], row["o"]
        for term in (subject, value):
            if isinstance(term, ox.BlankNode):
                continue
            match = _CONTROL.search(term.value)
            if match:
                where = f"{subject.value} {predicate.value}" if term is value else subject.value
                found.append(f"U+{ord(match.group()):04X} in {_visible(where)}")
    return sorted(set(found))


def _visible(text: str) -> str:
    return _CONTROL.sub(lambda match: f"\\x{ord(match.group()):02x}", text)


def check_limits(vocabulary: Vocabulary) -> None:
    """Raise LimitError for control characters, or a hierarchy deeper than MAX_DEPTH levels."""
    control = control_characters(vocabulary)
    if control:
        shown = "; ".join(control[:5]) + (
            f"; and {len(control) - 5} more" if len(control) > 5 else ""
        )
        raise LimitError(
            f"{len(control)} text(s) hold control characters that RDF/XML and HTML cannot "
            f"carry (write them as text, or remove them): {shown}"
        )
    levels, chain = hierarchy_depth(vocabulary)
    if levels > MAX_DEPTH:
        raise LimitError(
            f"the hierarchy is {levels} levels deep, more than the {MAX_DEPTH} this tool "
            f"handles; the deepest chain runs from {text_of(chain[0])} up to {text_of(chain[-1])}"
        )
