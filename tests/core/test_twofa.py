"""Two-factor login (core/twofa.py): enforcement by role, the second step with a code computed from
the device's key, recovery codes that work once, and logging out everywhere.

Every login here goes through the real login form with the password, never force_login (which
counts as both steps, see tests/conftest.py)."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from core import twofa
from core.models import AuditAction, AuditEvent, Role
from tests.factories import RoleFactory, UserFactory

PASSWORD = "rahasia-123-ok"  # UserFactory's


def code_of(device, *, offset: int = 0) -> str:
    """The code the device's app shows now (``offset`` steps later)."""
    device.refresh_from_db()
    value = totp(device.bin_key, device.step, device.t0, device.digits, device.drift + offset)
    return f"{value:0{device.digits}d}"


def wrong_code(device) -> str:
    valid = {code_of(device, offset=i) for i in (-1, 0, 1)}
    return next(f"{n:06d}" for n in range(123456, 999999) if f"{n:06d}" not in valid)


def password_login(username: str) -> Client:
    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302, response.content[:500]
    return client


def home_of(client):
    return client.get(reverse("core-home"))


@pytest.fixture
def new_verifikator(world):
    user = UserFactory(username="verif_baru", unit=world.pemda)
    RoleFactory(user=user, role=Role.VERIFIKATOR, unit=world.pemda)
    return user


def test_a_verifikator_without_an_app_is_sent_to_set_one_up_and_reaches_nothing_else(world, new_verifikator):
    client = password_login("verif_baru")
    setup_url = reverse("core-twofa-setup")
    for url in (
        reverse("core-home"),
        reverse("core-notification-settings"),
        reverse("core-twofa-security"),
        reverse("core-audit-log"),
        reverse("admin:index"),
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(setup_url), url
    page = client.get(setup_url)
    assert page.status_code == 200
    html = page.content.decode()
    assert re.search(r'class="twofa-qr[^>]*>\s*<svg viewBox="[^"]+" class="segno">', html)
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)  # the QR code brings no inline script
    secret = page.context["setup"].secret.replace(" ", "")
    assert secret.encode() in page.content.replace(b" ", b"")
    # Logging out stays open, and ends the session.
    assert client.post(reverse("logout")).status_code == 302
    assert home_of(client)["Location"].startswith(reverse("login"))


def test_an_admin_without_an_app_is_sent_to_set_one_up(world):
    user = UserFactory(username="admin_baru", unit=world.pemda, is_superuser=True, is_staff=True)
    client = password_login(user.username)
    assert home_of(client)["Location"] == reverse("core-twofa-setup")


def test_an_operator_logs_in_with_the_password_alone_and_may_set_up_an_app(world):
    client = password_login("operator_a")
    assert home_of(client).status_code == 200
    page = client.get(reverse("core-twofa-security"))
    assert page.context["device"] is None
    assert reverse("core-twofa-setup").encode() in page.content
    assert reverse("core-twofa-remove").encode() not in page.content


def test_with_the_obligation_off_a_verifikator_needs_no_app(world, new_verifikator, settings):
    settings.TWO_FACTOR_REQUIRED = False
    assert home_of(password_login("verif_baru")).status_code == 200


def test_setting_up_confirms_with_a_code_and_shows_recovery_codes_once(world, new_verifikator, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # django-otp's wait after a wrong code (tested below)
    client = password_login("verif_baru")
    client.get(reverse("core-twofa-setup"))
    device = TOTPDevice.objects.get(user=new_verifikator, confirmed=False)

    refused = client.post(reverse("core-twofa-setup"), {"code": wrong_code(device)})
    assert refused.status_code == 400
    assert "Kode ini salah" in refused.content.decode()
    assert home_of(client)["Location"] == reverse("core-twofa-setup")

    shown = client.post(reverse("core-twofa-setup"), {"code": code_of(device)})
    assert shown.status_code == 200
    assert f'href="{reverse("core-home")}"' in shown.content.decode()  # "I have saved them" goes on
    codes = shown.context["codes"]
    assert len(codes) == 10
    assert all(code in shown.content.decode() for code in codes)
    assert set(
        StaticToken.objects.filter(device__user=new_verifikator).values_list("token", flat=True)
    ) == set(codes)
    device.refresh_from_db()
    assert device.confirmed
    assert home_of(client).status_code == 200
    assert AuditEvent.objects.filter(action=AuditAction.TWOFA_SETUP, actor=new_verifikator).count() == 1
    # The security page says how many are left and never shows them again.
    security = client.get(reverse("core-twofa-security"))
    assert security.context["codes_left"] == 10
    assert codes[0] not in security.content.decode()


def test_the_second_step_accepts_the_code_of_the_app(world, verifikator):
    client = password_login("verifikator")
    response = home_of(client)
    assert response["Location"] == reverse("core-twofa-verify")
    assert client.get(reverse("core-twofa-setup"))["Location"].startswith(reverse("core-twofa-verify"))
    device = twofa.confirmed_device(verifikator)
    passed = client.post(reverse("core-twofa-verify"), {"code": code_of(device)})
    assert passed.status_code == 302
    assert passed["Location"] == reverse("core-home")
    assert home_of(client).status_code == 200
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN, actor=verifikator).count() == 1
    assert AuditEvent.objects.filter(action=AuditAction.TWOFA_PASSED, actor=verifikator).count() == 1


def test_the_second_step_goes_on_to_the_page_asked_for(world, verifikator):
    client = password_login("verifikator")
    asked = reverse("core-notification-settings")
    bounced = client.get(asked)
    assert bounced["Location"] == reverse("core-twofa-verify") + "?next=" + asked.replace("/", "%2F")
    device = twofa.confirmed_device(verifikator)
    passed = client.post(bounced["Location"], {"code": code_of(device), "next": asked})
    assert passed["Location"] == asked


def test_a_wrong_code_is_refused_with_a_clear_message(world, verifikator):
    client = password_login("verifikator")
    device = twofa.confirmed_device(verifikator)
    refused = client.post(reverse("core-twofa-verify"), {"code": wrong_code(device)})
    assert refused.status_code == 400
    text = refused.content.decode()
    assert "Kode ini salah atau sudah kedaluwarsa" in text
    assert home_of(client)["Location"] == reverse("core-twofa-verify")
    failed = AuditEvent.objects.get(action=AuditAction.TWOFA_FAILED)
    assert failed.actor == verifikator


def test_a_recovery_code_works_once(world, verifikator):
    first = password_login("verifikator")
    first.post(reverse("core-twofa-verify"), {"code": code_of(twofa.confirmed_device(verifikator))})
    made = first.post(reverse("core-twofa-recovery-codes"))
    assert made.status_code == 200
    code = made.context["codes"][3]

    second = password_login("verifikator")
    passed = second.post(reverse("core-twofa-verify"), {"code": code.upper()})
    assert passed.status_code == 302
    assert home_of(second).status_code == 200
    assert AuditEvent.objects.filter(action=AuditAction.RECOVERY_USED, actor=verifikator).count() == 1
    assert twofa.recovery_codes_left(verifikator) == 9

    third = password_login("verifikator")
    refused = third.post(reverse("core-twofa-verify"), {"code": code})
    assert refused.status_code == 400
    assert home_of(third)["Location"] == reverse("core-twofa-verify")


def test_new_recovery_codes_end_the_old_ones(world, verifikator, login):
    client = login("verifikator")
    old = client.post(reverse("core-twofa-recovery-codes")).context["codes"]
    new = client.post(reverse("core-twofa-recovery-codes")).context["codes"]
    assert not set(old) & set(new)
    refused = password_login("verifikator").post(reverse("core-twofa-verify"), {"code": old[0]})
    assert refused.status_code == 400
    assert AuditEvent.objects.filter(action=AuditAction.RECOVERY_NEW, actor=verifikator).count() == 2


def test_log_out_everywhere_ends_the_other_sessions(world, operator_a):
    here = password_login("operator_a")
    elsewhere = password_login("operator_a")
    assert home_of(elsewhere).status_code == 200
    response = here.post(reverse("core-twofa-logout-everywhere"))
    assert response["Location"] == reverse("core-twofa-security")
    assert home_of(here).status_code == 200
    assert home_of(elsewhere)["Location"].startswith(reverse("login"))
    assert AuditEvent.objects.filter(action=AuditAction.LOGOUT_ALL, actor=operator_a).count() == 1
    # A new login after it works as usual.
    assert home_of(password_login("operator_a")).status_code == 200


def test_a_verifikator_may_not_turn_two_factor_login_off_but_an_operator_may(world, login, operator_a):
    refused = login("verifikator").post(reverse("core-twofa-remove"))
    assert refused.status_code == 403
    assert twofa.confirmed_device(world.users["verifikator"]) is not None

    TOTPDevice.objects.create(user=operator_a, name=twofa.TOTP_NAME, confirmed=True)
    client = login("operator_a")
    assert client.post(reverse("core-twofa-remove"))["Location"] == reverse("core-twofa-security")
    assert twofa.confirmed_device(operator_a) is None
    assert home_of(password_login("operator_a")).status_code == 200


def test_an_operator_who_set_up_an_app_is_asked_for_its_code(world, operator_a):
    device = TOTPDevice.objects.create(user=operator_a, name=twofa.TOTP_NAME, confirmed=True)
    client = password_login("operator_a")
    assert home_of(client)["Location"] == reverse("core-twofa-verify")
    client.post(reverse("core-twofa-verify"), {"code": code_of(device)})
    assert home_of(client).status_code == 200


def test_the_setup_page_shows_the_key_of_the_otpauth_link(world, login):
    page = login("operator_a").get(reverse("core-twofa-setup"))
    device = TOTPDevice.objects.get(user=world.users["operator_a"], confirmed=False)
    secret = page.context["setup"].secret.replace(" ", "")
    assert re.search(f"secret={secret}", device.config_url)
    assert "issuer=Portal%20KBK" in device.config_url


def test_right_after_a_wrong_code_even_the_right_one_waits(world, verifikator):
    """django-otp's throttle: after a failure the device refuses codes for a while (1 s, doubling)."""
    client = password_login("verifikator")
    device = twofa.confirmed_device(verifikator)
    client.post(reverse("core-twofa-verify"), {"code": wrong_code(device)})
    refused = client.post(reverse("core-twofa-verify"), {"code": code_of(device)})
    assert refused.status_code == 400
    assert "Terlalu banyak kode salah" in refused.content.decode()
    assert home_of(client)["Location"] == reverse("core-twofa-verify")


def test_each_request_renews_the_session_so_it_ends_only_after_inactivity(world, login, settings):
    response = home_of(login("operator_a"))
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == settings.SESSION_COOKIE_AGE == 36000


# --- an officer's reset, and a role that needs the second factor given mid-session ------------


def _with_app_and_codes(user) -> TOTPDevice:
    device = TOTPDevice.objects.create(user=user, name=twofa.TOTP_NAME, confirmed=True)
    twofa._new_recovery_codes(user)
    return device


def test_an_officer_resets_the_two_factor_login_of_someone_who_lost_their_phone(world, login, operator_a):
    from core.models import MailKind, SentMail

    _with_app_and_codes(operator_a)
    theirs = password_login("operator_a")
    theirs.post(reverse("core-twofa-verify"), {"code": code_of(twofa.confirmed_device(operator_a))})
    assert home_of(theirs).status_code == 200

    officer = login("verifikator")
    detail_url = reverse("core-account-detail", args=[operator_a.uuid])
    before = officer.get(detail_url).content.decode()
    assert "aktif (aplikasi autentikator), 10 kode pemulihan tersisa" in before
    assert reverse("core-account-twofa-reset", args=[operator_a.uuid]) in before

    response = officer.post(reverse("core-account-twofa-reset", args=[operator_a.uuid]), follow=True)
    assert f"Login dua langkah {operator_a.get_full_name()} telah direset" in response.content.decode()
    assert twofa.confirmed_device(operator_a) is None
    assert twofa.recovery_codes_left(operator_a) == 0
    assert reverse("core-account-twofa-reset", args=[operator_a.uuid]) not in response.content.decode()
    # Their open session ended; their password alone lets them in again (an operator need not use it).
    assert home_of(theirs)["Location"].startswith(reverse("login"))
    assert home_of(password_login("operator_a")).status_code == 200
    event = AuditEvent.objects.get(action=AuditAction.TWOFA_RESET)
    assert (event.actor, event.target) == (world.users["verifikator"], str(operator_a))
    mail = SentMail.objects.get(recipient=operator_a, kind=MailKind.SECURITY_NOTICE)
    assert mail.to_email == operator_a.email
    assert "aplikasi autentikator" in mail.body and world.users["verifikator"].get_full_name() in mail.body


def test_a_verifikator_whose_app_was_reset_sets_up_a_new_one_at_the_next_login(world, login, verifikator):
    login("admin").post(reverse("core-account-twofa-reset", args=[verifikator.uuid]))
    assert twofa.confirmed_device(verifikator) is None
    client = password_login("verifikator")
    assert home_of(client)["Location"].startswith(reverse("core-twofa-setup"))


def test_no_one_resets_their_own_two_factor_login_from_the_account_page(world, login):
    admin = world.users["admin"]
    response = login("admin").post(reverse("core-account-twofa-reset", args=[admin.uuid]), follow=True)
    assert "Anda tidak dapat mereset login dua langkah Anda sendiri" in response.content.decode()
    assert twofa.confirmed_device(admin) is not None
    assert not AuditEvent.objects.filter(action=AuditAction.TWOFA_RESET).exists()


def test_an_operator_may_not_reset_anyones_two_factor_login(world, login, verifikator):
    response = login("operator_a").post(reverse("core-account-twofa-reset", args=[verifikator.uuid]))
    assert response.status_code == 403
    assert twofa.confirmed_device(verifikator) is not None


def test_a_role_that_needs_the_second_factor_given_mid_session_ends_the_open_sessions(
    world, login, operator_a
):
    theirs = password_login("operator_a")
    assert home_of(theirs).status_code == 200
    officer = login("verifikator")
    grant_url = reverse("core-account-role-grant", args=[operator_a.uuid])

    # A role that does not need it leaves the session alone.
    officer.post(grant_url, {"role": Role.PIMPINAN, "unit": world.unit_a.uuid})
    assert home_of(theirs).status_code == 200

    response = officer.post(grant_url, {"role": Role.VERIFIKATOR, "unit": world.unit_a.uuid}, follow=True)
    assert "sesi terbuka" in response.content.decode()
    assert home_of(theirs)["Location"].startswith(reverse("login"))
    # The next login sets the authenticator app up before anything else.
    assert home_of(password_login("operator_a"))["Location"].startswith(reverse("core-twofa-setup"))
