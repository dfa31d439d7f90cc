"""The cause-and-effect (Ishikawa, "tulang ikan") diagram of step 2, drawn as our own SVG.

Layout: the problem in a box at the head on the right, a horizontal spine ending in an arrow, one
bone per category, alternating above and below the spine from left to right, and every cause as a
horizontal rib on its bone with the text to the rib's left. Text is wrapped to the room a column
has; the height grows with the longest stack of causes, the width stays fixed (the SVG scales).
"""

import math
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext

from risalah.charts.svgtools import attrs, element, esc, num, svg_open

WIDTH = 900.0
MARGIN = 14.0
HEAD_WIDTH = 180.0
CAUSE_FONT = 14.0
CAUSE_LINE = 17.0
CATEGORY_FONT = 15.0
CATEGORY_LINE = 18.0
PROBLEM_FONT = 16.0
PROBLEM_LINE = 20.0
# A generous average glyph width for DejaVu Sans; wrapping on it keeps text inside its column in
# the narrower fonts a browser may substitute.
CHAR_WIDTH = 0.55
RIB_GAP = 7.0
ZONE_PAD = 12.0
INK = "#212529"
BONE = "#2f6db5"
HEAD_FILL = "#fdecea"
HEAD_STROKE = "#c0392b"
CATEGORY_FILL = "#e7f0fa"


@dataclass
class _Bone:
    name_lines: list[str]
    causes: list[list[str]]
    column: int
    above: bool

    def causes_height(self) -> float:
        return sum(len(lines) * CAUSE_LINE + RIB_GAP for lines in self.causes)


# Hyphens do not break: Indonesian plurals ("putus-putus", "berkas-berkas") stay whole.
def _wrap(text: str, chars: int) -> list[str]:
    return textwrap.wrap(" ".join(str(text).split()), width=max(chars, 8), break_on_hyphens=False) or [""]


def _chars(width: float, font: float) -> int:
    return int(width / (font * CHAR_WIDTH))


def _text_width(lines: Sequence[str], font: float) -> float:
    return max((len(line) for line in lines), default=0) * font * CHAR_WIDTH


def _text(
    lines: Sequence[str], x: float | Sequence[float], first_baseline: float, line_height: float, **attributes
) -> str:
    """One <text> with a <tspan> per wrapped line (the text stays one piece for copy and search).

    ``x`` is one position for all lines or one per line.
    """
    xs = [x] * len(lines) if isinstance(x, float | int) else list(x)
    spans = "".join(
        f"<tspan {attrs(x=float(xs[i]), y=first_baseline + i * line_height)}>{esc(line)}</tspan>"
        for i, line in enumerate(lines)
    )
    return f"<text {attrs(**attributes)}>{spans}</text>"


def fishbone(problem: str, categories: Mapping[str, Sequence[str]], title: str = "") -> str:
    """Draw the fishbone for ``problem`` with ``{category: [cause, ...]}`` (dict order is kept)."""
    names = list(categories)
    columns = max(1, math.ceil(len(names) / 2))
    spine_start = MARGIN
    spine_end = WIDTH - MARGIN - HEAD_WIDTH - 4
    column_width = (spine_end - 24 - spine_start) / columns
    slant = min(55.0, column_width * 0.22)
    cause_chars = _chars(column_width - slant - 20, CAUSE_FONT)
    category_chars = _chars(column_width - 30, CATEGORY_FONT)

    bones = [
        _Bone(
            name_lines=_wrap(name, category_chars),
            causes=[_wrap(cause, cause_chars) for cause in categories[name] if str(cause).strip()],
            column=index // 2,
            above=index % 2 == 0,
        )
        for index, name in enumerate(names)
    ]
    top = [b for b in bones if b.above]
    bottom = [b for b in bones if not b.above]

    def label_height(side: list[_Bone]) -> float:
        return max((len(b.name_lines) * CATEGORY_LINE + 10 for b in side), default=0.0)

    def zone_height(side: list[_Bone]) -> float:
        return max([b.causes_height() for b in side] + [40.0]) + 2 * ZONE_PAD

    problem_lines = _wrap(problem, _chars(HEAD_WIDTH - 20, PROBLEM_FONT))
    head_height = len(problem_lines) * PROBLEM_LINE + 20
    top_label, bottom_label = label_height(top), label_height(bottom)
    top_zone, bottom_zone = zone_height(top), zone_height(bottom)
    spine_y = max(MARGIN + top_label + top_zone, MARGIN + head_height / 2)
    height = max(spine_y + bottom_zone + bottom_label + MARGIN, spine_y + head_height / 2 + MARGIN)
    top_end = spine_y - top_zone  # where upper bones meet their category box
    bottom_end = spine_y + bottom_zone

    diagram_title = title or problem or gettext("Cause-and-effect diagram")
    parts = [svg_open(WIDTH, height, diagram_title, class_name="chart-fishbone")]
    parts.append(element("rect", x=0.0, y=0.0, width=WIDTH, height=height, fill="#ffffff"))
    for bone in bones:
        junction = spine_start + column_width * (bone.column + 1)
        end_y = top_end if bone.above else bottom_end
        parts.extend(_draw_bone(bone, junction, spine_y, end_y, slant, column_width, top_end))

    parts.append(
        element(
            "line",
            class_="fishbone-spine",
            x1=spine_start,
            y1=spine_y,
            x2=spine_end - 10,
            y2=spine_y,
            stroke=INK,
            stroke_width=3.5,
        )
    )
    tip = [(spine_end - 16, spine_y - 9), (spine_end, spine_y), (spine_end - 16, spine_y + 9)]
    parts.append(element("polygon", points=" ".join(f"{num(x)},{num(y)}" for x, y in tip), fill=INK))
    head_x = WIDTH - MARGIN - HEAD_WIDTH
    head_y = spine_y - head_height / 2
    parts.append(
        element(
            "rect",
            x=head_x,
            y=head_y,
            width=HEAD_WIDTH,
            height=head_height,
            rx=6.0,
            fill=HEAD_FILL,
            stroke=HEAD_STROKE,
            stroke_width=2.0,
        )
    )
    parts.append(
        _text(
            problem_lines,
            head_x + HEAD_WIDTH / 2,
            head_y + 10 + PROBLEM_FONT,
            PROBLEM_LINE,
            class_="fishbone-problem",
            font_size=PROBLEM_FONT,
            font_weight="bold",
            text_anchor="middle",
            fill=INK,
        )
    )
    parts.append("</svg>")
    return "".join(parts)


def _draw_bone(
    bone: _Bone,
    junction: float,
    spine_y: float,
    end_y: float,
    slant: float,
    column_width: float,
    top_end: float,
) -> list[str]:
    """One category: the slanted bone, the name in a box at its far end, and its ribs."""

    def bone_x_at(y: float) -> float:
        return junction - slant * (spine_y - y) / (spine_y - end_y)

    end_x = junction - slant
    parts = [f"<g {attrs(class_='fishbone-category')}>"]
    parts.append(element("line", x1=junction, y1=spine_y, x2=end_x, y2=end_y, stroke=BONE, stroke_width=2.5))
    box_height = len(bone.name_lines) * CATEGORY_LINE + 10
    box_width = min(column_width - 8, _text_width(bone.name_lines, CATEGORY_FONT) + 20)
    box_y = end_y - box_height if bone.above else end_y
    parts.append(
        element(
            "rect",
            x=end_x - box_width / 2,
            y=box_y,
            width=box_width,
            height=box_height,
            rx=4.0,
            fill=CATEGORY_FILL,
            stroke=BONE,
            stroke_width=1.2,
        )
    )
    parts.append(
        _text(
            bone.name_lines,
            end_x,
            box_y + 5 + CATEGORY_FONT,
            CATEGORY_LINE,
            class_="fishbone-category-name",
            font_size=CATEGORY_FONT,
            font_weight="bold",
            text_anchor="middle",
            fill=INK,
        )
    )
    # Ribs fill the zone from the category box towards the spine (above) or away from it (below).
    cursor = top_end + ZONE_PAD if bone.above else spine_y + ZONE_PAD
    for lines in bone.causes:
        block = len(lines) * CAUSE_LINE + RIB_GAP
        rib_y = cursor + block - RIB_GAP / 2
        bone_x = bone_x_at(rib_y)
        first_baseline = rib_y - 4 - (len(lines) - 1) * CAUSE_LINE
        # Each line ends just left of the bone at its own height, so text never crosses the
        # slanted bone: upper bones lean left going up, lower ones going down.
        line_ends = [
            min(bone_x_at(baseline - CAUSE_FONT), bone_x_at(baseline)) - 6
            for baseline in (first_baseline + i * CAUSE_LINE for i in range(len(lines)))
        ]
        rib_length = min(column_width - slant - 12, _text_width(lines, CAUSE_FONT) + 10)
        parts.append(f"<g {attrs(class_='fishbone-cause')}>")
        parts.append(
            element(
                "line", x1=bone_x - rib_length, y1=rib_y, x2=bone_x, y2=rib_y, stroke=BONE, stroke_width=1.0
            )
        )
        parts.append(
            _text(
                lines,
                line_ends,
                first_baseline,
                CAUSE_LINE,
                class_="fishbone-cause-text",
                font_size=CAUSE_FONT,
                text_anchor="end",
                fill=INK,
            )
        )
        parts.append("</g>")
        cursor += block
    parts.append("</g>")
    return parts
