"""What the statistical charts share: matplotlib's settings, sizes and colours, text measured and
wrapped to its room, and the figure drawn to SVG.

Every chart takes plain data (numbers may be int, float or Decimal) and returns an SVG string
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
from collections.abc import Sequence
from decimal import Decimal

import matplotlib
from django.utils.formats import number_format
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.textpath import TextToPath
from matplotlib.ticker import FuncFormatter

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
TITLE_MAX_LINES = 4
LABEL_MAX_LINES = 3
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


def axis_formatter(axis_range: float) -> FuncFormatter:
    decimals = 0 if axis_range >= 5 else (1 if axis_range >= 0.5 else 2)
    return FuncFormatter(lambda value, _pos: fmt(value, decimals))


def as_floats(values: Sequence[Number], what: str) -> list[float]:
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


def line_height(size: float) -> float:
    return size * LINE_SPACING


def new_figure(extra_height: float = 0.0) -> Figure:
    """A figure of the standard size, ``extra_height`` points taller (for wrapped text)."""
    figure = Figure(figsize=(WIDTH_IN, HEIGHT_IN + extra_height / 72), layout="constrained")
    FigureCanvasSVG(figure)
    return figure


def render_svg(figure: Figure, title: str, kind: str, tooltips: dict[str, str] | None = None) -> str:
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


class ChartText:
    """The wrapped title and axis labels of a chart, measured before the figure is made."""

    def __init__(self, title: str = "", x_label: str = "", y_label: str = "") -> None:
        self.title = wrap_lines(title, TITLE_WIDTH, TITLE_SIZE, bold=True, max_lines=TITLE_MAX_LINES)
        self.x_label = wrap_lines(x_label, X_LABEL_WIDTH, LABEL_SIZE, max_lines=LABEL_MAX_LINES)
        self.y_label = wrap_lines(y_label, Y_LABEL_WIDTH, LABEL_SIZE, max_lines=LABEL_MAX_LINES)
        self.has_title = bool(str(title).strip())

    def extra_height(self) -> float:
        """Points of height the extra lines take beyond a one-line title and x label."""
        return (len(self.title) - 1) * line_height(TITLE_SIZE) + (len(self.x_label) - 1) * line_height(
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
