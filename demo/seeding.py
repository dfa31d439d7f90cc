"""What the steps of the demo seeding share: the run (generator, dates, files written) and the units.

Below every step (the kabupaten, the groups, the accounts, the filing season) and the command, so
none of them imports another only for these types.
"""

import random
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import timezone

from core.models import Unit
from demo.people import AsnGenerator

SEED = 2026


@dataclass
class DemoUnits:
    root: Unit
    by_code: dict[str, Unit]
    field_of: dict[str, str]  # unit code -> field (see demo.data)
    head_title: dict[str, str]  # unit code -> title of the head who signs the SK

    def of_kind(self, *kinds: str, depth: int | None = None) -> list[Unit]:
        units = [u for u in self.by_code.values() if u.kind in kinds and (depth is None or u.depth == depth)]
        return sorted(units, key=lambda u: u.code)


@dataclass
class Demo:
    """What the steps share: the seeded generator, today's date, and the files written so far."""

    today: date
    now: datetime = field(default_factory=timezone.now)
    rng: random.Random = field(default_factory=lambda: random.Random(SEED))
    files: list[str] = field(default_factory=list)
    asn: AsnGenerator = field(init=False)

    def __post_init__(self):
        self.asn = AsnGenerator(self.rng, self.today.year)
