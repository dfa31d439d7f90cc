"""The bureau's event pages: list, detail, create/edit, status, rounds and rubric."""

from datetime import date

from django.urls import reverse

from core.models import AuditEvent, Unit
from events import manage_services
from events.forms_manage import EventForm
from events.models import Criterion, Event, EventKind, EventStatus
from tests.events.factories import make_gelar
from tests.factories import UnitFactory


def _detail(event):
    return reverse("events-detail", kwargs={"event_uuid": event.uuid})


def _create_data(world, **overrides):
    data = {
        "kind": EventKind.GELAR,
        "title": "Gelar Budaya Kerja 2026",
        "programme_year": world.year.pk,
        "organiser": str(world.pemda.uuid),
        "scope": str(world.pemda.uuid),
        "starts_on": "2026-09-10",
        "ends_on": "2026-09-11",
        "venue": "Pendopo Kabupaten",
        "description": "",
        "slot_yel_yel_minutes": 5,
        "slot_presentation_minutes": 12,
        "slot_questions_minutes": 5,
        "slot_gap_minutes": 2,
        "day_starts_at": "08:30",
        "slots_per_day": 12,
        "break_every": 4,
        "break_minutes": 15,
    }
    data.update(overrides)
    return data


def test_the_bureau_creates_a_gelar_with_its_slot_settings(world, login):
    response = login("verifikator").post(reverse("events-create"), _create_data(world))
    event = Event.objects.get()
    assert response["Location"] == _detail(event)
    assert (event.title, event.venue, event.status, event.slot_minutes, event.slot_gap_minutes) == (
        "Gelar Budaya Kerja 2026",
        "Pendopo Kabupaten",
        EventStatus.DRAFT,
        22,
        2,
    )
    assert event.rounds.count() == 2
    assert AuditEvent.objects.filter(details__event_step="created").count() == 1


def test_bad_input_is_shown_again_with_the_errors_beside_the_fields(world, login):
    response = login("verifikator").post(
        reverse("events-create"),
        _create_data(world, title="", ends_on="2026-09-01", slot_presentation_minutes=0),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"title", "ends_on", "slot_presentation_minutes"}
    content = response.content.decode()
    assert 'value="Pendopo Kabupaten"' in content  # what was typed is kept
    assert 'id="error_1_id_ends_on"' in content  # the error sits beside its field
    assert Event.objects.count() == 0


def test_the_scope_must_lie_under_the_organiser(world, login):
    response = login("verifikator").post(
        reverse("events-create"),
        _create_data(world, organiser=str(world.unit_a.uuid), scope=str(world.unit_b.uuid)),
    )
    assert list(response.context["form"].errors) == ["scope"]


def test_create_is_for_the_bureau_only(world, login):
    assert login("operator_a").get(reverse("events-create")).status_code == 404
    assert login("operator_a").post(reverse("events-create"), _create_data(world)).status_code == 404
    assert Event.objects.count() == 0


def test_editing_saves_only_what_changed_and_keeps_bad_input(gelar, login):
    client = login("verifikator")
    url = reverse("events-edit", kwargs={"event_uuid": gelar.event.uuid})
    data = _create_data(gelar.world, title="Gelar 2026 (diubah)", venue="Gedung Serbaguna")
    for name in ("kind", "programme_year", "organiser"):
        data.pop(name)
    response = client.post(url, {**data, "starts_on": "bukan tanggal"})
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["starts_on"]
    assert 'value="Gedung Serbaguna"' in response.content.decode()
    gelar.event.refresh_from_db()
    assert gelar.event.venue == ""
    response = client.post(url, data)
    assert response["Location"] == _detail(gelar.event)
    gelar.event.refresh_from_db()
    assert (gelar.event.title, gelar.event.venue, gelar.event.slot_presentation_minutes) == (
        "Gelar 2026 (diubah)",
        "Gedung Serbaguna",
        12,
    )
    edited = AuditEvent.objects.get(details__event_step="edited")
    assert "venue" in edited.details["fields"]


def test_the_form_writes_the_typed_values_onto_the_event_and_the_service_still_sees_the_change(gelar):
    """A ModelForm bound to an event writes what was typed onto that event while validating it;
    the service compares with the stored event, so the change is saved and audited all the same."""
    event = gelar.event
    data = {name: getattr(event, name) for name in manage_services.EDITABLE_FIELDS}
    data.update(
        scope=event.scope.uuid, day_starts_at=f"{event.day_starts_at:%H:%M}", venue="Gedung Serbaguna"
    )
    form = EventForm(data, instance=event, units=Unit.objects.order_by("path"))
    assert form.is_valid(), form.errors
    assert event.venue == "Gedung Serbaguna"  # on the instance already, not yet in the database
    saved = manage_services.event_update(
        event=event,
        by=gelar.world.users["verifikator"],
        **{name: form.cleaned_data[name] for name in manage_services.EDITABLE_FIELDS},
    )
    assert Event.objects.get(pk=event.pk).venue == saved.venue == "Gedung Serbaguna"
    assert AuditEvent.objects.get(details__event_step="edited").details["fields"] == "venue"


def test_a_reader_may_see_but_not_edit(gelar, login):
    client = login("pimpinan_a")
    response = client.get(_detail(gelar.event))
    assert gelar.event.title in response.content.decode()
    assert reverse("events-edit", kwargs={"event_uuid": gelar.event.uuid}) not in response.content.decode()
    assert client.get(reverse("events-edit", kwargs={"event_uuid": gelar.event.uuid})).status_code == 403


def test_an_outsider_gets_404_for_an_event_outside_their_scope(world, login):
    gelar = make_gelar(world, title="Gelar Dinkes", scope=world.unit_a)
    client = login("outsider")
    assert client.get(_detail(gelar.event)).status_code == 404
    assert gelar.event.title not in client.get(reverse("events-list")).content.decode()
    assert login("operator_a").get(_detail(gelar.event)).status_code == 200


def test_the_detail_shows_rounds_tracks_rubric_and_the_checklist(gelar, login):
    content = login("verifikator").get(_detail(gelar.event)).content.decode()
    for text in ("Penilaian desk risalah", "Presentasi final", "KBK Prestasi", "KBK Kreatif", "Tanya jawab"):
        assert text in content
    assert 'data-testid="checklist"' in content
    assert (
        reverse("events-status", kwargs={"event_uuid": gelar.event.uuid, "to": "registration_open"})
        in content
    )


def test_status_moves_forward_and_back_with_a_confirmation(gelar, login):
    client = login("verifikator")
    url = reverse("events-status", kwargs={"event_uuid": gelar.event.uuid, "to": "registration_open"})
    assert gelar.event.title in client.get(url).content.decode()  # the confirmation page
    gelar.event.refresh_from_db()
    assert gelar.event.status == EventStatus.DRAFT
    response = client.post(url, follow=True)
    gelar.event.refresh_from_db()
    assert gelar.event.status == EventStatus.REGISTRATION_OPEN
    assert [str(m) for m in response.context["messages"]] == [
        f"{gelar.event.title} kini: Pendaftaran dibuka."
    ]
    client.post(reverse("events-status", kwargs={"event_uuid": gelar.event.uuid, "to": "draft"}))
    gelar.event.refresh_from_db()
    assert gelar.event.status == EventStatus.DRAFT


def test_a_move_that_is_not_allowed_says_why(gelar, login):
    url = reverse("events-status", kwargs={"event_uuid": gelar.event.uuid, "to": "results_published"})
    response = login("verifikator").post(url, follow=True)
    gelar.event.refresh_from_db()
    assert gelar.event.status == EventStatus.DRAFT
    assert len(list(response.context["messages"])) == 1
    assert login("pimpinan_a").post(url).status_code == 403


def test_rounds_are_renamed_and_their_advance_count_set(gelar, login):
    client = login("verifikator")
    url = reverse("events-rounds", kwargs={"event_uuid": gelar.event.uuid})
    desk, final = f"r{gelar.desk.uuid.hex}", f"r{gelar.final.uuid.hex}"
    response = client.post(url, {f"{desk}-name": "", f"{desk}-advance_count": "0", f"{final}-name": "Final"})
    assert response.status_code == 200
    assert set(response.context["forms"][0][1].errors) == {"name", "advance_count"}
    client.post(
        url, {f"{desk}-name": "Seleksi risalah", f"{desk}-advance_count": "6", f"{final}-name": "Final"}
    )
    gelar.desk.refresh_from_db()
    gelar.final.refresh_from_db()
    assert (gelar.desk.name, gelar.desk.advance_count, gelar.final.name) == ("Seleksi risalah", 6, "Final")


def test_rounds_cannot_change_once_the_event_runs(gelar, login):
    Event.objects.filter(pk=gelar.event.pk).update(status=EventStatus.RUNNING)
    url = reverse("events-rounds", kwargs={"event_uuid": gelar.event.uuid})
    desk, final = f"r{gelar.desk.uuid.hex}", f"r{gelar.final.uuid.hex}"
    login("verifikator").post(url, {f"{desk}-name": "X", f"{final}-name": "Y"})
    gelar.desk.refresh_from_db()
    assert gelar.desk.name == "Penilaian desk risalah"


def _rubric_data(rows):
    data = {"c-TOTAL_FORMS": len(rows), "c-INITIAL_FORMS": 0, "c-MIN_NUM_FORMS": 0, "c-MAX_NUM_FORMS": 1000}
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"c-{index}-{key}"] = value
    return data


def test_the_rubric_is_edited_a_line_added_and_one_removed(gelar, login):
    client = login("verifikator")
    url = reverse(
        "events-rubric",
        kwargs={
            "event_uuid": gelar.event.uuid,
            "track_uuid": gelar.kreatif.uuid,
            "round_uuid": gelar.final.uuid,
        },
    )
    existing = list(Criterion.objects.filter(track=gelar.kreatif, round=gelar.final).order_by("order"))
    rows = [
        {"criterion": c.pk, "name": c.name, "max_points": c.max_points, "weight": c.weight, "order": c.order}
        for c in existing
    ]
    rows[0]["weight"] = "25"
    rows[3]["delete"] = "on"
    rows.append({"name": "Kreativitas", "max_points": "10", "weight": "5", "order": "9"})
    bad = [dict(row) for row in rows]
    bad[-1]["max_points"] = ""
    response = client.post(url, _rubric_data(bad))
    assert response.status_code == 200
    assert response.context["formset"].errors[-1] == {"max_points": ["Bidang ini tidak boleh kosong."]}
    response = client.post(url, _rubric_data(rows))
    assert response["Location"] == _detail(gelar.event)
    assert list(
        Criterion.objects.filter(track=gelar.kreatif, round=gelar.final)
        .order_by("order")
        .values_list("code", "name", "max_points", "weight")
    ) == [
        ("yel_yel", "Yel-yel", 30, 25),
        ("atraksi", "Atraksi / fragmen", 30, 30),
        ("kostum", "Kostum", 20, 20),
        ("kreativitas", "Kreativitas", 10, 5),
    ]


def test_the_event_list_filters_by_status_and_kind(world, login):
    make_gelar(world, title="Lomba Alpha")
    other = make_gelar(world, title="Lomba Beta")
    Event.objects.filter(pk=other.event.pk).update(status=EventStatus.RUNNING)
    client = login("verifikator")
    content = client.get(reverse("events-list"), {"status": "running"}).content.decode()
    assert "Lomba Beta" in content and "Lomba Alpha" not in content
    content = client.get(reverse("events-list"), {"kind": "bimtek"}).content.decode()
    assert "Lomba Alpha" not in content and "Lomba Beta" not in content


def test_the_create_button_is_for_the_bureau(world, login):
    content = login("verifikator").get(reverse("events-list")).content.decode()
    assert f'href="{reverse("events-create")}">Buat kegiatan</a>' in content
    assert reverse("events-create") not in login("operator_a").get(reverse("events-list")).content.decode()


def test_event_list_queries_do_not_grow_with_the_events(world, login, django_assert_num_queries):
    client = login("verifikator")
    make_gelar(world, title="Gelar 1")
    client.get(reverse("events-list"))
    with django_assert_num_queries(8):
        response = client.get(reverse("events-list"))
    assert len(response.context["events"]) == 1
    for n in (2, 3):
        make_gelar(world, title=f"Gelar {n}", scope=UnitFactory(parent=world.pemda))
    with django_assert_num_queries(8):
        response = client.get(reverse("events-list"))
    assert len(response.context["events"]) == 3


def test_a_bimtek_shows_no_rounds(world, login):
    from events import services

    event = services.event_create(
        kind=EventKind.BIMTEK,
        title="Bimtek risalah",
        programme_year=world.year,
        organiser=world.pemda,
        scope=world.pemda,
        starts_on=date(2026, 5, 1),
        ends_on=date(2026, 5, 1),
        by=world.users["verifikator"],
    )
    content = login("verifikator").get(_detail(event)).content.decode()
    assert "Bimtek risalah" in content and "KBK Prestasi" not in content
