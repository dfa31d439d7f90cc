"""The dashboard's matrix and the lists behind its numbers, as exported tables (core.exports).

The page and the file read the same rows: the matrix from :func:`reports.dashboard.build_dashboard`,
the lists from ``indicator_groups`` / ``indicator_units`` with the same figures attached per batch
of rows as per page.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.exports import DATE, INTEGER, Column, Table, yes_no
from groups.models import ProgrammeYear
from reports.dashboard import (
    COLUMNS,
    TREND_COLUMNS,
    Dashboard,
    Figures,
    Indicator,
    Within,
    attach_attendances,
    attach_figures,
    attach_unit_members,
    attach_year,
)

# Matrix columns whose cell also shows a coverage percentage: (field, coverage property).
COVERAGE = {"units_with_group": "unit_coverage", "verified": "verified_coverage"}


@dataclass(frozen=True)
class MatrixLine:
    """A line of the matrix: a unit's row, the root's own groups, or the total."""

    label: str
    figures: Figures


def matrix_lines(dashboard: Dashboard) -> list[MatrixLine]:
    """The matrix's rows as the page shows them, then its total. No query."""
    lines = [
        MatrixLine(f"{row.unit} {_('(its own groups)')}" if row.direct else str(row.unit), row.figures)
        for row in dashboard.rows
    ]
    lines.append(MatrixLine(str(_("Total")), dashboard.totals))
    return lines


def _figure(field: str, line: MatrixLine) -> Any:
    return getattr(line.figures, field)


def _coverage(prop: str, line: MatrixLine) -> int | None:
    return getattr(line.figures, prop).percent


def _percent_header(label) -> str:
    return f"{label} (%)"


def _matrix_columns(columns: tuple[Indicator, ...]) -> tuple[Column, ...]:
    found = [Column(gettext_lazy("Unit"), lambda line: line.label, width=36)]
    for indicator in columns:
        header = _percent_header(indicator.label) if indicator.percent else indicator.label
        found.append(Column(header, partial(_figure, indicator.field), INTEGER, width=12))
        if indicator.field in COVERAGE:
            found.append(
                Column(
                    _percent_header(indicator.label),
                    partial(_coverage, COVERAGE[indicator.field]),
                    INTEGER,
                    width=12,
                )
            )
    return tuple(found)


def dashboard_table(year: ProgrammeYear) -> Table:
    return Table(
        name=f"dasbor-{year.year}",
        title=gettext_lazy("Filing dashboard"),
        columns=_matrix_columns(COLUMNS),
    )


def trend_table() -> Table:
    """The trend page's table: a line per programme year (``reports.dashboard.TrendPoint``), with
    the dashboard's figures that have a trend."""
    return Table(
        name="tren",
        title=gettext_lazy("Year-on-year trend"),
        columns=(
            Column(gettext_lazy("Year"), lambda point: point.year.year, INTEGER, width=8),
            *_matrix_columns(TREND_COLUMNS)[1:],  # the figures, without the matrix's unit column
        ),
    )


# --- the lists behind the numbers ---------------------------------------------------------


def _prepare_groups(groups: list, *, year: ProgrammeYear) -> None:
    attach_year(groups)
    attach_figures(groups, year)


def _record_status(group) -> str:
    return group.year_record.get_status_display() if group.year_record else _("No SK/roster yet")


def _risalah_status(group) -> str:
    return group.year_risalah.get_status_display() if group.year_risalah else _("None yet")


def _submitted(group):
    return group.year_risalah.submitted_at if group.year_risalah else None


def _sk(group) -> str:
    return _("Valid") if group.has_sk else _("Missing")


def indicator_groups_table(year: ProgrammeYear, indicator: Indicator) -> Table:
    return Table(
        name=f"dasbor-{year.year}-{indicator.slug}",
        title=indicator.label,
        columns=(
            Column(gettext_lazy("Group"), lambda group: group.name, width=28),
            Column(gettext_lazy("Unit"), lambda group: str(group.unit), width=32),
            Column(gettext_lazy("Overdue"), lambda group: yes_no(group.is_overdue), width=10),
            Column(gettext_lazy("SK"), _sk, width=10),
            Column(gettext_lazy("SK and roster"), _record_status, width=22),
            Column(gettext_lazy("Risalah"), _risalah_status, width=18),
            Column(gettext_lazy("Submitted"), _submitted, DATE),
            Column(gettext_lazy("Members"), lambda group: group.figures.members, INTEGER),
            Column(gettext_lazy("Meetings"), lambda group: group.figures.meetings, INTEGER),
            Column(
                _percent_header(gettext_lazy("Average attendance")),
                lambda group: group.figures.attendance_percent,
                INTEGER,
            ),
            Column(
                gettext_lazy("Target reached"), lambda group: yes_no(group.figures.targets_reached), width=10
            ),
            Column(gettext_lazy("Standard"), lambda group: yes_no(group.figures.standards), width=10),
        ),
        prepare=partial(_prepare_groups, year=year),
    )


def indicator_units_table(year: ProgrammeYear, indicator: Indicator) -> Table:
    return Table(
        name=f"dasbor-{year.year}-{indicator.slug}",
        title=indicator.label,
        columns=(
            Column(gettext_lazy("Unit"), lambda unit: unit.name, width=36),
            Column(gettext_lazy("Kind"), lambda unit: unit.get_kind_display(), width=16),
            Column(gettext_lazy("Groups"), lambda unit: unit.group_count, INTEGER),
            Column(gettext_lazy("Members"), lambda unit: unit.members, INTEGER),
            Column(gettext_lazy("Number of ASN"), lambda unit: unit.asn_count, INTEGER),
            Column(
                _percent_header(gettext_lazy("Share of ASN involved")), lambda unit: unit.asn_percent, INTEGER
            ),
        ),
        prepare=partial(attach_unit_members, year=year),
    )


def _attended(person: dict) -> str:
    return "; ".join(
        f"{attendance.event.title} ({attendance.event.starts_on:%d/%m/%Y})"
        for attendance in person["attendances"]
    )


def indicator_people_table(year: ProgrammeYear, indicator: Indicator, within: Within, *, kind=None) -> Table:
    """The people behind the Bimtek number, as the list shows them."""
    return Table(
        name=f"dasbor-{year.year}-{indicator.slug}",
        title=indicator.label,
        columns=(
            Column(gettext_lazy("Name"), lambda person: person["name"], width=30),
            Column(gettext_lazy("NIP"), lambda person: person["nip"], width=20),
            Column(gettext_lazy("Unit"), lambda person: ", ".join(person["units"]), width=32),
            Column(gettext_lazy("Bimtek attended"), _attended, width=48),
        ),
        prepare=partial(attach_attendances, year=year, within=within, kind=kind),
    )
