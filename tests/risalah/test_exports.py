"""The risalah list exports what it shows (risalah.tables, core.exports)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from core.models import AuditAction, AuditEvent
from risalah.models import Method, Risalah, Status
from tests.export_files import button_summary, content_of, csv_rows, workbook_of, xlsx_rows
from tests.factories import GroupFactory, ProgrammeYearFactory, UnitFactory

pytestmark = pytest.mark.django_db

JAKARTA = ZoneInfo("Asia/Jakarta")
HEADER = ["Group", "Unit", "Year", "Theme", "Title", "Status", "Last change"]


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


def _risalah(group, year, status, *, title="", theme="", changed=None):
    risalah = Risalah.objects.create(
        group=group, programme_year=year, method=Method.default(), status=status, title=title, theme=theme
    )
    if changed is not None:
        Risalah.objects.filter(pk=risalah.pk).update(updated_at=changed)  # auto_now: set afterwards
    return risalah


@pytest.fixture
def shelf(world):
    """Beside the world's draft of KBK Sehati (2026): a verified 2025 risalah of KBK Sehati with a
    title that looks like a formula, and a submitted 2026 risalah of KBK Cerdas (unit B)."""
    year_2025 = ProgrammeYearFactory(year=2025)
    _risalah(
        world.group_a,
        year_2025,
        Status.VERIFIED,
        title="-30% waktu tunggu",
        theme="Antrean",
        changed=datetime(2025, 9, 1, 8, 15, tzinfo=JAKARTA),
    )
    _risalah(world.group_b, world.year, Status.SUBMITTED, theme="Sekolah ramah")
    Risalah.objects.filter(pk=world.risalah_a.pk).update(
        updated_at=datetime(2026, 3, 2, 0, 30, tzinfo=JAKARTA)
    )
    return world


def test_the_risalah_export_holds_typed_cells_in_the_page_order(login, shelf):
    response = login("operator_a").get(reverse("risalah-list"), {"format": "xlsx"})

    sheet = workbook_of(response)
    assert sheet.freeze_panes == "A2"
    assert [list(row) for row in sheet.iter_rows(values_only=True)] == [
        HEADER,
        # Last change in Jakarta time (00.30 on 2 March is 1 March in UTC).
        ["KBK Sehati", "PKM Sukamaju", 2026, "Pelayanan cepat", None, "Draft", datetime(2026, 3, 2, 0, 30)],
        [
            "KBK Sehati",
            "PKM Sukamaju",
            2025,
            "Antrean",
            "-30% waktu tunggu",
            "Verified",
            datetime(2025, 9, 1, 8, 15),
        ],
    ]
    assert [cell.data_type for cell in sheet[3]] == ["s", "s", "n", "s", "s", "s", "d"]


def test_a_title_that_looks_like_a_formula_gets_an_apostrophe_in_the_csv(login, shelf):
    rows = csv_rows(login("operator_a").get(reverse("risalah-list"), {"year": 2025, "format": "csv"}))
    assert rows == [
        HEADER,
        [
            "KBK Sehati",
            "PKM Sukamaju",
            "2025",
            "Antrean",
            "'-30% waktu tunggu",
            "Verified",
            "2025-09-01 08:15",
        ],
    ]


@pytest.mark.parametrize(
    "filters",
    [{}, {"status": "submitted"}, {"year": 2026}, {"q": "antre"}, {"unit": "unit_b"}],
    ids=["all", "status", "year", "search", "unit"],
)
def test_a_filtered_risalah_export_has_exactly_the_rows_of_the_page(login, shelf, filters):
    if filters.get("unit"):
        filters = {"unit": str(shelf.unit_b.uuid)}
    client = login("verifikator")

    page = client.get(reverse("risalah-list"), filters)
    rows = csv_rows(client.get(reverse("risalah-list"), {**filters, "format": "csv"}))

    shown = [(r.group.name, str(r.programme_year.year), r.get_status_display()) for r in page.context["page"]]
    assert [(row[0], row[2], row[5]) for row in rows[1:]] == shown
    assert button_summary(page.content.decode()) == (len(rows) - 1, 7)


def test_the_outsider_exports_only_his_unit_even_when_filtering_by_another(login, shelf):
    rows = xlsx_rows(
        login("outsider").get(reverse("risalah-list"), {"unit": str(shelf.unit_a.uuid), "format": "xlsx"})
    )
    assert [row[0] for row in rows[1:]] == ["KBK Cerdas"]


def test_the_risalah_export_is_logged(login, shelf):
    content_of(login("pimpinan_a").get(reverse("risalah-list"), {"status": "verified", "format": "xlsx"}))
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert (event.actor, event.details) == (
        shelf.users["pimpinan_a"],
        {"rows": 1, "format": "xlsx", "columns": 7, "filters": "status=verified"},
    )


def test_risalah_export_queries_do_not_grow_with_risalah(login, world, django_assert_num_queries):
    client = login("verifikator")
    for _round in range(2):
        with django_assert_num_queries(8):
            xlsx_rows(client.get(reverse("risalah-list"), {"format": "xlsx"}))
        for _more in range(3):
            _risalah(GroupFactory(unit=UnitFactory(parent=world.unit_b)), world.year, Status.DRAFT)
