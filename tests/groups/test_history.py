from django.urls import reverse

from groups.models import RosterRole
from groups.services import roster_update_member
from tests.factories import GroupYearFactory, ProgrammeYearFactory, complete_group_year


def test_group_history_shows_who_changed_what_field_by_field(login, world):
    client = login("operator_a")
    response = client.post(
        reverse("groups-edit", args=[world.group_a.uuid]),
        {
            "unit": str(world.unit_a1.uuid),
            "name": "KBK Sehati",
            "makna": "Sehat dan hati",
            "motto": "Motto baru",
            "yel_yel": "",
            "formed_on": "2025-01-15",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    member = world.group_year_a.members.filter(role=RosterRole.ANGGOTA).order_by("pk").first()
    roster_update_member(member=member, role=RosterRole.KETUA, by=world.users["operator_a"])
    html = login("pimpinan_a").get(reverse("groups-history", args=[world.group_a.uuid])).content.decode()
    assert "Melayani dengan senyum" in html and "Motto baru" in html  # old and new motto
    assert world.users["operator_a"].full_name in html
    assert "Anggota" in html and "Ketua" in html  # the role change of the roster member


def test_group_history_is_not_shown_to_another_unit(login, world):
    assert login("outsider").get(reverse("groups-history", args=[world.group_a.uuid])).status_code == 404


def test_group_history_has_no_n_plus_one(login, world, django_assert_num_queries):
    """The page with one year of SK and roster, then with three: the same queries (the entries'
    labels name the group, the year and the person without a query each)."""
    client = login("pimpinan_a")
    history = reverse("groups-history", args=[world.group_a.uuid])
    client.get(history)  # warm up (session)
    with django_assert_num_queries(10):
        html = client.get(history).content.decode()
    assert html.count("KBK Sehati 2026") >= 1
    for year in (2024, 2025):
        complete_group_year(
            GroupYearFactory(group=world.group_a, programme_year=ProgrammeYearFactory(year=year))
        )
    with django_assert_num_queries(10):
        html = client.get(history).content.decode()
    assert [html.count(f"KBK Sehati {year}") >= 1 for year in (2024, 2025, 2026)] == [True] * 3
