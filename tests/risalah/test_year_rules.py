"""The bureau chooses the method and the meeting thresholds of a programme year."""

from django.urls import reverse

from risalah.models import Method, YearRules
from risalah.services import risalah_create
from tests.factories import GroupFactory


def test_the_bureau_chooses_the_method_for_new_risalah_of_the_year(login, world):
    gkm = Method.objects.get(code="gkm-8")
    client = login("verifikator")
    response = client.post(
        reverse("risalah-year-rules", args=[2026]),
        {"method": str(gkm.pk), "min_meetings": "4", "min_attendance_pct": "60"},
    )
    assert response.status_code == 302
    rules = YearRules.objects.get(programme_year=world.year)
    assert (rules.method, rules.min_meetings, rules.min_attendance_pct) == (gkm, 4, 60)
    # a risalah started now has the eight steps; the one started before keeps its seven
    new = risalah_create(
        group=GroupFactory(unit=world.unit_a1), programme_year=world.year, by=world.users["operator_a"]
    )
    assert (new.method, new.steps.count()) == (gkm, 8)
    world.risalah_a.refresh_from_db()
    assert (world.risalah_a.method.code, world.risalah_a.steps.count()) == ("tulta-7", 7)


def test_a_wrong_percentage_is_explained_beside_the_field(login, world):
    client = login("verifikator")
    response = client.post(
        reverse("risalah-year-rules", args=[2026]),
        {"method": str(Method.default().pk), "min_meetings": "6", "min_attendance_pct": "120"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Persentase paling tinggi 100." in html
    assert 'value="120"' in html
    assert YearRules.objects.get(programme_year=world.year).min_attendance_pct == 75


def test_operators_may_not_change_the_rules(login, world):
    response = login("operator_a").post(
        reverse("risalah-year-rules", args=[2026]),
        {"method": str(Method.default().pk), "min_meetings": "1", "min_attendance_pct": "10"},
    )
    assert response.status_code == 403
    assert YearRules.objects.get(programme_year=world.year).min_meetings == 6
