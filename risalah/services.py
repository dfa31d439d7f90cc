"""Writes to risalah. Views call these; a status changes only through ``risalah.transitions``."""

import copy

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from groups.models import Group, ProgrammeYear
from risalah import snapshots, transitions
from risalah.checker import check
from risalah.models import Risalah, RisalahStep, Status
from risalah.permissions import RisalahLocked
from risalah.titles import compose_title
from risalah.tools import normalise
from risalah.year_rules import year_rules


def current_risalah(group: Group, programme_year: ProgrammeYear) -> Risalah | None:
    """ "The" risalah of a group and year: its highest revision (a correction of a verified
    risalah is its next revision). One query."""
    return Risalah.objects.filter(group=group, programme_year=programme_year).order_by("-revision").first()


class RisalahExists(Exception):
    """``risalah_create`` refused: the group already has a risalah for the year (one per year)."""

    def __init__(self, existing: Risalah):
        super().__init__(f"the group already has risalah {existing.uuid} for this year")
        self.existing = existing


@transaction.atomic
def risalah_create(*, group: Group, programme_year: ProgrammeYear, by, theme: str = "") -> Risalah:
    """A new draft risalah with one empty step per step of the year's method.

    A group has one risalah per programme year (constraint ``risalah_one_per_group_per_year``);
    raises RisalahExists with the existing one (its highest revision) when there is one, also
    when a second request creates it at the same moment.
    """
    existing = current_risalah(group, programme_year)
    if existing is not None:
        raise RisalahExists(existing)
    method = year_rules(programme_year).method
    try:
        with transaction.atomic():
            risalah = Risalah.objects.create(
                group=group, programme_year=programme_year, method=method, theme=theme, created_by=by
            )
    except IntegrityError:
        existing = current_risalah(group, programme_year)
        if existing is None:
            raise
        raise RisalahExists(existing) from None
    RisalahStep.objects.bulk_create(
        RisalahStep(risalah=risalah, method_step=method_step, updated_by=by)
        for method_step in method.steps.all()
    )
    return risalah


class Conflict(Exception):
    """A save based on an older version than the one stored: a colleague saved in between."""

    def __init__(self, current_version: int):
        super().__init__(f"conflict: the stored version is {current_version}")
        self.current_version = current_version


class StepConflict(Conflict):
    """``step_save`` refused: the step was saved by someone else since the writer loaded it."""


class TitleConflict(Conflict):
    """``risalah_save_title`` refused: the theme and title were saved since the writer loaded them."""


def _require_editable(risalah: Risalah) -> None:
    if not risalah.is_editable:
        raise RisalahLocked(
            _("This risalah is %(status)s and can no longer be changed by the group.")
            % {"status": risalah.get_status_display().lower()}
        )


@transaction.atomic
def step_save(*, step: RisalahStep, data: dict, narrative: str, base_version: int, by) -> RisalahStep:
    """Store a step's tool data and narrative if nobody saved it since ``base_version``.

    The check and the write are one UPDATE (compare-and-set on ``version``), so two writers
    cannot both win. Raises StepConflict with the stored version when the step moved on.
    Only the tools of the step's method step are kept, each in its canonical shape.
    """
    _require_editable(step.risalah)
    tools = step.method_step.tools
    clean = {tool: normalise(tool, data.get(tool)) for tool in tools}
    narrative = narrative.strip()
    if step.version == base_version and clean == step.data and narrative == step.narrative:
        return step  # nothing changed (an autosave after typing and erasing): no new version
    data_changed = clean != step.data
    now = timezone.now()
    updated = RisalahStep.objects.filter(
        pk=step.pk, version=base_version, risalah__status__in=Status.EDITABLE
    ).update(data=clean, narrative=narrative, version=F("version") + 1, updated_by=by, updated_at=now)
    if not updated:
        current_version, status = RisalahStep.objects.values_list("version", "risalah__status").get(
            pk=step.pk
        )
        if status not in Status.EDITABLE:  # submitted by someone else meanwhile
            step.risalah.status = status
            _require_editable(step.risalah)
        raise StepConflict(current_version)
    Risalah.objects.filter(pk=step.risalah_id).update(updated_at=now)
    step.data, step.narrative, step.version = clean, narrative, base_version + 1
    step.updated_by, step.updated_at = by, now
    # An UPDATE bypasses django-simple-history's signals: record the version explicitly.
    RisalahStep.history.bulk_history_create([step], update=True, default_user=by, default_date=now)
    if data_changed:
        # The charts follow the tool data (not the narrative): drawn by the worker, so the page
        # finds them drawn and this request does not wait for them.
        from risalah.tasks import queue_step_charts

        queue_step_charts(step)
    return step


TITLE_PARTS = (
    "theme",
    "direction",
    "metric",
    "baseline_value",
    "target_value",
    "unit_of_measure",
    "place",
    "deadline",
)

CHARTED_PARTS = ("theme", "metric", "target_value", "unit_of_measure")


@transaction.atomic
def risalah_save_title(
    *,
    risalah: Risalah,
    parts: dict,
    title: str,
    title_is_custom: bool,
    base_version: int,
    by,
    conclusion: str | None = None,
) -> Risalah:
    """Store the theme, the measurable title's parts (and the conclusion, when given), if nobody
    saved them since ``base_version``.

    Unless the writer wrote the title by hand, the title is composed from the parts. Raises
    TitleConflict with the stored version when the risalah moved on; ``risalah`` is then unchanged.
    """
    _require_editable(risalah)
    draft = copy.copy(risalah)
    for name in TITLE_PARTS:
        setattr(draft, name, parts[name])
    draft.title_is_custom = bool(title_is_custom and title.strip())
    if draft.title_is_custom:
        draft.title = " ".join(title.split())
    else:
        # The title is the document's own text, in the programme's language whatever the writer's menu.
        with translation.override(settings.LANGUAGE_CODE):
            draft.title = compose_title(draft)
    names = [*TITLE_PARTS, "title", "title_is_custom"]
    if conclusion is not None:
        draft.conclusion = conclusion.strip()
        names.append("conclusion")
    fields = {name: getattr(draft, name) for name in names}
    now = timezone.now()
    updated = Risalah.objects.filter(pk=risalah.pk, version=base_version, status__in=Status.EDITABLE).update(
        **fields, version=F("version") + 1, updated_at=now
    )
    if not updated:
        current_version, status = Risalah.objects.values_list("version", "status").get(pk=risalah.pk)
        if status not in Status.EDITABLE:
            risalah.status = status
            _require_editable(risalah)
        raise TitleConflict(current_version)
    # The fishbone's head and the before-and-after chart read the metric, target and unit.
    charted = any(fields[name] != getattr(risalah, name) for name in CHARTED_PARTS)
    for name, value in fields.items():
        setattr(risalah, name, value)
    risalah.version, risalah.updated_at = base_version + 1, now
    if charted:
        from risalah.tasks import queue_risalah_charts

        queue_risalah_charts(risalah)
    Risalah.history.bulk_history_create([risalah], update=True, default_user=by, default_date=now)
    return risalah


def is_late(programme_year: ProgrammeYear, today=None) -> bool:
    """A submission today is after the year's risalah deadline (in the portal's time zone)."""
    deadline = programme_year.risalah_deadline
    return deadline is not None and (today or timezone.localdate()) > deadline


@transaction.atomic
def risalah_submit(*, risalah: Risalah, by) -> Risalah:
    """Hand the risalah to the bureau. Refused while the checker finds a blocking item.

    Raises ValidationError listing the blocking items, or RisalahLocked when the risalah is not
    in a state the group may submit from.
    """
    # Lock the row and read its status afresh: two submits at once must not write two transitions.
    transitions.lock(risalah)
    _require_editable(risalah)
    blocking = [finding for finding in check(risalah) if finding.blocking]
    if blocking:
        raise ValidationError([finding.message for finding in blocking], code="blocking")
    change = transitions.transition(
        risalah=risalah,
        to=Status.SUBMITTED,
        allowed_from=Status.EDITABLE,
        by=by,
        late=is_late(risalah.programme_year),
    )
    # From now on the risalah shows the roster, SK and meeting figures as they are at this moment.
    snapshots.record(risalah=risalah, transition=change)
    return risalah
