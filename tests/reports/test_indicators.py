"""The indicators DOMAIN.md lists beyond filing (members and % of ASN, meetings and attendance,
targets reached at step 6, standards adopted at step 7), the unit-kind filter and subtotals, and
the quiet "-" of an empty cell; on top of the picture of tests/reports/conftest.py:

- ASN recorded: Dinas Satu 20, Dinas Dua 10, Dinas Tiga 5; the Puskesmas did not say.
- Rosters of 2025 (Pembina never counted): Theta p9; Alpha p1-p4 and a Pembina p0; Beta p4, p5;
  Delta p4, p6, p7 (p4 sits in groups of two rows: counted once in the total); Zeta p8.
- Alpha (verified): two meetings, p0-p3 then p1-p4 present (7 of 8 expected), step 6 target
  reached, step 7 standard "SOP Antrian". Delta (submitted): one meeting, p6 present (1 of 3), step 6
  target not reached, step 7 a standard by number only. Beta (returned, so not counted): a meeting
  and a standard.
"""

from dataclasses import dataclass
from datetime import date
from html import escape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import Role, UnitKind
from groups.models import Person, RosterMember, RosterRole
from reports import trend_tally
from reports.dashboard import build_dashboard, build_totals, scope_for_unit
from reports.views import list_url
from risalah.figures import meeting_figures
from risalah.models import Meeting, MethodStep, Risalah, RisalahStep, Status
from tests.factories import (
    GroupFactory,
    PersonFactory,
    ProgrammeYearFactory,
    RoleFactory,
    RosterMemberFactory,
    UnitFactory,
    UserFactory,
)
from tests.reports.conftest import make_group_year, make_risalah

DASHBOARD = reverse("reports-dashboard")
NEW_FIELDS = (
    "asn",
    "asn_members",
    "members",
    "meetings",
    "present",
    "expected",
    "targets_reached",
    "standards",
)
NONE_CELL = (
    '<td class="text-end text-nowrap"><span class="text-body-secondary" aria-hidden="true">-</span>'
    '<span class="visually-hidden">none</span></td>'
)


def new_figures(figures) -> dict:
    return {name: getattr(figures, name) for name in NEW_FIELDS}


def expect(**values) -> dict:
    return {name: values.get(name, 0) for name in NEW_FIELDS}


def tool_step(risalah: Risalah, tool: str, data: dict) -> RisalahStep:
    method_step = next(
        step for step in MethodStep.objects.filter(method=risalah.method) if tool in step.tools
    )
    step, _created = RisalahStep.objects.get_or_create(risalah=risalah, method_step=method_step)
    step.data = {**step.data, tool: data}
    step.save()
    return step


def meeting(risalah: Risalah, people, day: int = 1) -> Meeting:
    held = Meeting.objects.create(
        risalah=risalah, date=date(2025, 5, day), duration_minutes=60, agenda="Rapat"
    )
    held.attendees.set(people)
    return held


def roster(group_year, people, roles=None):
    for index, person in enumerate(people):
        role = roles[index] if roles else RosterRole.ANGGOTA
        RosterMemberFactory(group_year=group_year, person=person, role=role)


def before_after(reached):
    return {"metric": "menit", "before": 30.0, "after": 20.0, "target": 25.0, "target_reached": reached}


def standard(title="", number=""):
    return {"title": title, "number": number, "summary": "", "socialisation": ""}


@dataclass
class Indicators:
    people: dict[str, Person]


@pytest.fixture
def indicators(picture) -> Indicators:
    for unit, asn in ((picture.u1, 20), (picture.u2, 10), (picture.u3, 5)):
        unit.asn_count = asn
        unit.save(update_fields=["asn_count"])
    g, year = picture.groups, picture.year
    people = {f"p{n}": PersonFactory(unit=picture.u1, name=f"Orang {n}") for n in range(10)}
    p = people
    records = {
        name: g[name.lower()].years.get(programme_year=year)
        for name in ("Theta", "Alpha", "Beta", "Delta", "Zeta")
    }
    roster(records["Theta"], [p["p9"]])
    roster(
        records["Alpha"],
        [p["p0"], p["p1"], p["p2"], p["p3"], p["p4"]],
        [
            RosterRole.PEMBINA,
            RosterRole.FASILITATOR,
            RosterRole.KETUA,
            RosterRole.SEKRETARIS,
            RosterRole.ANGGOTA,
        ],
    )
    roster(records["Beta"], [p["p4"], p["p5"]])
    roster(records["Delta"], [p["p4"], p["p6"], p["p7"]])
    roster(records["Zeta"], [p["p8"]])
    alpha = g["alpha"].risalah.get(programme_year=year)
    meeting(alpha, [p["p0"], p["p1"], p["p2"], p["p3"]], 1)
    meeting(alpha, [p["p1"], p["p2"], p["p3"], p["p4"]], 8)
    tool_step(alpha, "before_after", before_after(True))
    tool_step(alpha, "standard", standard(title="SOP Antrian"))
    delta = g["delta"].risalah.get()
    meeting(delta, [p["p6"]], 2)
    tool_step(delta, "before_after", before_after(False))
    tool_step(delta, "standard", standard(number="SOP/2/2025"))
    beta = g["beta"].risalah.get()
    meeting(beta, [p["p4"], p["p5"]], 3)
    tool_step(beta, "before_after", before_after(True))
    tool_step(beta, "standard", standard(title="SOP Beta"))
    return Indicators(people=people)


def test_the_new_indicators_per_row_kind_and_total(picture, indicators):
    dashboard = build_dashboard(picture.year, scope_for_unit(picture.root))

    rows = [(row.unit.short_name, new_figures(row.figures)) for row in dashboard.rows]
    assert rows == [
        ("Pemkot Uji", expect(members=1)),
        (
            "Dinas Dua",
            expect(asn=10, members=4, asn_members=3, meetings=1, present=1, expected=3, standards=1),
        ),
        (
            "Dinas Satu",
            expect(
                asn=20,
                members=5,
                asn_members=5,
                meetings=2,
                present=7,
                expected=8,
                targets_reached=1,
                standards=1,
            ),
        ),
        ("Dinas Tiga", expect(asn=5)),
    ]
    # p4 is in groups of two rows: the total counts people, not the sum of the rows.
    totals = dashboard.totals
    assert new_figures(totals) == expect(
        asn=35, members=9, asn_members=7, meetings=3, present=8, expected=11, targets_reached=1, standards=2
    )
    assert (totals.asn_percent, totals.attendance_percent) == (20, 72)
    assert [
        (row.unit.short_name, row.figures.asn_percent, row.figures.attendance_percent)
        for row in dashboard.rows
    ] == [
        ("Pemkot Uji", None, None),
        ("Dinas Dua", 30, 33),
        ("Dinas Satu", 25, 87),
        ("Dinas Tiga", 0, None),
    ]
    kinds = [
        (item.kind, item.figures.units, item.figures.groups, new_figures(item.figures))
        for item in dashboard.kinds
    ]
    assert kinds == [
        ("pemkot", 0, 1, expect(members=1)),
        (
            "opd",
            3,
            4,
            expect(
                asn=35,
                members=7,
                asn_members=7,
                meetings=3,
                present=8,
                expected=11,
                targets_reached=1,
                standards=2,
            ),
        ),
        ("puskesmas", 2, 1, expect(members=1)),
    ]
    assert build_totals(picture.year, scope_for_unit(picture.root)) == totals


def test_the_figures_equal_a_recount_of_the_records(picture, indicators):
    """Counted by hand from the records, the way the help text says the bureau counts them."""
    year = picture.year
    counted_groups = [
        group for group in picture.groups.values() if group.name not in ("Eta", "Epsilon", "Foreign")
    ]
    members = {
        member.person_id
        for member in RosterMember.objects.filter(
            group_year__programme_year=year, group_year__group__in=counted_groups
        )
        if member.role != RosterRole.PEMBINA
    }
    filed = [
        risalah
        for risalah in Risalah.objects.filter(programme_year=year, group__in=counted_groups)
        if risalah.status in (Status.SUBMITTED, Status.IN_REVIEW, Status.VERIFIED)
    ]
    meetings = [held for risalah in filed for held in risalah.meetings.all()]
    reached = [
        r for r in filed if any(s.data.get("before_after", {}).get("target_reached") for s in r.steps.all())
    ]

    totals = build_dashboard(year, scope_for_unit(picture.root)).totals

    assert (totals.members, totals.meetings, totals.targets_reached) == (
        len(members),
        len(meetings),
        len(reached),
    )
    # One group alone: the dashboard's attendance is the risalah's own front-matter figure.
    alpha = build_dashboard(year, scope_for_unit(picture.u1)).rows[0].figures
    alpha_only = Risalah.objects.get(group=picture.groups["alpha"], programme_year=year)
    assert alpha.present / alpha.expected * 100 == meeting_figures(alpha_only).average_attendance_pct == 87.5


def test_the_filed_risalah_is_the_latest_filed_revision(picture, indicators):
    """A correction of a verified risalah counts once submitted; while a draft, the verified one counts."""
    alpha = picture.groups["alpha"].risalah.get(programme_year=picture.year)
    correction = make_risalah(picture.groups["alpha"], picture.year, Status.DRAFT, previous=alpha)
    meeting(correction, [indicators.people["p1"]], 20)
    scope = scope_for_unit(picture.u1)

    assert build_totals(picture.year, scope).meetings == 2  # Alpha revision 1 (verified)
    correction.status = Status.SUBMITTED
    correction.save(update_fields=["status"])
    after = build_totals(picture.year, scope)
    assert (after.meetings, after.present, after.expected, after.targets_reached) == (1, 1, 4, 0)


def test_the_list_shows_the_latest_revision_not_the_most_edited(client, picture):
    alpha = picture.groups["alpha"].risalah.get(programme_year=picture.year)
    Risalah.objects.filter(pk=alpha.pk).update(version=50)
    correction = make_risalah(picture.groups["alpha"], picture.year, Status.DRAFT, previous=alpha)
    Risalah.objects.filter(pk=correction.pk).update(version=1)
    client.force_login(picture.bureau)

    response = client.get(list_url(picture.year, picture.u1, "kelompok"))

    alpha_row = next(group for group in response.context["page"].object_list if group.name == "Alpha")
    assert alpha_row.year_risalah == correction
    assert (
        f'<a href="{reverse("risalah-detail", args=[correction.uuid])}">Draft</a>'
        in response.content.decode()
    )


def test_the_cells_link_to_their_lists_and_empty_cells_are_a_quiet_dash(client, picture, indicators):
    client.force_login(picture.bureau)
    response = client.get(DASHBOARD, {"year": 2025})
    html = response.content.decode()
    root, year = picture.root, picture.year

    def cell(unit, slug, text, **options):
        return f'<td class="text-end text-nowrap"><a href="{escape(list_url(year, unit, slug, **options))}">{text}</a></td>'

    assert cell(root, "anggota", 9) in html
    assert cell(root, "asn-terlibat", "20%") in html
    assert cell(root, "rapat", 3) in html
    assert cell(root, "kehadiran", "72%") in html
    assert cell(root, "target-tercapai", 1) in html
    assert cell(root, "standar", 2) in html
    assert cell(picture.u1, "kehadiran", "87%") in html
    assert cell(picture.u3, "asn-terlibat", "0%") in html  # 0 of 5 ASN: a number, not "-"
    # Dinas Tiga: nothing to count is "-" for the eye and "none" for a screen reader, without a link.
    tiga = html[html.index(">Dinas Tiga</a></th>") :]
    tiga = tiga[: tiga.index("</tr>")]
    assert (
        tiga.count(NONE_CELL) == 19
    )  # 23 columns (the Gelar two and the Bimtek among them): units (1), two coverage cells and the ASN share (0%)
    for slug in ("anggota", "rapat", "kehadiran", "kelompok", "terlambat"):
        assert escape(list_url(year, picture.u3, slug)) not in html
    assert (
        '<td class="text-end text-nowrap cov cov-poor"><span class="text-body-secondary" aria-hidden="true">-</span>'
        '<span class="visually-hidden">none</span> <span class="cov-percent">(0%)</span></td>'
    ) in tiga
    # The SK-or-roster-overdue number is an action number and a ready filter.
    assert (
        f'<a href="{escape(list_url(year, root, "sk-terlambat"))}" class="fw-bold text-danger">3</a>' in html
    )
    assert 'SK or roster overdue <span class="badge text-bg-danger">3</span>' in html


def test_the_subtotals_by_unit_kind_and_the_kind_filter(client, picture, indicators):
    client.force_login(picture.bureau)
    html = client.get(DASHBOARD, {"year": 2025}).content.decode()
    root, year = picture.root, picture.year
    puskesmas_dashboard = f"{DASHBOARD}?year=2025&unit={root.uuid}&kind=puskesmas"
    assert f'<th scope="row"><a href="{escape(puskesmas_dashboard)}">Puskesmas</a></th>' in html
    assert f'<a href="{escape(list_url(year, root, "kelompok", kind="opd"))}">4</a>' in html

    response = client.get(DASHBOARD, {"year": 2025, "unit": root.uuid, "kind": "puskesmas"})
    html = response.content.decode()
    dashboard = response.context["dashboard"]
    assert [
        (row.unit.short_name, row.figures.units, row.figures.groups, row.figures.members)
        for row in dashboard.rows
    ] == [
        ("Dinas Dua", 2, 1, 1),
        ("Dinas Satu", 0, 0, 0),
        ("Dinas Tiga", 0, 0, 0),
    ]
    assert [item.kind for item in dashboard.kinds] == ["puskesmas"]
    assert (dashboard.totals.units, dashboard.totals.groups, dashboard.totals.overdue) == (2, 1, 1)
    # Every link keeps the filter: cells, ready filters, drill-down.
    assert f'<a href="{escape(list_url(year, picture.u2, "kelompok", kind="puskesmas"))}">1</a>' in html
    assert f'href="{escape(list_url(year, root, "terlambat", kind="puskesmas"))}"' in html
    assert (
        f'href="{escape(DASHBOARD)}?year=2025&amp;unit={picture.u2.uuid}&amp;kind=puskesmas">Dinas Dua</a>'
        in html
    )
    assert "Only units of the kind “Puskesmas” and their groups are counted." in html

    listed = client.get(list_url(year, root, "kelompok", kind="puskesmas"))
    assert [group.name for group in listed.context["page"].object_list] == ["Zeta"]
    assert [
        unit.short_name
        for unit in client.get(list_url(year, root, "unit", kind="opd")).context["page"].object_list
    ] == ["Dinas Dua", "Dinas Satu", "Dinas Tiga"]
    assert client.get(list_url(year, root, "kelompok", kind="no-such-kind")).status_code == 404


@pytest.mark.parametrize(
    ("slug", "expected"),
    [
        ("anggota", ["Theta", "Delta", "Zeta", "Alpha", "Beta"]),
        ("rapat", ["Delta", "Alpha"]),
        ("kehadiran", ["Delta", "Alpha"]),
        ("target-tercapai", ["Alpha"]),
        ("standar", ["Delta", "Alpha"]),
        ("sk-terlambat", ["Zeta", "Beta", "Gamma"]),
    ],
)
def test_the_lists_behind_the_new_numbers(client, picture, indicators, slug, expected):
    client.force_login(picture.bureau)
    response = client.get(list_url(picture.year, picture.root, slug))
    assert [group.name for group in response.context["page"].object_list] == expected


def test_a_group_row_shows_its_members_meetings_and_results(client, picture, indicators):
    client.force_login(picture.bureau)
    response = client.get(list_url(picture.year, picture.root, "rapat"))
    rows = [
        (
            group.name,
            group.figures.members,
            group.figures.meetings,
            group.figures.attendance_percent,
            group.figures.targets_reached,
            group.figures.standards,
        )
        for group in response.context["page"].object_list
    ]
    assert rows == [("Delta", 3, 1, 33, 0, 1), ("Alpha", 4, 2, 87, 1, 1)]
    html = response.content.decode()
    assert (
        '<td class="text-end">4</td>\n      <td class="text-end">2</td>\n      <td class="text-end">87%</td>\n      <td>Yes</td>\n      <td>Named</td>'
        in html
    )


def test_the_asn_list_shows_each_units_share_and_a_dash_when_unknown(client, picture, indicators):
    client.force_login(picture.bureau)
    response = client.get(list_url(picture.year, picture.root, "asn-terlibat"))
    units = [
        (unit.short_name, unit.asn_count, unit.members, unit.asn_percent)
        for unit in response.context["page"].object_list
    ]
    assert units == [
        ("Dinas Dua", 10, 3, 30),
        ("PKM Dua A", None, 1, None),
        ("PKM Dua B", None, 0, None),
        ("Dinas Satu", 20, 5, 25),
        ("Dinas Tiga", 5, 0, 0),
    ]
    html = response.content.decode()
    pkm = html[html.index(">Puskesmas Dua A</a>") :]
    pkm = pkm[: pkm.index("</tr>")]
    none = '<span class="text-body-secondary" aria-hidden="true">-</span><span class="visually-hidden">none</span>'
    assert pkm.count(none) == 2  # the ASN number and the share


# --- query counts ---------------------------------------------------------------------------


def _filed_tree(year, units: int):
    """A root with ``units`` units, each with one group that has a roster and a filed risalah with
    a meeting, a target reached and a standard."""
    root = UnitFactory(kind=UnitKind.PEMKAB)
    children = [UnitFactory(parent=root, asn_count=50) for _ in range(units)]
    root.refresh_from_db()
    for unit in children:
        group = GroupFactory(unit=unit)
        record = make_group_year(group, year, complete=True)
        people = [PersonFactory(unit=unit) for _ in range(3)]
        roster(record, people)
        risalah = make_risalah(group, year, Status.VERIFIED)
        meeting(risalah, people[:2])
        tool_step(risalah, "before_after", before_after(True))
        tool_step(risalah, "standard", standard(title="SOP"))
    bureau = UserFactory()
    RoleFactory(user=bureau, role=Role.VERIFIKATOR, unit=root)
    return bureau


def _queries(client, user, url) -> tuple[int, int | None]:
    client.force_login(user)
    trend_tally.flush()  # the setup counted, as its commit would have
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    items = response.context["page"].paginator.count if "page" in response.context else None
    return len(context.captured_queries), items


# The session, the user and their roles, the year, the figures, the page of the list.
LIST_QUERIES = {
    "anggota": 19,
    "rapat": 19,
    "kehadiran": 19,
    "target-tercapai": 19,
    "standar": 19,
    "asn-terlibat": 11,
}


@pytest.mark.parametrize(
    "slug", ["anggota", "rapat", "kehadiran", "target-tercapai", "standar", "asn-terlibat"]
)
def test_the_new_lists_do_not_grow_with_their_items(client, db, slug):
    """N+1: one item or three give the same number of queries."""
    year = ProgrammeYearFactory(year=2025, is_current=True)
    one = _filed_tree(year, 1)
    three = _filed_tree(year, 3)
    url = f"{reverse('reports-dashboard-list')}?indicator={slug}"
    (small, one_item), (large, three_items) = _queries(client, one, url), _queries(client, three, url)
    assert (small, large, one_item, three_items) == (LIST_QUERIES[slug], LIST_QUERIES[slug], 1, 3)


def test_the_dashboard_does_not_grow_with_rosters_and_meetings(client, db):
    year = ProgrammeYearFactory(year=2025, is_current=True)
    one = _filed_tree(year, 1)
    three = _filed_tree(year, 3)
    # 15: the Bimtek attendees are one query of their own (distinct people, like the members).
    assert (_queries(client, one, DASHBOARD)[0], _queries(client, three, DASHBOARD)[0]) == (15, 15)


def test_an_unknown_unit_kind_is_said_beside_the_field_and_all_kinds_shown(client, picture):
    client.force_login(picture.bureau)
    response = client.get(DASHBOARD, {"year": 2025, "kind": "pabrik"})
    assert "There is no unit kind pabrik. All kinds are shown." in response.content.decode()
    assert (response.context["dashboard"].kind, response.context["dashboard"].totals.groups) == (None, 6)
