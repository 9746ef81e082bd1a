"""Choose what to answer from a request's Accept and Accept-Language headers."""

from __future__ import annotations

from collections.abc import Sequence

from kompetanse_skos.rdf.languages import NEAREST, primary_subtag


def best_match(accept: str, offered: list[str]) -> str | None:
    """Return the offered media type the Accept header prefers most (first offered on a tie)."""
    ranges = [(_range(part), _q(part)) for part in accept.split(",") if part.strip()]
    best: tuple[float, int] | None = None
    chosen = None
    for position, media_type in enumerate(offered):
        quality = _quality(media_type, ranges)
        if quality > 0 and (best is None or (quality, -position) > best):
            best, chosen = (quality, -position), media_type
    return chosen


def best_language(asked: str, accept_language: str, languages: Sequence[str]) -> str:
    """Choose one of a site's page *languages* (the default first): the one *asked* for,
    else the one Accept-Language prefers, else the default.

    A range matches a language by its tag, then by its primary subtag (``de-AT`` finds
    ``de``), then by the nearest language (``no`` finds ``nb``).
    """
    chosen = _language(_range(asked), languages) if asked else None
    if chosen:
        return chosen
    choices = []
    for position, part in enumerate(accept_language.split(",")):
        code = _language(_range(part), languages)
        quality = _q(part)
        if code and quality > 0:
            choices.append((-quality, position, code))
    return min(choices)[2] if choices else languages[0]


def _language(wanted: str, languages: Sequence[str]) -> str | None:
    if wanted in languages:
        return wanted
    primary = primary_subtag(wanted)
    for candidate in (primary, *NEAREST.get(primary, ())):
        for tag in languages:
            if primary_subtag(tag) == candidate:
                return tag
    return None


def _range(part: str) -> str:
    return part.split(";")[0].strip().lower()


def _q(part: str) -> float:
    for parameter in part.split(";")[1:]:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "q":
            try:
                return float(value)
            except ValueError:
                return 0.0
    return 1.0


def _quality(media_type: str, ranges: list[tuple[str, float]]) -> float:
    """Return the quality of the most specific range that matches *media_type*."""
    kind = media_type.split("/")[0]
    for candidate in (media_type, f"{kind}/*", "*/*"):
        found = [quality for name, quality in ranges if name == candidate]
        if found:
            return max(found)
    return 0.0
