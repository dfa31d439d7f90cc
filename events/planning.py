"""The lottery of the presentation order and the day plan of the slots, with no database.

The lottery is repeatable and auditable: the groups are put in a published base order (by name,
then by their identifier) and shuffled by ``random.Random(seed)``; anyone with the list and the
recorded seed gets the same order.
"""

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo


def draw_order[T](items: Sequence[T], seed: int) -> list[T]:
    """``items`` (already in their base order) shuffled by the seed: same seed, same order."""
    drawn = list(items)
    random.Random(seed).shuffle(drawn)  # noqa: S311 - a public, repeatable draw, not a secret
    return drawn


@dataclass(frozen=True)
class Slot:
    starts_at: datetime
    ends_at: datetime


@dataclass(frozen=True)
class DayPlan:
    slots: list[Slot]
    breaks: list[Slot]


class NotEnoughDays(ValueError):
    """More groups than the days' slots can hold."""

    def __init__(self, needed: int, available: int):
        super().__init__(f"{needed} groups, room for {available}")
        self.needed = needed
        self.available = available


def plan_slots(
    count: int,
    *,
    days: Sequence[date],
    day_starts_at: time,
    slot_minutes: int,
    slots_per_day: int,
    gap_minutes: int = 0,
    break_every: int = 0,
    break_minutes: int = 0,
    tz: tzinfo,
) -> DayPlan:
    """Consecutive slots of ``slot_minutes`` from ``day_starts_at`` each day, ``slots_per_day``
    a day, ``gap_minutes`` between groups and a break of ``break_minutes`` after every
    ``break_every`` groups of a day (none after the day's last group)."""
    available = slots_per_day * len(days)
    if count > available:
        raise NotEnoughDays(count, available)
    slots: list[Slot] = []
    breaks: list[Slot] = []
    length = timedelta(minutes=slot_minutes)
    for day in days:
        if len(slots) == count:
            break
        moment = datetime.combine(day, day_starts_at, tzinfo=tz)
        for index in range(min(slots_per_day, count - len(slots))):
            if index:
                moment += timedelta(minutes=gap_minutes)
                if break_every and index % break_every == 0:
                    end = moment + timedelta(minutes=break_minutes)
                    breaks.append(Slot(moment, end))
                    moment = end
            slots.append(Slot(moment, moment + length))
            moment += length
    return DayPlan(slots, breaks)
