"""The evidence of the demo's project risalah: meetings with attendance and notulen, the schedule,
and a photo before and after (the example risalah has its own, see ``demo.example_evidence``)."""

from datetime import date, timedelta

from django.core.files.base import ContentFile

from core.models import User
from demo.example_evidence import SCHEDULE, scene_jpeg
from demo.projects import Project
from groups.models import ProgrammeYear
from risalah.evidence_files import PHOTO_KINDS, check_evidence_file
from risalah.evidence_forms import roster_members
from risalah.evidence_services import attachment_add, meeting_save, schedule_save
from risalah.models import Evidence, Risalah

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


def project_start(year: ProgrammeYear, *, example: bool) -> date:
    """The Monday the project's schedule starts (the example's project runs March to June)."""
    start = date(year.year, 3, 2) if example else date(year.year, 1, 13)
    return start - timedelta(days=start.weekday())


def add_meetings(
    risalah: Risalah, writer: User, project: Project | None, *, count: int, photos: bool, schedule: bool
) -> None:
    """Meetings with attendance and notulen, the schedule, and photos before and after when ``photos``.

    The attendance is what the portal counts; scanned daftar hadir (a JPEG and its thumbnail per
    meeting) come only with the example risalah's evidence, to keep the seeding fast.
    """
    start = project_start(risalah.programme_year, example=project is None)
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
