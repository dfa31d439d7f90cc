"""The Reports page in headless Chromium at 360 px: an OPD's recap downloads at once, a whole
Pemda's is listed under "My exports", and a running export's row polls (htmx, no inline script)
until it is ready, then offers the file."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from playwright.sync_api import Page, expect

from reports import export_jobs
from reports.models import ExportJob, ExportStatus
from tests.accessibility import assert_accessible, assert_every_page_checked, track
from tests.browser.session import log_in
from tests.conftest import screenshot_for_review
from tests.reports.conftest import build_picture


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "en-US", "viewport": {"width": 360, "height": 780}}


@pytest.mark.browser
def test_the_reports_page_on_a_phone(live_server, page: Page, transactional_db):
    picture = build_picture()
    csp_errors: list[str] = []
    track(page)
    page.on(
        "console",
        lambda message: (
            csp_errors.append(message.text)
            if message.type == "error" and "Content Security Policy" in message.text
            else None
        ),
    )
    log_in(page, live_server, picture.bureau)
    expect(page.locator("h1")).to_contain_text("Welcome")
    page.get_by_role("button", name="Menu").click()  # the menu folds away on a phone
    page.get_by_role("link", name="Reports", exact=True).click()
    expect(page.locator("h1")).to_have_text("Reports")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(page)

    # Dinas Satu: the file comes back at once.
    page.get_by_label("Programme year").select_option("2025")
    page.get_by_label("Unit").select_option(label="— Dinas Satu")
    with page.expect_download() as download:
        page.get_by_role("button", name="Make the report").click()
    assert download.value.suggested_filename == "laporan-tahunan-2025-dinas-satu.xlsx"

    # A running export polls its row until the worker has finished it.
    job = ExportJob.objects.create(
        user=picture.bureau,
        unit=picture.root,
        kind=export_jobs.RECAP_XLSX,
        parameters={"year": 2025, "unit": str(picture.root.uuid), "language": "en"},
        status=ExportStatus.RUNNING,
        progress=40,
    )
    page.reload()
    row = page.locator(f"#ekspor-{job.uuid}")
    expect(row.get_by_role("status")).to_have_text("Running · 40%")
    screenshot_for_review(page, "reports-running-360")
    assert_accessible(page)
    job.file.save("laporan-tahunan-2025-pemkot-uji.xlsx", ContentFile(b"PK\x03\x04"), save=False)
    job.file_name = "laporan-tahunan-2025-pemkot-uji.xlsx"
    job.status, job.progress, job.finished_at = ExportStatus.DONE, 100, timezone.now()
    job.expires_at = job.finished_at + timedelta(hours=72)
    job.save()
    expect(page.locator(f"#ekspor-{job.uuid}").get_by_text("Your export is ready.")).to_be_visible(
        timeout=6000
    )
    with page.expect_download() as download:
        page.locator(f"#ekspor-{job.uuid}").get_by_role("link", name="Download").click()
    assert download.value.suggested_filename == "laporan-tahunan-2025-pemkot-uji.xlsx"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot_for_review(page, "reports-ready-360")
    # The page as it rests: the pointer off the button just clicked, no colour transition midway
    # (axe would measure a blend of the hovered and the resting colours).
    page.emulate_media(reduced_motion="reduce")
    page.mouse.move(0, 0)
    assert_accessible(page)
    assert csp_errors == []
    assert_every_page_checked(page)
