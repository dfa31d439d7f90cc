"""Error pages at DEBUG=0 (the test settings): Indonesian, in the portal's layout.

Django's own pages are English (400, 405 empty) and its CSRF page mentions DEBUG=True;
each of ours extends templates/base.html, so it has the navigation and one <h1>.
"""

import html as html_lib
import re

import pytest
from django.test import Client
from django.urls import reverse

LAYOUT = '<a class="navbar-brand" href="/">Portal KBK</a>'
READ_ONLY = (
    "Peran Anda memungkinkan Anda membaca halaman ini, tetapi tidak mengubahnya. "
    "Hubungi operator unit atau Bagian Organisasi."
)
NOT_FOR_ROLE = (
    "Halaman ini tidak terbuka untuk peran Anda. Jika Anda memerlukannya untuk pekerjaan, "
    "mintalah peran yang sesuai kepada Bagian Organisasi."
)


def page_text(response) -> str:
    return html_lib.unescape(response.content.decode())


def h1s(response) -> list[str]:
    return [
        re.sub(r"\s+", " ", h).strip() for h in re.findall(r"<h1[^>]*>(.*?)</h1>", page_text(response), re.S)
    ]


def alert(response) -> str:
    found = re.search(r'<div class="alert alert-warning" role="alert">(.*?)</div>', page_text(response), re.S)
    return re.sub(r"\s+", " ", found.group(1)).strip()


def test_debug_is_off_in_these_tests(settings):
    assert settings.DEBUG is False


def test_csrf_failure_page_is_in_indonesian_in_the_portal_layout(db):
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    response = client.post(reverse("login"), {"username": "x", "password": "y"})
    assert response.status_code == 403
    text = page_text(response)
    assert h1s(response) == ["Formulir sudah kedaluwarsa"]
    assert LAYOUT in text
    assert "Muat ulang halaman (F5), lalu isi dan kirim formulir itu lagi." in text
    assert "DEBUG" not in text and "CSRF verification failed" not in text


def test_bad_request_page_is_in_indonesian_in_the_portal_layout(db):
    client = Client(raise_request_exception=False)
    response = client.get("/", HTTP_HOST="not-our-host.example")
    assert response.status_code == 400
    assert h1s(response) == ["Permintaan tidak dapat diproses"]
    assert LAYOUT in page_text(response)
    assert "Bad Request" not in page_text(response)


def test_logout_by_get_asks_to_confirm_and_keeps_the_session(login, world):
    client = login("operator_a")
    response = client.get(reverse("logout"))
    assert response.status_code == 200
    assert h1s(response) == ["Keluar dari Portal KBK?"]
    assert LAYOUT in page_text(response)
    assert re.search(r'<form action="/keluar/" method="post">', page_text(response))
    assert client.get(reverse("core-home")).context["user"] == world.users["operator_a"]

    response = client.post(reverse("logout"))
    assert (response.status_code, response["Location"]) == (302, reverse("login"))
    assert client.get(reverse("logout")).context["user"].is_authenticated is False


def test_logout_by_get_when_already_logged_out(client, db):
    response = client.get(reverse("logout"))
    assert h1s(response) == ["Anda sudah keluar"]


def test_a_post_only_address_opened_by_get_shows_a_page(login, world):
    response = login("verifikator").get(reverse("core-unit-import-confirm"))
    assert (response.status_code, response["Allow"]) == (405, "POST")
    assert h1s(response) == ["Alamat ini tidak dibuka dengan cara ini"]
    assert LAYOUT in page_text(response)


@pytest.mark.parametrize(
    ("persona", "url_name"),
    [
        ("pimpinan_a", "core-unit-import"),
        ("operator_a", "core-account-list"),
        ("verifikator", "core-audit-log"),
    ],
)
def test_a_page_the_role_cannot_read_does_not_say_it_could_be_read(login, world, persona, url_name):
    response = login(persona).get(reverse(url_name))
    assert response.status_code == 403
    assert alert(response) == NOT_FOR_ROLE


def test_a_write_by_a_read_only_role_says_the_page_can_be_read(login, world):
    url = reverse("groups-edit", kwargs={"group_uuid": world.group_a.uuid})
    client = login("pimpinan_a")
    assert client.get(reverse("groups-detail", kwargs={"group_uuid": world.group_a.uuid})).status_code == 200
    response = client.get(url)
    assert response.status_code == 403
    assert alert(response) == READ_ONLY
