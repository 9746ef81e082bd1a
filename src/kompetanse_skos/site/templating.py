"""The Jinja environment of one language's pages: its words and its filters.

Each language has its own environment, so that its templates are compiled with its words in
them: ``{{ t.concept }}`` becomes the text "Begrep" itself when the template is compiled,
part of the template's own text, and costs nothing per page. A page of a large thesaurus
shows dozens of such words, and a site has tens of thousands of pages. ``t`` is a global as
well, for the words a template looks up by a key it computes (``t[key]``); templates must not
use the name ``t`` for anything else. So is ``p``, the macros of ``_partials.html``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import suppress
from pathlib import Path
from typing import Any, cast

from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateNotFound
from jinja2.compiler import CodeGenerator, Frame
from jinja2.ext import Extension
from jinja2.lexer import Token, TokenStream
from jinja2.nodes import Expr

from kompetanse_skos.site.i18n import strings
from kompetanse_skos.site.markup import escape_text, filters

PARTIALS = "_partials.html"  # the macros every page may call, as p.name


def environment(templates: Path, language: str) -> Environment:
    """Return the environment of *language*'s pages, with the templates in *templates*."""
    env = _Environment(
        loader=FileSystemLoader(templates),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # a build reads each template once; checking its date costs a stat
        extensions=[_Words],
    )
    # A global, so that the partials see it without being imported "with context", which
    # would run them again for every page.
    env.globals["t"] = strings(language)
    env.filters.update(filters(strings(language)))
    # The partials too: importing them ({% import %}) cost a seventh of a page's rendering.
    with suppress(TemplateNotFound):
        env.globals["p"] = env.get_template(PARTIALS).module
    return env


def _escape_output(value: Any) -> str:
    """Return a value to write into a page: its own HTML, or its text escaped.

    Jinja's ``escape`` makes each value a Markup object, only for it to be joined with the
    rest of the page at once. A page of a large thesaurus writes dozens of values.
    """
    if type(value) is str:
        return escape_text(value)
    html = getattr(value, "__html__", None)
    return html() if html is not None else escape_text(str(value))


class _CodeGenerator(CodeGenerator):
    """Jinja's code generator, writing ``{{ value }}`` with ``_escape_output``.

    What a template writes is only ever joined into the page, or into the text of a macro
    or block, which Jinja then marks safe as a whole: a plain string does as well there.
    """

    def _output_child_pre(self, node: Expr, frame: Frame, finalize: Any) -> None:
        if frame.eval_ctx.autoescape and not frame.eval_ctx.volatile and finalize.src is None:
            self.write("environment.escape_output(")
        else:
            super()._output_child_pre(node, frame, finalize)


class _Environment(Environment):
    """An environment that writes values with ``_escape_output`` (see ``_CodeGenerator``),
    and reads ``view.name`` from a dict as its key, at once.

    The views the pages are made from are dicts. Jinja first asks a dict for an attribute of
    that name, and takes the key only once that has failed: an exception raised and caught
    for each of a page's few dozen values.
    """

    code_generator_class = _CodeGenerator
    escape_output = staticmethod(_escape_output)

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute in obj:
            return obj[attribute]
        return super().getattr(obj, attribute)


class _Words(Extension):
    """Replace ``t.name`` by the word itself, as a string, when a template is compiled.

    Jinja writes a constant's escaped text into the template's own text. A name the
    language does not have is left alone, to fail when the page is rendered, as before.
    """

    def filter_stream(self, stream: TokenStream) -> Iterator[Token]:
        words = cast("dict[str, str]", self.environment.globals["t"])
        tokens = list(stream)
        i = 0
        while i < len(tokens):
            token = tokens[i]
            if (
                token.type == "name"
                and token.value == "t"
                and (i == 0 or tokens[i - 1].type != "dot")
                and i + 2 < len(tokens)
                and tokens[i + 1].type == "dot"
                and tokens[i + 2].type == "name"
                and tokens[i + 2].value in words
            ):
                yield Token(token.lineno, "string", words[tokens[i + 2].value])
                i += 3
            else:
                yield token
                i += 1
