"""The lottery page, the schedule and the slot e-mails."""

import pytest
from django.core import mail
from django.urls import reverse

from core.models import AuditEvent, SentMail
from events import services
from events.models import Event, EventStatus, Participant, ScheduleSlot
from tests.events.factories import kreatif_groups
from tests.factories import RoleFactory, UserFactory


def _order(event):
    return list(
        Participant.objects.filter(event=event)
        .order_by("lottery_order")
        .values_list("group__name", flat=True)
    )


def test_the_lottery_shows_its_seed_and_repeats_from_it(gelar, login):
    kreatif_groups(gelar, 5)
    client = login("verifikator")
    url = reverse("events-lottery", kwargs={"event_uuid": gelar.event.uuid})
    client.post(url, {"seed": ""})
    gelar.event.refresh_from_db()
    seed, first = gelar.event.lottery_seed, _order(gelar.event)
    content = client.get(url).content.decode()
    assert f"<strong>{seed}</strong>" in content
    assert [name in content for name in first] == [True] * 5
    client.post(url, {"seed": seed + 1})
    client.post(url, {"seed": seed})  # the recorded seed repeats the draw exactly
    assert _order(gelar.event) == first
    assert AuditEvent.objects.filter(details__event_step="lottery", details__seed=seed).count() == 2
    response = client.post(url, {"seed": "-3"})
    assert list(response.context["form"].errors) == ["seed"]


def test_the_lottery_is_the_bureaus(gelar, login):
    url = reverse("events-lottery", kwargs={"event_uuid": gelar.event.uuid})
    assert login("operator_a").post(url, {"seed": 1}).status_code == 403
    assert login("outsider").get(url).status_code == 403  # the outsider sees a Pemda-wide event


def _schedule(gelar, login, days=1):
    kreatif_groups(gelar, 3)
    client = login("verifikator")
    client.post(reverse("events-lottery", kwargs={"event_uuid": gelar.event.uuid}), {"seed": 7})
    response = client.post(
        reverse("events-schedule-build", kwargs={"event_uuid": gelar.event.uuid}), {"days": days}
    )
    return client, response


def test_the_schedule_is_built_over_the_days_and_printable(gelar, login):
    client, response = _schedule(gelar, login)
    url = reverse("events-schedule", kwargs={"event_uuid": gelar.event.uuid})
    assert response["Location"] == url
    slots = list(ScheduleSlot.objects.select_related("participant__group").order_by("starts_at"))
    assert len(slots) == 3
    content = client.get(url).content.decode()
    assert "events/manage.css" in content  # the print style sheet (A4, no navigation)
    assert "Kamis, 10 September 2026" in content
    assert "08:00–08:20" in content and "08:20–08:40" in content
    order = [slot.participant.group.name for slot in slots]
    assert [content.index(name) for name in order] == sorted(content.index(name) for name in order)


def test_too_few_days_is_said_beside_the_field(gelar, login):
    Event.objects.filter(pk=gelar.event.pk).update(slots_per_day=2)
    _client, response = _schedule(gelar, login)
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["days"]
    assert ScheduleSlot.objects.count() == 0


def test_building_needs_the_lottery_first(gelar, login):
    kreatif_groups(gelar, 2)
    response = login("verifikator").post(
        reverse("events-schedule-build", kwargs={"event_uuid": gelar.event.uuid}), {"days": 1}
    )
    assert response.context["form"].non_field_errors() == ["Undi urutan presentasi terlebih dahulu."]


def test_the_groups_see_the_schedule_only_once_published(world, gelar, login):
    operator = UserFactory(unit=world.unit_a)
    participants = kreatif_groups(gelar, 2, unit=world.unit_a1)
    RoleFactory(user=operator, role="operator", unit=world.unit_a)
    client = login("verifikator")
    client.post(reverse("events-lottery", kwargs={"event_uuid": gelar.event.uuid}), {"seed": 3})
    client.post(reverse("events-schedule-build", kwargs={"event_uuid": gelar.event.uuid}), {"days": 1})
    url = reverse("events-schedule", kwargs={"event_uuid": gelar.event.uuid})
    assert login("operator_a").get(url).status_code == 404
    Event.objects.filter(pk=gelar.event.pk).update(status=EventStatus.RUNNING)
    assert participants[0].group.name in login("operator_a").get(url).content.decode()
    assert login("pimpinan_a").get(url).status_code == 404  # not an operator of the groups
    assert login("outsider").get(url).status_code == 404  # no group of theirs takes part


@pytest.fixture
def scheduled(world, gelar, login, django_capture_on_commit_callbacks):
    participants = kreatif_groups(gelar, 2, unit=world.unit_a1)
    client = login("verifikator")
    client.post(reverse("events-lottery", kwargs={"event_uuid": gelar.event.uuid}), {"seed": 3})
    client.post(reverse("events-schedule-build", kwargs={"event_uuid": gelar.event.uuid}), {"days": 1})
    return client, participants


def test_each_group_gets_its_slot_by_email_once(world, gelar, scheduled, django_capture_on_commit_callbacks):
    client, participants = scheduled
    url = reverse("events-schedule-notify", kwargs={"event_uuid": gelar.event.uuid})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    # Operator A holds unit A, above both groups' Puskesmas: one e-mail per group's slot.
    assert [m.to for m in mail.outbox] == [[world.users["operator_a"].email]] * 2
    first = ScheduleSlot.objects.order_by("starts_at").select_related("participant__group").first()
    body = next(m.body for m in mail.outbox if first.participant.group.name in m.subject)
    assert "Kamis, 10 September 2026, 08:00–08:20" in body
    assert reverse("events-schedule", kwargs={"event_uuid": gelar.event.uuid}) in body
    assert ScheduleSlot.objects.filter(notified_at__isnull=True).count() == 0
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)
    assert len(mail.outbox) == 2
    assert SentMail.objects.count() == 2
    assert [str(m) for m in response.context["messages"]][-1] == "Semua kelompok sudah diberi tahu slotnya."


def test_only_the_bureau_sends_the_slots(gelar, scheduled, login):
    url = reverse("events-schedule-notify", kwargs={"event_uuid": gelar.event.uuid})
    assert login("operator_a").post(url).status_code == 403
    assert ScheduleSlot.objects.filter(notified_at__isnull=False).count() == 0
    assert mail.outbox == []


def test_a_slot_mail_goes_through_the_worker_log(world, gelar, scheduled, django_capture_on_commit_callbacks):
    client, _participants = scheduled
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("events-schedule-notify", kwargs={"event_uuid": gelar.event.uuid}))
    assert set(SentMail.objects.values_list("status", "recipient")) == {
        ("sent", world.users["operator_a"].pk)
    }
    services.schedule_build(
        event=gelar.event, days=[gelar.event.starts_on], by=world.users["verifikator"]
    )  # a new schedule: new slots to tell
    assert ScheduleSlot.objects.filter(notified_at__isnull=True).count() == 2


def test_the_printed_schedule_shows_the_breaks(gelar, login):
    Event.objects.filter(pk=gelar.event.pk).update(break_every=2, break_minutes=15)
    client, _response = _schedule(gelar, login)
    content = client.get(reverse("events-schedule", kwargs={"event_uuid": gelar.event.uuid})).content.decode()
    # Two groups (08:00, 08:20), a break 08:40-08:55, then the third group.
    assert "08:40–08:55" in content and "Istirahat" in content and "08:55–09:15" in content
    assert content.index("08:20–08:40") < content.index("Istirahat") < content.index("08:55–09:15")


def test_a_reader_of_the_unit_gets_no_schedule_link(world, gelar, login):
    _schedule(gelar, login)
    Event.objects.filter(pk=gelar.event.pk).update(status=EventStatus.RUNNING)
    url = reverse("events-schedule", kwargs={"event_uuid": gelar.event.uuid})
    assert (
        url
        not in login("pimpinan_a")
        .get(reverse("events-detail", kwargs={"event_uuid": gelar.event.uuid}))
        .content.decode()
    )
    assert (
        url
        in login("verifikator")
        .get(reverse("events-detail", kwargs={"event_uuid": gelar.event.uuid}))
        .content.decode()
    )
