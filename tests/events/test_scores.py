"""Scores: idempotent entry, the history of changes, the round lock, the checks."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from events import services
from events.models import Score, ScoreChange
from tests.events.factories import add_jury, kreatif_groups


@pytest.fixture
def seat(gelar):
    """A KBK Kreatif group with one assigned jury member, in the final."""
    (participant,) = kreatif_groups(gelar, 1)
    jury = add_jury(gelar, gelar.world.pemda)
    services.assignments_add(
        round=gelar.final, juries=[jury], participants=[participant], by=gelar.world.users["verifikator"]
    )
    return gelar, jury, participant, gelar.criterion(gelar.kreatif, gelar.final, "yel_yel")


def save(seat, points, key, **extra):
    gelar, jury, participant, criterion = seat
    options = {"by": jury.user, **extra}
    return services.score_save(
        jury=jury,
        participant=participant,
        round=gelar.final,
        criterion=criterion,
        points=points,
        idempotency_key=key,
        **options,
    )


def test_the_same_key_twice_counts_once(seat):
    first = save(seat, "25", "k-1", comment="Kompak")
    again = save(seat, "25", "k-1", comment="Kompak")
    assert (first.changed, first.replayed) == (True, False)
    assert (again.changed, again.replayed, again.score) == (False, True, first.score)
    assert list(Score.objects.values_list("points", "comment", "idempotency_key")) == [
        (D("25.00"), "Kompak", "k-1")
    ]
    assert ScoreChange.objects.count() == 1


def test_a_resent_older_entry_does_not_overwrite_a_newer_one(seat):
    save(seat, 20, "k-1")
    save(seat, 27, "k-2")
    replay = save(seat, 20, "k-1")  # the phone sends its queue again after the Wi-Fi returns
    assert replay.replayed
    assert Score.objects.get().points == D(27)


def test_every_change_is_in_the_history(seat):
    gelar, jury, _participant, _criterion = seat
    save(seat, 20, "k-1")
    save(seat, "22.5", "k-2", comment="Suara lantang")
    unchanged = save(seat, "22.50", "k-3", comment="Suara lantang")
    assert unchanged.changed is False
    assert list(
        ScoreChange.objects.order_by("pk").values_list(
            "idempotency_key", "old_points", "new_points", "old_comment", "new_comment", "by", "entered_by"
        )
    ) == [
        ("k-1", None, D(20), "", "", jury.user_id, None),
        ("k-2", D(20), D("22.5"), "", "Suara lantang", jury.user_id, None),
    ]


def test_a_paper_score_is_marked_with_who_typed_it(seat):
    officer = seat[0].world.users["verifikator"]
    save(seat, 18, "paper-1", by=officer, from_paper=True)
    score = Score.objects.get()
    assert (score.entered_by, ScoreChange.objects.get().entered_by) == (officer, officer)


def test_only_the_jury_member_enters_their_own_scores_on_screen(seat):
    with pytest.raises(ValidationError) as error:
        save(seat, 18, "k-1", by=seat[0].world.users["verifikator"])
    assert error.value.code == "not_the_jury"


def test_after_the_lock_a_change_is_refused_but_a_replay_is_recognised(seat):
    gelar = seat[0]
    save(seat, 20, "k-1")
    services.round_lock(round=gelar.final, by=gelar.world.users["verifikator"])
    with pytest.raises(ValidationError) as error:
        save(seat, 25, "k-2")
    assert error.value.code == "locked"
    assert save(seat, 20, "k-1").replayed
    assert (Score.objects.get().points, ScoreChange.objects.count()) == (D(20), 1)
    services.round_unlock(round=gelar.final, by=gelar.world.users["verifikator"], reason="Salah ketik juri")
    assert save(seat, 25, "k-2").changed


@pytest.mark.parametrize(
    ("points", "code"),
    [
        ("31", "points_out_of_range"),
        ("-1", "points_out_of_range"),
        ("abc", "invalid_points"),
        ("12.345", "too_many_decimals"),
        ("NaN", "points_out_of_range"),
    ],
)
def test_points_must_lie_within_zero_and_the_maximum(seat, points, code):
    with pytest.raises(ValidationError) as error:
        save(seat, points, "k-1")
    assert error.value.code == code
    assert not Score.objects.exists()


def test_the_maximum_itself_and_zero_are_allowed(seat):
    save(seat, 30, "k-1")
    save(seat, 0, "k-2")
    assert Score.objects.get().points == D(0)


def test_an_unassigned_or_conflicted_jury_member_cannot_score(seat):
    gelar, jury, participant, criterion = seat
    stranger = add_jury(gelar, gelar.world.pemda)
    with pytest.raises(ValidationError) as error:
        services.score_save(
            jury=stranger,
            participant=participant,
            round=gelar.final,
            criterion=criterion,
            points=10,
            idempotency_key="s-1",
            by=stranger.user,
        )
    assert error.value.code == "not_assigned"
    services.conflict_declare(jury=jury, participant=participant, reason="Saudara ketua", by=jury.user)
    with pytest.raises(ValidationError) as error:
        save(seat, 10, "k-1")
    assert error.value.code == "not_assigned"  # the declaration withdrew the assignment


def test_a_criterion_of_another_track_is_refused(seat):
    gelar, jury, participant, _criterion = seat
    with pytest.raises(ValidationError) as error:
        services.score_save(
            jury=jury,
            participant=participant,
            round=gelar.final,
            criterion=gelar.criterion(gelar.prestasi, gelar.final, "risalah"),
            points=10,
            idempotency_key="k-1",
            by=jury.user,
        )
    assert error.value.code == "foreign_criterion"
