"""Fixtures of the risalah tests: a complete risalah of group A, ready to submit and submitted."""

from datetime import date

import pytest

from demo.example_risalah import build_example_risalah
from groups.models import RosterRole
from groups.services import roster_add_member
from risalah.models import Meeting, Risalah
from risalah.services import risalah_submit
from tests.conftest import without_risalah
from tests.factories import PersonFactory, RosterMemberFactory


def add_meetings(risalah, people, count: int = 6) -> None:
    for day in range(1, count + 1):
        meeting = Meeting.objects.create(
            risalah=risalah, date=date(2026, 4, day), duration_minutes=60, agenda=f"Rapat {day}"
        )
        meeting.attendees.set(people)


def members(world):
    return list(world.group_year_a.members.select_related("person").order_by("pk"))


@pytest.fixture
def pembina(world):
    return RosterMemberFactory(
        group_year=world.group_year_a,
        role=RosterRole.PEMBINA,
        person__name="dr. Hadi Santoso",
        person__jabatan="Kepala Puskesmas",
        person__unit=world.unit_a1,
    )


@pytest.fixture
def ready(world, pembina):
    """A complete draft of group A: 6 meetings, 4 of the 5 members (Pembina not counted) at each."""
    without_risalah(world)
    risalah = build_example_risalah(
        group=world.group_a, programme_year=world.year, by=world.users["operator_a"]
    )
    add_meetings(risalah, [m.person for m in members(world) if m.role != RosterRole.PEMBINA][:4])
    return Risalah.objects.get(pk=risalah.pk)


@pytest.fixture
def submitted(ready, world):
    risalah_submit(risalah=ready, by=world.users["operator_a"])
    return Risalah.objects.get(pk=ready.pk)


def newcomer(world, name="Budi Pendatang"):
    person = PersonFactory(name=name, unit=world.unit_a1, jabatan="Perawat")
    return roster_add_member(
        group_year=world.group_year_a, person=person, role=RosterRole.ANGGOTA, by=world.users["operator_a"]
    )
