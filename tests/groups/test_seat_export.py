"""The seats awaiting confirmation export what the page lists (groups.tables.SEATS): the ASN of
the operator's units put on rosters elsewhere, cell by cell, and nothing of other units."""

import pytest
from django.urls import reverse

from core.models import AuditAction, AuditEvent
from groups.models import RosterRole, SeatConfirmation
from tests.export_files import button_summary, csv_rows, workbook_of, xlsx_rows
from tests.factories import (
    GroupFactory,
    GroupYearFactory,
    PersonFactory,
    ProgrammeYearFactory,
    RosterMemberFactory,
    UnitFactory,
)

pytestmark = pytest.mark.django_db

SEATS = reverse("groups-seat-list")
HEADER = ["Name", "NIP", "Home unit", "Group", "Group's unit", "Year", "Role"]


@pytest.fixture
def seats(world):
    """Two pending seats of unit A's ASN on unit B's rosters (2025 and 2026), one already
    confirmed (not listed), and one pending seat of a unit B ASN on unit A's roster (the
    outsider's to decide, never operator A's)."""
    year_2025 = ProgrammeYearFactory(year=2025, is_current=False)
    rina = PersonFactory(name="Rina Kartika", nip="198503302010012001", unit=world.unit_a1)
    budi = PersonFactory(name='=HYPERLINK("http://x","Budi")', nip="197001012000031002", unit=world.unit_a)
    RosterMemberFactory(
        group_year=world.group_b.years.get(),
        person=rina,
        role=RosterRole.SEKRETARIS,
        confirmation=SeatConfirmation.PENDING,
    )
    RosterMemberFactory(
        group_year=GroupYearFactory(group=world.group_b, programme_year=year_2025),
        person=budi,
        role=RosterRole.ANGGOTA,
        confirmation=SeatConfirmation.PENDING,
    )
    RosterMemberFactory(
        group_year=GroupYearFactory(
            group=GroupFactory(unit=world.unit_b, name="KBK Lain"), programme_year=world.year
        ),
        person=PersonFactory(unit=world.unit_a),
        confirmation=SeatConfirmation.CONFIRMED,
    )
    RosterMemberFactory(
        group_year=world.group_year_a,
        person=PersonFactory(name="Sari dari Disdik", unit=world.unit_b),
        confirmation=SeatConfirmation.PENDING,
    )
    return rina, budi


def test_the_seat_export_holds_the_pending_seats_cell_by_cell(world, as_persona, seats):
    client = as_persona("operator_a")

    page = client.get(SEATS).content.decode()
    response = client.get(SEATS, {"format": "xlsx"})

    assert response["Content-Disposition"].startswith('attachment; filename="konfirmasi-anggota-')
    sheet = workbook_of(response)
    assert [list(row) for row in sheet.iter_rows(values_only=True)] == [
        HEADER,
        [
            '=HYPERLINK("http://x","Budi")',
            "197001012000031002",
            "Dinkes",
            "KBK Cerdas",
            "Disdik",
            2025,
            "Anggota",
        ],
        [
            "Rina Kartika",
            "198503302010012001",
            "PKM Sukamaju",
            "KBK Cerdas",
            "Disdik",
            2026,
            "Sekretaris",
        ],
    ]
    # A formula-looking name and a NIP stay text; the year is a number.
    assert [cell.data_type for cell in sheet[2]] == ["s", "s", "s", "s", "s", "n", "s"]
    assert button_summary(page) == (2, 7)


def test_the_seat_csv_reads_back_the_same_rows(world, as_persona, seats):
    client = as_persona("operator_a")

    rows = csv_rows(client.get(SEATS, {"format": "csv"}))

    assert rows == [
        HEADER,
        [
            '\'=HYPERLINK("http://x","Budi")',
            "197001012000031002",
            "Dinkes",
            "KBK Cerdas",
            "Disdik",
            "2025",
            "Anggota",
        ],
        [
            "Rina Kartika",
            "198503302010012001",
            "PKM Sukamaju",
            "KBK Cerdas",
            "Disdik",
            "2026",
            "Sekretaris",
        ],
    ]
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert (event.actor, event.target.split(": ")[0], event.details) == (
        world.users["operator_a"],
        "Members awaiting confirmation",
        {"rows": 2, "format": "csv", "columns": 7, "filters": ""},
    )


def test_another_units_operator_exports_only_his_own_units_seats(world, as_persona, seats):
    rows = xlsx_rows(as_persona("outsider").get(SEATS, {"format": "xlsx"}))

    assert [row[0] for row in rows] == ["Name", "Sari dari Disdik"]


@pytest.mark.parametrize("persona", ["pimpinan_a", "verifikator", "jury"])
def test_who_decides_no_seat_gets_no_seat_export(world, as_persona, seats, persona):
    response = as_persona(persona).get(SEATS, {"format": "xlsx"})

    assert response.status_code == 403
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_seat_export_queries_do_not_grow_with_seats(
    world, as_persona, django_assert_num_queries, file_format
):
    client = as_persona("operator_a")

    def add_seats(count):
        for _index in range(count):
            RosterMemberFactory(
                group_year=GroupYearFactory(
                    group=GroupFactory(unit=UnitFactory(parent=world.pemda)), programme_year=world.year
                ),
                person__unit=world.unit_a1,
                confirmation=SeatConfirmation.PENDING,
            )

    counts = []
    for count in (1, 3):
        add_seats(count)
        with django_assert_num_queries(9 if file_format == "csv" else 8) as captured:
            response = client.get(SEATS, {"format": file_format})
            rows = csv_rows(response) if file_format == "csv" else xlsx_rows(response)
        counts.append((len(captured), len(rows)))
    assert [queries for queries, _rows in counts] == [counts[0][0]] * 2
    assert [rows for _queries, rows in counts] == [2, 5]
