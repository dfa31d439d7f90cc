"""Logging in through the real login form (django-axes watches it), shared by every journey."""

from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.accessibility import assert_accessible

PASSWORD = "rahasia-123-ok"  # UserFactory's password


def log_in(page: Page, live_server, user, *, here: bool = False, check: bool = True) -> None:
    """Log ``user`` (a User or a username) in and wait for the page after the login.

    ``here``: the login form is already on the page (a session that expired mid-edit sends the
    user there and back). ``check``: run axe-core on the login form and on the page after it.
    """
    username = getattr(user, "username", user)
    if not here:
        page.goto(live_server.url + reverse("login"))
    if check:
        assert_accessible(page)
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).not_to_have_url(live_server.url + reverse("login"))
    expect(page.locator("h1")).to_be_visible()
    if check:
        assert_accessible(page)
