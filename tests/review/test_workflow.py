"""Every allowed and forbidden transition of the review workflow, and the diff since a return."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import translation

from core.models import AuditAction, AuditEvent
from risalah import diff
from risalah.models import ReviewNote, Risalah, Status, Transition
from risalah.review import (
    changes_since_return,
    review_note_add,
    review_note_delete,
    risalah_new_revision,
    risalah_reject,
    risalah_return,
    risalah_start_review,
    risalah_verify,
)
from tests.conftest import without_risalah


def with_status(risalah: Risalah, status: str) -> Risalah:
    Risalah.objects.filter(pk=risalah.pk).update(status=status)
    risalah.refresh_from_db()
    return risalah


def step(risalah, number):
    return risalah.steps.get(method_step__number=number)


ACTIONS = {
    "start_review": lambda r, by: risalah_start_review(risalah=r, by=by),
    "return": lambda r, by: risalah_return(risalah=r, by=by, note="Perbaiki langkah 3."),
    "verify": lambda r, by: risalah_verify(risalah=r, by=by),
    "reject": lambda r, by: risalah_reject(risalah=r, by=by, note="Bukan risalah TULTA."),
}

ALLOWED = {
    ("start_review", Status.SUBMITTED): Status.IN_REVIEW,
    ("return", Status.SUBMITTED): Status.RETURNED,
    ("return", Status.IN_REVIEW): Status.RETURNED,
    ("verify", Status.SUBMITTED): Status.VERIFIED,
    ("verify", Status.IN_REVIEW): Status.VERIFIED,
    ("reject", Status.SUBMITTED): Status.REJECTED,
    ("reject", Status.IN_REVIEW): Status.REJECTED,
}


@pytest.mark.parametrize("action", list(ACTIONS))
@pytest.mark.parametrize("status", Status.values)
def test_transition_table(world, action, status, django_capture_on_commit_callbacks):
    risalah = with_status(world.risalah_a, status)
    by = world.users["verifikator"]
    expected = ALLOWED.get((action, status))
    if expected is None:
        with pytest.raises(ValidationError):
            ACTIONS[action](risalah, by)
        risalah.refresh_from_db()
        assert (risalah.status, Transition.objects.count()) == (status, 0)
        return
    with django_capture_on_commit_callbacks(execute=True):
        change = ACTIONS[action](risalah, by)
    risalah.refresh_from_db()
    assert risalah.status == expected
    assert (change.from_status, change.to_status, change.by) == (status, expected, by)
    assert (
        AuditEvent.objects.filter(action=AuditAction.STATUS_CHANGE, details__to_status=expected).count() == 1
    )


def test_return_needs_a_note(world):
    risalah = with_status(world.risalah_a, Status.IN_REVIEW)
    with pytest.raises(ValidationError):
        risalah_return(risalah=risalah, by=world.users["verifikator"], note="  ")
    assert Risalah.objects.get(pk=risalah.pk).status == Status.IN_REVIEW


def test_reject_needs_a_reason(world):
    risalah = with_status(world.risalah_a, Status.SUBMITTED)
    with pytest.raises(ValidationError):
        risalah_reject(risalah=risalah, by=world.users["verifikator"], note="")


def test_notes_go_to_the_group_with_the_return_and_are_then_fixed(world, django_capture_on_commit_callbacks):
    risalah = with_status(world.risalah_a, Status.IN_REVIEW)
    verifikator = world.users["verifikator"]
    note = review_note_add(
        risalah=risalah, step=step(risalah, 3), text="Data uji penyebab belum ada.", by=verifikator
    )
    general = review_note_add(risalah=risalah, step=None, text="Judul belum terukur.", by=verifikator)
    with django_capture_on_commit_callbacks(execute=True):
        change = risalah_return(risalah=risalah, by=verifikator)
    assert set(change.notes.all()) == {note, general}
    with pytest.raises(ValidationError):
        review_note_delete(note=ReviewNote.objects.get(pk=note.pk))
    # the group's operator is told, with the note text
    assert [m.to for m in mail.outbox] == [[world.users["operator_a"].email]]


def test_notes_only_during_review(world):
    with pytest.raises(ValidationError):
        review_note_add(risalah=world.risalah_a, step=None, text="x", by=world.users["verifikator"])


def test_changes_since_the_return_are_field_level(world):
    risalah = with_status(world.risalah_a, Status.IN_REVIEW)
    s3 = step(risalah, 3)
    s3.data = {"cause_test": {"rows": [{"cause": "Petugas kurang", "count": 4, "dominant": True}]}}
    s3.narrative = "Kami menguji tiga penyebab."
    s3.save()
    risalah_return(risalah=risalah, by=world.users["verifikator"], note="Tambahkan data.")
    assert changes_since_return(risalah) == []
    s3.data = {
        "cause_test": {
            "rows": [
                {"cause": "Petugas kurang", "count": 9, "dominant": True},
                {"cause": "Formulir rumit", "count": 2, "dominant": False},
            ]
        }
    }
    s3.save()
    risalah.metric = "persentase pasien dilayani < 60 menit"
    risalah.save()
    with translation.override("en"):
        sections = changes_since_return(risalah)
    assert [(s.number, [(c.label, c.old, c.new) for c in s.changes]) for s in sections] == [
        (None, [("metric", "—", "persentase pasien dilayani < 60 menit")]),
        (
            3,
            [
                ("Testing the causes › row 1 › count", "4", "9"),
                ("Testing the causes › row 2 › cause", "—", "Formulir rumit"),
                ("Testing the causes › row 2 › count", "—", "2"),
                ("Testing the causes › row 2 › dominant", "—", "no"),
            ],
        ),
    ]


def test_snapshot_is_plain_json(world):
    import json

    json.dumps(diff.snapshot(world.risalah_a))


def test_verified_risalah_is_frozen_and_corrected_by_a_new_revision(world):
    risalah = with_status(world.risalah_a, Status.VERIFIED)
    assert risalah.is_editable is False
    s1 = step(risalah, 1)
    s1.narrative = "Versi terverifikasi"
    s1.save()
    copy = risalah_new_revision(risalah=risalah, by=world.users["operator_a"])
    assert (copy.status, copy.revision, copy.previous_revision) == (Status.DRAFT, 2, risalah)
    assert step(copy, 1).narrative == "Versi terverifikasi"
    assert copy.steps.count() == risalah.steps.count()
    with pytest.raises(ValidationError):
        risalah_new_revision(risalah=risalah, by=world.users["operator_a"])
    with pytest.raises(ValidationError):
        risalah_new_revision(risalah=copy, by=world.users["operator_a"])


def test_a_resubmission_keeps_the_first_submission_date(world):
    """Filing on time is judged by the first submission; later ones are in the transitions."""
    from datetime import timedelta

    from django.utils import timezone

    from demo.example_evidence import add_example_evidence
    from demo.example_risalah import build_example_risalah
    from risalah.services import risalah_submit

    operator = world.users["operator_a"]
    without_risalah(world)
    risalah = build_example_risalah(group=world.group_a, programme_year=world.year, by=operator)
    add_example_evidence(risalah=risalah, by=operator)
    first = timezone.now() - timedelta(days=30)
    Risalah.objects.filter(pk=risalah.pk).update(status=Status.RETURNED, submitted_at=first)
    risalah.refresh_from_db()
    risalah_submit(risalah=risalah, by=operator)
    risalah.refresh_from_db()
    assert (risalah.status, risalah.submitted_at) == (Status.SUBMITTED, first)
    assert risalah.transitions.filter(from_status=Status.RETURNED, to_status=Status.SUBMITTED).count() == 1


def test_snapshot_treats_47_and_47_00_as_the_same_value(world):
    from decimal import Decimal

    risalah = world.risalah_a
    risalah.baseline_value = Decimal("47")
    before = diff.snapshot(risalah)
    risalah.baseline_value = Decimal("47.00")
    assert diff.changes(before, diff.snapshot(risalah)) == []
