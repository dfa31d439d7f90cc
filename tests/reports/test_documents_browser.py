"""The documents pages on a 360 px phone in headless Chromium: the bureau goes from the dashboard
to the documents of its Pemda, types the notes of an OPD's letter and downloads it; an operator
downloads the evidence pack of their own OPD. No sideways scroll, no CSP refusal, no serious axe
finding. Two WeasyPrint renders and a browser: some seconds."""

import io
import zipfile

import pytest
from playwright.sync_api import Page, expect

from reports.models import OpdLetterNote
from tests.accessibility import assert_accessible, assert_every_page_checked, track
from tests.browser.session import log_in
from tests.conftest import screenshot_for_review
from tests.reports.conftest import build_picture
from tests.reports.documents_data import pdf_text


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "en-US", "viewport": {"width": 360, "height": 780}}


def no_sideways_scroll(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


@pytest.mark.browser
def test_the_documents_on_a_phone(live_server, page: Page, transactional_db, browser):
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
    page.goto(f"{live_server.url}/dasbor/?year=2025")
    assert_accessible(page)  # with the documents button beside the exports
    page.get_by_test_id("documents-link").click()
    expect(page.locator("h1")).to_have_text("Report documents")
    expect(page.get_by_test_id("documents-chosen").locator("h2")).to_have_text("Pemerintah Kota Uji · 2025")
    expect(page.get_by_role("rowheader")).to_have_text(["Dinas Dua", "Dinas Satu", "Dinas Tiga"])
    no_sideways_scroll(page)
    screenshot_for_review(page, "documents-360")
    assert_accessible(page)

    page.get_by_role("row", name="Dinas Satu").get_by_role("link", name="Letter").click()
    expect(page.locator("h1")).to_contain_text("Evaluation letter")
    page.get_by_label("Letter number").fill("061/9/2025")
    page.get_by_label("Notes of the Bagian Organisasi").fill("Gamma belum menyerahkan risalah.")
    no_sideways_scroll(page)
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Save and download the letter (PDF)").click()
    assert download.value.suggested_filename == "surat-evaluasi-2025-uji-1.pdf"
    with open(download.value.path(), "rb") as handle:  # noqa: PTH123 -- Playwright's temp file
        text = pdf_text(handle.read())
    assert "Number : 061/9/2025" in text and "Gamma belum menyerahkan risalah." in text
    assert list(OpdLetterNote.objects.values_list("number", "text")) == [
        ("061/9/2025", "Gamma belum menyerahkan risalah.")
    ]

    other = browser.new_page(locale="en-US", viewport={"width": 360, "height": 780})
    track(other)
    log_in(other, live_server, picture.operator_u1)
    other.goto(f"{live_server.url}/dokumen/?year=2025")
    expect(other.get_by_test_id("recap-pdf")).to_have_count(0)
    no_sideways_scroll(other)
    assert_accessible(other)
    with other.expect_download() as download:
        other.get_by_test_id("evidence-zip").click()
    with open(download.value.path(), "rb") as handle:  # noqa: PTH123 -- Playwright's temp file
        names = zipfile.ZipFile(io.BytesIO(handle.read())).namelist()
    assert names == [
        "01-SK/uji-1_alpha.pdf",
        "01-SK/uji-1_beta.pdf",
        "04-Risalah/uji-1_alpha.pdf",
        "index.csv",
        "README.txt",
    ]
    assert csp_errors == []
    assert_every_page_checked(page)
    assert_every_page_checked(other)
    other.close()
