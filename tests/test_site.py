"""Whole-site checks: migrations, one <h1> per page, no inline script or style, CSP, language."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.conftest import build_world
from tests.url_matrix import all_rows

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[^>]+\sstyle\s*=", re.IGNORECASE)
EVENT_ATTRIBUTE = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)


def html_pages():
    """(row, persona) for every GET page of the matrix that some persona may open."""
    for row in all_rows():
        if row.method != "get":
            continue
        personas = [p for p, status in row.expect.items() if status == 200]
        if personas:
            yield pytest.param(row, personas[0], id=f"{row.name}{row.query}-{personas[0]}")


def test_no_missing_migrations(db):
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=StringIO())
    assert "No changes detected" in out.getvalue()


@pytest.mark.parametrize(("row", "persona"), list(html_pages()))
def test_page_structure(db, client, row, persona):
    world = build_world()
    user = world.users[persona]
    if user is not None:
        client.force_login(user)
    response = client.get(reverse(row.name, kwargs=row.kwargs(world)) + row.query)
    response.close()  # a file download (FileResponse) holds its file open until closed
    assert response.status_code == 200
    if not response["Content-Type"].startswith("text/html"):
        return  # files, PDFs, exports
    html = response.content.decode()
    assert len(re.findall(r"<h1[\s>]", html)) == 1, "exactly one <h1> per page"
    assert INLINE_SCRIPT.findall(html) == [], "no inline scripts (CSP)"
    assert STYLE_ATTRIBUTE.findall(html) == [], "no style attributes (CSP)"
    assert "<style" not in html.lower(), "no <style> elements (CSP)"
    assert EVENT_ATTRIBUTE.findall(html) == [], "no inline event handlers (CSP)"
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert 'name="viewport"' in html


def test_login_page_speaks_indonesian_by_default(db, client):
    response = client.get(reverse("login"))
    html = response.content.decode()
    assert '<html lang="id">' in html
    assert "Masuk" in html
    assert "Nama pengguna atau e-mail" in html


def test_an_english_browser_still_gets_indonesian_until_english_is_chosen(db, client):
    html = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="id">' in html
    assert "Nama pengguna atau e-mail" in html


def test_english_is_selectable(db, client):
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("login")}, follow=True)
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Username or e-mail" in html


def test_dates_read_the_indonesian_way(db):
    from datetime import date

    from django.template import Context, Template
    from django.utils import translation

    with translation.override("id"):
        assert Template("{{ d|date }}").render(Context({"d": date(2018, 7, 18)})) == "18 Juli 2018"
