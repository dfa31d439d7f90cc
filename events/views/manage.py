"""The bureau's pages for running an event: list, detail, create/edit, status, rounds and rubric,
participants, advancement, lottery and schedule. Operators register their own groups here too."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from core.permissions import REVIEW_ROLES, visible_units
from events import manage_services, permissions, services
from events.forms_manage import (
    SLOT_FIELDS,
    AdvanceForm,
    CriterionFormSet,
    EventFilterForm,
    EventForm,
    GroupSearchForm,
    LotteryForm,
    RegisterForm,
    ScheduleForm,
    round_forms,
)
from events.models import Criterion, EventStatus, Participant, Round, ScheduleSlot, Track
from events.services import STATUS_MOVES
from risalah.models import Risalah, Status

GROUP_PAGE = 50


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def _detail(event):
    return redirect("events-detail", event_uuid=event.uuid)


# --- list and detail -------------------------------------------------------------------------


@login_required
@require_safe
def event_list(request):
    events = permissions.visible_events(request.user)
    form = EventFilterForm(request.GET or None)
    form.is_valid()  # invalid filters are shown beside the field and ignored
    filters = getattr(form, "cleaned_data", {})
    if filters.get("year"):
        events = events.filter(programme_year=filters["year"])
    if filters.get("kind"):
        events = events.filter(kind=filters["kind"])
    if filters.get("status"):
        events = events.filter(status=filters["status"])
    events = events.annotate(participant_count=Count("participants")).order_by("-starts_on", "title")
    return render(
        request,
        "events/manage/list.html",
        {"form": form, "events": events, "can_create": permissions.may_manage_some_events(request.user)},
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
            _errors_to_form(form, error)
        else:
            messages.success(request, _("Event %(title)s created as a draft.") % {"title": event.title})
            return _detail(event)
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
            _errors_to_form(form, error)
        else:
            messages.success(request, _("Changes to %(title)s saved.") % {"title": event.title})
            return _detail(event)
    return render(request, "events/manage/form.html", {"form": form, "event": event, "title": title})


def _errors_to_form(form, error: ValidationError) -> None:
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
            messages.error(request, _error_text(error))
        else:
            messages.success(
                request, _("%(title)s is now: %(status)s.") % {"title": event.title, "status": target.label}
            )
        return _detail(event)
    return render(request, "events/manage/status.html", {"event": event, "target": target})


# --- rounds and rubric -----------------------------------------------------------------------


@login_required
def event_rounds(request, event_uuid):
    event = permissions.get_event_for_user(request.user, event_uuid, manage=True)
    rounds = list(event.rounds.order_by("order"))
    forms = round_forms(rounds, request.POST or None)
    if request.method == "POST" and all(form.is_valid() for _round, form in forms):
        try:
            saved = manage_services.rounds_update(
                event=event, by=request.user, changes={round: form.cleaned_data for round, form in forms}
            )
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(
                request,
                ngettext("%(n)s round changed.", "%(n)s rounds changed.", len(saved)) % {"n": len(saved)},
            )
            return _detail(event)
    return render(
        request,
        "events/manage/rounds.html",
        {"event": event, "forms": forms, "setup_open": manage_services.setup_is_open(event)},
    )


@login_required
def event_rubric(request, event_uuid, track_uuid, round_uuid):
    event = permissions.get_event_for_user(request.user, event_uuid, manage=True)
    track = get_object_or_404(Track, event=event, uuid=track_uuid)
    round = get_object_or_404(Round, event=event, uuid=round_uuid)
    criteria = {c.pk: c for c in Criterion.objects.filter(track=track, round=round).order_by("order", "pk")}
    initial = [
        {"criterion": c.pk, "name": c.name, "max_points": c.max_points, "weight": c.weight, "order": c.order}
        for c in criteria.values()
    ]
    formset = CriterionFormSet(request.POST or None, initial=initial, prefix="c")
    if request.method == "POST" and formset.is_valid():
        rows = []
        for data in formset.cleaned_data:
            if not data or data.get("skip_new"):
                continue
            criterion = criteria.get(data.get("criterion"))
            if data.get("criterion") and criterion is None:
                raise Http404
            rows.append({**data, "criterion": criterion})
        try:
            manage_services.rubric_save(track=track, round=round, by=request.user, rows=rows)
        except ValidationError as error:
            formset._non_form_errors = formset.error_class(error.messages)
        else:
            messages.success(
                request,
                _("Rubric of %(track)s, %(round)s saved.") % {"track": track.name, "round": round.name},
            )
            return _detail(event)
    total = sum((c.weight for c in criteria.values()), 0)
    return render(
        request,
        "events/manage/rubric.html",
        {
            "event": event,
            "track": track,
            "round": round,
            "formset": formset,
            "total_weight": total,
            "setup_open": manage_services.setup_is_open(event),
        },
    )


# --- participants ----------------------------------------------------------------------------


@login_required
@require_safe
def event_participants(request, event_uuid):
    event = permissions.get_event_for_user(request.user, event_uuid, manage=True)
    participants = event.participants.select_related(
        "group__unit", "track", "current_round", "risalah"
    ).order_by("track__order", "group__name")
    search = GroupSearchForm(request.GET or None)
    search.is_valid()
    query = getattr(search, "cleaned_data", {}).get("q", "")
    candidates = (
        permissions.registrable_groups(request.user, event)
        .exclude(event_entries__event=event)
        .annotate(
            verified=Count(
                "risalah",
                filter=Q(risalah__programme_year=event.programme_year, risalah__status=Status.VERIFIED),
            )
        )
        .order_by("name")
    )
    if query:
        candidates = candidates.filter(Q(name__icontains=query) | Q(unit__name__icontains=query))
    tracks = list(event.tracks.all())
    return render(
        request,
        "events/manage/participants.html",
        {
            "event": event,
            "participants": participants,
            "search": search,
            "candidates": candidates[:GROUP_PAGE],
            "tracks": tracks,
            "may_register": event.status in services.REGISTRATION_STATUSES and event.is_competition,
            "rounds": list(event.rounds.order_by("order")),
        },
    )


@login_required
@require_POST
def event_register(request, event_uuid):
    event = permissions.get_event_for_user(request.user, event_uuid)
    can_manage = permissions.can_manage_event(request.user, event)
    form = RegisterForm(request.POST, event=event)
    back = redirect("events-participants", event_uuid=event.uuid) if can_manage else _detail(event)
    if not form.is_valid():
        messages.error(request, _("Choose a group and a track."))
        return back
    group = (
        permissions.registrable_groups(request.user, event).filter(uuid=form.cleaned_data["group"]).first()
    )
    if group is None:
        if not can_manage and not permissions.registrable_groups(request.user, event).exists():
            raise permissions.ReadOnly(
                _("Only the group's operator or the Bagian Organisasi can register it.")
            )
        messages.error(request, _("This group may not take part in this event."))
        return back
    try:
        participant = services.participant_register(
            event=event, group=group, track=form.cleaned_data["track"], by=request.user
        )
    except ValidationError as error:
        messages.error(
            request,
            _("%(group)s was not registered: %(reason)s")
            % {"group": group.name, "reason": _error_text(error)},
        )
    else:
        messages.success(
            request,
            _("%(group)s is registered in %(track)s.")
            % {"group": group.name, "track": participant.track.name},
        )
    return back


@login_required
@require_POST
def event_withdraw(request, event_uuid, participant_uuid):
    event = permissions.get_event_for_user(request.user, event_uuid, manage=True)
    participant = get_object_or_404(
        Participant.objects.select_related("group"), event=event, uuid=participant_uuid
    )
    try:
        manage_services.participant_withdraw(participant=participant, by=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(
            request, _("%(group)s was withdrawn from the event.") % {"group": participant.group.name}
        )
    return redirect("events-participants", event_uuid=event.uuid)


@login_required
def event_advance(request, event_uuid, round_uuid):
    event = permissions.get_event_for_user(request.user, event_uuid, manage=True)
    round = get_object_or_404(Round, event=event, uuid=round_uuid)
    following = services.next_round(round)
    form = AdvanceForm(request.POST or None, initial={"count": round.advance_count})
    advanced = None
    if request.method == "POST" and form.is_valid():
        try:
            advanced = services.round_advance(round=round, by=request.user, count=form.cleaned_data["count"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                ngettext(
                    "%(n)s group goes on to %(round)s.", "%(n)s groups go on to %(round)s.", len(advanced)
                )
                % {"n": len(advanced), "round": following.name},
            )
    if advanced is not None:
        advanced = list(
            Participant.objects.filter(pk__in=[p.pk for p in advanced]).select_related("group__unit", "track")
        )
        advanced.sort(key=lambda p: (p.track.order, p.group.name))
    return render(
        request,
        "events/manage/advance.html",
        {"event": event, "round": round, "following": following, "form": form, "advanced": advanced},
    )


# --- lottery and schedule --------------------------------------------------------------------


@login_required
def event_lottery(request, event_uuid):
    event = permissions.get_event_for_user(request.user, event_uuid, manage=True)
    form = LotteryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            drawn = services.lottery_draw(event=event, by=request.user, seed=form.cleaned_data["seed"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            event.refresh_from_db()
            messages.success(
                request,
                ngettext(
                    "Order of %(n)s group drawn with seed %(seed)s.",
                    "Order of %(n)s groups drawn with seed %(seed)s.",
                    len(drawn),
                )
                % {"n": len(drawn), "seed": event.lottery_seed},
            )
            return redirect("events-lottery", event_uuid=event.uuid)
    order = Participant.objects.filter(event=event, lottery_order__isnull=False).for_schedule()
    return render(request, "events/manage/lottery.html", {"event": event, "form": form, "order": order})


@login_required
def event_schedule_build(request, event_uuid):
    event = permissions.get_event_for_user(request.user, event_uuid, manage=True)
    form = ScheduleForm(request.POST or None, event=event)
    if request.method == "POST" and form.is_valid():
        try:
            slots = services.schedule_build(event=event, days=form.cleaned_data["days"], by=request.user)
        except ValidationError as error:
            form.add_error("days" if error.code == "not_enough_days" else None, error)
        else:
            messages.success(
                request,
                ngettext("Schedule built for %(n)s group.", "Schedule built for %(n)s groups.", len(slots))
                % {"n": len(slots)},
            )
            return redirect("events-schedule", event_uuid=event.uuid)
    return render(request, "events/manage/schedule_build.html", {"event": event, "form": form})


@login_required
@require_safe
def event_schedule(request, event_uuid):
    event = permissions.get_event_schedule_for_user(request.user, event_uuid)
    slots = list(
        ScheduleSlot.objects.filter(participant__event=event)
        .select_related("participant__group__unit", "participant__track", "round")
        .order_by("starts_at")
    )
    days: dict = {}
    for slot in slots:
        days.setdefault(timezone.localtime(slot.starts_at).date(), []).append(slot)
    breaks = services.schedule_breaks(event, list(days), len(slots)) if slots else []
    for item in breaks:
        days.setdefault(timezone.localtime(item.starts_at).date(), []).append(item)
    for day_items in days.values():
        day_items.sort(key=lambda item: item.starts_at)
    can_manage = permissions.can_manage_event(request.user, event)
    return render(
        request,
        "events/manage/schedule.html",
        {
            "event": event,
            "days": sorted(days.items()),
            "can_manage": can_manage,
            "unsent": sum(1 for slot in slots if slot.notified_at is None),
            "published": permissions.schedule_is_published(event),
        },
    )


@login_required
@require_POST
def event_schedule_notify(request, event_uuid):
    event = permissions.get_event_for_user(request.user, event_uuid, manage=True)
    slots, mails = manage_services.schedule_notify(
        event=event, by=request.user, base_url=request.build_absolute_uri("/")
    )
    if slots:
        messages.success(
            request,
            _("%(slots)s group(s) told their slot; %(mails)s e-mail(s) queued.")
            % {"slots": slots, "mails": mails},
        )
    else:
        messages.info(request, _("Every group has already been told its slot."))
    return redirect("events-schedule", event_uuid=event.uuid)
