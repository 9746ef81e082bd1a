"""kompetanse-skos publish: into a real Oxigraph server, twice, and clear refusals."""

from __future__ import annotations

import base64
import json
import subprocess
import threading
import urllib.parse
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from rdflib import Graph
from SPARQLWrapper import JSON, SPARQLWrapper

from conftest import run_cli
from kompetanse_skos.site.examples import example_queries
from linked_data import (
    BASE,
    build_site,
    check_answers,
    dump_graph,
    examples,
    free_port,
    oxigraph_server,
    rows_from_json,
)

SECRET = "pässwörd-s3cret"
USER = "editor"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("publish")
    build_site(folder)
    return folder


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph")) as url:
        yield url


def publish(
    project: Path, endpoint: str, *extra: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return run_cli("publish", "--root", project, "--endpoint", endpoint, *extra, env=env)


def graph_in_store(store: str, graph: str) -> Graph:
    """Fetch one named graph from the store through the Graph Store Protocol."""
    url = f"{store}/store?graph={urllib.parse.quote(graph, safe='')}"
    request = urllib.request.Request(url, headers={"Accept": "application/n-triples"})
    with urllib.request.urlopen(request) as response:
        return Graph().parse(data=response.read(), format="nt")


def test_publishing_twice_leaves_exactly_the_vocabulary(project: Path, store: str) -> None:
    for _ in range(2):
        result = publish(project, f"{store}/store")
        assert result.returncode == 0, result.stderr
        assert f"to <{BASE}>" in result.stdout
    published = graph_in_store(store, BASE)
    vocabulary = dump_graph(project / "build")
    assert len(published) == len(vocabulary)
    assert set(published) == set(vocabulary)
    # And another graph name leaves the first alone.
    other = "https://example.org/graphs/kompetanse"
    assert publish(project, f"{store}/store", "--graph", other).returncode == 0
    assert len(graph_in_store(store, BASE)) == len(vocabulary)
    assert len(graph_in_store(store, other)) == len(vocabulary)


@pytest.mark.parametrize("name", examples())
def test_example_queries_on_the_store_match_query_and_serve(
    name: str, project: Path, store: str
) -> None:
    assert publish(project, f"{store}/store").returncode == 0
    client = SPARQLWrapper(f"{store}/query")
    client.setReturnFormat(JSON)
    client.addDefaultGraph(BASE)
    client.setQuery(example_queries()[name])
    data = client.queryAndConvert()
    assert isinstance(data, dict)
    on_store = rows_from_json(data)
    check_answers(name, on_store, dump_graph(project / "build"))
    local = run_cli(
        "query", "--data", project / "build" / "all.nt", "--format", "json", example_queries()[name]
    )
    assert on_store == rows_from_json(json.loads(local.stdout))


def test_a_refused_connection_is_one_clear_line(project: Path) -> None:
    port = free_port()
    result = publish(project, f"http://{USER}:{SECRET}@127.0.0.1:{port}/store")
    assert result.returncode == 4
    assert result.stderr.count("\n") == 1
    assert "cannot reach" in result.stderr and "refused" in result.stderr.lower()
    assert SECRET not in result.stdout + result.stderr


def test_a_wrong_url_is_one_clear_line(project: Path, store: str) -> None:
    result = publish(project, f"{store}/nothing-here")
    assert result.returncode == 4
    assert result.stderr.count("\n") == 1
    assert "not a Graph Store endpoint" in result.stderr
    bad = publish(project, "ftp://127.0.0.1/store")
    assert bad.returncode == 2 and "not an http(s) URL" in bad.stderr


class _Guard(BaseHTTPRequestHandler):
    """A proxy in front of Oxigraph that wants HTTP Basic credentials."""

    store = ""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_PUT(self) -> None:
        expected = "Basic " + base64.b64encode(f"{USER}:{SECRET}".encode()).decode()
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        if self.headers.get("Authorization") != expected:
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="store"')
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        request = urllib.request.Request(
            f"{self.store}{self.path}",
            data=body,
            method="PUT",
            headers={"Content-Type": self.headers.get("Content-Type", "")},
        )
        with urllib.request.urlopen(request) as response:
            status = response.status
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()


@pytest.fixture
def guarded(store: str) -> Iterator[str]:
    handler = type("Guard", (_Guard,), {"store": store})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/store"
    finally:
        server.shutdown()
        server.server_close()


def test_a_refused_login_is_clear_and_shows_no_credentials(project: Path, guarded: str) -> None:
    wrong = {"KOMPETANSE_SKOS_USER": USER, "KOMPETANSE_SKOS_PASSWORD": SECRET + "x"}
    result = publish(project, guarded, env=wrong)
    assert result.returncode == 4
    assert result.stderr.count("\n") == 1
    assert "refused the login (HTTP 401" in result.stderr
    assert SECRET not in result.stdout + result.stderr
    without = publish(project, guarded)
    assert without.returncode == 4 and "set KOMPETANSE_SKOS_USER" in without.stderr
    in_url = guarded.replace("http://", f"http://{USER}:{SECRET}x@")
    masked = publish(project, in_url)
    assert masked.returncode == 4 and "http://***@127.0.0.1" in masked.stderr
    assert SECRET not in masked.stdout + masked.stderr


def test_the_right_login_publishes(project: Path, guarded: str, store: str) -> None:
    right = {"KOMPETANSE_SKOS_USER": USER, "KOMPETANSE_SKOS_PASSWORD": SECRET}
    result = publish(project, guarded, "--graph", "https://example.org/guarded", env=right)
    assert result.returncode == 0, result.stderr
    assert SECRET not in result.stdout + result.stderr
    assert len(graph_in_store(store, "https://example.org/guarded")) == len(
        dump_graph(project / "build")
    )


def test_publishing_without_a_build_says_so(tmp_path: Path) -> None:
    result = publish(tmp_path, "http://127.0.0.1:9/store", "--graph", "https://example.org/g")
    assert result.returncode == 3
    assert "build first" in result.stderr
