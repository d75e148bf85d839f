"""The report's radar chart: domain scores against targets, as SVG (HTML and PDF)."""

from __future__ import annotations

from gcat.charts import Series, radar_svg
from gcat.reports.context import ReportContext

__all__ = ["CURRENT_COLOUR", "TARGET_COLOUR", "radar_chart"]

CURRENT_COLOUR = "#1f5f8b"
TARGET_COLOUR = "#b35c00"


def radar_chart(ctx: ReportContext) -> str | None:
    """The radar chart as an SVG document, or ``None`` below three scored domains."""
    if len(ctx.radar_axes) < 3 or all(v is None for v in ctx.radar_current):
        return None
    return radar_svg(
        ctx.radar_axes,
        [
            Series(ctx.t("results.current"), ctx.radar_current, CURRENT_COLOUR),
            Series(ctx.t("results.target"), ctx.radar_target, TARGET_COLOUR, dashed=True),
        ],
        title=ctx.t("results.radar_title"),
        description=ctx.t("results.radar_description"),
        size=520,
        missing_label=ctx.t("reports.radar_missing"),
    )
