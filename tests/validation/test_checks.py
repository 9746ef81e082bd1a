"""Every check has a small vocabulary that triggers exactly it, and clean ones trigger none."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import RDF, SKOS, XSD, Literal
from rdflib.term import XSDToPython

from conftest import DATA, ROOT
from kompetanse_skos.project import Project
from kompetanse_skos.validation.quality import _NO_VALUE_SPACE, _ill_typed
from kompetanse_skos.validation.validate import (
    SEVERITIES,
    available_profiles,
    load_checks,
    validate_vocabulary,
)
from kompetanse_skos.vocabulary.read import read_vocabulary

PROJECT = Project.from_root(ROOT)
PROFILES = sorted(available_profiles(PROJECT.shapes_dir))
CASES = sorted((DATA / "checks").glob("*/*.*"))


def _fired(files: list[Path], profiles: list[str]) -> set[str]:
    vocabulary = read_vocabulary(PROJECT, files)
    report = validate_vocabulary(vocabulary, PROJECT.shapes_dir, profiles)
    return {finding.check for finding in report.findings}


def test_the_four_profiles_exist() -> None:
    assert PROFILES == ["dcat-ap-no", "kompetanse", "skos", "skos-ap-no"]


@pytest.mark.parametrize("profile", PROFILES)
def test_every_check_has_a_case_and_every_case_a_check(profile: str) -> None:
    _, checks = load_checks(PROJECT.shapes_dir, [profile])
    cases = {path.name.split(".")[0] for path in (DATA / "checks" / profile).glob("*.*")}
    assert set(checks) == cases


@pytest.mark.parametrize("profile", PROFILES)
def test_checks_are_described(profile: str) -> None:
    _, checks = load_checks(PROJECT.shapes_dir, [profile])
    for check in checks.values():
        assert check.severity in SEVERITIES
        assert check.label and check.label != check.id, check.id
        assert len(check.description) > 20, check.id
        assert check.message, check.id


def test_check_ids_are_unique_across_profiles() -> None:
    seen: dict[str, str] = {}
    for profile in PROFILES:
        _, checks = load_checks(PROJECT.shapes_dir, [profile])
        for check_id in checks:
            assert check_id not in seen, f"{check_id} in {profile} and {seen.get(check_id)}"
            seen[check_id] = profile


@pytest.mark.parametrize("case", CASES, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_case_triggers_exactly_its_check(case: Path) -> None:
    assert _fired([case], [case.parent.name]) == {case.name.split(".")[0]}


@pytest.mark.parametrize("case", CASES, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_findings_name_a_resource_of_the_data_and_its_file(case: Path) -> None:
    """A maintainer is sent to the resource at fault, never to the check's own shape."""
    vocabulary = read_vocabulary(PROJECT, [case])
    report = validate_vocabulary(vocabulary, PROJECT.shapes_dir, [case.parent.name])
    for finding in report.findings:
        assert not finding.focus.startswith("urn:kompetanse-skos:check:"), finding
        assert finding.file == str(case), finding


@pytest.mark.parametrize("valid", sorted((DATA / "valid").glob("*.ttl")), ids=lambda p: p.name)
def test_valid_vocabulary_triggers_nothing(valid: Path) -> None:
    profiles = PROFILES if valid.name == "tiny.ttl" else ["skos"]
    assert _fired([valid], profiles) == set()


@pytest.mark.parametrize("text", ["", "http://example.org/a b", "not <a> URI & more", "x\ty"])
def test_a_literal_rdflib_keeps_as_text_is_never_ill_typed(text: str) -> None:
    """ill-typed-literal skips the datatypes rdflib has no converter for: rdflib agrees."""
    kept_as_text = [
        datatype for datatype in XSDToPython if datatype and _NO_VALUE_SPACE(str(datatype))
    ]
    assert XSD.anyURI in kept_as_text and XSD.date not in kept_as_text
    for datatype in kept_as_text:
        literal = ox.Literal(text, datatype=ox.NamedNode(str(datatype)))
        assert not _ill_typed(literal)
        assert not Literal(text, datatype=datatype).ill_typed, datatype


RELATION_CASES = sorted((DATA / "checks" / "skos").glob("relation-object.*.ttl"))


@pytest.mark.parametrize("case", RELATION_CASES, ids=lambda path: path.name.split(".")[1])
def test_relation_object_names_the_property_and_the_wrong_object(case: Path) -> None:
    """A relation to a literal (or a resource typed otherwise) is a violation naming both."""
    prop = case.name.split(".")[1].split("-")[0]
    vocabulary = read_vocabulary(PROJECT, [case])
    report = validate_vocabulary(vocabulary, PROJECT.shapes_dir, ["skos"])
    [finding] = report.findings
    assert finding.severity == "violation"
    assert finding.path == f"http://www.w3.org/2004/02/skos/core#{prop}"
    objects = [o for _, _, o in vocabulary.graph.triples((None, SKOS[prop], None))]
    # a literal, or (broader-scheme) a concept scheme where a concept belongs
    wrong = [o for o in objects if isinstance(o, Literal)] or [
        o for o in objects if (o, RDF.type, SKOS.ConceptScheme) in vocabulary.graph
    ]
    assert len(wrong) == 1
    shown = wrong[0].n3() if isinstance(wrong[0], Literal) else str(wrong[0])
    assert f"skos:{prop} {shown}," in finding.message
    assert finding.value is not None and finding.value in finding.message


def test_every_skos_relation_property_has_a_relation_object_case() -> None:
    properties = {path.name.split(".")[1] for path in RELATION_CASES}
    assert {
        "semanticRelation",
        "broader",
        "narrower",
        "related",
        "broaderTransitive",
        "narrowerTransitive",
        "mappingRelation",
        "exactMatch",
        "closeMatch",
        "broadMatch",
        "narrowMatch",
        "relatedMatch",
        "member",
        "inScheme",
        "hasTopConcept",
        "topConceptOf",
    } <= properties
