"""The dumps: every format holds the validated graph, reproducibly, and real tools read them."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pyoxigraph
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph
from rdflib.compare import isomorphic

from conftest import LOS, ROOT, run_cli, tree
from kompetanse_skos.project import Project
from kompetanse_skos.publication.files import CHECKSUMS
from kompetanse_skos.rdf.dumps import (
    Descriptions,
    canonical_order,
    canonical_triples,
    extended_order,
    serialize_triples,
    used_prefixes,
)
from kompetanse_skos.rdf.formats import DUMP_FORMATS
from kompetanse_skos.rdf.namespaces import SKOS, XSD
from kompetanse_skos.rdf.terms import rdflib_graph
from kompetanse_skos.vocabulary.load import Vocabulary, load_vocabulary
from kompetanse_skos.vocabulary.read import read_vocabulary

SUFFIXES = {".ttl": "turtle", ".nt": "nt", ".rdf": "xml", ".jsonld": "json-ld"}
OXIGRAPH_FORMATS = {
    ".ttl": pyoxigraph.RdfFormat.TURTLE,
    ".nt": pyoxigraph.RdfFormat.N_TRIPLES,
    ".rdf": pyoxigraph.RdfFormat.RDF_XML,
    ".jsonld": pyoxigraph.RdfFormat.JSON_LD,
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("project")
    shutil.copytree(ROOT / "vocab", project / "vocab")
    shutil.copy(ROOT / "pyproject.toml", project / "pyproject.toml")
    result = run_cli("build", "--root", project)
    assert result.returncode == 0, result.stderr
    return project


def _dumps(built: Path) -> list[Path]:
    dumps = sorted((built / "build").glob("all.*"))
    assert sorted(path.suffix for path in dumps) == sorted(SUFFIXES)
    return dumps


def test_every_dump_is_isomorphic_to_the_validated_graph(built: Path) -> None:
    validated = read_vocabulary(Project.from_root(built)).graph
    for dump in _dumps(built):
        parsed = Graph().parse(dump, format=SUFFIXES[dump.suffix])
        assert len(parsed) == len(validated), dump.name
        assert isomorphic(parsed, validated), dump.name


def test_jsonld_has_a_readable_context(built: Path) -> None:
    data = json.loads((built / "build" / "all.jsonld").read_text(encoding="utf-8"))
    assert data["@context"]["skos"] == str(SKOS)
    assert any(node.get("skos:prefLabel") for node in data["@graph"])


def test_checksums_match_the_files(built: Path) -> None:
    lines = (built / "build" / CHECKSUMS).read_text(encoding="utf-8").splitlines()
    listed = {}
    for line in lines:
        digest, name = line.split("  ", 1)
        listed[name] = digest
    # Every download is listed: the dumps, the catalogue record and the concept file.
    downloads = {p.name for p in _dumps(built)} | {"catalog.ttl", "all-skos-ap-no.ttl"}
    assert downloads <= set(listed)
    assert all((built / "build" / name).is_file() for name in listed)
    for name, digest in listed.items():
        assert hashlib.sha256((built / "build" / name).read_bytes()).hexdigest() == digest
    # The list is in sha256sum's own format, so the standard tool can check it.
    check = subprocess.run(
        ["sha256sum", "--check", "--strict", CHECKSUMS], cwd=built / "build", capture_output=True
    )
    assert check.returncode == 0, check.stdout


def test_two_builds_are_byte_identical(built: Path, tmp_path: Path) -> None:
    # A different hash seed changes every set and dict order rdflib could leak into the output.
    again = run_cli(
        "build", "--root", built, "--out", tmp_path / "again", env={"PYTHONHASHSEED": "12345"}
    )
    assert again.returncode == 0, again.stderr
    assert tree(tmp_path / "again") == tree(built / "build")


def test_dumps_load_into_oxigraph_and_count_the_same_concepts(built: Path) -> None:
    validated = read_vocabulary(Project.from_root(built)).graph
    expected = len(set(validated.subjects(predicate=None, object=SKOS.Concept)))
    assert expected > 20
    query = """
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a skos:Concept }
    """
    rdflib_count = int(next(iter(validated.query(query)))[0])
    assert rdflib_count == expected
    for dump in _dumps(built):
        store = pyoxigraph.Store()
        store.load(path=str(dump), format=OXIGRAPH_FORMATS[dump.suffix])
        assert len(store) == len(validated), dump.name
        solutions = list(store.query(query))
        assert int(solutions[0]["n"].value) == rdflib_count, dump.name


JAVA = Path("/usr/share/java")
# Debian's Jena 4.5 (libapache-jena-java) has no riot command, so riot's class is run with the
# jars it loads: Jena's own and those of the packages it depends on, named one by one, because
# /usr/share/java also holds several slf4j bindings and with two of them Jena stops at start-up.
# httpclient-cache is for the JSON-LD 1.0 reader (Debian's Jena has no Jakarta JSON provider
# for its JSON-LD 1.1 reader, so the dumps are read with --syntax=jsonld10).
RIOT_JARS = (
    *("jena-base", "jena-core", "jena-iri", "jena-arq", "jena-cmds"),
    *("commons-cli", "commons-codec", "commons-compress", "commons-csv", "commons-io"),
    *("commons-lang3", "dexx.collection", "gson", "guava", "protobuf", "thrift"),
    *("httpclient", "httpclient-cache", "httpcore", "jsonld-java", "titanium-json-ld"),
    *("jackson-annotations", "jackson-core", "jackson-databind", "jakarta.json-api"),
    *("slf4j-api", "slf4j-simple"),
)


@pytest.fixture(scope="module")
def riot_class_path(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Return a Java class path that runs Apache Jena's riot from Debian's packages.

    Debian's jena-core.jar keeps the message bundles of the Xerces it bundles under
    org/apache/jena/ext/xerces/, but the classes look for them under xerces/, so riot dies at
    start-up ("RuntimeException: internal error"); the bundles are copied to where the classes
    look, in a folder first on the class path.
    """
    assert (JAVA / "jena-core.jar").exists(), (
        "Apache Jena is missing: apt-get install libapache-jena-java (see scripts/test)"
    )
    bundles = tmp_path_factory.mktemp("jena")
    bundled = "org/apache/jena/ext/"
    with zipfile.ZipFile(JAVA / "jena-core.jar") as jar:
        for name in jar.namelist():
            if name.startswith(f"{bundled}xerces/") and name.endswith(".properties"):
                target = bundles / name.removeprefix(bundled)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(jar.read(name))
    return os.pathsep.join([str(bundles), *(str(JAVA / f"{jar}.jar") for jar in RIOT_JARS)])


def _riot(class_path: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run Jena's riot (``riot --validate FILE``, ``riot --count FILE``)."""
    quiet = "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"
    return subprocess.run(
        ["java", quiet, "-cp", class_path, "riotcmd.riot", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.slow
def test_apache_jena_riot_accepts_every_dump(built: Path, riot_class_path: str) -> None:
    triples = len(read_vocabulary(Project.from_root(built)).graph)
    for dump in _dumps(built):
        syntax = ["--syntax=jsonld10"] if dump.suffix == ".jsonld" else []
        result = _riot(riot_class_path, *syntax, "--validate", str(dump))
        output = result.stdout + result.stderr
        assert result.returncode == 0 and "ERROR" not in output and "WARN" not in output, (
            f"{dump.name}: {output}"
        )
        counted = _riot(riot_class_path, *syntax, "--count", str(dump))
        assert f"Triples = {triples}" in counted.stdout + counted.stderr, dump.name


def test_jena_refuses_a_broken_dump(riot_class_path: str, tmp_path: Path) -> None:
    """The check above can fail: riot rejects what is not valid Turtle."""
    broken = tmp_path / "broken.ttl"
    broken.write_text("<http://example.org/a> <http://example.org/b> .\n", encoding="utf-8")
    result = _riot(riot_class_path, "--validate", str(broken))
    assert result.returncode != 0


# -- the writer on oxigraph triples -----------------------------------------------------------

# Blank nodes of every kind: nested, interchangeable, told apart only by what refers to them,
# in a list and in a cycle; literals with escapes, Unicode, language tags and datatypes; IRIs
# no prefix can shorten; prefixes that are declared but not used.
BLANK_NODE_VOCABULARY = r"""
@prefix ex: <http://example.org/vocab/> .
@prefix other: <http://example.org/other#> .
@prefix odd: <http://example.org/odd_> .
@prefix unused: <http://example.org/unused/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix vcard: <http://www.w3.org/2006/vcard/ns#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

ex:scheme a skos:ConceptScheme ;
    skos:prefLabel "Ordforråd"@nb, "Vocabulary"@en ;
    dct:publisher [ a other:Agent ; other:name "Kari \"K\" Nordmann" ;
                    other:address [ other:street "Gate 1\nOslo" ] ] ;
    dcat:contactPoint [ vcard:hasEmail <mailto:post@example.org> ] .

ex:a a skos:Concept ;
    skos:inScheme ex:scheme ;
    skos:prefLabel "Å være\ttab \\ backslash"@nb-NO ;
    skos:note [ other:value 1 ], [ other:value 1 ] ;
    other:list ( "one" "two" "one" ) ;
    odd:thing <http://example.org/vocab/odd(name)>, <http://example.org/vocab/with%20space> .

ex:b a skos:Concept, other:Special ;
    skos:note [ other:value 1 ] ;
    <http://example.org/no-prefix/p> "no prefix" .

ex:c a skos:Concept ;
    skos:definition "Line one\nline two\r\nend"@en ,
        "quotes \" and ' and \"\"\" and ]]> <tag> & amp; "@en-GB ,
        "emoji 😀, CJK 漢字, right-to-left שלום"@nb ,
        "looks like a blank node: <x> _:b0 and > _:b1 . and \" .\n" ,
        "" ;
    dct:created "2024-02-29"^^xsd:date ;
    other:count "007"^^xsd:integer ;
    other:custom "x y"^^other:type ;
    other:string "explicit"^^xsd:string ;
    other:space "  ", "\n" .

_:x other:next _:y ; other:name "in a cycle" .
_:y other:next _:z .
_:z other:next _:x .
"""


def _parse(
    text: str | bytes, syntax: pyoxigraph.RdfFormat = pyoxigraph.RdfFormat.TURTLE
) -> list[pyoxigraph.Triple]:
    data = text.encode() if isinstance(text, str) else text
    return [quad.triple for quad in pyoxigraph.parse(data, format=syntax)]


def _prefixes_of(text: str) -> dict[str, str]:
    parser = pyoxigraph.parse(text.encode(), format=pyoxigraph.RdfFormat.TURTLE)
    for _ in parser:
        pass
    return dict(parser.prefixes)


def _write(triples: list[pyoxigraph.Triple], own: dict[str, str]) -> dict[str, bytes]:
    """Return the four dumps of *triples*, by suffix."""
    canonical = canonical_triples(triples)
    prefixes = used_prefixes(canonical, own)
    return {dump.suffix: serialize_triples(canonical, dump, prefixes) for dump in DUMP_FORMATS}


@pytest.fixture(scope="module")
def blank_dumps() -> dict[str, bytes]:
    return _write(_parse(BLANK_NODE_VOCABULARY), _prefixes_of(BLANK_NODE_VOCABULARY))


def test_every_format_states_the_input_graph(blank_dumps: dict[str, bytes]) -> None:
    """rdflib reads each dump back as the input graph, blank nodes and literals included."""
    expected = rdflib_graph(_parse(BLANK_NODE_VOCABULARY))
    assert len(expected) == 47
    for suffix, data in blank_dumps.items():
        parsed = Graph().parse(data=data, format=SUFFIXES[suffix])
        assert len(parsed) == len(expected), suffix
        assert isomorphic(parsed, expected), suffix


def test_the_four_formats_state_the_same_graph(blank_dumps: dict[str, bytes]) -> None:
    """Read back by oxigraph and canonicalized, every dump gives exactly the input's triples."""
    expected = canonical_triples(_parse(BLANK_NODE_VOCABULARY))
    for suffix, data in blank_dumps.items():
        assert canonical_triples(_parse(data, OXIGRAPH_FORMATS[suffix])) == expected, suffix


def test_dumps_do_not_depend_on_blank_node_names_or_order() -> None:
    """Two parses name blank nodes differently; reversed input comes in another order."""
    own = _prefixes_of(BLANK_NODE_VOCABULARY)
    first, second = _parse(BLANK_NODE_VOCABULARY), _parse(BLANK_NODE_VOCABULARY)
    assert {str(t) for t in first} != {str(t) for t in second}  # the parser's random names
    assert _write(first, own) == _write(list(reversed(second)), own)


def test_dumps_do_not_depend_on_the_hash_seed(tmp_path: Path) -> None:
    script = tmp_path / "write.py"
    script.write_text(
        "import hashlib, test_dumps as t\n"
        "vocabulary = t.BLANK_NODE_VOCABULARY\n"
        "dumps = t._write(t._parse(vocabulary), t._prefixes_of(vocabulary))\n"
        "print(hashlib.sha256(b''.join(dumps.values())).hexdigest())\n",
        encoding="utf-8",
    )
    digests = set()
    for seed in ("1", "2"):
        result = subprocess.run(
            [sys.executable, str(script)],
            capture_output=True,
            text=True,
            env={
                **os.environ,
                "PYTHONHASHSEED": seed,
                "PYTHONPATH": os.pathsep.join([str(ROOT / "tests"), str(Path(__file__).parent)]),
            },
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        digests.add(result.stdout)
    assert len(digests) == 1


def test_only_prefixes_in_use_are_declared(blank_dumps: dict[str, bytes]) -> None:
    own = _prefixes_of(BLANK_NODE_VOCABULARY)
    own |= {"sk": str(SKOS), "skos": "http://example.org/not-skos#", "xmlns": "http://x.org/"}
    prefixes = used_prefixes(canonical_triples(_parse(BLANK_NODE_VOCABULARY)), own)
    # Ours where in use (rdf for rdf:type and lists, xsd for the datatypes), the input's own;
    # never a well-known prefix renamed ("sk") or rebound ("skos"), nor an unused one.
    assert prefixes == {
        "dcat": "http://www.w3.org/ns/dcat#",
        "dct": "http://purl.org/dc/terms/",
        "ex": "http://example.org/vocab/",
        "odd": "http://example.org/odd_",
        "other": "http://example.org/other#",
        "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
        "skos": str(SKOS),
        "vcard": "http://www.w3.org/2006/vcard/ns#",
        "xsd": "http://www.w3.org/2001/XMLSchema#",
    }
    turtle = blank_dumps[".ttl"].decode()
    declared = [line for line in turtle.splitlines() if line.startswith("@prefix")]
    assert declared == [f"@prefix {p}: <{ns}> ." for p, ns in prefixes.items()]
    assert "unused" not in turtle and "unused" not in blank_dumps[".rdf"].decode()
    # JSON-LD 1.1 takes a prefix only when its namespace ends with a delimiter: not "odd".
    context = json.loads(blank_dumps[".jsonld"])["@context"]
    assert context == {p: ns for p, ns in prefixes.items() if p != "odd"}


def test_a_description_declares_only_its_own_prefixes() -> None:
    triples = _parse(
        "<http://example.org/vocab/x> a <http://www.w3.org/2004/02/skos/core#Concept> ."
    )
    assert used_prefixes(triples, {"ex": "http://example.org/vocab/", "foo": "http://foo/"}) == {
        "ex": "http://example.org/vocab/",
        "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
        "skos": str(SKOS),
    }


def test_literals_round_trip_exactly(blank_dumps: dict[str, bytes]) -> None:
    expected = {
        t.object for t in _parse(BLANK_NODE_VOCABULARY) if isinstance(t.object, pyoxigraph.Literal)
    }
    assert len(expected) == 21
    assert pyoxigraph.Literal("007", datatype=pyoxigraph.NamedNode(str(XSD.integer))) in expected
    for suffix, data in blank_dumps.items():
        found = {
            t.object
            for t in _parse(data, OXIGRAPH_FORMATS[suffix])
            if isinstance(t.object, pyoxigraph.Literal)
        }
        assert found == expected, suffix


TYPED_LITERALS = """@prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:a ex:count "007"^^xsd:integer ;
    ex:note [ ex:count "0012"^^xsd:integer ; ex:when "2020-01-01T00:00:00+00:00"^^xsd:dateTime ] .
"""


@pytest.mark.parametrize(
    "name, text",
    [
        (
            "named.ttl",
            TYPED_LITERALS.replace("ex:note [", "ex:note ex:b . ex:b").replace(" ] .", " ."),
        ),
        ("blank.ttl", TYPED_LITERALS),
        ("graphs.trig", TYPED_LITERALS.replace("ex:a ex:count", "ex:g { ex:a ex:count") + "}\n"),
    ],
)
def test_a_file_is_read_with_its_typed_literals_as_written(
    name: str, text: str, tmp_path: Path
) -> None:
    """The store parses while the literals are noted from a second parse: they must agree.

    A blank node written [] is named anew by each parse, and a dataset's graphs all go into
    the file's graph: those are read from a single parse.
    """
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    vocabulary = load_vocabulary([path])
    literals = {
        t.object.value for t in vocabulary.triples() if isinstance(t.object, pyoxigraph.Literal)
    }
    assert literals == {"007", "0012", "2020-01-01T00:00:00+00:00"}
    assert {quad.graph_name for quad in vocabulary.store} == set(vocabulary.graphs)
    assert len(vocabulary.store) == 4


def test_dumps_are_readable(blank_dumps: dict[str, bytes]) -> None:
    """Each subject once, its types first; CURIEs where a prefix fits; blank nodes b0, b1, …"""
    turtle = blank_dumps[".ttl"].decode()
    assert "\n\nex:a a skos:Concept ;\n\todd:thing ex:odd\\(name\\) , " in turtle
    assert "\n\nex:b a other:Special , skos:Concept ;\n" in turtle
    assert "dct:publisher _:b06 ;" in turtle and "\n\n_:b00 rdf:first" in turtle
    assert turtle.index("\n_:b09 ") < turtle.index("\n_:b10 ")
    assert blank_dumps[".nt"].decode().splitlines() == sorted(
        blank_dumps[".nt"].decode().splitlines()
    )
    assert '<skos:Concept rdf:about="http://example.org/vocab/a">' in blank_dumps[".rdf"].decode()
    graph = json.loads(blank_dumps[".jsonld"])["@graph"]
    by_id = {node["@id"]: node for node in graph}
    assert len(by_id) == len(graph)
    assert by_id["http://example.org/vocab/b"]["@type"] == ["other:Special", "skos:Concept"]
    assert by_id["http://example.org/vocab/c"]["dct:created"] == {
        "@value": "2024-02-29",
        "@type": "xsd:date",
    }
    assert by_id["http://example.org/vocab/c"]["other:string"] == "explicit"
    assert by_id["http://example.org/vocab/a"]["skos:prefLabel"] == {
        "@value": "Å være\ttab \\ backslash",
        "@language": "nb-no",
    }
    assert by_id["http://example.org/vocab/b"]["http://example.org/no-prefix/p"] == "no prefix"


def test_blank_nodes_told_apart_only_by_what_refers_to_them() -> None:
    triples = _parse(
        "@prefix ex: <http://example.org/> .\n"
        "ex:a ex:p [ ex:q 1 ] . ex:b ex:p [ ex:q 1 ] . ex:c ex:p [ ex:q 2 ], [ ex:q 2 ] ."
    )
    canonical = canonical_triples(triples)
    assert len(canonical) == 8
    assert len({t.object for t in canonical if isinstance(t.object, pyoxigraph.BlankNode)}) == 4
    assert canonical_triples(reversed(_parse("\n".join(f"{t} ." for t in triples)))) == canonical
    assert isomorphic(rdflib_graph(canonical), rdflib_graph(triples))


LABELS = st.permutations([f"n{i}" for i in range(6)])


@st.composite
def blank_node_graphs(draw: st.DrawFn) -> list[tuple[int | str, str, int | str]]:
    """Draw a small graph of up to six blank nodes (ints), two IRIs and two literals."""
    nodes = list(range(draw(st.integers(1, 6))))
    subjects = st.sampled_from([*nodes, "<http://example.org/s>", "<http://example.org/t>"])
    values = st.sampled_from([*nodes, "<http://example.org/s>", '"x"', '"y"@en'])
    predicates = st.sampled_from(["<http://example.org/p>", "<http://example.org/q>"])
    return draw(st.lists(st.tuples(subjects, predicates, values), min_size=1, max_size=12))


@settings(max_examples=200, deadline=None, derandomize=True)
@given(graph=blank_node_graphs(), labels=LABELS, data=st.data())
def test_canonical_names_depend_only_on_the_graph(
    graph: list[tuple[int | str, str, int | str]], labels: list[str], data: st.DataObject
) -> None:
    """The same graph, with its blank nodes named and ordered otherwise, gives equal triples."""

    def text(names: list[str], order: list[tuple[int | str, str, int | str]]) -> str:
        term = lambda t: f"_:{names[t]}" if isinstance(t, int) else t  # noqa: E731
        return "".join(f"{term(s)} {p} {term(o)} .\n" for s, p, o in order)

    first = _parse(text([f"a{i}" for i in range(6)], graph), pyoxigraph.RdfFormat.N_TRIPLES)
    shuffled = data.draw(st.permutations(graph))
    second = _parse(text(labels, shuffled), pyoxigraph.RdfFormat.N_TRIPLES)
    canonical = canonical_triples(first)
    assert canonical_triples(second) == canonical
    assert isomorphic(rdflib_graph(canonical), rdflib_graph(first))


def test_a_description_follows_blank_nodes_across_graphs() -> None:
    store = pyoxigraph.Store()
    one, two, other = (pyoxigraph.NamedNode(f"urn:graph:{n}") for n in ("one", "two", "other"))
    ex = "http://example.org/"
    triples = _parse(
        f'<{ex}a> <{ex}p> [ <{ex}q> [ <{ex}r> 1 ] ] ; <{ex}label> "a" .\n<{ex}b> <{ex}p> <{ex}a> .'
    )
    store.extend(pyoxigraph.Quad(t.subject, t.predicate, t.object, one) for t in triples)
    a = pyoxigraph.NamedNode(f"{ex}a")
    # The same triple in a second graph, and one in a graph not asked for.
    store.add(pyoxigraph.Quad(a, pyoxigraph.NamedNode(f"{ex}label"), pyoxigraph.Literal("a"), two))
    store.add(
        pyoxigraph.Quad(a, pyoxigraph.NamedNode(f"{ex}label"), pyoxigraph.Literal("hidden"), other)
    )
    described = Vocabulary(store, [], [one, two]).describe(a)
    assert len(described) == 4
    assert sorted(map(str, canonical_triples(described))) == sorted(
        map(str, canonical_triples(t for t in triples if str(t.subject) != f"<{ex}b>"))
    )
    turtle = serialize_triples(canonical_triples(described), DUMP_FORMATS[0], {"ex": ex}).decode()
    assert "ex:r 1" in turtle and "hidden" not in turtle


@pytest.mark.parametrize("source", ["blank nodes", "ours", "LOS"])
def test_descriptions_cut_from_the_whole_are_those_made_alone(source: str, tmp_path: Path) -> None:
    """The site's RDF files take each resource's triples from the dumps' canonical order."""
    if source == "blank nodes":
        path = tmp_path / "blank.ttl"
        path.write_text(BLANK_NODE_VOCABULARY, encoding="utf-8")
        files = [path]
    elif source == "ours":
        files = sorted((ROOT / "vocab").glob("*.ttl"))
    else:
        files = [LOS]
    vocabulary = read_vocabulary(Project.from_root(ROOT, tmp_path / "out"), files)
    descriptions = Descriptions(vocabulary, *canonical_order(vocabulary.triples()))
    subjects = {triple.subject for triple in vocabulary.triples()}
    named = [node for node in subjects if isinstance(node, pyoxigraph.NamedNode)]
    assert len(named) > 2
    for node in [*named, pyoxigraph.NamedNode("http://example.org/nothing-said")]:
        alone = canonical_triples(vocabulary.describe(node))
        assert descriptions.of(node) == alone, node
    if source == "blank nodes":  # the case that is made alone: ex:b's note is a blank node
        b = pyoxigraph.NamedNode("http://example.org/vocab/b")
        assert any(isinstance(t.object, pyoxigraph.BlankNode) for t in descriptions.of(b))


@pytest.mark.parametrize("added", ["named nodes only", "a blank node"])
def test_triples_added_to_ordered_ones_are_ordered_as_all_together(added: str) -> None:
    """The concept file is the dumps' ordered triples with a collection's merged in."""
    ex = "http://example.org/vocab/"
    triples = _parse(BLANK_NODE_VOCABULARY)
    more = _parse(
        f"<{ex}all> a <{ex}Collection> ; <{ex}member> <{ex}a>, <{ex}b>, <{ex}c> .\n"
        f"<{ex}a> a <http://www.w3.org/2004/02/skos/core#Concept> .\n"  # said already
        + (f"<{ex}all> <{ex}note> [ <{ex}value> 1 ] ." if added == "a blank node" else "")
    )
    ordered, keys = canonical_order(reversed(triples))
    together = canonical_triples([*triples, *more])
    assert extended_order(ordered, keys, more) == together
    assert len(together) == len(triples) + len(more) - 1


def test_an_empty_graph_gives_valid_empty_dumps() -> None:
    for dump in DUMP_FORMATS:
        data = serialize_triples([], dump, {"skos": str(SKOS)})
        assert _parse(data, OXIGRAPH_FORMATS[dump.suffix]) == [], dump.label
        assert len(Graph().parse(data=data, format=SUFFIXES[dump.suffix])) == 0, dump.label


@pytest.mark.slow
def test_apache_jena_reads_the_blank_node_dumps(
    blank_dumps: dict[str, bytes], riot_class_path: str, tmp_path: Path
) -> None:
    for suffix, data in blank_dumps.items():
        path = tmp_path / f"blank{suffix}"
        path.write_bytes(data)
        syntax = ["--syntax=jsonld10"] if suffix == ".jsonld" else []
        result = _riot(riot_class_path, *syntax, "--validate", str(path))
        output = result.stdout + result.stderr
        assert result.returncode == 0 and "ERROR" not in output and "WARN" not in output, (
            f"{suffix}: {output}"
        )
        counted = _riot(riot_class_path, *syntax, "--count", str(path))
        assert "Triples = 47" in counted.stdout + counted.stderr, suffix


def test_many_interchangeable_blank_nodes_are_named_quickly() -> None:
    """Thousands of identical siblings: each component is labelled on its own, in time."""
    ex = "http://example.org/"
    text = "\n".join(
        f"<{ex}c{i}> <{ex}note> [ <{ex}v> 1 ], [ <{ex}v> 1 ] ;"
        f' <{ex}label> [ <{ex}form> "c{i}" ; <{ex}source> [ <{ex}page> 1 ] ] .'
        for i in range(3000)
    )
    start = time.perf_counter()
    canonical = canonical_triples(_parse(text))
    assert time.perf_counter() - start < 30  # labelling the whole graph at once took minutes
    assert len(canonical) == 24000
    assert canonical_triples(reversed(_parse(text))) == canonical
