"""The review pages per persona, the notice mail of a return made on the page, the locked and
frozen rules as the group meets them, the changes since a return, and the history.

Pages are read in English (the msgids), as chosen with the language switch.
"""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from core.models import MailKind, Role, SentMail
from risalah import review
from risalah.evidence_files import CheckedFile
from risalah.evidence_services import attachment_add
from risalah.models import Attachment, Evidence, Meeting, ReviewNote, Risalah, RisalahStep, Status, Transition
from risalah.services import risalah_save_title, step_save
from tests.factories import RoleFactory, UserFactory, jpeg_bytes

LOCKED = "This risalah is %s and can no longer be changed by the group."


def client_for(user=None) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def as_(world):
    return lambda persona: client_for(world.users[persona])


def with_status(risalah: Risalah, status: str) -> Risalah:
    Risalah.objects.filter(pk=risalah.pk).update(status=status)
    risalah.refresh_from_db()
    return risalah


def step(risalah: Risalah, number: int) -> RisalahStep:
    return RisalahStep.objects.select_related("method_step", "risalah").get(
        risalah=risalah, method_step__number=number
    )


def url(name: str, risalah: Risalah, **kwargs) -> str:
    return reverse(name, kwargs={"uuid": risalah.uuid, **kwargs})


def step_url(risalah: Risalah, number: int, name: str = "risalah-step") -> str:
    return url(name, risalah, number=number)


def text_of(html: str) -> str:
    """The page's text, tags removed and spaces folded, for assertions on sentences."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def write_step(risalah: Risalah, number: int, *, data: dict | None = None, narrative: str, by) -> RisalahStep:
    current = step(risalah, number)
    return step_save(
        step=current, data=data or current.data, narrative=narrative, base_version=current.version, by=by
    )


def returned_with_notes(world) -> Transition:
    """Group A's risalah, under review, returned with a note on step 3, one on the whole and a message."""
    risalah = with_status(world.risalah_a, Status.IN_REVIEW)
    verifikator = world.users["verifikator"]
    review.review_note_add(
        risalah=risalah, step=step(risalah, 3), text="Data uji penyebab belum ada.", by=verifikator
    )
    review.review_note_add(risalah=risalah, step=None, text="Judul belum terukur.", by=verifikator)
    return review.risalah_return(risalah=risalah, by=verifikator, note="Mohon dilengkapi.")


# --- the review page per persona ----------------------------------------------------------------


def test_the_verifikator_reviews_a_submitted_risalah(world, as_):
    risalah = with_status(world.risalah_a, Status.SUBMITTED)
    response = as_("verifikator").get(url("risalah-review", risalah))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert "Review: KBK Sehati" in html
    assert f'action="{url("risalah-review-start", risalah)}"' in html
    assert ">Start the review</button>" in html
    assert [s.method_step.number for s in response.context["steps"]] == [1, 2, 3, 4, 5, 6, 7]
    assert f'action="{url("risalah-review-note", risalah)}"' in html
    assert f'formaction="{url("risalah-review-verify", risalah)}"' in html
    assert "This risalah has not been returned for revision before." not in html  # no changes section


@pytest.mark.parametrize(("persona", "status"), [("operator_a", 403), ("pimpinan_a", 403), ("outsider", 404)])
def test_only_reviewers_of_the_unit_open_the_review_page(world, as_, persona, status):
    risalah = with_status(world.risalah_a, Status.SUBMITTED)
    response = as_(persona).get(url("risalah-review", risalah))
    assert response.status_code == status
    assert "Start the review" not in response.content.decode()


def test_a_verifikator_of_another_unit_does_not_see_the_risalah(world):
    """A verifikator of Dinas Pendidikan only: group A's risalah does not exist for them."""
    verifikator_b = UserFactory(username="verifikator.disdik", unit=world.unit_b)
    RoleFactory(user=verifikator_b, role=Role.VERIFIKATOR, unit=world.unit_b)
    risalah = with_status(world.risalah_a, Status.SUBMITTED)
    client = client_for(verifikator_b)
    assert client.get(url("risalah-review", risalah)).status_code == 404
    response = client.post(url("risalah-review-return", risalah), {"note": "Perbaiki"})
    assert response.status_code == 404
    assert Risalah.objects.get(pk=risalah.pk).status == Status.SUBMITTED


def test_the_group_may_not_review_its_own_risalah(world, as_):
    risalah = with_status(world.risalah_a, Status.SUBMITTED)
    for name in ("risalah-review-start", "risalah-review-verify"):
        assert as_("operator_a").post(url(name, risalah)).status_code == 403
    assert as_("operator_a").post(url("risalah-review-note", risalah), {"text": "Bagus"}).status_code == 403
    assert (Risalah.objects.get(pk=risalah.pk).status, ReviewNote.objects.count()) == (Status.SUBMITTED, 0)


def test_start_write_notes_and_delete_one(world, as_):
    risalah = with_status(world.risalah_a, Status.SUBMITTED)
    client = as_("verifikator")
    response = client.post(url("risalah-review-start", risalah), follow=True)
    assert "You are reviewing this risalah now." in response.content.decode()
    assert Risalah.objects.get(pk=risalah.pk).status == Status.IN_REVIEW

    client.post(url("risalah-review-note", risalah), {"step": "3", "text": "Data uji penyebab belum ada."})
    client.post(url("risalah-review-note", risalah), {"step": "", "text": "Judul belum terukur."})
    client.post(url("risalah-review-note", risalah), {"step": "5", "text": "Foto pelaksanaan kurang."})
    notes = {(n.step.method_step.number if n.step else None, n.text) for n in ReviewNote.objects.all()}
    assert notes == {
        (3, "Data uji penyebab belum ada."),
        (None, "Judul belum terukur."),
        (5, "Foto pelaksanaan kurang."),
    }

    response = client.get(url("risalah-review", risalah))
    html = response.content.decode()
    step3 = re.search(r'id="step-3">(.*?)</li>', html, re.S).group(1)
    assert "Data uji penyebab belum ada." in step3 and "Foto pelaksanaan" not in step3
    assert "3 notes written" in html

    five = ReviewNote.objects.get(step__method_step__number=5)
    response = client.post(url("risalah-review-note-delete", risalah, note=five.uuid), follow=True)
    assert "Note deleted." in response.content.decode()
    assert ReviewNote.objects.filter(pk=five.pk).exists() is False


def test_a_step_link_chooses_the_step_of_the_note(world, as_):
    risalah = with_status(world.risalah_a, Status.IN_REVIEW)
    html = as_("verifikator").get(url("risalah-review", risalah) + "?step=3").content.decode()
    assert '<option value="3" selected>3. Menguji Penyebab Dominan</option>' in html
    assert 'href="?step=3#note-form"' in html
    html = as_("verifikator").get(url("risalah-review", risalah) + "?step=99").content.decode()
    assert '<option value="" selected>The risalah as a whole</option>' in html


def test_an_empty_note_is_refused_beside_the_field(world, as_):
    risalah = with_status(world.risalah_a, Status.IN_REVIEW)
    response = as_("verifikator").post(url("risalah-review-note", risalah), {"step": "3", "text": "   "})
    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["note_form"].errors == {"text": ["Write the note first."]}
    assert 'class="invalid-feedback"' in html and "Write the note first." in html
    assert '<option value="3" selected>' in html  # the chosen step is kept
    assert ReviewNote.objects.count() == 0


def test_a_return_without_any_note_is_refused_beside_the_field(world, as_):
    risalah = with_status(world.risalah_a, Status.IN_REVIEW)
    response = as_("verifikator").post(url("risalah-review-return", risalah), {"note": ""})
    assert response.status_code == 200
    assert response.context["decision_form"].errors == {
        "note": ["Write at least one note so the group knows what to fix."]
    }
    assert (Risalah.objects.get(pk=risalah.pk).status, Transition.objects.count()) == (Status.IN_REVIEW, 0)


def test_a_decision_on_a_risalah_that_moved_on_is_a_message(world, as_):
    risalah = with_status(world.risalah_a, Status.RETURNED)
    response = as_("verifikator").post(url("risalah-review-verify", risalah), follow=True)
    assert response.redirect_chain == [(url("risalah-review", risalah), 302)]
    html = response.content.decode()
    assert "This risalah is returned for revision; it cannot be verified now." in html
    assert "there is nothing to review now" in html
    assert Risalah.objects.get(pk=risalah.pk).status == Status.RETURNED


def test_the_review_page_has_no_n_plus_one(world, as_, django_assert_num_queries):
    risalah = with_status(world.risalah_a, Status.IN_REVIEW)
    client = as_("verifikator")
    verifikator = world.users["verifikator"]
    review.review_note_add(risalah=risalah, step=step(risalah, 1), text="Catatan 1", by=verifikator)
    client.get(url("risalah-review", risalah))
    with django_assert_num_queries(20):
        html = client.get(url("risalah-review", risalah)).content.decode()
    assert html.count("Catatan ") == 1
    for number in (2, 3):
        review.review_note_add(
            risalah=risalah, step=step(risalah, number), text=f"Catatan {number}", by=verifikator
        )
    with django_assert_num_queries(20):
        html = client.get(url("risalah-review", risalah)).content.decode()
    assert html.count("Catatan ") == 3


# --- the notice mail ----------------------------------------------------------------------------


def test_returning_on_the_page_mails_each_operator_of_the_group_once(
    world, as_, django_capture_on_commit_callbacks
):
    second_operator = UserFactory(
        username="operator.puskesmas", unit=world.unit_a1, email="op.pkm@example.go.id"
    )
    RoleFactory(user=second_operator, role=Role.OPERATOR, unit=world.unit_a1)
    risalah = with_status(world.risalah_a, Status.IN_REVIEW)
    client = as_("verifikator")
    client.post(url("risalah-review-note", risalah), {"step": "3", "text": "Data uji penyebab belum ada."})

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("risalah-review-return", risalah), {"note": "Mohon dilengkapi sebelum 1 Agustus."}
        )

    assert response["Location"] == url("risalah-review", risalah)
    assert Risalah.objects.get(pk=risalah.pk).status == Status.RETURNED
    # exactly one mail per operator of the group's unit subtree; the outsider (unit B) gets none
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [world.users["operator_a"].email, second_operator.email]
    )
    assert SentMail.objects.filter(kind=MailKind.STATUS_NOTICE).count() == 2
    for message in mail.outbox:
        assert message.subject == "Risalah KBK Sehati: dikembalikan untuk perbaikan"
        assert "Mohon dilengkapi sebelum 1 Agustus." in message.body
        assert "- 3. Menguji Penyebab Dominan: Data uji penyebab belum ada." in message.body
        assert "http://127.0.0.1:8000" + url("risalah-detail", risalah) in message.body


def test_verifying_on_the_page_mails_the_operator(world, as_, django_capture_on_commit_callbacks):
    risalah = with_status(world.risalah_a, Status.IN_REVIEW)
    with django_capture_on_commit_callbacks(execute=True):
        response = as_("verifikator").post(url("risalah-review-verify", risalah), {"note": ""}, follow=True)
    assert "The risalah is verified." in response.content.decode()
    assert [(m.to, m.subject) for m in mail.outbox] == [
        ([world.users["operator_a"].email], "Risalah KBK Sehati: terverifikasi")
    ]


# --- the group meets the lock -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "label"), [(Status.SUBMITTED, "submitted"), (Status.IN_REVIEW, "under review")]
)
def test_a_submitted_or_reviewed_risalah_refuses_the_groups_writes(
    world, as_, status, label, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    risalah = world.risalah_a
    write_step(risalah, 3, narrative="Sebelum dikunci", by=world.users["operator_a"])
    risalah = with_status(risalah, status)
    client = as_("operator_a")
    message = LOCKED % label

    autosave = client.post(
        step_url(risalah, 3, "risalah-step-autosave"), {"version": "1", "narrative": "Diubah"}
    )
    assert autosave.status_code == 403
    assert message in autosave.content.decode()

    page = client.post(step_url(risalah, 3), {"version": "1", "narrative": "Diubah"})
    assert page.status_code == 403
    assert message in page.content.decode()
    assert step(risalah, 3).narrative == "Sebelum dikunci"

    title = client.post(url("risalah-title", risalah), {"theme": "Tema baru", "version": "0"})
    assert title.status_code == 403
    assert message in title.content.decode()
    meeting = client.post(
        url("risalah-meeting-create", risalah),
        {"date": "2026-03-10", "duration_minutes": "90", "agenda": "Rapat"},
    )
    assert meeting.status_code == 403
    assert message in meeting.content.decode()
    upload = client.post(
        url("risalah-attachment-upload", risalah),
        {
            "kind": Evidence.PHOTO_BEFORE,
            "caption": "Antrean",
            "file": SimpleUploadedFile("a.jpg", jpeg_bytes()),
        },
    )
    assert upload.status_code == 403
    assert message in upload.content.decode()

    risalah.refresh_from_db()
    assert (risalah.theme, Meeting.objects.count(), Attachment.objects.count()) == ("Pelayanan cepat", 0, 0)

    # The pages say so before anyone types.
    html = client.get(step_url(risalah, 3)).content.decode()
    assert f"This risalah is {label}; the group can no longer change it." in html
    assert "data-autosave" not in html
    overview = text_of(client.get(url("risalah-detail", risalah)).content.decode())
    assert "meanwhile the group cannot change it." in overview


def test_a_returned_risalah_is_the_groups_again(world, as_):
    returned_with_notes(world)
    response = as_("operator_a").post(
        step_url(world.risalah_a, 3, "risalah-step-autosave"),
        {"version": "0", "narrative": "Data ditambahkan."},
    )
    assert response.status_code == 200
    assert step(world.risalah_a, 3).narrative == "Data ditambahkan."


def test_a_verified_risalah_is_frozen(world, as_):
    risalah = with_status(world.risalah_a, Status.VERIFIED)
    Transition.objects.create(
        risalah=risalah,
        from_status=Status.IN_REVIEW,
        to_status=Status.VERIFIED,
        by=world.users["verifikator"],
    )
    client = as_("operator_a")
    message = LOCKED % "verified"
    autosave = client.post(step_url(risalah, 1, "risalah-step-autosave"), {"version": "0", "narrative": "x"})
    assert (autosave.status_code, message in autosave.content.decode()) == (403, True)
    title = client.post(url("risalah-title", risalah), {"theme": "Tema baru", "version": "0"})
    assert (title.status_code, message in title.content.decode()) == (403, True)
    assert client.post(url("risalah-submit", risalah)).status_code == 403
    assert step(risalah, 1).narrative == ""

    overview = client.get(url("risalah-detail", risalah)).content.decode()
    assert "The risalah is frozen: nobody can change it any more." in overview
    assert f'action="{url("risalah-new-revision", risalah)}"' in overview
    # A reader sees the frozen message, but no button to start a revision.
    overview = as_("pimpinan_a").get(url("risalah-detail", risalah)).content.decode()
    assert "The risalah is frozen" in overview
    assert url("risalah-new-revision", risalah) not in overview
    # The history page offers the same to the writer only.
    assert (
        url("risalah-new-revision", risalah) in client.get(url("risalah-history", risalah)).content.decode()
    )
    history = as_("pimpinan_a").get(url("risalah-history", risalah)).content.decode()
    assert url("risalah-new-revision", risalah) not in history


def test_a_corrected_revision_copies_everything_and_the_verified_one_stays(world, as_, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    operator = world.users["operator_a"]
    risalah = world.risalah_a
    write_step(risalah, 3, narrative="Versi terverifikasi", by=operator)
    meeting = Meeting.objects.create(
        risalah=risalah, date="2026-03-10", duration_minutes=90, agenda="Rapat 1"
    )
    people = [m.person for m in world.group_year_a.members.all()]
    meeting.attendees.set(people)
    photo = attachment_add(
        risalah=risalah,
        kind=Evidence.PHOTO_BEFORE,
        by=operator,
        caption="Antrean",
        step=step(risalah, 3),
        checked=CheckedFile(ContentFile(jpeg_bytes(), name="antrean.jpg"), "image/jpeg", "antrean.jpg"),
    )
    risalah = with_status(risalah, Status.VERIFIED)

    response = as_("operator_a").post(url("risalah-new-revision", risalah), follow=True)

    copy = Risalah.objects.get(previous_revision=risalah)
    assert response.redirect_chain == [(url("risalah-detail", copy), 302)]
    assert "Revision 2 was created as a draft." in response.content.decode()
    assert (copy.status, copy.revision, copy.theme) == (Status.DRAFT, 2, "Pelayanan cepat")
    assert step(copy, 3).narrative == "Versi terverifikasi"
    copied_meeting = copy.meetings.get()
    assert (copied_meeting.agenda, set(copied_meeting.attendees.all())) == ("Rapat 1", set(people))
    copied = copy.attachments.get()
    assert (copied.caption, copied.step.method_step.number, copied.original_name) == (
        "Antrean",
        3,
        "antrean.jpg",
    )
    assert copied.step.risalah == copy
    assert copied.file.name != photo.file.name and copied.thumbnail.name != photo.thumbnail.name
    with copied.file.open("rb") as new, photo.file.open("rb") as old:
        assert new.read() == old.read()
    # the verified revision keeps its own rows and files
    assert (risalah.meetings.count(), risalah.attachments.get().file.name) == (1, photo.file.name)

    # the verified revision points to its correction, and only one correction is started
    overview = as_("operator_a").get(url("risalah-detail", risalah)).content.decode()
    assert url("risalah-detail", copy) in overview and url("risalah-new-revision", risalah) not in overview
    response = as_("operator_a").post(url("risalah-new-revision", risalah), follow=True)
    assert "A newer revision of this risalah already exists." in response.content.decode()
    assert Risalah.objects.filter(previous_revision=risalah).count() == 1
    draft = as_("operator_a").get(url("risalah-detail", copy)).content.decode()
    assert "Revision 2: a correction of a verified risalah" in draft


def test_a_reader_may_not_start_a_revision(world, as_):
    risalah = with_status(world.risalah_a, Status.VERIFIED)
    assert as_("pimpinan_a").post(url("risalah-new-revision", risalah)).status_code == 403
    assert as_("outsider").post(url("risalah-new-revision", risalah)).status_code == 404
    assert Risalah.objects.count() == 1


# --- what the group sees after a return ---------------------------------------------------------


def test_the_group_sees_the_notes_beside_the_steps(world, as_):
    returned_with_notes(world)
    risalah = world.risalah_a
    client = as_("operator_a")

    overview = client.get(url("risalah-detail", risalah)).content.decode()
    panel = text_of(
        re.search(
            r'<div class="alert alert-warning" role="note" id="returned">(.*?)</div>', overview, re.S
        ).group(1)
    )
    assert "Fix what the notes ask for, then submit the risalah again" in panel
    assert "Mohon dilengkapi. Judul belum terukur." in panel
    assert "Step 3: Menguji Penyebab Dominan · 1 note" in panel
    assert f'href="{step_url(risalah, 3)}#review-notes"' in overview
    assert f'href="{url("risalah-submit", risalah)}">Submit again</a>' in overview
    assert f'href="{url("risalah-changes", risalah)}"' in overview
    assert f'href="{url("risalah-history", risalah)}"' in overview
    assert url("risalah-review", risalah) not in overview  # the group does not review

    step3 = client.get(step_url(risalah, 3)).content.decode()
    assert "Verifikator's note on this step" in step3
    assert "Data uji penyebab belum ada." in step3
    step1 = client.get(step_url(risalah, 1)).content.decode()
    assert "Data uji penyebab" not in step1 and 'id="review-notes"' not in step1
    title = client.get(url("risalah-title", risalah)).content.decode()
    assert "Judul belum terukur." in title and "Mohon dilengkapi." in title


def test_the_notes_leave_the_pages_once_resubmitted(world, as_):
    returned_with_notes(world)
    Risalah.objects.filter(pk=world.risalah_a.pk).update(status=Status.SUBMITTED)
    client = as_("operator_a")
    assert "Data uji penyebab" not in client.get(step_url(world.risalah_a, 3)).content.decode()
    overview = client.get(url("risalah-detail", world.risalah_a)).content.decode()
    assert 'id="returned"' not in overview
    assert (
        f'href="{url("risalah-changes", world.risalah_a)}"' in overview
    )  # returned before: the changes stay


def test_the_overview_shows_the_verifikator_the_review_button(world, as_):
    risalah = with_status(world.risalah_a, Status.SUBMITTED)
    html = as_("verifikator").get(url("risalah-detail", risalah)).content.decode()
    assert (
        f'<a class="btn btn-primary" href="{url("risalah-review", risalah)}">Review the risalah</a>' in html
    )
    assert url("risalah-changes", risalah) not in html  # never returned: no changes to show
    for persona in ("operator_a", "pimpinan_a"):
        assert (
            url("risalah-review", risalah)
            not in as_(persona).get(url("risalah-detail", risalah)).content.decode()
        )


def test_the_overview_has_no_n_plus_one_in_the_notes(world, as_, django_assert_num_queries):
    risalah = with_status(world.risalah_a, Status.IN_REVIEW)
    verifikator = world.users["verifikator"]
    review.review_note_add(risalah=risalah, step=step(risalah, 1), text="Catatan 1", by=verifikator)
    review.risalah_return(risalah=risalah, by=verifikator)
    client = as_("operator_a")
    client.get(url("risalah-detail", risalah))
    with django_assert_num_queries(17):
        html = client.get(url("risalah-detail", risalah)).content.decode()
    assert html.count("#review-notes") == 1
    with_status(risalah, Status.IN_REVIEW)
    for number in (2, 3, 4):
        review.review_note_add(
            risalah=risalah, step=step(risalah, number), text=f"Catatan {number}", by=verifikator
        )
    review.risalah_return(risalah=risalah, by=verifikator)
    with django_assert_num_queries(17):
        html = client.get(url("risalah-detail", risalah)).content.decode()
    assert html.count("#review-notes") == 3


# --- the list and the group's page --------------------------------------------------------------


def test_the_verifikator_filters_the_risalah_waiting_for_review(world, as_):
    with_status(world.risalah_a, Status.SUBMITTED)
    from risalah.services import risalah_create

    risalah_create(
        group=world.group_b, programme_year=world.year, by=world.users["outsider"], theme="Sekolah ramah anak"
    )
    html = as_("verifikator").get(reverse("risalah-list")).content.decode()
    assert '<a class="btn btn-sm btn-outline-primary" href="?status=submitted">Waiting for review</a>' in html
    html = as_("verifikator").get(reverse("risalah-list") + "?status=submitted").content.decode()
    assert 'aria-current="page" href="?status=submitted"' in html
    assert "Pelayanan cepat" in html and "Sekolah ramah anak" not in html
    assert 'id="review-filters"' not in as_("operator_a").get(reverse("risalah-list")).content.decode()


def test_the_group_page_links_to_its_risalah(world, as_):
    with_status(world.risalah_a, Status.RETURNED)
    create = f"{reverse('risalah-create')}?group={world.group_a.uuid}"
    html = as_("operator_a").get(reverse("groups-detail", args=[world.group_a.uuid])).content.decode()
    section = re.search(r'<section class="mb-4" id="risalah">(.*?)</section>', html, re.S).group(1)
    assert f'href="{url("risalah-detail", world.risalah_a)}">Pelayanan cepat</a>' in section
    assert "Programme year 2026" in section and "Returned for revision" in section
    assert f'href="{create}"' in section
    html = as_("pimpinan_a").get(reverse("groups-detail", args=[world.group_a.uuid])).content.decode()
    assert url("risalah-detail", world.risalah_a) in html and create not in html
    html = as_("outsider").get(reverse("groups-detail", args=[world.group_b.uuid])).content.decode()
    assert "This group has not started a risalah yet." in html
    assert url("risalah-detail", world.risalah_a) not in html


# --- changes since the return -------------------------------------------------------------------


CAUSES_BEFORE = {"cause_test": {"rows": [{"cause": "Petugas kurang", "count": 4, "dominant": True}]}}
CAUSES_AFTER = {
    "cause_test": {
        "rows": [
            {"cause": "Petugas kurang", "count": 9, "dominant": True},
            {"cause": "Formulir rumit", "count": 2, "dominant": False},
        ]
    }
}


def test_the_changes_page_shows_what_the_group_changed_since_the_return(world, as_):
    operator = world.users["operator_a"]
    risalah = world.risalah_a
    html = as_("pimpinan_a").get(url("risalah-changes", risalah)).content.decode()
    assert "This risalah has not been returned for revision before." in html

    write_step(risalah, 3, data=CAUSES_BEFORE, narrative="Kami menguji penyebab.", by=operator)
    returned_with_notes(world)
    html = as_("pimpinan_a").get(url("risalah-changes", risalah)).content.decode()
    assert "Nothing has changed since it was returned on" in html

    write_step(
        risalah, 3, data=CAUSES_AFTER, narrative="Kami menguji penyebab dengan data baru.", by=operator
    )
    risalah.refresh_from_db()
    risalah_save_title(
        risalah=risalah,
        parts={
            **{
                name: getattr(risalah, name)
                for name in (
                    "theme",
                    "direction",
                    "metric",
                    "baseline_value",
                    "target_value",
                    "unit_of_measure",
                    "place",
                    "deadline",
                )
            },
            "metric": "persentase pasien dilayani < 60 menit",
        },
        title="",
        title_is_custom=False,
        base_version=risalah.version,
        by=operator,
    )
    response = as_("pimpinan_a").get(url("risalah-changes", risalah))
    html = response.content.decode()
    assert html.count("<h1") == 1
    rows = [
        tuple(text_of(cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S))
        for row in re.findall(r"<tr>(.*?)</tr>", html, re.S)
        if "<td" in row
    ]
    assert ("metric", "—", "persentase pasien dilayani &lt; 60 menit") in rows
    assert [row for row in rows if row[0].startswith(("Testing", "narrative"))] == [
        ("Testing the causes › row 1 › count", "4", "9"),
        ("Testing the causes › row 2 › cause", "—", "Formulir rumit"),
        ("Testing the causes › row 2 › count", "—", "2"),
        ("Testing the causes › row 2 › dominant", "—", "no"),
        ("narrative", "Kami menguji penyebab.", "Kami menguji penyebab dengan data baru."),
    ]
    assert "Step 3: Menguji Penyebab Dominan" in html
    assert "Step 1:" not in html  # unchanged steps are left out
    # The verifikator sees the same on the review page once it is submitted again.
    with_status(risalah, Status.SUBMITTED)
    review_html = as_("verifikator").get(url("risalah-review", risalah)).content.decode()
    assert "What changed since you returned it" in review_html
    assert "Formulir rumit" in review_html
    assert as_("outsider").get(url("risalah-changes", risalah)).status_code == 404


# --- history -------------------------------------------------------------------------------------


def test_the_history_lists_status_changes_with_notes_and_field_edits(world, as_):
    operator = world.users["operator_a"]
    risalah = world.risalah_a
    write_step(risalah, 3, narrative="Versi pertama", by=operator)
    risalah.status = Status.SUBMITTED  # saved with its history, as risalah_submit does
    risalah.save()
    review.risalah_start_review(risalah=risalah, by=world.users["verifikator"])
    returned_with_notes(world)
    write_step(risalah, 3, narrative="Versi kedua", by=operator)

    response = as_("pimpinan_a").get(url("risalah-history", risalah))
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert [(t.from_status, t.to_status) for t in response.context["transitions"]] == [
        (Status.IN_REVIEW, Status.RETURNED),
        (Status.SUBMITTED, Status.IN_REVIEW),
    ]
    status_changes = text_of(re.search(r'<ul class="list-group mb-4">(.*?)</ul>\s*<h2', html, re.S).group(1))
    assert "Under review → Returned for revision" in status_changes
    assert "Mohon dilengkapi." in status_changes
    assert "3. Menguji Penyebab Dominan: Data uji penyebab belum ada." in status_changes
    assert "Judul belum terukur." in status_changes
    edits = text_of(re.search(r"<tbody>(.*?)</tbody>", html, re.S).group(1))
    assert "narrative: Versi pertama → Versi kedua" in edits
    assert "status: Submitted → Under review" in edits
    assert "status: Under review → Returned for revision" in edits


def test_the_history_has_no_n_plus_one(world, as_, django_assert_num_queries):
    risalah = with_status(world.risalah_a, Status.IN_REVIEW)
    verifikator = world.users["verifikator"]
    client = as_("pimpinan_a")

    def cycle(number):
        review.review_note_add(
            risalah=risalah, step=step(risalah, number), text=f"Catatan {number}", by=verifikator
        )
        review.risalah_return(risalah=risalah, by=verifikator)
        with_status(risalah, Status.IN_REVIEW)

    cycle(1)
    client.get(url("risalah-history", risalah))
    with django_assert_num_queries(14):
        response = client.get(url("risalah-history", risalah))
    assert len(response.context["transitions"]) == 1
    cycle(2)
    cycle(3)
    with django_assert_num_queries(14):
        response = client.get(url("risalah-history", risalah))
    assert len(response.context["transitions"]) == 3
