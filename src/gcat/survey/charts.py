"""Self-contained SVG charts of the survey: horizontal bars and an area-by-region heatmap.

Deterministic, no scripts or external references; every text is escaped and names its fonts;
each chart is an accessible image (``role="img"``, a ``<title>``).
"""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape

__all__ = ["bar_chart_svg", "heatmap_svg"]

_FONT = "DejaVu Sans, Arial, sans-serif"
_SIZE = 12.0
_ROW = 22.0
_BAR = "#2c7fb8"
_MUTED = "#555555"
_GRID = "#c8c8c8"
_EM = 0.6
# ColorBrewer "Blues", 5 classes (colorbrewer2.org), with the text colour of higher contrast.
_HEAT = (
    ("#f7fbff", "#000000"),
    ("#c6dbef", "#000000"),
    ("#6baed6", "#000000"),
    ("#2171b5", "#ffffff"),
    ("#08306b", "#ffffff"),
)


def _attr(value: str) -> str:
    return escape(value, {'"': "&quot;"})


def _width(text: str, size: float = _SIZE) -> float:
    return len(text) * size * _EM


def _number(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _wrap(text: str, width: int = 14, lines: int = 3) -> list[str]:
    """``text`` in at most ``lines`` lines of about ``width`` characters (words kept whole)."""
    out: list[str] = []
    for word in text.split():
        if out and len(out[-1]) + 1 + len(word) <= width:
            out[-1] += " " + word
        else:
            out.append(word)
    if len(out) > lines:
        out = [*out[: lines - 1], " ".join(out[lines - 1 :])]
    return out or [""]


def bar_chart_svg(
    title: str,
    labels: Sequence[str],
    values: Sequence[float],
    *,
    value_labels: Sequence[str] | None = None,
    maximum: float | None = None,
    bar_width: float = 320.0,
) -> str:
    """Horizontal bars, one per label, with the value written after each bar."""
    shown = list(value_labels) if value_labels is not None else [_number(v) for v in values]
    top = maximum if maximum is not None else max([*values, 1.0])
    left = max([_width(label) for label in labels] + [40.0]) + 16
    right = max([_width(s) for s in shown] + [20.0]) + 16
    width = left + bar_width + right
    height = _ROW * len(labels) + 16
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img"'
        f' viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" height="{height:.0f}"'
        f' font-family="{_FONT}" font-size="{_SIZE:.0f}">',
        f"<title>{escape(title)}</title>",
        f'<line x1="{left:.1f}" y1="4" x2="{left:.1f}" y2="{height - 8:.1f}" stroke="{_GRID}"/>',
    ]
    for i, (label, value, text) in enumerate(zip(labels, values, shown, strict=True)):
        y = 8 + i * _ROW
        length = bar_width * (value / top if top else 0.0)
        parts.append(
            f'<text x="{left - 8:.1f}" y="{y + 12:.1f}" text-anchor="end" fill="#000000">'
            f"{escape(label)}</text>"
        )
        parts.append(
            f'<rect x="{left:.1f}" y="{y + 2:.1f}" width="{max(length, 0.0):.1f}" height="14"'
            f' fill="{_BAR}"/>'
        )
        parts.append(
            f'<text x="{left + length + 6:.1f}" y="{y + 13:.1f}" fill="{_MUTED}">'
            f"{escape(text)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def heatmap_svg(
    title: str,
    rows: Sequence[str],
    columns: Sequence[str],
    values: Sequence[Sequence[int]],
) -> str:
    """A table of coloured cells (darker is more), each showing its number."""
    top_value = max([v for row in values for v in row] + [1])
    left = max([_width(r) for r in rows] + [40.0]) + 12
    heads = [_wrap(c) for c in columns]
    cell_w = max([_width(line, 11) for lines in heads for line in lines] + [44.0]) + 10
    header = 14.0 * max(len(lines) for lines in heads) + 12 if heads else 28.0
    width = left + cell_w * len(columns) + 8
    height = header + _ROW * len(rows) + 8
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img"'
        f' viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" height="{height:.0f}"'
        f' font-family="{_FONT}" font-size="{_SIZE:.0f}">',
        f"<title>{escape(title)}</title>",
    ]
    for j, lines in enumerate(heads):
        x = left + cell_w * j + cell_w / 2
        for k, line in enumerate(lines):
            y = header - 8 - 14.0 * (len(lines) - 1 - k)
            parts.append(
                f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="middle" font-size="11"'
                f' fill="#000000">{escape(line)}</text>'
            )
    for i, (row, row_values) in enumerate(zip(rows, values, strict=True)):
        y = header + i * _ROW
        parts.append(
            f'<text x="{left - 8:.1f}" y="{y + 15:.1f}" text-anchor="end" fill="#000000">'
            f"{escape(row)}</text>"
        )
        for j, value in enumerate(row_values):
            shade = 0 if value == 0 else 1 + min(3, int(3 * value / top_value))
            fill, ink = _HEAT[shade]
            x = left + cell_w * j
            parts.append(
                f'<rect x="{x + 1:.1f}" y="{y + 1:.1f}" width="{cell_w - 2:.1f}"'
                f' height="{_ROW - 2:.1f}" fill="{fill}" stroke="{_GRID}"/>'
            )
            parts.append(
                f'<text x="{x + cell_w / 2:.1f}" y="{y + 15:.1f}" text-anchor="middle"'
                f' fill="{_attr(ink)}">{value}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)
