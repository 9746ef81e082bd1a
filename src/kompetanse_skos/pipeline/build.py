"""Build a vocabulary: read and check everything first, then write it all into place at once."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import URIRef

from kompetanse_skos.errors import KompetanseError, ReleaseError
from kompetanse_skos.output.background import Background
from kompetanse_skos.output.folder import MARKER, is_previous_build, write_output
from kompetanse_skos.output.resources import MANIFEST, Progress, Reuse
from kompetanse_skos.pipeline.check import (
    RECORD_PROFILE,
    chosen_profiles,
    validate_publication,
)
from kompetanse_skos.pipeline.memory import collecting_seldom, keep
from kompetanse_skos.project import Project
from kompetanse_skos.publication.files import Publication, make_publication, write_publication
from kompetanse_skos.release.changes import (
    Changelog,
    changes_files,
    compare_graphs,
    read_release,
    removal_message,
    unchanged_version_message,
)
from kompetanse_skos.site.languages import (
    LANGUAGES_SETTING,
    SiteLanguages,
    choose_languages,
    unlabelled,
)
from kompetanse_skos.site.render import render_site
from kompetanse_skos.validation.validate import (
    SEVERITIES,
    Finding,
    ValidationReport,
    finding_order,
)
from kompetanse_skos.vocabulary.base import Base, find_base
from kompetanse_skos.vocabulary.load import Vocabulary
from kompetanse_skos.vocabulary.model import model_of
from kompetanse_skos.vocabulary.read import read_vocabulary


@dataclass(frozen=True)
class BuildOptions:
    """What a build reads and checks besides the project's vocabulary, and what it shows."""

    files: Sequence[Path] = ()  # the vocabulary's files, instead of the project's vocab/
    profiles: Sequence[str] = ()  # the profiles to check with, instead of the project's
    strict: bool = False  # a warning stops the build too
    ignore: Sequence[str] = ()  # check ids left out of the report
    previous: str | Path | None = None  # the previous release's dump, a file or a URL
    include_deprecated: bool = False  # deprecated concepts in the hierarchy and search too


@dataclass
class BuildResult:
    """What a build found and wrote."""

    report: ValidationReport
    output_dir: Path
    written: list[str] = field(default_factory=list)  # the files' names in output_dir, sorted

    @property
    def built(self) -> bool:
        """Whether the output folder was written."""
        return bool(self.written)


def build(
    project: Project, options: BuildOptions | None = None, progress: Progress | None = None
) -> BuildResult:
    """Validate, then write every output into the project's output folder.

    Nothing is written when validation finds a violation (or, with ``strict``, a warning), or
    when a resource of the ``previous`` release (a dump's file or URL) is missing. The files
    of resources unchanged since the last build in the output folder are taken from it.
    *progress*, if given, hears each stage, and how far the long ones have come.
    """
    with collecting_seldom():
        return _build(project, options or BuildOptions(), progress or _silent)


def _silent(stage: str, done: int, total: int) -> None:
    """Hear nothing of the build's progress."""


def _build(project: Project, options: BuildOptions, report_stage: Progress) -> BuildResult:
    report_stage("reading the vocabulary", 0, 0)
    profiles = chosen_profiles(project, options.profiles, options.ignore)
    vocabulary = read_vocabulary(project, options.files)
    keep()
    target = project.output_dir
    # Listing a thesaurus's previous build waits seconds on the disk when its 250,000 files
    # are not in the page cache: it is done in a child while the dumps are made.
    reading = Background(lambda: Reuse.of(target if is_previous_build(target) else None))
    report_stage("writing the dumps", 0, 0)
    try:
        base, publication, checking = _publish_and_check(project, vocabulary, profiles, options)
    except BaseException:
        reading.cancel()
        raise
    release_findings: list[Finding] = []  # the release's own, once it is compared
    languages = choose_languages(model_of(vocabulary), project.settings)
    release_findings += _language_findings(vocabulary, project, languages)

    def checked() -> ValidationReport:
        return _with_findings(checking.result(), release_findings)

    # Nothing is put in place until the checks pass, and the writing stops once they fail.
    def refused() -> bool:
        report = checked()
        return not report.conforms or (options.strict and report.has_warnings)

    def stage(name: str, done: int, total: int) -> None:
        report_stage(name, done, total)
        if checking.ready() and refused():
            raise _Refused

    try:
        changelog = _changelog(vocabulary, options.previous)
        if changelog is not None:
            publication = publication.with_files(changes_files(changelog))
            release_findings += _release_findings(vocabulary, changelog)
        reuse = reading.result()
        written = [MARKER, MANIFEST]  # the build's own records, and every file it holds

        def write(folder: Path) -> list[str]:
            written.extend(path.name for path in write_publication(publication, folder))
            stage("writing the site", 0, 0)
            written.extend(
                render_site(
                    vocabulary,
                    folder,
                    project,
                    base=base,
                    publication=publication,
                    languages=languages,
                    changelog=changelog,
                    include_deprecated=options.include_deprecated,
                    reuse=reuse,
                    progress=stage,
                )
            )
            report_stage("validating", 0, 0)
            if refused():
                raise _Refused
            return written

        protected = [project.root, project.vocab_dir]
        previous_build = None if reuse.listing is None else (reuse.listing, MANIFEST)
        write_output(target, write, protected, previous_build)
    except _Refused:
        return BuildResult(checked(), project.output_dir)
    except KompetanseError:
        # As when validation ran first: a vocabulary that fails is reported as such.
        if refused():
            return BuildResult(checked(), project.output_dir)
        raise
    finally:
        checking.cancel()
        reading.cancel()
    result = BuildResult(checked(), project.output_dir)
    result.written = sorted(written)
    return result


# The build's own findings, not those of a profile's checks (so --ignore does not know them):
# of the release, and of the site's languages.
BUILD_PROFILES = ("release", "site")
VERSION_CHECK = "version-unchanged"


def _release_findings(vocabulary: Vocabulary, changelog: Changelog | None) -> list[Finding]:
    """Return a warning when the content changed since the previous release but the version not."""
    message = unchanged_version_message(changelog) if changelog is not None else None
    if message is None:
        return []
    scheme = model_of(vocabulary).main
    focus = scheme.uri if scheme is not None else ""
    source = vocabulary.source_of(URIRef(focus)) if focus else None
    return [
        Finding(
            severity_rank=SEVERITIES.index("warning"),
            check=VERSION_CHECK,
            focus=focus,
            message=message,
            severity="warning",
            profile="release",
            value=changelog.new_version if changelog is not None else None,
            file=str(source) if source is not None else None,
        )
    ]


# The id of the warning that the site's languages name one no label is in.
LANGUAGE_CHECK = "site-language-unlabelled"


def _language_findings(
    vocabulary: Vocabulary, project: Project, languages: SiteLanguages
) -> list[Finding]:
    """Return a warning for each language of the setting that no label of the vocabulary is in:
    its pages would show every text in another language."""
    if LANGUAGES_SETTING not in project.settings:
        return []  # the languages are those its labels are in
    model = model_of(vocabulary)
    scheme = model.main
    return [
        Finding(
            severity_rank=SEVERITIES.index("warning"),
            check=LANGUAGE_CHECK,
            focus=scheme.uri if scheme is not None else "",
            message=(
                f"[tool.kompetanse-skos] {LANGUAGES_SETTING} names {tag!r}, but no label is in "
                "that language: every text of its pages would be shown in another"
            ),
            severity="warning",
            profile="site",
            value=tag,
            file=str(project.root / "pyproject.toml"),
        )
        for tag in unlabelled(model, languages)
    ]


def _with_findings(report: ValidationReport, findings: list[Finding]) -> ValidationReport:
    """Return *report* with *findings* added, in report order."""
    if not findings:
        return report
    ordered = sorted([*report.findings, *findings], key=finding_order)
    return ValidationReport(report.profiles, ordered, report.ignored)


def _changelog(vocabulary: Vocabulary, previous: str | Path | None) -> Changelog | None:
    """Compare *vocabulary* with the *previous* release; refuse to remove any of its URIs."""
    if previous is None:
        return None
    changelog = compare_graphs(read_release(previous), vocabulary)
    if changelog.removed:
        raise ReleaseError(removal_message(changelog))
    return changelog


def _publish_and_check(
    project: Project, vocabulary: Vocabulary, profiles: list[str], options: BuildOptions
) -> tuple[Base, Publication, Background[ValidationReport]]:
    """Start validating in a forked child, then find the base and serialize the publication.

    The shapes run on one core while the model is read and the dumps and the site are made
    on the others. The catalogue record is checked exactly as written, checksums and all, so
    when its profile is asked for, the checks start once the dumps are made.
    """

    def validate(
        base: Base | None = None, publication: Publication | None = None
    ) -> ValidationReport:
        report = validate_publication(vocabulary, project, profiles, base, publication)
        return report.without(options.ignore)

    checking = None if RECORD_PROFILE in profiles else Background(validate)
    try:
        base = find_base(model_of(vocabulary), project.base_url)
        keep()  # the model too, read now, lives as long as the build
        publication = make_publication(vocabulary, project, base)
    except BaseException:
        if checking is not None:
            checking.cancel()
        raise
    if checking is None:
        checking = Background(lambda: validate(base, publication))
    return base, publication, checking


class _Refused(Exception):
    """The vocabulary failed validation while the site was being written."""
