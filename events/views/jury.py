"""The jury member's own pages: "Penilaian saya" (their events and assigned groups), the
group's verified risalah read-only and its PDF, declaring a conflict of interest; and the
guest's invitation link, where the password is set.

The risalah pages reuse risalah's reading page and PDF (risalah.library, risalah.pdf): risalah
itself knows nothing of events, the access of a jury member is decided here
(events.permissions.get_jury_risalah).
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from events import jury_pages, permissions, services
from events.forms_jury import ConflictForm, InvitationPasswordForm
from risalah import library
from risalah.pdf_cache import cached_risalah_pdf
from risalah.views.pdf import pdf_filename

# The account backend a guest is logged in with after setting the password.
LOGIN_BACKEND = "core.backends.UsernameOrEmailBackend"


@login_required
@require_safe
def my_scoring(request):
    items = jury_pages.my_events(request.user)
    jury_pages.jury_flag_refresh(request, is_jury=bool(items))
    return render(request, "events/jury/home.html", {"items": items})


@login_required
@require_safe
def my_risalah(request, event_uuid, participant_uuid):
    jury, participant, risalah = permissions.get_jury_risalah(request.user, event_uuid, participant_uuid)
    context = library.reading_context(risalah)
    context.update({"jury": jury, "event": jury.event, "participant": participant})
    return render(request, "events/jury/risalah.html", context)


@login_required
@require_safe
def my_risalah_pdf(request, event_uuid, participant_uuid):
    _jury, _participant, risalah = permissions.get_jury_risalah(request.user, event_uuid, participant_uuid)
    # The library's copy: the roster's names and roles, nothing more of the people.
    response = HttpResponse(cached_risalah_pdf(risalah, for_library=True), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{pdf_filename(risalah)}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def my_conflict(request, event_uuid, participant_uuid):
    jury, participant = permissions.get_jury_group(request.user, event_uuid, participant_uuid)
    form = ConflictForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.conflict_declare(
                jury=jury, participant=participant, reason=form.cleaned_data["reason"], by=request.user
            )
        except ValidationError as error:
            form.add_error("reason", error)
        else:
            messages.success(
                request,
                _("Conflict of interest recorded: you do not score %(group)s.")
                % {"group": participant.group.name},
            )
            return redirect("events-my-scoring")
    return render(
        request,
        "events/jury/conflict.html",
        {"jury": jury, "event": jury.event, "participant": participant, "form": form},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def invitation(request, token):
    """The guest's link: set a password and be logged in. A link that does not work (never
    issued, used, replaced by a newer one, expired, membership ended) is a plain page saying
    so, with a 404."""
    jury = permissions.get_invitation(token)
    if jury is None:
        return render(request, "events/jury/invitation_invalid.html", status=404)
    form = InvitationPasswordForm(jury.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = services.jury_accept_invitation(jury=jury, password=form.cleaned_data["new_password1"])
        login(request, user, backend=LOGIN_BACKEND)
        messages.success(
            request,
            _("Your password is set. Welcome to the jury of %(event)s.") % {"event": jury.event.title},
        )
        return redirect("events-my-scoring")
    return render(
        request,
        "events/jury/invitation.html",
        {"jury": jury, "event": jury.event, "form": form, "site_name": settings.SITE_NAME},
    )
