"""Validate a SKOS vocabulary and publish it as linked data: RDF dumps and a static site."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from kompetanse_skos.pipeline.build import BuildOptions, BuildResult, build
    from kompetanse_skos.pipeline.check import check_vocabulary
    from kompetanse_skos.project import Project
    from kompetanse_skos.validation.validate import Finding, ValidationReport, validate_vocabulary
    from kompetanse_skos.vocabulary.load import Vocabulary, load_vocabulary
    from kompetanse_skos.vocabulary.read import read_vocabulary

# The library's entry points, each imported on first use, so that the command line (which
# imports this package) starts without the RDF and SHACL libraries.
_EXPORTS = {
    "BuildOptions": "kompetanse_skos.pipeline.build",
    "BuildResult": "kompetanse_skos.pipeline.build",
    "build": "kompetanse_skos.pipeline.build",
    "check_vocabulary": "kompetanse_skos.pipeline.check",
    "Project": "kompetanse_skos.project",
    "Finding": "kompetanse_skos.validation.validate",
    "ValidationReport": "kompetanse_skos.validation.validate",
    "validate_vocabulary": "kompetanse_skos.validation.validate",
    "Vocabulary": "kompetanse_skos.vocabulary.load",
    "load_vocabulary": "kompetanse_skos.vocabulary.load",
    "read_vocabulary": "kompetanse_skos.vocabulary.read",
}
__all__ = [
    "BuildOptions",
    "BuildResult",
    "Finding",
    "Project",
    "ValidationReport",
    "Vocabulary",
    "__version__",
    "build",
    "check_vocabulary",
    "load_vocabulary",
    "read_vocabulary",
    "validate_vocabulary",
]


def __getattr__(name: str) -> Any:
    """Import an entry point of the library when it is first asked for."""
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(_EXPORTS[name]), name)
