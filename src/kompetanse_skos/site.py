"""Write the static site: pages in every language, per-resource RDF, search index, sitemap.

Everything is gathered first (the model, every resource's place) so that all links agree, then
written into the build's fresh folder; no file is ever written twice or outside that folder.
"""

from __future__ import annotations

import functools
import json
import posixpath
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from markupsafe import Markup

from kompetanse_skos.changes import CHANGES_FILES, Changelog, changes_view
from kompetanse_skos.dumps import (
    FORMATS,
    Descriptions,
    serialize_triples,
    used_prefixes,
)
from kompetanse_skos.hosting import SitemapEntry, htaccess, nginx, sitemaps
from kompetanse_skos.i18n import (
    DEFAULT_LANGUAGE,
    FALLBACKS,
    LANGUAGES,
    NATIVE_NAMES,
    language_name,
    strings,
)
from kompetanse_skos.indexes import (
    LETTER_DEPTH,
    Letter,
    SchemeTree,
    alphabetical_pages,
    is_large,
    letter_place,
    letters_of,
    roots_by_letter,
)
from kompetanse_skos.jsonld import concept_jsonld, scheme_jsonld, script_json
from kompetanse_skos.load import Vocabulary
from kompetanse_skos.model import Model, Scheme, main_scheme
from kompetanse_skos.pages import Text, Views, letter_anchor, sparql_examples, web_href
from kompetanse_skos.paths import (
    Place,
    assign_places,
    depth_apart,
    derive_base,
    relative_url,
    root_prefix,
    write_file,
)
from kompetanse_skos.project import Project
from kompetanse_skos.resources import (
    Progress,
    Reuse,
    chunked,
    fingerprint,
    run_tasks,
    write_manifest,
)
from kompetanse_skos.search import search_entries, search_index_files
from kompetanse_skos.templating import environment

SITE_FOLDER = "_site"
STATIC_FOLDER = f"{SITE_FOLDER}/static"
SEARCH_INDEX = f"{SITE_FOLDER}/search-index.js"
HOME = Place("", "")
SITE_PAGES = {
    "hierarchy": Place("", f"{SITE_FOLDER}/hierarchy"),
    "alphabetical": Place("", f"{SITE_FOLDER}/a-z"),
    "usage": Place("", f"{SITE_FOLDER}/usage"),
}
CHANGES_PAGE = Place("", f"{SITE_FOLDER}/changes")
PAGES_STAGE = "writing pages, RDF files and the search index"  # as progress shows it
ROOT_FILES = ("sitemap.xml", ".htaccess", "nginx.conf", "robots.txt")
# A name no resource has, standing for each one's in the links of its own pages, and that
# name as relative_url writes it.
_NAME = "\x00"
_NAME_LINKED = "%00"
# build.py writes the checksums after the site (it imports this module, so the name is repeated).
CHECKSUMS_NAME = "SHA256SUMS"


@dataclass(frozen=True)
class Download:
    """One file of the whole vocabulary, as the home and usage pages list it."""

    label: str
    href: str
    media_type: str
    size: str


@dataclass(frozen=True)
class Page:
    """What every page's frame (base.html) needs: language, links, head metadata."""

    language: str
    file: str
    title: str
    site_title: Text
    nav: tuple[tuple[str, str, str, bool], ...]
    languages: tuple[tuple[str, str, str, bool], ...]
    stylesheet: str
    script: str
    search: dict[str, str]
    canonical: str | None = None
    rdf: tuple[tuple[str, str, str], ...] = ()
    alternates: Markup = field(default_factory=Markup)  # the head's links: languages, RDF
    formats: Markup = field(default_factory=Markup)  # the list of the RDF files
    jsonld: Markup | None = None


@dataclass(frozen=True)
class _ResourceLinks:
    """A page's links to its resource's RDF files and to its own page in each language.

    They are the same on the resource's page in each language, so the HTML of those the
    page's head and body list is made once for all of them.
    """

    rdf: tuple[tuple[str, str, str], ...]  # label, media type, link
    languages: tuple[tuple[str, str, str], ...]  # code, name, link
    alternates: Markup  # the head's links to both
    formats: Markup  # the list of RDF files


@dataclass(frozen=True)
class _Frame:
    """The parts of a page's frame that depend only on its folder and language."""

    nav: tuple[tuple[str, str, str, bool], ...]  # key, label, link, and False: not this page
    targets: tuple[str, ...]  # the menu's pages, in its order
    stylesheet: str
    script: str
    search: dict[str, str]


def render_site(
    vocabulary: Vocabulary,
    folder: Path,
    project: Project,
    base: str | None = None,
    changelog: Changelog | None = None,
    include_deprecated: bool = False,
    reuse: Reuse | None = None,
    progress: Progress | None = None,
    descriptions: Descriptions | None = None,
) -> list[str]:
    """Write the whole site for *vocabulary* into *folder*; return the names of its files.

    *base* is the URI the site is published at; by default, the longest common "/"-ending
    prefix of the schemes' and concepts' URIs. With a *changelog*, the site gets a page of
    changes. Deprecated concepts keep their pages but stay out of the hierarchy and the
    search, unless *include_deprecated*. The files of a resource that has not changed since
    the previous build that *reuse* describes are not written: they are among the names
    returned, and stay where they are in that build. *progress* hears how far the
    pages have come. *descriptions* are the resources' triples, when the dumps have ordered
    them already.
    """
    model = vocabulary.model
    base = base or derive_base([*model.schemes, *model.concepts])
    reserved = [
        *(path.name for path in folder.iterdir()),
        CHECKSUMS_NAME,
        *ROOT_FILES,
        *(f"{project.name}{dump.suffix}" for dump in FORMATS),
    ]
    places = assign_places([*model.schemes, *model.concepts, *model.collections], base, reserved)
    descriptions = descriptions or Descriptions.of_vocabulary(vocabulary)
    writer = _SiteWriter(model, places, base, folder, project, vocabulary, descriptions)
    writer.changelog = changelog
    writer.reuse = reuse or Reuse()
    writer.progress = progress
    if not include_deprecated:
        writer.hidden = frozenset(uri for uri, c in model.concepts.items() if c.deprecated)
    return list(writer.write_all())


class _SiteWriter:
    """Writes one site; holds what every page shares."""

    def __init__(
        self,
        model: Model,
        places: dict[str, Place],
        base: str | None,
        folder: Path,
        project: Project,
        vocabulary: Vocabulary,
        descriptions: Descriptions,
    ) -> None:
        self.model = model
        self.places = places
        self.base = base
        self.folder = folder
        self.project = project
        self.vocabulary = vocabulary
        self.descriptions = descriptions  # each resource's triples, for its RDF files
        self.envs = {
            language: environment(project.templates_dir, language) for language in LANGUAGES
        }
        self.main = main_scheme(model)
        self.downloads = self._downloads()
        self.changelog: Changelog | None = None
        self.hidden: frozenset[str] = frozenset()
        self.reuse = Reuse()
        self._site_key = ""  # the site's fingerprint, made before the workers start
        self._frames: dict[tuple[int | str, str], _Frame] = {}
        self._made: set[str] = set()  # the folders made so far
        # The last resource's links and JSON-LD, by what they were made from.
        self._links_found: tuple[object, _ResourceLinks | None] = (None, None)
        self._own_links_made: _ResourceLinks | None = None
        self._jsonld_found: tuple[str | None, Markup | None] = (None, None)
        self._frame_html_cache: dict[tuple[object, ...], tuple[Markup, Markup]] = {}
        # The hierarchy and A-Z pages (one each, or one per letter), in order, for the sitemap.
        self.index_pages: dict[Place, list[str]] = {}  # and the languages each is in
        self.progress: Progress | None = None

    @functools.cached_property
    def _resource_views(self) -> dict[str, Views]:
        """Return the views that resources' pages are made with, one per language.

        Made once per process, not per task: they remember names and sort keys, and a
        thesaurus asks for the same ones on thousands of pages.
        """
        return {language: Views(self.model, self.places, language) for language in LANGUAGES}

    def write_all(self) -> Iterator[str]:
        yield from self._write_static()
        yield from self._write_pages_and_resources()
        self._stage("writing the sitemaps and server configuration")
        if self.base:
            yield from self._sitemaps(self.base)
        yield self._write(".htaccess", htaccess(self.places, self.base).encode("utf-8"))
        yield self._write("nginx.conf", nginx(self.places, self.base).encode("utf-8"))

    def _stage(self, name: str) -> None:
        if self.progress:
            self.progress(name, 0, 0)

    def _write(self, relative: str, data: bytes) -> str:
        write_file(self.folder, relative, data, self._made)
        return relative

    # -- pages -------------------------------------------------------------------------------

    def _write_pages(self, language: str, index_pages: dict[Place, list[str]]) -> Iterator[str]:
        """Write *language*'s home, scheme, collection and index pages.

        The hierarchy and A-Z pages written (one each, or one per letter) go in *index_pages*.
        """
        views = Views(self.model, self.places, language, self.hidden)
        # Every view is computed with links relative to the page it goes on: set that first.
        home = self._home(views.at(HOME.page(language)))
        if self.main and self.places[self.main.uri].folder == "":
            yield self._render_resource("home.html", self.main.uri, views, home=home)
        else:
            jsonld = scheme_jsonld(self.model, self.main, self.base) if self.main else None
            script = script_json(jsonld) if jsonld is not None else None
            yield self._render("home.html", HOME, views, jsonld=script, home=home)
        for uri, scheme in self.model.schemes.items():
            if self.places[uri].folder != "":
                views.at(self.places[uri].page(language))
                yield self._render_resource(
                    "scheme.html", uri, views, scheme=self._scheme(views, scheme)
                )
        for uri, collection in self.model.collections.items():
            views.at(self.places[uri].page(language))
            members = (
                tuple(views.link(m) for m in collection.members)
                if collection.ordered
                else views.links(collection.members)
            )
            fields = {
                "title": views.name(uri),
                "uri": uri,
                "uri_href": web_href(uri),
                "label_rows": views.label_rows(collection.labels, ()),
                "definitions": views.pick_all(collection.definitions),
                "notes": views.notes(collection.notes),
                "members": members,
            }
            yield self._render_resource("collection.html", uri, views, collection=fields)
        for key, place in SITE_PAGES.items():
            views.at(place.page(language))
            if key == "hierarchy":
                for page, trees in self._hierarchy_pages(views, place):
                    index_pages.setdefault(page, []).append(language)
                    yield self._render("hierarchy.html", page, views, switch=place, trees=trees)
            elif key == "alphabetical":
                for index in alphabetical_pages(views, place):
                    index_pages.setdefault(index.place, []).append(language)
                    yield self._render(
                        "alphabetical.html", index.place, views, switch=place, letters=index
                    )
            else:
                yield self._render("usage.html", place, views, usage=self._usage(views))
        if self.changelog is not None:
            views.at(CHANGES_PAGE.page(language))
            changes = changes_view(views, self.changelog, CHANGES_FILES)
            yield self._render("changes.html", CHANGES_PAGE, views, changes=changes)

    def _render_resource(self, template: str, uri: str, views: Views, **data: Any) -> str:
        return self._render(template, self.places[uri], views, jsonld=self._jsonld(uri), **data)

    def _jsonld(self, uri: str) -> Markup | None:
        """Return the JSON-LD of a resource's pages: its URL is the same in every language.

        A resource's pages are written one after another: the last answer is kept.
        """
        if self._jsonld_found[0] != uri:
            url = self.page_url(self.places[uri], DEFAULT_LANGUAGE)
            jsonld: dict[str, object] | None = None
            if uri in self.model.concepts:
                jsonld = concept_jsonld(self.model, self.model.concepts[uri], url)
            elif uri in self.model.schemes:
                jsonld = scheme_jsonld(self.model, self.model.schemes[uri], url)
            self._jsonld_found = (uri, script_json(jsonld) if jsonld is not None else None)
        return self._jsonld_found[1]

    def _render(
        self,
        template: str,
        place: Place,
        views: Views,
        jsonld: Markup | None = None,
        switch: Place | None = None,
        **data: Any,
    ) -> str:
        """Render *template* as *place*'s page; its language switch leads to *switch*'s pages.

        The switch leads to the same place by default; a letter of an index may have no page
        in another language, so its switch leads to the index itself.
        """
        file = place.page(views.language)
        page = self._page(place, views, data, jsonld, switch or place)
        header, footer = self._frame_html(page)
        html = (
            self.envs[page.language]
            .get_template(template)
            .render(page=page, header=header, footer=footer, **data)
        )
        return self._write(file, html.encode("utf-8"))

    def _frame_html(self, page: Page) -> tuple[Markup, Markup]:
        """Return the header and footer of *page*, each rendered once for all that share it.

        They show only the site's title, the language and menu links and the search form:
        most pages of a site share them, and rendering them is a third of a page's cost.
        """
        key = (page.language, page.site_title, page.languages, page.nav, *page.search.items())
        found = self._frame_html_cache.get(key)
        if found is None:
            env = self.envs[page.language]
            found = self._frame_html_cache[key] = (
                Markup(env.get_template("_header.html").render(page=page)),
                Markup(env.get_template("_footer.html").render(page=page)),
            )
        return found

    def _page(
        self,
        place: Place,
        views: Views,
        data: dict[str, Any],
        jsonld: Markup | None,
        switch: Place,
    ) -> Page:
        language = views.language
        file = place.page(language)
        site_title = views.name(self.main.uri) if self.main else views.plain(views.t["vocabulary"])
        title = self._title(data, views)
        frame = self._frame(posixpath.dirname(file), language)
        nav = frame.nav
        if file in frame.targets:  # one of the menu's own pages: marked as the current one
            nav = tuple(
                (key, label, href, target == file)
                for (key, label, href, _), target in zip(nav, frame.targets, strict=True)
            )
        links = self._resource_links(place, switch, file)
        return Page(
            language=language,
            file=file,
            title=f"{title} \u2013 {site_title.text}" if title != site_title.text else title,
            site_title=site_title,
            nav=nav,
            languages=tuple(
                (code, name, href, code == language) for code, name, href in links.languages
            ),
            stylesheet=frame.stylesheet,
            script=frame.script,
            search=frame.search,
            canonical=self.page_url(place, language),
            rdf=links.rdf,
            alternates=links.alternates,
            formats=links.formats,
            jsonld=jsonld,
        )

    def _resource_links(self, place: Place, switch: Place, file: str) -> _ResourceLinks:
        """Return the links to *place*'s RDF files and to *switch*'s page in each language.

        They are the same on each language's page of a resource, all in one folder, and
        those are written one after another: the last answer is kept.
        """
        key = (place, switch, posixpath.dirname(file))
        found = self._links_found[1]
        if self._links_found[0] != key or found is None:
            if switch is place and place.folder and place.uri in self.places:
                found = self._own_links(place)
            else:
                found = self._links(place, switch, file, place.uri in self.places)
            self._links_found = (key, found)
        return found

    def _own_links(self, place: Place) -> _ResourceLinks:
        """Return the links on a resource's own pages: those of every resource but its name.

        The links to a resource's RDF files from its pages are "../<name>.ttl" and so on,
        and those to its pages in the other languages the same for all. They are made once,
        with a name that stands for any (relative_url writes it "%00"), and then given each
        resource's name as relative_url writes it (percent-encoded: nothing to escape).
        """
        if self._own_links_made is None:
            stand_in = Place(_NAME, _NAME)
            self._own_links_made = self._links(stand_in, stand_in, stand_in.page(), True)
        made = self._own_links_made
        name = relative_url("", place.folder.rpartition("/")[2])
        return _ResourceLinks(
            tuple(
                (label, kind, href.replace(_NAME_LINKED, name)) for label, kind, href in made.rdf
            ),
            made.languages,
            Markup(made.alternates.replace(_NAME_LINKED, name)),
            Markup(made.formats.replace(_NAME_LINKED, name)),
        )

    def _links(self, place: Place, switch: Place, file: str, with_rdf: bool) -> _ResourceLinks:
        rdf: tuple[tuple[str, str, str], ...] = ()
        if place.uri and with_rdf:
            rdf = tuple(
                (dump.label, dump.media_type, relative_url(file, place.rdf(dump.suffix)))
                for dump in FORMATS
            )
        languages = tuple(
            (code, NATIVE_NAMES[code], relative_url(file, switch.page(code))) for code in LANGUAGES
        )
        # The same in every language: any language's partials will do.
        partials: Any = self.envs[DEFAULT_LANGUAGE].globals["p"]
        return _ResourceLinks(
            rdf, languages, partials.alternates(languages, rdf), partials.rdf_list(rdf)
        )

    def _frame(self, folder: str, language: str) -> _Frame:
        """Return what the frame of every page in *folder* and *language* shares."""
        # The frame links only to the home page and into the site's own folder: from any
        # other folder the links depend on its depth alone, and a thesaurus has thousands.
        depth = depth_apart(folder, SITE_FOLDER)
        key = (folder if depth is None else depth, language)
        if key not in self._frames:
            file = posixpath.join(folder, "index.html")
            menu = (("home", HOME), *SITE_PAGES.items())
            self._frames[key] = _Frame(
                nav=tuple(
                    (
                        name,
                        strings(language)[name],
                        relative_url(file, target.page(language)),
                        False,
                    )
                    for name, target in menu
                ),
                targets=tuple(target.page(language) for _, target in menu),
                stylesheet=relative_url(file, f"{STATIC_FOLDER}/site.css"),
                script=relative_url(file, f"{STATIC_FOLDER}/search.js"),
                search=self._search_config(file, language),
            )
        return self._frames[key]

    def _title(self, data: dict[str, Any], views: Views) -> str:
        for key in ("concept", "collection"):
            if key in data:
                return str(data[key]["title"].text)
        if "scheme" in data:
            return str(data["scheme"]["title"].text)
        if "home" in data:
            return str(data["home"]["title"].text)
        if "changes" in data:
            return views.t["changes"]
        for key, name in (
            ("trees", "hierarchy"),
            ("letters", "alphabetical_title"),
            ("usage", "usage"),
        ):
            if key in data:
                return views.t[name]
        return views.t["vocabulary"]

    def _search_config(self, file: str, language: str) -> dict[str, str]:
        t = strings(language)
        names = {tag: language_name(tag, language) for tag in ("nb", "nn", "no", "en", "")}
        return {
            "action": relative_url(file, SITE_PAGES["alphabetical"].page(language)),
            "root": root_prefix(file),
            "index": relative_url(file, SEARCH_INDEX),
            "default": DEFAULT_LANGUAGE,
            "fallback": " ".join(FALLBACKS[language]),
            "names": json.dumps(names, ensure_ascii=False, sort_keys=True),
            "none": t["search_none"],
            "one": t["search_count_one"],
            "many": t["search_count"],
            "shown": t["search_shown"],
            "matched": t["search_matched"],
        }

    def page_url(self, place: Place, language: str) -> str | None:
        """Return the absolute URL a page is published at, when the base is known."""
        if not self.base:
            return None
        if language == DEFAULT_LANGUAGE and place.uri and not place.fallback:
            return _iri_to_uri(place.uri)
        if language == DEFAULT_LANGUAGE and place == HOME:
            return self.base
        return self.base + "/".join(
            quote(part, safe="") for part in place.page(language).split("/")
        )

    # -- page data ---------------------------------------------------------------------------

    def _home(self, views: Views) -> dict[str, Any]:
        schemes = tuple(
            (views.link(uri), views.pick_all(scheme.descriptions), len(scheme.concepts))
            for uri, scheme in self.model.schemes.items()
        )
        main = self._scheme(views, self.main) if self.main else None
        title = main["title"] if main else views.plain(views.t["vocabulary"])
        return {
            "title": title,
            "main": main,
            "schemes": schemes,
            "downloads": self._download_links(views),
            "checksums": relative_url(views.source, CHECKSUMS_NAME),
            "concept_count": len(self.model.concepts),
            "changes": relative_url(views.source, CHANGES_PAGE.page(views.language))
            if self.changelog is not None
            else None,
        }

    def _scheme(self, views: Views, scheme: Scheme) -> dict[str, Any]:
        wheel = views.wheel(scheme)
        wheel_list = views.tree(scheme.top_concepts, depth=2) if wheel else ()
        return {
            "uri": scheme.uri,
            "uri_href": web_href(scheme.uri),
            "title": views.name(scheme.uri),
            "descriptions": views.pick_all(scheme.descriptions),
            "fields": views.scheme_fields(scheme),
            "notes": views.notes(scheme.notes),
            "top_concepts": views.links(views.scheme_roots(scheme)),
            "concept_count": len(scheme.concepts),
            "wheel": wheel,
            "wheel_list": wheel_list,
            "wheel_desc": views.t["wheel_desc"].format(
                scheme=views.name(scheme.uri).text, count=len(scheme.top_concepts)
            ),
            "citation": views.citation(scheme),
            "hierarchy": relative_url(
                views.source, SITE_PAGES["hierarchy"].page(views.language), _anchor(scheme.uri)
            ),
        }

    def _hierarchy_pages(
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

    def _usage(self, views: Views) -> dict[str, Any]:
        example = self._example_concept(views)
        example_files: tuple[tuple[str, str, str], ...] = ()
        if example:
            place = self.places[example]
            example_files = tuple(
                (dump.label, dump.media_type, relative_url(views.source, place.rdf(dump.suffix)))
                for dump in FORMATS
            )
        return {
            "downloads": self._download_links(views),
            "checksums": relative_url(views.source, CHECKSUMS_NAME),
            "example": views.link(example) if example else None,
            "example_uri": example or "",
            "example_files": example_files,
            "curl": tuple(f'curl -L -H "Accept: {dump.media_type}" {example}' for dump in FORMATS)
            if example
            else (),
            "queries": sparql_examples(views),
            "sitemap": relative_url(views.source, "sitemap.xml") if self.base else None,
        }

    def _example_concept(self, views: Views) -> str | None:
        if self.main and self.main.top_concepts:
            return views.ordered(self.main.top_concepts)[0]
        return next(iter(self.model.concepts), None)

    def _downloads(self) -> tuple[tuple[str, str, str, int], ...]:
        found = []
        for dump in FORMATS:
            name = f"{self.project.name}{dump.suffix}"
            path = self.folder / name
            if path.is_file():
                found.append((dump.label, dump.media_type, name, path.stat().st_size))
        return tuple(found)

    def _download_links(self, views: Views) -> tuple[Download, ...]:
        return tuple(
            Download(
                label, relative_url(views.source, name), media_type, _size(size, views.language)
            )
            for label, media_type, name, size in self.downloads
        )

    # -- machine-readable files ---------------------------------------------------------------

    def _write_static(self) -> Iterator[str]:
        static = self.project.templates_dir / "static"
        for path in sorted(static.rglob("*")):
            if path.is_file() and not path.name.startswith("."):
                relative = path.relative_to(static).as_posix()
                yield self._write(f"{STATIC_FOLDER}/{relative}", path.read_bytes())

    def _write_pages_and_resources(self) -> Iterator[str]:
        """Write each language's site pages, every resource's files and the search index.

        They are tasks for every core: the search index first, as the longest one. The
        files of resources that have not changed stay in the previous build.
        """
        self._site_key = self._site_fingerprint()  # once, here: the workers inherit it
        chunks = chunked(list(self.places))
        tasks: list[tuple[str, Sequence[str]]] = [("search", ())]
        tasks += [("pages", (language,)) for language in LANGUAGES]
        tasks += [("resources", chunk) for chunk in chunks]
        sizes = [0] * (1 + len(LANGUAGES)) + [len(chunk) for chunk in chunks]
        fingerprints: dict[str, str] = {}
        index: dict[Place, list[str]] = {}
        results = run_tasks(tasks, self._run_task, sizes, self.progress, PAGES_STAGE)
        for names, found, index_pages in results:
            fingerprints.update(found)
            for place, languages in index_pages.items():
                index.setdefault(place, []).extend(languages)
            yield from names
        self.index_pages = index
        write_manifest(self.folder, fingerprints)

    def _run_task(
        self, task: tuple[str, Sequence[str]]
    ) -> tuple[list[str], dict[str, str], dict[Place, list[str]]]:
        """Write the search index, one language's site pages, or the files of some resources.

        Returns the names of the files written, the resources' fingerprints, and the index
        pages written (for the sitemap).
        """
        kind, keys = task
        if kind == "search":
            return list(self._write_search_index()), {}, {}
        if kind == "pages":
            index_pages: dict[Place, list[str]] = {}
            return list(self._write_pages(keys[0], index_pages)), {}, index_pages
        names, fingerprints = self._write_chunk(keys)
        return names, fingerprints, {}

    def _write_chunk(self, uris: Sequence[str]) -> tuple[list[str], dict[str, str]]:
        """Write the files of *uris*; return their names and fingerprints."""
        views = self._resource_views
        written: list[str] = []
        fingerprints: dict[str, str] = {}
        site = self._site_key
        for uri in uris:
            place = self.places[uri]
            concept = self.model.concepts.get(uri)
            if concept is not None:
                pages = [place.page(language) for language in LANGUAGES]
                key = fingerprints[uri] = fingerprint(site, self._page_inputs(uri))
                if not self.reuse.keeps(uri, key, pages):
                    for language, language_views in views.items():
                        language_views.at(place.page(language))
                        fields = language_views.concept_fields(concept)
                        self._render_resource("concept.html", uri, language_views, concept=fields)
                written += pages
            triples = self.descriptions.of(self.model.nodes[uri])
            prefixes = used_prefixes(triples, self.vocabulary.prefixes)
            files = [place.rdf(dump.suffix) for dump in FORMATS]
            key = fingerprints[f"{uri} rdf"] = fingerprint(triples, prefixes)
            if not self.reuse.keeps(f"{uri} rdf", key, files):
                for name, dump in zip(files, FORMATS, strict=True):
                    self._write(name, serialize_triples(triples, dump, prefixes))
            written += files
        return written, fingerprints

    def _site_fingerprint(self) -> str:
        """Return a digest of everything every page shows: when it changes, all pages do."""
        templates = sorted(self.project.templates_dir.rglob("*"))
        code = sorted(Path(__file__).parent.glob("*.py"))
        return fingerprint(
            [(path.name, path.read_bytes()) for path in templates + code if path.is_file()],
            self.model.schemes,
            self.base,
            self.project.name,
            self.main,
        )

    def _page_inputs(self, uri: str) -> list[object]:
        """Return what a concept's page is made of: the concept and the resources it links."""
        concept = self.model.concepts[uri]
        linked = {*concept.broader, *concept.narrower, *concept.related, *concept.schemes}
        linked |= {*concept.top_concept_of, *concept.collections, *concept.replaced_by}
        linked |= {target for _, targets in concept.mappings for target in targets}
        linked |= {value.text for value in concept.sources if value.is_uri}
        inputs: list[object] = [concept, self.places[uri]]
        for other in sorted(linked):
            neighbour = self.model.concepts.get(other)
            inputs += [other, self.model.labels_of(other), self.places.get(other)]
            if neighbour is not None:
                inputs += [neighbour.notations, neighbour.draft, neighbour.deprecated]
        return inputs

    def _write_search_index(self) -> Iterator[str]:
        entries = search_entries(self.model, self.places, self.hidden)
        for relative, data in search_index_files(entries, SEARCH_INDEX, FALLBACKS).items():
            yield self._write(relative, data)

    def _sitemaps(self, base: str) -> Iterator[str]:
        places = [HOME, *(p for p in self.places.values() if p.folder)]
        in_all = list(LANGUAGES)
        pages = [(place, in_all) for place in places] + list(self.index_pages.items())
        pages.append((SITE_PAGES["usage"], in_all))
        if self.changelog is not None:
            pages.append((CHANGES_PAGE, in_all))
        entries = [
            SitemapEntry(
                tuple((language, self.page_url(place, language) or "") for language in languages),
                self._modified(place.uri),
            )
            for place, languages in pages
        ]
        for name, text in sitemaps(entries, base).items():
            yield self._write(name, text.encode("utf-8"))

    def _modified(self, uri: str) -> str | None:
        dated = self.model.concepts.get(uri) or self.model.schemes.get(uri)
        value = dated.modified if dated else None
        return value[:10] if value and re.fullmatch(r"\d{4}-\d{2}-\d{2}.*", value) else None


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


def _iri_to_uri(iri: str) -> str:
    """Percent-encode what a URI may not hold (non-ASCII, spaces), keeping everything else."""
    return quote(iri, safe="/:?#[]@!$&'()*+,;=%~-._")
