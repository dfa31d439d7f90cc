"""An operator's journey through the group pages in a real browser.

Log in through the real form, create a group with a logo, record the SK with a scanned PDF,
build a roster of five until it is complete, check the roster on a 360 px phone, and have a
hostile "logo" refused without losing what was typed.
"""

import io
from pathlib import Path

import pytest
from django.conf import settings
from PIL import Image, ImageDraw
from playwright.sync_api import Page, expect

from core.models import Role, UnitKind
from groups.models import Completeness, Group
from tests.accessibility import assert_accessible, assert_every_page_checked, track
from tests.browser.session import log_in
from tests.factories import (
    ProgrammeYearFactory,
    RoleFactory,
    UnitFactory,
    UserFactory,
    pdf_bytes,
)

SCREENSHOT = Path(settings.BASE_DIR) / "docs" / "screenshots" / "group-detail.png"
EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 512
# Fixed NIPs (valid: birth date, TMT month, sex digit, serial) so the screenshot is the same every run.
ROSTER = [
    ("fasilitator", "198203142006042001", "Dr. Rina Wulandari", "Kepala Seksi Pelayanan"),
    ("ketua", "198807212011011003", "Agus Prasetyo", "Perawat Ahli"),
    ("sekretaris", "199101052015032002", "Dewi Lestari", "Pengadministrasi Umum"),
    ("anggota", "198512302010011004", "Bambang Sutrisno", "Sanitarian"),
    ("anggota", "199306182019022005", "Sri Mulyani", "Bidan Terampil"),
]


def logo_png() -> bytes:
    """A small drawn logo, so the README screenshot shows something like a real one."""
    image = Image.new("RGB", (120, 120), "white")
    draw = ImageDraw.Draw(image)
    draw.ellipse((6, 6, 114, 114), fill=(11, 79, 108))
    draw.polygon([(60, 28), (88, 60), (60, 92), (32, 60)], fill=(255, 193, 7))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def operator(transactional_db):
    pemda = UnitFactory(kind=UnitKind.PEMKAB, name="Pemerintah Kabupaten Contoh", short_name="Pemkab Contoh")
    dinkes = UnitFactory(parent=pemda, name="Dinas Kesehatan", short_name="Dinkes")
    pemda.refresh_from_db()
    puskesmas = UnitFactory(
        parent=dinkes, kind=UnitKind.PUSKESMAS, name="Puskesmas Sukamaju", short_name="PKM Sukamaju"
    )
    ProgrammeYearFactory(year=2026, is_current=True)
    user = UserFactory(username="operator.dinkes", full_name="Operator Dinkes", unit=dinkes)
    RoleFactory(user=user, role=Role.OPERATOR, unit=dinkes)
    return user, puskesmas


@pytest.fixture
def csp_violations(page: Page):
    """Console errors about the Content-Security-Policy (an inline script or style would cause one)."""
    found: list[str] = []
    page.on(
        "console",
        lambda message: (
            found.append(message.text)
            if message.type == "error" and "Content Security Policy" in message.text
            else None
        ),
    )
    return found


@pytest.mark.browser
def test_operator_builds_a_complete_group(live_server, page: Page, operator, csp_violations):
    user, puskesmas = operator
    track(page)

    # Log in through the real form (django-axes watches it).
    log_in(page, live_server, user)
    expect(page.locator("h1")).to_contain_text("Selamat datang, Operator Dinkes")

    # Create the group, with a logo.
    page.get_by_role("link", name="Kelompok KBK").first.click()
    expect(page.locator("h1")).to_contain_text("Kelompok KBK")
    assert_accessible(page)
    page.get_by_role("link", name="Kelompok baru").click()
    assert_accessible(page)
    page.select_option("#id_unit", value=str(puskesmas.uuid))
    page.fill("#id_name", "KBK Sehati")
    page.fill("#id_makna", "Sehat dan sepenuh hati")
    page.fill("#id_motto", "Melayani dengan senyum")
    page.fill("#id_yel_yel", "Sehati! Sehati! Pasti bisa!")
    page.fill("#id_formed_on", "2026-01-15")
    page.set_input_files("#id_logo", {"name": "logo.png", "mimeType": "image/png", "buffer": logo_png()})
    page.get_by_role("button", name="Buat kelompok").click()
    expect(page.get_by_role("alert")).to_contain_text("Kelompok “KBK Sehati” telah dibuat.")
    expect(page.locator("h1")).to_have_text("KBK Sehati")
    logo = page.locator("img.logo-large")
    expect(logo).to_be_visible()
    assert logo.evaluate("image => image.naturalWidth") == 120  # served through the access-checked view
    assert_accessible(page)
    group = Group.objects.get(name="KBK Sehati")

    # Record the SK with its scan.
    page.get_by_role("link", name="Catat SK").click()
    assert_accessible(page)
    page.fill("#id_sk_number", "800/12/SK/2026")
    page.fill("#id_sk_date", "2026-02-02")
    page.fill("#id_sk_signed_by", "Kepala Puskesmas Sukamaju")
    page.set_input_files(
        "#id_sk_scan", {"name": "SK KBK.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}
    )
    page.get_by_role("button", name="Simpan SK").click()
    expect(page.get_by_role("alert")).to_contain_text("SK tahun 2026 telah disimpan.")
    expect(page.get_by_test_id("completeness")).to_contain_text("Susunan anggota berisi 0 anggota")
    scan_url = live_server.url + page.get_by_role("link", name="Buka pindaian SK").get_attribute("href")
    scan = page.context.request.get(scan_url)
    assert (scan.status, scan.headers["content-type"], scan.body()[:5]) == (200, "application/pdf", b"%PDF-")
    assert_accessible(page)

    # Build the roster of five, each a new NIP.
    page.get_by_role("link", name="Ubah susunan anggota").click()
    assert_accessible(page)
    for role, nip, name, jabatan in ROSTER:
        page.fill("#id_nip", nip)
        page.select_option("#id_role", value=role)
        page.fill("#id_name", name)
        page.fill("#id_jabatan", jabatan)
        page.get_by_role("button", name="Tambahkan ke susunan anggota").click()
        expect(page.get_by_role("alert")).to_contain_text(f"{name} telah ditambahkan ke susunan anggota 2026")
    expect(page.get_by_test_id("member-row")).to_have_count(5)
    expect(page.get_by_test_id("completeness").locator(".status-complete")).to_have_text("Lengkap")
    group_year = group.years.get()
    assert (group_year.status, group_year.problems) == (Completeness.COMPLETE, [])
    assert_accessible(page)

    # On a 360 px phone the roster fits: no sideways scrolling, every row's controls reachable.
    page.set_viewport_size({"width": 360, "height": 740})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= 362
    rows = page.get_by_test_id("member-row")
    buttons = (
        rows.get_by_role("button", name="Simpan").all() + rows.get_by_role("button", name="Keluarkan").all()
    )
    assert len(buttons) == 10
    for button in buttons:
        box = button.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 360
        assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 900})

    # The group page, complete, for the README.
    page.get_by_role("link", name="Kembali ke kelompok").click()
    expect(page.locator("#year-2026 .status-complete")).to_have_text("Lengkap")
    assert_accessible(page)
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=True)

    # A program renamed logo.jpg is refused; what was typed stays.
    page.get_by_role("link", name="Ubah kelompok").click()
    assert_accessible(page)
    page.fill("#id_motto", "Bersama kita bisa")
    page.fill("#id_makna", "Sehat, ikhlas, sepenuh hati")
    page.set_input_files("#id_logo", {"name": "logo.jpg", "mimeType": "image/jpeg", "buffer": EXECUTABLE})
    page.get_by_role("button", name="Simpan perubahan").click()
    expect(page.locator("#div_id_logo")).to_contain_text(
        "Berkas harus berupa berkas JPEG, PNG atau WebP. Berkas ini ternyata berjenis lain"
    )
    expect(page.locator("#id_motto")).to_have_value("Bersama kita bisa")
    expect(page.locator("#id_makna")).to_have_value("Sehat, ikhlas, sepenuh hati")
    expect(page.locator("#id_name")).to_have_value("KBK Sehati")
    assert_accessible(page)
    group.refresh_from_db()
    assert (group.motto, group.logo.name.endswith(".png")) == ("Melayani dengan senyum", True)

    assert csp_violations == []
    assert_every_page_checked(page)
