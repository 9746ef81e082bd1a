"""Lay out a scheme's top concepts and their narrower concepts as a sunburst ("the wheel").

This module only computes geometry: the template ``_partials.html`` draws it as inline SVG,
with every text escaped there. Top concepts share the circle equally, in the order given, and
each one's narrower concepts share its slice equally.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

SIZE = 640
_R = SIZE / 2
_CENTER = 88.0  # radius of the middle disc
_INNER = (_CENTER + 3, 204.0)  # the top concepts' ring
_OUTER = (206.0, _R - 2)  # the narrower concepts' ring
_CHAR_WIDTH = 0.56  # average glyph width, in ems, of a sans-serif face
MAX_TOP = 60
MAX_SEGMENTS = 400

# (fill of the inner ring, fill of the outer ring). White text on the first and near-black
# text on the second both reach a contrast of at least 7:1.
PALETTE = (
    ("#1f4e79", "#d6e4f0"),
    ("#2e6b30", "#dcefd9"),
    ("#6a2c70", "#efdcef"),
    ("#8a3b12", "#f6e0d3"),
    ("#0f5e63", "#d3ecec"),
    ("#5c4a00", "#f3ebc9"),
    ("#3d4f5c", "#e1e6ea"),
    ("#7a1f3d", "#f4dbe3"),
)
LIGHT_TEXT = "#ffffff"
DARK_TEXT = "#1a1a1a"


@dataclass(frozen=True)
class WheelItem:
    """One concept to draw: its label (and the label's language) and its page."""

    label: str
    language: str
    href: str
    children: tuple[WheelItem, ...] = ()


@dataclass(frozen=True)
class TextLine:
    """One line of a segment's label, placed relative to the segment's rotated frame."""

    x: float
    y: float
    text: str


@dataclass(frozen=True)
class Segment:
    """One ring segment: a link with its shape, colours and label."""

    href: str
    label: str
    language: str
    path: str
    fill: str
    text_fill: str
    rotate: float
    lines: tuple[TextLine, ...]
    font_size: float
    ring: int


@dataclass(frozen=True)
class Wheel:
    """A whole sunburst, ready for the template."""

    size: int
    segments: tuple[Segment, ...]
    center_lines: tuple[TextLine, ...]
    center_href: str
    center_label: str
    center_language: str


def can_draw(items: Sequence[WheelItem]) -> bool:
    """Whether *items* make a readable wheel (not none, and not too many)."""
    count = len(items) + sum(len(item.children) for item in items)
    return 0 < len(items) <= MAX_TOP and count <= MAX_SEGMENTS


def draw_wheel(items: Sequence[WheelItem], center: WheelItem) -> Wheel:
    """Lay out *items* (top concepts with children) around *center* (the scheme)."""
    segments: list[Segment] = []
    share = 360.0 / len(items)
    for index, item in enumerate(items):
        dark, light = PALETTE[index % len(PALETTE)]
        start = index * share
        outer = _OUTER[1] if not item.children else _INNER[1]
        segments.append(_segment(item, start, share, (_INNER[0], outer), dark, LIGHT_TEXT, 12.5, 1))
        if item.children:
            child_share = share / len(item.children)
            for number, child in enumerate(item.children):
                child_start = start + number * child_share
                segments.append(
                    _segment(child, child_start, child_share, _OUTER, light, DARK_TEXT, 10.5, 2)
                )
    lines, _ = _wrap(
        center.label, max_chars=int(2 * _CENTER * 0.8 / (13 * _CHAR_WIDTH)), max_lines=4
    )
    center_lines = tuple(
        TextLine(0.0, round((i - (len(lines) - 1) / 2) * 15.5 + 4.5, 2), line)
        for i, line in enumerate(lines)
    )
    return Wheel(SIZE, tuple(segments), center_lines, center.href, center.label, center.language)


def _segment(
    item: WheelItem,
    start: float,
    sweep: float,
    radii: tuple[float, float],
    fill: str,
    text_fill: str,
    font_size: float,
    ring: int,
) -> Segment:
    inner, outer = radii
    middle = start + sweep / 2
    # Text runs along the radius; on the left half it is turned round so it never reads upside down.
    left = middle > 180
    rotate = middle + 90 if left else middle - 90
    text_radius = (inner + outer) / 2
    # A label that does not fit whole is tried in a smaller type before it is shortened.
    for size in (font_size, font_size * 0.9, font_size * 0.8):
        line_height = size * 1.2
        room = min(inner * math.radians(sweep), outer - inner)  # across the segment's narrow end
        max_lines = int((room - 4) // line_height)
        max_chars = int((outer - inner - 10) / (size * _CHAR_WIDTH))
        lines, whole = _wrap(item.label, max_chars, max_lines)
        if whole:
            break
    font_size = round(size, 2)
    x = -text_radius if left else text_radius
    placed = tuple(
        TextLine(
            round(x, 2), round((i - (len(lines) - 1) / 2) * line_height + font_size * 0.35, 2), line
        )
        for i, line in enumerate(lines)
    )
    return Segment(
        href=item.href,
        label=item.label,
        language=item.language,
        path=_annulus(start, sweep, inner, outer),
        fill=fill,
        text_fill=text_fill,
        rotate=round(rotate, 3),
        lines=placed,
        font_size=font_size,
        ring=ring,
    )


def _point(angle: float, radius: float) -> str:
    """Return "x y" for *angle* degrees clockwise from the top, at *radius*."""
    x = radius * math.sin(math.radians(angle))
    y = -radius * math.cos(math.radians(angle))
    return f"{x:.2f} {y:.2f}"


def _annulus(start: float, sweep: float, inner: float, outer: float) -> str:
    """Return the SVG path of a ring segment (a whole ring when it sweeps the circle)."""
    if sweep >= 359.99:
        return (
            f"M {_point(0, outer)} A {outer} {outer} 0 1 1 {_point(180, outer)} "
            f"A {outer} {outer} 0 1 1 {_point(0, outer)} Z "
            f"M {_point(0, inner)} A {inner} {inner} 0 1 0 {_point(180, inner)} "
            f"A {inner} {inner} 0 1 0 {_point(0, inner)} Z"
        )
    end = start + sweep
    large = 1 if sweep > 180 else 0
    return (
        f"M {_point(start, outer)} A {outer} {outer} 0 {large} 1 {_point(end, outer)} "
        f"L {_point(end, inner)} A {inner} {inner} 0 {large} 0 {_point(start, inner)} Z"
    )


def _wrap(text: str, max_chars: int, max_lines: int) -> tuple[list[str], bool]:
    """Break *text* into at most *max_lines* lines, shortening with "…" what does not fit.

    Also return whether the whole text fits.
    """
    if max_chars < 2 or max_lines < 1:
        return [], False
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if len(candidate) <= max_chars:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = word
    if current:
        lines.append(current)
    whole = len(lines) <= max_lines and all(len(line) <= max_chars for line in lines)
    lines = [line if len(line) <= max_chars else line[: max_chars - 1] + "…" for line in lines]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        lines[-1] = (last if len(last) < max_chars else last[: max_chars - 1]) + "…"
    return lines, whole
