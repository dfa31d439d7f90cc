"""The dashboard in headless Chromium: at 360 px the matrix scrolls inside its own box (the page
does not), the unit column stays in view, and no page breaks the Content-Security-Policy."""

import pytest
from playwright.sync_api import Page, expect

from tests.accessibility import assert_accessible, assert_every_page_checked, track
from tests.browser.session import log_in
from tests.conftest import screenshot_for_review
from tests.reports.conftest import build_picture


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "en-US", "viewport": {"width": 360, "height": 780}}


@pytest.mark.browser
def test_the_dashboard_on_a_phone(live_server, page: Page, transactional_db):
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

    page.goto(f"{live_server.url}/dasbor/?year=2025")
    expect(page.locator("h1")).to_contain_text("Filing dashboard")
    assert (
        page.evaluate("document.documentElement.scrollWidth") <= 360
    )  # the page itself never scrolls sideways
    box = page.locator(".dashboard-scroll").first  # the matrix; the subtotals by kind follow
    assert page.evaluate("el => el.scrollWidth > el.clientWidth", box.element_handle())
    unit_cell = page.get_by_role("rowheader", name="Dinas Satu")
    before = unit_cell.bounding_box()["x"]
    page.evaluate("el => { el.scrollLeft = 400; }", box.element_handle())
    assert abs(unit_cell.bounding_box()["x"] - before) < 1  # sticky first column
    screenshot_for_review(page, "dashboard-360")
    assert_accessible(page)

    # Follow the ready filter "Overdue" to its list, then the trend.
    page.get_by_role("link", name="Overdue 4").click()
    expect(page.locator("h1")).to_contain_text("Overdue")
    expect(page.locator("tbody tr")).to_have_count(4)
    assert_accessible(page)
    page.goto(f"{live_server.url}/dasbor/tren/")
    expect(page.locator("svg.chart-trend")).to_be_visible()
    screenshot_for_review(page, "trend-360")
    assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/dasbor/?year=2025")
    screenshot_for_review(page, "dashboard-1280")
    assert_accessible(page)
    page.goto(f"{live_server.url}/")
    screenshot_for_review(page, "home-1280")
    assert_accessible(page)
    assert csp_errors == []
    assert_every_page_checked(page)
