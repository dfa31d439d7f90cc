"""The bureau's results pages (lock, compute, ranking, publish), the public results page and the
groups' feedback, on a final with hand-set scores (tests/events/results_world.py)."""

import re
from html import unescape

import pytest
from django.urls import reverse

from core.models import AuditEvent
from events import results_services
from events.models import EventStatus, Participant, Result
from groups.models import RosterMember
from tests.events.results_world import COMMENT, JURY_NAMES, finished_gelar
from tests.factories import GroupFactory

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def table_rows(response, section_id: str) -> list[list[str]]:
    html = response.content.decode()
    section = html[html.index(f'id="{section_id}"') :]
    section = section[: section.index("</table>")]
    body = section[section.index("<tbody>") :]
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", body, flags=re.S):
        cells = re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, flags=re.S)
        rows.append([" ".join(unescape(re.sub(r"<[^>]+>", " ", c)).split()) for c in cells])
    return rows


def test_the_ranking_shows_the_numbers_and_how_the_tie_was_broken(world, login):
    finished = finished_gelar(world, publish=False)
    gelar = finished.gelar
    response = login("verifikator").get(reverse("events-ranking", args=[gelar.event.uuid, gelar.final.uuid]))
    assert response.status_code == 200
    assert table_rows(response, "track-kreatif") == [
        [
            "1",
            "KBK Sehati",
            "Puskesmas Sukamaju",
            "75,00",
            "26,00",
            "21,00",
            "15,50",
            "12,50",
            "2",
            "Juara I",
            "Total sama dengan KBK Cerdas; ditentukan oleh nilai Yel-yel (26,00).",
        ],
        [
            "2",
            "KBK Cerdas",
            "Dinas Pendidikan",
            "75,00",
            "22,00",
            "25,50",
            "15,00",
            "12,50",
            "2",
            "Juara II",
            "Total sama dengan KBK Sehati; ditentukan oleh nilai Yel-yel (22,00).",
        ],
        [
            "3",
            "KBK Mandiri",
            finished.c.group.unit.name,
            "62,00",
            "21,00",
            "20,00",
            "11,00",
            "10,00",
            "2",
            "Juara III",
            "",
        ],
    ]
    text = text_of(response)
    assert "Agregasi: Rata-rata · Normalisasi skor-z per juri: mati" in text


def test_lock_compute_unlock_and_publish_through_the_pages(world, login):
    finished = finished_gelar(world, publish=False, compute=False)
    gelar = finished.gelar
    client = login("verifikator")
    event_uuid, round_uuid = gelar.event.uuid, gelar.final.uuid
    response = client.post(reverse("events-results-compute", args=[event_uuid, round_uuid]), follow=True)
    assert "Kunci babak sebelum menghitung hasilnya." in text_of(response)
    assert not Result.objects.exists()
    client.post(reverse("events-round-lock", args=[event_uuid, round_uuid]))
    response = client.post(reverse("events-results-compute", args=[event_uuid, round_uuid]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("events-ranking", args=[event_uuid, round_uuid])
    assert list(Result.objects.order_by("rank").values_list("participant__group__name", flat=True)) == [
        "KBK Sehati",
        "KBK Cerdas",
        "KBK Mandiri",
    ]
    # Opening again needs a reason, shown beside the field.
    unlock = reverse("events-round-unlock", args=[event_uuid, round_uuid])
    response = client.post(unlock, {"reason": "  "})
    assert response.status_code == 200
    assert 'id="error_1_id_reason"' in response.content.decode()
    gelar.final.refresh_from_db()
    assert gelar.final.is_locked
    client.post(unlock, {"reason": "Nilai salah ketik"})
    gelar.final.refresh_from_db()
    assert not gelar.final.is_locked
    assert AuditEvent.objects.filter(
        details__event_step="round_unlocked", details__reason="Nilai salah ketik"
    ).exists()
    client.post(reverse("events-round-lock", args=[event_uuid, round_uuid]))
    client.post(reverse("events-results-compute", args=[event_uuid, round_uuid]))
    # Publishing asks for a confirmation first.
    publish = reverse("events-results-publish", args=[event_uuid])
    response = client.post(publish, {})
    assert response.status_code == 200
    gelar.event.refresh_from_db()
    assert gelar.event.status == EventStatus.RUNNING
    client.post(publish, {"confirm": "on"})
    gelar.event.refresh_from_db()
    assert gelar.event.status == EventStatus.RESULTS_PUBLISHED


def test_the_ranking_runs_the_same_queries_for_one_and_three_groups(world, login, django_assert_num_queries):
    finished = finished_gelar(world, publish=False)
    gelar = finished.gelar
    client = login("verifikator")
    url = reverse("events-ranking", args=[gelar.event.uuid, gelar.final.uuid])
    # One more than the tables: the count of the event's results for the all-rounds export button.
    with django_assert_num_queries(11):
        assert len(table_rows(client.get(url), "track-kreatif")) == 3
    Result.objects.exclude(participant=finished.a).delete()
    with django_assert_num_queries(11):
        assert len(table_rows(client.get(url), "track-kreatif")) == 1


def test_the_public_page_is_a_404_before_publication(world, client):
    finished = finished_gelar(world, publish=False)
    response = client.get(reverse("events-results-public", args=[finished.gelar.event.uuid]))
    assert response.status_code == 404


def test_the_public_page_shows_groups_units_and_awards_and_no_people(world, client):
    finished = finished_gelar(world)
    response = client.get(reverse("events-results-public", args=[finished.gelar.event.uuid]))
    assert table_rows(response, "public-kreatif") == [
        ["1", "KBK Sehati", "Puskesmas Sukamaju", "Juara I"],
        ["2", "KBK Cerdas", "Dinas Pendidikan", "Juara II"],
        ["3", "KBK Mandiri", finished.c.group.unit.name, "Juara III"],
    ]
    text = text_of(response)
    members = list(RosterMember.objects.values_list("person__name", "person__nip"))
    assert members
    for name, nip in members:
        assert name not in text
        assert nip not in text
    for name in JURY_NAMES:
        assert name not in text
    assert "verifikator" not in text


def test_feedback_shows_each_jurys_points_by_number_and_hides_their_names(world, login):
    finished = finished_gelar(world)
    url = reverse("events-feedback", args=[finished.gelar.event.uuid, finished.a.uuid])
    response = login("operator_a").get(url)
    assert response.status_code == 200
    rows = table_rows(response, "feedback-" + str(finished.gelar.final.uuid))
    assert rows == [
        ["Yel-yel (maks. 30)", "25,00", "27,00", "26,00"],
        ["Atraksi / fragmen (maks. 30)", "20,00", "22,00", "21,00"],
        ["Kostum (maks. 20)", "15,00", "16,00", "15,50"],
        ["Kekompakan (maks. 20)", "10,00", "15,00", "12,50"],
    ]
    text = text_of(response)
    assert "Juri 1 Juri 2 Rata-rata" in text
    assert f"Juri 1 (Yel-yel): {COMMENT}" in text
    for name in JURY_NAMES:
        assert name not in text
    for jury in finished.juries:
        assert jury.user.username not in text


def test_feedback_waits_for_publication_and_is_not_for_other_units(world, login):
    finished = finished_gelar(world, publish=False)
    url = reverse("events-feedback", args=[finished.gelar.event.uuid, finished.a.uuid])
    response = login("operator_a").get(url)
    assert response.status_code == 403
    assert COMMENT not in response.content.decode()
    assert login("outsider").get(url).status_code == 404


def test_the_group_page_lists_only_the_users_own_groups(world, login):
    finished = finished_gelar(world)
    response = login("operator_a").get(reverse("events-group-results", args=[finished.gelar.event.uuid]))
    text = text_of(response)
    assert "KBK Sehati" in text
    assert "KBK Cerdas" not in text
    assert (
        reverse("events-feedback", args=[finished.gelar.event.uuid, finished.a.uuid])
        in response.content.decode()
    )


def test_published_results_are_not_recomputed_or_reopened(world, login):
    finished = finished_gelar(world)
    gelar = finished.gelar
    client = login("verifikator")
    before = list(Result.objects.order_by("pk").values_list("pk", "computed_at"))
    response = client.post(
        reverse("events-results-compute", args=[gelar.event.uuid, gelar.final.uuid]), follow=True
    )
    assert (
        "Hasil sudah diumumkan. Kembalikan status kegiatan ke berlangsung sebelum mengubah babak."
        in text_of(response)
    )
    assert list(Result.objects.order_by("pk").values_list("pk", "computed_at")) == before
    client.post(reverse("events-round-unlock", args=[gelar.event.uuid, gelar.final.uuid]), {"reason": "Ubah"})
    gelar.final.refresh_from_db()
    assert gelar.final.is_locked


def test_the_public_page_runs_the_same_queries_for_one_and_three_groups(
    world, client, django_assert_num_queries
):
    finished = finished_gelar(world)
    url = reverse("events-results-public", args=[finished.gelar.event.uuid])
    with django_assert_num_queries(3):
        assert len(table_rows(client.get(url), "public-kreatif")) == 3
    Result.objects.exclude(participant=finished.a).delete()
    with django_assert_num_queries(3):
        assert len(table_rows(client.get(url), "public-kreatif")) == 1


def test_the_group_page_runs_the_same_queries_for_one_and_three_groups(
    world, login, django_assert_num_queries
):
    finished = finished_gelar(world)
    results_services.certificates_issue_all(event=finished.gelar.event, by=world.users["verifikator"])
    client = login("operator_a")
    url = reverse("events-group-results", args=[finished.gelar.event.uuid])

    def own_groups() -> int:
        return client.get(url).content.decode().count('<li class="list-group-item">')

    with django_assert_num_queries(9):
        assert own_groups() == 1
    for name in ("KBK Sigap", "KBK Tanggap"):
        Participant.objects.create(
            event=finished.gelar.event,
            group=GroupFactory(unit=world.unit_a, name=name),
            track=finished.gelar.kreatif,
            current_round=finished.gelar.final,
            registered_by=world.users["verifikator"],
        )
    with django_assert_num_queries(9):
        assert own_groups() == 3
