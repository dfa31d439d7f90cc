"""The matrix's cells, written in Python: the same numbers as Django's ``localize``, with and
without the thousand separator, in both languages."""

import pytest
from django.test import override_settings
from django.utils import translation
from django.utils.formats import localize

from reports.indicators import Coverage
from reports.templatetags.matrix_tags import integer_format, matrix_cells
from reports.views import Cell


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("separator", [False, True])
def test_whole_numbers_read_as_localize_writes_them(language, separator):
    with translation.override(language), override_settings(USE_THOUSAND_SEPARATOR=separator):
        number_text = integer_format()
        for value in (0, 7, 999, 1000, 12345, 1234567):
            assert number_text(value) == localize(value)


@override_settings(USE_THOUSAND_SEPARATOR=True)
def test_with_the_separator_the_cells_group_the_thousands_by_language():
    cells = [Cell(value=12345, url="/list?year=2026&indicator=groups", coverage=Coverage(1234, 2000))]
    with translation.override("id"):
        html = matrix_cells(cells)
    assert '<a href="/list?year=2026&amp;indicator=groups">12.345</a>' in html
    assert '<span class="cov-percent">(61%)</span>' in html
    with translation.override("en"):
        assert ">12,345</a>" in matrix_cells(cells)


def test_a_cell_reads_its_number_its_alert_and_its_coverage():
    cells = [
        Cell(value=1500, url="/a?x=1&y=2", coverage=Coverage(3, 4), alert=True),
        Cell(value=0, url=None, coverage=Coverage(0, 0)),
        Cell(value=40, url="/b", percent=True),
    ]
    with translation.override("en"):
        html = matrix_cells(cells)
    first, second, third = html.strip().split("\n")
    assert first == (
        '<td class="text-end text-nowrap cov cov-fair"><a href="/a?x=1&amp;y=2" class="fw-bold text-danger">'
        '1500</a> <span class="cov-percent">(75%)</span></td>'
    )
    assert second.startswith(
        '<td class="text-end text-nowrap cov cov-none"><span class="text-body-secondary"'
    )
    assert "cov-percent" not in second
    assert third == '<td class="text-end text-nowrap"><a href="/b">40%</a></td>'
