"""Programme years (Tahun Program): calendar and roster rules, managed by verifikator and admins."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_safe

from core import permissions
from groups import services
from groups.models import Completeness, ProgrammeYear
from groups.programme_year_forms import ProgrammeYearForm


@login_required
@require_safe
def programme_year_list(request):
    permissions.require_unit_admin(request.user)
    years = ProgrammeYear.objects.annotate(
        group_count=Count("group_years"),
        complete_count=Count("group_years", filter=Q(group_years__status=Completeness.COMPLETE)),
    ).order_by("-year")
    return render(
        request,
        "groups/programme_years/list.html",
        {"years": years, "can_manage": permissions.may_manage_programme_years(request.user)},
    )


@login_required
def programme_year_create(request):
    if not permissions.may_manage_programme_years(request.user):
        raise PermissionDenied
    latest = ProgrammeYear.objects.aggregate(latest=Max("year"))["latest"]
    initial = {"year": latest + 1 if latest else timezone.localdate().year}
    form = ProgrammeYearForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        programme_year = form.save(commit=False)
        services.programme_year_save(programme_year=programme_year)
        messages.success(request, _("Programme year %(year)d created.") % {"year": programme_year.year})
        return redirect("groups-programme-year-list")
    return render(request, "groups/programme_years/form.html", {"form": form, "editing_year": None})


@login_required
def programme_year_edit(request, year):
    if not permissions.may_manage_programme_years(request.user):
        raise PermissionDenied
    programme_year = get_object_or_404(ProgrammeYear, year=year)
    form = ProgrammeYearForm(request.POST or None, instance=programme_year)
    if request.method == "POST" and form.is_valid():
        changed = services.programme_year_save(programme_year=form.save(commit=False))
        rules_changed = bool(set(form.changed_data) & set(services.PROGRAMME_YEAR_RULE_FIELDS))
        message = _("Programme year %(year)d saved.") % {"year": programme_year.year}
        if rules_changed:
            now_complete = sum(1 for group_year in changed if group_year.status == Completeness.COMPLETE)
            message += " " + ngettext(
                "The roster rules changed: %(count)d group changed completeness "
                "(%(complete)d now complete, %(incomplete)d now incomplete).",
                "The roster rules changed: %(count)d groups changed completeness "
                "(%(complete)d now complete, %(incomplete)d now incomplete).",
                len(changed),
            ) % {"count": len(changed), "complete": now_complete, "incomplete": len(changed) - now_complete}
        messages.success(request, message)
        return redirect("groups-programme-year-list")
    # The heading uses the year of the URL: an invalid form may have changed the instance in memory.
    return render(request, "groups/programme_years/form.html", {"form": form, "editing_year": year})
