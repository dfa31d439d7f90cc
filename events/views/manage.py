"""The bureau's pages for running an event: list, detail, create/edit and status.

Rounds, tracks and rubric are in events.views.manage_rounds; participants, advancement, lottery
and schedule in events.views.manage_participants."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core import exports
from core.permissions import REVIEW_ROLES, visible_units
from events import manage_services, permissions, services
from events.forms_manage import SLOT_FIELDS, EventFilterForm, EventForm
from events.models import Criterion, EventStatus, ScheduleSlot
from events.services import STATUS_MOVES
from events.tables import events_listed, events_table
from risalah.models import Risalah, Status

GROUP_PAGE = 50


def error_text(error: ValidationError) -> str:
    """A refusal of a service as one sentence for a message."""
    return " ".join(error.messages)


def detail_redirect(event):
    return redirect("events-detail", event_uuid=event.uuid)


# --- list and detail -------------------------------------------------------------------------


@login_required
@require_safe
def event_list(request):
    form = EventFilterForm(exports.filters_of(request))
    form.is_valid()  # invalid filters are shown beside the field and ignored
    events = events_listed(request.user, getattr(form, "cleaned_data", {}))
    table = events_table()
    if response := exports.export_or_none(request, table, events):
        return response
    events = list(events)
    return render(
        request,
        "events/manage/list.html",
        {
            "form": form,
            "events": events,
            "export": exports.offer(table, len(events)),
            "can_create": permissions.may_manage_some_events(request.user),
        },
    )


@login_required
@require_safe
def event_detail(request, event_uuid):
    event = permissions.get_event_for_user(request.user, event_uuid)
    can_manage = permissions.can_manage_event(request.user, event)
    rounds = list(event.rounds.order_by("order"))
    tracks = list(
        event.tracks.prefetch_related(
            Prefetch(
                "criteria",
                queryset=Criterion.objects.order_by("round__order", "order"),
            )
        )
    )
    counts = {}
    for participant in event.participants.values("track_id", "current_round__order"):
        for round in rounds:
            if participant["current_round__order"] >= round.order:
                key = (participant["track_id"], round.pk)
                counts[key] = counts.get(key, 0) + 1
    for track in tracks:
        track.per_round = [(round, counts.get((track.pk, round.pk), 0)) for round in rounds]
        track.rubrics = [
            (round, [c for c in track.criteria.all() if c.round_id == round.pk]) for round in rounds
        ]
    my_entries = []
    if not can_manage:
        my_entries = list(
            event.participants.filter(group__in=permissions.registrable_groups(request.user, event))
            .select_related("group", "track", "current_round")
            .order_by("group__name")
        )
    registerable = []
    if event.status in services.REGISTRATION_STATUSES and event.is_competition and not can_manage:
        registerable = _operator_groups(request.user, event)
    return render(
        request,
        "events/manage/detail.html",
        {
            "event": event,
            "can_manage": can_manage,
            "rounds": rounds,
            "tracks": tracks,
            "moves": [EventStatus(to) for to in _ordered_moves(event)],
            "setup_open": manage_services.setup_is_open(event),
            "registerable": registerable,
            "my_entries": my_entries,
            "checklist": _checklist(event, rounds, counts) if can_manage else [],
            "participant_count": event.participants.count(),
            "has_schedule": ScheduleSlot.objects.filter(participant__event=event).exists(),
            "schedule_visible": permissions.can_see_schedule(request.user, event),
        },
    )


def _ordered_moves(event):
    order = list(EventStatus.values)
    return sorted(STATUS_MOVES[EventStatus(event.status)], key=order.index, reverse=True)


def _operator_groups(user, event):
    """The operator's own groups that may still be entered, with what they lack."""
    registered = set(event.participants.values_list("group_id", flat=True))
    groups = [
        g
        for g in permissions.registrable_groups(user, event).order_by("name")[:GROUP_PAGE]
        if g.pk not in registered
    ]
    verified = set(
        Risalah.objects.filter(
            group__in=groups, programme_year=event.programme_year, status=Status.VERIFIED
        ).values_list("group_id", flat=True)
    )
    for group in groups:
        group.has_verified_risalah = group.pk in verified
    return groups


def _checklist(event, rounds, counts):
    """What the bureau does next, in order, each with whether it is done."""
    participants = sum(
        count for (_track, round_pk), count in counts.items() if rounds and round_pk == rounds[0].pk
    )
    last = rounds[-1] if rounds else None
    has_slots = ScheduleSlot.objects.filter(participant__event=event).exists()
    items = [
        (_("Check the dates, venue, rounds and rubric"), event.status != EventStatus.DRAFT),
        (_("Open registration"), event.status != EventStatus.DRAFT),
    ]
    if event.is_competition:
        items += [
            (_("Register the groups (or let the operators register theirs)"), participants > 0),
            (_("Draw the presentation order"), event.lottery_seed is not None),
            (_("Build the schedule"), has_slots),
            (
                _("Start the event (publishes the schedule)"),
                event.status in (EventStatus.RUNNING, EventStatus.RESULTS_PUBLISHED),
            ),
            (
                _("Send each group its slot by e-mail"),
                has_slots
                and not ScheduleSlot.objects.filter(
                    participant__event=event, notified_at__isnull=True
                ).exists(),
            ),
            (
                _("Lock the last round and publish the results"),
                bool(last and last.is_locked) and event.status == EventStatus.RESULTS_PUBLISHED,
            ),
        ]
    return items


# --- create, edit, status --------------------------------------------------------------------


def _units(user):
    return visible_units(user, REVIEW_ROLES).order_by("path")


@login_required
def event_create(request):
    permissions.require_event_manager(request.user)
    form = EventForm(request.POST or None, units=_units(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            event = services.event_create(
                kind=data["kind"],
                title=data["title"],
                programme_year=data["programme_year"],
                organiser=data["organiser"],
                scope=data["scope"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                venue=data["venue"],
                description=data["description"],
                by=request.user,
            )
            manage_services.event_update(
                event=event, by=request.user, **{name: data[name] for name in SLOT_FIELDS}
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Event %(title)s created as a draft.") % {"title": event.title})
            return detail_redirect(event)
    return render(request, "events/manage/form.html", {"form": form, "event": None})


@login_required
def event_edit(request, event_uuid):
    event = permissions.get_event_for_user(request.user, event_uuid, manage=True)
    title = event.title
    form = EventForm(request.POST or None, instance=event, units=_units(request.user))
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in manage_services.EDITABLE_FIELDS}
        try:
            event = manage_services.event_update(event=event, by=request.user, **changes)
        except ValidationError as error:
            event.refresh_from_db()  # the form wrote the typed values onto it
            errors_to_form(form, error)
        else:
            messages.success(request, _("Changes to %(title)s saved.") % {"title": event.title})
            return detail_redirect(event)
    return render(request, "events/manage/form.html", {"form": form, "event": event, "title": title})


def errors_to_form(form, error: ValidationError) -> None:
    """A service's refusal beside the fields it names (the rest above the form)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@login_required
def event_status(request, event_uuid, to):
    event = permissions.get_event_for_user(request.user, event_uuid, manage=True)
    if to not in EventStatus.values:
        raise Http404
    target = EventStatus(to)
    if request.method == "POST":
        try:
            services.event_change_status(event=event, to=to, by=request.user)
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(
                request, _("%(title)s is now: %(status)s.") % {"title": event.title, "status": target.label}
            )
        return detail_redirect(event)
    return render(request, "events/manage/status.html", {"event": event, "target": target})
