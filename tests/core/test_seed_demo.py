"""``manage.py seed_demo``: the demo kabupaten, its logins, its filing season, and the safety switches."""

import io
import re
from collections import Counter
from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from pypdf import PdfReader

from core.models import AuditAction, AuditEvent, NotificationPreference, Role, SentMail, Unit, UnitKind, User
from core.nip import nip_problems
from core.permissions import can_manage_groups, can_read_unit
from demo import data
from demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD
from demo.clock import Timeline
from demo.review_notes import EXEMPLARY_NOTE
from groups.models import Completeness, Group, GroupYear, Person, ProgrammeYear, RosterMember, RosterRole
from reports.dashboard import build_trend, scope_for_unit
from risalah.checker import check
from risalah.figures import meeting_figures
from risalah.methods import load_methods
from risalah.models import (
    Attachment,
    Evidence,
    Meeting,
    Method,
    MethodStep,
    ReviewNote,
    Risalah,
    RisalahStep,
    Status,
    Transition,
)
from risalah.reminders import notify_status_change
from risalah.review import changes_since_return, last_return
from tests.factories import UnitFactory, UserFactory


def seed(*args: str) -> str:
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def snapshot() -> dict:
    return {
        "units": set(Unit.objects.values_list("uuid", flat=True)),
        "groups": set(Group.objects.values_list("uuid", flat=True)),
        "group_years": set(GroupYear.objects.values_list("uuid", flat=True)),
        "people": Person.objects.count(),
        "members": RosterMember.objects.count(),
        "users": set(User.objects.values_list("uuid", flat=True)),
        "years": list(ProgrammeYear.objects.values_list("year", "is_current")),
        "risalah": sorted(Risalah.objects.values_list("uuid", "status", "version")),
        "transitions": Transition.objects.count(),
        "notes": ReviewNote.objects.count(),
        "meetings": Meeting.objects.count(),
    }


def current_year() -> ProgrammeYear:
    return ProgrammeYear.objects.get(is_current=True)


def local_date(moment: datetime) -> date:
    return timezone.localtime(moment).date()


def steps_written(risalah: Risalah) -> int:
    """Steps saved at least once (step_save moves the version on)."""
    return sum(step.version > 0 for step in risalah.steps.all())


# With `--dist loadgroup` (make test passes it) the whole module runs on one xdist worker, so the
# demo is seeded once per test session.
pytestmark = pytest.mark.xdist_group("demo-kabupaten")


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """One demo kabupaten for the whole module (loading it takes half a minute), rolled back after it.

    Every test of TestTheDemoKabupaten runs inside it (its own changes rolled back after each);
    the tests that need an empty database come before the class, since the kabupaten stays until
    the module ends. Module scope, not session: the open transaction would show the kabupaten
    to every later test of the session, and only this module uses it.

    The on-commit callbacks run as a commit would run them (the status notices of the reviews,
    then switching the notices back on).
    """
    with django_db_blocker.unblock(), transaction.atomic():
        if not Method.objects.exists():  # a transactional test flushed the database before
            load_methods(Method, MethodStep)
        with TestCase.captureOnCommitCallbacks(execute=True):
            output = seed("--if-empty")  # into an empty database, --if-empty loads
        yield output
        transaction.set_rollback(True)


@pytest.mark.django_db
@override_settings(ALLOW_DEMO_DATA=False)
def test_refuses_unless_demo_data_is_allowed():
    for options in [(), ("--if-empty",), ("--reset",)]:
        with pytest.raises(CommandError, match="ALLOW_DEMO_DATA"):
            seed(*options)
    assert not Unit.objects.exists()
    assert not User.objects.exists()


@pytest.mark.django_db
def test_does_not_mix_into_a_database_with_other_data():
    UnitFactory(kind=UnitKind.PEMKOT, code="PEMKOT-LAIN")

    output = seed("--if-empty")
    assert "1 " in output and DEMO_PASSWORD not in output  # says what it found, lists no logins
    assert list(Unit.objects.values_list("code", flat=True)) == ["PEMKOT-LAIN"]
    with pytest.raises(CommandError):
        seed()
    with pytest.raises(CommandError):
        seed("--reset")
    assert list(Unit.objects.values_list("code", flat=True)) == ["PEMKOT-LAIN"]


def test_timeline_keeps_planned_moments_in_the_past_and_in_order():
    now = datetime(2026, 5, 1, 12, tzinfo=UTC)
    timeline = Timeline(now, horizon=datetime(2026, 11, 23, tzinfo=UTC))
    planned = [datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 4, 20, tzinfo=UTC)]
    planned += [datetime(2026, 8, 15, tzinfo=UTC), datetime(2026, 11, 1, tzinfo=UTC)]

    moved = [timeline.at(moment) for moment in planned]

    assert moved[0] == planned[0]  # a month or more before now: as planned
    assert moved == sorted(moved) and len(set(moved)) == len(moved)
    assert all(moment < now for moment in moved)
    # A season already over is kept as planned.
    past = Timeline(datetime(2027, 1, 10, tzinfo=UTC), horizon=datetime(2026, 11, 23, tzinfo=UTC))
    assert [past.at(moment) for moment in planned] == planned
    assert past.at(planned[-1] + timedelta(hours=3)) == planned[-1] + timedelta(hours=3)


@pytest.mark.django_db
@pytest.mark.usefixtures("seeded")
class TestTheDemoKabupaten:
    def test_builds_the_unit_tree_of_a_kabupaten(self):
        root = Unit.objects.get(code=data.PEMDA_CODE)
        assert (root.kind, root.name, root.depth) == (UnitKind.PEMKAB, "Pemerintah Kabupaten Sukamaju", 1)
        assert Unit.objects.find_problems() == ([], [], [], [], [])
        opds = Unit.objects.filter(depth=2, kind__in=[UnitKind.OPD, UnitKind.RSUD])
        assert opds.count() == 40
        assert {
            "OPD-DINKES",
            "OPD-DISDIKBUD",
            "OPD-DISDUKCAPIL",
            "OPD-BAPPEDA",
            "OPD-BPKAD",
            "OPD-SATPOLPP",
        } <= set(opds.values_list("code", flat=True))
        assert Unit.objects.get(code="OPD-DINKES").short_name == "Dinkes"
        organisasi = Unit.objects.get(code=data.ORGANISASI_CODE)
        assert (organisasi.name, Unit.objects.get_parent(organisasi).code) == (
            "Bagian Organisasi",
            "OPD-SETDA",
        )

        kecamatan = Unit.objects.filter(kind=UnitKind.KECAMATAN)
        assert kecamatan.count() == 20
        assert set(kecamatan.values_list("depth", flat=True)) == {2}
        for kec in kecamatan:
            villages = Unit.objects.get_children(kec)
            assert 3 <= villages.count() <= 6
            assert set(villages.values_list("kind", flat=True)) <= {UnitKind.KELURAHAN, UnitKind.DESA}
            assert all(v.code.startswith(kec.code + "-") for v in villages)
        assert Unit.objects.filter(code="KEC-01-KEL-01", name="Kelurahan Sukamaju").exists()

        dinkes = Unit.objects.get(code="OPD-DINKES")
        assert Unit.objects.subtree_of(dinkes).filter(kind=UnitKind.PUSKESMAS).count() == 20
        disdik = Unit.objects.get(code="OPD-DISDIKBUD")
        assert disdik.name == "Dinas Pendidikan dan Kebudayaan"
        assert Unit.objects.subtree_of(disdik).filter(kind=UnitKind.SEKOLAH).count() == 15
        assert Unit.objects.filter(kind=UnitKind.UPT).count() >= 3

    def test_two_programme_years_with_the_calendar(self):
        this_year = timezone.localdate().year
        assert list(ProgrammeYear.objects.values_list("year", "is_current", "sk_deadline", "gelar_date")) == [
            (this_year, True, date(this_year, 3, 31), date(this_year, 9, 10)),
            (this_year - 1, False, date(this_year - 1, 3, 31), date(this_year - 1, 9, 10)),
        ]
        assert current_year().risalah_deadline == date(this_year, 8, 15)

    def test_groups_have_an_identity_logo_and_sk_scan(self):
        groups = list(Group.objects.select_related("unit"))
        assert 55 <= len(groups) <= 65
        assert len({g.name for g in groups}) == len(groups)
        kinds = Counter(g.unit.kind for g in groups)
        for kind in (UnitKind.OPD, UnitKind.PUSKESMAS, UnitKind.KELURAHAN, UnitKind.SEKOLAH, UnitKind.RSUD):
            assert kinds[kind] >= 1, kind
        today = timezone.localdate()
        for group in groups:
            assert group.name.startswith("KBK ")
            assert group.makna and group.motto and group.name.removeprefix("KBK ") in group.yel_yel
            assert group.formed_on <= today
        sigap = next(g for g in groups if g.name == "KBK SIGAP")
        assert sigap.makna.startswith("Sigap, Ikhlas, Gesit, Amanah, Profesional.")

        with default_storage.open(sigap.logo.name) as logo:
            image = Image.open(logo)
            assert (image.format, image.size) == ("PNG", (192, 192))

        group_year = (
            GroupYear.objects.filter(status=Completeness.COMPLETE).select_related("group__unit").first()
        )
        assert group_year.sk_number.endswith(f"/SK/{group_year.programme_year.year}")
        assert group_year.sk_date.year == group_year.programme_year.year
        with default_storage.open(group_year.sk_scan.name) as scan:
            pdf = PdfReader(scan)
            assert len(pdf.pages) == 1
            text = pdf.pages[0].extract_text()
        assert f"NOMOR {group_year.sk_number}" in text
        assert group_year.group.name.removeprefix("KBK ") in text
        assert group_year.group.unit.name.upper() in text
        for member in group_year.members.select_related("person"):
            assert member.person.nip in text

    def test_every_nip_is_valid(self):
        nips = list(Person.objects.values_list("nip", flat=True))
        assert len(nips) > 300
        for nip in nips:
            assert nip_problems(nip) == [], nip
            birth = date(int(nip[:4]), int(nip[4:6]), int(nip[6:8]))
            tmt = (int(nip[8:12]), int(nip[12:14]))
            assert tmt > (birth.year + 18, birth.month), nip
            assert nip[14] in "12"
        demo_users = User.objects.filter(username__in=[a.username for a in DEMO_ACCOUNTS])
        assert all(nip_problems(user.nip) == [] for user in demo_users)

    def test_the_mix_of_complete_incomplete_and_missing_records(self):
        year = current_year()
        groups = Group.objects.count()
        records = GroupYear.objects.filter(programme_year=year).prefetch_related("members")
        status = Counter(gy.status for gy in records)
        assert 0.65 <= status[Completeness.COMPLETE] / groups <= 0.85
        assert status[Completeness.INCOMPLETE] >= 4
        missing = Group.objects.with_completeness(year, Completeness.MISSING)
        assert 3 <= missing.count() <= 12
        assert (
            GroupYear.objects.filter(group__in=missing, programme_year__year=year.year - 1).count()
            == missing.count()
        )

        incomplete = [gy for gy in records if gy.status == Completeness.INCOMPLETE]
        assert all(gy.problems for gy in incomplete)
        assert any(gy.sk_number and not gy.sk_scan for gy in incomplete)  # scan not uploaded
        roles = {gy.pk: Counter(m.role for m in gy.members.all()) for gy in incomplete}
        assert any(
            r[RosterRole.SEKRETARIS] == 0 and r.total() - r[RosterRole.PEMBINA] >= 3 for r in roles.values()
        )
        assert any(r.total() - r[RosterRole.PEMBINA] < 3 for r in roles.values())  # too few members

        for gy in records:
            if gy.status == Completeness.COMPLETE:
                r = Counter(m.role for m in gy.members.all())
                assert 4 <= r.total() - r[RosterRole.PEMBINA] <= 8
                assert (r[RosterRole.KETUA], r[RosterRole.SEKRETARIS], r[RosterRole.FASILITATOR]) == (1, 1, 1)
                assert gy.has_sk and gy.problems == []

        # Groups formed this year have no record for last year; most others keep their people.
        assert Group.objects.exclude(years__programme_year__year=year.year - 1).exists()
        last_year = set(
            RosterMember.objects.filter(group_year__programme_year__year=year.year - 1).values_list("person")
        )
        this_year = set(RosterMember.objects.filter(group_year__programme_year=year).values_list("person"))
        assert len(last_year & this_year) >= 0.5 * len(this_year)

        # Units with no group at all, among OPDs and kelurahan.
        opds_without = Unit.objects.filter(depth=2, kind=UnitKind.OPD, groups__isnull=True)
        assert 5 <= opds_without.count() <= 30
        assert Unit.objects.filter(kind=UnitKind.KELURAHAN, groups__isnull=True).exists()

    def test_one_login_per_role_with_the_demo_password(self, client, seeded):
        output = seeded

        expected = {
            "admin": (Role.ADMIN, data.PEMDA_CODE),
            "verifikator": (Role.VERIFIKATOR, data.PEMDA_CODE),
            "operator": (Role.OPERATOR, "OPD-DINKES"),
            "pimpinan": (Role.PIMPINAN, "OPD-DINKES"),
            "operator.disdik": (Role.OPERATOR, "OPD-DISDIKBUD"),
        }
        for username, role in expected.items():
            user = User.objects.get(username=username)
            assert user.check_password(DEMO_PASSWORD), username
            assert [(ra.role, ra.unit.code) for ra in user.roles.select_related("unit")] == [role]
            assert user.person.nip == user.nip and user.full_name == user.person.name
            assert username in output
        assert DEMO_PASSWORD in output

        admin = User.objects.get(username="admin")
        assert (admin.is_superuser, admin.is_staff) == (True, True)
        assert not User.objects.filter(is_superuser=True).exclude(username="admin").exists()
        assert User.objects.get(username="verifikator").unit.code == data.ORGANISASI_CODE
        pimpinan = User.objects.get(username="pimpinan")
        assert pimpinan.person.jabatan == "Kepala Dinas Kesehatan"

        # The Dinkes operator manages the Puskesmas groups, not the schools'.
        operator = User.objects.get(username="operator")
        puskesmas = Unit.objects.filter(kind=UnitKind.PUSKESMAS).first()
        school = Unit.objects.filter(kind=UnitKind.SEKOLAH).first()
        assert can_manage_groups(operator, puskesmas)
        assert not can_read_unit(operator, school)
        assert can_manage_groups(User.objects.get(username="operator.disdik"), school)

        # The printed login works on the real login page.
        response = client.post(reverse("login"), {"username": "operator.disdik", "password": DEMO_PASSWORD})
        assert response.status_code == 302
        assert client.session["_auth_user_id"] == str(User.objects.get(username="operator.disdik").pk)

    # --- the filing season -------------------------------------------------------------------

    def test_risalah_in_every_state_of_the_review(self):
        year = current_year()
        status = Counter(Risalah.objects.filter(programme_year=year).values_list("status", flat=True))
        assert 6 <= status[Status.VERIFIED] <= 10
        assert 4 <= status[Status.SUBMITTED] <= 8
        assert 2 <= status[Status.IN_REVIEW] <= 4
        assert 3 <= status[Status.RETURNED] <= 6
        assert 1 <= status[Status.REJECTED] <= 2
        assert 10 <= status[Status.DRAFT] <= 14
        assert (
            Risalah.objects.filter(programme_year=year).values("group").distinct().count() == status.total()
        )
        # Groups with nothing filed at all (overdue once the deadline has passed).
        assert 10 <= Group.objects.exclude(risalah__programme_year=year).count() <= 30

        drafts = Risalah.objects.filter(programme_year=year, status=Status.DRAFT).prefetch_related("steps")
        assert {steps_written(draft) for draft in drafts} == {0, 1, 2, 3, 4, 5, 6}
        # Drafts of groups whose SK or roster is incomplete: they could not submit.
        assert GroupYear.objects.filter(
            programme_year=year, status=Completeness.INCOMPLETE, group__risalah__status=Status.DRAFT
        ).exists()

        previous = ProgrammeYear.objects.get(year=year.year - 1)
        last_year = Counter(Risalah.objects.filter(programme_year=previous).values_list("status", flat=True))
        groups_last_year = GroupYear.objects.filter(programme_year=previous).count()
        assert last_year[Status.VERIFIED] >= 0.7 * groups_last_year
        assert last_year[Status.SUBMITTED] == last_year[Status.IN_REVIEW] == 0  # the year is closed

        # The dashboard's trend has both years, most verified last year.
        root = Unit.objects.get(code=data.PEMDA_CODE)
        trend = {point.year.year: point.figures for point in build_trend(scope_for_unit(root))}
        assert trend[year.year].verified == status[Status.VERIFIED]
        assert trend[previous.year].verified == last_year[Status.VERIFIED]

    def test_the_exemplary_risalah_is_complete_and_verified(self, client):
        risalah = Risalah.objects.select_related("group__unit").get(transitions__note=EXEMPLARY_NOTE)
        year = current_year()
        dinkes = Unit.objects.get(code=data.DINKES_CODE)
        first_puskesmas_group = (
            GroupYear.objects.filter(
                programme_year=year,
                status=Completeness.COMPLETE,
                group__unit__kind=UnitKind.PUSKESMAS,
                group__unit__path__startswith=dinkes.path,
            )
            .order_by("group__unit__path", "group__name")
            .first()
            .group
        )
        assert risalah.group == first_puskesmas_group
        operator = User.objects.get(username="operator")
        assert can_manage_groups(operator, risalah.group.unit)
        # It is the first risalah in the operator's list.
        client.force_login(operator)
        listed = re.findall(
            r'href="/risalah/([0-9a-f-]{36})/"', client.get(reverse("risalah-list")).content.decode()
        )
        assert listed and listed[0] == str(risalah.uuid)
        assert (risalah.programme_year, risalah.status) == (year, Status.VERIFIED)
        assert [(t.from_status, t.to_status) for t in risalah.transitions.all()] == [
            (Status.DRAFT, Status.SUBMITTED),
            (Status.SUBMITTED, Status.IN_REVIEW),
            (Status.IN_REVIEW, Status.VERIFIED),
        ]
        assert local_date(risalah.submitted_at) <= year.risalah_deadline  # on time

        assert [finding.code for finding in check(risalah) if finding.blocking] == []
        assert risalah.conclusion and risalah.title.startswith("Meningkatkan persentase pasien rawat jalan")
        steps = list(risalah.steps.select_related("method_step"))
        assert len(steps) == 7 and all(step.version > 0 and step.narrative for step in steps)
        figures = meeting_figures(risalah)
        assert figures.count == 8 and figures.average_attendance_pct >= 75
        assert risalah.schedule_start is not None
        kinds = Counter(risalah.attachments.values_list("kind", flat=True))
        assert kinds[Evidence.DAFTAR_HADIR] == 8
        assert kinds[Evidence.PHOTO_BEFORE] and kinds[Evidence.PHOTO_DURING] and kinds[Evidence.PHOTO_AFTER]
        assert kinds[Evidence.RAW_DATA] == 1
        assert all(default_storage.exists(a.file.name) for a in risalah.attachments.all())

    def test_other_submitted_risalah_pass_the_checker(self):
        filed = Risalah.objects.exclude(status=Status.DRAFT).select_related("group__unit", "programme_year")
        assert filed.count() > 40
        for risalah in filed.filter(programme_year=current_year()):
            assert [f.code for f in check(risalah) if f.blocking] == [], risalah
        # Schools, kelurahan and offices write about their own work, not about outpatients.
        school = filed.filter(group__unit__kind=UnitKind.SEKOLAH, programme_year=current_year()).first()
        assert "siswa" in school.title and school.place == school.group.unit.name
        titles = list(filed.filter(programme_year=current_year()).values_list("title", flat=True))
        assert len(set(titles)) == len(titles)

    def test_returned_risalah_carry_notes_on_their_steps(self):
        returned = list(
            Risalah.objects.filter(programme_year=current_year(), status=Status.RETURNED).select_related(
                "group__unit"
            )
        )
        for risalah in returned:
            change = last_return(risalah)
            notes = list(change.notes.select_related("step"))
            assert change.note and change.by.username == "verifikator"
            assert len(notes) >= 2
            assert all(note.step is not None and note.step.risalah_id == risalah.pk for note in notes)
        # Both demo operators find one of their own groups' risalah to fix.
        for username in ("operator", "operator.disdik"):
            user = User.objects.get(username=username)
            assert any(can_read_unit(user, risalah.group.unit) for risalah in returned), username

    def test_a_resubmitted_risalah_shows_what_changed_since_the_return(self):
        risalah = Risalah.objects.get(
            programme_year=current_year(), transitions__to_status=Status.RETURNED, status=Status.SUBMITTED
        )
        noted = {
            note.step.method_step.number
            for note in last_return(risalah).notes.select_related("step__method_step")
        }

        changes = changes_since_return(risalah)

        assert {section.number for section in changes} == noted
        assert all(section.changes for section in changes)
        assert [(t.from_status, t.to_status) for t in risalah.transitions.all()][-2:] == [
            (Status.IN_REVIEW, Status.RETURNED),
            (Status.RETURNED, Status.SUBMITTED),
        ]

    def test_every_status_change_is_a_transition_in_time_order(self):
        now = timezone.now()
        risalah = list(Risalah.objects.prefetch_related("transitions__by"))
        for item in risalah:
            status, moments = Status.DRAFT, []
            for change in item.transitions.all():
                assert change.from_status == status, item
                status = change.to_status
                moments.append(change.at)
                reviewer = change.to_status in (
                    Status.IN_REVIEW,
                    Status.RETURNED,
                    Status.VERIFIED,
                    Status.REJECTED,
                )
                assert (change.by.username == "verifikator") == reviewer
            assert status == item.status
            assert moments == sorted(moments) and len(set(moments)) == len(moments)
            assert item.created_at < (moments[0] if moments else now)
            submits = [c.at for c in item.transitions.all() if c.to_status == Status.SUBMITTED]
            assert item.submitted_at == (submits[0] if submits else None)  # the first filing counts
            assert all(moment <= now for moment in moments)
        transitions = Counter(Transition.objects.values_list("from_status", "to_status"))
        audited = Counter(
            (event["details"]["from_status"], event["details"]["to_status"])
            for event in AuditEvent.objects.filter(action=AuditAction.STATUS_CHANGE)
            .exclude(details__has_key="event_step")  # the events' own steps (events.history)
            .values("details")
        )
        assert audited == transitions

    def test_submissions_before_and_after_the_deadline(self):
        previous = ProgrammeYear.objects.get(year=current_year().year - 1)
        submitted = [
            local_date(moment)
            for moment in Risalah.objects.filter(
                programme_year=previous, submitted_at__isnull=False
            ).values_list("submitted_at", flat=True)
        ]
        on_time = sum(day <= previous.risalah_deadline for day in submitted)
        assert on_time >= 20 and len(submitted) - on_time >= 3
        history = Risalah.history.filter(programme_year=previous).values_list("history_date", flat=True)
        assert max(history) < datetime(previous.year, 12, 31, tzinfo=UTC)

    def test_seeding_sent_no_mail_and_left_the_notices_on(self, seeded):
        assert not SentMail.objects.exists()
        accounts = User.objects.filter(username__in=[a.username for a in DEMO_ACCOUNTS])
        assert set(
            NotificationPreference.objects.filter(user__in=accounts).values_list("status_notices", flat=True)
        ) == {True}
        # The notices were really due: with them on, a return would have told the operator.
        returned = Risalah.objects.filter(
            status=Status.RETURNED, group__unit__path__startswith=Unit.objects.get(code=data.DINKES_CODE).path
        ).first()
        assert (
            notify_status_change(risalah=returned, transition=last_return(returned), base_url="http://x") >= 1
        )

    def test_the_summary_counts_each_state(self, seeded):
        year = current_year()
        status = Counter(Risalah.objects.filter(programme_year=year).values_list("status", flat=True))
        line = next(line for line in seeded.splitlines() if f" {year.year}: " in line)
        figures = line.split(f" {year.year}: ", 1)[1].split(";")[0]
        assert [int(n) for n in re.findall(r"\d+", figures)] == [
            status[s] for s in Status.values if status[s]
        ]

    def test_has_two_gelar_and_a_bimtek_with_attendance(self):
        from events.models import BimtekParticipant, Certificate, Event, EventStatus, Result, Score

        events = {
            e.kind + str(e.programme_year.year): e for e in Event.objects.select_related("programme_year")
        }
        year = current_year().year
        assert sorted((key, e.status) for key, e in events.items()) == [
            (f"bimtek{year}", EventStatus.RUNNING),
            (f"gelar{year - 1}", EventStatus.RESULTS_PUBLISHED),
            (f"gelar{year}", EventStatus.RUNNING),
        ]
        bimtek = events[f"bimtek{year}"]
        attendees = BimtekParticipant.objects.filter(event=bimtek)
        assert (attendees.count(), attendees.filter(attended=True).count()) == (60, 54)
        assert set(attendees.values_list("unit__kind", flat=True)) == {UnitKind.PUSKESMAS, UnitKind.SEKOLAH}
        assert Certificate.objects.filter(event=bimtek).count() == 54
        finished, running = events[f"gelar{year - 1}"], events[f"gelar{year}"]
        awards = Result.objects.filter(round__event=finished, award_tier__isnull=False, round__order=2)
        assert Certificate.objects.filter(event=finished, kind="winner").count() == awards.count() >= 5
        final = running.rounds.order_by("order").last()
        assert running.juries.count() == 3 and running.lottery_seed is not None
        scored = Score.objects.filter(round=final).count()
        assert 0 < scored < Score.objects.filter(round=final.event.rounds.first()).count()

    # --- running it again --------------------------------------------------------------------

    def test_if_empty_keeps_the_data_on_a_second_run(self):
        before = snapshot()

        output = seed("--if-empty")

        assert snapshot() == before
        assert "operator.disdik" in output and DEMO_PASSWORD in output

    def test_a_second_run_without_options_refuses(self):
        before = snapshot()

        with pytest.raises(CommandError, match="--reset") as error:
            seed()

        assert "--if-empty" in str(error.value)
        assert snapshot() == before

    # --- last: the reset deletes the files of the shared kabupaten (its rows come back after the test)

    def test_reset_rebuilds_the_same_kabupaten(self, django_capture_on_commit_callbacks):
        own_account = UserFactory(username="budi", is_superuser=True)
        before = snapshot()
        names = set(Group.objects.values_list("unit__code", "name"))
        old_files = list(Group.objects.values_list("logo", flat=True))
        old_files += [name for name in GroupYear.objects.values_list("sk_scan", flat=True) if name]
        old_files += [
            name for pair in Attachment.objects.values_list("file", "thumbnail") for name in pair if name
        ]
        assert all(default_storage.exists(name) for name in old_files)
        old_risalah = set(Risalah.objects.values_list("pk", flat=True))
        states = Counter(Risalah.objects.values_list("programme_year__year", "status"))

        with django_capture_on_commit_callbacks(execute=True):
            seed("--reset")

        after = snapshot()
        assert len(after["units"]) == len(before["units"])
        assert len(after["groups"]) == len(before["groups"])
        assert after["people"] == before["people"] and after["members"] == before["members"]
        assert after["years"] == before["years"]
        assert not after["units"] & before["units"]
        assert not after["groups"] & before["groups"]
        assert set(Group.objects.values_list("unit__code", "name")) == names  # the fixed seed
        assert not any(default_storage.exists(name) for name in old_files)
        assert User.objects.filter(pk=own_account.pk).exists()
        assert User.objects.filter(username__in=[a.username for a in DEMO_ACCOUNTS]).count() == len(
            DEMO_ACCOUNTS
        )

        # The risalah went first (they protect their groups) with everything hanging on them, and came back
        # in the same states.
        assert not set(Risalah.objects.values_list("pk", flat=True)) & old_risalah
        assert Counter(Risalah.objects.values_list("programme_year__year", "status")) == states
        assert (after["transitions"], after["notes"], after["meetings"]) == (
            before["transitions"],
            before["notes"],
            before["meetings"],
        )
        assert not Risalah.history.filter(id__in=old_risalah).exists()
        assert not RisalahStep.history.filter(risalah_id__in=old_risalah).exists()
        assert not Meeting.history.filter(risalah_id__in=old_risalah).exists()
        assert (
            AuditEvent.objects.filter(action=AuditAction.STATUS_CHANGE)
            .exclude(details__has_key="event_step")  # the events' own steps (events.history)
            .count()
            == Transition.objects.count()
        )
