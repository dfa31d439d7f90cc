"""The scatter diagram, before and after, the histogram and the control chart, with the numbers
behind them (correlation, regression line, control limits).

Drawn with matplotlib's object-oriented API; what they share is in ``risalah.charts.plotting``.
"""

import math
import statistics
from collections.abc import Sequence

import numpy as np
from django.utils.translation import gettext
from matplotlib.ticker import MaxNLocator

from risalah.charts.plotting import (
    BLUE,
    GREEN,
    GREY,
    ORANGE,
    RED,
    ChartText,
    Number,
    as_floats,
    axis_formatter,
    fmt,
    new_figure,
    render_svg,
)


def correlation(pairs: Sequence[tuple[Number, Number]]) -> float:
    """Pearson's r of the pairs. ValueError when undefined (fewer than two pairs, or no spread)."""
    xs = as_floats([x for x, _y in pairs], "x values")
    ys = as_floats([y for _x, y in pairs], "y values")
    if len(xs) < 2:
        raise ValueError("The correlation needs at least two pairs.")
    try:
        return statistics.correlation(xs, ys)
    except statistics.StatisticsError as error:
        raise ValueError("The correlation is undefined when x or y does not vary.") from error


def regression(pairs: Sequence[tuple[Number, Number]]) -> tuple[float, float]:
    """Least-squares line ``y = slope * x + intercept``. ValueError when x does not vary."""
    xs = as_floats([x for x, _y in pairs], "x values")
    ys = as_floats([y for _x, y in pairs], "y values")
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
    xs = as_floats([x for x, _y in pairs], "x values")
    ys = as_floats([y for _x, y in pairs], "y values")
    if not xs:
        raise ValueError("A scatter diagram needs at least one pair.")
    text = ChartText(title, x_label, y_label)
    figure = new_figure(text.extra_height())
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
    ax.xaxis.set_major_formatter(axis_formatter(x_span))
    ax.yaxis.set_major_formatter(axis_formatter(y_span))
    text.apply(figure, ax)
    return render_svg(figure, title or gettext("Scatter diagram"), "scatter")


def before_after(
    before: Number,
    after: Number,
    target: Number | None,
    unit_label: str,
    metric_label: str,
) -> str:
    """Two bars, before and after, with their values written on top and the target as a line."""
    before_value, after_value = as_floats([before, after], "Before and after")
    target_value = None if target is None else as_floats([target], "The target")[0]
    values = [before_value, after_value]
    top = max([*values, target_value or 0, 0])
    bottom = min([*values, target_value or 0, 0])
    span = (top - bottom) or 1

    text = ChartText(metric_label, "", unit_label)
    figure = new_figure(text.extra_height())
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
        target_text = gettext("Target")  # outside the f-string, where makemessages finds it
        ax.annotate(
            f"{target_text}: {fmt(target_value)} {unit_label}".strip(),
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
    ax.yaxis.set_major_formatter(axis_formatter(span))
    text.apply(figure, ax, x_label=False)
    return render_svg(figure, metric_label or gettext("Before and after"), "before-after")


def histogram_counts(values: Sequence[Number], bins: int | Sequence[Number] | None = None):
    """The histogram's counts and bin edges (numpy.histogram; ``bins=None`` uses numpy's "auto")."""
    data = as_floats(values, "Values")
    if not data:
        raise ValueError("A histogram needs at least one value.")
    if bins is not None and not isinstance(bins, int):
        bins = as_floats(bins, "Bin edges")
    counts, edges = np.histogram(data, bins="auto" if bins is None else bins)
    return [int(c) for c in counts], [float(e) for e in edges]


def histogram(
    values: Sequence[Number], bins: int | Sequence[Number] | None = None, label: str = "", title: str = ""
) -> str:
    """Histogram of ``values``; ``label`` names the measured quantity (the x axis)."""
    counts, edges = histogram_counts(values, bins)
    text = ChartText(title, label, gettext("Frequency"))
    figure = new_figure(text.extra_height())
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
    ax.yaxis.set_major_formatter(axis_formatter(max(counts)))
    ax.xaxis.set_major_formatter(axis_formatter(edges[-1] - edges[0]))
    text.apply(figure, ax)
    return render_svg(figure, title or label or gettext("Histogram"), "histogram")


def control_limits(values: Sequence[Number], *, non_negative: bool = False) -> tuple[float, float, float]:
    """``(lcl, mean, ucl)`` with UCL/LCL = mean +/- 3 sample standard deviations.

    ``non_negative`` floors the LCL at 0, for metrics that cannot go below zero (counts, minutes).
    """
    data = as_floats(values, "Values")
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
    data = as_floats(values, "Values")
    lcl, mean, ucl = control_limits(data, non_negative=non_negative)
    if labels is not None and len(labels) != len(data):
        raise ValueError("There must be one label per value.")
    positions = list(range(len(data)))
    text = ChartText(title, "", y_label)
    figure = new_figure(text.extra_height())
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
    ax.yaxis.set_major_formatter(axis_formatter(high - low))
    tick_labels = [str(label) for label in labels] if labels is not None else [str(i + 1) for i in positions]
    step = max(1, math.ceil(len(data) / 12))  # at most ~12 x labels: readable on a phone
    ax.set_xticks(positions[::step], tick_labels[::step], parse_math=False)
    if labels is not None and max(len(t) for t in tick_labels) > 4:
        ax.tick_params(axis="x", labelrotation=35, labelsize=8.5)
        for tick in ax.get_xticklabels():
            tick.set_horizontalalignment("right")
            tick.set_rotation_mode("anchor")
    text.apply(figure, ax, x_label=False)
    return render_svg(figure, title or gettext("Control chart"), "control")
