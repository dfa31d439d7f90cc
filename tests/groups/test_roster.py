"""The roster page: add by NIP (new or known ASN), change a role, remove, copy from last year."""

import pytest
from django.urls import reverse
from django.utils import translation

from groups.models import Completeness, GroupYear, Person, RosterMember, RosterRole
from groups.services import evaluate_group_year
from tests.factories import (
    GroupFactory,
    GroupYearFactory,
    PersonFactory,
    ProgrammeYearFactory,
    RosterMemberFactory,
    complete_group_year,
    make_nip,
)

pytestmark = pytest.mark.django_db


def roster_url(group, year=2026):
    return reverse("groups-roster", args=[group.uuid, year])


def test_roster_page_shows_members_in_role_order_and_completeness(world, as_persona):
    response = as_persona("pimpinan_a").get(roster_url(world.group_a))

    content = response.content.decode()
    assert content.count("<h1") == 1
    assert "Roster 2026 of KBK Sehati" in content
    assert "Complete" in content
    rows = response.context["rows"]
    assert [member.role for member, _form in rows] == [
        "fasilitator",
        "ketua",
        "sekretaris",
        "anggota",
        "anggota",
    ]
    assert [form for _member, form in rows] == [None] * 5  # read-only: no role forms
    assert response.context["add_form"] is None
    for member, _form in rows:
        assert member.person.nip in content
    assert "Add a member" not in content


def test_incomplete_roster_shows_its_reasons(world, as_persona):
    group = GroupFactory(unit=world.unit_a1)
    group_year = GroupYearFactory(group=group, programme_year=world.year)
    RosterMemberFactory(group_year=group_year, role=RosterRole.KETUA, person__unit=world.unit_a1)
    RosterMemberFactory(group_year=group_year, role=RosterRole.KETUA, person__unit=world.unit_a1)
    evaluate_group_year(group_year=group_year)

    content = as_persona("operator_a").get(roster_url(group)).content.decode()

    assert "Incomplete" in content
    for reason in [
        "The roster has 2 members; at least 3 are required.",
        "There must be exactly 1 Ketua (now 2).",
        "There must be exactly 1 Sekretaris (now 0).",
        "At least 1 Fasilitator is required (now 0).",
    ]:
        assert reason in content


def test_what_is_missing_is_worded_in_the_readers_language_not_the_savers(world, as_persona):
    group = GroupFactory(unit=world.unit_a1)
    group_year = GroupYearFactory(group=group, programme_year=world.year)
    RosterMemberFactory(group_year=group_year, role=RosterRole.SEKRETARIS, person__unit=world.unit_a1)
    with translation.override("id"):  # an Indonesian operator saved the roster
        evaluate_group_year(group_year=group_year)

    english = as_persona("operator_a").get(roster_url(group)).content.decode()
    indonesian_client = as_persona("operator_a")
    indonesian_client.cookies["django_language"] = "id"
    indonesian = indonesian_client.get(roster_url(group)).content.decode()

    assert group_year.problems[-3:] == [
        {"code": "min_members", "count": 1, "min": 3},
        {"code": "role_count", "wanted": 1, "role": "ketua", "count": 0},
        {"code": "min_fasilitator", "min": 1, "count": 0},
    ]
    assert "There must be exactly 1 Ketua (now 0)." in english
    assert "Harus ada tepat 1 Ketua (saat ini 0)." in indonesian
    assert "Harus ada" not in english


def test_adding_a_new_nip_creates_the_person(world, as_persona):
    group = GroupFactory(unit=world.unit_a1, name="KBK Baru")
    nip = make_nip(sex=2)
    typed = f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"  # as people type it, with spaces

    response = as_persona("operator_a").post(
        roster_url(group),
        {
            "nip": typed,
            "role": "ketua",
            "name": "Siti Aminah",
            "jabatan": "Perawat",
            "unit": world.unit_a1.uuid,
        },
        follow=True,
    )

    person = Person.objects.get(nip=nip)
    assert (person.name, person.jabatan, person.unit) == ("Siti Aminah", "Perawat", world.unit_a1)
    member = RosterMember.objects.get(person=person)
    assert (member.group_year.group, member.group_year.programme_year, member.role) == (
        group,
        world.year,
        "ketua",
    )
    assert member.group_year.status == Completeness.INCOMPLETE  # one member is not a complete roster
    assert response.redirect_chain == [(roster_url(group), 302)]
    content = response.content.decode()
    assert "Siti Aminah was added to the 2026 roster as Ketua." in content
    assert "The roster has 1 members; at least 3 are required." in content


def test_adding_a_known_nip_reuses_the_same_person(world, as_persona):
    known = PersonFactory(name="Budi Santoso", jabatan="Analis", unit=world.unit_a)
    group = GroupFactory(unit=world.unit_a1)

    response = as_persona("operator_a").post(
        roster_url(group),
        # Typed name and unit are ignored for a known NIP: the ASN record stays as it is.
        {"nip": known.nip, "role": "fasilitator", "name": "Nama Lain", "jabatan": "", "unit": ""},
        follow=True,
    )

    assert Person.objects.filter(nip=known.nip).count() == 1
    known.refresh_from_db()
    assert (known.name, known.unit) == ("Budi Santoso", world.unit_a)
    assert list(group.years.get().members.values_list("person", "role")) == [(known.pk, "fasilitator")]
    assert "Budi Santoso is already known to the portal and was added to the 2026 roster as Fasilitator." in (
        response.content.decode()
    )


def test_a_new_nip_without_a_name_asks_for_it(world, as_persona):
    group = GroupFactory(unit=world.unit_a1)

    response = as_persona("operator_a").post(
        roster_url(group), {"nip": make_nip(), "role": "anggota", "name": "", "jabatan": "Staf", "unit": ""}
    )

    assert response.status_code == 200
    form = response.context["add_form"]
    assert form.errors == {
        "name": ["This NIP is not in the portal yet: please type the name."],
        "unit": ["This NIP is not in the portal yet: please choose the unit."],
    }
    assert 'value="Staf"' in response.content.decode()  # what was typed is still there
    assert not GroupYear.objects.filter(group=group).exists()


def test_an_invalid_nip_is_explained(world, as_persona):
    response = as_persona("operator_a").post(
        roster_url(world.group_a),
        {"nip": "198513302010013002", "role": "anggota", "name": "X", "unit": world.unit_a1.uuid},
    )

    assert response.context["add_form"].errors["nip"] == [
        "Digits 1-8 (19851330) are not a real birth date (YYYYMMDD).",
        "Digit 15 must be 1 (male) or 2 (female), not 3.",
    ]
    assert world.group_year_a.members.count() == 5


def test_a_person_already_on_the_roster_is_not_added_twice(world, as_persona):
    member = world.group_year_a.members.select_related("person").first()

    response = as_persona("operator_a").post(
        roster_url(world.group_a), {"nip": member.person.nip, "role": "anggota"}
    )

    assert response.context["add_form"].errors["nip"] == [
        f"NIP {member.person.nip} is already on this roster. Change the role in the table."
    ]
    assert world.group_year_a.members.count() == 5


def test_changing_a_role_re_evaluates(world, as_persona):
    ketua = world.group_year_a.members.select_related("person").get(role=RosterRole.KETUA)

    response = as_persona("operator_a").post(
        reverse("groups-roster-role", args=[world.group_a.uuid, 2026, ketua.person.uuid]),
        {f"m{ketua.person.uuid.hex}-role": "anggota"},
        follow=True,
    )

    ketua.refresh_from_db()
    world.group_year_a.refresh_from_db()
    assert ketua.role == "anggota"
    assert (world.group_year_a.status, world.group_year_a.problem_messages) == (
        Completeness.INCOMPLETE,
        ["There must be exactly 1 Ketua (now 0)."],
    )
    content = response.content.decode()
    assert f"{ketua.person.name} is now Anggota." in content
    assert "There must be exactly 1 Ketua (now 0)." in content


def test_an_invalid_role_is_shown_beside_the_row(world, as_persona):
    ketua = world.group_year_a.members.select_related("person").get(role=RosterRole.KETUA)

    response = as_persona("operator_a").post(
        reverse("groups-roster-role", args=[world.group_a.uuid, 2026, ketua.person.uuid]),
        {f"m{ketua.person.uuid.hex}-role": "raja"},
    )

    assert response.status_code == 200
    assert "Select a valid choice. raja is not one of the available choices." in response.content.decode()
    ketua.refresh_from_db()
    assert ketua.role == "ketua"


def test_removing_a_member(world, as_persona):
    sekretaris = world.group_year_a.members.select_related("person").get(role=RosterRole.SEKRETARIS)

    response = as_persona("operator_a").post(
        reverse("groups-roster-remove", args=[world.group_a.uuid, 2026, sekretaris.person.uuid]), follow=True
    )

    assert not RosterMember.objects.filter(pk=sekretaris.pk).exists()
    assert Person.objects.filter(pk=sekretaris.person.pk).exists()  # the ASN record stays
    world.group_year_a.refresh_from_db()
    assert world.group_year_a.problem_messages == ["There must be exactly 1 Sekretaris (now 0)."]
    assert f"{sekretaris.person.name} was removed from the 2026 roster." in response.content.decode()


def test_a_member_of_another_group_cannot_be_changed_through_this_group(world, as_persona):
    other = GroupFactory(unit=world.unit_a1)
    other_member = RosterMemberFactory(group_year=GroupYearFactory(group=other, programme_year=world.year))

    response = as_persona("operator_a").post(
        reverse("groups-roster-remove", args=[world.group_a.uuid, 2026, other_member.person.uuid])
    )

    assert response.status_code == 404
    assert RosterMember.objects.filter(pk=other_member.pk).exists()


def test_copy_from_last_year(world, as_persona):
    ProgrammeYearFactory(year=2025)
    group = GroupFactory(unit=world.unit_a1, name="KBK Lanjut")
    last_year = complete_group_year(GroupYearFactory(group=group, programme_year__year=2025))
    client = as_persona("operator_a")

    page = client.get(roster_url(group))
    assert "Copy from last year (2025)" in page.content.decode()

    response = client.post(reverse("groups-roster-copy", args=[group.uuid, 2026]), follow=True)

    this_year = group.years.get(programme_year=world.year)
    assert sorted(this_year.members.values_list("person_id", "role")) == sorted(
        last_year.members.values_list("person_id", "role")
    )
    assert this_year.sk_number == ""  # a new year needs a new SK
    assert this_year.problem_messages == [
        "The SK number is missing.",
        "The SK date is missing.",
        "The scanned SK is missing.",
    ]
    assert "5 members were copied from the 2025 roster." in response.content.decode()

    again = client.post(reverse("groups-roster-copy", args=[group.uuid, 2026]), follow=True)
    assert "Everyone on the 2025 roster is already on this one; nothing was copied." in again.content.decode()
    assert this_year.members.count() == 5


def test_copy_without_an_earlier_roster_says_so(world, as_persona):
    group = GroupFactory(unit=world.unit_a1)

    response = as_persona("operator_a").post(
        reverse("groups-roster-copy", args=[group.uuid, 2026]), follow=True
    )

    assert "There is no earlier roster of this group to copy." in response.content.decode()
    assert not GroupYear.objects.filter(group=group).exists()


@pytest.mark.parametrize("persona", ["pimpinan_a", "verifikator"])
def test_read_only_roles_cannot_change_the_roster(world, as_persona, persona):
    client = as_persona(persona)
    member = world.group_year_a.members.select_related("person").first()
    uuid = world.group_a.uuid

    statuses = [
        client.post(
            roster_url(world.group_a), {"nip": make_nip(), "role": "anggota", "name": "X"}
        ).status_code,
        client.post(reverse("groups-roster-copy", args=[uuid, 2026])).status_code,
        client.post(
            reverse("groups-roster-role", args=[uuid, 2026, member.person.uuid]),
            {f"m{member.person.uuid.hex}-role": "anggota"},
        ).status_code,
        client.post(reverse("groups-roster-remove", args=[uuid, 2026, member.person.uuid])).status_code,
    ]

    assert statuses == [403, 403, 403, 403]
    assert sorted(world.group_year_a.members.values_list("role", flat=True)) == sorted(
        ["fasilitator", "ketua", "sekretaris", "anggota", "anggota"]
    )


def test_admin_adds_to_any_roster(world, as_persona):
    nip = make_nip()

    response = as_persona("admin").post(
        roster_url(world.group_b), {"nip": nip, "role": "ketua", "name": "Andi", "unit": world.unit_b.uuid}
    )

    assert response.status_code == 302
    assert list(world.group_b.years.get().members.values_list("person__nip", flat=True)) == [nip]
