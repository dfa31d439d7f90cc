"""The group list filters, and query counts that do not grow with the number of rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from groups.models import RosterRole
from groups.services import evaluate_group_year
from tests.factories import (
    GroupFactory,
    GroupYearFactory,
    ProgrammeYearFactory,
    RosterMemberFactory,
    UnitFactory,
    complete_group_year,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def more_groups(world):
    """Beside the world's KBK Sehati (A1, complete) and KBK Cerdas (B, incomplete):

    KBK Prima (unit A, complete 2026), KBK Tanpa SK (unit A, nothing for 2026 but a complete
    2025), KBK Sehat Jiwa (A1, incomplete 2026).
    """
    year_2025 = ProgrammeYearFactory(year=2025)
    prima = GroupFactory(unit=world.unit_a, name="KBK Prima")
    complete_group_year(GroupYearFactory(group=prima, programme_year=world.year))
    tanpa = GroupFactory(unit=world.unit_a, name="KBK Tanpa SK")
    complete_group_year(GroupYearFactory(group=tanpa, programme_year=year_2025))
    jiwa = GroupFactory(unit=world.unit_a1, name="KBK Sehat Jiwa")
    evaluate_group_year(group_year=GroupYearFactory(group=jiwa, programme_year=world.year))
    evaluate_group_year(group_year=world.group_b.years.get())
    return world


def listed(client, query="") -> list[str]:
    response = client.get(reverse("groups-list") + query)
    names = [group.name for group in response.context["page"]]
    content = response.content.decode()
    for name in names:
        assert f">{name}</a>" in content
    return sorted(names)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["KBK Cerdas", "KBK Prima", "KBK Sehat Jiwa", "KBK Sehati", "KBK Tanpa SK"]),
        ("?completeness=complete", ["KBK Prima", "KBK Sehati"]),
        ("?completeness=incomplete", ["KBK Cerdas", "KBK Sehat Jiwa"]),
        ("?completeness=missing", ["KBK Tanpa SK"]),
        ("?year=2025&completeness=complete", ["KBK Tanpa SK"]),
        ("?year=2025&completeness=missing", ["KBK Cerdas", "KBK Prima", "KBK Sehat Jiwa", "KBK Sehati"]),
        ("?q=sehat", ["KBK Sehat Jiwa", "KBK Sehati"]),
        ("?q=SEHATI", ["KBK Sehati"]),
        ("?completeness=complete&q=prima", ["KBK Prima"]),
    ],
)
def test_filters_return_exactly_the_expected_groups(more_groups, as_persona, query, expected):
    assert listed(as_persona("verifikator"), query) == expected


def test_unit_filter_takes_the_whole_subtree(more_groups, as_persona):
    client = as_persona("verifikator")
    world = more_groups

    assert listed(client, f"?unit={world.unit_a.uuid}") == [
        "KBK Prima",
        "KBK Sehat Jiwa",
        "KBK Sehati",
        "KBK Tanpa SK",
    ]
    assert listed(client, f"?unit={world.unit_a1.uuid}") == ["KBK Sehat Jiwa", "KBK Sehati"]
    assert listed(client, f"?unit={world.unit_b.uuid}") == ["KBK Cerdas"]


def test_the_list_only_shows_the_users_subtree(more_groups, as_persona):
    assert listed(as_persona("operator_a")) == ["KBK Prima", "KBK Sehat Jiwa", "KBK Sehati", "KBK Tanpa SK"]
    assert listed(as_persona("outsider")) == ["KBK Cerdas"]


def test_an_outsiders_unit_filter_cannot_reach_another_unit(more_groups, as_persona):
    response = as_persona("outsider").get(reverse("groups-list") + f"?unit={more_groups.unit_a.uuid}")

    assert "unit" in response.context["form"].errors  # not a choice for him: ignored, shown as an error
    assert [group.name for group in response.context["page"]] == ["KBK Cerdas"]


def test_the_list_shows_members_and_completeness(more_groups, as_persona):
    content = as_persona("operator_a").get(reverse("groups-list")).content.decode()

    assert '<span class="status-complete">Complete</span>' in content
    assert '<span class="status-incomplete">Incomplete</span>' in content
    assert '<span class="status-missing">No SK/roster yet</span>' in content


# --- query counts -------------------------------------------------------------------------


def query_count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def add_group_with_roster(unit, year, name):
    group = GroupFactory(unit=unit, name=name)
    complete_group_year(GroupYearFactory(group=group, programme_year=year))
    return group


def test_group_list_query_count_does_not_grow_with_groups(world, as_persona):
    client = as_persona("operator_a")
    url = reverse("groups-list")

    one = query_count(client, url)
    add_group_with_roster(world.unit_a, world.year, "KBK Dua")
    add_group_with_roster(UnitFactory(parent=world.unit_a), world.year, "KBK Tiga")
    three = query_count(client, url)

    assert len(client.get(url).context["page"]) == 3
    # 14: the page's keys, then its rows by key (KeyPaginator); one counts the seats waiting for the
    # operator's confirmation
    assert (one, three) == (14, 14)


def with_members(world, count):
    group = GroupFactory(unit=world.unit_a1, name=f"KBK {count} anggota")
    group_year = GroupYearFactory(group=group, programme_year=world.year)
    roles = [RosterRole.KETUA, RosterRole.SEKRETARIS, RosterRole.FASILITATOR][:count]
    for role in roles:
        RosterMemberFactory(group_year=group_year, role=role, person__unit=UnitFactory(parent=world.unit_a))
    evaluate_group_year(group_year=group_year)
    return group


@pytest.mark.parametrize("persona", ["operator_a", "pimpinan_a"])
def test_group_detail_query_count_does_not_grow_with_members(world, as_persona, persona):
    client = as_persona(persona)
    one = with_members(world, 1)
    three = with_members(world, 3)

    counts = [query_count(client, reverse("groups-detail", args=[group.uuid])) for group in (one, three)]

    assert counts == [11, 11]  # one of them lists the group's risalah


@pytest.mark.parametrize("persona", ["operator_a", "pimpinan_a"])
def test_roster_query_count_does_not_grow_with_members(world, as_persona, persona):
    client = as_persona(persona)
    one = with_members(world, 1)
    three = with_members(world, 3)

    counts = [
        query_count(client, reverse("groups-roster", args=[group.uuid, 2026])) for group in (one, three)
    ]

    # One of them: the group's filed risalah that the roster's edits do not affect.
    expected = {"operator_a": 13, "pimpinan_a": 11}[persona]
    assert counts == [expected, expected]
