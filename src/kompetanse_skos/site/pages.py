"""Turn the model into what one page shows in one language: texts, links, trees, JSON-LD.

Every choice of a text's language happens here, in the order the page's language gives
(languages.py): a text missing in the reader's language falls back to the nearest one and
says so. Templates get these dataclasses and only lay them out.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from kompetanse_skos.rdf.languages import language_name, primary_subtag
from kompetanse_skos.site.examples import example_queries
from kompetanse_skos.site.i18n import collation, known_name, strings
from kompetanse_skos.site.languages import PageLanguage, SiteLanguages
from kompetanse_skos.site.places import Place, depth_apart, link_down, relative_url
from kompetanse_skos.site.wheel import Wheel, WheelItem, can_draw, draw_wheel
from kompetanse_skos.vocabulary.model import (
    MAPPING_KINDS,
    Concept,
    Label,
    Model,
    Scheme,
    Value,
    notation_key,
)


@dataclass(frozen=True)
class Text:
    """A text to show, its language, and (if it is not in the page's language) a visible mark."""

    text: str
    language: str = ""
    lang: str | None = None  # the lang attribute to set, when it differs from the page's lang
    fallback: str = ""  # the name of the language shown instead, when this is a fallback


@dataclass(frozen=True)
class Link:
    """A link to a resource: to its page here, to the web, or (href None) no link at all."""

    label: Text
    href: str | None
    notation: str = ""
    external: bool = False
    draft: bool = False
    deprecated: bool = False


@dataclass(frozen=True)
class TreeNode:
    """One entry of a tree: a link and the entries under it."""

    link: Link
    children: tuple[TreeNode, ...] = ()


@dataclass(frozen=True)
class PlaceNode:
    """One entry of the tree around a concept: a link, whether it is the concept itself, and
    the entries under it (only along the way to the concept, and the concept's own)."""

    link: Link
    current: bool = False
    children: tuple[PlaceNode, ...] = ()


# The most entries of one level that the tree on a concept's page lists; a larger level
# shows only the way to the concept (its hierarchy page has the rest).
MAX_LEVEL = 60


@dataclass(frozen=True)
class LabelRow:
    """The terms of one resource in one language, for the table of labels."""

    language: str
    name: str
    preferred: tuple[Text, ...]
    alternative: tuple[Text, ...]


@dataclass(frozen=True)
class Field:
    """One row of a description list: a heading and its values."""

    name: str
    values: tuple[Link, ...]


class Views:
    """Builds the views of one model in one language, with links relative to one page.

    The page's *language* is that of its texts; its interface's words (``t``) and the
    ``lang`` its texts are marked against are its interface language's.
    """

    def __init__(
        self,
        model: Model,
        places: dict[str, Place],
        languages: SiteLanguages,
        language: PageLanguage,
        hidden: frozenset[str] = frozenset(),
    ) -> None:
        self.model = model
        self.hidden = hidden  # concepts left out of trees: the deprecated ones, by default
        self.places = places
        self.languages = languages
        self.language = language
        self.interface = language.interface
        self.t = strings(language.interface)
        self._tag = primary_subtag(language.tag)
        self._order = collation(language.tag)
        self._sort_key = self._order.key
        self._site_tags = list(dict.fromkeys(primary_subtag(tag) for tag in languages.tags))
        self.source = ""  # the page being built, which links are relative to
        # A name and a sort key depend on the language alone; a thesaurus asks for the same
        # ones on thousands of pages.
        self._names: dict[str, Text] = {}
        self._order_keys: dict[str, tuple[Any, ...]] = {}
        # A link from a page to a place in another top folder depends only on the page's
        # depth: concept pages link to each other thousands of times.
        self._links: dict[tuple[str, int], Link] = {}
        self._source_folder = ""
        self._roots: dict[str, list[str]] = {}

    def at(self, source: str) -> Views:
        """Make links relative to the page file *source* from now on."""
        self.source = source
        self._source_folder = source.rpartition("/")[0]
        return self

    # -- texts ---------------------------------------------------------------------------

    def pick(self, labels: Sequence[Label]) -> Text | None:
        """Return the label in the page's language, or the nearest, marked as a fallback."""
        chosen = self.pick_all(labels)
        return chosen[0] if chosen else None

    def pick_all(self, labels: Sequence[Label]) -> tuple[Text, ...]:
        """Return every label in the best language available."""
        if not labels:
            return ()
        by_language: dict[str, list[Label]] = {}
        for label in labels:
            by_language.setdefault(primary_subtag(label.language), []).append(label)
        for language in (*self.language.fallbacks, ""):
            if language in by_language:
                return tuple(self.text(label) for label in by_language[language])
        first = sorted(by_language)[0]
        return tuple(self.text(label) for label in by_language[first])

    def text(self, label: Label) -> Text:
        """Return *label* as a Text, marked as a fallback if it is in another language."""
        language = primary_subtag(label.language)
        if not language:
            return Text(label.text)
        lang = label.language if language != self.interface else None
        if language == self._tag:
            return Text(label.text, label.language, lang)
        return Text(label.text, label.language, lang, language_name(label.language, self.interface))

    def plain(self, text: str) -> Text:
        """Return a text that has no language of its own (a number, a URI, a date)."""
        return Text(text)

    def name(self, uri: str) -> Text:
        """Return the label of any resource, falling back to its URI."""
        found = self._names.get(uri)
        if found is None:
            known = known_name(uri, self.interface)
            found = self.pick(self.model.labels_of(uri)) or (
                Text(known) if known else self.plain(uri)
            )
            self._names[uri] = found
        return found

    # -- links ---------------------------------------------------------------------------

    def href(self, place: Place, fragment: str = "") -> str:
        """Return the link from the current page to *place*'s page in this language."""
        return relative_url(self.source, place.page(self.language), fragment)

    def link(self, uri: str) -> Link:
        """Return a link to a resource: its page here if it has one, else the web."""
        place = self.places.get(uri)
        depth = depth_apart(self._source_folder, place.folder.partition("/")[0]) if place else None
        if depth is None:
            return self._link(uri)
        key = (uri, depth)
        found = self._links.get(key)
        if found is None:
            found = self._links[key] = self._link(uri, depth)
        return found

    def _link(self, uri: str, depth: int | None = None) -> Link:
        """Make the link to *uri*; from a folder *depth* deep that shares none with it."""
        label = self.name(uri)
        concept = self.model.concepts.get(uri)
        notation = concept.notations[0] if concept and concept.notations else ""
        draft = bool(concept and concept.draft)
        deprecated = bool(concept and concept.deprecated)
        place = self.places.get(uri)
        if place is None:
            return Link(label, web_href(uri), notation, external=True)
        page = place.page(self.language)
        href = link_down(depth, page) if depth is not None else relative_url(self.source, page)
        return Link(label, href, notation, False, draft, deprecated)

    def links(self, uris: Iterable[str]) -> tuple[Link, ...]:
        """Return links to *uris* in the order of the scheme (notation, then label)."""
        if not uris:  # most of a concept page's lists
            return ()
        return tuple(self.link(uri) for uri in self.ordered(uris))

    def value(self, value: Value) -> Link:
        """Return a value as a link (a resource) or a plain text."""
        if value.is_uri:
            return self.link(value.text)
        return Link(self.text(Label(value.text, value.language)), None)

    def ordered(self, uris: Iterable[str]) -> list[str]:
        """Sort *uris* the way a scheme lists them: by notation, else by label."""
        listed = list(uris)
        if len(listed) < 2:  # most lists of a concept's page: no sort keys to make
            return listed
        return sorted(listed, key=self.order_key)

    def order_key(self, uri: str) -> tuple[Any, ...]:
        found = self._order_keys.get(uri)
        if found is None:
            concept = self.model.concepts.get(uri)
            label = self.name(uri).text
            if concept and concept.notations:
                found = (0, notation_key(concept.notations[0]), self._sort_key(label), uri)
            else:
                found = (1, (), self._sort_key(label), uri)
            self._order_keys[uri] = found
        return found

    # -- whole views ---------------------------------------------------------------------

    def label_rows(
        self, preferred: Sequence[Label], alternative: Sequence[Label]
    ) -> tuple[LabelRow, ...]:
        """Return a row per language: the site's languages always, then any others it has."""
        site = self._site_tags
        terms: dict[str, tuple[list[Text], list[Text]]] = {code: ([], []) for code in site}
        for column, labels in enumerate((preferred, alternative)):
            for label in labels:
                language = primary_subtag(label.language)
                terms.setdefault(language, ([], []))[column].append(self.own(label))
        # The vocabulary's other languages by name, and labels with no language tag last.
        others = sorted(
            set(terms) - set(site),
            key=lambda tag: (not tag, language_name(tag, self.interface).casefold(), tag),
        )
        order = [*site, *others]
        return tuple(
            LabelRow(
                language,
                language_name(language, self.interface),
                tuple(terms[language][0]),
                tuple(terms[language][1]),
            )
            for language in order
        )

    def own(self, label: Label) -> Text:
        """Return *label* with its own language and no fallback mark (a table says which)."""
        language = primary_subtag(label.language)
        return Text(
            label.text,
            label.language,
            label.language if language and language != self.interface else None,
        )

    def notes(
        self, notes: Sequence[tuple[str, tuple[Label, ...]]]
    ) -> tuple[tuple[str, tuple[Text, ...]], ...]:
        """Return each kind of note with its texts in the best language."""
        return tuple((self.t[kind], self.pick_all(labels)) for kind, labels in notes)

    def concept_fields(self, concept: Concept) -> dict[str, Any]:
        """Return what a concept page shows."""
        mappings = tuple(
            (self.t[kind], self.links(uris))
            for kind, uris in concept.mappings
            if kind in MAPPING_KINDS
        )
        code = concept.status_code
        status = self.t.get(f"status_{code}", code or "") if code else ""
        notes, editorial = split_notes(concept.notes)
        path, scheme = self.path_to(concept)
        return {
            "uri": concept.uri,
            "uri_href": web_href(concept.uri),
            "title": self.name(concept.uri),
            "breadcrumb": tuple(self.link(uri) for uri in ([scheme] if scheme else []) + path),
            "place": self.place_tree(concept, path, scheme),
            "described_in": self.links(concept.relations),
            "citation": self.concept_citation(concept, scheme),
            "notation": ", ".join(concept.notations),
            "status": status,
            "status_uri": web_href(concept.status or ""),
            "draft": concept.draft,
            "deprecated": concept.deprecated,
            "replaced_by": self.links(concept.replaced_by),
            "label_rows": self.label_rows(concept.pref_labels, concept.alt_labels),
            "definitions": self.pick_all(concept.definitions),
            "notes": self.notes(notes),
            "editorial": self.pick_all(editorial),
            "broader": self.links(concept.broader),
            "narrower": self.links(concept.narrower),
            "related": self.links(concept.related),
            "mappings": mappings,
            "schemes": self.links(concept.schemes),
            "collections": self.links(concept.collections),
            "sources": tuple(self.value(v) for v in concept.sources),
            "created": concept.created or "",
            "modified": concept.modified or "",
        }

    def path_to(self, concept: Concept) -> tuple[list[str], str | None]:
        """Return the concepts above *concept*, from the top down, and the scheme they are in.

        Where a concept has more than one broader concept, the first in the scheme's order
        is followed.
        """
        path: list[str] = []
        seen = {concept.uri}
        current = concept
        while True:
            above = [
                uri
                for uri in self.ordered(current.broader)
                if uri in self.model.concepts and uri not in seen and uri not in self.hidden
            ]
            if not above:
                break
            path.insert(0, above[0])
            seen.add(above[0])
            current = self.model.concepts[above[0]]
        schemes = current.top_concept_of or concept.schemes or current.schemes
        scheme = next((uri for uri in schemes if uri in self.model.schemes), None)
        return path, scheme

    def place_tree(
        self, concept: Concept, path: list[str], scheme: str | None
    ) -> tuple[PlaceNode, ...]:
        """Return the hierarchy opened at *concept*: each level on the way down to it, and
        what is directly under it."""
        way = [*path, concept.uri]
        roots: Sequence[str] = self.roots(scheme) if scheme else []
        if len(roots) > MAX_LEVEL or way[0] not in roots:
            roots = [way[0]]

        def level(uris: Sequence[str], depth: int) -> tuple[PlaceNode, ...]:
            # A level too long to list (a thesaurus's top concept may have thousands under
            # it) shows only the way on; it is not even read, as every page has one.
            if len(uris) > MAX_LEVEL:
                uris = [way[depth]] if depth < len(way) else []
            nodes = []
            for uri in self.ordered(u for u in uris if u not in self.hidden):
                children: tuple[PlaceNode, ...] = ()
                node = self.model.concepts.get(uri)
                if depth < len(way) and uri == way[depth] and node is not None:
                    if depth + 1 < len(way):
                        children = level(node.narrower, depth + 1)
                    elif len(node.narrower) <= MAX_LEVEL:
                        children = tuple(
                            PlaceNode(self.link(u))
                            for u in self.ordered(node.narrower)
                            if u not in self.hidden and u not in way
                        )
                nodes.append(PlaceNode(self.link(uri), uri == concept.uri, children))
            return tuple(nodes)

        return level(roots, 0)

    def place_uris(self, concept: Concept, path: list[str], scheme: str | None) -> set[str]:
        """Return every resource that the tree around *concept* and its breadcrumb may show."""
        found = {*path, concept.uri}
        if scheme:
            found.add(scheme)
            roots = self.roots(scheme)
            if len(roots) <= MAX_LEVEL:
                found.update(roots)
        for uri in [*path, concept.uri]:
            below = self.model.concepts[uri].narrower
            if len(below) <= MAX_LEVEL:
                found.update(below)
        return found

    def roots(self, scheme_uri: str) -> list[str]:
        """Return a scheme's roots (see scheme_roots), found once per scheme."""
        found = self._roots.get(scheme_uri)
        if found is None:
            found = self._roots[scheme_uri] = self.scheme_roots(self.model.schemes[scheme_uri])
        return found

    def concept_citation(self, concept: Concept, scheme_uri: str | None) -> str:
        """Return how to cite a concept: publisher (year). Label. In: scheme, version. URI."""
        scheme = self.model.schemes.get(scheme_uri) if scheme_uri else None
        parts = []
        if scheme and scheme.publisher:
            who = self.pick(scheme.publisher.names)
            year = f" ({scheme.issued[:4]})" if scheme.issued else ""
            parts.append(f"{who.text if who else scheme.publisher.uri}{year}.")
        parts.append(f"{self.name(concept.uri).text}.")
        if scheme:
            version = f", {self.t['version'].lower()} {scheme.version}" if scheme.version else ""
            parts.append(
                f"{self.t['in_scheme_short'].capitalize()}: {self.name(scheme.uri).text}{version}."
            )
        parts.append(concept.uri)
        return " ".join(parts)

    def scheme_fields(self, scheme: Scheme) -> tuple[Field, ...]:
        """Return a scheme's metadata as rows: version, dates, publisher, licence ..."""
        rows: list[tuple[str, Sequence[Link]]] = [
            ("version", [Link(self.plain(scheme.version), None)] if scheme.version else []),
            ("issued", [Link(self.plain(scheme.issued), None)] if scheme.issued else []),
            ("modified", [Link(self.plain(scheme.modified), None)] if scheme.modified else []),
            ("publisher", [self.publisher(scheme)] if scheme.publisher else []),
            ("licence", [self.value(v) for v in scheme.licences]),
            ("source", [self.value(v) for v in scheme.sources]),
            ("see_also", [self.value(v) for v in scheme.see_also]),
            ("part_of", self.links(scheme.part_of)),
            ("has_part", self.links(scheme.has_part)),
        ]
        return tuple(Field(self.t[key], tuple(values)) for key, values in rows if values)

    def publisher(self, scheme: Scheme) -> Link:
        agent = scheme.publisher
        assert agent is not None
        label = self.pick(agent.names) or self.plain(agent.uri or "")
        return Link(label, web_href(agent.uri or ""), external=True)

    def citation(self, scheme: Scheme) -> str:
        """Return how to cite a scheme: publisher (year). Title. Version. URI."""
        parts = []
        if scheme.publisher:
            who = self.pick(scheme.publisher.names)
            year = f" ({scheme.issued[:4]})" if scheme.issued else ""
            parts.append(f"{who.text if who else scheme.publisher.uri}{year}.")
        parts.append(f"{self.name(scheme.uri).text}.")
        if scheme.version:
            parts.append(f"{self.t['version']} {scheme.version}.")
        parts.append(scheme.uri)
        return " ".join(parts)

    def tree(self, roots: Iterable[str], depth: int | None = None) -> tuple[TreeNode, ...]:
        """Return the hierarchy under *roots*, in the scheme's order, without cycles.

        Hidden concepts (deprecated ones) are left out, with everything only they lead to.
        """

        def grow(uri: str, above: frozenset[str], level: int) -> TreeNode:
            concept = self.model.concepts.get(uri)
            below = (
                []
                if concept is None or (depth is not None and level >= depth)
                else concept.narrower
            )
            children = tuple(
                grow(child, above | {uri}, level + 1)
                for child in self.ordered(below)
                if child not in above | {uri} and child not in self.hidden
            )
            return TreeNode(self.link(uri), children)

        shown = (uri for uri in roots if uri not in self.hidden)
        return tuple(grow(uri, frozenset(), 1) for uri in self.ordered(shown))

    def scheme_roots(self, scheme: Scheme) -> list[str]:
        """Return a scheme's top concepts, or its concepts with nothing broader in it."""
        if scheme.top_concepts:
            return list(scheme.top_concepts)
        members = set(scheme.concepts)
        return [
            uri
            for uri in scheme.concepts
            if not set(self.model.concepts[uri].broader if uri in self.model.concepts else ())
            & members
        ]

    def wheel(self, scheme: Scheme, always: bool = False) -> Wheel | None:
        """Return the sunburst of a scheme's top concepts and their narrower concepts.

        A scheme is drawn as a wheel when its top concepts have narrower concepts (a list of
        top concepts alone is no wheel), or when *always*.
        """
        items = []
        for node in self.tree(scheme.top_concepts, depth=2):
            children = tuple(self.wheel_item(child.link) for child in node.children)
            items.append(self.wheel_item(node.link, children))
        if not can_draw(items) or not (always or any(item.children for item in items)):
            return None
        center = self.wheel_item(self.link(scheme.uri))
        return draw_wheel(items, center)

    def wheel_item(self, link: Link, children: tuple[WheelItem, ...] = ()) -> WheelItem:
        """Return a link as something to draw; its language is set only when not the page's."""
        return WheelItem(
            link.label.text,
            link.label.lang or "",
            link.href or "",
            children,
            link.notation,
            link.draft,
        )

    def alphabet(self) -> tuple[tuple[str, str, tuple[tuple[Text, str], ...]], ...]:
        """Return (letter, anchor, entries) for every concept's terms in this language.

        An entry is a term and the concept it names; links are made by the page that shows it.
        """
        entries: list[tuple[Text, str]] = []
        for uri, concept in self.model.concepts.items():
            entries.append((self.name(uri), uri))
            for label in concept.alt_labels:
                if primary_subtag(label.language) == self._tag:
                    entries.append((self.text(label), uri))
        entries.sort(key=lambda entry: (self._sort_key(entry[0].text), self._folder(entry[1])))
        letters: dict[str, list[tuple[Text, str]]] = {}
        for text, uri in entries:
            letters.setdefault(self.initial(text.text), []).append((text, uri))
        order = self.letter_order(letters)
        return tuple(
            (letter or self.t["other_letter"], letter_anchor(letter), tuple(letters[letter]))
            for letter in order
        )

    def initial(self, text: str) -> str:
        """Return the letter *text* is filed under in this page's index ("" for no letter)."""
        return self._order.initial(text)

    def letter_order(self, letters: Iterable[str]) -> list[str]:
        """Return the letters of an index in this page's order, "" (no letter) last."""
        return sorted(letters, key=lambda letter: (letter == "", self._sort_key(letter)))

    def _folder(self, uri: str) -> str:
        place = self.places.get(uri)
        return place.folder if place else uri


def split_notes(
    notes: Sequence[tuple[str, tuple[Label, ...]]],
) -> tuple[list[tuple[str, tuple[Label, ...]]], tuple[Label, ...]]:
    """Return the notes for readers, and apart from them the editorial notes.

    Editorial notes are for the editors: kept in the data, folded away on the page.
    """
    editorial = dict(notes).get("editorialNote", ())
    return [(kind, labels) for kind, labels in notes if kind != "editorialNote"], editorial


def letter_anchor(letter: str) -> str:
    """Return an ASCII id for a letter of the index: "a", "ae", "oe", "aa", "other", or the
    letter's code point for any other alphabet's ("u0431" for the Cyrillic be)."""
    named = {"Æ": "ae", "Ø": "oe", "Å": "aa", "": "other"}.get(letter)
    if named is None:
        named = letter.lower() if letter.isascii() else f"u{ord(letter.lower()[0]):04x}"
    return "letter-" + named


def web_href(uri: str) -> str | None:
    """Return *uri* if a browser may follow it (HTTP or HTTPS), else None."""
    return uri if uri.lower().startswith(("http://", "https://")) and " " not in uri else None


def sparql_examples(views: Views) -> tuple[tuple[str, str], ...]:
    """Return (title, query) pairs for the usage page, in the page's language.

    The queries are the .rq files the tests run too (see examples.py); their titles and the
    comment at their head are in the page's language. They show labels in the site's default
    language, and list the terms in its second (its only one, if it has one).
    """
    # A label's language is matched by its primary subtag: "en" finds "en-GB" too.
    tags = [primary_subtag(tag) for tag in views.languages.tags]
    terms = tags[1] if len(tags) > 1 else tags[0]
    terms_name = language_name(terms, views.interface)

    def say(text: str) -> str:  # not str.format: the texts hold SPARQL's braces
        return text.replace("{language}", terms_name).replace("{tag}", terms)

    found = []
    for name, text in example_queries(tags[0], terms).items():
        key = f"query_{name.replace('-', '_')}"
        body = text.splitlines(keepends=True)
        while body and body[0].startswith("#"):
            body.pop(0)
        comment = "".join(
            f"# {line}\n" for line in textwrap.wrap(say(views.t[f"{key}_comment"]), 90)
        )
        found.append((say(views.t[key]), comment + "".join(body)))
    return tuple(found)
