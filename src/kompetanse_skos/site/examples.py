"""The example SPARQL queries, kept once as queries/*.rq for the docs, the site and tests."""

from __future__ import annotations

from importlib import resources

# The order the usage page shows them in.
EXAMPLES = ("concepts-with-themes", "subthemes-of-a-theme", "nynorsk-labels", "drafts")


def example_queries() -> dict[str, str]:
    """Return the example queries by name (the .rq file's name without its suffix), in order."""
    folder = resources.files(__package__).joinpath("queries")
    return {name: folder.joinpath(f"{name}.rq").read_text(encoding="utf-8") for name in EXAMPLES}
