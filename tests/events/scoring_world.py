"""A running Gelar with KBK Kreatif groups and a jury member assigned to them in the final."""

from dataclasses import dataclass

from django.urls import reverse

from events import services
from events.models import EventStatus, Jury, Participant
from tests.events.factories import Gelar, add_jury, kreatif_groups


@dataclass
class Room:
    gelar: Gelar
    jury: Jury
    participants: list[Participant]

    @property
    def participant(self) -> Participant:
        return self.participants[0]

    def url(self, name: str = "events-score", participant: Participant | None = None) -> str:
        participant = participant or self.participant
        return reverse(name, args=[self.gelar.event.uuid, participant.uuid, self.gelar.final.order])

    def criteria(self):
        return list(self.gelar.final.criteria.filter(track=self.gelar.kreatif).order_by("order", "pk"))


def running(gelar: Gelar) -> None:
    by = gelar.world.users["verifikator"]
    services.event_change_status(event=gelar.event, to=EventStatus.REGISTRATION_OPEN, by=by)
    services.event_change_status(event=gelar.event, to=EventStatus.RUNNING, by=by)


def make_room(gelar: Gelar, groups: int = 2, user=None) -> Room:
    """``user``: the account on the jury (a new one of the Pemda when not given)."""
    participants = kreatif_groups(gelar, groups)
    if user is None:
        jury = add_jury(gelar, gelar.world.pemda, name="Ibu Juri Satu")
    else:
        jury = services.jury_add(event=gelar.event, user=user, by=gelar.world.users["verifikator"])
    services.assignments_add(
        round=gelar.final, juries=[jury], participants=participants, by=gelar.world.users["verifikator"]
    )
    running(gelar)
    return Room(gelar, jury, participants)
