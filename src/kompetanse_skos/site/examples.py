"""The example SPARQL queries, kept once as queries/*.rq for the docs, the site and tests.

The queries show labels in bokmål ("nb") and list the terms in nynorsk ("nn"); a site in other
languages shows them with its own.
"""

from __future__ import annotations

from importlib import resources

# The order the usage page shows them in.
EXAMPLES = ("concepts-with-themes", "subthemes-of-a-theme", "terms-in-a-language", "drafts")


def example_queries(labels: str = "nb", terms: str = "nn") -> dict[str, str]:
    """Return the example queries by name (the .rq file's name without its suffix), in order.

    They show labels in the language *labels*, and list the terms in the language *terms*.
    """
    folder = resources.files(__package__).joinpath("queries")
    found = {}
    for name in EXAMPLES:
        text = folder.joinpath(f"{name}.rq").read_text(encoding="utf-8")
        text = text.replace(', "nb"))', f', "{labels}"))')
        found[name] = text.replace(', "nn"))', f', "{terms}"))')
    return found
