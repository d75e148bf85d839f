"""Self-contained SVG charts and the level palette, for HTML pages and PDF reports.

The output is deterministic and needs nothing else to render: no scripts, no external
references, no stylesheet; presentation attributes are inline and every text names its fonts.
"""

from __future__ import annotations

import hashlib
import json
import math
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

__all__ = ["Series", "level_colour", "level_text_colour", "radar_svg"]

MAX_LEVEL = 5

# Level palette: ColorBrewer "YlGnBu", 6 classes (Cynthia Brewer, colorbrewer2.org), a
# sequential palette marked colour-blind safe: pale yellow for level 0 to dark blue for level 5.
# Each colour is paired with the text colour (black or white) of higher contrast; the lowest
# WCAG contrast ratio is 4.83:1 (black on level 4). A neutral light grey marks "no level".
_LEVEL_PALETTE = (
    ("#ffffcc", "#000000"),
    ("#c7e9b4", "#000000"),
    ("#7fcdbb", "#000000"),
    ("#41b6c4", "#000000"),
    ("#2c7fb8", "#000000"),
    ("#253494", "#ffffff"),
)
_NO_LEVEL = ("#d9d9d9", "#000000")

_FONT = "DejaVu Sans, Arial, sans-serif"
_RADIUS = 130.0  # radius of the outer ring (level 5), in user units
_LABEL_GAP = 12.0  # between the outer ring and an axis label
_LABEL_SIZE = 13.0
_LABEL_LINE = 15.0
_LABEL_CHARS = 16  # wanted characters per line of an axis label
_LABEL_LINES = 3
_EM_WIDTH = 0.6  # generous average glyph width, in ems, to size the view box
_LEGEND_SIZE = 12.0
_LEGEND_ROW = 20.0
_MARGIN = 16.0
_GRID = "#c8c8c8"
_MUTED = "#555555"

Box = tuple[float, float, float, float]
"""A bounding box: left, top, right, bottom."""


@dataclass(frozen=True, slots=True)
class Series:
    """One polygon of a radar chart: a value (0–5, or None for no value) per axis."""

    name: str
    values: Sequence[float | None]
    colour: str
    dashed: bool = False


def level_colour(level: int | None) -> str:
    """The background colour of a maturity level 0–5 (neutral grey for None)."""
    return _palette(level)[0]


def level_text_colour(level: int | None) -> str:
    """The text colour (black or white) readable on `level_colour(level)`, contrast ≥ 4.5:1."""
    return _palette(level)[1]


def _palette(level: int | None) -> tuple[str, str]:
    if level is None:
        return _NO_LEVEL
    if not 0 <= level <= MAX_LEVEL:
        raise ValueError(f"level must be 0–{MAX_LEVEL} or None, not {level!r}")
    return _LEVEL_PALETTE[level]


def radar_svg(
    axes: Sequence[str],
    series: Sequence[Series],
    *,
    title: str,
    description: str,
    size: int = 420,
    missing_label: str | None = None,
) -> str:
    """An accessible radar chart on the 0–5 scale, as an `<svg>` element `size` pixels wide.

    A missing value is drawn at 0 with a hollow vertex; `missing_label`, when given, explains
    the hollow vertex in the legend if any value is missing.
    """
    _check(axes, series, size)
    angles = [2 * math.pi * i / len(axes) for i in range(len(axes))]
    parts = _grid(angles)
    parts.append(_text("0", 0, 3.5, size=10, fill=_MUTED, anchor="middle"))
    parts += [_polygon(s, angles) for s in series]
    parts += _ring_labels(-math.pi / len(axes))
    boxes: list[Box] = [(-_RADIUS, -_RADIUS, _RADIUS, _RADIUS)]
    for label, angle in zip(axes, angles, strict=True):
        text, box = _axis_label(label, angle)
        parts.append(text)
        boxes.append(box)
    show_missing = missing_label is not None and any(None in s.values for s in series)
    legend, box = _legend(series, max(b[3] for b in boxes), missing_label if show_missing else None)
    parts += legend
    boxes.append(box)
    chart_id = _chart_id(axes, series, title, description, size, missing_label)
    return _document(parts, _union(boxes), chart_id, title, description, size)


def _check(axes: Sequence[str], series: Sequence[Series], size: int) -> None:
    if len(axes) < 3:
        raise ValueError(f"a radar chart needs at least 3 axes, not {len(axes)}")
    if size <= 0:
        raise ValueError(f"size must be positive, not {size}")
    for s in series:
        if len(s.values) != len(axes):
            raise ValueError(f"series {s.name!r} has {len(s.values)} values for {len(axes)} axes")
        for value in s.values:
            if value is not None and not 0 <= value <= MAX_LEVEL:
                raise ValueError(f"series {s.name!r}: value {value!r} is outside 0–{MAX_LEVEL}")


def _chart_id(
    axes: Sequence[str],
    series: Sequence[Series],
    title: str,
    description: str,
    size: int,
    missing_label: str | None,
) -> str:
    """An id derived from the inputs, so that two different charts on a page do not collide."""
    key = [
        list(axes),
        [[s.name, list(s.values), s.colour, s.dashed] for s in series],
        title,
        description,
        size,
        missing_label,
    ]
    digest = hashlib.sha256(json.dumps(key).encode()).hexdigest()
    return f"gcat-radar-{digest[:12]}"


def _document(
    parts: list[str], box: Box, chart_id: str, title: str, description: str, size: int
) -> str:
    left, top, right, bottom = box
    width, height = right - left, bottom - top
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img"'
        f' aria-labelledby="{chart_id}-title {chart_id}-desc"'
        f' width="{size}" height="{round(size * height / width)}"'
        f' viewBox="{_n(left)} {_n(top)} {_n(width)} {_n(height)}">'
    )
    return "\n".join(
        [
            head,
            f'<title id="{chart_id}-title">{escape(title)}</title>',
            f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
            *parts,
            "</svg>",
        ]
    )


def _grid(angles: Sequence[float]) -> list[str]:
    rings = [
        f'<circle cx="0" cy="0" r="{_n(_RADIUS * k / MAX_LEVEL)}" fill="none"'
        f' stroke="{_GRID}" stroke-width="1"/>'
        for k in range(1, MAX_LEVEL + 1)
    ]
    spokes = [
        f'<line x1="0" y1="0" x2="{_n(x)}" y2="{_n(y)}" stroke="{_GRID}" stroke-width="1"/>'
        for x, y in (_point(MAX_LEVEL, a) for a in angles)
    ]
    return rings + spokes


def _ring_labels(angle: float) -> list[str]:
    """The level of rings 1–5, on a white backdrop, between the last and the first spoke."""
    parts = []
    for k in range(1, MAX_LEVEL + 1):
        x, y = _point(k, angle)
        parts.append(
            f'<rect x="{_n(x - 4.5)}" y="{_n(y - 6.5)}" width="9" height="13" fill="#ffffff"/>'
        )
        parts.append(_text(str(k), x, y + 3.5, size=10, fill=_MUTED, anchor="middle"))
    return parts


def _polygon(series: Series, angles: Sequence[float]) -> str:
    points = [_point(v or 0, a) for v, a in zip(series.values, angles, strict=True)]
    colour = _attr(series.colour)
    dash = ' stroke-dasharray="6 4"' if series.dashed else ""
    lines = [
        "<g>",
        f'<polygon points="{" ".join(f"{_n(x)},{_n(y)}" for x, y in points)}" fill="{colour}"'
        f' fill-opacity="0.12" stroke="{colour}" stroke-width="2"'
        f' stroke-linejoin="round"{dash}/>',
    ]
    lines += [
        _marker(x, y, colour, hollow=v is None)
        for (x, y), v in zip(points, series.values, strict=True)
    ]
    return "\n".join([*lines, "</g>"])


def _marker(x: float, y: float, colour: str, *, hollow: bool) -> str:
    fill = "#ffffff" if hollow else colour
    return (
        f'<circle cx="{_n(x)}" cy="{_n(y)}" r="3.5" fill="{fill}" stroke="{colour}"'
        f' stroke-width="1.5"/>'
    )


def _axis_label(label: str, angle: float) -> tuple[str, Box]:
    """The label outside the outer ring, aligned away from the centre, and its box."""
    lines = _wrap(label)
    sin, cos = math.sin(angle), math.cos(angle)
    ax, ay = sin * (_RADIUS + _LABEL_GAP), -cos * (_RADIUS + _LABEL_GAP)
    width = max(_text_width(line, _LABEL_SIZE) for line in lines)
    height = len(lines) * _LABEL_LINE
    top = ay - height * (1 + cos) / 2  # above the ring at the top, below it at the bottom
    if sin > 0.25:
        anchor, left = "start", ax
    elif sin < -0.25:
        anchor, left = "end", ax - width
    else:
        anchor, left = "middle", ax - width / 2
    baseline = top + _LABEL_SIZE * 0.8
    spans = "".join(
        f'<tspan x="{_n(ax)}" y="{_n(baseline + i * _LABEL_LINE)}">{escape(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    text = (
        f'<text font-family="{_FONT}" font-size="{_n(_LABEL_SIZE)}" fill="#222222"'
        f' text-anchor="{anchor}">{spans}</text>'
    )
    return text, (left, top, left + width, top + height)


def _wrap(label: str) -> list[str]:
    """Balanced lines at word boundaries: as few as fit the wanted width, as even as possible."""
    words = label.split()
    if not words:
        return [""]
    longest = max(len(w) for w in words)
    width = max(_LABEL_CHARS, longest)
    while len(_lines(words, width)) > _LABEL_LINES:  # too long: widen the lines
        width += 1
    fewest = len(_lines(words, width))
    return next(
        lines for w in range(longest, width + 1) if len(lines := _lines(words, w)) <= fewest
    )


def _lines(words: Sequence[str], width: int) -> list[str]:
    return textwrap.wrap(" ".join(words), width, break_long_words=False, break_on_hyphens=False)


def _legend(
    series: Sequence[Series], above: float, missing_label: str | None
) -> tuple[list[str], Box]:
    """One row per series (line sample, vertex, name), centred under the chart, and its box."""
    names = [s.name for s in series] + ([missing_label] if missing_label is not None else [])
    width = 32 + max((_text_width(n, _LEGEND_SIZE) for n in names), default=0)
    left, top = -width / 2, above + _LEGEND_ROW
    parts: list[str] = []
    for row, s in enumerate(series):
        y = top + row * _LEGEND_ROW + _LEGEND_ROW / 2
        colour = _attr(s.colour)
        dash = ' stroke-dasharray="6 4"' if s.dashed else ""
        parts.append(
            f'<line x1="{_n(left)}" y1="{_n(y)}" x2="{_n(left + 24)}" y2="{_n(y)}"'
            f' stroke="{colour}" stroke-width="2"{dash}/>'
        )
        parts.append(_marker(left + 12, y, colour, hollow=False))
        parts.append(_text(s.name, left + 32, y + 4, size=_LEGEND_SIZE, fill="#222222"))
    if missing_label is not None:
        y = top + len(series) * _LEGEND_ROW + _LEGEND_ROW / 2
        parts.append(_marker(left + 12, y, _MUTED, hollow=True))
        parts.append(_text(missing_label, left + 32, y + 4, size=_LEGEND_SIZE, fill="#222222"))
    return parts, (left, top, left + width, top + len(names) * _LEGEND_ROW)


def _text(
    content: str, x: float, y: float, *, size: float, fill: str, anchor: str = "start"
) -> str:
    return (
        f'<text x="{_n(x)}" y="{_n(y)}" font-family="{_FONT}" font-size="{_n(size)}"'
        f' fill="{fill}" text-anchor="{anchor}">{escape(content)}</text>'
    )


def _point(value: float, angle: float) -> tuple[float, float]:
    """The position of `value` on the spoke at `angle` (clockwise from straight up)."""
    r = _RADIUS * value / MAX_LEVEL
    return r * math.sin(angle), -r * math.cos(angle)


def _text_width(text: str, size: float) -> float:
    return len(text) * size * _EM_WIDTH


def _union(boxes: Sequence[Box]) -> Box:
    return (
        min(b[0] for b in boxes) - _MARGIN,
        min(b[1] for b in boxes) - _MARGIN,
        max(b[2] for b in boxes) + _MARGIN,
        max(b[3] for b in boxes) + _MARGIN,
    )


def _attr(value: str) -> str:
    return escape(value, {'"': "&quot;"})


def _n(x: float) -> str:
    """A coordinate with at most two decimals and no negative zero."""
    text = f"{x:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text
