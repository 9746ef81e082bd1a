"""kompetanse-skos query: the example queries, every results format, and malformed queries."""

from __future__ import annotations

import csv
import html
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import SKOS

from conftest import ROOT, run_cli
from kompetanse_skos.errors import QueryError
from kompetanse_skos.serving.query import (
    graph_store,
    query_answer,
    refuse_services,
    run_query,
    write_result,
)
from kompetanse_skos.site.examples import example_queries
from linked_data import CONCEPT, build_site, check_answers, dump_graph, examples, rows_from_json

_RESULTS = "{http://www.w3.org/2005/sparql-results#}"
QUERIES = ROOT / "src" / "kompetanse_skos" / "site" / "queries"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(tmp_path_factory.mktemp("query"))


@pytest.mark.parametrize("name", examples())
def test_example_query_through_the_cli_finds_the_vocabulary_content(name: str, site: Path) -> None:
    on_vocab = run_cli(
        "query", "--root", ROOT, "--file", QUERIES / f"{name}.rq", "--format", "json"
    )
    assert on_vocab.returncode == 0, on_vocab.stderr
    on_dump = run_cli(
        "query", "--data", site / "all.ttl", "--file", QUERIES / f"{name}.rq", "--format", "json"
    )
    assert on_dump.returncode == 0, on_dump.stderr
    rows = rows_from_json(json.loads(on_vocab.stdout))
    assert rows, name
    assert rows == rows_from_json(json.loads(on_dump.stdout))
    check_answers(name, rows, dump_graph(site))


def test_the_usage_page_shows_the_example_queries_from_their_files(site: Path) -> None:
    for page in ("index.html", "index.nn.html", "index.en.html"):
        text = html.unescape((site / "_site" / "usage" / page).read_text(encoding="utf-8"))
        shown = re.findall(r"<pre><code>(.*?)</code></pre>", text, re.DOTALL)
        queries = list(example_queries().values())
        assert len(shown) >= len(queries)
        for query, on_page in zip(queries, shown[-len(queries) :], strict=True):
            # The query itself as in its file; its opening comment in the page's language
            # (issue 20: not English on the Norwegian pages).
            comment, body = _split_comment(query)
            shown_comment, shown_body = _split_comment(on_page)
            assert shown_body == body and shown_comment
            if page != "index.en.html":
                assert comment.splitlines()[0] not in on_page


def _split_comment(query: str) -> tuple[str, str]:
    lines = query.splitlines(keepends=True)
    head = 0
    while head < len(lines) and lines[head].startswith("#"):
        head += 1
    return "".join(lines[:head]), "".join(lines[head:])


def test_select_results_in_every_format(site: Path) -> None:
    store = graph_store(dump_graph(site))
    result = run_query(store, example_queries()["drafts"])
    drafts = {row[0].value for row in result.rows}
    table = write_result(result).decode()
    assert table.splitlines()[0].split() == ["?concept", "?label"]
    assert f"({len(drafts)} rows)" in table
    rows = list(csv.reader(io.StringIO(write_result(result, "csv").decode())))
    assert rows[0] == ["concept", "label"] and {row[0] for row in rows[1:]} == drafts
    tsv = write_result(result, "tsv").decode().splitlines()
    assert (
        tsv[0] == "?concept\t?label" and {line.split("\t")[0][1:-1] for line in tsv[1:]} == drafts
    )
    root = ET.fromstring(write_result(result, "xml"))
    ns = "{http://www.w3.org/2005/sparql-results#}"
    uris = {uri.text for uri in root.iter(f"{ns}uri")}
    assert uris == drafts


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
@pytest.mark.parametrize("name", [*examples(), "ask"])
def test_pyoxigraphs_writers_and_serves_give_the_same_answers(
    site: Path, name: str, fmt: str
) -> None:
    """`query` writes with pyoxigraph; `serve` writes the rows under its cap itself: the same."""
    store = graph_store(dump_graph(site))
    query = f"ASK {{ <{CONCEPT}> ?p ?o }}" if name == "ask" else example_queries()[name]
    theirs = query_answer(store, query, output_format=fmt)
    ours = write_result(run_query(store, query), fmt)
    assert _answers(theirs, fmt) == _answers(ours, fmt)


def _answers(data: bytes, fmt: str) -> object:
    """Return what a SPARQL result says, whatever its layout: rows as sorted lists, or a boolean."""
    text = data.decode("utf-8")
    if fmt == "json":
        parsed = json.loads(text)
        return parsed.get("boolean"), sorted(
            json.dumps(row, sort_keys=True) for row in parsed.get("results", {}).get("bindings", [])
        )
    if fmt == "xml":
        root = ET.fromstring(data)
        rows = [
            sorted(
                (binding.get("name"), term.tag, sorted(term.attrib.items()), term.text)
                for binding in result
                for term in binding
            )
            for result in root.iter(f"{_RESULTS}result")
        ]
        booleans = [element.text for element in root.iter(f"{_RESULTS}boolean")]
        return booleans, sorted(map(str, rows))
    lines = text.splitlines()
    delimiter = "\t" if fmt == "tsv" else ","
    return lines[:1], sorted(tuple(row) for row in csv.reader(lines[1:], delimiter=delimiter))


def test_ask_and_construct(site: Path) -> None:
    store = graph_store(dump_graph(site))
    ask = run_query(store, f"ASK {{ <{CONCEPT}> a <{SKOS.Concept}> }}")
    assert write_result(ask).decode() == "yes\n"
    assert json.loads(write_result(ask, "json")) == {"head": {}, "boolean": True}
    construct = f"CONSTRUCT {{ <{CONCEPT}> ?p ?o }} WHERE {{ <{CONCEPT}> ?p ?o }}"
    for fmt, syntax in (("turtle", "turtle"), ("nt", "nt"), ("rdf", "xml"), ("jsonld", "json-ld")):
        result = run_cli("query", "--data", site / "all.nt", "--format", fmt, construct)
        assert result.returncode == 0, result.stderr
        graph = Graph().parse(data=result.stdout, format=syntax)
        assert (CONCEPT, SKOS.topConceptOf, None) in graph
        assert set(graph.subjects()) == {CONCEPT}


def test_a_malformed_query_names_its_position_and_exits_2() -> None:
    result = run_cli("query", "--root", ROOT, "SELECT ?x WHERE {\n  ?x ?y\n}")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.strip().count("\n") == 0
    assert result.stderr.startswith("Error: query:3:")


def test_a_malformed_query_file_is_named(tmp_path: Path) -> None:
    query = tmp_path / "bad.rq"
    query.write_text("SELECT * WHERE { ?s ?p }", encoding="utf-8")
    result = run_cli("query", "--root", ROOT, "--file", query)
    assert result.returncode == 2
    assert f"{query}:1:" in result.stderr


def test_an_update_is_refused() -> None:
    result = run_cli("query", "--root", ROOT, "PREFIX a: <http://a/>\nDELETE WHERE { ?s ?p ?o }")
    assert result.returncode == 2
    assert "update" in result.stderr


def test_a_query_and_a_file_together_is_bad_usage(tmp_path: Path) -> None:
    result = run_cli("query", "--root", ROOT, "--file", QUERIES / "drafts.rq", "ASK {}")
    assert result.returncode == 2
    assert run_cli("query", "--root", ROOT).returncode == 2


def test_an_unreadable_data_file_exits_3(tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text("<a:b> <a:c> .", encoding="utf-8")
    result = run_cli("query", "--data", broken, "ASK {}")
    assert result.returncode == 3
    assert "broken.ttl:1:" in result.stderr


PROBE = "http://10.1.2.3:8080/sparql"
SERVICE_CASES = {
    # query: (allowed hosts, refused?)
    f"SELECT * {{ SERVICE <{PROBE}> {{ ?s ?p ?o }} }}": ((), True),
    f"SELECT * {{ SERVICE <{PROBE}> {{ ?s ?p ?o }} }}  ": (("10.1.2.3",), False),
    f"SELECT * {{ SERVICE <{PROBE}> {{ ?s ?p ?o }} }}\n": (("10.1.2.3:8080",), False),
    f"SELECT * {{ SERVICE <{PROBE}> {{ ?s ?p ?o }} }}\t": (("10.1.2.3:9090",), True),
    f"SELECT * {{ SERVICE <{PROBE}> {{ ?s ?p ?o }} }} ": (("10.1.2.4",), True),
    f"PREFIX e: <{PROBE}/> SELECT * {{ OPTIONAL {{ SERVICE SILENT e:x {{ ?s ?p ?o }} }} }}": (
        (),
        True,
    ),
    f"ASK {{ FILTER NOT EXISTS {{ SERVICE <{PROBE}> {{ ?s ?p ?o }} }} }}": ((), True),
    "SELECT * { SERVICE ?where { ?s ?p ?o } }": (("10.1.2.3",), True),
    "SELECT * { SERVICE <file:///etc/passwd> { ?s ?p ?o } }": (("",), True),
    f"SELECT * {{ \\u0053ERVICE <{PROBE}> {{ ?s ?p ?o }} }}": ((), True),
    # Syntax rdflib cannot check, with the word in it: refused; without it: left to Oxigraph.
    f"SELECT * {{ SERVICE <{PROBE}> {{": ((), True),
    "SELECT * {": ((), False),
    # The word in a comment, a string or an IRI is no call.
    f"# SERVICE <{PROBE}> {{ }}\nSELECT * {{ BIND('SERVICE <{PROBE}> {{}}' AS ?x) }}": ((), False),
    "SELECT * { <http://example.org/SERVICE> ?p ?o }": ((), False),
}


@pytest.mark.parametrize("query", list(SERVICE_CASES))
def test_issue_24_service_is_found_by_parsing(query: str) -> None:
    allowed, refused = SERVICE_CASES[query]
    if refused:
        with pytest.raises(QueryError, match="SERVICE"):
            refuse_services(query, allowed)
    else:
        refuse_services(query, allowed)
