"""Logging in through the real login view: username or e-mail, lockout, password links, hashing.

Every request goes through ``reverse("login")`` and the password pages, never force_login,
so that the authentication backends and django-axes run as in production.
"""

import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from core.models import Role, User
from tests.factories import UnitFactory, UserFactory

PASSWORD = "rahasia-123-ok"  # tests.factories.UserFactory's password
NEW_PASSWORD = "Kopi-Tubruk-2026!"
LOCKED = "Too many failed attempts"
WRONG = "The username/e-mail or password is wrong."
LINK = re.compile(r"http://testserver(/sandi/atur/[^/\s]+/[^/\s]+/)")


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


def log_in(client, login, password, ip="10.0.0.1"):
    return client.post(reverse("login"), {"username": login, "password": password}, REMOTE_ADDR=ip)


def logged_in_as(client):
    return client.session.get("_auth_user_id")


def test_log_in_with_username(client, operator_a):
    response = log_in(client, "operator_a", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("core-home")
    assert logged_in_as(client) == str(operator_a.pk)


def test_log_in_with_username_in_other_case(client, operator_a):
    log_in(client, "OPERATOR_A", PASSWORD)
    assert logged_in_as(client) == str(operator_a.pk)


def test_log_in_with_email_case_insensitively(client, operator_a):
    assert operator_a.email == "operator_a@example.go.id"
    response = log_in(client, "Operator_A@EXAMPLE.go.id", PASSWORD)
    assert response.status_code == 302
    assert logged_in_as(client) == str(operator_a.pk)
    home = client.get(response["Location"])
    assert "Welcome, " + operator_a.get_full_name() in home.content.decode()


def test_wrong_password_shows_the_error_and_keeps_the_username(client, operator_a):
    response = log_in(client, "operator_a", "salah-sandi-123")
    html = response.content.decode()
    assert response.status_code == 200
    assert WRONG in html
    assert 'value="operator_a"' in html
    assert logged_in_as(client) is None


def test_deactivated_account_cannot_log_in(client, operator_a):
    operator_a.is_active = False
    operator_a.save(update_fields=["is_active"])
    response = log_in(client, "operator_a", PASSWORD)
    assert WRONG in response.content.decode()
    assert logged_in_as(client) is None


def fail_five_times(client, login, ip="10.0.0.1"):
    responses = [log_in(client, login, "salah-sandi-123", ip=ip) for _ in range(5)]
    assert [r.status_code for r in responses[:4]] == [200] * 4
    assert all(WRONG in r.content.decode() for r in responses[:4])
    return responses[-1]


def test_five_failures_lock_the_username_on_that_address(client, world, operator_a):
    fifth = fail_five_times(client, "operator_a")
    assert fifth.status_code == 429
    assert LOCKED in fifth.content.decode()
    assert AccessAttempt.objects.get(username="operator_a", ip_address="10.0.0.1").failures_since_start == 5
    # Even the right password is refused now.
    response = log_in(client, "operator_a", PASSWORD)
    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert logged_in_as(client) is None


def test_four_failures_do_not_lock(client, operator_a):
    for _ in range(4):
        log_in(client, "operator_a", "salah-sandi-123")
    response = log_in(client, "operator_a", PASSWORD)
    assert response.status_code == 302
    assert logged_in_as(client) == str(operator_a.pk)


def test_lockout_does_not_block_another_user_on_the_same_address(client, world):
    fail_five_times(client, "operator_a")
    other = client.__class__()
    response = log_in(other, "pimpinan_a", PASSWORD)
    assert response.status_code == 302
    assert logged_in_as(other) == str(world.users["pimpinan_a"].pk)


def test_lockout_does_not_block_the_same_user_from_another_address(client, operator_a):
    fail_five_times(client, "operator_a", ip="10.0.0.1")
    other = client.__class__()
    response = log_in(other, "operator_a", PASSWORD, ip="10.0.0.2")
    assert response.status_code == 302
    assert logged_in_as(other) == str(operator_a.pk)


def test_every_spelling_of_the_login_counts_towards_one_lock(client, operator_a):
    """Username or e-mail, any case: five failures in all lock the account on that address."""
    for login in ["operator_a", "OPERATOR_A", "Operator_A@example.go.id", "operator_a@EXAMPLE.GO.ID"]:
        response = log_in(client, login, "salah-sandi-123")
        assert WRONG in response.content.decode()
    fifth = log_in(client, "Operator_a", "salah-sandi-123")
    assert fifth.status_code == 429
    assert LOCKED in fifth.content.decode()
    assert log_in(client, "operator_a@example.go.id", PASSWORD).status_code == 429
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["operator_a"]


def test_failures_for_an_unknown_login_are_counted_case_insensitively(client, world):
    for login in ["Nobody", "NOBODY", "nobody", "noBody", "nobodY"]:
        log_in(client, login, "salah-sandi-123")
    assert list(AccessAttempt.objects.values_list("username", "failures_since_start")) == [("nobody", 5)]


def _age_attempts(minutes):
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=minutes))


def test_lock_lasts_fifteen_minutes(client, operator_a):
    fail_five_times(client, "operator_a")
    _age_attempts(14)
    still = log_in(client, "operator_a", PASSWORD)
    assert still.status_code == 429
    assert LOCKED in still.content.decode()
    _age_attempts(16)
    response = log_in(client, "operator_a", PASSWORD)
    assert response.status_code == 302
    assert logged_in_as(client) == str(operator_a.pk)
    # A successful login clears the record (AXES_RESET_ON_SUCCESS).
    assert not AccessAttempt.objects.filter(username="operator_a").exists()


def follow_link_and_set_password(client, body, password=NEW_PASSWORD):
    path = LINK.search(body).group(1)
    response = client.get(path)
    # Django moves the token into the session and redirects to a token-free URL.
    assert response.status_code == 302
    form_url = response["Location"]
    page = client.get(form_url)
    assert page.context["validlink"] is True
    response = client.post(form_url, {"new_password1": password, "new_password2": password})
    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_complete")
    return path


def test_password_reset_by_email(client, operator_a):
    response = client.post(reverse("password_reset"), {"email": "OPERATOR_A@example.go.id"})
    assert response["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["operator_a@example.go.id"]
    assert "Your username is operator_a." in message.body
    path = follow_link_and_set_password(client, message.body)

    assert log_in(client.__class__(), "operator_a", PASSWORD).status_code == 200  # the old one is gone
    fresh = client.__class__()
    assert log_in(fresh, "operator_a", NEW_PASSWORD).status_code == 302
    assert logged_in_as(fresh) == str(operator_a.pk)
    # The link works once only.
    reused = client.get(path, follow=True)
    assert reused.context["validlink"] is False
    assert "This link is no longer valid" in reused.content.decode()


def test_password_reset_for_an_unknown_address_sends_nothing(client, world):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.go.id"})
    assert response["Location"] == reverse("password_reset_done")  # existence is not revealed
    assert mail.outbox == []


def test_weak_new_password_is_refused(client, operator_a):
    client.post(reverse("password_reset"), {"email": operator_a.email})
    path = LINK.search(mail.outbox[0].body).group(1)
    form_url = client.get(path)["Location"]
    response = client.post(form_url, {"new_password1": "12345678", "new_password2": "12345678"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "This password is too short. It must contain at least 10 characters." in html
    operator_a.refresh_from_db()
    assert operator_a.check_password(PASSWORD)


def test_invitation_lets_a_new_account_set_its_password(
    client, world, verifikator, django_capture_on_commit_callbacks
):
    officer = client.__class__()
    officer.force_login(verifikator)  # the officer's own login is not what is tested here
    with django_capture_on_commit_callbacks(execute=True):
        response = officer.post(
            reverse("core-account-create"),
            {
                "username": "siti.aminah",
                "email": "Siti.Aminah@example.go.id",
                "full_name": "Siti Aminah",
                "nip": "",
                "unit": world.unit_a1.uuid,
                "role": Role.OPERATOR,
                "role_unit": "",
            },
        )
    assert response.status_code == 302
    account = User.objects.get(username="siti.aminah")
    assert account.has_usable_password() is False
    assert [m.to for m in mail.outbox] == [["Siti.Aminah@example.go.id"]]
    body = mail.outbox[0].body
    assert "Username: siti.aminah" in body

    # Before the password is set, nobody can log in and "forgot password" sends nothing
    # (Django ignores accounts without a usable password): the invitation is the way in.
    assert log_in(client, "siti.aminah", "irrelevant-password").status_code == 200
    client.post(reverse("password_reset"), {"email": "siti.aminah@example.go.id"})
    assert len(mail.outbox) == 1

    follow_link_and_set_password(client, body)
    fresh = client.__class__()
    response = log_in(fresh, "siti.aminah@EXAMPLE.go.id", NEW_PASSWORD)
    assert response.status_code == 302
    assert logged_in_as(fresh) == str(account.pk)
    home = fresh.get(reverse("core-home")).content.decode()
    assert "Operator · PKM Sukamaju" in home


def test_resent_invitation_lets_the_person_set_a_password(
    client, world, admin_user, django_capture_on_commit_callbacks
):
    unit = UnitFactory(parent=world.pemda)
    account = UserFactory(username="budi", email="budi@example.go.id", unit=unit)
    account.set_unusable_password()
    account.save()
    officer = client.__class__()
    officer.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = officer.post(reverse("core-account-invite", args=[account.uuid]), follow=True)
    assert "A new invitation was sent to budi@example.go.id." in response.content.decode()
    follow_link_and_set_password(client, mail.outbox[0].body)
    assert log_in(client.__class__(), "budi", NEW_PASSWORD).status_code == 302


def test_production_hashes_passwords_with_argon2():
    from kbk_portal import settings as production

    assert production.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    # The library behind it is installed: a hash can be made and checked.
    hasher = Argon2PasswordHasher()
    encoded = hasher.encode(NEW_PASSWORD, hasher.salt())
    assert encoded.startswith("argon2$argon2id$")
    assert hasher.verify(NEW_PASSWORD, encoded)
    assert not hasher.verify(PASSWORD, encoded)
