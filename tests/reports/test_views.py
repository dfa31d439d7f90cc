"""The dashboard pages as the bureau, an operator and an outsider see them."""

import re
from html import escape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import Role, UnitKind
from reports import trend_tally
from reports.views import list_url
from risalah.charts import check_svg
from risalah.models import Status
from tests.factories import GroupFactory, ProgrammeYearFactory, RoleFactory, UnitFactory, UserFactory
from tests.reports.conftest import make_group_year, make_risalah

DASHBOARD = reverse("reports-dashboard")
LIST = reverse("reports-dashboard-list")
TRENDS = reverse("reports-trends")


def _client(client, user):
    client.force_login(user)
    return client


def _link(url: str, value: int, alert: bool = False) -> str:
    css = ' class="fw-bold text-danger"' if alert else ""
    return f'<a href="{escape(url)}"{css}>{value}</a>'


def _names(response) -> list[str]:
    return [item.name for item in response.context["page"].object_list]


def test_the_bureau_sees_the_matrix_with_numbers_that_link_to_their_lists(client, picture):
    response = _client(client, picture.bureau).get(DASHBOARD, {"year": 2025})

    html = response.content.decode()
    root, year = picture.root, picture.year
    assert [row.unit.short_name for row in response.context["dashboard"].rows] == [
        "Pemkot Uji",
        "Dinas Dua",
        "Dinas Satu",
        "Dinas Tiga",
    ]
    # Totals: every number opens the list behind it; action numbers are bold red.
    assert _link(list_url(year, root, "kelompok"), 6) in html
    assert _link(list_url(year, root, "terlambat"), 4, alert=True) in html
    assert _link(list_url(year, root, "belum-menyerahkan"), 1, alert=True) in html
    # A row's numbers list that row's subtree; the root's own groups are a row of their own.
    assert _link(list_url(year, picture.u1, "perlu-perbaikan"), 1, alert=True) in html
    assert _link(list_url(year, root, "ditolak", direct=True), 1) in html
    # Coverage: colour class plus the percentage in words, never colour alone.
    assert re.search(
        r'<td class="text-end text-nowrap cov cov-fair"><a [^>]+>2</a> <span class="cov-percent">\(66%\)</span>',
        html,
    )
    assert "3 of 5 units have at least one group" in html
    assert "1 of 6 groups have a verified risalah" in html
    # Row units drill down; the ready filters sit on top with their counts.
    assert f'href="{escape(DASHBOARD)}?year=2025&amp;unit={picture.u2.uuid}">Dinas Dua</a>' in html
    assert 'Overdue <span class="badge text-bg-danger">4</span>' in html
    assert "Foreign" not in html
    assert 'class="table-responsive dashboard-scroll"' in html
    assert "css/dashboard.css" in html


def test_drilling_down_shows_the_sub_units(client, picture):
    response = _client(client, picture.bureau).get(DASHBOARD, {"year": 2025, "unit": picture.u2.uuid})

    rows = [(row.unit.short_name, row.figures.groups) for row in response.context["dashboard"].rows]
    assert rows == [("Dinas Dua", 1), ("PKM Dua A", 1), ("PKM Dua B", 0)]
    html = response.content.decode()
    assert (
        f'<li class="breadcrumb-item"><a href="{escape(DASHBOARD)}?year=2025&amp;unit={picture.root.uuid}">Pemkot Uji</a></li>'
        in html
    )


def test_an_operator_sees_only_his_subtree_and_a_foreign_unit_is_a_404(client, picture):
    client = _client(client, picture.operator_u1)

    own = client.get(DASHBOARD, {"year": 2025})
    assert [
        (row.unit.short_name, row.direct, row.figures.groups) for row in own.context["dashboard"].rows
    ] == [("Dinas Satu", True, 3)]
    assert "Delta" not in own.content.decode()
    for name in ("reports-dashboard", "reports-trends"):
        assert client.get(reverse(name), {"unit": picture.u2.uuid}).status_code == 404
    assert client.get(LIST, {"unit": picture.root.uuid, "indicator": "kelompok"}).status_code == 404


def test_the_outsider_gets_a_404_for_every_page_of_a_foreign_unit(client, picture):
    client = _client(client, picture.outsider)
    for url in (
        f"{DASHBOARD}?unit={picture.root.uuid}",
        f"{reverse('reports-trends')}?unit={picture.u1.uuid}",
        list_url(picture.year, picture.u1, "belum-menyerahkan"),
    ):
        response = client.get(url)
        assert (url, response.status_code) == (url, 404)
        assert b"Alpha" not in response.content


def test_anonymous_is_sent_to_log_in(client, picture):
    response = client.get(list_url(picture.year, picture.root, "terlambat"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    ("slug", "expected"),
    [
        ("belum-menyerahkan", ["Gamma"]),
        ("perlu-perbaikan", ["Beta"]),
        ("terlambat", ["Delta", "Zeta", "Beta", "Gamma"]),  # by unit in tree order, then name
        ("menunggu-pemeriksaan", ["Delta", "Zeta"]),
        ("kelompok", ["Theta", "Delta", "Zeta", "Alpha", "Beta", "Gamma"]),
    ],
)
def test_the_ready_filters_list_exactly_the_groups_behind_the_number(client, picture, slug, expected):
    response = _client(client, picture.bureau).get(list_url(picture.year, picture.root, slug))

    assert _names(response) == expected
    html = response.content.decode()
    for name in expected:
        assert f">{name}</a>" in html
    for name in {"Theta", "Alpha", "Beta", "Gamma", "Delta", "Zeta", "Eta", "Epsilon", "Foreign"} - set(
        expected
    ):
        assert f">{name}</a>" not in html


def test_a_list_row_shows_the_risalah_status_submission_date_and_sk_state(client, picture):
    response = _client(client, picture.bureau).get(list_url(picture.year, picture.root, "terlambat"))

    html = response.content.decode()
    delta_risalah = picture.groups["delta"].risalah.get()
    assert f'<a href="{reverse("risalah-detail", args=[delta_risalah.uuid])}">Submitted</a>' in html
    assert "<td>Aug. 16, 2025</td>" in html  # Jakarta date of 15 Aug 17:30 UTC
    assert html.count('<span class="badge text-bg-danger">Overdue</span>') == 4
    assert html.count('<span class="status-missing">No SK/roster yet</span>') == 1  # Gamma


def test_the_root_row_lists_only_the_groups_attached_to_the_root(client, picture):
    response = _client(client, picture.bureau).get(
        list_url(picture.year, picture.root, "kelompok", direct=True)
    )
    assert _names(response) == ["Theta"]


def test_unit_lists_behind_the_coverage(client, picture):
    client = _client(client, picture.bureau)

    without = client.get(list_url(picture.year, picture.root, "unit-tanpa-kelompok"))
    assert [unit.short_name for unit in without.context["page"].object_list] == ["PKM Dua B", "Dinas Tiga"]
    with_group = client.get(list_url(picture.year, picture.root, "unit-berkelompok"))
    assert [(unit.short_name, unit.group_count) for unit in with_group.context["page"].object_list] == [
        ("Dinas Dua", 1),
        ("PKM Dua A", 1),
        ("Dinas Satu", 3),
    ]


def test_an_unknown_year_is_said_beside_the_field_and_the_current_year_shown(client, picture):
    response = _client(client, picture.bureau).get(DASHBOARD, {"year": 1999})
    html = response.content.decode()
    assert "There is no programme year 1999. The current year is shown." in html
    assert response.context["dashboard"].year.year == 2026


def test_the_trend_shows_every_year_as_table_and_chart(client, picture):
    response = _client(client, picture.bureau).get(reverse("reports-trends"), {"unit": picture.root.uuid})

    html = response.content.decode()
    svg = str(response.context["chart"])
    check_svg(svg)
    assert "style=" not in svg
    assert "<text" in svg and ">2025</text>" in svg and ">2026</text>" in svg
    for line in ("groups", "complete", "verified", "overdue"):
        assert re.search(rf'id="c[0-9a-f]+-trend-{line}"', svg), line
    points = [(item["point"].year.year, item["point"].figures.groups) for item in response.context["points"]]
    assert points == [(2025, 6), (2026, 7)]
    assert _link(list_url(picture.year_2026, picture.root, "belum-menyerahkan"), 6, alert=True) in html
    # Same data, same picture: the chart is deterministic.
    again = _client(client, picture.bureau).get(reverse("reports-trends"), {"unit": picture.root.uuid})
    assert str(again.context["chart"]) == svg


def _tree(units: int, groups: int, year):
    root = UnitFactory(kind=UnitKind.PEMKAB)
    children = [UnitFactory(parent=root) for _ in range(units)]
    root.refresh_from_db()
    for index in range(groups):
        group = GroupFactory(unit=children[index % units])
        make_group_year(group, year, complete=index % 2 == 0)
        make_risalah(group, year, list(Status)[index % len(Status)])
    bureau = UserFactory()
    RoleFactory(user=bureau, role=Role.VERIFIKATOR, unit=root)
    return bureau


def _queries(client, user, url) -> int:
    client.force_login(user)
    trend_tally.flush()  # the setup counted, as its commit would have
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_dashboard_page_queries_do_not_grow_with_units_and_groups(client, db):
    year = ProgrammeYearFactory(year=2025, is_current=True)
    small = _tree(2, 2, year)
    large = _tree(6, 12, year)
    counts = {
        url: (_queries(client, small, url), _queries(client, large, url)) for url in (DASHBOARD, TRENDS)
    }
    # The dashboard's 15 include one for the Bimtek attendees and one for both member figures; the
    # trend counts the attendees in its one query.
    assert counts == {DASHBOARD: (15, 15), TRENDS: (8, 8)}


def test_list_queries_do_not_grow_with_the_groups_listed(client, db):
    """N+1: one group or three, in the same state, give the same number of queries."""
    year = ProgrammeYearFactory(year=2025, is_current=True)
    one = _tree(1, 1, year)
    three = _tree(1, 3, year)
    url = f"{LIST}?indicator=kelompok"
    assert (_queries(client, one, url), _queries(client, three, url)) == (19, 19)
    client.force_login(three)
    assert len(_names(client.get(url))) == 3
