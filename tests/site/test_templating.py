"""Each language's templates: its words compiled in, the others looked up, views read as dicts."""

from __future__ import annotations

from pathlib import Path

import pytest
from jinja2 import UndefinedError
from markupsafe import Markup, escape

from kompetanse_skos.site.i18n import strings
from kompetanse_skos.site.markup import _escape_by_replacing, escape_text
from kompetanse_skos.site.templating import environment


def _render(tmp_path: Path, language: str, source: str, **data: object) -> str:
    (tmp_path / "page.html").write_text(source, encoding="utf-8")
    return environment(tmp_path, language).get_template("page.html").render(**data)


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_a_word_is_the_language_s_own_whether_named_or_computed(
    tmp_path: Path, language: str
) -> None:
    words = strings(language)
    page = _render(tmp_path, language, "{{ t.concept }}|{{ t[key] }}", key="broader")
    assert page == f"{words['concept']}|{words['broader']}"


def test_a_word_is_compiled_into_the_template(tmp_path: Path) -> None:
    """Passing another t when rendering changes only the words looked up by a computed key."""
    page = _render(
        tmp_path, "nb", "{{ t.concept }}|{{ t[key] }}", key="concept", t={"concept": "x"}
    )
    assert page == "Begrep|x"


def test_page_t_and_a_name_the_language_lacks_are_left_alone(tmp_path: Path) -> None:
    assert _render(tmp_path, "nb", "{{ page.t.concept }}", page={"t": {"concept": "own"}}) == "own"
    with pytest.raises(UndefinedError):
        _render(tmp_path, "nb", "{{ t.no_such_word }}")


def test_a_view_s_key_is_read_before_a_dict_s_method(tmp_path: Path) -> None:
    assert _render(tmp_path, "nb", "{{ v.items }}|{{ v.title }}", v={"items": 3, "title": "T"}) == (
        "3|T"
    )
    with pytest.raises(UndefinedError):
        _render(tmp_path, "nb", "{{ v.missing }}", v={})


def test_values_are_escaped_once_and_markup_is_written_as_it_is(tmp_path: Path) -> None:
    page = _render(
        tmp_path,
        "nb",
        "{{ text }}|{{ number }}|{{ safe }}|"
        "{% macro m(x) %}<b>{{ x }}</b>{% endmacro %}{{ m(text) }}",
        text="<a & 'b'>",
        number=3,
        safe=Markup("<i>&amp;</i>"),
    )
    assert page == "&lt;a &amp; &#39;b&#39;&gt;|3|<i>&amp;</i>|<b>&lt;a &amp; &#39;b&#39;&gt;</b>"


def test_values_are_written_without_making_markup_objects(tmp_path: Path) -> None:
    source = environment(tmp_path, "nb").compile("<p>{{ text }}</p>", raw=True)
    assert "environment.escape_output(" in source
    assert "escape(" not in source.replace("escape_output(", "")


@pytest.mark.parametrize(
    "text", ["", "plain", "<a href=\"x\">&amp; 'y'</a>", "&&<<>>\"\"''", "æøå 漢字 😀 \x00 \\"]
)
def test_text_is_escaped_as_markupsafe_escapes_it(text: str) -> None:
    expected = str(escape(text))
    assert escape_text(text) == expected
    assert _escape_by_replacing(text) == expected


def test_the_partials_are_a_global_when_the_templates_have_them(tmp_path: Path) -> None:
    (tmp_path / "_partials.html").write_text(
        "{% macro hello(x) %}{{ t.concept }} {{ x }}{% endmacro %}", encoding="utf-8"
    )
    env = environment(tmp_path, "nn")
    (tmp_path / "page.html").write_text("{{ p.hello(name) }}", encoding="utf-8")
    assert env.get_template("page.html").render(name="<b>") == "Omgrep &lt;b&gt;"
    assert "p" not in environment(tmp_path / "none", "nn").globals  # no partials there
