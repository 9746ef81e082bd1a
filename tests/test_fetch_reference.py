"""The reference data is fetched, checked and cached as tests/reference.toml pins it.

The mirrors here are temporary folders, served over http://127.0.0.1 where the download path
is tested; nothing here reaches the internet.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from conftest import ROOT
from fetch_reference import (
    CACHE,
    MIRROR_VARIABLE,
    Entry,
    FetchError,
    default_mirror,
    fetch_all,
    read_manifest,
)

FILES = {
    "vocabs/small/one.ttl": b"<http://example.org/a> <http://example.org/b> 1 .\n",
    "examples/two words/two.ttl": "<http://example.org/å> <http://example.org/b> 2 .\n".encode(),
}


def _entries(files: dict[str, bytes]) -> list[Entry]:
    return [
        Entry(path, f"https://example.invalid/{path}", hashlib.sha256(data).hexdigest(), "CC0")
        for path, data in files.items()
    ]


def _write(folder: Path, files: dict[str, bytes]) -> Path:
    for path, data in files.items():
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_bytes(data)
    return folder


class Mirror(NamedTuple):
    """A mirror folder served over HTTP, and the paths requested from it."""

    folder: Path
    url: str
    requests: list[str]


@pytest.fixture
def http_mirror(tmp_path: Path) -> Iterator[Mirror]:
    """Serve a temporary mirror folder on http://127.0.0.1 from a thread."""
    folder = _write(tmp_path / "mirror", FILES)
    requests: list[str] = []

    class Handler(SimpleHTTPRequestHandler):
        def do_GET(self) -> None:
            requests.append(self.path)
            super().do_GET()

        def log_message(self, *args: Any) -> None:
            """Keep the test's output quiet."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Handler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield Mirror(folder, f"http://127.0.0.1:{server.server_address[1]}/", requests)
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_fetches_from_an_http_mirror_and_then_leaves_the_cache_alone(
    http_mirror: Mirror, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    result = fetch_all(_entries(FILES), cache, http_mirror.url)
    assert result.fetched == tuple(FILES)
    for path, data in FILES.items():
        assert (cache / path).read_bytes() == data
    assert sorted(http_mirror.requests) == [
        "/examples/two%20words/two.ttl",
        "/vocabs/small/one.ttl",
    ]

    again = fetch_all(_entries(FILES), cache, http_mirror.url)
    assert again.fetched == ()
    assert len(http_mirror.requests) == 2  # the verified files were not asked for again


def test_a_changed_file_is_refused_by_its_checksum(http_mirror: Mirror, tmp_path: Path) -> None:
    changed = "vocabs/small/one.ttl"
    (http_mirror.folder / changed).write_bytes(FILES[changed].replace(b"1", b"2"))
    cache = tmp_path / "cache"
    with pytest.raises(FetchError) as caught:
        fetch_all(_entries(FILES), cache, http_mirror.url)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"{changed}: SHA-256 ")
    assert f"{http_mirror.url}{changed}" in message  # where it was looked for
    assert MIRROR_VARIABLE in message and str(cache / changed) in message  # how to provide it
    # Nothing is left behind: no file at the cache path, no partial download beside it.
    assert not (cache / changed).exists()
    assert list((cache / changed).parent.iterdir()) == []


def test_a_file_changed_in_the_cache_is_fetched_again(http_mirror: Mirror, tmp_path: Path) -> None:
    cache = _write(tmp_path / "cache", FILES)
    (cache / "vocabs/small/one.ttl").write_bytes(b"edited by hand\n")
    result = fetch_all(_entries(FILES), cache, http_mirror.url)
    assert result.fetched == ("vocabs/small/one.ttl",)
    assert (cache / "vocabs/small/one.ttl").read_bytes() == FILES["vocabs/small/one.ttl"]


def test_a_file_missing_from_the_mirror_stops_at_that_file(
    http_mirror: Mirror, tmp_path: Path
) -> None:
    (http_mirror.folder / "vocabs/small/one.ttl").unlink()
    with pytest.raises(FetchError) as caught:
        fetch_all(_entries(FILES), tmp_path / "cache", http_mirror.url)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"vocabs/small/one.ttl: cannot be had from {http_mirror.url}")
    assert "HTTP 404" in message
    assert http_mirror.requests == ["/vocabs/small/one.ttl"]  # the first failure stops the run


def test_a_folder_is_a_mirror_too(tmp_path: Path) -> None:
    mirror = _write(tmp_path / "mirror", FILES)
    cache = tmp_path / "cache"
    assert fetch_all(_entries(FILES), cache, str(mirror)).fetched == tuple(FILES)
    (mirror / "vocabs/small/one.ttl").unlink()
    with pytest.raises(FetchError, match=r"one\.ttl: cannot be had from .*mirror.*no such file"):
        fetch_all(_entries(FILES), tmp_path / "other-cache", str(mirror))


def test_the_mirror_is_the_variable_else_shared_reference(tmp_path: Path) -> None:
    root = tmp_path / "repository"
    root.mkdir()
    assert default_mirror({}, root) is None
    (tmp_path / "shared" / "reference").mkdir(parents=True)
    assert default_mirror({}, root) == str(tmp_path / "shared" / "reference")
    assert default_mirror({MIRROR_VARIABLE: "http://127.0.0.1:9/"}, root) == "http://127.0.0.1:9/"


def test_the_manifest_pins_every_file_at_a_commit() -> None:
    entries = read_manifest()
    assert len({entry.path for entry in entries}) == len(entries) > 60
    for entry in entries:
        assert entry.url.startswith("https://raw.githubusercontent.com/"), entry.path
        commit = entry.url.split("/")[5]
        assert len(commit) == 40 and int(commit, 16) >= 0, entry.path
        assert len(entry.sha256) == 64 and int(entry.sha256, 16) >= 0, entry.path
        assert entry.licence, entry.path
        assert (CACHE / entry.path).is_file(), entry.path  # conftest fetched it


def test_without_mirror_or_network_the_fetch_stops_at_once(tmp_path: Path) -> None:
    """A fresh clone with nothing beside it, on a machine with no network: one line, exit 1.

    The network is cut by a proxy that refuses every connection; the clone is the fetch
    module and its manifest alone, in an empty folder, so no ../shared/reference is found.
    """
    clone = tmp_path / "clone"
    (clone / "tests").mkdir(parents=True)
    for name in ("fetch_reference.py", "reference.toml"):
        shutil.copy(ROOT / "tests" / name, clone / "tests" / name)
    refused = f"http://127.0.0.1:{_closed_port()}"
    environment = {
        key: value
        for key, value in os.environ.items()
        if key.lower() not in {"no_proxy", "http_proxy", "https_proxy", "all_proxy"}
        and key != MIRROR_VARIABLE
    }
    environment |= {"http_proxy": refused, "https_proxy": refused}
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, str(clone / "tests" / "fetch_reference.py")],
        capture_output=True,
        text=True,
        env=environment,
        timeout=60,
    )
    assert time.monotonic() - started < 10
    assert result.returncode == 1
    assert result.stdout == ""
    first = read_manifest()[0]
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith(f"fetch-reference: {first.path}: cannot be had from ")
    assert first.url in result.stderr and MIRROR_VARIABLE in result.stderr
    assert not (clone / ".cache" / "reference" / first.path).exists()


def test_scripts_test_fetches_the_reference_data_first() -> None:
    script = (ROOT / "scripts" / "test").read_text(encoding="utf-8")
    fetch = script.index("\nbash scripts/fetch-reference\n")
    assert fetch < script.index("pip install") < script.index("-m pytest")


def test_no_test_reads_shared_directly() -> None:
    for path in sorted((ROOT / "tests").rglob("*.py")):
        if path.name not in {"fetch_reference.py", Path(__file__).name}:
            text = path.read_text(encoding="utf-8")
            assert '"shared"' not in text and "../shared" not in text, path.name


def _closed_port() -> int:
    """Return a port on 127.0.0.1 that nothing listens on (bound, then closed)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), SimpleHTTPRequestHandler)
    port = server.server_address[1]
    server.server_close()
    return port
