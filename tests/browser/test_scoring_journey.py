"""A jury member scores on a phone in a hall whose Wi-Fi drops: every entry is saved as it is
typed, the one typed offline is kept and marked "belum terkirim", and it arrives exactly once
when the connection returns."""

import re
from decimal import Decimal as D

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from events import services
from events.models import Score, ScoreChange
from tests.accessibility import assert_accessible
from tests.conftest import build_world
from tests.events.factories import make_gelar
from tests.events.scoring_world import make_room

PASSWORD = "rahasia-123-ok"  # UserFactory's password


@pytest.fixture
def room(transactional_db):
    return make_room(make_gelar(build_world()), groups=2)


@pytest.fixture
def csp_violations(page: Page):
    found: list[str] = []
    page.on(
        "console",
        lambda message: (
            found.append(message.text)
            if message.type == "error" and "Content Security Policy" in message.text
            else None
        ),
    )
    return found


def enter(page: Page, criterion, points: str) -> None:
    field = page.locator(f"#id_points_{criterion.pk}")
    field.fill(points)
    field.press("Tab")  # a change is sent when the field is left


def state(page: Page, criterion):
    return page.locator(f"#id_points_{criterion.pk}_state")


@pytest.mark.browser
def test_a_score_typed_offline_arrives_once_when_the_connection_returns(
    live_server, page: Page, room, csp_violations
):
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}])
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{live_server.url}/masuk/")
    page.fill("#id_username", room.jury.user.username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Log in").last.click()
    expect(page.locator("h1")).to_be_visible()

    page.goto(live_server.url + room.url())
    expect(page.locator("h1")).to_have_text(room.participant.group.name)
    assert_accessible(page)
    yel_yel, atraksi, kostum, kekompakan = room.criteria()

    enter(page, yel_yel, "28")
    expect(state(page, yel_yel)).to_have_text("Saved", timeout=10_000)
    enter(page, atraksi, "45")
    expect(page.locator(f"#id_points_{atraksi.pk}_error")).to_have_text(
        "At most 30 points for this criterion."
    )
    expect(page.locator(f"#id_points_{atraksi.pk}")).to_have_value("45")
    enter(page, atraksi, "26,5")
    expect(state(page, atraksi)).to_have_text("Saved", timeout=10_000)
    expect(page.locator(f"#id_points_{atraksi.pk}_error")).to_have_text("")

    # The hall's Wi-Fi drops: the entry is kept on the phone and says so.
    page.context.set_offline(True)
    enter(page, kostum, "18")
    expect(state(page, kostum)).to_contain_text("belum terkirim", timeout=10_000)
    banner = page.locator("#score-unsent")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("Scores not yet sent (belum terkirim): 1")
    assert_accessible(page)
    assert not Score.objects.filter(criterion=kostum).exists()

    # The connection returns: sent by itself, exactly once.
    page.context.set_offline(False)
    expect(state(page, kostum)).to_have_text("Saved", timeout=20_000)
    expect(banner).to_be_hidden()
    page.reload()
    expect(page.locator(f"#id_points_{kostum.pk}")).to_have_value("18")
    expect(page.locator("#score-unsent")).to_be_hidden()
    assert page.evaluate("() => window.localStorage.length") == 0

    scores = Score.objects.filter(jury=room.jury, participant=room.participant).order_by("criterion__order")
    assert list(scores.values_list("criterion", "points")) == [
        (yel_yel.pk, D(28)),
        (atraksi.pk, D("26.5")),
        (kostum.pk, D(18)),
    ]
    assert ScoreChange.objects.filter(score__criterion=kostum).count() == 1
    assert not Score.objects.filter(criterion=kekompakan).exists()

    page.get_by_role("link", name=re.compile("Next group")).click()
    expect(page.locator("h1")).to_have_text(room.participants[1].group.name)
    assert csp_violations == []


@pytest.mark.browser
def test_an_entry_kept_offline_past_the_lock_is_refused_in_words(
    live_server, page: Page, room, csp_violations
):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{live_server.url}/masuk/")
    page.fill("#id_username", room.jury.user.username)
    page.fill("#id_password", PASSWORD)
    page.locator("form button[type=submit]").last.click()
    expect(page.locator("h1")).to_be_visible()
    page.goto(live_server.url + room.url())
    yel_yel = room.criteria()[0]

    page.context.set_offline(True)
    enter(page, yel_yel, "20")
    expect(state(page, yel_yel)).to_contain_text("belum terkirim", timeout=10_000)
    services.round_lock(round=room.gelar.final, by=room.gelar.world.users["verifikator"])
    page.context.set_offline(False)

    refusal = page.locator("#score-refused")
    expect(refusal).to_be_visible(timeout=20_000)
    expect(refusal).to_have_text("Tidak tersimpan: Babak ini sudah dikunci; nilai tidak dapat diubah lagi.")
    expect(page.locator(f"#id_points_{yel_yel.pk}_error")).to_have_text(
        "Babak ini sudah dikunci; nilai tidak dapat diubah lagi."
    )
    expect(page.locator("#score-unsent")).to_be_hidden()
    assert_accessible(page)
    assert not Score.objects.exists()
    assert csp_violations == []
