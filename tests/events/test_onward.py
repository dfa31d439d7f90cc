"""The provincial round: a Pemprov's Gelar enters the winners that its kabupaten sent on, under
the same rules as any registration; nothing else of the kabupaten's event comes along."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from core.models import AuditEvent, Unit, UnitKind
from events import services
from events.models import EventKind, Participant
from events.results_services import onward_candidates, participant_send_onward, participants_take_onward
from tests.events.results_world import finished_gelar
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def province(world):
    """A published kabupaten Gelar whose Juara I (KBK Sehati) is sent on, the kabupaten moved
    under a Pemprov, and the Pemprov's own Gelar of the same year."""
    finished = finished_gelar(world)
    participant_send_onward(participant=finished.a, by=world.users["verifikator"])
    pemprov = UnitFactory(kind=UnitKind.PEMPROV, name="Pemprov Contoh")
    Unit.objects.move(Unit.objects.get(pk=world.pemda.pk), pemprov, pos="sorted-child")
    pemprov.refresh_from_db()
    provincial = services.event_create(
        kind=EventKind.GELAR,
        title="Gelar Budaya Kerja Provinsi 2026",
        programme_year=world.year,
        organiser=pemprov,
        scope=pemprov,
        starts_on=date(2026, 10, 20),
        ends_on=date(2026, 10, 20),
        by=world.users["admin"],
    )
    return finished, provincial


def test_only_the_winner_sent_on_is_a_candidate(province):
    finished, provincial = province
    assert [(p.group.name, p.event.title) for p in onward_candidates(provincial)] == [
        ("KBK Sehati", "Gelar Budaya Kerja 2026")
    ]
    # The kabupaten's own event never takes its own winners.
    assert list(onward_candidates(finished.gelar.event)) == []


def test_taking_them_registers_them_in_the_same_track_once_with_an_audit_row(world, province):
    finished, provincial = province
    taken = participants_take_onward(event=provincial, by=world.users["admin"])

    assert [(p.group.name, p.track.code, p.event_id) for p in taken.entered] == [
        ("KBK Sehati", "kreatif", provincial.pk)
    ]
    assert taken.refused == []
    audit = AuditEvent.objects.get(details__event_step="taken_onward")
    assert audit.details["from_event"] == "Gelar Budaya Kerja 2026"
    again = participants_take_onward(event=provincial, by=world.users["admin"])
    assert (again.entered, again.refused) == ([], [])
    assert Participant.objects.filter(event=provincial).count() == 1


def test_a_winner_the_rules_refuse_is_named_with_the_reason(world, province):
    finished, provincial = province
    provincial.tracks.filter(code="kreatif").update(code="kreatif-prov")

    with translation.override("en"):
        taken = participants_take_onward(event=provincial, by=world.users["admin"])

    assert taken.entered == []
    assert [(source.group.name, reason) for source, reason in taken.refused] == [
        ("KBK Sehati", "This event has no track KBK Kreatif.")
    ]


def test_the_page_lists_them_and_enters_them(world, province, login):
    finished, provincial = province
    client = login("admin")
    client.cookies["django_language"] = "en"
    url = reverse("events-take-onward", args=[provincial.uuid])

    page = client.get(url).content.decode()
    assert "KBK Sehati" in page and "Gelar Budaya Kerja 2026" in page
    assert "Enter 1 group" in page
    detail = client.get(reverse("events-detail", args=[provincial.uuid])).content.decode()
    assert f'href="{url}"' in detail

    response = client.post(url, follow=True)
    assert "1 group sent on by a kabupaten/kota round is now a participant." in response.content.decode()
    assert "No group is waiting to be entered." in response.content.decode()
    assert Participant.objects.filter(event=provincial, group=world.group_a).exists()


def test_the_kabupatens_bureau_cannot_run_the_provincial_page(world, province, login):
    finished, provincial = province
    response = login("verifikator").get(reverse("events-take-onward", args=[provincial.uuid]))
    assert response.status_code == 403
    assert "KBK Sehati" not in response.content.decode()


def test_the_page_reads_the_candidates_in_a_fixed_number_of_queries(
    world, province, login, django_assert_num_queries
):
    finished, provincial = province
    client = login("admin")
    url = reverse("events-take-onward", args=[provincial.uuid])
    client.get(url)
    with django_assert_num_queries(8):
        client.get(url)
