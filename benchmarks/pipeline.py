"""Measure validate and build against the floor, on our vocabulary, LOS and YSA.

Each step runs in a fresh process; wall time and that process's peak memory are measured.
The floor is what the work cannot go below on this machine: pyoxigraph loading the file,
writing the four dumps, and Jinja2 writing one trivial page per concept and language. The
rdflib parse is shown beside it. Every figure is also given as a ratio to the floor of the
same vocabulary, measured in the same run.

    .venv/bin/python benchmarks/pipeline.py            # ours and LOS
    .venv/bin/python benchmarks/pipeline.py --ysa      # and YSA (35,000 concepts; slow)
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT.parent / "shared" / "reference" / "vocabs"

FLOOR = """
import gzip, sys, tempfile
from pathlib import Path
import jinja2, pyoxigraph as ox
path = Path(sys.argv[1])
data = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
fmt = ox.RdfFormat.RDF_XML if ".rdf" in path.suffixes else ox.RdfFormat.TURTLE
store = ox.Store()
store.bulk_load(data, format=fmt)
out = Path(tempfile.mkdtemp())
for suffix, f in ((".ttl", ox.RdfFormat.TURTLE), (".nt", ox.RdfFormat.N_TRIPLES),
                  (".rdf", ox.RdfFormat.RDF_XML), (".jsonld", ox.RdfFormat.JSON_LD)):
    store.dump(out / f"all{suffix}", format=f, from_graph=ox.DefaultGraph())
query = "SELECT ?c WHERE { ?c a <http://www.w3.org/2004/02/skos/core#Concept> }"
concepts = [s["c"].value for s in store.query(query)]
html = "<!doctype html><title>{{ c }}</title><p>{{ c }}"
page = jinja2.Environment(autoescape=True).from_string(html)
for i, concept in enumerate(concepts):
    for language in ("nb", "nn", "en"):
        (out / f"{i}.{language}.html").write_text(page.render(c=concept), encoding="utf-8")
"""

RDFLIB_PARSE = """
import gzip, sys
from pathlib import Path
from rdflib import Graph
path = Path(sys.argv[1])
data = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
Graph().parse(data=data, format="xml" if ".rdf" in path.suffixes else "turtle")
"""


@dataclass
class Measure:
    seconds: float
    peak_mb: float
    ok: bool


def measure(command: list[str]) -> Measure:
    """Run *command* in a fresh process; return its wall time and peak resident memory."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    stderr = process.stderr.read().decode() if process.stderr else ""
    if process.returncode not in (0, 1):
        print(f"  ! {' '.join(command[:4])}… exited {process.returncode}: {stderr[-300:]}")
    return Measure(seconds, usage.ru_maxrss / 1024, process.returncode in (0, 1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ysa", action="store_true", help="also measure YSA (slow)")
    args = parser.parse_args()
    python = sys.executable
    cli = [python, "-m", "kompetanse_skos"]
    vocabularies = [
        ("ours", None, ROOT / "vocab" / "fagkunnskap-og-ferdigheter.ttl", []),
        ("LOS", REFERENCE / "los" / "all.rdf", REFERENCE / "los" / "all.rdf", ["--ignore", "S13"]),
    ]
    if args.ysa:
        ysa = REFERENCE / "ysa" / "ysa-skos.ttl.gz"
        vocabularies.append(("YSA", ysa, ysa, []))
    rows = []
    for name, given, file, extra in vocabularies:
        files = [str(given)] if given else []
        profiles = [] if given is None else ["--profile", "skos"]
        with tempfile.TemporaryDirectory() as out:
            steps = {
                "floor": measure([python, "-c", FLOOR, str(file)]),
                "rdflib parse": measure([python, "-c", RDFLIB_PARSE, str(file)]),
                "validate --profile skos": measure(
                    [*cli, "validate", "--profile", "skos", *extra, *files]
                ),
                "build": measure(
                    [*cli, "build", "--quiet", *profiles, *extra, "--out", f"{out}/b", *files]
                ),
            }
        rows.append((name, steps))
    print(f"{'vocabulary':<10} {'step':<24} {'seconds':>8} {'x floor':>8} {'peak MB':>8}")
    for name, steps in rows:
        floor = steps["floor"].seconds
        for step, m in steps.items():
            flag = "" if m.ok else "  (failed)"
            print(
                f"{name:<10} {step:<24} {m.seconds:>8.2f} {m.seconds / floor:>8.1f} "
                f"{m.peak_mb:>8.0f}{flag}"
            )


if __name__ == "__main__":
    main()
