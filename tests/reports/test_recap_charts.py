"""The recap's charts: the coverage by unit (our own SVG) and the risalah states (matplotlib)."""

import re

import pytest

from reports.indicators import Figures
from reports.recap_charts import (
    ROWS_PER_CHART,
    CoverageBar,
    coverage_bar,
    coverage_chart,
    coverage_charts,
    states_chart,
)
from risalah.charts import safe_svg


def widths(svg: str, part: str) -> list[float]:
    pattern = rf'<rect [^>]*width="([\d.]+)"[^>]*id="[^"]*coverage-{part}-\d+"'
    return [float(width) for width in re.findall(pattern, svg)]


def test_a_units_bar_is_split_by_the_state_of_its_groups_risalah():
    figures = Figures(groups=10, verified=4, submitted=1, in_review=1, returned=1, rejected=1, not_filed=2)
    bar = coverage_bar("Dinas Satu", figures)
    assert bar == CoverageBar("Dinas Satu", verified=4, in_process=3, not_filed=2, rejected=1, groups=10)
    svg = coverage_chart([bar, CoverageBar("Dinas Dua", 0, 0, 5, 0, 5)], "Risalah of 2025 by unit")
    safe_svg(svg)  # no script, no style, well-formed
    # Ten groups at most: the axis goes to 10, 37 units of width per group.
    assert (
        widths(svg, "verified"),
        widths(svg, "process"),
        widths(svg, "rejected"),
        widths(svg, "not-filed"),
    ) == (
        [148.0],
        [111.0],
        [37.0],
        [74.0, 185.0],
    )
    assert "40 % (4/10)" in svg and "0 % (0/5)" in svg
    assert svg.count("<title>") == 3  # the chart's, and each label's full text


def test_a_long_unit_name_is_shortened_and_kept_whole_in_its_tooltip():
    name = "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia"
    svg = coverage_chart([CoverageBar(name, 1, 0, 0, 0, 1)], "Title")
    assert f"<title>{name}</title>Badan Kepegawaian dan Pengembanga…</text>" in svg


def test_many_units_make_several_charts_with_ids_of_their_own():
    bars = [CoverageBar(f"Unit {number}", 1, 1, 1, 0, 3) for number in range(ROWS_PER_CHART + 5)]
    charts = coverage_charts(bars, "Risalah of 2026 by unit")
    assert [re.search(r"<title>(.*?)</title>", chart).group(1) for chart in charts] == [
        "Risalah of 2026 by unit (1/2)",
        "Risalah of 2026 by unit (2/2)",
    ]
    ids = [found for chart in charts for found in re.findall(r'id="([^"]+)"', chart)]
    assert len(ids) == len(set(ids))
    assert [chart.count("<rect") for chart in charts] == [1 + 4 + 3 * ROWS_PER_CHART, 1 + 4 + 3 * 5]


def test_a_chart_needs_a_unit():
    with pytest.raises(ValueError, match="at least one unit"):
        coverage_chart([], "Title")


def test_the_states_chart_shows_every_state_and_the_groups_that_filed_nothing():
    svg = states_chart(
        Figures(not_filed=3, submitted=1, verified=7, returned=2), "Groups by the state of their risalah"
    )
    safe_svg(svg)
    for label in ("Not submitted", "Submitted", "Under review", "Verified", "Rejected"):
        assert label in svg
    assert re.findall(r'id="[^"]*states-(\d+)"', svg) == ["0", "1", "2", "3", "4", "5"]
