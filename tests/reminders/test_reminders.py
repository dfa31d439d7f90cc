"""Who gets which reminder for a prepared data set, and nothing is sent twice."""

from datetime import date

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from core.models import MailKind, MailStatus, NotificationPreference, Role, SentMail
from risalah.models import Status, Transition
from risalah.reminders import group_gaps, in_window, notify_status_change
from tests.factories import GroupFactory, RoleFactory, UserFactory

# The world's year 2026: SK deadline 31 March, risalah deadline 15 August.
IN_SK_WINDOW = date(2026, 3, 25)
IN_RISALAH_WINDOW = date(2026, 8, 10)
QUIET = date(2026, 6, 1)


def run_reminders(today: date, capture) -> str:
    from io import StringIO

    out = StringIO()
    with capture(execute=True):
        call_command(
            "send_reminders", date=today.isoformat(), base_url="https://kbk.example.go.id", stdout=out
        )
    return out.getvalue()


def test_reminder_window_is_around_the_deadline(settings):
    settings.REMINDER_DAYS_BEFORE = 21
    settings.REMINDER_DAYS_AFTER = 7
    deadline = date(2026, 3, 31)
    assert [
        in_window(d, deadline)
        for d in (date(2026, 3, 9), date(2026, 3, 10), date(2026, 4, 7), date(2026, 4, 8))
    ] == [
        False,
        True,
        True,
        False,
    ]


# The reminders are written in the portal's language, Indonesian.
def test_gaps_around_the_sk_deadline_name_incomplete_groups(world):
    with translation.override("id"):
        gaps = {gap.group.name: gap.problems for gap in group_gaps(world.year, IN_SK_WINDOW)}
    # group A is complete; group B has an SK but no roster
    assert gaps == {"KBK Cerdas": ["SK atau susunan anggota tahun 2026 belum lengkap"]}


def test_gaps_around_the_risalah_deadline_name_groups_without_a_submitted_risalah(world):
    with translation.override("id"):
        gaps = {gap.group.name: gap.problems for gap in group_gaps(world.year, IN_RISALAH_WINDOW)}
    assert gaps == {
        "KBK Sehati": ["risalah belum diajukan"],
        "KBK Cerdas": ["risalah belum diajukan"],
    }
    world.risalah_a.status = Status.RETURNED
    world.risalah_a.save()
    with translation.override("id"):
        gaps = {gap.group.name: gap.problems for gap in group_gaps(world.year, IN_RISALAH_WINDOW)}
    assert gaps["KBK Sehati"] == ["risalah dikembalikan untuk perbaikan"]


def test_operator_digest_goes_to_the_operators_of_the_units_concerned(
    world, django_capture_on_commit_callbacks
):
    output = run_reminders(IN_SK_WINDOW, django_capture_on_commit_callbacks)
    # Only group B (unit B) is incomplete: the outsider (operator of B) is reminded, operator_a is not.
    assert [m.to for m in mail.outbox] == [[world.users["outsider"].email]]
    body = mail.outbox[0].body
    assert "KBK Cerdas" in body
    assert "KBK Sehati" not in body
    assert "https://kbk.example.go.id" + reverse("groups-detail", args=[world.group_b.uuid]) in body
    assert "31 Maret 2026" in body  # Indonesian text and date
    assert "1 operator digest(s)" in output
    logged = SentMail.objects.get()
    assert (logged.kind, logged.status, logged.recipient) == (
        MailKind.OPERATOR_DIGEST,
        MailStatus.SENT,
        world.users["outsider"],
    )


def test_running_twice_in_a_week_sends_nothing_twice(world, django_capture_on_commit_callbacks):
    run_reminders(IN_SK_WINDOW, django_capture_on_commit_callbacks)
    run_reminders(date(2026, 3, 27), django_capture_on_commit_callbacks)  # same ISO week
    assert len(mail.outbox) == 1
    run_reminders(date(2026, 4, 2), django_capture_on_commit_callbacks)  # next week: a new digest
    assert len(mail.outbox) == 2


def test_nothing_is_sent_outside_the_windows(world, django_capture_on_commit_callbacks):
    run_reminders(QUIET, django_capture_on_commit_callbacks)
    assert mail.outbox == []


def test_a_person_can_turn_the_digest_off(world, django_capture_on_commit_callbacks):
    NotificationPreference.objects.create(user=world.users["outsider"], weekly_digest=False)
    run_reminders(IN_SK_WINDOW, django_capture_on_commit_callbacks)
    assert mail.outbox == []


def test_review_digest_lists_what_waits_in_the_verifikators_subtree(
    world, django_capture_on_commit_callbacks
):
    world.risalah_a.status = Status.SUBMITTED
    world.risalah_a.save()
    other = UserFactory(username="verif-b")
    RoleFactory(user=other, role=Role.VERIFIKATOR, unit=world.unit_b)
    run_reminders(QUIET, django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [[world.users["verifikator"].email]]
    assert "KBK Sehati" in mail.outbox[0].body


def test_status_notice_goes_to_the_groups_operators_once(world, django_capture_on_commit_callbacks):
    transition = Transition.objects.create(
        risalah=world.risalah_a,
        from_status=Status.SUBMITTED,
        to_status=Status.RETURNED,
        by=world.users["verifikator"],
        note="Langkah 3: data penyebab belum ada.",
    )
    with django_capture_on_commit_callbacks(execute=True):
        first = notify_status_change(
            risalah=world.risalah_a, transition=transition, base_url="https://kbk.example.go.id"
        )
        second = notify_status_change(
            risalah=world.risalah_a, transition=transition, base_url="https://kbk.example.go.id"
        )
    assert (first, second) == (1, 0)
    assert [m.to for m in mail.outbox] == [[world.users["operator_a"].email]]
    assert "Langkah 3: data penyebab belum ada." in mail.outbox[0].body


@pytest.mark.django_db(transaction=True)
def test_the_database_worker_sends_queued_mail():
    """The real task backend: the mail waits in the queue until `db_worker` runs."""
    from core.mail import queue_mail

    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        user = UserFactory(username="penerima")
        queue_mail(user=user, to_email=user.email, kind=MailKind.INVITATION, subject="Uji", body="Isi")
        assert mail.outbox == []
        assert SentMail.objects.get().status == MailStatus.QUEUED
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    assert [m.subject for m in mail.outbox] == ["Uji"]
    assert SentMail.objects.get().status == MailStatus.SENT


def test_group_without_active_flag_is_not_reminded(world, django_capture_on_commit_callbacks):
    GroupFactory(unit=world.unit_b, name="KBK Lama", is_active=False)
    run_reminders(IN_SK_WINDOW, django_capture_on_commit_callbacks)
    assert "KBK Lama" not in mail.outbox[0].body
