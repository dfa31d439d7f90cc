"""``manage.py bench_seed``: the bench data set is consistent the way the services keep it.

Loaded once for the module with small numbers (30 groups, 3 years), then checked: every filed
risalah has its snapshots, each transition chain runs from draft to the risalah's status with
its audit row, what a group year lacks equals a recount by groups.services, the unit tree is a
valid treebeard tree, the dashboard and the trend equal a recount done here from the rows, and
the main pages render the seeded data for the seeded users.
"""

import io
import re
from collections import defaultdict
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import Client, TestCase
from django.utils import timezone, translation

from core.models import PEMDA_KINDS, AuditAction, AuditEvent, Role, RoleAssignment, Unit, UnitKind, User
from core.nip import nip_problems
from demo.bench_units import PEMDA_CODE
from events.models import BimtekParticipant, Event, EventKind, EventStatus, Participant, Result, Score
from groups.models import Group, GroupYear, ProgrammeYear, RosterMember, RosterRole, SeatConfirmation
from groups.services import roster_problems, sk_problems
from reports.dashboard import COLUMNS, build_dashboard, build_trend, scope_for_unit
from reports.indicators import Figures
from risalah.checker import blocking, check
from risalah.figures import meeting_figures
from risalah.methods import load_methods
from risalah.models import (
    Attachment,
    Evidence,
    Method,
    MethodStep,
    ReviewNote,
    Risalah,
    RisalahSnapshot,
    RisalahStep,
    Status,
    Transition,
)
from tests.factories import UnitFactory

pytestmark = pytest.mark.xdist_group("bench-kabupaten")

GROUPS, YEARS = 30, 3


def bench_seed(*args: str) -> str:
    out = io.StringIO()
    call_command("bench_seed", *args, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """One bench kabupaten for the module, rolled back after it (see tests/core/test_seed_demo.py)."""
    with django_db_blocker.unblock(), transaction.atomic():
        if not Method.objects.exists():  # a transactional test flushed the database before
            load_methods(Method, MethodStep)
        with TestCase.captureOnCommitCallbacks(execute=True):
            output = bench_seed("--groups", str(GROUPS), "--years", str(YEARS), "--seed", "7")
        yield output
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_refuses_a_database_that_holds_data():
    UnitFactory(kind=UnitKind.PEMKOT, code="PEMKOT-LAIN")
    with translation.override("id"), pytest.raises(CommandError, match="tidak kosong"):
        bench_seed("--groups", "3", "--years", "1")
    assert list(Unit.objects.values_list("code", flat=True)) == ["PEMKOT-LAIN"]
    assert not Group.objects.exists()


def local_day(moment) -> date:
    return timezone.localtime(moment).date()


@pytest.mark.django_db
@pytest.mark.usefixtures("seeded")
class TestTheBenchKabupaten:
    def test_output_reports_the_counts(self, seeded):
        assert f"{GROUPS} groups" in seeded
        assert f"{Risalah.objects.count()} risalah," in seeded
        assert f"{Transition.objects.count()} transitions" in seeded

    def test_the_unit_tree_is_a_valid_big_kabupaten(self):
        assert Unit.objects.find_problems() == ([], [], [], [], [])
        root = Unit.objects.get(code=PEMDA_CODE)
        assert (root.depth, Unit.objects.get_root_nodes().count()) == (1, 1)
        assert 75 <= Unit.objects.filter(depth=2).count() <= 85
        assert 550 <= Unit.objects.count() <= 650
        for unit in Unit.objects.filter(depth__gt=1):
            parent = Unit.objects.get_parent(unit)
            assert unit.path.startswith(parent.path) and unit.depth == parent.depth + 1
        assert Unit.objects.get(path=root.path).numchild == Unit.objects.filter(depth=2).count()

    def test_accounts_of_every_role(self):
        roles = set(RoleAssignment.objects.values_list("role", flat=True))
        assert roles == {Role.OPERATOR, Role.PIMPINAN, Role.VERIFIKATOR, Role.ADMIN}
        operator = User.objects.get(username="operator")
        assert operator.roles.get().unit.code == "OPD-DINKES"
        assert operator.person.nip == operator.nip and nip_problems(operator.nip) == []
        assert User.objects.get(username="admin").is_superuser
        created = AuditEvent.objects.filter(action=AuditAction.ACCOUNT_CREATE).count()
        assert created == User.objects.filter(roles__isnull=False).distinct().count()

    def test_groups_and_their_years(self):
        years = list(ProgrammeYear.objects.order_by("year"))
        assert [y.year for y in years] == list(
            range(timezone.localdate().year - YEARS + 1, timezone.localdate().year + 1)
        )
        assert [y.is_current for y in years] == [False] * (YEARS - 1) + [True]
        assert Group.objects.count() == GROUPS
        for group_year in GroupYear.objects.select_related("programme_year", "group"):
            roles = list(group_year.members.values_list("role", flat=True))
            problems = sk_problems(group_year) + roster_problems(roles, group_year.programme_year)
            assert group_year.problems == problems, group_year
            assert group_year.status == ("incomplete" if problems else "complete")
            assert group_year.programme_year.year >= (group_year.group.formed_on or date.min).year
        statuses = set(GroupYear.objects.values_list("status", flat=True))
        assert statuses == {"complete", "incomplete"}
        for nip in RosterMember.objects.values_list("person__nip", flat=True):
            assert nip_problems(nip) == []

    def test_seats_of_other_units_asn_wait_for_or_have_their_confirmation(self):
        seats = RosterMember.objects.exclude(confirmation=SeatConfirmation.OWN).select_related(
            "person__unit", "group_year__group__unit", "group_year__programme_year"
        )
        assert seats.exists()
        for seat in seats:
            top_of = lambda unit: unit.path[: 2 * Unit.steplen]  # noqa: E731 - the OPD or kecamatan
            assert top_of(seat.person.unit) != top_of(seat.group_year.group.unit)
            if seat.confirmation == SeatConfirmation.PENDING:
                assert seat.group_year.programme_year.is_current
        added = AuditEvent.objects.filter(action=AuditAction.ROSTER_CROSS_ADD)
        assert added.count() == seats.count()
        confirmed = AuditEvent.objects.filter(action=AuditAction.ROSTER_CONFIRM).count()
        assert confirmed == seats.filter(confirmation=SeatConfirmation.CONFIRMED).count()
        # Filed, the seat shows only the name and NIP that were typed.
        nips = set(seats.values_list("person__nip", flat=True))
        for snapshot in RisalahSnapshot.objects.all():
            for row in snapshot.roster:
                if row["nip"] in nips:
                    assert (row["jabatan"], row["unit"]) == ("", "")

    def test_evidence_of_the_recent_years(self):
        year = ProgrammeYear.objects.get(is_current=True)
        filed = Risalah.objects.filter(programme_year=year, status__in=Status.FILED)
        for item in filed.prefetch_related("attachments", "meetings"):
            kinds = sorted(a.kind for a in item.attachments.all() if a.meeting_id is None)
            assert kinds == [Evidence.PHOTO_AFTER, Evidence.PHOTO_BEFORE]
            scans = {a.meeting_id for a in item.attachments.all() if a.kind == Evidence.DAFTAR_HADIR}
            assert scans == {m.pk for m in item.meetings.all()}
            assert all(a.thumbnail and a.content_type == "image/jpeg" for a in item.attachments.all())
        first_year = ProgrammeYear.objects.order_by("year").first()
        assert not Attachment.objects.filter(risalah__programme_year=first_year).exists()
        item = filed.first()
        page = client_for("verifikator").get(f"/risalah/{item.uuid}/lampiran/").content.decode()
        assert "Kondisi sebelum perbaikan" in page and "Kondisi sesudah perbaikan" in page

    def test_transition_chains_end_at_the_status_with_their_audit_rows(self):
        risalah = Risalah.objects.prefetch_related("transitions").select_related("programme_year")
        statuses = set()
        for item in risalah:
            statuses.add(item.status)
            chain = sorted(item.transitions.all(), key=lambda t: (t.at, t.pk))
            if item.status == Status.DRAFT:
                assert chain == []
                assert item.submitted_at is None
                continue
            assert chain[0].from_status == Status.DRAFT
            for before, after in zip(chain, chain[1:], strict=False):
                assert after.from_status == before.to_status
                assert after.at >= before.at
            assert chain[-1].to_status == item.status
            assert item.submitted_at == chain[0].at
            deadline = item.programme_year.risalah_deadline
            for change in chain:
                assert change.late == (
                    change.to_status == Status.SUBMITTED and local_day(change.at) > deadline
                )
        assert statuses >= {Status.DRAFT, Status.SUBMITTED, Status.VERIFIED, Status.RETURNED}
        audit = AuditEvent.objects.filter(action=AuditAction.STATUS_CHANGE)
        assert audit.count() == Transition.objects.count()
        rows = {(a.at, a.actor_id, a.details["from_status"], a.details["to_status"]) for a in audit}
        assert rows == {(t.at, t.by_id, t.from_status, t.to_status) for t in Transition.objects.all()}
        assert Transition.objects.filter(at__gt=timezone.now()).count() == 0

    def test_every_filed_risalah_has_its_snapshots_with_the_figures(self):
        filed = Risalah.objects.filter(status__in=Status.FILED).prefetch_related("snapshots__members")
        assert filed.exists()
        for item in filed:
            snapshots = list(item.snapshots.all())
            assert snapshots, item
            snapshot = max(snapshots, key=lambda s: (s.created_at, s.pk))
            figures = meeting_figures(item)  # live, from the rows: nothing changed since filing
            assert (snapshot.meetings, snapshot.figures["count"]) == (figures.count, figures.count)
            assert snapshot.figures["average_attendance_pct"] == figures.average_attendance_pct
            assert snapshot.figures["roster_size"] == figures.roster_size
            members = set(
                RosterMember.objects.filter(
                    group_year__group=item.group, group_year__programme_year=item.programme_year
                )
                .exclude(role=RosterRole.PEMBINA)
                .values_list("person_id", flat=True)
            )
            assert {p.pk for p in snapshot.members.all()} == members
            assert snapshot.expected == snapshot.meetings * len(members)
            present = sum(
                len(set(m.attendees.values_list("pk", flat=True)) & members) for m in item.meetings.all()
            )
            assert snapshot.present == present > 0
        # One snapshot per submission and per verification, at its moment.
        for snapshot in RisalahSnapshot.objects.select_related("transition"):
            assert snapshot.transition.to_status in (Status.SUBMITTED, Status.VERIFIED)
            assert snapshot.created_at == snapshot.transition.at
        wanted = Transition.objects.filter(to_status__in=[Status.SUBMITTED, Status.VERIFIED]).count()
        assert RisalahSnapshot.objects.count() == wanted

    def test_the_newest_snapshot_of_each_risalah_is_flagged(self):
        """``is_latest`` (what the dashboard reads) equals a recount from the snapshots' moments."""
        newest: dict[int, RisalahSnapshot] = {}
        for snapshot in RisalahSnapshot.objects.all():
            best = newest.get(snapshot.risalah_id)
            if best is None or (snapshot.created_at, snapshot.pk) > (best.created_at, best.pk):
                newest[snapshot.risalah_id] = snapshot
        flagged = RisalahSnapshot.objects.filter(is_latest=True)
        assert sorted(flagged.values_list("pk", flat=True)) == sorted(s.pk for s in newest.values())
        assert newest

    def test_filed_risalah_pass_the_checker(self):
        for item in Risalah.objects.filter(status__in=Status.FILED).select_related(
            "group__unit", "programme_year", "method"
        ):
            assert blocking(check(item)) == [], item

    def test_returns_keep_notes_and_what_the_verifikator_saw(self):
        returns = Transition.objects.filter(to_status=Status.RETURNED).select_related("risalah")
        assert returns.exists()
        for change in returns:
            assert set(change.snapshot) == {"title", "steps", "meetings", "attachments"}
            assert change.snapshot["title"]["title"] == change.risalah.title
            assert change.notes.count() == 2
        pending = ReviewNote.objects.filter(transition__isnull=True)
        assert set(pending.values_list("risalah__status", flat=True)) <= {Status.IN_REVIEW}

    def test_history_rows_follow_the_saves(self):
        for item in Risalah.objects.all():
            history = list(item.history.order_by("history_date", "history_id"))
            assert history[0].history_type == "+" and history[0].status == Status.DRAFT
            assert history[-1].status == item.status
            changes = [h.status for h in history]
            chain = [Status.DRAFT] + [t.to_status for t in item.transitions.order_by("at", "pk")]
            assert [s for i, s in enumerate(changes) if i == 0 or s != changes[i - 1]] == chain
        for step in RisalahStep.objects.filter(version__gt=0):
            last = step.history.order_by("-history_date", "-history_id").first()
            assert (last.version, last.narrative, last.data) == (step.version, step.narrative, step.data)
        assert Group.history.count() == GROUPS
        assert RosterMember.history.count() == RosterMember.objects.count()
        assert GroupYear.history.filter(history_type="+").count() == GroupYear.objects.count()

    def test_events_of_the_recent_years(self):
        gelar = Event.objects.filter(kind=EventKind.GELAR).order_by("programme_year__year")
        assert gelar.count() == min(YEARS, 3)
        *past, current = gelar
        for event in past:
            assert event.status == EventStatus.RESULTS_PUBLISHED
            assert Result.objects.filter(round__event=event, award_tier__isnull=False).exists()
        assert current.status == EventStatus.RUNNING
        assert Score.objects.filter(round__event=current).exists()
        for participant in Participant.objects.select_related("group__unit", "risalah"):
            assert participant.risalah.status == Status.VERIFIED
        bimtek = Event.objects.get(kind=EventKind.BIMTEK, programme_year__is_current=True)
        attended = bimtek.attendees.filter(attended=True)
        assert attended.count() > 0 and bimtek.certificates.count() == attended.count()
        assert AuditEvent.objects.filter(at__gt=timezone.now()).count() == 0

    def test_the_dashboard_and_the_trend_equal_a_recount(self):
        root = Unit.objects.get(code=PEMDA_CODE)
        today = timezone.localdate()
        trend = {point.year.year: point.figures for point in build_trend(scope_for_unit(root), today=today)}
        for year in ProgrammeYear.objects.order_by("year"):
            expected = recount(year, today)
            totals = build_dashboard(year, scope_for_unit(root), today=today).totals
            assert vars(totals) == vars(expected), year
            for name in ("groups", "sk_valid", "complete", "submitted", "verified", "not_filed", "overdue"):
                assert getattr(trend[year.year], name) == getattr(expected, name), (year, name)
        current = recount(ProgrammeYear.objects.get(is_current=True), today)
        assert current.groups > 0 and current.verified > 0 and current.meetings > 0 and current.members > 0

    def test_the_main_pages_show_the_data_to_its_users(self):
        year = ProgrammeYear.objects.get(is_current=True)
        totals = recount(year, timezone.localdate())
        verifikator = client_for("verifikator")

        page = verifikator.get("/dasbor/").content.decode()
        footer = page[page.index("<tfoot>") : page.index("</tfoot>")]
        cells = [
            cell_value(cell) for cell in re.findall(r"<td class=\"text-end[^>]*>(.*?)</td>", footer, re.S)
        ]
        assert cells == [getattr(totals, column.field) or 0 for column in COLUMNS]
        assert f"{totals.verified} dari {totals.groups} kelompok" in page

        groups = verifikator.get("/kelompok/").content.decode()
        assert f"{GROUPS} kelompok" in groups
        first = Group.objects.for_list(year).first()
        assert first.name in groups

        listed = verifikator.get("/risalah/").content.decode()
        assert f"{Risalah.objects.count()} risalah" in listed
        newest = (
            Risalah.objects.filter(programme_year=year).order_by("group__unit__path", "group__name").first()
        )
        assert (newest.title or newest.theme) in listed

        operator = client_for("operator")
        dinkes = Unit.objects.get(code="OPD-DINKES")
        own = Group.objects.filter(unit__path__startswith=dinkes.path)
        groups = operator.get("/kelompok/").content.decode()
        assert f"{own.count()} kelompok" in groups or (own.count() == 1 and "1 kelompok" in groups)
        others = Group.objects.exclude(unit__path__startswith=dinkes.path).exclude(
            name__in=own.values("name")
        )
        assert all(f">{g.name}<" not in groups for g in others)

        history = verifikator.get(f"/kelompok/{first.uuid}/riwayat/").content.decode()
        assert first.name in history
        filed = Risalah.objects.filter(status=Status.VERIFIED).first()
        history = verifikator.get(f"/risalah/{filed.uuid}/riwayat/").content.decode()
        assert (
            filed.transitions.first().by.full_name in history
            or filed.transitions.first().by.username in history
        )


def client_for(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def cell_value(html: str) -> int:
    found = re.search(r">(\d+)%?</a>", html)
    return int(found.group(1)) if found else 0


def recount(year: ProgrammeYear, today: date) -> Figures:
    """The dashboard's totals for the whole Pemda, counted here row by row (reports.indicators says what)."""
    figures = Figures()
    units = [u for u in Unit.objects.filter(is_active=True) if u.kind not in PEMDA_KINDS]
    groups = [
        g
        for g in Group.objects.select_related("unit")
        if g.is_active and (g.formed_on is None or g.formed_on.year <= year.year)
    ]
    group_ids = {g.pk for g in groups}
    records = {gy.group_id: gy for gy in GroupYear.objects.filter(programme_year=year)}
    risalah = defaultdict(list)
    for item in Risalah.objects.filter(programme_year=year).prefetch_related("snapshots__members", "steps"):
        risalah[item.group_id].append(item)
    figures.units = len(units)
    figures.units_with_group = len({g.unit_id for g in groups})
    figures.asn = sum(u.asn_count or 0 for u in units)
    figures.groups = len(groups)
    members, asn_members = set(), set()
    deadline_passed = year.risalah_deadline < today
    sk_passed = year.sk_deadline < today
    gelar = set(
        Participant.objects.filter(event__programme_year=year, event__kind=EventKind.GELAR).values_list(
            "group_id", flat=True
        )
    )
    # People (distinct NIPs) checked in at a Bimtek of the year, whatever unit they came for.
    figures.bimtek_attendees = len(
        set(
            BimtekParticipant.objects.filter(
                event__programme_year=year, event__kind=EventKind.BIMTEK, attended=True
            ).values_list("nip", flat=True)
        )
    )
    awarded = set()
    for result in Result.objects.filter(
        participant__event__programme_year=year,
        participant__event__status=EventStatus.RESULTS_PUBLISHED,
        award_tier__isnull=False,
    ).select_related("round__event"):
        if result.round.order == result.round.event.rounds.count():
            awarded.add(result.participant.group_id)
    for group in groups:
        record = records.get(group.pk)
        own = risalah.get(group.pk, [])
        states = {r.status for r in own}
        complete = record is not None and record.status == "complete"
        filed = any(s != Status.DRAFT for s in states)
        figures.sk_valid += bool(record and record.sk_number and record.sk_date and record.sk_scan)
        figures.complete += complete
        for status in Status:
            setattr(figures, status.value, getattr(figures, status.value) + (status in states))
        figures.not_filed += not filed
        figures.awaiting_review += bool(states & Status.REVIEWABLE)
        on_time = any(r.submitted_at and local_day(r.submitted_at) <= year.risalah_deadline for r in own)
        late = (deadline_passed and not on_time) or (sk_passed and not complete)
        figures.overdue += late
        figures.sk_overdue += sk_passed and not complete
        figures.missing += not complete or not filed
        figures.gelar_groups += group.pk in gelar
        figures.gelar_awarded += group.pk in awarded
        standing = [r for r in own if r.status in Status.STANDING]
        counted = max(standing, key=lambda r: r.revision) if standing else None
        if counted is not None:
            snapshot = max(counted.snapshots.all(), key=lambda s: (s.created_at, s.pk))
            figures.meetings += snapshot.meetings
            figures.present += snapshot.present
            figures.expected += snapshot.expected
            people = {p.pk for p in snapshot.members.all()}
            steps = list(counted.steps.all())
            figures.targets_reached += any(
                s.data.get("before_after", {}).get("target_reached") is True for s in steps
            )
            figures.standards += any(
                (s.data.get("standard") or {}).get("title") or (s.data.get("standard") or {}).get("number")
                for s in steps
            )
        else:
            people = set(
                RosterMember.objects.filter(group_year__group=group, group_year__programme_year=year)
                .exclude(role=RosterRole.PEMBINA)
                .values_list("person_id", flat=True)
            )
        members |= people
        if group.unit.asn_count is not None and group.unit.kind not in PEMDA_KINDS:
            asn_members |= people
    figures.members, figures.asn_members = len(members), len(asn_members)
    assert group_ids  # the bench always has groups
    return figures
