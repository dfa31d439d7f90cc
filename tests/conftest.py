"""Personas and a small world of units and groups shared by the whole suite.

The world: Pemkab Contoh -> Dinas Kesehatan (unit A) -> Puskesmas Sukamaju (A1);
Pemkab Contoh -> Dinas Pendidikan (unit B). Group A (in A1) has a complete 2026 roster and a
draft risalah; group B (in unit B) has an incomplete 2026 record. Operator and pimpinan hold unit A; the
outsider is an operator of unit B; the verifikator holds the whole Pemkab; the jury persona is
an account without unit or role (an external guest), on no jury until a test puts it on one.

The slow tests, and why: the demo kabupaten (tests/core/test_seed_demo.py) seeds hundreds of
groups and risalah, the largest single cost; the browser journeys (tests/browser/ and the
``browser`` marker) drive Chromium against a live server and are transactional, so each flushes
the database; and every printed risalah is a WeasyPrint render of seconds (test_pdf.py shares
one render of the example between the tests that only read it, test_library.py and
test_snapshot_pages.py print the library copy and the filed roster, the URL matrix fetches each
PDF once per persona). Everything else should take well under a second; a new test that needs
seconds says why in its docstring.
"""

import os
from dataclasses import dataclass

import pytest
from django.contrib.auth.signals import user_logged_in
from django.core.files.base import ContentFile
from django.dispatch import receiver
from django.http import HttpRequest
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from core import twofa
from core.models import Role, Unit, UnitKind, User
from groups.models import Group, GroupYear, ProgrammeYear
from reports import trend_tally
from risalah.models import Risalah
from risalah.services import risalah_create
from tests.factories import (
    GroupFactory,
    GroupYearFactory,
    ProgrammeYearFactory,
    RoleFactory,
    UnitFactory,
    UserFactory,
    complete_group_year,
    png_bytes,
)

# Playwright's sync API runs an event loop in the test thread; Django refuses database access
# from a thread with a running loop unless told that this is deliberate (browser tests only).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"  # Debian's package; tests never download a browser


PERSONAS = ["anonymous", "operator_a", "pimpinan_a", "verifikator", "outsider", "admin", "jury"]


@dataclass
class World:
    pemda: Unit
    unit_a: Unit
    unit_a1: Unit
    unit_b: Unit
    year: ProgrammeYear
    group_a: Group
    group_year_a: GroupYear
    group_b: Group
    risalah_a: Risalah
    users: dict[str, User | None]


def build_world() -> World:
    pemda = UnitFactory(
        kind=UnitKind.PEMKAB, name="Pemerintah Kabupaten Contoh", short_name="Pemkab Contoh", code="PEMDA"
    )
    unit_a = UnitFactory(parent=pemda, name="Dinas Kesehatan", short_name="Dinkes", code="DINKES")
    unit_a1 = UnitFactory(
        parent=unit_a,
        kind=UnitKind.PUSKESMAS,
        name="Puskesmas Sukamaju",
        short_name="PKM Sukamaju",
        code="PKM-SKM",
    )
    unit_b = UnitFactory(parent=pemda, name="Dinas Pendidikan", short_name="Disdik", code="DISDIK")
    pemda.refresh_from_db()
    unit_a.refresh_from_db()
    year = ProgrammeYearFactory(year=2026, is_current=True)
    group_a = GroupFactory(unit=unit_a1, name="KBK Sehati", logo=ContentFile(png_bytes(), name="logo.png"))
    group_year_a = complete_group_year(GroupYearFactory(group=group_a, programme_year=year))
    group_b = GroupFactory(unit=unit_b, name="KBK Cerdas")
    GroupYearFactory(group=group_b, programme_year=year)

    users: dict[str, User | None] = {"anonymous": None}
    for persona, role, unit in [
        ("operator_a", Role.OPERATOR, unit_a),
        ("pimpinan_a", Role.PIMPINAN, unit_a),
        ("verifikator", Role.VERIFIKATOR, pemda),
        ("outsider", Role.OPERATOR, unit_b),
    ]:
        user = UserFactory(username=persona, unit=unit)
        RoleFactory(user=user, role=role, unit=unit)
        users[persona] = user
    users["admin"] = UserFactory(username="admin", is_superuser=True, is_staff=True, unit=pemda)
    RoleFactory(user=users["admin"], role=Role.ADMIN, unit=pemda)
    # Their roles require two-factor login: each has a confirmed authenticator app (the browser's
    # log_in types its code; force_login counts as both steps, see _force_login_is_two_steps).
    for persona in ("verifikator", "admin"):
        TOTPDevice.objects.create(user=users[persona], name=twofa.TOTP_NAME, confirmed=True)
    # A guest on a jury: no unit and no role; what it judges is made by the test (its Jury rows).
    users["jury"] = UserFactory(username="jury", full_name="Ir. Juri Tamu", unit=None)
    risalah_a = risalah_create(
        group=group_a, programme_year=year, by=users["operator_a"], theme="Pelayanan cepat"
    )
    return World(pemda, unit_a, unit_a1, unit_b, year, group_a, group_year_a, group_b, risalah_a, users)


def without_risalah(world: World) -> None:
    """Delete group A's risalah of the world's year, for a test that writes its own there
    (a group has one risalah per year: constraint risalah_one_per_group_per_year)."""
    Risalah.objects.filter(group=world.group_a, programme_year=world.year).delete()


@receiver(user_logged_in, dispatch_uid="tests.force_login_is_two_steps")
def _force_login_is_two_steps(sender, request, user, **kwargs):
    """``client.force_login`` skips the password, and skips the second login step too: its
    session counts as verified by the user's authenticator app (made here for an account whose
    role requires one). Only force_login's bare HttpRequest; a real login asks for the code."""
    if type(request) is not HttpRequest:
        return
    device = twofa.confirmed_device(user)
    if device is None and twofa.must_use(user):
        device = TOTPDevice.objects.create(user=user, name=twofa.TOTP_NAME, confirmed=True)
    if device is not None:
        otp_login(request, device)
    request.session.pop(twofa.PENDING_SESSION_KEY, None)


@pytest.fixture
def world(db) -> World:
    return build_world()


def _client_for(client_class, user):
    client = client_class()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def login(world, client):
    """``login("operator_a")`` returns a test client logged in as that persona."""

    def _login(persona: str):
        return _client_for(type(client), world.users[persona])

    return _login


@pytest.fixture
def operator_a(world):
    return world.users["operator_a"]


@pytest.fixture
def pimpinan_a(world):
    return world.users["pimpinan_a"]


@pytest.fixture
def verifikator(world):
    return world.users["verifikator"]


@pytest.fixture
def outsider(world):
    return world.users["outsider"]


@pytest.fixture
def admin_user(world):
    return world.users["admin"]


@pytest.fixture(autouse=True)
def _shipped_methods(request, django_db_setup, django_db_blocker):
    """The methods a data migration ships are data every risalah needs. A transactional test
    (browser journeys, the worker) ends by flushing the database, which removes them too; put
    them back before any test that uses the database."""
    uses_db = request.node.get_closest_marker("django_db") or {"db", "transactional_db", "live_server"} & set(
        request.fixturenames
    )
    if uses_db:
        from risalah.methods import load_methods
        from risalah.models import Method, MethodStep

        with django_db_blocker.unblock():
            if not Method.objects.exists():
                load_methods(Method, MethodStep)
    yield


# Browser tests (pytest-playwright), for every folder of the suite.


@pytest.fixture(scope="session")
def browser_type_launch_args():
    return {
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # An English browser, as on many office computers: the portal still answers in Indonesian
    # unless a test chooses English with the language cookie.
    return {**browser_context_args, "locale": "en-US", "viewport": {"width": 1280, "height": 900}}


@pytest.fixture(scope="session")
def base_url():
    # Replaces pytest-playwright's fallback fixture, a plugin-class method that pytest 9.2
    # flags as deprecated (and warnings are errors). The tests build URLs from live_server.url.
    return None


def screenshot_for_review(page, name: str) -> None:
    """Screenshots for a human look, only when KBK_SHOT_DIR names a folder."""
    folder = os.environ.get("KBK_SHOT_DIR")
    if folder:
        page.screenshot(path=os.path.join(folder, f"{name}.png"), full_page=True)


# In production what a request reads was committed before it, and the stored tallies of it were
# counted on that commit (reports.trend_tally.mark). A test's data never commits: what it set up
# is counted by the first read instead, which would add those counts to the queries of the page
# a test measures. So the setup is counted first, as a commit would have.
def _setup_counted_first(assert_queries):
    def counted(*args, **kwargs):
        trend_tally.flush()
        return assert_queries(*args, **kwargs)

    return counted


@pytest.fixture
def django_assert_num_queries(django_assert_num_queries):
    return _setup_counted_first(django_assert_num_queries)


@pytest.fixture
def django_assert_max_num_queries(django_assert_max_num_queries):
    return _setup_counted_first(django_assert_max_num_queries)
