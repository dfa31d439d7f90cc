"""The rounds and tracks pages: rounds added, removed and moved, tracks added, renamed and
removed; a refused form comes back with what was typed and the reason beside its field."""

import re

import pytest
from django.urls import reverse

from core.models import Unit
from events import rounds_services, services
from events.models import Criterion, Event, EventStatus, Round, Track
from tests.events.factories import add_jury, kreatif_groups, score_sheet
from tests.factories import UnitFactory
from tests.test_site import STYLE_ATTRIBUTE

pytestmark = pytest.mark.django_db


def _page(response) -> str:
    """A page like the others: one <h1>, no inline style."""
    html = response.content.decode()
    assert len(re.findall(r"<h1[\s>]", html)) == 1
    assert STYLE_ATTRIBUTE.findall(html) == []
    return html


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def _rounds_url(gelar):
    return reverse("events-rounds", args=[gelar.event.uuid])


def _tracks_url(gelar):
    return reverse("events-tracks", args=[gelar.event.uuid])


def _names(gelar):
    return list(gelar.event.rounds.order_by("order").values_list("name", flat=True))


def _score_the_final(gelar):
    by = gelar.world.users["verifikator"]
    (participant,) = kreatif_groups(gelar, 1)
    jury = add_jury(gelar, UnitFactory(parent=Unit.objects.get(pk=gelar.world.pemda.pk)))
    services.assignments_add(round=gelar.final, juries=[jury], participants=[participant], by=by)
    score_sheet(gelar, jury, participant, gelar.final, {"yel_yel": 20})


# --- rounds ----------------------------------------------------------------------------------


def test_the_rounds_page_shows_each_rounds_rubric_and_what_can_be_done(gelar, login):
    _score_the_final(gelar)
    html = _page(login("verifikator").get(_rounds_url(gelar)))
    desk_url = reverse("events-round-remove", args=[gelar.event.uuid, gelar.desk.uuid])
    final_url = reverse("events-round-remove", args=[gelar.event.uuid, gelar.final.uuid])
    assert f'href="{desk_url}"' in html and f'href="{final_url}"' not in html
    assert "Sudah memiliki nilai: tidak dapat dihapus." in html  # the final, in words
    assert "KBK Kreatif: tidak dinilai di babak ini" in html  # the desk round
    rubric = reverse("events-rubric", args=[gelar.event.uuid, gelar.kreatif.uuid, gelar.desk.uuid])
    assert f'<a href="{rubric}">tambah rubrik</a>' in html
    assert 'form="move-' in html and reverse("events-round-add", args=[gelar.event.uuid]) in html


def test_a_round_is_added_from_the_page(gelar, login):
    client = login("verifikator")
    response = client.post(
        reverse("events-round-add", args=[gelar.event.uuid]),
        {"name": "Semifinal", "kind": "presentation", "position": "2"},
        follow=True,
    )
    assert response.redirect_chain == [(_rounds_url(gelar), 302)]
    assert _messages(response) == [
        "Semifinal ditambahkan sebagai babak 2. Periksa rubriknya untuk setiap kategori."
    ]
    assert _names(gelar) == ["Penilaian desk risalah", "Semifinal", "Presentasi final"]
    assert 'value="Semifinal"' in _page(response)


def test_a_refused_new_round_comes_back_with_what_was_typed(gelar, login):
    _score_the_final(gelar)
    client = login("verifikator")
    url = reverse("events-round-add", args=[gelar.event.uuid])
    response = client.post(url, {"name": "", "kind": "desk", "position": "1"})
    html = _page(response)
    assert response.status_code == 200
    assert list(response.context["add_form"].errors) == ["name"]
    assert 'id="error_1_id_name"' in html
    assert '<option value="desk" selected>' in html
    # The service refuses the place: the reason beside the position, the name kept.
    response = client.post(url, {"name": "Seleksi ulang", "kind": "desk", "position": "2"})
    html = _page(response)
    assert response.context["add_form"].errors == {
        "position": ["Babak baru tidak dapat ditempatkan sebelum babak yang sudah memiliki nilai."]
    }
    assert 'id="error_1_id_position"' in html
    assert 'value="Seleksi ulang"' in html
    assert '<option value="2" selected>' in html
    assert _names(gelar) == ["Penilaian desk risalah", "Presentasi final"]


def test_a_round_is_removed_after_a_confirmation(gelar, login):
    client = login("verifikator")
    url = reverse("events-round-remove", args=[gelar.event.uuid, gelar.desk.uuid])
    html = _page(client.get(url))
    assert "Hapus babak Penilaian desk risalah?" in html
    assert "Rubriknya (1 kriteria) dan jadwalnya ikut dihapus." in html
    assert _names(gelar) == ["Penilaian desk risalah", "Presentasi final"]  # not yet
    response = client.post(url, follow=True)
    assert response.redirect_chain == [(_rounds_url(gelar), 302)]
    assert _messages(response) == ["Penilaian desk risalah dihapus."]
    assert _names(gelar) == ["Presentasi final"]
    assert "Satu-satunya babak: tidak dapat dihapus." in _page(response)


def test_a_round_with_scores_is_not_removed_and_the_page_says_why(gelar, login):
    _score_the_final(gelar)
    url = reverse("events-round-remove", args=[gelar.event.uuid, gelar.final.uuid])
    html = _page(login("verifikator").get(url))
    assert (
        '<div class="alert alert-warning" data-testid="not-removable">Sudah memiliki nilai: tidak dapat dihapus.</div>'
        in html
    )
    assert 'type="submit"' not in html.split("<main", 1)[1]
    response = login("verifikator").post(url, follow=True)
    assert _messages(response) == ["Presentasi final sudah memiliki nilai dan tidak dapat dihapus."]
    assert Round.objects.filter(pk=gelar.final.pk).exists()


def test_a_round_moves_earlier_and_later(gelar, login):
    client = login("verifikator")
    response = client.post(
        reverse("events-round-move", args=[gelar.event.uuid, gelar.desk.uuid]),
        {"direction": "down"},
        follow=True,
    )
    assert _messages(response) == ["Penilaian desk risalah kini babak 2."]
    assert _names(gelar) == ["Presentasi final", "Penilaian desk risalah"]
    response = client.post(
        reverse("events-round-move", args=[gelar.event.uuid, gelar.desk.uuid]),
        {"direction": "up"},
        follow=True,
    )
    assert _messages(response) == ["Penilaian desk risalah kini babak 1."]
    assert _names(gelar) == ["Penilaian desk risalah", "Presentasi final"]
    response = client.post(
        reverse("events-round-move", args=[gelar.event.uuid, gelar.desk.uuid]),
        {"direction": "sideways"},
        follow=True,
    )
    assert _messages(response) == ["Pilih apakah babak digeser lebih awal atau lebih akhir."]


def test_once_the_event_runs_the_pages_offer_no_change_and_refuse_one(gelar, login):
    Event.objects.filter(pk=gelar.event.pk).update(status=EventStatus.RUNNING)
    client = login("verifikator")
    html = _page(client.get(_rounds_url(gelar)))
    assert "Babak, kategori dan rubrik hanya dapat diubah" in html
    assert reverse("events-round-add", args=[gelar.event.uuid]) not in html
    assert 'form="move-' not in html
    response = client.post(
        reverse("events-round-remove", args=[gelar.event.uuid, gelar.desk.uuid]), follow=True
    )
    assert _messages(response) == [
        "Babak, kategori dan rubrik hanya dapat diubah selama kegiatan masih berupa draf atau pendaftaran dibuka."
    ]
    assert _names(gelar) == ["Penilaian desk risalah", "Presentasi final"]
    assert reverse("events-track-add", args=[gelar.event.uuid]) not in _page(client.get(_tracks_url(gelar)))


def test_the_rounds_page_queries_do_not_grow_with_the_rounds(gelar, login, django_assert_num_queries):
    client = login("verifikator")
    client.get(_rounds_url(gelar))
    with django_assert_num_queries(10):
        response = client.get(_rounds_url(gelar))
    assert len(response.context["forms"]) == 2
    by = gelar.world.users["verifikator"]
    rounds_services.round_add(event=gelar.event, by=by, name="Semifinal", kind="presentation", position=2)
    rounds_services.track_add(event=gelar.event, by=by, name="KBK Inovasi")
    with django_assert_num_queries(10):
        response = client.get(_rounds_url(gelar))
    assert len(response.context["forms"]) == 3


# --- tracks ----------------------------------------------------------------------------------


def _tracks_data(gelar, **names):
    data = {}
    for track in gelar.event.tracks.all():
        data[f"t{track.uuid.hex}-name"] = names.get(track.code, track.name)
        if track.requires_verified_risalah:
            data[f"t{track.uuid.hex}-requires_verified_risalah"] = "on"
    return data


def test_tracks_are_renamed_from_the_page(gelar, login):
    response = login("verifikator").post(
        _tracks_url(gelar), _tracks_data(gelar, kreatif="KBK Kreatif Inovatif")
    )
    assert response["Location"] == reverse("events-detail", args=[gelar.event.uuid])
    assert list(gelar.event.tracks.values_list("name", "requires_verified_risalah")) == [
        ("KBK Prestasi", True),
        ("KBK Kreatif Inovatif", False),
    ]


def test_a_refused_rename_sits_beside_the_tracks_field_with_what_was_typed(gelar, login):
    kreatif_groups(gelar, 1)  # a group without a risalah in KBK Kreatif
    data = _tracks_data(gelar, kreatif="KBK Kreatif Baru")
    data[f"t{gelar.kreatif.uuid.hex}-requires_verified_risalah"] = "on"
    response = login("verifikator").post(_tracks_url(gelar), data)
    html = _page(response)
    forms = dict(response.context["forms"])
    assert forms[gelar.kreatif].errors == {
        "requires_verified_risalah": [
            "Ada kelompok tanpa risalah terverifikasi yang terdaftar di KBK Kreatif; tarik mundur kelompok itu "
            "terlebih dahulu."
        ]
    }
    assert forms[gelar.prestasi].errors == {}
    assert 'value="KBK Kreatif Baru"' in html
    assert f'id="error_1_id_t{gelar.kreatif.uuid.hex}-requires_verified_risalah"' in html
    gelar.kreatif.refresh_from_db()
    assert gelar.kreatif.name == "KBK Kreatif"
    # An empty name is refused by the form, beside the field.
    response = login("verifikator").post(_tracks_url(gelar), _tracks_data(gelar, prestasi=""))
    assert dict(response.context["forms"])[gelar.prestasi].errors == {
        "name": ["Bidang ini tidak boleh kosong."]
    }


def test_a_track_is_added_and_refused_with_a_name_already_taken(gelar, login):
    client = login("verifikator")
    url = reverse("events-track-add", args=[gelar.event.uuid])
    response = client.post(url, {"name": "kbk prestasi", "requires_verified_risalah": "on"})
    html = _page(response)
    assert response.context["add_form"].errors == {
        "name": ["Kegiatan ini sudah memiliki kategori bernama kbk prestasi."]
    }
    assert 'value="kbk prestasi"' in html and 'id="error_1_id_name"' in html
    assert 'id="id_requires_verified_risalah" checked>' in html
    response = client.post(url, {"name": "KBK Inovasi", "requires_verified_risalah": "on"}, follow=True)
    assert response.redirect_chain == [(_tracks_url(gelar), 302)]
    assert _messages(response) == [
        "KBK Inovasi ditambahkan. Beri rubrik di babak-babak tempat kategori ini dinilai."
    ]
    inovasi = Track.objects.get(event=gelar.event, code="kbk_inovasi")
    assert inovasi.requires_verified_risalah is True
    html = _page(response)
    rubric = reverse("events-rubric", args=[gelar.event.uuid, inovasi.uuid, gelar.final.uuid])
    assert f'<a href="{rubric}">tambah rubrik</a>' in html


def test_a_track_is_removed_after_a_confirmation_unless_groups_are_registered(gelar, login):
    client = login("verifikator")
    kreatif_groups(gelar, 1)
    url = reverse("events-track-remove", args=[gelar.event.uuid, gelar.kreatif.uuid])
    response = client.post(url, follow=True)
    assert _messages(response) == [
        "Sudah ada kelompok yang terdaftar di KBK Kreatif; tarik mundur kelompok itu sebelum menghapus kategori ini."
    ]
    assert "Sudah ada kelompok yang terdaftar: tidak dapat dihapus." in _page(response)
    url = reverse("events-track-remove", args=[gelar.event.uuid, gelar.prestasi.uuid])
    assert "Hapus kategori KBK Prestasi?" in _page(client.get(url))
    response = client.post(url, follow=True)
    assert _messages(response) == ["KBK Prestasi dihapus."]
    assert list(gelar.event.tracks.values_list("code", flat=True)) == ["kreatif"]
    assert not Criterion.objects.filter(track_id=gelar.prestasi.pk).exists()


def test_the_tracks_page_queries_do_not_grow_with_the_tracks(gelar, login, django_assert_num_queries):
    client = login("verifikator")
    client.get(_tracks_url(gelar))
    with django_assert_num_queries(10):
        response = client.get(_tracks_url(gelar))
    assert len(response.context["forms"]) == 2
    rounds_services.track_add(event=gelar.event, by=gelar.world.users["verifikator"], name="KBK Inovasi")
    kreatif_groups(gelar, 2)
    with django_assert_num_queries(10):
        response = client.get(_tracks_url(gelar))
    assert len(response.context["forms"]) == 3
