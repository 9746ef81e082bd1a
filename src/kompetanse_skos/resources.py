"""Write the files of many resources on every core, and reuse those of the previous build.

A thesaurus of 35,000 concepts has 250,000 files of its own: three pages and four RDF files
per concept. They are written in chunks by worker processes, forked once the model is read,
so that each worker starts with the model, the places and the templates already in memory.

A maintainer rebuilds after every edit. Each file group is known by a fingerprint of all it
is made from; a group whose fingerprint is the same as in the previous build is linked from
there (a hard link, or a copy where links are not possible) instead of being made again.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import shutil
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kompetanse_skos.paths import safe_relative

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
    """The previous build's fingerprints, and the files that can be taken from it."""

    previous: Path | None
    fingerprints: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, previous: Path | None) -> Reuse:
        """Read the manifest of the build in *previous*, if there is one that can be read."""
        if previous is None:
            return cls(None)
        try:
            data = json.loads((previous / MANIFEST).read_text(encoding="utf-8"))
            fingerprints = {str(k): str(v) for k, v in data["fingerprints"].items()}
        except (OSError, ValueError, KeyError, AttributeError):
            return cls(None)
        return cls(previous, fingerprints)

    def take(self, key: str, fingerprint: str, files: Sequence[str], folder: Path) -> bool:
        """Link *files* from the previous build into *folder* if *key* has not changed.

        Returns False, having linked nothing, when the group must be made again.
        """
        if self.previous is None or self.fingerprints.get(key) != fingerprint:
            return False
        sources = [self.previous / safe_relative(name) for name in files]
        if not all(source.is_file() and not source.is_symlink() for source in sources):
            return False
        for name, source in zip(files, sources, strict=True):
            target = folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(source, target)
            except OSError:
                shutil.copyfile(source, target)
        return True


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


Work = Callable[[Sequence[str]], tuple[list[str], dict[str, str]]]
# The work of the current run, for forked workers to find: a function cannot be sent to a
# forked worker, but the worker has a copy of everything the parent had.
_WORK: Work | None = None


def run_chunks(
    keys: Sequence[str],
    work: Work,
    progress: Progress | None = None,
    stage: str = "writing pages and RDF files",
) -> tuple[list[str], dict[str, str]]:
    """Run *work* over *keys* in chunks, on every core when there are many.

    *work* writes the files of the keys it is given and returns their names and the
    fingerprints of what it made or reused. Returns them for all keys.
    """
    global _WORK
    cores = os.cpu_count() or 1
    # At least four tasks per core, so that no core waits long for the last one.
    size = max(1, min(CHUNK, -(-len(keys) // (4 * cores))))
    chunks = [keys[start : start + size] for start in range(0, len(keys), size)]
    workers = min(cores, len(chunks))
    written: list[str] = []
    fingerprints: dict[str, str] = {}
    done = 0
    if progress:
        progress(stage, 0, len(keys))

    def collect(result: tuple[list[str], dict[str, str]], size: int) -> None:
        nonlocal done
        written.extend(result[0])
        fingerprints.update(result[1])
        done += size
        if progress:
            progress(stage, done, len(keys))

    if workers < 2 or len(keys) < PARALLEL_FROM or "fork" not in _start_methods():
        for chunk in chunks:
            collect(work(chunk), len(chunk))
        return written, fingerprints
    _WORK = work
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            for result, size in pool.imap_unordered(_run_chunk, chunks):
                collect(result, size)
    finally:
        _WORK = None
    return written, fingerprints


def _run_chunk(chunk: Sequence[str]) -> tuple[tuple[list[str], dict[str, str]], int]:
    assert _WORK is not None, "run_chunk sets the work before forking"
    return _WORK(chunk), len(chunk)


def _start_methods() -> Iterable[str]:
    return multiprocessing.get_all_start_methods()
