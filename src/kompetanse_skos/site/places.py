"""Give every resource a safe, unique place in the site, and link between places.

A resource whose URI is under the base gets the path of its URI: ``BASE/a/b`` becomes the folder
``a/b`` (pages ``a/b/index.html``, ``index.nn.html`` ...) and the files ``a/b.ttl`` and so on.
Any URI that is not under the base, or whose path could escape the output folder, clash with
another resource or with a file the build writes, or trouble some file system, gets a fallback
folder ``_/<hash>`` instead. Paths are compared after Unicode NFC and case folding, so two
resources never share a page even on a case-insensitive file system.
"""

from __future__ import annotations

import functools
import hashlib
import os
import posixpath
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote_to_bytes

from kompetanse_skos.errors import BuildError
from kompetanse_skos.rdf.formats import DUMP_FORMATS
from kompetanse_skos.site.languages import DEFAULT_PAGE, PageLanguage
from kompetanse_skos.vocabulary.base import is_web

RDF_SUFFIXES = tuple(rdf.suffix for rdf in DUMP_FORMATS)
FALLBACK_FOLDER = "_"
# A folder name must never look like a file the site writes, or one folder's files could
# collide with another resource's folder (``a.ttl`` the file, ``a.ttl/`` the folder).
_RESERVED_SUFFIXES = (
    *RDF_SUFFIXES,
    *(".html", ".htm", ".js", ".css", ".xml", ".txt", ".json", ".conf", ".gz"),
)
# Names Windows will not create, with or without an extension.
_WINDOWS_NAMES = {"con", "prn", "aux", "nul"} | {
    f"{p}{n}" for p in ("com", "lpt") for n in "123456789"
}
_WINDOWS_FORBIDDEN = set('<>:"/\\|?*%')
MAX_SEGMENT_BYTES = 100
MAX_PATH_BYTES = 200
_HASH_LENGTH = 12


@dataclass(frozen=True)
class Place:
    """Where one resource's pages and RDF files are, relative to the site's root."""

    uri: str
    folder: str  # a POSIX path; "" for the base itself, whose page is the home page
    fallback: bool = False

    def page(self, language: PageLanguage | None = None) -> str:
        """Return the page file in *language* (by default the site's default language):
        ``a/b/index.html``, ``a/b/index.en.html``."""
        name = language.page_name if language else DEFAULT_PAGE
        return f"{self.folder}/{name}" if self.folder else name

    def rdf(self, suffix: str) -> str:
        """Return the RDF file with *suffix*: ``a/b.ttl`` (``index.ttl`` for the base)."""
        return f"{self.folder or 'index'}{suffix}"


def assign_places(
    uris: Iterable[str], base: str | None, reserved: Iterable[str] = ()
) -> dict[str, Place]:
    """Give each URI a unique place; *reserved* names files at the root the build writes.

    URIs are taken in sorted order, so the same input always gives the same places.
    """
    taken = {_key(name) for name in reserved}
    places: dict[str, Place] = {}
    for uri in sorted(set(uris)):
        folder = folder_for(uri, base)
        if folder is not None and not _clashes(folder, taken):
            places[uri] = Place(uri, folder)
        else:
            places[uri] = Place(uri, _fallback(uri, taken), fallback=True)
        taken.add(_key(places[uri].folder))
    return places


def folder_for(uri: str, base: str | None) -> str | None:
    """Return the folder for *uri* under *base*, or None if it needs a fallback."""
    if base is None or not is_web(uri) or not uri.startswith(base):
        return None
    rest = uri[len(base) :]
    if "?" in rest or "#" in rest:
        return None
    if rest == "":
        return ""
    decoded: list[str] = []
    for raw in rest.removesuffix("/").split("/"):
        segment = _decode(raw)
        if segment is None or not _safe_segment(segment):
            return None
        decoded.append(segment)
    if decoded[0].startswith(FALLBACK_FOLDER):
        return None  # the site's own files live in folders whose names start with "_"
    folder = "/".join(decoded)
    if len(folder.encode("utf-8")) > MAX_PATH_BYTES:
        return None
    return folder


def _decode(segment: str) -> str | None:
    """Percent-decode one path segment; None if it hides a slash, a dot or bad UTF-8."""
    lowered = segment.lower()
    if any(code in lowered for code in ("%2f", "%5c", "%2e", "%00")):
        return None
    try:
        return unquote_to_bytes(segment).decode("utf-8")
    except UnicodeDecodeError:
        return None


def _safe_segment(segment: str) -> bool:
    if not segment or segment in (".", "..") or segment.startswith("."):
        return False
    if segment != segment.strip() or segment.endswith("."):
        return False
    if any(char in _WINDOWS_FORBIDDEN or unicodedata.category(char)[0] == "C" for char in segment):
        return False
    if segment.split(".", 1)[0].rstrip().casefold() in _WINDOWS_NAMES:
        return False
    if segment.casefold().endswith(_RESERVED_SUFFIXES) or segment.casefold().startswith("index."):
        return False
    return len(segment.encode("utf-8")) <= MAX_SEGMENT_BYTES


def _key(path: str) -> str:
    """Return how a file system that ignores case and Unicode form sees *path*."""
    return unicodedata.normalize("NFC", path).casefold()


def _clashes(folder: str, taken: set[str]) -> bool:
    if _key(folder) in taken:
        return True
    # The base's RDF is index.ttl, so a resource at the root may not be called "index";
    # nor may one whose RDF files would replace a reserved file such as the dumps.
    if "/" not in folder:
        names = {_key(folder)} | {_key(folder + suffix) for suffix in RDF_SUFFIXES}
        return bool(names & taken) or _key(folder) == "index"
    return False


def _fallback(uri: str, taken: set[str]) -> str:
    digest = hashlib.sha256(uri.encode("utf-8")).hexdigest()
    length = _HASH_LENGTH
    while _key(f"{FALLBACK_FOLDER}/{digest[:length]}") in taken:
        length += 4
    return f"{FALLBACK_FOLDER}/{digest[:length]}"


def relative_url(source: str, target: str, fragment: str = "") -> str:
    """Return a percent-encoded link from the file *source* to the file *target*.

    Both are POSIX paths relative to the site's root; the link names the file, never a
    bare folder, so that it works from ``file://`` as well as from a web server.
    """
    folders = source.split("/")[:-1]
    parts = target.split("/")
    common = 0
    shared = min(len(folders), len(parts) - 1)
    while common < shared and folders[common] == parts[common]:
        common += 1
    steps = [".."] * (len(folders) - common) + [_quote(part) for part in parts[common:]]
    link = "/".join(steps)
    return f"{link}#{_quote(fragment)}" if fragment else link


@functools.lru_cache(maxsize=65536)
def _quote(segment: str) -> str:
    return quote(segment, safe="")


def depth_apart(folder: str, top: str) -> int | None:
    """Return the depth of *folder* if it is not inside the top-level folder *top*, else None.

    From a page in such a folder, ``relative_url`` to any file under *top* or at the root
    climbs to the root and back down: the link depends on that depth alone, so it can be
    made once for every folder of the same depth.
    """
    if not folder:
        return 0
    return None if folder.partition("/")[0] == top else folder.count("/") + 1


def link_down(depth: int, target: str) -> str:
    """Return ``relative_url`` from a file *depth* folders deep to *target*, when the two
    share no folder (``depth_apart`` is not None): up to the root, then down."""
    return "../" * depth + "/".join(map(_quote, target.split("/")))


def root_prefix(source: str) -> str:
    """Return the relative link from the file *source* to the site's root ("" or "../...")."""
    depth = source.count("/")
    return "../" * depth


def safe_relative(relative: str) -> str:
    """Return *relative* if it names a file inside the output folder, else raise BuildError.

    Judged from the text alone: the build writes into a folder it has just made, which holds
    no links that could lead outside, so a normalized path without ".." stays inside.
    """
    normal = posixpath.normpath(relative)
    if (
        normal != relative
        or normal.startswith(("/", "../"))
        or normal in (".", "..")
        or "\x00" in normal
    ):
        raise BuildError(f"{relative}: refusing to write outside the output folder")
    return normal


def write_file(root: Path, relative: str, data: bytes, made: set[str] | None = None) -> None:
    """Write a new file under *root*; never replace a file already written.

    *made*, if given, holds the folders this writer has made, so that each is made once.
    """
    target = os.path.join(root, safe_relative(relative))
    folder = os.path.dirname(target)
    if made is None or folder not in made:
        os.makedirs(folder, exist_ok=True)
        if made is not None:
            made.add(folder)
    try:
        descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError as error:
        raise BuildError(f"{relative}: two outputs want the same file") from error
    try:
        view = memoryview(data)
        while view:  # a write may take only part of what it is given
            view = view[os.write(descriptor, view) :]
    finally:
        os.close(descriptor)
