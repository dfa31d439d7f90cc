"""Every HTML page of the events app, each in a state where it shows what it can (rows in its
tables, a drawn order, a built schedule, published results, certificates, attendees), with the
persona who opens it. For the page checks (one <h1>, no inline script or style, tables that
scroll on their own, usable at 360 px): tests/events/test_event_pages.py and the browser test.
"""

from dataclasses import dataclass

from django.urls import reverse

from events import results_services, services
from events.models import Certificate, CertificateKind, EventStatus
from tests.conftest import World
from tests.events.bimtek import make_bimtek, register
from tests.events.factories import kreatif_groups, make_gelar, new_key
from tests.events.results_world import finished_gelar
from tests.events.scoring_world import make_room


@dataclass(frozen=True)
class EventPage:
    name: str  # the URL name, for the test ids
    url: str
    user: object  # who opens it (a User; None: no login)


def event_pages(world: World) -> list[EventPage]:
    """Builds the events (through the services) and returns their pages."""
    bureau = world.users["verifikator"]
    finished = finished_gelar(world)
    results_services.certificates_issue_all(event=finished.gelar.event, by=bureau)
    event = finished.gelar.event
    final = finished.gelar.final
    certificate = Certificate.objects.get(participant=finished.a, kind=CertificateKind.WINNER)

    # Computed, not yet published: the publish page shows the ranking to confirm.
    unpublished = finished_gelar(world, publish=False)

    # Registration open, the order drawn and the schedule built over the two days.
    planned = make_gelar(world, title="Gelar Budaya Kerja 2026 (jadwal)")
    services.event_change_status(event=planned.event, to=EventStatus.REGISTRATION_OPEN, by=bureau)
    kreatif_groups(planned, 3)
    services.lottery_draw(event=planned.event, by=bureau, seed=7)
    services.schedule_build(
        event=planned.event, days=[planned.event.starts_on, planned.event.ends_on], by=bureau
    )

    # Running, one jury member with two groups to score.
    room = make_room(make_gelar(world, title="Gelar Budaya Kerja 2026 (penilaian)"))
    order = room.gelar.final.order
    yel_yel = room.criteria()[0]
    for points in (20, 24):  # a score and its change: two lines of the history
        services.score_save(
            jury=room.jury,
            participant=room.participant,
            round=room.gelar.final,
            criterion=yel_yel,
            points=points,
            idempotency_key=new_key(),
            by=room.jury.user,
        )

    bimtek = make_bimtek(world)
    for index in range(3):
        attendee = register(world, bimtek, index)
        if index < 2:
            services.bimtek_check_in(attendee=attendee, by=bureau)
            services.certificate_issue(
                event=bimtek, kind=CertificateKind.BIMTEK_ATTENDEE, by=bureau, attendee=attendee
            )

    def page(name: str, persona: str = "verifikator", *args, query: str = "") -> EventPage:
        return EventPage(name, reverse(name, args=args) + query, world.users[persona])

    return [
        page("events-list"),
        page("events-create"),
        page("events-detail", "verifikator", event.uuid),
        page("events-detail", "verifikator", bimtek.uuid),
        page("events-detail", "operator_a", planned.event.uuid),
        page("events-edit", "verifikator", event.uuid),
        page("events-status", "verifikator", planned.event.uuid, EventStatus.RUNNING),
        page("events-rounds", "verifikator", planned.event.uuid),
        page("events-round-remove", "verifikator", planned.event.uuid, planned.desk.uuid),
        page("events-tracks", "verifikator", planned.event.uuid),
        page("events-track-remove", "verifikator", planned.event.uuid, planned.prestasi.uuid),
        page("events-rubric", "verifikator", planned.event.uuid, planned.kreatif.uuid, planned.final.uuid),
        page("events-advance", "verifikator", event.uuid, finished.gelar.desk.uuid),
        page("events-participants", "verifikator", planned.event.uuid),
        page("events-lottery", "verifikator", planned.event.uuid),
        page("events-schedule", "verifikator", planned.event.uuid),
        page("events-schedule-build", "verifikator", planned.event.uuid),
        page("events-results", "verifikator", event.uuid),
        page(
            "events-round-unlock", "verifikator", unpublished.gelar.event.uuid, unpublished.gelar.final.uuid
        ),
        page("events-ranking", "verifikator", event.uuid, final.uuid),
        page("events-results-publish", "verifikator", unpublished.gelar.event.uuid),
        page("events-group-results", "operator_a", event.uuid),
        page("events-feedback", "operator_a", event.uuid, finished.a.uuid),
        page("events-results-public", "anonymous", event.uuid),
        page("events-certificate-verify", "anonymous", query=f"?code={certificate.verification_code}"),
        page("events-certificate-check", "anonymous", certificate.verification_code),
        page("events-score-paper-list", "verifikator", room.gelar.event.uuid),
        page(
            "events-score-paper",
            "verifikator",
            room.gelar.event.uuid,
            room.jury.uuid,
            room.participant.uuid,
            order,
        ),
        page("events-score-history", "verifikator", room.gelar.event.uuid),
        EventPage("events-score", room.url(), room.jury.user),
        page("bimtek-detail", "verifikator", bimtek.uuid),
        page("bimtek-register", "operator_a", bimtek.uuid),
        page("bimtek-register-roster", "operator_a", bimtek.uuid, query=f"?group={world.group_a.uuid}"),
        page("bimtek-quotas", "verifikator", bimtek.uuid),
        page("bimtek-check-in-list", "verifikator", bimtek.uuid),
    ]
