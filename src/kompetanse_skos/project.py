"""Where a project's inputs and outputs are, and its small configuration."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from kompetanse_skos.errors import LoadError

# The repository that holds this package also holds the default shapes and templates, so the
# tool works on any vocabulary from any folder.
_REPOSITORY = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Project:
    """The folders a build reads and writes, and the settings from ``[tool.kompetanse-skos]``."""

    root: Path
    vocab_dir: Path
    shapes_dir: Path
    templates_dir: Path
    output_dir: Path
    name: str = "vocabulary"
    profiles: tuple[str, ...] = field(default_factory=tuple)
    # Where the build folder is published, when not at the vocabulary's base URI.
    base_url: str | None = None
    # The whole [tool.kompetanse-skos] table, for the modules with settings of their own.
    settings: dict[str, object] = field(default_factory=dict, compare=False)

    @classmethod
    def from_root(cls, root: Path, output_dir: Path | None = None) -> Project:
        """Read the project at *root*, falling back to this repository's shapes and templates."""
        root = root.resolve()
        settings = _settings(root / "pyproject.toml")
        return cls(
            root=root,
            vocab_dir=root / "vocab",
            shapes_dir=_own_or_default(root, "shapes"),
            templates_dir=_own_or_default(root, "site_templates"),
            output_dir=(output_dir or root / "build").resolve(),
            name=text_setting(settings, "name") or "vocabulary",
            profiles=list_setting(settings, "profiles"),
            base_url=text_setting(settings, "base-url"),
            settings=settings,
        )


def _own_or_default(root: Path, folder: str) -> Path:
    own = root / folder
    return own if own.is_dir() else _REPOSITORY / folder


def _settings(pyproject: Path) -> dict[str, object]:
    if not pyproject.is_file():
        return {}
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise LoadError(f"{pyproject}: {error}") from error
    settings = data.get("tool", {}).get("kompetanse-skos", {})
    return settings if isinstance(settings, dict) else {}


def text_setting(table: dict[str, object], key: str) -> str | None:
    """Return the setting *key*: a non-empty string, or None when it is not set."""
    value = table.get(key)
    if value is None or (isinstance(value, str) and value.strip()):
        return value.strip() if isinstance(value, str) else None
    raise LoadError(f"[tool.kompetanse-skos] {key} must be a non-empty string, not {value!r}")


def list_setting(table: Mapping[str, object], key: str) -> tuple[str, ...]:
    """Return the setting *key*: a list of non-empty strings, empty when it is not set."""
    value = table.get(key, [])
    if isinstance(value, list) and all(isinstance(item, str) and item for item in value):
        return tuple(value)
    raise LoadError(f"[tool.kompetanse-skos] {key} must be a list of strings, not {value!r}")
