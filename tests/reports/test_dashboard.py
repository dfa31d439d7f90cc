"""Dashboard figures against the hand-built picture of tests/reports/conftest.py."""

from dataclasses import asdict
from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import permissions
from core.models import Role, UnitKind
from groups.models import ProgrammeYear
from reports import trend_tally
from reports.dashboard import (
    GROUP_FIELDS,
    Coverage,
    Figures,
    Scope,
    build_dashboard,
    build_totals,
    build_trend,
    default_scope,
    next_deadline,
    scope_for_unit,
)
from risalah.models import Status
from tests.factories import GroupFactory, ProgrammeYearFactory, RoleFactory, UnitFactory, UserFactory
from tests.reports.conftest import make_group_year, make_risalah


def figures(**values) -> dict:
    return asdict(Figures(**values))


def test_rows_totals_and_coverage(picture):
    dashboard = build_dashboard(picture.year, scope_for_unit(picture.root))

    # Rows: the root's own groups first, then its children in tree order (by name).
    rows = [(row.unit.short_name, row.direct, asdict(row.figures)) for row in dashboard.rows]
    assert rows == [
        ("Pemkot Uji", True, figures(groups=1, sk_valid=1, complete=1, rejected=1)),
        (
            "Dinas Dua",
            False,
            figures(
                units=3,
                units_with_group=2,
                groups=2,
                sk_valid=1,
                complete=1,
                submitted=1,
                in_review=1,
                overdue=2,
                awaiting_review=2,
                missing=1,
                sk_overdue=1,
            ),
        ),
        (
            "Dinas Satu",
            False,
            figures(
                units=1,
                units_with_group=1,
                groups=3,
                sk_valid=2,
                complete=1,
                draft=1,
                returned=1,
                verified=1,
                not_filed=1,
                overdue=2,
                missing=2,
                sk_overdue=2,
            ),
        ),
        ("Dinas Tiga", False, figures(units=1)),
    ]
    assert asdict(dashboard.totals) == figures(
        units=5,
        units_with_group=3,
        groups=6,
        sk_valid=4,
        complete=3,
        draft=1,
        submitted=1,
        in_review=1,
        returned=1,
        verified=1,
        rejected=1,
        not_filed=1,
        overdue=4,
        awaiting_review=2,
        missing=3,
        sk_overdue=3,
    )
    assert dashboard.coverage.units == Coverage(3, 5)
    assert (dashboard.coverage.units.percent, dashboard.coverage.units.level) == (60, "fair")
    assert dashboard.coverage.verified == Coverage(1, 6)
    assert (dashboard.coverage.verified.percent, dashboard.coverage.verified.level) == (16, "poor")
    per_row = [
        (row.figures.unit_coverage.percent, row.figures.verified_coverage.percent) for row in dashboard.rows
    ]
    assert per_row == [(None, 0), (66, 0), (100, 33), (0, None)]


def test_drilling_down_roots_the_matrix_at_the_unit(picture):
    dashboard = build_dashboard(picture.year, scope_for_unit(picture.u2))

    rows = [
        (row.unit.short_name, row.direct, row.figures.units, row.figures.groups) for row in dashboard.rows
    ]
    assert rows == [("Dinas Dua", True, 1, 1), ("PKM Dua A", False, 1, 1), ("PKM Dua B", False, 1, 0)]
    assert (dashboard.totals.units, dashboard.totals.units_with_group, dashboard.totals.overdue) == (3, 2, 2)


def test_totals_only_match_the_matrix(picture):
    scope = scope_for_unit(picture.root)
    assert build_totals(picture.year, scope) == build_dashboard(picture.year, scope).totals


def test_overdue_waits_for_the_deadlines(picture):
    """Before both deadlines nothing is overdue; after the SK deadline only incomplete groups are."""
    scope = scope_for_unit(picture.root)
    before = build_totals(picture.year, scope, today=picture.year.sk_deadline)
    between = build_totals(picture.year, scope, today=picture.year.risalah_deadline)
    assert (before.overdue, between.overdue) == (0, 3)  # Beta, Gamma, Zeta lack a complete SK and roster


def test_trend_counts_every_year(picture):
    points = build_trend(scope_for_unit(picture.root))

    assert [point.year.year for point in points] == [2025, 2026]
    assert points[0].figures == build_dashboard(picture.year, scope_for_unit(picture.root)).totals
    assert asdict(points[1].figures) == figures(
        units=5,
        units_with_group=4,
        groups=7,
        sk_valid=1,
        complete=1,
        verified=1,
        not_filed=6,
        overdue=6,
        missing=6,
        sk_overdue=6,
    )


def test_trend_is_one_query_whatever_the_number_of_years(picture):
    scope = scope_for_unit(picture.root)
    trend_tally.flush()  # the setup counted, as its commit would have
    with CaptureQueriesContext(connection) as two_years:
        build_trend(scope)
    ProgrammeYearFactory(year=2024)
    ProgrammeYearFactory(year=2027)
    trend_tally.flush()  # the setup counted, as its commit would have
    with CaptureQueriesContext(connection) as four_years:
        points = build_trend(scope)
    assert len(points) == 4
    assert len(two_years.captured_queries) == len(four_years.captured_queries) == 1


def _tree(units: int, groups: int):
    """A root with ``units`` children and ``groups`` groups spread over them, in every state."""
    root = UnitFactory(kind=UnitKind.PEMKAB)
    children = [UnitFactory(parent=root) for _ in range(units)]
    root.refresh_from_db()
    year = ProgrammeYear.objects.get(year=2025)
    states = list(Status)
    for index in range(groups):
        group = GroupFactory(unit=children[index % units])
        make_group_year(group, year, complete=index % 2 == 0)
        make_risalah(group, year, states[index % len(states)])
    return root, year


def test_dashboard_queries_do_not_grow_with_units_and_groups(db):
    ProgrammeYearFactory(year=2025)
    small_root, year = _tree(2, 2)
    large_root, _ = _tree(6, 12)
    trend_tally.flush()  # the setup counted, as its commit would have
    with CaptureQueriesContext(connection) as small:
        small_dashboard = build_dashboard(year, scope_for_unit(small_root))
    trend_tally.flush()  # the setup counted, as its commit would have
    with CaptureQueriesContext(connection) as large:
        large_dashboard = build_dashboard(year, scope_for_unit(large_root))
    assert (small_dashboard.totals.units, small_dashboard.totals.groups) == (2, 2)
    assert (large_dashboard.totals.units, large_dashboard.totals.groups) == (6, 12)
    # Five: the units, the group figures with the filed risalah's meetings, attendance and
    # results (the stored per-unit rows), the row units, both member figures, and the Bimtek
    # attendees.
    assert len(small.captured_queries) == len(large.captured_queries) == 5


def test_default_scope_is_the_highest_role_unit(picture):
    assert default_scope(picture.bureau) == scope_for_unit(picture.root)
    assert default_scope(picture.operator_u1) == scope_for_unit(picture.u1)
    RoleFactory(user=picture.operator_u1, role=Role.PIMPINAN, unit=picture.u2a)
    RoleFactory(user=picture.operator_u1, role=Role.OPERATOR, unit=picture.u3)
    permissions.forget_access(picture.operator_u1)
    scope = default_scope(picture.operator_u1)
    assert scope == Scope(tops=(picture.u2a, picture.u1, picture.u3))  # in tree order
    dashboard = build_dashboard(picture.year, scope)
    assert [(row.unit.short_name, row.figures.groups) for row in dashboard.rows] == [
        ("PKM Dua A", 1),
        ("Dinas Satu", 3),
        ("Dinas Tiga", 0),
    ]
    assert dashboard.totals.groups == 4


def test_admin_sees_every_tree_and_a_user_without_role_nothing(picture):
    admin = UserFactory(is_superuser=True)
    scope = default_scope(admin)
    assert {unit.short_name for unit in scope.tops} == {"Pemkot Uji", "Pemkab Lain"}
    assert default_scope(UserFactory()) is None


def test_next_deadline_is_the_nearest_from_today_on(picture):
    year = picture.year
    assert next_deadline(year, today=year.sk_deadline).days_left == 0
    upcoming = next_deadline(year, today=year.sk_deadline.replace(day=1))
    assert (upcoming.day, upcoming.days_left, str(upcoming.label)) == (
        year.sk_deadline,
        30,
        "SK and roster deadline",
    )
    assert next_deadline(year, today=date(2025, 4, 1)).day == year.risalah_deadline
    assert next_deadline(year, today=date(2025, 9, 11)) is None


def test_the_filing_totals_of_the_home_page_take_three_queries(picture):
    scope = scope_for_unit(picture.root)
    full = build_totals(picture.year, scope)
    trend_tally.flush()  # the setup counted, as its commit would have
    with CaptureQueriesContext(connection) as queries:
        filing = build_totals(picture.year, scope, filing_only=True)
    # The units, the group flags, and the Bimtek attendees (distinct people: a query of their own).
    assert len(queries.captured_queries) == 3
    assert {name: getattr(filing, name) for name in GROUP_FIELDS} == {
        name: getattr(full, name) for name in GROUP_FIELDS
    }
    assert (filing.units, filing.units_with_group) == (full.units, full.units_with_group)
