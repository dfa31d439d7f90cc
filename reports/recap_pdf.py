"""The yearly recap (Laporan Tahunan Budaya Kerja) as an A4 PDF, rendered by WeasyPrint the way
the printed risalah is (:mod:`risalah.pdf`: the same fetcher, which fetches nothing from outside,
and the same page counter).

For a programme year and a unit (a Pemda, or an OPD): a cover; the summary with the charts
(coverage by unit, the risalah states, the trend over the years) and a table of every unit; one
section per unit of the dashboard's rows (the unit's children, each with its subtree, and the
groups attached to the unit itself) with its figures and its verified risalah and their results;
the Gelar results of the year; the signature of the Kepala Bagian Organisasi.

Every figure is the dashboard's (:func:`reports.dashboard.build_dashboard`), so the recap and the
dashboard never disagree. The queries are a fixed number whatever the number of units and groups.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from core.models import Unit
from groups.models import ProgrammeYear
from reports.charts import trend_chart
from reports.dashboard import Figures, TrendPoint, build_dashboard, build_totals, scope_for_unit
from reports.documents import (
    Outcome,
    figure_lines,
    gelar_results,
    heading_for,
    outcome_of,
    outcome_text,
    pairs,
    results_by_event,
    verified_risalah,
)
from reports.recap_charts import coverage_bar, coverage_charts, states_chart
from risalah.charts import safe_svg
from risalah.models import Risalah
from risalah.pdf import RESOURCE_SCHEME, Resources, css_string, page_label_css, private_fetcher, weasyprint

TEMPLATE = "reports/pdf/recap.html"
TREND_YEARS = 5  # the recap's year and the four before it
# The progress shown once the figures are read and the charts drawn, before WeasyPrint lays out
# the pages: an estimate (not measured), so that a long recap does not sit at 0 %.
RECAP_HTML_SHARE = 40


@dataclass
class VerifiedLine:
    risalah: Risalah
    outcome: Outcome
    result: str


@dataclass
class Section:
    unit: Unit
    direct: bool  # the groups attached to the recap's unit itself
    figures: Figures
    lines: list[tuple[str, str]]
    verified: list[VerifiedLine] = field(default_factory=list)

    @property
    def title(self) -> str:
        if self.direct:
            return _("%(unit)s (its own groups)") % {"unit": self.unit.name}
        return self.unit.name


def _row_path(root: Unit, risalah: Risalah) -> str:
    """The dashboard row a risalah's group is counted in: the root's own groups, or a child's."""
    path = risalah.group.unit.path
    return root.path if len(path) == len(root.path) else path[: len(root.path) + Unit.steplen]


def recap_trend(year: ProgrammeYear, scope, *, today: date | None = None) -> list[TrendPoint]:
    """The filing figures of the recap's year and of up to four years before it, oldest first:
    the dashboard's totals of each year. Three queries a year (at most fifteen).

    Not :func:`reports.dashboard.build_trend`, which counts every year in one query of correlated
    subqueries: on the scale data set (3,000 groups, ten years) it takes several times longer
    than these few years' totals."""
    years = ProgrammeYear.objects.filter(year__lte=year.year, year__gt=year.year - TREND_YEARS).order_by(
        "year"
    )
    return [
        TrendPoint(year=item, figures=build_totals(item, scope, today=today, filing_only=True))
        for item in years
    ]


def recap_context(
    year: ProgrammeYear, unit: Unit, *, today: date | None = None, now: datetime | None = None
) -> dict:
    """Everything the template shows. Seventeen queries and three per year of the trend (at most
    five years) whatever the number of units and groups: the dashboard (eleven), the trend's
    years (one), the verified risalah and their result steps (two), the Gelar results (one), the
    Pemda and its signatory (two)."""
    scope = scope_for_unit(unit)
    dashboard = build_dashboard(year, scope, today=today)
    points = recap_trend(year, scope, today=today)
    sections: dict[str, Section] = {}
    for row in dashboard.rows:
        key = unit.path if row.direct else row.unit.path
        sections[key] = Section(
            unit=row.unit, direct=row.direct, figures=row.figures, lines=figure_lines(row.figures)
        )
    verified = list(verified_risalah(year, unit))
    for risalah in verified:
        section = sections.get(_row_path(unit, risalah))
        if section is not None:  # a group of an inactive unit without figures has no row
            outcome = outcome_of(risalah)
            section.verified.append(
                VerifiedLine(risalah=risalah, outcome=outcome, result=outcome_text(outcome))
            )
    totals = dashboard.totals
    bars = [
        coverage_bar(section.title if section.direct else str(section.unit), section.figures)
        for section in sections.values()
    ]
    charts = {
        "coverage": [
            safe_svg(svg)
            for svg in coverage_charts(bars, _("Risalah of %(year)s by unit") % {"year": year.year})
        ]
        if bars
        else [],
        "states": safe_svg(states_chart(totals, _("Groups by the state of their risalah"))),
        "trend": safe_svg(trend_chart(points, _("KBK groups year on year"))) if points else None,
    }
    heading = heading_for(unit, now=now)
    title = _("Yearly work culture report %(year)s: %(unit)s") % {"year": year.year, "unit": unit.name}
    return {
        "title": title,
        "title_css": css_string(title),
        "year": year,
        "unit": unit,
        "heading": heading,
        "pemda": heading.pemda,
        "is_pemda_recap": heading.pemda.pk == unit.pk,
        "dashboard": dashboard,
        "totals": totals,
        "total_lines": pairs(figure_lines(totals)),
        "sections": list(sections.values()),
        "verified_count": len(verified),
        "charts": charts,
        "events": results_by_event(gelar_results(year, unit)),
        "page_label": page_label_css(),
    }


def render_recap_html(year: ProgrammeYear, unit: Unit, **options) -> str:
    """The recap as HTML, in the portal's language whatever the reader's menu."""
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string(TEMPLATE, recap_context(year, unit, **options))


def build_recap_pdf(
    year: ProgrammeYear, unit: Unit, *, progress: Callable[[int], None] | None = None
) -> bytes:
    """The recap of ``unit``'s subtree for ``year`` as PDF bytes. ``progress`` is told the share
    done once the figures are read and drawn (the layout by WeasyPrint takes the rest)."""
    html_class = weasyprint().HTML  # first: the import must not spoil the charts drawn below
    html = render_recap_html(year, unit)
    if progress is not None:
        progress(RECAP_HTML_SHARE)
    document = html_class(
        string=html, url_fetcher=private_fetcher(Resources()), base_url=f"{RESOURCE_SCHEME}/"
    )
    return document.write_pdf()
