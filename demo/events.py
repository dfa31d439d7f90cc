"""The demo's events: last year's Gelar, finished (results published, certificates issued), this
year's Gelar in progress (desk round decided, the final drawn and scheduled, scores partly in),
and a Bimtek on writing risalah with 60 participants from schools and Puskesmas and their
attendance (the seeds: "diikuti 60 peserta ... sekolah tingkat SMP dan perwakilan Puskesmas").

Everything goes through the events services, with the demo's seeded generator.
"""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.hashers import make_password

from core.models import Unit, UnitKind, User
from demo import data
from demo.seeding import Demo, DemoUnits
from events import services
from events.models import (
    BimtekParticipant,
    BimtekQuota,
    Certificate,
    CertificateKind,
    Event,
    EventKind,
    EventStatus,
    JuryAssignment,
    Participant,
    Result,
    Score,
)
from groups.models import Person, ProgrammeYear
from risalah.models import Risalah, Status

JURY_USERNAMES = ["juri.internal", "juri.praktisi1", "juri.praktisi2"]
BIMTEK_PEOPLE = 60
BIMTEK_ATTENDED = 54
GELAR_GROUPS = 12  # per year, in KBK Prestasi (verified risalah); a few more in KBK Kreatif
KREATIF_GROUPS = 4


def _juries(demo: Demo, units: DemoUnits) -> list[User]:
    password = make_password(None)  # the juries of the demo do not log in
    homes = [units.by_code[data.ORGANISASI_CODE], units.root, units.root]
    names = [
        "Dra. Retno Wulandari, M.Si",
        "Ir. Bambang Hartono (PT Semen Gresik)",
        "Dr. Lilis Suryani (Praktisi)",
    ]
    return [
        User.objects.create(username=username, full_name=name, unit=unit, password=password)
        for username, name, unit in zip(JURY_USERNAMES, names, homes, strict=True)
    ]


def _gelar(demo: Demo, year: ProgrammeYear, units: DemoUnits, by: User, juries: list[User]) -> Event:
    day = year.gelar_date or date(year.year, 9, 10)
    event = services.event_create(
        kind=EventKind.GELAR,
        title=f"Gelar Budaya Kerja {year.year}",
        programme_year=year,
        organiser=units.by_code[data.ORGANISASI_CODE],
        scope=units.root,
        starts_on=day,
        ends_on=day + timedelta(days=1),
        venue="Pendopo Kabupaten Sukamaju",
        by=by,
    )
    services.event_change_status(event=event, to=EventStatus.REGISTRATION_OPEN, by=by)
    verified = (
        Risalah.objects.filter(
            programme_year=year, status=Status.VERIFIED, group__unit__path__startswith=units.root.path
        )
        .select_related("group")
        .order_by("group__unit__path", "group__name")
    )
    chosen = demo.rng.sample(list(verified), min(GELAR_GROUPS, verified.count()))
    prestasi, kreatif = event.tracks.get(code="prestasi"), event.tracks.get(code="kreatif")
    for risalah in chosen:
        services.participant_register(event=event, group=risalah.group, track=prestasi, by=by)
    taken = {r.group_id for r in chosen}
    others = [r.group for r in verified if r.group_id not in taken][:KREATIF_GROUPS]
    for group in others:
        services.participant_register(event=event, group=group, track=kreatif, by=by)
    for user in juries:
        services.jury_add(event=event, user=user, by=by)
    services.event_change_status(event=event, to=EventStatus.RUNNING, by=by)
    return event


def _score(demo: Demo, event: Event, round, *, share: float = 1.0) -> None:
    """Every assigned jury scores ``share`` of their groups (each sheet whole), points drawn."""
    assignments = list(
        JuryAssignment.objects.filter(round=round)
        .select_related("jury__user", "participant__track")
        .order_by("jury__user__username", "participant__lottery_order", "participant__pk")
    )
    criteria = {}
    for assignment in assignments:
        if demo.rng.random() > share:
            continue
        track = assignment.participant.track
        if track.pk not in criteria:
            criteria[track.pk] = list(round.criteria.filter(track=track))
        for criterion in criteria[track.pk]:
            low = criterion.max_points // 2
            services.score_save(
                jury=assignment.jury,
                participant=assignment.participant,
                round=round,
                criterion=criterion,
                points=demo.rng.randint(low, criterion.max_points),
                idempotency_key=f"demo-{assignment.pk}-{criterion.pk}",
                by=assignment.jury.user,
            )


def _final_prepared(demo: Demo, event: Event, by: User):
    """Desk round scored, locked and decided; the final drawn, scheduled and assigned."""
    desk, final = event.rounds.order_by("order")
    services.assignments_balance(round=desk, by=by, per_group=3)
    _score(demo, event, desk)
    services.round_lock(round=desk, by=by)
    services.round_advance(round=desk, by=by, count=5)
    services.lottery_draw(event=event, by=by, seed=demo.rng.randrange(2**31))
    services.schedule_build(event=event, days=[event.starts_on, event.ends_on], by=by)
    services.assignments_balance(round=final, by=by, per_group=3)
    return final


def _finished_gelar(demo: Demo, year: ProgrammeYear, units: DemoUnits, by: User, juries: list[User]) -> Event:
    event = _gelar(demo, year, units, by, juries)
    final = _final_prepared(demo, event, by)
    _score(demo, event, final)
    services.round_lock(round=final, by=by)
    services.results_compute(round=final, by=by)
    services.event_change_status(event=event, to=EventStatus.RESULTS_PUBLISHED, by=by)
    winners = Result.objects.filter(round=final, award_tier__isnull=False).select_related("participant")
    for result in winners.order_by("track__order", "rank"):
        services.certificate_issue(
            event=event, kind=CertificateKind.WINNER, by=by, participant=result.participant
        )
    for participant in Participant.objects.filter(event=event, current_round=final).order_by("lottery_order"):
        services.certificate_issue(
            event=event, kind=CertificateKind.PRESENTER, by=by, participant=participant
        )
    return event


def _running_gelar(demo: Demo, year: ProgrammeYear, units: DemoUnits, by: User, juries: list[User]) -> Event:
    event = _gelar(demo, year, units, by, juries)
    final = _final_prepared(demo, event, by)
    _score(demo, event, final, share=0.5)
    return event


def _bimtek(demo: Demo, year: ProgrammeYear, units: DemoUnits, by: User) -> Event:
    day = date(year.year, 7, 18)
    if day >= demo.today:
        day = demo.today - timedelta(days=30)
    event = services.event_create(
        kind=EventKind.BIMTEK,
        title=f"Bimtek Penyusunan Risalah KBK {year.year}",
        programme_year=year,
        organiser=units.by_code[data.ORGANISASI_CODE],
        scope=units.root,
        starts_on=day,
        ends_on=day,
        venue="Ruang rapat lantai 3 Setda",
        description="Bimbingan teknis penyusunan risalah bagi sekolah tingkat SMP dan Puskesmas.",
        by=by,
    )
    services.event_change_status(event=event, to=EventStatus.REGISTRATION_OPEN, by=by)
    dinkes, disdik = units.by_code[data.DINKES_CODE], units.by_code[data.DISDIKBUD_CODE]
    BimtekQuota.objects.create(event=event, unit=dinkes, seats=30)
    BimtekQuota.objects.create(event=event, unit=disdik, seats=30)
    chosen = []
    for parent, kind in ((dinkes, UnitKind.PUSKESMAS), (disdik, UnitKind.SEKOLAH)):
        people = list(
            Person.objects.filter(unit__path__startswith=parent.path, unit__kind=kind)
            .select_related("unit")
            .order_by("nip")
        )
        chosen += demo.rng.sample(people, min(BIMTEK_PEOPLE // 2, len(people)))
    attendees = [
        services.bimtek_register(event=event, nip=p.nip, name=p.name, unit=p.unit, by=by, person=p)
        for p in chosen
    ]
    services.event_change_status(event=event, to=EventStatus.RUNNING, by=by)
    zone = ZoneInfo(settings.TIME_ZONE)
    opening = datetime.combine(day, time(7, 30), tzinfo=zone)
    present = demo.rng.sample(attendees, min(BIMTEK_ATTENDED, len(attendees)))
    for index, attendee in enumerate(sorted(present, key=lambda a: a.nip)):
        services.bimtek_check_in(attendee=attendee, by=by)
        # On the day, between half past seven and nine, not when the demo was loaded.
        BimtekParticipant.objects.filter(pk=attendee.pk).update(
            attended_at=opening + timedelta(minutes=index + 1)
        )
        attendee.refresh_from_db()
        services.certificate_issue(
            event=event, kind=CertificateKind.BIMTEK_ATTENDEE, by=by, attendee=attendee
        )
    return event


def seed_events(
    demo: Demo, units: DemoUnits, years: list[ProgrammeYear], accounts: list[User]
) -> list[Event]:
    by = next(user for user in accounts if user.username == "verifikator")
    previous_year, current_year = years
    juries = _juries(demo, units)
    return [
        _finished_gelar(demo, previous_year, units, by, juries),
        _running_gelar(demo, current_year, units, by, juries),
        _bimtek(demo, current_year, units, by),
    ]


def delete_events(root: Unit) -> None:
    """The demo's events and everything of theirs (certificates first: they protect the rest)."""
    events = Event.objects.filter(organiser__path__startswith=root.path)
    Certificate.objects.filter(event__in=events).delete()
    Score.objects.filter(round__event__in=events).delete()
    Result.objects.filter(round__event__in=events).delete()
    Participant.objects.filter(event__in=events).delete()
    BimtekParticipant.objects.filter(event__in=events).delete()
    events.delete()
    User.objects.filter(username__in=JURY_USERNAMES, unit__path__startswith=root.path).delete()
