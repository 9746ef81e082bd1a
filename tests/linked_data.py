"""Helpers the SPARQL and linked-data tests share: a built site, the expected answers, servers."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import SKOS

from conftest import ROOT
from kompetanse_skos.pipeline.build import build
from kompetanse_skos.project import Project
from kompetanse_skos.site.examples import example_queries

EUVOC = Namespace("http://publications.europa.eu/ontology/euvoc#")
DRAFT = URIRef("http://publications.europa.eu/resource/authority/concept-status/DRAFT")
WHEEL = URIRef("https://psi.norge.no/kompetansemodell/fagkunnskap-og-ferdigheter")
CONCEPT = URIRef("https://psi.norge.no/kompetansemodell/transformasjonsledelse")
BASE = "https://psi.norge.no/kompetansemodell/"
OXIGRAPH = Path(sys.executable).parent / "oxigraph"
# The Accept headers curl users send, and what each must get back.
RDF_ACCEPTS = {
    "text/turtle": "turtle",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
    "application/n-triples": "nt",
}
BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
Row = tuple[Any, ...]  # per variable: (value, language or datatype or kind), or None


def build_site(folder: Path) -> Path:
    """Build the real vocabulary into *folder*/build and return that folder."""
    shutil.copytree(ROOT / "vocab", folder / "vocab")
    shutil.copy(ROOT / "pyproject.toml", folder / "pyproject.toml")
    project = Project.from_root(folder)
    assert build(project).built
    return project.output_dir


def dump_graph(site: Path) -> Graph:
    """Return the built vocabulary as published (the N-Triples dump)."""
    return Graph().parse(site / "all.nt", format="nt")


def rows_from_json(data: dict[str, object]) -> list[Row]:
    """Return SPARQL JSON results as sorted rows of (value, language or datatype) pairs."""
    head = data["head"]
    assert isinstance(head, dict)
    variables = head["vars"]
    results = data["results"]
    assert isinstance(results, dict)
    rows = []
    for binding in results["bindings"]:
        row = []
        for name in variables:
            term = binding.get(name)
            kind = (term.get("xml:lang") or term.get("datatype") or term["type"]) if term else ""
            row.append((term["value"], kind) if term else None)
        rows.append(tuple(row))
    return sorted(rows, key=repr)


def expected_answers(graph: Graph) -> dict[str, set[tuple[str, ...]]]:
    """Return, per example query, what it must find, read from the graph without SPARQL."""
    themes = set(graph.objects(WHEEL, SKOS.hasTopConcept))
    below = {
        (str(theme), str(concept))
        for theme in themes
        for concept in graph.transitive_subjects(SKOS.broader, theme)
    }
    nynorsk = {
        (str(subject), str(prop), str(label))
        for prop in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel)
        for subject, label in graph.subject_objects(prop)
        if isinstance(label, Literal) and label.language == "nn"
    }
    drafts = {(str(concept),) for concept in graph.subjects(EUVOC.status, DRAFT)}
    return {"concepts-with-themes": below, "terms-in-a-language": nynorsk, "drafts": drafts}


def check_answers(name: str, rows: list[Row], graph: Graph) -> None:
    """Check one example query's rows against the vocabulary's content."""
    expected = expected_answers(graph)
    themes = set(graph.objects(WHEEL, SKOS.hasTopConcept))
    subthemes = {
        str(concept) for theme in themes for concept in graph.subjects(SKOS.broader, theme)
    }
    if name == "concepts-with-themes":
        wheel = {(r[1][0], r[3][0]) for r in rows if r[0] and r[0][0] == str(WHEEL)}
        assert wheel == expected[name]
        assert {theme for theme, _ in wheel} == {str(theme) for theme in themes}
        assert len(themes) == 5
    elif name == "terms-in-a-language":
        found = {(r[0][0], r[1][0], r[2][0]) for r in rows}
        assert found == expected[name]
        assert all(r[2] and r[2][1] == "nn" for r in rows)
    elif name == "drafts":
        found = {(r[0][0],) for r in rows}
        assert found == expected[name]
        assert {concept for (concept,) in found} == subthemes  # the drafts are the subthemes
    elif name == "subthemes-of-a-theme":
        theme = URIRef(rows[0][0][0])
        assert theme in themes
        found_subthemes = {r[1][0] for r in rows}
        assert found_subthemes == {str(c) for c in graph.objects(theme, SKOS.narrower)}
        assert found_subthemes <= subthemes
    else:
        raise AssertionError(f"no expectation for {name}")


def free_port() -> int:
    """Return a port on 127.0.0.1 that nothing listens on just now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(url: str, seconds: float = 20) -> None:
    """Wait until *url* answers at all (any HTTP status)."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


@contextmanager
def oxigraph_server(folder: Path) -> Iterator[str]:
    """Run the PyPI oxigraph server (read-write) on 127.0.0.1; yield its base URL."""
    port = free_port()
    process = subprocess.Popen(
        [OXIGRAPH, "serve", "--location", folder, "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{url}/query?query=ASK%7B%7D")
        yield url
    finally:
        process.terminate()
        process.communicate(timeout=10)


def examples() -> list[str]:
    """Return the example queries' names."""
    return list(example_queries())


def parse_json(body: bytes) -> dict[str, object]:
    """Parse a JSON body."""
    data = json.loads(body)
    assert isinstance(data, dict)
    return data


NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
NGINX_MAIN = """\
worker_processes 1;
daemon off;
pid {folder}/nginx.pid;
error_log {folder}/error.log;
{user}
events {{ worker_connections 64; }}
http {{
  access_log off;
  client_body_temp_path {folder}/body;
  proxy_temp_path {folder}/proxy;
  fastcgi_temp_path {folder}/fastcgi;
  uwsgi_temp_path {folder}/uwsgi;
  scgi_temp_path {folder}/scgi;
  default_type application/octet-stream;
{http_part}
  server {{
    listen 127.0.0.1:{port};
    root {folder}/www;
{server_part}
  }}
}}
"""


@contextmanager
def nginx_server(site: Path, folder: Path, sparql_port: int | None = None) -> Iterator[str]:
    """Run Debian's nginx on 127.0.0.1 with the site's generated nginx.conf; yield the site's URL.

    With *sparql_port*, the configuration's optional SPARQL block is switched on, pointed at a
    `serve` listening on that port.
    """
    assert NGINX, "nginx is missing: scripts/test installs Debian's nginx-light"
    generated = (site / "nginx.conf").read_text(encoding="utf-8")
    http_part, _, server_part = generated.partition("# 2. In the server block:")
    assert "location /kompetansemodell/" in server_part
    if sparql_port is not None:
        optional = server_part.partition("# 3. Optional")[2]
        block = [
            line[2:]
            for line in optional.splitlines()
            if line.startswith("# ")
            and (line.startswith(("# location", "#     proxy_pass", "# }")))
        ]
        assert len(block) == 3, optional
        server_part += "\n".join(block).replace("127.0.0.1:8000", f"127.0.0.1:{sparql_port}")
    (folder / "www").mkdir()
    (folder / "www" / "kompetansemodell").symlink_to(site)
    port = free_port()
    user = "user root;" if os.geteuid() == 0 else ""  # workers must read the test's tmp folder
    config = folder / "nginx.conf"
    config.write_text(
        NGINX_MAIN.format(
            folder=folder, user=user, port=port, http_part=http_part, server_part=server_part
        ),
        encoding="utf-8",
    )
    checked = subprocess.run([NGINX, "-t", "-c", config], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    process = subprocess.Popen([NGINX, "-c", config], stderr=subprocess.PIPE)
    try:
        wait_for(f"http://127.0.0.1:{port}/kompetansemodell/")
        yield f"http://127.0.0.1:{port}/kompetansemodell/"
    finally:
        process.terminate()
        process.communicate(timeout=10)
