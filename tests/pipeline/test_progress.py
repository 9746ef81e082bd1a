"""A long build says what it is doing in a terminal, and nothing in CI, a pipe or --quiet."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
from pathlib import Path

from conftest import ROOT


def _build_in_terminal(project: Path, *args: str, env: dict[str, str]) -> tuple[int, str]:
    """Run ``build`` with its stderr on a pseudo-terminal; return the exit code and stderr."""
    leader, follower = pty.openpty()
    environment = {k: v for k, v in os.environ.items() if k != "CI"} | env
    process = subprocess.Popen(
        [sys.executable, "-m", "kompetanse_skos", "build", "--root", str(project), *args],
        stdout=subprocess.DEVNULL,
        stderr=follower,
        cwd=ROOT,
        env=environment,
    )
    os.close(follower)
    output = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closes when the process ends
            break
        if not chunk:
            break
        output += chunk
    os.close(leader)
    return process.wait(timeout=300), output.decode("utf-8", errors="replace")


def test_a_build_in_a_terminal_shows_its_stages_and_progress(project: Path) -> None:
    code, shown = _build_in_terminal(project, env={"TERM": "xterm"})
    assert code == 0, shown
    # The checksums are made with the dumps, from the bytes in memory: no stage of their own.
    stages = (
        "reading the vocabulary",
        "writing the dumps",
        "writing the site",
        "writing the sitemaps and server configuration",
        "validating",
    )
    for stage in stages:
        assert stage in shown, stage
    assert "writing pages, RDF files and the search index: " in shown
    assert "(100%)" in shown
    # The line is cleared at the end: overwritten with spaces, the cursor back at its start.
    assert re.search(r"\r +\r$", shown), repr(shown[-80:])


def test_a_build_is_quiet_with_quiet_in_ci_and_in_a_pipe(project: Path) -> None:
    code, shown = _build_in_terminal(project, "--quiet", env={"TERM": "xterm"})
    assert code == 0 and shown == ""
    code, shown = _build_in_terminal(project, env={"TERM": "xterm", "CI": "true"})
    assert code == 0 and "validating" not in shown and "%" not in shown
    piped = subprocess.run(
        [sys.executable, "-m", "kompetanse_skos", "build", "--root", str(project)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={k: v for k, v in os.environ.items() if k != "CI"},
        timeout=300,
    )
    assert piped.returncode == 0 and piped.stderr == ""
