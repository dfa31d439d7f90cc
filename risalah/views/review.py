"""The verifikator's review pages and the risalah's history."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import permissions
from core.history import entries
from risalah import review
from risalah.models import ReviewNote, Risalah, RisalahStep, Status
from risalah.review_forms import DecisionForm, ReviewNoteForm


def _steps(risalah):
    return list(risalah.steps.select_related("method_step").order_by("method_step__number"))


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


@login_required
def review_page(request, uuid):
    """Everything the verifikator needs: the checker, what changed since the return, notes, decisions."""
    risalah = permissions.get_risalah_for_review(request.user, uuid)
    from risalah.checker import check

    steps = _steps(risalah)
    notes = list(review.pending_notes(risalah))
    notes_by_step = {}
    for note in notes:
        notes_by_step.setdefault(note.step_id, []).append(note)
    for step in steps:
        step.pending_notes = notes_by_step.get(step.pk, [])
    return render(
        request,
        "risalah/review/review.html",
        {
            "risalah": risalah,
            "steps": steps,
            "general_notes": notes_by_step.get(None, []),
            "findings": check(risalah),
            "changes": review.changes_since_return(risalah),
            "last_return": review.last_return(risalah),
            "note_form": ReviewNoteForm(steps=steps),
            "decision_form": DecisionForm(),
            "can_decide": risalah.status in review.REVIEWABLE,
            "can_start": risalah.status == Status.SUBMITTED,
            "transitions": risalah.transitions.select_related("by").order_by("-at", "-pk"),
        },
    )


@login_required
@require_POST
def start_review(request, uuid):
    risalah = permissions.get_risalah_for_review(request.user, uuid)
    try:
        review.risalah_start_review(risalah=risalah, by=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("You are reviewing this risalah now. The group cannot change it meanwhile."))
    return redirect("risalah-review", uuid=risalah.uuid)


@login_required
@require_POST
def add_note(request, uuid):
    risalah = permissions.get_risalah_for_review(request.user, uuid)
    steps = _steps(risalah)
    form = ReviewNoteForm(request.POST, steps=steps)
    if form.is_valid():
        number = form.cleaned_data["step"]
        step = next((s for s in steps if s.method_step.number == number), None)
        try:
            review.review_note_add(risalah=risalah, step=step, text=form.cleaned_data["text"], by=request.user)
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(request, _("Note saved. The group sees it when you return the risalah."))
    else:
        messages.error(request, _("The note was not saved: write the note text."))
    return redirect("risalah-review", uuid=risalah.uuid)


@login_required
@require_POST
def delete_note(request, uuid, note):
    risalah = permissions.get_risalah_for_review(request.user, uuid)
    note = get_object_or_404(ReviewNote, uuid=note, risalah=risalah)
    try:
        review.review_note_delete(note=note)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("Note deleted."))
    return redirect("risalah-review", uuid=risalah.uuid)


def _decide(request, uuid, action, success):
    risalah = permissions.get_risalah_for_review(request.user, uuid)
    form = DecisionForm(request.POST)
    form.is_valid()
    note = form.cleaned_data.get("note", "")
    try:
        action(risalah=risalah, by=request.user, note=note)
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return redirect("risalah-review", uuid=risalah.uuid)
    messages.success(request, success)
    return redirect("risalah-review", uuid=risalah.uuid)


@login_required
@require_POST
def return_risalah(request, uuid):
    return _decide(request, uuid, review.risalah_return,
                   _("The risalah was returned to the group for revision, with your notes."))


@login_required
@require_POST
def verify_risalah(request, uuid):
    return _decide(request, uuid, review.risalah_verify, _("The risalah is verified."))


@login_required
@require_POST
def reject_risalah(request, uuid):
    return _decide(request, uuid, review.risalah_reject, _("The risalah was rejected."))


@login_required
def changes(request, uuid):
    """What the group changed since the last return (readable by everyone who sees the risalah)."""
    risalah = permissions.get_risalah_for_user(request.user, uuid)
    return render(
        request,
        "risalah/review/changes.html",
        {"risalah": risalah, "changes": review.changes_since_return(risalah), "last_return": review.last_return(risalah)},
    )


@login_required
def history(request, uuid):
    """Status changes and the field-by-field history of the risalah and its steps."""
    risalah = permissions.get_risalah_for_user(request.user, uuid)
    risalah_history = entries(
        Risalah.history.filter(id=risalah.pk).select_related("history_user").order_by("-history_date", "-history_id"),
        exclude=("version",),
    )
    step_history = entries(
        RisalahStep.history.filter(risalah_id=risalah.pk)
        .select_related("history_user")
        .order_by("-history_date", "-history_id"),
        exclude=("version", "updated_by"),
    )
    combined = sorted(risalah_history + step_history, key=lambda e: e.at, reverse=True)
    return render(
        request,
        "risalah/review/history.html",
        {
            "risalah": risalah,
            "transitions": risalah.transitions.select_related("by").prefetch_related("notes__step__method_step")
            .order_by("-at", "-pk"),
            "entries": combined[:200],
        },
    )


@login_required
@require_POST
def new_revision(request, uuid):
    """Start a correction of a verified risalah (a new draft revision, reviewed again)."""
    risalah = permissions.get_risalah_for_user(request.user, uuid)
    if not permissions.can_write_risalah(request.user, risalah):
        raise permissions.PermissionDenied
    try:
        copy = review.risalah_new_revision(risalah=risalah, by=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return redirect("risalah-history", uuid=risalah.uuid)
    messages.success(request, _("Revision %(n)d was created as a draft. The verified version stays as it is.")
                     % {"n": copy.revision})
    return redirect("risalah-detail", uuid=copy.uuid)
