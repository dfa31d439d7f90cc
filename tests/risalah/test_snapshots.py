"""A filed risalah keeps its roster, SK and meeting figures: written by submit and verify, read
once it has left the group's hands, live again while it is returned; the late flag; one
risalah per group and year; meetings and attachments in the changes since a return."""

from datetime import date, timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from groups.models import GroupYear, RosterRole
from risalah import checker, diff, snapshots
from risalah.figures import MeetingFigures, meeting_figures
from risalah.models import Attachment, Evidence, Meeting, Risalah, RisalahSnapshot, Status, Transition
from risalah.review import (
    changes_since_return,
    risalah_new_revision,
    risalah_return,
    risalah_start_review,
    risalah_verify,
)
from risalah.services import RisalahExists, current_risalah, risalah_create, risalah_submit
from risalah.year_rules import year_rules
from tests.factories import GroupFactory, GroupYearFactory
from tests.risalah.conftest import add_meetings, members, newcomer

FILED_FIGURES = MeetingFigures(
    count=6,
    roster_size=5,
    average_attendance_pct=80.0,
    average_minutes=60.0,
    first_date=date(2026, 4, 1),
    last_date=date(2026, 4, 6),
)


# --- what the snapshot holds ---------------------------------------------------------------------


def test_submitting_writes_the_roster_sk_and_figures_as_filed(submitted, world, pembina):
    change = Transition.objects.get(risalah=submitted, to_status=Status.SUBMITTED)
    snapshot = RisalahSnapshot.objects.get()
    assert snapshot.transition == change
    ordered = [
        pembina,
        *sorted(
            members(world)[:5],
            key=lambda m: (["fasilitator", "ketua", "sekretaris", "anggota"].index(m.role), m.person.name),
        ),
    ]
    assert snapshot.roster == [
        {
            "person": str(m.person.uuid),
            "name": m.person.name,
            "nip": m.person.nip,
            "jabatan": m.person.jabatan,
            "role": m.role,
            "unit": "Puskesmas Sukamaju",
        }
        for m in ordered
    ]
    group_year = world.group_year_a
    assert snapshot.sk == {
        "number": group_year.sk_number,
        "date": group_year.sk_date.isoformat(),
        "signed_by": group_year.sk_signed_by,
        "has_scan": True,
    }
    assert snapshot.figures == {
        "count": 6,
        "roster_size": 5,
        "average_attendance_pct": 80.0,
        "average_minutes": 60.0,
        "first_date": "2026-04-01",
        "last_date": "2026-04-06",
    }


def test_a_roster_change_after_submission_changes_nothing_the_risalah_shows(submitted, world):
    newcomer(world)
    # The group's live figures move (4 of 6 present) ...
    assert meeting_figures(submitted).average_attendance_pct == 66.7
    # ... the risalah's do not: for the checker, for reports, for its pages.
    assert snapshots.filed_figures(submitted) == FILED_FIGURES
    assert checker.load_facts(submitted).figures == FILED_FIGURES
    filed = snapshots.filed(submitted)
    assert "Budi Pendatang" not in [m.person.name for m in filed.roster]
    changes = snapshots.roster_changes(submitted, filed)
    assert ([m.person.name for m in changes.added], changes.removed, changes.changed) == (
        ["Budi Pendatang"],
        [],
        [],
    )
    assert changes.roster_changed and not changes.sk_changed


def test_a_changed_member_and_sk_are_listed(submitted, world):
    ketua = world.group_year_a.members.get(role=RosterRole.KETUA)
    ketua.person.jabatan = "Kepala Tata Usaha"
    ketua.person.save()
    world.group_year_a.sk_number = "800/99/SK/2026"
    world.group_year_a.save()
    changes = snapshots.roster_changes(submitted, snapshots.filed(submitted))
    assert [(before.person.jabatan, after.person.jabatan) for before, after in changes.changed] == [
        ("Pelaksana", "Kepala Tata Usaha")
    ]
    assert changes.sk_changed and changes.sk_now.sk_number == "800/99/SK/2026"


def test_the_sk_scan_as_filed_decides_the_checker_finding(submitted, world):
    # The scan is removed after submission: the group's record lacks it, the risalah as filed had it.
    GroupYear.objects.filter(pk=world.group_year_a.pk).update(sk_scan="")
    assert not GroupYear.objects.get(pk=world.group_year_a.pk).has_sk
    assert [f.code for f in checker.check(submitted) if f.code == "missing_sk"] == []
    changes = snapshots.roster_changes(submitted, snapshots.filed(submitted))
    assert changes.sk_changed and (changes.sk_before.has_scan, changes.sk_now.has_scan) == (True, False)


def test_a_snapshot_written_before_the_scan_flag_asks_the_record_for_the_scan(submitted, world):
    snapshot = RisalahSnapshot.objects.get(risalah=submitted)
    snapshot.sk = {key: value for key, value in snapshot.sk.items() if key != "has_scan"}
    snapshot.save()
    filed = snapshots.filed(submitted)
    assert filed.sk.has_scan is None
    assert not snapshots.roster_changes(submitted, filed).sk_changed
    assert [f.code for f in checker.check(submitted) if f.code == "missing_sk"] == []
    GroupYear.objects.filter(pk=world.group_year_a.pk).update(sk_scan="")
    assert [f.code for f in checker.check(submitted) if f.code == "missing_sk"] == ["missing_sk"]


def test_verifying_keeps_the_roster_the_verifikator_reviewed(
    submitted, world, django_capture_on_commit_callbacks
):
    verifikator = world.users["verifikator"]
    risalah_start_review(risalah=submitted, by=verifikator)
    newcomer(world)  # people move while the risalah is under review
    with django_capture_on_commit_callbacks(execute=True):
        change = risalah_verify(risalah=submitted, by=verifikator)
    first, second = RisalahSnapshot.objects.order_by("pk")
    assert second.transition == change
    assert (second.roster, second.sk, second.figures) == (first.roster, first.sk, first.figures)
    submitted.refresh_from_db()
    newcomer(world, "Citra Baru")
    assert snapshots.filed_figures(submitted) == FILED_FIGURES


def test_a_risalah_filed_before_snapshots_is_captured_when_verified(ready, world):
    Risalah.objects.filter(pk=ready.pk).update(status=Status.SUBMITTED)
    ready.refresh_from_db()
    assert snapshots.filed(ready) is None  # nothing filed yet: the live figures are shown
    assert snapshots.filed_figures(ready) == FILED_FIGURES
    risalah_verify(risalah=ready, by=world.users["verifikator"])
    newcomer(world)
    assert RisalahSnapshot.objects.get().figures["average_attendance_pct"] == 80.0
    assert snapshots.filed_figures(ready) == FILED_FIGURES


def test_while_returned_the_group_works_on_the_live_roster_and_resubmits_a_new_snapshot(
    submitted, world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        risalah_return(risalah=submitted, by=world.users["verifikator"], note="Perbaiki.")
    newcomer(world)
    assert snapshots.filed(submitted) is None
    assert snapshots.filed_figures(submitted).average_attendance_pct == 66.7
    rules = year_rules(world.year)
    rules.min_attendance_pct = 60  # the newcomer missed every meeting
    rules.save()
    risalah_submit(risalah=submitted, by=world.users["operator_a"])
    latest = snapshots.latest(submitted)
    assert (
        RisalahSnapshot.objects.count(),
        latest.figures["average_attendance_pct"],
        len(latest.roster),
    ) == (
        2,
        66.7,
        7,
    )
    assert snapshots.filed(submitted).snapshot == latest


def test_a_draft_reads_the_live_roster(ready, world):
    newcomer(world)
    assert snapshots.filed(ready) is None
    assert snapshots.filed_figures(ready).average_attendance_pct == 66.7


def test_figures_as_filed_for_many_risalah_in_fixed_queries(submitted, world):
    def measure():
        risalahs = list(Risalah.objects.order_by("pk"))
        with CaptureQueriesContext(connection) as queries:
            figures = snapshots.figures_as_filed(risalahs)
        return figures, len(queries)

    newcomer(world)
    figures, one = measure()
    assert figures == {submitted.pk: FILED_FIGURES}
    for index in range(2):
        group = GroupFactory(unit=world.unit_a1, name=f"KBK Lain {index}")
        GroupYearFactory(group=group, programme_year=world.year)
        other = risalah_create(group=group, programme_year=world.year, by=world.users["operator_a"])
        add_meetings(other, [], count=2)
    figures, three = measure()
    assert len(figures) == 3 and figures[submitted.pk] == FILED_FIGURES
    assert [f.count for pk, f in sorted(figures.items())][1:] == [2, 2]
    assert (
        one + 3 == three
    )  # the drafts add their roster, meetings and attendees: one query each, not per risalah
    figures, again = measure()
    assert again == three


# --- late ----------------------------------------------------------------------------------------


def test_a_submission_after_the_deadline_is_recorded_as_late(ready, world):
    world.year.risalah_deadline = timezone.localdate() - timedelta(days=1)
    world.year.save()
    risalah_submit(risalah=Risalah.objects.get(pk=ready.pk), by=world.users["operator_a"])
    assert list(Transition.objects.values_list("to_status", "late")) == [(Status.SUBMITTED, True)]


def test_a_submission_on_the_deadline_day_is_on_time(ready, world):
    world.year.risalah_deadline = timezone.localdate()
    world.year.save()
    risalah_submit(risalah=Risalah.objects.get(pk=ready.pk), by=world.users["operator_a"])
    assert list(Transition.objects.values_list("to_status", "late")) == [(Status.SUBMITTED, False)]


# --- one risalah per group and year --------------------------------------------------------------


def test_a_second_risalah_for_the_same_group_and_year_is_refused(world):
    with pytest.raises(RisalahExists) as refused:
        risalah_create(group=world.group_a, programme_year=world.year, by=world.users["operator_a"])
    assert refused.value.existing == world.risalah_a
    assert Risalah.objects.filter(group=world.group_a).count() == 1


def test_the_database_refuses_a_second_revision_one(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Risalah.objects.create(group=world.group_a, programme_year=world.year, method=world.risalah_a.method)


def test_the_risalah_of_a_year_is_its_highest_revision(submitted, world):
    risalah_verify(risalah=submitted, by=world.users["verifikator"])
    correction = risalah_new_revision(
        risalah=Risalah.objects.get(pk=submitted.pk), by=world.users["operator_a"]
    )
    assert current_risalah(world.group_a, world.year) == correction
    with pytest.raises(RisalahExists) as refused:
        risalah_create(group=world.group_a, programme_year=world.year, by=world.users["operator_a"])
    assert refused.value.existing == correction


# --- the changes since a return: meetings and attachments ----------------------------------------


def test_meetings_and_attachments_added_and_removed_since_the_return(
    world, django_capture_on_commit_callbacks
):
    risalah = world.risalah_a
    kept = Meeting.objects.create(
        risalah=risalah, date=date(2026, 4, 1), duration_minutes=60, agenda="Rapat awal"
    )
    gone = Meeting.objects.create(
        risalah=risalah, date=date(2026, 4, 2), duration_minutes=45, agenda="Rapat batal"
    )
    old_photo = Attachment.objects.create(
        risalah=risalah, kind=Evidence.PHOTO_BEFORE, original_name="sebelum.jpg", content_type="image/jpeg"
    )
    Risalah.objects.filter(pk=risalah.pk).update(status=Status.IN_REVIEW)
    risalah.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        risalah_return(risalah=risalah, by=world.users["verifikator"], note="Lengkapi bukti.")
    assert changes_since_return(risalah) == []
    gone.delete()
    old_photo.delete()
    Meeting.objects.create(
        risalah=risalah, date=date(2026, 4, 9), duration_minutes=90, agenda="Rapat evaluasi"
    )
    Attachment.objects.create(
        risalah=risalah, kind=Evidence.SOP, caption="SOP pendaftaran baru", content_type="application/pdf"
    )
    assert kept.pk
    with translation.override("en"):
        sections = changes_since_return(risalah)
    assert [(s.number, s.name, [(c.label, c.old, c.new) for c in s.changes]) for s in sections] == [
        (
            None,
            "Meetings",
            [
                ("added", "—", "2026-04-09 · Rapat evaluasi · 90'"),
                ("removed", "2026-04-02 · Rapat batal · 45'", "—"),
            ],
        ),
        (
            None,
            "Attachments",
            [
                ("added", "—", "Standard operating procedure (SOP): SOP pendaftaran baru"),
                ("removed", "Photo before: sebelum.jpg", "—"),
            ],
        ),
    ]


def test_a_return_snapshot_without_meetings_and_attachments_lists_none(world):
    Meeting.objects.create(
        risalah=world.risalah_a, date=date(2026, 4, 1), duration_minutes=60, agenda="Rapat"
    )
    old = diff.snapshot(world.risalah_a)
    del old["meetings"], old["attachments"]  # as written before they were recorded
    assert diff.changes(old, diff.snapshot(world.risalah_a)) == []
