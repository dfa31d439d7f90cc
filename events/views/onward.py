"""The provincial round: the bureau of a bigger scope enters the winners its kabupaten/kota sent on."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from events import results_services
from events.permissions import get_event_for_user


@login_required
def take_onward(request, event_uuid):
    """GET: the winners sent on to this event and where from; POST: enter them all."""
    event = get_event_for_user(request.user, event_uuid, manage=True)
    if not event.is_competition:
        raise Http404
    if request.method == "POST":
        taken = results_services.participants_take_onward(event=event, by=request.user)
        if taken.entered:
            messages.success(
                request,
                ngettext(
                    "%(n)d group sent on by a kabupaten/kota round is now a participant.",
                    "%(n)d groups sent on by a kabupaten/kota round are now participants.",
                    len(taken.entered),
                )
                % {"n": len(taken.entered)},
            )
        for source, reason in taken.refused:
            messages.error(
                request,
                _("%(group)s (%(event)s) was not entered: %(reason)s")
                % {"group": source.group.name, "event": source.event.title, "reason": reason},
            )
        if not taken.entered and not taken.refused:
            messages.info(request, _("No group is waiting to be entered."))
        return redirect("events-take-onward", event.uuid)
    candidates = list(results_services.onward_candidates(event))
    return render(request, "events/results/onward.html", {"event": event, "candidates": candidates})
