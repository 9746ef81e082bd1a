"""The command line: a thin shell over the library. The only module that prints or exits."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from kompetanse_skos import __version__
from kompetanse_skos.build import build, check_vocabulary, default_profiles
from kompetanse_skos.errors import EXIT_NOT_CONFORMING
from kompetanse_skos.project import Project
from kompetanse_skos.report import checks_json, checks_text, report_json, report_text, summary
from kompetanse_skos.validate import load_checks

F = TypeVar("F", bound=Callable[..., Any])


def _split_profiles(
    _ctx: click.Context, _param: click.Parameter, values: tuple[str, ...]
) -> tuple[str, ...]:
    return tuple(name.strip() for value in values for name in value.split(",") if name.strip())


def input_options(function: F) -> F:
    """Add the options every command that reads a vocabulary shares."""
    function = click.argument("files", nargs=-1, type=click.Path(path_type=Path, dir_okay=False))(
        function
    )
    function = click.option(
        "-p",
        "--profile",
        "profiles",
        multiple=True,
        callback=_split_profiles,
        help="Profile to check with (repeat, or separate by commas). "
        "Default: the project's profiles, or all of them.",
    )(function)
    function = click.option(
        "--ignore",
        multiple=True,
        callback=_split_profiles,
        help="Check id to leave out of the report (repeat, or separate by commas); for "
        "known defects of a vocabulary you do not maintain.",
    )(function)
    function = click.option(
        "--root",
        type=click.Path(path_type=Path, file_okay=False),
        default=".",
        show_default=True,
        help="Project folder holding vocab/, shapes/ and pyproject.toml.",
    )(function)
    return function


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kompetanse-skos")
def cli() -> None:
    """Validate a SKOS vocabulary and publish it as linked data.

    Exit codes: 0 success, 1 the vocabulary does not conform, 2 bad usage,
    3 input unreadable, 4 output not writable.
    """


@cli.command("validate")
@input_options
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Report format.",
)
@click.option("--strict", is_flag=True, help="Treat warnings as failures (exit 1).")
def validate_command(
    files: tuple[Path, ...],
    profiles: tuple[str, ...],
    ignore: tuple[str, ...],
    root: Path,
    output_format: str,
    strict: bool,
) -> None:
    """Check a vocabulary against SKOS integrity, quality and catalogue profiles.

    Reads every file in vocab/, or the FILES given, in any RDF syntax.

    \b
    Examples:
        kompetanse-skos validate
        kompetanse-skos validate --profile skos --format json ../shared/reference/vocabs/los/all.rdf
    """
    project = Project.from_root(root)
    _, report = check_vocabulary(project, files, profiles, ignore)
    if output_format == "json":
        click.echo(report_json(report))
    else:
        _, checks = load_checks(project.shapes_dir, report.profiles)
        click.echo(report_text(report, checks))
    if not report.conforms or (strict and report.has_warnings):
        sys.exit(EXIT_NOT_CONFORMING)


@cli.command("build")
@input_options
@click.option(
    "--out",
    "output_dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="Output folder (default: build/ in the project). It is replaced as a whole.",
)
@click.option("--strict", is_flag=True, help="Stop on warnings too.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
def build_command(
    files: tuple[Path, ...],
    profiles: tuple[str, ...],
    ignore: tuple[str, ...],
    root: Path,
    output_dir: Path | None,
    strict: bool,
    quiet: bool,
) -> None:
    """Validate, then write the RDF dumps and checksums into the output folder.

    Nothing is written if validation finds a violation; a failed build leaves the
    previous output folder as it was.

    \b
    Examples:
        kompetanse-skos build
        kompetanse-skos build --profile skos --ignore S13 --out /tmp/los los/all.rdf
    """
    project = Project.from_root(root, output_dir)
    result = build(project, files, profiles, strict=strict, ignore=ignore)
    if not result.built:
        _, checks = load_checks(project.shapes_dir, result.report.profiles)
        click.echo(report_text(result.report, checks), err=True)
        raise click.ClickException(f"nothing was written to {result.output_dir}") from None
    if not quiet:
        if result.report.findings:
            click.echo(summary(result.report), err=True)
        click.echo(f"Wrote {len(result.written)} files to {result.output_dir}")


@cli.command("checks")
@click.option("-p", "--profile", "profiles", multiple=True, callback=_split_profiles)
@click.option("--root", type=click.Path(path_type=Path, file_okay=False), default=".")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text")
def checks_command(profiles: tuple[str, ...], root: Path, output_format: str) -> None:
    """List every check: its id, profile, severity and title.

    \b
    Example:
        kompetanse-skos checks --profile skos
    """
    project = Project.from_root(root)
    _, checks = load_checks(project.shapes_dir, list(profiles) or default_profiles(project))
    ordered = sorted(checks.values(), key=lambda c: (c.profile, c.id))
    click.echo(checks_json(ordered) if output_format == "json" else checks_text(ordered))
