"""A national thesaurus end to end: YSA (35,000 concepts, 413,000 triples) validated and built.

YSA has 72 concepts whose related concepts are also broader ones (SKOS S27) and one date
that is no date ("1986-21-01"^^xsd:date); the build ignores the first, as a publisher of a
vocabulary they do not maintain would, and must not stop at the second.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from conftest import REFERENCE, run_cli
from kompetanse_skos.site.languages import read_languages

YSA = REFERENCE / "vocabs" / "ysa" / "ysa-skos.ttl.gz"
BASE = "http://www.yso.fi/onto/ysa/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
ILL_TYPED = "Y97438"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def ysa_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, object]]:
    out = tmp_path_factory.mktemp("ysa") / "site"
    result = run_cli("validate", "--profile", "skos", "--format", "json", YSA)
    assert result.returncode == 1, "YSA breaks S27: validate must say it does not conform"
    report = json.loads(result.stdout)
    built = run_cli("build", "--quiet", "--profile", "skos", "--ignore", "S27", "--out", out, YSA)
    assert built.returncode == 0, built.stderr
    return out, report


@pytest.fixture(scope="module")
def ysa() -> ox.Store:
    store = ox.Store()
    store.bulk_load(gzip.decompress(YSA.read_bytes()), format=ox.RdfFormat.TURTLE)
    return store


def _concepts(store: ox.Store) -> list[str]:
    query = f"SELECT ?c WHERE {{ ?c a <{SKOS}Concept> }}"
    return [row["c"].value for row in store.query(query)]  # type: ignore[union-attr]


def test_every_concept_has_a_page_in_every_language_and_its_rdf(
    ysa_build: tuple[Path, dict[str, object]], ysa: ox.Store
) -> None:
    site, _ = ysa_build
    concepts = _concepts(ysa)
    assert len(concepts) > 34_000
    # Its scheme is named only by dc:title, which the site does not read as a label: its
    # concepts' labels decide, Finnish the most, then Swedish.
    languages = read_languages(site)
    assert languages is not None
    assert languages.tags == ("fi", "sv")
    missing = [
        (uri, language.tag)
        for uri in concepts
        for language in languages
        if not (site / uri[len(BASE) :] / language.page_name).is_file()
    ]
    assert missing == []
    assert all((site / f"{uri[len(BASE) :]}.ttl").is_file() for uri in concepts)


def test_the_ill_typed_date_is_reported_and_kept_as_written(
    ysa_build: tuple[Path, dict[str, object]],
) -> None:
    site, report = ysa_build
    findings = report["findings"]
    assert isinstance(findings, list)
    ill_typed = [f for f in findings if f["check"] == "ill-typed-literal"]
    assert [f["focus"] for f in ill_typed] == [BASE + ILL_TYPED]
    violations = {f["check"] for f in findings if f["severity"] == "violation"}
    assert violations == {"S27"}, "with --ignore S27 the build goes on past the bad date"
    assert '"1986-21-01"^^xsd:date' in (site / f"{ILL_TYPED}.ttl").read_text("utf-8")
    assert (site / ILL_TYPED / "index.html").is_file()


def test_the_s27_breaches_are_real(
    ysa_build: tuple[Path, dict[str, object]], ysa: ox.Store
) -> None:
    """Every concept the S27 check names has a related concept that is also broader."""
    _, report = ysa_build
    findings = report["findings"]
    assert isinstance(findings, list)
    named = {f["focus"] for f in findings if f["check"] == "S27"}
    assert len(named) >= 50
    query = f"""SELECT DISTINCT ?c WHERE {{
        ?c <{SKOS}related>|^<{SKOS}related> ?other .
        ?c (<{SKOS}broader>|^<{SKOS}narrower>)+ ?other
    }}"""
    breaking = {row["c"].value for row in ysa.query(query)}  # type: ignore[union-attr]
    assert named <= breaking | {
        row["other"].value
        for row in ysa.query(query.replace("DISTINCT ?c", "DISTINCT ?other"))  # type: ignore[union-attr]
    }


def test_the_site_stays_small_enough_for_a_phone(
    ysa_build: tuple[Path, dict[str, object]],
) -> None:
    site, _ = ysa_build
    shards = list((site / "_site" / "search").glob("*.js"))
    assert len(shards) > 100
    assert max(path.stat().st_size for path in shards) < 64_000
    assert (site / "_site" / "search-index.js").stat().st_size < 20_000
    for index in ("a-z", "hierarchy"):
        pages = list((site / "_site" / index).rglob("index.html"))
        assert len(pages) > 20, index
        assert max(path.stat().st_size for path in pages) < 2_000_000, index
