"""The programme years on a 360 px phone: the page never scrolls sideways, and axe finds nothing
serious on it."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.accessibility import assert_accessible
from tests.browser.session import log_in
from tests.conftest import build_world


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 360, "height": 780}}


@pytest.mark.browser
def test_the_programme_years_fit_on_a_phone(live_server, page: Page, transactional_db):
    world = build_world()
    log_in(page, live_server, world.users["verifikator"], check=False)  # password, then the code
    expect(page).to_have_url(live_server.url + reverse("core-home"))

    page.goto(live_server.url + reverse("groups-programme-year-list"))
    expect(page.locator("h1")).to_have_text("Tahun program")
    # The table is wider than the phone: it scrolls in its own box, the page does not.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    box = page.get_by_role("region", name="Tahun program")
    assert box.evaluate("box => box.scrollWidth > box.clientWidth")
    expect(box.get_by_role("link", name="Ubah")).to_have_count(1)
    assert_accessible(page)
