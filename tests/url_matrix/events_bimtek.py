"""The Bimtek's pages. The Bimtek here is for Dinas Kesehatan's subtree (unit A), so the outsider
(unit B's operator) does not see it at all (404); unit A's operator and pimpinan see it and their
people, only the bureau (verifikator, admin) runs the quotas, the check-in and the certificates."""

from events import services
from events.models import CertificateKind
from tests.events.bimtek import make_bimtek, register
from tests.url_matrix import Row, expect


def _event(w):
    return {"uuid": make_bimtek(w, scope=w.unit_a).uuid}


def _attendee(w):
    event = make_bimtek(w, scope=w.unit_a)
    attendee = register(w, event, 0)
    return {"uuid": event.uuid, "attendee": attendee.uuid}


def _attendee_event(w):
    event = make_bimtek(w, scope=w.unit_a)
    register(w, event, 0)
    return {"uuid": event.uuid}


def _certified(w):
    event = make_bimtek(w, scope=w.unit_a)
    attendee = services.bimtek_check_in(attendee=register(w, event, 0), by=w.users["verifikator"])
    services.certificate_issue(
        event=event, kind=CertificateKind.BIMTEK_ATTENDEE, by=w.users["verifikator"], attendee=attendee
    )
    return {"uuid": event.uuid, "attendee": attendee.uuid}


SEEN = expect(200, outsider=404)
REGISTERS = expect(200, outsider=404, pimpinan_a=404)
BUREAU = expect(200, outsider=404, operator_a=403, pimpinan_a=403)

ROWS = [
    Row("bimtek-detail", SEEN, kwargs=_event),
    Row("bimtek-register", REGISTERS, kwargs=_event),
    Row(
        "bimtek-register",
        expect(200, outsider=404, pimpinan_a=404),
        kwargs=_event,
        method="post",
        data=lambda w: {"nip": "12"},
    ),
    Row("bimtek-register-roster", REGISTERS, kwargs=_event),
    Row("bimtek-quotas", BUREAU, kwargs=_event),
    Row("bimtek-check-in-list", BUREAU, kwargs=_event),
    Row("bimtek-check-in-list", BUREAU, kwargs=_attendee_event, query="?q=peserta&format=xlsx"),
    Row("bimtek-check-in-list", BUREAU, kwargs=_event, query="?format=csv"),
    Row(
        "bimtek-check-in",
        expect(302, outsider=404, operator_a=403, pimpinan_a=403),
        kwargs=_attendee,
        method="post",
    ),
    Row("bimtek-attendance-xlsx", SEEN, kwargs=_event),
    Row("bimtek-attendance-xlsx", SEEN, kwargs=_attendee_event, query="?format=csv"),
    Row(
        "bimtek-certificates-issue",
        expect(302, outsider=404, operator_a=403, pimpinan_a=403),
        kwargs=_event,
        method="post",
    ),
    Row("bimtek-certificate-pdf", SEEN, kwargs=_certified),
    Row("bimtek-certificate-pdf", expect(404), kwargs=_attendee, query="?not-attended"),
]
