"""The jury member's own pages: "Penilaian saya" with the assigned groups only and only while
the event runs, the groups' verified risalah and PDF, declaring a conflict of interest; and
what a guest on a jury finds in the menu and on the home page."""

import io

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from events import services
from events.models import EventStatus, JuryAssignment
from tests.events.factories import score_sheet
from tests.events.jury_world import make_panel, prestasi_group
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _client(user, language="en"):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    client.force_login(user)
    return client


def _group_url(name, panel, participant):
    return reverse(name, kwargs={"event_uuid": panel.event.uuid, "participant_uuid": participant.uuid})


def _score_url(panel, participant, round):
    return reverse(
        "events-score",
        kwargs={"uuid": panel.event.uuid, "participant": participant.uuid, "order": round.order},
    )


@pytest.fixture
def panel(gelar):
    """Two Kreatif groups in the final and a Prestasi group in the desk round; the jury persona
    scores the first Kreatif group and the Prestasi group, another jury member the second."""
    panel = make_panel(gelar, 2)
    panel.prestasi = prestasi_group(gelar)
    guest = gelar.world.users["jury"]
    panel.jury = services.jury_add(event=gelar.event, user=guest, by=panel.by)
    panel.assign(panel.jury, [panel.groups[0]])
    panel.assign(panel.jury, [panel.prestasi], round=gelar.desk)
    panel.assign(panel.guest("Juri Lain"), [panel.groups[1]])
    return panel


def test_the_jury_sees_only_its_groups_with_their_status(panel):
    panel.start()
    gelar = panel.gelar
    score_sheet(gelar, panel.jury, panel.prestasi, gelar.desk, {"risalah": 80})
    response = _client(panel.jury.user).get(reverse("events-my-scoring"))
    (item,) = response.context["items"]
    assert [
        (round.name, [(s.participant.group.name, s.done) for s in seats]) for round, seats in item.rounds
    ] == [
        (gelar.desk.name, [("KBK Prima", True)]),
        (gelar.final.name, [(panel.groups[0].group.name, False)]),
    ]
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert panel.groups[1].group.name not in html
    assert _score_url(panel, panel.groups[0], gelar.final) in html
    assert _group_url("events-my-risalah", panel, panel.prestasi) in html
    assert "not yet (0 of 4)" in html and ">scored<" in html


def test_the_groups_are_shown_only_while_the_event_runs(panel):
    client = _client(panel.jury.user)
    before = client.get(reverse("events-my-scoring")).content.decode()
    assert "Your groups and the score forms open here when the event starts." in before
    assert "KBK Prima" not in before
    assert client.get(_group_url("events-my-risalah", panel, panel.prestasi)).status_code == 404
    panel.start()
    assert client.get(_group_url("events-my-risalah", panel, panel.prestasi)).status_code == 200
    services.event_change_status(event=panel.event, to=EventStatus.REGISTRATION_OPEN, by=panel.by)
    assert client.get(_group_url("events-my-risalah", panel, panel.prestasi)).status_code == 404


def test_the_risalah_of_an_assigned_group_reads_like_the_library_and_prints(panel):
    panel.start()
    client = _client(panel.jury.user)
    page = client.get(_group_url("events-my-risalah", panel, panel.prestasi))
    html = page.content.decode()
    assert html.count("<h1") == 1
    assert page.context["risalah"] == panel.prestasi.risalah
    assert _group_url("events-my-risalah-pdf", panel, panel.prestasi) in html
    assert reverse("risalah-library-pdf", args=[panel.prestasi.risalah.uuid]) not in html
    pdf = client.get(_group_url("events-my-risalah-pdf", panel, panel.prestasi))
    assert pdf["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "KBK Prima" in text


def test_another_jury_members_group_and_a_group_without_risalah_are_not_found(panel):
    panel.start()
    client = _client(panel.jury.user)
    assert client.get(_group_url("events-my-risalah", panel, panel.groups[1])).status_code == 404
    assert client.get(_group_url("events-my-conflict", panel, panel.groups[1])).status_code == 404
    # Assigned, but a Kreatif group has no risalah in the event.
    assert client.get(_group_url("events-my-risalah", panel, panel.groups[0])).status_code == 404
    # The bureau reads risalah in the library, not here.
    bureau = _client(panel.gelar.world.users["verifikator"])
    assert bureau.get(_group_url("events-my-risalah", panel, panel.prestasi)).status_code == 404


def test_a_declared_conflict_takes_the_group_and_its_score_form_away(panel):
    panel.start()
    client = _client(panel.jury.user)
    group = panel.groups[0]
    assert client.get(_score_url(panel, group, panel.gelar.final)).status_code == 200
    empty = client.post(_group_url("events-my-conflict", panel, group), {"reason": " "})
    assert empty.context["form"].errors == {"reason": ["This field is required."]}
    response = client.post(
        _group_url("events-my-conflict", panel, group), {"reason": "My sister is in the group."}, follow=True
    )
    assert [str(m) for m in response.context["messages"]] == [
        f"Conflict of interest recorded: you do not score {group.group.name}."
    ]
    assert not JuryAssignment.objects.filter(jury=panel.jury, participant=group).exists()
    assert client.get(_score_url(panel, group, panel.gelar.final)).status_code == 404
    html = response.content.decode()
    assert f"{group.group.name}: My sister is in the group." in html


def test_a_conflict_found_after_the_round_was_locked_still_bars_the_score_form(panel):
    panel.start()
    gelar = panel.gelar
    services.round_lock(round=gelar.final, by=panel.by)
    services.conflict_declare(
        jury=panel.jury, participant=panel.groups[0], reason="Kerabat.", by=panel.jury.user
    )
    assert JuryAssignment.objects.filter(
        jury=panel.jury, participant=panel.groups[0]
    ).exists()  # locked: kept
    client = _client(panel.jury.user)
    assert client.get(_score_url(panel, panel.groups[0], gelar.final)).status_code == 404
    (item,) = client.get(reverse("events-my-scoring")).context["items"]
    assert [round for round, _seats in item.rounds] == [gelar.desk]


def test_a_guest_on_a_jury_finds_only_the_jury_pages_in_the_menu_and_on_the_home_page(panel):
    panel.start()
    client = _client(panel.jury.user, language="id")
    home = client.get(reverse("core-home"))
    assert [(item["label"], item["active"]) for item in home.context["nav_items"]] == [
        ("Beranda", True),
        ("Penilaian", False),
    ]
    html = home.content.decode()
    assert "Gelar Budaya Kerja 2026" in html and reverse("events-my-scoring") in html
    assert "Tahun program" not in html and "belum memiliki peran" not in html
    scoring = client.get(reverse("events-my-scoring"))
    assert ("Penilaian", True) in [(item["label"], item["active"]) for item in scoring.context["nav_items"]]
    form = client.get(_score_url(panel, panel.groups[0], panel.gelar.final))
    assert ("Penilaian", True) in [(item["label"], item["active"]) for item in form.context["nav_items"]]


def test_staff_on_a_jury_get_the_item_besides_their_own_and_others_do_not(panel, world):
    operator = world.users["operator_a"]
    services.jury_add(event=panel.event, user=operator, by=panel.by)
    labels = [
        item["label"] for item in _client(operator, "id").get(reverse("core-home")).context["nav_items"]
    ]
    assert "Penilaian" in labels and "Kegiatan" in labels and "Perpustakaan" in labels
    others = _client(world.users["pimpinan_a"], "id").get(reverse("core-home")).context["nav_items"]
    assert "Penilaian" not in [item["label"] for item in others]
    nobody = _client(UserFactory(), "en").get(reverse("events-my-scoring"))
    assert "You are not on the jury of any event." in nobody.content.decode()


def test_someone_made_a_jury_member_while_logged_in_finds_the_item_after_the_home_page(panel, world):
    client = _client(world.users["pimpinan_a"], "id")
    services.jury_add(event=panel.event, user=world.users["pimpinan_a"], by=panel.by)
    page = client.get(reverse("core-home"))
    assert "Penilaian" in [item["label"] for item in page.context["nav_items"]]


@pytest.mark.parametrize("groups", [1, 3])
def test_the_jury_home_runs_the_same_queries_for_1_and_3_groups(gelar, groups, django_assert_num_queries):
    panel = make_panel(gelar, groups)
    jury = services.jury_add(event=gelar.event, user=gelar.world.users["jury"], by=panel.by)
    panel.assign(jury, panel.groups)
    panel.start()
    score_sheet(gelar, jury, panel.groups[0], gelar.final, {"yel_yel": 20})
    client = _client(jury.user)
    with django_assert_num_queries(11):
        response = client.get(reverse("events-my-scoring"))
    assert len(response.context["items"][0].rounds[0][1]) == groups
