"""Write the files of many resources on every core, and reuse those of the previous build.

A thesaurus of 35,000 concepts has 250,000 files of its own: three pages and four RDF files
per concept. They are written in tasks (a chunk of resources, one language's index pages, the
search index) by worker processes, forked once the model is read, so that each worker starts
with the model, the places and the templates already in memory.

A maintainer rebuilds after every edit. Each file group is known by a fingerprint of all it
is made from; a group whose fingerprint is the same as in the previous build is not made
again: its files stay where they are in the previous build, which ``output.folder`` updates.
"""

from __future__ import annotations

import gc
import hashlib
import json
import multiprocessing
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from kompetanse_skos.output.folder import Listing

# Written beside the build's marker; lists the fingerprint of every group of files.
MANIFEST = ".kompetanse-skos-manifest.json"
# Resources per task handed to a worker, at most: large enough to outweigh the hand-over,
# small enough to show progress and to share the work evenly.
CHUNK = 400
# Below this many resources, forking costs more than it saves.
PARALLEL_FROM = 300

Progress = Callable[[str, int, int], None]


@dataclass
class Reuse:
    """The previous build's fingerprints, and what it holds: the files that can stay."""

    fingerprints: dict[str, str] = field(default_factory=dict)
    listing: Listing | None = None  # None: there is no previous build to take files from

    @classmethod
    def of(cls, previous: Path | None) -> Reuse:
        """Read the record of the build in *previous*, if there is one that can be read."""
        if previous is None:
            return cls()
        try:
            data = json.loads((previous / MANIFEST).read_text(encoding="utf-8"))
            fingerprints = {str(k): str(v) for k, v in data["fingerprints"].items()}
            return cls(fingerprints, Listing.of(previous))
        except (OSError, ValueError, KeyError, AttributeError):
            return cls()

    def keeps(self, key: str, fingerprint: str, files: Sequence[str]) -> bool:
        """Whether the previous build's *files* of *key* are still made from *fingerprint*.

        When they are not (or some of them are missing), the group must be made again.
        """
        return self.fingerprints.get(key) == fingerprint and self._holds(files)

    def group(self, prefix: str, fingerprint: str) -> list[str] | None:
        """Return the previous build's files recorded as *prefix* + name, from *fingerprint*.

        A group whose files are not known before it is made (the search index, split as its
        entries fall) records each of its files under such a key. None when the previous
        build has no such files, or has lost one of them: the group must be made again.
        """
        names = sorted(
            key.removeprefix(prefix)
            for key, found in self.fingerprints.items()
            if key.startswith(prefix) and found == fingerprint
        )
        return names if names and self._holds(names) else None

    def _holds(self, files: Sequence[str]) -> bool:
        """Whether the previous build still has all of *files*."""
        return self.listing is not None and all(name in self.listing.files for name in files)


def fingerprint(*parts: object) -> str:
    """Return a short digest of the text form of *parts*."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(repr(part).encode("utf-8"))
        digest.update(b"\x00")
    return digest.hexdigest()[:32]


def write_manifest(folder: Path, fingerprints: dict[str, str]) -> None:
    """Write the fingerprints of this build, for the next one."""
    data = {"fingerprints": dict(sorted(fingerprints.items()))}
    (folder / MANIFEST).write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")


def chunked(keys: Sequence[str]) -> list[Sequence[str]]:
    """Split *keys* into tasks: at least four per core, so that no core waits long at the end."""
    size = max(1, min(CHUNK, -(-len(keys) // (4 * (os.cpu_count() or 1)))))
    return [keys[start : start + size] for start in range(0, len(keys), size)]


T = TypeVar("T")
R = TypeVar("R")
# The work of the current run, for forked workers to find: a function cannot be sent to a
# forked worker, but the worker has a copy of everything the parent had.
_WORK: Callable[[Any], Any] | None = None


def run_tasks(
    tasks: Sequence[T],
    work: Callable[[T], R],
    sizes: Sequence[int],
    progress: Progress | None,
    stage: str,
) -> list[R]:
    """Run *work* on each of *tasks*, on every core when they are many; return the results.

    The results come in the order of *tasks*, whichever finished first. *sizes* says how
    many resources each task covers (for *progress*, which hears them as *stage*, and to
    judge whether to fork at all).
    """
    global _WORK
    total = sum(sizes)
    results: list[R | None] = [None] * len(tasks)
    done = 0
    if progress:
        progress(stage, 0, total)

    def collect(index: int, result: R) -> None:
        nonlocal done
        results[index] = result
        done += sizes[index]
        if progress:
            progress(stage, done, total)

    workers = min(os.cpu_count() or 1, len(tasks))
    if workers < 2 or total < PARALLEL_FROM or "fork" not in _start_methods():
        for index, task in enumerate(tasks):
            collect(index, work(task))
    else:
        _WORK = work
        try:
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                for index, result in pool.imap_unordered(_run_task, enumerate(tasks)):
                    collect(index, result)
        finally:
            _WORK = None
    return results  # type: ignore[return-value]  # every task has given its result


def _run_task(numbered: tuple[int, Any]) -> tuple[int, Any]:
    assert _WORK is not None, "run_tasks sets the work before forking"
    index, task = numbered
    result = _WORK(task)
    # What the task left (the caches of views and links) need not be looked through again;
    # the collector's thresholds are the build's, inherited.
    gc.freeze()
    return index, result


def _start_methods() -> Iterable[str]:
    return multiprocessing.get_all_start_methods()
