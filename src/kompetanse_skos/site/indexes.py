"""The A-Z index and the hierarchy: one page each, or one page per letter when they are large.

A page of 35,000 terms weighs megabytes, too much for a phone and for a reader. Above
SPLIT_FROM entries, the index page lists the letters, and each letter has a page of its own:
the terms that start with it, or the top of the hierarchy (each root and what is directly
under it) for the roots that start with it. Every concept's own page shows what is under it,
so the whole hierarchy stays reachable.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from kompetanse_skos.site.pages import Link, Text, TreeNode, Views, letter_anchor
from kompetanse_skos.site.places import Place

# The most entries one index page holds before it is split by letter.
SPLIT_FROM = 2000
# How deep the hierarchy goes on a letter page.
LETTER_DEPTH = 2


@dataclass(frozen=True)
class Letter:
    """One letter of an index: where it leads, and the entries shown under it on this page."""

    letter: str
    anchor: str
    href: str
    # A term, the link to its concept (without its notation: the index is read by the
    # letter), and the concept's scheme when the site has more than one.
    entries: tuple[tuple[Text, Link, Text | None], ...] = ()


@dataclass(frozen=True)
class IndexPage:
    """One page of the A-Z index: where it goes, and its letters."""

    place: Place
    letters: tuple[Letter, ...]


@dataclass(frozen=True)
class SchemeTree:
    """A scheme's part of a hierarchy page: its heading, anchor, letters and tree."""

    link: Link | None  # None for the concepts in no scheme
    anchor: str
    letters: tuple[Letter, ...]
    nodes: tuple[TreeNode, ...]


def letter_place(index: Place, anchor: str) -> Place:
    """Return the place of the page of one letter of the index at *index*."""
    return Place("", f"{index.folder}/{anchor}")


def alphabetical_pages(views: Views, index: Place) -> Iterable[IndexPage]:
    """Yield the A-Z index in *views*' language: one page, or an index and a page per letter.

    Each page is computed after *views* is set to it, so that its links are relative to it.
    """
    groups = views.alphabet()
    language = views.language
    if sum(len(entries) for _, _, entries in groups) <= SPLIT_FROM:
        views.at(index.page(language))
        yield IndexPage(
            index,
            tuple(
                Letter(letter, anchor, f"#{anchor}", _entries(views, entries))
                for letter, anchor, entries in groups
            ),
        )
        return
    pages = {anchor: letter_place(index, anchor) for _, anchor, _ in groups}
    views.at(index.page(language))
    yield IndexPage(
        index,
        tuple(Letter(letter, anchor, views.href(pages[anchor])) for letter, anchor, _ in groups),
    )
    for _, anchor, entries in groups:
        views.at(pages[anchor].page(language))
        letters = tuple(
            Letter(other, key, f"#{key}", _entries(views, entries))
            if key == anchor
            else Letter(other, key, views.href(pages[key]))
            for other, key, _ in groups
        )
        yield IndexPage(pages[anchor], letters)


def _entries(
    views: Views, entries: Iterable[tuple[Text, str]]
) -> tuple[tuple[Text, Link, Text | None], ...]:
    several = len(views.model.schemes) > 1
    found = []
    for text, uri in entries:
        link = views.link(uri)
        concept = views.model.concepts.get(uri)
        scheme = concept.schemes[0] if several and concept and concept.schemes else None
        found.append(
            (
                text,
                replace(link, notation="") if link.notation else link,
                views.name(scheme) if scheme else None,
            )
        )
    return tuple(found)


def roots_by_letter(views: Views, roots: Iterable[str]) -> dict[str, list[str]]:
    """Group *roots* by the first letter of their names, in index order."""
    groups: dict[str, list[str]] = {}
    for uri in views.ordered(roots):
        groups.setdefault(views.initial(views.name(uri).text), []).append(uri)
    return {letter: groups[letter] for letter in views.letter_order(groups)}


def is_large(views: Views) -> bool:
    """Whether the hierarchy is too large for one page."""
    return len(views.model.concepts) > SPLIT_FROM


def letters_of(
    views: Views, index: Place, groups: dict[str, list[str]], current: str | None
) -> tuple[Letter, ...]:
    """Return the letter links of a hierarchy page (the current letter links to itself)."""
    return tuple(
        Letter(
            letter or views.t["other_letter"],
            letter_anchor(letter),
            "#main"
            if letter == current
            else views.href(letter_place(index, letter_anchor(letter))),
        )
        for letter in groups
    )
