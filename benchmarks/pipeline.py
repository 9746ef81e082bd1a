"""Measure validate and build against the floor, on our vocabulary, LOS and YSA.

Each step runs in a fresh process; wall time and that process's peak memory (its own or its
workers', whichever is larger) are measured. The floor is what the work cannot go below on
this machine: pyoxigraph loading the file, writing the four dumps, and Jinja2 writing one
trivial page per concept and language. The rdflib parse is shown beside it. Every figure is
also given as a ratio to the floor of the same vocabulary, measured in the same run.
Run as root, the script drops the kernel's caches before each step (see ``drop_caches``),
so that no step pays for the files an earlier one deleted, then reads the code in again as
any maintainer's machine has it; ``--keep-caches`` leaves the caches alone.

"rebuild" is a second build into the same folder after one concept's preferred label was
changed: what that edit touches is made again, the rest is taken from the first build.

    .venv/bin/python benchmarks/pipeline.py              # ours, LOS and YSA
    .venv/bin/python benchmarks/pipeline.py --skip-ysa   # ours and LOS (a minute)
"""

from __future__ import annotations

import argparse
import gzip
import os
import shutil
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
out = Path(tempfile.mkdtemp(dir=sys.argv[2]))
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


DROP_CACHES = Path("/proc/sys/vm/drop_caches")
WARM_UP = "import jinja2, pyoxigraph, pyshacl, rdflib, kompetanse_skos.cli"


def can_drop_caches() -> bool:
    return DROP_CACHES.exists() and os.access(DROP_CACHES, os.W_OK)


def drop_caches() -> None:
    """Write out and drop the kernel's caches, so that every step starts from the same state.

    On these machines, after a few hundred thousand files have been deleted, creating a file
    costs up to ten times as much until the caches are dropped; each step would otherwise
    pay for the files the step before it left behind.
    """
    os.sync()
    DROP_CACHES.write_text("3\n")


def measure(command: list[str], fresh: bool = False) -> Measure:
    """Run *command* in a fresh process; return its wall time and peak resident memory.

    The peak is the largest of the process's and its workers' (RUSAGE_CHILDREN of a
    measuring child process covers the workers the command forks). With *fresh*, the
    kernel's caches are dropped first.
    """
    if fresh:
        drop_caches()
        # A maintainer's machine has the tool's code in its cache: read it in once, untimed.
        subprocess.run([sys.executable, "-c", WARM_UP], cwd=ROOT, check=True)
    wrapper = [sys.executable, "-c", WRAPPER, *command]
    start = time.perf_counter()
    process = subprocess.run(wrapper, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
    seconds = time.perf_counter() - start
    stderr = process.stderr.decode()
    code, _, peak = stderr.rstrip().rpartition("\n")[2].partition(" ")
    returncode = int(code) if code.lstrip("-").isdigit() else -1
    if returncode not in (0, 1):
        print(f"  ! {' '.join(command[:4])}… exited {returncode}: {stderr[-300:]}")
    return Measure(seconds, float(peak or 0), returncode in (0, 1))


# Runs the command and reports, on its last line of stderr, its exit code and the peak
# memory in MB of the command or of any process it started.
WRAPPER = """
import resource, subprocess, sys
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(code, round(peak), file=sys.stderr)
"""


def edited_copy(source: Path, folder: Path) -> Path:
    """Return a copy of *source* (Turtle or RDF/XML, maybe gzipped) with one label changed."""
    data = gzip.decompress(source.read_bytes()) if source.suffix == ".gz" else source.read_bytes()
    text = data.decode("utf-8")
    for marker in ('prefLabel "', "prefLabel xml:lang=", "prefLabel "):
        at = text.find(marker)
        if at >= 0:
            quote = text.find('"', at) if '"' in marker else text.find(">", at)
            text = text[: quote + 1] + "Edited " + text[quote + 1 :]
            break
    name = source.name.removesuffix(".gz")
    target = folder / name
    target.write_text(text, encoding="utf-8")
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-ysa", action="store_true", help="leave out YSA (35,000 concepts)")
    parser.add_argument(
        "--keep-caches",
        action="store_true",
        help="do not drop the kernel's caches before each step (dropping needs root)",
    )
    args = parser.parse_args()
    fresh = not args.keep_caches and can_drop_caches()
    python = sys.executable
    cli = [python, "-m", "kompetanse_skos"]
    vocabularies = [
        ("ours", None, ROOT / "vocab" / "fagkunnskap-og-ferdigheter.ttl", []),
        ("LOS", REFERENCE / "los" / "all.rdf", REFERENCE / "los" / "all.rdf", ["--ignore", "S13"]),
    ]
    if not args.skip_ysa:
        ysa = REFERENCE / "ysa" / "ysa-skos.ttl.gz"
        vocabularies.append(("YSA", ysa, ysa, ["--ignore", "S27"]))
    rows = []
    for name, given, file, extra in vocabularies:
        files = [str(given)] if given else []
        profiles = [] if given is None else ["--profile", "skos"]
        # Built on the repository's disk: /tmp on these machines writes files ten times slower.
        scratch = ROOT / ".benchmark-tmp"
        scratch.mkdir(exist_ok=True)
        with tempfile.TemporaryDirectory(dir=scratch) as out:
            build = [*cli, "build", "--quiet", *profiles, *extra, "--out", f"{out}/b"]
            steps = {
                "floor": measure([python, "-c", FLOOR, str(file), out], fresh),
                "rdflib parse": measure([python, "-c", RDFLIB_PARSE, str(file)], fresh),
                "validate --profile skos": measure(
                    [*cli, "validate", "--profile", "skos", *extra, *files], fresh
                ),
                "build": measure([*build, *files], fresh),
            }
            if given is None:
                edited_project = Path(out) / "project"
                shutil.copytree(ROOT / "vocab", edited_project / "vocab")
                shutil.copy(ROOT / "pyproject.toml", edited_project)
                edited_copy(file, edited_project / "vocab")
                rebuild = [*build, "--root", str(edited_project)]
                steps["rebuild after one edit"] = measure(rebuild, fresh)
            else:
                steps["rebuild after one edit"] = measure(
                    [*build, str(edited_copy(file, Path(out)))], fresh
                )
        rows.append((name, steps))
    caches = "dropped before each step" if fresh else "kept (not dropped) between steps"
    print(f"{os.cpu_count()} cores; the kernel's caches {caches}")
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
