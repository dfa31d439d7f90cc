"""``manage.py seed_demo``: the demo kabupaten, its logins, and the safety switches."""

import io
from collections import Counter
from datetime import date

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from pypdf import PdfReader

from core.demo import data
from core.management.commands.seed_demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from core.models import Role, Unit, UnitKind, User
from core.permissions import can_manage_groups, can_read_unit
from groups.models import Completeness, Group, GroupYear, Person, ProgrammeYear, RosterMember, RosterRole
from groups.validators import nip_problems
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
    }


def current_year() -> ProgrammeYear:
    return ProgrammeYear.objects.get(is_current=True)


@pytest.mark.django_db
def test_builds_the_unit_tree_of_a_kabupaten():
    seed()

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
    assert (organisasi.name, Unit.objects.get_parent(organisasi).code) == ("Bagian Organisasi", "OPD-SETDA")

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


@pytest.mark.django_db
def test_two_programme_years_with_the_calendar():
    seed()

    this_year = timezone.localdate().year
    assert list(ProgrammeYear.objects.values_list("year", "is_current", "sk_deadline", "gelar_date")) == [
        (this_year, True, date(this_year, 3, 31), date(this_year, 9, 10)),
        (this_year - 1, False, date(this_year - 1, 3, 31), date(this_year - 1, 9, 10)),
    ]
    assert current_year().risalah_deadline == date(this_year, 8, 15)


@pytest.mark.django_db
def test_groups_have_an_identity_logo_and_sk_scan():
    seed()

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

    group_year = GroupYear.objects.filter(status=Completeness.COMPLETE).select_related("group__unit").first()
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


@pytest.mark.django_db
def test_every_nip_is_valid():
    seed()

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


@pytest.mark.django_db
def test_the_mix_of_complete_incomplete_and_missing_records():
    seed()

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


@pytest.mark.django_db
def test_one_login_per_role_with_the_demo_password(client):
    output = seed()

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


@pytest.mark.django_db
def test_if_empty_keeps_the_data_on_a_second_run():
    seed("--if-empty")
    before = snapshot()

    output = seed("--if-empty")

    assert snapshot() == before
    assert "operator.disdik" in output and DEMO_PASSWORD in output


@pytest.mark.django_db
def test_a_second_run_without_options_refuses():
    seed()
    before = snapshot()

    with pytest.raises(CommandError, match="--reset") as error:
        seed()

    assert "--if-empty" in str(error.value)
    assert snapshot() == before


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


@pytest.mark.django_db
def test_reset_rebuilds_the_same_kabupaten(django_capture_on_commit_callbacks):
    own_account = UserFactory(username="budi", is_superuser=True)
    seed()
    before = snapshot()
    names = set(Group.objects.values_list("unit__code", "name"))
    old_files = list(Group.objects.values_list("logo", flat=True))
    old_files += [name for name in GroupYear.objects.values_list("sk_scan", flat=True) if name]
    assert all(default_storage.exists(name) for name in old_files)

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
    assert User.objects.filter(username__in=[a.username for a in DEMO_ACCOUNTS]).count() == len(DEMO_ACCOUNTS)
