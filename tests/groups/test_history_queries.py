"""The group's history page takes the same queries for one change of every kind as for five
(issue 11), and a changed unit or ASN reads as its name, not its number."""

import re
from datetime import date

from django.urls import reverse

from core.models import Role
from groups.models import GroupYear, RosterMember, RosterRole
from groups.services import (
    group_update,
    group_year_record_sk,
    roster_add_member,
    roster_remove_member,
    roster_update_member,
)
from tests.factories import PersonFactory, RoleFactory, UserFactory


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def change_everything(world, rounds: range) -> None:
    """Each round by another operator: the group's identity and unit, the year's SK, a role, a
    member added, every other round that member removed again."""
    group = world.group_a
    for n in rounds:
        by = UserFactory(username=f"operator_{n}", full_name=f"Operator Ke-{n}", unit=world.unit_a)
        RoleFactory(user=by, role=Role.OPERATOR, unit=world.unit_a)
        group._history_user = by
        group_update(
            group=group,
            unit=world.unit_a if n % 2 == 0 else world.unit_a1,
            name="KBK Sehati",
            makna=f"Makna {n}",
            motto=f"Motto ke-{n}",
            yel_yel="",
            formed_on=date(2025, 1, 1 + n),
            is_active=True,
        )
        group_year_record_sk(
            group=group,
            programme_year=world.year,
            sk_number=f"SK/{n}/2026",
            sk_date=date(2026, 1, 2 + n),
            sk_signed_by=f"Kepala Dinas {n}",
        )
        group_year = GroupYear.objects.get(pk=world.group_year_a.pk)
        member = RosterMember.objects.filter(
            group_year=group_year, role__in=["anggota", "sekretaris"]
        ).first()
        member._history_user = by
        roster_update_member(
            member=member, role=RosterRole.SEKRETARIS if n % 2 == 0 else RosterRole.ANGGOTA, by=by
        )
        person = PersonFactory(name=f"ASN Baru {n}", unit=world.unit_a1)
        added = roster_add_member(group_year=group_year, person=person, role=RosterRole.ANGGOTA, by=by)
        if n % 2:
            roster_remove_member(member=RosterMember.objects.get(pk=added.pk))


def test_group_history_takes_the_same_queries_for_one_change_of_each_kind_as_for_five(
    login, world, django_assert_num_queries
):
    client = login("verifikator")
    history = reverse("groups-history", args=[world.group_a.uuid])
    client.get(history)  # warm up (session)
    change_everything(world, range(0, 1))
    with django_assert_num_queries(11):  # 10, and the units a changed unit field names
        html = client.get(history).content.decode()
    assert "Operator Ke-0" in html and "Motto ke-0" in html and "SK/0/2026" in html
    change_everything(world, range(1, 5))
    with django_assert_num_queries(11):
        html = client.get(history).content.decode()
    assert [f"Operator Ke-{n}" in html for n in range(5)] == [True] * 5
    assert [f"ASN Baru {n}" in html for n in range(5)] == [True] * 5
    text = text_of(html)
    assert "Motto ke-3 → Motto ke-4" in text and "SK/3/2026 → SK/4/2026" in text


def test_a_changed_unit_reads_as_its_name(login, world):
    change_everything(world, range(0, 2))
    text = text_of(
        login("verifikator").get(reverse("groups-history", args=[world.group_a.uuid])).content.decode()
    )
    assert (
        f"unit: {world.unit_a1} → {world.unit_a}" in text
        and f"unit: {world.unit_a} → {world.unit_a1}" in text
    )
    assert f"unit: {world.unit_a1.pk} →" not in text


def test_the_roster_of_a_deleted_year_stays_in_the_history(login, world):
    member = world.group_year_a.members.order_by("pk").first()
    name = member.person.name
    GroupYear.objects.filter(pk=world.group_year_a.pk).delete()
    html = login("verifikator").get(reverse("groups-history", args=[world.group_a.uuid])).content.decode()
    assert html.count(name) >= 2  # seated, then gone with its year
