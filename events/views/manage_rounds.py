"""The bureau's pages for a competition's rounds, tracks and rubric (while its setup is open)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from events import manage_services, permissions
from events.forms_manage import CriterionFormSet, round_forms
from events.models import Criterion, Round, Track
from events.views.manage import detail_redirect, error_text


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
            messages.error(request, error_text(error))
        else:
            messages.success(
                request,
                ngettext("%(n)s round changed.", "%(n)s rounds changed.", len(saved)) % {"n": len(saved)},
            )
            return detail_redirect(event)
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
