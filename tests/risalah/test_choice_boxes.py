"""Step 4's "who" boxes scroll when the roster is long; a keyboard user must be able to reach
them and a screen reader must announce what they are (axe: scrollable-region-focusable)."""

import re

from django.test import Client
from django.urls import reverse

from demo.example_risalah import build_example_risalah
from tests.conftest import without_risalah


def test_the_scrollable_choice_boxes_of_step_4_are_focusable_and_named(world):
    operator = world.users["operator_a"]
    without_risalah(world)  # one risalah per group and year: the example takes the draft's place
    risalah = build_example_risalah(group=world.group_a, programme_year=world.year, by=operator)
    client = Client()
    client.force_login(operator)
    html = client.get(reverse("risalah-step", kwargs={"uuid": risalah.uuid, "number": 4})).content.decode()

    boxes = re.findall(r'<div class="kbk-choices[^"]*"[^>]*>', html)
    rows = len(re.findall(r'name="plan_5w1h-\d+-cause"', html))
    assert rows >= 2 and len(boxes) == rows + 1  # one per row, and the template of a new row
    label = "Siapa (dari susunan anggota)"  # the "who" column, in Indonesian
    assert set(boxes) == {
        f'<div class="kbk-choices border rounded px-2 py-1" tabindex="0" role="group" aria-label="{label}">'
    }
