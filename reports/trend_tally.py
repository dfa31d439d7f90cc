"""The per-unit tallies (:class:`reports.models.TrendTally`, :class:`reports.models.MemberTally`),
kept equal to a recount.

The group figures of every programme year are counted once per unit and stored; the trend sums
the rows of a subtree's units (a few hundred small rows) instead of joining every year's groups to
their record and risalah. None of the stored counts depends on the day: the deadlines are applied
when the trend reads them (:meth:`reports.queries.Tally.figures`), so past years' rows stay valid
as the days pass.

A unit's rows are counted again (:func:`refresh`) after every save and delete of what they count:
a group (its unit, activity and formation date; the old and the new unit when it moves), a group's
year record (SK and roster completeness), a risalah (status, submission time; filing or
returning it decides whether its meetings, attendance and steps count), its newest snapshot
(the meetings, attendance and seats as filed), a step, meeting or attendance of a filed risalah
changed outside the portal's editing (which changes them only while the risalah is editable), a
roster member (the seats of a risalah filed before snapshots) and the programme year (its
risalah deadline decides "on time"; a new year gets its rows). The signal receivers
below run in the writer's transaction; :func:`refresh` first locks the programme year rows
(``FOR NO KEY UPDATE``: inserting a record or a risalah of the year is not blocked), so two
writers of one year recount one after the other, the second seeing the first's committed
change. Bulk inserts (``bench_seed``) and queryset updates of these columns send no signal: they
call :func:`refresh` themselves (``seed_demo`` loads and deletes inside :func:`deferred`).
``tests/reports/test_trend_tally.py`` holds the rows to a recount after each service.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone

from groups.models import Group, GroupYear, ProgrammeYear, RosterMember
from reports.models import MemberTally, TrendTally
from reports.queries import (
    TALLIED,
    TALLIED_OUTCOMES,
    UNIT_KEY,
    Selection,
    Tally,
    YearRef,
    live_outcomes,
    member_rows,
    population,
)
from reports.tally_marks import flush, mark_for_commit
from risalah.models import Meeting, Risalah, RisalahSnapshot, RisalahStep, Status


def recount(year: ProgrammeYear, units: Iterable[int] | None = None) -> dict[int, dict[str, int]]:
    """The counts of the year per unit (of ``units``, else of every unit) that has groups that
    year: the Tally of the dashboard grouped by the group's unit (one query) and the filed
    risalah's figures of :func:`reports.queries.live_outcomes` grouped the same way (five)."""
    tally = Tally(
        YearRef.of(year), timezone.localdate(), year_pk=year.pk, risalah_deadline=year.risalah_deadline
    )
    groups = Group.objects.filter(population(year.year))
    if units is not None:
        groups = groups.filter(unit__in=list(units))
    counts = {name: count for name, count in tally.counts().items() if name.removeprefix("tally_") in TALLIED}
    rows = tally.join(groups).order_by().values("unit").annotate(**counts)
    # Without a risalah deadline nothing is "on time" (Tally counts none): stored as 0.
    counted = {
        row.pop("unit"): {name: row.get(f"tally_{name}") or 0 for name in (*TALLIED, *TALLIED_OUTCOMES)}
        for row in rows
    }
    # The filed risalah's figures: the dashboard's own queries, grouped by the group's unit.
    place = (lambda prefix: Q()) if units is None else (lambda prefix: Q(**{f"{prefix}pk__in": list(units)}))
    for (unit,), values in live_outcomes(Selection(year=year, place=place), UNIT_KEY):
        if unit in counted:  # a unit with filed risalah has groups that year
            for name, value in values.items():
                counted[unit][name] += value or 0
    return counted


def refresh(*, years: Iterable[int] | None = None, units: Iterable[int] | None = None) -> None:
    """Count the rows of ``years`` (pks, else every year) for ``units`` (pks, else every unit)
    again, and the members (:class:`reports.models.MemberTally`). Per year the recount (six
    queries), the members (two), a delete and an insert of each, after one that locks the years."""
    units = None if units is None else sorted(set(units))
    if units == []:
        return
    with transaction.atomic():
        locked = ProgrammeYear.objects.select_for_update(no_key=True).order_by("pk")
        if years is not None:
            locked = locked.filter(pk__in=sorted(set(years)))
        for year in list(locked):
            counted = recount(year, units)
            stale = TrendTally.objects.filter(programme_year=year)
            if units is not None:
                stale = stale.filter(unit__in=units)
            stale.delete()
            TrendTally.objects.bulk_create(
                [TrendTally(programme_year=year, unit_id=unit, **counts) for unit, counts in counted.items()]
            )
            members = MemberTally.objects.filter(programme_year=year)
            if units is not None:
                members = members.filter(unit__in=units)
            members.delete()
            MemberTally.objects.bulk_create(
                [
                    MemberTally(programme_year=year, unit_id=unit, person_id=person)
                    for unit, person in sorted(member_rows(year, units))
                ],
                batch_size=5000,
            )


def stale(years: Iterable[int] | None = None) -> dict[int, tuple[list[int], int]]:
    """What the stored rows of ``years`` (pks, else every year) get wrong against a recount:
    per programme year number with a difference, the units whose :class:`TrendTally` row differs
    (or is missing or left over) and how many :class:`MemberTally` rows are missing or left over.
    Reads only (the recount and the members of each year, and the stored rows)."""
    flush()
    found: dict[int, tuple[list[int], int]] = {}
    chosen = ProgrammeYear.objects.order_by("year")
    if years is not None:
        chosen = chosen.filter(pk__in=list(years))
    for year in chosen:
        counted = recount(year)
        kept = {
            row.pop("unit"): row
            for row in TrendTally.objects.filter(programme_year=year).values(
                "unit", *TALLIED, *TALLIED_OUTCOMES
            )
        }
        units = sorted(unit for unit in counted.keys() | kept.keys() if counted.get(unit) != kept.get(unit))
        members = member_rows(year)
        stored_members = set(MemberTally.objects.filter(programme_year=year).values_list("unit", "person"))
        wrong_members = len(members ^ stored_members)
        if units or wrong_members:
            found[year.year] = (units, wrong_members)
    return found


_muted = threading.local()


@contextmanager
def deferred(*, recount: bool = True) -> Iterator[None]:
    """Leave the rows alone while loading many rows through saves in this thread (``seed_demo``),
    then count every year again once, on leaving. ``recount=False``: not even then (a test that
    writes rows at an older migration state, where the table does not exist yet)."""
    before = getattr(_muted, "on", False)
    _muted.on = True
    try:
        yield
    finally:
        _muted.on = before
    if recount and not before:
        refresh()


def _counting() -> bool:
    return not getattr(_muted, "on", False)


def _refresh_key(key: tuple) -> None:
    years, units = key
    refresh(years=years, units=units)


def mark(*, years: Iterable[int] | None = None, units: Iterable[int] | None = None) -> None:
    """Have the rows of ``years`` and ``units`` (as :func:`refresh`) counted again when the
    writer's transaction commits, or before this connection reads them in it (:func:`flush`): the
    roster members, meetings or steps saved in one transaction are counted once, not once each.
    Outside a transaction, at once."""
    key = (
        None if years is None else tuple(sorted(set(years))),
        None if units is None else tuple(sorted(set(units))),
    )
    mark_for_commit(key, _refresh_key)


def _unit_of(group_id: Any) -> list[int]:
    return list(Group.objects.filter(pk=group_id).values_list("unit_id", flat=True))


@receiver(pre_save, sender=Group, dispatch_uid="reports.trend_tally.group_moves")
def _remember_unit(sender, instance: Group, raw=False, **kwargs) -> None:
    moving = not raw and instance.pk is not None and _counting()
    instance._trend_tally_units = _unit_of(instance.pk) if moving else []


@receiver(post_save, sender=Group, dispatch_uid="reports.trend_tally.group_saved")
def _group_saved(sender, instance: Group, raw=False, **kwargs) -> None:
    if not raw and _counting():
        mark(units=[instance.unit_id, *getattr(instance, "_trend_tally_units", [])])


@receiver(post_delete, sender=Group, dispatch_uid="reports.trend_tally.group_deleted")
def _group_deleted(sender, instance: Group, **kwargs) -> None:
    if _counting():
        mark(units=[instance.unit_id])


@receiver(post_save, sender=GroupYear, dispatch_uid="reports.trend_tally.record_saved")
@receiver(post_delete, sender=GroupYear, dispatch_uid="reports.trend_tally.record_deleted")
@receiver(post_save, sender=Risalah, dispatch_uid="reports.trend_tally.risalah_saved")
@receiver(post_delete, sender=Risalah, dispatch_uid="reports.trend_tally.risalah_deleted")
def _year_row_changed(sender, instance, raw=False, **kwargs) -> None:
    if not raw and _counting():
        # Deleted with its group, the group is gone already or goes next (and recounts then).
        mark(years=[instance.programme_year_id], units=_unit_of(instance.group_id))


@receiver(post_save, sender=ProgrammeYear, dispatch_uid="reports.trend_tally.year_saved")
def _year_saved(sender, instance: ProgrammeYear, raw=False, **kwargs) -> None:
    if not raw and _counting():
        mark(years=[instance.pk])


def _refresh_risalah(risalah_id: Any, *, filed_only: bool) -> None:
    """Recount the unit and year of a risalah; with ``filed_only``, only when it is filed (an
    editable risalah's meetings and steps count for nothing)."""
    rows = Risalah.objects.filter(pk=risalah_id).values_list("programme_year_id", "group__unit_id", "status")
    for year, unit, status in rows:
        if not (filed_only and status in Status.EDITABLE):
            mark(years=[year], units=[unit])


@receiver(post_save, sender=RisalahStep, dispatch_uid="reports.trend_tally.step_saved")
@receiver(post_delete, sender=RisalahStep, dispatch_uid="reports.trend_tally.step_deleted")
@receiver(post_save, sender=Meeting, dispatch_uid="reports.trend_tally.meeting_saved")
@receiver(post_delete, sender=Meeting, dispatch_uid="reports.trend_tally.meeting_deleted")
def _step_or_meeting_changed(sender, instance, raw=False, **kwargs) -> None:
    """A filed risalah's steps and meetings count. The portal changes them only while the risalah
    is editable (steps by queryset updates, no signal); one changed otherwise (the admin, a data
    fix, a test's fixture) recounts its risalah's unit and year."""
    if not raw and _counting():
        _refresh_risalah(instance.risalah_id, filed_only=True)


def _people_changed(instance, action, reverse, pk_set, owners, *, filed_only: bool) -> None:
    """People added to or removed from a meeting or a snapshot (``instance``), or meetings or
    snapshots from a person (``reverse``: ``owners`` are their model, ``pk_set`` their keys):
    their risalah are counted again."""
    if not action.startswith("post_") or not _counting():
        return
    if reverse:
        risalah = set(owners.objects.filter(pk__in=pk_set or ()).values_list("risalah_id", flat=True))
    else:
        risalah = {instance.risalah_id}
    for risalah_id in risalah:
        _refresh_risalah(risalah_id, filed_only=filed_only)


@receiver(m2m_changed, sender=Meeting.attendees.through, dispatch_uid="reports.trend_tally.attendance")
def _attendance_changed(sender, instance, action, reverse, pk_set=None, **kwargs) -> None:
    """Attendees added to or removed from a meeting: counted while its risalah is filed."""
    _people_changed(instance, action, reverse, pk_set, Meeting, filed_only=True)


@receiver(post_save, sender=RisalahSnapshot, dispatch_uid="reports.trend_tally.snapshot_saved")
def _snapshot_changed(sender, instance: RisalahSnapshot, raw=False, **kwargs) -> None:
    """A filed risalah's meetings, attendance and seats are its newest snapshot's. (A snapshot
    is deleted only with its risalah, which recounts; no delete receiver, so that deleting a
    risalah needs no snapshot columns: a migration test deletes one at an older schema.)"""
    if not raw and _counting():
        _refresh_risalah(instance.risalah_id, filed_only=False)


@receiver(
    m2m_changed, sender=RisalahSnapshot.members.through, dispatch_uid="reports.trend_tally.filed_members"
)
def _filed_members_changed(sender, instance, action, reverse, pk_set=None, **kwargs) -> None:
    """The members as filed are set after the snapshot is saved (``risalah.snapshots.record``)."""
    _people_changed(instance, action, reverse, pk_set, RisalahSnapshot, filed_only=False)


@receiver(post_save, sender=RosterMember, dispatch_uid="reports.trend_tally.member_saved")
@receiver(post_delete, sender=RosterMember, dispatch_uid="reports.trend_tally.member_deleted")
def _member_changed(sender, instance: RosterMember, raw=False, **kwargs) -> None:
    """The roster's members count (:class:`reports.models.MemberTally`), and so do the seats of
    a risalah filed before snapshots. Roster services that insert in bulk save the year record
    after (its completeness), which recounts."""
    if not raw and _counting():
        rows = GroupYear.objects.filter(pk=instance.group_year_id).values_list(
            "programme_year_id", "group__unit_id"
        )
        for year, unit in rows:
            mark(years=[year], units=[unit])
