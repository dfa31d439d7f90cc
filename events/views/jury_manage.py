"""The bureau's jury pages: the jury list (staff added from their accounts, guests invited by
e-mail), assignment per round and track (in bulk or balanced), conflicts of interest, the
scoring progress and the reminder to juries with unscored groups.

Every view starts with events.permissions.get_competition_for_user (the bureau running the
event; 404 for those who do not see it, 403 for those who see but do not run it).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from core import exports
from core.models import User
from core.permissions import REVIEW_ROLES, restrict
from events import jury_pages, permissions, services
from events.forms_jury import (
    AccountSearchForm,
    AssignForm,
    AssignmentRemoveForm,
    BalanceForm,
    GuestInviteForm,
    JuryAddForm,
    TrackFilterForm,
)
from events.judging import participants_judged_in
from events.models import EventStatus, Jury, JuryAssignment, Round
from events.tables import progress_table
from events.views.manage import error_text

CANDIDATES = 20


def _base_url(request) -> str:
    return request.build_absolute_uri("/")


# --- the jury list ------------------------------------------------------------------------------


def _accounts(user, event):
    """Accounts the bureau may add as internal jury members: active staff of the units it
    reviews (every account for an admin), not yet on this jury."""
    accounts = User.objects.filter(is_active=True).exclude(juries__event=event)
    return restrict(accounts, user, REVIEW_ROLES).select_related("unit")


def _juries_page(request, event, invite_form=None, status=200):
    search = AccountSearchForm(request.GET or None)
    search.is_valid()
    query = getattr(search, "cleaned_data", {}).get("q", "")
    candidates = _accounts(request.user, event).order_by("full_name", "username")
    if query:
        candidates = candidates.filter(
            Q(full_name__icontains=query)
            | Q(username__icontains=query)
            | Q(nip__icontains=query)
            | Q(email__icontains=query)
        )
    juries = (
        Jury.objects.filter(event=event)
        .select_related("user__unit")
        .annotate(assignment_count=Count("assignments"))
        .order_by("-is_active", "pk")
    )
    return render(
        request,
        "events/jury/manage/juries.html",
        {
            "event": event,
            "juries": juries,
            "search": search,
            "query": query,
            "candidates": candidates[:CANDIDATES],
            "invite_form": invite_form or GuestInviteForm(),
            "rounds": list(event.rounds.order_by("order")),
        },
        status=status,
    )


@login_required
@require_safe
def juries(request, event_uuid):
    event = permissions.get_competition_for_user(request.user, event_uuid)
    return _juries_page(request, event)


def _to_juries(event):
    return redirect("events-juries", event_uuid=event.uuid)


@login_required
@require_POST
def jury_add(request, event_uuid):
    event = permissions.get_competition_for_user(request.user, event_uuid)
    form = JuryAddForm(request.POST, accounts=_accounts(request.user, event))
    if not form.is_valid():
        messages.error(request, _("Choose an account from the list."))
        return _to_juries(event)
    account = form.cleaned_data["account"]
    try:
        jury = services.jury_add(event=event, user=account, by=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        conflicts = jury.conflicts.count()
        messages.success(
            request,
            ngettext(
                "%(name)s is on the jury; %(n)s conflict of interest was found.",
                "%(name)s is on the jury; %(n)s conflicts of interest were found.",
                conflicts,
            )
            % {"name": account, "n": conflicts},
        )
    return _to_juries(event)


@login_required
@require_POST
def jury_invite(request, event_uuid):
    event = permissions.get_competition_for_user(request.user, event_uuid)
    form = GuestInviteForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            jury = services.jury_invite(
                event=event,
                email=data["email"],
                full_name=data["full_name"],
                affiliation=data["affiliation"],
                by=request.user,
                base_url=_base_url(request),
            )
        except ValidationError as error:
            form.add_error("email", error)
        else:
            messages.success(
                request,
                _("%(name)s is invited; the link was sent to %(email)s.")
                % {"name": jury.user, "email": jury.user.email},
            )
            return _to_juries(event)
    return _juries_page(request, event, invite_form=form, status=400)


@login_required
@require_POST
def jury_reinvite(request, event_uuid, jury_uuid):
    event = permissions.get_competition_for_user(request.user, event_uuid)
    jury = permissions.get_event_jury(event, jury_uuid)
    try:
        services.jury_reinvite(jury=jury, by=request.user, base_url=_base_url(request))
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request,
            _("A new invitation link was sent to %(email)s; the old one no longer works.")
            % {"email": jury.user.email},
        )
    return _to_juries(event)


@login_required
@require_POST
def jury_deactivate(request, event_uuid, jury_uuid):
    return _set_active(request, event_uuid, jury_uuid, active=False)


@login_required
@require_POST
def jury_activate(request, event_uuid, jury_uuid):
    return _set_active(request, event_uuid, jury_uuid, active=True)


def _set_active(request, event_uuid, jury_uuid, *, active: bool):
    event = permissions.get_competition_for_user(request.user, event_uuid)
    jury = permissions.get_event_jury(event, jury_uuid)
    services.jury_set_active(jury=jury, active=active, by=request.user)
    if active:
        messages.success(request, _("%(name)s is on the jury again.") % {"name": jury.user})
    else:
        messages.success(
            request,
            _("%(name)s is no longer on the jury; their scores so far are kept.") % {"name": jury.user},
        )
    return _to_juries(event)


# --- assignment ---------------------------------------------------------------------------------


def _round(request, event_uuid, round_uuid):
    event = permissions.get_competition_for_user(request.user, event_uuid)
    round = get_object_or_404(Round, event=event, uuid=round_uuid)
    round.event = event
    return event, round


def _track(request, event):
    form = TrackFilterForm(request.GET or None, event=event)
    form.is_valid()
    return form, getattr(form, "cleaned_data", {}).get("track")


def _to_assignments(event, round, track=None):
    response = redirect("events-assignments", event_uuid=event.uuid, round_uuid=round.uuid)
    if track is not None:
        response["Location"] += f"?track={track.uuid}"
    return response


@login_required
@require_safe
def assignments(request, event_uuid, round_uuid):
    event, round = _round(request, event_uuid, round_uuid)
    # Idempotent: finds the conflicts of groups registered after a jury member was added.
    services.conflicts_detect(event=event)
    track_form, track = _track(request, event)
    rows = jury_pages.assignment_rows(round, track)
    return render(
        request,
        "events/jury/manage/assignments.html",
        {
            "event": event,
            "round": round,
            "rounds": list(event.rounds.order_by("order")),
            "track_form": track_form,
            "track": track,
            "rows": rows,
            "juries": jury_pages.jury_loads(round),
            "balance_form": BalanceForm(event=event, initial={"track": track.uuid if track else None}),
        },
    )


@login_required
@require_POST
def assignments_add(request, event_uuid, round_uuid):
    event, round = _round(request, event_uuid, round_uuid)
    _form, track = _track(request, event)
    services.conflicts_detect(event=event)
    form = AssignForm(
        request.POST,
        juries=Jury.objects.filter(event=event, is_active=True),
        participants=participants_judged_in(round),
    )
    if not form.is_valid():
        messages.error(request, _("Tick at least one jury member and one group."))
        return _to_assignments(event, round, track)
    try:
        created = services.assignments_add(
            round=round,
            juries=form.cleaned_data["juries"],
            participants=form.cleaned_data["participants"],
            by=request.user,
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request,
            ngettext("%(n)s assignment made.", "%(n)s assignments made.", len(created)) % {"n": len(created)},
        )
    return _to_assignments(event, round, track)


@login_required
@require_POST
def assignments_balance(request, event_uuid, round_uuid):
    event, round = _round(request, event_uuid, round_uuid)
    form = BalanceForm(request.POST, event=event)
    if not form.is_valid():
        messages.error(request, _("Give the number of jury members per group (and, if wanted, a cap)."))
        return _to_assignments(event, round)
    data = form.cleaned_data
    services.conflicts_detect(event=event)
    try:
        balance = services.assignments_balance(
            round=round, by=request.user, per_group=data["per_group"], cap=data["cap"], track=data["track"]
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
        return _to_assignments(event, round, data["track"])
    made = len(balance.created)
    messages.success(
        request, ngettext("%(n)s assignment made.", "%(n)s assignments made.", made) % {"n": made}
    )
    if balance.short:
        names = ", ".join(
            _("%(group)s (%(n)s missing)") % {"group": participant.group.name, "n": missing}
            for participant, missing in balance.short.items()
        )
        messages.warning(
            request,
            _("Not enough jury members free of conflicts and under the cap for: %(groups)s.")
            % {"groups": names},
        )
    return _to_assignments(event, round, data["track"])


@login_required
@require_POST
def assignment_remove(request, event_uuid, round_uuid):
    event, round = _round(request, event_uuid, round_uuid)
    _form, track = _track(request, event)
    form = AssignmentRemoveForm(request.POST)
    assignment = None
    if form.is_valid():
        assignment = (
            JuryAssignment.objects.filter(
                round=round,
                jury__uuid=form.cleaned_data["jury"],
                participant__uuid=form.cleaned_data["participant"],
            )
            .select_related("jury__user", "participant__group", "round")
            .first()
        )
    if assignment is None:
        messages.error(request, _("This assignment no longer exists."))
        return _to_assignments(event, round, track)
    assignment.round.event = event
    try:
        services.assignment_remove(assignment=assignment, by=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request,
            _("%(jury)s no longer scores %(group)s in %(round)s.")
            % {"jury": assignment.jury, "group": assignment.participant.group.name, "round": round.name},
        )
    return _to_assignments(event, round, track)


# --- progress -----------------------------------------------------------------------------------


@login_required
@require_safe
def progress(request, event_uuid, round_uuid):
    event, round = _round(request, event_uuid, round_uuid)
    progress = jury_pages.progress(round)
    table = progress_table(round, progress.juries)
    if response := exports.export_or_none(request, table, progress.rows, unit=event.organiser):
        return response
    context = {
        "event": event,
        "round": round,
        "rounds": list(event.rounds.order_by("order")),
        "progress": progress,
        "export": exports.offer(table, len(progress.rows)),
        "may_remind": event.status == EventStatus.RUNNING and not round.is_locked,
    }
    # The grid refreshes itself every half minute (htmx): only the fragment then.
    template = "events/jury/manage/progress.html"
    if request.headers.get("HX-Request"):
        template += "#grid"
    return render(request, template, context)


@login_required
@require_POST
def progress_remind(request, event_uuid, round_uuid):
    event, round = _round(request, event_uuid, round_uuid)
    try:
        due, sent = services.juries_remind(round=round, by=request.user, base_url=_base_url(request))
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        if sent:
            messages.success(
                request,
                ngettext(
                    "A reminder was sent to %(n)s jury member with unscored groups.",
                    "A reminder was sent to %(n)s jury members with unscored groups.",
                    sent,
                )
                % {"n": sent},
            )
        elif due:
            messages.info(request, _("The reminder was sent a moment ago; nothing was sent twice."))
        else:
            messages.info(request, _("No reminder sent: every jury member has scored all their groups."))
    return redirect("events-progress", event_uuid=event.uuid, round_uuid=round.uuid)
