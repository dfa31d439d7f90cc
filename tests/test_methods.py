"""Whole-site checks over the URL x persona matrix: a read-only page answers 405 to a POST,
and every page carries the security headers."""

import pytest
from django.urls import reverse

from tests.url_matrix import PERSONAS, all_rows

ROWS = all_rows()
# A URL that has a POST row in the matrix is known to take a POST (a form, an action).
ACCEPTS_POST = {row.name for row in ROWS if row.method == "post"}
# Forms whose POST the matrix does not walk (it only opens them): Django's log-in and password
# pages, the index of Django's own admin, and event pages that save on the same address.
FORMS_WITHOUT_POST_ROW = {
    "login",
    "password_change",
    "password_reset",
    "password_reset_confirm",
    "admin:index",
    "events-rubric",
    "events-advance",
    "bimtek-register-roster",
    "bimtek-quotas",
}


def _reader(row) -> str | None:
    """The first persona that may read the page (gets 200)."""
    return next((persona for persona in PERSONAS if row.expect[persona] == 200), None)


READ_ONLY_ROWS = [
    row
    for row in ROWS
    if row.method == "get" and row.name not in ACCEPTS_POST | FORMS_WITHOUT_POST_ROW and _reader(row)
]
READABLE_ROWS = [row for row in ROWS if row.method == "get" and _reader(row)]


def _url(row, world) -> str:
    return reverse(row.name, kwargs=row.kwargs(world)) + row.query


def test_the_matrix_has_read_only_pages():
    names = {row.name for row in READ_ONLY_ROWS}
    assert {"reports-dashboard", "groups-list", "risalah-pdf", "groups-logo"} <= names
    assert names.isdisjoint(ACCEPTS_POST | FORMS_WITHOUT_POST_ROW)


@pytest.mark.parametrize("row", READ_ONLY_ROWS, ids=lambda row: f"{row.name}{row.query}")
def test_a_read_only_page_refuses_a_post(world, client, row):
    persona = _reader(row)
    if world.users[persona]:
        client.force_login(world.users[persona])
    response = client.post(_url(row, world), data=row.data(world))
    response.close()
    assert (response.status_code, persona) == (405, persona)
    assert "GET" in response["Allow"]
    assert "POST" not in response["Allow"]
    assert b"<h1" in response.content  # the 405 page in the layout, not an empty answer
    assert_security_headers(response)


@pytest.fixture
def production(settings):
    settings.DEBUG = False
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    return settings


def _directives(policy: str) -> dict[str, list[str]]:
    directives = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


@pytest.mark.parametrize("row", READABLE_ROWS, ids=lambda row: f"{row.name}{row.query}")
def test_every_page_has_the_security_headers(world, client, production, row):
    persona = _reader(row)
    if world.users[persona]:
        client.force_login(world.users[persona])
    response = client.get(_url(row, world), data=row.data(world), secure=True)
    response.close()
    assert response.status_code == 200
    assert_security_headers(response)
    assert response.get("Strict-Transport-Security", "").startswith("max-age=31536000; includeSubDomains")


def assert_security_headers(response):
    policy = _directives(response.get("Content-Security-Policy", ""))
    scripts = policy.get("script-src", policy.get("default-src"))
    assert scripts is not None, response.get("Content-Security-Policy")
    assert "'unsafe-inline'" not in scripts
    assert "'unsafe-eval'" not in scripts
    assert "'unsafe-inline'" not in policy.get("style-src", policy.get("default-src"))
    assert response.get("X-Frame-Options") == "DENY" or policy.get("frame-ancestors") == ["'none'"]
    assert response.get("Referrer-Policy") == "same-origin"
    assert response.get("X-Content-Type-Options") == "nosniff"
