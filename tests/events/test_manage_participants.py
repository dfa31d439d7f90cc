"""Registration by the bureau and by operators, withdrawal, advancement between rounds."""

from django.urls import reverse

from core.models import AuditEvent
from events import services
from events.models import Event, EventStatus, Participant
from tests.events.factories import add_jury, make_gelar, register, score_sheet, verified_group
from tests.factories import GroupFactory, UnitFactory


def _messages(response):
    return [str(m) for m in response.context["messages"]]


def _register(client, gelar, group, track):
    return client.post(
        reverse("events-register", kwargs={"event_uuid": gelar.event.uuid}),
        {"group": str(group.uuid), "track": str(track.uuid)},
        follow=True,
    )


def test_the_bureau_finds_groups_and_registers_one(gelar, login):
    group = verified_group(gelar.world)
    client = login("verifikator")
    url = reverse("events-participants", kwargs={"event_uuid": gelar.event.uuid})
    content = client.get(url, {"q": "Sehati"}).content.decode()
    assert "KBK Sehati" in content and "KBK Cerdas" not in content
    response = _register(client, gelar, group, gelar.prestasi)
    assert Participant.objects.get().group == group
    assert _messages(response) == ["KBK Sehati terdaftar di KBK Prestasi."]
    # Registered groups leave the list of candidates and appear among the participants.
    response = client.get(url)
    assert [p.group.name for p in response.context["participants"]] == ["KBK Sehati"]
    assert group not in list(response.context["candidates"])


def test_prestasi_refuses_a_group_without_a_verified_risalah_in_plain_words(gelar, login):
    response = _register(login("verifikator"), gelar, gelar.world.group_b, gelar.prestasi)
    assert Participant.objects.count() == 0
    assert _messages(response) == [
        "KBK Cerdas tidak didaftarkan: KBK Prestasi hanya menerima kelompok dengan risalah 2026 yang terverifikasi."
    ]
    _register(login("verifikator"), gelar, gelar.world.group_b, gelar.kreatif)
    assert Participant.objects.get().track == gelar.kreatif


def test_an_operator_registers_their_own_group_from_the_event_page(gelar, login):
    services.event_change_status(
        event=gelar.event, to=EventStatus.REGISTRATION_OPEN, by=gelar.world.users["admin"]
    )
    client = login("operator_a")
    content = client.get(reverse("events-detail", kwargs={"event_uuid": gelar.event.uuid})).content.decode()
    assert 'data-testid="operator-register"' in content
    assert "KBK Sehati" in content and "KBK Cerdas" not in content
    response = _register(client, gelar, gelar.world.group_a, gelar.kreatif)
    participant = Participant.objects.get()
    assert (participant.group, participant.registered_by) == (
        gelar.world.group_a,
        gelar.world.users["operator_a"],
    )
    assert response.redirect_chain[-1][0] == reverse("events-detail", kwargs={"event_uuid": gelar.event.uuid})
    assert "Kelompok Anda yang terdaftar" in response.content.decode()
    assert "KBK Sehati · KBK Kreatif · Presentasi final" in response.content.decode()
    # Registering twice is refused in words.
    response = _register(client, gelar, gelar.world.group_a, gelar.kreatif)
    assert _messages(response) == ["KBK Sehati tidak didaftarkan: Kelompok ini sudah terdaftar."]


def test_an_operator_cannot_register_a_group_of_another_unit(gelar, login):
    response = _register(login("operator_a"), gelar, gelar.world.group_b, gelar.kreatif)
    assert Participant.objects.count() == 0
    assert _messages(response) == ["Kelompok ini tidak boleh mengikuti kegiatan ini."]


def test_registration_closed_is_said_plainly(gelar, login):
    Event.objects.filter(pk=gelar.event.pk).update(status=EventStatus.RUNNING)
    response = _register(login("verifikator"), gelar, gelar.world.group_b, gelar.kreatif)
    assert _messages(response) == ["KBK Cerdas tidak didaftarkan: Pendaftaran kegiatan ini sudah ditutup."]


def test_a_group_outside_the_scope_is_not_offered_nor_registered(world, login):
    gelar = make_gelar(world, scope=world.unit_a)
    client = login("verifikator")
    response = client.get(reverse("events-participants", kwargs={"event_uuid": gelar.event.uuid}))
    assert [g.name for g in response.context["candidates"]] == ["KBK Sehati"]
    _register(client, gelar, world.group_b, gelar.kreatif)
    assert Participant.objects.count() == 0


def test_withdraw_before_the_event_runs(gelar, login):
    participant = register(gelar, gelar.world.group_b, gelar.kreatif)
    client = login("verifikator")
    url = reverse(
        "events-withdraw", kwargs={"event_uuid": gelar.event.uuid, "participant_uuid": participant.uuid}
    )
    assert login("operator_a").post(url).status_code == 403
    client.post(url)
    assert Participant.objects.count() == 0
    assert (
        AuditEvent.objects.filter(details__event_step="withdrawn", details__group="KBK Cerdas").count() == 1
    )
    participant = register(gelar, gelar.world.group_b, gelar.kreatif)
    Event.objects.filter(pk=gelar.event.pk).update(status=EventStatus.RUNNING)
    url = reverse(
        "events-withdraw", kwargs={"event_uuid": gelar.event.uuid, "participant_uuid": participant.uuid}
    )
    client.post(url)
    assert Participant.objects.count() == 1


def test_advance_the_top_groups_of_a_locked_round(gelar, login):
    world = gelar.world
    groups = [verified_group(world, unit=UnitFactory(parent=world.pemda), name=f"KBK {n}") for n in "ABC"]
    participants = [register(gelar, group) for group in groups]
    jury = add_jury(gelar, None)
    services.assignments_add(
        round=gelar.desk, juries=[jury], participants=participants, by=world.users["verifikator"]
    )
    for participant, points in zip(participants, (60, 90, 75), strict=True):
        score_sheet(gelar, jury, participant, gelar.desk, {"risalah": points})
    client = login("verifikator")
    url = reverse("events-advance", kwargs={"event_uuid": gelar.event.uuid, "round_uuid": gelar.desk.uuid})
    response = client.post(url, {"count": 2})
    assert response.context["form"].non_field_errors() == ["Kunci babak sebelum menghitung hasilnya."]
    services.round_lock(round=gelar.desk, by=world.users["verifikator"])
    response = client.post(url, {"count": 2})
    assert [p.group.name for p in response.context["advanced"]] == ["KBK B", "KBK C"]
    assert set(
        Participant.objects.filter(current_round=gelar.final).values_list("group__name", flat=True)
    ) == {
        "KBK B",
        "KBK C",
    }


def test_participant_list_queries_do_not_grow(gelar, login, django_assert_num_queries):
    client = login("verifikator")
    url = reverse("events-participants", kwargs={"event_uuid": gelar.event.uuid})
    register(gelar, GroupFactory(unit=UnitFactory(parent=gelar.world.pemda)), gelar.kreatif)
    client.get(url)
    with django_assert_num_queries(11):
        response = client.get(url)
    assert len(response.context["participants"]) == 1
    for _n in range(2):
        register(gelar, GroupFactory(unit=UnitFactory(parent=gelar.world.pemda)), gelar.kreatif)
    with django_assert_num_queries(11):
        response = client.get(url)
    assert len(response.context["participants"]) == 3
