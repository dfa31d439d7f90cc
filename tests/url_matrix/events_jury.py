"""Jury pages. A running Gelar of the Pemkab (so the outsider sees it: a 403 on the bureau's
pages) where the jury persona, a guest without unit or role, scores KBK Cerdas 2 (a group with a
verified risalah) in the desk round. The bureau's pages are the verifikator's and the admin's;
the jury persona does not see the event (404). The jury member's own group pages are the jury
persona's alone (a 404 for everyone else, the bureau too). The invitation link needs no login.

POST rows send data that makes the view succeed (302).
"""

from events import services
from tests.events.factories import make_gelar, register, verified_group
from tests.events.scoring_world import running
from tests.factories import UserFactory
from tests.url_matrix import PERSONAS, Row, expect

BUREAU = expect(403, verifikator=200, admin=200, jury=404)
BUREAU_WRITE = expect(403, verifikator=302, admin=302, jury=404)
JURY_ONLY = expect(404, jury=200)
EVERYONE = dict.fromkeys(PERSONAS, 200)
PASSWORD = "Gelar-Budaya-2026!"


def _world(w):
    """The Gelar, made once per world: (gelar, participant, jury, guest invitation token)."""
    if not hasattr(w, "_jury_world"):
        by = w.users["verifikator"]
        gelar = make_gelar(w, title="Gelar Juri 2026")
        participant = register(gelar, verified_group(w, unit=w.unit_b, name="KBK Cerdas 2"))
        jury = services.jury_add(event=gelar.event, user=w.users["jury"], by=by)
        services.assignments_add(round=gelar.desk, juries=[jury], participants=[participant], by=by)
        guest, token = services.jury_invite_guest(
            event=gelar.event, email="tamu@contoh.co.id", full_name="Tamu Undangan", by=by
        )
        running(gelar)
        w._jury_world = (gelar, participant, jury, guest, token)
    return w._jury_world


def _event(w):
    return {"event_uuid": _world(w)[0].event.uuid}


def _round(w):
    gelar = _world(w)[0]
    return {"event_uuid": gelar.event.uuid, "round_uuid": gelar.desk.uuid}


def _guest(w):
    gelar, _participant, _jury, guest, _token = _world(w)
    return {"event_uuid": gelar.event.uuid, "jury_uuid": guest.uuid}


def _group(w):
    gelar, participant, *_rest = _world(w)
    return {"event_uuid": gelar.event.uuid, "participant_uuid": participant.uuid}


def _token(w):
    return {"token": _world(w)[4]}


def _bad_token(w):
    _world(w)
    return {"token": "no-such-invitation"}


def _add_data(w):
    _world(w)
    return {"account": str(UserFactory(unit=w.unit_a, full_name="Staf Dinkes").uuid)}


def _assign_data(w):
    gelar, participant, jury, guest, _token = _world(w)
    return {"juries": [str(guest.uuid)], "participants": [str(participant.uuid)]}


def _remove_data(w):
    _gelar, participant, jury, *_rest = _world(w)
    return {"jury": str(jury.uuid), "participant": str(participant.uuid)}


ROWS = [
    # The bureau.
    Row("events-juries", BUREAU, kwargs=_event),
    Row("events-jury-add", BUREAU_WRITE, kwargs=_event, method="post", data=_add_data),
    Row(
        "events-jury-invite",
        BUREAU_WRITE,
        kwargs=_event,
        method="post",
        data=lambda w: {"full_name": "Dr. Tamu", "email": "dr.tamu@kampus.ac.id", "affiliation": "Kampus"},
    ),
    Row("events-jury-reinvite", BUREAU_WRITE, kwargs=_guest, method="post"),
    Row("events-jury-deactivate", BUREAU_WRITE, kwargs=_guest, method="post"),
    Row("events-jury-activate", BUREAU_WRITE, kwargs=_guest, method="post"),
    Row("events-assignments", BUREAU, kwargs=_round),
    Row("events-assignments-add", BUREAU_WRITE, kwargs=_round, method="post", data=_assign_data),
    Row(
        "events-assignments-balance",
        BUREAU_WRITE,
        kwargs=_round,
        method="post",
        data=lambda w: {"per_group": 2},
    ),
    Row("events-assignment-remove", BUREAU_WRITE, kwargs=_round, method="post", data=_remove_data),
    Row("events-progress", BUREAU, kwargs=_round),
    Row("events-progress", BUREAU, kwargs=_round, query="?format=csv"),
    Row("events-progress-remind", BUREAU_WRITE, kwargs=_round, method="post"),
    # The jury member.
    Row("events-my-scoring", expect(200)),
    Row("events-my-risalah", JURY_ONLY, kwargs=_group),
    Row("events-my-risalah-pdf", JURY_ONLY, kwargs=_group),
    Row("events-my-conflict", JURY_ONLY, kwargs=_group),
    Row(
        "events-my-conflict",
        expect(404, jury=302),
        kwargs=_group,
        method="post",
        data=lambda w: {"reason": "Saya pernah membina kelompok ini."},
    ),
    # The guest's link: the same for everyone, logged in or not.
    Row("events-jury-invitation", EVERYONE, kwargs=_token),
    Row("events-jury-invitation", dict.fromkeys(PERSONAS, 404), kwargs=_bad_token, query="?used"),
    Row(
        "events-jury-invitation",
        dict.fromkeys(PERSONAS, 302),
        kwargs=_token,
        method="post",
        data=lambda w: {"new_password1": PASSWORD, "new_password2": PASSWORD},
    ),
]
