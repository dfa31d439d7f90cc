"""No step page shows or announces Python's ``None``: a hidden row id has no label, and a label
that is None must not reach a screen reader as the word "None"."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from demo.example_risalah import build_example_risalah
from tests.conftest import without_risalah


@pytest.fixture
def example_pages(world):
    operator = world.users["operator_a"]
    without_risalah(world)
    risalah = build_example_risalah(group=world.group_a, programme_year=world.year, by=operator)
    client = Client()
    client.force_login(operator)
    pages = {}
    for number in range(1, 8):
        url = reverse("risalah-step", kwargs={"uuid": risalah.uuid, "number": number})
        pages[number] = client.get(url, HTTP_ACCEPT_LANGUAGE="id").content.decode()
    return pages


def test_no_step_page_says_none(example_pages):
    spoken = {
        number: re.findall(r'(?:aria-label|title|placeholder|value)="None"|>\s*None\s*<', html)
        for number, html in example_pages.items()
    }
    assert spoken == {number: [] for number in range(1, 8)}


def test_hidden_row_ids_carry_no_label(example_pages):
    hidden = re.findall(r'<input type="hidden" name="fishbone-[^"]*-id"[^>]*>', example_pages[2])
    assert hidden, "the fishbone of the example has causes with ids"
    assert [tag for tag in hidden if "aria-label" in tag] == []
