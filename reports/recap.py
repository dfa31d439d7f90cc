"""The yearly recap (Laporan Tahunan Budaya Kerja) of a programme year and a unit subtree, as one
XLSX workbook: a summary (the dashboard's indicators with their coverage), the dashboard's matrix,
one sheet per indicator family and the year-on-year trend (the sheets: :mod:`reports.recap_sheets`).

Written by :func:`core.exports.write_workbook` (XlsxWriter in constant-memory mode, typed cells,
frozen headers). The recap of one OPD is built at once; that of a whole Pemda, or of more than
``settings.EXPORT_DIRECT_MAX_GROUPS`` groups, by the task worker (reports.export_jobs).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.conf import settings
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.exports import Sheet, write_workbook
from core.models import PEMDA_KINDS, Unit
from groups.models import Group, ProgrammeYear
from reports import recap_sheets as sheets
from reports.queries import population


def recap_sheets(recap: sheets.Recap, *, made_by: str = "") -> list[Sheet]:
    """The workbook's sheets, in order; each runs its queries when it is written."""
    return [
        Sheet(
            sheets.summary_table(recap),
            lambda: sheets.summary_lines(recap.dashboard.totals),
            preamble=sheets.summary_preamble(recap, made_by),
        ),
        Sheet(sheets.by_unit_table(recap), lambda: sheets.by_unit_lines(recap)),
        Sheet(sheets.groups_table(recap), lambda: sheets.groups_rows(recap)),
        Sheet(sheets.rosters_table(recap), lambda: sheets.roster_rows(recap)),
        Sheet(sheets.risalah_table(recap), lambda: sheets.risalah_rows(recap)),
        Sheet(sheets.meetings_table(recap), lambda: sheets.meetings_rows(recap)),
        Sheet(sheets.targets_table(recap), lambda: recap.filed),
        Sheet(sheets.standards_table(recap), lambda: recap.filed),
        Sheet(sheets.gelar_table(recap), lambda: sheets.gelar_rows(recap)),
        Sheet(sheets.bimtek_table(recap), lambda: sheets.bimtek_rows(recap)),
        Sheet(sheets.trend_table(recap), lambda: recap.trend),
    ]


def write_recap(
    *,
    year: ProgrammeYear,
    unit: Unit,
    output,
    made_by: str = "",
    today: date | None = None,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write the recap into ``output`` (a path or a binary file); returns the rows written.
    ``progress`` is called with the share done (0-100) after each sheet."""
    recap = sheets.Recap(year=year, unit=unit, today=today or timezone.localdate())
    title = _("Yearly work-culture report %(year)s: %(unit)s") % {"year": year.year, "unit": unit.name}
    counts = write_workbook(recap_sheets(recap, made_by=made_by), output, title=title, progress=progress)
    return sum(counts)


def recap_filename(year: ProgrammeYear, unit: Unit) -> str:
    return f"laporan-tahunan-{year.year}-{slugify(str(unit)) or unit.pk}.xlsx"


def runs_in_background(year: ProgrammeYear, unit: Unit) -> bool:
    """A whole Pemda, or a subtree with more groups of the year than are built at once. One
    query (none for a Pemda)."""
    if unit.kind in PEMDA_KINDS:
        return True
    groups = Group.objects.filter(population(year.year), unit__path__startswith=unit.path)
    return groups.count() > settings.EXPORT_DIRECT_MAX_GROUPS
