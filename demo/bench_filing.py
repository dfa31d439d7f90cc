"""The bench kabupaten's risalah over the years: written, evidenced, filed and reviewed.

Per programme year, most groups with a complete record write a risalah on one of the demo's
projects (``demo.projects_office``, ``demo.projects_local``): the title, the seven steps with
their tools' data (the charts' data included), the meetings with attendance and notulen, the
schedule. Past years are mostly verified; this year is in every state of the review (drafts at
every stage, submitted, under review, returned with notes, returned and submitted again,
verified, rejected), some submitted after the deadline.

Rows are bulk inserted, but what a service writes comes with them, consistent with the status:
one Transition per status change (a chain from draft to the risalah's status) with its audit row,
a RisalahSnapshot for every submission and verification (counts and members as the dashboard
reads them), the review notes of a return, and the django-simple-history rows the risalah's
history page reads. A return keeps the content as the verifikator saw it (``risalah.diff``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from types import SimpleNamespace

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import translation

from core.models import AuditAction, AuditEvent, UnitKind, User
from demo import data
from demo.bench_accounts import Accounts
from demo.bench_bulk import Bench, Version, history_rows, insert, insert_plain
from demo.bench_groups import BenchGroups, Record
from demo.bench_units import BenchUnits
from demo.example_evidence import SCHEDULE, attendance_scan_jpeg, scene_jpeg
from demo.project_evidence import MEETINGS, NOTULEN, project_start
from demo.projects import Project, conclusion, narratives, tool_data
from demo.projects_local import LETTERS, SCHOOL
from demo.projects_office import COMPLAINTS, DISPOSISI, SPJ
from demo.review_notes import PENDING_NOTE, REJECT_NOTES, RETURN_NOTE, STEP_NOTES, VERIFY_NOTES
from groups.models import ROSTER_ROLE_ORDER, ProgrammeYear, RosterRole
from risalah import diff
from risalah.evidence_files import PHOTO_KINDS, check_evidence_file
from risalah.figures import figures_from
from risalah.models import (
    Attachment,
    Evidence,
    Meeting,
    MethodStep,
    ReviewNote,
    Risalah,
    RisalahSnapshot,
    RisalahStep,
    Status,
    Transition,
)
from risalah.snapshots import _figures_json
from risalah.thumbnails import make_thumbnail
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


@dataclass(frozen=True)
class Filing:
    outcome: str
    late: bool = False
    stage: int | None = None  # drafts: steps written so far (None: all)


@dataclass
class _Work:
    """One risalah being written: the objects to insert and the moments of its life."""

    record: Record
    filing: Filing
    project: Project
    writer: User
    reviewer: User
    risalah: Risalah
    steps: list[RisalahStep] = field(default_factory=list)
    step_saved: dict[int, object] = field(default_factory=dict)  # step number -> moment saved
    meetings: list[tuple[Meeting, list]] = field(default_factory=list)  # (meeting, attendees)
    changes: list[tuple[str, str, object, User, str]] = field(default_factory=list)  # from, to, at, by, note
    transitions: list[Transition] = field(default_factory=list)
    titled_at: object = None
    schedule_at: object = None
    fixed_at: object = None
    notes: list[tuple[str, str, str]] = field(default_factory=list)  # (tool, text, fix)
    notes_at: tuple = ()
    evidence: list[tuple[str, int | None, int | None, object]] = field(default_factory=list)
    # (kind, step number, meeting index, uploaded at)


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


@dataclass(frozen=True)
class StoredEvidence:
    """A file in storage (and its thumbnail) that the evidence rows of one kind point at."""

    file: str
    thumbnail: str
    content_type: str
    size: int
    original_name: str
    caption: str


def shared_evidence(bench: Bench) -> dict[str, StoredEvidence]:
    """A photo before, a photo after and a scanned daftar hadir, each stored once with its
    thumbnail, as ``attachment_add`` stores an upload (thousands of rows point at them)."""
    files = {
        Evidence.PHOTO_BEFORE: (
            "sebelum.jpg",
            "Kondisi sebelum perbaikan",
            scene_jpeg("Sebelum perbaikan", (176, 92, 60)),
        ),
        Evidence.PHOTO_AFTER: (
            "sesudah.jpg",
            "Kondisi sesudah perbaikan",
            scene_jpeg("Sesudah perbaikan", (40, 120, 120)),
        ),
        Evidence.DAFTAR_HADIR: (
            "daftar-hadir.jpg",
            "Daftar hadir rapat",
            attendance_scan_jpeg("Rapat kelompok", [f"Anggota {n}" for n in range(1, 9)]),
        ),
    }
    stored = {}
    for kind, (name, caption, content) in files.items():
        checked = check_evidence_file(ContentFile(content, name=name), kinds=PHOTO_KINDS)
        file = default_storage.save(f"risalah/{bench.uuid().hex}.jpg", checked.content)
        checked.content.seek(0)
        thumbnail = make_thumbnail(checked.content.read())
        thumb = default_storage.save(f"risalah/{bench.uuid().hex}.jpg", thumbnail)
        stored[kind] = StoredEvidence(
            file, thumb, checked.content_type, checked.content.size, checked.original_name, caption
        )
    return stored


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
    works: list[_Work] = []
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
        counts["attachments"] += _attachments(bench, works, evidence)
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
    _returns(works)
    _snapshots(works, counts)
    _review_notes(bench, works, counts)
    _audit(works, counts)
    _history(works, counts)
    counts["risalah"] += len(works)
    counts["steps"] += sum(len(w.steps) for w in works)
    counts["meetings"] += sum(len(w.meetings) for w in works)
    counts["transitions"] += sum(len(w.transitions) for w in works)


def _write(
    bench, year, record, filing, project, writer, reviewer, rules, steps, texts, with_evidence
) -> _Work:
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
    work = _Work(record, filing, project, writer, reviewer, risalah)
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


def _review(bench, work: _Work, at, written_day: int) -> None:
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


def _attachments(bench: Bench, works: list[_Work], evidence: dict[str, StoredEvidence]) -> int:
    rows = []
    for work in works:
        by_number = {step.method_step.number: step for step in work.steps}
        for kind, number, meeting_index, uploaded in work.evidence:
            stored = evidence[kind]
            meeting = work.meetings[meeting_index][0] if meeting_index is not None else None
            rows.append(
                Attachment(
                    uuid=bench.uuid(),
                    risalah=work.risalah,
                    kind=kind,
                    step=by_number.get(number) if number else None,
                    meeting=meeting,
                    file=stored.file,
                    thumbnail=stored.thumbnail,
                    content_type=stored.content_type,
                    size=stored.size,
                    original_name=stored.original_name,
                    caption=meeting.agenda if meeting is not None else stored.caption,
                    uploaded_by=work.writer,
                    uploaded_at=uploaded,
                )
            )
    return insert_plain(Attachment, rows)


def _step_of(work: _Work, tool: str) -> RisalahStep | None:
    return next((step for step in work.steps if tool in step.method_step.tools), None)


def _returns(works: list[_Work]) -> None:
    """A return keeps the content as the verifikator saw it; a group that resubmitted fixed the
    noted steps afterwards (so the next review shows what changed)."""
    returned = []
    fixed_steps = []
    for work in works:
        for change in work.transitions:
            if change.to_status == Status.RETURNED:
                change.snapshot = diff.snapshot(work.risalah)
                returned.append(change)
        if work.fixed_at is not None:
            for tool, _text, fix in work.notes:
                step = _step_of(work, tool)
                step.narrative = f"{step.narrative}\n\n{fix}".strip()
                step.version += 1
                step.updated_at = work.fixed_at
                fixed_steps.append(step)
    Transition.objects.bulk_update(returned, ["snapshot"], batch_size=500)
    # bulk_update writes the values as set (no auto_now): the fix keeps its planned moment.
    RisalahStep.objects.bulk_update(fixed_steps, ["narrative", "version", "updated_at"], batch_size=500)


def _capture(work: _Work) -> dict:
    """What ``risalah.snapshots.capture`` reads, from the objects in hand."""
    record = work.record
    gy = record.group_year
    roster = sorted(
        (
            {
                "person": str(person.uuid),
                "name": person.name,
                "nip": person.nip,
                # An ASN of another unit shows no more than the operator typed (name and NIP).
                "jabatan": "" if person.pk in record.confirmation else person.jabatan,
                "role": role,
                "unit": "" if person.pk in record.confirmation else person.unit.name,
            }
            for person, role in record.roster
        ),
        key=lambda row: (ROSTER_ROLE_ORDER.get(row["role"], len(ROSTER_ROLE_ORDER)), row["name"]),
    )
    people = {person.pk for person, role in record.roster if role != RosterRole.PEMBINA}
    held = sorted(work.meetings, key=lambda item: (item[0].date, item[0].created_at))
    shims = [
        SimpleNamespace(
            date=meeting.date,
            duration_minutes=meeting.duration_minutes,
            attendees=SimpleNamespace(all=lambda present=present: present),
        )
        for meeting, present in held
    ]
    present = sum(len({person.pk for person in attendees} & people) for _meeting, attendees in held)
    return {
        "roster": roster,
        "sk": {
            "number": gy.sk_number,
            "date": gy.sk_date.isoformat() if gy.sk_date else None,
            "signed_by": gy.sk_signed_by,
            "has_scan": bool(gy.sk_scan),
        },
        "figures": _figures_json(figures_from(people, shims)),
        "counts": {"meetings": len(held), "present": present, "expected": len(held) * len(people)},
        "members": sorted(people),
    }


def _snapshots(works: list[_Work], counts: Counter) -> None:
    """One snapshot per submission (the live state) and per verification (a copy of the latest)."""
    snapshots: list[tuple[RisalahSnapshot, list[int]]] = []
    for work in works:
        captured = None
        for change in work.transitions:
            if change.to_status == Status.SUBMITTED:
                captured = _capture(work)
            elif change.to_status != Status.VERIFIED:
                continue
            snapshot = RisalahSnapshot(
                risalah=work.risalah,
                transition=change,
                roster=captured["roster"],
                sk=captured["sk"],
                figures=captured["figures"],
                created_at=change.at,
                **captured["counts"],
            )
            snapshots.append((snapshot, captured["members"]))
    insert(RisalahSnapshot, [snapshot for snapshot, _members in snapshots])
    through = RisalahSnapshot.members.through
    counts["snapshot_members"] += insert_plain(
        through,
        (
            through(risalahsnapshot_id=snapshot.pk, person_id=person)
            for snapshot, members in snapshots
            for person in members
        ),
    )
    counts["snapshots"] += len(snapshots)


def _review_notes(bench: Bench, works: list[_Work], counts: Counter) -> None:
    notes = []
    for work in works:
        if not work.notes:
            continue
        returned = next((t for t in work.transitions if t.to_status == Status.RETURNED), None)
        moments = list(work.notes_at)
        for index, (tool, text, _fix) in enumerate(work.notes):
            notes.append(
                ReviewNote(
                    uuid=bench.uuid(),
                    risalah=work.risalah,
                    step=_step_of(work, tool),
                    text=text,
                    by=work.reviewer,
                    created_at=moments[min(index, len(moments) - 1)],
                    transition=returned,
                )
            )
    counts["review_notes"] += insert_plain(ReviewNote, notes)


def _audit(works: list[_Work], counts: Counter) -> None:
    """The audit row of every status change, as ``risalah.transitions`` writes it."""
    rows = []
    for work in works:
        target = str(work.risalah)[:300]
        for change in work.transitions:
            details = {"from_status": change.from_status, "to_status": change.to_status}
            if change.to_status == Status.SUBMITTED:
                details["late"] = change.late
            rows.append(
                AuditEvent(
                    at=change.at,
                    actor=change.by,
                    actor_name=change.by.username,
                    action=AuditAction.STATUS_CHANGE,
                    target=target,
                    unit=work.record.group.unit,
                    details=details,
                )
            )
    counts["audit_status"] += insert_plain(AuditEvent, rows)


BLANK_TITLE = {
    "direction": "increase",
    "metric": "",
    "baseline_value": None,
    "target_value": None,
    "unit_of_measure": "",
    "place": "",
    "deadline": None,
    "title": "",
    "conclusion": "",
    "version": 0,
}


def _history(works: list[_Work], counts: Counter) -> None:
    """The history rows the services' saves would have left (the risalah's history page)."""
    risalah_versions, step_versions = [], []
    for work in works:
        risalah, writer = work.risalah, work.writer.pk
        draft = {"status": Status.DRAFT, "submitted_at": None, "schedule_start": None, "schedule_weeks": 16}
        risalah_versions.append(Version(risalah, risalah.created_at, writer, "+", {**draft, **BLANK_TITLE}))
        if work.titled_at is not None:
            risalah_versions.append(Version(risalah, work.titled_at, writer, "~", draft))
        steps_now = {}
        for step in work.steps:
            number = step.method_step.number
            saved = work.step_saved.get(number)
            first = {"planned_weeks": [], "actual_weeks": [], "version": 1}
            if saved is not None:
                if work.fixed_at is not None and step.version == 2:
                    first["narrative"] = step.narrative.rsplit("\n\n", 1)[0]
                step_versions.append(Version(step, saved, writer, "~", first))
            steps_now[number] = first if saved is not None else {"planned_weeks": [], "actual_weeks": []}
        if work.schedule_at is not None:
            risalah_versions.append(
                Version(
                    risalah,
                    work.schedule_at,
                    writer,
                    "~",
                    {**draft, "schedule_start": risalah.schedule_start},
                )
            )
            for step in work.steps:
                scheduled = {
                    key: value
                    for key, value in steps_now[step.method_step.number].items()
                    if key not in ("planned_weeks", "actual_weeks")
                }
                step_versions.append(Version(step, work.schedule_at, writer, "~", scheduled))
        if work.fixed_at is not None:
            for tool, _text, _fix in work.notes:
                step_versions.append(Version(_step_of(work, tool), work.fixed_at, writer, "~"))
        first_submission = None
        for change in work.transitions:
            if change.to_status == Status.SUBMITTED and first_submission is None:
                first_submission = change.at
            risalah_versions.append(
                Version(
                    risalah,
                    change.at,
                    change.by_id,
                    "~",
                    {"status": change.to_status, "submitted_at": first_submission},
                )
            )
    counts["risalah_history"] += insert_plain(Risalah.history.model, history_rows(Risalah, risalah_versions))
    counts["step_history"] += insert_plain(
        RisalahStep.history.model, history_rows(RisalahStep, step_versions)
    )
