"""What the site's own pages show: the home page, each scheme's, the hierarchy, the usage page.

Each view is computed after the views are set to the page it goes on, so that its links are
relative to that page.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from kompetanse_skos.publication.files import CHECKSUMS
from kompetanse_skos.rdf.formats import DUMP_FORMATS
from kompetanse_skos.release.changes import Changelog
from kompetanse_skos.site.frame import SITE_FOLDER, SITE_PAGES
from kompetanse_skos.site.indexes import (
    LETTER_DEPTH,
    Letter,
    SchemeTree,
    is_large,
    letter_place,
    letters_of,
    roots_by_letter,
)
from kompetanse_skos.site.pages import (
    Views,
    letter_anchor,
    sparql_examples,
    split_notes,
    web_href,
)
from kompetanse_skos.site.places import Place, relative_url
from kompetanse_skos.vocabulary.model import Model, Scheme

CHANGES_PAGE = Place("", f"{SITE_FOLDER}/changes")


@dataclass(frozen=True)
class Download:
    """One file of the whole vocabulary, as the home and usage pages list it."""

    label: str
    href: str
    media_type: str
    size: str


class SitePages:
    """Makes the views of one site's own pages."""

    def __init__(
        self,
        model: Model,
        places: dict[str, Place],
        base: str | None,
        main: Scheme | None,
        downloads: tuple[tuple[str, str, str, int], ...],
        changelog: Changelog | None,
        wheels: tuple[str, ...] | None = None,
        other_files: tuple[tuple[str, str, str, str, int], ...] = (),
        endpoint: str | None = None,
    ) -> None:
        """*wheels*, when given, are the schemes drawn as wheels (by default, those whose top
        concepts have narrower concepts)."""
        self.model = model
        self.wheels = wheels
        self.endpoint = endpoint  # the public SPARQL endpoint, when the settings name one
        self.other_files = other_files  # the key of its description, format, type, name, size
        self.places = places
        self.base = base
        self.main = main
        self.downloads = downloads  # label, media type, file name, size
        self.changelog = changelog

    def home(self, views: Views) -> dict[str, Any]:
        """Return what the home page shows: the main scheme, every scheme, the downloads."""
        # The main scheme's description is the home page's own introduction: not repeated.
        schemes = tuple(
            (
                views.link(uri),
                views.pick_all(scheme.descriptions) if scheme is not self.main else (),
                len(scheme.concepts),
            )
            for uri, scheme in self.model.schemes.items()
        )
        main = self.scheme(views, self.main) if self.main else None
        title = main["title"] if main else views.plain(views.t["vocabulary"])
        return {
            "title": title,
            "main": main,
            "schemes": schemes,
            "downloads": self._download_links(views),
            "other_files": self._other_links(views),
            "checksums": relative_url(views.source, CHECKSUMS),
            "concept_count": len(self.model.concepts),
            "changes": relative_url(views.source, CHANGES_PAGE.page(views.language))
            if self.changelog is not None
            else None,
        }

    def scheme(self, views: Views, scheme: Scheme) -> dict[str, Any]:
        """Return what a scheme's page (or the home page, for the main one) shows of it."""
        notes, editorial = split_notes(scheme.notes)
        if self.wheels is None:
            wheel = views.wheel(scheme)
        else:
            wheel = views.wheel(scheme, always=True) if scheme.uri in self.wheels else None
        return {
            "uri": scheme.uri,
            "uri_href": web_href(scheme.uri),
            "title": views.name(scheme.uri),
            "descriptions": views.pick_all(scheme.descriptions),
            "fields": views.scheme_fields(scheme),
            "notes": views.notes(notes),
            "editorial": views.pick_all(editorial),
            "top_concepts": views.links(views.scheme_roots(scheme)),
            "concept_count": len(scheme.concepts),
            "wheel": wheel,
            "wheel_desc": views.t["wheel_desc"].format(
                scheme=views.name(scheme.uri).text, count=len(scheme.top_concepts)
            ),
            "citation": views.citation(scheme),
            "draft": _draft_notices(views, self.model, scheme),
            "hierarchy": relative_url(
                views.source, SITE_PAGES["hierarchy"].page(views.language), _anchor(scheme.uri)
            ),
        }

    def hierarchy(
        self, views: Views, index: Place
    ) -> Iterator[tuple[Place, tuple[SchemeTree, ...]]]:
        """Yield the hierarchy's pages: one, or an index and a page per letter of the roots.

        Each page is computed after *views* is set to it, so that its links are relative to it.
        """
        language = views.language
        in_scheme = {uri for scheme in self.model.schemes.values() for uri in scheme.concepts}
        sections: list[tuple[str | None, list[str]]] = [
            (uri, views.scheme_roots(scheme)) for uri, scheme in self.model.schemes.items()
        ]
        others = [uri for uri in self.model.concepts if uri not in in_scheme]
        if others:
            sections.append((None, others))
        views.at(index.page(language))
        if not is_large(views):
            yield index, tuple(self._tree(views, uri, roots, ()) for uri, roots in sections)
            return
        groups = {uri: roots_by_letter(views, roots) for uri, roots in sections}
        letters = roots_by_letter(views, [root for _, roots in sections for root in roots])
        yield (
            index,
            tuple(
                SchemeTree(
                    views.link(uri) if uri else None,
                    _anchor(uri) if uri else "others-heading",
                    letters_of(views, index, groups[uri], None),
                    (),
                )
                for uri, _ in sections
            ),
        )
        for letter in letters:
            page = letter_place(index, letter_anchor(letter))
            views.at(page.page(language))
            nav = letters_of(views, index, letters, letter)
            yield (
                page,
                tuple(
                    self._tree(views, uri, groups[uri][letter], nav, depth=LETTER_DEPTH)
                    for uri, _ in sections
                    if letter in groups[uri]
                ),
            )

    def _tree(
        self,
        views: Views,
        uri: str | None,
        roots: list[str],
        letters: tuple[Letter, ...],
        depth: int | None = None,
    ) -> SchemeTree:
        return SchemeTree(
            views.link(uri) if uri else None,
            _anchor(uri) if uri else "others-heading",
            letters,
            views.tree(roots, depth=depth),
        )

    def usage(self, views: Views) -> dict[str, Any]:
        """Return what the usage page shows: downloads, an example concept, its RDF, queries."""
        example = self._example_concept(views)
        example_files: tuple[tuple[str, str, str], ...] = ()
        if example:
            place = self.places[example]
            example_files = tuple(
                (dump.label, dump.media_type, relative_url(views.source, place.rdf(dump.suffix)))
                for dump in DUMP_FORMATS
            )
        return {
            "downloads": self._download_links(views),
            "other_files": self._other_links(views),
            "checksums": relative_url(views.source, CHECKSUMS),
            "example": views.link(example) if example else None,
            "example_uri": example or "",
            "example_files": example_files,
            "curl": tuple(
                f'curl -L -H "Accept: {dump.media_type}" {example}' for dump in DUMP_FORMATS
            )
            if example
            else (),
            "queries": sparql_examples(views),
            "endpoint": self.endpoint,
            "sitemap": relative_url(views.source, "sitemap.xml") if self.base else None,
        }

    def _example_concept(self, views: Views) -> str | None:
        if self.main and self.main.top_concepts:
            return views.ordered(self.main.top_concepts)[0]
        return next(iter(self.model.concepts), None)

    def _other_links(self, views: Views) -> tuple[Download, ...]:
        return tuple(
            Download(
                f"{views.t[key]}, {label}" if key else name,
                relative_url(views.source, name),
                media_type,
                _size(size, views.interface),
            )
            for key, label, media_type, name, size in self.other_files
        )

    def _download_links(self, views: Views) -> tuple[Download, ...]:
        return tuple(
            Download(
                label, relative_url(views.source, name), media_type, _size(size, views.interface)
            )
            for label, media_type, name, size in self.downloads
        )


def _draft_notices(views: Views, model: Model, scheme: Scheme) -> tuple[str, ...]:
    """Return what says that a scheme is not final: its drafts, and a version below 1.0."""
    notices = []
    drafts = sum(
        1 for uri in scheme.concepts if uri in model.concepts and model.concepts[uri].draft
    )
    if drafts:
        notices.append(views.t["draft_banner"].format(n=drafts, total=len(scheme.concepts)))
    major = re.match(r"\s*v?(\d+)", scheme.version or "")
    if major and int(major.group(1)) < 1:
        notices.append(views.t["draft_version"].format(version=scheme.version))
    return tuple(notices)


def _anchor(uri: str) -> str:
    return "scheme-" + re.sub(r"[^A-Za-z0-9]+", "-", uri.split("://", 1)[-1]).strip("-").lower()


def _size(size: int, language: str) -> str:
    """Return a file size for people: "12,3 kB" in Norwegian, "12.3 kB" in English."""
    units = ("B", "kB", "MB", "GB")
    value = float(size)
    unit = 0
    while value >= 1000 and unit < len(units) - 1:
        value /= 1000
        unit += 1
    text = f"{value:.0f}" if unit == 0 else f"{value:.1f}"
    return (text if language == "en" else text.replace(".", ",")) + f"\u00a0{units[unit]}"
