"""The Bimtek's attendance exports what the pages show (events.tables, core.exports): the whole
attendance (the old ``kehadiran.xlsx`` URL, now also as CSV) and the check-in list as searched."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from core.models import AuditAction, AuditEvent
from events import services
from events.models import BimtekParticipant
from tests.events.bimtek import NIPS, make_bimtek, register
from tests.export_files import csv_rows, workbook_of, xlsx_rows

pytestmark = pytest.mark.django_db

HEADER = ["No.", "Nama", "NIP", "Unit", "Hadir", "Waktu hadir"]


@pytest.fixture
def bimtek(world):
    return make_bimtek(world)


@pytest.fixture
def two_attendees(world, bimtek):
    """Budi (unit A1, checked in at 08.05 Jakarta time) and a name that looks like a formula (unit B)."""
    budi = register(world, bimtek, 0, name="Budi Santoso")
    register(world, bimtek, 1, name='=HYPERLINK("x")', unit=world.unit_b)
    services.bimtek_check_in(attendee=budi, by=world.users["verifikator"])
    BimtekParticipant.objects.filter(pk=budi.pk).update(
        attended_at=datetime(2026, 7, 18, 1, 5, tzinfo=ZoneInfo("UTC"))
    )
    return budi


def _attendance(bimtek):
    return reverse("bimtek-attendance-xlsx", kwargs={"uuid": bimtek.uuid})


def _check_in(bimtek):
    return reverse("bimtek-check-in-list", kwargs={"uuid": bimtek.uuid})


def test_the_attendance_workbook_cell_by_cell(login, world, bimtek, two_attendees):
    response = login("verifikator").get(_attendance(bimtek))

    assert response["Content-Disposition"].startswith(
        'attachment; filename="kehadiran-bimtek-penyusunan-risalah-2026-'
    )
    sheet = workbook_of(response)
    assert (sheet.title, sheet.freeze_panes) == ("Kehadiran", "A2")
    assert [list(row) for row in sheet.iter_rows(values_only=True)] == [
        HEADER,
        [1, '=HYPERLINK("x")', NIPS[1], "Dinas Pendidikan", "Tidak", None],
        [2, "Budi Santoso", NIPS[0], "Puskesmas Sukamaju", "Ya", datetime(2026, 7, 18, 8, 5)],
    ]
    assert (sheet["A2"].data_type, sheet["B2"].data_type, sheet["C2"].data_type) == ("n", "s", "s")
    assert sheet["F3"].is_date


def test_the_attendance_csv_round_trip(login, world, bimtek, two_attendees):
    response = login("verifikator").get(_attendance(bimtek), {"format": "csv"})

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert csv_rows(response) == [
        HEADER,
        ["1", '\'=HYPERLINK("x")', NIPS[1], "Dinas Pendidikan", "Tidak", ""],
        ["2", "Budi Santoso", NIPS[0], "Puskesmas Sukamaju", "Ya", "2026-07-18 08:05"],
    ]


def test_an_operator_exports_only_the_people_of_their_units(login, world, bimtek, two_attendees):
    client = login("operator_a")
    page = client.get(reverse("bimtek-detail", kwargs={"uuid": bimtek.uuid})).content.decode()
    rows = xlsx_rows(client.get(_attendance(bimtek)))
    assert [row[1] for row in rows[1:]] == ["Budi Santoso"]
    assert "(1 baris, 6 kolom)" in page


def test_the_bimtek_page_button_says_what_the_file_holds(login, world, bimtek, two_attendees):
    page = login("verifikator").get(reverse("bimtek-detail", kwargs={"uuid": bimtek.uuid})).content.decode()
    assert f'href="{_attendance(bimtek)}?format=csv"' in page
    assert 'data-testid="export-summary">(2 baris, 6 kolom)</span>' in page


def test_the_searched_check_in_list_exports_exactly_its_rows(login, world, bimtek, two_attendees):
    register(world, bimtek, 2, name="Budi Hartono")
    client = login("verifikator")

    page = client.get(_check_in(bimtek), {"q": "budi"})
    rows = csv_rows(client.get(_check_in(bimtek), {"q": "budi", "format": "csv"}))

    assert (
        [row[1] for row in rows[1:]]
        == [a.name for a in page.context["attendees"]]
        == [
            "Budi Hartono",
            "Budi Santoso",
        ]
    )
    assert 'data-testid="export-summary">(2 baris, 6 kolom)</span>' in page.content.decode()
    assert xlsx_rows(client.get(_check_in(bimtek), {"q": NIPS[1][:8], "format": "xlsx"}))[1][1] == (
        '=HYPERLINK("x")'
    )


def test_an_export_is_audited_with_its_filters(login, world, bimtek, two_attendees):
    csv_rows(login("verifikator").get(_check_in(bimtek), {"q": "budi", "format": "csv"}))

    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert (event.actor, event.unit, event.details["rows"], event.details["filters"]) == (
        world.users["verifikator"],
        world.pemda,
        1,
        "q=budi",
    )
    assert event.target.startswith("Kehadiran: kehadiran-bimtek-penyusunan-risalah-2026-")


def test_the_check_in_export_is_refused_as_the_page_is(login, world):
    bimtek = make_bimtek(world, scope=world.unit_a)
    register(world, bimtek, 0, name="Budi Santoso")
    for persona, status in (("operator_a", 403), ("pimpinan_a", 403), ("outsider", 404)):
        client = login(persona)
        assert client.get(_check_in(bimtek)).status_code == status
        assert client.get(_check_in(bimtek), {"format": "xlsx"}).status_code == status
    assert login("outsider").get(_attendance(bimtek), {"format": "csv"}).status_code == 404
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_attendance_export_queries_do_not_grow(login, world, bimtek, django_assert_num_queries, file_format):
    client = login("verifikator")
    register(world, bimtek, 0)
    for more in ((1, 2), ()):
        with django_assert_num_queries(10 if file_format == "csv" else 9):
            response = client.get(_attendance(bimtek), {"format": file_format})
            csv_rows(response) if file_format == "csv" else xlsx_rows(response)
        for index in more:
            register(world, bimtek, index)
