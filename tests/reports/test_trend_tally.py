"""The trend's per-unit tally (reports.models.TrendTally) always equals a recount from the rows,
after every service that changes what it counts; the trend read from it equals the dashboard's
live totals, and the migration fills it."""

import io
from dataclasses import asdict
from datetime import date, datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext

from groups.models import GroupYear, ProgrammeYear
from groups.services import group_create, group_update, group_year_record_sk, programme_year_save
from reports.dashboard import build_totals, build_trend, scope_for_unit
from reports.models import MemberTally, TrendTally
from reports.queries import (
    GROUP_FIELDS,
    TALLIED_OUTCOMES,
    Selection,
    additive,
    count_members,
    member_rows,
    set_members,
)
from reports.trend_tally import TALLIED, deferred, flush, recount, refresh
from risalah import snapshots
from risalah.models import Meeting, Risalah, RisalahStep, Status
from risalah.transitions import transition
from tests.factories import GroupFactory, PersonFactory, ProgrammeYearFactory, RosterMemberFactory
from tests.reports.conftest import JAKARTA, make_group_year, make_risalah
from tests.reports.test_indicators import before_after, meeting, standard, tool_step

STORED = (*TALLIED, *TALLIED_OUTCOMES)


def stored() -> dict:
    flush()  # what the signals marked is counted on commit, or before a read
    return {
        (row["programme_year"], row["unit"]): {name: row[name] for name in STORED}
        for row in TrendTally.objects.values("programme_year", "unit", *STORED)
    }


def recounted() -> dict:
    return {
        (year.pk, unit): counts
        for year in ProgrammeYear.objects.all()
        for unit, counts in recount(year).items()
    }


def stored_members() -> dict:
    flush()
    rows: dict = {}
    for year, unit, person in MemberTally.objects.values_list("programme_year", "unit", "person"):
        rows.setdefault(year, set()).add((unit, person))
    return rows


def counted_members() -> dict:
    counted = {year.pk: member_rows(year) for year in ProgrammeYear.objects.all()}
    return {year: rows for year, rows in counted.items() if rows}


def live_totals(year, scope, today):
    """The totals counted from the groups themselves (a list of groups, here all of them, is
    never read from the stored rows): the one pass of Tally and the steps' query."""
    every_group = tuple(GroupFactory._meta.model.objects.values_list("pk", flat=True))
    selection = Selection(year=year, place=scope.condition, group_ids=every_group)
    figures = additive(selection, {}, today)[()]
    set_members(figures, count_members(selection, {})[()].get(()))
    return figures


def assert_kept(picture) -> None:
    assert stored() == recounted()
    assert stored_members() == counted_members()
    scope = scope_for_unit(picture.root)
    for today in (date(2025, 1, 1), date(2025, 5, 1), date(2025, 12, 1), date(2026, 12, 31)):
        trend = {point.year.pk: asdict(point.figures) for point in build_trend(scope, today=today)}
        for year in ProgrammeYear.objects.all():
            live = build_totals(year, scope, today=today)
            recounted_live = live_totals(year, scope, today)
            for name in (*GROUP_FIELDS, *TALLIED_OUTCOMES, "members", "asn_members"):
                assert getattr(live, name) == getattr(recounted_live, name), (name, year.year, today)
            expected = {name: getattr(live, name) for name in trend[year.pk] if name in TREND_FIELDS}
            assert {name: trend[year.pk][name] for name in expected} == expected, (year.year, today)


# What the trend fills (the others, members and meetings, are not among its columns).
TREND_FIELDS = {
    "units",
    "units_with_group",
    *TALLIED,
    "not_filed",
    "overdue",
    "missing",
    "sk_overdue",
    "gelar_groups",
    "gelar_awarded",
    "bimtek_attendees",
} - {"filed", "complete_and_filed", "on_time", "complete_and_on_time"}


def test_the_picture_is_tallied(picture):
    assert stored() == recounted() != {}
    assert (
        sum(counts["groups"] for counts in stored().values()) == 7 + 8
    )  # 2025 (Eta formed in 2026, Epsilon dissolved) and 2026
    assert_kept(picture)


def test_groups_created_moved_dissolved_and_deleted(picture):
    group = group_create(unit=picture.u3, name="Baru", formed_on=date(2025, 2, 1))
    assert_kept(picture)
    assert stored()[(picture.year.pk, picture.u3.pk)]["groups"] == 1
    fields = {"name": group.name, "makna": "", "motto": "", "yel_yel": ""}
    group_update(group=group, unit=picture.u2a, formed_on=date(2025, 2, 1), is_active=True, **fields)
    assert_kept(picture)
    assert (picture.year.pk, picture.u3.pk) not in stored()  # the old unit's row went with it
    group_update(group=group, unit=picture.u2a, formed_on=date(2026, 2, 1), is_active=True, **fields)
    assert_kept(picture)
    group_update(group=group, unit=picture.u2a, formed_on=date(2026, 2, 1), is_active=False, **fields)
    assert_kept(picture)
    make_group_year(group, picture.year_2026, complete=True)
    group.delete()  # with its year record
    assert_kept(picture)


def test_records_sk_and_their_deletion(picture, tmp_path):
    gamma = picture.groups["gamma"]
    group_year_record_sk(
        group=gamma,
        programme_year=picture.year,
        sk_number="SK/1",
        sk_date=date(2025, 2, 1),
        sk_signed_by="Kepala",
    )
    assert_kept(picture)
    record = GroupYear.objects.get(group=picture.groups["alpha"], programme_year=picture.year)
    record.status = "incomplete"
    record.save()
    assert_kept(picture)
    record.delete()
    assert_kept(picture)


def test_risalah_transitions_revisions_and_deletion(picture):
    bureau = picture.bureau
    delta = Risalah.objects.get(group=picture.groups["delta"], programme_year=picture.year)
    with transaction.atomic():
        transition(risalah=delta, to=Status.IN_REVIEW, allowed_from=[Status.SUBMITTED], by=bureau)
    assert_kept(picture)
    with transaction.atomic():
        transition(risalah=delta, to=Status.RETURNED, allowed_from=[Status.IN_REVIEW], by=bureau)
    assert_kept(picture)
    gamma = Risalah.objects.get(group=picture.groups["gamma"], programme_year=picture.year)
    with transaction.atomic():
        transition(risalah=gamma, to=Status.SUBMITTED, allowed_from=[Status.DRAFT], by=bureau)
    assert_kept(picture)
    alpha = Risalah.objects.get(group=picture.groups["alpha"], programme_year=picture.year)
    revision = make_risalah(picture.groups["alpha"], picture.year, Status.DRAFT, previous=alpha)
    assert_kept(picture)  # two revisions of one group: counted once per figure
    revision.delete()
    assert_kept(picture)


def test_targets_and_standards_follow_filing_revisions_and_steps(picture):
    """The step 6 target and step 7 standard count for the group's counted filed risalah only:
    kept through a step saved on a filed risalah, a return, a draft step, a filed revision."""
    bureau, year = picture.bureau, picture.year
    delta = Risalah.objects.get(group=picture.groups["delta"], programme_year=year)  # submitted
    tool_step(delta, "before_after", before_after(True))
    tool_step(delta, "standard", standard(number="SOP-7"))
    assert_kept(picture)
    assert (
        stored()[(year.pk, picture.u2.pk)]["targets_reached"],
        stored()[(year.pk, picture.u2.pk)]["standards"],
    ) == (1, 1)
    gamma = Risalah.objects.get(group=picture.groups["gamma"], programme_year=year)  # a draft
    tool_step(gamma, "before_after", before_after(True))
    assert_kept(picture)
    assert stored()[(year.pk, picture.u1.pk)]["targets_reached"] == 0
    with transaction.atomic():
        transition(risalah=delta, to=Status.IN_REVIEW, allowed_from=[Status.SUBMITTED], by=bureau)
        transition(risalah=delta, to=Status.RETURNED, allowed_from=[Status.IN_REVIEW], by=bureau)
    assert_kept(picture)
    assert stored()[(year.pk, picture.u2.pk)]["targets_reached"] == 0
    # Alpha's verified risalah reached its target; its filed revision did not: the revision counts.
    alpha = Risalah.objects.get(group=picture.groups["alpha"], programme_year=year)
    tool_step(alpha, "before_after", before_after(True))
    assert_kept(picture)
    assert stored()[(year.pk, picture.u1.pk)]["targets_reached"] == 1
    revision = make_risalah(picture.groups["alpha"], year, Status.DRAFT, previous=alpha)
    tool_step(revision, "before_after", before_after(False))
    with transaction.atomic():
        transition(risalah=revision, to=Status.SUBMITTED, allowed_from=[Status.DRAFT], by=bureau)
    assert_kept(picture)
    assert stored()[(year.pk, picture.u1.pk)]["targets_reached"] == 0
    RisalahStep.objects.filter(risalah=revision).delete()  # a queryset delete: no signal
    refresh()
    assert_kept(picture)


def test_meetings_attendance_and_seats_follow_rosters_meetings_and_snapshots(picture):
    """A filed risalah's meetings, attendance and seats: read live while it has no snapshot (a
    roster member added changes its seats), then as its newest snapshot holds them."""
    year, u2 = picture.year, picture.u2
    delta = Risalah.objects.get(group=picture.groups["delta"], programme_year=year)  # submitted
    record = GroupYear.objects.get(group=picture.groups["delta"], programme_year=year)
    people = [PersonFactory(unit=u2) for _ in range(3)]
    for person in people[:2]:
        RosterMemberFactory(group_year=record, person=person)
    first = meeting(delta, people[:1], 2)
    assert_kept(picture)
    assert figures_of(year, u2) == (1, 1, 2)
    first.attendees.add(people[1])
    assert_kept(picture)
    RosterMemberFactory(group_year=record, person=people[2])
    assert_kept(picture)
    seats = figures_of(year, u2)[2]
    assert seats == 3
    with transaction.atomic():
        change = transition(
            risalah=delta, to=Status.IN_REVIEW, allowed_from=[Status.SUBMITTED], by=picture.bureau
        )
        snapshots.record(risalah=delta, transition=change)
    assert_kept(picture)
    as_filed = figures_of(year, u2)
    assert (year.pk, u2.pk, people[2].pk) in members_stored()
    # A roster member removed after filing changes no figure of the filed risalah, nor its members.
    record.members.filter(person=people[2]).first().delete()
    assert_kept(picture)
    assert figures_of(year, u2) == as_filed
    assert (year.pk, u2.pk, people[2].pk) in members_stored()
    Meeting.objects.filter(pk=first.pk).delete()  # a queryset delete: no signal, refresh repairs
    refresh()
    assert_kept(picture)


def members_stored() -> set:
    flush()
    return set(MemberTally.objects.values_list("programme_year", "unit", "person"))


def figures_of(year, unit) -> tuple[int, int, int]:
    row = stored()[(year.pk, unit.pk)]
    return row["meetings"], row["present"], row["expected"]


def test_a_transaction_counts_once_on_commit_and_forgets_on_rollback(picture):
    """Marks made in a transaction are counted once when it commits (here: read first, as a
    page would), and a rolled-back savepoint's marks are forgotten with its rows."""
    flush()
    record = GroupYear.objects.get(group=picture.groups["delta"], programme_year=picture.year)
    people = [PersonFactory(unit=picture.u2) for _ in range(4)]
    with CaptureQueriesContext(connection) as writes:
        for person in people:
            RosterMemberFactory(group_year=record, person=person)
    assert not any("reports_membertally" in query["sql"] for query in writes.captured_queries)
    with CaptureQueriesContext(connection) as reads:
        assert {(picture.year.pk, picture.u2.pk, person.pk) for person in people} <= members_stored()
    inserts = [
        query
        for query in reads.captured_queries
        if query["sql"].startswith('INSERT INTO "reports_membertally"')
    ]
    assert len(inserts) == 1  # four members, one recount
    with CaptureQueriesContext(connection) as again:
        members_stored()
    assert len(again.captured_queries) == 1  # nothing pending: the read alone
    with pytest.raises(RuntimeError), transaction.atomic():
        RosterMemberFactory(group_year=record, person=PersonFactory(unit=picture.u2))
        raise RuntimeError("rolled back")
    with CaptureQueriesContext(connection) as after_rollback:
        members_stored()
    assert len(after_rollback.captured_queries) == 1
    assert_kept(picture)


def test_programme_years_new_and_changed(picture):
    ProgrammeYearFactory(year=2027)
    assert_kept(picture)
    year = ProgrammeYear.objects.get(pk=picture.year.pk)
    year.risalah_deadline = date(2025, 8, 16)  # Beta's risalah (15 August, 23:30) is now on time
    programme_year_save(programme_year=year)
    assert_kept(picture)
    year.risalah_deadline = None
    programme_year_save(programme_year=year)
    assert_kept(picture)


def test_refresh_repairs_rows_written_around_the_signals(picture):
    """Bulk inserts and queryset updates send no signal; refresh() counts them (bench_seed)."""
    flush()  # the picture counted, as its commit would have
    Risalah.objects.filter(group=picture.groups["delta"]).update(
        status=Status.VERIFIED, submitted_at=datetime(2025, 8, 1, tzinfo=JAKARTA)
    )
    GroupFactory._meta.model.objects.filter(pk=picture.groups["beta"].pk).update(is_active=False)
    assert stored() != recounted()
    refresh()
    assert_kept(picture)


def test_the_repair_command_finds_and_counts_rows_written_around_the_signals(picture):
    """``manage.py recount_tallies --check`` says which year is wrong and fails; without
    ``--check`` it counts the rows again; ``--year`` limits both to the years named."""
    flush()
    call_command("recount_tallies", "--check", stdout=(out := io.StringIO()))
    assert out.getvalue() == "The stored rows equal a recount.\n"
    year = picture.year
    # Around the signals: a member row nobody's roster holds, and one unit's row miscounted.
    MemberTally.objects.create(programme_year=year, unit=picture.u3, person=PersonFactory())
    tally = TrendTally.objects.filter(programme_year=year).order_by("pk").first()
    TrendTally.objects.filter(pk=tally.pk).update(groups=tally.groups + 5)
    with pytest.raises(CommandError, match="differ from a recount"):
        call_command("recount_tallies", "--check", stdout=(out := io.StringIO()))
    assert out.getvalue() == f"{year.year}: 1 unit row(s) and 1 member row(s) differ from a recount.\n"
    other = ProgrammeYear.objects.exclude(pk=year.pk).order_by("year").first()
    call_command(
        "recount_tallies", "--check", "--year", str(other.year), stdout=io.StringIO()
    )  # not that year
    call_command("recount_tallies", "--year", str(year.year), stdout=(out := io.StringIO()))
    assert out.getvalue() == "The stored rows were counted again.\n"
    assert_kept(picture)
    with pytest.raises(CommandError, match="No programme year 1990"):
        call_command("recount_tallies", "--year", "1990")


def test_deferred_counts_once_on_leaving(picture):
    flush()
    with deferred():
        group = group_create(unit=picture.u3, name="Baru", formed_on=date(2025, 2, 1))
        make_group_year(group, picture.year, complete=True)
        assert (picture.year.pk, picture.u3.pk) not in stored()
    assert_kept(picture)
    assert stored()[(picture.year.pk, picture.u3.pk)]["complete"] == 1


@pytest.mark.django_db(transaction=True)
def test_the_migration_fills_the_tally(picture):
    TrendTally.objects.all().delete()
    executor = MigrationExecutor(transaction.get_connection())
    executor.migrate([("reports", "0002_export_jobs")])
    executor.loader.build_graph()
    executor.migrate([("reports", "0004_tallies_of_outcomes_and_members")])
    assert stored() == recounted() != {}
    assert stored_members() == counted_members()
