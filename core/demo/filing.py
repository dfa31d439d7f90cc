"""The demo's risalah and their review: a believable filing season for two programme years.

This year: one exemplary risalah (a Puskesmas group the ``operator`` login manages, complete
with meetings, photos and schedule, verified), others verified, waiting for review, under
review, returned with notes on particular steps (one of them fixed and submitted again, so the
verifikator sees what changed), rejected, drafts at every stage, and groups with nothing
(overdue once the deadline has passed). Some submissions come before the deadline, some
after. Last year: most groups verified, so the trend has two years.

Everything goes through the services a writer and a verifikator use (``risalah_create``,
``step_save``, the evidence services, ``risalah_submit`` with its checker, and the review
functions); status is never assigned here. The only liberty taken is time: see
``core.demo.clock`` for the demo-only back-dating of the timestamps the services write.

The status notices the review functions queue after the commit would mail every demo
operator for every return and verification; the seeding switches the demo accounts' status
notices off while it runs and back on after those notices were skipped (see
``quiet_status_notices``).
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from django.apps import apps
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from core.demo import data
from core.demo.clock import Backdater, Timeline
from core.demo.projects import LETTERS, OFFICE_PROJECTS, PROJECTS, SCHOOL, Project, write_project_risalah
from core.models import AuditAction, AuditEvent, NotificationPreference, Unit, UnitKind, User
from groups.models import Completeness, GroupYear, ProgrammeYear
from risalah.demo import build_draft_risalah, build_example_risalah
from risalah.evidence_demo import SCHEDULE, add_example_evidence, scene_jpeg
from risalah.evidence_files import PHOTO_KINDS, check_evidence_file
from risalah.evidence_forms import roster_members
from risalah.evidence_services import attachment_add, meeting_save, schedule_save
from risalah.models import Attachment, Evidence, Meeting, Risalah, RisalahStep, Status
from risalah.review import (
    review_note_add,
    risalah_reject,
    risalah_return,
    risalah_start_review,
    risalah_verify,
)
from risalah.services import risalah_submit, step_save, year_rules

if TYPE_CHECKING:
    from core.management.commands.seed_demo import Demo, DemoUnits

# What happens to a group's risalah in a year. RESUBMITTED: returned with notes, fixed and
# submitted again (its status is then "submitted").
VERIFIED, SUBMITTED, IN_REVIEW, RETURNED = "verified", "submitted", "in_review", "returned"
RESUBMITTED, REJECTED, DRAFT = "resubmitted", "rejected", "draft"


@dataclass(frozen=True)
class Filing:
    outcome: str
    late: bool = False  # submitted after the risalah deadline
    stage: int | None = None  # drafts: steps written so far


def _times(outcome: str, on_time: int, late: int) -> list[Filing]:
    return [Filing(outcome)] * on_time + [Filing(outcome, late=True)] * late


# This year, besides the exemplary risalah (verified, on time).
CURRENT_FILINGS = [
    *_times(VERIFIED, 5, 2),
    *_times(SUBMITTED, 1, 4),
    Filing(RESUBMITTED),
    *_times(IN_REVIEW, 1, 2),
    *_times(RETURNED, 3, 1),
    *_times(REJECTED, 1, 1),
]
DRAFT_STAGES = [0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 6, 6]
DRAFTS_WITHOUT_SK = 2  # drafts of groups whose SK or roster is not complete (they cannot submit yet)

# Last year: the share of groups with a complete record and no risalah at all; the rest
# verified (about one in six late) except these.
PREVIOUS_WITHOUT_RISALAH = 0.1
PREVIOUS_OTHERS = [
    Filing(REJECTED),
    Filing(RETURNED, late=True),
    Filing(DRAFT, stage=3),
    Filing(DRAFT, stage=5),
]

# (tool of the step the note is on, the note, what the group added to the step's narrative)
STEP_NOTES = [
    (
        "cause_test",
        "Pengujian penyebab baru mencakup satu minggu data. Lengkapi dengan lembar periksa minimal dua minggu "
        "dan cantumkan jumlah kejadian setiap penyebab.",
        "Pengujian diperpanjang menjadi dua minggu; jumlah kejadian setiap penyebab dicatat pada lembar periksa.",
    ),
    (
        "before_after",
        "Nilai sesudah perbaikan belum didukung data. Jelaskan periode pengukurannya dan lampirkan rekap "
        "mingguan.",
        "Nilai sesudah perbaikan diukur selama dua belas minggu setelah perbaikan; rekap mingguan dilampirkan.",
    ),
    (
        "plan_5w1h",
        "Kolom “bagaimana” pada rencana perbaikan masih terlalu umum. Uraikan langkah kerjanya dan sebutkan "
        "biayanya bila ada.",
        "Langkah kerja setiap rencana diuraikan; seluruh perbaikan dilaksanakan tanpa tambahan anggaran.",
    ),
    (
        "standard",
        "Tanggal berlaku SOP dan pejabat yang menetapkannya belum disebutkan.",
        "SOP ditetapkan oleh pimpinan unit dan berlaku sejak awal Juni.",
    ),
    (
        "fishbone",
        "Penyebab dari sisi lingkungan kerja dan material masih sedikit. Diskusikan lagi bersama anggota.",
        "Curah pendapat ulang menambah penyebab dari sisi lingkungan kerja dan material.",
    ),
]
RETURN_NOTE = (
    "Secara umum risalah sudah runtut. Perbaiki catatan pada langkah yang ditandai, lalu ajukan kembali."
)
REJECT_NOTES = [
    "Risalah menguraikan program rutin unit, bukan perbaikan yang dikerjakan kelompok: data sebelum dan sesudah "
    "tidak berasal dari pengukuran kelompok. Silakan ajukan tema baru tahun depan.",
    "Isi risalah sama dengan risalah kelompok lain di unit yang sama, dan notulen tidak sesuai dengan daftar "
    "hadir. Risalah tidak dapat diverifikasi.",
]
VERIFY_NOTES = [
    "Risalah lengkap dan konsisten; layak diikutkan Gelar Budaya Kerja.",
    "",
    "Data pendukung lengkap.",
]
EXEMPLARY_NOTE = "Contoh risalah yang baik: judul terukur, penyebab diuji dengan data, target tercapai, dan SOP ditetapkan."
PENDING_NOTE = (
    "before_after",
    "Periksa kembali: bandingkan nilai sesudah perbaikan dengan target pada judul.",
)

# Meetings of the project risalah: (week from the start, minutes, agenda, indices of roster members absent).
MEETINGS = [
    (0, 90, "Pembentukan tim dan pemilihan tema", ()),
    (2, 75, "Penyusunan judul dan target", (4,)),
    (3, 120, "Curah pendapat penyebab masalah", ()),
    (5, 90, "Pengujian penyebab dominan", (3,)),
    (6, 60, "Penyusunan rencana perbaikan 5W+1H", ()),
    (9, 60, "Evaluasi pelaksanaan perbaikan", (2, 4)),
    (13, 90, "Evaluasi hasil perbaikan", ()),
    (15, 75, "Penyusunan SOP dan tema berikutnya", (1,)),
]
NOTULEN = "Rapat dipimpin ketua dan dicatat sekretaris. {agenda} untuk tema “{theme}” dibahas dan disepakati."

JAKARTA = ZoneInfo("Asia/Jakarta")  # the portal's TIME_ZONE; the calendar is planned in office hours there


@dataclass
class Context:
    rng: random.Random
    timeline: Timeline
    backdater: Backdater
    verifikator: User
    writers: list[tuple[str, User]]  # (unit path, operator) for the units with a demo operator
    fallback_writer: User
    field_of: dict[str, str]
    project_turn: Counter = field(default_factory=Counter)

    def writer(self, unit: Unit) -> User:
        """The demo operator of the group's unit; the admin keys in the risalah of the other units."""
        return next((user for path, user in self.writers if unit.path.startswith(path)), self.fallback_writer)


def seed_filing(demo: Demo, units: DemoUnits, years: list[ProgrammeYear], accounts: list[User]) -> None:
    """The risalah of both years, their evidence and their review, in the past."""
    by_name = {user.username: user for user in accounts}
    previous_year, current_year = years
    horizon = _moment(current_year.risalah_deadline, 100, 17)
    context = Context(
        rng=demo.rng,
        timeline=Timeline(demo.now, horizon),
        backdater=Backdater(),
        verifikator=by_name["verifikator"],
        writers=[
            (units.by_code[data.DINKES_CODE].path, by_name["operator"]),
            (units.by_code[data.DISDIKBUD_CODE].path, by_name["operator.disdik"]),
        ],
        fallback_writer=by_name["admin"],
        field_of=units.field_of,
    )
    restore = quiet_status_notices(accounts)
    _file_year(context, previous_year, _previous_plan(context, previous_year))
    _file_year(context, current_year, _current_plan(context, current_year, units))
    # Runs after the status notices queued above (on_commit keeps the order), which found them off.
    transaction.on_commit(restore)


# --- who files what --------------------------------------------------------------------------


def _records(year: ProgrammeYear, status: str) -> list[GroupYear]:
    return list(
        GroupYear.objects.filter(programme_year=year, status=status)
        .select_related("group__unit", "programme_year")
        .order_by("group__unit__path", "group__name")
    )


def exemplary_record(year: ProgrammeYear, units: DemoUnits) -> GroupYear:
    """The complete record of a Puskesmas group under the Dinas Kesehatan (the operator's first sight)."""
    dinkes = units.by_code[data.DINKES_CODE]
    for record in _records(year, Completeness.COMPLETE):
        unit = record.group.unit
        if unit.kind == UnitKind.PUSKESMAS and unit.path.startswith(dinkes.path):
            return record
    raise ValueError("The demo needs a Puskesmas group with a complete record this year.")


def _current_plan(context: Context, year: ProgrammeYear, units: DemoUnits) -> list[tuple[GroupYear, Filing]]:
    exemplary = exemplary_record(year, units)
    dinkes = units.by_code[data.DINKES_CODE].path
    first = (exemplary.group.unit.path, exemplary.group.name)

    def listed_after_exemplary(record: GroupYear) -> bool:
        """The risalah list sorts by unit path and group name: nothing of the Dinas Kesehatan's
        comes before the exemplary risalah in the operator's list."""
        unit = record.group.unit
        return not unit.path.startswith(dinkes) or (unit.path, record.group.name) > first

    candidates = [r for r in _records(year, Completeness.COMPLETE) if listed_after_exemplary(r)]
    context.rng.shuffle(candidates)
    # The operators of the Dinas Kesehatan and the Dinas Pendidikan each find a returned risalah.
    returned = []
    for code in (data.DINKES_CODE, data.DISDIKBUD_CODE):
        path = units.by_code[code].path
        found = next((r for r in candidates if r.group.unit.path.startswith(path)), None)
        if found is not None:
            returned.append(found)
    candidates = returned + [r for r in candidates if r not in returned]
    filings = sorted(CURRENT_FILINGS, key=lambda f: f.outcome != RETURNED)  # the returned ones first
    drafts = [Filing(DRAFT, stage=stage) for stage in DRAFT_STAGES]
    unfinished = [r for r in _records(year, Completeness.INCOMPLETE) if listed_after_exemplary(r)]
    context.rng.shuffle(unfinished)
    needed = len(filings) + len(drafts) - DRAFTS_WITHOUT_SK
    if len(candidates) < needed or len(unfinished) < DRAFTS_WITHOUT_SK:
        raise ValueError("Not enough groups with a complete record for the demo's filing plan.")
    plan = [(exemplary, Filing(VERIFIED))]
    plan += list(zip(candidates, filings + drafts[DRAFTS_WITHOUT_SK:], strict=False))
    plan += list(zip(unfinished, drafts[:DRAFTS_WITHOUT_SK], strict=False))
    return plan


def _previous_plan(context: Context, year: ProgrammeYear) -> list[tuple[GroupYear, Filing]]:
    candidates = _records(year, Completeness.COMPLETE)
    context.rng.shuffle(candidates)
    candidates = candidates[: len(candidates) - round(len(candidates) * PREVIOUS_WITHOUT_RISALAH)]
    others = PREVIOUS_OTHERS[: max(0, len(candidates) - 1)]
    verified = [Filing(VERIFIED, late=index % 6 == 5) for index in range(len(candidates) - len(others))]
    return list(zip(candidates, verified + others, strict=True))


def _project_for(context: Context, record: GroupYear) -> Project | None:
    """What the group writes about; None: the example risalah (outpatient waiting time)."""
    unit, current = record.group.unit, record.programme_year.is_current
    unit_field = context.field_of.get(unit.code, data.GENERAL)
    if unit.kind == UnitKind.PUSKESMAS or unit_field == data.HEALTH_HOSPITAL:
        return None if current else PROJECTS["pengaduan"]
    if unit_field == data.SCHOOL:
        return SCHOOL if current else PROJECTS["spj"]
    if unit_field == data.TERRITORIAL:
        return LETTERS if current else PROJECTS["pengaduan"]
    turn = context.project_turn[record.programme_year_id]
    context.project_turn[record.programme_year_id] += 1
    return OFFICE_PROJECTS[(turn + (0 if current else 1)) % len(OFFICE_PROJECTS)]


# --- a risalah's year ---------------------------------------------------------------------------


def _moment(day: date, offset_days: int, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day + timedelta(days=offset_days), time(hour, minute), tzinfo=JAKARTA)


def _file_year(context: Context, year: ProgrammeYear, plan: list[tuple[GroupYear, Filing]]) -> None:
    for index, (record, filing) in enumerate(plan):
        _file(context, record, filing, exemplary=year.is_current and index == 0)


def _file(context: Context, record: GroupYear, filing: Filing, *, exemplary: bool) -> Risalah:
    rng, year = context.rng, record.programme_year
    deadline = year.risalah_deadline
    writer = context.writer(record.group.unit)

    def at(offset_days: int, hour: int | None = None) -> datetime:
        hour = rng.randint(8, 15) if hour is None else hour
        return context.timeline.at(_moment(deadline, offset_days, hour, rng.choice((0, 10, 25, 40, 55))))

    project = _project_for(context, record)
    created = rng.randint(-150, -125) if filing.outcome != DRAFT else rng.randint(-140, -60)
    written = rng.randint(-70, -40) if filing.outcome != DRAFT else created + rng.randint(10, 60)
    with context.backdater.phase(at(created), at(written)):
        risalah = _write(record, writer, project, filing.stage)
    if filing.outcome == DRAFT:
        if filing.stage and filing.stage >= 2:
            with context.backdater.phase(at(created + 7), at(written)):
                _meetings(risalah, writer, project, count=filing.stage + 1, photos=False, schedule=False)
        return risalah

    with context.backdater.phase(at(created + 10), at(written + 3)):
        if project is None and year.is_current:
            add_example_evidence(risalah=risalah, by=writer, start=_project_start(year, example=True))
        else:
            # Last year's risalah are only counted and seldom opened: the minimum of meetings, no photos.
            count = len(MEETINGS) if year.is_current else year_rules(year).min_meetings
            _meetings(risalah, writer, project, count=count, photos=year.is_current, schedule=True)

    # As a request would: the stored values (e.g. 47.00, not the 47 the writer typed), which the
    # snapshot taken on a return compares with the next version.
    risalah = Risalah.objects.select_related("group__unit", "programme_year").get(pk=risalah.pk)
    if filing.late:
        waiting = filing.outcome == SUBMITTED and year.is_current
        submitted = rng.randint(50, 95) if waiting else rng.randint(3, 45)
    else:
        submitted = -rng.randint(1, 25)
    with context.backdater.phase(at(submitted)):
        risalah_submit(risalah=risalah, by=writer)
    if filing.outcome == SUBMITTED:
        return risalah

    opened = submitted + rng.randint(3, 20)
    if filing.outcome == IN_REVIEW and year.is_current:
        opened = max(opened, rng.randint(80, 95))  # opened lately; the verifikator is still at it
    with context.backdater.phase(at(opened, 9)):
        risalah_start_review(risalah=risalah, by=context.verifikator)
    decided = opened + rng.randint(0, 4)
    reviewer = context.verifikator
    if filing.outcome == IN_REVIEW:
        if rng.random() < 0.5:
            with context.backdater.phase(at(opened, 11)):
                tool, text = PENDING_NOTE
                review_note_add(risalah=risalah, step=_step(risalah, tool), text=text, by=reviewer)
        return risalah
    if filing.outcome == VERIFIED:
        note = EXEMPLARY_NOTE if exemplary else rng.choice(VERIFY_NOTES)
        with context.backdater.phase(at(decided, 14)):
            risalah_verify(risalah=risalah, by=reviewer, note=note)
        return risalah
    if filing.outcome == REJECTED:
        with context.backdater.phase(at(decided, 14)):
            risalah_reject(risalah=risalah, by=reviewer, note=rng.choice(REJECT_NOTES))
        return risalah

    notes = rng.sample(STEP_NOTES, 2)
    with context.backdater.phase(at(opened, 10), at(decided, 13)):
        for tool, text, _fix in notes:
            review_note_add(risalah=risalah, step=_step(risalah, tool), text=text, by=reviewer)
    with context.backdater.phase(at(decided, 14)):
        risalah_return(risalah=risalah, by=reviewer, note=RETURN_NOTE)
    if filing.outcome == RESUBMITTED:
        fixed = decided + rng.randint(5, 14)
        with context.backdater.phase(at(fixed, 9), at(fixed, 15)):
            for tool, _text, fix in notes:
                _apply_fix(risalah, tool, fix, writer)
        with context.backdater.phase(at(fixed + 1, 10)):
            risalah_submit(risalah=risalah, by=writer)
    return risalah


def _write(record: GroupYear, writer: User, project: Project | None, stage: int | None) -> Risalah:
    kwargs = {"group": record.group, "programme_year": record.programme_year, "by": writer}
    if project is None:
        if stage is None:
            return build_example_risalah(**kwargs)
        return build_draft_risalah(**kwargs, stage=stage)
    return write_project_risalah(**kwargs, project=project, stage=stage)


def _step(risalah: Risalah, tool: str) -> RisalahStep | None:
    steps = risalah.steps.select_related("method_step", "risalah").order_by("method_step__number")
    return next((step for step in steps if tool in step.method_step.tools), None)


def _apply_fix(risalah: Risalah, tool: str, fix: str, writer: User) -> None:
    """The group's answer to a note: the step's narrative says what was done, and its data follow."""
    step = _step(risalah, tool)
    updated = dict(step.data)
    if tool == "cause_test":
        # Two weeks of tallies instead of one.
        updated[tool] = {
            "rows": [{**row, "count": round(row["count"] * 1.9)} for row in step.data[tool]["rows"]]
        }
    elif tool == "plan_5w1h":
        updated[tool] = {
            "rows": [
                {**row, "how": f"{row['how']}; tanpa tambahan anggaran"} for row in step.data[tool]["rows"]
            ]
        }
    step_save(
        step=step,
        data=updated,
        narrative=f"{step.narrative}\n\n{fix}".strip(),
        base_version=step.version,
        by=writer,
    )


def _project_start(year: ProgrammeYear, *, example: bool) -> date:
    """The Monday the project's schedule starts (the example's project runs March to June)."""
    start = date(year.year, 3, 2) if example else date(year.year, 1, 13)
    return start - timedelta(days=start.weekday())


def _meetings(
    risalah: Risalah, writer: User, project: Project | None, *, count: int, photos: bool, schedule: bool
) -> None:
    """Meetings with attendance and notulen, the schedule, and photos before and after when ``photos``.

    The attendance is what the portal counts; scanned daftar hadir (a JPEG and its thumbnail per
    meeting) come only with the example risalah's evidence, to keep the seeding fast.
    """
    start = _project_start(risalah.programme_year, example=project is None)
    people = [member.person for member in roster_members(risalah)]
    theme = risalah.theme
    for week, minutes, agenda, absent in MEETINGS[:count]:
        when = start + timedelta(weeks=week, days=1)
        present = [person for index, person in enumerate(people) if index not in absent]
        meeting_save(
            risalah=risalah,
            by=writer,
            date=when,
            duration_minutes=minutes,
            agenda=agenda,
            notulen=NOTULEN.format(agenda=agenda, theme=theme),
            attendees=present,
        )
    if not schedule:
        return
    steps = list(risalah.steps.select_related("method_step").order_by("method_step__number"))
    weeks = {step.pk: SCHEDULE[min(index, len(SCHEDULE) - 1)] for index, step in enumerate(steps)}
    schedule_save(risalah=risalah, by=writer, start=start, weeks=16, weeks_by_step=weeks)
    if photos and project is not None:
        by_number = {step.method_step.number: step for step in steps}
        for kind, caption, colour, number in (
            (Evidence.PHOTO_BEFORE, project.photos[0], (176, 92, 60), 1),
            (Evidence.PHOTO_AFTER, project.photos[1], (40, 120, 120), 6),
        ):
            attachment_add(
                risalah=risalah,
                kind=kind,
                by=writer,
                caption=caption,
                step=by_number.get(number),
                checked=_checked(scene_jpeg(caption, colour), f"{kind}.jpg", PHOTO_KINDS),
            )


def _checked(content: bytes, name: str, kinds):
    return check_evidence_file(ContentFile(content, name=name), kinds=kinds)


# --- e-mail --------------------------------------------------------------------------------------


def quiet_status_notices(users: list[User]) -> Callable[[], None]:
    """Switch the users' status notices off; returns what switches them back as they were."""
    before = {
        pref.user_id: pref.status_notices for pref in NotificationPreference.objects.filter(user__in=users)
    }
    for user in users:
        NotificationPreference.objects.update_or_create(user=user, defaults={"status_notices": False})

    def restore() -> None:
        for user in users:
            NotificationPreference.objects.filter(user=user).update(status_notices=before.get(user.pk, True))

    return restore


# --- summary and reset ---------------------------------------------------------------------------


def filing_summary() -> str:
    """E.g. "Risalah 2026: 8 verified, 6 submitted, ...; 2025: 40 verified, ..." (newest year first)."""
    counts = Counter(Risalah.objects.values_list("programme_year__year", "status"))
    parts = []
    for year in sorted({year for year, _status in counts}, reverse=True):
        figures = ", ".join(
            f"{counts[year, status]} {label.lower()}"
            for status, label in Status.choices
            if counts[year, status]
        )
        parts.append(f"{year}: {figures}")
    return _("Risalah %(years)s") % {"years": "; ".join(parts)} if parts else ""


def delete_filing(root: Unit) -> list[str]:
    """Delete the risalah of the demo's groups with everything hanging on them; returns their files.

    Steps, meetings, attachments, transitions and review notes go with their risalah (CASCADE);
    the history rows and the audit events of status changes are deleted explicitly, since
    nothing cascades to them.
    """
    risalah = Risalah.objects.filter(group__unit__path__startswith=root.path)
    ids = list(risalah.values_list("pk", flat=True))
    files = []
    for name, thumbnail in Attachment.objects.filter(risalah_id__in=ids).values_list("file", "thumbnail"):
        files += [n for n in (name, thumbnail) if n]
    while risalah.exists():  # a newer revision protects the one it corrects: delete the newest first
        risalah.filter(next_revision__isnull=True).delete()
    meeting_history = Meeting.history.model.objects.filter(risalah_id__in=ids)
    apps.get_model("risalah", "HistoricalMeeting_attendees").objects.filter(
        history__in=meeting_history
    ).delete()
    meeting_history.delete()
    RisalahStep.history.model.objects.filter(risalah_id__in=ids).delete()
    Risalah.history.model.objects.filter(id__in=ids).delete()
    AuditEvent.objects.filter(action=AuditAction.STATUS_CHANGE, unit__path__startswith=root.path).delete()
    return files
