"""Several files in one upload: each checked by content as a single one is; one error per bad
file, naming it; and a bad file keeps the whole upload out (nothing is half-added)."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from risalah.models import Attachment, Evidence
from tests.factories import jpeg_bytes, pdf_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def upload(client, world, files, kind=Evidence.PHOTO_DURING):
    return client.post(
        reverse("risalah-attachment-upload", args=[world.risalah_a.uuid]),
        {"kind": kind, "caption": "Rapat curah pendapat", "file": files},
    )


def test_several_photos_are_added_at_once_each_with_its_thumbnail(world, login, media):
    client = login("operator_a")
    files = [SimpleUploadedFile(f"rapat-{n}.jpg", jpeg_bytes((800, 600))) for n in (1, 2, 3)]
    response = upload(client, world, files)
    assert response.status_code == 302
    stored = Attachment.objects.order_by("original_name")
    assert [(a.original_name, a.kind, a.caption, bool(a.thumbnail)) for a in stored] == [
        (f"rapat-{n}.jpg", Evidence.PHOTO_DURING, "Rapat curah pendapat", True) for n in (1, 2, 3)
    ]
    page = client.get(response["Location"]).content.decode()
    assert "3 berkas telah ditambahkan ke lampiran." in page


def test_each_bad_file_is_named_and_nothing_is_added(world, login, media):
    client = login("operator_a")
    files = [
        SimpleUploadedFile("baik.jpg", jpeg_bytes()),
        SimpleUploadedFile("palsu.jpg", b"<html><script>alert(1)</script></html>"),
        SimpleUploadedFile("sop.pdf", pdf_bytes()),  # a PDF is no photo
    ]
    response = upload(client, world, files)
    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    assert [error.split(":")[0] for error in errors] == ["palsu.jpg", "sop.pdf"]
    assert len(errors) == 2
    page = response.content.decode()
    assert "Belum ada berkas yang ditambahkan: lihat pesan di samping isian." in page
    assert not Attachment.objects.exists()
    assert not media.exists() or [path for path in media.rglob("*") if path.is_file()] == []


def test_the_file_input_takes_several_files_and_one_is_required(world, login):
    client = login("operator_a")
    url = reverse("risalah-attachment-upload", args=[world.risalah_a.uuid])
    (file_input,) = re.findall(r'<input type="file" name="file"[^>]*>', client.get(url).content.decode())
    assert " multiple " in file_input and 'id="id_file"' in file_input
    response = client.post(url, {"kind": Evidence.PHOTO_DURING, "caption": "x"})
    assert response.context["form"].errors["file"] == ["Bidang ini tidak boleh kosong."]
