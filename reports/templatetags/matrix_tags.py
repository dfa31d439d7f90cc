"""The cells of the dashboard's matrix, written in Python: the whole-Pemda matrix has two thousand
of them, and the template engine spent more time on them than the dashboard's queries."""

from collections.abc import Callable

from django import template
from django.conf import settings
from django.utils.formats import localize
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

register = template.Library()


def integer_format() -> Callable[[int], str]:
    """``localize`` (escaped) for the matrix's whole numbers, made once per table: without the thousand
    separator (Django's default, ours) a whole number localizes to its digits, and ``localize``
    looked the formats up again for each of two thousand cells."""
    if settings.USE_THOUSAND_SEPARATOR:
        return lambda value: escape(localize(value))
    return str  # digits: nothing to escape


@register.simple_tag
def matrix_cells(cells) -> SafeString:
    """The ``<td>`` of each cell (reports.views.Cell): the number, its link to the list behind it
    (bold red for an alert), a quiet "-" for nothing to show, and the coverage's class and
    percentage, one cell a line. (format_html per cell cost as much as the template.)"""
    none = (
        '<span class="text-body-secondary" aria-hidden="true">-</span>'
        f'<span class="visually-hidden">{escape(gettext("none"))}</span>'
    )
    number_text = integer_format()
    parts = []
    for cell in cells:
        coverage = cell.coverage
        classes = f" cov cov-{escape(coverage.level)}" if coverage else ""
        if cell.url:
            alert = ' class="fw-bold text-danger"' if cell.alert else ""
            percent = "%" if cell.percent else ""
            number = f'<a href="{escape(cell.url)}"{alert}>{number_text(cell.value)}{percent}</a>'
        else:
            number = none
        share = ""
        if coverage and coverage.percent is not None:
            share = f' <span class="cov-percent">({number_text(coverage.percent)}%)</span>'
        parts.append(f'<td class="text-end text-nowrap{classes}">{number}{share}</td>\n')
    return mark_safe("".join(parts))  # noqa: S308 (every value in it escaped)
