"""The base URI and the base URL: found once, and every published link starts with the URL."""

from __future__ import annotations

import re
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, FOAF

from conftest import run_cli
from kompetanse_skos.vocabulary.base import derive_base

BASE = "https://psi.norge.no/kompetansemodell/"
ELSEWHERE = "https://data.example.org/kompetanse/"
VOID = "http://rdfs.org/ns/void#"


def test_the_base_is_the_longest_common_prefix_ending_in_a_slash() -> None:
    assert derive_base([BASE + "styring-og-strategi", BASE + "data-og-sikkerhet"]) == BASE
    los = [
        "https://psi.norge.no/los/ontologi/tema",
        "https://psi.norge.no/los/struktur",
        "https://psi.norge.no/los/tema/arbeid",
    ]
    assert derive_base(los) == "https://psi.norge.no/los/"
    assert derive_base([BASE + "a"]) == BASE
    assert derive_base([BASE + "a", BASE + "ab"]) == BASE


def test_no_base_without_one_common_web_host() -> None:
    assert derive_base(["https://a.example/x", "https://b.example/y"]) is None
    assert derive_base(["urn:x:1", "urn:x:2"]) is None
    assert derive_base([]) is None
    assert derive_base(["https://a.example/voc#a", "https://a.example/voc#b"]) == (
        "https://a.example/"
    )


def test_only_http_and_https_uris_count_for_the_base() -> None:
    others = ["https", "http", "urn:https://x/", "ftp://psi.norge.no/x", "_:b0", "mailto:a@b.no"]
    assert derive_base([*others, BASE + "a", BASE + "b"]) == BASE
    assert derive_base(["HTTP://psi.norge.no/x/a", "http://psi.norge.no/x/b"]) is None


def _built_elsewhere(project: Path) -> Path:
    """Build the project with base-url set to another host; return the build folder."""
    pyproject = project / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    table = "[tool.kompetanse-skos]\n"
    setting = f'{table}base-url = "{ELSEWHERE.rstrip("/")}"\n'
    pyproject.write_text(text.replace(table, setting, 1), encoding="utf-8")
    result = run_cli("build", "--root", project, "-q")
    assert result.returncode == 0, result.stderr
    return project / "build"


def test_issue_18_every_published_link_uses_the_base_url(project: Path) -> None:
    """With base-url set, the sitemap, canonical links, servers, VoID and the record agree."""
    build = _built_elsewhere(project)
    # The site's layout still follows the URIs: BASE/<slug> is the folder <slug>.
    assert (build / "styring-og-strategi" / "index.html").is_file()

    locations = re.findall(r"<loc>([^<]+)</loc>", (build / "sitemap.xml").read_text("utf-8"))
    assert locations
    assert [url for url in locations if not url.startswith(ELSEWHERE)] == []
    assert f"{ELSEWHERE}styring-og-strategi" in locations

    pages = sorted(build.rglob("*.html"))
    canonical = {
        page: re.findall(r'<link rel="canonical" href="([^"]+)"', page.read_text("utf-8"))
        for page in pages
    }
    # The 404 pages are shown at addresses that have no page: they claim none, and their
    # <base> is their own path where the site is published.
    not_found = [page for page in pages if page.parent.name == "404"]
    assert len(not_found) == 3 and all(canonical.pop(page) == [] for page in not_found)
    for page in not_found:
        assert f'<base href="/kompetanse/_site/404/{page.name}">' in page.read_text("utf-8")
    assert all(len(links) == 1 for links in canonical.values())
    assert [p for p, links in canonical.items() if not links[0].startswith(ELSEWHERE)] == []
    concept = build / "styring-og-strategi" / "index.html"
    assert canonical[concept] == [f"{ELSEWHERE}styring-og-strategi"]

    assert "location /kompetanse/ {" in (build / "nginx.conf").read_text("utf-8")
    assert "error_page 404 /kompetanse/_site/404/index.html;" in (build / "nginx.conf").read_text(
        "utf-8"
    )
    assert f"meant to be served at {ELSEWHERE}" in (build / ".htaccess").read_text("utf-8")
    assert "ErrorDocument 404 /kompetanse/_site/404/index.html" in (build / ".htaccess").read_text(
        "utf-8"
    )

    void = Graph().parse(build / "void.ttl")
    dumps = {str(o) for o in void.objects(None, URIRef(VOID + "dataDump"))}
    assert dumps and all(url.startswith(ELSEWHERE) for url in dumps)
    assert set(void.objects(None, FOAF.homepage)) == {URIRef(ELSEWHERE)}
    # The URIs themselves stay where they are: VoID's URI space is theirs.
    assert {str(o) for o in void.objects(None, URIRef(VOID + "uriSpace"))} == {BASE}

    record = Graph().parse(build / "catalog.ttl")
    downloads = {str(o) for o in record.objects(None, DCAT.downloadURL)}
    assert downloads and all(url.startswith(ELSEWHERE) for url in downloads)


def test_without_the_setting_the_base_url_is_the_base_uri(project: Path) -> None:
    result = run_cli("build", "--root", project, "-q")
    assert result.returncode == 0, result.stderr
    build = project / "build"
    locations = re.findall(r"<loc>([^<]+)</loc>", (build / "sitemap.xml").read_text("utf-8"))
    assert locations and all(url.startswith(BASE) for url in locations)
    assert "location /kompetansemodell/ {" in (build / "nginx.conf").read_text("utf-8")
    record = Graph().parse(build / "catalog.ttl")
    assert all(str(o).startswith(BASE) for o in record.objects(None, DCAT.downloadURL))
