"""A finished KBK Kreatif final for the results tests and the URL matrix, with hand-set scores.

Group A (KBK Sehati, operator A's) and group B (KBK Cerdas, the outsider's) both total 75 and
the tie goes to group A on the yel-yel score (26 against 22); KBK Mandiri is third with 62.
"""

from dataclasses import dataclass

from core.models import Unit
from events import services
from events.models import EventStatus, Jury, Participant
from tests.conftest import World
from tests.events.factories import Gelar, add_jury, make_gelar, new_key, register
from tests.factories import GroupFactory, UnitFactory

SHEETS = {
    # group: (jury 1, jury 2), points in the order yel_yel, atraksi, kostum, kekompakan
    "a": ((25, 20, 15, 10), (27, 22, 16, 15)),  # 70, 80 -> 75; yel-yel 26
    "b": ((20, 25, 15, 10), (24, 26, 15, 15)),  # 70, 80 -> 75; yel-yel 22
    "c": ((20, 20, 10, 10), (22, 20, 12, 10)),  # 60, 64 -> 62
}
CODES = ("yel_yel", "atraksi", "kostum", "kekompakan")
JURY_NAMES = ("Budi Santoso", "Siti Rahayu")
COMMENT = "Yel-yel kompak, suara kurang keras"


@dataclass
class Finished:
    gelar: Gelar
    a: Participant
    b: Participant
    c: Participant
    juries: tuple[Jury, Jury]


def finished_gelar(world: World, *, publish: bool = True, compute: bool = True) -> Finished:
    gelar = make_gelar(world)
    pemda = Unit.objects.get(pk=world.pemda.pk)
    a = register(gelar, world.group_a, gelar.kreatif)
    b = register(gelar, world.group_b, gelar.kreatif)
    c = register(gelar, GroupFactory(unit=UnitFactory(parent=pemda), name="KBK Mandiri"), gelar.kreatif)
    juries = tuple(add_jury(gelar, UnitFactory(parent=pemda), name) for name in JURY_NAMES)
    by = world.users["verifikator"]
    services.assignments_balance(round=gelar.final, by=by, per_group=2)
    for participant, key in ((a, "a"), (b, "b"), (c, "c")):
        for jury, points in zip(juries, SHEETS[key], strict=True):
            for code, value in zip(CODES, points, strict=True):
                services.score_save(
                    jury=jury,
                    participant=participant,
                    round=gelar.final,
                    criterion=gelar.criterion(gelar.kreatif, gelar.final, code),
                    points=value,
                    idempotency_key=new_key(),
                    by=jury.user,
                    comment=COMMENT if (participant, jury, code) == (a, juries[0], "yel_yel") else "",
                )
    if compute:
        services.round_lock(round=gelar.final, by=by)
        services.results_compute(round=gelar.final, by=by)
    services.event_change_status(event=gelar.event, to=EventStatus.REGISTRATION_OPEN, by=by)
    services.event_change_status(event=gelar.event, to=EventStatus.RUNNING, by=by)
    if publish:
        services.event_change_status(event=gelar.event, to=EventStatus.RESULTS_PUBLISHED, by=by)
    gelar.event.refresh_from_db()
    return Finished(gelar, a, b, c, juries)
