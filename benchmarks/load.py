"""Load-test `serve`: many concurrent clients on pages, RDF and /sparql, for a bounded time.

Builds the real vocabulary into a temporary folder, starts `kompetanse-skos serve` on
127.0.0.1 in a process of its own (so the clients do not share its interpreter), and runs client
threads that each pick a request (a concept's page, its RDF in one
of four syntaxes, or one of the example SPARQL queries) until the time or the request count
runs out. A share of the requests (--bad-share, one in ten by default) are malformed or hostile
ones, each on a connection of its own: an error answer (4xx or 5xx) is what they should get,
and the good requests should still all succeed. Reports requests per second, errors and
p50/p95/p99 latency, per kind and overall (the good ones), and whether the bad ones were answered.

    .venv/bin/python benchmarks/load.py                          # 32 clients, 10 s
    .venv/bin/python benchmarks/load.py --clients 64 --seconds 5 --max-requests 20000
    .venv/bin/python benchmarks/load.py --bad-share 0             # good requests only
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from kompetanse_skos.pipeline.build import build  # noqa: E402
from kompetanse_skos.project import Project  # noqa: E402
from kompetanse_skos.site.examples import example_queries  # noqa: E402

RDF_TYPES = ["text/turtle", "application/ld+json", "application/rdf+xml", "application/n-triples"]
_SERVICE = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/x> { ?s ?p ?o } }"
# Bad requests, as raw bytes, that a server should answer at once with an error.
BAD_REQUESTS = [
    b"GET /" + b"a" * 10_000 + b" HTTP/1.1\r\n\r\n",
    b"GET /" + b"a" * 70_000 + b" HTTP/1.1\r\n\r\n",
    b"GET /index.html%00.ttl HTTP/1.1\r\n\r\n",
    b"GET /\x01 HTTP/1.1\r\n\r\n",
    b"GET /%2e%2e/%2e%2e/etc/passwd HTTP/1.1\r\n\r\n",
    b"GET /%ff%fe HTTP/1.1\r\n\r\n",
    b"GET / HTTP/1.1\r\nX-Big: " + b"a" * 70_000 + b"\r\n\r\n",
    b"FROB / HTTP/1.1\r\n\r\n",
    b"GET /\r\n",
    b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
    b"GET / HTTP/1.1.1\r\n\r\n",
    b"POST /sparql HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nASK",
    b"GET /sparql?" + urllib.parse.urlencode({"query": _SERVICE}).encode() + b" HTTP/1.1\r\n\r\n",
]


def requests_for(site: Path) -> list[tuple[str, str, str]]:
    """Return (kind, path, accept) for every request the clients choose from."""
    slugs = sorted(path.stem for path in site.glob("*.ttl") if (site / path.stem).is_dir())
    chosen: list[tuple[str, str, str]] = []
    for slug in slugs:
        chosen.append(("page", f"/{slug}/", "text/html"))
        chosen += [("rdf", f"/{slug}", media) for media in RDF_TYPES]
    for query in example_queries().values():
        path = "/sparql?" + urllib.parse.urlencode({"query": query})
        chosen += [("sparql", path, "application/sparql-results+json")] * 4
    return chosen


def send_bad(host: str, port: int, raw: bytes) -> bool:
    """Send one bad request on a connection of its own; tell whether it got an error answer."""
    with socket.create_connection((host, port), timeout=30) as connection:
        # Answered and closed before all was sent: the answer is still there to read.
        with contextlib.suppress(OSError):
            connection.sendall(raw)
        response = http.client.HTTPResponse(connection)
        try:
            response.begin()
            response.read()
        except (OSError, http.client.HTTPException):
            return False
        return 400 <= response.status < 600


def client(
    host: str,
    port: int,
    choices: list[tuple[str, str, str]],
    stop_at: float,
    budget: list[int],
    lock: threading.Lock,
    results: list[tuple[str, float, bool]],
    bad_share: float = 0.0,
) -> None:
    """Send requests over one keep-alive connection until time or budget runs out."""
    connection = http.client.HTTPConnection(host, port, timeout=30)
    rng = random.Random()
    local: list[tuple[str, float, bool]] = []
    while time.monotonic() < stop_at:
        with lock:
            if budget[0] <= 0:
                break
            budget[0] -= 1
        if rng.random() < bad_share:
            started = time.perf_counter()
            answered = send_bad(host, port, rng.choice(BAD_REQUESTS))
            local.append(("bad", time.perf_counter() - started, answered))
            continue
        kind, path, accept = rng.choice(choices)
        started = time.perf_counter()
        try:
            connection.request("GET", path, headers={"Accept": accept})
            response = connection.getresponse()
            response.read()
            ok = response.status == 200
        except (OSError, http.client.HTTPException):
            ok = False
            connection.close()
            connection = http.client.HTTPConnection(host, port, timeout=30)
        local.append((kind, time.perf_counter() - started, ok))
    connection.close()
    with lock:
        results.extend(local)


def percentile(values: list[float], share: float) -> float:
    """Return the *share* quantile of *values* (nearest rank), in milliseconds."""
    ordered = sorted(values)
    return 1000 * ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def report(kind: str, rows: list[tuple[str, float, bool]], seconds: float) -> str:
    """Return one line of figures for *rows*."""
    latencies = [latency for _, latency, _ in rows]
    errors = sum(1 for *_, ok in rows if not ok)
    return (
        f"{kind:8} {len(rows):7d} req  {len(rows) / seconds:8.0f} req/s  {errors:5d} errors  "
        f"p50 {percentile(latencies, 0.5):7.1f} ms  p95 {percentile(latencies, 0.95):7.1f} ms  "
        f"p99 {percentile(latencies, 0.99):7.1f} ms"
    )


def _wait(host: str, port: int) -> None:
    deadline = time.monotonic() + 30
    while True:
        try:
            socket.create_connection((host, port), timeout=1).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def main() -> None:
    """Build, serve, load, report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--max-requests", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=2, help="SPARQL worker processes")
    parser.add_argument(
        "--bad-share", type=float, default=0.1, help="share of malformed requests (0 to 1)"
    )
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        shutil.copytree(ROOT / "vocab", folder / "vocab")
        shutil.copy(ROOT / "pyproject.toml", folder / "pyproject.toml")
        project = Project.from_root(folder)
        assert build(project).built
        log = (folder / "serve.log").open("w+b")
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            host, port = "127.0.0.1", int(probe.getsockname()[1])
        server = subprocess.Popen(
            [
                *(sys.executable, "-m", "kompetanse_skos", "serve", "--root", str(folder)),
                *("--port", str(port), "--workers", str(arguments.workers)),
            ],
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
        try:
            _wait(host, port)
            choices = requests_for(project.output_dir)
            results: list[tuple[str, float, bool]] = []
            lock = threading.Lock()
            budget = [arguments.max_requests]
            started = time.monotonic()
            stop_at = started + arguments.seconds
            threads = [
                threading.Thread(
                    target=client,
                    args=(host, port, choices, stop_at, budget, lock, results, arguments.bad_share),
                )
                for _ in range(arguments.clients)
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            elapsed = time.monotonic() - started
        finally:
            server.terminate()
            server.wait(10)
        log.seek(0)
        logged = log.read()
        log.close()
    good = [row for row in results if row[0] != "bad"]
    bad = [row for row in results if row[0] == "bad"]
    print(
        f"serve on 127.0.0.1: {arguments.clients} clients, {elapsed:.1f} s, "
        f"{arguments.workers} SPARQL workers, {len(choices)} distinct requests"
    )
    for kind in ("page", "rdf", "sparql"):
        rows = [row for row in good if row[0] == kind]
        if rows:
            print(report(kind, rows, elapsed))
    if good:
        print(report("all good", good, elapsed))
    if bad:
        answered = sum(1 for *_, ok in bad if ok)
        print(
            f"bad      {len(bad):7d} req  {answered} answered with 4xx/5xx, "
            f"{len(bad) - answered} not; p99 {percentile([row[1] for row in bad], 0.99):.1f} ms"
        )
    lines, tracebacks = logged.count(b"\n"), logged.count(b"Traceback")
    print(f"server log: {lines} lines, {tracebacks} tracebacks")


if __name__ == "__main__":
    main()
