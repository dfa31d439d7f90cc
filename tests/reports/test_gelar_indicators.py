"""The Gelar indicators of the dashboard on the hand-built picture (tests/reports/conftest.py):
groups that took part in a Gelar of the year, and groups that won an award in the last round of
a Gelar whose results are published."""

from datetime import date

import pytest

from events import services
from events.models import Event, EventKind, EventStatus, Result
from reports.dashboard import build_totals, scope_for_unit
from reports.views import list_url


def _gelar(picture, title: str, groups: list[str], winners: list[str], *, published: bool) -> Event:
    by = picture.bureau
    event = services.event_create(
        kind=EventKind.GELAR,
        title=title,
        programme_year=picture.year,
        organiser=picture.root,
        scope=picture.root,
        starts_on=date(picture.year.year, 9, 10),
        ends_on=date(picture.year.year, 9, 10),
        by=by,
    )
    services.event_change_status(event=event, to=EventStatus.REGISTRATION_OPEN, by=by)
    kreatif = event.tracks.get(code="kreatif")
    desk, final = event.rounds.order_by("order")
    tiers = list(event.award_tiers.order_by("rank"))
    for name in groups:
        participant = services.participant_register(
            event=event, group=picture.groups[name.lower()], track=kreatif, by=by
        )
        # An award of the desk round is not an award of the Gelar: only the last round's counts.
        round = final if name in winners else desk
        rank = winners.index(name) + 1 if name in winners else 1
        Result.objects.create(
            round=round,
            track=kreatif,
            participant=participant,
            rank=rank,
            total=80,
            raw_total=80,
            jury_count=3,
            award_tier=tiers[rank - 1],
        )
    Event.objects.filter(pk=event.pk).update(
        status=EventStatus.RESULTS_PUBLISHED if published else EventStatus.RUNNING
    )
    return event


@pytest.fixture
def gelars(picture):
    _gelar(picture, "Gelar 2025", ["Alpha", "Beta", "Delta"], ["Delta"], published=True)
    # Not yet published: Zeta took part, its award does not count yet.
    _gelar(picture, "Lomba inovasi 2025", ["Zeta", "Alpha"], ["Zeta"], published=False)
    return picture


def test_gelar_participation_and_awards_are_counted_once_per_group(gelars):
    totals = build_totals(gelars.year, scope_for_unit(gelars.root))
    assert (totals.gelar_groups, totals.gelar_awarded) == (4, 1)
    dinas_dua = build_totals(gelars.year, scope_for_unit(gelars.u2))
    assert (dinas_dua.gelar_groups, dinas_dua.gelar_awarded) == (2, 1)  # Delta and Zeta; Delta won
    next_year = build_totals(gelars.year_2026, scope_for_unit(gelars.root))
    assert (next_year.gelar_groups, next_year.gelar_awarded) == (0, 0)


@pytest.mark.parametrize(
    ("slug", "expected"), [("gelar", ["Delta", "Zeta", "Alpha", "Beta"]), ("juara-gelar", ["Delta"])]
)
def test_the_lists_behind_the_gelar_numbers(client, gelars, slug, expected):
    client.force_login(gelars.bureau)
    response = client.get(list_url(gelars.year, gelars.root, slug))
    assert [group.name for group in response.context["page"].object_list] == expected
