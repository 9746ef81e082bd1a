"""The HTML of a text and of a link, the two pieces every page repeats most.

They are Jinja filters (``{{ x|show }}``, ``{{ l|link }}``) rather than template macros: a page
of a large thesaurus shows dozens of them, and a Jinja macro call costs ten times as much as
a filter. The words they add come from the page's ``t``.
"""

from __future__ import annotations

from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape

from kompetanse_skos.pages import Link, Text


def text(x: Text) -> Markup:
    """Return a text, in a span with its language when that differs from the page's."""
    if x.lang:
        return Markup(f'<span lang="{escape(x.lang)}">{escape(x.text)}</span>')
    return escape(x.text)


def fallback(x: Text, t: dict[str, str]) -> Markup:
    """Return the visible mark of a text shown in another language than the page's."""
    if not x.fallback:
        return Markup("")
    hidden = f'<span class="visually-hidden">{escape(t["not_translated"])}: </span>'
    return Markup(f' <span class="fallback">{hidden}{escape(x.fallback)}</span>')


@pass_context
def show(context: Context, x: Text) -> Markup:
    """Return a text and, if it is a fallback, the mark that says so."""
    return text(x) + fallback(x, context["t"])


@pass_context
def link(context: Context, l: Link) -> Markup:  # noqa: E741 (the templates' name for a link)
    """Return a link with its notation, label, fallback mark and status badges."""
    t = context["t"]
    inner = text(l.label)
    if l.notation:
        inner = Markup(f'<span class="notation">{escape(l.notation)}</span> ') + inner
    if l.href:
        external = ' class="external"' if l.external else ""
        inner = Markup(f'<a href="{escape(l.href)}"{external}>') + inner + Markup("</a>")
    html = inner + fallback(l.label, t)
    if l.draft:
        html += Markup(f' <span class="badge badge-draft">{escape(t["status_DRAFT"])}</span>')
    if l.deprecated:
        html += Markup(f' <span class="badge badge-deprecated">{escape(t["deprecated"])}</span>')
    return html


FILTERS: dict[str, Any] = {"text": text, "show": show, "link": link}
