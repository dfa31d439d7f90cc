"""The dashboard's matrix and the lists behind its numbers export what they show (reports.tables).

The hand-built picture of tests/reports/conftest.py gives the figures."""

from datetime import datetime

import pytest
from django.urls import reverse

from core.models import AuditAction, AuditEvent, UnitKind
from groups.models import Completeness
from reports.dashboard import COLUMNS
from reports.views import list_url
from tests.export_files import button_summary, csv_rows, workbook_of, xlsx_rows
from tests.factories import ProgrammeYearFactory
from tests.reports.test_views import _tree

DASHBOARD = reverse("reports-dashboard")
LIST = reverse("reports-dashboard-list")
GROUP_HEADER = [
    "Group",
    "Unit",
    "Overdue",
    "SK",
    "SK and roster",
    "Risalah",
    "Submitted",
    "Members",
    "Meetings",
    "Average attendance (%)",
    "Target reached",
    "Standard",
]


def _get(client, user, url, params=None):
    client.force_login(user)
    return client.get(url, params or {})


def _column(rows, header):
    return [row[rows[0].index(header)] for row in rows[1:]]


def test_the_matrix_export_holds_the_rows_and_the_total_of_the_page(client, picture):
    page = _get(client, picture.bureau, DASHBOARD, {"year": 2025})
    sheet = workbook_of(_get(client, picture.bureau, DASHBOARD, {"year": 2025, "format": "xlsx"}))
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]

    assert sheet.freeze_panes == "A2"
    assert [row[0] for row in rows] == [
        "Unit",
        "Pemkot Uji (its own groups)",
        "Dinas Dua",
        "Dinas Satu",
        "Dinas Tiga",
        "Total",
    ]
    # The hand-counted figures (see tests/reports/conftest.py).
    assert _column(rows, "Groups formed") == [1, 2, 3, 0, 6]
    assert _column(rows, "Overdue") == [0, 2, 2, 0, 4]
    assert _column(rows, "Not submitted") == [0, 0, 1, 0, 1]
    assert _column(rows, "Units with a group") == [0, 2, 1, 0, 3]
    assert _column(rows, "Units with a group (%)") == [None, 66, 100, 0, 60]
    assert _column(rows, "Verified (%)")[-1] == 16  # 1 of 6, rounded down
    # Every column of the matrix, each a number cell, in the page's order; coverage beside its count.
    labels = [str(indicator.label) for indicator in COLUMNS]
    expected = ["Unit"]
    for label, indicator in zip(labels, COLUMNS, strict=True):
        expected.append(f"{label} (%)" if indicator.percent else label)
        if indicator.field in ("units_with_group", "verified"):
            expected.append(f"{label} (%)")
    assert rows[0] == expected
    lines = [item["row"].figures for item in page.context["rows"]] + [page.context["dashboard"].totals]
    for line, row in zip(lines, rows[1:], strict=True):
        assert [row[rows[0].index(header)] for header in rows[0][1:] if header in labels] == [
            getattr(line, indicator.field) for indicator in COLUMNS if not indicator.percent
        ]
    assert {cell.data_type for cell in sheet[6][1:] if cell.value is not None} == {"n"}
    assert button_summary(page.content.decode()) == (len(rows) - 1, len(rows[0]))


def test_the_matrix_export_reads_the_unit_and_kind_filters(client, picture):
    rows = csv_rows(
        _get(
            client,
            picture.bureau,
            DASHBOARD,
            {"year": 2025, "unit": picture.u2.uuid, "kind": UnitKind.PUSKESMAS, "format": "csv"},
        )
    )
    assert [row[0] for row in rows[1:]] == ["PKM Dua A", "PKM Dua B", "Total"]
    assert _column(rows, "Groups formed") == ["1", "0", "1"]


def test_the_group_list_export_holds_the_groups_behind_the_number_cell_by_cell(client, picture):
    url = list_url(picture.year, picture.root, "terlambat")
    page = _get(client, picture.bureau, url)
    response = _get(client, picture.bureau, url + "&format=xlsx")

    assert response["Content-Disposition"].startswith('attachment; filename="dasbor-2025-terlambat-')
    sheet = workbook_of(response)
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    complete, incomplete = Completeness.COMPLETE.label, Completeness.INCOMPLETE.label
    assert rows == [
        GROUP_HEADER,
        # Delta was submitted at 00.30 on 16 August in Jakarta: that day, not the UTC one.
        [
            "Delta",
            "Dinas Dua",
            "Yes",
            "Valid",
            complete,
            "Submitted",
            datetime(2025, 8, 16),
            0,
            0,
            None,
            "No",
            "No",
        ],
        [
            "Zeta",
            "PKM Dua A",
            "Yes",
            "Missing",
            incomplete,
            "Under review",
            datetime(2025, 8, 1),
            0,
            0,
            None,
            "No",
            "No",
        ],
        [
            "Beta",
            "Dinas Satu",
            "Yes",
            "Valid",
            incomplete,
            "Returned for revision",
            datetime(2025, 8, 15),
            0,
            0,
            None,
            "No",
            "No",
        ],
        ["Gamma", "Dinas Satu", "Yes", "Missing", "No SK/roster yet", "Draft", None, 0, 0, None, "No", "No"],
    ]
    assert sheet["G2"].number_format == "dd/mm/yyyy"
    assert button_summary(page.content.decode()) == (4, 12)


def test_the_unit_list_export_holds_the_units_behind_the_coverage(client, picture):
    rows = csv_rows(
        _get(client, picture.bureau, list_url(picture.year, picture.root, "unit-berkelompok") + "&format=csv")
    )
    assert rows == [
        ["Unit", "Kind", "Groups", "Members", "Number of ASN", "Share of ASN involved (%)"],
        ["Dinas Dua", UnitKind.OPD.label, "1", "0", "", ""],
        ["Puskesmas Dua A", UnitKind.PUSKESMAS.label, "1", "0", "", ""],
        ["Dinas Satu", UnitKind.OPD.label, "3", "0", "", ""],
    ]


def test_an_operator_exports_only_his_subtree_and_the_outsider_gets_a_404(client, picture):
    rows = xlsx_rows(
        _get(client, picture.operator_u1, LIST, {"year": 2025, "indicator": "kelompok", "format": "xlsx"})
    )
    assert [row[0] for row in rows[1:]] == ["Alpha", "Beta", "Gamma"]

    for url in (DASHBOARD, LIST):
        response = _get(
            client,
            picture.outsider,
            url,
            {"year": 2025, "unit": picture.root.uuid, "indicator": "kelompok", "format": "xlsx"},
        )
        assert response.status_code == 404
    assert list(AuditEvent.objects.filter(action=AuditAction.EXPORT).values_list("actor", flat=True)) == [
        picture.operator_u1.pk
    ]


def test_the_export_of_a_list_is_logged_with_its_unit_and_filters(client, picture):
    url = list_url(picture.year, picture.u1, "kelompok")
    _get(client, picture.bureau, url + "&format=csv")

    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert (event.actor, event.unit, event.details["rows"], event.details["filters"]) == (
        picture.bureau,
        picture.u1,
        3,
        url.split("?", 1)[1],
    )


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_export_queries_do_not_grow_with_the_groups_listed(
    client, db, django_assert_num_queries, file_format
):
    year = ProgrammeYearFactory(year=2025, is_current=True)
    extra = 1 if file_format == "csv" else 0  # the CSV counts its rows for the audit log first
    for bureau in (_tree(1, 1, year), _tree(1, 3, year)):
        client.force_login(bureau)
        with django_assert_num_queries(19 + extra):
            response = client.get(LIST, {"indicator": "kelompok", "format": file_format})
            csv_rows(response) if file_format == "csv" else xlsx_rows(response)
        # The Bimtek column's attendees are one query; both member figures are one.
        with django_assert_num_queries(14):
            xlsx_rows(client.get(DASHBOARD, {"format": "xlsx"}))


# --- the year-on-year trend ---------------------------------------------------------------

TRENDS = reverse("reports-trends")


def test_the_trend_export_holds_a_line_per_year_cell_by_cell(client, picture):
    page = _get(client, picture.bureau, TRENDS)
    sheet = workbook_of(_get(client, picture.bureau, TRENDS, {"format": "xlsx"}))
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]

    trend = [indicator for indicator in COLUMNS if indicator.trend]
    expected = ["Year"]
    for indicator in trend:
        expected.append(f"{indicator.label} (%)" if indicator.percent else str(indicator.label))
        if indicator.field in ("units_with_group", "verified"):
            expected.append(f"{indicator.label} (%)")
    assert rows[0] == expected
    assert _column(rows, "Year") == [2025, 2026]
    # 2026 as counted by hand in tests/reports/test_dashboard.py (test_trend_counts_every_year).
    assert [
        _column(rows, header)[1] for header in ("Units", "Units with a group", "Groups formed", "Verified")
    ] == [5, 4, 7, 1]
    assert _column(rows, "Units with a group (%)")[1] == 80
    # Every figure is the page's, each a number cell.
    for item, row in zip(page.context["points"], rows[1:], strict=True):
        figures = item["point"].figures
        assert [row[rows[0].index(str(i.label))] for i in trend if not i.percent] == [
            getattr(figures, i.field) for i in trend if not i.percent
        ]
    assert {cell.data_type for cell in sheet[3] if cell.value is not None} == {"n"}
    assert button_summary(page.content.decode()) == (2, len(rows[0]))


def test_the_trend_csv_of_one_unit_reads_back_its_own_figures(client, picture):
    params = {"unit": picture.u1.uuid}
    rows = csv_rows(_get(client, picture.operator_u1, TRENDS, {**params, "format": "csv"}))

    assert _column(rows, "Year") == ["2025", "2026"]
    assert _column(rows, "Groups formed")[0] == "3"  # Dinas Satu's groups of 2025, as on the dashboard
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert (event.actor, event.unit, event.details["rows"], event.details["filters"]) == (
        picture.operator_u1,
        picture.u1,
        2,
        f"unit={picture.u1.uuid}",
    )


def test_another_units_user_gets_no_trend_of_it(client, picture):
    response = _get(client, picture.outsider, TRENDS, {"unit": picture.u1.uuid, "format": "xlsx"})

    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def test_trend_export_queries_do_not_grow_with_years(client, picture, django_assert_num_queries):
    client.force_login(picture.bureau)
    counts = []
    for years in ((2024,), (2023, 2027)):
        for year in years:
            ProgrammeYearFactory(year=year)
        with django_assert_num_queries(9) as captured:
            rows = xlsx_rows(client.get(TRENDS, {"format": "xlsx"}))
        counts.append((len(captured), len(rows) - 1))
    assert counts[0][0] == counts[1][0]
    assert [lines for _queries, lines in counts] == [3, 5]
