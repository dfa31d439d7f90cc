"""The evaluation letter of an OPD: its figures, groups and results, the bureau's notes typed on
the letter's page and kept, and who may have it. Building a letter PDF takes a second or two."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.urls import reverse

from core.models import AuditAction, AuditEvent
from reports.letters import render_letter_html
from reports.models import OpdLetterNote
from risalah.models import Risalah, Status
from tests.factories import GroupFactory
from tests.reports.conftest import make_group_year, make_risalah
from tests.reports.documents_data import add_results, pdf_text, signatory

NOW = datetime(2025, 12, 15, 10, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
NOTES = "Gamma belum menyerahkan risalah.\nBeta: lengkapi susunan anggota sebelum Maret."


def letter_url(picture, name: str, unit=None) -> str:
    return reverse(name, kwargs={"year": picture.year.year, "unit": (unit or picture.u1).uuid})


def download(client, url: str) -> bytes:
    response = client.get(url)
    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")
    return response.content


def test_the_bureau_types_notes_that_the_letter_prints(client, picture):
    client.force_login(picture.bureau)
    alpha = Risalah.objects.get(group=picture.groups["alpha"], programme_year=picture.year)
    add_results(alpha, before=30, after=90, target=85, reached=True, standard=("SOP-3", "SOP Arsip"))
    signatory(picture.root)

    response = client.post(
        letter_url(picture, "reports-letter"), {"number": " 061/45/2025 ", "text": NOTES, "download": "1"}
    )

    assert response.status_code == 302 and response["Location"] == letter_url(picture, "reports-letter-pdf")
    note = OpdLetterNote.objects.get()
    assert (note.programme_year, note.unit, note.number, note.text, note.updated_by) == (
        picture.year,
        picture.u1,
        "061/45/2025",
        NOTES,
        picture.bureau,
    )
    text = pdf_text(download(client, response["Location"]))
    assert "PEMERINTAH KOTA UJI SEKRETARIAT DAERAH BAGIAN ORGANISASI" in text
    assert "Number : 061/45/2025" in text
    assert "Subject : Evaluation of the work culture programme 2025" in text
    assert "To Head of Dinas Satu in place" in text
    assert "Units 1 Verified 1 Units with a group 1 Rejected 0 Groups formed 3 Not submitted 1" in text
    assert (
        "Alpha Dinas Satu Yes Yes Verified Beta Dinas Satu Yes No (overdue) Returned for revision "
        "Gamma Dinas Satu No No (overdue) Draft (overdue)"
    ) in text
    assert "Alpha Tema Alpha 30 → 90 (target 85) Yes SOP-3 — SOP Arsip" in text
    assert f"Notes of the Bagian Organisasi {NOTES.replace(chr(10), ' ')}" in text
    assert (
        "Kepala Bagian Organisasi Dra. Sri Wahyuni, M.Si. Pembina Tingkat I (IV/b) NIP 197507082003122001"
        in text
    )
    assert "Delta" not in text and "Foreign" not in text  # other units' groups


def test_the_notes_are_kept_and_shown_again(client, picture):
    client.force_login(picture.bureau)
    url = letter_url(picture, "reports-letter")
    client.post(url, {"number": "", "text": "Pertama."})
    response = client.post(url, {"number": "061/1/2025", "text": "Kedua."}, follow=True)
    assert response.redirect_chain == [(url, 302)]
    assert "The notes are kept. They are printed in the letter." in response.content.decode()
    form = response.context["form"]
    assert (form.initial["number"], form.initial["text"]) == ("061/1/2025", "Kedua.")
    assert list(OpdLetterNote.objects.values_list("number", "text")) == [("061/1/2025", "Kedua.")]
    # Another year's letter has its own notes.
    assert OpdLetterNote.objects.filter(programme_year=picture.year_2026).count() == 0


def test_a_letter_without_notes_has_a_blank_number_and_no_notes_heading(picture):
    html = render_letter_html(picture.year, picture.u2, now=NOW)
    assert "Number" in html and ".............................." in html
    assert "Notes of the Bagian Organisasi" not in html
    assert "Dec. 15, 2025" in html


def test_the_operator_downloads_the_letter_of_their_own_opd_but_cannot_type_its_notes(client, picture):
    client.force_login(picture.operator_u1)
    text = pdf_text(download(client, letter_url(picture, "reports-letter-pdf")))
    assert "Head of Dinas Satu" in text
    assert client.get(letter_url(picture, "reports-letter")).status_code == 403
    assert client.post(letter_url(picture, "reports-letter"), {"text": "x"}).status_code == 403
    assert not OpdLetterNote.objects.exists()


def test_another_opd_and_the_whole_government_have_no_letter_for_the_operator(client, picture):
    client.force_login(picture.operator_u1)
    for unit in (picture.u2, picture.root, picture.other):
        assert client.get(letter_url(picture, "reports-letter-pdf", unit)).status_code == 404
    client.force_login(picture.outsider)
    assert client.get(letter_url(picture, "reports-letter-pdf")).status_code == 404
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def test_the_bureau_has_no_letter_for_a_whole_government_nor_for_another_pemda(client, picture):
    client.force_login(picture.bureau)
    assert client.get(letter_url(picture, "reports-letter", picture.root)).status_code == 404
    assert client.get(letter_url(picture, "reports-letter-pdf", picture.root)).status_code == 404
    assert client.get(letter_url(picture, "reports-letter", picture.other)).status_code == 404
    unknown = reverse("reports-letter-pdf", kwargs={"year": 1999, "unit": picture.u1.uuid})
    assert client.get(unknown).status_code == 404


def test_every_download_is_in_the_audit_log(client, picture):
    client.force_login(picture.operator_u1)
    data = download(client, letter_url(picture, "reports-letter-pdf"))
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert (event.actor, event.unit, event.target, event.details) == (
        picture.operator_u1,
        picture.u1,
        "Evaluation letter (PDF): surat-evaluasi-2025-uji-1.pdf",
        {"document": "letter_pdf", "year": 2025, "bytes": len(data)},
    )


def test_the_queries_of_the_letter_do_not_grow_with_its_groups(picture, django_assert_num_queries):
    OpdLetterNote.objects.create(programme_year=picture.year, unit=picture.u1, text="Catatan.")
    with django_assert_num_queries(13):
        render_letter_html(picture.year, picture.u1, now=NOW)
    for number in range(3):
        group = GroupFactory(unit=picture.u1, name=f"Tambahan {number}", formed_on=None)
        make_group_year(group, picture.year, complete=True)
        risalah = make_risalah(group, picture.year, Status.VERIFIED, NOW)
        add_results(risalah, before=1, after=2, target=2, reached=True)
    with django_assert_num_queries(13):
        html = render_letter_html(picture.year, picture.u1, now=NOW)
    assert html.count("Tambahan") == 9  # the groups; the verified risalah, by group and by theme


def test_the_letter_is_written_in_indonesian_by_default(picture, settings):
    settings.LANGUAGE_CODE = "id"
    html = render_letter_html(picture.year, picture.u1, now=NOW)
    for text in (
        "Yth.",
        "Kepala Dinas Satu",
        "di tempat",
        "Evaluasi pelaksanaan budaya kerja tahun 2025",
        "15 Desember 2025",
    ):
        assert text in html, text
