"""Measure validate and build against the floor, on our vocabulary, LOS and YSA.

Each step runs in a fresh process; wall time, that process's peak memory (its own or its
workers', whichever is larger) and the CPU time of all its processes are measured. The floor
is what the work cannot go below on this machine: pyoxigraph loading the file, writing the
four dumps, and Jinja2 writing one trivial page per concept and language. The rdflib parse
is shown beside it. Every figure is also given as a ratio to the floor of the same
vocabulary, measured in the same run.
Run as root, the script drops the kernel's caches before each step (see ``drop_caches``),
then reads the code in again as any maintainer's machine has it; ``--keep-caches`` leaves the
caches alone. What the steps write is kept until every step has run, and deleted after the
table is printed: see ``SCRATCH``.

"rebuild" is a second build into the same folder after one concept's preferred label was
changed: what that edit touches is made again, the rest is taken from the first build.

The machine's speed drifts, by half at times within minutes: the run prints how long a fixed
Python workload took before and after it, and ``--repeat N`` runs every step in N rounds and
shows each one's fastest.

    .venv/bin/python benchmarks/pipeline.py              # ours, LOS and YSA
    .venv/bin/python benchmarks/pipeline.py --skip-ysa   # ours and LOS (a minute)
    .venv/bin/python benchmarks/pipeline.py --repeat 2   # each step's best of two rounds
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

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / ".cache" / "reference" / "vocabs"
SKOS = "http://www.w3.org/2004/02/skos/core#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
SKOS_CONCEPT = ox.NamedNode(SKOS + "Concept")
SKOS_PREF_LABEL = ox.NamedNode(SKOS + "prefLabel")

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
    cpu_seconds: float = 0.0  # user and system, of the command and every process it started


DROP_CACHES = Path("/proc/sys/vm/drop_caches")
WARM_UP = "import jinja2, pyoxigraph, pyshacl, rdflib, kompetanse_skos.cli"


def can_drop_caches() -> bool:
    return DROP_CACHES.exists() and os.access(DROP_CACHES, os.W_OK)


# Built on the repository's disk. Nothing is deleted until the last step has run: on these
# machines (ext4 without a journal), for some minutes after a few hundred thousand files have
# been deleted, creating a file costs up to ten times as much, as the kernel passes over each
# recently freed inode before it takes one; dropping the caches helps only in part. A step
# would pay for the files the one before it deleted, and YSA's second round for the first's.
SCRATCH = ROOT / ".benchmark-tmp"


def drop_caches() -> None:
    """Write out and drop the kernel's caches, so that every step starts from the same state."""
    os.sync()
    DROP_CACHES.write_text("3\n")


def measure(command: list[str], fresh: bool = False) -> Measure:
    """Run *command* in a fresh process; return its wall time, CPU time and peak memory.

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
    code, peak, cpu = [*stderr.rstrip().rpartition("\n")[2].split(" "), "", "", ""][:3]
    returncode = int(code) if code.lstrip("-").isdigit() else -1
    if returncode not in (0, 1):
        print(f"  ! {' '.join(command[:4])}… exited {returncode}: {stderr[-300:]}")
    return Measure(seconds, float(peak or 0), returncode in (0, 1), float(cpu or 0))


# Runs the command and reports, on its last line of stderr, its exit code, the peak memory in
# MB of the command or of any process it started, and the CPU seconds they all used.
WRAPPER = """
import resource, subprocess, sys
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(code, round(usage.ru_maxrss / 1024), usage.ru_utime + usage.ru_stime, file=sys.stderr)
"""


def edited_copy(source: Path, folder: Path) -> Path:
    """Return a copy of *source* (Turtle or RDF/XML, maybe gzipped) with one concept's label edited.

    The concept is the first, in the order of their URIs, whose preferred label is written
    once in the file, so that the edit changes that label and nothing else.
    """
    data = gzip.decompress(source.read_bytes()) if source.suffix == ".gz" else source.read_bytes()
    text = data.decode("utf-8")
    xml = ".rdf" in source.suffixes
    fmt = ox.RdfFormat.RDF_XML if xml else ox.RdfFormat.TURTLE
    concepts, labels = set(), []
    for triple in ox.parse(data, format=fmt):
        if triple.predicate == RDF_TYPE and triple.object == SKOS_CONCEPT:
            concepts.add(triple.subject)
        elif triple.predicate == SKOS_PREF_LABEL and isinstance(triple.object, ox.Literal):
            labels.append((triple.subject.value, triple.object.value, triple.subject))
    for _, label, subject in sorted(labels, key=lambda found: found[:2]):
        written = f">{label}<" if xml else f'"{label}"'
        if subject in concepts and text.count(written) == 1:
            edited = written.replace(label, f"Edited {label}")
            name = source.name.removesuffix(".gz")
            target = folder / name
            target.write_text(text.replace(written, edited), encoding="utf-8")
            return target
    raise SystemExit(f"{source}: no concept's label is written just once")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-ysa", action="store_true", help="leave out YSA (35,000 concepts)")
    parser.add_argument(
        "--keep-caches",
        action="store_true",
        help="do not drop the kernel's caches before each step (dropping needs root)",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        metavar="N",
        help="run every step N times, in N rounds, and show each one's fastest",
    )
    args = parser.parse_args()
    fresh = not args.keep_caches and can_drop_caches()
    speed = [machine_speed()]
    python = sys.executable
    cli = [python, "-m", "kompetanse_skos"]
    vocabularies = [
        ("ours", None, ROOT / "vocab" / "fagkunnskap-og-ferdigheter.ttl", []),
        ("LOS", REFERENCE / "los" / "all.rdf", REFERENCE / "los" / "all.rdf", ["--ignore", "S13"]),
    ]
    if not args.skip_ysa:
        ysa = REFERENCE / "ysa" / "ysa-skos.ttl.gz"
        vocabularies.append(("YSA", ysa, ysa, ["--ignore", "S27"]))
    found: dict[tuple[str, str], list[Measure]] = {}
    SCRATCH.mkdir(exist_ok=True)
    scratch = Path(tempfile.mkdtemp(dir=SCRATCH))
    try:
        for _ in range(max(1, args.repeat)):
            for name, given, file, extra in vocabularies:
                out = Path(tempfile.mkdtemp(dir=scratch))
                for step, measured in run_steps(cli, given, file, extra, fresh, out).items():
                    found.setdefault((name, step), []).append(measured)
        speed.append(machine_speed())
        print_table(found, [name for name, *_ in vocabularies], speed, fresh, args.repeat)
    finally:
        print(f"deleting what the steps wrote, in {scratch}", file=sys.stderr)
        shutil.rmtree(scratch)


def print_table(
    found: dict[tuple[str, str], list[Measure]],
    names: list[str],
    speed: list[float],
    fresh: bool,
    repeat: int,
) -> None:
    """Print each step's fastest time, as seconds and as a ratio to its vocabulary's floor.

    Beside it, the CPU seconds that round used: on this many cores, no step can take less
    than its CPU time divided by their number.
    """
    caches = "dropped before each step" if fresh else "kept (not dropped) between steps"
    print(f"{os.cpu_count()} cores; the kernel's caches {caches}")
    print(
        f"machine speed: a fixed Python workload took {speed[0]:.0f} ms before the run "
        f"and {speed[1]:.0f} ms after it"
    )
    if repeat > 1:
        print(f"each step's fastest of {repeat} rounds (and its largest peak)")
    print(
        f"{'vocabulary':<10} {'step':<24} {'seconds':>8} {'x floor':>8} {'peak MB':>8} {'CPU s':>8}"
    )
    for name in names:
        floor = min(m.seconds for m in found[name, "floor"])
        for (vocabulary, step), measures in found.items():
            if vocabulary != name:
                continue
            fastest = min(measures, key=lambda m: m.seconds)
            seconds = fastest.seconds
            peak = max(m.peak_mb for m in measures)
            flag = "" if all(m.ok for m in measures) else "  (failed)"
            print(
                f"{name:<10} {step:<24} {seconds:>8.2f} {seconds / floor:>8.1f} {peak:>8.0f} "
                f"{fastest.cpu_seconds:>8.1f}{flag}"
            )


def run_steps(
    cli: list[str], given: Path | None, file: Path, extra: list[str], fresh: bool, out: Path
) -> dict[str, Measure]:
    """Measure each step on one vocabulary: *given* on the command line, or ours if None.

    What the steps write goes into the folder *out*, and stays there.
    """
    python = sys.executable
    files = [str(given)] if given else []
    profiles = [] if given is None else ["--profile", "skos"]
    build = [*cli, "build", "--quiet", *profiles, *extra, "--out", f"{out}/b"]
    steps = {
        "floor": measure([python, "-c", FLOOR, str(file), str(out)], fresh),
        "rdflib parse": measure([python, "-c", RDFLIB_PARSE, str(file)], fresh),
        "validate --profile skos": measure(
            [*cli, "validate", "--profile", "skos", *extra, *files], fresh
        ),
        "build": measure([*build, *files], fresh),
        "fix": measure([*cli, "fix", "--out", f"{out}/fixed.ttl", *files], fresh),
    }
    if given is None:
        edited_project = out / "project"
        shutil.copytree(ROOT / "vocab", edited_project / "vocab")
        shutil.copy(ROOT / "pyproject.toml", edited_project)
        edited_copy(file, edited_project / "vocab")
        rebuild = [*build, "--root", str(edited_project)]
        steps["rebuild after one edit"] = measure(rebuild, fresh)
    else:
        steps["rebuild after one edit"] = measure([*build, str(edited_copy(file, out))], fresh)
    return steps


def machine_speed() -> float:
    """Return the milliseconds a fixed pure-Python workload takes, the best of five.

    The machines' speed drifts, by half at times, within minutes: this says how fast the
    machine was around the run. Compare ratios to the floor, not seconds, across runs.
    """
    best = float("inf")
    for _ in range(5):
        start = time.process_time()
        numbers = {str(n): (n, str(n) * 2) for n in range(300_000)}
        sorted(numbers.items(), key=lambda item: item[1][1])
        best = min(best, time.process_time() - start)
    return best * 1000


if __name__ == "__main__":
    main()
