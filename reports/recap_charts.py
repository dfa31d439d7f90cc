"""The charts of the yearly recap, drawn on the server as SVG like the dashboard's trend
(:mod:`reports.charts`): matplotlib's object-oriented API, finished by the risalah charts'
post-processing (no ``style`` attributes, text as text, deterministic output)."""

import io
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from reports.indicators import Figures
from risalah.charts.plotting import BLUE, GREEN, GREY, ORANGE, RED, fmt, wrap_lines
from risalah.charts.svgtools import attrs, element, esc, finish_matplotlib_svg, svg_open

LABEL_CHARACTERS = 34
ROWS_PER_CHART = 40  # a chart of more OPDs would not fit one A4 page
# The coverage chart's geometry, in SVG units (about points at the PDF's width).
WIDTH = 640.0
MARGIN = 8.0
TOP = 26.0  # below the title: the legend
LEGEND_ROW = 22.0
PLOT_LEFT = 190.0
PLOT_RIGHT = 560.0  # room for the share after the longest bar
ROW = 14.0
BAR = 9.0
AXIS = 30.0
INK = "#212529"
GRID = "#dee2e6"


@dataclass(frozen=True)
class CoverageBar:
    label: str
    verified: int
    in_process: int  # submitted, under review or returned
    not_filed: int
    rejected: int
    groups: int


def coverage_bar(label: str, figures: Figures) -> CoverageBar:
    in_process = figures.submitted + figures.in_review + figures.returned
    return CoverageBar(
        label=label,
        verified=figures.verified,
        in_process=in_process,
        not_filed=figures.not_filed,
        rejected=figures.rejected,
        groups=figures.groups,
    )


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARACTERS else label[: LABEL_CHARACTERS - 1].rstrip() + "…"


def _gids(container, name: str) -> None:
    """An id per bar (``<name>-<index>``): ids must be unique in the page and the PDF."""
    for index, patch in enumerate(container.patches):
        patch.set_gid(f"{name}-{index}")


def _finish(figure: Figure, title: str, class_name: str) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return finish_matplotlib_svg(buffer.getvalue(), title=title, class_name=class_name)


def _step(highest: int) -> int:
    """A round tick step giving at most six ticks up to ``highest``: 1, 2, 5, 10, 20, 50..."""
    step = 1
    while highest / step > 6:
        for factor in (2, 5 / 2, 2):
            step = int(step * factor)
            if highest / step <= 6:
                break
    return step


def coverage_chart(bars: Sequence[CoverageBar], title: str, *, id_prefix: str = "") -> str:
    """One horizontal bar per unit: its groups split into verified, in process, rejected and not
    submitted, labelled with the share verified; ``id_prefix`` keeps the ids of several such
    charts on one page apart. Drawn as our own SVG (like the risalah's
    schedule), not with matplotlib: for 80 units matplotlib's layout takes seconds, this takes
    milliseconds. Raises ValueError without any bar."""
    if not bars:
        raise ValueError("A coverage chart needs at least one unit.")
    parts_of = [
        ("verified", GREEN, _("Verified"), lambda bar: bar.verified),
        ("process", ORANGE, _("In process"), lambda bar: bar.in_process),
        ("rejected", GREY, _("Rejected"), lambda bar: bar.rejected),
        ("not-filed", RED, _("Not submitted"), lambda bar: bar.not_filed),
    ]
    ends = [sum(value(bar) for _n, _c, _l, value in parts_of) for bar in bars]
    step = _step(max(max(ends), 1))
    top_value = step * -(-max(max(ends), 1) // step)
    plot_top = TOP + LEGEND_ROW
    plot_bottom = plot_top + ROW * len(bars)
    height = plot_bottom + AXIS + MARGIN
    scale = (PLOT_RIGHT - PLOT_LEFT) / top_value
    out = [svg_open(WIDTH, height, title, class_name="chart-coverage")]
    out.append(element("rect", x=0.0, y=0.0, width=WIDTH, height=height, fill="#ffffff"))
    out.append(
        element(
            "text", title, x=WIDTH / 2, y=MARGIN + 12, font_size=12, font_weight="bold", text_anchor="middle"
        )
    )
    x = PLOT_LEFT
    for name, colour, label, _value in parts_of:
        out.append(
            element(
                "rect",
                x=x,
                y=TOP + 2,
                width=10.0,
                height=10.0,
                fill=colour,
                id=f"{id_prefix}coverage-key-{name}",
            )
        )
        out.append(element("text", label, x=x + 14, y=TOP + 11, font_size=9, fill=INK))
        x += 30 + 5.6 * len(label)
    for tick in range(0, top_value + 1, step):
        tick_x = PLOT_LEFT + tick * scale
        out.append(
            element("line", x1=tick_x, y1=plot_top, x2=tick_x, y2=plot_bottom, stroke=GRID, stroke_width=0.8)
        )
        out.append(
            element(
                "text", fmt(tick), x=tick_x, y=plot_bottom + 12, font_size=8.5, fill=INK, text_anchor="middle"
            )
        )
    out.append(
        element(
            "text",
            _("Groups"),
            x=(PLOT_LEFT + PLOT_RIGHT) / 2,
            y=plot_bottom + 25,
            font_size=9,
            fill=INK,
            text_anchor="middle",
        )
    )
    for index, (bar, end) in enumerate(zip(bars, ends, strict=True)):
        y = plot_top + index * ROW
        middle = y + ROW / 2
        out.append(
            f"<text {attrs(x=PLOT_LEFT - 5, y=middle + 3, font_size=8, fill=INK, text_anchor='end')}>"
            f"<title>{esc(bar.label)}</title>{esc(_short(bar.label))}</text>"
        )
        left = PLOT_LEFT
        for name, colour, _label, value in parts_of:
            width = value(bar) * scale
            if width:
                out.append(
                    element(
                        "rect",
                        x=left,
                        y=y + (ROW - BAR) / 2,
                        width=width,
                        height=BAR,
                        fill=colour,
                        id=f"{id_prefix}coverage-{name}-{index}",
                    )
                )
            left += width
        share = "–" if not bar.groups else f"{bar.verified * 100 // bar.groups} %"
        out.append(
            element(
                "text",
                f"{share} ({fmt(bar.verified)}/{fmt(bar.groups)})",
                x=PLOT_LEFT + end * scale + 4,
                y=middle + 3,
                font_size=7.5,
                fill=GREY,
            )
        )
    out.append(
        element("line", x1=PLOT_LEFT, y1=plot_top, x2=PLOT_LEFT, y2=plot_bottom, stroke=INK, stroke_width=0.8)
    )
    out.append("</svg>")
    return "".join(out)


def coverage_charts(bars: Sequence[CoverageBar], title: str) -> list[str]:
    """The coverage of many units as several charts of at most ROWS_PER_CHART units each."""
    chunks = [bars[start : start + ROWS_PER_CHART] for start in range(0, len(bars), ROWS_PER_CHART)]
    if len(chunks) == 1:
        return [coverage_chart(chunks[0], title)]
    return [
        coverage_chart(chunk, f"{title} ({number}/{len(chunks)})", id_prefix=f"part{number}-")
        for number, chunk in enumerate(chunks, start=1)
    ]


def state_bars(figures: Figures) -> list[tuple[str, int, str]]:
    """(label, groups, colour) of each risalah state, and of the groups that submitted none."""
    return [
        (_("Not submitted"), figures.not_filed, RED),
        (_("Submitted"), figures.submitted, BLUE),
        (_("Under review"), figures.in_review, BLUE),
        (_("Returned for revision"), figures.returned, ORANGE),
        (_("Verified"), figures.verified, GREEN),
        (_("Rejected"), figures.rejected, GREY),
    ]


def states_chart(figures: Figures, title: str) -> str:
    """The groups by the state of their risalah of the year."""
    bars = state_bars(figures)
    figure = Figure(figsize=(6.4, 3.0), layout="constrained")
    FigureCanvasSVG(figure)
    ax = figure.add_subplot()
    positions = list(range(len(bars)))
    values = [value for _label, value, _colour in bars]
    _gids(ax.bar(positions, values, color=[colour for _l, _v, colour in bars]), "states")
    for position, value in zip(positions, values, strict=True):
        ax.annotate(
            fmt(value), (position, value), textcoords="offset points", xytext=(0, 3), ha="center", fontsize=9
        )
    room = (6.4 * 72 - 70) / len(bars)  # points per bar, less the axis
    ax.set_xticks(positions, ["\n".join(wrap_lines(label, room, 8, max_lines=3)) for label, _v, _c in bars])
    ax.tick_params(axis="x", labelsize=8)
    ax.set_ylim(0, max(max(values, default=0), 1) * 1.2)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.yaxis.set_major_formatter(lambda value, _pos: fmt(value))
    ax.set_ylabel(_("Groups"))
    ax.grid(axis="y", color="#dee2e6", linewidth=0.8)
    ax.spines["right"].set_visible(False)
    ax.set_title(title, parse_math=False)
    return _finish(figure, title, "chart-states")
