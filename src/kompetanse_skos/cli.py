"""The command line: a thin shell over the library. The only module that prints or exits."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO, TypeVar

import click

from kompetanse_skos import __version__
from kompetanse_skos.errors import EXIT_NOT_CONFORMING
from kompetanse_skos.project import Project
from kompetanse_skos.rdf.formats import BY_NAME, GRAPH_FORMATS, SOLUTION_FORMATS

# Each command imports its library when it runs, as mkdocs does: `--help` and `--version`
# load no RDF or SHACL library.

F = TypeVar("F", bound=Callable[..., Any])


def _split_profiles(
    _ctx: click.Context, _param: click.Parameter, values: tuple[str, ...]
) -> tuple[str, ...]:
    return tuple(name.strip() for value in values for name in value.split(",") if name.strip())


# Options several commands share, each defined once.
root_option = click.option(
    "--root",
    type=click.Path(path_type=Path, file_okay=False),
    default=".",
    show_default=True,
    help="Project folder holding vocab/, shapes/ and pyproject.toml.",
)


def text_or_json(description: str) -> Callable[[F], F]:
    """Return the --format option of a command that prints text for people or JSON."""
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(["text", "json"]),
        default="text",
        show_default=True,
        help=description,
    )


built_option = click.option(
    "--out",
    "output_dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="The built folder (default: build/ in the project).",
)


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
    function = root_option(function)
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
@text_or_json("Report format.")
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
    from kompetanse_skos.pipeline.check import check_vocabulary
    from kompetanse_skos.validation.report import report_json, report_text
    from kompetanse_skos.validation.validate import load_checks

    project = Project.from_root(root)
    _, report = check_vocabulary(project, files, profiles, ignore)
    if output_format == "json":
        click.echo(report_json(report))
    else:
        _, checks = load_checks(project.shapes_dir, report.profiles)
        click.echo(report_text(report, checks, strict))
    if not report.conforms or (strict and report.has_warnings):
        sys.exit(EXIT_NOT_CONFORMING)


@cli.command("build")
@input_options
@click.option(
    "--out",
    "output_dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="Output folder (default: build/ in the project); only an earlier build (or an empty "
    "folder) is ever replaced.",
)
@click.option("--strict", is_flag=True, help="Stop on warnings too.")
@click.option(
    "--previous",
    metavar="FILE_OR_URL",
    help="The previous release's dump: fail if any of its URIs is missing, else write "
    "the changelog (changes page, changes.json, changes.ttl).",
)
@click.option(
    "--include-deprecated",
    is_flag=True,
    help="Show deprecated concepts in the hierarchy and the search too.",
)
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
def build_command(
    files: tuple[Path, ...],
    profiles: tuple[str, ...],
    ignore: tuple[str, ...],
    root: Path,
    output_dir: Path | None,
    strict: bool,
    previous: str | None,
    include_deprecated: bool,
    quiet: bool,
) -> None:
    """Validate, then write the dumps, the catalogue record and the site into the output folder.

    Nothing is written if validation finds a violation; a failed build leaves the
    previous output folder as it was. A rebuild writes only what an edit touches; the
    result is the same as a full build.

    \b
    Examples:
        kompetanse-skos build
        kompetanse-skos build --profile skos --ignore S13 --out /tmp/los los/all.rdf
        kompetanse-skos build --previous https://psi.norge.no/kompetansemodell/all.ttl
    """
    from kompetanse_skos.pipeline.build import BUILD_PROFILES, BuildOptions, build
    from kompetanse_skos.validation.report import report_text, summary
    from kompetanse_skos.validation.validate import load_checks

    project = Project.from_root(root, output_dir)
    progress = _ProgressLine(sys.stderr) if _shows_progress(quiet) else None
    try:
        options = BuildOptions(
            files=files,
            profiles=profiles,
            strict=strict,
            ignore=ignore,
            previous=previous,
            include_deprecated=include_deprecated,
        )
        result = build(project, options, progress)
    finally:
        if progress is not None:
            progress.clear()
    if not result.built:
        _, checks = load_checks(project.shapes_dir, result.report.profiles)
        click.echo(report_text(result.report, checks, strict), err=True)
        raise click.ClickException(f"nothing was written to {result.output_dir}") from None
    if not quiet:
        if result.report.findings:
            click.echo(summary(result.report), err=True)
        click.echo(f"Wrote {len(result.written)} files to {result.output_dir}")
    # What the build itself warns of (a version not raised, a site language no label is in)
    # is shown even under --quiet.
    for finding in result.report.findings:
        if finding.profile in BUILD_PROFILES:
            click.echo(f"{finding.severity} ({finding.check}): {finding.message}", err=True)


def _shows_progress(quiet: bool) -> bool:
    """Show progress only to a person at a terminal: not under --quiet, in CI or a pipe."""
    return (
        not quiet
        and sys.stderr.isatty()
        and not os.environ.get("CI")
        and os.environ.get("TERM") != "dumb"
    )


class _ProgressLine:
    """One line on a terminal that says what the build is doing and how far it has come."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.shown = ""
        self.last = 0.0

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if total and 0 < done < total and now - self.last < 0.1:
            return  # at most ten updates a second
        self.last = now
        text = f"{stage}: {done:,} of {total:,} ({done * 100 // total}%)" if total else f"{stage}…"
        self._show(text)

    def clear(self) -> None:
        """Remove the line, so that what the command prints next starts on a clean line."""
        self._show("")

    def _show(self, text: str) -> None:
        padding = " " * max(0, len(self.shown) - len(text))
        self.stream.write(f"\r{text}{padding}\r{text}" if text else f"\r{padding}\r")
        self.stream.flush()
        self.shown = text


@cli.command("checks")
@click.option(
    "-p",
    "--profile",
    "profiles",
    multiple=True,
    callback=_split_profiles,
    help="Profile whose checks to list (repeat, or separate by commas). "
    "Default: the project's profiles, or all of them.",
)
@root_option
@text_or_json("List format; json adds each check's description.")
def checks_command(profiles: tuple[str, ...], root: Path, output_format: str) -> None:
    """List every check: its id, profile, severity and title.

    \b
    Example:
        kompetanse-skos checks --profile skos
    """
    from kompetanse_skos.pipeline.check import default_profiles
    from kompetanse_skos.validation.report import checks_json, checks_text
    from kompetanse_skos.validation.validate import load_checks

    project = Project.from_root(root)
    _, checks = load_checks(project.shapes_dir, list(profiles) or default_profiles(project))
    ordered = sorted(checks.values(), key=lambda c: (c.profile, c.id))
    click.echo(checks_json(ordered) if output_format == "json" else checks_text(ordered))


@cli.command("query")
@click.argument("text", metavar="[QUERY]", required=False)
@click.option(
    "-f",
    "--file",
    "query_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Read the query from this file instead.",
)
@click.option(
    "-d",
    "--data",
    "files",
    multiple=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="RDF file to query, such as a built dump (repeat for more). Default: vocab/.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice([*SOLUTION_FORMATS, *GRAPH_FORMATS]),
    help="Result format. Default: a table for SELECT and ASK, Turtle for CONSTRUCT and DESCRIBE.",
)
@root_option
def query_command(
    text: str | None,
    query_file: Path | None,
    files: tuple[Path, ...],
    output_format: str | None,
    root: Path,
) -> None:
    """Run a SPARQL 1.1 query over the vocabulary, or over the RDF files given.

    A malformed query is reported with its line and column, and exits 2.

    \b
    Examples:
        kompetanse-skos query 'SELECT * WHERE { ?s a ?type } LIMIT 5'
        kompetanse-skos query --file drafts.rq --format csv --data build/all.ttl
    """
    from kompetanse_skos.serving.query import query_answer, read_query, vocabulary_store

    query, source = read_query(text, query_file)
    store = vocabulary_store(Project.from_root(root), files)
    click.echo(query_answer(store, query, source, output_format), nl=False)


@cli.command("fix")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path, dir_okay=False))
@root_option
@click.option(
    "--out",
    type=click.Path(path_type=Path, dir_okay=False),
    required=True,
    help="File to write the repaired copy to (Turtle); never one of the inputs.",
)
@click.option(
    "--skip",
    multiple=True,
    callback=_split_profiles,
    help="Repair rule to leave out (repeat, or separate by commas); README lists the rules.",
)
@text_or_json("Report format.")
def fix_command(
    files: tuple[Path, ...], root: Path, out: Path, skip: tuple[str, ...], output_format: str
) -> None:
    """Repair what has one safe repair in a copy of the vocabulary, and report every change.

    Reads the files given (default: vocab/), writes the repaired copy to --out and lists
    each repair: resource, rule, what, why and the check it answers. What cannot be
    repaired safely (a cycle, one URI for two kinds of thing) is listed with the way to
    mend it by hand, and the exit code is then 1.

    \b
    Example:
        kompetanse-skos fix --out fixed.ttl thesaurus.rdf
    """
    from kompetanse_skos.repair.fix import fix_graph, fix_json, fix_text, read_graph, write_fixed
    from kompetanse_skos.vocabulary.load import vocabulary_files

    inputs = list(files) or vocabulary_files(Project.from_root(root).vocab_dir)
    result = fix_graph(read_graph(inputs), skip)
    write_fixed(result, out, inputs)
    click.echo(fix_json(result, out) if output_format == "json" else fix_text(result, out))
    if result.problems:
        sys.exit(EXIT_NOT_CONFORMING)


@cli.command("diff")
@click.argument("old", metavar="OLD")
@click.argument("new", metavar="NEW")
@text_or_json("Changelog format; json is the form of changes.json.")
def diff_command(old: str, new: str, output_format: str) -> None:
    """Print the concept-level changes between two versions (files or URLs).

    \b
    Example:
        kompetanse-skos diff https://psi.norge.no/kompetansemodell/all.ttl build/all.ttl
    """
    from kompetanse_skos.release.changes import (
        changes_json,
        changes_text,
        compare_graphs,
        read_release,
    )

    changelog = compare_graphs(read_release(old), read_release(new))
    click.echo(changes_json(changelog) if output_format == "json" else changes_text(changelog))


@cli.command("serve")
@root_option
@built_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, help="Port to listen on (0: any).")
@click.option("--timeout", default=10.0, show_default=True, help="Seconds a SPARQL query may run.")
@click.option(
    "--max-rows", default=10_000, show_default=True, help="Rows a SPARQL result may hold."
)
@click.option(
    "--workers", default=2, show_default=True, help="SPARQL queries answered at the same time."
)
@click.option(
    "--allow-service",
    "allowed_services",
    multiple=True,
    metavar="HOST",
    help="A host (or host:port) SPARQL SERVICE may call; repeat for more. Default: none.",
)
@click.option(
    "--client-timeout",
    default=10.0,
    show_default=True,
    help="Seconds a client may stay silent while sending a request.",
)
def serve_command(
    root: Path,
    output_dir: Path | None,
    host: str,
    port: int,
    timeout: float,
    max_rows: int,
    workers: int,
    allowed_services: tuple[str, ...],
    client_timeout: float,
) -> None:
    """Serve the built site with content negotiation, and SPARQL at /sparql.

    A concept's URI path gives browsers its page and clients that ask for RDF its RDF.
    The SPARQL endpoint is read-only; a query is stopped after --timeout seconds, and a
    query that calls SERVICE is refused (400) unless --allow-service names its host.
    Any origin may read (CORS). Requests answered with an error are logged to stderr.

    \b
    Example:
        kompetanse-skos serve --port 8000
        curl -H 'Accept: text/turtle' http://127.0.0.1:8000/transformasjonsledelse
    """
    import logging

    from kompetanse_skos.serving.serve import make_server, serve

    logging.basicConfig(format="%(message)s", stream=sys.stderr)
    project = Project.from_root(root, output_dir)
    data = project.output_dir / f"{project.name}{BY_NAME['nt'].suffix}"
    server = make_server(
        project.output_dir,
        host,
        port,
        data,
        timeout,
        max_rows,
        workers,
        allowed_services,
        client_timeout,
    )
    click.echo(f"Serving {project.output_dir} at {server.url} (SPARQL: {server.url}sparql)")
    serve(server)


@cli.command("publish")
@click.option("--endpoint", required=True, help="The store's Graph Store Protocol URL.")
@click.option("--graph", "graph_iri", help="Named graph to replace (default: the base URI).")
@root_option
@built_option
def publish_command(
    endpoint: str, graph_iri: str | None, root: Path, output_dir: Path | None
) -> None:
    """Load the built vocabulary into a named graph of a SPARQL store, replacing it.

    Credentials come from KOMPETANSE_SKOS_USER and KOMPETANSE_SKOS_PASSWORD (HTTP Basic)
    or KOMPETANSE_SKOS_TOKEN (Bearer), and are never printed.

    \b
    Example:
        kompetanse-skos publish --endpoint http://127.0.0.1:7878/store
    """
    from kompetanse_skos.serving.graphstore import default_graph, publish_graph

    project = Project.from_root(root, output_dir)
    dump = project.output_dir / f"{project.name}{BY_NAME['nt'].suffix}"
    result = publish_graph(endpoint, dump, graph_iri or default_graph(dump, project))
    click.echo(f"Published {result.triples} triples to <{result.graph}> at {result.endpoint}")


@cli.command("export")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--xlsx",
    "workbook",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="The workbook to write (.xlsx).",
)
@root_option
def export_command(files: tuple[Path, ...], workbook: Path, root: Path) -> None:
    """Write the vocabulary (vocab/, or the FILES given) as a workbook to edit.

    A sheet per concept scheme with a row per concept, the schemes' metadata, the
    collections, and a read-me sheet in bokmål, nynorsk and English.

    \b
    Example:
        kompetanse-skos export --xlsx kompetansemodell.xlsx
    """
    from kompetanse_skos.vocabulary.load import load_vocabulary, vocabulary_files
    from kompetanse_skos.workbook.export import export_workbook

    project = Project.from_root(root)
    vocabulary = load_vocabulary(files or vocabulary_files(project.vocab_dir))
    sheets = export_workbook(vocabulary, workbook)
    click.echo(f"Wrote {len(sheets.rows())} rows to {workbook}")


@cli.command("import")
@click.argument("workbook", type=click.Path(path_type=Path, dir_okay=False))
@click.argument("files", nargs=-1, type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--out",
    "output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="The Turtle file to write (default: the vocabulary's file, when it is one).",
)
@click.option(
    "--previous",
    metavar="FILE_OR_URL",
    help="The previous release's dump: fail if the workbook drops any of its URIs.",
)
@click.option(
    "-p",
    "--profile",
    "profiles",
    multiple=True,
    callback=_split_profiles,
    help="Profile to check with (repeat, or separate by commas). Default: the project's.",
)
@click.option(
    "--ignore",
    multiple=True,
    callback=_split_profiles,
    help="Check id to leave out of the report (repeat, or separate by commas).",
)
@root_option
@text_or_json("Format of the errors and the report.")
def import_command(
    workbook: Path,
    files: tuple[Path, ...],
    output: Path | None,
    previous: str | None,
    profiles: tuple[str, ...],
    ignore: tuple[str, ...],
    root: Path,
    output_format: str,
) -> None:
    """Read an edited workbook back into the vocabulary's Turtle (vocab/, or the FILES given).

    Errors are reported by cell (Begreper!C12) and nothing is written; then the
    profiles run as validate would, and a violation also leaves the file as it was.

    \b
    Example:
        kompetanse-skos import kompetansemodell.xlsx --out vocab/fagkunnskap-og-ferdigheter.ttl
    """
    from kompetanse_skos.workbook.importer import ImportOptions, import_workbook
    from kompetanse_skos.workbook.report import import_json, import_text

    project = Project.from_root(root)
    options = ImportOptions(files, output, previous, profiles, ignore)
    result = import_workbook(project, workbook, options)
    if output_format == "json":
        click.echo(import_json(result))
    else:
        click.echo(import_text(result, project), err=not result.written)
    if not result.written:
        sys.exit(EXIT_NOT_CONFORMING)
