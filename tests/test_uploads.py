"""Hostile and valid uploads: checked by content, re-encoded, and nothing stored when refused."""

import io
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation
from PIL import Image
from pypdf import PdfReader

from core.uploads import IMAGE_KINDS, validate_upload
from groups.models import Group, GroupYear
from tests.factories import jpeg_bytes, pdf_bytes, png_bytes

WRONG_KIND = (
    "The file must be a JPEG, PNG, WebP or PDF file. This file is something else, whatever its name says; "
    "please choose the right file."
)
WRONG_IMAGE = (
    "The file must be a JPEG, PNG or WebP file. This file is something else, whatever its name says; "
    "please choose the right file."
)
TOO_MANY_PIXELS = "The image is too large: it has more than 40 million pixels. Please save it at a smaller size and upload it again."
EMPTY = "The file is empty. Please choose the file again."
DAMAGED_PDF = "The PDF is damaged or incomplete. Please scan or export it again and upload the new file."
POLYGLOT_TAIL = b"<html><script>alert(1)</script></html>"


def big_png(width: int, height: int, mode: str = "1") -> bytes:
    """A huge but tiny-on-disk PNG: one colour compresses to almost nothing."""
    buffer = io.BytesIO()
    Image.new(mode, (width, height)).save(buffer, "PNG")
    return buffer.getvalue()


def webp_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (0, 128, 0)).save(buffer, "WEBP")
    return buffer.getvalue()


def zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.txt", "hello")
    return buffer.getvalue()


def jpeg_with_metadata() -> bytes:
    image = Image.new("RGB", (50, 40), (10, 20, 30))
    exif = Image.Exif()
    exif[0x010F] = "Kamera Rahasia"  # Make
    exif[0x0131] = "Software Rahasia"  # Software
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif.tobytes(), comment=b"komentar rahasia")
    return buffer.getvalue()


def check(name: str, content: bytes, **kwargs):
    with translation.override("en"):
        return validate_upload(SimpleUploadedFile(name, content), **kwargs)


def refusal(name: str, content: bytes, **kwargs) -> tuple[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        check(name, content, **kwargs)
    return caught.value.code, caught.value.messages


@pytest.fixture
def as_persona(world):
    """A client logged in as a persona, reading the English pages (the msgids checked here)."""

    def _client(persona: str) -> Client:
        client = Client()
        client.cookies["django_language"] = "en"  # the language switch's cookie
        client.force_login(world.users[persona])
        return client

    return _client


def media_files() -> set[Path]:
    root = Path(settings.MEDIA_ROOT)
    return {path for path in root.rglob("*") if path.is_file()}


HOSTILE = [
    ("windows.jpg", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200, "wrong_kind", WRONG_KIND),
    ("linux.jpg", b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 200, "wrong_kind", WRONG_KIND),
    ("empty.png", b"", "empty", EMPTY),
    ("notes.pdf", b"Ini hanya catatan, bukan PDF.\n", "wrong_kind", WRONG_KIND),
    ("page.png", b"<!doctype html><html><script>alert(1)</script></html>", "wrong_kind", WRONG_KIND),
    (
        "drawing.png",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        "wrong_kind",
        WRONG_KIND,
    ),
    ("archive.pdf", zip_bytes(), "wrong_kind", WRONG_KIND),
    ("cut.pdf", pdf_bytes()[:300], "damaged_pdf", DAMAGED_PDF),
    ("fake.pdf", b"%PDF-1.4\nnothing else here\n%%EOF\n", "damaged_pdf", DAMAGED_PDF),
]


@pytest.mark.parametrize(("name", "content", "code", "message"), HOSTILE, ids=[case[0] for case in HOSTILE])
def test_hostile_files_are_refused_with_a_clear_message(name, content, code, message):
    assert refusal(name, content) == (code, [message])


def test_a_100_megapixel_png_is_refused_from_its_header():
    content = big_png(10_000, 10_000)
    assert len(content) < 20_000  # tiny on disk, 100 million pixels once decoded

    assert refusal("bomb.png", content) == ("too_many_pixels", [TOO_MANY_PIXELS])


def test_a_png_between_our_limit_and_pillows_is_refused_too():
    # 49 megapixels: under Pillow's own bomb warning, over the portal's 40 million.
    assert refusal("big.png", big_png(7_000, 7_000)) == ("too_many_pixels", [TOO_MANY_PIXELS])


def forged_png_header(width: int, height: int) -> bytes:
    """A PNG whose header announces ``width`` x ``height`` but whose pixel data is a few bytes."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def test_a_gigapixel_header_is_refused_before_any_decoding():
    # Decoding would fail on the missing pixel data; the refusal says "too many pixels", so the
    # size was judged from the header alone.
    assert refusal("huge.png", forged_png_header(40_000, 40_000)) == ("too_many_pixels", [TOO_MANY_PIXELS])
    assert refusal("wide.png", forged_png_header(7_000, 7_000)) == ("too_many_pixels", [TOO_MANY_PIXELS])
    assert refusal("small.png", forged_png_header(100, 100))[0] == "damaged_image"


def test_the_pixel_limit_comes_from_the_settings(settings):
    settings.UPLOAD_MAX_PIXELS = 100 * 100

    assert refusal("small.png", png_bytes((101, 100)))[0] == "too_many_pixels"
    assert check("small.png", png_bytes((100, 100))).name.endswith(".png")


def test_an_oversize_file_is_refused(settings):
    settings.UPLOAD_MAX_BYTES = 1_000
    content = pdf_bytes("x" * 2_000)

    assert refusal("big.pdf", content) == (
        "too_large",
        ["The file is too large (2.5\xa0KB); at most 1000\xa0bytes is allowed. Please make it smaller."],
    )


def test_a_damaged_image_is_refused():
    assert refusal("cut.png", png_bytes((300, 300))[:120])[0] == "damaged_image"


def test_a_pdf_where_only_images_are_allowed_is_refused():
    assert refusal("logo.png", pdf_bytes(), kinds=IMAGE_KINDS) == ("wrong_kind", [WRONG_IMAGE])


def test_a_png_html_polyglot_is_accepted_only_re_encoded():
    stored = check("logo.png", png_bytes() + POLYGLOT_TAIL).read()

    assert b"<script" not in stored and b"<html" not in stored
    image = Image.open(io.BytesIO(stored))
    assert (image.format, image.size) == ("PNG", (64, 64))


@pytest.mark.parametrize(
    ("name", "content", "fmt", "extension"),
    [
        ("photo.JPG", jpeg_bytes(), "JPEG", ".jpg"),
        ("logo.png", png_bytes(), "PNG", ".png"),
        ("logo.webp", webp_bytes(), "WEBP", ".webp"),
        # The name lies; the content decides the stored extension.
        ("logo.gif", png_bytes(), "PNG", ".png"),
    ],
)
def test_valid_images_are_accepted_and_re_encoded(name, content, fmt, extension):
    stored = check(name, content)

    assert Path(stored.name).suffix == extension
    assert len(Path(stored.name).stem) == 32  # a random hex name, nothing of the user's
    image = Image.open(io.BytesIO(stored.read()))
    image.load()
    assert image.format == fmt


def test_re_encoding_drops_image_metadata():
    original = Image.open(io.BytesIO(jpeg_with_metadata()))
    assert original.getexif()[0x010F] == "Kamera Rahasia"

    stored = check("photo.jpg", jpeg_with_metadata()).read()

    image = Image.open(io.BytesIO(stored))
    assert dict(image.getexif()) == {}
    assert "comment" not in image.info
    assert b"Rahasia" not in stored and b"rahasia" not in stored


def test_a_valid_pdf_is_accepted_unchanged():
    content = pdf_bytes("Surat Keputusan")

    stored = check("SK.pdf", content)

    assert Path(stored.name).suffix == ".pdf"
    data = stored.read()
    assert data == content
    assert PdfReader(io.BytesIO(data)).pages[0].extract_text() == "Surat Keputusan"


# --- through the pages: a refused upload stores nothing and loses nothing typed -------------


@pytest.mark.parametrize(("name", "content", "code", "message"), HOSTILE, ids=[case[0] for case in HOSTILE])
def test_a_refused_sk_scan_writes_nothing_and_keeps_the_typed_fields(
    world, as_persona, name, content, code, message
):
    before_files = media_files()
    before_scan = world.group_year_a.sk_scan.name
    url = reverse("groups-year-edit", args=[world.group_a.uuid, 2026])

    response = as_persona("operator_a").post(
        url,
        {
            "sk_number": "800/77/SK/2026",
            "sk_date": "2026-03-04",
            "sk_signed_by": "Kepala Dinas Kesehatan",
            "sk_scan": SimpleUploadedFile(name, content, content_type="application/pdf"),
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {"sk_scan": [message]}
    html = response.content.decode()
    for typed in ['value="800/77/SK/2026"', 'value="2026-03-04"', 'value="Kepala Dinas Kesehatan"']:
        assert typed in html
    assert media_files() == before_files
    world.group_year_a.refresh_from_db()
    assert (world.group_year_a.sk_scan.name, world.group_year_a.sk_number) == (
        before_scan,
        world.group_year_a.sk_number,
    )
    assert world.group_year_a.sk_number != "800/77/SK/2026"


def test_a_decompression_bomb_as_logo_writes_nothing(world, as_persona):
    before = media_files()

    response = as_persona("operator_a").post(
        reverse("groups-create"),
        {
            "unit": world.unit_a1.uuid,
            "name": "KBK Bom",
            "motto": "Tetap tenang",
            "logo": SimpleUploadedFile("logo.png", big_png(10_000, 10_000), content_type="image/png"),
        },
    )

    assert response.context["form"].errors == {"logo": [TOO_MANY_PIXELS]}
    assert 'value="Tetap tenang"' in response.content.decode()
    assert media_files() == before
    assert not Group.objects.filter(name="KBK Bom").exists()


def test_an_oversize_logo_through_the_page(world, as_persona, settings):
    settings.UPLOAD_MAX_BYTES = 100
    before = media_files()

    response = as_persona("operator_a").post(
        reverse("groups-edit", args=[world.group_a.uuid]),
        {"unit": world.unit_a1.uuid, "name": "KBK Sehati", "logo": SimpleUploadedFile("l.png", png_bytes())},
    )

    assert list(response.context["form"].errors) == ["logo"]
    assert response.context["form"].errors["logo"][0].startswith("The file is too large")
    assert media_files() == before


def test_a_polyglot_logo_is_stored_and_served_re_encoded(world, as_persona):
    client = as_persona("operator_a")

    client.post(
        reverse("groups-edit", args=[world.group_a.uuid]),
        {
            "unit": world.unit_a1.uuid,
            "name": "KBK Sehati",
            "logo": SimpleUploadedFile("logo.html", png_bytes() + POLYGLOT_TAIL, content_type="text/html"),
        },
    )
    world.group_a.refresh_from_db()
    with world.group_a.logo.open("rb") as stored:
        stored_bytes = stored.read()
    response = client.get(reverse("groups-logo", args=[world.group_a.uuid]))
    served = b"".join(response.streaming_content)
    response.close()

    assert world.group_a.logo.name.endswith(".png")
    assert b"<script" not in stored_bytes
    assert served == stored_bytes
    assert (response["Content-Type"], response["X-Content-Type-Options"]) == ("image/png", "nosniff")


def test_an_image_scan_is_accepted_as_sk(world, as_persona):
    group_year = GroupYear.objects.get(pk=world.group_year_a.pk)

    as_persona("operator_a").post(
        reverse("groups-year-edit", args=[world.group_a.uuid, 2026]),
        {"sk_number": "800/1/SK/2026", "sk_scan": SimpleUploadedFile("foto SK.jpeg", jpeg_bytes())},
    )

    group_year.refresh_from_db()
    assert group_year.sk_scan.name.endswith(".jpg")
    response = as_persona("pimpinan_a").get(reverse("groups-year-sk", args=[world.group_a.uuid, 2026]))
    response.close()
    assert (response["Content-Type"], response["Content-Disposition"]) == (
        "image/jpeg",
        'inline; filename="sk-kbk-sehati-2026.jpg"',
    )


def test_a_damaged_image_is_refused_even_after_weasyprint_was_imported():
    """WeasyPrint switches on Pillow's global LOAD_TRUNCATED_IMAGES when imported (first PDF)."""
    import weasyprint  # noqa: F401
    from PIL import ImageFile

    ImageFile.LOAD_TRUNCATED_IMAGES = True  # as WeasyPrint leaves it
    assert refusal("cut.png", png_bytes((300, 300))[:120])[0] == "damaged_image"
    assert refusal("small.png", forged_png_header(100, 100))[0] == "damaged_image"
