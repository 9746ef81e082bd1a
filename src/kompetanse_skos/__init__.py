"""Validate a SKOS vocabulary and publish it as linked data: RDF dumps and a static site."""

__version__ = "0.1.0"

from kompetanse_skos.pipeline.build import BuildOptions, BuildResult, build
from kompetanse_skos.pipeline.check import check_vocabulary
from kompetanse_skos.project import Project
from kompetanse_skos.validation.validate import Finding, ValidationReport, validate_vocabulary
from kompetanse_skos.vocabulary.load import Vocabulary, load_vocabulary
from kompetanse_skos.vocabulary.read import read_vocabulary

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
