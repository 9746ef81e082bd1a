"""The static site: a page per resource per language, relative links, safe JSON-LD, inert text.

The sites themselves are session fixtures, in sites.py.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from xml.etree import ElementTree

import pyoxigraph
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from conftest import DATA, LOS, ROOT, run_cli
from kompetanse_skos.project import Project
from kompetanse_skos.site.i18n import NORWEGIAN_ORDER
from kompetanse_skos.site.render import SEARCH_INDEX
from kompetanse_skos.site.search import (
    MAX_SHOWN,
    fold,
    symbol_shard,
    word_path,
    words,
)
from kompetanse_skos.vocabulary.model import Concept, model_of
from kompetanse_skos.vocabulary.read import read_vocabulary
from large_vocabulary import FALLBACKS, LARGE_VOCABULARY, large_search_index
from linked_data import BASE
from sites import PAGE_NAMES, check_links, pages, read_page

LANGUAGES = ("nb", "nn", "en")
HOSTILE_BASE = "https://example.org/hostile/"
LOS_BASE = "https://psi.norge.no/los/"
SCHEMA = "https://schema.org/"
RDF_FORMATS = {
    ".ttl": pyoxigraph.RdfFormat.TURTLE,
    ".nt": pyoxigraph.RdfFormat.N_TRIPLES,
    ".rdf": pyoxigraph.RdfFormat.RDF_XML,
    ".jsonld": pyoxigraph.RdfFormat.JSON_LD,
}


def language_of(path: Path) -> str:
    return {name: language for language, name in PAGE_NAMES.items()}[path.name]


def jsonld_graph(data: object) -> Graph:
    """Parse JSON-LD with Oxigraph (a second implementation) into an rdflib graph."""
    graph = Graph()
    for triple in pyoxigraph.parse(json.dumps(data).encode(), format=pyoxigraph.RdfFormat.JSON_LD):
        graph.add(tuple(_term(term) for term in (triple.subject, triple.predicate, triple.object)))
    return graph


def _term(term: object) -> URIRef | Literal:
    if isinstance(term, pyoxigraph.Literal):
        return Literal(term.value, lang=term.language)
    assert isinstance(term, pyoxigraph.NamedNode), term
    return URIRef(term.value)


def page_of(folder: Path, uri: str, base: str, language: str = "nb") -> Path:
    return folder / unquote(uri[len(base) :]) / PAGE_NAMES[language]


# -- the real vocabulary -------------------------------------------------------------------


def _concepts(model_root: Path = ROOT, files: list[Path] | None = None) -> dict[str, object]:
    project = Project.from_root(model_root)
    return dict(model_of(read_vocabulary(project, files or [])).concepts)


def test_every_concept_has_a_page_in_every_language(site: Path) -> None:
    concepts = _concepts()
    assert len(concepts) > 20
    for uri in concepts:
        for language in LANGUAGES:
            page = read_page(page_of(site, uri, BASE, language))
            assert page.lang == language
            assert page.jsonld()["@id"] == uri


def test_every_page_marks_its_language_and_links_to_its_other_languages(site: Path) -> None:
    count = 0
    for page in pages(site):
        count += 1
        language = language_of(page.path)
        assert page.lang == language, page.path
        for other in LANGUAGES:
            [href] = page.link(rel="alternate", hreflang=other)
            assert href == PAGE_NAMES[other], page.path
            switch = [v for tag, v, a in page.links if tag == "a" and a.get("hreflang") == other]
            assert switch == [PAGE_NAMES[other]], page.path
        assert page.link(rel="alternate", hreflang="x-default") == ["index.html"]
    assert count >= 3 * 25


def test_every_link_is_relative_and_resolves(site: Path) -> None:
    assert check_links(site) == []


def test_pages_embed_json_ld_that_reads_as_skos_and_schema_org(site: Path) -> None:
    for uri in _concepts():
        page = read_page(page_of(site, uri, BASE, "en"))
        graph = jsonld_graph(page.jsonld())
        concept = URIRef(uri)
        assert (concept, RDF.type, SKOS.Concept) in graph
        assert (concept, RDF.type, URIRef(SCHEMA + "DefinedTerm")) in graph
        labels = {label.language for label in graph.objects(concept, SKOS.prefLabel)}
        assert labels == {"nb", "nn", "en"}
        sets = list(graph.objects(concept, URIRef(SCHEMA + "inDefinedTermSet")))
        assert sets and all((s, RDF.type, URIRef(SCHEMA + "DefinedTermSet")) in graph for s in sets)


def test_every_concept_has_its_rdf_in_four_formats_beside_its_page(site: Path) -> None:
    for uri in _concepts():
        page = read_page(page_of(site, uri, BASE))
        assert page.link(rel="canonical") == [uri]
        for suffix, syntax in RDF_FORMATS.items():
            [href] = [v for t, v, a in page.links if t == "link" and v.endswith(suffix)]
            file = (page.path.parent / href).resolve()
            assert file == (site / (uri[len(BASE) :] + suffix)).resolve()
            store = pyoxigraph.Store()
            store.load(path=str(file), format=syntax)
            assert pyoxigraph.NamedNode(uri) in {quad.subject for quad in store}


def test_the_wheel_is_drawn_from_the_data_in_order(site: Path) -> None:
    text = (site / "index.html").read_text(encoding="utf-8")
    svg = text[text.index("<svg") : text.index("</svg>") + len("</svg>")]
    root = ElementTree.fromstring(svg)
    ns = {"svg": "http://www.w3.org/2000/svg"}
    assert root.find("svg:title", ns) is not None and root.find("svg:desc", ns) is not None
    segments = root.findall("svg:a", ns)
    # Each segment's title is its key (the notation, shown in the segment) and its label.
    titles = []
    for segment in segments:
        title = segment.findtext("svg:title", namespaces=ns) or ""
        if "ring-" in segment.get("class", ""):
            key, title = title.split(" ", 1)
            shown = [t.text for t in segment.findall("svg:text", ns)]
            assert shown in ([key], []), (key, shown)
        titles.append(title)
    themes = [t for a, t in zip(segments, titles, strict=True) if "ring-1" in a.get("class", "")]
    assert themes == [
        "Transformasjonsledelse",
        "Styring og strategi",
        "Utvikling og innovasjon",
        "Brukermedvirkning og samarbeid (økosystem)",
        "Data og sikkerhet",
    ]
    assert titles.index("Økonomiregelverket") == titles.index("Styring og strategi") + 1
    for segment, title in zip(segments, titles, strict=True):
        target = read_page(site / unquote(segment.get("href", "")))
        assert target.h1.startswith(title or "?"), segment.get("href")
    # The text alternative lists the same concepts.
    assert "Hjulet som liste" in text and text.count('class="segment') == len(segments)


def test_a_draft_is_marked_and_says_why(site: Path) -> None:
    text = (site / "oekonomiregelverket" / "index.en.html").read_text(encoding="utf-8")
    assert 'class="notice notice-draft"' in text
    assert "derived from the text of the source page" in text
    assert 'class="badge badge-draft">Draft' in text


def test_the_index_is_in_norwegian_order(site: Path) -> None:
    page = (site / "_site" / "a-z" / "index.html").read_text(encoding="utf-8")
    page = page[page.index("<section") :]
    headings = re.findall(r'<h2 id="letter-[a-z]+">([^<]+)</h2>', page)
    assert headings == sorted(headings, key=NORWEGIAN_ORDER.key)
    assert headings[-1] == "Ø"
    entries = re.findall(
        r"<li><a href=\"[^\"]+\">(?:<span class=\"notation\">[^<]*</span> )?([^<]+)", page
    )
    assert entries == sorted(entries, key=NORWEGIAN_ORDER.key)
    assert "Økonomiregelverket" in entries


def test_the_search_index_holds_every_concept(site: Path) -> None:
    manifest, shards = read_search_index(site)
    assert manifest["split"] == []
    # A vocabulary this small is one file: the manifest, with its one shard in it.
    assert list(shards) == [""] and not (site / "_site" / "search").exists()
    items = shards[""]
    folders = {item[0] for item in items}
    for uri in _concepts():
        assert uri[len(BASE) :] in folders
    labels = {text for item in items for text in item[2][1::2]}
    assert "Økonomiregelverket" in labels
    assert "Regulations on Financial Management in Central Government" in labels


# The search index's files, as search.py writes them and the browser runs them.
SEARCH_MANIFEST = re.compile(r"window\.KOMPETANSE_SKOS_SEARCH=(\{.*\});\n", re.DOTALL)
SEARCH_SHARD = re.compile(
    r"\(window\.KOMPETANSE_SKOS_SEARCH_SHARDS=window\.KOMPETANSE_SKOS_SEARCH_SHARDS\|\|\{\}\)"
    r'\[("[^"\\]*")\]=(\[.*\]);\n',
    re.DOTALL,
)


def read_search_index(
    source: Path | Mapping[str, bytes], manifest_path: str = "_site/search-index.js"
) -> tuple[dict[str, Any], dict[str, list[list[Any]]]]:
    """Read a search index (a built site's folder, or search_index_files()' result) and return
    its manifest and every shard's records by name; fail unless each file is one statement
    that stores plain JSON data in the expected global, in ASCII."""
    if isinstance(source, Path):
        paths = [
            manifest_path,
            *(
                path.relative_to(source).as_posix()
                for path in (source / posixpath.dirname(manifest_path) / "search").glob("*")
            ),
        ]
        files = {path: (source / path).read_bytes() for path in paths}
    else:
        files = dict(source)
    texts = {path: data.decode("ascii") for path, data in files.items()}
    found = SEARCH_MANIFEST.fullmatch(texts.pop(manifest_path))
    assert found, "the manifest is not one assignment of JSON data"
    manifest = json.loads(found.group(1))
    shards = dict(manifest.get("inline", {}))
    folder = posixpath.join(posixpath.dirname(manifest_path), manifest["folder"])
    for path, text in texts.items():
        found = SEARCH_SHARD.fullmatch(text)
        assert found, f"{path} is not one assignment of JSON data"
        name = json.loads(found.group(1))
        assert path == f"{folder}{name}.js"
        shards[name] = json.loads(found.group(2))
    expected = set(manifest["shards"]) | {f"{p}.top" for p in manifest.get("top", {})}
    assert set(shards) == expected
    return manifest, shards


def shards_for_word(manifest: dict[str, Any], word: str) -> list[str]:
    """Return the shards the search script loads for a query word (shardsFor in search.js)."""
    path = word_path(word, manifest["depth"])
    for end in range(len(path) + 1):
        node = path[:end]
        if node not in manifest["split"]:
            return [node] if node in manifest["shards"] else []
    return [
        name
        for name in manifest["shards"]
        if name.removesuffix(".exact").startswith(path) and "." not in name.removesuffix(".exact")
    ]


def search_plan(manifest: dict[str, Any], query: str) -> list[str]:
    """Return the files the search script loads for a query (planFor in search.js)."""
    key = fold(query.strip())
    top = manifest.get("top", {})
    found = words(key)
    if not found:
        name = symbol_shard(key[0])
        if len(key) == 1 and name in top:
            return [f"{name}.top"]
        return [name] if name in manifest["shards"] else []
    if len(found) == 1 and found[0] == key and key in top:
        return [f"{key}.top"]
    return min((shards_for_word(manifest, word) for word in found), key=len)


def _label_words(text: str) -> set[str]:
    return {word for key in (fold(text), fold(text, long=True)) for word in words(key)}


def test_the_search_shards_hold_every_visible_label_and_nothing_hidden() -> None:
    model, files = large_search_index()
    manifest, shards = read_search_index(files)
    assert manifest["split"] and len(shards) > 100
    manifest.update(split=set(manifest["split"]), shards=set(manifest["shards"]))
    held: dict[str, dict[str, set[str]]] = {}
    for name, records in shards.items():
        for folder, _, prefs, terms in records:
            held.setdefault(name, {}).setdefault(folder, set()).update(prefs[1::2], terms)
    deprecated = {c.uri.rsplit("/", 1)[1] for c in model.concepts.values() if c.deprecated}
    assert len(deprecated) == LARGE_VOCABULARY // 100
    assert not deprecated & {folder for by_folder in held.values() for folder in by_folder}
    checked, missing = 0, []
    plans: dict[str, list[str]] = {}
    for concept in model.concepts.values():
        folder = concept.uri.rsplit("/", 1)[1]
        if concept.deprecated:
            continue
        for label in (*concept.pref_labels, *concept.alt_labels, *concept.hidden_labels):
            # Every word of every label leads to shards that hold the label for its concept.
            for word in _label_words(label.text):
                if word not in plans:
                    plans[word] = shards_for_word(manifest, word)
                if not any(label.text in held[name].get(folder, ()) for name in plans[word]):
                    missing.append((label.text, word, plans[word]))
                checked += 1
            if not label.text[0].isalnum():
                if label.text not in held[symbol_shard(label.text[0])][folder]:
                    missing.append((label.text, label.text[0], []))
                checked += 1
    assert missing == []
    assert checked > 100_000


def test_no_search_file_is_too_large_for_a_phone() -> None:
    _, files = large_search_index()
    manifest, _ = read_search_index(files)
    sizes = {path: len(data) for path, data in files.items()}
    assert sizes[SEARCH_INDEX] < 16_000
    # A whole shard of labels that begin with "(" is only needed for a query of two or more
    # such characters and no letter ("(("); a query of one gets a top file.
    largest = max(
        (size, path) for path, size in sizes.items() if not re.search(r"/_symbols\.\w+\.js$", path)
    )
    assert largest[0] <= 64_000, largest
    assert max(sizes.values()) < 300_000
    # Typing a word letter by letter loads the manifest and one file per letter at most.
    folder = "_site/" + manifest["folder"]
    # (A query of one short word and other characters, "(s" or "k-", needs every shard of
    # that word: correct, but as heavy as the whole index under "s".)
    for query in ("k", "ka", "kak", "kakis", "sataso", "bé", "ø", "(", "9 k", "muta kala"):
        names = {
            name for end in range(1, len(query) + 1) for name in search_plan(manifest, query[:end])
        }
        loaded = sizes[SEARCH_INDEX] + sum(sizes[f"{folder}{name}.js"] for name in names)
        assert loaded < 200_000, (query, loaded, sorted(names))


def test_a_top_file_counts_every_match_and_holds_the_best() -> None:
    model, files = large_search_index()
    manifest, shards = read_search_index(files)
    visible = [c for c in model.concepts.values() if not c.deprecated]
    for prefix in ("k", "ka", "s", "æ" if "ae" in manifest["top"] else "v"):
        prefix = fold(prefix)
        matches = {
            c.uri.rsplit("/", 1)[1]
            for c in visible
            for label in (*c.pref_labels, *c.alt_labels, *c.hidden_labels)
            if any(word.startswith(prefix) for word in _label_words(label.text))
        }
        assert manifest["top"][prefix] == len(matches) > MAX_SHOWN
        top = shards[f"{prefix}.top"]
        assert {record[0] for record in top} <= matches
        assert MAX_SHOWN < len(top) < len(matches) / 4
        # An English page ranks first the concepts whose label it shows (English, else
        # Norwegian) begins with the prefix, in about this order: the first of those are there.
        first = sorted(
            (fold(shown), c.uri.rsplit("/", 1)[1])
            for c in visible
            for shown in [_shown_in_english(c)]
            if fold(shown).startswith(prefix) or fold(shown, long=True).startswith(prefix)
        )[:MAX_SHOWN]
        assert len(first) == MAX_SHOWN
        assert {folder for _, folder in first} <= {record[0] for record in top}


def _shown_in_english(concept: Concept) -> str:
    for language in (*FALLBACKS["en"], ""):
        for label in concept.pref_labels:
            if label.language == language:
                return label.text
    return concept.pref_labels[0].text


def test_the_search_script_shows_as_many_results_as_the_index_expects() -> None:
    script = (ROOT / "site_templates" / "static" / "search.js").read_text(encoding="utf-8")
    assert f"var MAX_SHOWN = {MAX_SHOWN};" in script
    assert 'var SYMBOLS = "_symbols";' in script and symbol_shard("(") == "_symbols.28"


def test_sitemap_and_server_configuration(site: Path) -> None:
    tree = ElementTree.parse(site / "sitemap.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = [loc.text or "" for loc in tree.getroot().iterfind("s:url/s:loc", ns)]
    assert BASE + "oekonomiregelverket" in locations
    assert BASE + "oekonomiregelverket/index.en.html" in locations
    assert all(loc.startswith(BASE) for loc in locations)
    htaccess = (site / ".htaccess").read_text(encoding="utf-8")
    for media_type in ("text/turtle", r"application/ld\+json", r"application/rdf\+xml"):
        assert f"RewriteCond %{{HTTP_ACCEPT}} {media_type}" in htaccess
    nginx = (site / "nginx.conf").read_text(encoding="utf-8")
    assert "map $http_accept $kompetanse_skos_rdf" in nginx
    assert "location /kompetansemodell/ {" in nginx


def test_the_home_page_lists_every_download_with_its_size(site: Path) -> None:
    page = read_page(site / "index.en.html")
    downloads = [v for t, v, a in page.links if "download" in a]
    name = Project.from_root(ROOT).name
    dumps = [f"{name}{suffix}" for suffix in (".ttl", ".nt", ".rdf", ".jsonld")]
    # Issue 20: every RDF file published at the root, the catalogue's files and VoID too.
    listed = (site / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    published = [line.split("  ", 1)[1] for line in listed]
    assert {f"{name}-skos-ap-no.ttl", "catalog.ttl", "void.ttl", *dumps} <= set(published)
    assert sorted(downloads) == sorted(published)
    text = page.path.read_text(encoding="utf-8")
    assert re.search(r'class="number">\d+\.\d\u00a0kB<', text)
    vocab = (ROOT / "vocab" / "fagkunnskap-og-ferdigheter.ttl").read_text(encoding="utf-8")
    version = re.search(r'owl:versionInfo "([^"]+)"', vocab)
    assert version is not None
    assert "How to cite" in text and version.group(1) in text


def test_no_page_fetches_anything_from_another_host(site: Path) -> None:
    for page in pages(site):
        for tag, value, attrs in page.links:
            if tag in ("script", "img", "iframe") or (
                tag == "link" and attrs.get("rel") == "stylesheet"
            ):
                assert not urlsplit(value).netloc, f"{page.path}: {value}"


# -- the hostile vocabulary ----------------------------------------------------------------


def test_hostile_text_stays_text(hostile: Path) -> None:
    for page in pages(hostile):
        for tag, attrs in page.tags:
            assert tag not in ("img", "iframe", "style", "object", "embed"), page.path
            assert not any(name.startswith("on") for name in attrs), page.path
            for name in ("href", "src", "action"):
                assert not attrs.get(name, "").strip().lower().startswith("javascript:")
        for attrs, _ in page.scripts:
            assert attrs.get("type") == "application/ld+json" or attrs.get("src", "").endswith(
                "/search.js"
            ), page.path
    text = (hostile / "script" / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(&#39;nb&#39;)&lt;/script&gt;" in text
    assert "{{ 7 * 7 }}" in text


def test_hostile_json_ld_stays_valid_and_keeps_the_text(hostile: Path) -> None:
    page = read_page(hostile / "script" / "index.html")
    [body] = [b for a, b in page.scripts if a.get("type") == "application/ld+json"]
    assert "</" not in body and "<" not in body
    graph = jsonld_graph(page.jsonld())
    labels = set(graph.objects(URIRef(HOSTILE_BASE + "script"), SKOS.prefLabel))
    assert Literal("</script><script>alert('en')</script>", lang="en") in labels
    for other in pages(hostile):
        for attrs, script in other.scripts:
            if attrs.get("type") == "application/ld+json":
                json.loads(script)


def test_every_hostile_concept_has_its_own_pages_inside_the_output(hostile: Path) -> None:
    concepts = _concepts(ROOT, sorted((DATA / "hostile" / "vocab").glob("*.ttl")))
    assert len(concepts) >= 19
    found: dict[str, list[Path]] = {}
    for page in pages(hostile):
        has_jsonld = any(a.get("type") == "application/ld+json" for a, _ in page.scripts)
        if page.path.name == "index.html" and has_jsonld and page.path.parent != hostile:
            identifier = page.jsonld().get("@id")
            found.setdefault(str(identifier), []).append(page.path)
    for uri in concepts:
        assert len(found.get(uri, [])) == 1, uri
        folder = found[uri][0].parent
        for language in LANGUAGES:
            assert read_page(folder / PAGE_NAMES[language]).jsonld()["@id"] == uri
    # Nothing was written beside the output folder, and nothing in it leads out of it.
    project = hostile.parent.parent
    assert sorted(p.name for p in project.iterdir()) == ["out", "pyproject.toml", "vocab"]
    assert sorted(p.name for p in hostile.parent.iterdir()) == ["site"]
    root = hostile.resolve()
    for path in hostile.rglob("*"):
        assert not path.is_symlink()
        assert root in path.resolve().parents
    assert (hostile / "økonomi" / "index.html").is_file()
    assert (hostile / "a b" / "index.html").is_file()


def test_hostile_links_all_resolve(hostile: Path) -> None:
    assert check_links(hostile) == []


def test_each_page_links_to_its_own_rdf_files(hostile: Path) -> None:
    """A resource's pages link to its RDF files by its name, however odd the name."""
    checked = 0
    for page in sorted(hostile.rglob("index*.html")):
        folder = page.parent.relative_to(hostile).as_posix()
        rdf = {
            values["type"]: unquote(values["href"])
            for tag, values in read_page(page).tags
            if tag == "link" and values.get("rel") == "alternate" and "type" in values
        }
        if folder == "." or not rdf:
            continue
        expected = posixpath.relpath(f"{folder}.ttl", folder)
        assert rdf["text/turtle"] == expected, page
        checked += 1
    assert checked > 30


# -- LOS -----------------------------------------------------------------------------------


def test_los_has_a_page_per_concept_per_language(los_site: Path) -> None:
    concepts = _concepts(ROOT, [LOS])
    assert len(concepts) == 526
    for uri in concepts:
        for language in LANGUAGES:
            assert page_of(los_site, uri, LOS_BASE, language).is_file(), uri
    collection = los_site / "samling" / "kommune-los" / "index.en.html"
    assert collection.is_file()
    assert read_page(los_site / "tema" / "arbeid" / "index.nn.html").lang == "nn"


def test_los_links_all_resolve(los_site: Path) -> None:
    assert check_links(los_site) == []


def test_issue_20_only_a_scheme_of_themes_with_subthemes_is_a_wheel(site: Path) -> None:
    assert "<svg" in (site / "index.html").read_text(encoding="utf-8")
    # The three levels of the whole model are top concepts alone: a list, not a pie.
    levels = (site / "kompetansemodell" / "index.html").read_text(encoding="utf-8")
    assert "<svg" not in levels and 'id="top-heading"' in levels


def test_issue_20_the_wheels_setting_chooses_the_wheels(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(ROOT / "vocab", project / "vocab")
    settings = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    levels = "https://psi.norge.no/kompetansemodell/kompetansemodell"
    table = f'[tool.kompetanse-skos]\nwheels = ["{levels}"]\n'
    (project / "pyproject.toml").write_text(
        settings.replace("[tool.kompetanse-skos]\n", table), encoding="utf-8"
    )
    result = run_cli("build", "--root", project, "--profile", "skos", "--out", project / "out")
    assert result.returncode == 0, result.stderr
    assert "<svg" not in (project / "out" / "index.html").read_text(encoding="utf-8")
    assert "<svg" in (project / "out" / "kompetansemodell" / "index.html").read_text("utf-8")


def test_issue_20_a_version_below_one_is_announced_as_a_draft(tmp_path: Path) -> None:
    turtle = tmp_path / "early.ttl"
    turtle.write_text(
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        '<https://example.org/v/s> a skos:ConceptScheme ; owl:versionInfo "0.3" ;\n'
        '  skos:prefLabel "Early"@en ; skos:hasTopConcept <https://example.org/v/a> .\n'
        "<https://example.org/v/a> a skos:Concept ; skos:inScheme <https://example.org/v/s> ;\n"
        '  skos:topConceptOf <https://example.org/v/s> ; skos:prefLabel "A"@en .\n',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = run_cli("build", "--root", tmp_path, "--profile", "skos", "--out", out, turtle)
    assert result.returncode == 0, result.stderr
    # An English vocabulary: its site is in English, at the plain names.
    home = (out / "index.html").read_text(encoding="utf-8")
    banner = home[home.index('class="notice notice-draft banner-draft"') :]
    assert "Version 0.3 is a preliminary version" in banner[: banner.index("</div>")]
    # No concept is a draft: the banner says only that of the version.
    assert "are drafts" not in home


def test_issue_20_editorial_notes_are_folded_away(site: Path) -> None:
    graph = Graph().parse(ROOT / "vocab" / "fagkunnskap-og-ferdigheter.ttl")
    notes = {str(o) for o in graph.objects(None, SKOS.editorialNote)}
    assert notes
    folded = 0
    for page in site.rglob("*.html"):
        text = html.unescape(page.read_text(encoding="utf-8"))
        # The page's JSON-LD keeps them, as the data does: only what the page shows counts.
        shown = re.sub(r"<script[^>]*>.*?</script>", "", text, flags=re.DOTALL)
        outside = re.sub(r'<details class="editorial">.*?</details>', "", shown, flags=re.DOTALL)
        folded += len(shown) != len(outside)
        assert not any(note in outside for note in notes), page
        assert "Utkast Utkast" not in re.sub(r"<[^>]+>", "", outside), page
    assert folded >= len(notes)
