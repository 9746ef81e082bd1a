"""The HTML of a text and of a link (alone or in a list), the pieces every page repeats most.

They are Jinja filters (``{{ x|show }}``, ``{{ l|link }}``, ``{{ items|links }}`` ...) rather than
template macros: a page of a large thesaurus shows dozens of them, and a Jinja macro call
costs ten times as much as a filter. Each language has its own filters: the words they add
are that language's.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from markupsafe import Markup

from kompetanse_skos.site.pages import Link, Text
from kompetanse_skos.vocabulary.model import begins_with_notation

_REMEMBERED = 100_000  # links' HTML kept, at most; then the memory starts afresh


def filters(t: Mapping[str, str]) -> dict[str, Any]:
    """Return the filters of pages whose interface words are *t* (one language's strings)."""
    # What marks a text shown in another language: the same words on every such text.
    hidden = f'<span class="visually-hidden">{escape_text(t["not_translated"])}: </span>'

    def show(x: Text) -> Markup:
        """Return a text and, if it is a fallback, the mark that says so."""
        return Markup(_text(x) + _fallback(x, hidden))

    # The views keep one Link per resource and page depth; a site's index pages show each
    # of them several times, so each one's HTML is kept beside it.
    made: dict[int, tuple[Link, Markup]] = {}

    def link(l: Link) -> Markup:  # noqa: E741 (the templates' name for a link)
        """Return a link with its notation, label, fallback mark and status badges."""
        found = made.get(id(l))
        if found is not None and found[0] is l:
            return found[1]
        if len(made) > _REMEMBERED:
            made.clear()
        html = made[id(l)] = (l, _link(l))
        return html[1]

    def _link(l: Link) -> Markup:  # noqa: E741
        html = _text(l.label)
        if l.notation and not begins_with_notation(l.label.text, l.notation):
            html = f'<span class="notation">{escape_text(l.notation)}</span> {html}'
        if l.href:
            external = ' class="external"' if l.external else ""
            html = f'<a href="{escape_text(l.href)}"{external}>{html}</a>'
        html += _fallback(l.label, hidden)
        if l.draft:
            html += f' <span class="badge badge-draft">{escape_text(t["status_DRAFT"])}</span>'
        if l.deprecated:
            html += f' <span class="badge badge-deprecated">{escape_text(t["deprecated"])}</span>'
        return Markup(html)

    def link_list(items: Sequence[Link]) -> Markup:
        """Return links as a list, one item each."""
        rows = "".join(f"<li>{link(item)}</li>\n" for item in items)
        return Markup(f'<ul class="plain">\n{rows}</ul>\n')

    def links(items: Sequence[Link]) -> Markup:
        """Return one link as itself, several (or none) as a list."""
        return link(items[0]) if len(items) == 1 else link_list(items)

    def lines(items: Sequence[Text]) -> Markup:
        """Return texts one to a line, each with its fallback mark."""
        return Markup("<br>".join(_text(x) + _fallback(x, hidden) for x in items))

    return {
        "show": show,
        "link": link,
        "link_list": link_list,
        "links": links,
        "lines": lines,
    }


def _text(x: Text) -> str:
    if x.lang:
        return f'<span lang="{escape_text(x.lang)}">{escape_text(x.text)}</span>'
    return escape_text(x.text)


def _fallback(x: Text, hidden: str) -> str:
    """Return the visible mark of a text shown in another language than the page's.

    *hidden* is the HTML of the words that say so to a screen reader.
    """
    if not x.fallback:
        return ""
    return f' <span class="fallback">{hidden}{escape_text(x.fallback)}</span>'


def _escape_by_replacing(text: str) -> str:
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&#34;")
        .replace("'", "&#39;")
    )


# escape_text(text) returns *text* escaped for HTML as markupsafe escapes it, as a plain
# string: joining Markup objects is slow, and so is making them. markupsafe's own escaping
# in C, without the Markup, is four times as fast as replacing in Python.
escape_text: Callable[[str], str]
try:
    from markupsafe._speedups import _escape_inner

    escape_text = _escape_inner
except ImportError:  # pragma: no cover (a markupsafe built without its speedups)
    escape_text = _escape_by_replacing
