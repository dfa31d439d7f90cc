"""Building blocks of a Bimtek for the Bimtek tests and the URL matrix (through the services)."""

from datetime import date

from events import services
from events.models import EventKind, EventStatus
from tests.conftest import World


def make_bimtek(world: World, *, scope=None, open_registration: bool = True):
    by = world.users["verifikator"]
    event = services.event_create(
        kind=EventKind.BIMTEK,
        title="Bimtek Penyusunan Risalah 2026",
        programme_year=world.year,
        organiser=world.pemda,
        scope=scope or world.pemda,
        starts_on=date(2026, 7, 18),
        ends_on=date(2026, 7, 18),
        venue="Ruang rapat lantai 3 Setda",
        by=by,
    )
    if open_registration:
        services.event_change_status(event=event, to=EventStatus.REGISTRATION_OPEN, by=by)
        event.refresh_from_db()
    return event


# Unlike the factories' NIPs (19850330...), so that no test NIP is a roster person's by chance.
NIPS = [
    "197507082003121001",
    "198110212006042002",
    "197912242005011003",
    "198302172009032004",
    "197703302002121005",
]


def register(world: World, event, index: int, unit=None, name: str | None = None):
    return services.bimtek_register(
        event=event,
        nip=NIPS[index],
        name=name or f"Peserta {index + 1}",
        unit=unit or world.unit_a1,
        by=world.users["verifikator"],
    )
