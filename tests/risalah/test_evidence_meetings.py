"""Meetings of a risalah: recording, attendance from the roster only, figures computed, access."""

import io
import re
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from PIL import Image

from groups.models import RosterRole
from risalah.models import Attachment, Evidence, Meeting
from tests.factories import PersonFactory, jpeg_bytes, pdf_bytes, png_bytes

pytestmark = pytest.mark.django_db


def in_indonesian(text: str) -> str:
    with translation.override("id"):
        return gettext(text)


def roster(world):
    """The world's roster people who count for attendance (5, no Pembina), in a fixed order."""
    members = (
        world.group_year_a.members.exclude(role=RosterRole.PEMBINA).select_related("person").order_by("pk")
    )
    return [member.person for member in members]


def meeting_data(people, **overrides):
    data = {
        "date": "2026-03-10",
        "duration_minutes": "90",
        "agenda": "Curah pendapat penyebab",
        "notulen": "Lima belas penyebab terkumpul.",
        "attendees": [str(person.uuid) for person in people],
    }
    data.update(overrides)
    return data


def make_meeting(world, day, minutes, present):
    meeting = Meeting.objects.create(
        risalah=world.risalah_a, date=day, duration_minutes=minutes, agenda=f"Rapat {day}"
    )
    meeting.attendees.set(present)
    return meeting


def figure(html: str, name: str) -> str:
    match = re.search(rf'data-figure="{name}">([^<]*)<', html)
    assert match, name
    return match[1].strip()


def test_operator_records_a_meeting_with_attendance_photos_and_daftar_hadir(world, login):
    people = roster(world)
    client = login("operator_a")
    data = meeting_data(people[:4])
    data["photos"] = [
        SimpleUploadedFile("rapat1.jpg", jpeg_bytes((1200, 800)), content_type="image/jpeg"),
        SimpleUploadedFile("rapat2.png", png_bytes((300, 200)), content_type="image/png"),
    ]
    data["daftar_hadir"] = SimpleUploadedFile(
        "hadir.pdf", pdf_bytes("Daftar hadir"), content_type="application/pdf"
    )
    response = client.post(reverse("risalah-meeting-create", args=[world.risalah_a.uuid]), data)
    assert response.status_code == 302
    assert response["Location"] == reverse("risalah-meetings", args=[world.risalah_a.uuid])

    meeting = Meeting.objects.get(risalah=world.risalah_a)
    assert (meeting.date, meeting.duration_minutes, meeting.agenda, meeting.notulen) == (
        date(2026, 3, 10),
        90,
        "Curah pendapat penyebab",
        "Lima belas penyebab terkumpul.",
    )
    assert set(meeting.attendees.all()) == set(people[:4])
    kinds = sorted(meeting.attachments.values_list("kind", "content_type"))
    assert kinds == [
        (Evidence.DAFTAR_HADIR, "application/pdf"),
        (Evidence.PHOTO_DURING, "image/jpeg"),
        (Evidence.PHOTO_DURING, "image/png"),
    ]
    for photo in meeting.attachments.filter(kind=Evidence.PHOTO_DURING):
        with photo.thumbnail.open("rb") as handle, Image.open(io.BytesIO(handle.read())) as thumb:
            assert thumb.format == "JPEG"
            assert max(thumb.size) <= 400
    assert not meeting.attachments.get(kind=Evidence.DAFTAR_HADIR).thumbnail

    page = client.get(reverse("risalah-meetings", args=[world.risalah_a.uuid])).content.decode()
    assert "Curah pendapat penyebab" in page
    assert figure(page, "count") == "1"
    assert figure(page, "attendance") == "80%"


def test_attendance_only_from_the_roster(world, login):
    people = roster(world)
    stranger = PersonFactory(unit=world.unit_a1, name="Bukan Anggota")
    client = login("operator_a")
    data = meeting_data(people[:2], agenda="Rapat dengan tamu")
    data["attendees"].append(str(stranger.uuid))
    response = client.post(reverse("risalah-meeting-create", args=[world.risalah_a.uuid]), data)
    assert response.status_code == 200
    assert not Meeting.objects.exists()
    page = response.content.decode()
    assert response.context["form"].errors["attendees"] == [
        in_indonesian(
            "Only members of the group's roster for this year can be ticked as present. "
            "Reload the page to see the current roster."
        )
    ]
    assert 'value="Rapat dengan tamu"' in page  # what was typed is kept
    # The checkboxes offer exactly the roster (the Pembina and strangers are not offered).
    offered = set(re.findall(r'name="attendees" value="([0-9a-f-]+)"', page))
    assert offered == {str(person.uuid) for person in people}


def test_a_meeting_in_the_future_or_of_zero_minutes_is_refused(world, login):
    client = login("operator_a")
    tomorrow = (date.today() + timedelta(days=2)).isoformat()
    response = client.post(
        reverse("risalah-meeting-create", args=[world.risalah_a.uuid]),
        meeting_data(roster(world), date=tomorrow, duration_minutes="0"),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"date", "duration_minutes"}
    assert not Meeting.objects.exists()


def test_a_hostile_photo_is_refused_and_nothing_is_saved(world, login):
    client = login("operator_a")
    data = meeting_data(roster(world))
    data["photos"] = [
        SimpleUploadedFile("foto.jpg", b"<html><script>alert(1)</script></html>", content_type="image/jpeg")
    ]
    response = client.post(reverse("risalah-meeting-create", args=[world.risalah_a.uuid]), data)
    assert response.status_code == 200
    assert "foto.jpg" in response.context["form"].errors["photos"][0]
    assert not Meeting.objects.exists()
    assert not Attachment.objects.exists()


def test_edit_changes_the_meeting_and_its_attendance(world, login):
    people = roster(world)
    meeting = make_meeting(world, date(2026, 3, 3), 60, people)
    client = login("operator_a")
    url = reverse("risalah-meeting-edit", args=[world.risalah_a.uuid, meeting.uuid])
    page = client.get(url).content.decode()
    assert 'value="2026-03-03"' in page
    assert page.count("checked") >= len(people)
    response = client.post(url, meeting_data(people[1:3], duration_minutes="75", agenda="Rapat diubah"))
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.duration_minutes, meeting.agenda) == (75, "Rapat diubah")
    assert set(meeting.attendees.all()) == set(people[1:3])


def test_delete_asks_then_removes_the_meeting_and_its_files(world, login, django_capture_on_commit_callbacks):
    meeting = make_meeting(world, date(2026, 3, 3), 60, roster(world))
    client = login("operator_a")
    client.post(
        reverse("risalah-meeting-edit", args=[world.risalah_a.uuid, meeting.uuid]),
        {
            **meeting_data(roster(world)),
            "photos": [SimpleUploadedFile("a.png", png_bytes(), content_type="image/png")],
        },
    )
    photo = Attachment.objects.get(meeting=meeting)
    storage, names = photo.file.storage, [photo.file.name, photo.thumbnail.name]
    assert all(storage.exists(name) for name in names)

    url = reverse("risalah-meeting-delete", args=[world.risalah_a.uuid, meeting.uuid])
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert Meeting.objects.filter(pk=meeting.pk).exists()
    assert "Curah pendapat penyebab" in confirm.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    assert not Meeting.objects.filter(pk=meeting.pk).exists()
    assert not Attachment.objects.filter(pk=photo.pk).exists()
    assert not any(storage.exists(name) for name in names)


def test_figures_are_computed_from_the_meetings(world, login):
    people = roster(world)
    assert len(people) == 5
    make_meeting(world, date(2026, 3, 3), 60, people)  # 5/5
    make_meeting(world, date(2026, 4, 7), 90, people[:4])  # 4/5
    make_meeting(world, date(2026, 6, 2), 120, people[:3])  # 3/5
    page = login("pimpinan_a").get(reverse("risalah-meetings", args=[world.risalah_a.uuid])).content.decode()
    assert figure(page, "count") == "3"
    assert figure(page, "attendance") == "80%"  # (100 + 80 + 60) / 3
    assert figure(page, "minutes").startswith("90 ")  # (60 + 90 + 120) / 3
    assert figure(page, "period") == "3 Maret 2026 – 2 Juni 2026"
    # A reader sees the figures, not the buttons that change meetings.
    assert reverse("risalah-meeting-create", args=[world.risalah_a.uuid]) not in page


def test_readers_cannot_write_and_outsiders_see_nothing(world, login):
    meeting = make_meeting(world, date(2026, 3, 3), 60, roster(world))
    uuid = world.risalah_a.uuid
    pimpinan, outsider = login("pimpinan_a"), login("outsider")
    assert pimpinan.get(reverse("risalah-meeting-create", args=[uuid])).status_code == 403
    response = pimpinan.post(reverse("risalah-meeting-delete", args=[uuid, meeting.uuid]))
    assert response.status_code == 403
    assert Meeting.objects.filter(pk=meeting.pk).exists()
    for url in (
        reverse("risalah-meetings", args=[uuid]),
        reverse("risalah-meeting-edit", args=[uuid, meeting.uuid]),
        reverse("risalah-meeting-delete", args=[uuid, meeting.uuid]),
    ):
        response = outsider.get(url)
        assert response.status_code == 404
        assert b"Rapat 2026-03-03" not in response.content


def test_a_submitted_risalah_locks_its_meetings(world, login):
    meeting = make_meeting(world, date(2026, 3, 3), 60, roster(world))
    world.risalah_a.status = "submitted"
    world.risalah_a.save(update_fields=["status"])
    client = login("operator_a")
    response = client.post(
        reverse("risalah-meeting-edit", args=[world.risalah_a.uuid, meeting.uuid]),
        meeting_data(roster(world), agenda="Diubah setelah dikirim"),
    )
    assert response.status_code == 403
    meeting.refresh_from_db()
    assert meeting.agenda == "Rapat 2026-03-03"
    page = client.get(reverse("risalah-meetings", args=[world.risalah_a.uuid])).content.decode()
    assert reverse("risalah-meeting-edit", args=[world.risalah_a.uuid, meeting.uuid]) not in page


def _meeting_list(client, world) -> str:
    return client.get(reverse("risalah-meetings", args=[world.risalah_a.uuid])).content.decode()


def _meeting_with_photo(world, day):
    meeting = make_meeting(world, day, 60, roster(world)[:3])
    Attachment.objects.create(
        risalah=world.risalah_a,
        meeting=meeting,
        kind=Evidence.PHOTO_DURING,
        content_type="image/jpeg",
        file="risalah/x.jpg",
        thumbnail="risalah/x-thumb.jpg",
    )
    return meeting


def test_meeting_list_queries_do_not_grow_with_the_meetings(world, login, django_assert_num_queries):
    client = login("operator_a")
    _meeting_with_photo(world, date(2026, 3, 3))
    with django_assert_num_queries(13):
        page = _meeting_list(client, world)
    assert page.count('class="kbk-thumb"') == 1
    _meeting_with_photo(world, date(2026, 3, 10))
    _meeting_with_photo(world, date(2026, 3, 17))
    with django_assert_num_queries(13):
        page = _meeting_list(client, world)
    assert page.count('class="kbk-thumb"') == 3
