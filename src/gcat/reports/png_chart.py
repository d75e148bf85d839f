"""The radar chart as a PNG image (matplotlib, Agg backend), for the Word report.

It draws what :func:`gcat.charts.radar_svg` draws for the HTML and PDF reports: the 0–5 rings,
one axis per domain, the current scores (solid) and the targets (dashed), a hollow vertex for a
domain without a score. Fonts are DejaVu Sans, which matplotlib ships, so nothing is fetched.
"""

from __future__ import annotations

import io
import math
import textwrap
from collections.abc import Sequence
from typing import Literal, cast

from gcat.charts import Series

__all__ = ["radar_png"]

_MAX_LEVEL = 5
_GRID = "#c8c8c8"
_MUTED = "#555555"
_LABEL_WIDTH = 16  # characters per line of an axis label


def radar_png(
    axes: Sequence[str],
    series: Sequence[Series],
    *,
    missing_label: str | None = None,
    width_inches: float = 6.3,
    dpi: int = 180,
) -> bytes:
    """The radar chart of ``series`` over ``axes`` (at least three) as PNG bytes."""
    if len(axes) < 3:
        raise ValueError(f"a radar chart needs at least 3 axes, not {len(axes)}")
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.projections.polar import PolarAxes

    with matplotlib.rc_context({"font.family": "DejaVu Sans", "font.size": 9}):
        figure = Figure(figsize=(width_inches, width_inches * 0.8), dpi=dpi)
        FigureCanvasAgg(figure)
        ax = cast(PolarAxes, figure.add_axes((0.22, 0.14, 0.56, 0.7), projection="polar"))
        angles = [2 * math.pi * i / len(axes) for i in range(len(axes))]
        ax.set_theta_offset(math.pi / 2)
        ax.set_theta_direction(-1)
        ax.set_ylim(0, _MAX_LEVEL)
        ax.set_yticks(range(1, _MAX_LEVEL + 1))
        ax.set_yticklabels([str(k) for k in range(1, _MAX_LEVEL + 1)], color=_MUTED, fontsize=7)
        ax.set_rlabel_position(-180 / len(axes))
        ax.set_xticks(angles)
        ax.set_xticklabels([])
        for label, angle in zip(axes, angles, strict=True):
            sin, cos = math.sin(angle), math.cos(angle)
            ax.text(
                angle,
                _MAX_LEVEL * 1.1,
                textwrap.fill(label, _LABEL_WIDTH),
                ha="left" if sin > 0.25 else "right" if sin < -0.25 else "center",
                va="bottom" if cos > 0.5 else "top" if cos < -0.5 else "center",
                multialignment="left" if sin > 0.25 else "right" if sin < -0.25 else "center",
                fontsize=9,
                color="#222222",
            )
        ax.grid(color=_GRID, linewidth=0.8)
        ax.spines["polar"].set_color(_GRID)
        handles = []
        for s in series:
            values = [v if v is not None else 0.0 for v in s.values]
            closed_angles, closed = [*angles, angles[0]], [*values, values[0]]
            dash: tuple[float, tuple[float, float]] | Literal["solid"] = (
                (0.0, (5.0, 3.0)) if s.dashed else "solid"
            )
            ax.plot(closed_angles, closed, color=s.colour, linewidth=1.8, linestyle=dash)
            ax.fill(closed_angles, closed, color=s.colour, alpha=0.12)
            for angle, value in zip(angles, s.values, strict=True):
                ax.plot(
                    [angle],
                    [value or 0.0],
                    marker="o",
                    markersize=4.5,
                    color=s.colour,
                    markerfacecolor="white" if value is None else s.colour,
                )
            handles.append(Line2D([], [], color=s.colour, linestyle=dash, marker="o", label=s.name))
        if missing_label is not None and any(None in s.values for s in series):
            handles.append(
                Line2D(
                    [],
                    [],
                    color=_MUTED,
                    linestyle="none",
                    marker="o",
                    markerfacecolor="white",
                    label=missing_label,
                )
            )
        figure.legend(handles=handles, loc="lower center", ncols=len(handles), frameon=False)
        out = io.BytesIO()
        figure.savefig(out, format="png", dpi=dpi, metadata={"Software": None})
    return out.getvalue()
