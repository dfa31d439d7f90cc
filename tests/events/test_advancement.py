"""From scores to results: the desk round advances its best groups to the final; awards."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from core.models import Unit
from events import services
from events.models import EventStatus, Participant, Result
from tests.events.factories import add_jury, register, score_sheet, verified_group
from tests.factories import UnitFactory


@pytest.fixture
def desk(gelar):
    """Four KBK Prestasi groups (verified risalah) and two bureau juries assigned to all."""
    world = gelar.world
    pemda = Unit.objects.get(pk=world.pemda.pk)
    groups = [
        verified_group(world, unit=UnitFactory(parent=pemda), name=f"KBK {letter}") for letter in "PQRS"
    ]
    participants = [register(gelar, group) for group in groups]
    juries = [add_jury(gelar, world.pemda), add_jury(gelar, world.pemda)]
    services.assignments_balance(round=gelar.desk, by=world.users["verifikator"], per_group=2)
    return gelar, participants, juries


def test_the_best_groups_of_the_desk_round_go_to_the_final(desk):
    gelar, (p, q, r, s), (j1, j2) = desk
    by = gelar.world.users["verifikator"]
    for participant, (a, b) in zip([p, q, r, s], [(70, 80), (90, 84), (60, 62), (75, 75)], strict=True):
        score_sheet(gelar, j1, participant, gelar.desk, {"risalah": a})
        score_sheet(gelar, j2, participant, gelar.desk, {"risalah": b})
    with pytest.raises(ValidationError) as error:
        services.round_advance(round=gelar.desk, by=by, count=2)
    assert error.value.code == "not_locked"
    services.round_lock(round=gelar.desk, by=by)
    advanced = services.round_advance(round=gelar.desk, by=by, count=2)
    # Q: 87, P: 75 and S: 75 tie (risalah is the only criterion: same; no lottery yet: shared rank 2).
    assert [x.group.name for x in advanced] == ["KBK Q", "KBK P", "KBK S"]
    assert {x.pk: x.current_round for x in Participant.objects.all()} == {
        p.pk: gelar.final,
        q.pk: gelar.final,
        r.pk: gelar.desk,
        s.pk: gelar.final,
    }
    results = list(
        Result.objects.filter(round=gelar.desk)
        .order_by("rank", "participant__group__name")
        .values_list("participant__group__name", "rank", "total", "advanced", "award_tier")
    )
    assert results == [
        ("KBK Q", 1, D("87.0000"), True, None),
        ("KBK P", 2, D("75.0000"), True, None),
        ("KBK S", 2, D("75.0000"), True, None),
        ("KBK R", 4, D("61.0000"), False, None),
    ]


def test_advancing_again_after_a_correction_moves_the_groups_again(desk):
    gelar, (p, q, r, s), (j1, j2) = desk
    by = gelar.world.users["verifikator"]
    for participant, points in zip([p, q, r, s], [70, 90, 60, 80], strict=True):
        score_sheet(gelar, j1, participant, gelar.desk, {"risalah": points})
        score_sheet(gelar, j2, participant, gelar.desk, {"risalah": points})
    services.round_lock(round=gelar.desk, by=by)
    assert [x.group.name for x in services.round_advance(round=gelar.desk, by=by, count=1)] == ["KBK Q"]
    services.round_unlock(round=gelar.desk, by=by, reason="Nilai KBK R salah ketik")
    score_sheet(gelar, j1, r, gelar.desk, {"risalah": 100})
    score_sheet(gelar, j2, r, gelar.desk, {"risalah": 100})
    services.round_lock(round=gelar.desk, by=by)
    assert [x.group.name for x in services.round_advance(round=gelar.desk, by=by, count=1)] == ["KBK R"]
    assert set(Participant.objects.filter(current_round=gelar.final).values_list("pk", flat=True)) == {r.pk}


def test_the_last_round_gets_awards_and_a_tie_explanation(desk):
    gelar, (p, q, r, s), (j1, j2) = desk
    by = gelar.world.users["verifikator"]
    for participant in (p, q, r, s):
        score_sheet(gelar, j1, participant, gelar.desk, {"risalah": 80})
        score_sheet(gelar, j2, participant, gelar.desk, {"risalah": 80})
    services.round_lock(round=gelar.desk, by=by)
    services.round_advance(round=gelar.desk, by=by, count=4)
    services.lottery_draw(event=gelar.event, by=by, seed=3)
    services.assignments_balance(round=gelar.final, by=by, per_group=2)
    sheets = {
        p: {"risalah": 40, "presentasi": 20, "tanya_jawab": 10, "dampak": 10},  # 80
        q: {"risalah": 45, "presentasi": 15, "tanya_jawab": 10, "dampak": 10},  # 80, better risalah
        r: {"risalah": 30, "presentasi": 20, "tanya_jawab": 10, "dampak": 10},  # 70
        s: {"risalah": 45, "presentasi": 25, "tanya_jawab": 15, "dampak": 5},  # 90
    }
    for participant, points in sheets.items():
        score_sheet(gelar, j1, participant, gelar.final, points)
        score_sheet(gelar, j2, participant, gelar.final, points)
    services.round_lock(round=gelar.final, by=by)
    services.results_compute(round=gelar.final, by=by)
    rows = list(
        Result.objects.filter(round=gelar.final)
        .order_by("rank")
        .values_list("participant__group__name", "rank", "total", "award_tier__name", "tie_break")
    )
    assert rows == [
        ("KBK S", 1, D("90.0000"), "Juara I", {}),
        (
            "KBK Q",
            2,
            D("80.0000"),
            "Juara II",
            {"tied_with": [p.pk], "rule": "criterion:risalah", "value": "45.0000"},
        ),
        (
            "KBK P",
            3,
            D("80.0000"),
            "Juara III",
            {"tied_with": [q.pk], "rule": "criterion:risalah", "value": "40.0000"},
        ),
        ("KBK R", 4, D("70.0000"), "Harapan I", {}),
    ]
    services.event_change_status(event=gelar.event, to=EventStatus.REGISTRATION_OPEN, by=by)
    services.event_change_status(event=gelar.event, to=EventStatus.RUNNING, by=by)
    services.event_change_status(event=gelar.event, to=EventStatus.RESULTS_PUBLISHED, by=by)
    gelar.event.refresh_from_db()
    assert gelar.event.status == EventStatus.RESULTS_PUBLISHED


def test_a_conflicted_jury_members_scores_do_not_count(desk):
    gelar, (p, _q, _r, _s), (j1, j2) = desk
    score_sheet(gelar, j1, p, gelar.desk, {"risalah": 100})
    score_sheet(gelar, j2, p, gelar.desk, {"risalah": 50})
    services.conflict_declare(jury=j1, participant=p, reason="Mantan anggota kelompok", by=j1.user)
    (only,) = services.ranking(round=gelar.desk, track=gelar.prestasi)
    assert (only.entry.key, only.entry.total, only.entry.jury_count) == (p.pk, D(50), 1)


def test_the_last_round_cannot_advance(desk):
    gelar = desk[0]
    with pytest.raises(ValidationError) as error:
        services.round_advance(round=gelar.final, by=gelar.world.users["verifikator"], count=3)
    assert error.value.code == "last_round"
