"""The plan-vs-actual schedule of the risalah's front matter (a Gantt chart), as our own SVG.

One row pair per step: the planned weeks as an outlined bar above, the weeks actually worked as a
filled bar below. Consecutive weeks form one bar ("run"), so a step planned for weeks 2-4 and 7
gets two plan bars. Weeks are numbered from 1.
"""

import textwrap
from collections.abc import Iterable, Sequence

from django.utils.translation import gettext

from risalah.charts.svgtools import attrs, element, num, svg_open

WIDTH = 900.0
MARGIN = 12.0
LABEL_WIDTH = 260.0
LABEL_FONT = 13.5
LABEL_LINE = 16.5
BAR_HEIGHT = 12.0
LEGEND_HEIGHT = 34.0
CHAR_WIDTH = 0.55  # generous DejaVu Sans average, as in the fishbone
INK = "#212529"
PLAN = "#2f6db5"
ACTUAL = "#2e8540"
GRID = "#ced4da"
SHADE = "#f3f5f7"
PLAN_PAINT = {"fill": "#ffffff", "stroke": PLAN, "stroke_width": 1.8}
ACTUAL_PAINT = {"fill": ACTUAL}

Step = tuple[str, Iterable[int], Iterable[int]]


def week_runs(weeks: Iterable[int]) -> list[tuple[int, int]]:
    """Group week numbers into runs of consecutive weeks: {1, 2, 3, 6} -> [(1, 3), (6, 6)]."""
    runs: list[tuple[int, int]] = []
    for week in sorted(set(weeks)):
        if runs and week == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], week)
        else:
            runs.append((week, week))
    return runs


def _check_weeks(label: str, weeks: Iterable[int], total: int) -> set[int]:
    result = set(weeks)
    for week in result:
        if not isinstance(week, int) or isinstance(week, bool) or not 1 <= week <= total:
            raise ValueError(f"Step {label!r}: week {week!r} is outside weeks 1 to {total}.")
    return result


def schedule(
    steps: Sequence[Step],
    weeks: int,
    week_labels: Sequence[str] | None = None,
    title: str = "",
) -> str:
    """Draw the plan-vs-actual chart for ``steps`` = [(label, planned weeks, actual weeks), ...]."""
    if weeks < 1:
        raise ValueError("The schedule needs at least one week.")
    labels = (
        [str(label) for label in week_labels]
        if week_labels is not None
        else [str(w) for w in range(1, weeks + 1)]
    )
    if len(labels) != weeks:
        raise ValueError("There must be one week label per week.")
    rows = [
        (str(label), _check_weeks(str(label), planned, weeks), _check_weeks(str(label), actual, weeks))
        for label, planned, actual in steps
    ]

    grid_left = MARGIN + LABEL_WIDTH
    grid_right = WIDTH - MARGIN
    week_width = (grid_right - grid_left) / weeks
    longest = max(len(label) for label in labels)
    week_font = min(12.5, (week_width - 3) / (CHAR_WIDTH * max(longest, 1)))
    rotated = week_font < 7.5
    if rotated:
        week_font = min(10.0, week_width * 0.8)
        header_height = longest * week_font * CHAR_WIDTH + 14
    else:
        header_height = 28.0

    def week_x(week: int) -> float:
        return grid_left + (week - 1) * week_width

    label_chars = int((LABEL_WIDTH - 14) / (LABEL_FONT * CHAR_WIDTH))
    wrapped = [
        textwrap.wrap(" ".join(label.split()), width=label_chars, break_on_hyphens=False) or [""]
        for label, _p, _a in rows
    ]
    row_heights = [max(2 * BAR_HEIGHT + 14, len(lines) * LABEL_LINE + 10) for lines in wrapped]
    body_top = MARGIN + header_height
    body_bottom = body_top + sum(row_heights)
    height = body_bottom + LEGEND_HEIGHT + MARGIN

    chart_title = title or gettext("Plan and actual schedule")
    parts = [svg_open(WIDTH, height, chart_title, class_name="chart-schedule")]
    parts.append(element("rect", x=0.0, y=0.0, width=WIDTH, height=height, fill="#ffffff"))
    header_text_y = MARGIN + header_height - 8
    # Outside the f-string, where makemessages finds them.
    step_text, week_text = gettext("Step"), gettext("Week")
    header = f"{step_text} / {week_text}"
    parts.append(
        element(
            "text", header, x=MARGIN + 4, y=header_text_y, font_size=LABEL_FONT, font_weight="bold", fill=INK
        )
    )
    for week, label in enumerate(labels, start=1):
        x = week_x(week)
        parts.append(
            element(
                "rect",
                class_="schedule-week",
                data_week=week,
                x=x,
                y=MARGIN,
                width=week_width,
                height=header_height,
                fill=SHADE if week % 2 else "#ffffff",
            )
        )
        centre = x + week_width / 2
        if rotated:
            anchor_x, anchor_y = centre + week_font / 3, header_text_y + 2
            parts.append(
                element(
                    "text",
                    label,
                    x=anchor_x,
                    y=anchor_y,
                    transform=f"rotate(-90 {num(anchor_x)} {num(anchor_y)})",
                    font_size=week_font,
                    fill=INK,
                )
            )
        else:
            parts.append(
                element(
                    "text",
                    label,
                    x=centre,
                    y=header_text_y,
                    font_size=week_font,
                    text_anchor="middle",
                    fill=INK,
                )
            )

    bars: list[str] = []  # drawn after the grid, so grid lines never cross a bar
    y = body_top
    for index, ((_label, planned, actual), lines, row_height) in enumerate(
        zip(rows, wrapped, row_heights, strict=True)
    ):
        if index % 2 == 0:
            parts.append(
                element("rect", x=MARGIN, y=y, width=WIDTH - 2 * MARGIN, height=row_height, fill=SHADE)
            )
        first_baseline = y + row_height / 2 - (len(lines) - 1) * LABEL_LINE / 2 + LABEL_FONT * 0.35
        spans = "".join(
            element("tspan", line, x=MARGIN + 4, y=first_baseline + i * LABEL_LINE)
            for i, line in enumerate(lines)
        )
        parts.append(f"<text {attrs(class_='schedule-step', font_size=LABEL_FONT, fill=INK)}>{spans}</text>")
        middle = y + row_height / 2
        for kind, weeks_set, bar_y in (
            ("plan", planned, middle - BAR_HEIGHT - 1.5),
            ("actual", actual, middle + 1.5),
        ):
            paint = PLAN_PAINT if kind == "plan" else ACTUAL_PAINT
            for start, end in week_runs(weeks_set):
                bars.append(
                    element(
                        "rect",
                        class_=f"schedule-{kind}",
                        data_step=index,
                        data_weeks=f"{start}-{end}",
                        x=week_x(start),
                        y=bar_y,
                        width=(end - start + 1) * week_width,
                        height=BAR_HEIGHT,
                        **paint,
                    )
                )
        y += row_height

    for week in range(1, weeks + 2):
        x = week_x(week)
        parts.append(element("line", x1=x, y1=MARGIN, x2=x, y2=body_bottom, stroke=GRID, stroke_width=0.8))
    for rule_y in (body_top, body_bottom):
        parts.append(
            element("line", x1=MARGIN, y1=rule_y, x2=grid_right, y2=rule_y, stroke=INK, stroke_width=1.0)
        )
    parts.extend(bars)

    legend_y = body_bottom + 12
    plan_text, actual_text = gettext("Plan"), gettext("Actual")
    actual_x = MARGIN + 60 + len(plan_text) * LABEL_FONT * CHAR_WIDTH
    for kind, x, text, paint in (
        ("plan", MARGIN + 4, plan_text, PLAN_PAINT),
        ("actual", actual_x, actual_text, ACTUAL_PAINT),
    ):
        parts.append(
            element(
                "rect",
                class_=f"schedule-legend-{kind}",
                x=x,
                y=legend_y,
                width=28.0,
                height=BAR_HEIGHT,
                **paint,
            )
        )
        parts.append(element("text", text, x=x + 36, y=legend_y + 10, font_size=LABEL_FONT, fill=INK))
    parts.append("</svg>")
    return "".join(parts)
