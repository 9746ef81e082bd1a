"""What the page of changes shows: each change since the previous release, linked."""

from __future__ import annotations

from dataclasses import dataclass

from kompetanse_skos.rdf.languages import language_name
from kompetanse_skos.release.changes import KINDS, Changelog
from kompetanse_skos.site.pages import Link, Views
from kompetanse_skos.site.places import relative_url
from kompetanse_skos.vocabulary.model import Label

_LINKED_KINDS = ("deprecated", "moved", "related", "mapping")


@dataclass(frozen=True)
class ChangeRow:
    """One change as the changes page shows it."""

    link: Link
    language: str
    before: tuple[Link, ...]
    after: tuple[Link, ...]
    after_label: str


def changes_view(views: Views, changelog: Changelog, files: tuple[str, ...]) -> dict[str, object]:
    """Return what the changes page shows, in the language of *views*."""
    t = views.t
    sections = []
    for kind in KINDS:
        rows = []
        for change in changelog.of_kind(kind):
            if kind in _LINKED_KINDS:
                before = tuple(views.link(uri) for uri in change.before)
                after = tuple(views.link(uri) for uri in change.after)
                language = t.get(change.language, change.language) if kind == "mapping" else ""
            else:
                before = tuple(_text_link(views, text, change.language) for text in change.before)
                after = tuple(_text_link(views, text, change.language) for text in change.after)
                language = (
                    language_name(change.language, views.interface) if change.language else ""
                )
            after_label = t["replaced_by"] if kind == "deprecated" else t["change_after"]
            rows.append(ChangeRow(views.link(change.uri), language, before, after, after_label))
        if rows:
            sections.append((t[f"change_{kind}"], f"change-{kind.replace('_', '-')}", tuple(rows)))
    return {
        "intro": t["changes_intro"].format(
            old=changelog.old_version or "?", new=changelog.new_version or "?"
        ),
        "sections": tuple(sections),
        "files": tuple((name, relative_url(views.source, name)) for name in files),
    }


def _text_link(views: Views, text: str, language: str) -> Link:
    return Link(views.own(Label(text, language)), None)
