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
from risalah.charts.svgtools import finish_matplotlib_svg

LABEL_CHARACTERS = 34
ROWS_PER_CHART = 40  # a chart of more OPDs would not fit one A4 page


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


def coverage_chart(bars: Sequence[CoverageBar], title: str) -> str:
    """One horizontal bar per unit: its groups split into verified, in process, rejected and not submitted,
    labelled with the share verified. Raises ValueError without any bar."""
    if not bars:
        raise ValueError("A coverage chart needs at least one unit.")
    height = 1.1 + 0.28 * len(bars)
    figure = Figure(figsize=(6.6, height), layout="constrained")
    FigureCanvasSVG(figure)
    ax = figure.add_subplot()
    positions = list(range(len(bars)))
    verified = [bar.verified for bar in bars]
    in_process = [bar.in_process for bar in bars]
    not_filed = [bar.not_filed for bar in bars]
    rejected = [bar.rejected for bar in bars]
    left = [0] * len(bars)
    for name, values, colour, label in (
        ("verified", verified, GREEN, _("Verified")),
        ("process", in_process, ORANGE, _("In process")),
        ("rejected", rejected, GREY, _("Rejected")),
        ("not-filed", not_filed, RED, _("Not submitted")),
    ):
        _gids(ax.barh(positions, values, left=left, color=colour, label=label), f"coverage-{name}")
        left = [a + b for a, b in zip(left, values, strict=True)]
    widest = max(left, default=0)
    for position, bar, end in zip(positions, bars, left, strict=True):
        share = "–" if not bar.groups else f"{bar.verified * 100 // bar.groups} %"
        ax.annotate(
            f"{share} ({fmt(bar.verified)}/{fmt(bar.groups)})",
            (end, position),
            textcoords="offset points",
            xytext=(4, 0),
            va="center",
            fontsize=7.5,
            color=GREY,
        )
    ax.set_yticks(positions, [_short(bar.label) for bar in bars])
    ax.invert_yaxis()
    ax.set_xlim(0, max(widest, 1) * 1.3)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.xaxis.set_major_formatter(lambda value, _pos: fmt(value))
    ax.set_xlabel(_("Groups"))
    ax.tick_params(axis="y", labelsize=7.5)
    ax.tick_params(axis="x", labelsize=8)
    ax.grid(axis="x", color="#dee2e6", linewidth=0.8)
    ax.spines["right"].set_visible(False)
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=4, frameon=False, fontsize=8)
    ax.set_title(title, parse_math=False, pad=22)
    return _finish(figure, title, "chart-coverage")


def coverage_charts(bars: Sequence[CoverageBar], title: str) -> list[str]:
    """The coverage of many units as several charts of at most ROWS_PER_CHART units each."""
    chunks = [bars[start : start + ROWS_PER_CHART] for start in range(0, len(bars), ROWS_PER_CHART)]
    if len(chunks) == 1:
        return [coverage_chart(chunks[0], title)]
    return [
        coverage_chart(chunk, f"{title} ({number}/{len(chunks)})")
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
