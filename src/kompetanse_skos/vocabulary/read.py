"""Read a project's vocabulary as it will be published: loaded, within limits, enriched."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from kompetanse_skos.project import Project
from kompetanse_skos.vocabulary.enrich import enrich
from kompetanse_skos.vocabulary.limits import check_limits
from kompetanse_skos.vocabulary.load import Vocabulary, load_vocabulary, vocabulary_files


def read_vocabulary(project: Project, files: Sequence[Path] = ()) -> Vocabulary:
    """Load the given files (default: the project's ``vocab/``) as they will be published."""
    vocabulary = load_vocabulary(files or vocabulary_files(project.vocab_dir))
    check_limits(vocabulary)
    vocabulary.add(enrich(vocabulary))
    return vocabulary
