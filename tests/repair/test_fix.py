"""kompetanse-skos fix: a repaired copy, a report of every change, and real vocabularies."""

from __future__ import annotations

import json
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from conftest import EU_DATA_THEME, LOS, REFERENCE, run_cli

# Concepts that reach their scheme only through the hierarchy, written one way only, and one
# pair both related and hierarchically linked: refused by `build`, built after `fix`.
HANGING = """
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix ex: <https://example.org/hanging/> .
ex:scheme a skos:ConceptScheme ; skos:prefLabel "Hanging"@en ; dct:title "Hanging"@en ;
    skos:hasTopConcept ex:animals .
ex:animals a skos:Concept ; skos:prefLabel "Animals"@en ; skos:definition "Living beings."@en .
ex:dogs a skos:Concept ; skos:prefLabel "Dogs"@en ; skos:definition "Barking animals."@en ;
    skos:broader ex:animals ; skos:related ex:animals .
ex:puppies a skos:Concept ; skos:prefLabel "Puppies"@en ; skos:definition "Young dogs."@en ;
    skos:broader ex:dogs .
"""
YSA = REFERENCE / "vocabs" / "ysa" / "ysa-skos.ttl.gz"


def _hanging(tmp_path: Path) -> Path:
    path = tmp_path / "hanging.ttl"
    path.write_text(HANGING, encoding="utf-8")
    return path


def test_a_vocabulary_that_hangs_from_its_scheme_builds_after_fix(tmp_path: Path) -> None:
    source = _hanging(tmp_path)
    refused = run_cli("build", "--profile", "skos", "--out", tmp_path / "no", source)
    assert refused.returncode == 1
    assert "not-in-scheme" in refused.stderr and "S27" in refused.stderr
    fixed = tmp_path / "fixed.ttl"
    result = run_cli("fix", "--out", fixed, source)
    assert result.returncode == 0, result.stderr
    assert source.read_text(encoding="utf-8") == HANGING  # never edited in place
    built = run_cli("build", "--profile", "skos", "--out", tmp_path / "site", fixed)
    assert built.returncode == 0, built.stderr
    assert (tmp_path / "site" / "puppies" / "index.html").is_file()


def test_the_report_names_resource_rule_change_reason_and_check(tmp_path: Path) -> None:
    result = run_cli("fix", "--format", "json", "--out", tmp_path / "f.ttl", _hanging(tmp_path))
    report = json.loads(result.stdout)
    assert report["problems"] == []
    assert Counter(r["rule"] for r in report["repairs"]) == {
        "inverse-hierarchy": 2,
        "inverse-top-concept": 1,
        "in-scheme": 2,
        "related-in-hierarchy": 1,
    }
    related = next(r for r in report["repairs"] if r["rule"] == "related-in-hierarchy")
    assert related == {
        "resource": "https://example.org/hanging/dogs",
        "rule": "related-in-hierarchy",
        "what": "removed skos:related <https://example.org/hanging/animals>",
        "why": "the two are also linked in the hierarchy, which is kept",
        "check": "S27",
    }
    text = run_cli("fix", "--out", tmp_path / "g.ttl", _hanging(tmp_path)).stdout
    assert "6 repairs, written to" in text.splitlines()[-1]


def test_fix_never_writes_over_its_input(tmp_path: Path) -> None:
    source = _hanging(tmp_path)
    result = run_cli("fix", "--out", source, source)
    assert result.returncode == 1
    assert "never in place" in result.stderr
    assert source.read_text(encoding="utf-8") == HANGING


def test_what_cannot_be_repaired_is_reported_and_exits_non_zero(tmp_path: Path) -> None:
    source = tmp_path / "cycle.ttl"
    source.write_text(HANGING + "ex:animals skos:broader ex:puppies .\n", encoding="utf-8")
    result = run_cli("fix", "--out", tmp_path / "f.ttl", source)
    assert result.returncode == 1
    assert "cannot repair [hierarchy-cycle]" in result.stdout
    assert "remove one skos:broader" in result.stdout


def test_a_rule_can_be_left_out_and_an_unknown_one_is_refused(tmp_path: Path) -> None:
    source = _hanging(tmp_path)
    result = run_cli("fix", "--format", "json", "--skip", "in-scheme,related-in-hierarchy",
                     "--out", tmp_path / "f.ttl", source)  # fmt: skip
    rules = {repair["rule"] for repair in json.loads(result.stdout)["repairs"]}
    assert rules == {"inverse-hierarchy", "inverse-top-concept"}
    unknown = run_cli("fix", "--skip", "nonsense", "--out", tmp_path / "g.ttl", source)
    assert unknown.returncode == 1 and "no repair rule nonsense" in unknown.stderr


def _findings(path: Path, tmp_path: Path) -> Counter[tuple[str, str]]:
    result = run_cli("validate", "--profile", "skos", "--format", "json", path)
    return Counter((f["check"], f["focus"]) for f in json.loads(result.stdout)["findings"])


@pytest.mark.parametrize(
    "source",
    [LOS, EU_DATA_THEME, pytest.param(YSA, marks=pytest.mark.slow)],
    ids=["los", "eu-data-theme", "ysa"],
)
def test_a_real_vocabulary_repaired_has_fewer_findings_and_no_new_one(
    source: Path, tmp_path: Path
) -> None:
    fixed = tmp_path / "fixed.ttl"
    # Each step is a process of its own; those that do not wait for another run side by side
    # (YSA takes minutes a step).
    with ThreadPoolExecutor(2) as pool:
        validating = pool.submit(_findings, source, tmp_path)
        result = run_cli("fix", "--format", "json", "--out", fixed, source)
        assert result.returncode == 0, result.stderr
        fixing_again = pool.submit(
            run_cli, "fix", "--format", "json", "--out", tmp_path / "again.ttl", fixed
        )
        after = _findings(fixed, tmp_path)
        before, again = validating.result(), fixing_again.result()
    report = json.loads(result.stdout)
    assert after - before == Counter()  # no new finding
    assert sum(after.values()) < sum(before.values())
    # Each repair answers findings of its check, and none of them is left on its resource.
    checks = {repair["check"] for repair in report["repairs"]} - {None}
    for check in checks:
        assert sum(n for (c, _), n in after.items() if c == check) < sum(
            n for (c, _), n in before.items() if c == check
        ), check
    for repair in report["repairs"]:
        assert (repair["check"], repair["resource"]) not in after, repair
    assert json.loads(again.stdout)["repairs"] == []
    assert (tmp_path / "again.ttl").read_bytes() == fixed.read_bytes()
