"""kompetanse-skos serve: content negotiation like production, and a read-only SPARQL endpoint.

The same negotiation checks run against real nginx with the nginx.conf the build writes.
"""

from __future__ import annotations

import http.client
import json
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDF, SKOS
from SPARQLWrapper import JSON, POST, POSTDIRECTLY, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from conftest import run_cli
from kompetanse_skos.errors import LoadError
from kompetanse_skos.serving.query import graph_store, run_query, write_result
from kompetanse_skos.serving.serve import SiteServer, make_server, running
from kompetanse_skos.site.examples import example_queries
from linked_data import (
    BROWSER_ACCEPT,
    CONCEPT,
    RDF_ACCEPTS,
    build_site,
    check_answers,
    dump_graph,
    examples,
    free_port,
    nginx_server,
    rows_from_json,
    wait_for,
)

CURL = shutil.which("curl")
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
TIME_LIMIT = 2.0


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(tmp_path_factory.mktemp("serve"))


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[SiteServer]:
    with running(make_server(site, port=0, timeout=TIME_LIMIT)) as server:
        yield server


def fetch(
    url: str, accept: str, language: str | None = None, follow: bool = True
) -> tuple[int, dict[str, str], bytes]:
    """Fetch *url* with curl, following redirects; return the last status, headers and body."""
    assert CURL, "curl is needed"
    command = [CURL, "-sS", *(["-L"] if follow else []), "-D", "-", "-H", f"Accept: {accept}", url]
    if language:
        command += ["-H", f"Accept-Language: {language}"]
    output = subprocess.run(command, capture_output=True, check=True, timeout=30).stdout
    blocks = []
    rest = output
    while rest.startswith(b"HTTP/"):
        head, _, rest = rest.partition(b"\r\n\r\n")
        blocks.append(head)
    lines = blocks[-1].decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return status, headers, rest


def check_negotiation(url: str) -> None:
    """Check what a concept's URI gives each kind of client."""
    for media_type, syntax in RDF_ACCEPTS.items():
        status, headers, body = fetch(url, media_type)
        assert status == 200, media_type
        assert headers["content-type"].split(";")[0] == media_type
        assert "accept" in headers["vary"].lower()
        graph = Graph().parse(data=body, format=syntax)
        assert (CONCEPT, RDF.type, SKOS.Concept) in graph, media_type
        assert (CONCEPT, SKOS.prefLabel, Literal("Transformasjonsledelse", lang="nb")) in graph
    status, headers, body = fetch(url, BROWSER_ACCEPT)
    assert status == 200
    assert headers["content-type"].split(";")[0] == "text/html"
    assert "accept" in headers["vary"].lower()
    assert b'<html lang="nb">' in body
    assert f'<link rel="canonical" href="{CONCEPT}">'.encode() in body
    # curl's own default, */*, is a browser's too.
    status, headers, body = fetch(url, "*/*")
    assert status == 200 and headers["content-type"].startswith("text/html")


def check_cors(url: str) -> None:
    """Check that any origin may read *url* in every format, and that a preflight is answered."""
    origin = "http://127.0.0.1:1"
    for accept in [*RDF_ACCEPTS, BROWSER_ACCEPT]:
        command = [
            CURL or "curl",
            "-sS",
            "-L",
            "-D",
            "-",
            "-o",
            "/dev/null",
            "-H",
            f"Origin: {origin}",
        ]
        head = (
            subprocess.run(
                [*command, "-H", f"Accept: {accept}", url],
                capture_output=True,
                check=True,
                timeout=30,
            )
            .stdout.decode("latin-1")
            .lower()
        )
        assert "access-control-allow-origin: *" in head, (accept, head)
        assert "access-control-allow-credentials" not in head
    preflight = subprocess.run(
        [
            *(CURL or "curl", "-sS", "-X", "OPTIONS", "-D", "-", "-o", "/dev/null"),
            *("-H", f"Origin: {origin}", "-H", "Access-Control-Request-Method: GET"),
            *("-H", "Access-Control-Request-Headers: accept, accept-language", url),
        ],
        capture_output=True,
        check=True,
        timeout=30,
    ).stdout.decode("latin-1")
    status = int(preflight.split()[1])
    headers = {
        name.strip().lower(): value.strip()
        for name, _, value in (line.partition(":") for line in preflight.split("\r\n")[1:])
    }
    assert status in (200, 204), preflight
    assert headers["access-control-allow-origin"] == "*"
    assert "GET" in headers["access-control-allow-methods"]
    allowed = {name.strip().lower() for name in headers["access-control-allow-headers"].split(",")}
    assert {"accept", "accept-language"} <= allowed
    assert "access-control-allow-credentials" not in headers


def test_concept_uris_negotiate_like_production(server: SiteServer) -> None:
    check_negotiation(f"{server.url}transformasjonsledelse")


def test_issue_24_any_origin_may_read(server: SiteServer) -> None:
    check_cors(f"{server.url}transformasjonsledelse")
    check_cors(f"{server.url}_site/search-index.js")
    check_cors(f"{server.url}all.jsonld")
    query = urllib.parse.urlencode({"query": "ASK {}"})
    check_cors(f"{server.url}sparql?{query}")
    check_not_found(f"{server.url}no-such-concept")


def test_pages_in_other_languages(server: SiteServer) -> None:
    url = f"{server.url}transformasjonsledelse/"
    assert b'<html lang="nn">' in fetch(url, BROWSER_ACCEPT, "nn,en;q=0.5")[2]
    assert b'<html lang="en">' in fetch(url, BROWSER_ACCEPT, "en-GB,en;q=0.9")[2]
    assert b'<html lang="en">' in fetch(f"{url}?lang=en", BROWSER_ACCEPT, "nn")[2]
    assert b'<html lang="nb">' in fetch(url, BROWSER_ACCEPT, "de")[2]


def sparql(server: SiteServer, method: str | None = None) -> SPARQLWrapper:
    client = SPARQLWrapper(f"{server.url}sparql")
    client.setReturnFormat(JSON)
    if method == "post":
        client.setMethod(POST)
    elif method == "direct":
        client.setMethod(POST)
        client.setRequestMethod(POSTDIRECTLY)
    return client


@pytest.mark.parametrize("name", examples())
@pytest.mark.parametrize("method", ["get", "post", "direct"])
def test_example_queries_through_the_endpoint(
    server: SiteServer, site: Path, name: str, method: str
) -> None:
    client = sparql(server, method)
    client.setQuery(example_queries()[name])
    data = client.queryAndConvert()
    assert isinstance(data, dict)
    rows = rows_from_json(data)
    check_answers(name, rows, dump_graph(site))
    local = run_query(graph_store(dump_graph(site)), example_queries()[name])
    assert rows == rows_from_json(json.loads(write_result(local, "json")))


def test_ask_and_construct_through_the_endpoint(server: SiteServer) -> None:
    client = sparql(server)
    client.setQuery(f"ASK {{ <{CONCEPT}> a <{SKOS.Concept}> }}")
    assert client.queryAndConvert() == {"head": {}, "boolean": True}
    query = f"CONSTRUCT {{ <{CONCEPT}> ?p ?o }} WHERE {{ <{CONCEPT}> ?p ?o }}"
    url = f"{server.url}sparql?" + urllib.parse.urlencode({"query": query})
    status, headers, body = fetch(url, "text/turtle")
    assert status == 200 and headers["content-type"].startswith("text/turtle")
    assert (CONCEPT, RDF.type, SKOS.Concept) in Graph().parse(data=body, format="turtle")


def request(
    server: SiteServer,
    method: str,
    path: str,
    body: bytes = b"",
    headers: dict[str, str] | None = None,
) -> tuple[int, bytes]:
    """Send a raw request (the path exactly as given) and return status and body."""
    host, port = server.server_address[:2]
    connection = http.client.HTTPConnection(str(host), port, timeout=30)
    try:
        connection.putrequest(method, path, skip_accept_encoding=True)
        for name, value in (headers or {}).items():
            connection.putheader(name, value)
        if body or method == "POST":
            connection.putheader("Content-Length", str(len(body)))
        connection.endheaders(body or None)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def test_updates_are_refused(server: SiteServer) -> None:
    update = "INSERT DATA { <http://a/b> <http://a/c> <http://a/d> }"
    status, body = request(
        server, "POST", "/sparql", update.encode(), {"Content-Type": "application/sparql-update"}
    )
    assert status == 403 and b"read-only" in body
    form = urllib.parse.urlencode({"update": update}).encode()
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    assert request(server, "POST", "/sparql", form, headers)[0] == 403
    status, body = request(server, "GET", "/sparql?" + urllib.parse.urlencode({"query": update}))
    assert status == 400 and b"update" in body
    # The data is as it was.
    client = sparql(server)
    client.setQuery("ASK { <http://a/b> ?p ?o }")
    assert client.queryAndConvert() == {"head": {}, "boolean": False}


def test_a_malformed_query_is_a_400_with_its_position(server: SiteServer) -> None:
    status, body = request(server, "GET", "/sparql?query=" + urllib.parse.quote("SELECT * {"))
    assert status == 400
    assert body.startswith(b"query:1:")


class _Listener(BaseHTTPRequestHandler):
    """A SPARQL service on 127.0.0.1 that notes every request and answers one row."""

    received: ClassVar[list[str]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.received.append(f"POST {self.path} {body.decode('utf-8', 'replace')}")
        self._answer()

    def do_GET(self) -> None:
        self.received.append(f"GET {self.path}")
        self._answer()

    def _answer(self) -> None:
        answer = {
            "head": {"vars": ["x"]},
            "results": {"bindings": [{"x": {"type": "literal", "value": "from the listener"}}]},
        }
        data = json.dumps(answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def listener() -> Iterator[tuple[str, list[str]]]:
    """Yield the URL of a SPARQL service on 127.0.0.1 and the requests it receives."""
    received: list[str] = []
    handler = type("Handler", (_Listener,), {"received": received})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/probe", received
    finally:
        server.shutdown()
        server.server_close()
        thread.join(10)


def federated(url: str, decoy: str = "") -> str:
    return (
        f"# SERVICE <{decoy}> in a comment is no call\n"
        f'SELECT ?x WHERE {{ BIND("SERVICE <{decoy}>" AS ?text) SERVICE <{url}> {{ ?x ?p ?o }} }}'
    )


def test_issue_24_service_is_refused_and_the_listener_hears_nothing(
    server: SiteServer, listener: tuple[str, list[str]]
) -> None:
    url, received = listener
    for query in (
        federated(url),
        # The same host behind a prefix, in a subquery, under OPTIONAL, in FILTER EXISTS.
        f"PREFIX p: <{url.rsplit('/', 1)[0]}/> SELECT * {{ SERVICE p:probe {{ ?s ?p ?o }} }}",
        f"SELECT * {{ {{ SELECT * {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }} }} }}",
        f"SELECT * {{ OPTIONAL {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
        f"ASK {{ FILTER EXISTS {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
        "SELECT * { BIND(<" + url + "> AS ?where) SERVICE ?where { ?s ?p ?o } }",
    ):
        for method in ("GET", "POST"):
            if method == "GET":
                status, body = request(
                    server, "GET", "/sparql?" + urllib.parse.urlencode({"query": query})
                )
            else:
                headers = {"Content-Type": "application/sparql-query"}
                status, body = request(server, "POST", "/sparql", query.encode(), headers)
            assert status == 400, (query, body)
            assert b"SERVICE" in body and b"refused" in body
            assert body.count(b"\n") == 1  # one line of reason
    time.sleep(0.5)  # a request the worker sent would have arrived by now
    assert received == []


def test_issue_24_the_word_service_in_a_comment_or_string_is_no_call(
    server: SiteServer, listener: tuple[str, list[str]]
) -> None:
    url, received = listener
    query = f'# SERVICE <{url}>\nSELECT ?text WHERE {{ BIND("SERVICE <{url}> {{ }}" AS ?text) }}'
    status, body = request(server, "GET", "/sparql?" + urllib.parse.urlencode({"query": query}))
    assert status == 200, body
    assert json.loads(body)["results"]["bindings"][0]["text"]["value"].startswith("SERVICE")
    assert received == []


def test_issue_24_allow_service_lets_the_named_host_through(
    site: Path, listener: tuple[str, list[str]]
) -> None:
    url, received = listener
    port = free_port()
    command = [sys.executable, "-m", "kompetanse_skos", "serve", "--out", site, "--port", str(port)]
    process = subprocess.Popen([*command, "--allow-service", "127.0.0.1"], stdout=subprocess.PIPE)
    try:
        wait_for(f"http://127.0.0.1:{port}/")
        client = SPARQLWrapper(f"http://127.0.0.1:{port}/sparql")
        client.setReturnFormat(JSON)
        client.setQuery(federated(url, decoy="http://192.0.2.1/elsewhere"))
        data = client.queryAndConvert()
        assert isinstance(data, dict)
        assert rows_from_json(data) == [(("from the listener", "literal"),)]
        assert len(received) == 1 and received[0].startswith("POST /probe ")
        # Another host is still refused.
        client.setQuery(federated("http://localhost:1/probe"))
        with pytest.raises(QueryBadFormed, match="refused"):
            client.queryAndConvert()
    finally:
        process.terminate()
        process.communicate(timeout=20)
    assert len(received) == 1


def test_issue_24_the_local_query_command_keeps_service(
    site: Path, listener: tuple[str, list[str]]
) -> None:
    url, received = listener
    result = run_cli("query", "--data", site / "all.nt", "--format", "csv", federated(url))
    assert result.returncode == 0, result.stderr
    assert "from the listener" in result.stdout
    assert len(received) == 1


def test_a_runaway_query_is_stopped_while_others_are_answered(server: SiteServer) -> None:
    outcome: dict[str, object] = {}

    def runaway() -> None:
        started = time.monotonic()
        outcome["status"], outcome["body"] = request(
            server, "GET", "/sparql?query=" + urllib.parse.quote(RUNAWAY)
        )
        outcome["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=runaway)
    thread.start()
    time.sleep(0.3)
    # Meanwhile, pages, RDF and other queries are answered at once.
    while thread.is_alive():
        started = time.monotonic()
        assert request(server, "GET", "/transformasjonsledelse/")[0] == 200
        status, _ = request(server, "GET", "/sparql?query=" + urllib.parse.quote("ASK {}"))
        assert status == 200
        assert time.monotonic() - started < 1.5
        time.sleep(0.1)
    thread.join()
    assert outcome["status"] == 503
    assert b"stopped after" in outcome["body"]  # type: ignore[operator]
    assert outcome["seconds"] < TIME_LIMIT + 1.5  # type: ignore[operator]
    # The stopped worker was replaced: queries still work.
    client = sparql(server)
    client.setQuery("ASK { ?s ?p ?o }")
    assert client.queryAndConvert() == {"head": {}, "boolean": True}


@pytest.mark.parametrize(
    "path",
    [
        "/../../../../etc/passwd",
        "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/_site/..%2f..%2f..%2fetc%2fpasswd",
        "/transformasjonsledelse%2f..%2f..%2fx",
        "/..%5c..%5cetc%5cpasswd",
        "/.htaccess",
        "/%00",
        "/%ff%fe",
    ],
)
def test_no_path_leaves_the_site(server: SiteServer, path: str) -> None:
    status, body = request(server, "GET", path)
    assert status in (400, 404)
    assert b"root:" not in body


def test_a_symlink_out_of_the_site_is_not_followed(site: Path, tmp_path: Path) -> None:
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    secret = tmp_path / "secret.txt"
    secret.write_text("secret", encoding="utf-8")
    (copy / "leak.txt").symlink_to(secret)
    (copy / "leak").symlink_to(tmp_path)
    with running(make_server(copy, port=0)) as server:
        assert request(server, "GET", "/leak.txt")[0] == 404
        assert request(server, "GET", "/leak/secret.txt")[0] == 404
        assert request(server, "GET", "/transformasjonsledelse/")[0] == 200


def test_oversized_requests_are_rejected(server: SiteServer) -> None:
    host, port = server.server_address[:2]
    connection = http.client.HTTPConnection(str(host), port, timeout=30)
    connection.putrequest("POST", "/sparql")
    connection.putheader("Content-Type", "application/sparql-query")
    connection.putheader("Content-Length", str(50 << 20))
    connection.endheaders()
    assert connection.getresponse().status == 413
    connection.close()


def test_results_are_capped(site: Path) -> None:
    with running(make_server(site, port=0, max_rows=5)) as server:
        query = "SELECT * WHERE { ?s ?p ?o }"
        url = f"{server.url}sparql?" + urllib.parse.urlencode({"query": query})
        status, headers, _ = fetch(url, "application/sparql-results+json")
        assert status == 200
        assert headers["x-result-truncated"] == "only the first 5 kept"
        client = sparql(server)
        client.setQuery(query)
        data = client.queryAndConvert()
        assert isinstance(data, dict)
        assert len(rows_from_json(data)) == 5


def test_it_listens_on_localhost_unless_told(site: Path) -> None:
    server = make_server(site, port=0)
    try:
        assert server.server_address[0] == "127.0.0.1"
    finally:
        server.server_close()


# -- production configuration against a real server ------------------------------------------


def test_the_generated_nginx_configuration_negotiates_like_serve(
    site: Path, tmp_path: Path
) -> None:
    with nginx_server(site, tmp_path) as base:
        check_negotiation(f"{base}transformasjonsledelse")
        check_cors(f"{base}transformasjonsledelse")
        check_cors(f"{base}_site/search-index.js")
        check_not_found(f"{base}no-such-concept")


def check_not_found(url: str) -> None:
    """A path that names nothing is a 404 for every client, and still readable by any origin."""
    for accept in [*RDF_ACCEPTS, BROWSER_ACCEPT]:
        status, headers, _ = fetch(url, accept)
        assert status == 404, accept
        assert headers["access-control-allow-origin"] == "*"


APACHE = Path("/usr/sbin/apache2")
APACHE_MODULES = Path("/usr/lib/apache2/modules")
APACHE_MAIN = """\
ServerRoot {folder}
ServerName 127.0.0.1
Listen 127.0.0.1:{port}
PidFile {folder}/httpd.pid
DefaultRuntimeDir {folder}
ErrorLog {folder}/error.log
{modules}
TypesConfig /etc/mime.types
DocumentRoot {folder}/www
<Directory />
  AllowOverride None
  Require all denied
</Directory>
<Directory {folder}/www>
  AllowOverride All
  Options FollowSymLinks
  Require all granted
</Directory>
"""


def test_issue_24_the_generated_htaccess_negotiates_in_a_real_apache(
    site: Path, tmp_path: Path
) -> None:
    """Debian's apache2 (scripts/test installs it), on 127.0.0.1, with the .htaccess as built."""
    assert APACHE.is_file(), "apache2 is missing: scripts/test installs Debian's apache2"
    (tmp_path / "www").mkdir()
    (tmp_path / "www" / "kompetansemodell").symlink_to(site)
    port = free_port()
    names = ["mpm_prefork", "authz_core", "dir", "mime", "rewrite", "headers"]
    modules = "\n".join(
        f"LoadModule {name}_module {APACHE_MODULES}/mod_{name}.so" for name in names
    )
    config = tmp_path / "httpd.conf"
    config.write_text(
        APACHE_MAIN.format(folder=tmp_path, port=port, modules=modules), encoding="utf-8"
    )
    checked = subprocess.run([APACHE, "-t", "-f", config], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    # -X: one process in the foreground, stopped by the test (as root it keeps the test's user,
    # so it can read the test's private tmp folder).
    process = subprocess.Popen([APACHE, "-X", "-f", config], stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}/kompetansemodell/"
    try:
        wait_for(base)
        check_negotiation(f"{base}transformasjonsledelse")
        check_cors(f"{base}transformasjonsledelse")
        check_cors(f"{base}_site/search-index.js")
        check_not_found(f"{base}no-such-concept")
        # A folder's path without its slash is redirected to it, as serve and nginx do.
        status, headers, _ = fetch(f"{base}transformasjonsledelse", BROWSER_ACCEPT, follow=False)
        assert status == 301
        assert headers["location"].endswith("/kompetansemodell/transformasjonsledelse/")
        # error_page: an address with no page gets the 404 page, whose <base> fits this path.
        status, _, body = fetch(f"{base}no/such", "*/*")
        assert status == 404 and b"<h1>Fant ikke siden</h1>" in body
        assert b'<base href="/kompetansemodell/_site/404/index.html">' in body
    finally:
        process.terminate()
        process.communicate(timeout=10)


def test_the_serve_command(site: Path) -> None:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "kompetanse_skos", "serve", "--out", site, "--port", str(port)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/")
        status, headers, _ = fetch(f"http://127.0.0.1:{port}/transformasjonsledelse", "text/turtle")
        assert status == 200 and headers["content-type"].startswith("text/turtle")
    finally:
        process.send_signal(signal.SIGINT)
        stdout, _ = process.communicate(timeout=20)
    assert stdout.startswith(f"Serving {site} at http://127.0.0.1:{port}/")
    assert process.returncode == 0


def test_serving_a_folder_that_is_not_a_build_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="run kompetanse-skos build first"):
        make_server(tmp_path, port=0)


def test_serve_errors_exit_with_their_documented_codes(site: Path, tmp_path: Path) -> None:
    """Not a build: input unreadable (3). A port already taken: cannot serve there (4).
    Neither is 1, which says the vocabulary does not conform."""
    result = run_cli("serve", "--out", tmp_path, "--port", "0")
    assert result.returncode == 3, result.stderr
    assert "not a built site" in result.stderr and "Traceback" not in result.stderr
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_cli("serve", "--out", site, "--port", str(port))
    assert result.returncode == 4, result.stderr
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr
    assert "Traceback" not in result.stderr


def test_issue_20_an_address_with_no_page_gets_the_404_page(server: SiteServer) -> None:
    status, headers, body = fetch(server.url + "no/such/page", BROWSER_ACCEPT, "nn")
    assert status == 404
    assert headers["content-type"] == "text/html; charset=utf-8"
    assert headers["content-language"] == "nn"
    page = body.decode("utf-8")
    assert '<html lang="nn">' in page and "<h1>Fann ikkje sida</h1>" in page
    # Its links resolve from its own path here, where the site is served at /.
    assert '<base href="/_site/404/index.nn.html">' in page
    assert 'id="search-input"' in page
    status, headers, body = fetch(server.url + "no/such/page.ttl", "text/turtle")
    assert status == 404 and b"<h1>Fant ikke siden</h1>" in body
