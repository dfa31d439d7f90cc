"""Exporting a filtered list on a 360 px phone: the buttons sit beside the filters, say what the
file holds, fit the screen, and download exactly the rows the page shows."""

import csv

import openpyxl
import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.accessibility import assert_accessible, assert_every_page_checked, track
from tests.browser.session import log_in
from tests.conftest import build_world

PHONE = {"width": 360, "height": 740}


@pytest.fixture
def world_db(transactional_db):
    return build_world()


@pytest.fixture
def csp_violations(page: Page):
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


def _fits(page: Page, locator) -> None:
    box = locator.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]


@pytest.mark.browser
def test_a_filtered_list_is_exported_from_a_phone(live_server, page: Page, world_db, csp_violations):
    track(page)
    page.set_viewport_size(PHONE)
    log_in(page, live_server, world_db.users["verifikator"])

    # The group list, filtered by name: one group, and the buttons say so.
    page.goto(live_server.url + reverse("groups-list"))
    assert_accessible(page)
    page.fill("#id_q", "sehati")
    page.get_by_role("button", name="Saring").click()
    expect(page.locator("tbody tr")).to_have_count(1)
    assert_accessible(page)
    xlsx = page.get_by_test_id("export-xlsx")
    expect(xlsx).to_have_text("Unduh XLSX (1 baris, 5 kolom)")
    expect(page.get_by_test_id("export-csv")).to_have_text("Unduh CSV (1 baris, 5 kolom)")
    _fits(page, xlsx)
    _fits(page, page.get_by_test_id("export-csv"))
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 2

    with page.expect_download() as download:
        xlsx.click()
    assert download.value.suggested_filename.startswith("kelompok-2026-")
    with open(download.value.path(), "rb") as file:  # no .xlsx suffix: openpyxl takes a file then
        sheet = openpyxl.load_workbook(file).active
    assert [list(row) for row in sheet.iter_rows(values_only=True)] == [
        ["Kelompok", "Unit", "Aktif", "Anggota", "SK dan susunan anggota"],
        ["KBK Sehati", "PKM Sukamaju", "Ya", 5, "Lengkap"],
    ]

    # The dashboard's matrix as CSV, from the same phone.
    page.goto(live_server.url + reverse("reports-dashboard"))
    assert_accessible(page)
    csv_link = page.get_by_test_id("export-csv")
    _fits(page, csv_link)
    with page.expect_download() as download:
        csv_link.click()
    with open(download.value.path(), encoding="utf-8-sig", newline="") as file:
        rows = list(csv.reader(file, delimiter=";"))
    assert [row[0] for row in rows] == ["Unit", "Dinkes", "Disdik", "Total"]
    assert csp_violations == []
    assert_every_page_checked(page)
