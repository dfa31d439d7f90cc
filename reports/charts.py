"""The dashboard's trend chart: a few indicators year on year, drawn on the server as SVG.

Drawn with matplotlib's object-oriented API (no pyplot, so concurrent requests are safe) and
finished by the risalah charts' post-processing (``finish_matplotlib_svg``): no ``style``
attributes (strict CSP), text as text, a viewBox, deterministic output. Importing
``risalah.charts`` also sets the matplotlib options those helpers rely on (SVG text as text, a
fixed hash salt).
"""

import io
from collections.abc import Sequence
from functools import lru_cache

from django.utils import translation
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from reports.dashboard import TrendPoint
from risalah.charts.plotting import BLUE, GREEN, ORANGE, RED, fmt
from risalah.charts.svgtools import finish_matplotlib_svg, safe_svg

# (Figures attribute, colour, marker). Labels come from TREND_LABELS at draw time (translated).
TREND_LINES = (
    ("groups", BLUE, "o"),
    ("complete", ORANGE, "s"),
    ("verified", GREEN, "^"),
    ("overdue", RED, "D"),
)


def trend_labels() -> dict[str, str]:
    return {
        "groups": _("Groups formed"),
        "complete": _("SK and roster complete"),
        "verified": _("Verified"),
        "overdue": _("Overdue"),
    }


def trend_chart(points: Sequence[TrendPoint], title: str) -> str:
    """A line per indicator over the programme years, each point labelled with its number.

    The drawing reads only the years, the figures of ``TREND_LINES``, the title and the active
    language; the last drawings are kept in memory under exactly those (matplotlib's layout
    took more time than the trend's query), so a chart is drawn again only when one of them
    changes, and the SVG is the same as drawn afresh (the output is deterministic).

    Raises ValueError without any year.
    """
    return _drawn(*_key(points, title))


def safe_trend_chart(points: Sequence[TrendPoint], title: str) -> SafeString:
    """:func:`trend_chart` checked by ``safe_svg`` for a template; the check, a function of the
    drawing alone, is kept with it."""
    return _checked(*_key(points, title))


def _key(points: Sequence[TrendPoint], title: str) -> tuple:
    """What a drawing depends on: the active language, the title, the years and their figures."""
    if not points:
        raise ValueError("A trend chart needs at least one programme year.")
    rows = tuple(
        (point.year.year, tuple(getattr(point.figures, name) for name, _colour, _marker in TREND_LINES))
        for point in points
    )
    return translation.get_language(), str(title), rows


@lru_cache(maxsize=64)
def _checked(language: str | None, title: str, rows: tuple[tuple[int, tuple[int, ...]], ...]) -> SafeString:
    return safe_svg(_drawn(language, title, rows))


@lru_cache(maxsize=64)
def _drawn(language: str | None, title: str, rows: tuple[tuple[int, tuple[int, ...]], ...]) -> str:
    with translation.override(language):
        return _draw(rows, title)


def _draw(rows: tuple[tuple[int, tuple[int, ...]], ...], title: str) -> str:
    labels = trend_labels()
    years = [year for year, _values in rows]
    figure = Figure(figsize=(6.4, 3.6), layout="constrained")
    FigureCanvasSVG(figure)
    ax = figure.add_subplot()
    highest = 0
    for index, (name, colour, marker) in enumerate(TREND_LINES):
        values = [line[index] for _year, line in rows]
        highest = max(highest, *values)
        ax.plot(
            years, values, color=colour, marker=marker, linewidth=2, label=labels[name], gid=f"trend-{name}"
        )
        for year, value in zip(years, values, strict=True):
            ax.annotate(
                fmt(value),
                (year, value),
                textcoords="offset points",
                xytext=(0, 6),
                ha="center",
                fontsize=9,
                color=colour,
            )
    ax.set_xticks(years, [str(year) for year in years])
    if len(years) == 1:
        ax.set_xlim(years[0] - 1, years[0] + 1)
    ax.set_ylim(0, max(highest, 1) * 1.2)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.yaxis.set_major_formatter(lambda value, _pos: fmt(value))
    ax.set_ylabel(_("Groups"))
    ax.grid(axis="y", color="#dee2e6", linewidth=0.8)
    ax.spines["right"].set_visible(False)
    ax.tick_params(labelsize=10)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncols=2, frameon=False, fontsize=10)
    ax.set_title(title, parse_math=False)
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return finish_matplotlib_svg(buffer.getvalue(), title=title, class_name="chart-trend")
