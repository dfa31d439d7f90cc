"""Score pages: the jury's form on a phone (saved as entered, kept offline), its save endpoint,
the printable paper sheet, the bureau's paper entry and the history of every score."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from events import services
from events.forms_scoring import ScoreEntryForm, ScoreSheetForm
from events.models import ConflictOfInterest, Criterion, JuryAssignment, Round, Score, ScoreChange
from events.permissions import get_event_for_user
from events.scoring_access import Seat, get_paper_seat, get_score_seat, get_sheet_jury
from risalah.pdf import weasyprint

HISTORY_PAGE_SIZE = 50


def _criteria(seat: Seat) -> list[Criterion]:
    return list(
        Criterion.objects.filter(track=seat.participant.track_id, round=seat.round).order_by("order", "pk")
    )


def _scores(seat: Seat) -> dict[int, Score]:
    scores = Score.objects.filter(jury=seat.jury, participant=seat.participant, round=seat.round)
    return {score.criterion_id: score for score in scores}


def _assigned(jury, round):
    """The jury member's groups in the round in presentation order, conflicts left out."""
    barred = ConflictOfInterest.objects.filter(jury=jury).values("participant")
    return (
        JuryAssignment.objects.filter(jury=jury, round=round)
        .exclude(participant__in=barred)
        .select_related("participant__group__unit", "participant__track")
        .order_by("participant__lottery_order", "participant__group__name", "participant__pk")
    )


def _neighbours(seat: Seat):
    """(previous, next) participant of the jury member's groups in the round (one query)."""
    order = [assignment.participant for assignment in _assigned(seat.jury, seat.round)]
    index = next(i for i, participant in enumerate(order) if participant.pk == seat.participant.pk)
    previous = order[index - 1] if index > 0 else None
    following = order[index + 1] if index + 1 < len(order) else None
    return previous, following, index + 1, len(order)


def _save_sheet(request, seat: Seat, form: ScoreSheetForm, *, from_paper: bool) -> bool:
    """Every criterion with points through score_save; refusals go to the form."""
    for criterion, points, comment, key in form.entries():
        try:
            services.score_save(
                jury=seat.jury,
                participant=seat.participant,
                round=seat.round,
                criterion=criterion,
                points=points,
                comment=comment,
                idempotency_key=key,
                by=request.user,
                from_paper=from_paper,
            )
        except ValidationError as error:
            form.add_error(f"points_{criterion.pk}", error.messages)
    return form.is_valid()


@login_required
@require_http_methods(["GET", "POST"])
def score_form(request, uuid, participant, order):
    seat = get_score_seat(request.user, uuid, participant, order)
    criteria = _criteria(seat)
    form = ScoreSheetForm(request.POST or None, criteria=criteria, scores=_scores(seat))
    if request.method == "POST":
        if not seat.is_open:
            messages.error(request, _("The round is locked; scores can no longer change."))
        elif form.is_valid() and _save_sheet(request, seat, form, from_paper=False):
            messages.success(
                request, _("The scores of %(group)s are saved.") % {"group": seat.participant.group.name}
            )
            return redirect("events-score", uuid, participant, order)
    previous, following, position, count = _neighbours(seat)
    return render(
        request,
        "events/scoring/form.html",
        {
            "seat": seat,
            "event": seat.event,
            "form": form,
            "previous": previous,
            "following": following,
            "position": position,
            "count": count,
        },
    )


@login_required
@require_POST
def score_save(request, uuid, participant, order):
    """One criterion's entry from the phone: JSON back. 400 for points the form refuses, 409
    when the round is locked (a late replay), 200 when saved or recognised as sent before."""
    seat = get_score_seat(request.user, uuid, participant, order)
    form = ScoreEntryForm(request.POST, criteria=_criteria(seat))
    if not form.is_valid():
        field, errors = next(iter(form.errors.items()))
        return JsonResponse(
            {"ok": False, "code": "invalid", "field": field, "error": " ".join(errors)}, status=400
        )
    data = form.cleaned_data
    if data["points"] is None:
        return JsonResponse(
            {"ok": False, "code": "required", "field": "points", "error": _("Enter the points first.")},
            status=400,
        )
    try:
        saved = services.score_save(
            jury=seat.jury,
            participant=seat.participant,
            round=seat.round,
            criterion=data["criterion"],
            points=data["points"],
            comment=data["comment"],
            idempotency_key=data["key"],
            by=request.user,
        )
    except ValidationError as error:
        status = 409 if error.code == "locked" else 400
        return JsonResponse(
            {"ok": False, "code": error.code, "error": " ".join(error.messages)}, status=status
        )
    return JsonResponse(
        {"ok": True, "replayed": saved.replayed, "points": str(saved.score.points.normalize())}
    )


@login_required
@require_safe
def score_sheet_pdf(request, uuid, jury, order):
    """The jury member's paper score sheet: their groups in presentation order, empty boxes."""
    jury = get_sheet_jury(request.user, uuid, jury)
    round = get_object_or_404(Round, event=jury.event, order=order)
    assignments = list(_assigned(jury, round))
    criteria: dict[int, list[Criterion]] = {}
    for criterion in Criterion.objects.filter(round=round).order_by("order", "pk"):
        criteria.setdefault(criterion.track_id, []).append(criterion)
    sheets = [
        {"participant": a.participant, "criteria": criteria.get(a.participant.track_id, [])}
        for a in assignments
    ]
    html_class = weasyprint().HTML
    html = render_to_string(
        "events/scoring/sheet_pdf.html", {"event": jury.event, "round": round, "jury": jury, "sheets": sheets}
    )
    response = HttpResponse(html_class(string=html).write_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="lembar-nilai-{round.order}-{jury.uuid}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_safe
def paper_list(request, uuid):
    """The bureau's way to the paper sheets: every jury member's groups per open round."""
    event = get_event_for_user(request.user, uuid, manage=True)
    assignments = (
        JuryAssignment.objects.filter(round__event=event)
        .select_related("jury__user", "participant__group", "round")
        .order_by("round__order", "jury__pk", "participant__lottery_order", "participant__group__name")
    )
    return render(request, "events/scoring/paper_list.html", {"event": event, "assignments": assignments})


@login_required
@require_http_methods(["GET", "POST"])
def paper_entry(request, uuid, jury, participant, order):
    seat = get_paper_seat(request.user, uuid, jury, participant, order)
    form = ScoreSheetForm(request.POST or None, criteria=_criteria(seat), scores=_scores(seat))
    if request.method == "POST":
        if not seat.is_open:
            messages.error(request, _("The round is locked; scores can no longer change."))
        elif form.is_valid() and _save_sheet(request, seat, form, from_paper=True):
            messages.success(
                request,
                _("The paper scores of %(jury)s for %(group)s are saved.")
                % {"jury": seat.jury.user, "group": seat.participant.group.name},
            )
            return redirect("events-score-paper-list", uuid)
    return render(
        request, "events/scoring/paper_entry.html", {"seat": seat, "event": seat.event, "form": form}
    )


@login_required
@require_safe
def score_history(request, uuid):
    event = get_event_for_user(request.user, uuid, manage=True)
    changes = (
        ScoreChange.objects.filter(score__round__event=event)
        .select_related(
            "score__jury__user",
            "score__participant__group",
            "score__criterion",
            "score__round",
            "by",
            "entered_by",
        )
        .order_by("-at", "-pk")
    )
    page = Paginator(changes, HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "events/scoring/history.html", {"event": event, "page": page})
