"""README.md stays true: every command has help and appears there with an example."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from conftest import ROOT
from kompetanse_skos.cli import cli

README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_command_has_help_and_readme_example(name: str) -> None:
    command = cli.commands[name]
    assert command.help and command.help.strip()
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.stdout
    assert f"kompetanse-skos {name}" in README


def test_readme_documents_every_exit_code() -> None:
    for code in ("0", "1", "2", "3", "4"):
        assert re.search(rf"^\|\s*`?{code}`?\s*\|", README, re.MULTILINE), code


def test_readme_gives_the_two_setup_commands_that_ci_runs() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    for script in ("scripts/setup-and-build", "scripts/test"):
        assert script in README
        assert (ROOT / script).is_file()
    assert "scripts/test" in ci


def test_readme_shows_every_folder_of_the_package() -> None:
    """The "What is where" table has a line for each folder of the package, and no other."""
    package = ROOT / "src" / "kompetanse_skos"
    folders = {
        f"src/{path.relative_to(package.parent).as_posix()}/"
        for path in package.rglob("*")
        if path.is_dir() and (path / "__init__.py").is_file()
    } | {"src/kompetanse_skos/"}
    listed = set(re.findall(r"^\| `(src/kompetanse_skos/[\w/]*)` \|", README, re.MULTILINE))
    assert listed == folders
