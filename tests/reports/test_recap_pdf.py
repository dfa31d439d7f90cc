"""The yearly recap PDF on the hand-built picture (tests/reports/conftest.py), with results at
steps 6 and 7 for Alpha's verified risalah, a published Gelar and the Pemda's signatory.

Each test that builds the PDF takes seconds (a WeasyPrint render with three charts); the query
counts read the HTML only, which is where every query is made.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils.formats import date_format

from core.models import UnitKind
from groups.models import Group
from reports.documents import verified_risalah
from reports.recap_pdf import build_recap_pdf, recap_context, render_recap_html
from risalah.models import Risalah, Status
from tests.factories import GroupFactory, UnitFactory
from tests.reports.conftest import make_group_year, make_risalah
from tests.reports.documents_data import add_results, gelar, pdf_text, signatory

JAKARTA = ZoneInfo("Asia/Jakarta")
NOW = datetime(2025, 12, 15, 10, 0, tzinfo=JAKARTA)


@pytest.fixture
def recap(picture):
    alpha = Risalah.objects.get(group=picture.groups["alpha"], programme_year=picture.year)
    Risalah.objects.filter(pk=alpha.pk).update(title="Menurunkan waktu tunggu loket dari 12 menjadi 4 menit")
    add_results(
        alpha,
        before=12,
        after=4,
        target=5,
        reached=True,
        standard=("SOP-07", "SOP Antrean Loket"),
        metric="menit",
    )
    g = picture.groups
    gelar(
        year=picture.year,
        organiser=picture.root,
        by=picture.bureau,
        title="Gelar Budaya Kerja Kota Uji 2025",
        groups=[g["alpha"], g["beta"], g["delta"]],
        winners=[g["delta"]],
    )
    gelar(
        year=picture.year,
        organiser=picture.root,
        by=picture.bureau,
        title="Lomba yang belum diumumkan",
        groups=[g["zeta"]],
        winners=[g["zeta"]],
        published=False,
    )
    signatory(picture.root)
    return picture


def test_the_recap_pdf_holds_the_figures_of_the_year(recap):
    text = pdf_text(build_recap_pdf(recap.year, recap.root))
    today = date_format(datetime.now(JAKARTA).date(), "DATE_FORMAT")
    # Cover and summary: the dashboard's figures of Pemkot Uji in 2025.
    assert "YEARLY WORK CULTURE REPORT 2025 Pemerintah Kota Uji" in text
    assert "60 % 3 of 5 units have a group" in text
    assert "6 groups formed" in text
    assert "16 % 1 of 6 groups have a verified risalah" in text
    # The table of every unit (groups, valid SK, complete, verified, not submitted, overdue, share).
    assert "Pemerintah Kota Uji (its own groups) 1 1 1 0 0 0 0 %" in text
    assert "Dinas Dua 2 1 1 0 0 2 0 %" in text
    assert "Dinas Satu 3 2 1 1 1 2 33 %" in text
    assert "Dinas Tiga 0 0 0 0 0 0 –" in text
    assert "Total 6 4 3 1 1 4 16 %" in text
    # The charts, as text.
    assert "Risalah of 2025 by unit" in text
    assert "Groups by the state of their risalah" in text
    assert "KBK groups year on year" in text
    # Dinas Satu's section: its figures, and Alpha's results at steps 6 and 7.
    section = text[text.index("Dinas Satu Units 1") :]
    assert section.startswith(
        "Dinas Satu Units 1 · Units with a group 1 · Groups formed 3 · Valid SK 2 · SK and roster complete 1 · "
        "SK or roster overdue 2 · Members 0 · Share of ASN involved – · Draft 1 · Submitted 0 · Under review 0 · "
        "Returned for revision 1 · Verified 1 · Rejected 0 · Not submitted 1 · Overdue 2 · "
    )
    assert (
        "Verified risalah Alpha — Menurunkan waktu tunggu loket dari 12 menjadi 4 menit "
        "Before → after (step 6): 12 → 4 (target 5) · Target reached: Yes · Standard (step 7): SOP-07 — SOP Antrean Loket"
    ) in section
    # Gelar results: the final round of the published Gelar only.
    gelar_part = text[text.index("Gelar Budaya Kerja 2025: results") :]
    assert "Gelar Budaya Kerja Kota Uji 2025" in gelar_part
    assert "1 Delta Dinas Dua 89.00 Juara I" in gelar_part
    assert "Alpha" not in gelar_part  # ranked in the desk round only
    assert "Lomba yang belum diumumkan" not in text
    # The signature of the Kepala Bagian Organisasi.
    assert (
        f"Kota Uji, {today} Kepala Bagian Organisasi Dra. Sri Wahyuni, M.Si. Pembina Tingkat I (IV/b) "
        "NIP 197507082003122001"
    ) in text
    # Nothing of another Pemda.
    assert "Foreign" not in text
    assert "Dinas Lain" not in text


def test_without_a_signatory_the_signature_is_left_blank(picture):
    html = render_recap_html(picture.year, picture.root, now=NOW)
    assert "Head of the Bagian Organisasi" in html
    assert "(........................................)" in html
    assert "NIP .............................." in html


def test_the_recap_of_an_opd_has_a_section_per_sub_unit(recap):
    context = recap_context(recap.year, recap.u2, now=NOW)
    assert [(section.title, section.figures.groups) for section in context["sections"]] == [
        ("Dinas Dua (its own groups)", 1),
        ("Puskesmas Dua A", 1),
        ("Puskesmas Dua B", 0),
    ]
    assert context["pemda"] == recap.root and not context["is_pemda_recap"]
    assert [item["event"].title for item in context["events"]] == ["Gelar Budaya Kerja Kota Uji 2025"]
    assert context["verified_count"] == 0


def test_the_verified_list_has_one_risalah_per_group_as_many_as_the_dashboard_counts(recap):
    alpha = recap.groups["alpha"]
    first = Risalah.objects.get(group=alpha, programme_year=recap.year)
    # A correction verified again, and one still under review after it: the newest verified counts.
    second = make_risalah(alpha, recap.year, Status.VERIFIED, previous=first)
    make_risalah(alpha, recap.year, Status.IN_REVIEW, previous=second)
    context = recap_context(recap.year, recap.root, now=NOW)
    assert [risalah.pk for risalah in verified_risalah(recap.year, recap.root)] == [second.pk]
    assert context["verified_count"] == context["totals"].verified == 1


def test_the_recap_is_written_in_indonesian_by_default(picture, settings):
    settings.LANGUAGE_CODE = "id"
    html = render_recap_html(picture.year, picture.root, now=NOW)
    assert "Laporan Tahunan Budaya Kerja" in html
    assert "Kepala Bagian Organisasi" in html
    assert "15 Desember 2025" in html
    assert "Unit demi unit" in html


def _more_units(picture, numbers: range) -> None:
    """More OPDs with two groups each, both verified with results, one a Gelar winner."""
    winners = []
    for number in numbers:
        opd = UnitFactory(
            parent=picture.root, kind=UnitKind.OPD, name=f"Badan {number}", code=f"UJI-B{number}"
        )
        for name in ("Satu", "Dua"):
            group = GroupFactory(unit=opd, name=f"{name} {number}", formed_on=None)
            make_group_year(group, picture.year, complete=True)
            risalah = make_risalah(group, picture.year, Status.VERIFIED, NOW)
            add_results(risalah, before=10, after=2, target=3, reached=True, standard=("SOP", "SOP baru"))
        winners.append(Group.objects.get(name=f"Satu {number}"))
    gelar(
        year=picture.year,
        organiser=picture.root,
        by=picture.bureau,
        title=f"Gelar {numbers.start}",
        groups=winners,
        winners=winners,
    )


def test_the_queries_of_the_recap_do_not_grow_with_units_and_groups(picture, django_assert_num_queries):
    """Eleven, and three for each year of the trend (here 2025 alone)."""
    _more_units(picture, range(1))
    with django_assert_num_queries(14):
        render_recap_html(picture.year, picture.root, now=NOW)
    _more_units(picture, range(1, 4))
    picture.root.refresh_from_db()
    with django_assert_num_queries(14):
        html = render_recap_html(picture.year, picture.root, now=NOW)
    assert html.count("Standard (step 7): SOP — SOP baru") == 8
