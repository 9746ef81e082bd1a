"""The languages of a site: from the vocabulary or the setting, and what each page's decides."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph

from conftest import LOS, ROOT, run_cli
from kompetanse_skos.errors import LoadError
from kompetanse_skos.project import Project
from kompetanse_skos.serving.negotiation import best_language
from kompetanse_skos.site.i18n import initial_letter, plain_key
from kompetanse_skos.site.languages import (
    LANGUAGES_FILE,
    choose_languages,
    read_languages,
    site_languages,
)
from kompetanse_skos.site.pages import begins_with_notation, letter_anchor
from kompetanse_skos.vocabulary.load import Vocabulary
from kompetanse_skos.vocabulary.model import Model, model_of
from kompetanse_skos.vocabulary.read import read_vocabulary

PREFIXES = (
    "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n@prefix : <https://example.org/v/> .\n"
)


def _model(turtle: str) -> Model:
    return model_of(Vocabulary.from_graph(Graph().parse(data=PREFIXES + turtle, format="turtle")))


def _tags(turtle: str, setting: list[str] | None = None) -> tuple[str, ...]:
    return choose_languages(_model(turtle), setting).tags


def test_ours_and_los_keep_bokmal_nynorsk_and_english_in_that_order() -> None:
    ours = model_of(read_vocabulary(Project.from_root(ROOT)))
    assert choose_languages(ours, None).tags == ("nb", "nn", "en")
    los = model_of(Vocabulary.from_graph(Graph().parse(LOS, format="xml")))
    # LOS's first scheme lists its English label first, and it has as many nynorsk labels
    # as bokmål ones: the tie goes to bokmål, the package's first language.
    assert choose_languages(los, None).tags == ("nb", "nn", "en")


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


def test_an_index_files_letters_by_the_page_s_language() -> None:
    words = ["Zebra", "Ärger", "Apfel", "Øl", "Ångst"]
    assert sorted(words, key=plain_key) == ["Ångst", "Apfel", "Ärger", "Øl", "Zebra"]
    assert [initial_letter(w, norwegian=False) for w in words] == ["Z", "A", "A", "O", "A"]
    assert [initial_letter(w) for w in words] == ["Z", "Æ", "A", "Ø", "Å"]
    assert initial_letter("береза", norwegian=False) == "Б"
    assert initial_letter("42", norwegian=False) == ""
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
