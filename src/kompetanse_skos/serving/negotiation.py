"""Choose what to answer from a request's Accept and Accept-Language headers."""

from __future__ import annotations

from kompetanse_skos.rdf.languages import DEFAULT_LANGUAGE, LANGUAGES


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


def best_language(asked: str, accept_language: str) -> str:
    """Choose a page language: the one *asked* for, else by Accept-Language, else the default."""
    if asked in LANGUAGES:
        return asked
    aliases = {"no": "nb", "nb": "nb", "nn": "nn", "en": "en"}
    choices = []
    for position, part in enumerate(accept_language.split(",")):
        code = aliases.get(_range(part).split("-")[0])
        quality = _q(part)
        if code and quality > 0:
            choices.append((-quality, position, code))
    return min(choices)[2] if choices else DEFAULT_LANGUAGE


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
