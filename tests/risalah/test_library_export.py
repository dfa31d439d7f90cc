"""The library exports what it finds (risalah.tables.library_listed, library_table): the latest
verified risalah of the reader's Pemda, filtered as the page is, cell by cell; nothing of another
Pemda, nothing that is not verified."""

import pytest
from django.urls import reverse

from core.models import AuditAction, AuditEvent, Role, UnitKind
from risalah.models import RisalahStep, Status
from tests.export_files import button_summary, csv_rows, workbook_of, xlsx_rows
from tests.factories import (
    GroupFactory,
    ProgrammeYearFactory,
    RoleFactory,
    UnitFactory,
    UserFactory,
    make_verified_risalah,
)
from tests.risalah.test_library import with_status

pytestmark = pytest.mark.django_db

LIBRARY = reverse("risalah-library")
HEADER = ["Theme", "Title", "Group", "Unit", "OPD", "Year", "Method", "Result"]


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


def _verified(world, unit, name, *, year=None, **fields):
    return make_verified_risalah(
        group=GroupFactory(unit=unit, name=name),
        programme_year=year or world.year,
        by=world.users["admin"],
        reviewer=world.users["verifikator"],
        **fields,
    )


def _target_reached(risalah, value: bool) -> None:
    step = next(
        s for s in risalah.steps.select_related("method_step") if "before_after" in s.method_step.tools
    )
    RisalahStep.objects.filter(pk=step.pk).update(
        data={
            "before_after": {"metric": "m", "before": 30, "after": 20, "target": 25, "target_reached": value}
        }
    )


@pytest.fixture
def shelf(world):
    """Three verified risalah of the Pemda (two years, one reached its target, one missed it),
    a draft, and a verified risalah of another Pemda."""
    year_2025 = ProgrammeYearFactory(year=2025, is_current=False)
    antrean = _verified(world, world.unit_a1, "KBK Sigap", theme="Antrean", title="Menurunkan waktu tunggu")
    _target_reached(antrean, True)
    izin = _verified(world, world.unit_b, "KBK Cepat", theme="=Perizinan", title="+Izin dalam 3 hari")
    _target_reached(izin, False)
    _verified(world, world.pemda, "KBK Pemda", year=year_2025, theme="Arsip", title="Arsip digital")
    with_status(world, world.unit_b, Status.SUBMITTED, theme="Rahasia", title="Belum diverifikasi")
    other = UnitFactory(
        kind=UnitKind.PEMKOT, name="Pemerintah Kota Lain", short_name="Pemkot Lain", code="LAIN"
    )
    _verified(
        world,
        UnitFactory(parent=other, name="Dinas Lain"),
        "KBK Luar",
        theme="Luar",
        title="Milik Pemda lain",
    )
    reader = UserFactory(username="pembaca_lain", unit=other)
    RoleFactory(user=reader, role=Role.OPERATOR, unit=other)
    return reader


def test_the_library_export_holds_every_verified_risalah_cell_by_cell(world, login, shelf):
    client = login("operator_a")

    page = client.get(LIBRARY).content.decode()
    response = client.get(LIBRARY, {"format": "xlsx"})

    assert response["Content-Disposition"].startswith('attachment; filename="perpustakaan-risalah-')
    sheet = workbook_of(response)
    method = "TULTA 7 langkah"
    assert [list(row) for row in sheet.iter_rows(values_only=True)] == [
        HEADER,
        [
            "Antrean",
            "Menurunkan waktu tunggu",
            "KBK Sigap",
            "Puskesmas Sukamaju",
            "Dinas Kesehatan",
            2026,
            method,
            "Target reached",
        ],
        [
            "=Perizinan",
            "+Izin dalam 3 hari",
            "KBK Cepat",
            "Dinas Pendidikan",
            "Dinas Pendidikan",
            2026,
            method,
            "Target not reached",
        ],
        ["Arsip", "Arsip digital", "KBK Pemda", "Pemerintah Kabupaten Contoh", None, 2025, method, None],
    ]
    assert [cell.data_type for cell in sheet[3]] == ["s", "s", "s", "s", "s", "n", "s", "s"]
    assert button_summary(page) == (3, 8)


def test_a_filtered_library_export_has_exactly_the_filtered_rows(world, login, shelf):
    client = login("pimpinan_a")
    filters = {"year": 2026, "result": "no"}

    page = client.get(LIBRARY, filters).content.decode()
    rows = csv_rows(client.get(LIBRARY, {**filters, "format": "csv"}))

    assert rows == [
        HEADER,
        [
            "'=Perizinan",
            "'+Izin dalam 3 hari",
            "KBK Cepat",
            "Dinas Pendidikan",
            "Dinas Pendidikan",
            "2026",
            "TULTA 7 langkah",
            "Target not reached",
        ],
    ]
    assert button_summary(page) == (1, 8)
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert (event.actor, event.unit, event.target.split(": ")[0], event.details) == (
        world.users["pimpinan_a"],
        None,
        "Library of verified risalah",
        {"rows": 1, "format": "csv", "columns": 8, "filters": "year=2026&result=no"},
    )


def test_a_reader_of_another_pemda_exports_only_his_own_library(world, client, shelf):
    client.force_login(shelf)

    rows = xlsx_rows(client.get(LIBRARY, {"format": "xlsx"}))

    assert [row[:3] for row in rows[1:]] == [["Luar", "Milik Pemda lain", "KBK Luar"]]


def test_the_jury_persona_exports_an_empty_library(world, login, shelf):
    rows = csv_rows(login("jury").get(LIBRARY, {"format": "csv"}))
    assert rows == [HEADER]


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_library_export_queries_do_not_grow_with_risalah(
    world, login, django_assert_num_queries, file_format
):
    client = login("operator_a")
    counts = []
    for count in (1, 3):
        for number in range(count):
            unit = UnitFactory(parent=world.pemda)
            _verified(world, UnitFactory(parent=unit), f"KBK {count}-{number}", theme="Uji", title="Uji")
        with django_assert_num_queries(11 if file_format == "csv" else 10) as captured:
            response = client.get(LIBRARY, {"format": file_format})
            rows = csv_rows(response) if file_format == "csv" else xlsx_rows(response)
        counts.append((len(captured), len(rows)))
    assert counts[0][0] == counts[1][0]
    assert [rows for _queries, rows in counts] == [2, 5]


def test_a_searched_library_export_has_the_pages_rows(world, login, shelf):
    """The words of the search box (full-text search on PostgreSQL, ranked) give the page's rows."""
    client = login("outsider")

    page = client.get(LIBRARY, {"q": "waktu tunggu"})
    rows = xlsx_rows(client.get(LIBRARY, {"q": "waktu tunggu", "format": "xlsx"}))

    assert [row[1] for row in rows[1:]] == [risalah.title for risalah in page.context["page"]]
    assert [row[1] for row in rows[1:]] == ["Menurunkan waktu tunggu"]
