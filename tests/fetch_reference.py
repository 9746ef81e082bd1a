"""Fetch the external files the tests read into .cache/reference/ and check their SHA-256.

``tests/reference.toml`` lists each file: its path in the cache, its upstream URL at a fixed
commit, its SHA-256 and its licence. Every file is taken from one place: the mirror when there
is one, the upstream URL otherwise. The mirror is ``KOMPETANSE_SKOS_MIRROR`` (a folder, or an
``http://`` or ``https://`` prefix, laid out like the cache) or, when that is unset and
``../shared/reference`` exists beside the repository, that folder. A file already in the cache
with the right checksum is left alone; a download goes to a temporary name and is renamed into
place only once its checksum matches. The first file that cannot be had, or whose checksum
differs, stops the run with one line that names the file, where it was looked for and how to
provide it.

Standard library only, so that ``scripts/test`` runs it before anything is installed:
``python3 tests/fetch_reference.py`` (or ``bash scripts/fetch-reference``). The tests import
it for ``CACHE`` and to check the fetching itself.
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
import tomllib
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

ROOT = Path(__file__).resolve().parents[1]
MANIFEST = ROOT / "tests" / "reference.toml"
CACHE = ROOT / ".cache" / "reference"
MIRROR_VARIABLE = "KOMPETANSE_SKOS_MIRROR"
# Short enough that a machine without a network stops at once, long enough for a slow link
# (it bounds each wait for the server, not the whole download).
TIMEOUT = 20
_CHUNK = 1 << 16


class FetchError(Exception):
    """A reference file could not be had, or its bytes are not the pinned ones."""


@dataclass(frozen=True)
class Entry:
    """One file of the manifest."""

    path: str
    url: str
    sha256: str
    licence: str


@dataclass(frozen=True)
class Result:
    """What a fetch did: the files it checked, and those it had to copy or download."""

    checked: int
    fetched: tuple[str, ...]
    source: str


def read_manifest(manifest: Path = MANIFEST) -> list[Entry]:
    """Read the manifest's entries."""
    with manifest.open("rb") as file:
        data = tomllib.load(file)
    return [
        Entry(item["path"], item["url"], item["sha256"], item["licence"]) for item in data["file"]
    ]


def default_mirror(environ: Mapping[str, str] = os.environ, root: Path = ROOT) -> str | None:
    """Return the mirror to use: KOMPETANSE_SKOS_MIRROR, else ../shared/reference if it exists."""
    if environ.get(MIRROR_VARIABLE):
        return environ[MIRROR_VARIABLE]
    shared = root.parent / "shared" / "reference"
    return str(shared) if shared.is_dir() else None


def fetch_all(
    entries: Sequence[Entry],
    cache: Path = CACHE,
    mirror: str | None = None,
    timeout: float = TIMEOUT,
) -> Result:
    """Put every entry's file in *cache* with its pinned checksum, or raise FetchError."""
    fetched = []
    for entry in entries:
        target = cache / entry.path
        if target.is_file() and _sha256(target) == entry.sha256:
            continue
        _fetch(entry, target, _location(entry, mirror), timeout)
        fetched.append(entry.path)
    return Result(len(entries), tuple(fetched), mirror or "upstream")


def _location(entry: Entry, mirror: str | None) -> str:
    """Return where *entry* is looked for: in the mirror if there is one, else upstream."""
    if mirror is None:
        return entry.url
    if mirror.startswith(("http://", "https://")):
        return f"{mirror.rstrip('/')}/{urllib.parse.quote(entry.path)}"
    return str(Path(mirror).expanduser().resolve() / entry.path)


def _fetch(entry: Entry, target: Path, location: str, timeout: float) -> None:
    """Copy or download *location* to *target* through a temporary file checked first."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(
        dir=target.parent, prefix=f".{target.name}.", suffix=".part", delete=False
    ) as part:
        temporary = Path(part.name)
        try:
            try:
                with _open(location, timeout) as source:
                    digest = _copy(source, part)
            except (OSError, ValueError) as error:
                # urllib's errors (no network, refused, 404, time-out) are OSErrors too; an
                # HTTP error holds the response, and with it the connection.
                if isinstance(error, urllib.error.HTTPError):
                    error.close()
                raise FetchError(
                    f"{entry.path}: cannot be had from {location} ({_reason(error)}); "
                    f"{_remedy(target)}"
                ) from error
            if digest != entry.sha256:
                raise FetchError(
                    f"{entry.path}: SHA-256 {digest} of the file from {location} is not the "
                    f"pinned {entry.sha256} ({MANIFEST.name}); {_remedy(target)}"
                )
        except BaseException:
            part.close()
            temporary.unlink(missing_ok=True)
            raise
    os.replace(temporary, target)


def _open(location: str, timeout: float) -> BinaryIO:
    if location.startswith(("http://", "https://")):
        request = urllib.request.Request(location, headers={"User-Agent": "kompetanse-skos"})
        response: BinaryIO = urllib.request.urlopen(request, timeout=timeout)
        return response
    return open(location, "rb")


def _copy(source: BinaryIO, target: BinaryIO) -> str:
    """Copy *source* to *target* and return the SHA-256 of what was copied."""
    digest = hashlib.sha256()
    while chunk := source.read(_CHUNK):
        digest.update(chunk)
        target.write(chunk)
    return digest.hexdigest()


def _sha256(path: Path) -> str:
    with path.open("rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()


def _reason(error: BaseException) -> str:
    if isinstance(error, urllib.error.HTTPError):
        return f"HTTP {error.code}"
    if isinstance(error, urllib.error.URLError):
        return str(error.reason)
    if isinstance(error, FileNotFoundError):
        return "no such file"
    return str(error) or type(error).__name__


def _remedy(target: Path) -> str:
    return (
        f"set {MIRROR_VARIABLE} to a folder or http:// prefix laid out like .cache/reference, "
        f"or put the pinned file ({MANIFEST.name}) at {target}"
    )


def main() -> int:
    """Fetch every file of the manifest into the cache; write one line and return 0 or 1."""
    try:
        result = fetch_all(read_manifest(), CACHE, default_mirror())
    except FetchError as error:
        sys.stderr.write(f"fetch-reference: {error}\n")
        return 1
    how = f"{len(result.fetched)} from {result.source}" if result.fetched else "none fetched"
    sys.stdout.write(
        f"reference data: {result.checked} files checked in .cache/reference ({how})\n"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
