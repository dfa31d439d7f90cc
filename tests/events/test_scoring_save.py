"""The phone's save endpoint: idempotent by key, every change in the history, refused after the
lock and for points the rubric does not allow, a 404 for a jury member who may not score."""

from decimal import Decimal as D

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

from events import services
from events.models import Score, ScoreChange
from tests.events.factories import add_jury
from tests.events.scoring_world import make_room

pytestmark = pytest.mark.django_db


@pytest.fixture
def room(gelar):
    return make_room(gelar)


@pytest.fixture
def jury_client(client, room):
    client.force_login(room.jury.user)
    return client


def post(client, room, criterion, points, key, comment=""):
    return client.post(
        room.url("events-score-save"),
        {"criterion": criterion.pk, "points": points, "comment": comment, "key": key},
    )


def test_the_same_key_twice_is_one_score_and_one_history_row(jury_client, room):
    yel_yel = room.criteria()[0]
    first = post(jury_client, room, yel_yel, "25,5", "k-1", "Lantang")
    again = post(jury_client, room, yel_yel, "25,5", "k-1", "Lantang")
    assert (first.status_code, first.json()) == (200, {"ok": True, "replayed": False, "points": "25.5"})
    assert (again.status_code, again.json()) == (200, {"ok": True, "replayed": True, "points": "25.5"})
    assert list(Score.objects.values_list("criterion", "points", "comment")) == [
        (yel_yel.pk, D("25.5"), "Lantang")
    ]
    assert ScoreChange.objects.count() == 1


def test_a_change_before_the_lock_is_in_the_history(jury_client, room):
    yel_yel = room.criteria()[0]
    post(jury_client, room, yel_yel, "20", "k-1")
    post(jury_client, room, yel_yel, "27", "k-2")
    assert list(ScoreChange.objects.order_by("pk").values_list("old_points", "new_points", "by")) == [
        (None, D(20), room.jury.user_id),
        (D(20), D(27), room.jury.user_id),
    ]


def test_after_the_lock_a_late_entry_is_refused_in_words(jury_client, room):
    yel_yel = room.criteria()[0]
    post(jury_client, room, yel_yel, "20", "k-1")
    services.round_lock(round=room.gelar.final, by=room.gelar.world.users["verifikator"])
    late = post(jury_client, room, yel_yel, "22", "k-late")
    replay = post(jury_client, room, yel_yel, "20", "k-1")  # sent before the lock: still counts once
    assert (late.status_code, late.json()["code"]) == (409, "locked")
    with translation.override("id"):
        assert late.json()["error"] == gettext("The round is locked; scores can no longer change.")
    assert (replay.status_code, replay.json()["replayed"]) == (200, True)
    assert Score.objects.get().points == D(20)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("31", "At most 30 points for this criterion."),
        ("-1", "Points cannot be negative."),
        ("12.345", "At most two decimals, e.g. 22.25."),
        ("dua puluh", "Enter a number, e.g. 25 or 22.5."),
    ],
)
def test_points_the_rubric_does_not_allow_are_refused_with_a_message(jury_client, room, typed, message):
    jury_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    yel_yel = room.criteria()[0]
    assert yel_yel.max_points == 30
    response = jury_client.post(
        room.url("events-score-save"),
        {"criterion": yel_yel.pk, "points": typed, "key": "k-1"},
    )
    assert (response.status_code, response.json()) == (
        400,
        {"ok": False, "code": "invalid", "field": "points", "error": message},
    )
    assert not Score.objects.exists()


def test_a_jury_member_with_a_conflict_gets_a_404(client, room):
    services.conflict_declare(
        jury=room.jury, participant=room.participant, reason="Kakak saya anggota", by=room.jury.user
    )
    client.force_login(room.jury.user)
    assert client.get(room.url()).status_code == 404
    assert post(client, room, room.criteria()[0], "20", "k-1").status_code == 404
    assert not Score.objects.exists()


def test_a_jury_member_not_assigned_to_the_group_gets_a_404(client, room):
    other = add_jury(room.gelar, room.gelar.world.pemda)
    client.force_login(other.user)
    assert client.get(room.url()).status_code == 404
    assert post(client, room, room.criteria()[0], "20", "k-1").status_code == 404
    assert not Score.objects.exists()


def test_the_bureau_itself_has_no_score_form(client, room):
    client.force_login(room.gelar.world.users["verifikator"])
    assert client.get(room.url()).status_code == 404
