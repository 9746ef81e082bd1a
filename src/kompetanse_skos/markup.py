"""The HTML of a text and of a link (alone or in a list), the pieces every page repeats most.

They are Jinja filters (``{{ x|show }}``, ``{{ l|link }}``, ``{{ items|links }}``) rather than
template macros: a page of a large thesaurus shows dozens of them, and a Jinja macro call
costs ten times as much as a filter. The words they add come from the page's ``t``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape

from kompetanse_skos.pages import Link, Text


def text(x: Text) -> Markup:
    """Return a text, in a span with its language when that differs from the page's."""
    return Markup(_text(x))


@pass_context
def show(context: Context, x: Text) -> Markup:
    """Return a text and, if it is a fallback, the mark that says so."""
    return Markup(_text(x) + _fallback(x, context["t"]))


@pass_context
def link(context: Context, l: Link) -> Markup:  # noqa: E741 (the templates' name for a link)
    """Return a link with its notation, label, fallback mark and status badges."""
    t = context["t"]
    html = _text(l.label)
    if l.notation:
        html = f'<span class="notation">{_escape(l.notation)}</span> {html}'
    if l.href:
        external = ' class="external"' if l.external else ""
        html = f'<a href="{_escape(l.href)}"{external}>{html}</a>'
    html += _fallback(l.label, t)
    if l.draft:
        html += f' <span class="badge badge-draft">{_escape(t["status_DRAFT"])}</span>'
    if l.deprecated:
        html += f' <span class="badge badge-deprecated">{_escape(t["deprecated"])}</span>'
    return Markup(html)


@pass_context
def links(context: Context, items: Sequence[Link]) -> Markup:
    """Return one link as itself, several (or none) as a list."""
    if len(items) == 1:
        return link(context, items[0])
    rows = "".join(f"<li>{link(context, item)}</li>\n" for item in items)
    return Markup(f'<ul class="plain">\n{rows}</ul>\n')


def _text(x: Text) -> str:
    if x.lang:
        return f'<span lang="{_escape(x.lang)}">{_escape(x.text)}</span>'
    return _escape(x.text)


def _fallback(x: Text, t: dict[str, str]) -> str:
    """Return the visible mark of a text shown in another language than the page's."""
    if not x.fallback:
        return ""
    hidden = f'<span class="visually-hidden">{_escape(t["not_translated"])}: </span>'
    return f' <span class="fallback">{hidden}{_escape(x.fallback)}</span>'


def _escape(text: str) -> str:
    """Return *text* escaped for HTML, as plain text (joining Markup objects is slow)."""
    return str(escape(text))


FILTERS: dict[str, Any] = {"text": text, "show": show, "link": link, "links": links}
