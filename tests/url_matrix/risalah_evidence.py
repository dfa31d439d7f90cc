"""Meetings, schedule, attachments and the PDF of world.risalah_a (group_a, unit A1, draft).

operator_a and the admin write; pimpinan_a and the verifikator read; the outsider (unit B) sees
nothing, not even a file. Meeting- and attachment-specific URLs create their object from the
world inside the kwargs. POST rows send data that makes the view succeed (302).
"""

from datetime import date

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from groups.models import RosterRole
from risalah.models import Attachment, Evidence, Meeting
from risalah.thumbnails import make_thumbnail
from tests.factories import pdf_bytes, png_bytes
from tests.url_matrix import Row, expect

READ = expect(200, outsider=404)
WRITE = expect(302, pimpinan_a=403, verifikator=403, outsider=404)
WRITE_PAGE = expect(200, pimpinan_a=403, verifikator=403, outsider=404)


def _risalah(w):
    return {"uuid": w.risalah_a.uuid}


def _meeting(w):
    meeting = Meeting.objects.create(
        risalah=w.risalah_a, date=date(2026, 3, 3), duration_minutes=60, agenda="Rapat pertama"
    )
    return {"uuid": w.risalah_a.uuid, "meeting": meeting.uuid}


def _photo(w):
    attachment = Attachment(
        risalah=w.risalah_a, kind=Evidence.PHOTO_DURING, content_type="image/png", caption="Rapat", size=100
    )
    attachment.file.save("foto.png", ContentFile(png_bytes()), save=False)
    thumbnail = make_thumbnail(png_bytes())
    attachment.thumbnail.save(thumbnail.name, thumbnail, save=False)
    attachment.save()
    return {"uuid": w.risalah_a.uuid, "attachment": attachment.uuid}


def _roster_uuids(w):
    members = w.group_year_a.members.exclude(role=RosterRole.PEMBINA).select_related("person")
    return [str(member.person.uuid) for member in members]


def _meeting_data(w):
    return {
        "date": "2026-03-10",
        "duration_minutes": "90",
        "agenda": "Curah pendapat",
        "notulen": "Penyebab dikumpulkan.",
        "attendees": _roster_uuids(w),
    }


def _schedule_data(w):
    data = {"schedule_start": "2026-03-02", "schedule_weeks": "16"}
    for step in w.risalah_a.steps.select_related("method_step"):
        data[f"planned_{step.method_step.number}"] = "1-2"
        data[f"actual_{step.method_step.number}"] = "2-3"
    return data


def _upload_data(w):
    return {
        "kind": Evidence.SOP,
        "caption": "SOP pendaftaran",
        "file": SimpleUploadedFile("sop.pdf", pdf_bytes("SOP"), content_type="application/pdf"),
    }


ROWS = [
    Row("risalah-meetings", READ, kwargs=_risalah),
    Row("risalah-meeting-create", WRITE_PAGE, kwargs=_risalah),
    Row("risalah-meeting-create", WRITE, kwargs=_risalah, method="post", data=_meeting_data),
    Row("risalah-meeting-edit", WRITE_PAGE, kwargs=_meeting),
    Row("risalah-meeting-edit", WRITE, kwargs=_meeting, method="post", data=_meeting_data),
    Row("risalah-meeting-delete", WRITE_PAGE, kwargs=_meeting),
    Row("risalah-meeting-delete", WRITE, kwargs=_meeting, method="post"),
    Row("risalah-schedule", READ, kwargs=_risalah),
    Row("risalah-schedule", WRITE, kwargs=_risalah, method="post", data=_schedule_data),
    Row("risalah-attachments", READ, kwargs=_risalah),
    Row("risalah-attachment-upload", WRITE_PAGE, kwargs=_risalah),
    Row("risalah-attachment-upload", WRITE, kwargs=_risalah, method="post", data=_upload_data),
    Row("risalah-attachment-file", READ, kwargs=_photo),
    Row("risalah-attachment-thumb", READ, kwargs=_photo),
    Row("risalah-attachment-delete", WRITE, kwargs=_photo, method="post"),
    Row("risalah-pdf", READ, kwargs=_risalah),
]
