"""The yearly recap workbook (reports.recap), cell by cell, on the hand-built picture of
tests/reports/conftest.py with the rosters, meetings and step results of test_indicators.py and
the Bimtek attendance of test_bimtek_indicator.py, and on top of them (``recap_data``):

- SK numbers SK-1/2025 (Theta) to SK-4/2025 (Delta), dated 1 to 4 February 2025, signed "Kepala";
  Zeta's record has no SK; every risalah of 2025 was started on 3 March 2025.
- The review history: Beta returned once; Alpha verified on 25 August 2025; Theta rejected at
  00.30 on 31 August 2025 in Jakarta (still 30 August in UTC: the sheet shows the Jakarta day).
- Delta's seat of Orang 7 (an ASN of Dinas Satu) waits for Dinas Satu's confirmation: the roster
  shows no jabatan for it.
- Gelar 2025 (results published): Delta Juara I (85.5), Alpha Juara II (80.25), Beta Juara III
  (70). Lomba Inovasi 2025 (results not published): Zeta ranked first, which no sheet may show.
- Check-ins at 08.30 on the day of each Bimtek.

Each test builds the whole picture (about two seconds here), so the sheets are checked a few to
a test.
"""

import io
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest
from django.utils import translation

from events import services
from events.models import Event, EventKind, EventStatus, Result
from groups.models import GroupYear, RosterMember, SeatConfirmation
from reports.recap import write_recap
from reports.tables import dashboard_table
from risalah.models import Risalah, Status, Transition
from tests.factories import GroupFactory, PersonFactory, RosterMemberFactory
from tests.reports.conftest import JAKARTA, make_group_year, make_risalah
from tests.reports.test_bimtek_indicator import attendance  # noqa: F401 - a fixture
from tests.reports.test_indicators import (  # noqa: F401 - indicators is a fixture
    before_after,
    indicators,
    meeting,
    standard,
    tool_step,
)

TODAY = date(2026, 12, 1)
SHEETS = [
    "Summary",
    "By unit",
    "Groups and SK",
    "Rosters",
    "Risalah",
    "Meetings and attendance",
    "Targets (step 6)",
    "Standards (step 7)",
    "Gelar and results",
    "Bimtek",
    "Year on year",
]
OPD = "Regional agency (OPD)"


def _transition(risalah: Risalah, to_status: str, at: datetime, by) -> Transition:
    made = Transition.objects.create(
        risalah=risalah, from_status=Status.IN_REVIEW, to_status=to_status, by=by
    )
    Transition.objects.filter(pk=made.pk).update(at=at)
    return made


def _gelar(picture, title: str, day: date, ranking: list[tuple[str, str]], *, published: bool) -> Event:
    """A Gelar whose KBK Kreatif final ranks the groups of ``ranking`` (name, total) 1, 2, ..."""
    by = picture.bureau
    event = services.event_create(
        kind=EventKind.GELAR,
        title=title,
        programme_year=picture.year,
        organiser=picture.root,
        scope=picture.root,
        starts_on=day,
        ends_on=day,
        by=by,
    )
    services.event_change_status(event=event, to=EventStatus.REGISTRATION_OPEN, by=by)
    kreatif = event.tracks.get(code="kreatif")
    tiers = list(event.award_tiers.order_by("rank"))
    for rank, (name, total) in enumerate(ranking, start=1):
        participant = services.participant_register(
            event=event, group=picture.groups[name.lower()], track=kreatif, by=by
        )
        Result.objects.create(
            round=participant.current_round,
            track=kreatif,
            participant=participant,
            rank=rank,
            total=Decimal(total),
            raw_total=Decimal(total),
            jury_count=3,
            award_tier=tiers[rank - 1],
        )
    Event.objects.filter(pk=event.pk).update(
        status=EventStatus.RESULTS_PUBLISHED if published else EventStatus.RUNNING
    )
    return event


@pytest.fixture
def recap_data(picture, indicators, attendance):  # noqa: F811 - the fixtures imported above
    g, year = picture.groups, picture.year
    for number, name in enumerate(("theta", "alpha", "beta", "delta"), start=1):
        GroupYear.objects.filter(group=g[name], programme_year=year).update(
            sk_number=f"SK-{number}/2025", sk_date=date(2025, 2, number), sk_signed_by="Kepala"
        )
    GroupYear.objects.filter(group=g["zeta"], programme_year=year).update(sk_signed_by="")
    Risalah.objects.filter(programme_year=year).update(created_at=datetime(2025, 3, 3, 8, 0, tzinfo=JAKARTA))
    by = picture.bureau
    _transition(g["beta"].risalah.get(), Status.RETURNED, datetime(2025, 8, 20, 10, 0, tzinfo=JAKARTA), by)
    alpha = g["alpha"].risalah.get(programme_year=year)
    _transition(alpha, Status.VERIFIED, datetime(2025, 8, 25, 10, 0, tzinfo=JAKARTA), by)
    _transition(g["theta"].risalah.get(), Status.REJECTED, datetime(2025, 8, 31, 0, 30, tzinfo=JAKARTA), by)
    RosterMember.objects.filter(group_year__group=g["delta"], person=indicators.people["p7"]).update(
        confirmation=SeatConfirmation.PENDING
    )
    ranking = [("Delta", "85.5"), ("Alpha", "80.25"), ("Beta", "70")]
    _gelar(picture, "Gelar 2025", date(2025, 9, 10), ranking, published=True)
    _gelar(picture, "Lomba Inovasi 2025", date(2025, 10, 1), [("Zeta", "90")], published=False)
    for event in (attendance.bimtek, attendance.lanjutan):
        checked_in = datetime.combine(
            event.starts_on, datetime.min.time().replace(hour=8, minute=30), JAKARTA
        )
        event.attendees.filter(attended=True).update(attended_at=checked_in)
    return picture


def _workbook(picture, unit=None):
    output = io.BytesIO()
    rows = write_recap(
        year=picture.year, unit=unit or picture.root, output=output, made_by="Biro Uji", today=TODAY
    )
    output.seek(0)
    return rows, openpyxl.load_workbook(output)


def _rows(sheet) -> list[tuple]:
    return list(sheet.iter_rows(values_only=True))


def _day(year, month, day, hour=0, minute=0) -> datetime:
    """A date (or local time) cell as openpyxl reads it: a naive datetime."""
    return datetime(year, month, day, hour, minute)


def test_the_sheets_the_summary_the_matrix_and_the_trend(recap_data):
    _written, book = _workbook(recap_data)

    assert book.sheetnames == SHEETS
    assert [sheet.freeze_panes for sheet in book.worksheets] == ["A6"] + ["A2"] * 10
    assert book.properties.title == "Yearly work-culture report 2025: Pemerintah Kota Uji"
    summary = _rows(book["Summary"])
    assert summary[:5] == [
        ("Yearly work-culture report 2025: Pemerintah Kota Uji", None, None, None),
        ("Pemerintah Kota Uji and the units under it, programme year 2025.", None, None, None),
        ("Made on Dec. 1, 2026 by Biro Uji.", None, None, None),
        (None, None, None, None),
        ("Indicator", "Count", "Out of", "Percent (%)"),
    ]
    assert summary[5:] == [
        ("Units", 5, None, None),
        ("Units with a group", 3, 5, 60),
        ("Units without a group", 2, None, None),
        ("Groups formed", 6, None, None),
        ("Valid SK", 4, None, None),
        ("SK and roster complete", 3, None, None),
        ("SK or roster overdue", 3, None, None),
        ("Members", 9, None, None),
        ("Share of ASN involved", 7, 35, 20),
        ("Draft", 1, None, None),
        ("Submitted", 1, None, None),
        ("Under review", 1, None, None),
        ("Returned for revision", 1, None, None),
        ("Verified", 1, 6, 16),
        ("Rejected", 1, None, None),
        ("Not submitted", 1, None, None),
        ("Overdue", 4, None, None),
        ("Meetings", 3, None, None),
        ("Average attendance", 8, 11, 72),
        ("Targets reached (step 6)", 1, None, None),
        ("Standards adopted (step 7)", 2, None, None),
        ("Took part in the Gelar", 4, None, None),
        ("Gelar awards won", 3, None, None),
        ("Attended a Bimtek", 3, None, None),
        ("Waiting for review", 2, None, None),
        ("Something missing", 3, None, None),
    ]
    figures = book["Summary"].iter_rows(min_row=6, min_col=2)
    assert {cell.data_type for row in figures for cell in row if cell.value is not None} == {"n"}

    matrix = _rows(book["By unit"])
    header = matrix[0]
    assert list(header) == dashboard_table(recap_data.year).headers()
    columns = (header.index("Groups formed"), header.index("Gelar awards won"))
    assert [(row[0], *(row[column] for column in columns)) for row in matrix[1:]] == [
        ("Pemkot Uji (its own groups)", 1, 0),
        ("Dinas Dua", 2, 1),
        ("Dinas Satu", 3, 2),
        ("Dinas Tiga", 0, 0),
        ("Total", 6, 3),
    ]

    assert _rows(book["Year on year"]) == [
        (
            "Year",
            "Units",
            "Units with a group",
            "Groups formed",
            "Valid SK",
            "SK and roster complete",
            "SK or roster overdue",
            "Draft",
            "Submitted",
            "Under review",
            "Returned for revision",
            "Verified",
            "Rejected",
            "Not submitted",
            "Overdue",
            "Took part in the Gelar",
            "Gelar awards won",
            "Attended a Bimtek",
        ),
        (2025, 5, 3, 6, 4, 3, 3, 1, 1, 1, 1, 1, 1, 1, 4, 4, 3, 3),
        (2026, 5, 4, 7, 1, 1, 6, 0, 0, 0, 0, 1, 0, 6, 6, 0, 0, 1),
    ]


def test_the_groups_with_their_sk_and_the_rosters_seat_by_seat(recap_data, indicators):  # noqa: F811
    _written, book = _workbook(recap_data)

    formed = _day(2024, 1, 10)
    assert _rows(book["Groups and SK"]) == [
        (
            "OPD",
            "Unit",
            "Unit kind",
            "Group",
            "Date formed",
            "SK number",
            "SK date",
            "Signed by",
            "Valid SK",
            "SK and roster",
            "Members",
        ),
        (
            "Pemkot Uji",
            "Pemkot Uji",
            "City government (Pemkot)",
            "Theta",
            formed,
            "SK-1/2025",
            _day(2025, 2, 1),
            "Kepala",
            "Yes",
            "Complete",
            1,
        ),
        (
            "Dinas Dua",
            "Dinas Dua",
            OPD,
            "Delta",
            formed,
            "SK-4/2025",
            _day(2025, 2, 4),
            "Kepala",
            "Yes",
            "Complete",
            3,
        ),
        ("Dinas Dua", "PKM Dua A", "Puskesmas", "Zeta", formed, None, None, None, "No", "Incomplete", 1),
        (
            "Dinas Satu",
            "Dinas Satu",
            OPD,
            "Alpha",
            formed,
            "SK-2/2025",
            _day(2025, 2, 2),
            "Kepala",
            "Yes",
            "Complete",
            4,
        ),
        (
            "Dinas Satu",
            "Dinas Satu",
            OPD,
            "Beta",
            None,
            "SK-3/2025",
            _day(2025, 2, 3),
            "Kepala",
            "Yes",
            "Incomplete",
            2,
        ),
        ("Dinas Satu", "Dinas Satu", OPD, "Gamma", formed, None, None, None, "No", "No SK/roster yet", 0),
    ]
    groups = book["Groups and SK"]
    assert (groups["E2"].is_date, groups["E2"].number_format, groups["K2"].data_type) == (
        True,
        "dd/mm/yyyy",
        "n",
    )

    people = indicators.people

    def seat(opd, unit, group, role, person, jabatan="Pelaksana", confirmation="Own unit"):
        who = people[person]
        return (opd, unit, group, role, who.nip, who.name, jabatan, "Dinas Satu", confirmation)

    assert _rows(book["Rosters"]) == [
        (
            "OPD",
            "Unit",
            "Group",
            "Role in the group",
            "NIP",
            "Name",
            "Position (jabatan)",
            "Unit of the ASN",
            "Confirmation",
        ),
        seat("Pemkot Uji", "Pemkot Uji", "Theta", "Anggota", "p9"),
        seat("Dinas Dua", "Dinas Dua", "Delta", "Anggota", "p4"),
        seat("Dinas Dua", "Dinas Dua", "Delta", "Anggota", "p6"),
        seat("Dinas Dua", "Dinas Dua", "Delta", "Anggota", "p7", None, "Waiting for confirmation"),
        seat("Dinas Dua", "PKM Dua A", "Zeta", "Anggota", "p8"),
        seat("Dinas Satu", "Dinas Satu", "Alpha", "Pembina", "p0"),
        seat("Dinas Satu", "Dinas Satu", "Alpha", "Fasilitator", "p1"),
        seat("Dinas Satu", "Dinas Satu", "Alpha", "Ketua", "p2"),
        seat("Dinas Satu", "Dinas Satu", "Alpha", "Sekretaris", "p3"),
        seat("Dinas Satu", "Dinas Satu", "Alpha", "Anggota", "p4"),
        seat("Dinas Satu", "Dinas Satu", "Beta", "Anggota", "p4"),
        seat("Dinas Satu", "Dinas Satu", "Beta", "Anggota", "p5"),
    ]
    assert book["Rosters"]["E2"].data_type == "s"  # an 18-digit NIP is text, never a rounded number


def test_the_risalah_by_state_with_dates_and_their_meetings(recap_data):
    _written, book = _workbook(recap_data)

    started = _day(2025, 3, 3)
    assert _rows(book["Risalah"]) == [
        (
            "OPD",
            "Unit",
            "Group",
            "Title",
            "Status",
            "Revision",
            "Started",
            "Submitted",
            "On time",
            "Returned for revision (times)",
            "Decided on",
        ),
        (
            "Pemkot Uji",
            "Pemkot Uji",
            "Theta",
            "Tema Theta",
            "Rejected",
            1,
            started,
            _day(2025, 8, 1, 9),
            "Yes",
            0,
            _day(2025, 8, 31),
        ),
        (
            "Dinas Dua",
            "Dinas Dua",
            "Delta",
            "Tema Delta",
            "Submitted",
            1,
            started,
            _day(2025, 8, 16, 0, 30),
            "No",
            0,
            None,
        ),
        (
            "Dinas Dua",
            "PKM Dua A",
            "Zeta",
            "Tema Zeta",
            "Under review",
            1,
            started,
            _day(2025, 8, 1, 9),
            "Yes",
            0,
            None,
        ),
        (
            "Dinas Satu",
            "Dinas Satu",
            "Alpha",
            "Tema Alpha",
            "Verified",
            1,
            started,
            _day(2025, 8, 10, 14),
            "Yes",
            0,
            _day(2025, 8, 25),
        ),
        (
            "Dinas Satu",
            "Dinas Satu",
            "Beta",
            "Tema Beta",
            "Returned for revision",
            1,
            started,
            _day(2025, 8, 15, 23, 30),
            "Yes",
            1,
            None,
        ),
        ("Dinas Satu", "Dinas Satu", "Gamma", "Tema Gamma", "Draft", 1, started, None, "No", 0, None),
    ]
    assert book["Risalah"]["H2"].number_format == "dd/mm/yyyy hh:mm"

    # The filed risalah only (submitted, under review, verified): what the figures count.
    assert _rows(book["Meetings and attendance"]) == [
        (
            "OPD",
            "Unit",
            "Group",
            "Risalah",
            "Meetings",
            "Members present",
            "Members expected",
            "Average attendance (%)",
            "First meeting",
            "Last meeting",
        ),
        ("Dinas Dua", "Dinas Dua", "Delta", "Submitted", 1, 1, 3, 33, _day(2025, 5, 2), _day(2025, 5, 2)),
        ("Dinas Dua", "PKM Dua A", "Zeta", "Under review", 0, 0, 0, None, None, None),
        ("Dinas Satu", "Dinas Satu", "Alpha", "Verified", 2, 7, 8, 87, _day(2025, 5, 1), _day(2025, 5, 8)),
    ]


def test_targets_standards_gelar_results_and_bimtek(recap_data, attendance):  # noqa: F811
    _written, book = _workbook(recap_data)

    assert _rows(book["Targets (step 6)"]) == [
        ("OPD", "Unit", "Group", "Title", "What is measured", "Before", "After", "Target", "Target reached"),
        ("Dinas Dua", "Dinas Dua", "Delta", "Tema Delta", "menit", 30, 20, 25, "No"),
        ("Dinas Dua", "PKM Dua A", "Zeta", "Tema Zeta", None, None, None, None, "Not stated"),
        ("Dinas Satu", "Dinas Satu", "Alpha", "Tema Alpha", "menit", 30, 20, 25, "Yes"),
    ]
    assert book["Targets (step 6)"]["F2"].data_type == "n"
    assert _rows(book["Standards (step 7)"]) == [
        (
            "OPD",
            "Unit",
            "Group",
            "Title",
            "Standard adopted",
            "Standard",
            "Number of the standard",
            "Socialisation",
        ),
        ("Dinas Dua", "Dinas Dua", "Delta", "Tema Delta", "Yes", None, "SOP/2/2025", None),
        ("Dinas Dua", "PKM Dua A", "Zeta", "Tema Zeta", "No", None, None, None),
        ("Dinas Satu", "Dinas Satu", "Alpha", "Tema Alpha", "Yes", "SOP Antrian", None, None),
    ]

    gelar = ("Gelar 2025", _day(2025, 9, 10), "KBK Kreatif")
    lomba = ("Lomba Inovasi 2025", _day(2025, 10, 1), "KBK Kreatif")
    final = "Final presentation"
    assert _rows(book["Gelar and results"]) == [
        (
            "Event",
            "First day",
            "Track",
            "OPD",
            "Unit",
            "Group",
            "Round reached",
            "Rank",
            "Total",
            "Award",
            "Results published",
        ),
        (*gelar, "Dinas Dua", "Dinas Dua", "Delta", final, 1, 85.5, "Juara I", "Yes"),
        (*gelar, "Dinas Satu", "Dinas Satu", "Alpha", final, 2, 80.25, "Juara II", "Yes"),
        (*gelar, "Dinas Satu", "Dinas Satu", "Beta", final, 3, 70, "Juara III", "Yes"),
        # Not published: the juries' working ranks stay out of the file.
        (*lomba, "Dinas Dua", "PKM Dua A", "Zeta", final, None, None, None, "No"),
    ]

    nips = attendance.nips
    first = ("Bimtek Risalah 2025", _day(2025, 7, 18))
    at_first = _day(2025, 7, 18, 8, 30)
    assert _rows(book["Bimtek"]) == [
        ("Event", "First day", "OPD", "Unit", "NIP", "Name", "Attended", "Checked in at"),
        (*first, "Pemkot Uji", "Pemkot Uji", nips["Dewi"], "Dewi", "Yes", at_first),
        (*first, "Dinas Dua", "PKM Dua A", nips["Citra"], "Citra", "Yes", at_first),
        (*first, "Dinas Satu", "Dinas Satu", nips["Budi"], "Budi", "No", None),
        (*first, "Dinas Satu", "Dinas Satu", nips["Sari"], "Sari", "Yes", at_first),
        (
            "Bimtek Lanjutan 2025",
            _day(2025, 8, 2),
            "Dinas Dua",
            "Dinas Dua",
            nips["Citra"],
            "Citra",
            "Yes",
            _day(2025, 8, 2, 8, 30),
        ),
    ]


def test_the_workbook_is_in_indonesian(recap_data):
    with translation.override("id"):
        _written, book = _workbook(recap_data)

    assert book.sheetnames == [
        "Ringkasan",
        "Per Unit",
        "Kelompok dan SK",
        "Susunan Anggota",
        "Risalah",
        "Pertemuan dan Kehadiran",
        "Target (Langkah 6)",
        "Standar (Langkah 7)",
        "Gelar dan Hasil",
        "Bimtek",
        "Tren Tahunan",
    ]
    summary = _rows(book["Ringkasan"])
    assert [row[0] for row in summary[:3]] == [
        "Laporan Tahunan Budaya Kerja 2025: Pemerintah Kota Uji",
        "Pemerintah Kota Uji dan unit di bawahnya, tahun program 2025.",
        "Dibuat pada 1 Desember 2026 oleh Biro Uji.",
    ]
    assert summary[4] == ("Indikator", "Jumlah", "Dari", "Persen (%)")
    groups = _rows(book["Kelompok dan SK"])
    assert groups[0] == (
        "OPD",
        "Unit",
        "Jenis unit",
        "Kelompok",
        "Tanggal dibentuk",
        "Nomor SK",
        "Tanggal SK",
        "Ditandatangani oleh",
        "SK sah",
        "SK dan susunan anggota",
        "Anggota",
    )
    assert groups[1][8:10] == ("Ya", "Lengkap")


def test_the_recap_of_an_opd_holds_only_its_subtree(recap_data):
    """An OPD's recap: its own groups and its sub-units', no other OPD's; rows by sub-unit."""
    _written, book = _workbook(recap_data, unit=recap_data.u2)

    groups = _rows(book["Groups and SK"])
    assert [(row[0], row[1], row[3]) for row in groups] == [
        ("Sub-unit", "Unit", "Group"),
        ("Dinas Dua", "Dinas Dua", "Delta"),
        ("PKM Dua A", "PKM Dua A", "Zeta"),
    ]
    assert [row[5] for row in _rows(book["Bimtek"])[1:]] == ["Citra", "Citra"]
    assert [row[5] for row in _rows(book["Gelar and results"])[1:]] == ["Delta", "Zeta"]
    assert {row[2] for row in _rows(book["Rosters"])[1:]} == {"Delta", "Zeta"}
    assert _rows(book["Summary"])[8] == ("Groups formed", 2, None, None)


def _more_groups(picture, count: int) -> None:
    """Groups of Dinas Tiga with all a year holds: SK, a roster, a filed risalah with a meeting
    and its step results."""
    for number in range(count):
        group = GroupFactory(unit=picture.u3, name=f"Extra {number}", formed_on=date(2024, 1, 10))
        record = make_group_year(group, picture.year, complete=True)
        person = PersonFactory(unit=picture.u3)
        RosterMemberFactory(group_year=record, person=person)
        risalah = make_risalah(
            group, picture.year, Status.SUBMITTED, datetime(2025, 8, 1, 9, 0, tzinfo=JAKARTA)
        )
        meeting(risalah, [person], 3)
        tool_step(risalah, "before_after", before_after(True))
        tool_step(risalah, "standard", standard(title="SOP Extra"))


@pytest.mark.parametrize("extra", [0, 3])
def test_the_queries_do_not_grow_with_the_groups(recap_data, extra, django_assert_num_queries):
    """The dashboard 5, the figures per group 7, groups and their SK 2, rosters 1, risalah 2,
    meetings 2, the filed risalah's results 2, the Gelar 2, the Bimtek 1, the trend 1."""
    _more_groups(recap_data, extra)
    with django_assert_num_queries(25):
        rows, _book = _workbook(recap_data)
    assert rows == 75 + extra * 6  # each extra group: a row in five sheets and its one roster seat
