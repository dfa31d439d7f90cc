"""Attachments: content-checked uploads, thumbnails, serving only to readers, the SK, deleting."""

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from risalah.evidence_files import DATA_KINDS, check_evidence_file
from risalah.models import Attachment, Evidence
from tests.factories import jpeg_bytes, pdf_bytes, png_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(root: Path) -> list[Path]:
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


def xlsx_bytes() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["minggu", "pasien"])
    sheet.append([1, 210])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(client, world, name, content, kind=Evidence.PHOTO_BEFORE, caption="Antrean di loket", **extra):
    return client.post(
        reverse("risalah-attachment-upload", args=[world.risalah_a.uuid]),
        {"kind": kind, "caption": caption, "file": SimpleUploadedFile(name, content), **extra},
    )


def test_a_photo_is_stored_with_a_thumbnail(world, login, media):
    client = login("operator_a")
    response = upload(client, world, "antrean.jpg", jpeg_bytes((1600, 1200)), step="6")
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert (attachment.kind, attachment.caption, attachment.original_name, attachment.content_type) == (
        Evidence.PHOTO_BEFORE,
        "Antrean di loket",
        "antrean.jpg",
        "image/jpeg",
    )
    assert attachment.step.method_step.number == 6
    assert attachment.uploaded_by == world.users["operator_a"]
    with attachment.thumbnail.open("rb") as handle, Image.open(io.BytesIO(handle.read())) as thumb:
        assert (thumb.format, thumb.size) == ("JPEG", (400, 300))
    assert len(stored_files(media)) == 2

    thumb = client.get(reverse("risalah-attachment-thumb", args=[world.risalah_a.uuid, attachment.uuid]))
    assert thumb["Content-Type"] == "image/jpeg"
    assert thumb["X-Content-Type-Options"] == "nosniff"
    assert b"".join(thumb.streaming_content).startswith(b"\xff\xd8\xff")

    page = client.get(reverse("risalah-attachments", args=[world.risalah_a.uuid])).content.decode()
    assert "Antrean di loket" in page
    assert reverse("risalah-attachment-thumb", args=[world.risalah_a.uuid, attachment.uuid]) in page


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        (
            "foto.jpg",
            b"<html><body><script>alert(document.cookie)</script></body></html>",
            Evidence.PHOTO_BEFORE,
        ),
        ("foto.png", png_bytes()[:40], Evidence.PHOTO_AFTER),  # truncated image
        ("sop.pdf", pdf_bytes(), Evidence.PHOTO_DURING),  # a PDF is no photo
        ("data.csv", b"a,b\n1,\x002\n", Evidence.RAW_DATA),  # binary posing as CSV
        ("data.exe", b"MZ\x90\x00\x03\x00\x00\x00", Evidence.OTHER),
    ],
)
def test_a_hostile_file_is_refused_and_nothing_is_stored(world, login, media, name, content, kind):
    client = login("operator_a")
    response = upload(client, world, name, content, kind=kind, caption="Keterangan yang sudah diketik")
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == ["file"]
    page = response.content.decode()
    assert 'value="Keterangan yang sudah diketik"' in page  # nothing typed is lost
    assert f'<option value="{kind}" selected>' in page
    assert form.errors["file"][0] in page.replace("&#x27;", "'").replace("&quot;", '"')
    assert not Attachment.objects.exists()
    assert stored_files(media) == []


def test_raw_data_accepts_csv_and_xlsx(world, login, media):
    client = login("operator_a")
    assert (
        upload(client, world, "rekap.csv", b"minggu;pasien\n1;210\n", kind=Evidence.RAW_DATA).status_code
        == 302
    )
    assert upload(client, world, "rekap.xlsx", xlsx_bytes(), kind=Evidence.RAW_DATA).status_code == 302
    types = sorted(Attachment.objects.values_list("content_type", "original_name"))
    assert types == [
        ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "rekap.xlsx"),
        ("text/csv; charset=utf-8", "rekap.csv"),
    ]
    assert not any(a.thumbnail for a in Attachment.objects.all())
    sheet = Attachment.objects.get(original_name="rekap.xlsx")
    response = client.get(reverse("risalah-attachment-file", args=[world.risalah_a.uuid, sheet.uuid]))
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    with sheet.file.open("rb") as handle:
        assert b"".join(response.streaming_content) == handle.read()


def test_a_photo_kind_refuses_spreadsheets(world, login, media):
    response = upload(login("operator_a"), world, "rekap.xlsx", xlsx_bytes(), kind=Evidence.PHOTO_AFTER)
    assert list(response.context["form"].errors) == ["file"]
    assert not Attachment.objects.exists()


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (_zip({"readme.txt": b"not a workbook"}), "damaged_xlsx"),
        (
            _zip(
                {
                    "[Content_Types].xml": b"<Types>application/vnd.ms-excel.sheet.macroEnabled.main+xml</Types>",
                    "xl/workbook.xml": b"<workbook/>",
                    "xl/vbaProject.bin": b"\x00" * 10,
                }
            ),
            "xlsx_macros",
        ),
        (xlsx_bytes()[:-30], "damaged_xlsx"),
        ("nama;nilai\nBudi;9\n".encode("latin-1") + "Andrés;8\n".encode("latin-1"), "csv_encoding"),
        (b"\n\n  \n", "csv_empty"),
    ],
)
def test_spreadsheet_checks(content, code):
    with pytest.raises(ValidationError) as error:
        check_evidence_file(ContentFile(content, name="data"), kinds=DATA_KINDS)
    assert error.value.code == code


def test_a_workbook_that_unpacks_to_a_bomb_is_refused(settings):
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("xl/workbook.xml", b"<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (120 * 1024 * 1024))
    with pytest.raises(ValidationError) as error:
        check_evidence_file(ContentFile(bomb.getvalue(), name="bom.xlsx"), kinds=DATA_KINDS)
    assert error.value.code == "xlsx_too_large"


def test_files_are_served_only_to_readers(world, login, media):
    upload(
        login("operator_a"), world, "sop.pdf", pdf_bytes("SOP"), kind=Evidence.SOP, caption="SOP pendaftaran"
    )
    attachment = Attachment.objects.get()
    file_url = reverse("risalah-attachment-file", args=[world.risalah_a.uuid, attachment.uuid])

    response = login("pimpinan_a").get(file_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == 'inline; filename="sop-pendaftaran.pdf"'
    assert b"".join(response.streaming_content).startswith(b"%PDF-")

    for persona in ("outsider",):
        denied = login(persona).get(file_url)
        assert denied.status_code == 404
        assert b"%PDF" not in denied.content
    assert login("anonymous").get(file_url).status_code == 302
    # Another risalah's uuid with this attachment's uuid: not found either.
    other = reverse("risalah-attachment-file", args=[world.risalah_a.uuid, world.risalah_a.uuid])
    assert login("operator_a").get(other).status_code == 404


def test_delete_removes_the_row_and_its_files(world, login, media, django_capture_on_commit_callbacks):
    client = login("operator_a")
    upload(client, world, "foto.png", png_bytes((800, 600)))
    attachment = Attachment.objects.get()
    assert len(stored_files(media)) == 2
    url = reverse("risalah-attachment-delete", args=[world.risalah_a.uuid, attachment.uuid])
    assert login("pimpinan_a").post(url).status_code == 403
    assert client.get(url).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"next": "https://evil.example/"})
    assert response["Location"] == reverse("risalah-attachments", args=[world.risalah_a.uuid])
    assert not Attachment.objects.exists()
    assert stored_files(media) == []


def test_the_sk_of_the_year_is_shown_from_the_group(world, login, media):
    group_year = world.group_year_a
    group_year.sk_number = "800/12/SK/2026"
    group_year.sk_scan.save("sk.pdf", ContentFile(pdf_bytes()), save=True)
    page = (
        login("verifikator").get(reverse("risalah-attachments", args=[world.risalah_a.uuid])).content.decode()
    )
    assert "800/12/SK/2026" in page
    assert reverse("groups-year-sk", args=[world.group_a.uuid, world.year.year]) in page
    assert reverse("risalah-attachment-upload", args=[world.risalah_a.uuid]) not in page  # a reader


def _attachment_list(client, world) -> str:
    return client.get(reverse("risalah-attachments", args=[world.risalah_a.uuid])).content.decode()


def _attachment(world, number):
    step = world.risalah_a.steps.get(method_step__number=number)
    return Attachment.objects.create(
        risalah=world.risalah_a,
        step=step,
        kind=Evidence.PHOTO_AFTER,
        content_type="image/jpeg",
        file=f"risalah/{number}.jpg",
        thumbnail=f"risalah/{number}-t.jpg",
        caption=f"Foto langkah {number}",
    )


def test_attachment_list_queries_do_not_grow_with_the_attachments(world, login, django_assert_num_queries):
    client = login("operator_a")
    _attachment(world, 1)
    with django_assert_num_queries(9):
        page = _attachment_list(client, world)
    assert [f"Foto langkah {n}" in page for n in (1, 5, 6)] == [True, False, False]
    _attachment(world, 5)
    _attachment(world, 6)
    with django_assert_num_queries(9):
        page = _attachment_list(client, world)
    assert [f"Foto langkah {n}" in page for n in (1, 5, 6)] == [True] * 3
