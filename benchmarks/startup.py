"""Measure how long the command line takes to answer --version and --help.

Each command runs in a fresh process, ``--repeat`` times; the fastest run is shown, with its
ratio to the floor measured in the same run: a Python process that does nothing. Beside it,
a process that only imports the RDF and SHACL libraries, which the command line loaded
before it looked at its arguments, and one real command that needs them (``checks``).

    .venv/bin/python benchmarks/startup.py
    .venv/bin/python benchmarks/startup.py --repeat 20
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
STEPS = (
    ("floor: python -c pass", [PYTHON, "-c", "pass"]),
    ("import rdflib, pyshacl, pyoxigraph", [PYTHON, "-c", "import rdflib, pyshacl, pyoxigraph"]),
    ("kompetanse-skos --version", [PYTHON, "-m", "kompetanse_skos", "--version"]),
    ("kompetanse-skos --help", [PYTHON, "-m", "kompetanse_skos", "--help"]),
    ("kompetanse-skos build --help", [PYTHON, "-m", "kompetanse_skos", "build", "--help"]),
    ("kompetanse-skos checks", [PYTHON, "-m", "kompetanse_skos", "checks", "--root", str(ROOT)]),
)


def fastest(command: list[str], repeat: int) -> float:
    """Return the fastest wall time of *repeat* runs of *command*, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10, help="runs of each step (default 10)")
    repeat = parser.parse_args().repeat
    print(f"each step's fastest of {repeat} runs")
    print(f"{'step':38} {'seconds':>8} {'x floor':>8}")
    floor = None
    for name, command in STEPS:
        seconds = fastest(command, repeat)
        floor = floor or seconds
        print(f"{name:38} {seconds:8.3f} {seconds / floor:8.1f}")


if __name__ == "__main__":
    main()
