"""The event list and an event's participants export what the pages show (events.tables,
core.exports): the same rows as the filters, typed cells, CSV with a BOM, audited, and refused as
the pages are."""

from datetime import datetime

import pytest
from django.urls import reverse

from core.models import AuditAction, AuditEvent
from events import services
from events.models import Event, EventKind, EventStatus
from tests.events.factories import make_gelar, register, verified_group
from tests.export_files import csv_rows, workbook_of, xlsx_rows
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db

EVENT_HEADER = [
    "Kegiatan",
    "Jenis",
    "Status",
    "Hari pertama",
    "Hari terakhir",
    "Tahun",
    "Unit penyelenggara",
    "Unit peserta",
    "Tempat",
    "Peserta",
]
PARTICIPANT_HEADER = [
    "Kelompok",
    "Unit",
    "Jalur",
    "Babak yang dicapai",
    "Risalah terverifikasi",
    "Urutan presentasi",
]
GELAR = "Gelar Budaya Kerja / lomba"


@pytest.fixture
def events(world):
    """A Gelar of the Pemkab with two groups, a running one for Dinkes only, and a Bimtek."""
    open_gelar = make_gelar(world, title="Gelar Alpha")
    register(open_gelar, world.group_b, open_gelar.kreatif)
    register(open_gelar, verified_group(world, name="KBK Prima"), open_gelar.prestasi)
    running = make_gelar(world, title="=Gelar Dinkes", scope=world.unit_a)
    Event.objects.filter(pk=running.event.pk).update(
        status=EventStatus.RUNNING, venue="Aula Dinkes", starts_on="2026-10-01", ends_on="2026-10-02"
    )
    services.event_create(
        kind=EventKind.BIMTEK,
        title="Bimtek Risalah",
        programme_year=world.year,
        organiser=world.pemda,
        scope=world.pemda,
        starts_on="2026-07-18",
        ends_on="2026-07-18",
        by=world.users["verifikator"],
    )
    return open_gelar, running


def _list(**query):
    return reverse("events-list"), query


def test_the_event_list_workbook_cell_by_cell(login, world, events):
    response = login("verifikator").get(reverse("events-list"), {"format": "xlsx"})

    assert response["Content-Disposition"].startswith('attachment; filename="kegiatan-')
    sheet = workbook_of(response)
    assert (sheet.title, sheet.freeze_panes) == ("Kegiatan", "A2")
    assert [list(row) for row in sheet.iter_rows(values_only=True)] == [
        EVENT_HEADER,
        [
            "=Gelar Dinkes",
            GELAR,
            "Berlangsung",
            datetime(2026, 10, 1),
            datetime(2026, 10, 2),
            2026,
            "Pemkab Contoh",
            "Dinkes",
            "Aula Dinkes",
            0,
        ],
        [
            "Gelar Alpha",
            GELAR,
            "Draf",
            datetime(2026, 9, 10),
            datetime(2026, 9, 11),
            2026,
            "Pemkab Contoh",
            "Pemkab Contoh",
            None,
            2,
        ],
        [
            "Bimtek Risalah",
            "Bimtek (bimbingan teknis)",
            "Draf",
            datetime(2026, 7, 18),
            datetime(2026, 7, 18),
            2026,
            "Pemkab Contoh",
            "Pemkab Contoh",
            None,
            0,
        ],
    ]
    # A title starting with "=" is a text cell; dates are dates, counts numbers.
    assert (sheet["A2"].data_type, sheet["D2"].is_date, sheet["J3"].data_type) == ("s", True, "n")


def test_the_event_list_csv_round_trip(login, world, events):
    rows = csv_rows(login("verifikator").get(reverse("events-list"), {"format": "csv"}))
    assert rows[0] == EVENT_HEADER
    assert rows[1] == [
        "'=Gelar Dinkes",
        GELAR,
        "Berlangsung",
        "2026-10-01",
        "2026-10-02",
        "2026",
        "Pemkab Contoh",
        "Dinkes",
        "Aula Dinkes",
        "0",
    ]
    assert [row[0] for row in rows[1:]] == ["'=Gelar Dinkes", "Gelar Alpha", "Bimtek Risalah"]


@pytest.mark.parametrize(
    "filters",
    [{}, {"status": "running"}, {"kind": "bimtek"}, {"kind": "gelar", "status": "draft"}, {"year": 2025}],
    ids=["all", "running", "bimtek", "draft-gelar", "other-year"],
)
def test_a_filtered_event_list_exports_exactly_its_rows(login, world, events, filters):
    client = login("verifikator")

    page = client.get(reverse("events-list"), filters)
    rows = xlsx_rows(client.get(reverse("events-list"), {**filters, "format": "xlsx"}))

    assert [row[0] for row in rows[1:]] == [event.title for event in page.context["events"]]
    summary = f"({len(rows) - 1} baris, 10 kolom)"
    assert f'data-testid="export-summary">{summary}</span>' in page.content.decode()


def test_the_outsider_exports_no_event_he_cannot_see(login, world, events):
    rows = xlsx_rows(login("outsider").get(reverse("events-list"), {"status": "running", "format": "xlsx"}))
    assert rows == [EVENT_HEADER]
    rows = csv_rows(login("operator_a").get(reverse("events-list"), {"status": "running", "format": "csv"}))
    assert [row[0] for row in rows[1:]] == ["'=Gelar Dinkes"]


def test_the_event_list_export_is_audited_with_its_filters(login, world, events):
    csv_rows(login("operator_a").get(reverse("events-list"), {"kind": "gelar", "format": "csv"}))
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert (event.actor, event.unit, event.details["rows"], event.details["filters"]) == (
        world.users["operator_a"],
        None,
        2,
        "kind=gelar",
    )


def test_the_event_list_export_needs_a_login(client, events):
    response = client.get(reverse("events-list"), {"format": "xlsx"})
    assert response.status_code == 302
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_event_list_export_queries_do_not_grow(login, world, django_assert_num_queries, file_format):
    client = login("verifikator")
    make_gelar(world, title="Gelar 1")
    for more in ((2, 3), ()):
        with django_assert_num_queries(9 if file_format == "csv" else 8):
            response = client.get(reverse("events-list"), {"format": file_format})
            csv_rows(response) if file_format == "csv" else xlsx_rows(response)
        for n in more:
            make_gelar(world, title=f"Gelar {n}", scope=UnitFactory(parent=world.pemda))


# --- the participants of an event ----------------------------------------------------------------


def _participants(gelar):
    return reverse("events-participants", kwargs={"event_uuid": gelar.event.uuid})


def test_the_participant_workbook_cell_by_cell(login, world, events):
    gelar, _running = events
    services.lottery_draw(event=gelar.event, by=world.users["verifikator"], seed=1)
    orders = dict(gelar.event.participants.values_list("group__name", "lottery_order"))
    desk, final = gelar.desk.name, gelar.final.name  # KBK Prestasi starts at the desk round

    response = login("verifikator").get(_participants(gelar), {"format": "xlsx"})

    assert response["Content-Disposition"].startswith('attachment; filename="peserta-gelar-alpha-')
    sheet = workbook_of(response)
    assert [list(row) for row in sheet.iter_rows(values_only=True)] == [
        PARTICIPANT_HEADER,
        ["KBK Prima", "Disdik", "KBK Prestasi", desk, "Ya", orders["KBK Prima"]],
        ["KBK Cerdas", "Disdik", "KBK Kreatif", final, "Tidak", orders["KBK Cerdas"]],
    ]
    assert sheet["F3"].data_type == "n"
    rows = csv_rows(login("verifikator").get(_participants(gelar), {"format": "csv"}))
    assert rows[1:] == [
        ["KBK Prima", "Disdik", "KBK Prestasi", desk, "Ya", str(orders["KBK Prima"] or "")],
        ["KBK Cerdas", "Disdik", "KBK Kreatif", final, "Tidak", str(orders["KBK Cerdas"] or "")],
    ]


def test_the_participant_page_button_counts_the_registered_groups(login, world, events):
    gelar, _running = events
    page = login("verifikator").get(_participants(gelar))
    assert len(page.context["participants"]) == 2
    assert 'data-testid="export-summary">(2 baris, 6 kolom)</span>' in page.content.decode()


def test_a_group_name_like_a_formula_stays_text(login, world, events):
    gelar, _running = events
    world.group_b.name = "@SUM(A1)"
    world.group_b.save(update_fields=["name"])
    client = login("verifikator")
    sheet = workbook_of(client.get(_participants(gelar), {"format": "xlsx"}))
    assert (sheet["A3"].value, sheet["A3"].data_type) == ("@SUM(A1)", "s")
    assert csv_rows(client.get(_participants(gelar), {"format": "csv"}))[2][0] == "'@SUM(A1)"


def test_the_participant_export_is_refused_as_the_page_is(login, world, events):
    gelar, running = events
    for persona, status in (("operator_a", 403), ("pimpinan_a", 403)):
        assert login(persona).get(_participants(gelar), {"format": "xlsx"}).status_code == status
    assert login("outsider").get(_participants(running), {"format": "csv"}).status_code == 404
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()
    csv_rows(login("admin").get(_participants(gelar), {"format": "csv"}))
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert (event.unit, event.details["rows"], event.target.split(":")[0]) == (world.pemda, 2, "Peserta")


def test_participant_export_queries_do_not_grow(login, world, django_assert_num_queries):
    gelar = make_gelar(world, title="Gelar Beta")
    register(gelar, world.group_b, gelar.kreatif)
    client = login("verifikator")
    for more in (2, 0):
        with django_assert_num_queries(9):
            xlsx_rows(client.get(_participants(gelar), {"format": "xlsx"}))
        for n in range(more):
            register(gelar, verified_group(world, unit=UnitFactory(parent=world.pemda), name=f"KBK {n}"))
