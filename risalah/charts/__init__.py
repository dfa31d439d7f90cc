"""Server-side SVG charts of the risalah, identical on the page and in the PDF.

Each chart function takes plain data (int, float or Decimal) and returns an SVG string: no prolog,
a viewBox and no fixed size (it takes its container's width), no ``style`` attributes (the CSP
has no 'unsafe-inline'), text as text, ids unique per chart, and byte-identical output for the
same data and language, so a caller may store it and redraw only when the data changes.

In a view: ``context["pareto_svg"] = safe_svg(pareto(rows, title, y_label))``, then
``{{ pareto_svg }}`` in the template and the PDF. Invalid data (no rows, negative counts, weeks
outside the schedule) raises ValueError; check before drawing.

Titles and axis labels are wrapped to the room they have, measured with the font's metrics, so
nothing reaches past the picture's edge; the Pareto chart's category names wrap, or turn and end
in an ellipsis when there are many, and each bar keeps the full name and count as an SVG
``<title>`` (a tooltip on hover).

The root element carries ``class="chart-<kind>"`` (chart-pareto, chart-scatter, chart-before-after,
chart-histogram, chart-control, chart-fishbone, chart-schedule). The fishbone and the schedule are
wide; on a phone, put them in a horizontally scrolling wrapper whose SVG has a min-width
(about 720px) in the site's stylesheet.
"""

from risalah.charts.fishbone import fishbone
from risalah.charts.pareto import pareto
from risalah.charts.schedule import schedule, week_runs
from risalah.charts.statistical import (
    before_after,
    control_chart,
    control_limits,
    correlation,
    histogram,
    histogram_counts,
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
