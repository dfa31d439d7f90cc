"""Server-side SVG charts of the risalah, identical on the page and in the PDF.

Each chart function takes plain data and returns an SVG string (no prolog, a viewBox and no fixed
size, no style attributes, deterministic). In a template, pass it through :func:`safe_svg`.
"""

from risalah.charts.fishbone import fishbone
from risalah.charts.schedule import schedule, week_runs
from risalah.charts.statistical import (
    before_after,
    control_chart,
    control_limits,
    correlation,
    histogram,
    histogram_counts,
    pareto,
    regression,
    scatter,
)
from risalah.charts.svgtools import UnsafeSVGError, check_svg, safe_svg, styles_to_presentation_attributes

__all__ = [
    "UnsafeSVGError",
    "before_after",
    "check_svg",
    "control_chart",
    "control_limits",
    "correlation",
    "fishbone",
    "histogram",
    "histogram_counts",
    "pareto",
    "regression",
    "safe_svg",
    "scatter",
    "schedule",
    "styles_to_presentation_attributes",
    "week_runs",
]
