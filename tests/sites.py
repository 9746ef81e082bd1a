"""The sites the tests share, each built once per session, and how a test reads their pages.

conftest.py loads this module as a plugin: its fixtures (``site``, ``hostile``, ``los_site``,
``english_site``, ``bilingual_site``, ``released``) serve test_site.py, test_browser.py and any
other test module, each site built once, by the command line, whichever test asks first.
"""

from __future__ import annotations

import json
import posixpath
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, SKOS

from conftest import DATA, LOS, ROOT, run_cli
from linked_data import BASE

PAGE_NAMES = {"nb": "index.html", "nn": "index.nn.html", "en": "index.en.html"}

# The second release (test_release.py): what it changes in the real vocabulary.
VOCAB = "fagkunnskap-og-ferdigheter.ttl"
RETIRED = URIRef(BASE + "oekonomiregelverket")
SUCCESSOR = URIRef(BASE + "utredningsinstruksen")
RELABELLED = URIRef(BASE + "deling-av-data")
RELATED = (URIRef(BASE + "kun-en-gang"), URIRef(BASE + "universell-utforming"))
EUVOC = Namespace("http://publications.europa.eu/ontology/euvoc#")
RETIRED_STATUS = URIRef("http://publications.europa.eu/resource/authority/concept-status/RETIRED")


# -- the sites -----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real vocabulary, built by the command line into a copy of the project."""
    project = tmp_path_factory.mktemp("project")
    shutil.copytree(ROOT / "vocab", project / "vocab")
    shutil.copy(ROOT / "pyproject.toml", project / "pyproject.toml")
    result = run_cli("build", "--root", project, "--profile", "skos", "--out", project / "site")
    assert result.returncode == 0, result.stderr
    return project / "site"


@pytest.fixture(scope="session")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hostile vocabulary, built into out/site inside a project of its own."""
    project = tmp_path_factory.mktemp("hostile")
    shutil.copytree(DATA / "hostile" / "vocab", project / "vocab")
    shutil.copy(DATA / "hostile" / "pyproject.toml", project / "pyproject.toml")
    result = run_cli(
        "build", "--root", project, "--profile", "skos", "--out", project / "out" / "site"
    )
    assert result.returncode == 0, result.stderr
    return project / "out" / "site"


@pytest.fixture(scope="session")
def los_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """LOS (526 concepts, four schemes, one collection), built by the command line."""
    out = tmp_path_factory.mktemp("los") / "site"
    # LOS itself breaks SKOS S13 fifteen times (a prefLabel repeated as a hiddenLabel); that is
    # LOS's to fix, so the check is left out, as README.md shows.
    result = run_cli("build", "--profile", "skos", "--ignore", "S13", "--out", out, LOS)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="session")
def english_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The English-only vocabulary of tests/data/english, built by the command line."""
    return build_data_project("english", tmp_path_factory.mktemp("english"))


@pytest.fixture(scope="session")
def bilingual_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The English and German vocabulary of tests/data/bilingual, built by the command line;
    its project (pyproject.toml, vocab/) is the site's parent folder."""
    return build_data_project("bilingual", tmp_path_factory.mktemp("bilingual"))


def build_data_project(name: str, folder: Path) -> Path:
    """Copy the project tests/data/*name* into *folder*, build it into site/ there with the
    skos profile, and return the site."""
    shutil.copytree(DATA / name, folder, dirs_exist_ok=True)
    result = run_cli("build", "--root", folder, "--profile", "skos", "--out", folder / "site")
    assert result.returncode == 0, result.stderr
    return folder / "site"


@pytest.fixture(scope="session")
def released(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site of a second release (a concept deprecated, labels edited, a relation added),
    built with the first as --previous, so that it has a page of changes."""
    project = tmp_path_factory.mktemp("release")
    shutil.copytree(ROOT / "vocab", project / "vocab")
    shutil.copy(ROOT / "pyproject.toml", project / "pyproject.toml")
    previous = first_release(project)
    rewrite(project, deprecate_and_edit)
    out = project / "v2"
    result = run_cli("build", "--root", project, "--out", out, "--previous", previous)
    assert result.returncode == 0, result.stderr
    return out


def first_release(project: Path) -> Path:
    """Build *project* into v1 and return its Turtle dump, for --previous."""
    result = run_cli("build", "--root", project, "--out", project / "v1")
    assert result.returncode == 0, result.stderr
    return project / "v1" / "all.ttl"


def rewrite(project: Path, change: Callable[[Graph], None]) -> None:
    """Apply *change* to the project's vocabulary file."""
    path = project / "vocab" / VOCAB
    graph = Graph().parse(path)
    change(graph)
    graph.serialize(path, format="turtle")


def deprecate_and_edit(graph: Graph) -> None:
    """Make the second release's changes: deprecate one concept, edit labels, relate two."""
    graph.add((RETIRED, OWL.deprecated, Literal(True)))
    graph.add((RETIRED, DCTERMS.isReplacedBy, SUCCESSOR))
    graph.set((RETIRED, EUVOC.status, RETIRED_STATUS))
    graph.remove((RELABELLED, SKOS.prefLabel, Literal("Data sharing", lang="en")))
    graph.add((RELABELLED, SKOS.prefLabel, Literal("Sharing data", lang="en")))
    graph.add((RELABELLED, SKOS.altLabel, Literal("Datadeling", lang="nb")))
    graph.add((RELATED[0], SKOS.related, RELATED[1]))
    graph.add((RELATED[1], SKOS.related, RELATED[0]))


# -- reading pages -------------------------------------------------------------------------


@dataclass
class Page:
    """What the tests need to know of one HTML file."""

    path: Path
    lang: str = ""
    links: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    scripts: list[tuple[dict[str, str], str]] = field(default_factory=list)
    tags: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    h1: str = ""

    def jsonld(self) -> dict[str, object]:
        [text] = [
            body for attrs, body in self.scripts if attrs.get("type") == "application/ld+json"
        ]
        data = json.loads(text)
        assert isinstance(data, dict)
        return data

    def link(self, **wanted: str) -> list[str]:
        return [
            value
            for tag, value, attrs in self.links
            if all(attrs.get(k.replace("_", "-")) == v for k, v in wanted.items())
        ]


class _Reader(HTMLParser):
    def __init__(self, page: Page) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.script: dict[str, str] | None = None
        self.in_h1 = False
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        self.page.tags.append((tag, values))
        if tag == "html":
            self.page.lang = values.get("lang", "")
        if "id" in values:
            self.page.ids.add(values["id"])
        for name in ("href", "src", "action"):
            if name in values:
                self.page.links.append((tag, values[name], values))
        if tag == "script":
            self.script = values
            self.text = []
        if tag == "h1":
            self.in_h1 = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self.script is not None:
            self.page.scripts.append((self.script, "".join(self.text)))
            self.script = None
        if tag == "h1":
            self.in_h1 = False

    def handle_data(self, data: str) -> None:
        if self.script is not None:
            self.text.append(data)
        if self.in_h1:
            self.page.h1 += data


def read_page(path: Path) -> Page:
    """Read one HTML file of a site."""
    page = Page(path)
    reader = _Reader(page)
    reader.feed(path.read_text(encoding="utf-8"))
    reader.close()
    page.h1 = " ".join(page.h1.split())
    return page


def pages(folder: Path) -> Iterator[Page]:
    """Read every HTML file under *folder*."""
    for path in sorted(folder.rglob("*.html")):
        yield read_page(path)


def check_links(folder: Path) -> list[str]:
    """Return every broken, absolute or folder-only link and missing #anchor in the site."""
    files = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    parsed = {page.path.relative_to(folder).as_posix(): page for page in pages(folder)}
    problems = []
    for source, page in sorted(parsed.items()):
        for tag, value, _ in page.links:
            where = f"{source}: <{tag}> {value!r}"
            if tag == "base":
                # Only the 404 page has one, naming its own path on the server (it is shown
                # at any address): its links then resolve as they do from its file.
                if not (value.startswith("/") and value.endswith("/" + source)):
                    problems.append(f"{where}: not the page's own path")
                continue
            parts = urlsplit(value)
            if parts.scheme in ("http", "https") and parts.netloc:
                continue  # a link to the web: the URI itself, a source, a licence
            if parts.scheme or parts.netloc or value.startswith("/"):
                problems.append(f"{where}: not a relative link")
                continue
            target = source
            if parts.path:
                target = posixpath.normpath(
                    posixpath.join(posixpath.dirname(source), unquote(parts.path))
                )
            if target == ".." or target.startswith("../"):
                problems.append(f"{where}: leaves the site")
            elif target not in files:
                problems.append(f"{where}: no such file")
            elif parts.fragment:
                anchors = parsed[target].ids if target in parsed else set()
                if unquote(parts.fragment) not in anchors:
                    problems.append(f"{where}: no such anchor")
    return problems
