"""The bureau's pages for a competition's participants (operators register their own groups here
too), advancement between rounds, the lottery and the schedule."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from core import exports
from events import manage_services, permissions, services
from events.forms_manage import AdvanceForm, GroupSearchForm, LotteryForm, RegisterForm, ScheduleForm
from events.models import Participant, Round, ScheduleSlot
from events.tables import participants_listed, participants_table
from events.views.manage import GROUP_PAGE, detail_redirect, error_text
from risalah.models import Status


@login_required
@require_safe
def event_participants(request, event_uuid):
    event = permissions.get_event_for_user(request.user, event_uuid, manage=True)
    participants = participants_listed(event)
    table = participants_table(event)
    if response := exports.export_or_none(request, table, participants, unit=event.organiser):
        return response
    participants = list(participants)
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
            "export": exports.offer(table, len(participants)),
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
    back = redirect("events-participants", event_uuid=event.uuid) if can_manage else detail_redirect(event)
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
            % {"group": group.name, "reason": error_text(error)},
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
        messages.error(request, error_text(error))
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
