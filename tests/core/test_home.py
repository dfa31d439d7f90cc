"""The home page: the operator's own figures, the next deadline and what is missing; the bureau's
review queue; the message for an account without a role."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from reports.views import list_url
from risalah.models import Status
from tests.factories import GroupFactory, UserFactory, complete_group_year
from tests.reports.conftest import make_group_year, make_risalah

HOME = reverse("core-home")


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def operator_groups(world):
    """Besides KBK Sehati (complete SK and roster, draft risalah), unit A gets: a group with
    nothing yet, one with an SK but no roster, and one with everything done (not listed)."""
    bare = GroupFactory(unit=world.unit_a, name="KBK Kosong")
    no_roster = GroupFactory(unit=world.unit_a1, name="KBK Tanpa Anggota")
    make_group_year(no_roster, world.year, complete=False)
    done = GroupFactory(unit=world.unit_a, name="KBK Tuntas")
    complete_group_year(make_group_year(done, world.year, complete=False))
    make_risalah(done, world.year, Status.SUBMITTED, timezone.now())
    return {"bare": bare, "no_roster": no_roster, "done": done}


def _deadlines_ahead(year, today):
    year.sk_deadline = today - timedelta(days=30)
    year.risalah_deadline = today + timedelta(days=5)
    year.gelar_date = today + timedelta(days=12)
    year.save()


def test_the_operator_sees_the_next_deadline_with_the_days_left(login, world):
    today = timezone.localdate()
    _deadlines_ahead(world.year, today)

    response = login("operator_a").get(HOME)

    deadline = response.context["deadline"]
    assert (str(deadline.label), deadline.day, deadline.days_left) == (
        "Risalah deadline",
        today + timedelta(days=5),
        5,
    )
    html = response.content.decode()
    assert "Next deadline" in html
    assert "5 days left" in html


def test_the_operator_sees_what_is_missing_each_with_the_page_that_fixes_it(login, world, operator_groups):
    response = login("operator_a").get(HOME)

    missing = [
        (group.name, [(str(item.what), item.url) for item in items])
        for group, items in response.context["operator"]["missing"]
    ]
    bare, no_roster = operator_groups["bare"], operator_groups["no_roster"]
    assert missing == [
        (
            "KBK Kosong",
            [
                ("No SK for 2026 yet", reverse("groups-year-edit", args=[bare.uuid, 2026])),
                ("No risalah yet", f"{reverse('risalah-create')}?group={bare.uuid}"),
            ],
        ),
        (
            "KBK Sehati",
            [
                (
                    "The risalah is not submitted yet (Draft)",
                    reverse("risalah-detail", args=[world.risalah_a.uuid]),
                )
            ],
        ),
        (
            "KBK Tanpa Anggota",
            [
                ("The roster is incomplete", reverse("groups-roster", args=[no_roster.uuid, 2026])),
                ("No risalah yet", f"{reverse('risalah-create')}?group={no_roster.uuid}"),
            ],
        ),
    ]
    html = response.content.decode()
    assert (
        f'<a href="{reverse("groups-roster", args=[no_roster.uuid, 2026])}">Complete the roster</a>' in html
    )
    assert "KBK Tuntas" not in html  # nothing missing
    assert "KBK Cerdas" not in html  # the outsider's group


def test_the_operator_sees_the_figures_of_his_units(login, world, operator_groups):
    response = login("operator_a").get(HOME)

    cards = {card["indicator"].slug: card["value"] for card in response.context["operator"]["cards"]}
    assert cards == {
        "kelompok": 4,
        "sk-sah": 3,
        "susunan-lengkap": 2,
        "draf": 1,
        "menunggu-pemeriksaan": 1,
        "perlu-perbaikan": 0,
        "terverifikasi": 0,
        "belum-menyerahkan": 3,
        "terlambat": 4,  # deadlines passed; KBK Tuntas submitted today, after the risalah deadline
        "sk-terlambat": 2,  # KBK Kosong and KBK Tanpa Anggota, after the SK deadline
        "gelar": 0,  # no Gelar this year yet
        "juara-gelar": 0,
        "ikut-bimtek": 0,  # no Bimtek this year yet
    }
    html = response.content.decode()
    url = list_url(world.year, world.unit_a, "belum-menyerahkan")
    assert f'href="{url.replace("&", "&amp;")}"' in html


def test_the_verifikator_sees_what_waits_for_review(login, world):
    make_risalah(world.group_b, world.year, Status.SUBMITTED, timezone.now())

    response = login("verifikator").get(HOME)

    assert response.context["operator"] is None
    cards = {card["indicator"].slug: card["value"] for card in response.context["overview"]["cards"]}
    assert cards == {"diajukan": 1, "diperiksa": 0}
    html = response.content.decode()
    assert "Waiting for review" in html
    assert (
        f'href="{reverse("reports-dashboard")}?year=2026&amp;unit={world.pemda.uuid}">Open the filing dashboard'
        in html
    )


def test_a_pimpinan_sees_the_figures_of_the_subtree(login, world):
    response = login("pimpinan_a").get(HOME)

    cards = {card["indicator"].slug: card["value"] for card in response.context["overview"]["cards"]}
    assert (cards["kelompok"], cards["draf"]) == (1, 1)
    assert "Groups in your units" in response.content.decode()


def test_an_account_without_a_role_sees_only_the_welcome(client, world):
    client.force_login(UserFactory(full_name="Tamu Baru"))

    html = client.get(HOME).content.decode()

    assert "Welcome, Tamu Baru" in html
    assert "Your account has no role yet." in html
    assert "What is missing" not in html
    assert "Open the filing dashboard" not in html


def test_what_is_missing_says_which_items_are_overdue(login, world, operator_groups):
    """After the SK deadline a missing SK or roster is overdue, like a risalah after its deadline."""
    today = timezone.localdate()
    _deadlines_ahead(world.year, today)  # SK deadline passed, risalah deadline ahead

    response = login("operator_a").get(HOME)

    missing = [
        (group.name, [(str(item.action), item.overdue) for item in items])
        for group, items in response.context["operator"]["missing"]
    ]
    assert missing == [
        ("KBK Kosong", [("Record the SK", True), ("Start the risalah", False)]),
        ("KBK Sehati", [("Open the risalah", False)]),
        ("KBK Tanpa Anggota", [("Complete the roster", True), ("Start the risalah", False)]),
    ]
    html = response.content.decode()
    record_sk = reverse("groups-year-edit", args=[operator_groups["bare"].uuid, 2026])
    assert (
        f'No SK for 2026 yet <span class="badge text-bg-danger">Overdue</span> · <a href="{record_sk}">Record the SK</a>'
        in html
    )
    assert html.count('<span class="badge text-bg-danger">Overdue</span>') == 2
    cards = {card["indicator"].slug: card["value"] for card in response.context["operator"]["cards"]}
    assert cards["sk-terlambat"] == 2
    url = list_url(world.year, world.unit_a, "sk-terlambat")
    assert (
        f'<a class="card card-body h-100 text-decoration-none" href="{url.replace("&", "&amp;")}"><span class="fs-3 text-danger fw-bold">2</span>'
        in html
    )


def test_nothing_is_overdue_before_the_deadlines(login, world, operator_groups):
    today = timezone.localdate()
    world.year.sk_deadline = today + timedelta(days=1)
    world.year.risalah_deadline = today + timedelta(days=10)
    world.year.save()

    response = login("operator_a").get(HOME)

    flags = [item.overdue for _group, items in response.context["operator"]["missing"] for item in items]
    assert flags == [False] * 5
    assert '<span class="badge text-bg-danger">Overdue</span>' not in response.content.decode()
