"""Every events page (tests/events/event_pages.py) on a 360 px phone in headless Chromium: the
page never scrolls sideways (a wide table scrolls inside its own box), the strict CSP refuses
nothing, and axe-core finds no serious or critical problem."""

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Page

from tests.accessibility import violations
from tests.conftest import build_world
from tests.events.event_pages import event_pages

WIDTH = 360


def _session_cookie(user, url: str) -> dict:
    """Log ``user`` in without the login form (every page has its own persona)."""
    client = Client()
    client.force_login(user)
    return {
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": url,
    }


@pytest.mark.browser
def test_every_events_page_fits_a_phone(live_server, page: Page, transactional_db):
    pages = event_pages(build_world())
    refused: list[str] = []
    page.on(
        "console",
        lambda message: (
            refused.append(f"{page.url}: {message.text}")
            if message.type == "error" and "Content Security Policy" in message.text
            else None
        ),
    )
    page.set_viewport_size({"width": WIDTH, "height": 740})
    problems = []
    for item in pages:
        page.context.clear_cookies()
        if item.user is not None:
            page.context.add_cookies([_session_cookie(item.user, live_server.url)])
        response = page.goto(live_server.url + item.url)
        assert response.status == 200, item
        width = page.evaluate("document.documentElement.scrollWidth")
        wide = page.evaluate(
            """() => [...document.querySelectorAll('main *')]
                .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1
                    && !el.closest('.table-responsive'))
                .slice(0, 3).map((el) => el.outerHTML.slice(0, 120))"""
        )
        found = violations(page)
        if width > WIDTH or wide or found:
            problems.append((item.name, width, wide, [v["id"] for v in found]))
    assert problems == []
    assert refused == []
