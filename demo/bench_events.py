"""The bench kabupaten's events of the recent years: a Gelar Budaya Kerja each year (finished in
the past years: results published and certificates issued; this year's scored halfway through
the final) and a Bimtek on writing risalah with its attendance and certificates.

The events are few rows, so they go through the events services (rubrics, conflicts of
interest, assignments, ranking and awards are theirs); only the juries' scores are bulk
inserted (with their ScoreChange rows, as ``score_save`` writes them). The audit rows and the
time stamps the services write at "now" are moved to the event's days afterwards.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.contrib.auth.hashers import make_password

from core.models import AuditAction, AuditEvent, UnitKind, User
from demo import data
from demo.bench_accounts import Accounts
from demo.bench_bulk import Bench, insert, insert_plain
from demo.bench_units import BenchUnits
from events import services
from events.attendance import CODE_ALPHABET, KIND_CODES
from events.models import (
    BimtekParticipant,
    BimtekQuota,
    Certificate,
    CertificateKind,
    Event,
    EventKind,
    EventStatus,
    Jury,
    JuryAssignment,
    JuryKind,
    Participant,
    Result,
    Round,
    Score,
    ScoreChange,
)
from groups.models import Person, ProgrammeYear
from risalah.models import Risalah, Status

RECENT_YEARS = 3
GUESTS = [
    ("juri.praktisi1", "Ir. Bambang Hartono (PT Semen Wanasari)", "PT Semen Wanasari"),
    ("juri.praktisi2", "Dr. Lilis Suryani (Praktisi)", "Universitas Wanasari"),
    ("juri.praktisi3", "Drs. Asep Gunawan, M.M. (Praktisi)", "Asosiasi Mutu Jawa Barat"),
]
BIMTEK_PEOPLE = 200
BIMTEK_ATTENDANCE = 0.9


def seed_events(
    bench: Bench, units: BenchUnits, years: list[ProgrammeYear], accounts: Accounts, groups: int
) -> list[Event]:
    by = accounts.by_username["verifikator"]
    password = make_password(None)  # the guests of the bench do not log in
    guests = [
        User(uuid=bench.uuid(), username=username, full_name=name, unit=units.root, password=password)
        for username, name, _affiliation in GUESTS
    ]
    insert(User, guests)
    internal = [
        accounts.by_username[name]
        for name in ("verifikator.2", "verifikator.3")
        if name in accounts.by_username
    ]
    events = []
    for year in years[-RECENT_YEARS:]:
        finished = not year.is_current
        events.append(_gelar(bench, units, year, by, internal, guests, groups, finished=finished))
        events.append(_bimtek(bench, units, year, by))
    return events


def _moments(bench: Bench, start: date, end: date, count: int) -> list[datetime]:
    """``count`` moments in office hours from ``start`` to ``end``, in order."""
    days = max((end - start).days, 0)
    spread = sorted(bench.rng.randint(0, days * 8 * 60) for _i in range(count))
    return [
        bench.moment(start + timedelta(days=m // (8 * 60)), 8 + (m % (8 * 60)) // 60, m % 60) for m in spread
    ]


def _backdate_audit(bench: Bench, mark: int, start: date, end: date) -> None:
    rows = list(AuditEvent.objects.filter(pk__gt=mark).order_by("pk").only("pk"))
    for row, moment in zip(rows, _moments(bench, start, end, len(rows)), strict=True):
        row.at = moment
    AuditEvent.objects.bulk_update(rows, ["at"], batch_size=1000)


def _last_audit() -> int:
    last = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
    return last or 0


def _gelar(bench, units, year, by, internal, guests, groups, *, finished: bool) -> Event:
    rng = bench.rng
    mark = _last_audit()
    day = year.gelar_date
    event = services.event_create(
        kind=EventKind.GELAR,
        title=f"Gelar Budaya Kerja {year.year}",
        programme_year=year,
        organiser=units.by_code[data.ORGANISASI_CODE],
        scope=units.root,
        starts_on=day,
        ends_on=day + timedelta(days=1),
        venue="Pendopo Kabupaten Wanasari",
        by=by,
    )
    services.event_change_status(event=event, to=EventStatus.REGISTRATION_OPEN, by=by)
    verified = list(
        Risalah.objects.filter(programme_year=year, status=Status.VERIFIED, group__is_active=True)
        .select_related("group__unit")
        .order_by("group__unit__path", "group__name")
    )
    prestasi_count = min(len(verified), max(3, groups // 50))
    chosen = rng.sample(verified, prestasi_count)
    taken = {r.group_id for r in chosen}
    others = [r for r in verified if r.group_id not in taken]
    kreatif = rng.sample(others, min(len(others), max(2, groups // 200)))
    prestasi_track, kreatif_track = event.tracks.get(code="prestasi"), event.tracks.get(code="kreatif")
    for risalah in chosen:
        services.participant_register(event=event, group=risalah.group, track=prestasi_track, by=by)
    for risalah in kreatif:
        services.participant_register(event=event, group=risalah.group, track=kreatif_track, by=by)
    for user in internal:
        services.jury_add(event=event, user=user, by=by)
    for user, (_username, _name, affiliation) in zip(guests, GUESTS, strict=True):
        services.jury_add(event=event, user=user, by=by, kind=JuryKind.EXTERNAL, affiliation=affiliation)
    services.event_change_status(event=event, to=EventStatus.RUNNING, by=by)

    desk, final = event.rounds.order_by("order")
    services.assignments_balance(round=desk, by=by, per_group=3)
    _score(bench, desk, day - timedelta(days=20), day - timedelta(days=10))
    services.round_lock(round=desk, by=by)
    services.round_advance(round=desk, by=by, count=min(15, max(2, prestasi_count // 4)))
    services.lottery_draw(event=event, by=by, seed=rng.randrange(2**31))
    services.schedule_build(event=event, days=[event.starts_on, event.ends_on], by=by)
    services.assignments_balance(round=final, by=by, per_group=len(internal) + len(guests))
    if finished:
        _score(bench, final, day, day + timedelta(days=1))
        services.round_lock(round=final, by=by)
        services.results_compute(round=final, by=by)
        services.event_change_status(event=event, to=EventStatus.RESULTS_PUBLISHED, by=by)
        winners = Result.objects.filter(round=final, award_tier__isnull=False).select_related("participant")
        for result in winners.order_by("track__order", "rank"):
            services.certificate_issue(
                event=event, kind=CertificateKind.WINNER, by=by, participant=result.participant
            )
        for participant in Participant.objects.filter(event=event, current_round=final).order_by(
            "lottery_order"
        ):
            services.certificate_issue(
                event=event, kind=CertificateKind.PRESENTER, by=by, participant=participant
            )
    else:
        _score(bench, final, day, day, share=0.5)
    _backdate_gelar(bench, event, day, finished=finished)
    _backdate_audit(bench, mark, day - timedelta(days=40), day + timedelta(days=2 if finished else 0))
    return event


def _score(bench: Bench, round: Round, start: date, end: date, *, share: float = 1.0) -> None:
    """Every assigned jury scores ``share`` of their groups (each sheet whole), points drawn."""
    rng = bench.rng
    assignments = list(
        JuryAssignment.objects.filter(round=round)
        .select_related("jury", "participant__track")
        .order_by("jury__pk", "participant__lottery_order", "participant__pk")
    )
    criteria = {}
    scores = []
    for assignment in assignments:
        if rng.random() > share:
            continue
        track_id = assignment.participant.track_id
        if track_id not in criteria:
            criteria[track_id] = list(round.criteria.filter(track_id=track_id).order_by("order"))
        for criterion in criteria[track_id]:
            scores.append(
                (assignment, criterion, rng.randint(criterion.max_points // 2, criterion.max_points))
            )
    moments = _moments(bench, start, end, len(scores))
    rows = [
        Score(
            jury=assignment.jury,
            participant=assignment.participant,
            round=round,
            criterion=criterion,
            points=points,
            idempotency_key=f"bench-{assignment.pk}-{criterion.pk}",
            created_at=moment,
            updated_at=moment,
        )
        for (assignment, criterion, points), moment in zip(scores, moments, strict=True)
    ]
    insert(Score, rows)
    insert_plain(
        ScoreChange,
        (
            ScoreChange(
                score=score,
                idempotency_key=score.idempotency_key,
                old_points=None,
                new_points=score.points,
                by_id=score.jury.user_id,
                at=score.created_at,
            )
            for score in rows
        ),
    )


def _on(bench: Bench, day: date, hour: int) -> datetime:
    return bench.moment(day, hour)


def _backdate_gelar(bench: Bench, event: Event, day: date, *, finished: bool) -> None:
    """The rows the services stamped with "now", on the days they would have been written."""
    opened = _on(bench, day - timedelta(days=40), 9)
    Event.objects.filter(pk=event.pk).update(
        created_at=opened,
        updated_at=_on(bench, day + timedelta(days=1 if finished else 0), 16),
        lottery_drawn_at=_on(bench, day - timedelta(days=7), 10),
    )
    Participant.objects.filter(event=event).update(registered_at=_on(bench, day - timedelta(days=30), 10))
    Jury.objects.filter(event=event).update(added_at=_on(bench, day - timedelta(days=28), 10))
    JuryAssignment.objects.filter(round__event=event).update(
        assigned_at=_on(bench, day - timedelta(days=25), 10)
    )
    desk, final = event.rounds.order_by("order")
    Round.objects.filter(pk=desk.pk).update(locked_at=_on(bench, day - timedelta(days=9), 15))
    if finished:
        Round.objects.filter(pk=final.pk).update(locked_at=_on(bench, day + timedelta(days=1), 15))
        Result.objects.filter(round=final).update(computed_at=_on(bench, day + timedelta(days=1), 16))
        Certificate.objects.filter(event=event).update(issued_at=_on(bench, day + timedelta(days=1), 17))
    Result.objects.filter(round=desk).update(computed_at=_on(bench, day - timedelta(days=9), 16))


def _bimtek(bench: Bench, units: BenchUnits, year: ProgrammeYear, by: User) -> Event:
    """A Bimtek of the year: 200 people of Puskesmas and schools registered within their OPD's
    quota, nine in ten checked in on the day, each of those with a certificate. The registrations,
    check-ins and certificates are bulk inserted with the audit rows the services write."""
    rng = bench.rng
    mark = _last_audit()
    day = min(date(year.year, 7, 18), bench.today - timedelta(days=30))
    event = services.event_create(
        kind=EventKind.BIMTEK,
        title=f"Bimtek Penyusunan Risalah KBK {year.year}",
        programme_year=year,
        organiser=units.by_code[data.ORGANISASI_CODE],
        scope=units.root,
        starts_on=day,
        ends_on=day,
        venue="Aula Setda Kabupaten Wanasari",
        description="Bimbingan teknis penyusunan risalah bagi sekolah dan Puskesmas.",
        by=by,
    )
    services.event_change_status(event=event, to=EventStatus.REGISTRATION_OPEN, by=by)
    _backdate_audit(bench, mark, day - timedelta(days=21), day - timedelta(days=21))
    dinkes, disdik = units.by_code[data.DINKES_CODE], units.by_code[data.DISDIKBUD_CODE]
    insert(
        BimtekQuota,
        [
            BimtekQuota(event=event, unit=dinkes, seats=BIMTEK_PEOPLE // 2),
            BimtekQuota(event=event, unit=disdik, seats=BIMTEK_PEOPLE // 2),
        ],
    )
    chosen = []
    for parent, kind in ((dinkes, UnitKind.PUSKESMAS), (disdik, UnitKind.SEKOLAH)):
        people = list(
            Person.objects.filter(unit__path__startswith=parent.path, unit__kind=kind, user__isnull=True)
            .select_related("unit")
            .order_by("nip")
        )
        chosen += rng.sample(people, min(BIMTEK_PEOPLE // 2, len(people)))
    registered = _moments(bench, day - timedelta(days=20), day - timedelta(days=2), len(chosen))
    attendees = [
        BimtekParticipant(
            uuid=bench.uuid(),
            event=event,
            person=p,
            nip=p.nip,
            name=p.name,
            unit=p.unit,
            registered_by=by,
            registered_at=at,
        )
        for p, at in zip(chosen, registered, strict=True)
    ]
    opening = bench.moment(day, 7, 30)
    present = sorted(rng.sample(attendees, round(len(attendees) * BIMTEK_ATTENDANCE)), key=lambda a: a.nip)
    for index, attendee in enumerate(present):
        attendee.attended, attendee.attended_at = True, opening + timedelta(seconds=30 * index)
    insert(BimtekParticipant, attendees)
    mark = _last_audit()
    services.event_change_status(event=event, to=EventStatus.RUNNING, by=by)
    _backdate_audit(bench, mark, day - timedelta(days=1), day - timedelta(days=1))
    issued = bench.moment(day, 15)
    certificates = [
        Certificate(
            uuid=bench.uuid(),
            event=event,
            kind=CertificateKind.BIMTEK_ATTENDEE,
            number=f"{sequence:03d}/{KIND_CODES[CertificateKind.BIMTEK_ATTENDEE]}/{year.year}/{event.pk}",
            verification_code="".join(rng.choice(CODE_ALPHABET) for _index in range(10)),
            attendee=attendee,
            recipient_name=attendee.name,
            issued_by=by,
            issued_at=issued,
        )
        for sequence, attendee in enumerate(present, start=1)
    ]
    insert(Certificate, certificates)
    audit = [_event_row(event, by, "registered", attendee, attendee.registered_at) for attendee in attendees]
    audit += [_event_row(event, by, "checked_in", attendee, attendee.attended_at) for attendee in present]
    audit += [_event_row(event, by, "certificate", c.number, c.issued_at) for c in certificates]
    insert_plain(AuditEvent, audit)
    Event.objects.filter(pk=event.pk).update(
        created_at=_on(bench, day - timedelta(days=21), 9), updated_at=bench.moment(day, 7, 0)
    )
    return event


def _event_row(event: Event, by: User, step: str, target, at) -> AuditEvent:
    """The audit row ``events.history.record`` writes."""
    return AuditEvent(
        at=at,
        actor=by,
        actor_name=by.username,
        action=AuditAction.EVENT,
        target=str(target)[:300],
        unit=event.organiser,
        details={"event_step": step},
    )
