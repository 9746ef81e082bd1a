"""Time the dump writers on a large vocabulary (YSA by default: 413,000 triples, 35,000 concepts).

Loads the vocabulary into a pyoxigraph store, then times each step of writing the dumps
(canonical triples, used prefixes, each format) and of writing every concept's RDF files
(its concise bounded description in the four formats), the way the site does. Each dump is
read back with pyoxigraph to check that it holds every triple.

    .venv/bin/python benchmarks/dumps.py
    .venv/bin/python benchmarks/dumps.py --vocab other.ttl.gz --resources 5000
"""

from __future__ import annotations

import argparse
import gzip
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TypeVar

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from kompetanse_skos.rdf.dumps import (  # noqa: E402
    canonical_triples,
    serialize_triples,
    used_prefixes,
)
from kompetanse_skos.rdf.formats import DUMP_FORMATS, RdfFormat  # noqa: E402
from kompetanse_skos.vocabulary.load import Vocabulary  # noqa: E402

YSA = ROOT / ".cache" / "reference" / "vocabs" / "ysa" / "ysa-skos.ttl.gz"
GRAPH = ox.NamedNode("urn:benchmark:vocabulary")
SKOS_CONCEPT = ox.NamedNode("http://www.w3.org/2004/02/skos/core#Concept")
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
T = TypeVar("T")


def timed(label: str, step: Callable[[], T]) -> T:
    """Run *step*, print how long it took (wall clock and CPU), and return its result."""
    start, cpu = time.perf_counter(), time.process_time()
    result = step()
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(f"{label:<34} {wall:8.3f} s  ({cpu:.3f} s CPU)")
    return result


def load(path: Path) -> tuple[ox.Store, dict[str, str]]:
    """Return a store holding the vocabulary at *path* in GRAPH, and the file's prefixes."""
    compressed = path.suffix == ".gz"
    data = gzip.decompress(path.read_bytes()) if compressed else path.read_bytes()
    syntax = ox.RdfFormat.from_extension((path.with_suffix("") if compressed else path).suffix[1:])
    assert syntax is not None, path
    store = ox.Store()
    store.bulk_load(data, format=syntax, to_graph=GRAPH)
    parser = ox.parse(data, format=syntax)
    for _ in parser:
        pass
    return store, dict(parser.prefixes)


def main() -> None:
    """Parse the arguments and run every timing."""
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("--vocab", type=Path, default=YSA, help="a Turtle or RDF/XML file")
    arguments.add_argument("--resources", type=int, default=0, help="describe only this many")
    options = arguments.parse_args()

    store, own = timed("load into a store (+ prefixes)", lambda: load(options.vocab))
    triples = timed(
        "read the triples",
        lambda: [quad.triple for quad in store.quads_for_pattern(None, None, None, GRAPH)],
    )
    print(f"{len(triples):,} triples")
    canonical = timed("canonical_triples", lambda: canonical_triples(triples))
    prefixes = timed("used_prefixes", lambda: used_prefixes(canonical, own))
    for dump in DUMP_FORMATS:
        data = timed(f"write {dump.label}", partial(serialize_triples, canonical, dump, prefixes))
        check = ox.Store()
        check.bulk_load(data, format=ox.RdfFormat.from_extension(dump.suffix[1:]))
        assert len(check) == len(canonical), (dump.label, len(check))
        print(f"{'':34} {len(data) / 1e6:8.1f} MB, reads back whole")

    concepts = sorted(
        (quad.subject for quad in store.quads_for_pattern(None, RDF_TYPE, SKOS_CONCEPT, GRAPH)),
        key=str,
    )
    if options.resources:
        concepts = concepts[: options.resources]
    graphs = [GRAPH]

    def describe_all() -> list[list[ox.Triple]]:
        vocabulary = Vocabulary(store, [], graphs)
        return [vocabulary.describe(node) for node in concepts]

    def canonical_all() -> list[list[ox.Triple]]:
        return [canonical_triples(found) for found in described]

    def prefixes_all() -> list[dict[str, str]]:
        return [used_prefixes(found, prefixes) for found in ordered]

    def write_all(dump: RdfFormat) -> list[bytes]:
        pairs = zip(ordered, declared_all, strict=True)
        return [serialize_triples(found, dump, declared) for found, declared in pairs]

    print(f"\n{len(concepts):,} concepts, each in {len(DUMP_FORMATS)} formats")
    start = time.perf_counter()
    described = timed("describe", describe_all)
    ordered = timed("canonical_triples", canonical_all)
    declared_all = timed("used_prefixes (of the site's)", prefixes_all)
    for dump in DUMP_FORMATS:
        timed(f"write {dump.label}", partial(write_all, dump))
    total = time.perf_counter() - start
    per = total / max(len(concepts), 1) * 1e6
    print(f"{'all, per concept':<34} {total:8.3f} s, {per:.0f} µs a concept")


if __name__ == "__main__":
    main()
