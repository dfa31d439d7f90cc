"""Every events form that is refused shows the page again with what was typed (nothing to type a
second time) and the reason; the page with the errors is a page like the others (one <h1>, no
inline style). The event form and the score sheet have theirs in test_manage_pages.py and
test_scoring_pages.py."""

import re

import pytest
from django.urls import reverse

from events import services
from events.models import BimtekParticipant, BimtekQuota, EventStatus
from groups.models import Person
from tests.events.bimtek import make_bimtek, register
from tests.events.factories import kreatif_groups, make_gelar
from tests.events.results_world import finished_gelar
from tests.events.scoring_world import make_room
from tests.test_site import STYLE_ATTRIBUTE

pytestmark = pytest.mark.django_db


def kept(response, *typed: str) -> str:
    """The refused page: shown again (not redirected), one <h1>, and each ``typed`` snippet."""
    assert response.status_code == 200
    html = response.content.decode()
    assert len(re.findall(r"<h1[\s>]", html)) == 1
    assert STYLE_ATTRIBUTE.findall(html) == []
    assert [snippet for snippet in typed if snippet not in html] == []
    return html


@pytest.fixture
def gelar(world):
    return make_gelar(world)


def test_rounds(gelar, login):
    desk, final = f"r{gelar.desk.uuid.hex}", f"r{gelar.final.uuid.hex}"
    response = login("verifikator").post(
        reverse("events-rounds", args=[gelar.event.uuid]),
        {
            f"{desk}-name": "Seleksi berkas tahap I",
            f"{desk}-advance_count": "sepuluh",
            f"{final}-name": "Final",
        },
    )
    kept(
        response, 'value="Seleksi berkas tahap I"', 'value="sepuluh"', "Masukkan keseluruhan angka bilangan."
    )
    gelar.desk.refresh_from_db()
    assert gelar.desk.name == "Penilaian desk risalah"


def test_rubric(gelar, login):
    url = reverse("events-rubric", args=[gelar.event.uuid, gelar.kreatif.uuid, gelar.final.uuid])
    data = {"c-TOTAL_FORMS": 1, "c-INITIAL_FORMS": 0, "c-MIN_NUM_FORMS": 0, "c-MAX_NUM_FORMS": 1000}
    data |= {"c-0-name": "Kerapian panggung", "c-0-max_points": "40", "c-0-weight": "nol koma lima"}
    response = login("verifikator").post(url, data)
    kept(response, 'value="Kerapian panggung"', 'value="40"', 'value="nol koma lima"', "Masukkan angka.")


def test_advance(world, login):
    finished = finished_gelar(world, publish=False)
    url = reverse("events-advance", args=[finished.gelar.event.uuid, finished.gelar.desk.uuid])
    kept(login("verifikator").post(url, {"count": "0"}), 'name="count" value="0"')


def test_lottery(gelar, login):
    kreatif_groups(gelar, 2)
    url = reverse("events-lottery", args=[gelar.event.uuid])
    kept(login("verifikator").post(url, {"seed": "-5"}), 'name="seed" value="-5"')
    gelar.event.refresh_from_db()
    assert gelar.event.lottery_seed is None


def test_schedule_build_refused_by_the_service(gelar, login):
    """Nine groups cannot fit in one day of three slots: the service says so beside the days."""
    gelar.event.slots_per_day = 3
    gelar.event.save(update_fields=["slots_per_day"])
    kreatif_groups(gelar, 9)
    services.lottery_draw(event=gelar.event, by=gelar.world.users["verifikator"], seed=1)
    url = reverse("events-schedule-build", args=[gelar.event.uuid])
    html = kept(login("verifikator").post(url, {"days": "1"}), 'name="days" value="1"')
    assert 'id="error_1_id_days"' in html


def test_bimtek_registration_by_nip(world, login):
    bimtek = make_bimtek(world)
    url = reverse("bimtek-register", args=[bimtek.uuid])
    typed = {"nip": "1975 0708 2003", "name": "Rina Wati", "unit": world.unit_a1.pk}
    kept(login("operator_a").post(url, typed), 'value="1975 0708 2003"', 'value="Rina Wati"')
    assert not BimtekParticipant.objects.exists()


def test_bimtek_registration_over_the_quota(world, login):
    """Refused by the service (the seats are taken): the NIP and the name stay in the form."""
    bimtek = make_bimtek(world)
    BimtekQuota.objects.create(event=bimtek, unit=world.unit_a, seats=1)
    register(world, bimtek, 0)
    url = reverse("bimtek-register", args=[bimtek.uuid])
    typed = {"nip": "1981 1021 2006 04 2 002", "name": "Rina Wati", "unit": world.unit_a1.pk}
    kept(
        login("operator_a").post(url, typed),
        'value="1981 1021 2006 04 2 002"',
        'value="Rina Wati"',
        "Dinkes: tersisa 0 dari 1 kursi.",
    )


def test_bimtek_roster_choice_over_the_quota_keeps_the_ticks(world, login):
    bimtek = make_bimtek(world)
    BimtekQuota.objects.create(event=bimtek, unit=world.unit_a, seats=1)
    people = list(Person.objects.filter(memberships__group_year=world.group_year_a).order_by("name")[:2])
    url = reverse("bimtek-register-roster", args=[bimtek.uuid])
    html = kept(
        login("operator_a").post(url, {"group": world.group_a.uuid, "people": [p.pk for p in people]})
    )
    ticked = re.findall(r'<input type="checkbox"[^>]*name="people" value="(\d+)"[^>]*\bchecked>', html)
    assert sorted(ticked) == sorted(str(person.pk) for person in people)


def test_bimtek_quotas(world, login):
    bimtek = make_bimtek(world)
    url = reverse("bimtek-quotas", args=[bimtek.uuid])
    data = {f"unit_{world.unit_a.pk}": "12", f"unit_{world.unit_b.pk}": "-3"}
    kept(login("verifikator").post(url, data), 'value="12"', 'value="-3"')
    assert not BimtekQuota.objects.exists()


def test_round_unlock(world, login):
    finished = finished_gelar(world, publish=False)
    url = reverse("events-round-unlock", args=[finished.gelar.event.uuid, finished.gelar.final.uuid])
    reason = "Juri 2 salah ketik nilai kostum KBK Mandiri. " * 12  # over the 500 characters
    kept(login("verifikator").post(url, {"reason": reason}), reason.strip())
    finished.gelar.final.refresh_from_db()
    assert finished.gelar.final.is_locked


def test_certificate_verification_keeps_the_typed_code(client, db):
    response = client.get(reverse("events-certificate-verify"), {"code": "abcd efgh jk"})
    kept(response, 'value="abcd efgh jk"', "ABCDEFGHJK")


def test_paper_entry(world, login):
    room = make_room(make_gelar(world))
    yel_yel, atraksi = room.criteria()[:2]
    url = reverse(
        "events-score-paper",
        args=[room.gelar.event.uuid, room.jury.uuid, room.participant.uuid, room.gelar.final.order],
    )
    client = login("verifikator")
    page = client.get(url).content.decode()
    data = dict(re.findall(r'name="(key_\d+)" value="([0-9a-f]+)"', page))
    data |= {f"points_{yel_yel.pk}": "28", f"points_{atraksi.pk}": "45"}
    kept(client.post(url, data), 'value="28"', 'value="45"')
    assert room.gelar.event.status == EventStatus.RUNNING
