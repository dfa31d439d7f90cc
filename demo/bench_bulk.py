"""What the bench data set's steps share: the seeded run, back-dated bulk inserts and history rows.

The bench data set (``manage.py bench_seed``) is written with ``bulk_create`` rather than through
the services, for speed: a big kabupaten over ten years is about two million rows. Two liberties
make that possible, both only here:

- ``keep_times``: ``auto_now`` / ``auto_now_add`` fields would stamp every row with the moment of
  the insert; while the block runs they keep the time set on the object, so a risalah submitted
  in 2019 says 2019.
- history rows (django-simple-history) are built from the objects as they were at each change
  (``history_rows``), because ``bulk_create`` sends no signal.

Everything else (which rows exist and how they relate) follows what the services would have
written; ``tests/test_bench_seed.py`` checks it.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models

from demo.clock import Timeline
from demo.people import AsnGenerator

BATCH = 2000


@dataclass
class Bench:
    """The run: the seeded generators, today's date and the clock that keeps moments in the past."""

    seed: int
    today: date
    now: datetime
    rng: random.Random = field(init=False)
    asn: AsnGenerator = field(init=False)
    zone: ZoneInfo = field(init=False)
    timeline: Timeline | None = None
    _ids: random.Random = field(init=False)

    def __post_init__(self):
        self.rng = random.Random(self.seed)  # noqa: S311 -- fictional data, not security
        # uuids come from a generator of their own, so adding a table never changes the other draws.
        self._ids = random.Random(self.seed + 1)  # noqa: S311
        self.asn = AsnGenerator(self.rng, self.today.year)
        self.zone = ZoneInfo(settings.TIME_ZONE)

    def uuid(self) -> uuid.UUID:
        return uuid.UUID(int=self._ids.getrandbits(128), version=4)

    def moment(self, day: date, hour: int, minute: int = 0) -> datetime:
        """A moment of ``day`` in the portal's time zone, kept before now."""
        planned = datetime.combine(day, time(hour, minute), tzinfo=self.zone)
        if self.timeline is not None:
            return self.timeline.at(planned)
        return min(planned, self.now - timedelta(hours=1))

    def office_moment(self, day: date) -> datetime:
        return self.moment(day, self.rng.randint(8, 15), self.rng.choice((0, 10, 25, 40, 55)))


def _timestamp_fields(model: type[models.Model]) -> list[models.DateField]:
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, models.DateField)
        and (getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False))
    ]


@contextmanager
def keep_times(*model_classes: type[models.Model]) -> Iterator[None]:
    """Inside the block, the ``auto_now``/``auto_now_add`` fields of the models keep the values set."""
    saved = []
    for model in model_classes:
        for f in _timestamp_fields(model):
            saved.append((f, f.auto_now, f.auto_now_add))
            f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def insert(model: type[models.Model], objs: Iterable[models.Model]) -> list[models.Model]:
    """Bulk insert with the times set on the objects (primary keys set on them, as bulk_create does)."""
    objs = list(objs)
    if not objs:
        return objs
    with keep_times(model):
        return model.objects.bulk_create(objs, batch_size=BATCH)


def insert_plain(model: type[models.Model], rows: Iterable[models.Model]) -> int:
    """Bulk insert of rows nothing points at (m2m links, history): no primary keys read back."""
    count = 0
    batch: list[models.Model] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= BATCH * 5:
            count += _insert_batch(model, batch)
            batch = []
    if batch:
        count += _insert_batch(model, batch)
    return count


def _insert_batch(model, batch) -> int:
    with keep_times(model):
        model.objects.bulk_create(batch, batch_size=BATCH)
    return len(batch)


@dataclass
class Version:
    """One history row to write: ``instance`` as it was at ``at``, with ``changes`` applied."""

    instance: models.Model
    at: datetime
    user_id: int | None
    kind: str = "~"  # "+" created, "~" changed
    changes: dict = field(default_factory=dict)


def history_rows(model: type[models.Model], versions: Iterable[Version]) -> Iterator[models.Model]:
    """The django-simple-history rows of ``versions`` (of saved instances of ``model``)."""
    historical = model.history.model
    tracked = [f.attname for f in historical.tracked_fields]
    for version in versions:
        values = {name: getattr(version.instance, name) for name in tracked}
        values.update(version.changes)
        yield historical(
            history_date=version.at,
            history_user_id=version.user_id,
            history_type=version.kind,
            history_change_reason="",
            **values,
        )
