"""The bureau changes a competition's rounds (add, remove, reorder) and tracks (add, rename,
remove) while its setup is open; a Gelar with a single round runs from registration to awards."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from core.models import AuditEvent, Unit
from events import manage_services, results_services, rounds_services, services
from events.models import (
    Certificate,
    CertificateKind,
    Criterion,
    Event,
    EventStatus,
    Participant,
    Result,
    Round,
    ScheduleSlot,
    Track,
)
from tests.events.factories import add_jury, kreatif_groups, register, score_sheet, verified_group
from tests.factories import GroupFactory, UnitFactory


def _rounds(event):
    return list(event.rounds.order_by("order").values_list("order", "name", "kind"))


def _rubric(round, track):
    return list(
        Criterion.objects.filter(round=round, track=track)
        .order_by("order")
        .values_list("code", "name", "max_points", "weight")
    )


def _steps(step):
    return list(
        AuditEvent.objects.filter(details__event_step=step).order_by("pk").values_list("target", "details")
    )


def _prestasi_groups(gelar, n):
    pemda = Unit.objects.get(pk=gelar.world.pemda.pk)
    return [
        register(gelar, verified_group(gelar.world, unit=UnitFactory(parent=pemda), name=f"KBK {n}{i}"))
        for i in range(n)
    ]


def _refusal(call, **kwargs):
    with pytest.raises(ValidationError) as error:
        call(**kwargs)
    return error.value


# --- adding a round ------------------------------------------------------------------------------


def test_a_presentation_round_added_between_gets_the_default_rubrics(gelar):
    by = gelar.world.users["verifikator"]
    (kreatif,) = kreatif_groups(gelar, 1)  # registered in the final, its first judged round
    semi = rounds_services.round_add(
        event=gelar.event, by=by, name="Semifinal", kind="presentation", position=2
    )
    assert _rounds(gelar.event) == [
        (1, "Penilaian desk risalah", "desk"),
        (2, "Semifinal", "presentation"),
        (3, "Presentasi final", "presentation"),
    ]
    assert _rubric(semi, gelar.prestasi) == [
        ("risalah", "Risalah", 50, D("50")),
        ("presentasi", "Presentasi", 25, D("25")),
        ("tanya_jawab", "Tanya jawab", 15, D("15")),
        ("dampak", "Dampak", 10, D("10")),
    ]
    assert [code for code, *_rest in _rubric(semi, gelar.kreatif)] == [
        "yel_yel",
        "atraksi",
        "kostum",
        "kekompakan",
    ]
    # KBK Kreatif is judged in the semifinal now: its group reaches the final from there.
    kreatif.refresh_from_db()
    assert kreatif.current_round == semi
    assert services.first_round_for(gelar.kreatif) == semi
    assert _steps("round_added") == [
        (f"{gelar.event.title}: Semifinal", {"event_step": "round_added", "position": 2})
    ]


def test_a_desk_round_added_first_judges_prestasi_only_and_takes_its_groups(gelar):
    by = gelar.world.users["verifikator"]
    (prestasi,) = _prestasi_groups(gelar, 1)
    (kreatif,) = kreatif_groups(gelar, 1)
    first = rounds_services.round_add(
        event=gelar.event, by=by, name="Seleksi berkas", kind="desk", position=1
    )
    assert [name for _order, name, _kind in _rounds(gelar.event)] == [
        "Seleksi berkas",
        "Penilaian desk risalah",
        "Presentasi final",
    ]
    assert _rubric(first, gelar.prestasi) == [("risalah", "Risalah", 100, D("100"))]
    assert _rubric(first, gelar.kreatif) == []  # KBK Kreatif skips a desk screening
    prestasi.refresh_from_db()
    kreatif.refresh_from_db()
    assert (prestasi.current_round, kreatif.current_round) == (first, gelar.final)


def test_a_round_added_at_the_end_by_default_and_a_new_track_starts_with_an_empty_rubric(gelar):
    by = gelar.world.users["verifikator"]
    inovasi = rounds_services.track_add(event=gelar.event, by=by, name="KBK Inovasi")
    added = rounds_services.round_add(event=gelar.event, by=by, name="Grand final", kind="presentation")
    assert added.order == 3
    assert _rubric(added, inovasi) == []


def test_a_round_cannot_go_before_a_round_with_scores(gelar):
    by = gelar.world.users["verifikator"]
    (participant,) = kreatif_groups(gelar, 1)
    jury = add_jury(gelar, UnitFactory(parent=Unit.objects.get(pk=gelar.world.pemda.pk)))
    services.assignments_add(round=gelar.final, juries=[jury], participants=[participant], by=by)
    score_sheet(gelar, jury, participant, gelar.final, {"yel_yel": 20})
    error = _refusal(
        rounds_services.round_add, event=gelar.event, by=by, name="Semifinal", kind="presentation", position=2
    )
    assert error.message_dict == {
        "position": ["Babak baru tidak dapat ditempatkan sebelum babak yang sudah memiliki nilai."]
    }
    assert (
        rounds_services.round_add(event=gelar.event, by=by, name="Grand final", kind="presentation").order
        == 3
    )


def test_a_round_needs_a_name_and_a_position_among_the_rounds(gelar):
    by = gelar.world.users["verifikator"]
    error = _refusal(
        rounds_services.round_add, event=gelar.event, by=by, name="X", kind="presentation", position=4
    )
    assert error.message_dict == {"position": ["Pilih posisi di antara babak yang ada."]}
    error = _refusal(rounds_services.round_add, event=gelar.event, by=by, name="  ", kind="presentation")
    assert list(error.message_dict) == ["name"]
    assert gelar.event.rounds.count() == 2


# --- removing a round ----------------------------------------------------------------------------


def test_removing_the_desk_round_puts_its_groups_in_the_final(gelar):
    by = gelar.world.users["verifikator"]
    participants = _prestasi_groups(gelar, 2)
    rounds_services.round_remove(round=gelar.desk, by=by)
    assert _rounds(gelar.event) == [(1, "Presentasi final", "presentation")]
    assert not Round.objects.filter(pk=gelar.desk.pk).exists()
    assert not Criterion.objects.filter(round_id=gelar.desk.pk).exists()
    assert {p.current_round_id for p in Participant.objects.filter(pk__in=[p.pk for p in participants])} == {
        gelar.final.pk
    }
    assert services.first_round_for(gelar.prestasi) == gelar.final
    assert _steps("round_removed") == [
        (f"{gelar.event.title}: Penilaian desk risalah", {"event_step": "round_removed"})
    ]


def test_a_round_with_scores_cannot_be_removed(gelar):
    by = gelar.world.users["verifikator"]
    (participant,) = _prestasi_groups(gelar, 1)
    jury = add_jury(gelar, UnitFactory(parent=Unit.objects.get(pk=gelar.world.pemda.pk)))
    services.assignments_add(round=gelar.desk, juries=[jury], participants=[participant], by=by)
    score_sheet(gelar, jury, participant, gelar.desk, {"risalah": 80})
    error = _refusal(rounds_services.round_remove, round=gelar.desk, by=by)
    assert (error.code, error.messages) == (
        "round_scored",
        ["Penilaian desk risalah sudah memiliki nilai dan tidak dapat dihapus."],
    )
    assert gelar.event.rounds.count() == 2
    assert _steps("round_removed") == []


def test_a_round_with_juries_assigned_cannot_be_removed(gelar):
    by = gelar.world.users["verifikator"]
    (participant,) = _prestasi_groups(gelar, 1)
    jury = add_jury(gelar, UnitFactory(parent=Unit.objects.get(pk=gelar.world.pemda.pk)))
    services.assignments_add(round=gelar.desk, juries=[jury], participants=[participant], by=by)
    error = _refusal(rounds_services.round_remove, round=gelar.desk, by=by)
    assert (error.code, error.messages) == (
        "round_assigned",
        [
            "Juri sudah ditugaskan pada Penilaian desk risalah: lepaskan penugasannya sebelum menghapus babak ini."
        ],
    )


def test_the_only_round_cannot_be_removed(gelar):
    by = gelar.world.users["verifikator"]
    rounds_services.round_remove(round=gelar.desk, by=by)
    error = _refusal(rounds_services.round_remove, round=gelar.final, by=by)
    assert (error.code, error.messages) == (
        "only_round",
        ["Presentasi final adalah satu-satunya babak: lomba memerlukan sekurang-kurangnya satu babak."],
    )


def test_a_round_whose_groups_are_judged_nowhere_else_stays(gelar):
    kreatif_groups(gelar, 1)  # KBK Kreatif is judged in the final only
    error = _refusal(rounds_services.round_remove, round=gelar.final, by=gelar.world.users["verifikator"])
    assert error.code == "track_has_no_other_round"
    assert "KBK Kreatif" in error.messages[0]
    assert gelar.event.rounds.count() == 2


def test_removing_the_final_takes_the_advanced_groups_back_to_the_desk_round(gelar):
    by = gelar.world.users["verifikator"]
    p, q = _prestasi_groups(gelar, 2)
    jury = add_jury(gelar, UnitFactory(parent=Unit.objects.get(pk=gelar.world.pemda.pk)))
    services.assignments_add(round=gelar.desk, juries=[jury], participants=[p, q], by=by)
    score_sheet(gelar, jury, p, gelar.desk, {"risalah": 80})
    score_sheet(gelar, jury, q, gelar.desk, {"risalah": 70})
    services.round_lock(round=gelar.desk, by=by)
    services.round_advance(round=gelar.desk, by=by, count=1)
    services.lottery_draw(event=gelar.event, by=by, seed=3)
    services.schedule_build(event=gelar.event, days=[gelar.event.starts_on], by=by)
    assert ScheduleSlot.objects.filter(round=gelar.final).count() == 1
    rounds_services.round_remove(round=gelar.final, by=by)
    assert {x.pk: x.current_round_id for x in Participant.objects.all()} == {
        p.pk: gelar.desk.pk,
        q.pk: gelar.desk.pk,
    }
    assert ScheduleSlot.objects.count() == 0  # the final's schedule went with it


# --- reordering ----------------------------------------------------------------------------------


def test_rounds_are_reordered_and_every_group_placed_in_its_first_judged_round(gelar):
    by = gelar.world.users["verifikator"]
    (prestasi,) = _prestasi_groups(gelar, 1)
    (kreatif,) = kreatif_groups(gelar, 1)
    rounds_services.rounds_reorder(event=gelar.event, by=by, rounds=[gelar.final, gelar.desk])
    assert _rounds(gelar.event) == [
        (1, "Presentasi final", "presentation"),
        (2, "Penilaian desk risalah", "desk"),
    ]
    prestasi.refresh_from_db()
    kreatif.refresh_from_db()
    assert (prestasi.current_round, kreatif.current_round) == (gelar.final, gelar.final)
    assert _steps("rounds_reordered") == [
        (
            gelar.event.title,
            {"event_step": "rounds_reordered", "order": "Presentasi final → Penilaian desk risalah"},
        )
    ]


def test_rounds_keep_their_order_once_a_round_has_scores(gelar):
    by = gelar.world.users["verifikator"]
    (participant,) = kreatif_groups(gelar, 1)
    jury = add_jury(gelar, UnitFactory(parent=Unit.objects.get(pk=gelar.world.pemda.pk)))
    services.assignments_add(round=gelar.final, juries=[jury], participants=[participant], by=by)
    score_sheet(gelar, jury, participant, gelar.final, {"yel_yel": 20})
    error = _refusal(
        rounds_services.rounds_reorder, event=gelar.event, by=by, rounds=[gelar.final, gelar.desk]
    )
    assert error.code == "rounds_scored"
    assert [r.pk for r in gelar.event.rounds.order_by("order")] == [gelar.desk.pk, gelar.final.pk]


def test_a_reorder_must_name_every_round_of_the_event(gelar):
    error = _refusal(
        rounds_services.rounds_reorder,
        event=gelar.event,
        by=gelar.world.users["verifikator"],
        rounds=[gelar.final],
    )
    assert error.code == "no_round"


# --- tracks --------------------------------------------------------------------------------------


def test_a_new_track_takes_groups_once_its_rubric_is_filled_in(gelar):
    by = gelar.world.users["verifikator"]
    track = rounds_services.track_add(
        event=gelar.event, by=by, name="  KBK Inovasi ", requires_verified_risalah=True
    )
    assert (track.code, track.name, track.order, track.requires_verified_risalah, track.tie_breaks) == (
        "kbk_inovasi",
        "KBK Inovasi",
        3,
        True,
        ["lottery"],
    )
    assert _steps("track_added") == [("KBK Inovasi", {"event_step": "track_added"})]
    group = verified_group(gelar.world, unit=gelar.world.unit_b, name="KBK Inovatif")
    assert _refusal(register, gelar=gelar, group=group, track=track).code == "no_rubric"
    manage_services.rubric_save(
        track=track,
        round=gelar.final,
        by=by,
        rows=[{"criterion": None, "name": "Kebaruan", "max_points": 100, "weight": 100, "order": 1}],
    )
    assert register(gelar, group, track).current_round == gelar.final
    # Like KBK Prestasi: a group without a verified risalah is refused.
    assert _refusal(register, gelar=gelar, group=GroupFactory(unit=gelar.world.unit_b), track=track).code == (
        "no_verified_risalah"
    )


def test_track_names_are_unique_within_the_event(gelar):
    error = _refusal(
        rounds_services.track_add, event=gelar.event, by=gelar.world.users["verifikator"], name="kbk kreatif"
    )
    assert error.message_dict == {"name": ["Kegiatan ini sudah memiliki kategori bernama kbk kreatif."]}


def test_tracks_are_renamed_and_their_rule_changed(gelar):
    by = gelar.world.users["verifikator"]
    saved = rounds_services.tracks_update(
        event=gelar.event,
        by=by,
        changes={
            gelar.prestasi: {"name": "KBK Prestasi", "requires_verified_risalah": True},
            gelar.kreatif: {"name": "KBK Kreatif & Inovatif", "requires_verified_risalah": True},
        },
    )
    assert saved == [gelar.kreatif]
    assert list(gelar.event.tracks.values_list("name", "requires_verified_risalah")) == [
        ("KBK Prestasi", True),
        ("KBK Kreatif & Inovatif", True),
    ]
    assert _steps("track_edited") == [
        (
            "KBK Kreatif & Inovatif",
            {"event_step": "track_edited", "fields": "name, requires_verified_risalah"},
        )
    ]


def test_a_track_cannot_start_requiring_a_risalah_its_groups_lack(gelar):
    kreatif_groups(gelar, 1)  # no risalah
    error = _refusal(
        rounds_services.tracks_update,
        event=gelar.event,
        by=gelar.world.users["verifikator"],
        changes={gelar.kreatif: {"name": "KBK Kreatif", "requires_verified_risalah": True}},
    )
    assert list(error.message_dict) == ["requires_verified_risalah"]
    gelar.kreatif.refresh_from_db()
    assert gelar.kreatif.requires_verified_risalah is False


def test_a_track_with_groups_cannot_be_removed_one_without_can(gelar):
    by = gelar.world.users["verifikator"]
    kreatif_groups(gelar, 1)
    error = _refusal(rounds_services.track_remove, track=gelar.kreatif, by=by)
    assert (error.code, error.messages) == (
        "track_has_participants",
        [
            "Sudah ada kelompok yang terdaftar di KBK Kreatif; tarik mundur kelompok itu sebelum menghapus kategori ini."
        ],
    )
    rounds_services.track_remove(track=gelar.prestasi, by=by)
    assert list(gelar.event.tracks.values_list("code", flat=True)) == ["kreatif"]
    assert not Criterion.objects.filter(track_id=gelar.prestasi.pk).exists()
    assert _steps("track_removed") == [("KBK Prestasi", {"event_step": "track_removed"})]


def test_the_only_track_cannot_be_removed(gelar):
    by = gelar.world.users["verifikator"]
    rounds_services.track_remove(track=gelar.prestasi, by=by)
    assert _refusal(rounds_services.track_remove, track=gelar.kreatif, by=by).code == "only_track"


# --- when the setup is closed --------------------------------------------------------------------


@pytest.mark.parametrize(
    "change",
    [
        lambda g, by: rounds_services.round_add(event=g.event, by=by, name="Semifinal", kind="presentation"),
        lambda g, by: rounds_services.round_remove(round=g.desk, by=by),
        lambda g, by: rounds_services.rounds_reorder(event=g.event, by=by, rounds=[g.final, g.desk]),
        lambda g, by: rounds_services.track_add(event=g.event, by=by, name="KBK Inovasi"),
        lambda g, by: rounds_services.tracks_update(
            event=g.event, by=by, changes={g.kreatif: {"name": "Kreatif", "requires_verified_risalah": False}}
        ),
        lambda g, by: rounds_services.track_remove(track=g.kreatif, by=by),
    ],
    ids=["round_add", "round_remove", "rounds_reorder", "track_add", "tracks_update", "track_remove"],
)
def test_nothing_changes_once_the_event_runs(gelar, change):
    Event.objects.filter(pk=gelar.event.pk).update(status=EventStatus.RUNNING)
    gelar.event.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        change(gelar, gelar.world.users["verifikator"])
    assert error.value.code == "setup_closed"
    assert _rounds(gelar.event) == [
        (1, "Penilaian desk risalah", "desk"),
        (2, "Presentasi final", "presentation"),
    ]
    assert list(Track.objects.filter(event=gelar.event).values_list("name", flat=True)) == [
        "KBK Prestasi",
        "KBK Kreatif",
    ]


# --- a Gelar with the final only -----------------------------------------------------------------


def test_a_gelar_with_only_the_final_runs_from_registration_to_awards_and_certificates(gelar):
    """The bureau removes the desk round; registration puts the Prestasi groups in the final,
    whose results carry the awards."""
    world, by = gelar.world, gelar.world.users["verifikator"]
    rounds_services.round_remove(round=gelar.desk, by=by)
    final = Round.objects.get(event=gelar.event)
    assert (services.last_round(gelar.event), results_services.last_round(gelar.event)) == (final, final)
    services.event_change_status(event=gelar.event, to=EventStatus.REGISTRATION_OPEN, by=by)
    p, q, r = _prestasi_groups(gelar, 3)
    assert {x.current_round for x in (p, q, r)} == {final}
    drawn = services.lottery_draw(event=gelar.event, by=by, seed=11)
    assert sorted(x.pk for x in drawn) == sorted(x.pk for x in (p, q, r))
    services.schedule_build(event=gelar.event, days=[gelar.event.starts_on], by=by)
    assert ScheduleSlot.objects.filter(round=final).count() == 3
    pemda = Unit.objects.get(pk=world.pemda.pk)
    juries = [add_jury(gelar, UnitFactory(parent=pemda)) for _n in range(2)]
    services.assignments_balance(round=final, by=by, per_group=2)
    services.event_change_status(event=gelar.event, to=EventStatus.RUNNING, by=by)
    sheets = {p: (45, 22, 13, 9), q: (40, 20, 12, 8), r: (35, 18, 10, 7)}  # totals 89, 80, 70
    for participant, points in sheets.items():
        for jury in juries:
            score_sheet(
                gelar,
                jury,
                participant,
                final,
                dict(zip(("risalah", "presentasi", "tanya_jawab", "dampak"), points, strict=True)),
            )
    with pytest.raises(ValidationError):
        services.round_advance(round=final, by=by, count=2)  # the only round is the last one
    services.round_lock(round=final, by=by)
    services.results_compute(round=final, by=by)
    assert list(
        Result.objects.filter(round=final)
        .order_by("rank")
        .values_list("participant__group__name", "rank", "total", "award_tier__name")
    ) == [
        (p.group.name, 1, D("89.0000"), "Juara I"),
        (q.group.name, 2, D("80.0000"), "Juara II"),
        (r.group.name, 3, D("70.0000"), "Juara III"),
    ]
    services.event_change_status(event=gelar.event, to=EventStatus.RESULTS_PUBLISHED, by=by)
    issued = results_services.certificates_issue_all(event=gelar.event, by=by)
    assert (issued.winners, issued.presenters) == (3, 3)
    assert Certificate.objects.get(participant=p, kind=CertificateKind.WINNER).award_tier.name == "Juara I"
    assert results_services.participant_send_onward(participant=p, by=by).sent_onward_at is not None
