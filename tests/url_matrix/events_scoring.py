"""Score pages. The score form and its save endpoint belong to the assigned jury member alone
(the jury persona, assigned to the group here; everyone else gets a 404, the bureau too); the
paper sheets, paper entry and the history are the bureau's (a 403 for those who see the event,
whose scope is the Pemda, a 404 for the jury persona, who does not), and the jury member prints
their own paper sheet."""

from tests.events.factories import make_gelar
from tests.events.scoring_world import make_room
from tests.url_matrix import Row, expect

JURY_ONLY = expect(404, jury=200)
BUREAU = expect(403, verifikator=200, admin=200, jury=404)


def _room(w):
    return make_room(make_gelar(w), groups=1, user=w.users["jury"])


def _seat(w):
    room = _room(w)
    return {
        "uuid": room.gelar.event.uuid,
        "participant": room.participant.uuid,
        "order": room.gelar.final.order,
    }


def _sheet(w):
    room = _room(w)
    return {"uuid": room.gelar.event.uuid, "jury": room.jury.uuid, "order": room.gelar.final.order}


def _paper(w):
    room = _room(w)
    return {
        "uuid": room.gelar.event.uuid,
        "jury": room.jury.uuid,
        "participant": room.participant.uuid,
        "order": room.gelar.final.order,
    }


def _event(w):
    return {"uuid": _room(w).gelar.event.uuid}


ROWS = [
    Row("events-score", JURY_ONLY, kwargs=_seat),
    # An empty sheet posted: the form comes back (200) asking for the points.
    Row("events-score", JURY_ONLY, kwargs=_seat, method="post"),
    # No criterion sent: refused as invalid (400), to the jury member only.
    Row("events-score-save", expect(404, jury=400), kwargs=_seat, method="post"),
    Row("events-score-sheet", expect(403, verifikator=200, admin=200, jury=200), kwargs=_sheet),
    Row("events-score-paper-list", BUREAU, kwargs=_event),
    Row("events-score-paper", BUREAU, kwargs=_paper),
    Row("events-score-paper", BUREAU, kwargs=_paper, method="post"),
    Row("events-score-history", BUREAU, kwargs=_event),
]
