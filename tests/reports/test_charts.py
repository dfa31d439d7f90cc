"""The trend chart: CSP-safe inline SVG, text as text, deterministic."""

import importlib

import pytest

from groups.models import ProgrammeYear
from reports.charts import trend_chart
from reports.dashboard import Figures, TrendPoint
from risalah.charts import check_svg


def _points(*values):
    return [
        TrendPoint(year=ProgrammeYear(year=2024 + index), figures=Figures(groups=groups, complete=complete))
        for index, (groups, complete) in enumerate(values)
    ]


def test_the_trend_chart_is_a_safe_deterministic_svg_with_text_as_text():
    svg = trend_chart(_points((10, 4), (12, 9)), "Tren")

    check_svg(svg)
    assert svg.startswith("<svg ")
    assert 'class="chart-trend"' in svg
    assert "<title>Tren</title>" in svg
    assert ">2024</text>" in svg and ">2025</text>" in svg
    assert ">12</text>" in svg and ">9</text>" in svg  # every point carries its number
    assert trend_chart(_points((10, 4), (12, 9)), "Tren") == svg


def test_a_single_year_still_draws_and_no_year_is_refused():
    check_svg(trend_chart(_points((3, 1)), "Tren"))
    with pytest.raises(ValueError, match="at least one programme year"):
        trend_chart([], "Tren")


def test_the_chart_survives_weasyprint_resetting_the_svg_namespace_prefix():
    """WeasyPrint registers the "" prefix for itself on import (the first PDF of a process)."""
    metadata = importlib.import_module("weasyprint.pdf.metadata")
    importlib.reload(metadata)

    check_svg(trend_chart(_points((2, 1)), "Tren"))
