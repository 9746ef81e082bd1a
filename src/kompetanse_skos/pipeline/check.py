"""Validate a vocabulary with the chosen profiles, and what the catalogue harvests from it.

Felles datakatalog harvests two files the build writes: the DCAT-AP-NO record and the
SKOS-AP-NO concept file. The profiles named after those national profiles check exactly those
files, as the build will write them, so a maintainer sees every problem before the harvester.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rdflib import URIRef

from kompetanse_skos.errors import KompetanseError, ProfileError
from kompetanse_skos.pipeline.memory import collecting_seldom
from kompetanse_skos.project import Project
from kompetanse_skos.publication.files import Publication, harvested_concepts, make_publication
from kompetanse_skos.validation.validate import (
    Finding,
    ValidationReport,
    available_profiles,
    check_profiles,
    finding_order,
    load_checks,
    validate_vocabulary,
)
from kompetanse_skos.vocabulary.base import Base, find_base
from kompetanse_skos.vocabulary.load import Vocabulary
from kompetanse_skos.vocabulary.model import model_of
from kompetanse_skos.vocabulary.read import read_vocabulary

RECORD_PROFILE = "dcat-ap-no"
CONCEPTS_PROFILE = "skos-ap-no"
HARVESTED_PROFILES = (RECORD_PROFILE, CONCEPTS_PROFILE)


def default_profiles(project: Project) -> list[str]:
    """Return the configured profiles, or every profile in the shapes folder."""
    return list(project.profiles or available_profiles(project.shapes_dir))


def chosen_profiles(project: Project, profiles: Sequence[str], ignore: Sequence[str]) -> list[str]:
    """Return *profiles* (by default the configured ones), having checked them and *ignore*."""
    profiles = list(profiles) or default_profiles(project)
    check_profiles(project.shapes_dir, profiles)
    _check_ignored(project, profiles, ignore)
    return profiles


def _check_ignored(project: Project, profiles: Sequence[str], ignore: Sequence[str]) -> None:
    """Refuse to ignore a check that the chosen profiles do not have: likely a typo."""
    if not ignore:
        return
    _, checks = load_checks(project.shapes_dir, profiles)
    unknown = sorted(set(ignore) - set(checks))
    if unknown:
        raise ProfileError(
            f"cannot ignore unknown check {', '.join(unknown)}; see kompetanse-skos checks"
        )


def check_vocabulary(
    project: Project,
    files: Sequence[Path] = (),
    profiles: Sequence[str] = (),
    ignore: Sequence[str] = (),
) -> tuple[Vocabulary, ValidationReport]:
    """Read the vocabulary and validate it, and what the catalogue harvests, with *profiles*."""
    with collecting_seldom():
        vocabulary = read_vocabulary(project, files)
        chosen = chosen_profiles(project, profiles, ignore)
        report = validate_publication(vocabulary, project, chosen).without(ignore)
        return vocabulary, report


def validate_publication(
    vocabulary: Vocabulary,
    project: Project,
    profiles: Sequence[str],
    base: Base | None = None,
    publication: Publication | None = None,
) -> ValidationReport:
    """Validate the vocabulary, and what the catalogue will harvest from it, with *profiles*.

    The catalogue's profiles check what it harvests: ``dcat-ap-no`` the record the build
    writes, ``skos-ap-no`` the concept file with its collection. An input without a concept
    scheme is checked as it is, so that ``--profile dcat-ap-no`` also checks any DCAT record.
    *base* is found as the project's settings and the vocabulary say, unless given (and only
    when a harvested profile needs it: the model of a large thesaurus takes seconds to read).
    """
    check_profiles(project.shapes_dir, profiles)
    findings: set[Finding] = set()
    own = [profile for profile in profiles if profile not in HARVESTED_PROFILES]
    if own:
        findings.update(validate_vocabulary(vocabulary, project.shapes_dir, own).findings)
    harvested = [profile for profile in profiles if profile in HARVESTED_PROFILES]
    for profile, target in _harvested(vocabulary, project, harvested, base, publication).items():
        findings.update(validate_vocabulary(target, project.shapes_dir, [profile]).findings)
    return ValidationReport(list(profiles), sorted(findings, key=finding_order))


def _harvested(
    vocabulary: Vocabulary,
    project: Project,
    profiles: list[str],
    base: Base | None,
    publication: Publication | None,
) -> dict[str, Vocabulary]:
    """Return, per harvested profile, what it checks (by default the vocabulary as it is)."""
    if not profiles:
        return {}
    model = model_of(vocabulary)
    scheme = model.main
    if scheme is None:
        return dict.fromkeys(profiles, vocabulary)
    base = base or find_base(model, project.base_url)
    if base.url is None:
        if RECORD_PROFILE in profiles:
            raise KompetanseError(
                "cannot tell where the build will be published: the vocabulary's URIs share no "
                "base; set base-url under [tool.kompetanse-skos] in pyproject.toml"
            )
        return dict.fromkeys(profiles, vocabulary)
    if RECORD_PROFILE in profiles:
        # The record is checked exactly as it will be written, checksums included.
        publication = publication or make_publication(vocabulary, project, base)
        record = publication.record
        concepts = publication.concepts
    else:
        record = None
        concepts = harvested_concepts(vocabulary, scheme.uri, base.url, project.name)
    # A problem in the record comes from the scheme it was made from, so that is where a
    # maintainer is sent to fix it.
    origin = vocabulary.source_of(URIRef(scheme.uri))
    targets = {
        RECORD_PROFILE: Vocabulary.from_graph(record, origin) if record is not None else None,
        CONCEPTS_PROFILE: concepts,
    }
    return {profile: targets[profile] or vocabulary for profile in profiles}
