"""The statistical charts of the seven tools, drawn with matplotlib's object-oriented API.

Every function takes plain data (numbers may be int, float or Decimal) and returns an SVG string
that is deterministic (same data and language -> byte-identical output), free of ``style``
attributes (see svgtools) and scales with its container. Elements that carry the chart's meaning
have stable id suffixes (``-bar-0``, ``-cumulative-line``, ``-ucl`` ...) so tests, and anyone
curious, can find them.

Pyplot is never imported: a ``Figure`` drawn through its own canvas is independent of any global
figure manager, which is what makes concurrent requests safe.
"""

import io
import math
import statistics
import textwrap
from collections.abc import Sequence
from decimal import Decimal

import matplotlib
import numpy as np
from django.utils.formats import number_format
from django.utils.translation import gettext
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from risalah.charts.svgtools import finish_matplotlib_svg

Number = int | float | Decimal

# Set once at import, never per call: rc_context() would mutate global state under concurrent
# requests. svg.fonttype "none" keeps text as <text> (searchable in the PDF, smaller files);
# a fixed hash salt makes the clip-path ids, and so the whole file, reproducible.
matplotlib.rcParams.update(
    {
        "svg.fonttype": "none",
        "svg.hashsalt": "kbk-portal-charts",
        "font.family": "sans-serif",
        "font.sans-serif": ["DejaVu Sans", "Arial", "Helvetica"],
        "font.size": 10,
        "axes.titlesize": 11,
        "axes.titleweight": "bold",
        "axes.spines.top": False,
        "axes.unicode_minus": False,
    }
)

WIDTH_IN = 5.8
HEIGHT_IN = 3.8
BLUE = "#2f6db5"
ORANGE = "#d9822b"
GREEN = "#2e8540"
RED = "#c0392b"
GREY = "#6c757d"


def fmt(value: Number, decimals: int | None = None) -> str:
    """Format a number for the active language (Indonesian: ``29,6``; English: ``29.6``)."""
    value = float(value)
    if decimals is None:
        decimals = 0 if value == int(value) else (1 if abs(value) >= 10 else 2)
    return number_format(round(value, decimals), decimal_pos=decimals)


def _axis_formatter(axis_range: float) -> FuncFormatter:
    decimals = 0 if axis_range >= 5 else (1 if axis_range >= 0.5 else 2)
    return FuncFormatter(lambda value, _pos: fmt(value, decimals))


def _floats(values: Sequence[Number], what: str) -> list[float]:
    result = [float(v) for v in values]
    if not all(math.isfinite(v) for v in result):
        raise ValueError(f"{what} must be finite numbers.")
    return result


def _wrap(label: str, width: int) -> str:
    return "\n".join(textwrap.wrap(str(label), width=max(width, 6), break_on_hyphens=False)) or " "


def _figure(height: float = HEIGHT_IN) -> Figure:
    figure = Figure(figsize=(WIDTH_IN, height), layout="constrained")
    FigureCanvasSVG(figure)
    return figure


def _render(figure: Figure, title: str, kind: str) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return finish_matplotlib_svg(buffer.getvalue(), title=title, class_name=f"chart-{kind}")


def _title(ax, title: str) -> None:
    if title:
        ax.set_title(_wrap(title, 70), parse_math=False)


def pareto(
    categories: Sequence[tuple[str, Number]],
    title: str = "",
    y_label: str = "",
    *,
    reference_percent: float | None = 80,
) -> str:
    """Pareto diagram: bars sorted descending, cumulative percentage on the right-hand axis.

    The left axis runs from 0 to the total count and the right one from 0 to 100 %, so the
    cumulative line starts on top of the first bar and reaches the top of the plot (100 %) at the
    last bar. ``reference_percent`` draws the dashed 80 % line (None: no line).
    """
    counts = _floats([count for _label, count in categories], "Counts")
    if not counts:
        raise ValueError("A Pareto chart needs at least one category.")
    if any(c < 0 for c in counts):
        raise ValueError("Counts cannot be negative.")
    total = sum(counts)
    if total <= 0:
        raise ValueError("A Pareto chart needs at least one non-zero count.")
    # sorted() is stable: equal counts keep the writer's order, and the output stays deterministic.
    order = sorted(range(len(counts)), key=lambda i: -counts[i])
    labels = [str(categories[i][0]) for i in order]
    values = [counts[i] for i in order]
    cumulative = list(np.cumsum(values) / total * 100)
    cumulative[-1] = 100.0  # exact, whatever the float rounding of the running sum

    figure = _figure()
    ax = figure.add_subplot()
    ax.patch.set_gid("plot-area")
    positions = range(len(values))
    bars = ax.bar(positions, values, color=BLUE, width=0.7)
    for index, bar in enumerate(bars):
        bar.set_gid(f"bar-{index}")
        ax.annotate(
            fmt(values[index]),
            (bar.get_x() + bar.get_width() / 2, values[index]),
            xytext=(0, 2),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=8.5,
            parse_math=False,
        ).set_gid(f"bar-label-{index}")
    ax.set_ylim(0, total)
    ax.set_xlim(-0.5, len(values) - 0.5)
    ax.yaxis.set_major_formatter(_axis_formatter(total))
    ax.yaxis.set_major_locator(MaxNLocator(nbins=6, integer=all(v == int(v) for v in values)))
    ax.set_ylabel(y_label or gettext("Count"), parse_math=False)
    width = max(8, 64 // len(values))
    ax.set_xticks(list(positions), [_wrap(label, width) for label in labels], parse_math=False)
    if len(values) > 6:
        ax.tick_params(axis="x", labelrotation=35)
        for tick in ax.get_xticklabels():
            tick.set_horizontalalignment("right")
            tick.set_rotation_mode("anchor")
    ax.tick_params(axis="x", labelsize=8.5)

    right = ax.twinx()
    right.set_ylim(0, 100)
    right.yaxis.set_major_formatter(FuncFormatter(lambda value, _pos: f"{fmt(value, 0)}%"))
    right.set_ylabel(f"{gettext('Cumulative')} (%)")
    # Not clipped: the last marker sits exactly on the plot's top edge (100 %).
    (line,) = right.plot(
        positions, cumulative, color=ORANGE, marker="o", markersize=4, linewidth=1.6, clip_on=False
    )
    line.set_gid("cumulative-line")
    if reference_percent is not None:
        reference = right.axhline(reference_percent, color=GREY, linestyle="--", linewidth=0.9)
        reference.set_gid(f"reference-{fmt(reference_percent, 0)}")
    right.spines["top"].set_visible(False)
    _title(ax, title)
    return _render(figure, title or gettext("Pareto chart"), "pareto")


def correlation(pairs: Sequence[tuple[Number, Number]]) -> float:
    """Pearson's r of the pairs. ValueError when undefined (fewer than two pairs, or no spread)."""
    xs = _floats([x for x, _y in pairs], "x values")
    ys = _floats([y for _x, y in pairs], "y values")
    if len(xs) < 2:
        raise ValueError("The correlation needs at least two pairs.")
    try:
        return statistics.correlation(xs, ys)
    except statistics.StatisticsError as error:
        raise ValueError("The correlation is undefined when x or y does not vary.") from error


def regression(pairs: Sequence[tuple[Number, Number]]) -> tuple[float, float]:
    """Least-squares line ``y = slope * x + intercept``. ValueError when x does not vary."""
    xs = _floats([x for x, _y in pairs], "x values")
    ys = _floats([y for _x, y in pairs], "y values")
    if len(xs) < 2:
        raise ValueError("The regression line needs at least two pairs.")
    try:
        slope, intercept = statistics.linear_regression(xs, ys)
    except statistics.StatisticsError as error:
        raise ValueError("The regression line is undefined when x does not vary.") from error
    return slope, intercept


def scatter(pairs: Sequence[tuple[Number, Number]], x_label: str, y_label: str, title: str = "") -> str:
    """Scatter diagram with the least-squares line and Pearson's r written in the plot.

    With one point, or no spread, the points are drawn alone and r is shown as undefined.
    """
    xs = _floats([x for x, _y in pairs], "x values")
    ys = _floats([y for _x, y in pairs], "y values")
    if not xs:
        raise ValueError("A scatter diagram needs at least one pair.")
    figure = _figure()
    ax = figure.add_subplot()
    ax.patch.set_gid("plot-area")
    ax.spines["right"].set_visible(False)
    (points,) = ax.plot(xs, ys, linestyle="none", marker="o", markersize=5, color=BLUE, alpha=0.85)
    points.set_gid("points")
    try:
        slope, intercept = regression(pairs)
    except ValueError:
        slope = intercept = None
    if slope is not None:
        x_ends = [min(xs), max(xs)]
        (fit,) = ax.plot(x_ends, [slope * x + intercept for x in x_ends], color=ORANGE, linewidth=1.6)
        fit.set_gid("regression-line")
    try:
        r_text = f"r = {fmt(correlation(pairs), 2)}"
    except ValueError:
        r_text = gettext("r undefined (no spread in the data)")
    ax.text(
        0.02,
        0.97,
        f"{r_text}\nn = {len(xs)}",
        transform=ax.transAxes,
        ha="left",
        va="top",
        fontsize=9,
        parse_math=False,
        bbox={"boxstyle": "round,pad=0.3", "facecolor": "white", "edgecolor": GREY, "linewidth": 0.6},
    ).set_gid("correlation-label")
    x_span = (max(xs) - min(xs)) or abs(max(xs)) or 1
    y_span = (max(ys) - min(ys)) or abs(max(ys)) or 1
    ax.xaxis.set_major_formatter(_axis_formatter(x_span))
    ax.yaxis.set_major_formatter(_axis_formatter(y_span))
    ax.set_xlabel(x_label, parse_math=False)
    ax.set_ylabel(y_label, parse_math=False)
    _title(ax, title)
    return _render(figure, title or gettext("Scatter diagram"), "scatter")


def before_after(
    before: Number,
    after: Number,
    target: Number | None,
    unit_label: str,
    metric_label: str,
) -> str:
    """Two bars, before and after, with their values written on top and the target as a line."""
    before_value, after_value = _floats([before, after], "Before and after")
    target_value = None if target is None else _floats([target], "The target")[0]
    values = [before_value, after_value]
    top = max([*values, target_value or 0, 0])
    bottom = min([*values, target_value or 0, 0])
    span = (top - bottom) or 1

    figure = _figure()
    ax = figure.add_subplot()
    ax.patch.set_gid("plot-area")
    ax.spines["right"].set_visible(False)
    bars = ax.bar([0, 1], values, color=[GREY, BLUE], width=0.55)
    for gid, bar, value in zip(("bar-before", "bar-after"), bars, values, strict=True):
        bar.set_gid(gid)
        label = f"{fmt(value)} {unit_label}".strip()
        ax.annotate(
            label,
            (bar.get_x() + bar.get_width() / 2, value),
            xytext=(0, 3 if value >= 0 else -3),
            textcoords="offset points",
            ha="center",
            va="bottom" if value >= 0 else "top",
            fontsize=10,
            fontweight="bold",
            parse_math=False,
        ).set_gid(f"{gid}-label")
    ax.set_ylim(bottom - (0.12 * span if bottom < 0 else 0), top + 0.15 * span)
    ax.set_xlim(-0.6, 1.6)
    if target_value is not None:
        ax.axhline(target_value, color=RED, linestyle="--", linewidth=1.4).set_gid("target")
        ax.annotate(
            f"{gettext('Target')}: {fmt(target_value)} {unit_label}".strip(),
            (1.6, target_value),
            xytext=(-2, 3),
            textcoords="offset points",
            ha="right",
            va="bottom",
            color=RED,
            fontsize=9,
            parse_math=False,
        ).set_gid("target-label")
    ax.set_xticks([0, 1], [gettext("Before"), gettext("After")])
    ax.yaxis.set_major_formatter(_axis_formatter(span))
    ax.set_ylabel(unit_label, parse_math=False)
    _title(ax, metric_label)
    return _render(figure, metric_label or gettext("Before and after"), "before-after")


def histogram_counts(values: Sequence[Number], bins: int | Sequence[Number] | None = None):
    """The histogram's counts and bin edges (numpy.histogram; ``bins=None`` uses numpy's "auto")."""
    data = _floats(values, "Values")
    if not data:
        raise ValueError("A histogram needs at least one value.")
    if bins is not None and not isinstance(bins, int):
        bins = _floats(bins, "Bin edges")
    counts, edges = np.histogram(data, bins="auto" if bins is None else bins)
    return [int(c) for c in counts], [float(e) for e in edges]


def histogram(
    values: Sequence[Number], bins: int | Sequence[Number] | None = None, label: str = "", title: str = ""
) -> str:
    """Histogram of ``values``; ``label`` names the measured quantity (the x axis)."""
    counts, edges = histogram_counts(values, bins)
    figure = _figure()
    ax = figure.add_subplot()
    ax.patch.set_gid("plot-area")
    ax.spines["right"].set_visible(False)
    widths = [b - a for a, b in zip(edges, edges[1:], strict=False)]
    bars = ax.bar(
        edges[:-1], counts, width=widths, align="edge", color=BLUE, edgecolor="white", linewidth=0.8
    )
    for index, bar in enumerate(bars):
        bar.set_gid(f"bin-{index}")
    ax.set_ylim(0, max(counts) * 1.1)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.yaxis.set_major_formatter(_axis_formatter(max(counts)))
    ax.xaxis.set_major_formatter(_axis_formatter(edges[-1] - edges[0]))
    ax.set_xlabel(label, parse_math=False)
    ax.set_ylabel(gettext("Frequency"))
    _title(ax, title)
    return _render(figure, title or label or gettext("Histogram"), "histogram")


def control_limits(values: Sequence[Number], *, non_negative: bool = False) -> tuple[float, float, float]:
    """``(lcl, mean, ucl)`` with UCL/LCL = mean +/- 3 sample standard deviations.

    ``non_negative`` floors the LCL at 0, for metrics that cannot go below zero (counts, minutes).
    """
    data = _floats(values, "Values")
    if len(data) < 2:
        raise ValueError("Control limits need at least two values.")
    mean = statistics.fmean(data)
    sigma = statistics.stdev(data)
    lcl = mean - 3 * sigma
    if non_negative:
        lcl = max(lcl, 0.0)
    return lcl, mean, mean + 3 * sigma


def control_chart(
    values: Sequence[Number],
    labels: Sequence[str] | None = None,
    *,
    non_negative: bool = False,
    title: str = "",
    y_label: str = "",
) -> str:
    """Control chart: the series, its mean (CL), UCL and LCL; points beyond the limits in red."""
    data = _floats(values, "Values")
    lcl, mean, ucl = control_limits(data, non_negative=non_negative)
    if labels is not None and len(labels) != len(data):
        raise ValueError("There must be one label per value.")
    positions = list(range(len(data)))
    figure = _figure()
    ax = figure.add_subplot()
    ax.patch.set_gid("plot-area")
    ax.spines["right"].set_visible(False)
    (series,) = ax.plot(positions, data, color=BLUE, marker="o", markersize=4, linewidth=1.4)
    series.set_gid("values")
    for gid, level, name, colour, style in (
        ("ucl", ucl, "UCL", RED, "--"),
        ("mean", mean, "CL", GREEN, "-"),
        ("lcl", lcl, "LCL", RED, "--"),
    ):
        ax.axhline(level, color=colour, linestyle=style, linewidth=1.1).set_gid(gid)
        ax.annotate(
            f"{name} = {fmt(level, 2)}",
            (1, level),
            xycoords=("axes fraction", "data"),
            xytext=(3, 0),
            textcoords="offset points",
            ha="left",
            va="center",
            color=colour,
            fontsize=8.5,
        ).set_gid(f"{gid}-label")
    outside = [(x, v) for x, v in zip(positions, data, strict=True) if v > ucl or v < lcl]
    if outside:
        (flagged,) = ax.plot(
            [x for x, _v in outside],
            [v for _x, v in outside],
            linestyle="none",
            marker="o",
            markersize=8,
            markerfacecolor="none",
            markeredgecolor=RED,
            markeredgewidth=1.8,
        )
        flagged.set_gid("out-of-control")
    low = min([*data, lcl])
    high = max([*data, ucl])
    margin = (high - low) * 0.08 or abs(mean) * 0.1 or 1
    ax.set_ylim(low - margin, high + margin)
    ax.set_xlim(-0.5, len(data) - 0.5)
    ax.yaxis.set_major_formatter(_axis_formatter(high - low))
    tick_labels = [str(label) for label in labels] if labels is not None else [str(i + 1) for i in positions]
    step = max(1, math.ceil(len(data) / 12))  # at most ~12 x labels: readable on a phone
    ax.set_xticks(positions[::step], tick_labels[::step], parse_math=False)
    if labels is not None and max(len(t) for t in tick_labels) > 4:
        ax.tick_params(axis="x", labelrotation=35, labelsize=8.5)
        for tick in ax.get_xticklabels():
            tick.set_horizontalalignment("right")
            tick.set_rotation_mode("anchor")
    ax.set_ylabel(y_label, parse_math=False)
    _title(ax, title)
    return _render(figure, title or gettext("Control chart"), "control")
