"""The dashboard counts a filed risalah as filed: its meetings, attendance and members come from
the snapshot written by submit and verify, so a roster or meeting change made afterwards moves no
figure of it; and the snapshots written before these counts had columns get them from their JSON."""

import importlib
from datetime import date

from django.apps import apps

from groups.models import RosterRole
from reports.dashboard import (
    BY_SLUG,
    Within,
    attach_figures,
    build_dashboard,
    build_totals,
    indicator_groups,
    scope_for_unit,
)
from risalah.models import Meeting, RisalahSnapshot
from risalah.review import risalah_start_review, risalah_verify
from tests.risalah.conftest import members, newcomer

counts_from_json = importlib.import_module("risalah.migrations.0011_snapshot_filed_counts").counts_from_json

# Group A as filed: 6 meetings, 5 roster members (the Pembina not counted), 4 of them at each.
AS_FILED = {"members": 5, "meetings": 6, "present": 24, "expected": 30, "attendance_percent": 80}


def dashboard_figures(world) -> dict:
    scope = scope_for_unit(world.group_a.unit)
    figures = build_dashboard(world.year, scope).totals
    assert build_totals(world.year, scope) == figures
    [group] = indicator_groups(world.year, Within(scope), BY_SLUG["rapat"])
    attach_figures([group], world.year)
    shown = {name: getattr(figures, name) for name in AS_FILED}
    assert {name: getattr(group.figures, name) for name in AS_FILED} == shown
    return shown


def verify(risalah, world, django_capture_on_commit_callbacks) -> None:
    verifikator = world.users["verifikator"]
    risalah_start_review(risalah=risalah, by=verifikator)
    with django_capture_on_commit_callbacks(execute=True):
        risalah_verify(risalah=risalah, by=verifikator)


def test_a_verified_risalah_keeps_its_dashboard_figures_when_roster_and_meetings_change(
    submitted, world, django_capture_on_commit_callbacks
):
    verify(submitted, world, django_capture_on_commit_callbacks)
    assert dashboard_figures(world) == AS_FILED

    newcomer(world)  # a member added to the roster after the verification
    first = submitted.meetings.order_by("date").first()
    first.attendees.clear()  # and the meetings changed
    Meeting.objects.create(risalah=submitted, date=date(2026, 4, 20), duration_minutes=30, agenda="Susulan")

    assert dashboard_figures(world) == AS_FILED
    assert BY_SLUG["anggota"].field == "members"
    listed = indicator_groups(world.year, Within(scope_for_unit(world.group_a.unit)), BY_SLUG["anggota"])
    assert [group.pk for group in listed] == [world.group_a.pk]


def test_the_verification_copies_the_counts_the_verifikator_reviewed(
    submitted, world, django_capture_on_commit_callbacks
):
    counted = {m.person_id for m in members(world) if m.role != RosterRole.PEMBINA}
    newcomer(world)  # people move while the risalah waits for review
    verify(submitted, world, django_capture_on_commit_callbacks)
    filed, verified = RisalahSnapshot.objects.order_by("pk")
    assert [
        (
            snapshot.meetings,
            snapshot.present,
            snapshot.expected,
            set(snapshot.members.values_list("pk", flat=True)),
        )
        for snapshot in (filed, verified)
    ] == [(6, 24, 30, counted)] * 2


def test_snapshots_written_before_the_counts_get_them_from_their_json(submitted, world, pembina):
    snapshot = RisalahSnapshot.objects.get()
    RisalahSnapshot.objects.filter(pk=snapshot.pk).update(meetings=0, present=0, expected=0)
    snapshot.members.clear()

    counts_from_json(apps, None)

    snapshot.refresh_from_db()
    assert (snapshot.meetings, snapshot.present, snapshot.expected) == (6, 24, 30)
    assert set(snapshot.members.values_list("pk", flat=True)) == {
        m.person_id for m in members(world) if m.role != RosterRole.PEMBINA
    }
    assert pembina.person_id not in set(snapshot.members.values_list("pk", flat=True))
