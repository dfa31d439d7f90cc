"""The verifikator's review page, the changes since a return, the risalah's history, new revisions.

Reviewing is for verifikators (and admins) of the risalah's unit subtree; the changes and the
history are read by everyone who may read the risalah. A refused input (an empty note, a return
without any note) is shown beside its field on the review page; a refused transition (the
risalah moved on meanwhile) is a message on the page.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core import permissions
from core.history import entries
from risalah import review
from risalah.checker import check
from risalah.models import ReviewNote, Risalah, RisalahStep, Status
from risalah.permissions import can_write_risalah, get_risalah_for_review, get_risalah_for_user
from risalah.review_forms import DecisionForm, ReviewNoteForm

# Errors of the state (the risalah is not under review), not of what was typed: a message, not a field error.
STATE_ERRORS = {"invalid_transition", "not_reviewable", "sent"}


def _steps(risalah: Risalah) -> list[RisalahStep]:
    return list(risalah.steps.select_related("method_step", "updated_by").order_by("method_step__number"))


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def _is_state_error(error: ValidationError) -> bool:
    return getattr(error, "code", None) in STATE_ERRORS


def _review_page(request, risalah: Risalah, *, steps=None, note_form=None, decision_form=None):
    steps = steps if steps is not None else _steps(risalah)
    notes_by_step: dict[int | None, list[ReviewNote]] = {}
    for note in review.pending_notes(risalah):
        notes_by_step.setdefault(note.step_id, []).append(note)
    for step in steps:
        step.pending_notes = notes_by_step.get(step.pk, [])
    if note_form is None:
        note_form = ReviewNoteForm(
            steps=steps, initial={"step": _step_number(request.GET.get("step"), steps)}
        )
    returned = review.last_return(risalah)
    return render(
        request,
        "risalah/review/review.html",
        {
            "risalah": risalah,
            "steps": steps,
            "general_notes": notes_by_step.get(None, []),
            "pending_count": sum(len(notes) for notes in notes_by_step.values()),
            "findings": check(risalah, steps),
            "last_return": returned,
            "changes": review.changes_since(returned, risalah),
            "note_form": note_form,
            "decision_form": decision_form or DecisionForm(),
            "can_decide": risalah.status in Status.REVIEWABLE,
            "can_start": risalah.status == Status.SUBMITTED,
        },
    )


def _step_number(value, steps) -> int | None:
    """A step number from the address (``?step=3``, from a step's "write a note" link), if it is one."""
    numbers = {step.method_step.number for step in steps}
    return int(value) if value and value.isdigit() and int(value) in numbers else None


@login_required
@require_safe
def review_page(request, uuid):
    """Everything the verifikator needs: the checker, what changed since the return, notes, decisions."""
    risalah = get_risalah_for_review(request.user, uuid)
    return _review_page(request, risalah)


@login_required
@require_POST
def start_review(request, uuid):
    risalah = get_risalah_for_review(request.user, uuid)
    try:
        review.risalah_start_review(risalah=risalah, by=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(
            request, _("You are reviewing this risalah now. The group cannot change it meanwhile.")
        )
    return redirect("risalah-review", uuid=risalah.uuid)


@login_required
@require_POST
def add_note(request, uuid):
    risalah = get_risalah_for_review(request.user, uuid)
    steps = _steps(risalah)
    form = ReviewNoteForm(request.POST, steps=steps)
    if form.is_valid():
        number = form.cleaned_data["step"]
        step = next((s for s in steps if s.method_step.number == number), None)
        try:
            review.review_note_add(
                risalah=risalah, step=step, text=form.cleaned_data["text"], by=request.user
            )
        except ValidationError as error:
            if _is_state_error(error):
                messages.error(request, _error_text(error))
                return redirect("risalah-review", uuid=risalah.uuid)
            form.add_error("text", error)
        else:
            messages.success(request, _("Note saved. The group sees it when you return the risalah."))
            return redirect("risalah-review", uuid=risalah.uuid)
    messages.error(request, _("The note was not saved: see the field marked in red."))
    return _review_page(request, risalah, steps=steps, note_form=form)


@login_required
@require_POST
def delete_note(request, uuid, note):
    risalah = get_risalah_for_review(request.user, uuid)
    note = get_object_or_404(ReviewNote, uuid=note, risalah=risalah)
    try:
        review.review_note_delete(note=note)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("Note deleted."))
    return redirect("risalah-review", uuid=risalah.uuid)


def _decide(request, uuid, action, success: str):
    risalah = get_risalah_for_review(request.user, uuid)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            action(risalah=risalah, by=request.user, note=form.cleaned_data["note"])
        except ValidationError as error:
            if _is_state_error(error):
                messages.error(request, _error_text(error))
                return redirect("risalah-review", uuid=risalah.uuid)
            form.add_error("note", error)
        else:
            messages.success(request, success)
            return redirect("risalah-review", uuid=risalah.uuid)
    messages.error(request, _("Nothing was decided: see the field marked in red."))
    return _review_page(request, risalah, decision_form=form)


@login_required
@require_POST
def return_risalah(request, uuid):
    return _decide(
        request,
        uuid,
        review.risalah_return,
        _("The risalah was returned to the group for revision, with your notes."),
    )


@login_required
@require_POST
def verify_risalah(request, uuid):
    return _decide(request, uuid, review.risalah_verify, _("The risalah is verified."))


@login_required
@require_POST
def reject_risalah(request, uuid):
    return _decide(request, uuid, review.risalah_reject, _("The risalah was rejected."))


@login_required
@require_safe
def changes(request, uuid):
    """What the group changed since the last return (readable by everyone who sees the risalah)."""
    risalah = get_risalah_for_user(request.user, uuid)
    returned = review.last_return(risalah)
    return render(
        request,
        "risalah/review/changes.html",
        {
            "risalah": risalah,
            "changes": review.changes_since(returned, risalah),
            "last_return": returned,
            "can_review": permissions.can_review(request.user, risalah.group.unit),
        },
    )


HISTORY_LIMIT = 200


@login_required
def history(request, uuid):
    """Status changes and the field-by-field history of the risalah and its steps."""
    risalah = get_risalah_for_user(request.user, uuid)
    risalah_history = entries(
        Risalah.history.filter(id=risalah.pk)
        .select_related("history_user", "group")
        .order_by("-history_date", "-history_id"),
        exclude=("version",),
    )
    step_history = entries(
        RisalahStep.history.filter(risalah_id=risalah.pk)
        .select_related("history_user", "risalah__group", "method_step")
        .order_by("-history_date", "-history_id"),
        exclude=("version", "updated_by"),
    )
    combined = sorted(risalah_history + step_history, key=lambda e: e.at, reverse=True)
    return render(
        request,
        "risalah/review/history.html",
        {
            "risalah": risalah,
            "transitions": risalah.transitions.select_related("by")
            .prefetch_related("notes__step__method_step")
            .order_by("-at", "-pk"),
            "entries": combined[:HISTORY_LIMIT],
            "more_entries": max(len(combined) - HISTORY_LIMIT, 0),
            "can_revise": risalah.status == Status.VERIFIED and can_write_risalah(request.user, risalah),
            "next_revision": Risalah.objects.filter(previous_revision=risalah)
            .only("uuid", "revision")
            .first()
            if risalah.status == Status.VERIFIED
            else None,
        },
    )


@login_required
@require_POST
def new_revision(request, uuid):
    """Start a correction of a verified risalah (a new draft revision, reviewed again)."""
    risalah = get_risalah_for_user(request.user, uuid)
    if not can_write_risalah(request.user, risalah):
        raise permissions.ReadOnly
    try:
        copy = review.risalah_new_revision(risalah=risalah, by=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return redirect("risalah-detail", uuid=risalah.uuid)
    messages.success(
        request,
        _("Revision %(n)d was created as a draft. The verified version stays as it is.")
        % {"n": copy.revision},
    )
    return redirect("risalah-detail", uuid=copy.uuid)
