"""The languages a site has pages in, and what each page's language decides.

A site has pages in the languages its vocabulary is written in: those of its schemes'
labels, the one most preferred labels are in first, or those the ``languages`` setting
names. The first is the default: its pages have the plain name ``index.html``. The
interface's own words exist in bokmål, nynorsk and English; a page in any other language
has the English interface around the vocabulary's texts, and the page's ``lang`` is its
interface's (each text in another language says its own).

The build writes the site's languages to ``_site/languages.json``, where ``serve`` reads
which page to answer a request's Accept-Language with.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from kompetanse_skos.errors import LoadError
from kompetanse_skos.project import list_setting
from kompetanse_skos.rdf.languages import LANGUAGES, NEAREST, primary_subtag
from kompetanse_skos.vocabulary.model import Model

LANGUAGES_SETTING = "languages"
DEFAULT_PAGE = "index.html"  # the name of a page in the default language
LANGUAGES_FILE = "_site/languages.json"
# A language tag as BCP 47 writes it, in the lower case the site's file names use.
_TAG = re.compile(r"[a-z]{2,3}(-[a-z0-9]{1,8})*")


@dataclass(frozen=True)
class PageLanguage:
    """One language of a site's pages: what its texts are in, and its interface's."""

    tag: str  # the language of the page's texts: its pages' name and hreflang
    interface: str  # the language of the page's own words and its lang: nb, nn or en
    fallbacks: tuple[str, ...]  # where a text is missing in tag, the languages to show, in order
    default: bool = False  # its pages have the plain name index.html

    @property
    def page_name(self) -> str:
        """Return the name of a page in this language: ``index.html``, ``index.en.html``."""
        return DEFAULT_PAGE if self.default else f"index.{self.tag}.html"


@dataclass(frozen=True)
class SiteLanguages:
    """The languages of one site's pages, the default first."""

    pages: tuple[PageLanguage, ...]

    def __iter__(self) -> Iterator[PageLanguage]:
        return iter(self.pages)

    def __len__(self) -> int:
        return len(self.pages)

    @property
    def default(self) -> PageLanguage:
        return self.pages[0]

    @property
    def tags(self) -> tuple[str, ...]:
        return tuple(language.tag for language in self.pages)

    def get(self, tag: str) -> PageLanguage | None:
        """Return the page language *tag*, if the site has pages in it."""
        return next((language for language in self.pages if language.tag == tag), None)

    def to_json(self) -> bytes:
        """Return what ``_site/languages.json`` holds: the tags, the default first."""
        return (json.dumps({"languages": list(self.tags)}, indent=2) + "\n").encode("utf-8")


def site_languages(tags: Sequence[str]) -> SiteLanguages:
    """Return the languages of a site with pages in *tags*, the first the default."""
    pages = []
    for n, tag in enumerate(tags):
        interface = primary_subtag(tag)
        interface = "nb" if interface == "no" else interface
        order: list[str] = []
        for language in (tag, *tags[:n], *tags[n + 1 :]):
            for near in (primary_subtag(language), *NEAREST.get(primary_subtag(language), ())):
                if near not in order:
                    order.append(near)
        pages.append(
            PageLanguage(
                tag,
                interface if interface in LANGUAGES else "en",
                tuple(order),
                default=n == 0,
            )
        )
    return SiteLanguages(tuple(pages))


def choose_languages(model: Model, settings: Mapping[str, object]) -> SiteLanguages:
    """Return the languages of *model*'s site: those its project's *settings* name, or
    those it is written in.

    Without the setting, they are the languages of the schemes' labels (of the concepts' where
    the schemes have none), the one most preferred labels are in first, ties in the order
    of the package's own languages, then by tag. A vocabulary with no language tags at all
    has the package's own languages.
    """
    if LANGUAGES_SETTING in settings:
        return site_languages(_checked(list_setting(settings, LANGUAGES_SETTING)))
    resources = (*model.schemes, *model.concepts, *model.collections)
    counts = Counter(
        primary_subtag(label.language)
        for uri in resources
        for label in model.labels_of(uri)
        if label.language
    )
    found = {
        primary_subtag(label.language)
        for uri in model.schemes
        for label in model.labels_of(uri)
        if label.language
    } or set(counts)
    if not found:
        return site_languages(LANGUAGES)
    known = {tag: n for n, tag in enumerate(LANGUAGES)}
    return site_languages(
        sorted(found, key=lambda tag: (-counts[tag], known.get(tag, len(known)), tag))
    )


def unlabelled(model: Model, languages: SiteLanguages) -> list[str]:
    """Return the page languages in which *model* has no label at all."""
    found = {
        primary_subtag(label.language)
        for uri in (*model.schemes, *model.concepts, *model.collections)
        for label in model.labels_of(uri)
    }
    return [tag for tag in languages.tags if primary_subtag(tag) not in found]


def _checked(setting: Sequence[str]) -> list[str]:
    """Return the setting's language tags in lower case, or say what is wrong with it."""
    where = f"[tool.kompetanse-skos] {LANGUAGES_SETTING}"
    if not setting:
        raise LoadError(f'{where} must name at least one language, such as ["nb", "en"]')
    tags = [tag.strip().lower() for tag in setting]
    for tag in tags:
        if not _TAG.fullmatch(tag):
            raise LoadError(f"{where}: {tag!r} is not a language tag (such as nb, en or en-gb)")
    repeated = sorted({tag for tag in tags if tags.count(tag) > 1})
    if repeated:
        raise LoadError(f"{where} names {', '.join(repeated)} more than once")
    # A text is chosen by its language, not its region: two such tags would be one language.
    primaries = [primary_subtag(tag) for tag in tags]
    alike = [tag for tag in tags if primaries.count(primary_subtag(tag)) > 1]
    if alike:
        raise LoadError(f"{where} names {' and '.join(alike)}, which are one language to the site")
    return tags


def read_languages(folder: Path) -> SiteLanguages | None:
    """Return the languages of the site built in *folder*, or None if it does not say."""
    try:
        data = json.loads((folder / LANGUAGES_FILE).read_text(encoding="utf-8"))
        tags = data["languages"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not isinstance(tags, list) or not tags:
        return None
    if not all(isinstance(tag, str) and _TAG.fullmatch(tag) for tag in tags):
        return None
    return site_languages(tags)
