"""The frame of every page: its head, menu, language switch and links to its RDF files.

A site of a large thesaurus has a hundred thousand pages, and their frames differ little: the
menu and the search form depend only on a page's folder and language, and a resource's links
to its RDF files and to its pages in the other languages are the same on each of its pages.
Each part is made once and given to every page that shares it.
"""

from __future__ import annotations

import json
import posixpath
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from jinja2 import Environment
from markupsafe import Markup

from kompetanse_skos.rdf.formats import DUMP_FORMATS
from kompetanse_skos.rdf.languages import language_name, native_name
from kompetanse_skos.site.i18n import strings
from kompetanse_skos.site.languages import DEFAULT_PAGE, PageLanguage, SiteLanguages
from kompetanse_skos.site.pages import Text, Views
from kompetanse_skos.site.places import Place, depth_apart, relative_url, root_prefix
from kompetanse_skos.vocabulary.base import Base
from kompetanse_skos.vocabulary.model import Scheme

SITE_FOLDER = "_site"
STATIC_FOLDER = f"{SITE_FOLDER}/static"
SEARCH_INDEX = f"{SITE_FOLDER}/search-index.js"
HOME = Place("", "")
SITE_PAGES = {
    "hierarchy": Place("", f"{SITE_FOLDER}/hierarchy"),
    "alphabetical": Place("", f"{SITE_FOLDER}/a-z"),
    "usage": Place("", f"{SITE_FOLDER}/usage"),
}
# A name no resource has, standing for each one's in the links of its own pages, and that
# name as relative_url writes it.
_NAME = "\x00"
_NAME_LINKED = "%00"


@dataclass(frozen=True)
class Page:
    """What every page's frame (base.html) needs: language, links, head metadata."""

    language: str  # the page's lang: its interface's language
    text_language_name: str  # the name of the language of its texts, in its interface's
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
    icon: str = ""
    publisher: Text | None = None  # who publishes the vocabulary (the main scheme says)
    contact: str | None = None  # where to write to the publisher: a web page or mailto:
    base: str | None = None  # the page's <base href>, for a page served at any path (404)


@dataclass(frozen=True)
class ResourceLinks:
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
    icon: str


class Frames:
    """Makes the frame of each page of one site, keeping what pages share."""

    def __init__(
        self,
        places: dict[str, Place],
        base: Base,
        envs: dict[str, Environment],
        main: Scheme | None,
        languages: SiteLanguages,
    ) -> None:
        """*envs* has the Jinja environment of each interface language."""
        self.places = places
        self.languages = languages
        self.base = base
        self.envs = envs
        self.main = main
        self._frames: dict[tuple[int | str, PageLanguage], _Frame] = {}
        # The last resource's links, by what they were made from.
        self._links_found: tuple[object, ResourceLinks | None] = (None, None)
        self._own_links_made: ResourceLinks | None = None
        self._html: dict[tuple[object, ...], tuple[Markup, Markup]] = {}

    def page(
        self,
        place: Place,
        views: Views,
        title: str,
        jsonld: Markup | None,
        switch: Place,
        base: str | None = None,
    ) -> Page:
        """Return the frame of *place*'s page in the language of *views*, titled *title*.

        Its language switch leads to *switch*'s pages; *jsonld* goes in its head; *base*, if
        given, is its <base href>.
        """
        language = views.language
        file = place.page(language)
        site_title = views.name(self.main.uri) if self.main else views.plain(views.t["vocabulary"])
        frame = self._frame(posixpath.dirname(file), language)
        nav = frame.nav
        if file in frame.targets:  # one of the menu's own pages: marked as the current one
            nav = tuple(
                (key, label, href, target == file)
                for (key, label, href, _), target in zip(nav, frame.targets, strict=True)
            )
        links = self._resource_links(place, switch, file)
        return Page(
            language=language.interface,
            text_language_name=language_name(language.tag, language.interface),
            file=file,
            title=f"{title} \u2013 {site_title.text}" if title != site_title.text else title,
            site_title=site_title,
            nav=nav,
            languages=tuple(
                (code, name, href, code == language.tag) for code, name, href in links.languages
            ),
            stylesheet=frame.stylesheet,
            script=frame.script,
            search=frame.search,
            canonical=self.url(place, language) if base is None else None,
            rdf=links.rdf,
            alternates=links.alternates,
            formats=links.formats,
            jsonld=jsonld,
            icon=frame.icon,
            publisher=self._publisher(views),
            contact=self.main.contact.url or self.main.contact.email
            if self.main and self.main.contact
            else None,
            base=base,
        )

    def _publisher(self, views: Views) -> Text | None:
        agent = self.main.publisher if self.main else None
        if agent is None:
            return None
        return views.pick(agent.names) or (views.plain(agent.uri) if agent.uri else None)

    def html(self, page: Page) -> tuple[Markup, Markup]:
        """Return the header and footer of *page*, each rendered once for all that share it.

        They show only the site's title, the language and menu links and the search form:
        most pages of a site share them, and rendering them is a third of a page's cost.
        """
        key = (
            page.language,
            page.site_title,
            page.languages,
            page.nav,
            page.publisher,
            page.contact,
            *page.search.items(),
        )
        found = self._html.get(key)
        if found is None:
            env = self.envs[page.language]
            found = self._html[key] = (
                Markup(env.get_template("_header.html").render(page=page)),
                Markup(env.get_template("_footer.html").render(page=page)),
            )
        return found

    def _resource_links(self, place: Place, switch: Place, file: str) -> ResourceLinks:
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

    def _own_links(self, place: Place) -> ResourceLinks:
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
        return ResourceLinks(
            tuple(
                (label, kind, href.replace(_NAME_LINKED, name)) for label, kind, href in made.rdf
            ),
            made.languages,
            Markup(made.alternates.replace(_NAME_LINKED, name)),
            Markup(made.formats.replace(_NAME_LINKED, name)),
        )

    def _links(self, place: Place, switch: Place, file: str, with_rdf: bool) -> ResourceLinks:
        rdf: tuple[tuple[str, str, str], ...] = ()
        if place.uri and with_rdf:
            rdf = tuple(
                (dump.label, dump.media_type, relative_url(file, place.rdf(dump.suffix)))
                for dump in DUMP_FORMATS
            )
        languages = tuple(
            (language.tag, native_name(language.tag), relative_url(file, switch.page(language)))
            for language in self.languages
        )
        # The same in every language: any language's partials will do.
        partials: Any = next(iter(self.envs.values())).globals["p"]
        return ResourceLinks(
            rdf, languages, partials.alternates(languages, rdf), partials.rdf_list(rdf)
        )

    def _frame(self, folder: str, language: PageLanguage) -> _Frame:
        """Return what the frame of every page in *folder* and *language* shares."""
        # The frame links only to the home page and into the site's own folder: from any
        # other folder the links depend on its depth alone, and a thesaurus has thousands.
        depth = depth_apart(folder, SITE_FOLDER)
        key = (folder if depth is None else depth, language)
        if key not in self._frames:
            file = posixpath.join(folder, DEFAULT_PAGE)
            menu = (("home", HOME), *SITE_PAGES.items())
            self._frames[key] = _Frame(
                nav=tuple(
                    (
                        name,
                        strings(language.interface)[name],
                        relative_url(file, target.page(language)),
                        False,
                    )
                    for name, target in menu
                ),
                targets=tuple(target.page(language) for _, target in menu),
                stylesheet=relative_url(file, f"{STATIC_FOLDER}/site.css"),
                script=relative_url(file, f"{STATIC_FOLDER}/search.js"),
                search=search_config(file, language, self.languages),
                icon=relative_url(file, f"{STATIC_FOLDER}/favicon.svg"),
            )
        return self._frames[key]

    def url(self, place: Place, language: PageLanguage) -> str | None:
        """Return the absolute URL a page is published at, when the base URL is known.

        A resource's page in the default language is published at its URI, moved from the
        vocabulary's base to the base URL where those differ.
        """
        url, uri = self.base.url, self.base.uri
        if not url:
            return None
        if language.default and place.uri and not place.fallback:
            moved = url + place.uri[len(uri) :] if uri and place.uri.startswith(uri) else place.uri
            return _iri_to_uri(moved)
        if language.default and place == HOME:
            return url
        return url + "/".join(quote(part, safe="") for part in place.page(language).split("/"))


def search_config(file: str, language: PageLanguage, languages: SiteLanguages) -> dict[str, str]:
    """Return what the search form of the page *file* in *language* tells the search script.

    The script shows each result's label in the page's language or the nearest, and marks
    one in another language with that language's name (and its lang, when it is not the
    interface's).
    """
    t = strings(language.interface)
    names = {tag: language_name(tag, language.interface) for tag in (*language.fallbacks, "")}
    return {
        "action": relative_url(file, SITE_PAGES["alphabetical"].page(language)),
        "root": root_prefix(file),
        "index": relative_url(file, SEARCH_INDEX),
        "language": language.tag,
        "default": languages.default.tag,
        "fallback": " ".join(language.fallbacks),
        "names": json.dumps(names, ensure_ascii=False, sort_keys=True),
        "none": t["search_none"],
        "one": t["search_count_one"],
        "many": t["search_count"],
        "shown": t["search_shown"],
        "matched": t["search_matched"],
    }


def _iri_to_uri(iri: str) -> str:
    """Percent-encode what a URI may not hold (non-ASCII, spaces), keeping everything else."""
    return quote(iri, safe="/:?#[]@!$&'()*+,;=%~-._")
