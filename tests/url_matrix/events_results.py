"""Results pages: the bureau (the Pemda's verifikator, the admin) runs them; everyone else who sees
the event gets a 403. A group's feedback and certificates are for its own unit (operator and
pimpinan of unit A for KBK Sehati) and the bureau; the outsider gets a 404. The public results and
verification pages need no login; the results page is a 404 until the results are published."""

from events import results_services, services
from events.models import Certificate
from tests.events.factories import make_gelar, register
from tests.events.results_world import finished_gelar
from tests.url_matrix import PERSONAS, Row, expect

# The jury persona, on no jury and without a role, does not see the event at all (404).
BUREAU = expect(403, verifikator=200, admin=200, jury=404)
BUREAU_POST = expect(403, verifikator=302, admin=302, jury=404)
GROUP_OWN = expect(200, outsider=404)
PUBLIC = dict.fromkeys(PERSONAS, 200)
NOBODY = dict.fromkeys(PUBLIC, 404)


def _event(w):
    return {"event_uuid": make_gelar(w).event.uuid}


def _round(w):
    gelar = make_gelar(w)
    return {"event_uuid": gelar.event.uuid, "round_uuid": gelar.final.uuid}


def _locked_round(w):
    gelar = make_gelar(w)
    services.round_lock(round=gelar.final, by=w.users["verifikator"])
    return {"event_uuid": gelar.event.uuid, "round_uuid": gelar.final.uuid}


def _participant(w):
    gelar = make_gelar(w)
    return {
        "event_uuid": gelar.event.uuid,
        "participant_uuid": register(gelar, w.group_a, gelar.kreatif).uuid,
    }


def _feedback(w):
    finished = finished_gelar(w)
    return {"event_uuid": finished.gelar.event.uuid, "participant_uuid": finished.a.uuid}


def _certificate(w):
    finished = finished_gelar(w)
    results_services.certificates_issue_all(event=finished.gelar.event, by=w.users["verifikator"])
    certificate = Certificate.objects.filter(participant=finished.a).first()
    return {"event_uuid": finished.gelar.event.uuid, "certificate_uuid": certificate.uuid}


def _published(w):
    return {"event_uuid": finished_gelar(w).gelar.event.uuid}


ROWS = [
    Row("events-results", BUREAU, kwargs=_event),
    Row("events-round-lock", BUREAU_POST, kwargs=_round, method="post"),
    Row("events-round-unlock", BUREAU, kwargs=_locked_round),
    Row(
        "events-round-unlock",
        BUREAU_POST,
        kwargs=_locked_round,
        method="post",
        data=lambda w: {"reason": "Nilai salah ketik"},
    ),
    # Not locked: the page says so and goes back (still a redirect).
    Row("events-results-compute", BUREAU_POST, kwargs=_round, method="post"),
    Row("events-ranking", BUREAU, kwargs=_round),
    Row("events-ranking", BUREAU, kwargs=_round, query="?format=xlsx"),
    Row("events-results-publish", BUREAU, kwargs=_event),
    Row("events-results-publish", BUREAU, kwargs=_event, method="post", data=lambda w: {}),
    Row("events-send-onward", BUREAU_POST, kwargs=_participant, method="post"),
    Row("events-certificates-issue", BUREAU_POST, kwargs=_event, method="post"),
    # Winners sent on from a smaller scope (none in the test world: the page says so).
    Row("events-take-onward", BUREAU, kwargs=_event),
    Row("events-take-onward", BUREAU_POST, kwargs=_event, method="post"),
    Row("events-export-scores", BUREAU, kwargs=_event),
    Row("events-export-ranking", BUREAU, kwargs=_event),
    Row("events-export-scores", BUREAU, kwargs=_event, query="?format=csv"),
    Row("events-export-ranking", BUREAU, kwargs=_event, query="?format=csv"),
    Row("events-group-results", expect(200, jury=404), kwargs=_event),
    Row("events-feedback", GROUP_OWN, kwargs=_feedback),
    # Before publication: a 403 to those who will see it, still a 404 to the outsider.
    Row("events-feedback", expect(403, outsider=404), kwargs=_participant, query="?draft"),
    Row("events-certificate-pdf", GROUP_OWN, kwargs=_certificate),
    Row("events-results-public", PUBLIC, kwargs=_published),
    Row("events-results-public", NOBODY, kwargs=_event, query="?draft"),
    Row("events-certificate-verify", PUBLIC),
    Row("events-certificate-verify", PUBLIC, query="?code=ZZZZZZZZZZ"),
    Row("events-certificate-check", PUBLIC, kwargs=lambda w: {"code": "ZZZZZZZZZZ"}),
]
