"""The lottery of the presentation order and the day plan (pure, then through the service)."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from core.models import AuditEvent
from events import planning, services
from events.models import Participant, ScheduleSlot
from tests.events.factories import kreatif_groups

WIB = ZoneInfo("Asia/Jakarta")


def test_the_same_seed_draws_the_same_order():
    names = [f"KBK {n}" for n in range(15)]
    assert planning.draw_order(names, 20260910) == planning.draw_order(names, 20260910)
    assert planning.draw_order(names, 20260910) != planning.draw_order(names, 20260911)
    assert sorted(planning.draw_order(names, 7)) == sorted(names)


def test_the_draw_is_random_random_shuffle_of_the_base_order():
    # Anyone can repeat it with Python: random.Random(seed).shuffle(the list by name).
    assert planning.draw_order(["A", "B", "C", "D", "E"], 42) == ["D", "B", "C", "E", "A"]


def at(day, hour, minute):
    return datetime(2026, 9, day, hour, minute, tzinfo=WIB)


def test_twenty_minute_slots_with_a_break_after_every_five_groups_over_two_days():
    plan = planning.plan_slots(
        8,
        days=[date(2026, 9, 10), date(2026, 9, 11)],
        day_starts_at=time(8, 0),
        slot_minutes=20,
        slots_per_day=6,
        break_every=5,
        break_minutes=15,
        tz=WIB,
    )
    assert [(s.starts_at, s.ends_at) for s in plan.slots] == [
        (at(10, 8, 0), at(10, 8, 20)),
        (at(10, 8, 20), at(10, 8, 40)),
        (at(10, 8, 40), at(10, 9, 0)),
        (at(10, 9, 0), at(10, 9, 20)),
        (at(10, 9, 20), at(10, 9, 40)),
        (at(10, 9, 55), at(10, 10, 15)),  # after the break of 9.40-9.55
        (at(11, 8, 0), at(11, 8, 20)),
        (at(11, 8, 20), at(11, 8, 40)),
    ]
    assert [(b.starts_at, b.ends_at) for b in plan.breaks] == [(at(10, 9, 40), at(10, 9, 55))]


def test_a_changeover_gap_between_groups():
    plan = planning.plan_slots(
        2,
        days=[date(2026, 9, 10)],
        day_starts_at=time(8, 0),
        slot_minutes=20,
        slots_per_day=15,
        gap_minutes=5,
        tz=WIB,
    )
    assert [s.starts_at for s in plan.slots] == [at(10, 8, 0), at(10, 8, 25)]


def test_more_groups_than_slots_is_refused():
    with pytest.raises(planning.NotEnoughDays) as error:
        planning.plan_slots(
            31,
            days=[date(2026, 9, 10), date(2026, 9, 11)],
            day_starts_at=time(8, 0),
            slot_minutes=20,
            slots_per_day=15,
            tz=WIB,
        )
    assert (error.value.needed, error.value.available) == (31, 30)


def test_the_lottery_service_records_its_seed_and_can_be_repeated(gelar):
    kreatif_groups(gelar, 6)
    by = gelar.world.users["verifikator"]
    first = [p.pk for p in services.lottery_draw(event=gelar.event, by=by, seed=1234)]
    gelar.event.refresh_from_db()
    assert gelar.event.lottery_seed == 1234
    assert (
        list(
            Participant.objects.filter(event=gelar.event)
            .order_by("lottery_order")
            .values_list("pk", flat=True)
        )
        == first
    )
    assert list(Participant.objects.order_by("lottery_order").values_list("lottery_order", flat=True)) == [
        1,
        2,
        3,
        4,
        5,
        6,
    ]
    services.lottery_draw(event=gelar.event, by=by, seed=99)
    again = [p.pk for p in services.lottery_draw(event=gelar.event, by=by, seed=1234)]
    assert again == first
    # The base order is by group name: the draw equals Python's shuffle of that list.
    base = list(
        Participant.objects.filter(event=gelar.event)
        .order_by("group__name", "pk")
        .values_list("pk", flat=True)
    )
    assert first == planning.draw_order(base, 1234)
    seeds = [
        e.details["seed"] for e in AuditEvent.objects.filter(details__event_step="lottery").order_by("pk")
    ]
    assert seeds == [1234, 99, 1234]


def test_a_lottery_without_a_seed_chooses_and_records_one(gelar):
    kreatif_groups(gelar, 3)
    services.lottery_draw(event=gelar.event, by=gelar.world.users["verifikator"])
    gelar.event.refresh_from_db()
    assert gelar.event.lottery_seed is not None
    assert gelar.event.lottery_drawn_by == gelar.world.users["verifikator"]


def test_the_schedule_follows_the_lottery(gelar):
    kreatif_groups(gelar, 3)
    by = gelar.world.users["verifikator"]
    with pytest.raises(ValidationError) as error:
        services.schedule_build(event=gelar.event, days=[date(2026, 9, 10)], by=by)
    assert error.value.code == "no_lottery"
    drawn = services.lottery_draw(event=gelar.event, by=by, seed=5)
    slots = services.schedule_build(event=gelar.event, days=[date(2026, 9, 10)], by=by)
    stored = list(
        ScheduleSlot.objects.order_by("starts_at").values_list("participant_id", "starts_at", "ends_at")
    )
    assert stored == [
        (drawn[0].pk, at(10, 8, 0), at(10, 8, 20)),
        (drawn[1].pk, at(10, 8, 20), at(10, 8, 40)),
        (drawn[2].pk, at(10, 8, 40), at(10, 9, 0)),
    ]
    assert len(slots) == 3
    # Building it again replaces it.
    services.schedule_build(event=gelar.event, days=[date(2026, 9, 10)], by=by)
    assert ScheduleSlot.objects.count() == 3


def test_a_schedule_that_does_not_fit_is_refused(gelar):
    gelar.event.slots_per_day = 2
    gelar.event.save()
    kreatif_groups(gelar, 3)
    by = gelar.world.users["verifikator"]
    services.lottery_draw(event=gelar.event, by=by, seed=5)
    with pytest.raises(ValidationError) as error:
        services.schedule_build(event=gelar.event, days=[date(2026, 9, 10)], by=by)
    assert error.value.code == "not_enough_days"
