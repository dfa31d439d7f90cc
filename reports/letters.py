"""The evaluation letter the Bagian Organisasi sends to the head of each OPD: that unit's figures
of the year, its groups and where each stands, its verified risalah and Gelar results, and the
bureau's notes (:class:`reports.models.OpdLetterNote`, typed on the letter's page before
printing). An A4 PDF rendered like the recap (:mod:`reports.recap_pdf`).

The letter covers the unit's whole subtree (an OPD with its Puskesmas, UPT or schools).
"""

from __future__ import annotations

from datetime import date, datetime

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from core.models import Unit
from groups.models import Completeness, ProgrammeYear
from reports.dashboard import (
    BY_SLUG,
    Within,
    attach_year,
    build_totals,
    indicator_groups,
    scope_for_unit,
)
from reports.documents import (
    figure_lines,
    gelar_results,
    heading_for,
    outcome_of,
    outcome_text,
    pairs,
    results_by_event,
    verified_risalah,
)
from reports.models import OpdLetterNote
from risalah.pdf import RESOURCE_SCHEME, Resources, css_string, page_label_css, private_fetcher, weasyprint

TEMPLATE = "reports/pdf/letter.html"


def letter_note(year: ProgrammeYear, unit: Unit) -> OpdLetterNote | None:
    """The bureau's notes for the unit's letter of the year, if any were typed. One query."""
    return OpdLetterNote.objects.filter(programme_year=year, unit=unit).first()


def letter_groups(year: ProgrammeYear, unit: Unit, *, today: date | None = None) -> list:
    """The year's groups of the subtree with their SK record and risalah (``year_record``,
    ``year_risalah``) and the dashboard's flags (``has_sk``, ``is_overdue``...). Three queries."""
    scope = scope_for_unit(unit)
    groups = list(indicator_groups(year, Within(scope=scope, unit=unit), BY_SLUG["kelompok"], today=today))
    attach_year(groups)
    for group in groups:
        record = group.year_record
        group.is_complete = record is not None and record.status == Completeness.COMPLETE
    return groups


def letter_context(
    year: ProgrammeYear, unit: Unit, *, today: date | None = None, now: datetime | None = None
) -> dict:
    """Everything the letter shows. Nineteen queries whatever the data: the totals (ten), the
    groups and their year records and risalah (three), the verified risalah and their result
    steps (two), the Pemda and its signatory (two), the Gelar results and the notes (one each)."""
    totals = build_totals(year, scope_for_unit(unit), today=today)
    verified = []
    for risalah in verified_risalah(year, unit):
        outcome = outcome_of(risalah)
        verified.append({"risalah": risalah, "outcome": outcome, "result": outcome_text(outcome)})
    heading = heading_for(unit, now=now)
    title = _("Evaluation of the work culture programme %(year)s: %(unit)s") % {
        "year": year.year,
        "unit": unit.name,
    }
    return {
        "title": title,
        "title_css": css_string(title),
        "year": year,
        "unit": unit,
        "heading": heading,
        "pemda": heading.pemda,
        "note": letter_note(year, unit),
        "totals": totals,
        "total_lines": pairs(figure_lines(totals)),
        "groups": letter_groups(year, unit, today=today),
        "verified": verified,
        "events": results_by_event(gelar_results(year, unit)),
        "page_label": page_label_css(),
    }


def render_letter_html(year: ProgrammeYear, unit: Unit, **options) -> str:
    """The letter as HTML, in the portal's language whatever the reader's menu."""
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string(TEMPLATE, letter_context(year, unit, **options))


def build_letter_pdf(year: ProgrammeYear, unit: Unit) -> bytes:
    """The evaluation letter of ``unit`` for ``year`` as PDF bytes."""
    html_class = weasyprint().HTML
    html = render_letter_html(year, unit)
    document = html_class(
        string=html, url_fetcher=private_fetcher(Resources()), base_url=f"{RESOURCE_SCHEME}/"
    )
    return document.write_pdf()
