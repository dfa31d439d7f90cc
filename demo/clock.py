"""Demo-only back-dating: make a year's filing look as if it happened over months.

The services stamp every row with ``timezone.now()`` (``submitted_at``, ``Transition.at``, the
history rows, the audit log) and take no date from the caller, which is right for real use.
The demo needs submissions before and after the risalah deadline, reviews weeks later, and a
history that reads like a year of work. So the seeding runs each step of a risalah's life
(writing, submitting, reviewing, ...) inside ``Backdater.phase(start, end)``: when the phase
ends, every timestamp written during it is moved into ``start``..``end``, keeping the order in
which the services wrote them. Nothing outside the demo seeding does this.
"""

from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from django.db.models import Max, Q
from django.utils import timezone

from core.models import AuditEvent
from risalah.models import Attachment, Meeting, ReviewNote, Risalah, RisalahStep, Transition

# Every (model, field) a risalah service stamps with the current time. Rows of the first kind
# are only ever added (found by their primary key); those of the second are also updated.
APPENDED = [
    (Risalah.history.model, "history_date"),
    (RisalahStep.history.model, "history_date"),
    (Meeting, "created_at"),
    (Meeting.history.model, "history_date"),
    (Attachment, "uploaded_at"),
    (Transition, "at"),
    (ReviewNote, "created_at"),
    (AuditEvent, "at"),
]
UPDATED = [(Risalah, ("created_at", "updated_at", "submitted_at")), (RisalahStep, ("updated_at",))]


class Timeline:
    """Planned moments of the demo, kept in the past.

    Events are planned against the programme calendar (e.g. "five days after the deadline").
    Planned moments up to ``horizon`` that would fall after ``now`` (the demo loaded early in
    the year) are squeezed, in order, into the month before ``now``.
    """

    def __init__(self, now: datetime, horizon: datetime):
        self.now = now - timedelta(hours=1)
        self.knee = min(self.now - timedelta(days=30), horizon)
        self.horizon = horizon

    def at(self, planned: datetime) -> datetime:
        if self.horizon <= self.now or planned <= self.knee:
            return planned
        planned = min(planned, self.horizon)
        return self.knee + (planned - self.knee) * ((self.now - self.knee) / (self.horizon - self.knee))


class Backdater:
    def __init__(self):
        self.marks: dict[type, int] | None = None  # the last primary key of each appended table

    @contextmanager
    def phase(self, start: datetime, end: datetime | None = None) -> Iterator[None]:
        """Move the timestamps written inside the block into ``start``..``end`` (default: ``start``).

        Distinct original instants are spread evenly in their original order, so what one
        service call wrote at one instant stays together and the order across tables holds.
        """
        end = end or start
        if self.marks is None:
            self.marks = {
                model: model.objects.aggregate(last=Max("pk"))["last"] or 0 for model, _f in APPENDED
            }
        began = timezone.now()
        yield
        rows: list[tuple[datetime, type, int, str]] = []
        for model, field in APPENDED:
            for pk, value in model.objects.filter(pk__gt=self.marks[model]).values_list("pk", field):
                rows.append((value, model, pk, field))
                self.marks[model] = max(self.marks[model], pk)
        for model, fields in UPDATED:
            touched = Q()
            for field in fields:
                touched |= Q(**{f"{field}__gte": began})
            for pk, *values in model.objects.filter(touched).values_list("pk", *fields):
                rows += [
                    (value, model, pk, f)
                    for f, value in zip(fields, values, strict=True)
                    if value and value >= began
                ]
        instants = sorted({value for value, *_rest in rows})
        if len(instants) <= 1:
            moved = dict.fromkeys(instants, end)
        else:
            step = (end - start) / (len(instants) - 1)
            moved = {value: start + step * index for index, value in enumerate(instants)}
        changes: dict[tuple[type, str], list] = defaultdict(list)
        for value, model, pk, field in rows:
            obj = model(pk=pk)
            setattr(obj, field, moved[value])
            changes[model, field].append(obj)
        for (model, field), objs in changes.items():
            model.objects.bulk_update(objs, [field])
