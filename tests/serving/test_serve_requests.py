"""kompetanse-skos serve answers every request an outsider can send, bad ones included.

Each kind of malformed or hostile request is sent as raw bytes to a real `serve` process. It
must get a well-formed HTTP answer with the expected status (or, where HTTP has no answer to
give, a clean close) within a time limit; a normal request right after it must still succeed;
and the server's log must hold no traceback.
"""

from __future__ import annotations

import http.client
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from linked_data import build_site, free_port, wait_for

CLIENT_TIMEOUT = 1.0  # --client-timeout: seconds a client may stay silent
LIMIT = CLIENT_TIMEOUT + 4.0  # seconds each bad request may take to be answered or closed
CLOSE = 0  # "a clean close, no answer": where HTTP has nothing to answer


@dataclass(frozen=True)
class Bad:
    """A bad request: the bytes sent (in parts, with a pause after each) and what must follow."""

    parts: tuple[bytes, ...]
    expected: frozenset[int]
    pause: float = 0.0  # seconds to wait after each part
    then_wait: bool = False  # send, then stay connected and silent until the server acts
    half_close: bool = False  # send, then close the sending side (the server reads the end)

    @staticmethod
    def of(raw: bytes, *expected: int, **options: float | bool) -> Bad:
        return Bad((raw,), frozenset(expected), **options)  # type: ignore[arg-type]


def get(path: bytes, *headers: bytes) -> bytes:
    return (
        b"GET "
        + path
        + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + b"".join(header + b"\r\n" for header in headers)
        + b"\r\n"
    )


def post(body: bytes, *headers: bytes) -> bytes:
    head = b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\n"
    return head + b"".join(header + b"\r\n" for header in headers) + b"\r\n" + body


QUERY = b"ASK { ?s ?p ?o }"
SLOW = get(b"/transformasjonsledelse", b"Accept: text/turtle")

BAD_REQUESTS = {
    # Paths the file system cannot map.
    "overlong-segment": Bad.of(get(b"/" + b"a" * 10_000), 414),
    "long-segment": Bad.of(get(b"/" + b"a" * 300), 404),
    "long-encoded-segment": Bad.of(get(b"/" + b"%41" * 300), 404),
    "overlong-url": Bad.of(get(b"/" + b"a/" * 40_000), 414),
    "overlong-request-line": Bad.of(get(b"/" + b"a" * 70_000), 414),
    # Encodings.
    "bad-percent-encoding": Bad.of(get(b"/%zz%"), 404),
    "not-utf-8": Bad.of(get(b"/%ff%fe"), 400),
    "truncated-utf-8": Bad.of(get(b"/%e2%82"), 400),
    "overlong-utf-8-dots": Bad.of(get(b"/%c0%ae%c0%ae/etc/passwd"), 400),
    "raw-high-bytes": Bad.of(get(b"/\xff\xfe"), 404),
    # NUL and control bytes.
    "raw-nul": Bad.of(get(b"/index\x00.html"), 400),
    "encoded-nul": Bad.of(get(b"/index.html%00.ttl"), 400),
    "raw-control-byte": Bad.of(get(b"/\x01\x7f"), 400),
    "encoded-newline": Bad.of(get(b"/a%0d%0aSet-Cookie:%20x=1"), 400),
    "encoded-delete": Bad.of(get(b"/a%7f"), 400),
    # `..` in every encoding.
    "dot-dot": Bad.of(get(b"/../../etc/passwd"), 400),
    "encoded-dot-dot": Bad.of(get(b"/%2e%2e/%2E%2E/etc/passwd"), 400),
    "half-encoded-dot-dot": Bad.of(get(b"/.%2e/%2e./etc/passwd"), 400),
    "encoded-slash-dot-dot": Bad.of(get(b"/_site/..%2f..%2fetc%2fpasswd"), 400),
    "backslash-dot-dot": Bad.of(get(b"/..\\..\\etc\\passwd"), 400),
    "encoded-backslash-dot-dot": Bad.of(get(b"/..%5c..%5cetc%5cpasswd"), 400),
    "double-encoded-dot-dot": Bad.of(get(b"/%252e%252e/%252e%252e/etc/passwd"), 404),
    "no-leading-slash": Bad.of(get(b"index.html"), 400),
    # Headers.
    "huge-header": Bad.of(get(b"/", b"X-Big: " + b"a" * 70_000), 431),
    "too-many-headers": Bad.of(get(b"/", *(b"X-Repeat: %d" % n for n in range(150))), 431),
    "two-content-lengths": Bad.of(post(QUERY, b"Content-Length: 16", b"Content-Length: 5"), 400),
    "garbage-accept": Bad.of(get(b"/", b"Accept: ;;;q=x,*/*;q=,text/turtle;q=-1"), 200),
    "garbage-accept-language": Bad.of(get(b"/", b"Accept-Language: ;q=x,,nn;q=abc,*"), 200),
    "header-without-colon": Bad.of(get(b"/", b"this is no header"), 200, 400),
    # Methods.
    "unknown-method": Bad.of(b"FROB / HTTP/1.1\r\nHost: x\r\n\r\n", 501),
    "lowercase-method": Bad.of(b"get / HTTP/1.1\r\nHost: x\r\n\r\n", 501),
    "trace": Bad.of(b"TRACE / HTTP/1.1\r\nHost: x\r\n\r\n", 501),
    "connect": Bad.of(b"CONNECT 127.0.0.1:22 HTTP/1.1\r\nHost: x\r\n\r\n", 501),
    "put": Bad.of(b"PUT /index.html HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc", 405),
    "long-method": Bad.of(b"A" * 5000 + b" / HTTP/1.1\r\n\r\n", 501),
    # Bodies.
    "body-announced-not-sent": Bad.of(
        post(b"ASK", b"Content-Type: application/sparql-query", b"Content-Length: 100"),
        408,
        then_wait=True,
    ),
    "body-announced-then-closed": Bad.of(
        post(b"ASK", b"Content-Type: application/sparql-query", b"Content-Length: 100"),
        408,
        half_close=True,
    ),
    "negative-content-length": Bad.of(post(QUERY, b"Content-Length: -1"), 411),
    "non-ascii-digits-content-length": Bad.of(post(QUERY, "Content-Length: ١٦".encode()), 411),
    "chunked-post": Bad.of(
        post(b"10\r\n" + QUERY + b"\r\n0\r\n\r\n", b"Transfer-Encoding: chunked"), 411
    ),
    "huge-content-length": Bad.of(post(b"", b"Content-Length: 99999999999999"), 413),
    "get-with-a-body": Bad.of(get(b"/", b"Content-Length: 5") + b"GET /", 200),
    "expect-continue-no-body": Bad.of(
        post(b"", b"Content-Length: 10", b"Expect: 100-continue", b"Content-Type: text/plain"),
        408,
        then_wait=True,
    ),
    # Protocols this port does not speak.
    "http-0.9": Bad.of(b"GET /\r\n", 400),
    "http-2-preface": Bad.of(b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 505),
    "bad-version": Bad.of(b"GET / HTTP/1.1.1\r\n\r\n", 400),
    "no-version-word": Bad.of(b"GET / FOO/1.1\r\n\r\n", 400),
    # No line end ever comes, and a TLS client could not read an HTTP answer: closed in time.
    "tls-client-hello": Bad.of(
        b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + b"\x00" * 40, CLOSE
    ),
    "method-only": Bad.of(b"GET\r\n\r\n", 400),
    "empty-line": Bad.of(b"\r\n", CLOSE),
    # Slow clients.
    "silent-client": Bad.of(b"", CLOSE, then_wait=True),
    "stalls-mid-headers": Bad.of(b"GET / HTTP/1.1\r\nHost: 127", CLOSE, then_wait=True),
    "slow-but-steady": Bad(
        tuple(SLOW[i : i + 8] for i in range(0, len(SLOW), 8)), frozenset({200}), pause=0.1
    ),
}


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, Path]]:
    """Run `kompetanse-skos serve` on 127.0.0.1; yield its port and the file its log goes to."""
    folder = tmp_path_factory.mktemp("requests")
    site = build_site(folder)
    port = free_port()
    log = folder / "serve.log"
    with log.open("wb") as stderr:
        process = subprocess.Popen(
            [
                *(sys.executable, "-m", "kompetanse_skos", "serve", "--out", site),
                *("--port", str(port), "--client-timeout", str(CLIENT_TIMEOUT)),
            ],
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
        try:
            wait_for(f"http://127.0.0.1:{port}/")
            yield port, log
        finally:
            process.terminate()
            process.wait(20)


def send(port: int, bad: Bad) -> tuple[int, bytes]:
    """Send *bad*; return the answer's status and body, or (CLOSE, b"") for a clean close."""
    with socket.create_connection(("127.0.0.1", port), timeout=LIMIT) as connection:
        for part in bad.parts:
            try:
                connection.sendall(part)
            except (BrokenPipeError, ConnectionResetError):
                break  # the server answered and closed before all was sent
            time.sleep(bad.pause)
        if bad.half_close:
            connection.shutdown(socket.SHUT_WR)
        response = http.client.HTTPResponse(connection, method="GET")
        try:
            response.begin()
        except (http.client.RemoteDisconnected, ConnectionResetError):
            return CLOSE, b""
        return response.status, response.read()


def normal_request(port: int) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", "/transformasjonsledelse", headers={"Accept": "text/turtle"})
        response = connection.getresponse()
        assert response.status == 200
        assert b"Transformasjonsledelse" in response.read()
    finally:
        connection.close()


def test_at_least_thirty_kinds_of_bad_request() -> None:
    assert len(BAD_REQUESTS) >= 30


@pytest.mark.parametrize("name", list(BAD_REQUESTS))
def test_issue_24_every_request_is_answered(served: tuple[int, Path], name: str) -> None:
    port, log = served
    bad = BAD_REQUESTS[name]
    started = time.monotonic()
    status, body = send(port, bad)
    seconds = time.monotonic() - started
    assert status in bad.expected, (status, body[:300])
    assert seconds < LIMIT
    if status == 404:  # an address with no page gets the site's page for that (issue 20)
        assert b'<base href="/_site/404/index.html">' in body, body[:300]
    elif status >= 400:
        assert body.endswith(b"\n") and body.count(b"\n") == 1, body[:300]  # one line of reason
    normal_request(port)
    assert b"Traceback" not in log.read_bytes()


def test_issue_24_the_log_has_one_line_per_refused_request(served: tuple[int, Path]) -> None:
    port, log = served
    before = log.read_bytes().count(b"\n")
    assert send(port, BAD_REQUESTS["overlong-segment"])[0] == 414
    time.sleep(0.2)
    lines = log.read_bytes().splitlines()[before:]
    assert len(lines) == 1
    assert b"414" in lines[0] and len(lines[0]) < 400
    assert b"Traceback" not in log.read_bytes()
