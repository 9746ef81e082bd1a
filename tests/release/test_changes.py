"""Issue 7: a release never breaks a URI, and says exactly what changed."""

from __future__ import annotations

import json
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, SKOS

from conftest import run_cli, tree
from kompetanse_skos.release.changes import (
    changes_graph,
    changes_text,
    compare_graphs,
    read_release,
)
from kompetanse_skos.vocabulary.load import Vocabulary
from sites import (
    RELABELLED,
    RELATED,
    RETIRED,
    SUCCESSOR,
    VOCAB,
    check_links,
    deprecate_and_edit,
    first_release,
    read_page,
    rewrite,
)

MAIN = URIRef("https://psi.norge.no/kompetansemodell/fagkunnskap-og-ferdigheter")


def _remove(graph: Graph) -> None:
    graph.remove((RETIRED, None, None))
    graph.remove((None, None, RETIRED))


def test_issue_7_a_removed_concept_fails_the_release_and_is_named(project: Path) -> None:
    previous = first_release(project)
    out = project / "build"
    assert run_cli("build", "--root", project, "--out", out).returncode == 0
    before = tree(out)
    rewrite(project, _remove)
    result = run_cli("build", "--root", project, "--out", out, "--previous", previous)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert str(RETIRED) in result.stderr
    assert "owl:deprecated" in result.stderr and "dct:isReplacedBy" in result.stderr
    assert tree(out) == before


def test_a_release_that_removes_and_breaks_a_shape_reports_the_shape(project: Path) -> None:
    """As when validation ran first: the violations come first, not the removed URI."""
    previous = first_release(project)

    def remove_and_break(graph: Graph) -> None:
        _remove(graph)
        concept = next(iter(graph.subjects(SKOS.prefLabel, None)))
        graph.add((concept, SKOS.prefLabel, Literal("En andre etikett", lang="nb")))
        graph.add((concept, SKOS.prefLabel, Literal("En tredje etikett", lang="nb")))

    rewrite(project, remove_and_break)
    result = run_cli("build", "--root", project, "--out", project / "v2", "--previous", previous)
    assert result.returncode == 1, result.stderr
    assert "S14" in result.stderr
    assert "nothing was written" in result.stderr
    assert not (project / "v2").exists()


def test_issue_7_a_deprecated_concept_passes_and_the_changelog_is_exact(project: Path) -> None:
    previous = first_release(project)
    rewrite(project, deprecate_and_edit)
    out = project / "v2"
    result = run_cli("build", "--root", project, "--out", out, "--previous", previous)
    assert result.returncode == 0, result.stderr

    page = (out / "oekonomiregelverket" / "index.en.html").read_text(encoding="utf-8")
    assert 'class="notice notice-deprecated"' in page
    assert 'href="../utredningsinstruksen/index.en.html"' in page

    data = json.loads((out / "changes.json").read_text(encoding="utf-8"))
    got = {
        (c["kind"], c["uri"], c["language"], tuple(c["before"]), tuple(c["after"]))
        for c in data["changes"]
    }
    assert got == {
        ("deprecated", str(RETIRED), "", (), (str(SUCCESSOR),)),
        ("pref_label", str(RELABELLED), "en", ("Data sharing",), ("Sharing data",)),
        ("alt_label_added", str(RELABELLED), "nb", (), ("Datadeling",)),
        ("related", str(RELATED[0]), "", (), (str(RELATED[1]),)),
        ("related", str(RELATED[1]), "", (), (str(RELATED[0]),)),
    }
    # The same changelog as a page in every language, linked from the home page.
    for name in ("index.html", "index.nn.html", "index.en.html"):
        home = read_page(out / name)
        assert any("_site/changes/" in href for _, href, _ in home.links), name
        changes = out / "_site" / "changes" / name
        assert str(RETIRED).rsplit("/", 1)[-1] in changes.read_text(encoding="utf-8")
    assert check_links(out) == []
    # changes.ttl reads as RDF and says the concept is now deprecated.
    assert (RETIRED, OWL.deprecated, Literal(True)) in Graph().parse(out / "changes.ttl")
    # Deprecated: out of the hierarchy and the search, but its page stays.
    hierarchy = (out / "_site" / "hierarchy" / "index.html").read_text(encoding="utf-8")
    assert "oekonomiregelverket/" not in hierarchy
    search = (out / "_site" / "search-index.js").read_text(encoding="ascii")
    assert '"oekonomiregelverket"' not in search
    # ... unless asked for.
    shown = project / "v2-all"
    result = run_cli(
        "build", "--root", project, "--out", shown, "--previous", previous, "--include-deprecated"
    )
    assert result.returncode == 0, result.stderr
    hierarchy = (shown / "_site" / "hierarchy" / "index.html").read_text(encoding="utf-8")
    assert "oekonomiregelverket/" in hierarchy

    # diff prints the same changelog for the two dumps.
    result = run_cli("diff", previous, out / "all.ttl", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == data
    text = run_cli("diff", previous, out / "all.ttl")
    assert "deprecated (1):" in text.stdout and str(RETIRED) in text.stdout


def _version(project: Path) -> str:
    scheme = Graph().parse(project / "vocab" / VOCAB).value(MAIN, OWL.versionInfo)
    assert scheme is not None
    return str(scheme)


def test_a_changed_release_with_the_same_version_is_warned_about(project: Path) -> None:
    previous = first_release(project)
    version = _version(project)
    rewrite(project, deprecate_and_edit)
    out = project / "v2"
    result = run_cli("build", "--root", project, "--out", out, "--previous", previous)
    assert result.returncode == 0, result.stderr
    assert "version-unchanged" in result.stderr
    assert "5 changes since the previous release" in result.stderr
    assert f"version is still {version}" in result.stderr and "owl:versionInfo" in result.stderr
    assert (out / "all.ttl").is_file()
    # --strict refuses a build with warnings, this one among them, and writes nothing
    strict = project / "v2-strict"
    result = run_cli(
        "build", "--root", project, "--out", strict, "--previous", previous, "--strict"
    )
    assert result.returncode == 1, result.stderr
    assert "version-unchanged" in result.stderr and not strict.exists()


def test_a_raised_version_or_an_unchanged_release_is_not_warned_about(project: Path) -> None:
    previous = first_release(project)
    # the same content, the same version: nothing to raise
    result = run_cli("build", "--root", project, "--out", project / "same", "--previous", previous)
    assert result.returncode == 0, result.stderr
    assert "version-unchanged" not in result.stderr

    def edit_and_raise(graph: Graph) -> None:
        deprecate_and_edit(graph)
        graph.set((MAIN, OWL.versionInfo, Literal("99.0.0")))

    rewrite(project, edit_and_raise)
    result = run_cli("build", "--root", project, "--out", project / "v2", "--previous", previous)
    assert result.returncode == 0, result.stderr
    assert "version-unchanged" not in result.stderr


def test_diff_of_a_version_with_itself_is_empty(project: Path) -> None:
    previous = first_release(project)
    changelog = compare_graphs(read_release(previous), read_release(previous))
    assert changelog.changes == ()
    assert changelog.old_version == changelog.new_version == _version(project)


def test_an_unreachable_previous_release_is_a_clear_error(project: Path) -> None:
    result = run_cli("build", "--root", project, "--previous", "http://127.0.0.1:9/all.ttl", "-q")
    assert result.returncode == 3, result.stderr
    assert "Traceback" not in result.stderr
    assert "cannot fetch the previous release" in result.stderr
    assert not (project / "build").exists()


OLD = """@prefix : <https://example.org/v/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
:s a skos:ConceptScheme ; owl:versionInfo "1" ; skos:hasTopConcept :a , :b .
:old-scheme a skos:ConceptScheme .
:col a skos:Collection ; skos:member :a .
:a a skos:Concept ; skos:inScheme :s ; skos:prefLabel "A"@en , "A"@nb ;
    skos:altLabel "Alpha"@en ; skos:definition "First."@en ;
    skos:exactMatch <https://other.example/a> .
:b a skos:Concept ; skos:inScheme :s ; skos:prefLabel "B"@en .
:c a skos:Concept ; skos:inScheme :s ; skos:broader :a ; skos:prefLabel "C"@en .
"""
NEW = """@prefix : <https://example.org/v/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
:s a skos:ConceptScheme ; owl:versionInfo "2" ; skos:hasTopConcept :a , :b .
:a a skos:Concept ; skos:inScheme :s ; skos:prefLabel "A"@en , "A"@nb ;
    skos:altLabel "Alfa"@en ; skos:definition "The first."@en ;
    skos:closeMatch <https://other.example/a> ; skos:related :b .
:b a skos:Concept ; skos:inScheme :s ; skos:prefLabel "B"@en ; skos:related :a .
:c a skos:Concept ; skos:inScheme :s ; skos:broader :b ; skos:prefLabel "C"@en .
:d a skos:Concept ; skos:inScheme :s ; skos:broader :b ; skos:prefLabel "D"@en .
"""


def test_every_kind_of_change_is_found() -> None:
    changelog = compare_graphs(
        Vocabulary.from_graph(Graph().parse(data=OLD)),
        Vocabulary.from_graph(Graph().parse(data=NEW)),
    )
    v = "https://example.org/v/"
    other = "https://other.example/a"
    assert (changelog.old_version, changelog.new_version) == ("1", "2")
    got = {(c.kind, c.uri, c.resource, c.language, c.before, c.after) for c in changelog.changes}
    assert got == {
        ("added", v + "d", "concept", "", (), ()),
        ("removed", v + "old-scheme", "scheme", "", (), ()),
        ("removed", v + "col", "collection", "", (), ()),
        ("alt_label_added", v + "a", "concept", "en", (), ("Alfa",)),
        ("alt_label_removed", v + "a", "concept", "en", ("Alpha",), ()),
        ("definition", v + "a", "concept", "en", ("First.",), ("The first.",)),
        ("moved", v + "c", "concept", "", (v + "a",), (v + "b",)),
        ("related", v + "a", "concept", "", (), (v + "b",)),
        ("related", v + "b", "concept", "", (), (v + "a",)),
        ("mapping", v + "a", "concept", "closeMatch", (), (other,)),
        ("mapping", v + "a", "concept", "exactMatch", (other,), ()),
    }
    assert [c.uri for c in changelog.removed] == [v + "col", v + "old-scheme"]
    text = changes_text(changelog)
    assert "removed (2):" in text and "moved (1):" in text
    assert len(changes_graph(changelog)) > 4 * len(changelog.changes)
