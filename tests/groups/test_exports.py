"""The group list and a year's roster export what they show (groups.tables, core.exports)."""

import pytest
from django.urls import reverse

from core.models import AuditAction, AuditEvent
from groups.models import Completeness, RosterRole, SeatConfirmation
from tests.export_files import button_summary, csv_rows, workbook_of, xlsx_rows
from tests.factories import (
    GroupFactory,
    GroupYearFactory,
    PersonFactory,
    RosterMemberFactory,
    UnitFactory,
    complete_group_year,
    make_nip,
)

pytestmark = pytest.mark.django_db

GROUP_HEADER = ["Group", "Unit", "Active", "Members", "SK and roster"]
ROSTER_HEADER = ["Name", "NIP", "Position", "Unit", "Role", "Member from another unit"]


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


def test_the_group_export_holds_the_year_cell_by_cell(login, world):
    GroupFactory(unit=world.unit_a, name="KBK Tanpa SK", is_active=False)

    response = login("verifikator").get(reverse("groups-list"), {"format": "xlsx"})

    assert response["Content-Disposition"].startswith('attachment; filename="kelompok-2026-')
    sheet = workbook_of(response)
    assert sheet.freeze_panes == "A2"
    status_b = world.group_b.years.get().get_status_display()
    assert [list(row) for row in sheet.iter_rows(values_only=True)] == [
        GROUP_HEADER,
        ["KBK Tanpa SK", "Dinkes", "No", 0, "No SK/roster yet"],
        ["KBK Sehati", "PKM Sukamaju", "Yes", 5, Completeness.COMPLETE.label],
        ["KBK Cerdas", "Disdik", "Yes", 0, status_b],
    ]
    assert isinstance(sheet["D3"].value, int)


@pytest.mark.parametrize(
    "filters",
    [{}, {"completeness": "complete"}, {"completeness": "missing"}, {"q": "sehat"}, {"year": 2025}],
    ids=["all", "complete", "missing", "search", "other-year"],
)
def test_a_filtered_group_export_has_exactly_the_rows_of_the_page(login, world, filters):
    prima = GroupFactory(unit=world.unit_a, name="KBK Prima")
    complete_group_year(GroupYearFactory(group=prima, programme_year=world.year))
    GroupFactory(unit=world.unit_a1, name="KBK Sehat Jiwa")
    GroupYearFactory(group=GroupFactory(unit=world.unit_b, name="KBK 2025"), programme_year__year=2025)
    client = login("verifikator")

    page = client.get(reverse("groups-list"), filters)
    rows = csv_rows(client.get(reverse("groups-list"), {**filters, "format": "csv"}))

    assert [row[0] for row in rows[1:]] == [group.name for group in page.context["page"]]
    assert button_summary(page.content.decode()) == (len(rows) - 1, len(GROUP_HEADER))


def test_an_operator_exports_only_his_subtree(login, world):
    rows = xlsx_rows(login("operator_a").get(reverse("groups-list"), {"format": "xlsx"}))
    assert [row[0] for row in rows[1:]] == ["KBK Sehati"]


def test_the_outsider_filtering_by_another_unit_exports_nothing_of_it(login, world):
    rows = xlsx_rows(
        login("outsider").get(reverse("groups-list"), {"unit": str(world.unit_a.uuid), "format": "xlsx"})
    )
    assert [row[0] for row in rows[1:]] == ["KBK Cerdas"]


def test_a_group_name_that_looks_like_a_formula_stays_text(login, world):
    GroupFactory(unit=world.unit_a1, name="=1+2")
    client = login("operator_a")

    sheet = workbook_of(client.get(reverse("groups-list"), {"q": "=", "format": "xlsx"}))
    assert (sheet["A2"].value, sheet["A2"].data_type) == ("=1+2", "s")
    rows = csv_rows(client.get(reverse("groups-list"), {"q": "=", "format": "csv"}))
    assert rows[1][0] == "'=1+2"


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_group_export_queries_do_not_grow_with_groups(login, world, django_assert_num_queries, file_format):
    client = login("verifikator")
    for _round in range(2):
        with django_assert_num_queries(11 if file_format == "csv" else 10):
            response = client.get(reverse("groups-list"), {"format": file_format})
            csv_rows(response) if file_format == "csv" else xlsx_rows(response)
        for _more in range(3):
            group = GroupFactory(unit=UnitFactory(parent=world.unit_b))
            complete_group_year(GroupYearFactory(group=group, programme_year=world.year))


# --- the roster -----------------------------------------------------------------------------


def _roster_url(world):
    return reverse("groups-roster", args=[world.group_a.uuid, world.year.year])


def test_the_roster_export_lists_the_members_in_roster_order_cell_by_cell(login, world):
    members = sorted(
        world.group_year_a.members.select_related("person__unit"),
        key=lambda m: (list(RosterRole.values).index(m.role), m.person.name),
    )

    response = login("pimpinan_a").get(_roster_url(world), {"format": "xlsx"})

    assert response["Content-Disposition"].startswith('attachment; filename="anggota-kbk-sehati-2026-')
    sheet = workbook_of(response)
    assert sheet.title == "Roster 2026"
    assert [list(row) for row in sheet.iter_rows(values_only=True)] == [
        ROSTER_HEADER,
        *[
            [m.person.name, m.person.nip, "Pelaksana", "PKM Sukamaju", m.get_role_display(), None]
            for m in members
        ],
    ]
    # An 18-digit NIP is text: as a number it would lose its last digits.
    assert {sheet.cell(row=row, column=2).data_type for row in range(2, 7)} == {"s"}


def test_a_member_from_another_unit_is_exported_as_the_page_shows_him(login, world):
    person = PersonFactory(unit=world.unit_b, name="Rahasia Lain", jabatan="Kepala Seksi", nip=make_nip())
    RosterMemberFactory(group_year=world.group_year_a, person=person, confirmation=SeatConfirmation.PENDING)
    client = login("operator_a")

    page = client.get(_roster_url(world))
    rows = csv_rows(client.get(_roster_url(world), {"format": "csv"}))

    row = next(row for row in rows if row[0] == "Rahasia Lain")
    # Neither the position nor the unit of the other unit's record leaves the portal.
    assert row == ["Rahasia Lain", person.nip, "", "another unit", "Anggota", "Waiting for confirmation"]
    assert button_summary(page.content.decode()) == (len(rows) - 1, len(ROSTER_HEADER)) == (6, 6)


def test_the_outsider_gets_a_404_for_the_roster_export_and_nothing_is_logged(login, world):
    response = login("outsider").get(_roster_url(world), {"format": "xlsx"})
    assert response.status_code == 404
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT).exists() is False


def test_the_roster_export_is_logged_with_the_group_unit(login, world):
    login("operator_a").get(_roster_url(world), {"format": "csv"})
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert (event.actor, event.unit, event.details["rows"], event.details["format"]) == (
        world.users["operator_a"],
        world.unit_a1,
        5,
        "csv",
    )


def test_roster_export_queries_do_not_grow_with_members(login, world, django_assert_num_queries):
    client = login("operator_a")
    for _round in range(2):
        with django_assert_num_queries(11):
            xlsx_rows(client.get(_roster_url(world), {"format": "xlsx"}))
        for _more in range(3):
            RosterMemberFactory(group_year=world.group_year_a, person__unit=world.unit_a1)
