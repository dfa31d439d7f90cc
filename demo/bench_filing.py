"""The bench kabupaten's risalah over the years: written, evidenced, filed and reviewed.

Per programme year, most groups with a complete record write a risalah on one of the demo's
projects (``demo.projects_office``, ``demo.projects_local``): the title, the seven steps with
their tools' data (the charts' data included), the meetings with attendance and notulen, the
schedule. Past years are mostly verified; this year is in every state of the review (drafts at
every stage, submitted, under review, returned with notes, returned and submitted again,
verified, rejected), some submitted after the deadline.

Rows are bulk inserted, year by year, but what a service writes comes with them, consistent with
the status (``demo.bench_records``): one Transition per status change (a chain from draft to the
risalah's status) with its audit row, a RisalahSnapshot for every submission and verification
(counts and members as the dashboard reads them), the review notes of a return, and the
django-simple-history rows the risalah's history page reads. A return keeps the content as the
verifikator saw it (``risalah.diff``).
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.utils import translation

from core.models import UnitKind
from demo import data
from demo.bench_accounts import Accounts
from demo.bench_bulk import Bench, insert, insert_plain
from demo.bench_groups import BenchGroups, Record
from demo.bench_records import (
    Filing,
    StoredEvidence,
    Work,
    write_attachments,
    write_audit,
    write_history,
    write_returns,
    write_review_notes,
    write_snapshots,
)
from demo.bench_units import BenchUnits
from demo.example_evidence import SCHEDULE
from demo.project_evidence import MEETINGS, NOTULEN, project_start
from demo.projects import Project, conclusion, narratives, tool_data
from demo.projects_local import LETTERS, SCHOOL
from demo.projects_office import COMPLAINTS, DISPOSISI, SPJ
from demo.review_notes import PENDING_NOTE, REJECT_NOTES, RETURN_NOTE, STEP_NOTES, VERIFY_NOTES
from groups.models import ROSTER_ROLE_ORDER, ProgrammeYear, RosterRole
from risalah.models import (
    Evidence,
    Meeting,
    MethodStep,
    Risalah,
    RisalahStep,
    Status,
    Transition,
)
from risalah.titles import compose_title
from risalah.tools import normalise
from risalah.year_rules import year_rules

VERIFIED, SUBMITTED, IN_REVIEW, RETURNED = "verified", "submitted", "in_review", "returned"
RESUBMITTED, REJECTED, DRAFT = "resubmitted", "rejected", "draft"
FINAL_STATUS = {
    VERIFIED: Status.VERIFIED,
    SUBMITTED: Status.SUBMITTED,
    IN_REVIEW: Status.IN_REVIEW,
    RETURNED: Status.RETURNED,
    RESUBMITTED: Status.SUBMITTED,
    REJECTED: Status.REJECTED,
    DRAFT: Status.DRAFT,
}
# What becomes of the risalah of a group with a complete record: (outcome, weight).
PAST_MIX = {VERIFIED: 84, REJECTED: 3, RETURNED: 3, DRAFT: 6, SUBMITTED: 2, IN_REVIEW: 2}
CURRENT_MIX = {VERIFIED: 46, SUBMITTED: 12, IN_REVIEW: 8, RETURNED: 8, RESUBMITTED: 5, REJECTED: 4, DRAFT: 17}
NO_RISALAH = {True: 0.08, False: 0.07}  # (current year?) share of complete records without a risalah
INCOMPLETE_DRAFT = {True: 0.3, False: 0.1}  # records not complete that start a draft anyway
LATE = 0.18
ABSENT = 0.06  # chance a member misses a meeting, besides the usual absences
EVIDENCE_YEARS = 2  # the filed risalah of the last years have photos; this year's a daftar hadir per meeting

PROJECTS = {
    data.HEALTH_PRIMARY: [COMPLAINTS, DISPOSISI, SPJ],
    data.HEALTH_HOSPITAL: [COMPLAINTS, SPJ],
    data.HEALTH_OFFICE: [DISPOSISI, SPJ, COMPLAINTS],
    data.SCHOOL: [SCHOOL, SPJ],
    data.TERRITORIAL: [LETTERS, COMPLAINTS],
    data.GENERAL: [SPJ, DISPOSISI, COMPLAINTS],
}


class _Texts:
    """The normalised tool data and narratives of a project in a year (the same for every group
    but for the names in the 5W+1H plan), computed once."""

    def __init__(self, steps: list[MethodStep]):
        self.steps = steps
        self.cache: dict[tuple[str, int], tuple[dict[int, dict], dict[int, str], str]] = {}

    def of(self, project: Project, year: int):
        key = (project.key, year)
        if key not in self.cache:
            raw = tool_data(project, year=year, roster=[])
            texts = narratives(project)
            data_by_step = {
                step.number: {tool: normalise(tool, raw.get(tool)) for tool in step.tools}
                for step in self.steps
            }
            narrative_by_step = {
                step.number: "\n\n".join(texts[tool] for tool in step.tools if tool in texts)
                for step in self.steps
            }
            self.cache[key] = (data_by_step, narrative_by_step, conclusion(project))
        return self.cache[key]


def seed_filing(
    bench: Bench,
    units: BenchUnits,
    years: list[ProgrammeYear],
    groups: BenchGroups,
    accounts: Accounts,
    evidence: dict[str, StoredEvidence],
) -> Counter:
    counts: Counter = Counter()
    turn: Counter = Counter()
    recent = {year.pk for year in years[-EVIDENCE_YEARS:]}
    for year in years:
        _file_year(
            bench,
            units,
            year,
            groups.records[year.pk],
            accounts,
            counts,
            turn,
            evidence if year.pk in recent else None,
        )
    return counts


def _choose(bench: Bench, weights: dict[str, int]) -> str:
    return bench.rng.choices(list(weights), weights=list(weights.values()))[0]


def _plan(bench: Bench, year: ProgrammeYear, records: list[Record]) -> list[tuple[Record, Filing]]:
    rng = bench.rng
    current = year.is_current
    plan = []
    for record in records:
        if not record.complete:
            if rng.random() < INCOMPLETE_DRAFT[current]:
                plan.append((record, Filing(DRAFT, stage=rng.randint(0, 6))))
            continue
        if rng.random() < NO_RISALAH[current]:
            continue
        outcome = _choose(bench, CURRENT_MIX if current else PAST_MIX)
        if outcome == DRAFT:
            plan.append((record, Filing(DRAFT, stage=rng.randint(0, 6))))
        else:
            plan.append((record, Filing(outcome, late=rng.random() < LATE)))
    return plan


def _project(units: BenchUnits, record: Record, turn: Counter) -> Project:
    unit = record.group.unit
    unit_field = units.field_of.get(unit.code, data.GENERAL)
    if unit.kind == UnitKind.PUSKESMAS:
        unit_field = data.HEALTH_PRIMARY
    choices = PROJECTS[unit_field]
    turn[unit_field] += 1
    return choices[turn[unit_field] % len(choices)]


def _file_year(
    bench, units, year, records, accounts: Accounts, counts: Counter, turn: Counter, evidence
) -> None:
    rng = bench.rng
    rules = year_rules(year)
    steps = list(rules.method.steps.order_by("number"))
    texts = _Texts(steps)
    deadline = year.risalah_deadline
    works: list[Work] = []
    for record, filing in _plan(bench, year, records):
        project = _project(units, record, turn)
        writer = accounts.writer(record.group.unit)
        reviewer = rng.choice(accounts.verifikators)
        work = _write(
            bench, year, record, filing, project, writer, reviewer, rules, steps, texts, evidence is not None
        )
        works.append(work)

    insert(Risalah, [w.risalah for w in works])
    for work in works:
        for step in work.steps:
            step.risalah = work.risalah
    insert(RisalahStep, [step for w in works for step in w.steps])
    for work in works:
        for meeting, _present in work.meetings:
            meeting.risalah = work.risalah
    insert(Meeting, [meeting for w in works for meeting, _present in w.meetings])
    counts["attendances"] += insert_plain(
        Meeting.attendees.through,
        (
            Meeting.attendees.through(meeting_id=meeting.pk, person_id=person.pk)
            for w in works
            for meeting, present in w.meetings
            for person in present
        ),
    )
    if evidence is not None:
        counts["attachments"] += write_attachments(bench, works, evidence)
    for work in works:
        work.transitions = [
            Transition(
                risalah=work.risalah,
                from_status=old,
                to_status=new,
                by=by,
                at=at,
                note=note,
                late=new == Status.SUBMITTED and at.astimezone(bench.zone).date() > deadline,
            )
            for old, new, at, by, note in work.changes
        ]
    insert(Transition, [t for w in works for t in w.transitions])
    write_returns(works)
    write_snapshots(works, counts)
    write_review_notes(bench, works, counts)
    write_audit(works, counts)
    write_history(works, counts)
    counts["risalah"] += len(works)
    counts["steps"] += sum(len(w.steps) for w in works)
    counts["meetings"] += sum(len(w.meetings) for w in works)
    counts["transitions"] += sum(len(w.transitions) for w in works)


def _write(
    bench, year, record, filing, project, writer, reviewer, rules, steps, texts, with_evidence
) -> Work:
    rng = bench.rng
    group = record.group
    deadline = year.risalah_deadline

    def at(offset_days: int, hour: int | None = None):
        hour = rng.randint(8, 15) if hour is None else hour
        return bench.moment(deadline + timedelta(days=offset_days), hour, rng.choice((0, 10, 25, 40, 55)))

    is_draft = filing.outcome == DRAFT
    stage = filing.stage if is_draft else None
    created_day = rng.randint(-140, -60) if is_draft else rng.randint(-150, -125)
    written_day = created_day + rng.randint(10, 60) if is_draft else rng.randint(-70, -40)
    created = at(created_day)
    risalah = Risalah(
        uuid=bench.uuid(),
        group=group,
        programme_year=year,
        method=rules.method,
        status=FINAL_STATUS[filing.outcome],
        theme=project.theme,
        created_by=writer,
        created_at=created,
        updated_at=created,
    )
    work = Work(record, filing, project, writer, reviewer, risalah)
    data_by_step, narrative_by_step, closing = texts.of(project, year.year)
    if stage != 0:
        risalah.direction = project.direction
        risalah.metric = project.metric
        risalah.baseline_value = Decimal(project.baseline)
        risalah.target_value = Decimal(project.target)
        risalah.unit_of_measure = project.unit
        risalah.place = group.unit.name
        risalah.deadline = date(year.year, 6, 30)
        with translation.override(settings.LANGUAGE_CODE):
            risalah.title = compose_title(risalah)
        if stage is None:
            risalah.conclusion = closing
        risalah.version = 1
        work.titled_at = at(created_day + 1)
    # The 5W+1H plan names roster members (as the writer picks them from the roster).
    people = sorted(
        ((person, role) for person, role in record.roster if role != RosterRole.PEMBINA),
        key=lambda item: (ROSTER_ROLE_ORDER[item[1]], item[0].name),
    )
    uuids = [str(person.uuid) for person, _role in people]
    written = len(steps) if stage is None else stage
    save_days = sorted(
        rng.randint(created_day + 2, max(created_day + 2, written_day)) for _i in range(written)
    )
    for index, method_step in enumerate(steps):
        step = RisalahStep(method_step=method_step, updated_by=writer, updated_at=created)
        if index < written:
            step_data = data_by_step[method_step.number]
            if "plan_5w1h" in step_data and uuids:
                rows = [
                    {**row, "who": [uuids[i % len(uuids)], uuids[(i + 2) % len(uuids)]]}
                    for i, row in enumerate(step_data["plan_5w1h"]["rows"])
                ]
                step_data = {**step_data, "plan_5w1h": {**step_data["plan_5w1h"], "rows": rows}}
            step.data = step_data
            step.narrative = narrative_by_step[method_step.number]
            step.version = 1
            step.updated_at = at(save_days[index])
            work.step_saved[method_step.number] = step.updated_at
        work.steps.append(step)

    meeting_count = 0
    if stage is None:
        meeting_count = len(MEETINGS) if year.is_current else rng.randint(rules.min_meetings, len(MEETINGS))
    elif stage >= 2:
        meeting_count = stage + 1
    start = project_start(year, example=False)
    entered = sorted(rng.randint(created_day + 10, written_day + 3) for _i in range(meeting_count))
    held = MEETINGS[:meeting_count]
    attendance = [
        [
            person
            for index, (person, _role) in enumerate(people)
            if index not in absent and rng.random() > ABSENT
        ]
        for _week, _minutes, _agenda, absent in held
    ]
    rates = [len(present) / len(people) for present in attendance] if people else []
    if stage is None and rates and 100 * sum(rates) / len(rates) < rules.min_attendance_pct + 1:
        # A group that hands its risalah in has the attendance the checker asks for.
        attendance = [
            [person for index, (person, _role) in enumerate(people) if index not in absent]
            for _week, _minutes, _agenda, absent in held
        ]
    for (week, minutes, agenda, _absent), entered_day, present in zip(held, entered, attendance, strict=True):
        meeting = Meeting(
            uuid=bench.uuid(),
            date=start + timedelta(weeks=week, days=1),
            duration_minutes=minutes,
            agenda=agenda,
            notulen=NOTULEN.format(agenda=agenda, theme=risalah.theme),
            created_at=at(entered_day),
        )
        work.meetings.append((meeting, present))
    if stage is None and with_evidence:
        for kind, number in ((Evidence.PHOTO_BEFORE, 1), (Evidence.PHOTO_AFTER, 6)):
            work.evidence.append((kind, number, None, at(rng.randint(created_day + 10, written_day + 3))))
        if year.is_current:
            for index, entered_day in enumerate(entered):
                work.evidence.append((Evidence.DAFTAR_HADIR, None, index, at(entered_day)))
    if stage is None:
        work.schedule_at = at(written_day + 3)
        risalah.schedule_start, risalah.schedule_weeks = start, 16
        for index, step in enumerate(work.steps):
            step.planned_weeks, step.actual_weeks = SCHEDULE[min(index, len(SCHEDULE) - 1)]
    risalah.updated_at = max(
        [created, work.titled_at or created, work.schedule_at or created]
        + [s.updated_at for s in work.steps]
        + [m.created_at for m, _p in work.meetings]
        + [uploaded for *_rest, uploaded in work.evidence]
    )
    if not is_draft:
        _review(bench, work, at, written_day)
    return work


def _review(bench, work: Work, at, written_day: int) -> None:
    """The status changes of the risalah's review, planned against the deadline."""
    rng = bench.rng
    filing, writer, reviewer = work.filing, work.writer, work.reviewer
    current = work.risalah.programme_year.is_current
    if filing.late:
        waiting = filing.outcome == SUBMITTED and current
        submitted = rng.randint(50, 95) if waiting else rng.randint(3, 45)
    else:
        submitted = -rng.randint(1, 25)
    submitted = max(submitted, written_day + 4)
    changes = work.changes
    changes.append((Status.DRAFT, Status.SUBMITTED, at(submitted), writer, ""))
    if filing.outcome != SUBMITTED:
        opened = submitted + rng.randint(3, 20)
        if filing.outcome == IN_REVIEW and current:
            opened = max(opened, rng.randint(80, 95))
        changes.append((Status.SUBMITTED, Status.IN_REVIEW, at(opened, 9), reviewer, ""))
        decided = opened + rng.randint(0, 4)
        if filing.outcome == IN_REVIEW:
            if rng.random() < 0.5:
                work.notes = [(PENDING_NOTE[0], PENDING_NOTE[1], "")]
                work.notes_at = (at(opened, 11),)
        elif filing.outcome == VERIFIED:
            changes.append(
                (Status.IN_REVIEW, Status.VERIFIED, at(decided, 14), reviewer, rng.choice(VERIFY_NOTES))
            )
        elif filing.outcome == REJECTED:
            changes.append(
                (Status.IN_REVIEW, Status.REJECTED, at(decided, 14), reviewer, rng.choice(REJECT_NOTES))
            )
        else:  # returned, perhaps fixed and submitted again
            work.notes = rng.sample(STEP_NOTES, 2)
            work.notes_at = (at(opened, 10), at(decided, 13))
            changes.append((Status.IN_REVIEW, Status.RETURNED, at(decided, 14), reviewer, RETURN_NOTE))
            if filing.outcome == RESUBMITTED:
                fixed = decided + rng.randint(5, 14)
                work.fixed_at = at(fixed, 9)
                changes.append((Status.RETURNED, Status.SUBMITTED, at(fixed + 1, 10), writer, ""))
    submits = [moment for _old, new, moment, _by, _note in changes if new == Status.SUBMITTED]
    work.risalah.submitted_at = submits[0]
    work.risalah.updated_at = max(work.risalah.updated_at, changes[-1][2])
