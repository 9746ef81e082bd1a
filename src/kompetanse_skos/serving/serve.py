"""Serve a built site on this machine as production would: pages, RDF by Accept, and SPARQL.

A resource's URI path answers a browser with its page (in the site's default language, or
another of its languages by ``?lang=`` or ``Accept-Language``) and a client that asks for RDF
with its RDF file, as the ``.htaccess`` and ``nginx.conf`` the build writes do. ``/sparql``
is a read-only SPARQL 1.1 Protocol endpoint over the built dump. Oxigraph cannot stop a query
it has started, so queries run in worker processes, and a worker whose query outlives the
time limit is killed and replaced while the other threads keep answering.

It is meant to face anyone: no query makes it call another host (SERVICE is refused unless
the host is allowed), every request gets an HTTP answer and at most one line in the log (never
a traceback), and any origin may read (CORS), as browser clients of linked data need.
"""

from __future__ import annotations

import logging
import os
import posixpath
import queue
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from multiprocessing.connection import Connection
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from kompetanse_skos.errors import EXIT_UNWRITABLE, KompetanseError, LoadError
from kompetanse_skos.publication.files import CHECKSUMS
from kompetanse_skos.rdf.formats import DUMP_FORMATS, with_charset
from kompetanse_skos.rdf.languages import LANGUAGES
from kompetanse_skos.serving.negotiation import best_language, best_match
from kompetanse_skos.site.hosting import NOT_FOUND_PAGE
from kompetanse_skos.site.languages import (
    DEFAULT_PAGE,
    PageLanguage,
    read_languages,
    site_languages,
)

SPARQL_PATH = "/sparql"
MAX_BODY_BYTES = 1 << 20
MAX_PATH_BYTES = 2048  # a longer path names no file here: 414
MAX_NAME_BYTES = 255  # a longer path segment names no file on any common file system: 404
# What a browser may send across origins, and the methods it may use (CORS preflight).
CORS_HEADERS = {
    "Access-Control-Allow-Methods": "GET, HEAD, POST, OPTIONS",
    "Access-Control-Allow-Headers": "Accept, Accept-Language, Content-Language, Content-Type",
    "Access-Control-Max-Age": "86400",
}
_LOG = logging.getLogger("kompetanse_skos.serve")
_CONTENT_LENGTH = re.compile(r"[0-9]{1,18}")
_RDF_TYPES = {dump.media_type: dump.suffix for dump in DUMP_FORMATS}
# Media types by suffix (or by name, for files without one).
_MEDIA_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".conf": "text/plain; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
    CHECKSUMS: "text/plain; charset=utf-8",
    **{dump.suffix: with_charset(dump.media_type) for dump in DUMP_FORMATS},
}


@dataclass(frozen=True)
class ServeSettings:
    """What the server serves and how long and how much it answers."""

    folder: Path
    data: Path  # the dump the SPARQL endpoint answers over
    timeout: float = 10.0  # seconds a query may run
    max_rows: int = 10_000  # solutions or triples a query may return
    workers: int = 2  # queries answered at the same time
    allowed_services: tuple[str, ...] = ()  # hosts (or host:port) a SERVICE may call
    client_timeout: float = 10.0  # seconds a client may stay silent while sending a request


class ServeError(KompetanseError):
    """The address cannot be listened on (in use, or not this machine's)."""

    exit_code = EXIT_UNWRITABLE


# -- the query workers ----------------------------------------------------------------------


class _Worker:
    """One worker process (see worker.py) and the pipes to it."""

    def __init__(self, settings: ServeSettings) -> None:
        to_child, from_parent = os.pipe()
        to_parent, from_child = os.pipe()
        arguments = [str(settings.data), str(settings.max_rows), str(to_child), str(from_child)]
        arguments += settings.allowed_services
        # The fds are passed under their numbers, so the child is given the same numbers.
        self.process = subprocess.Popen(
            [sys.executable, "-m", "kompetanse_skos.serving.worker", *arguments],
            pass_fds=(to_child, from_child),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
        )
        os.close(to_child)
        os.close(from_child)
        self.inbox = Connection(to_parent, writable=False)
        self.outbox = Connection(from_parent, readable=False)
        self.ready = False

    def wait_ready(self, timeout: float) -> bool:
        """Wait until the worker has loaded the dump."""
        if not self.ready and self.inbox.poll(timeout):
            self.ready = self.inbox.recv() == ("ready",)
        return self.ready

    def stop(self) -> None:
        """Kill the worker, whatever it is doing."""
        for connection in (self.inbox, self.outbox):
            with suppress(OSError):
                connection.close()
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(10)


class QueryPool:
    """Worker processes that answer SPARQL queries, each stopped if it runs too long."""

    def __init__(self, settings: ServeSettings) -> None:
        self.settings = settings
        self.idle: queue.Queue[_Worker] = queue.Queue()
        self.closed = False
        for _ in range(settings.workers):
            self.idle.put(_Worker(settings))

    def run(self, text: str, accept: str) -> tuple[int, str, bytes, bool]:
        """Return (status, media type, body, truncated) for one query."""
        limit = self.settings.timeout
        try:
            worker = self.idle.get(timeout=limit)
        except queue.Empty:
            return 503, "text/plain; charset=utf-8", b"the server is busy; try again\n", False
        try:
            if not worker.wait_ready(60):
                raise OSError("the query worker did not start")
            worker.outbox.send((text, accept))
            if worker.inbox.poll(limit):
                status, media_type, body, truncated = worker.inbox.recv()
                self._give_back(worker)
                return status, media_type, body, truncated
            message = f"the query was stopped after {limit:g} seconds (the time limit)\n"
        except (OSError, EOFError):
            message = "the query worker failed; try again\n"
        # Too slow, or dead: kill it and start a fresh one in its place.
        worker.stop()
        self._give_back(None)
        return 503, "text/plain; charset=utf-8", message.encode(), False

    def _give_back(self, worker: _Worker | None) -> None:
        """Return *worker* (None: a fresh one) to the idle ones, or stop it once closed."""
        if self.closed:
            if worker is not None:
                worker.stop()
            return
        self.idle.put(worker or _Worker(self.settings))

    def close(self) -> None:
        """Stop every worker."""
        self.closed = True
        while True:
            try:
                self.idle.get_nowait().stop()
            except queue.Empty:
                return


# -- the HTTP side ---------------------------------------------------------------------------


class SiteServer(ThreadingHTTPServer):
    """A threading HTTP server that knows the site folder and owns the query workers."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], settings: ServeSettings) -> None:
        self.settings = settings
        self.root = settings.folder.resolve()
        # The languages of the site's pages, as its build wrote them; a build older than that
        # file had the package's own.
        self.languages = read_languages(self.root) or site_languages(LANGUAGES)
        self.pool = QueryPool(settings)
        try:
            super().__init__(address, _Handler)
        except OSError as error:
            self.pool.close()
            raise ServeError(f"cannot listen on {address[0]}:{address[1]}: {error}") from error

    @property
    def url(self) -> str:
        """Return the server's base URL."""
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}/"

    def server_close(self) -> None:
        """Close the socket and stop the query workers."""
        super().server_close()
        self.pool.close()

    def handle_error(self, request: object, client_address: object) -> None:
        """Log what went wrong with a connection in one line, never a traceback."""
        error = sys.exc_info()[1]
        if not isinstance(error, ConnectionError | TimeoutError):
            _LOG.error("%s: %s: %s", client_address, type(error).__name__, error)


def make_server(
    folder: Path,
    host: str = "127.0.0.1",
    port: int = 8000,
    data: Path | None = None,
    timeout: float = 10.0,
    max_rows: int = 10_000,
    workers: int = 2,
    allowed_services: Sequence[str] = (),
    client_timeout: float = 10.0,
) -> SiteServer:
    """Return a server for the built site in *folder*; call ``serve_forever()`` to run it.

    *data* is the dump the SPARQL endpoint answers over (default: ``all.nt`` in *folder*);
    a query may call a SERVICE only on the hosts in *allowed_services*.
    """
    if not folder.is_dir() or not (folder / DEFAULT_PAGE).is_file():
        raise LoadError(f"{folder}: not a built site; run kompetanse-skos build first")
    data = data or folder / "all.nt"
    if not data.is_file():
        raise LoadError(f"{data}: no such dump for the SPARQL endpoint")
    allowed = tuple(sorted({host.strip().lower() for host in allowed_services if host.strip()}))
    settings = ServeSettings(folder, data, timeout, max_rows, workers, allowed, client_timeout)
    return SiteServer((host, port), settings)


@contextmanager
def running(server: SiteServer) -> Iterator[SiteServer]:
    """Run *server* in a thread for the duration of a ``with`` block."""
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(10)


class _Handler(BaseHTTPRequestHandler):
    server: SiteServer
    server_version = "kompetanse-skos"
    protocol_version = "HTTP/1.1"
    send_body = True
    answered = False  # the status line and headers of this request's answer are sent

    # -- every request answered, in one line of log at most --

    def setup(self) -> None:
        # A client that stays silent this long (mid-request, or idle between requests) is
        # dropped; the thread serving it is not held forever.
        self.request.settimeout(self.server.settings.client_timeout)
        super().setup()

    def handle_one_request(self) -> None:
        self.answered = False
        try:
            super().handle_one_request()
        except (ConnectionError, TimeoutError):
            self.close_connection = True  # the client went away or went silent
        except (OSError, ValueError, RuntimeError) as error:  # RuntimeError: a symlink loop
            # Whatever the checks before it let through and the file system then refused.
            self.close_connection = True
            self.log_message("%s: %s", type(error).__name__, error)
            if not self.answered:
                self._error(500, "this request could not be answered")

    def parse_request(self) -> bool:
        self.send_body = True
        raw: bytes = getattr(self, "raw_requestline", b"")
        if len(raw.split()) == 2:  # "GET /": HTTP/0.9, which has no headers
            self.requestline = str(raw, "iso-8859-1").rstrip("\r\n")
            self.request_version = "HTTP/1.0"  # so that the answer has a status line
            self.send_error(400, "HTTP/0.9 is not supported; send HTTP/1.0 or HTTP/1.1")
            return False
        if not super().parse_request():
            return False
        self.send_body = self.command != "HEAD"
        if len(self.headers.get_all("Content-Length") or ()) > 1:
            self.send_error(400, "more than one Content-Length")
            return False
        if self.command != "POST" and (
            self.headers.get("Transfer-Encoding")
            or self.headers.get("Content-Length", "0").strip() not in ("", "0")
        ):
            self.close_connection = True  # the body is left unread
        return True

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Answer an error found while reading the request (plain text, then close)."""
        if self.request_version == "HTTP/0.9" or not self.request_version.startswith("HTTP/"):
            self.request_version = "HTTP/1.0"  # so that the answer has a status line
        self.close_connection = True
        self._error(code, message or HTTPStatus(code).phrase)

    def end_headers(self) -> None:
        # Read-only open data: any origin may read every answer, errors included, so that a
        # browser client can show why a query was refused. No credentials are ever involved.
        self.send_header("Access-Control-Allow-Origin", "*")
        self.answered = True
        super().end_headers()

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        if isinstance(code, int) and code >= 400:
            self.log_message("%d %s", code, HTTPStatus(code).phrase)

    def log_error(self, format: str, *args: object) -> None:
        if not format.startswith("Request timed out"):  # a silent client is closed, unlogged
            self.log_message(format, *args)

    def log_message(self, format: str, *args: object) -> None:
        """Log one line: the client, the request line (shortened) and what happened."""
        request = getattr(self, "requestline", "")
        request = request if len(request) <= 200 else request[:200] + "..."
        line = f'{self.client_address[0]} "{request}" {format % args}'
        _LOG.warning("%s", "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in line))

    # -- dispatch --

    def do_GET(self) -> None:
        self._dispatch()

    def do_HEAD(self) -> None:
        self._dispatch()  # parse_request has noted that no body is sent

    def do_OPTIONS(self) -> None:
        """Answer a CORS preflight (or a plain OPTIONS): what any origin may do here."""
        self.send_response(204)  # no body, so no Content-Length or Content-Type either
        for name, value in {"Allow": "GET, HEAD, POST, OPTIONS", **CORS_HEADERS}.items():
            self.send_header(name, value)
        self.end_headers()

    def do_POST(self) -> None:
        parts = urlsplit(self.path)
        if parts.path != SPARQL_PATH:
            self.close_connection = True  # the body is left unread
            self._error(405, "only /sparql accepts POST", allow="GET, HEAD, OPTIONS")
            return
        length = self.headers.get("Content-Length", "").strip()
        if self.headers.get("Transfer-Encoding") or not _CONTENT_LENGTH.fullmatch(length):
            self.close_connection = True
            self._error(411, "a POST needs a Content-Length (and no Transfer-Encoding)")
            return
        if int(length) > MAX_BODY_BYTES:
            self._error(413, f"the request body is larger than {MAX_BODY_BYTES} bytes")
            self.close_connection = True
            return
        try:
            body = self.rfile.read(int(length))
        except TimeoutError:
            body = None
        if body is None or len(body) < int(length):
            self.close_connection = True
            self._error(408, "the request body was not sent in full")
            return
        media_type = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if media_type == "application/sparql-query":
            self._sparql(body.decode("utf-8", errors="replace"))
        elif media_type == "application/x-www-form-urlencoded":
            form = parse_qs(body.decode("utf-8", errors="replace"))
            if "update" in form:
                self._refuse_update()
            else:
                self._sparql_form(form)
        elif media_type == "application/sparql-update":
            self._refuse_update()
        else:
            self._error(415, "send application/sparql-query or a form with query=")

    def _other(self) -> None:
        self.close_connection = True  # any body is left unread
        self._error(405, "this server is read-only", allow="GET, HEAD, POST, OPTIONS")

    do_PUT = do_DELETE = do_PATCH = _other

    def _dispatch(self) -> None:
        parts = urlsplit(self.path)
        if parts.path == SPARQL_PATH:
            self._sparql_form(parse_qs(parts.query))
        else:
            self._static(parts.path, parse_qs(parts.query))

    # -- SPARQL --

    def _sparql_form(self, form: dict[str, list[str]]) -> None:
        if "update" in form:
            self._refuse_update()
        elif len(form.get("query", [])) != 1:
            self._error(400, "give one SPARQL query as the query parameter")
        else:
            self._sparql(form["query"][0])

    def _refuse_update(self) -> None:
        self._error(403, "this endpoint is read-only: SPARQL updates are refused")

    def _sparql(self, text: str) -> None:
        accept = self.headers.get("Accept", "*/*")
        status, media_type, body, truncated = self.server.pool.run(text, accept)
        extra = {"Vary": "Accept", "Access-Control-Expose-Headers": "X-Result-Truncated"}
        if truncated:
            extra["X-Result-Truncated"] = f"only the first {self.server.settings.max_rows} kept"
        self._send(status, media_type, body, extra)

    # -- files --

    def _static(self, raw_path: str, query: dict[str, list[str]]) -> None:
        # The path is checked for length and characters before it is mapped to a file.
        relative = self._safe_relative(raw_path)
        if relative is None:
            self._error(400, "this path is not allowed")
            return
        if len(relative.encode("utf-8")) > MAX_PATH_BYTES:
            self._error(414, f"the path is longer than {MAX_PATH_BYTES} bytes")
            return
        if any(len(part.encode("utf-8")) > MAX_NAME_BYTES for part in relative.split("/")):
            self._not_found(query)  # no file on any common file system has such a name
            return
        root = self.server.root
        target = root / relative if relative else root
        accept = self.headers.get("Accept", "*/*")
        vary = {"Vary": "Accept, Accept-Language"}
        if not self._inside(target):
            self._not_found(query)
            return
        # A resource's RDF, when that is what the client prefers.
        wanted = best_match(accept, ["text/html", *_RDF_TYPES])
        if wanted in _RDF_TYPES:
            stem = relative.rstrip("/") or "index"
            rdf = root / f"{stem}{_RDF_TYPES[wanted]}"
            if rdf.is_file() and self._inside(rdf):
                self._file(rdf, vary)
                return
        if target.is_dir():
            if relative and not raw_path.endswith("/"):
                # The page's relative links need the folder's trailing slash.
                location = raw_path + "/" + (f"?{urlsplit(self.path).query}" if query else "")
                self._send(301, "text/plain; charset=utf-8", b"", {**vary, "Location": location})
                return
            language = self._language(query)
            page = target / language.page_name
            if page.is_file() and self._inside(page):
                self._file(page, {**vary, "Content-Language": language.tag})
                return
        elif target.is_file():
            self._file(target, vary if target.suffix in _RDF_TYPES.values() else {})
            return
        self._not_found(query)

    def _language(self, query: dict[str, list[str]]) -> PageLanguage:
        """Return the page language the request asks for (?lang=) or prefers, of the site's."""
        languages = self.server.languages
        asked = query.get("lang", [""])[0]
        accepted = self.headers.get("Accept-Language", "")
        found = languages.get(best_language(asked, accepted, languages.tags))
        return found or languages.default

    def _safe_relative(self, raw_path: str) -> str | None:
        """Return the decoded path below the root, or None for anything that could escape it."""
        lowered = raw_path.lower()
        if any(code in lowered for code in ("%2f", "%5c", "%00", "\\")):
            return None
        try:
            decoded = unquote(raw_path, errors="strict")
        except UnicodeDecodeError:
            return None
        if any(ord(character) < 0x20 or ord(character) == 0x7F for character in decoded):
            return None
        segments = decoded.split("/")[1:] if decoded.startswith("/") else None
        if segments is None or any(part in (".", "..") for part in segments):
            return None
        if any(part.startswith(".") for part in segments):  # .htaccess and the build marker
            return None
        return "/".join(segments)

    def _inside(self, path: Path) -> bool:
        """Tell whether *path*, with every symlink resolved, is inside the served folder."""
        resolved = path.resolve()
        return resolved == self.server.root or self.server.root in resolved.parents

    def _file(self, path: Path, headers: dict[str, str]) -> None:
        suffix = path.suffix if path.suffix else path.name
        media_type = _MEDIA_TYPES.get(suffix, "application/octet-stream")
        size = path.stat().st_size
        self.send_response(200)
        self.send_header("Content-Type", media_type)
        self.send_header("Content-Length", str(size))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        if self.send_body:
            with path.open("rb") as file:
                shutil.copyfileobj(file, self.wfile)

    # -- responses --

    def _not_found(self, query: dict[str, list[str]]) -> None:
        """Answer 404 with the site's page for it in the reader's language, or in plain text.

        The page's <base> names its own path where the site is published; here that is /.
        """
        language = self._language(query)
        page = self.server.root / posixpath.dirname(NOT_FOUND_PAGE) / language.page_name
        if not page.is_file():
            self._error(404, "not found")
            return
        html = page.read_text(encoding="utf-8")
        served = f"/{posixpath.dirname(NOT_FOUND_PAGE)}/{page.name}"
        html = re.sub(r'<base href="[^"]*">', f'<base href="{served}">', html, count=1)
        self._send(
            404,
            "text/html; charset=utf-8",
            html.encode("utf-8"),
            {"Content-Language": language.tag},
        )

    def _error(self, status: int, message: str, **headers: str) -> None:
        extra = {name.title(): value for name, value in headers.items()}
        phrase = HTTPStatus(status).phrase
        self._send(status, "text/plain; charset=utf-8", f"{phrase}: {message}\n".encode(), extra)

    def _send(self, status: int, media_type: str, body: bytes, headers: dict[str, str]) -> None:
        self.send_response(status)
        self.send_header("Content-Type", media_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        if self.send_body:
            self.wfile.write(body)


def serve(server: SiteServer) -> None:
    """Answer requests until interrupted, then stop the workers."""
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
