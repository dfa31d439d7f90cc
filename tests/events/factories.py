"""Building blocks of a Gelar for the events tests, made through the services (no shortcuts
around the rules the tests check)."""

from dataclasses import dataclass
from datetime import date
from itertools import count

from core.models import Unit
from events import services
from events.models import Criterion, Event, EventKind, Jury, Participant, Round, Track
from groups.models import Group
from tests.conftest import World, without_risalah
from tests.factories import GroupFactory, GroupYearFactory, UnitFactory, UserFactory, make_verified_risalah

_keys = count(1)


def new_key() -> str:
    return f"key-{next(_keys)}"


@dataclass
class Gelar:
    world: World
    event: Event
    desk: Round
    final: Round
    prestasi: Track
    kreatif: Track

    def criterion(self, track: Track, round: Round, code: str) -> Criterion:
        return Criterion.objects.get(track=track, round=round, code=code)


def make_gelar(world: World, **fields) -> Gelar:
    event = services.event_create(
        kind=EventKind.GELAR,
        title=fields.pop("title", "Gelar Budaya Kerja 2026"),
        programme_year=world.year,
        organiser=world.pemda,
        scope=fields.pop("scope", world.pemda),
        starts_on=date(2026, 9, 10),
        ends_on=date(2026, 9, 11),
        by=world.users["verifikator"],
        **fields,
    )
    desk, final = event.rounds.order_by("order")
    return Gelar(
        world,
        event,
        desk,
        final,
        event.tracks.get(code="prestasi"),
        event.tracks.get(code="kreatif"),
    )


def verified_group(world: World, *, unit: Unit | None = None, name: str | None = None) -> Group:
    """A group with a verified risalah of the world's year (group A's draft is removed first
    when group A is asked for)."""
    if unit is None and name is None:
        without_risalah(world)
        group = world.group_a
    else:
        group = GroupFactory(unit=unit or world.unit_b, **({"name": name} if name else {}))
        GroupYearFactory(group=group, programme_year=world.year)
    make_verified_risalah(
        group=group, programme_year=world.year, by=world.users["admin"], reviewer=world.users["verifikator"]
    )
    return group


def register(gelar: Gelar, group: Group, track: Track | None = None) -> Participant:
    return services.participant_register(
        event=gelar.event, group=group, track=track or gelar.prestasi, by=gelar.world.users["verifikator"]
    )


def add_jury(gelar: Gelar, unit: Unit | None, name: str = "") -> Jury:
    user = UserFactory(unit=unit, **({"full_name": name} if name else {}))
    return services.jury_add(event=gelar.event, user=user, by=gelar.world.users["verifikator"])


def kreatif_groups(gelar: Gelar, n: int, unit: Unit | None = None) -> list[Participant]:
    """``n`` groups in KBK Kreatif (no risalah needed), each in a new unit under the Pemda."""
    result = []
    for _index in range(n):
        opd = unit or UnitFactory(parent=Unit.objects.get(pk=gelar.world.pemda.pk))
        group = GroupFactory(unit=opd)
        result.append(register(gelar, group, gelar.kreatif))
    return result


def score_sheet(gelar: Gelar, jury: Jury, participant: Participant, round: Round, points: dict[str, object]):
    """Every criterion of the sheet, entered by the jury member."""
    for code, value in points.items():
        services.score_save(
            jury=jury,
            participant=participant,
            round=round,
            criterion=gelar.criterion(participant.track, round, code),
            points=value,
            idempotency_key=new_key(),
            by=jury.user,
        )
