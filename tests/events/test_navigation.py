"""Events are reachable from the menu for every role that has something to do there."""

from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory


def _menu(client, url_name="core-home"):
    return [(item["label"], item["active"]) for item in client.get(reverse(url_name)).context["nav_items"]]


def test_every_role_finds_events_in_the_menu_and_it_is_marked_on_the_event_pages(login, world):
    for persona in ("operator_a", "pimpinan_a", "verifikator", "admin"):
        assert ("Kegiatan", False) in _menu(login(persona)), persona
    assert ("Kegiatan", True) in _menu(login("verifikator"), "events-list")


def test_a_user_without_any_role_has_no_events_item(world):
    client = Client()
    client.force_login(UserFactory(username="tanpa-peran"))
    assert "Kegiatan" not in [label for label, _active in _menu(client)]
