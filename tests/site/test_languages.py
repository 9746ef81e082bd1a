"""Issue 23: the site's languages come from the vocabulary and the ``languages`` setting.

Two small projects show it (session fixtures in sites.py): tests/data/english, an English-only
vocabulary with no setting, and tests/data/bilingual, English and German with
``languages = ["en", "de"]``. The interface has words in nb, nn and en only, so a German page
has the English interface (``<html lang="en">``) and the vocabulary's German texts, each marked
``lang="de"``. The same sites' pages are checked by axe-core and the Nu checker in
test_browser.py. The unit tests at the end show how the languages are chosen and checked,
what each page's language decides, and how serve picks one.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import signal
import subprocess
import sys
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from conftest import DATA, LOS, ROOT, run_cli
from kompetanse_skos.errors import LoadError
from kompetanse_skos.project import Project
from kompetanse_skos.serving.negotiation import best_language
from kompetanse_skos.serving.serve import make_server
from kompetanse_skos.site.i18n import STRINGS, collation
from kompetanse_skos.site.languages import (
    LANGUAGES_FILE,
    choose_languages,
    read_languages,
    site_languages,
)
from kompetanse_skos.site.pages import Views, letter_anchor, sparql_examples
from kompetanse_skos.vocabulary.load import Vocabulary
from kompetanse_skos.vocabulary.model import Model, begins_with_notation, model_of
from kompetanse_skos.vocabulary.read import read_vocabulary
from linked_data import BROWSER_ACCEPT, free_port, wait_for
from sites import check_links, pages, read_page

ENGLISH_BASE = "https://example.org/workshop/"
BILINGUAL_BASE = "https://example.org/economics/"
# The bilingual vocabulary's page names: English is the first language of its setting.
BILINGUAL_PAGES = {"en": "index.html", "de": "index.de.html"}
# Its one concept with an English label and definition but no German ones.
UNTRANSLATED = URIRef(BILINGUAL_BASE + "double-entry")
# A concept whose labels begin with its notation ("V.05"), and its title in each language.
FINANCIAL = "financial"
FINANCIAL_TITLES = {"en": "V.05 Financial economics", "de": "V.05 Finanzwirtschaft"}
# The language switch names each language in itself.
SWITCH_NAMES = {"en": "English", "de": "Deutsch"}
# What the interface calls the languages in English, as the terms table's rows name them.
ROW_NAMES = {"en": "English", "de": "German"}
SETTING = 'languages = ["en", "de"]\n'


# -- reading the vocabularies and the pages ------------------------------------------------


def vocabulary(project: str) -> Graph:
    """Read the vocabulary of the project tests/data/*project*."""
    graph = Graph()
    for path in sorted((DATA / project / "vocab").glob("*.ttl")):
        graph.parse(path)
    return graph


def concept_folders(project: str, base: str) -> list[str]:
    """Return the folder of each concept's pages in the site of *project*."""
    graph = vocabulary(project)
    return sorted(str(uri)[len(base) :] for uri in graph.subjects(RDF.type, SKOS.Concept))


def texts_in(graph: Graph, language: str) -> set[str]:
    """Return every text of the vocabulary in *language*, also without a notation it begins
    with (a page may show the notation apart from the rest)."""
    found = set()
    for subject, _, value in graph:
        if isinstance(value, Literal) and value.language == language:
            text = " ".join(str(value).split())
            found.add(text)
            for notation in graph.objects(subject, SKOS.notation):
                found.add(text.removeprefix(f"{notation} "))
    return found


_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)
# Attributes whose values a reader is given (by a screen reader, a tooltip or the search script).
_READ_ATTRIBUTES = frozenset({"aria-label", "title", "alt", "placeholder", "content"})


@dataclass
class Shown:
    """A page as a reader meets it: the body's texts with the language each is in, the text of
    the attributes read out, each link and each fallback badge."""

    texts: list[tuple[str, str]] = field(default_factory=list)  # (language, text)
    attributes: list[str] = field(default_factory=list)
    anchors: list[tuple[dict[str, str], str]] = field(default_factory=list)  # attrs, text
    badges: list[tuple[str, str]] = field(default_factory=list)  # (text before it, its text)
    h1: list[tuple[str, str]] = field(default_factory=list)  # (language, text)


@dataclass
class _Gathered:
    """The texts of an open link or badge, and where in Shown it goes."""

    kind: str  # "anchor" or "badge"
    index: int
    texts: list[str] = field(default_factory=list)


class _ShownReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.shown = Shown()
        # Each open element: its tag, its language, and, for a link or a badge, where its
        # text is gathered.
        self.open: list[tuple[str, str, _Gathered | None]] = []
        self.in_body = False
        self.skipping = 0  # inside <script> or <style>
        self.last_text = ""  # the last text outside any badge

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, closes=tag in _VOID)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, closes=True)

    def _start(self, tag: str, attrs: list[tuple[str, str | None]], closes: bool) -> None:
        values = {name: value or "" for name, value in attrs}
        self.shown.attributes.extend(
            value
            for name, value in values.items()
            if name in _READ_ATTRIBUTES or name.startswith("data-")
        )
        if tag == "body":
            self.in_body = True
        if tag in ("script", "style"):
            self.skipping += 1
        if closes:
            return
        inherited = self.open[-1][1] if self.open else ""
        language = values.get("lang", values.get("xml:lang", inherited))
        gathered = None
        if "fallback" in values.get("class", "").split():
            gathered = _Gathered("badge", len(self.shown.badges))
            self.shown.badges.append((self.last_text, ""))
        elif tag == "a":
            gathered = _Gathered("anchor", len(self.shown.anchors))
            self.shown.anchors.append((values, ""))
        self.open.append((tag, language, gathered))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.skipping = max(0, self.skipping - 1)
        if all(name != tag for name, _, _ in self.open):
            return
        while self.open:
            name, _, gathered = self.open.pop()
            if gathered is not None:
                text = " ".join(gathered.texts)
                if gathered.kind == "badge":
                    before, _ = self.shown.badges[gathered.index]
                    self.shown.badges[gathered.index] = (before, text)
                else:
                    attrs, _ = self.shown.anchors[gathered.index]
                    self.shown.anchors[gathered.index] = (attrs, text)
            if name == tag:
                return

    def handle_data(self, data: str) -> None:
        text = " ".join(data.split())
        if not text or not self.in_body or self.skipping:
            return
        language = self.open[-1][1] if self.open else ""
        self.shown.texts.append((language, text))
        in_badge = False
        for name, _, gathered in self.open:
            if name == "h1":
                self.shown.h1.append((language, text))
            if gathered is not None:
                gathered.texts.append(text)
                in_badge = in_badge or gathered.kind == "badge"
        if not in_badge:
            self.last_text = text


def show(path: Path) -> Shown:
    """Read a page as a reader meets it."""
    reader = _ShownReader()
    reader.feed(path.read_text(encoding="utf-8"))
    reader.close()
    return reader.shown


def plain(fragment: str) -> str:
    """Return the text of an HTML fragment, its whitespace made single spaces."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


# Elements that run on with the text around them; any other element starts a line of its own.
_INLINE = r"a|abbr|b|bdi|bdo|cite|code|em|i|kbd|mark|q|samp|small|span|strong|sub|sup|time|var"


def page_text(path: Path) -> str:
    """Return a page's text as it reads, its head's included, without its scripts: one line
    for each block (a heading, a list item, a table cell), with its inline elements' text."""
    text = path.read_text(encoding="utf-8")
    text = " ".join(re.sub(r"<script\b.*?</script>", " ", text, flags=re.DOTALL).split())
    text = re.sub(r"<[^>]+>", "\n", re.sub(rf"</?(?:{_INLINE})\b[^>]*>", "", text))
    lines = (" ".join(line.split()) for line in html.unescape(text).split("\n"))
    return "\n".join(line for line in lines if line)


def term_rows(path: Path) -> list[tuple[str, str]]:
    """Return the rows of a concept page's terms table: each row's language and its terms."""
    text = path.read_text(encoding="utf-8")
    [table] = re.findall(r'<table class="labels[^"]*">.*?</table>', text, flags=re.DOTALL)
    rows = re.findall(r'<th scope="row">(.*?)</th>(.*?)</tr>', table, flags=re.DOTALL)
    return [(plain(name), plain(rest)) for name, rest in rows]


def norwegian_interface_texts() -> set[str]:
    """Return the interface's bokmål and nynorsk texts that no English page holds by chance:
    each part between placeholders that differs from the English text, is longer than three
    characters and is found in no English text of the interface, and the switch's names."""
    english = " ".join(en for _, _, en in STRINGS.values()).lower()
    found = {"Norsk bokmål", "Norsk nynorsk"}
    for nb, nn, en in STRINGS.values():
        for text in (nb, nn):
            if text == en:
                continue
            for part in re.split(r"\{\w+\}", text):
                part = part.strip(" .,:;")
                if len(part) > 3 and part.lower() not in english:
                    found.add(part)
    return found


def norwegian_on(site: Path) -> list[str]:
    """Return each page of *site* and the Norwegian interface text found on it."""
    norwegian = norwegian_interface_texts()
    assert len(norwegian) > 100 and "Hierarki" in norwegian and "Format" not in norwegian
    found = []
    for path in sorted(site.rglob("*.html")):
        shown = show(path)
        haystack = "\n".join([text for _, text in shown.texts] + shown.attributes)
        found += [f"{path.relative_to(site)}: {text}" for text in norwegian if text in haystack]
    return sorted(found)


# -- an English-only vocabulary ------------------------------------------------------------


def test_issue_23_an_english_vocabulary_has_english_pages_only(english_site: Path) -> None:
    assert {path.name for path in english_site.rglob("*.html")} == {"index.html"}
    folders = concept_folders("english", ENGLISH_BASE)
    assert len(folders) == 8
    for folder in folders:
        assert (english_site / folder / "index.html").is_file(), folder
    languages = {
        page.path.relative_to(english_site).as_posix(): page.lang for page in pages(english_site)
    }
    assert len(languages) > len(folders) and set(languages.values()) == {"en"}, languages


def test_issue_23_an_english_site_has_no_norwegian_word(english_site: Path) -> None:
    assert norwegian_on(english_site) == []


def test_issue_23_an_english_site_marks_no_fallback(english_site: Path) -> None:
    badges = {
        path.relative_to(english_site).as_posix(): show(path).badges
        for path in sorted(english_site.rglob("*.html"))
    }
    assert {path: found for path, found in badges.items() if found} == {}


def test_issue_23_an_english_terms_table_has_one_row(english_site: Path) -> None:
    for folder in concept_folders("english", ENGLISH_BASE):
        rows = term_rows(english_site / folder / "index.html")
        assert [name for name, _ in rows] == ["English"], folder


def test_issue_23_an_english_site_links_only_to_english_pages(english_site: Path) -> None:
    assert check_links(english_site) == []
    for page in pages(english_site):
        alternates = {
            attrs["hreflang"]
            for tag, _, attrs in page.links
            if tag == "link" and attrs.get("rel") == "alternate" and "hreflang" in attrs
        }
        switch = {attrs["hreflang"] for tag, _, attrs in page.links if "hreflang" in attrs}
        assert alternates <= {"en", "x-default"}, page.path
        assert switch <= {"en", "x-default"}, page.path


# -- English and German --------------------------------------------------------------------


def test_issue_23_a_bilingual_site_has_english_and_german_pages(bilingual_site: Path) -> None:
    assert {path.name for path in bilingual_site.rglob("*.html")} == set(BILINGUAL_PAGES.values())
    for path in sorted(bilingual_site.rglob("index.html")):
        assert (path.parent / BILINGUAL_PAGES["de"]).is_file(), path
    for folder in concept_folders("bilingual", BILINGUAL_BASE):
        for name in BILINGUAL_PAGES.values():
            assert (bilingual_site / folder / name).is_file(), (folder, name)
    # Every page's interface is English, the German pages' too.
    languages = {
        page.path.relative_to(bilingual_site).as_posix(): page.lang
        for page in pages(bilingual_site)
    }
    assert set(languages.values()) == {"en"}, languages
    for language, name in BILINGUAL_PAGES.items():
        assert read_page(bilingual_site / FINANCIAL / name).h1 == FINANCIAL_TITLES[language]


def test_issue_23_a_german_page_has_the_english_interface(bilingual_site: Path) -> None:
    assert norwegian_on(bilingual_site) == []
    english = {text for _, text in show(bilingual_site / FINANCIAL / "index.html").texts}
    shown = show(bilingual_site / FINANCIAL / BILINGUAL_PAGES["de"])
    german = {text for language, text in shown.texts if language == "en"}
    for key in ("skip", "home", "definition", "labels", "relations", "about"):
        word = STRINGS[key][2]
        assert word in english and word in german, key


def test_issue_23_every_text_of_the_vocabulary_is_marked_with_its_language(
    bilingual_site: Path,
) -> None:
    graph = vocabulary("bilingual")
    german, english = texts_in(graph, "de"), texts_in(graph, "en")
    assert german and english and not german & english
    wrong, german_shown = [], 0
    for path in sorted(bilingual_site.rglob("*.html")):
        where = path.relative_to(bilingual_site).as_posix()
        for language, text in show(path).texts:
            if text in german:
                german_shown += path.name == BILINGUAL_PAGES["de"]
                if language != "de":
                    wrong.append(f"{where}: {text!r} is marked {language!r}")
            elif text in english and language != "en":
                wrong.append(f"{where}: {text!r} is marked {language!r}")
    assert wrong == []
    assert german_shown > 50
    # The concept's title, on its German page, is German.
    h1 = show(bilingual_site / FINANCIAL / BILINGUAL_PAGES["de"]).h1
    assert " ".join(text for _, text in h1) == FINANCIAL_TITLES["de"]
    assert {language for language, _ in h1} == {"de"}


def test_issue_23_the_language_switch_names_each_language_in_itself(bilingual_site: Path) -> None:
    checked = 0
    for page in pages(bilingual_site):
        alternates = {
            attrs["hreflang"]: value
            for tag, value, attrs in page.links
            if tag == "link" and attrs.get("rel") == "alternate" and "hreflang" in attrs
        }
        assert alternates == {**BILINGUAL_PAGES, "x-default": BILINGUAL_PAGES["en"]}, page.path
        switch = {
            attrs["hreflang"]: (attrs["href"], attrs.get("lang"), text)
            for attrs, text in show(page.path).anchors
            if "hreflang" in attrs
        }
        assert switch == {
            language: (name, language, SWITCH_NAMES[language])
            for language, name in BILINGUAL_PAGES.items()
        }, page.path
        checked += 1
    assert checked >= 2 * 14


def test_issue_23_a_fallback_is_marked_only_where_german_is_missing(bilingual_site: Path) -> None:
    graph = vocabulary("bilingual")
    texts = [value for value in graph.objects(UNTRANSLATED, None) if isinstance(value, Literal)]
    assert {value.language for value in texts} == {"en"}
    label = str(graph.value(UNTRANSLATED, SKOS.prefLabel))
    badges = {
        path.relative_to(bilingual_site).as_posix(): show(path).badges
        for path in sorted(bilingual_site.rglob("*.html"))
    }
    # The concept's own German page marks its English title; its English page marks nothing.
    folder = str(UNTRANSLATED)[len(BILINGUAL_BASE) :]
    assert (bilingual_site / folder / BILINGUAL_PAGES["de"]).is_file()
    own = badges[f"{folder}/{BILINGUAL_PAGES['de']}"]
    assert any(before == label for before, _ in own), own
    assert badges[f"{folder}/{BILINGUAL_PAGES['en']}"] == []
    # Elsewhere a badge marks only that concept's English texts, on German pages, as English.
    wrong = [
        f"{where}: {before!r} is marked {badge!r}"
        for where, found in badges.items()
        for before, badge in found
        if Path(where).name == BILINGUAL_PAGES["en"]
        or before not in {str(value) for value in texts}
        or "English" not in badge
    ]
    assert wrong == []


def test_issue_23_no_notation_is_shown_twice(bilingual_site: Path) -> None:
    notations = sorted({str(n) for n in vocabulary("bilingual").objects(None, SKOS.notation)})
    assert "V.05" in notations
    twice = [
        re.compile(rf"(?<![\w.]){re.escape(notation)} {re.escape(notation)}(?![\w.])")
        for notation in notations
    ]
    found = []
    for path in sorted(bilingual_site.rglob("*.html")):
        where = path.relative_to(bilingual_site).as_posix()
        for text in (page_text(path), *show(path).attributes):
            found += [
                f"{where}: {m.group(0)!r} in {text[max(0, m.start() - 40) : m.end() + 40]!r}"
                for pattern in twice
                for m in pattern.finditer(text)
            ]
    assert found == []
    # The pages do show the labels that begin with a notation.
    assert FINANCIAL_TITLES["en"] in page_text(bilingual_site / "_site" / "a-z" / "index.html")


def test_issue_23_a_terms_table_has_rows_for_english_and_german(bilingual_site: Path) -> None:
    for folder in concept_folders("bilingual", BILINGUAL_BASE):
        for name in BILINGUAL_PAGES.values():
            rows = term_rows(bilingual_site / folder / name)
            names = [row for row, _ in rows]
            assert sorted(names) == sorted(ROW_NAMES.values()), (folder, name, rows)
    folder = str(UNTRANSLATED)[len(BILINGUAL_BASE) :]
    for name in BILINGUAL_PAGES.values():
        terms = dict(term_rows(bilingual_site / folder / name))
        assert terms[ROW_NAMES["de"]].startswith(STRINGS["not_translated"][2]), terms


# -- the languages without the setting ----------------------------------------------------


def _translate(graph: Graph) -> None:
    """Give double-entry bookkeeping a German label and definition beside its English ones."""
    graph.add((UNTRANSLATED, SKOS.prefLabel, Literal("Doppelte Buchführung", lang="de")))
    graph.add(
        (
            UNTRANSLATED,
            SKOS.definition,
            Literal(
                "Jeder Geschäftsvorfall wird zweimal erfasst, im Soll und im Haben.", lang="de"
            ),
        )
    )


def _only_german(graph: Graph) -> None:
    """Give double-entry bookkeeping German texts in place of its English ones."""
    _translate(graph)
    for value in list(graph.objects(UNTRANSLATED, None)):
        if isinstance(value, Literal) and value.language == "en":
            graph.remove((UNTRANSLATED, None, value))


def _unchanged(graph: Graph) -> None:
    """Leave the vocabulary as it is: one concept has no German label."""


@pytest.mark.parametrize(
    ("change", "default"),
    [(_unchanged, "en"), (_only_german, "de"), (_translate, "en")],
    ids=["more English labels", "more German labels", "as many of each: English before German"],
)
def test_issue_23_without_the_setting_the_most_used_language_comes_first(
    tmp_path: Path, change: Callable[[Graph], None], default: str
) -> None:
    project = tmp_path / "project"
    shutil.copytree(DATA / "bilingual", project)
    settings = project / "pyproject.toml"
    text = settings.read_text(encoding="utf-8")
    assert SETTING in text
    settings.write_text(text.replace(SETTING, ""), encoding="utf-8")
    [turtle] = (project / "vocab").glob("*.ttl")
    graph = Graph().parse(turtle)
    change(graph)
    graph.serialize(turtle, format="turtle")
    result = run_cli("build", "--root", project, "--profile", "skos", "--out", project / "site")
    assert result.returncode == 0, result.stderr
    site = project / "site"
    other = "de" if default == "en" else "en"
    names = {default: "index.html", other: f"index.{other}.html"}
    assert {path.name for path in site.rglob("*.html")} == set(names.values())
    for language, name in names.items():
        page = read_page(site / FINANCIAL / name)
        assert (page.lang, page.h1) == ("en", FINANCIAL_TITLES[language]), name


# -- serve ---------------------------------------------------------------------------------


def _fetch_page(url: str, accept_language: str) -> tuple[str, str]:
    """Fetch a page as a browser would; return its Content-Language and its heading."""
    headers = {"Accept": BROWSER_ACCEPT}
    if accept_language:
        headers["Accept-Language"] = accept_language
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=10) as answer:
        body = answer.read().decode("utf-8")
        language = answer.headers.get("Content-Language", "")
    [heading] = re.findall(r"<h1[^>]*>(.*?)</h1>", body, flags=re.DOTALL)
    return language, plain(heading)


@pytest.mark.slow
def test_issue_23_serve_negotiates_among_the_site_languages(bilingual_site: Path) -> None:
    port = free_port()
    project = bilingual_site.parent
    command = [sys.executable, "-m", "kompetanse_skos", "serve", "--root", str(project)]
    process = subprocess.Popen(
        [*command, "--out", str(bilingual_site), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}/{FINANCIAL}/"
    german = ("de", FINANCIAL_TITLES["de"])
    english = ("en", FINANCIAL_TITLES["en"])
    expected = {
        ("", "de"): german,
        ("", "de-DE,de;q=0.9,en;q=0.5"): german,
        # Nynorsk is not one of the site's languages; German, which the reader also takes, is.
        ("", "nn,de;q=0.5"): german,
        ("", "nb"): english,
        ("", ""): english,
        ("?lang=de", "en"): german,
        ("?lang=en", "de"): english,
    }
    try:
        wait_for(url)
        answers = {(query, asked): _fetch_page(url + query, asked) for query, asked in expected}
    finally:
        process.send_signal(signal.SIGINT)
        _, errors = process.communicate(timeout=20)
    assert answers == expected, errors


# -- choosing and checking the languages, and what each decides ------------------------

PREFIXES = (
    "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n@prefix : <https://example.org/v/> .\n"
)


def _model(turtle: str) -> Model:
    return model_of(Vocabulary.from_graph(Graph().parse(data=PREFIXES + turtle, format="turtle")))


def _tags(turtle: str, setting: list[str] | None = None) -> tuple[str, ...]:
    return choose_languages(_model(turtle), {} if setting is None else {"languages": setting}).tags


def test_ours_and_los_keep_bokmal_nynorsk_and_english_in_that_order() -> None:
    ours = model_of(read_vocabulary(Project.from_root(ROOT)))
    assert choose_languages(ours, {}).tags == ("nb", "nn", "en")
    los = model_of(Vocabulary.from_graph(Graph().parse(LOS, format="xml")))
    # LOS's first scheme lists its English label first, and it has as many nynorsk labels
    # as bokmål ones: the tie goes to bokmål, the package's first language.
    assert choose_languages(los, {}).tags == ("nb", "nn", "en")


def test_the_default_languages_are_the_schemes_the_most_used_first() -> None:
    scheme = ':s a skos:ConceptScheme ; skos:prefLabel "S"@en , "S"@de , "S"@fr .\n'
    concepts = (
        ':a a skos:Concept ; skos:inScheme :s ; skos:prefLabel "A"@de , "A"@en .\n'
        ':b a skos:Concept ; skos:inScheme :s ; skos:prefLabel "B"@de , "B"@it .\n'
    )
    # German on three labels, English on two, French on one; Italian is no scheme's.
    assert _tags(scheme + concepts) == ("de", "en", "fr")
    # A tie goes to the package's own languages first, then by tag.
    assert _tags(':s a skos:ConceptScheme ; skos:prefLabel "S"@sv , "S"@en , "S"@da .') == (
        "en",
        "da",
        "sv",
    )
    # Region subtags count as their language; untagged labels as none.
    assert _tags(':s a skos:ConceptScheme ; skos:prefLabel "S"@en-GB , "S" .') == ("en",)


def test_schemes_without_labels_take_the_concepts_languages_and_untagged_data_ours() -> None:
    concepts = (
        ':a a skos:Concept ; skos:prefLabel "A"@fi , "B"@sv .\n'
        ':b a skos:Concept ; skos:prefLabel "C"@fi .'
    )
    assert _tags(concepts) == ("fi", "sv")
    assert _tags(':a a skos:Concept ; skos:prefLabel "A" .') == ("nb", "nn", "en")


def test_the_setting_decides_and_is_checked() -> None:
    turtle = ':s a skos:ConceptScheme ; skos:prefLabel "S"@en .'
    assert _tags(turtle, ["NB", "en-GB"]) == ("nb", "en-gb")
    for setting, message in (
        ([], "must name at least one language"),
        (["nb", "english"], "'english' is not a language tag"),
        (["nb", "../x"], "'../x' is not a language tag"),
        (["nb", "en", "NB"], "names nb more than once"),
    ):
        with pytest.raises(LoadError, match="languages") as raised:
            _tags(turtle, setting)
        assert message in str(raised.value)


def test_a_bad_setting_stops_the_build_with_one_line(tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "vocab").mkdir(parents=True)
    (project / "vocab" / "v.ttl").write_text(
        PREFIXES + ':s a skos:ConceptScheme ; skos:prefLabel "S"@en .', encoding="utf-8"
    )
    (project / "pyproject.toml").write_text(
        '[tool.kompetanse-skos]\nlanguages = ["en", "en gb"]\n', encoding="utf-8"
    )
    result = run_cli("build", "--root", project, "--profile", "skos", "--out", tmp_path / "out")
    assert result.returncode != 0
    assert "[tool.kompetanse-skos] languages: 'en gb' is not a language tag" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out" / "index.html").exists()


def test_each_page_language_has_its_interface_fallbacks_and_file_name() -> None:
    nb, nn, en = site_languages(("nb", "nn", "en"))
    assert (nb.interface, nb.page_name, nb.fallbacks) == (
        "nb",
        "index.html",
        ("nb", "no", "nn", "en"),
    )
    assert (nn.interface, nn.page_name, nn.fallbacks) == (
        "nn",
        "index.nn.html",
        ("nn", "no", "nb", "en"),
    )
    assert (en.interface, en.page_name, en.fallbacks) == (
        "en",
        "index.en.html",
        ("en", "nb", "no", "nn"),
    )
    de, fr, no = site_languages(("de", "fr", "no"))
    # No interface words in German or French: English around their texts.
    assert (de.interface, de.page_name, de.fallbacks) == (
        "en",
        "index.html",
        ("de", "fr", "no", "nb", "nn"),
    )
    assert (fr.interface, fr.page_name) == ("en", "index.fr.html")
    assert (no.interface, no.fallbacks) == ("nb", ("no", "nb", "nn", "de", "fr"))
    (gb,) = site_languages(("en-gb",))
    assert (gb.interface, gb.page_name, gb.fallbacks) == ("en", "index.html", ("en",))


def test_the_build_says_its_languages_and_serve_reads_them(tmp_path: Path) -> None:
    languages = site_languages(("en", "de"))
    (tmp_path / LANGUAGES_FILE).parent.mkdir(parents=True)
    (tmp_path / LANGUAGES_FILE).write_bytes(languages.to_json())
    assert read_languages(tmp_path) == languages
    for hostile in (
        "",
        "[]",
        '{"languages": []}',
        '{"languages": ["../../x"]}',
        '{"languages": [1]}',
    ):
        (tmp_path / LANGUAGES_FILE).write_text(hostile, encoding="utf-8")
        assert read_languages(tmp_path) is None, hostile
    assert read_languages(tmp_path / "nowhere") is None
    assert json.loads(languages.to_json()) == {"languages": ["en", "de"]}


def test_a_request_gets_the_site_language_it_prefers() -> None:
    ours = ("nb", "nn", "en")
    assert best_language("", "", ours) == "nb"
    assert best_language("en", "nn", ours) == "en"
    assert best_language("EN", "", ours) == "en"
    assert best_language("xx", "nn", ours) == "nn"
    assert best_language("", "nn,en;q=0.5", ours) == "nn"
    assert best_language("", "en-GB,en;q=0.9", ours) == "en"
    assert best_language("", "no", ours) == "nb"
    assert best_language("", "de, fr;q=0.8", ours) == "nb"
    theirs = ("en", "de")
    assert best_language("", "de-AT,de;q=0.9,en;q=0.5", theirs) == "de"
    assert best_language("", "nb", theirs) == "en"
    assert best_language("", "fr, de;q=0.1", theirs) == "de"
    assert best_language("", "de;q=0, en", theirs) == "en"
    # A bokmål reader reads nynorsk before the default English.
    assert best_language("", "nb", ("en", "nn")) == "nn"
    # ?lang= finds a language as Accept-Language does.
    assert best_language("en", "de", ("de", "en-gb")) == "en-gb"
    assert best_language("EN-GB", "", ("de", "en-gb")) == "en-gb"


def test_serve_answers_in_the_site_s_languages_or_ours_for_an_older_build(
    english_site: Path, tmp_path: Path
) -> None:
    older = tmp_path / "site"
    shutil.copytree(english_site, older)
    data = older / "workshop.nt"  # the whole vocabulary, for the SPARQL endpoint
    server = make_server(older, port=0, data=data)
    try:
        assert server.languages.tags == ("en",)
    finally:
        server.server_close()
    (older / LANGUAGES_FILE).unlink()
    server = make_server(older, port=0, data=data)
    try:
        # Every build before the file was written had our three languages.
        assert server.languages.tags == ("nb", "nn", "en")
    finally:
        server.server_close()


def test_a_site_in_one_language_has_no_language_switch(english_site: Path) -> None:
    for path in sorted(english_site.rglob("*.html")):
        assert '<nav class="languages"' not in path.read_text(encoding="utf-8"), path


def test_an_index_files_letters_by_the_page_s_language() -> None:
    words = ["Zebra", "Ärger", "Apfel", "Øl", "Ångst"]
    german, norwegian, danish, swedish = map(collation, ("de-AT", "nn", "da", "fi"))
    assert sorted(words, key=german.key) == ["Ångst", "Apfel", "Ärger", "Øl", "Zebra"]
    assert [german.initial(w) for w in words] == ["Z", "A", "A", "O", "A"]
    assert [norwegian.initial(w) for w in words] == ["Z", "Æ", "A", "Ø", "Å"]
    assert sorted(words, key=norwegian.key) == ["Apfel", "Zebra", "Ärger", "Øl", "Ångst"]
    assert danish == norwegian
    assert sorted(words, key=swedish.key) == ["Apfel", "Zebra", "Ångst", "Ärger", "Øl"]
    assert [swedish.initial(w) for w in words] == ["Z", "Ä", "A", "Ö", "Å"]
    assert german.initial("береза") == "Б"
    assert german.initial("42") == norwegian.initial("{x}") == ""
    assert letter_anchor("Б") == "letter-u0431"
    assert letter_anchor("A") == "letter-a"
    assert letter_anchor("Ø") == "letter-oe"


def test_a_notation_is_not_repeated_before_a_label_that_begins_with_it() -> None:
    assert begins_with_notation("V.05 Financial economics", "V.05")
    assert begins_with_notation("V.05", "V.05")
    assert begins_with_notation("V.05: Financial economics", "V.05")
    assert not begins_with_notation("V.051 Banking", "V.05")
    assert not begins_with_notation("1990s", "1")
    assert not begins_with_notation("Financial economics", "V.05")
    assert not begins_with_notation("Financial economics", "")


def test_issue_23_the_fallback_notice_names_the_page_s_language(bilingual_site: Path) -> None:
    folder = str(UNTRANSLATED)[len(BILINGUAL_BASE) :]
    german = page_text(bilingual_site / folder / BILINGUAL_PAGES["de"])
    assert "This text is not available in German. It is shown in English." in german
    assert "not available" not in page_text(bilingual_site / folder / BILINGUAL_PAGES["en"])


def test_issue_23_the_example_queries_ask_in_the_site_s_languages(bilingual_site: Path) -> None:
    for name in BILINGUAL_PAGES.values():
        text = page_text(bilingual_site / "_site" / "usage" / name)
        assert "Every term in German" in text
        assert 'FILTER (langMatches(lang(?label), "de"))' in text
        assert 'FILTER (langMatches(lang(?label), "en"))' in text
        assert '"nb"' not in text and '"nn"' not in text and "Nynorsk" not in text
    # Run on the vocabulary, they find its labels: every label they ask for is there.
    graph = vocabulary("bilingual")
    page = (bilingual_site / "_site" / "usage" / "index.html").read_text(encoding="utf-8")
    blocks = [html.unescape(q) for q in re.findall(r"<pre><code>(.*?)</code></pre>", page, re.S)]
    queries = [block for block in blocks if "SELECT" in block]
    assert len(queries) == 4
    found = {}
    for query in queries:
        rows = list(graph.query(query))
        labels = [
            row[name] for row in rows for name in row.labels if name.lower().endswith("label")
        ]
        found[query.splitlines()[0]] = (len(rows), sum(label is not None for label in labels))
        assert all(label is not None for label in labels), query
    # Every concept with its theme, the subthemes of one theme and the German terms answer
    # (the vocabulary may have no drafts).
    assert sum(rows > 0 and labels > 0 for rows, labels in found.values()) >= 3, found


def test_the_example_queries_match_labels_with_a_region(tmp_path: Path) -> None:
    draft = "<http://publications.europa.eu/resource/authority/concept-status/DRAFT>"
    graph = Graph().parse(
        data=PREFIXES
        + ":s a skos:ConceptScheme ; skos:hasTopConcept :a .\n"
        + ":a a skos:Concept ; skos:topConceptOf :s ; skos:narrower :b ;\n"
        + '  skos:prefLabel "A"@en-GB .\n'
        + ':b a skos:Concept ; skos:broader :a ; skos:prefLabel "B"@en-GB , "Bé"@fr-CA ;\n'
        + f"  <http://publications.europa.eu/ontology/euvoc#status> {draft} .",
        format="turtle",
    )
    model = model_of(Vocabulary.from_graph(graph))
    languages = site_languages(("en-gb", "fr"))
    views = Views(model, {}, languages, languages.default)
    for title, query in sparql_examples(views):
        rows = list(graph.query(query))
        labels = [row[n] for row in rows for n in row.labels if n.lower().endswith("label")]
        assert rows and None not in labels, title


def test_other_languages_of_a_terms_table_come_by_name_and_untagged_last() -> None:
    model = _model(
        ':s a skos:ConceptScheme ; skos:prefLabel "S"@en .\n'
        ':a a skos:Concept ; skos:inScheme :s ; skos:prefLabel "A"@en , "Ä"@de , "À"@fr , "A" ;'
        ' skos:altLabel "Ab"@el .'
    )
    languages = site_languages(("en",))
    views = Views(model, {}, languages, languages.default)
    concept = model.concepts["https://example.org/v/a"]
    rows = views.label_rows(concept.pref_labels, concept.alt_labels)
    assert [row.name for row in rows] == [
        "English",
        "French",
        "German",
        "Greek",
        "no language tag",
    ]
    assert [len(row.preferred) for row in rows] == [1, 1, 1, 0, 1]


def test_a_setting_language_no_label_is_in_is_a_warning(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(DATA / "bilingual", project)
    settings = project / "pyproject.toml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace(SETTING, 'languages = ["en", "de", "fr"]\n'), "utf-8")
    assert 'languages = ["en", "de", "fr"]' in settings.read_text(encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli("build", "--root", project, "--profile", "skos", "--out", out)
    assert result.returncode == 0, result.stderr
    assert "site-language-unlabelled" in result.stdout + result.stderr
    assert "languages names 'fr', but no label is in that language" in result.stdout + result.stderr
    assert (out / "index.fr.html").is_file()
    strict = run_cli("build", "--root", project, "--profile", "skos", "--strict", "--out", out)
    assert strict.returncode != 0
    assert "site-language-unlabelled" in strict.stdout + strict.stderr
