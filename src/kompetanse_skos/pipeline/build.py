"""Build a vocabulary: read and check everything first, then write it all into place at once."""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from kompetanse_skos.errors import KompetanseError, ProfileError, ReleaseError
from kompetanse_skos.output.background import Background
from kompetanse_skos.output.folder import MARKER, is_previous_build, write_output
from kompetanse_skos.output.resources import MANIFEST, Progress, Reuse
from kompetanse_skos.project import Project
from kompetanse_skos.publication.files import (
    RECORD_PROFILE,
    Publication,
    publish,
    validate_publication,
    write_publication,
)
from kompetanse_skos.publication.void import write_void
from kompetanse_skos.release.changes import (
    compare_graphs,
    read_release,
    removal_message,
    write_changes,
)
from kompetanse_skos.site.render import render_site
from kompetanse_skos.validation.validate import (
    ValidationReport,
    available_profiles,
    check_profiles,
    load_checks,
)
from kompetanse_skos.vocabulary.enrich import enrich
from kompetanse_skos.vocabulary.limits import check_limits
from kompetanse_skos.vocabulary.load import Vocabulary, load_vocabulary, vocabulary_files
from kompetanse_skos.vocabulary.model import model_of

CHECKSUMS = "SHA256SUMS"
# The garbage collector's thresholds while a build runs, and so in its forked workers: a
# collection after 100,000 new objects instead of 700, the older generations seldom looked at.
COLLECTOR_THRESHOLDS = (100_000, 50, 100)


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


def read_vocabulary(project: Project, files: Sequence[Path] = ()) -> Vocabulary:
    """Load the given files (default: the project's ``vocab/``) as they will be published."""
    vocabulary = load_vocabulary(files or vocabulary_files(project.vocab_dir))
    check_limits(vocabulary)
    vocabulary.add(enrich(vocabulary))
    return vocabulary


def default_profiles(project: Project) -> list[str]:
    """Return the configured profiles, or every profile in the shapes folder."""
    return list(project.profiles or available_profiles(project.shapes_dir))


def check_vocabulary(
    project: Project,
    files: Sequence[Path] = (),
    profiles: Sequence[str] = (),
    ignore: Sequence[str] = (),
) -> tuple[Vocabulary, ValidationReport]:
    """Read the vocabulary and validate it, and what the catalogue harvests, with *profiles*."""
    with _collecting_seldom():
        vocabulary = read_vocabulary(project, files)
        chosen = _chosen_profiles(project, profiles, ignore)
        return vocabulary, _validate(project, vocabulary, chosen, ignore)


def _chosen_profiles(project: Project, profiles: Sequence[str], ignore: Sequence[str]) -> list[str]:
    """Return *profiles* (by default the configured ones), having checked them and *ignore*."""
    profiles = list(profiles) or default_profiles(project)
    check_profiles(project.shapes_dir, profiles)
    _check_ignored(project, profiles, ignore)
    return profiles


def _validate(
    project: Project,
    vocabulary: Vocabulary,
    profiles: list[str],
    ignore: Sequence[str],
    publication: Publication | None = None,
) -> ValidationReport:
    """Validate with *profiles* as ``_chosen_profiles`` returns them."""
    return validate_publication(vocabulary, project, profiles, publication).without(ignore)


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


def build(
    project: Project,
    files: Sequence[Path] = (),
    profiles: Sequence[str] = (),
    strict: bool = False,
    ignore: Sequence[str] = (),
    previous: str | Path | None = None,
    include_deprecated: bool = False,
    progress: Progress | None = None,
) -> BuildResult:
    """Validate, then write every output into the project's output folder.

    Nothing is written when validation finds a violation (or, with *strict*, a warning), or
    when a resource of the *previous* release (a dump's file or URL) is missing. The files
    of resources unchanged since the last build in the output folder are taken from it.
    *progress*, if given, hears each stage, and how far the long ones have come.
    """
    with _collecting_seldom():
        return _build(
            project, files, profiles, strict, ignore, previous, include_deprecated, progress
        )


@contextmanager
def _collecting_seldom() -> Iterator[None]:
    """Let the garbage collector run seldom, and give it back what ``_keep`` kept from it.

    Reading, validating and building a large vocabulary make millions of objects that live
    until the end; with the default thresholds the collector looked through them again and
    again (a tenth of the model's and the validation's time). Forked workers inherit this.
    """
    thresholds = gc.get_threshold()
    gc.set_threshold(*COLLECTOR_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


def _build(
    project: Project,
    files: Sequence[Path],
    profiles: Sequence[str],
    strict: bool,
    ignore: Sequence[str],
    previous: str | Path | None,
    include_deprecated: bool,
    progress: Progress | None,
) -> BuildResult:
    report_stage = progress or (lambda stage, done, total: None)
    report_stage("reading the vocabulary", 0, 0)
    chosen = _chosen_profiles(project, profiles, ignore)
    vocabulary = read_vocabulary(project, files)
    _keep()
    target = project.output_dir
    # Listing a thesaurus's previous build waits seconds on the disk when its 250,000 files
    # are not in the page cache: it is done in a child while the dumps are made.
    reading = Background(lambda: Reuse.of(target if is_previous_build(target) else None))
    report_stage("writing the dumps", 0, 0)
    try:
        publication, checking = _publish_and_check(project, vocabulary, chosen, ignore)
    except BaseException:
        reading.cancel()
        raise

    # Nothing is put in place until the checks pass, and the writing stops once they fail.
    def refused() -> bool:
        report = checking.result()
        return not report.conforms or (strict and report.has_warnings)

    def stage(name: str, done: int, total: int) -> None:
        report_stage(name, done, total)
        if checking.ready() and refused():
            raise _Refused

    try:
        changelog = None
        if previous is not None:
            changelog = compare_graphs(read_release(previous), vocabulary)
            if changelog.removed:
                raise ReleaseError(removal_message(changelog))
        reuse = reading.result()
        written = [MARKER, MANIFEST]  # the build's own records, and every file it holds

        def write(folder: Path) -> list[str]:
            downloads = write_publication(publication, folder)
            downloads += write_void(vocabulary, folder, project)
            files = list(downloads)
            if changelog is not None:
                files += write_changes(changelog, folder)
            written.extend(path.relative_to(folder).as_posix() for path in files)
            stage("writing the site", 0, 0)
            written.extend(
                render_site(
                    vocabulary,
                    folder,
                    project,
                    changelog=changelog,
                    include_deprecated=include_deprecated,
                    reuse=reuse,
                    progress=stage,
                    descriptions=publication.descriptions,
                )
            )
            report_stage("writing the checksums", 0, 0)
            written.append(write_checksums(folder, downloads).relative_to(folder).as_posix())
            report_stage("validating", 0, 0)
            if refused():
                raise _Refused
            return written

        protected = [project.root, project.vocab_dir]
        previous_build = None if reuse.listing is None else (reuse.listing, MANIFEST)
        write_output(target, write, protected, previous_build)
    except _Refused:
        return BuildResult(checking.result(), project.output_dir)
    except KompetanseError:
        # As when validation ran first: a vocabulary that fails is reported as such.
        if refused():
            return BuildResult(checking.result(), project.output_dir)
        raise
    finally:
        checking.cancel()
        reading.cancel()
    result = BuildResult(checking.result(), project.output_dir)
    result.written = sorted(written)
    return result


def _publish_and_check(
    project: Project, vocabulary: Vocabulary, profiles: list[str], ignore: Sequence[str]
) -> tuple[Publication, Background[ValidationReport]]:
    """Serialize the publication, and start validating in a forked child.

    The shapes run on one core while the dumps and the site are made on the others. The
    catalogue record is checked exactly as written, checksums and all, so when its profile
    is asked for, the checks start once the dumps are made.
    """
    checking = None
    if RECORD_PROFILE not in profiles:
        checking = Background(lambda: _validate(project, vocabulary, profiles, ignore))
    try:
        model_of(vocabulary)  # read now, to be kept from the collector with the vocabulary
        _keep()
        publication = publish(vocabulary, project)
    except BaseException:
        if checking is not None:
            checking.cancel()
        raise
    if checking is None:
        checking = Background(lambda: _validate(project, vocabulary, profiles, ignore, publication))
    return publication, checking


def _keep() -> None:
    """Keep every object made so far out of the garbage collector's sight until the build ends.

    The vocabulary and its model are millions of objects that live as long as the build;
    scanning them again and again took a tenth of a large build's time. ``build`` gives
    them back to the collector when it returns.
    """
    gc.freeze()


class _Refused(Exception):
    """The vocabulary failed validation while the site was being written."""


def write_checksums(folder: Path, files: Sequence[Path]) -> Path:
    """Write a ``sha256sum``-compatible list of the downloads in *folder*."""
    lines = []
    for path in sorted(files):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        lines.append(f"{digest}  {path.relative_to(folder).as_posix()}\n")
    target = folder / CHECKSUMS
    target.write_text("".join(lines), encoding="utf-8")
    return target
