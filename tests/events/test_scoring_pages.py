"""The score form without JavaScript, paper sheets (PDF and typing them in), the history."""

import io
import re
from decimal import Decimal as D

import pytest
from django.conf import settings
from django.urls import reverse
from pypdf import PdfReader

from events import services
from events.models import EventStatus, Score, ScoreChange
from tests.events.factories import score_sheet
from tests.events.scoring_world import make_room

pytestmark = pytest.mark.django_db


@pytest.fixture
def room(gelar):
    return make_room(gelar)


@pytest.fixture(autouse=True)
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def sheet_data(form_page, values: dict) -> dict:
    """The posted form: the keys as the page made them, the typed points and comments."""
    html = form_page.content.decode()
    data = dict(re.findall(r'name="(key_\d+)" value="([0-9a-f]+)"', html))
    data.update(values)
    return data


def pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def test_the_form_shows_every_criterion_with_its_maximum_and_weight(client, room):
    client.force_login(room.jury.user)
    html = client.get(room.url()).content.decode()
    names = [(c.name, c.max_points) for c in room.criteria()]
    assert names == [("Yel-yel", 30), ("Atraksi / fragmen", 30), ("Kostum", 20), ("Kekompakan", 20)]
    for name, maximum in names:
        assert f">{name}</legend>" in html
        assert f"Maximum {maximum} points · weight {maximum}" in html
    assert html.count("<h1") == 1
    assert room.participant.group.name in html
    following = room.url(participant=room.participants[1])
    assert f'href="{following}" rel="next"' in html


def test_without_javascript_all_criteria_post_at_once_and_errors_stay_beside_the_field(client, room):
    client.force_login(room.jury.user)
    yel_yel, atraksi, kostum, _kompak = room.criteria()
    page = client.get(room.url())
    data = sheet_data(
        page, {f"points_{yel_yel.pk}": "28", f"points_{atraksi.pk}": "45", f"comment_{kostum.pk}": "Rapi"}
    )
    response = client.post(room.url(), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="45"' in html  # the typed value stays
    assert re.search(rf'id="id_points_{atraksi.pk}_error"[^>]*>At most 30 points for this criterion.<', html)
    assert not Score.objects.exists()  # nothing saved while a field is wrong

    data[f"points_{atraksi.pk}"] = "26.5"
    response = client.post(room.url(), data)
    assert response.status_code == 302
    again = client.post(room.url(), data)  # the same page sent twice counts once
    assert again.status_code == 302
    assert list(
        Score.objects.order_by("criterion__order").values_list("criterion", "points", "entered_by")
    ) == [
        (yel_yel.pk, D(28), None),
        (atraksi.pk, D("26.5"), None),
    ]
    assert ScoreChange.objects.count() == 2


def test_the_paper_entry_is_marked_with_who_typed_it(client, room):
    officer = room.gelar.world.users["verifikator"]
    client.force_login(officer)
    url = reverse(
        "events-score-paper",
        args=[room.gelar.event.uuid, room.jury.uuid, room.participant.uuid, room.gelar.final.order],
    )
    yel_yel = room.criteria()[0]
    response = client.post(url, sheet_data(client.get(url), {f"points_{yel_yel.pk}": "21"}))
    assert response.status_code == 302
    score = Score.objects.get()
    assert (score.jury, score.points, score.entered_by) == (room.jury, D(21), officer)
    assert list(ScoreChange.objects.values_list("by", "entered_by")) == [(officer.pk, officer.pk)]
    history = client.get(reverse("events-score-history", args=[room.gelar.event.uuid]))
    assert f"entered from paper by {officer}" in history.content.decode()


def test_the_paper_entry_is_the_bureaus_only(client, room):
    client.force_login(room.gelar.world.users["operator_a"])
    url = reverse(
        "events-score-paper",
        args=[room.gelar.event.uuid, room.jury.uuid, room.participant.uuid, room.gelar.final.order],
    )
    assert client.post(url, {}).status_code == 403
    assert not Score.objects.exists()


def test_the_score_sheet_lists_the_groups_in_order_with_their_criteria(client, room):
    client.force_login(room.jury.user)
    url = reverse("events-score-sheet", args=[room.gelar.event.uuid, room.jury.uuid, room.gelar.final.order])
    text = pdf_text(client.get(url))
    assert room.gelar.event.title in text
    assert "Ibu Juri Satu" in text
    assert room.gelar.final.name in text
    first, second = (p.group.name for p in room.participants)
    assert first in text and second in text and text.index(first) < text.index(second)
    for criterion in room.criteria():
        assert text.count(criterion.name) == 2


def _history_url(room):
    return reverse("events-score-history", args=[room.gelar.event.uuid])


@pytest.mark.parametrize("groups", [1, 3])
def test_the_history_runs_the_same_queries_for_1_and_3_groups(
    client, gelar, groups, django_assert_num_queries
):
    room = make_room(gelar, groups)
    for participant in room.participants:
        score_sheet(gelar, room.jury, participant, gelar.final, {"yel_yel": 20, "kostum": 15})
    client.force_login(gelar.world.users["verifikator"])
    with django_assert_num_queries(9):
        response = client.get(_history_url(room))
    assert response.content.decode().count("<tr>") == 1 + 2 * groups


@pytest.mark.parametrize("groups", [1, 3])
def test_the_score_form_runs_the_same_queries_for_1_and_3_groups(
    client, gelar, groups, django_assert_num_queries
):
    room = make_room(gelar, groups)
    score_sheet(gelar, room.jury, room.participant, gelar.final, {"yel_yel": 20, "kostum": 15})
    client.force_login(room.jury.user)
    with django_assert_num_queries(15):
        response = client.get(room.url())
    assert response.content.decode().count('value="20"') == 1


def test_a_page_sent_again_with_a_corrected_value_is_a_new_change(client, room):
    client.force_login(room.jury.user)
    yel_yel = room.criteria()[0]
    data = sheet_data(client.get(room.url()), {f"points_{yel_yel.pk}": "20"})
    client.post(room.url(), data)
    data[f"points_{yel_yel.pk}"] = "24"  # the browser's back button, corrected, sent again
    client.post(room.url(), data)
    assert list(ScoreChange.objects.order_by("pk").values_list("old_points", "new_points")) == [
        (None, D(20)),
        (D(20), D(24)),
    ]


def test_the_score_form_is_closed_while_the_event_is_not_running(client, room):
    by = room.gelar.world.users["verifikator"]
    services.event_change_status(event=room.gelar.event, to=EventStatus.REGISTRATION_OPEN, by=by)
    client.force_login(room.jury.user)
    assert client.get(room.url()).status_code == 404


def test_a_locked_round_shows_the_scores_read_only(client, room):
    score_sheet(room.gelar, room.jury, room.participant, room.gelar.final, {"yel_yel": 20})
    services.round_lock(round=room.gelar.final, by=room.gelar.world.users["verifikator"])
    client.force_login(room.jury.user)
    html = client.get(room.url()).content.decode()
    assert "The round is locked; scores can no longer change." in html
    assert 'value="20" inputmode="decimal"' in html
    assert html.count(" disabled>") == 8  # every points and comment field
    assert "Save all scores" not in html


@pytest.mark.parametrize("groups", [1, 3])
def test_the_paper_sheets_list_runs_the_same_queries_for_1_and_3_groups(
    client, gelar, groups, django_assert_num_queries
):
    room = make_room(gelar, groups)
    client.force_login(gelar.world.users["verifikator"])
    with django_assert_num_queries(8):
        response = client.get(reverse("events-score-paper-list", args=[gelar.event.uuid]))
    html = response.content.decode()
    assert [p.group.name in html for p in room.participants] == [True] * groups
    assert html.count(f"/nilai/kertas/{room.jury.uuid}/") == groups
