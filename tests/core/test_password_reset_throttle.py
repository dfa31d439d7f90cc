"""The "forgot your password" form sends at most 3 links per address and answers at most
10 requests per IP in an hour (core/throttle.py), without saying which addresses exist."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse

from core.models import PasswordResetRequest
from tests.factories import UserFactory

REFUSED = (
    "Too many password links have been asked for this address or from this network in the last hour. "
    "Wait an hour and try again; a link already sent stays valid for three days."
)


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


def ask(client, email, ip="10.0.0.1"):
    return client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=ip)


def test_the_fourth_link_for_one_address_within_the_hour_is_not_sent(client, operator_a):
    responses = [ask(client, operator_a.email, ip=f"10.0.0.{n}") for n in range(1, 5)]
    assert [r.status_code for r in responses] == [302, 302, 302, 429]
    assert len(mail.outbox) == 3
    assert responses[3].context["form"].errors == {"email": [REFUSED]}
    assert f'value="{operator_a.email}"' in responses[3].content.decode()  # kept what was typed


def test_the_address_limit_ignores_case(client, operator_a):
    for email in (operator_a.email, operator_a.email.upper(), operator_a.email.title()):
        ask(client, email)
    assert ask(client, operator_a.email.upper()).status_code == 429
    assert len(mail.outbox) == 3


def test_an_unknown_address_is_refused_in_the_same_words(client, world):
    responses = [ask(client, "nobody@example.go.id") for _ in range(4)]
    assert [r.status_code for r in responses] == [302, 302, 302, 429]
    assert responses[3].context["form"].errors == {"email": [REFUSED]}
    assert mail.outbox == []


def test_one_ip_gets_ten_answers_an_hour_across_addresses(client, world):
    people = [UserFactory(email=f"pegawai{n}@example.go.id") for n in range(11)]
    responses = [ask(client, person.email, ip="10.9.9.9") for person in people]
    assert [r.status_code for r in responses] == [302] * 10 + [429]
    assert len(mail.outbox) == 10
    # Another address of the same office network is not held back by this one.
    assert ask(client, people[10].email, ip="10.9.9.10").status_code == 302
    assert len(mail.outbox) == 11


def test_the_limit_lifts_after_an_hour_and_old_requests_are_forgotten(client, operator_a):
    for _ in range(3):
        ask(client, operator_a.email)
    PasswordResetRequest.objects.update(at=PasswordResetRequest.objects.first().at - timedelta(minutes=61))
    assert ask(client, operator_a.email).status_code == 302
    assert len(mail.outbox) == 4
    PasswordResetRequest.objects.update(at=PasswordResetRequest.objects.first().at - timedelta(days=2))
    ask(client, operator_a.email)
    assert PasswordResetRequest.objects.count() == 1


def test_the_address_is_not_stored_in_clear(client, operator_a):
    ask(client, operator_a.email)
    stored = PasswordResetRequest.objects.get()
    assert operator_a.email.lower() not in (stored.email_digest, str(stored))
    assert stored.ip_address == "10.0.0.1"
