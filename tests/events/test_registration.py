"""Creating a Gelar with its defaults, registration and the event's status."""

import pytest
from django.core.exceptions import ValidationError

from core.models import AuditEvent
from events import services
from events.models import AwardTier, Criterion, EventKind, EventStatus, Participant
from risalah.models import Risalah, Status
from tests.conftest import without_risalah
from tests.events.factories import make_gelar, register, verified_group
from tests.factories import GroupFactory, UnitFactory, make_verified_risalah


def test_a_gelar_gets_the_default_rounds_tracks_rubrics_and_awards(gelar):
    assert [(r.order, r.kind, r.name, r.advance_count) for r in gelar.event.rounds.all()] == [
        (1, "desk", "Penilaian desk risalah", 10),
        (2, "presentation", "Presentasi final", None),
    ]
    assert [
        (t.code, t.name, t.requires_verified_risalah, t.tie_breaks) for t in gelar.event.tracks.all()
    ] == [
        ("prestasi", "KBK Prestasi", True, ["criterion:risalah", "criterion:tanya_jawab", "lottery"]),
        ("kreatif", "KBK Kreatif", False, ["criterion:yel_yel", "criterion:atraksi", "lottery"]),
    ]
    rubric = list(
        Criterion.objects.filter(round=gelar.final)
        .order_by("track__order", "order")
        .values_list("track__code", "code", "name", "max_points", "weight")
    )
    assert [(t, c, n, m, int(w)) for t, c, n, m, w in rubric] == [
        ("prestasi", "risalah", "Risalah", 50, 50),
        ("prestasi", "presentasi", "Presentasi", 25, 25),
        ("prestasi", "tanya_jawab", "Tanya jawab", 15, 15),
        ("prestasi", "dampak", "Dampak", 10, 10),
        ("kreatif", "yel_yel", "Yel-yel", 30, 30),
        ("kreatif", "atraksi", "Atraksi / fragmen", 30, 30),
        ("kreatif", "kostum", "Kostum", 20, 20),
        ("kreatif", "kekompakan", "Kekompakan", 20, 20),
    ]
    assert list(
        Criterion.objects.filter(round=gelar.desk).values_list("track__code", "code", "max_points")
    ) == [("prestasi", "risalah", 100)]
    assert list(AwardTier.objects.values_list("rank", "name", "goes_onward")) == [
        (1, "Juara I", True),
        (2, "Juara II", True),
        (3, "Juara III", True),
        (4, "Harapan I", False),
        (5, "Harapan II", False),
    ]
    assert AuditEvent.objects.filter(details__event_step="created", target=gelar.event.title).count() == 1


def test_a_bimtek_has_no_rounds(world):
    event = services.event_create(
        kind=EventKind.BIMTEK,
        title="Bimtek penyusunan risalah",
        programme_year=world.year,
        organiser=world.pemda,
        scope=world.pemda,
        starts_on=world.year.gelar_date,
        ends_on=world.year.gelar_date,
        by=world.users["verifikator"],
    )
    assert (event.rounds.count(), event.tracks.count(), event.award_tiers.count()) == (0, 0, 0)


def test_prestasi_is_refused_without_a_verified_risalah(gelar):
    world = gelar.world
    assert world.risalah_a.status == Status.DRAFT
    with pytest.raises(ValidationError) as error:
        register(gelar, world.group_a, gelar.prestasi)
    assert error.value.code == "no_verified_risalah"
    assert error.value.messages == [
        "KBK Prestasi hanya menerima kelompok dengan risalah 2026 yang terverifikasi."
    ]
    assert not Participant.objects.exists()


def test_a_verified_risalah_of_another_year_does_not_count(gelar):
    world = gelar.world
    from tests.factories import ProgrammeYearFactory

    last_year = ProgrammeYearFactory(year=2025)
    make_verified_risalah(
        group=world.group_b,
        programme_year=last_year,
        by=world.users["admin"],
        reviewer=world.users["verifikator"],
    )
    with pytest.raises(ValidationError) as error:
        register(gelar, world.group_b, gelar.prestasi)
    assert error.value.code == "no_verified_risalah"


def test_prestasi_takes_a_group_with_a_verified_risalah_and_keeps_it(gelar):
    world = gelar.world
    group = verified_group(world)
    participant = register(gelar, group, gelar.prestasi)
    risalah = Risalah.objects.get(group=group, programme_year=world.year)
    assert (participant.risalah, participant.current_round) == (risalah, gelar.desk)


def test_kreatif_takes_a_group_without_risalah_straight_into_the_final(gelar):
    world = gelar.world
    participant = register(gelar, world.group_a, gelar.kreatif)
    assert (participant.risalah, participant.current_round) == (None, gelar.final)


def test_one_participant_per_group_per_event(gelar):
    world = gelar.world
    register(gelar, world.group_b, gelar.kreatif)
    with pytest.raises(ValidationError) as error:
        register(gelar, world.group_b, gelar.kreatif)
    assert error.value.code == "already_registered"
    with pytest.raises(ValidationError):
        register(gelar, world.group_b, gelar.prestasi)
    assert Participant.objects.count() == 1


def test_a_group_outside_the_events_units_is_refused(world):
    gelar = make_gelar(world, scope=world.unit_a)
    with pytest.raises(ValidationError) as error:
        register(gelar, world.group_b, gelar.kreatif)
    assert error.value.code == "outside_scope"
    register(gelar, world.group_a, gelar.kreatif)  # PKM Sukamaju lies under Dinkes


def test_registration_closes_when_the_event_runs(gelar):
    world = gelar.world
    by = world.users["verifikator"]
    services.event_change_status(event=gelar.event, to=EventStatus.REGISTRATION_OPEN, by=by)
    services.event_change_status(event=gelar.event, to=EventStatus.RUNNING, by=by)
    with pytest.raises(ValidationError) as error:
        register(gelar, world.group_b, gelar.kreatif)
    assert error.value.code == "registration_closed"


def test_status_moves_one_step_and_publication_needs_results(gelar):
    by = gelar.world.users["verifikator"]
    with pytest.raises(ValidationError) as error:
        services.event_change_status(event=gelar.event, to=EventStatus.RUNNING, by=by)
    assert error.value.code == "invalid_transition"
    services.event_change_status(event=gelar.event, to=EventStatus.REGISTRATION_OPEN, by=by)
    services.event_change_status(event=gelar.event, to=EventStatus.RUNNING, by=by)
    with pytest.raises(ValidationError) as error:
        services.event_change_status(event=gelar.event, to=EventStatus.RESULTS_PUBLISHED, by=by)
    assert error.value.code == "no_results"
    steps = list(
        AuditEvent.objects.filter(details__event_step="status")
        .order_by("pk")
        .values_list("details__from_event_status", "details__to_event_status")
    )
    assert steps == [("draft", "registration_open"), ("registration_open", "running")]


def test_a_group_unit_check_uses_the_tree(world):
    """A group of a new unit under Disdik is inside a Pemda-wide Gelar."""
    without_risalah(world)
    gelar = make_gelar(world)
    school = UnitFactory(parent=world.unit_b)
    participant = register(gelar, GroupFactory(unit=school), gelar.kreatif)
    assert participant.group.unit == school
