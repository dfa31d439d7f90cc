"""The bureau's event pages: a Gelar of the Pemkab for Dinas Kesehatan's groups (scope unit A),
so the outsider (unit B) does not see it; operator_a and pimpinan_a see it but do not run it.

POST rows send data that makes the view succeed (302) or re-display its form (200).
"""

from datetime import date

from events import services
from events.models import EventKind, EventStatus
from tests.url_matrix import Row, expect

BUREAU = expect(403, verifikator=200, admin=200, outsider=404)
BUREAU_WRITE = expect(403, verifikator=302, admin=302, outsider=404)
CREATE = expect(404, verifikator=200, admin=200)


def _gelar(w):
    """The event of the row (made once per world)."""
    if not hasattr(w, "_gelar"):
        w._gelar = services.event_create(
            kind=EventKind.GELAR,
            title="Gelar Dinkes 2026",
            programme_year=w.year,
            organiser=w.pemda,
            scope=w.unit_a,
            starts_on=date(2026, 9, 10),
            ends_on=date(2026, 9, 10),
            by=w.users["verifikator"],
        )
    return w._gelar


def _event(w):
    return {"event_uuid": _gelar(w).uuid}


def _participant(w):
    event = _gelar(w)
    if not hasattr(w, "_participant"):
        w._participant = services.participant_register(
            event=event, group=w.group_a, track=event.tracks.get(code="kreatif"), by=w.users["verifikator"]
        )
    return w._participant


def _status(w):
    return {**_event(w), "to": EventStatus.REGISTRATION_OPEN}


def _rubric(w):
    event = _gelar(w)
    return {
        **_event(w),
        "track_uuid": event.tracks.get(code="kreatif").uuid,
        "round_uuid": event.rounds.last().uuid,
    }


def _round(w):
    return {**_event(w), "round_uuid": _gelar(w).rounds.first().uuid}


def _withdraw(w):
    return {**_event(w), "participant_uuid": _participant(w).uuid}


def _event_with_participant(w):
    """The event with a registered group (so that its export has a row)."""
    _participant(w)
    return _event(w)


def _drawn(w):
    _participant(w)
    services.lottery_draw(event=_gelar(w), by=w.users["verifikator"], seed=1)
    return _event(w)


def _published(w):
    event = _gelar(w)
    _participant(w)
    services.lottery_draw(event=event, by=w.users["verifikator"], seed=1)
    services.schedule_build(event=event, days=[event.starts_on], by=w.users["verifikator"])
    services.event_change_status(event=event, to=EventStatus.REGISTRATION_OPEN, by=w.users["verifikator"])
    services.event_change_status(event=event, to=EventStatus.RUNNING, by=w.users["verifikator"])
    return _event(w)


def _create_data(w):
    return {
        "kind": EventKind.GELAR,
        "title": "Gelar Budaya Kerja 2026",
        "programme_year": w.year.pk,
        "organiser": str(w.pemda.uuid),
        "scope": str(w.pemda.uuid),
        "starts_on": "2026-09-10",
        "ends_on": "2026-09-11",
        "slot_yel_yel_minutes": 5,
        "slot_presentation_minutes": 10,
        "slot_questions_minutes": 5,
        "slot_gap_minutes": 0,
        "day_starts_at": "08:00",
        "slots_per_day": 15,
        "break_every": 5,
        "break_minutes": 15,
    }


def _edit_data(w):
    data = _create_data(w)
    for name in ("kind", "programme_year", "organiser"):
        data.pop(name)
    return {**data, "scope": str(w.unit_a.uuid), "venue": "Pendopo"}


def _rounds_data(w):
    return {f"r{r.uuid.hex}-name": r.name for r in _gelar(w).rounds.all()}


def _desk(w):
    return {**_event(w), "round_uuid": _gelar(w).rounds.get(order=1).uuid}


def _track(w):
    return {**_event(w), "track_uuid": _gelar(w).tracks.get(code="prestasi").uuid}


def _round_add_data(w):
    return {"name": "Semifinal", "kind": "presentation", "position": 2}


def _tracks_data(w):
    data = {}
    for track in _gelar(w).tracks.all():
        data[f"t{track.uuid.hex}-name"] = track.name
        if track.requires_verified_risalah:
            data[f"t{track.uuid.hex}-requires_verified_risalah"] = "on"
    return data


def _register_data(w):
    return {"group": str(w.group_a.uuid), "track": str(_gelar(w).tracks.get(code="kreatif").uuid)}


ROWS = [
    Row("events-list", expect(200)),
    Row("events-list", expect(200), query="?format=xlsx"),
    Row("events-list", expect(200), query="?format=csv&kind=gelar&status=draft"),
    Row("events-create", CREATE),
    Row("events-create", expect(404, verifikator=302, admin=302), method="post", data=_create_data),
    Row("events-detail", expect(200, outsider=404), kwargs=_event),
    Row("events-edit", BUREAU, kwargs=_event),
    Row("events-edit", BUREAU_WRITE, kwargs=_event, method="post", data=_edit_data),
    Row("events-status", BUREAU, kwargs=_status),
    Row("events-status", BUREAU_WRITE, kwargs=_status, method="post"),
    Row("events-rounds", BUREAU, kwargs=_event),
    Row("events-rounds", BUREAU_WRITE, kwargs=_event, method="post", data=_rounds_data),
    Row("events-round-add", BUREAU_WRITE, kwargs=_event, method="post", data=_round_add_data),
    Row("events-round-remove", BUREAU, kwargs=_desk),
    Row("events-round-remove", BUREAU_WRITE, kwargs=_desk, method="post"),
    Row("events-round-move", BUREAU_WRITE, kwargs=_desk, method="post", data=lambda w: {"direction": "down"}),
    Row("events-tracks", BUREAU, kwargs=_event),
    Row("events-tracks", BUREAU_WRITE, kwargs=_event, method="post", data=_tracks_data),
    Row(
        "events-track-add", BUREAU_WRITE, kwargs=_event, method="post", data=lambda w: {"name": "KBK Inovasi"}
    ),
    Row("events-track-remove", BUREAU, kwargs=_track),
    Row("events-track-remove", BUREAU_WRITE, kwargs=_track, method="post"),
    Row("events-rubric", BUREAU, kwargs=_rubric),
    Row("events-advance", BUREAU, kwargs=_round),
    Row("events-participants", BUREAU, kwargs=_event),
    Row("events-participants", BUREAU, kwargs=_event_with_participant, query="?format=xlsx"),
    Row("events-participants", BUREAU, kwargs=_event, query="?format=csv"),
    Row(
        "events-register",
        expect(302, pimpinan_a=403, outsider=404),
        kwargs=_event,
        method="post",
        data=_register_data,
    ),
    Row("events-withdraw", BUREAU_WRITE, kwargs=_withdraw, method="post"),
    Row("events-lottery", BUREAU, kwargs=_event),
    Row("events-lottery", BUREAU_WRITE, kwargs=_event, method="post", data=lambda w: {"seed": 5}),
    Row("events-schedule-build", BUREAU, kwargs=_event),
    Row("events-schedule-build", BUREAU_WRITE, kwargs=_drawn, method="post", data=lambda w: {"days": 1}),
    Row("events-schedule", expect(404, operator_a=200, verifikator=200, admin=200), kwargs=_published),
    Row("events-schedule-notify", BUREAU_WRITE, kwargs=_published, method="post"),
]
