"""One page per step of the risalah, saved as the writer types (autosave) and explicitly.

A save carries the step version the page was loaded at; ``step_save`` refuses it when a colleague
saved in between. The page then shows both versions, the writer's own input still in the form,
and saving again keeps the writer's version on top of the colleague's.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from groups.models import RosterMember, RosterRole
from risalah import services
from risalah.charts import safe_svg
from risalah.forms.steps import StepEditor, editor_context
from risalah.kept_input import login_keeping_input, take_kept_input
from risalah.models import Risalah, RisalahStep
from risalah.permissions import RisalahLocked, get_risalah_for_user
from risalah.step_charts import chart_names_for_tools, charts_for_step
from risalah.views.risalah import load_steps, may_write

FRAGMENTS = "risalah/step_fragments.html"


def roster_choices(risalah: Risalah) -> list[tuple[str, str]]:
    """The roster of the risalah's year (Pembina excepted), for "who" in the 5W+1H plan. One query."""
    members = (
        RosterMember.objects.filter(
            group_year__group_id=risalah.group_id, group_year__programme_year_id=risalah.programme_year_id
        )
        .exclude(role=RosterRole.PEMBINA)
        .select_related("person")
        .order_by("person__name")
    )
    return [(str(m.person.uuid), f"{m.person.name} ({m.get_role_display()})") for m in members]


def _find_step(steps: list[RisalahStep], number: int, risalah: Risalah) -> RisalahStep:
    step = next((s for s in steps if s.method_step.number == number), None)
    if step is None:
        raise Http404
    step.risalah = risalah  # already loaded with its group and year
    return step


def _fresh(step: RisalahStep, risalah: Risalah) -> RisalahStep:
    """The step as stored now (after a conflict), with who saved it."""
    fresh = RisalahStep.objects.select_related("method_step", "updated_by").get(pk=step.pk)
    fresh.risalah = risalah
    return fresh


def page_charts(step: RisalahStep, causes: dict[str, str]) -> dict[str, str]:
    """The step's charts, checked and marked safe for inline use (``causes``: the fishbone's)."""
    return {name: safe_svg(svg) for name, svg in charts_for_step(step, causes).items()}


def _chart_items(step: RisalahStep, causes: dict[str, str]) -> list[tuple[str, str]]:
    """Every chart the step may have, empty when its data does not allow it (so the page's
    placeholder is emptied too)."""
    charts = page_charts(step, causes)
    return [(name, charts.get(name, "")) for name in chart_names_for_tools(step.method_step.tools)]


@login_keeping_input
def risalah_step(request, uuid, number):
    risalah = get_risalah_for_user(request.user, uuid, write=request.method == "POST")
    steps = load_steps(risalah)
    step = _find_step(steps, number, risalah)
    can_write = may_write(request.user, risalah)
    ctx = editor_context(risalah, steps, roster_choices(risalah))
    conflict = theirs = None
    status = 200
    kept = take_kept_input(request) if request.method == "GET" and can_write else None
    if request.method == "POST" and request.POST.get("then") == "restore":
        # The page's script brings back what this browser kept of a save that failed: shown
        # as typed, saved only when the writer saves.
        editor = StepEditor(step, ctx=ctx, data=request.POST)
        editor.is_valid()
        messages.warning(
            request,
            _("The text this browser kept is back in the form. It is NOT saved yet: check it and save."),
        )
    elif kept is not None:
        editor = StepEditor(step, ctx=ctx, data=kept)
        editor.is_valid()
    elif request.method == "POST":
        editor = StepEditor(step, ctx=ctx, data=request.POST)
        if editor.is_valid():
            try:
                services.step_save(
                    step=step,
                    data=editor.tool_data(),
                    narrative=editor.narrative,
                    base_version=editor.base_version,
                    by=request.user,
                )
            except services.StepConflict as error:
                conflict = _fresh(step, risalah)
                theirs = StepEditor(conflict, ctx=ctx, disabled=True, auto_id="theirs_%s")
                # The user's input stays in the form, now based on the stored version: saving
                # again is the explicit choice to keep this version.
                data = request.POST.copy()
                data["version"] = str(error.current_version)
                editor = StepEditor(step, ctx=ctx, data=data)
                status = 409
            else:
                messages.success(request, _("Step %(number)d was saved.") % {"number": number})
                following = next((s for s in steps if s.method_step.number > number), None)
                if request.POST.get("then") == "next" and following is not None:
                    return redirect("risalah-step", uuid=risalah.uuid, number=following.method_step.number)
                return redirect("risalah-step", uuid=risalah.uuid, number=number)
        else:
            messages.error(request, _("The step was not saved: correct the fields marked in red."))
    else:
        editor = StepEditor(step, ctx=ctx, disabled=not can_write)
    charts = page_charts(step, ctx.causes)
    return render(
        request,
        "risalah/step.html",
        {
            "risalah": risalah,
            "step": step,
            "steps": steps,
            "previous": next((s for s in reversed(steps) if s.method_step.number < number), None),
            "following": next((s for s in steps if s.method_step.number > number), None),
            "editor": editor,
            "charts": charts,
            "can_write": can_write,
            "conflict": conflict,
            "theirs": theirs,
        },
        status=status,
    )


def _answer(request, state: str, context: dict, status: int = 200):
    """An autosave answer: a fragment for #autosave-status, its state in the KBK-Save-State header.

    The page's script shows a fragment only when the header is there; any other answer (a
    server error, a proxy's page) is shown as a failed save.
    """
    response = render(request, f"{FRAGMENTS}#{state}", context, status=status)
    response["KBK-Save-State"] = state
    return response


@require_POST
def risalah_step_autosave(request, uuid, number):
    """Save the step as the writer types; answer with a small status fragment (htmx).

    Never a redirect: an expired session (401), invalid input (400), a locked risalah (403) or a
    conflict (409) each answer with a message in the page, and the text stays in the writer's
    browser.
    """
    if not request.user.is_authenticated:
        return _answer(request, "session-expired", {}, status=401)
    try:
        risalah = get_risalah_for_user(request.user, uuid, write=True)
    except RisalahLocked as error:
        return _answer(request, "refused", {"message": str(error)}, status=403)
    except PermissionDenied:
        message = _("You may read this risalah but not change it.")
        return _answer(request, "refused", {"message": message}, status=403)
    steps = load_steps(risalah)
    step = _find_step(steps, number, risalah)
    ctx = editor_context(risalah, steps, roster_choices(risalah))
    editor = StepEditor(step, ctx=ctx, data=request.POST)
    if not editor.is_valid():
        return _answer(request, "invalid", {"errors": editor.field_errors()}, status=400)
    try:
        services.step_save(
            step=step,
            data=editor.tool_data(),
            narrative=editor.narrative,
            base_version=editor.base_version,
            by=request.user,
        )
    except services.StepConflict:
        return _answer(request, "conflict", {"other": _fresh(step, risalah)}, status=409)
    return _answer(
        request,
        "saved",
        {
            "step": step,
            "saved_at": timezone.localtime(step.updated_at),
            "chart_items": _chart_items(step, ctx.causes),
        },
    )
