"""Write the static site: pages in every language, per-resource RDF, search index, sitemap.

Everything is gathered first (the model, every resource's place) so that all links agree, then
written into the build's fresh folder; no file is ever written twice or outside that folder.
"""

from __future__ import annotations

import functools
import posixpath
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from markupsafe import Markup

from kompetanse_skos.output.resources import (
    Progress,
    Reuse,
    chunked,
    fingerprint,
    run_tasks,
    write_manifest,
)
from kompetanse_skos.project import Project, list_setting
from kompetanse_skos.publication.catalog import RECORD_NAME
from kompetanse_skos.publication.files import CHECKSUMS, Publication, make_publication
from kompetanse_skos.publication.skosapno import concept_file_name
from kompetanse_skos.publication.void import VOID_FILE, sparql_endpoint
from kompetanse_skos.rdf.dumps import serialize_triples, used_prefixes
from kompetanse_skos.rdf.formats import DUMP_FORMATS
from kompetanse_skos.release.changes import CHANGES_FILES, Changelog
from kompetanse_skos.site.changes import changes_view
from kompetanse_skos.site.frame import (
    HOME,
    SEARCH_INDEX,
    SITE_PAGES,
    STATIC_FOLDER,
    Frames,
)
from kompetanse_skos.site.hosting import (
    NOT_FOUND_PAGE,
    SitemapEntry,
    htaccess,
    nginx,
    sitemaps,
    url_path,
)
from kompetanse_skos.site.indexes import (
    alphabetical_pages,
)
from kompetanse_skos.site.jsonld import concept_jsonld, scheme_jsonld, script_json
from kompetanse_skos.site.languages import (
    LANGUAGES_FILE,
    PageLanguage,
    SiteLanguages,
    choose_languages,
)
from kompetanse_skos.site.pages import MAX_LEVEL, Views, split_notes, web_href
from kompetanse_skos.site.places import (
    Place,
    assign_places,
    write_file,
)
from kompetanse_skos.site.search import search_entries, search_index_files
from kompetanse_skos.site.sitepages import CHANGES_PAGE, SitePages
from kompetanse_skos.site.templating import environment
from kompetanse_skos.vocabulary.base import Base, find_base
from kompetanse_skos.vocabulary.load import Vocabulary
from kompetanse_skos.vocabulary.model import Model, model_of

PAGES_STAGE = "writing pages, RDF files and the search index"  # as progress shows it
SEARCH_GROUP = "search index: "  # the start of the manifest's key of each of its files
# The setting that names the schemes drawn as wheels (all whose top concepts have narrower
# concepts, when it is not set; none, when it is an empty list).
WHEELS_SETTING = "wheels"
_NOT_FOUND = Place("", posixpath.dirname(NOT_FOUND_PAGE))
ROOT_FILES = ("sitemap.xml", ".htaccess", "nginx.conf", "robots.txt")


def render_site(
    vocabulary: Vocabulary,
    folder: Path,
    project: Project,
    base: Base | None = None,
    publication: Publication | None = None,
    languages: SiteLanguages | None = None,
    changelog: Changelog | None = None,
    include_deprecated: bool = False,
    reuse: Reuse | None = None,
    progress: Progress | None = None,
) -> list[str]:
    """Write the whole site for *vocabulary* into *folder*; return the names of its files.

    *base* is where the vocabulary's URIs live and where the site is published (by default
    as the project's settings and the vocabulary say); *publication* the files published at
    the site's root, which its pages list and whose triples its RDF files are cut from (made
    here when not given). With a *changelog*, the site gets a page of changes. Deprecated
    concepts keep their pages but stay out of the hierarchy and the search, unless
    *include_deprecated*. The files of a resource that has not changed since the previous
    build that *reuse* describes are not written: they are among the names returned, and
    stay where they are in that build. *progress* hears how far the pages have come.

    The pages are in *languages*: by default those the project's ``languages`` setting names,
    or else those the vocabulary is written in (see languages.py).
    """
    model = model_of(vocabulary)
    languages = languages or choose_languages(model, project.settings)
    base = base or find_base(model, project.base_url)
    publication = publication or make_publication(vocabulary, project, base)
    reserved = [*publication.files, *ROOT_FILES]
    places = assign_places(
        [*model.schemes, *model.concepts, *model.collections], base.uri, reserved
    )
    writer = _SiteWriter(
        model, places, languages, base, folder, project, vocabulary, publication, changelog
    )
    writer.reuse = reuse or Reuse()
    writer.progress = progress
    if not include_deprecated:
        writer.hidden = frozenset(uri for uri, c in model.concepts.items() if c.deprecated)
    return list(writer.write_all())


def _other_files(
    publication: Publication, name: str, dumps: dict[str, int]
) -> tuple[tuple[str, str, str, str, int], ...]:
    """Return the published files beside the dumps: the SKOS-AP-NO file, the catalogue
    record, VoID. Each is (the key of its description, format, media type, name, size)."""
    formats = {dump.suffix: dump for dump in DUMP_FORMATS}
    skipped = {*dumps, CHECKSUMS, *CHANGES_FILES}
    found = []
    for file, data in sorted(publication.files.items()):
        dump = formats.get(posixpath.splitext(file)[1])
        if file in skipped or dump is None:
            continue
        if file == concept_file_name(name):
            key = "file_skos_ap_no"
        elif file.startswith(f"{RECORD_NAME}."):
            key = "file_catalog"
        elif file == VOID_FILE:
            key = "file_void"
        else:
            key = ""
        found.append((key, dump.label, dump.media_type, file, len(data)))
    order = ("file_skos_ap_no", "file_catalog", "file_void", "")
    return tuple(sorted(found, key=lambda f: (order.index(f[0]), f[3])))


class _SiteWriter:
    """Writes one site; holds what every page shares."""

    def __init__(
        self,
        model: Model,
        places: dict[str, Place],
        languages: SiteLanguages,
        base: Base,
        folder: Path,
        project: Project,
        vocabulary: Vocabulary,
        publication: Publication,
        changelog: Changelog | None = None,
    ) -> None:
        """*changelog*, if given, is shown on a page of changes."""
        self.model = model
        self.places = places
        self.languages = languages
        self.base = base
        self.folder = folder
        self.project = project
        self.vocabulary = vocabulary
        self.descriptions = publication.descriptions  # each resource's triples, for its RDF
        self.envs = {
            language.interface: environment(project.templates_dir, language.interface)
            for language in languages
        }
        self.main = model.main
        self.downloads = tuple(
            (dump.label, dump.media_type, name, size)
            for dump, name, size in publication.dumps(project.name)
        )
        self.other_files = _other_files(publication, project.name, dict(self.downloads_named()))
        self.changelog = changelog
        self.hidden: frozenset[str] = frozenset()
        self.reuse = Reuse()
        self._site_key = ""  # the site's fingerprint, made before the workers start
        self.frames = Frames(places, base, self.envs, self.main, languages)
        self._made: set[str] = set()  # the folders made so far
        # The last resource's JSON-LD, and the resource's URI.
        self._jsonld_found: tuple[str | None, Markup | None] = (None, None)
        # The hierarchy and A-Z pages (one each, or one per letter), in order, for the sitemap.
        self.index_pages: dict[Place, list[PageLanguage]] = {}  # and the languages each is in
        self.progress: Progress | None = None

    def downloads_named(self) -> Iterator[tuple[str, int]]:
        for _, _, name, size in self.downloads:
            yield name, size

    @functools.cached_property
    def _resource_views(self) -> dict[PageLanguage, Views]:
        """Return the views that resources' pages are made with, one per language.

        Made once per process, not per task: they remember names and sort keys, and a
        thesaurus asks for the same ones on thousands of pages.
        """
        return {
            language: Views(self.model, self.places, self.languages, language)
            for language in self.languages
        }

    @functools.cached_property
    def site_pages(self) -> SitePages:
        """Return the views of the site's own pages."""
        wheels = (
            list_setting(self.project.settings, WHEELS_SETTING)
            if WHEELS_SETTING in self.project.settings
            else None
        )
        return SitePages(
            self.model,
            self.places,
            self.base.url,
            self.main,
            self.downloads,
            self.changelog,
            wheels,
            self.other_files,
            sparql_endpoint(self.project),
        )

    def write_all(self) -> Iterator[str]:
        yield from self._write_static()
        yield self._write(LANGUAGES_FILE, self.languages.to_json())
        yield from self._write_pages_and_resources()
        self._stage("writing the sitemaps and server configuration")
        if self.base.url:
            yield from self._sitemaps(self.base.url)
        yield self._write(".htaccess", htaccess(self.places, self.base).encode("utf-8"))
        yield self._write("nginx.conf", nginx(self.places, self.base).encode("utf-8"))

    def _stage(self, name: str) -> None:
        if self.progress:
            self.progress(name, 0, 0)

    def _write(self, relative: str, data: bytes) -> str:
        write_file(self.folder, relative, data, self._made)
        return relative

    # -- pages -------------------------------------------------------------------------------

    def _write_pages(
        self, language: PageLanguage, index_pages: dict[Place, list[PageLanguage]]
    ) -> Iterator[str]:
        """Write *language*'s home, scheme, collection and index pages.

        The hierarchy and A-Z pages written (one each, or one per letter) go in *index_pages*.
        """
        views = Views(self.model, self.places, self.languages, language, self.hidden)
        # Every view is computed with links relative to the page it goes on: set that first.
        home = self.site_pages.home(views.at(HOME.page(language)))
        if self.main and self.places[self.main.uri].folder == "":
            yield self._render_resource("home.html", self.main.uri, views, home=home)
        else:
            jsonld = scheme_jsonld(self.model, self.main, self.base.url) if self.main else None
            script = script_json(jsonld) if jsonld is not None else None
            yield self._render("home.html", HOME, views, jsonld=script, home=home)
        for uri, scheme in self.model.schemes.items():
            if self.places[uri].folder != "":
                views.at(self.places[uri].page(language))
                yield self._render_resource(
                    "scheme.html", uri, views, scheme=self.site_pages.scheme(views, scheme)
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
                "notes": views.notes(split_notes(collection.notes)[0]),
                "editorial": views.pick_all(split_notes(collection.notes)[1]),
                "members": members,
            }
            yield self._render_resource("collection.html", uri, views, collection=fields)
        for key, place in SITE_PAGES.items():
            views.at(place.page(language))
            if key == "hierarchy":
                for page, trees in self.site_pages.hierarchy(views, place):
                    index_pages.setdefault(page, []).append(language)
                    yield self._render("hierarchy.html", page, views, switch=place, trees=trees)
            elif key == "alphabetical":
                for index in alphabetical_pages(views, place):
                    index_pages.setdefault(index.place, []).append(language)
                    yield self._render(
                        "alphabetical.html", index.place, views, switch=place, letters=index
                    )
            else:
                yield self._render("usage.html", place, views, usage=self.site_pages.usage(views))
        if self.changelog is not None:
            views.at(CHANGES_PAGE.page(language))
            changes = changes_view(views, self.changelog, CHANGES_FILES)
            yield self._render("changes.html", CHANGES_PAGE, views, changes=changes)
        # The page a server shows for any address it has no page for: its <base> makes its
        # links work wherever it is shown, given where the site is published.
        not_found = _NOT_FOUND.page(language)
        views.at(not_found)
        root = url_path(self.base.url) if self.base.url else "/"
        yield self._render(
            "not_found.html", _NOT_FOUND, views, base=f"{root}{not_found}", not_found=True
        )

    def _render_resource(self, template: str, uri: str, views: Views, **data: Any) -> str:
        return self._render(template, self.places[uri], views, jsonld=self._jsonld(uri), **data)

    def _jsonld(self, uri: str) -> Markup | None:
        """Return the JSON-LD of a resource's pages: its URL is the same in every language.

        A resource's pages are written one after another: the last answer is kept.
        """
        if self._jsonld_found[0] != uri:
            url = self.frames.url(self.places[uri], self.languages.default)
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
        base: str | None = None,
        **data: Any,
    ) -> str:
        """Render *template* as *place*'s page; its language switch leads to *switch*'s pages.

        The switch leads to the same place by default; a letter of an index may have no page
        in another language, so its switch leads to the index itself.
        """
        file = place.page(views.language)
        page = self.frames.page(
            place, views, self._title(data, views), jsonld, switch or place, base
        )
        header, footer = self.frames.html(page)
        html = (
            self.envs[page.language]
            .get_template(template)
            .render(page=page, header=header, footer=footer, **data)
        )
        return self._write(file, html.encode("utf-8"))

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
        if "not_found" in data:
            return views.t["not_found"]
        for key, name in (
            ("trees", "hierarchy"),
            ("letters", "alphabetical_title"),
            ("usage", "usage"),
        ):
            if key in data:
                return views.t[name]
        return views.t["vocabulary"]

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
        tasks += [("pages", (language.tag,)) for language in self.languages]
        tasks += [("resources", chunk) for chunk in chunks]
        sizes = [0] * (1 + len(self.languages)) + [len(chunk) for chunk in chunks]
        fingerprints: dict[str, str] = {}
        index: dict[Place, list[PageLanguage]] = {}
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
    ) -> tuple[list[str], dict[str, str], dict[Place, list[PageLanguage]]]:
        """Write the search index, one language's site pages, or the files of some resources.

        Returns the names of the files written, the resources' fingerprints, and the index
        pages written (for the sitemap).
        """
        kind, keys = task
        if kind == "search":
            return *self._write_search_index(), {}
        if kind == "pages":
            index_pages: dict[Place, list[PageLanguage]] = {}
            language = self.languages.get(keys[0])
            assert language is not None
            return list(self._write_pages(language, index_pages)), {}, index_pages
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
                pages = [place.page(language) for language in self.languages]
                key = fingerprints[uri] = fingerprint(site, self._page_inputs(uri))
                if not self.reuse.keeps(uri, key, pages):
                    for language, language_views in views.items():
                        language_views.at(place.page(language))
                        fields = language_views.concept_fields(concept)
                        self._render_resource("concept.html", uri, language_views, concept=fields)
                written += pages
            triples = self.descriptions.of(self.model.nodes[uri])
            prefixes = used_prefixes(triples, self.vocabulary.prefixes)
            files = [place.rdf(dump.suffix) for dump in DUMP_FORMATS]
            key = fingerprints[f"{uri} rdf"] = fingerprint(triples, prefixes)
            if not self.reuse.keeps(f"{uri} rdf", key, files):
                for name, dump in zip(files, DUMP_FORMATS, strict=True):
                    self._write(name, serialize_triples(triples, dump, prefixes))
            written += files
        return written, fingerprints

    def _site_fingerprint(self) -> str:
        """Return a digest of everything every page shows: when it changes, all pages do."""
        templates = sorted(self.project.templates_dir.rglob("*"))
        code = sorted(Path(__file__).parents[1].rglob("*.py"))
        return fingerprint(
            [(path.name, path.read_bytes()) for path in templates + code if path.is_file()],
            self.model.schemes,
            self.base,
            self.project.name,
            self.main,
            self.languages,
        )

    def _page_inputs(self, uri: str) -> list[object]:
        """Return what a concept's page is made of: the concept and the resources it links."""
        concept = self.model.concepts[uri]
        linked = {*concept.broader, *concept.narrower, *concept.related, *concept.schemes}
        linked |= {*concept.top_concept_of, *concept.collections, *concept.replaced_by}
        linked |= {target for _, targets in concept.mappings for target in targets}
        linked |= {value.text for value in concept.sources if value.is_uri}
        linked |= set(concept.relations)
        # The breadcrumb and the tree around the concept: the way down to it, and what each
        # step of it has under it (whose broader concepts decide that way).
        views = self._resource_views[self.languages.default]
        path, scheme = views.path_to(concept)
        linked |= views.place_uris(concept, path, scheme)
        inputs: list[object] = [concept, self.places[uri], path, scheme]
        for step in [*path, uri]:
            below = self.model.concepts[step].narrower
            # A long level is not listed: only its length matters then.
            shown = below if len(below) <= MAX_LEVEL else len(below)
            inputs += [self.model.concepts[step].broader, shown]
        for other in sorted(linked):
            neighbour = self.model.concepts.get(other)
            inputs += [other, self.model.labels_of(other), self.places.get(other)]
            if neighbour is not None:
                inputs += [neighbour.notations, neighbour.draft, neighbour.deprecated]
        return inputs

    def _write_search_index(self) -> tuple[list[str], dict[str, str]]:
        """Write the search index, unless the previous build's was made from the same entries.

        Returns the names of its files and their fingerprints: each file is recorded with
        the index's, as the index's files are named by how it is split.
        """
        entries = search_entries(self.model, self.places, self.hidden)
        key = fingerprint(self._site_key, entries)
        names = self.reuse.group(SEARCH_GROUP, key)
        if names is None:
            fallbacks = {language.tag: language.fallbacks for language in self.languages}
            files = search_index_files(entries, SEARCH_INDEX, fallbacks)
            names = [self._write(relative, data) for relative, data in files.items()]
        return names, {f"{SEARCH_GROUP}{name}": key for name in names}

    def _sitemaps(self, base: str) -> Iterator[str]:
        places = [HOME, *(p for p in self.places.values() if p.folder)]
        in_all = list(self.languages)
        pages = [(place, in_all) for place in places] + list(self.index_pages.items())
        pages.append((SITE_PAGES["usage"], in_all))
        if self.changelog is not None:
            pages.append((CHANGES_PAGE, in_all))
        entries = [
            SitemapEntry(
                tuple(
                    (language.tag, self.frames.url(place, language) or "") for language in languages
                ),
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
