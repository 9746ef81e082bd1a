"""Issue 7: every class of bad input gets a clear message and its exit code, or a correct build.

For every case: the documented exit code, no traceback, nothing written outside the output
folder, the previous build untouched when the build fails, and, when it succeeds, no text of
the input turned into live markup. README.md's "Bad input" table is the same list.
"""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from rdflib import Graph, Literal

from conftest import DATA, run_cli, tree

INPUT = DATA / "hostile-input"
VALID = """@prefix : <https://example.org/previous/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
:s a skos:ConceptScheme ; skos:prefLabel "Previous"@en ; skos:hasTopConcept :a .
:a a skos:Concept ; skos:inScheme :s ; skos:topConceptOf :s ; skos:prefLabel "A"@en .
"""
HEAD = """@prefix : <https://example.org/big/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
:s a skos:ConceptScheme ; skos:prefLabel "Big"@en ; skos:hasTopConcept :c0 .
:c0 a skos:Concept ; skos:inScheme :s ; skos:topConceptOf :s ; skos:prefLabel "c0"@en .
"""

# (input class, file, exit code, a fragment the error must hold)
FAILING = [
    ("syntax error", "syntax-error.ttl", 3, ":4:1:"),
    ("not RDF", "not-rdf.ttl", 3, ":1:1:"),
    ("truncated JSON-LD", "truncated.jsonld", 3, ":1:"),
    ("not UTF-8", "latin-1.ttl", 3, "not UTF-8"),
    ("ill-formed language tag", "invalid-language-tag.ttl", 3, ":30:72: A subtag may be eight"),
    ("empty file", "empty.ttl", 3, "the vocabulary is empty"),
    ("comments only", "no-statements.ttl", 3, "the vocabulary is empty"),
    ("control characters", "control-characters.ttl", 1, "U+0007"),
    ("hierarchy cycle", "cycle.ttl", 1, "hierarchy-cycle"),
    ("hierarchy too deep", "deep-101-levels.ttl", 1, "101 levels deep"),
]
BUILDING = [
    ("markup in texts", "markup.ttl"),
    ("odd URIs", "odd-uris.ttl"),
    ("hostile URIs and texts", "../hostile/vocab/hostile.ttl"),
    ("blank-node concepts", "blank-node-concepts.ttl"),
    ("ill-typed literals", "ill-typed.ttl"),
]


@pytest.fixture(scope="module")
def previous_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A good build, copied into every case's output folder before the bad input comes."""
    folder = tmp_path_factory.mktemp("previous")
    (folder / "ok.ttl").write_text(VALID, encoding="utf-8")
    result = run_cli(
        "build", "--root", folder, "--profile", "skos", "--out", folder / "site", folder / "ok.ttl"
    )
    assert result.returncode == 0, result.stderr
    return folder / "site"


def _run(tmp_path: Path, previous: Path, source: Path) -> tuple[object, dict[str, bytes]]:
    """Build *source* over a copy of the previous build; return the result and the snapshot."""
    work = tmp_path / "work"
    shutil.copytree(previous, work / "out" / "site")
    before = tree(tmp_path)
    result = run_cli(
        "build",
        "--root",
        work,
        "--profile",
        "skos",
        "--out",
        work / "out" / "site",
        source,
        cwd=work,
    )
    return result, before


def _assert_failed_cleanly(tmp_path: Path, result, before, code: int, fragment: str) -> None:
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    assert fragment in result.stderr
    assert result.stderr.rstrip().splitlines()[-1].startswith("Error: ")
    assert tree(tmp_path) == before  # the previous build, and everything around it, as it was


def _assert_built_inside(tmp_path: Path, result, before: dict[str, bytes]) -> Path:
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    site = tmp_path / "work" / "out" / "site"
    after = tree(tmp_path)
    outside = {k: v for k, v in after.items() if not k.startswith("work/out/site/")}
    assert outside == {k: v for k, v in before.items() if not k.startswith("work/out/site/")}
    assert sorted(p.name for p in (tmp_path / "work" / "out").iterdir()) == ["site"]
    root = site.resolve()
    for path in site.rglob("*"):
        assert not path.is_symlink() and root in path.resolve().parents
    return site


@pytest.mark.parametrize(("kind", "name", "code", "fragment"), FAILING, ids=[c[0] for c in FAILING])
def test_bad_input_fails_cleanly(
    tmp_path: Path, previous_build: Path, kind: str, name: str, code: int, fragment: str
) -> None:
    result, before = _run(tmp_path, previous_build, INPUT / name)
    _assert_failed_cleanly(tmp_path, result, before, code, fragment)


@pytest.mark.parametrize(("kind", "name"), BUILDING, ids=[c[0] for c in BUILDING])
def test_odd_input_builds_and_stays_text(
    tmp_path: Path, previous_build: Path, kind: str, name: str
) -> None:
    source = INPUT / name
    result, before = _run(tmp_path, previous_build, source)
    site = _assert_built_inside(tmp_path, result, before)
    payloads = _payloads(source)
    for page in sorted(site.rglob("*.html")):
        _assert_inert(page, payloads)


def test_the_same_uri_in_other_case_or_accents_never_shares_a_page(
    tmp_path: Path, previous_build: Path
) -> None:
    result, before = _run(tmp_path, previous_build, INPUT / "odd-uris.ttl")
    site = _assert_built_inside(tmp_path, result, before)
    owners: dict[str, Path] = {}
    for page in site.rglob("index.html"):
        text = page.read_text(encoding="utf-8")
        start = text.find('<script type="application/ld+json">')
        if start < 0 or page.parent == site:
            continue
        body = text[
            start + len('<script type="application/ld+json">') : text.index("</script>", start)
        ]
        identifier = json.loads(body)["@id"]
        assert identifier not in owners, (page, owners.get(identifier))
        owners[identifier] = page
    graph = Graph().parse(INPUT / "odd-uris.ttl")
    subjects = {str(s) for s in graph.subjects() if "odd" in str(s) or ":" in str(s)}
    assert subjects <= set(owners), subjects - set(owners)
    folders = [str(p.parent.relative_to(site)).casefold() for p in owners.values()]
    assert len(folders) == len(set(folders))  # also distinct on a case-insensitive disk


def test_a_5000_level_hierarchy_is_refused_without_recursion(
    tmp_path: Path, previous_build: Path
) -> None:
    source = tmp_path / "deep.ttl"
    concept = (
        ':c{} a skos:Concept ; skos:inScheme :s ; skos:broader :c{} ; skos:prefLabel "x"@en .\n'
    )
    lines = [HEAD] + [concept.format(i, i - 1) for i in range(1, 5000)]
    source.write_text("".join(lines), encoding="utf-8")
    result, before = _run(tmp_path, previous_build, source)
    _assert_failed_cleanly(tmp_path, result, before, 1, "5000 levels deep")
    result = run_cli("validate", "--profile", "skos", source)
    assert result.returncode == 1 and "Traceback" not in result.stderr


def test_a_5_mb_literal_builds(tmp_path: Path, previous_build: Path) -> None:
    payload = "<b>PAYLOAD-BIG</b> " * 280_000  # about 5 MB
    source = tmp_path / "big.ttl"
    source.write_text(HEAD + f':c0 skos:definition "{payload}"@en .\n', encoding="utf-8")
    result, before = _run(tmp_path, previous_build, source)
    site = _assert_built_inside(tmp_path, result, before)
    page = site / "c0" / "index.html"  # an English vocabulary: its pages are English
    assert page.stat().st_size > 5_000_000
    _assert_inert(page, ["<b>PAYLOAD-BIG</b>"])


def test_a_collection_of_20000_members_builds(tmp_path: Path, previous_build: Path) -> None:
    members = ", ".join(f"<https://other.example/m{i}>" for i in range(20_000))
    source = tmp_path / "wide.ttl"
    source.write_text(
        HEAD + f':col a skos:Collection ; skos:prefLabel "col"@en ; skos:member :c0, {members} .\n',
        encoding="utf-8",
    )
    result, before = _run(tmp_path, previous_build, source)
    site = _assert_built_inside(tmp_path, result, before)
    text = (site / "col" / "index.html").read_text(encoding="utf-8")
    assert text.count('href="https://other.example/m') == 20_000


# -- is the payload inert? -----------------------------------------------------------------


def _payloads(source: Path) -> list[str]:
    """Return every text of the input that would be markup if it were not escaped."""
    graph = Graph().parse(source)
    return sorted({str(o) for o in graph.objects() if isinstance(o, Literal) and "<" in str(o)})


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))


def _assert_inert(page: Path, payloads: list[str]) -> None:
    html = page.read_text(encoding="utf-8")
    parser = _Tags()
    parser.feed(html)
    parser.close()
    for tag, attrs in parser.tags:
        if tag == "base":
            # The 404 page's own: its path on the server, nothing the data wrote.
            assert page.parent.name == "404" and page.parent.parent.name == "_site", page
            assert attrs.get("href", "").endswith(f"/_site/404/{page.name}"), (page, attrs)
            continue
        assert tag not in ("img", "iframe", "object", "embed", "style", "textarea"), page
        assert not any(name.startswith("on") for name in attrs), (page, tag, attrs)
        for name in ("href", "src", "action", "srcdoc"):
            assert not attrs.get(name, "").strip().lower().startswith("javascript:"), page
        if tag == "script":
            assert attrs.get("type") == "application/ld+json" or attrs.get("src", "").endswith(
                "/search.js"
            ), page
    # A payload may be shown, but only as text: escaped, never as it was written.
    for payload in payloads:
        assert payload not in html, (page, payload)


def test_a_hierarchy_at_the_limit_builds(tmp_path: Path, previous_build: Path) -> None:
    concept = (
        ':c{} a skos:Concept ; skos:inScheme :s ; skos:broader :c{} ; skos:prefLabel "x"@en .\n'
    )
    source = tmp_path / "deep.ttl"
    source.write_text(HEAD + "".join(concept.format(i, i - 1) for i in range(1, 100)))
    result, before = _run(tmp_path, previous_build, source)
    site = _assert_built_inside(tmp_path, result, before)
    hierarchy = (site / "_site" / "hierarchy" / "index.html").read_text(encoding="utf-8")
    assert hierarchy.count('<ul class="tree">') == 100


def test_strict_fails_on_a_warning_says_why_and_leaves_the_previous_build(
    tmp_path: Path, previous_build: Path
) -> None:
    """An ill-typed literal is a warning: it builds, but not with --strict, and the report's
    last line says so, where without --strict it says the vocabulary conforms."""
    source = INPUT / "ill-typed.ttl"
    plain = run_cli("validate", "--profile", "skos", source)
    assert plain.returncode == 0, plain.stderr
    assert "ill-typed-literal" in plain.stdout
    assert re.match(r"conforms \(0 violations, [1-9]\d* warnings?,", plain.stdout.splitlines()[-1])
    strict = run_cli("validate", "--profile", "skos", "--strict", source)
    assert strict.returncode == 1, strict.stderr
    assert "ill-typed-literal" in strict.stdout
    last = strict.stdout.splitlines()[-1]
    assert re.match(r"fails --strict: conforms, but has warnings \(0 violations, [1-9]", last)

    work = tmp_path / "work"
    shutil.copytree(previous_build, work / "out" / "site")
    before = tree(tmp_path)
    site = work / "out" / "site"
    result = run_cli(
        "build", "--root", work, "--profile", "skos", "--strict", "--out", site, source
    )
    assert "fails --strict: conforms, but has warnings" in result.stderr
    _assert_failed_cleanly(tmp_path, result, before, 1, "nothing was written")
