"""The Bimtek indicator ("Ikut Bimtek") on the hand-built picture (tests/reports/conftest.py):
distinct people checked in at a Bimtek of the year, under the unit they were registered for.

Bimtek Risalah 2025 (scope: Pemkot Uji): Dewi (the Pemkot itself), Sari (Dinas Satu) and Citra
(PKM Dua A) checked in; Budi (Dinas Satu) registered but did not come. Bimtek Lanjutan 2025:
Citra again, this time for Dinas Dua (a person at two Bimtek counts once). A seminar of 2025:
Fajar (Dinas Tiga) checked in, not counted. A Bimtek of 2026: Eko (Dinas Satu). A Bimtek of
Pemkab Lain: Gita, never counted here.
"""

import re
from dataclasses import dataclass
from datetime import date
from html import escape

import pytest
from django.urls import reverse

from core.models import Role, Unit, UnitKind
from events import services
from events.models import Event, EventKind
from groups.models import ProgrammeYear
from reports.dashboard import build_dashboard, build_totals, build_trend, scope_for_unit
from reports.views import list_url
from tests.factories import ProgrammeYearFactory, RoleFactory, UnitFactory, UserFactory, make_nip

HOME = reverse("core-home")
DASHBOARD = reverse("reports-dashboard")


@dataclass
class Attendance:
    bimtek: Event
    lanjutan: Event
    nips: dict[str, str]


def _event(picture, title: str, *, kind=EventKind.BIMTEK, year=None, root=None, day=date(2025, 7, 18)):
    root = root or picture.root
    return services.event_create(
        kind=kind,
        title=title,
        programme_year=year or picture.year,
        organiser=root,
        scope=root,
        starts_on=day,
        ends_on=day,
        by=picture.bureau,
    )


def _attend(picture, event, name: str, unit: Unit, nip: str, *, present: bool = True):
    attendee = services.bimtek_register(event=event, nip=nip, name=name, unit=unit, by=picture.bureau)
    if present:
        services.bimtek_check_in(attendee=attendee, by=picture.bureau)
    return attendee


@pytest.fixture
def attendance(picture) -> Attendance:
    nips = {name: make_nip() for name in ("Dewi", "Sari", "Budi", "Citra", "Fajar", "Eko", "Gita")}
    bimtek = _event(picture, "Bimtek Risalah 2025")
    _attend(picture, bimtek, "Dewi", picture.root, nips["Dewi"])
    _attend(picture, bimtek, "Sari", picture.u1, nips["Sari"])
    _attend(picture, bimtek, "Budi", picture.u1, nips["Budi"], present=False)
    _attend(picture, bimtek, "Citra", picture.u2a, nips["Citra"])
    lanjutan = _event(picture, "Bimtek Lanjutan 2025", day=date(2025, 8, 2))
    _attend(picture, lanjutan, "Citra", picture.u2, nips["Citra"])
    seminar = _event(picture, "Seminar Inovasi 2025", kind=EventKind.SEMINAR)
    _attend(picture, seminar, "Fajar", picture.u3, nips["Fajar"])
    next_year = _event(picture, "Bimtek Risalah 2026", year=picture.year_2026, day=date(2026, 7, 18))
    _attend(picture, next_year, "Eko", picture.u1, nips["Eko"])
    foreign = _event(picture, "Bimtek Pemkab Lain", root=picture.other)
    _attend(picture, foreign, "Gita", picture.outsider.unit, nips["Gita"])
    return Attendance(bimtek, lanjutan, nips)


def test_attendees_are_distinct_people_per_row_per_kind_and_in_the_total(picture, attendance):
    dashboard = build_dashboard(picture.year, scope_for_unit(picture.root))
    rows = [(row.unit.short_name, row.direct, row.figures.bimtek_attendees) for row in dashboard.rows]
    assert rows == [
        ("Pemkot Uji", True, 1),  # Dewi, registered for the Pemkot itself
        ("Dinas Dua", False, 1),  # Citra, once although at two Bimtek for two of its units
        ("Dinas Satu", False, 1),  # Sari; Budi did not come
        ("Dinas Tiga", False, 0),  # Fajar was at a seminar
    ]
    kinds = {item.kind: item.figures.bimtek_attendees for item in dashboard.kinds}
    assert kinds == {UnitKind.PEMKOT: 1, UnitKind.OPD: 2, UnitKind.PUSKESMAS: 1}  # Citra in both kinds
    assert dashboard.totals.bimtek_attendees == 3
    assert build_totals(picture.year, scope_for_unit(picture.root)).bimtek_attendees == 3
    assert build_totals(picture.year, scope_for_unit(picture.u2), filing_only=True).bimtek_attendees == 1
    puskesmas = build_totals(picture.year, scope_for_unit(picture.root), kind=UnitKind.PUSKESMAS)
    assert puskesmas.bimtek_attendees == 1
    assert build_totals(picture.year_2026, scope_for_unit(picture.root)).bimtek_attendees == 1  # Eko


def test_the_trend_counts_the_attendees_of_each_year(picture, attendance):
    points = build_trend(scope_for_unit(picture.root))
    assert [(point.year.year, point.figures.bimtek_attendees) for point in points] == [(2025, 3), (2026, 1)]
    assert points[0].figures == build_dashboard(picture.year, scope_for_unit(picture.root)).totals


def _people(response) -> list[tuple[str, list[str], list[str]]]:
    return [
        (person["name"], person["units"], [attendance.event.title for attendance in person["attendances"]])
        for person in response.context["page"].object_list
    ]


def test_the_list_behind_the_number_shows_the_people_and_what_they_attended(client, picture, attendance):
    client.force_login(picture.bureau)
    response = client.get(list_url(picture.year, picture.root, "ikut-bimtek"))
    assert _people(response) == [
        ("Dewi", ["Pemerintah Kota Uji"], ["Bimtek Risalah 2025"]),
        # In tree order (the units sit in name order): Dinas Dua and its Puskesmas before Dinas Satu.
        ("Citra", ["Puskesmas Dua A", "Dinas Dua"], ["Bimtek Risalah 2025", "Bimtek Lanjutan 2025"]),
        ("Sari", ["Dinas Satu"], ["Bimtek Risalah 2025"]),
    ]
    html = response.content.decode()
    assert "3 people" in html
    assert f'<td class="text-nowrap">{attendance.nips["Citra"]}</td>' in html
    bimtek_page = reverse("bimtek-detail", args=[attendance.lanjutan.uuid])
    assert f'<a href="{bimtek_page}">Bimtek Lanjutan 2025</a>' in html
    assert len(re.findall(r"<h1[ >]", html)) == 1
    # The root's own row and a kind: the same conditions as their numbers.
    direct = client.get(list_url(picture.year, picture.root, "ikut-bimtek", direct=True))
    assert _people(direct) == [("Dewi", ["Pemerintah Kota Uji"], ["Bimtek Risalah 2025"])]
    puskesmas = client.get(list_url(picture.year, picture.root, "ikut-bimtek", kind=UnitKind.PUSKESMAS))
    assert _people(puskesmas) == [("Citra", ["Puskesmas Dua A"], ["Bimtek Risalah 2025"])]


def test_the_dashboard_cell_links_to_the_list(client, picture, attendance):
    client.force_login(picture.bureau)
    html = client.get(DASHBOARD, {"year": 2025}).content.decode()
    url = escape(list_url(picture.year, picture.root, "ikut-bimtek"))
    assert f'<td class="text-end text-nowrap"><a href="{url}">3</a></td>' in html
    assert '<th scope="col" class="text-end">Attended a Bimtek</th>' in html


def test_an_operator_sees_only_the_people_of_his_units_and_another_tree_is_a_404(client, picture, attendance):
    client.force_login(picture.operator_u1)
    response = client.get(list_url(picture.year, picture.u1, "ikut-bimtek"))
    assert _people(response) == [("Sari", ["Dinas Satu"], ["Bimtek Risalah 2025"])]
    assert client.get(list_url(picture.year, picture.root, "ikut-bimtek")).status_code == 404
    client.force_login(picture.outsider)
    assert client.get(list_url(picture.year, picture.u1, "ikut-bimtek")).status_code == 404
    own = client.get(list_url(picture.year, picture.outsider.unit, "ikut-bimtek"))
    assert _people(own) == [("Gita", [picture.outsider.unit.name], ["Bimtek Pemkab Lain"])]


def test_the_operators_home_page_has_the_bimtek_card(client, picture, attendance):
    ProgrammeYear.objects.filter(pk=picture.year.pk).update(is_current=True)
    client.force_login(picture.operator_u1)
    response = client.get(HOME)
    cards = {
        card["indicator"].slug: (card["value"], card["url"]) for card in response.context["operator"]["cards"]
    }
    assert cards["ikut-bimtek"] == (1, list_url(picture.year, picture.u1, "ikut-bimtek"))
    assert "Attended a Bimtek" in response.content.decode()


def test_the_list_does_not_grow_with_the_people(client, db, django_assert_num_queries):
    """N+1: one attendee or three (each at two Bimtek) give the same number of queries."""
    year = ProgrammeYearFactory(year=2025, is_current=True)

    def tree(people: int):
        root = UnitFactory(kind=UnitKind.PEMKAB)
        unit = UnitFactory(parent=root)
        root.refresh_from_db()
        bureau = UserFactory()
        RoleFactory(user=bureau, role=Role.VERIFIKATOR, unit=root)
        for title in ("Bimtek A", "Bimtek B"):
            event = services.event_create(
                kind=EventKind.BIMTEK,
                title=title,
                programme_year=year,
                organiser=root,
                scope=root,
                starts_on=date(2025, 7, 1),
                ends_on=date(2025, 7, 1),
                by=bureau,
            )
            for index in range(people):
                attendee = services.bimtek_register(
                    event=event, nip=f"19800101200501100{index + 1}", name=f"P{index}", unit=unit, by=bureau
                )
                services.bimtek_check_in(attendee=attendee, by=bureau)
        return root, bureau

    for people in (1, 3):
        root, bureau = tree(people)
        client.force_login(bureau)
        # The session and the user, their roles, the year, the unit, the count, the page of
        # people, their attendances (one query for all), the session's save: none per person.
        with django_assert_num_queries(11):
            response = client.get(list_url(year, root, "ikut-bimtek"))
        assert response.context["page"].paginator.count == people
        assert {len(person["attendances"]) for person in response.context["page"].object_list} == {2}
