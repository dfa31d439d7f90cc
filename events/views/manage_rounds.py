"""The bureau's pages for a competition's rounds, tracks and rubric (changed while its setup is
open): rounds renamed, added, removed and moved; tracks renamed, added and removed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from events import manage_services, permissions, rounds_services
from events.forms_manage import (
    CriterionFormSet,
    RoundAddForm,
    RoundMoveForm,
    TrackAddForm,
    round_forms,
    track_forms,
)
from events.models import Criterion, Round, Track
from events.views.manage import detail_redirect, error_text, errors_to_form


def _rubric_sizes(event) -> dict[tuple[int, int], int]:
    """How many criteria each (round, track) rubric has. One query."""
    rows = Criterion.objects.filter(round__event=event).values("round_id", "track_id").annotate(n=Count("pk"))
    return {(row["round_id"], row["track_id"]): row["n"] for row in rows}


# --- rounds ----------------------------------------------------------------------------------


def _round_blocker(round: Round, count: int) -> str:
    """Why the round (from rounds_services.round_facts) cannot be removed, in words; "" if it can."""
    if round.has_scores:
        return _("Has scores: it cannot be removed.")
    if round.has_assignments:
        return _("Juries are assigned to it: it cannot be removed.")
    if count == 1:
        return _("The only round: it cannot be removed.")
    return ""


def _rounds_page(request, event, rounds, forms, add_form=None):
    tracks = list(event.tracks.all())
    sizes = _rubric_sizes(event)
    for round in rounds:
        round.rubrics = [(track, sizes.get((round.pk, track.pk), 0)) for track in tracks]
        round.blocker = _round_blocker(round, len(rounds))
    return render(
        request,
        "events/manage/rounds.html",
        {
            "event": event,
            "forms": forms,
            "add_form": add_form or RoundAddForm(rounds=rounds),
            "setup_open": manage_services.setup_is_open(event),
        },
    )


def _to_rounds(event):
    return redirect("events-rounds", event_uuid=event.uuid)


@login_required
def event_rounds(request, event_uuid):
    event = permissions.get_event_for_user(request.user, event_uuid, manage=True)
    rounds = rounds_services.round_facts(event)
    forms = round_forms(rounds, request.POST or None)
    if request.method == "POST" and all(form.is_valid() for _round, form in forms):
        try:
            saved = manage_services.rounds_update(
                event=event, by=request.user, changes={round: form.cleaned_data for round, form in forms}
            )
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(
                request,
                ngettext("%(n)s round changed.", "%(n)s rounds changed.", len(saved)) % {"n": len(saved)},
            )
            return detail_redirect(event)
    return _rounds_page(request, event, rounds, forms)


@login_required
@require_POST
def event_round_add(request, event_uuid):
    event = permissions.get_event_for_user(request.user, event_uuid, manage=True)
    rounds = rounds_services.round_facts(event)
    form = RoundAddForm(request.POST, rounds=rounds)
    if form.is_valid():
        data = form.cleaned_data
        try:
            round = rounds_services.round_add(
                event=event, by=request.user, name=data["name"], kind=data["kind"], position=data["position"]
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(
                request,
                _("%(round)s added as round %(n)s. Check its rubric for each track.")
                % {"round": round.name, "n": round.order},
            )
            return _to_rounds(event)
    return _rounds_page(request, event, rounds, round_forms(rounds), add_form=form)


@login_required
def event_round_remove(request, event_uuid, round_uuid):
    event = permissions.get_event_for_user(request.user, event_uuid, manage=True)
    rounds = rounds_services.round_facts(event)
    round = next((r for r in rounds if r.uuid == round_uuid), None)
    if round is None:
        raise Http404
    if request.method == "POST":
        try:
            rounds_services.round_remove(round=round, by=request.user)
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, _("%(round)s was removed.") % {"round": round.name})
        return _to_rounds(event)
    criteria = Criterion.objects.filter(round=round).count()
    return render(
        request,
        "events/manage/remove.html",
        {
            "event": event,
            "back": reverse("events-rounds", kwargs={"event_uuid": event.uuid}),
            "title": _("Remove the round %(name)s?") % {"name": round.name},
            "blocker": _round_blocker(round, len(rounds)),
            "explanation": ngettext(
                "Its rubric (%(n)s criterion) and its schedule are removed with it. Its groups go back "
                "to the previous round of their track, or on to the next one when it was their first.",
                "Its rubric (%(n)s criteria) and its schedule are removed with it. Its groups go back "
                "to the previous round of their track, or on to the next one when it was their first.",
                criteria,
            )
            % {"n": criteria},
            "setup_open": manage_services.setup_is_open(event),
        },
    )


@login_required
@require_POST
def event_round_move(request, event_uuid, round_uuid):
    event = permissions.get_event_for_user(request.user, event_uuid, manage=True)
    rounds = list(event.rounds.order_by("order"))
    round = next((r for r in rounds if r.uuid == round_uuid), None)
    if round is None:
        raise Http404
    form = RoundMoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say whether the round moves earlier or later."))
        return _to_rounds(event)
    index = rounds.index(round)
    other = index - 1 if form.cleaned_data["direction"] == "up" else index + 1
    if 0 <= other < len(rounds):
        rounds[index], rounds[other] = rounds[other], rounds[index]
        try:
            rounds_services.rounds_reorder(event=event, by=request.user, rounds=rounds)
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(
                request, _("%(round)s is now round %(n)s.") % {"round": round.name, "n": other + 1}
            )
    return _to_rounds(event)


# --- tracks ----------------------------------------------------------------------------------


def _track_blocker(track: Track, count: int) -> str:
    """Why the track (from _tracks) cannot be removed, in words; "" if it can."""
    if track.participant_count:
        return _("Groups are registered in it: it cannot be removed.")
    if count == 1:
        return _("The only track: it cannot be removed.")
    return ""


def _tracks_page(request, event, tracks, forms, add_form=None):
    rounds = list(event.rounds.order_by("order"))
    sizes = _rubric_sizes(event)
    for track in tracks:
        track.rubrics = [(round, sizes.get((round.pk, track.pk), 0)) for round in rounds]
        track.blocker = _track_blocker(track, len(tracks))
    return render(
        request,
        "events/manage/tracks.html",
        {
            "event": event,
            "forms": forms,
            "add_form": add_form or TrackAddForm(),
            "setup_open": manage_services.setup_is_open(event),
        },
    )


def _tracks(event) -> list[Track]:
    return list(event.tracks.annotate(participant_count=Count("participants")))


def _to_tracks(event):
    return redirect("events-tracks", event_uuid=event.uuid)


@login_required
def event_tracks(request, event_uuid):
    event = permissions.get_event_for_user(request.user, event_uuid, manage=True)
    tracks = _tracks(event)
    forms = track_forms(tracks, request.POST or None)
    if request.method == "POST" and all(form.is_valid() for _track, form in forms):
        try:
            saved = rounds_services.tracks_update(
                event=event, by=request.user, changes={track: form.cleaned_data for track, form in forms}
            )
        except rounds_services.TrackRefused as error:
            errors_to_form(dict(forms)[error.track], error)
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(
                request,
                ngettext("%(n)s track changed.", "%(n)s tracks changed.", len(saved)) % {"n": len(saved)},
            )
            return detail_redirect(event)
    return _tracks_page(request, event, tracks, forms)


@login_required
@require_POST
def event_track_add(request, event_uuid):
    event = permissions.get_event_for_user(request.user, event_uuid, manage=True)
    form = TrackAddForm(request.POST)
    if form.is_valid():
        try:
            track = rounds_services.track_add(
                event=event,
                by=request.user,
                name=form.cleaned_data["name"],
                requires_verified_risalah=form.cleaned_data["requires_verified_risalah"],
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(
                request,
                _("%(track)s added. Give it a rubric in the rounds where it is judged.")
                % {"track": track.name},
            )
            return _to_tracks(event)
    tracks = _tracks(event)
    return _tracks_page(request, event, tracks, track_forms(tracks), add_form=form)


@login_required
def event_track_remove(request, event_uuid, track_uuid):
    event = permissions.get_event_for_user(request.user, event_uuid, manage=True)
    tracks = _tracks(event)
    track = next((t for t in tracks if t.uuid == track_uuid), None)
    if track is None:
        raise Http404
    if request.method == "POST":
        try:
            rounds_services.track_remove(track=track, by=request.user)
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, _("%(track)s was removed.") % {"track": track.name})
        return _to_tracks(event)
    return render(
        request,
        "events/manage/remove.html",
        {
            "event": event,
            "back": reverse("events-tracks", kwargs={"event_uuid": event.uuid}),
            "title": _("Remove the track %(name)s?") % {"name": track.name},
            "blocker": _track_blocker(track, len(tracks)),
            "explanation": _("Its rubric in every round is removed with it."),
            "setup_open": manage_services.setup_is_open(event),
        },
    )


# --- rubric ----------------------------------------------------------------------------------


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
            return detail_redirect(event)
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
