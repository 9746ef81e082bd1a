"""Keep typed literals as the files write them, although the store keeps their values.

pyoxigraph's store holds a typed literal by its value: "0012"^^xsd:integer comes back as "12",
"5"^^xsd:int as "5"^^xsd:integer, "2020-01-01T00:00:00+00:00" as "...Z". The values are the
same, the literals are not, and a publisher must publish what the maintainer wrote. So the
literals the store would change are noted while a file is read, and given back in their
own form wherever the vocabulary's statements leave the store.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

XSD = "http://www.w3.org/2001/XMLSchema#"
_UNTOUCHED = {f"{XSD}string"}
_PROBE = ox.NamedNode("urn:kompetanse-skos:probe")

Key = tuple[object, ox.NamedNode, ox.Literal]


@dataclass
class Originals:
    """The typed literals the store holds in another form than the files wrote them."""

    written: dict[Key, list[ox.Literal]] = field(default_factory=dict)
    retyped: bool = False  # whether any came back with another datatype, not just other text
    _seen: list[tuple[object, ox.NamedNode, ox.Literal]] = field(default_factory=list)
    # The literals as the store keeps them, of every key in written: a cheap first test.
    _kept: set[ox.Literal] = field(default_factory=set)
    _replacements: dict[ox.Triple, list[ox.Triple]] | None = None

    def __bool__(self) -> bool:
        return bool(self.written)

    def note(self, quads: Iterable[ox.Quad]) -> None:
        """Note each literal of *quads* of an XML Schema type the store may change."""
        seen = self._seen
        for quad in quads:
            value = quad.object
            if type(value) is ox.Literal and not value.language:
                datatype = value.datatype.value
                if datatype.startswith(XSD) and datatype not in _UNTOUCHED:
                    seen.append((quad.subject, quad.predicate, value))

    def noted_on_blank_nodes(self) -> bool:
        """Tell whether a literal noted (and not yet settled) is a blank node's.

        A blank node written ``[]`` gets a new name each time a file is parsed.
        """
        return any(type(subject) is not ox.NamedNode for subject, _, _ in self._seen)

    def settle(self) -> None:
        """Find out which of the literals noted the store changes, and remember those."""
        if not self._seen:
            return
        # Dates repeat: a thesaurus's 70,000 are 10,000 literals, each put to the store once.
        distinct = list(dict.fromkeys(value for _, _, value in self._seen))
        probe = ox.Store()
        probe.extend(
            ox.Quad(ox.NamedNode(f"urn:kompetanse-skos:literal:{n}"), _PROBE, value)
            for n, value in enumerate(distinct)
        )
        stored = {
            str(quad.subject): quad.object for quad in probe.quads_for_pattern(None, _PROBE, None)
        }
        kept_as: dict[ox.Literal, ox.Literal] = {}
        for n, value in enumerate(distinct):
            kept = stored[f"<urn:kompetanse-skos:literal:{n}>"]
            assert isinstance(kept, ox.Literal)
            kept_as[value] = kept
        seen, self._seen = self._seen, []
        self._replacements = None
        if all(kept == value for value, kept in kept_as.items()):
            return
        by_key: dict[Key, list[ox.Literal]] = {}
        for subject, predicate, value in seen:
            by_key.setdefault((subject, predicate, kept_as[value]), []).append(value)
        for key, values in by_key.items():
            kept = key[2]
            # Kept only where some literal changed; then all it stands for, the unchanged too.
            if any(value != kept for value in values):
                self.written[key] = list(dict.fromkeys([*self.written.get(key, []), *values]))
                self._kept.add(kept)
                self.retyped = self.retyped or any(v.datatype != kept.datatype for v in values)

    def forget(self) -> None:
        """Drop what was noted of a file that could not be read after all."""
        self._seen = []

    def replacements(self) -> dict[ox.Triple, list[ox.Triple]]:
        """Return each triple as the store holds it, mapped to the triples the files wrote.

        A lookup costs one hash of a triple: the whole vocabulary can be given back as
        written at little more than the cost of reading it.
        """
        if self._replacements is None:
            self._replacements = {
                ox.Triple(subject, predicate, kept): [  # type: ignore[arg-type]
                    ox.Triple(subject, predicate, value)  # type: ignore[arg-type]
                    for value in values
                ]
                for (subject, predicate, kept), values in self.written.items()
            }
        return self._replacements

    def restore_value(
        self, subject: object, predicate: ox.NamedNode, value: object
    ) -> list[object]:
        """Return the values, as written, of one statement's object."""
        if type(value) is ox.Literal and value in self._kept:
            written = self.written.get((subject, predicate, value))
            if written:
                return list(written)
        return [value]
