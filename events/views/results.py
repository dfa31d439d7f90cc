"""Results pages: locking rounds, rankings, publication, certificates, feedback, exports and the
public results and verification pages (the only events pages without a login)."""

from collections import defaultdict
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core import exports
from core.permissions import restrict
from events import results_services, scoring, services
from events.certificate_pdf import certificate_response
from events.forms_results import PublishForm, UnlockForm, VerifyForm
from events.models import (
    Certificate,
    ConflictOfInterest,
    EventStatus,
    Participant,
    Result,
    Round,
    Score,
)
from events.permissions import (
    get_certificate_for_user,
    get_event_for_user,
    get_participant_for_feedback,
    get_published_event,
)
from events.tables import (
    ranking_listed,
    ranking_table,
    ranking_tables,
    scores_listed,
    scores_table,
)
from events.views.manage import error_text


def _round(event, round_uuid) -> Round:
    return get_object_or_404(Round.objects.filter(event=event), uuid=round_uuid)


def _refuse_when_published(request, event) -> bool:
    """Published results stay as published: rounds change only after the event is running again."""
    if event.status != EventStatus.RESULTS_PUBLISHED:
        return False
    messages.error(
        request, _("The results are published. Set the event back to running before changing a round.")
    )
    return True


# --- the bureau ---------------------------------------------------------------------------------


@login_required
@require_safe
def results_manage(request, event_uuid):
    event = get_event_for_user(request.user, event_uuid, manage=True)
    rounds = list(
        event.rounds.select_related("locked_by").annotate(result_count=Count("results")).order_by("order")
    )
    published = event.status == EventStatus.RESULTS_PUBLISHED
    winners = [result for result in results_services.final_results(event) if result.award_tier_id]
    certificates = event.certificates.filter(participant__isnull=False).aggregate(
        valid=Count("pk", filter=Q(revoked_at__isnull=True)),
        revoked=Count("pk", filter=Q(revoked_at__isnull=False)),
    )
    return render(
        request,
        "events/results/manage.html",
        {
            "event": event,
            "rounds": rounds,
            "published": published,
            "can_publish": event.status == EventStatus.RUNNING,
            "winners": winners,
            "certificates": certificates,
            "scores_export": exports.offer(
                scores_table(event), Score.objects.filter(round__event=event).count()
            ),
            "ranking_export": exports.offer(
                ranking_table(event), Result.objects.filter(round__event=event).count()
            ),
        },
    )


@login_required
@require_POST
def round_lock(request, event_uuid, round_uuid):
    event = get_event_for_user(request.user, event_uuid, manage=True)
    round = _round(event, round_uuid)
    services.round_lock(round=round, by=request.user)
    messages.success(
        request, _("%(round)s is locked: no score of it can change now.") % {"round": round.name}
    )
    return redirect("events-results", event.uuid)


@login_required
def round_unlock(request, event_uuid, round_uuid):
    event = get_event_for_user(request.user, event_uuid, manage=True)
    round = _round(event, round_uuid)
    if _refuse_when_published(request, event):
        return redirect("events-results", event.uuid)
    form = UnlockForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.round_unlock(round=round, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error_text(error))
        else:
            messages.success(request, _("%(round)s is open again for scores.") % {"round": round.name})
            return redirect("events-results", event.uuid)
    return render(request, "events/results/unlock.html", {"event": event, "round": round, "form": form})


@login_required
@require_POST
def results_compute(request, event_uuid, round_uuid):
    event = get_event_for_user(request.user, event_uuid, manage=True)
    round = _round(event, round_uuid)
    if _refuse_when_published(request, event):
        return redirect("events-results", event.uuid)
    try:
        services.results_compute(round=round, by=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect("events-results", event.uuid)
    messages.success(request, _("The results of %(round)s are computed.") % {"round": round.name})
    return redirect("events-ranking", event.uuid, round.uuid)


@login_required
@require_safe
def ranking(request, event_uuid, round_uuid):
    event = get_event_for_user(request.user, event_uuid, manage=True)
    round = _round(event, round_uuid)
    tables = ranking_tables(round)
    rows = [row for table in tables for row in table["rows"]]
    table = ranking_table(event, round, tables)
    if response := exports.export_or_none(request, table, rows, unit=event.organiser):
        return response
    return render(
        request,
        "events/results/ranking.html",
        {
            "event": event,
            "round": round,
            "tables": tables,
            "export": exports.offer(table, len(rows)),
            "all_rounds_export": exports.offer(
                ranking_table(event), Result.objects.filter(round__event=event).count()
            ),
        },
    )


@login_required
def results_publish(request, event_uuid):
    event = get_event_for_user(request.user, event_uuid, manage=True)
    form = PublishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.event_change_status(event=event, to=EventStatus.RESULTS_PUBLISHED, by=request.user)
        except ValidationError as error:
            form.add_error(None, error_text(error))
        else:
            messages.success(request, _("The results are published; everyone can see them now."))
            return redirect("events-results", event.uuid)
    last = results_services.last_round(event)
    tables = ranking_tables(last) if last else []
    return render(
        request,
        "events/results/publish.html",
        {"event": event, "form": form, "round": last, "tables": tables},
    )


@login_required
@require_POST
def send_onward(request, event_uuid, participant_uuid):
    event = get_event_for_user(request.user, event_uuid, manage=True)
    participant = get_object_or_404(
        Participant.objects.select_related("group"), event=event, uuid=participant_uuid
    )
    try:
        results_services.participant_send_onward(participant=participant, by=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request,
            _("%(group)s is marked as sent to the provincial round.") % {"group": participant.group.name},
        )
    return redirect("events-results", event.uuid)


@login_required
@require_POST
def certificates_issue(request, event_uuid):
    event = get_event_for_user(request.user, event_uuid, manage=True)
    try:
        issued = results_services.certificates_issue_all(event=event, by=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request,
            _("Certificates ready: %(winners)d for winners, %(presenters)d for presenting groups.")
            % {"winners": issued.winners, "presenters": issued.presenters},
        )
    return redirect("events-results", event.uuid)


# --- exports ------------------------------------------------------------------------------------


@login_required
@require_safe
def export_scores(request, event_uuid):
    """Every score of the event: XLSX, or CSV with ``?format=csv``."""
    event = get_event_for_user(request.user, event_uuid, manage=True)
    return exports.export_response(
        request,
        scores_table(event),
        scores_listed(event),
        file_format=exports.requested_format(request) or "xlsx",
        unit=event.organiser,
    )


@login_required
@require_safe
def export_ranking(request, event_uuid):
    """The ranking of every round of the event: XLSX, or CSV with ``?format=csv``."""
    event = get_event_for_user(request.user, event_uuid, manage=True)
    return exports.export_response(
        request,
        ranking_table(event),
        ranking_listed(event.rounds.order_by("order")),
        file_format=exports.requested_format(request) or "xlsx",
        unit=event.organiser,
    )


# --- the groups ---------------------------------------------------------------------------------


@login_required
@require_safe
def group_results(request, event_uuid):
    """The user's own groups in the event: their feedback and certificates."""
    event = get_event_for_user(request.user, event_uuid)
    participants = restrict(
        event.participants.select_related("group__unit", "track"), request.user, prefix="group__unit__"
    ).order_by("group__name")
    published = event.status == EventStatus.RESULTS_PUBLISHED
    certificates = defaultdict(list)
    if published:
        for certificate in Certificate.objects.filter(
            participant__in=participants, revoked_at__isnull=True
        ).select_related("award_tier"):
            certificates[certificate.participant_id].append(certificate)
    rows = [{"participant": p, "certificates": certificates[p.pk]} for p in participants]
    return render(
        request, "events/results/group_results.html", {"event": event, "rows": rows, "published": published}
    )


def feedback_rounds(participant: Participant) -> list[dict]:
    """Per round the group was scored in: each criterion with its average and each jury's points
    under a number ("Juri 1"), and the comments. Jury names never leave this function."""
    conflicted = set(
        ConflictOfInterest.objects.filter(participant=participant).values_list("jury_id", flat=True)
    )
    scores = [
        score
        for score in Score.objects.filter(participant=participant)
        .select_related("round", "criterion")
        .order_by("round__order", "criterion__order", "jury_id")
        if score.jury_id not in conflicted
    ]
    numbers = {jury_id: index for index, jury_id in enumerate(sorted({s.jury_id for s in scores}), start=1)}
    rounds: dict[int, dict] = {}
    for score in scores:
        block = rounds.setdefault(
            score.round_id, {"round": score.round, "criteria": {}, "juries": set(), "comments": []}
        )
        block["juries"].add(numbers[score.jury_id])
        row = block["criteria"].setdefault(score.criterion_id, {"criterion": score.criterion, "points": {}})
        row["points"][numbers[score.jury_id]] = score.points
        if score.comment.strip():
            block["comments"].append(
                {"jury": numbers[score.jury_id], "criterion": score.criterion.name, "text": score.comment}
            )
    out = []
    for block in rounds.values():
        juries = sorted(block["juries"])
        criteria = []
        for row in block["criteria"].values():
            values = list(row["points"].values())
            criteria.append(
                {
                    "criterion": row["criterion"],
                    "points": [row["points"].get(number) for number in juries],
                    "average": scoring.rounded(sum(values, Decimal(0)) / len(values)),
                }
            )
        out.append(
            {"round": block["round"], "juries": juries, "criteria": criteria, "comments": block["comments"]}
        )
    return out


@login_required
@require_safe
def feedback(request, event_uuid, participant_uuid):
    participant = get_participant_for_feedback(request.user, event_uuid, participant_uuid)
    event = participant.event
    results = {
        result.round_id: result
        for result in Result.objects.filter(participant=participant).select_related("award_tier")
    }
    rounds = feedback_rounds(participant)
    for block in rounds:
        block["result"] = results.get(block["round"].pk)
    return render(
        request,
        "events/results/feedback.html",
        {"event": event, "participant": participant, "rounds": rounds},
    )


@login_required
@require_safe
def certificate_pdf(request, event_uuid, certificate_uuid):
    certificate = get_certificate_for_user(request.user, event_uuid, certificate_uuid)
    number = certificate.number.replace("/", "-")
    return certificate_response(request, certificate, filename=f"sertifikat-{number}.pdf")


# --- public pages (no login) --------------------------------------------------------------------


@require_safe
def public_results(request, event_uuid):
    event = get_published_event(event_uuid)
    tables: dict[int, dict] = {}
    for result in results_services.final_results(event):
        table = tables.setdefault(result.track_id, {"track": result.track, "rows": []})
        table["rows"].append(result)
    return render(request, "events/results/public.html", {"event": event, "tables": list(tables.values())})


@require_safe
def certificate_verify(request):
    form = VerifyForm(request.GET or None)
    lookup = results_services.certificate_lookup(form.cleaned_data["code"]) if form.is_valid() else None
    return render(request, "events/results/verify.html", {"form": form, "lookup": lookup})


@require_safe
def certificate_check(request, code):
    """The link printed on a certificate: the same page with the code filled in."""
    form = VerifyForm({"code": code})
    lookup = results_services.certificate_lookup(form.cleaned_data["code"]) if form.is_valid() else None
    return render(request, "events/results/verify.html", {"form": form, "lookup": lookup})
