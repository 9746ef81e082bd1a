"""Show where one build's time goes: each stage's wall time, and the workers' CPU time.

Builds a vocabulary (YSA by default) once, in this process, and prints the time from each
stage the build reports to the next, then the CPU time the worker processes spent on
pages and RDF files, per resource. It is the first thing to run before making a build
faster; ``pipeline.py`` is the one that measures against the floor.

    .venv/bin/python benchmarks/stages.py
    .venv/bin/python benchmarks/stages.py --skos --ignore S13 ../shared/reference/vocabs/los/all.rdf
    .venv/bin/python benchmarks/stages.py --rebuild   # a rebuild after one label is edited

YSA breaks S27 in 72 places and is built with ``--ignore S27``, as ``pipeline.py`` does.
"""

from __future__ import annotations

import argparse
import gzip
import importlib
import os
import resource
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from kompetanse_skos.project import Project  # noqa: E402
from kompetanse_skos.site import render as site  # noqa: E402
from pipeline import SCRATCH, edited_copy  # noqa: E402

# The module, not the function of the same name that the package exports.
build_module = importlib.import_module("kompetanse_skos.pipeline.build")

YSA = ROOT.parent / "shared" / "reference" / "vocabs" / "ysa" / "ysa-skos.ttl.gz"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("vocabulary", nargs="?", type=Path, default=YSA)
    parser.add_argument(
        "--skos", action="store_true", help="validate with the skos profile only, as pipeline.py"
    )
    parser.add_argument("--ignore", action="append", default=[], help="a check to ignore")
    parser.add_argument(
        "--rebuild",
        action="store_true",
        help="build once, untimed, then show the stages of a rebuild after one label is edited",
    )
    args = parser.parse_args()
    SCRATCH.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(dir=SCRATCH) as folder:
        source = args.vocabulary
        if source.suffix == ".gz":
            source = Path(folder) / source.name.removesuffix(".gz")
            source.write_bytes(gzip.decompress(args.vocabulary.read_bytes()))
        profiles = ["skos"] if args.skos or args.vocabulary == YSA else []
        ignore = args.ignore or (["S27"] if args.vocabulary == YSA else [])
        output = Path(folder) / "build"
        if args.rebuild:
            first = build_module.build(
                Project.from_root(ROOT, output), [source], profiles=profiles, ignore=ignore
            )
            if not first.built:
                sys.exit("the first build wrote nothing")
            edited = Path(folder) / "edited"
            edited.mkdir()
            source = edited_copy(source, edited)
        run(source, output, profiles, ignore)


def run(source: Path, output: Path, profiles: list[str], ignore: list[str]) -> None:
    log = output.with_name("worker-times.txt")
    _time_workers(log)
    start = last = time.perf_counter()
    current = ""

    def progress(stage: str, done: int, total: int) -> None:
        nonlocal last, current
        if stage != current:
            now = time.perf_counter()
            if current:
                print(f"{now - last:8.1f} s  {current}")
            last, current = now, stage

    result = build_module.build(
        Project.from_root(ROOT, output),
        [source],
        profiles=profiles,
        ignore=ignore,
        progress=progress,
    )
    if not result.built:
        sys.exit(f"the build found {len(result.report.findings)} problems and wrote nothing")
    end = time.perf_counter()
    print(f"{end - last:8.1f} s  {current}, and putting the build in place")
    print(f"{end - start:8.1f} s  in all: {len(result.written)} files")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{peak:8.0f} MB  peak of the main process")
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"{workers:8.0f} MB  peak of a worker")
    lines = [line.split() for line in log.read_text().splitlines()]
    resources = sum(int(count) for count, _, _ in lines)
    if resources:
        user = sum(float(user) for _, user, _ in lines) / resources * 1000
        system = sum(float(system) for _, _, system in lines) / resources * 1000
        print(f"per resource: {user:.2f} ms user, {system:.2f} ms system ({resources} resources)")


def _time_workers(log: Path) -> None:
    """Make every task of resources note its CPU time in *log*, in whichever process."""
    write_chunk = site._SiteWriter._write_chunk

    def timed(writer: site._SiteWriter, uris: Sequence[str]) -> tuple[list[str], dict[str, str]]:
        before = os.times()
        written = write_chunk(writer, uris)
        after = os.times()
        with log.open("a") as file:  # appending a short line: the workers do not mix theirs
            file.write(f"{len(uris)} {after.user - before.user} {after.system - before.system}\n")
        return written

    site._SiteWriter._write_chunk = timed  # type: ignore[method-assign]


if __name__ == "__main__":
    main()
