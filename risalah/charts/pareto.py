"""The Pareto diagram, whose category names wrap, or turn and end in an ellipsis when there are many."""

import math
from collections.abc import Sequence

import numpy as np
from django.utils.translation import gettext
from matplotlib.ticker import FuncFormatter, MaxNLocator

from risalah.charts.plotting import (
    BLUE,
    GREY,
    LINE_SPACING,
    ORANGE,
    TICK_SIZE,
    ChartText,
    Number,
    as_floats,
    axis_formatter,
    fmt,
    line_height,
    new_figure,
    render_svg,
    text_width,
    words_fit,
    wrap_lines,
)

# The plot's width, in points, estimated as for the axis labels (see plotting).
PARETO_PLOT_WIDTH = 290.0
# Pareto category labels: horizontal and wrapped while a category has this much room, otherwise
# rotated, at most CATEGORY_ROTATED_WIDTH long per line.
CATEGORY_MAX_LINES = 4
CATEGORY_MIN_SLOT = 55.0
CATEGORY_ROTATION = 45
CATEGORY_ROTATED_WIDTH = 120.0


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
    lines = 2 if across >= 2 * line_height(size) else 1
    texts = ["\n".join(wrap_lines(label, CATEGORY_ROTATED_WIDTH, size, max_lines=lines)) for label in labels]
    return texts, CATEGORY_ROTATION, size


def _tick_block_height(texts: Sequence[str], rotation: int, size: float) -> float:
    """Points the x tick labels take below the axis (one horizontal line is the standard)."""
    line = line_height(size)
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
    counts = as_floats([count for _label, count in categories], "Counts")
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

    text = ChartText(title, "", y_label or gettext("Count"))
    tick_texts, rotation, tick_size = category_labels(labels)
    tick_height = _tick_block_height(tick_texts, rotation, tick_size)
    figure = new_figure(text.extra_height() + max(0.0, tick_height - line_height(TICK_SIZE)))
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
    ax.yaxis.set_major_formatter(axis_formatter(total))
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
    return render_svg(figure, title or gettext("Pareto chart"), "pareto", tooltips)
