"""The risalah as a whole: list, create, overview, theme and title, checker, submit."""

from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core import exports, permissions
from core.pagination import KeyPaginator
from groups.permissions import get_group_for_user
from risalah import checker, library, services, snapshots
from risalah.forms.risalah import RisalahCreateForm, RisalahFilterForm
from risalah.forms.title import PreviewRisalah, TitleForm
from risalah.kept_input import login_keeping_input, take_kept_input
from risalah.models import Risalah, Status
from risalah.permissions import can_write_risalah, get_risalah_for_user
from risalah.tables import RISALAH, risalah_listed
from risalah.titles import compose_title

PAGE_SIZE = 50


def load_steps(risalah: Risalah) -> list:
    """The risalah's steps in method order, with their method steps. One query."""
    return list(risalah.steps.select_related("method_step", "updated_by").order_by("method_step__number"))


def may_write(user, risalah: Risalah) -> bool:
    """The user may change the risalah now (a role or roster seat that writes, and an editable status)."""
    return risalah.is_editable and can_write_risalah(user, risalah)


def step_summaries(steps: list, findings: list[checker.Finding]) -> list[dict]:
    """Each step with its findings, for the overview and the checker page."""
    by_step: dict[int | None, list] = {}
    for finding in findings:
        by_step.setdefault(finding.step_number, []).append(finding)
    return [
        {
            "step": step,
            "findings": by_step.get(step.method_step.number, []),
            "blocking": sum(f.blocking for f in by_step.get(step.method_step.number, [])),
        }
        for step in steps
    ]


@login_required
@require_safe
def risalah_list(request):
    units = permissions.visible_units(request.user)
    form = RisalahFilterForm(exports.filters_of(request), units=units)
    form.is_valid()  # invalid filters are shown beside the field and ignored
    risalah = risalah_listed(request.user, getattr(form, "cleaned_data", {}))
    if response := exports.export_or_none(request, RISALAH, risalah):
        return response
    page = KeyPaginator(risalah, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "risalah/list.html",
        {
            "form": form,
            "page": page,
            "export": exports.offer(RISALAH, page.paginator.count),
            "can_create": permissions.may_manage_some_groups(request.user),
        },
    )


@login_required
def risalah_create(request):
    permissions.require_group_manager(request.user)
    initial = {}
    if request.method == "GET" and request.GET.get("group"):
        initial["group"] = request.GET["group"]
    form = RisalahCreateForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        group = form.cleaned_data["group"]
        # The form offers only groups the user manages; check again through the one access helper.
        get_group_for_user(request.user, group.uuid, write=True)
        try:
            risalah = services.risalah_create(
                group=group,
                programme_year=form.cleaned_data["programme_year"],
                by=request.user,
                theme=form.cleaned_data["theme"],
            )
        except services.RisalahExists as exists:
            messages.info(
                request,
                _(
                    "%(group)s already has its risalah for %(year)s (one per group and year); here it is."
                    " A correction of a verified risalah is a new revision of it."
                )
                % {"group": group.name, "year": form.cleaned_data["programme_year"].year},
            )
            return redirect("risalah-detail", uuid=exists.existing.uuid)
        messages.success(request, _("The risalah was created. Start with its measurable title."))
        return redirect("risalah-title", uuid=risalah.uuid)
    return render(request, "risalah/create.html", {"form": form})


@login_required
@require_safe
def risalah_detail(request, uuid):
    risalah = get_risalah_for_user(request.user, uuid)
    steps = load_steps(risalah)
    facts = checker.load_facts(risalah, steps)
    findings = checker.run(facts)
    transitions = list(risalah.transitions.select_related("by").order_by("-at", "-pk"))
    return render(
        request,
        "risalah/detail.html",
        {
            "risalah": risalah,
            "steps": steps,
            "summaries": step_summaries(steps, findings),
            "general_findings": [f for f in findings if f.step_number is None],
            "blocking_count": sum(f.blocking for f in findings),
            "advice_count": sum(not f.blocking for f in findings),
            "figures": facts.figures,
            "can_write": may_write(request.user, risalah),
            "transitions": transitions,
            "last_submission": next((t for t in transitions if t.to_status == Status.SUBMITTED), None),
        },
    )


@login_keeping_input
def risalah_title(request, uuid):
    risalah = get_risalah_for_user(request.user, uuid, write=request.method == "POST")
    can_write = may_write(request.user, risalah)
    conflict = None
    kept = take_kept_input(request) if request.method == "GET" and can_write else None
    form = TitleForm(request.POST or kept, risalah=risalah, disabled=not can_write)
    if request.method == "POST" and form.is_valid():
        try:
            services.risalah_save_title(
                risalah=risalah,
                parts=form.parts(),
                title=form.cleaned_data["title"],
                title_is_custom=form.cleaned_data["title_is_custom"],
                base_version=form.cleaned_data["version"],
                by=request.user,
                conclusion=form.cleaned_data["conclusion"],
            )
        except services.TitleConflict as error:
            # Show the colleague's saved title beside the user's input; saving again keeps the user's.
            conflict = Risalah.objects.get(pk=risalah.pk)
            data = request.POST.copy()
            data["version"] = str(error.current_version)
            form = TitleForm(data, risalah=conflict)
        else:
            messages.success(request, _("The theme and title were saved."))
            return redirect("risalah-detail", uuid=risalah.uuid)
    return render(
        request,
        "risalah/title.html",
        {
            "risalah": risalah,
            "form": form,
            "can_write": can_write,
            "conflict": conflict,
            "preview": _preview(form, risalah),
            "steps": load_steps(risalah),
            # Only while the group writes: "risalah serupa" are for finding one's own angle.
            "similar": library.similar_risalah(
                request.user, title=risalah.title, theme=risalah.theme, exclude=risalah
            )
            if can_write
            else [],
        },
    )


def _preview(form: TitleForm, risalah: Risalah) -> str:
    """The title composed from the form's input as far as it is valid (the stored parts otherwise)."""
    if not form.is_bound:
        parts = {name: getattr(risalah, name) for name in services.TITLE_PARTS}
    else:
        form.is_valid()
        parts = {}
        for name in services.TITLE_PARTS:
            value = form.cleaned_data.get(name) if name not in form.errors else None
            parts[name] = Decimal(str(value)) if isinstance(value, float) else value
    with translation.override(settings.LANGUAGE_CODE):  # as the service composes it
        return compose_title(PreviewRisalah(**parts))


@require_POST
def risalah_title_preview(request, uuid):
    """The composed title as the writer types (an htmx fragment).

    Without a session: nothing (204), so the preview keeps the last sentence instead of showing
    the login page that a redirect would bring in. Saving then keeps the text (login_keeping_input).
    """
    if not request.user.is_authenticated:
        return HttpResponse(status=204)
    risalah = get_risalah_for_user(request.user, uuid, write=True)
    form = TitleForm(request.POST, risalah=risalah)
    return render(request, "risalah/title.html#title-preview", {"preview": _preview(form, risalah)})


@login_required
@require_safe
def risalah_checker(request, uuid):
    risalah = get_risalah_for_user(request.user, uuid)
    steps = load_steps(risalah)
    findings = checker.check(risalah, steps)
    return render(
        request,
        "risalah/checker.html",
        {
            "risalah": risalah,
            "steps": steps,
            "summaries": step_summaries(steps, findings),
            "general_findings": [f for f in findings if f.step_number is None],
            "findings": findings,
            "blocking_count": sum(f.blocking for f in findings),
            "can_write": may_write(request.user, risalah),
        },
    )


@login_required
def risalah_submit(request, uuid):
    risalah = get_risalah_for_user(request.user, uuid, write=True)
    if request.method == "POST":
        try:
            services.risalah_submit(risalah=risalah, by=request.user)
        except ValidationError:
            messages.error(request, _("The risalah was not submitted: the items below must be fixed first."))
        else:
            messages.success(
                request,
                _("The risalah was submitted to the bureau. It can no longer be changed by the group."),
            )
            return redirect("risalah-detail", uuid=risalah.uuid)
    findings = checker.check(risalah)
    return render(
        request,
        "risalah/submit.html",
        {
            "risalah": risalah,
            "late": services.is_late(risalah.programme_year),
            "blocking": [f for f in findings if f.blocking],
            "advice": [f for f in findings if not f.blocking],
        },
    )


@login_required
@require_safe
def risalah_roster_changes(request, uuid):
    """The roster and SK as filed, and what changed in the group's roster since."""
    risalah = get_risalah_for_user(request.user, uuid)
    as_filed = snapshots.filed(risalah)
    return render(
        request,
        "risalah/roster_changes.html",
        {
            "risalah": risalah,
            "as_filed": as_filed,
            "changes": None if as_filed is None else snapshots.roster_changes(risalah, as_filed),
        },
    )
