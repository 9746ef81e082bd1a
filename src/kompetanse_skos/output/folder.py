"""Put a build's files into the output folder: all of them, or none.

Every build is written into a new folder beside the output folder. A first build is then
swapped in whole. A rebuild writes only what changed, takes the rest over from the previous
build where it lies, and once everything is written and checked, moves the new files into
the previous build and removes what that no longer has: a few files after an edit, where
linking and removing a large site's quarter of a million files took longer than making it.
A build that fails leaves the output folder exactly as it was.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from kompetanse_skos.errors import BuildError

# Every build leaves this file behind, so that a later build knows the folder is its own
# to replace, and never replaces a folder of someone else's by mistake.
MARKER = ".kompetanse-skos-build"


@dataclass(frozen=True)
class Listing:
    """What a folder holds, by names relative to it, "/"-separated."""

    files: frozenset[str]  # regular files (no symbolic links)
    others: tuple[str, ...]  # anything else that is not a folder: links, pipes, sockets
    folders: tuple[str, ...]  # every folder within, each listed before the folders in it

    @classmethod
    def of(cls, folder: Path) -> Listing:
        """List everything in *folder*, never following a symbolic link."""
        files: set[str] = set()
        others: list[str] = []
        folders: list[str] = []
        pending = [""]
        while pending:
            relative = pending.pop()
            with os.scandir(folder / relative if relative else folder) as entries:
                for entry in entries:
                    name = f"{relative}/{entry.name}" if relative else entry.name
                    if entry.is_dir(follow_symlinks=False):
                        folders.append(name)
                        pending.append(name)
                    elif entry.is_file(follow_symlinks=False):
                        files.add(name)
                    else:
                        others.append(name)
        return cls(frozenset(files), tuple(others), tuple(folders))


def is_previous_build(folder: Path) -> bool:
    """Whether *folder* is a build's (or empty), and so a build may replace it."""
    return folder.is_dir() and ((folder / MARKER).is_file() or not any(folder.iterdir()))


def write_output(
    target: Path,
    write: Callable[[Path], Sequence[str]],
    protected: Sequence[Path],
    previous: tuple[Listing, str] | None = None,
) -> None:
    """Call *write* on a new folder beside *target*; then put what it wrote into place.

    *write* returns the names of every file of the new build. Without *previous*, the new
    folder replaces *target*. With it (what *target* holds, a previous build, and the name
    of the file that records what a build holds), the new folder holds only the files that
    changed: they are moved into *target*, the record after the others, and whatever else
    the listing has is removed. Until then, *target* is not touched.
    """
    if any(target == folder or target in folder.parents for folder in protected):
        raise BuildError(f"{target}: refusing to build into a folder that holds the sources")
    if target.exists() and not is_previous_build(target):
        raise BuildError(
            f"{target}: exists and is not a previous build; remove it or choose another --out"
        )
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fresh = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
    except OSError as error:
        raise BuildError(f"{target.parent}: cannot write: {error.strerror}") from error
    try:
        (fresh / MARKER).write_text("", encoding="utf-8")
        names = write(fresh)
        if previous is None:
            _swap(fresh, target)
        else:
            listing, record = previous
            _update(target, fresh, listing, set(names), record)
    except OSError as error:
        raise BuildError(f"{target}: cannot write: {error.strerror or error}") from error
    finally:
        shutil.rmtree(fresh, ignore_errors=True)


def _swap(fresh: Path, target: Path) -> None:
    os.chmod(fresh, 0o755)
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
    try:
        if target.exists():
            target.rename(old / target.name)
        fresh.rename(target)
    except BaseException:
        if (old / target.name).exists() and not target.exists():
            (old / target.name).rename(target)
        raise
    finally:
        shutil.rmtree(old, ignore_errors=True)


def _update(target: Path, fresh: Path, previous: Listing, names: set[str], record: str) -> None:
    """Move the files in *fresh* into *target*, and remove from it what *names* does not hold.

    The *record* goes first and comes back last: without it, a folder is never taken for a
    previous build to update, so an update cut short is replaced whole by the next build.
    """
    (target / record).unlink(missing_ok=True)
    for name in [*previous.files, *previous.others]:
        if name not in names:
            (target / name).unlink(missing_ok=True)
    _remove_empty(target, previous.folders)
    made = Listing.of(fresh)
    for name in sorted(made.files, key=lambda name: name == record):
        destination = target / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        os.replace(fresh / name, destination)


def _remove_empty(root: Path, folders: Iterable[str]) -> None:
    """Remove those of *folders* in *root* that are empty, the deepest first."""
    for name in reversed(list(folders)):
        with contextlib.suppress(OSError):  # not empty: the new build has files in it
            (root / name).rmdir()
