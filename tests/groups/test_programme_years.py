"""Programme years (Tahun Program): list, create, edit, validation, re-checking group years."""

from datetime import date

import pytest
from django.urls import reverse

from groups.models import Completeness, ProgrammeYear
from groups.services import programme_year_save
from tests.factories import GroupYearFactory, ProgrammeYearFactory, complete_group_year


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


def year_data(year=2027, **overrides):
    data = {
        "year": year,
        "is_current": "",
        "sk_deadline": f"{year}-03-31",
        "risalah_deadline": f"{year}-08-15",
        "gelar_date": f"{year}-09-10",
        "min_members": 3,
        "max_members": 10,
        "ketua_count": 1,
        "sekretaris_count": 1,
        "min_fasilitator": 1,
    }
    data.update(overrides)
    return data


def edit_url(year):
    return reverse("groups-programme-year-edit", args=[year])


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


@pytest.mark.parametrize("persona", ["operator_a", "pimpinan_a", "outsider"])
def test_other_roles_get_403(login, world, persona):
    client = login(persona)
    for url in [
        reverse("groups-programme-year-list"),
        reverse("groups-programme-year-create"),
        edit_url(2026),
    ]:
        response = client.get(url)
        assert (response.status_code, url) == (403, url)
        assert "You may not do this" in response.content.decode()
    response = client.post(edit_url(2026), year_data(2026, max_members=4))
    assert response.status_code == 403
    assert ProgrammeYear.objects.get(year=2026).max_members == 10
    assert client.post(reverse("groups-programme-year-create"), year_data()).status_code == 403
    assert not ProgrammeYear.objects.filter(year=2027).exists()


def test_list(login, world):
    ProgrammeYearFactory(year=2025, gelar_date=None)
    response = login("verifikator").get(reverse("groups-programme-year-list"))
    html = response.content.decode()
    assert [y.year for y in response.context["years"]] == [2026, 2025]
    assert "March 31, 2026" in html
    assert "Sept. 10, 2026" in html
    assert "3 to 10 members" in html
    assert "1 Ketua, 1 Sekretaris, at least 1 Fasilitator" in html
    # group A's year is complete, group B's is not
    assert [(y.complete_count, y.group_count) for y in response.context["years"]] == [(1, 2), (0, 0)]
    assert "1 of 2" in html
    assert edit_url(2025) in html


def test_list_has_no_n_plus_one(login, world, django_assert_num_queries):
    client = login("admin")
    with django_assert_num_queries(7):
        assert len(client.get(reverse("groups-programme-year-list")).context["years"]) == 1
    for year in (2024, 2025):
        GroupYearFactory(group=world.group_a, programme_year=ProgrammeYearFactory(year=year))
    with django_assert_num_queries(7):
        assert len(client.get(reverse("groups-programme-year-list")).context["years"]) == 3


def test_create(login, world):
    response = login("verifikator").post(reverse("groups-programme-year-create"), year_data(), follow=True)
    assert messages_of(response) == ["Programme year 2027 created."]
    created = ProgrammeYear.objects.get(year=2027)
    assert (created.sk_deadline, created.risalah_deadline, created.gelar_date, created.is_current) == (
        date(2027, 3, 31),
        date(2027, 8, 15),
        date(2027, 9, 10),
        False,
    )
    assert ProgrammeYear.objects.get(is_current=True).year == 2026


def test_create_proposes_the_next_year(login, world):
    form = login("verifikator").get(reverse("groups-programme-year-create")).context["form"]
    assert form["year"].value() == 2027


def test_making_a_year_current_unsets_the_others(login, world):
    client = login("admin")
    client.post(reverse("groups-programme-year-create"), year_data(is_current="on"))
    assert list(ProgrammeYear.objects.filter(is_current=True).values_list("year", flat=True)) == [2027]
    client.post(edit_url(2026), year_data(2026, is_current="on"))
    assert list(ProgrammeYear.objects.filter(is_current=True).values_list("year", flat=True)) == [2026]


@pytest.mark.parametrize(
    ("overrides", "field", "error"),
    [
        ({"year": 2026}, "year", "The programme year 2026 already exists."),
        ({"year": 1999}, "year", "Enter a year between 2000 and 2100."),
        (
            {"min_members": 8, "max_members": 5},
            "max_members",
            "The maximum (5) cannot be smaller than the minimum (8).",
        ),
        ({"min_members": 0}, "min_members", "A group needs at least one member."),
        (
            {"min_members": 1, "max_members": 2},
            "max_members",
            "1 Ketua, 1 Sekretaris and 1 Fasilitator already make 3 members, more than the maximum of 2: "
            "no roster could be complete.",
        ),
        (
            {"risalah_deadline": "2027-03-01"},
            "risalah_deadline",
            "This date must come after the SK and roster deadline (March 31, 2027).",
        ),
        (
            {"gelar_date": "2027-08-15"},
            "gelar_date",
            "This date must come after the risalah deadline (Aug. 15, 2027).",
        ),
        (
            {"sk_deadline": "2026-09-30"},
            "sk_deadline",
            "This date must lie in 2027 or close to it: between Oct. 1, 2026 and March 31, 2028.",
        ),
        ({"gelar_date": "2028-04-01"}, "gelar_date", "This date must lie in 2027 or close to it"),
        ({"gelar_date": "31/02/2027"}, "gelar_date", "Enter a valid date."),
    ],
)
def test_create_refuses_bad_input_beside_the_field(login, world, overrides, field, error):
    response = login("verifikator").post(reverse("groups-programme-year-create"), year_data(**overrides))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == [field]
    assert errors[field][0].startswith(error)
    assert error in response.content.decode()
    assert ProgrammeYear.objects.count() == 1


def test_dates_are_optional_and_checked_only_when_given(login, world):
    response = login("verifikator").post(
        reverse("groups-programme-year-create"),
        year_data(sk_deadline="", risalah_deadline="2027-08-15", gelar_date=""),
    )
    assert response.status_code == 302
    created = ProgrammeYear.objects.get(year=2027)
    assert (created.sk_deadline, created.risalah_deadline, created.gelar_date) == (
        None,
        date(2027, 8, 15),
        None,
    )


def test_a_december_sk_deadline_before_the_year_is_fine(login, world):
    response = login("verifikator").post(
        reverse("groups-programme-year-create"), year_data(sk_deadline="2026-12-15")
    )
    assert response.status_code == 302
    assert ProgrammeYear.objects.get(year=2027).sk_deadline == date(2026, 12, 15)


def test_edit_form_shows_the_saved_values(login, world):
    response = login("verifikator").get(edit_url(2026))
    html = response.content.decode()
    assert response.context["form"].instance == world.year
    assert 'value="2026-03-31"' in html
    assert "Programme year 2026" in html


def test_unknown_year_is_404(login, world):
    assert login("verifikator").get(edit_url(1990)).status_code == 404


def test_changing_the_roster_rules_rechecks_every_group_year(login, world):
    group_year_a = world.group_year_a  # complete: fasilitator, ketua, sekretaris, 2 anggota
    group_year_b = world.group_b.years.get()  # incomplete: no roster
    assert (group_year_a.status, group_year_b.status) == (Completeness.COMPLETE, Completeness.INCOMPLETE)

    response = login("verifikator").post(
        edit_url(2026), year_data(2026, is_current="on", min_members=6), follow=True
    )

    assert messages_of(response) == [
        "Programme year 2026 saved. The roster rules changed: 1 group changed completeness "
        "(0 now complete, 1 now incomplete)."
    ]
    group_year_a.refresh_from_db()
    group_year_b.refresh_from_db()
    assert group_year_a.status == Completeness.INCOMPLETE
    assert group_year_a.problem_messages == ["The roster has 5 members; at least 6 are required."]
    assert group_year_b.status == Completeness.INCOMPLETE
    assert ProgrammeYear.objects.get(year=2026).min_members == 6


def test_relaxing_the_rules_completes_groups_again(login, world):
    group_year = world.group_year_a
    client = login("admin")
    client.post(edit_url(2026), year_data(2026, is_current="on", min_members=6), follow=True)
    response = client.post(edit_url(2026), year_data(2026, is_current="on", min_members=5), follow=True)
    assert messages_of(response) == [
        "Programme year 2026 saved. The roster rules changed: 1 group changed completeness "
        "(1 now complete, 0 now incomplete)."
    ]
    group_year.refresh_from_db()
    assert (group_year.status, group_year.problems) == (Completeness.COMPLETE, [])


def test_editing_only_the_calendar_does_not_mention_rules(login, world):
    before = world.group_year_a.updated_at
    response = login("verifikator").post(
        edit_url(2026), year_data(2026, is_current="on", gelar_date="2026-10-01"), follow=True
    )
    assert messages_of(response) == ["Programme year 2026 saved."]
    world.group_year_a.refresh_from_db()
    assert world.group_year_a.updated_at == before
    assert ProgrammeYear.objects.get(year=2026).gelar_date == date(2026, 10, 1)


def test_invalid_edit_keeps_the_heading_of_the_saved_year(login, world):
    response = login("verifikator").post(edit_url(2026), year_data(2031, risalah_deadline="2031-01-01"))
    html = response.content.decode()
    assert "<h1>Programme year 2026</h1>" in html
    assert 'value="2031"' in html
    assert ProgrammeYear.objects.filter(year=2026).exists()


def test_service_counts_only_groups_whose_completeness_changed(world):
    other = complete_group_year(GroupYearFactory(programme_year=world.year))
    year = ProgrammeYear.objects.get(pk=world.year.pk)
    year.ketua_count = 2
    changed = programme_year_save(programme_year=year)
    assert sorted(gy.pk for gy in changed) == sorted([world.group_year_a.pk, other.pk])
    assert all(gy.status == Completeness.INCOMPLETE for gy in changed)
    # Saving again with the same rules re-checks nothing.
    assert programme_year_save(programme_year=ProgrammeYear.objects.get(pk=world.year.pk)) == []


def test_nav_shows_programme_years_to_officers_only(login, world):
    def labels(persona):
        return [item["label"] for item in login(persona).get(reverse("core-home")).context["nav_items"]]

    assert "Programme years" in labels("admin")
    assert "Programme years" not in labels("pimpinan_a")


def test_only_a_pemda_level_verifikator_or_admin_changes_programme_years(world, client):
    """Programme years apply to the whole deployment: a verifikator of one OPD may read but not change them."""
    from django.urls import reverse

    from core.models import Role
    from tests.factories import RoleFactory, UserFactory

    opd_verifikator = UserFactory(username="verif-opd", unit=world.unit_a)
    RoleFactory(user=opd_verifikator, role=Role.VERIFIKATOR, unit=world.unit_a)
    client.force_login(opd_verifikator)
    listing = client.get(reverse("groups-programme-year-list")).content.decode()
    assert "2026" in listing
    assert reverse("groups-programme-year-edit", args=[2026]) not in listing
    assert client.get(reverse("groups-programme-year-edit", args=[2026])).status_code == 403
    response = client.post(
        reverse("groups-programme-year-create"), {"year": 2027, "min_members": 3, "max_members": 10}
    )
    assert response.status_code == 403
    assert not world.year.__class__.objects.filter(year=2027).exists()
