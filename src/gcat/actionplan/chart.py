"""The dependency chart of the plan: which points wait on which, coloured by status.

Only points that wait on another, are waited on, or are consolidated under another are drawn.
Columns are levels: a point sits one column right of the furthest point it waits on. The same
layout gives an SVG (the app, HTML and PDF) and a PNG (Word, which cannot show SVG).
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass
from html import escape

from gcat.core.actionplan import Plan, PointState, Status

__all__ = [
    "STATUS_COLOURS",
    "ChartLayout",
    "chart_layout",
    "chart_png",
    "chart_svg",
    "status_bar_svg",
]

STATUS_COLOURS = {
    Status.DONE: ("#2f6f3e", "#ffffff"),
    Status.IN_PROGRESS: ("#f2c14e", "#1d2329"),
    Status.NOT_STARTED: ("#e4e7eb", "#1d2329"),
}
"""Fill and text colour of a point's box, by status (contrast at least 4.5:1)."""
BLOCKED = "#a4262c"
_BOX_W, _BOX_H, _GAP_X, _GAP_Y, _PAD = 92, 26, 70, 12, 16


@dataclass(frozen=True, slots=True)
class Node:
    """A point's box: where it is, its status and whether it is blocked."""

    id: str
    x: int
    y: int
    status: Status
    blocked: bool


@dataclass(frozen=True, slots=True)
class ChartLayout:
    """Boxes and arrows (from the point waited on to the point that waits), and the size."""

    nodes: tuple[Node, ...]
    edges: tuple[tuple[str, str, bool], ...]
    """(from, to, consolidated): consolidation arrows are dashed."""
    width: int
    height: int


def chart_layout(plan: Plan, states: Mapping[str, PointState]) -> ChartLayout:
    """The layout of the dependency chart."""
    edges: list[tuple[str, str, bool]] = []
    for point in plan.points:
        edges.extend((other, point.id, False) for other in point.depends_on)
        if point.consolidated_under:
            edges.append((point.consolidated_under, point.id, True))
    involved = {end for edge in edges for end in edge[:2]}
    level: dict[str, int] = {}

    def depth(pid: str, seen: frozenset[str] = frozenset()) -> int:
        if pid not in level:
            before = [a for a, b, _ in edges if b == pid and a not in seen]
            level[pid] = 1 + max((depth(a, seen | {pid}) for a in before), default=-1)
        return level[pid]

    columns: dict[int, list[str]] = {}
    for pid in plan.ids():
        if pid in involved:
            columns.setdefault(depth(pid), []).append(pid)
    row_of: dict[str, float] = {}
    for column in sorted(columns):
        ids = columns[column]
        if column:  # order by the mean row of the points each one comes from (fewer crossings)
            parents = {
                pid: [row_of[a] for a, b, _ in edges if b == pid and a in row_of] for pid in ids
            }
            ids.sort(key=lambda pid: sum(parents[pid]) / len(parents[pid]) if parents[pid] else 0)
        row_of.update({pid: n for n, pid in enumerate(ids)})
    nodes = []
    for column, ids in sorted(columns.items()):
        for row, pid in enumerate(ids):
            nodes.append(
                Node(
                    pid,
                    _PAD + column * (_BOX_W + _GAP_X),
                    _PAD + row * (_BOX_H + _GAP_Y),
                    states[pid].status,
                    states[pid].blocked,
                )
            )
    width = _PAD * 2 + max(len(columns), 1) * (_BOX_W + _GAP_X) - _GAP_X
    rows = max((len(ids) for ids in columns.values()), default=1)
    height = _PAD * 2 + rows * (_BOX_H + _GAP_Y) - _GAP_Y
    return ChartLayout(tuple(nodes), tuple(edges), width, height)


def chart_svg(layout: ChartLayout, *, title: str, description: str) -> str:
    """The chart as an accessible SVG document (``role="img"`` with a title and description)."""
    at = {node.id: node for node in layout.nodes}
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {layout.width} {layout.height}" '
        f'width="{layout.width}" height="{layout.height}" role="img" '
        f'aria-labelledby="apc-title apc-desc" font-family="DejaVu Sans, Carlito, sans-serif">',
        f'<title id="apc-title">{escape(title)}</title>',
        f'<desc id="apc-desc">{escape(description)}</desc>',
        '<defs><marker id="apc-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
        'fill="#5a6570"/></marker></defs>',
    ]
    for source, target, consolidated in layout.edges:
        a, b = at[source], at[target]
        x1, y1 = a.x + _BOX_W, a.y + _BOX_H // 2
        x2, y2 = b.x - 2, b.y + _BOX_H // 2
        dash = ' stroke-dasharray="4 3"' if consolidated else ""
        parts.append(
            f'<path d="M{x1},{y1} C{x1 + 35},{y1} {x2 - 35},{y2} {x2},{y2}" fill="none" '
            f'stroke="#5a6570" stroke-width="1.2"{dash} marker-end="url(#apc-arrow)"/>'
        )
    for node in layout.nodes:
        fill, ink = STATUS_COLOURS[node.status]
        stroke = BLOCKED if node.blocked else "#5a6570"
        width = 2.5 if node.blocked else 1
        parts.append(
            f'<rect x="{node.x}" y="{node.y}" width="{_BOX_W}" height="{_BOX_H}" rx="4" '
            f'fill="{fill}" stroke="{stroke}" stroke-width="{width}"/>'
            f'<text x="{node.x + _BOX_W // 2}" y="{node.y + 17}" text-anchor="middle" '
            f'font-size="12" fill="{ink}">{escape(node.id)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def chart_png(layout: ChartLayout, *, dpi: int = 150) -> bytes:
    """The chart as a PNG (for Word), drawn with matplotlib from the same layout."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

    figure = pyplot.figure(figsize=(layout.width / 96, layout.height / 96), dpi=dpi)
    axes = figure.add_axes((0, 0, 1, 1))
    axes.set_xlim(0, layout.width)
    axes.set_ylim(layout.height, 0)
    axes.axis("off")
    at = {node.id: node for node in layout.nodes}
    for source, target, consolidated in layout.edges:
        a, b = at[source], at[target]
        arrow = FancyArrowPatch(
            (a.x + _BOX_W, a.y + _BOX_H / 2),
            (b.x - 1, b.y + _BOX_H / 2),
            connectionstyle="arc3,rad=0.0",
            arrowstyle="-|>",
            mutation_scale=9,
            color="#5a6570",
            linewidth=0.9,
            linestyle="--" if consolidated else "-",
        )
        axes.add_patch(arrow)
    for node in layout.nodes:
        fill, ink = STATUS_COLOURS[node.status]
        axes.add_patch(
            FancyBboxPatch(
                (node.x, node.y),
                _BOX_W,
                _BOX_H,
                boxstyle="round,pad=0,rounding_size=4",
                facecolor=fill,
                edgecolor=BLOCKED if node.blocked else "#5a6570",
                linewidth=2 if node.blocked else 0.8,
            )
        )
        axes.text(
            node.x + _BOX_W / 2,
            node.y + _BOX_H / 2,
            node.id,
            ha="center",
            va="center",
            fontsize=7.5,
            color=ink,
            family="DejaVu Sans",
        )
    out = io.BytesIO()
    figure.savefig(out, format="png", dpi=dpi)
    pyplot.close(figure)
    return out.getvalue()


def status_bar_svg(counts: tuple[int, int, int], *, label: str, width: int = 600) -> str:
    """A bar of done, in-progress and not-started shares, with the counts written in it."""
    total = sum(counts) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} 28" width="{width}" '
        f'height="28" role="img" aria-label="{escape(label)}" '
        'font-family="DejaVu Sans, Carlito, sans-serif">'
    ]
    x = 0.0
    for status, count in zip(
        (Status.DONE, Status.IN_PROGRESS, Status.NOT_STARTED), counts, strict=True
    ):
        if not count:
            continue
        fill, ink = STATUS_COLOURS[status]
        w = width * count / total
        parts.append(
            f'<rect x="{x:.1f}" y="0" width="{w:.1f}" height="28" fill="{fill}"/>'
            f'<text x="{x + w / 2:.1f}" y="19" text-anchor="middle" font-size="13" '
            f'font-weight="bold" fill="{ink}">{count}</text>'
        )
        x += w
    parts.append("</svg>")
    return "".join(parts)
