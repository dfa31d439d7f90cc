"""Logging in through the real login form (django-axes watches it), shared by every journey."""

import re
import time

from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from core import twofa
from core.models import User
from tests.accessibility import assert_accessible

PASSWORD = "rahasia-123-ok"  # UserFactory's password


def current_code(device) -> str:
    """The TOTP code that ``device``'s authenticator app shows now, or the next one when this
    one was used already (a second login within the same 30 seconds)."""
    device.refresh_from_db()
    generator = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    generator.time = time.time()
    if generator.t() <= device.last_t:
        generator.time += device.step * (device.last_t + 1 - generator.t())
    return f"{generator.token():0{device.digits}d}"


def log_in(page: Page, live_server, user, *, here: bool = False, check: bool = True) -> None:
    """Log ``user`` (a User or a username) in and wait for the page after the login.

    ``here``: the login form is already on the page (a session that expired mid-edit sends the
    user there and back). ``check``: run axe-core on the login form and on the page after it.
    """
    username = getattr(user, "username", user)
    account = User.objects.get(username=username)
    device = twofa.confirmed_device(account)
    if device is None and twofa.must_use(account):  # like tests/conftest.py's world builder
        device = TOTPDevice.objects.create(user=account, name=twofa.TOTP_NAME, confirmed=True)
    if not here:
        page.goto(live_server.url + reverse("login"))
    if check:
        assert_accessible(page)
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).not_to_have_url(live_server.url + reverse("login"))
    if device is not None:  # the second step: the code the user's app would show now
        expect(page.locator("h1")).to_have_text(re.compile("langkah kedua|second login step", re.I))
        if check:
            assert_accessible(page)
        page.fill("#id_code", current_code(device))
        page.locator("main form button[type=submit]").first.click()
        expect(page).not_to_have_url(re.compile(re.escape(reverse("core-twofa-verify"))))
    expect(page.locator("h1")).to_be_visible()
    if check:
        assert_accessible(page)
