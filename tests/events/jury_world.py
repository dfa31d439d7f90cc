"""A Gelar for the jury pages: KBK Kreatif groups (judged in the final) and a KBK Prestasi group
with a verified risalah (judged in the desk round), made through the services."""

import re
from dataclasses import dataclass, field

from django.urls import reverse

from events import services
from events.models import Jury, Participant
from tests.events.factories import Gelar, kreatif_groups, register, verified_group
from tests.events.scoring_world import running
from tests.factories import UserFactory


@dataclass
class Panel:
    gelar: Gelar
    groups: list[Participant]  # KBK Kreatif, judged in the final
    juries: list[Jury] = field(default_factory=list)

    @property
    def event(self):
        return self.gelar.event

    @property
    def by(self):
        return self.gelar.world.users["verifikator"]

    def url(self, name: str, round=None, **kwargs) -> str:
        if round is not None:
            kwargs["round_uuid"] = round.uuid
        return reverse(name, kwargs={"event_uuid": self.event.uuid, **kwargs})

    def guest(self, name: str = "", unit=None) -> Jury:
        """A jury member without a role (a unit only when given: a staff member)."""
        user = UserFactory(unit=unit, **({"full_name": name} if name else {}))
        jury = services.jury_add(event=self.event, user=user, by=self.by)
        self.juries.append(jury)
        return jury

    def assign(self, jury: Jury, participants, round=None) -> None:
        services.assignments_add(
            round=round or self.gelar.final, juries=[jury], participants=participants, by=self.by
        )

    def start(self) -> None:
        running(self.gelar)


def make_panel(gelar: Gelar, groups: int = 2) -> Panel:
    return Panel(gelar, kreatif_groups(gelar, groups))


def prestasi_group(gelar: Gelar, name: str = "KBK Prima") -> Participant:
    """A KBK Prestasi group of unit B with a verified risalah of the year."""
    return register(gelar, verified_group(gelar.world, unit=gelar.world.unit_b, name=name))


def invitation_path(body: str) -> str:
    """The invitation link's path in an e-mail body."""
    return re.search(r"https?://[^/\s]+(/acara/undangan/[^/\s]+/)", body).group(1)
