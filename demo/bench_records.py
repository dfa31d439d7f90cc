"""What the bench's risalah leave behind besides themselves, as the services would write it.

``demo.bench_filing`` plans and writes each risalah (a ``Work``); this module writes, for the
risalah of one year at once, their evidence files' rows, the content a return keeps and the fixes
that follow it, the snapshots of every submission and verification, the review notes, the audit
rows of the status changes and the django-simple-history rows.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from core.models import AuditAction, AuditEvent, User
from demo.bench_bulk import Bench, Version, history_rows, insert, insert_plain
from demo.bench_groups import Record
from demo.example_evidence import attendance_scan_jpeg, scene_jpeg
from demo.projects import Project
from groups.models import ROSTER_ROLE_ORDER, RosterRole
from risalah import diff
from risalah.evidence_files import PHOTO_KINDS, check_evidence_file
from risalah.figures import figures_from
from risalah.models import (
    Attachment,
    Evidence,
    Meeting,
    ReviewNote,
    Risalah,
    RisalahSnapshot,
    RisalahStep,
    Status,
    Transition,
)
from risalah.snapshots import _figures_json
from risalah.thumbnails import make_thumbnail


@dataclass(frozen=True)
class Filing:
    outcome: str
    late: bool = False
    stage: int | None = None  # drafts: steps written so far (None: all)


@dataclass
class Work:
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


def write_attachments(bench: Bench, works: list[Work], evidence: dict[str, StoredEvidence]) -> int:
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


def step_of(work: Work, tool: str) -> RisalahStep | None:
    return next((step for step in work.steps if tool in step.method_step.tools), None)


def write_returns(works: list[Work]) -> None:
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
                step = step_of(work, tool)
                step.narrative = f"{step.narrative}\n\n{fix}".strip()
                step.version += 1
                step.updated_at = work.fixed_at
                fixed_steps.append(step)
    Transition.objects.bulk_update(returned, ["snapshot"], batch_size=500)
    # bulk_update writes the values as set (no auto_now): the fix keeps its planned moment.
    RisalahStep.objects.bulk_update(fixed_steps, ["narrative", "version", "updated_at"], batch_size=500)


def capture(work: Work) -> dict:
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


def write_snapshots(works: list[Work], counts: Counter) -> None:
    """One snapshot per submission (the live state) and per verification (a copy of the latest)."""
    snapshots: list[tuple[RisalahSnapshot, list[int]]] = []
    for work in works:
        captured = None
        first = len(snapshots)
        for change in work.transitions:
            if change.to_status == Status.SUBMITTED:
                captured = capture(work)
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
        if len(snapshots) > first:
            # The transitions are in order: the last snapshot is the newest (as record() keeps it).
            snapshots[-1][0].is_latest = True
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


def write_review_notes(bench: Bench, works: list[Work], counts: Counter) -> None:
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
                    step=step_of(work, tool),
                    text=text,
                    by=work.reviewer,
                    created_at=moments[min(index, len(moments) - 1)],
                    transition=returned,
                )
            )
    counts["review_notes"] += insert_plain(ReviewNote, notes)


def write_audit(works: list[Work], counts: Counter) -> None:
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


def write_history(works: list[Work], counts: Counter) -> None:
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
                step_versions.append(Version(step_of(work, tool), work.fixed_at, writer, "~"))
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
