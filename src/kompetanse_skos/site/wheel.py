"""Lay out a scheme's top concepts and their narrower concepts as a sunburst ("the wheel").

This module only computes geometry: the template ``_partials.html`` draws it as inline SVG,
with every text escaped there. Top concepts share the circle equally, in the order given, and
each one's narrower concepts share its slice equally.

Labels do not fit a wheel that a phone shows 320 pixels wide: each segment shows its key (the
concept's notation, or its place, as "2.1") and the list beside the wheel is its legend. No
text is smaller than MIN_FONT units of the SIZE-unit drawing, so at 320 pixels wide every
text is at least 12 pixels high; a key that does not fit its segment at that size is left
out (the segment still links, and names its concept in its title).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from kompetanse_skos.vocabulary.model import begins_with_notation

SIZE = 640
_R = SIZE / 2
_CENTER = 130.0  # radius of the middle disc
_INNER = (_CENTER + 2, 222.0)  # the top concepts' ring
_OUTER = (224.0, _R - 2)  # the narrower concepts' ring
_CHAR_WIDTH = 0.6  # average glyph width, in ems, of a sans-serif face (digits, bold)
# The smallest text in the drawing: 12 pixels when the wheel is drawn 320 pixels wide.
MIN_WIDTH_PX = 320
MIN_FONT = 12 * SIZE / MIN_WIDTH_PX
_KEY_FONTS = (32.0, 28.0)  # the keys of the inner and the outer ring, before shrinking
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
    """One concept to draw: its label (and the label's language, if not the page's interface's),
    its page and notation."""

    label: str
    language: str
    href: str
    children: tuple[WheelItem, ...] = ()
    notation: str = ""
    draft: bool = False


@dataclass(frozen=True)
class TextLine:
    """One line of text, placed relative to its segment's (or the centre's) frame."""

    x: float
    y: float
    text: str


@dataclass(frozen=True)
class Segment:
    """One ring segment: a link with its shape, colours, key and label."""

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
    key: str = ""

    @property
    def title(self) -> str:
        """Return what the segment's title says: its key and label, or only the label when
        it begins with the key."""
        return (
            self.label if begins_with_notation(self.label, self.key) else f"{self.key} {self.label}"
        )


@dataclass(frozen=True)
class LegendEntry:
    """One concept of the legend: its key, label (and language), page and the ones under it."""

    key: str
    label: str
    language: str
    href: str
    children: tuple[LegendEntry, ...] = ()
    draft: bool = False

    @property
    def shown_key(self) -> str:
        """Return the key to show before the label: none when the label begins with it."""
        return "" if begins_with_notation(self.label, self.key) else self.key


@dataclass(frozen=True)
class Wheel:
    """A whole sunburst, ready for the template, with its legend."""

    size: int
    segments: tuple[Segment, ...]
    center_lines: tuple[TextLine, ...]
    center_href: str
    center_label: str
    center_language: str
    legend: tuple[LegendEntry, ...] = ()
    center_font: float = MIN_FONT
    center_radius: float = _CENTER - 2


def can_draw(items: Sequence[WheelItem]) -> bool:
    """Whether *items* make a readable wheel (not none, and not too many)."""
    count = len(items) + sum(len(item.children) for item in items)
    return 0 < len(items) <= MAX_TOP and count <= MAX_SEGMENTS


def keys_of(items: Sequence[WheelItem]) -> list[tuple[str, list[str]]]:
    """Return each item's key and its children's: their notations, else their places.

    Notations are used only when every item has one and no two are the same, so that a key
    always names one segment.
    """
    everything = [*items, *(child for item in items for child in item.children)]
    notations = [item.notation for item in everything]
    if all(notations) and len(set(notations)) == len(notations):
        return [(item.notation, [child.notation for child in item.children]) for item in items]
    return [
        (str(i + 1), [f"{i + 1}.{j + 1}" for j in range(len(item.children))])
        for i, item in enumerate(items)
    ]


def draw_wheel(items: Sequence[WheelItem], center: WheelItem) -> Wheel:
    """Lay out *items* (top concepts with children) around *center* (the scheme)."""
    segments: list[Segment] = []
    legend: list[LegendEntry] = []
    share = 360.0 / len(items)
    for index, (item, (key, child_keys)) in enumerate(zip(items, keys_of(items), strict=True)):
        dark, light = PALETTE[index % len(PALETTE)]
        start = index * share
        outer = _OUTER[1] if not item.children else _INNER[1]
        segments.append(
            _segment(item, key, start, share, (_INNER[0], outer), (dark, LIGHT_TEXT), 1)
        )
        if item.children:
            child_share = share / len(item.children)
            for number, (child, child_key) in enumerate(
                zip(item.children, child_keys, strict=True)
            ):
                child_start = start + number * child_share
                segments.append(
                    _segment(
                        child, child_key, child_start, child_share, _OUTER, (light, DARK_TEXT), 2
                    )
                )
        legend.append(
            LegendEntry(
                key,
                item.label,
                item.language,
                item.href,
                tuple(
                    LegendEntry(k, c.label, c.language, c.href, (), c.draft)
                    for c, k in zip(item.children, child_keys, strict=True)
                ),
                item.draft,
            )
        )
    center_lines = _center_lines(center.label)
    return Wheel(
        SIZE,
        tuple(segments),
        center_lines,
        center.href,
        center.label,
        center.language,
        tuple(legend),
        MIN_FONT,
    )


def _center_lines(label: str) -> tuple[TextLine, ...]:
    """Return the scheme's name in the middle disc, or nothing when it does not fit whole."""
    line_height = MIN_FONT * 1.15
    max_chars = int(2 * _CENTER * 0.85 / (MIN_FONT * _CHAR_WIDTH))
    lines, whole = _wrap(label, max_chars, max_lines=5)
    if not whole:
        return ()
    return tuple(
        TextLine(0.0, round((i - (len(lines) - 1) / 2) * line_height + MIN_FONT * 0.35, 2), line)
        for i, line in enumerate(lines)
    )


def _segment(
    item: WheelItem,
    key: str,
    start: float,
    sweep: float,
    radii: tuple[float, float],
    colours: tuple[str, str],
    ring: int,
) -> Segment:
    inner, outer = radii
    middle = start + sweep / 2
    text_radius = (inner + outer) / 2
    # The key stands upright at the middle of its segment, in the largest size that fits,
    # and never smaller than MIN_FONT.
    lines: tuple[TextLine, ...] = ()
    size = _KEY_FONTS[ring - 1]
    while size >= MIN_FONT:
        width = len(key) * size * _CHAR_WIDTH
        across = (
            2 * text_radius * math.sin(math.radians(min(sweep, 180.0)) / 2)
            if sweep < 360
            else 2 * text_radius
        )
        if key and width + 8 <= across and size * 1.3 <= outer - inner:
            x, y = _xy(middle, text_radius)
            lines = (TextLine(round(x, 2), round(y + size * 0.35, 2), key),)
            break
        size -= 2
    fill, text_fill = colours
    return Segment(
        href=item.href,
        label=item.label,
        language=item.language,
        path=_annulus(start, sweep, inner, outer),
        fill=fill,
        text_fill=text_fill,
        rotate=0.0,
        lines=lines,
        font_size=round(max(size, MIN_FONT), 2),
        ring=ring,
        key=key,
    )


def _xy(angle: float, radius: float) -> tuple[float, float]:
    """Return (x, y) for *angle* degrees clockwise from the top, at *radius*."""
    return radius * math.sin(math.radians(angle)), -radius * math.cos(math.radians(angle))


def _point(angle: float, radius: float) -> str:
    """Return "x y" for *angle* degrees clockwise from the top, at *radius*."""
    x, y = _xy(angle, radius)
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
    glued = False  # the last piece was a word's part up to a hyphen, which the next continues
    # A word breaks at a space or after a hyphen within it ("Miniatur-" "Thesaurus").
    for match in re.finditer(r"(\S+?-)(?=\S)|\S+", text):
        word = match.group(0)
        candidate = f"{current}{'' if glued else ' '}{word}".strip()
        glued = match.group(1) is not None
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
