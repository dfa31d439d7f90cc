"""The evidence pack of an OPD for the reform evaluation (ZIP): exactly its files, with their
bytes; nothing of another unit; who may have it; the audit log; the queries.

The first test prints a risalah and a certificate (WeasyPrint, seconds); the others print no
risalah.
"""

import csv
import hashlib
import io
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.models import AuditAction, AuditEvent
from events import services
from events.models import CertificateKind
from groups.models import GroupYear
from reports.evidence import write_evidence_zip
from tests.conftest import without_risalah
from tests.events.bimtek import make_bimtek, register
from tests.export_files import content_of
from tests.factories import GroupFactory, GroupYearFactory, make_verified_risalah, pdf_bytes
from tests.reports.documents_data import gelar, pdf_text

SK_SCAN = pdf_bytes("SK Kepala Dinas Kesehatan nomor 800/77/2026 tentang KBK Sehati")


def pack_url(world, unit) -> str:
    return reverse("reports-evidence-zip", kwargs={"year": world.year.year, "unit": unit.uuid})


def download(client, url: str) -> zipfile.ZipFile:
    response = client.get(url)
    assert (response.status_code, response["Content-Type"]) == (200, "application/zip")
    return zipfile.ZipFile(io.BytesIO(content_of(response)))


def index_of(archive: zipfile.ZipFile) -> list[list[str]]:
    text = archive.read("index.csv").decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


@pytest.fixture
def evidence(world, login):
    """Unit A's SK scan uploaded by its operator, a Bimtek with people of both units, a published
    Gelar with a certificate for each group, group A's risalah verified."""
    sk = {
        "sk_number": "800/77/2026",
        "sk_date": "2026-02-10",
        "sk_signed_by": "Kepala Dinas Kesehatan",
        "sk_scan": SimpleUploadedFile("SK KBK Sehati.pdf", SK_SCAN, content_type="application/pdf"),
    }
    response = login("operator_a").post(reverse("groups-year-edit", args=[world.group_a.uuid, 2026]), sk)
    assert response.status_code == 302
    bureau = world.users["verifikator"]
    bimtek = make_bimtek(world)
    services.bimtek_check_in(attendee=register(world, bimtek, 0, name="Ani Lestari"), by=bureau)
    register(world, bimtek, 1, name="Budi Santoso")
    register(world, bimtek, 2, unit=world.unit_b, name="Citra Dewi")
    event, participants = gelar(
        year=world.year,
        organiser=world.pemda,
        by=bureau,
        title="Gelar Budaya Kerja 2026",
        groups=[world.group_a, world.group_b],
        winners=[world.group_a, world.group_b],
    )
    winner = services.certificate_issue(
        event=event, kind=CertificateKind.WINNER, participant=participants["KBK Sehati"], by=bureau
    )
    presenter = services.certificate_issue(
        event=event, kind=CertificateKind.PRESENTER, participant=participants["KBK Cerdas"], by=bureau
    )
    without_risalah(world)
    make_verified_risalah(
        group=world.group_a,
        programme_year=world.year,
        by=world.users["operator_a"],
        reviewer=bureau,
        theme="Antrean apotek",
        title="Menurunkan waktu tunggu obat",
    )
    world.certificates = {"winner": winner, "presenter": presenter}
    return world


def test_the_pack_holds_exactly_the_opds_files_with_their_bytes(evidence, login, settings):
    settings.PORTAL_BASE_URL = "https://kbk.contoh.go.id/"
    world = evidence
    archive = download(login("operator_a"), pack_url(world, world.unit_a))
    winner = world.certificates["winner"]
    certificate_name = f"03-Sertifikat-Gelar/001-juara-2026-{winner.event_id}.pdf"
    assert archive.namelist() == [
        "01-SK/pkm-skm_kbk-sehati.pdf",
        "02-Bimtek/kehadiran-bimtek-2026-dinkes.xlsx",
        certificate_name,
        "04-Risalah/pkm-skm_kbk-sehati.pdf",
        "index.csv",
        "README.txt",
    ]
    # The scan comes back as uploaded, byte for byte.
    assert archive.read("01-SK/pkm-skm_kbk-sehati.pdf") == SK_SCAN
    # The attendance of the unit's people only, typed cells.
    sheet = openpyxl.load_workbook(
        io.BytesIO(archive.read("02-Bimtek/kehadiran-bimtek-2026-dinkes.xlsx"))
    ).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert [row[:6] for row in rows] == [
        ["Bimtek", "Date", "Name", "NIP", "Unit", "Attended"],
        [
            "Bimtek Penyusunan Risalah 2026",
            rows[1][1],
            "Ani Lestari",
            "197507082003121001",
            "Puskesmas Sukamaju",
            "Yes",
        ],
        [
            "Bimtek Penyusunan Risalah 2026",
            rows[2][1],
            "Budi Santoso",
            "198110212006042002",
            "Puskesmas Sukamaju",
            "No",
        ],
    ]
    assert (rows[1][1].date().isoformat(), rows[1][6] is not None, rows[2][6]) == ("2026-07-18", True, None)
    # The certificate as events prints it, with the portal's verification address.
    certificate = pdf_text(archive.read(certificate_name))
    assert winner.number in certificate
    check = reverse("events-certificate-check", args=[winner.verification_code])
    assert f"https://kbk.contoh.go.id{check}" in certificate
    assert "KBK Sehati" in pdf_text(archive.read("04-Risalah/pkm-skm_kbk-sehati.pdf"))
    # The index lists every file (not itself nor the README) with its size and checksum.
    index = index_of(archive)
    assert index[0] == ["No.", "File", "Contents", "Unit", "Group", "Description", "Size (bytes)", "SHA-256"]
    files = archive.namelist()[:4]
    assert [row[1] for row in index[1:]] == files
    assert [(row[6], row[7]) for row in index[1:]] == [
        (str(len(archive.read(name))), hashlib.sha256(archive.read(name)).hexdigest()) for name in files
    ]
    assert index[1][2:6] == [
        "SK of the group",
        "Puskesmas Sukamaju",
        "KBK Sehati",
        "SK number 800/77/2026 of Feb. 10, 2026",
    ]
    assert index[2][2:6] == ["Bimtek attendance", "Dinas Kesehatan", "", "2 registrations"]
    assert index[3][2:6] == [
        "Gelar certificate",
        "Puskesmas Sukamaju",
        "KBK Sehati",
        f"Gelar Budaya Kerja 2026: Juara I ({winner.number})",
    ]
    assert index[4][2:6] == [
        "Verified risalah",
        "Puskesmas Sukamaju",
        "KBK Sehati",
        "Menurunkan waktu tunggu obat",
    ]
    readme = archive.read("README.txt").decode()
    assert "Unit: Dinas Kesehatan (DINKES) and the units under it" in readme
    assert "- 01-SK/: 1 scanned SK of a group" in readme
    assert "- 02-Bimtek/: the Bimtek attendance sheet (XLSX), 2 registrations" in readme
    assert "- 03-Sertifikat-Gelar/: 1 Gelar certificate (PDF)" in readme
    assert "- 04-Risalah/: 1 verified risalah (PDF)" in readme


def test_an_outsiders_pack_holds_nothing_of_another_unit(evidence, login):
    world = evidence
    archive = download(login("outsider"), pack_url(world, world.unit_b))
    presenter = world.certificates["presenter"]
    names = archive.namelist()
    assert names == [
        "01-SK/disdik_kbk-cerdas.pdf",
        "02-Bimtek/kehadiran-bimtek-2026-disdik.xlsx",
        f"03-Sertifikat-Gelar/002-peserta-2026-{presenter.event_id}.pdf",
        "index.csv",
        "README.txt",
    ]
    texts = [
        pdf_text(archive.read(name))
        if name.endswith(".pdf")
        else archive.read(name).decode("utf-8", "replace")
        for name in names
        if not name.endswith(".xlsx")
    ]
    sheet = openpyxl.load_workbook(io.BytesIO(archive.read(names[1]))).active
    texts.append(" ".join(str(cell.value) for row in sheet.iter_rows() for cell in row))
    for foreign in (
        "Sehati",
        "Puskesmas Sukamaju",
        "Dinas Kesehatan",
        "Ani Lestari",
        "Budi Santoso",
        "800/77/2026",
    ):
        assert [text for text in texts if foreign in text] == [], foreign
    with GroupYear.objects.get(group=world.group_b).sk_scan.open("rb") as scan:
        assert archive.read(names[0]) == scan.read()


def test_an_operator_of_another_opd_gets_a_404_and_nothing_is_logged(world, login):
    outsider = login("outsider")
    for unit in (world.unit_a, world.unit_a1, world.pemda):
        assert outsider.get(pack_url(world, unit)).status_code == 404
    # The whole government has the recap, not a pack, even for the bureau.
    assert login("verifikator").get(pack_url(world, world.pemda)).status_code == 404
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def test_the_download_is_in_the_audit_log(world, login):
    size = len(content_of(login("pimpinan_a").get(pack_url(world, world.unit_a))))
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert (event.actor, event.unit, event.target, event.details) == (
        world.users["pimpinan_a"],
        world.unit_a,
        "Evidence pack (ZIP): bukti-budaya-kerja-2026-dinkes.zip",
        {"document": "evidence_zip", "year": 2026, "bytes": size},
    )


def test_a_scan_missing_from_the_storage_is_named_in_the_readme(world):
    record = GroupYear.objects.get(group=world.group_a, programme_year=world.year)
    record.sk_scan.storage.delete(record.sk_scan.name)
    output = io.BytesIO()
    entries = write_evidence_zip(world.year, world.unit_a, output)
    archive = zipfile.ZipFile(output)
    assert (entries, archive.namelist()) == ([], ["index.csv", "README.txt"])
    readme = archive.read("README.txt").decode()
    assert (
        "Recorded in the portal but not found in its storage (ask the administrator):\r\n- 01-SK/pkm-skm_kbk-sehati.pdf"
        in readme
    )
    assert "nobody of the unit was registered for a Bimtek of the year" in readme


def test_the_queries_of_the_pack_do_not_grow_with_its_files(world, django_assert_num_queries):
    # Group A's SK only; no Bimtek, certificate or verified risalah.
    with django_assert_num_queries(6):
        write_evidence_zip(world.year, world.unit_a, io.BytesIO())
    for number in range(3):
        group = GroupFactory(unit=world.unit_a1, name=f"KBK Tambahan {number}")
        GroupYearFactory(group=group, programme_year=world.year)
    output = io.BytesIO()
    with django_assert_num_queries(6):
        entries = write_evidence_zip(world.year, world.unit_a, output)
    assert [entry.path for entry in entries] == [
        "01-SK/pkm-skm_kbk-sehati.pdf",
        "01-SK/pkm-skm_kbk-tambahan-0.pdf",
        "01-SK/pkm-skm_kbk-tambahan-1.pdf",
        "01-SK/pkm-skm_kbk-tambahan-2.pdf",
    ]


def test_the_readme_is_written_in_indonesian_by_default(world, settings):
    settings.LANGUAGE_CODE = "id"
    output = io.BytesIO()
    write_evidence_zip(world.year, world.unit_a, output)
    archive = zipfile.ZipFile(output)
    readme = archive.read("README.txt").decode()
    assert readme.startswith(
        "Paket bukti program budaya kerja 2026\r\n\r\nUnit: Dinas Kesehatan (DINKES) beserta unit di bawahnya"
    )
    assert "- 01-SK/: 1 pindaian SK kelompok" in readme
    assert index_of(archive)[1][2] == "SK kelompok"
