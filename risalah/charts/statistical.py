"""The statistical charts of the seven tools, drawn with matplotlib's object-oriented API.

Every function takes plain data (numbers may be int, float or Decimal) and returns an SVG string
that is deterministic (same data and language -> byte-identical output), free of ``style``
attributes (see svgtools) and scales with its container. Elements that carry the chart's meaning
have stable id suffixes (``-bar-0``, ``-cumulative-line``, ``-ucl`` ...) so tests, and anyone
curious, can find them.

Pyplot is never imported: a ``Figure`` drawn through its own canvas is independent of any global
figure manager, which is what makes concurrent requests safe.
"""

import functools
import io
import math
import re
import statistics
from collections.abc import Sequence
from decimal import Decimal

import matplotlib
import numpy as np
from django.utils.formats import number_format
from django.utils.translation import gettext
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.textpath import TextToPath
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
TITLE_SIZE = 11.0
LABEL_SIZE = 10.0
TICK_SIZE = 8.5
LINE_SPACING = 1.2  # matplotlib's default line height, in font sizes
# Room for text, in points (1/72 in, the SVG's user unit). A title spans the figure less its
# margins; an axis label the plot, whose size is estimated, since the layout is only known when
# drawing. The figure grows taller for every extra line, so the plot keeps its size.
TITLE_WIDTH = WIDTH_IN * 72 - 24
X_LABEL_WIDTH = 290.0
Y_LABEL_WIDTH = 195.0
PARETO_PLOT_WIDTH = 290.0
TITLE_MAX_LINES = 4
LABEL_MAX_LINES = 3
# Pareto category labels: horizontal and wrapped while a category has this much room, otherwise
# rotated, at most CATEGORY_ROTATED_WIDTH long per line.
CATEGORY_MAX_LINES = 4
CATEGORY_MIN_SLOT = 55.0
CATEGORY_ROTATION = 45
CATEGORY_ROTATED_WIDTH = 120.0
ELLIPSIS = "\N{HORIZONTAL ELLIPSIS}"
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


_TEXT_TO_PATH = TextToPath()


@functools.lru_cache(maxsize=4096)
def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width in points of one line of ``text`` set in DejaVu Sans, the font the SVG names first.

    DejaVu Sans is wider than the fonts a browser substitutes for it (Arial, Helvetica, Roboto),
    so a line measured to fit here fits there too.
    """
    font = FontProperties(family="DejaVu Sans", size=size, weight="bold" if bold else "normal")
    width, _height, _descent = _TEXT_TO_PATH.get_text_width_height_descent(text, font, ismath=False)
    return width


def _ellipsize(line: str, width: float, size: float, bold: bool) -> str:
    """``line`` cut short enough to end in an ellipsis within ``width``."""
    line = line.rstrip()
    while line and text_width(line + ELLIPSIS, size, bold) > width:
        line = line[:-1].rstrip()
    return line + ELLIPSIS


def _word_pieces(word: str, width: float, size: float, bold: bool) -> list[str]:
    """A word too wide for a line of its own: broken after its hyphens ("putus-" / "putus") where
    it has any, and a piece still too wide shortened with an ellipsis; never cut between letters."""
    pieces: list[str] = []
    current = ""
    for part in re.findall(r"[^-]+-*|-+", word):
        if current and text_width(current + part, size, bold) > width:
            pieces.append(current)
            current = ""
        current += part
    pieces.append(current)
    return [
        _ellipsize(piece, width, size, bold)
        if len(piece) > 1 and text_width(piece, size, bold) > width
        else piece
        for piece in pieces
    ]


def wrap_lines(
    text: str, width: float, size: float, *, bold: bool = False, max_lines: int | None = None
) -> list[str]:
    """``text`` broken into lines no wider than ``width`` points (measured, not counted).

    Lines break at spaces (Indonesian plurals such as "putus-putus" stay whole while they fit); a
    single word too wide for a line on its own breaks after a hyphen or ends in an ellipsis, and is
    never cut in the middle. Past ``max_lines`` the last kept line ends in an ellipsis.
    """
    lines: list[str] = []
    current = ""
    for word in str(text).split():
        candidate = f"{current} {word}" if current else word
        if text_width(candidate, size, bold) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = word
        if text_width(word, size, bold) > width:
            *whole, current = _word_pieces(word, width, size, bold)
            lines.extend(whole)
    if current:
        lines.append(current)
    if max_lines is not None and len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], _ellipsize(lines[max_lines - 1], width, size, bold)]
    return lines or [""]


def words_fit(text: str, width: float, size: float, bold: bool = False) -> bool:
    """Whether every word of ``text`` fits a line of ``width`` points whole."""
    return all(text_width(word, size, bold) <= width for word in str(text).split())


def _line_height(size: float) -> float:
    return size * LINE_SPACING


def _figure(extra_height: float = 0.0) -> Figure:
    """A figure of the standard size, ``extra_height`` points taller (for wrapped text)."""
    figure = Figure(figsize=(WIDTH_IN, HEIGHT_IN + extra_height / 72), layout="constrained")
    FigureCanvasSVG(figure)
    return figure


def _render(figure: Figure, title: str, kind: str, tooltips: dict[str, str] | None = None) -> str:
    buffer = io.StringIO()
    # The constrained layout keeps text inside the figure; the tight box is the safety net that
    # keeps anything still reaching past an edge in the picture (and trims empty margins).
    figure.savefig(
        buffer,
        format="svg",
        metadata={"Date": None, "Creator": None},
        bbox_inches="tight",
        pad_inches=0.06,
    )
    return finish_matplotlib_svg(
        buffer.getvalue(), title=title, class_name=f"chart-{kind}", tooltips=tooltips
    )


class _Text:
    """The wrapped title and axis labels of a chart, measured before the figure is made."""

    def __init__(self, title: str = "", x_label: str = "", y_label: str = "") -> None:
        self.title = wrap_lines(title, TITLE_WIDTH, TITLE_SIZE, bold=True, max_lines=TITLE_MAX_LINES)
        self.x_label = wrap_lines(x_label, X_LABEL_WIDTH, LABEL_SIZE, max_lines=LABEL_MAX_LINES)
        self.y_label = wrap_lines(y_label, Y_LABEL_WIDTH, LABEL_SIZE, max_lines=LABEL_MAX_LINES)
        self.has_title = bool(str(title).strip())

    def extra_height(self) -> float:
        """Points of height the extra lines take beyond a one-line title and x label."""
        return (len(self.title) - 1) * _line_height(TITLE_SIZE) + (len(self.x_label) - 1) * _line_height(
            LABEL_SIZE
        )

    def apply(self, figure: Figure, ax, *, x_label: bool = True, y_label: bool = True) -> None:
        if self.has_title:
            figure.suptitle(
                "\n".join(self.title), fontsize=TITLE_SIZE, fontweight="bold", parse_math=False
            ).set_gid("title")
        if x_label:
            ax.set_xlabel("\n".join(self.x_label), parse_math=False)
        if y_label:
            ax.set_ylabel("\n".join(self.y_label), parse_math=False)


def category_labels(
    labels: Sequence[str], plot_width: float = PARETO_PLOT_WIDTH
) -> tuple[list[str], int, float]:
    """The x labels of a bar chart with one bar per label: ``(texts, rotation, font size)``.

    While every label fits its bar's share of the width in a few lines, labels stand horizontal
    and wrapped; with many or long labels they turn 45 degrees, in one or two lines of limited
    length. A label too long for its room ends in an ellipsis (the bar carries the full text as
    a tooltip). The font shrinks only when the bars are too narrow for even one line.
    """
    slot = plot_width / max(len(labels), 1)
    room = slot - 6
    size = TICK_SIZE
    # A word wider than its bar would have to be shortened standing up: turn the labels instead.
    whole_words = all(words_fit(label, room, size) for label in labels)
    fits = whole_words and all(len(wrap_lines(label, room, size)) <= 3 for label in labels)
    if fits or (whole_words and slot >= CATEGORY_MIN_SLOT):
        texts = ["\n".join(wrap_lines(label, room, size, max_lines=CATEGORY_MAX_LINES)) for label in labels]
        return texts, 0, size
    # Rotated, neighbouring labels are slot * sin(45 degrees) apart, measured across the text.
    across = slot * math.sin(math.radians(CATEGORY_ROTATION)) - 2
    size = min(TICK_SIZE, max(5.0, across / LINE_SPACING))
    lines = 2 if across >= 2 * _line_height(size) else 1
    texts = ["\n".join(wrap_lines(label, CATEGORY_ROTATED_WIDTH, size, max_lines=lines)) for label in labels]
    return texts, CATEGORY_ROTATION, size


def _tick_block_height(texts: Sequence[str], rotation: int, size: float) -> float:
    """Points the x tick labels take below the axis (one horizontal line is the standard)."""
    line = _line_height(size)
    if rotation == 0:
        return max(text.count("\n") + 1 for text in texts) * line
    angle = math.radians(rotation)
    return max(
        max(text_width(part, size) for part in text.split("\n")) * math.sin(angle)
        + (text.count("\n") + 1) * line * math.cos(angle)
        for text in texts
    )


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

    Long category names are wrapped, or turned and shortened with an ellipsis when there are
    many (see :func:`category_labels`); each bar and its label carry the full name and count as
    an SVG ``<title>``, which a browser shows on hover.
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
    labels = [" ".join(str(categories[i][0]).split()) for i in order]
    values = [counts[i] for i in order]
    cumulative = list(np.cumsum(values) / total * 100)
    cumulative[-1] = 100.0  # exact, whatever the float rounding of the running sum

    text = _Text(title, "", y_label or gettext("Count"))
    tick_texts, rotation, tick_size = category_labels(labels)
    tick_height = _tick_block_height(tick_texts, rotation, tick_size)
    figure = _figure(text.extra_height() + max(0.0, tick_height - _line_height(TICK_SIZE)))
    ax = figure.add_subplot()
    ax.patch.set_gid("plot-area")
    positions = range(len(values))
    bars = ax.bar(positions, values, color=BLUE, width=0.7)
    value_texts = [fmt(value) for value in values]
    slot = PARETO_PLOT_WIDTH / len(values)
    value_size = min(
        TICK_SIZE, max(5.0, TICK_SIZE * (slot - 2) / max(text_width(t, TICK_SIZE) for t in value_texts))
    )
    tooltips = {}
    for index, bar in enumerate(bars):
        bar.set_gid(f"bar-{index}")
        tooltips[f"bar-{index}"] = tooltips[f"category-{index}"] = f"{labels[index]}: {value_texts[index]}"
        # The cumulative line starts on top of the first bar: its count goes inside the bar,
        # where the line's first marker cannot cover it, when the bar is tall enough.
        inside = index == 0 and values[0] / total >= 0.1
        ax.annotate(
            value_texts[index],
            (bar.get_x() + bar.get_width() / 2, values[index]),
            xytext=(0, -4 if inside else 2),
            textcoords="offset points",
            ha="center",
            va="top" if inside else "bottom",
            fontsize=value_size,
            color="white" if inside else "black",
            parse_math=False,
        ).set_gid(f"bar-label-{index}")
    ax.set_ylim(0, total)
    ax.set_xlim(-0.5, len(values) - 0.5)
    ax.yaxis.set_major_formatter(_axis_formatter(total))
    ax.yaxis.set_major_locator(MaxNLocator(nbins=6, integer=all(v == int(v) for v in values)))
    ax.set_xticks(list(positions), tick_texts, parse_math=False)
    ax.tick_params(axis="x", labelsize=tick_size, labelrotation=rotation)
    for index, tick in enumerate(ax.get_xticklabels()):
        tick.set_gid(f"category-{index}")
        if rotation:
            tick.set_horizontalalignment("right")
            tick.set_rotation_mode("anchor")
            tick.set_multialignment("right")
    text.apply(figure, ax, x_label=False)

    right = ax.twinx()
    right.set_ylim(0, 100)
    right.yaxis.set_major_formatter(FuncFormatter(lambda value, _pos: f"{fmt(value, 0)}%"))
    cumulative_text = gettext("Cumulative")  # outside the f-string, where makemessages finds it
    right.set_ylabel(f"{cumulative_text} (%)")
    # Not clipped: the last marker sits exactly on the plot's top edge (100 %).
    (line,) = right.plot(
        positions, cumulative, color=ORANGE, marker="o", markersize=4, linewidth=1.6, clip_on=False
    )
    line.set_gid("cumulative-line")
    if reference_percent is not None:
        reference = right.axhline(reference_percent, color=GREY, linestyle="--", linewidth=0.9)
        reference.set_gid(f"reference-{fmt(reference_percent, 0)}")
    right.spines["top"].set_visible(False)
    return _render(figure, title or gettext("Pareto chart"), "pareto", tooltips)


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
    text = _Text(title, x_label, y_label)
    figure = _figure(text.extra_height())
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
    text.apply(figure, ax)
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

    text = _Text(metric_label, "", unit_label)
    figure = _figure(text.extra_height())
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
    ax.yaxis.set_major_formatter(_axis_formatter(span))
    text.apply(figure, ax, x_label=False)
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
    text = _Text(title, label, gettext("Frequency"))
    figure = _figure(text.extra_height())
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
    text.apply(figure, ax)
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
    text = _Text(title, "", y_label)
    figure = _figure(text.extra_height())
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
    text.apply(figure, ax, x_label=False)
    return _render(figure, title or gettext("Control chart"), "control")
