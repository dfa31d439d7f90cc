"""A guest on the jury: invited by the bureau, the link by e-mail (through the worker), the
password set on the link's page, logged in; a link that no longer works is a clear page."""

import hashlib
from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.models import MailKind, SentMail, User
from events import services
from events.models import Jury, JuryKind
from tests.events.jury_world import invitation_path

pytestmark = pytest.mark.django_db

PASSWORD = "Gelar-Budaya-2026!"


@pytest.fixture(autouse=True)
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def _english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _invite(login, gelar, capture, email="dewi@pabrik.co.id"):
    client = _english(login("verifikator"))
    with capture(execute=True):
        response = client.post(
            reverse("events-jury-invite", kwargs={"event_uuid": gelar.event.uuid}),
            {"full_name": "Dewi Praktisi", "email": email, "affiliation": "PT Pabrik Gula"},
            follow=True,
        )
    return response


def test_the_invitation_goes_out_by_the_worker_and_the_link_sets_the_password(
    gelar, login, django_capture_on_commit_callbacks
):
    response = _invite(login, gelar, django_capture_on_commit_callbacks)
    assert [str(m) for m in response.context["messages"]] == [
        "Dewi Praktisi is invited; the link was sent to dewi@pabrik.co.id."
    ]
    jury = Jury.objects.select_related("user").get(event=gelar.event, user__email="dewi@pabrik.co.id")
    assert (jury.kind, jury.affiliation, jury.user.unit, jury.user.has_usable_password()) == (
        JuryKind.EXTERNAL,
        "PT Pabrik Gula",
        None,
        False,
    )
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["dewi@pabrik.co.id"], "Undangan menjadi juri Gelar Budaya Kerja 2026")
    ]
    assert SentMail.objects.get().kind == MailKind.INVITATION
    path = invitation_path(mail.outbox[0].body)
    token = path.rstrip("/").rsplit("/", 1)[1]
    # Only the digest is stored, never the token.
    assert jury.invitation_digest == hashlib.sha256(token.encode()).hexdigest()
    assert not Jury.objects.filter(invitation_digest=token).exists()

    guest = _english(Client())
    page = guest.get(path)
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count("<h1") == 1
    assert "You are invited to the jury of <strong>Gelar Budaya Kerja 2026</strong>" in html

    weak = guest.post(path, {"new_password1": "dewi", "new_password2": "dewi"})
    assert weak.status_code == 200
    assert "This password is too short." in weak.content.decode()
    assert not User.objects.get(pk=jury.user_id).has_usable_password()

    done = guest.post(path, {"new_password1": PASSWORD, "new_password2": PASSWORD}, follow=True)
    assert done.redirect_chain == [(reverse("events-my-scoring"), 302)]
    assert done.context["user"] == jury.user
    assert [str(m) for m in done.context["messages"]] == [
        "Your password is set. Welcome to the jury of Gelar Budaya Kerja 2026."
    ]
    jury.refresh_from_db()
    assert (jury.invitation_digest, jury.accepted_at is not None) == (None, True)
    assert User.objects.get(pk=jury.user_id).check_password(PASSWORD)
    # The e-mail address and the new password log in.
    logged_in = Client().post(reverse("login"), {"username": "dewi@pabrik.co.id", "password": PASSWORD})
    assert (logged_in.status_code, logged_in["Location"]) == (302, reverse("core-home"))

    # The link is used up: a clear page, not an error.
    again = _english(Client()).get(path)
    assert again.status_code == 404
    assert "This invitation link does not work" in again.content.decode()


def test_sending_the_invitation_again_replaces_the_link(gelar, login, django_capture_on_commit_callbacks):
    _invite(login, gelar, django_capture_on_commit_callbacks)
    first = invitation_path(mail.outbox[0].body)
    jury = Jury.objects.get(event=gelar.event)
    with django_capture_on_commit_callbacks(execute=True):
        response = _english(login("verifikator")).post(
            reverse("events-jury-reinvite", kwargs={"event_uuid": gelar.event.uuid, "jury_uuid": jury.uuid}),
            follow=True,
        )
    assert [str(m) for m in response.context["messages"]] == [
        "A new invitation link was sent to dewi@pabrik.co.id; the old one no longer works."
    ]
    second = invitation_path(mail.outbox[1].body)
    assert [Client().get(first).status_code, Client().get(second).status_code] == [404, 200]


def test_inviting_someone_already_on_the_jury_is_refused_beside_the_field(
    gelar, login, django_capture_on_commit_callbacks
):
    _invite(login, gelar, django_capture_on_commit_callbacks)
    response = _invite(login, gelar, django_capture_on_commit_callbacks, email="DEWI@pabrik.co.id")
    assert response.status_code == 400
    assert response.context["invite_form"].errors == {"email": ["This person is already on the jury."]}
    assert (Jury.objects.count(), len(mail.outbox)) == (1, 1)


def test_an_expired_or_deactivated_invitation_does_not_work(gelar, world):
    by = world.users["verifikator"]
    jury, token = services.jury_invite_guest(
        event=gelar.event, email="tamu@kampus.ac.id", full_name="Tamu", by=by
    )
    url = reverse("events-jury-invitation", kwargs={"token": token})
    assert Client().get(url).status_code == 200
    Jury.objects.filter(pk=jury.pk).update(invited_at=timezone.now() - timedelta(days=15))
    assert Client().get(url).status_code == 404
    Jury.objects.filter(pk=jury.pk).update(invited_at=timezone.now())
    services.jury_set_active(jury=Jury.objects.get(pk=jury.pk), active=False, by=by)
    response = Client().post(url, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert response.status_code == 404
    assert not User.objects.get(pk=jury.user_id).has_usable_password()


def test_the_invitation_page_is_in_indonesian(gelar, world):
    _jury, token = services.jury_invite_guest(
        event=gelar.event, email="tamu@kampus.ac.id", full_name="Tamu", by=world.users["verifikator"]
    )
    html = Client().get(reverse("events-jury-invitation", kwargs={"token": token})).content.decode()
    assert "Undangan juri" in html
    invalid = Client().get(reverse("events-jury-invitation", kwargs={"token": "x" * 43})).content.decode()
    assert "Tautan undangan ini tidak berlaku" in invalid
