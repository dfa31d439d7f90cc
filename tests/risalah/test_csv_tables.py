"""Raw data as CSV must read as a table; a web page or an SVG drawing named .csv is refused."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.imports import FileRejected, read_table
from risalah.evidence_files import DATA_KINDS, check_evidence_file
from risalah.models import Attachment, Evidence

pytestmark = pytest.mark.django_db

SVG = (
    b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(1)</script></svg>\n"
)
HTML = b"<!DOCTYPE html>\n<html><body>minggu,pasien\n1,210</body></html>\n"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _check(content: bytes):
    return check_evidence_file(ContentFile(content, name="data.csv"), kinds=DATA_KINDS)


@pytest.mark.parametrize(
    "content",
    [
        b"minggu;pasien\n1;210\n2;205\n",
        b'minggu,pasien,persentase\r\n1,210,"93,8"\r\n',
        b"minggu\tpasien\n1\t210\n",
        b"\xef\xbb\xbfminggu;pasien;;\n1;210;;\n\n2;;;\n",  # BOM, empty cells and lines as Excel writes them
        b"minggu,pasien,dilayani_kurang_60_menit,persentase\n1,210,197,93.8\n2,205,195,95.1\n",
        b"nama,catatan\nBudi,antrean < 60 menit\n",  # a "<" in a cell is no markup
    ],
)
def test_a_table_is_accepted(content):
    checked = _check(content)
    assert checked.content_type == "text/csv; charset=utf-8"
    assert checked.content.read() == content


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (SVG, "csv_markup"),
        (HTML, "csv_markup"),
        (b"minggu,pasien\n1,<script>alert(1)</script>\n", "csv_markup"),
        (b"minggu;pasien;dilayani\n1;210\n2;205;195\n", "csv_not_table"),  # a row too short
        (b"minggu,pasien\n1,210,197\n", "csv_not_table"),  # a row wider than the header
        (b"minggu;pasien\n", "csv_not_table"),  # a header and nothing under it
        (b"Laporan bulan Maret\nSemua berjalan baik\n", "csv_not_table"),  # one column: a letter
        (b";pasien\n1;210\n", "csv_not_table"),  # a column without a name
    ],
)
def test_what_is_not_a_table_is_refused(content, code):
    with pytest.raises(ValidationError) as error:
        _check(content)
    assert error.value.code == code


def test_an_svg_named_csv_is_refused_with_an_indonesian_message_and_nothing_is_stored(world, login, media):
    client = login("operator_a")
    response = client.post(
        reverse("risalah-attachment-upload", args=[world.risalah_a.uuid]),
        {"kind": Evidence.RAW_DATA, "caption": "Rekap", "file": SimpleUploadedFile("rekap.csv", SVG)},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    assert errors == [
        "rekap.csv: Berkas ini adalah halaman web atau gambar (HTML, SVG, atau XML), bukan tabel CSV. "
        "Buka datanya di program lembar kerja lalu simpan sebagai “CSV UTF-8”."
    ]
    assert not Attachment.objects.exists()
    assert not media.exists() or not any(path.is_file() for path in media.rglob("*"))


def test_a_ragged_csv_gets_the_table_message_in_indonesian(world, login, media):
    response = login("operator_a").post(
        reverse("risalah-attachment-upload", args=[world.risalah_a.uuid]),
        {
            "kind": Evidence.RAW_DATA,
            "caption": "Rekap",
            "file": SimpleUploadedFile("rekap.csv", b"minggu,pasien\n1,210,9\n"),
        },
    )
    assert "bukan tabel" in response.context["form"].errors["file"][0]
    assert not Attachment.objects.exists()


@pytest.mark.parametrize("content", [SVG, HTML])
def test_an_import_refuses_markup(content):
    with pytest.raises(FileRejected) as error:
        read_table(content, columns=("kode", "nama"), required=("kode",))
    assert "SVG" in str(error.value)
