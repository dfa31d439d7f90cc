from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from core import permissions
from groups.models import Completeness, Group, ProgrammeYear


@login_required
def home(request):
    """The landing page: the user's roles and the state of the groups in their units."""
    access = permissions.access_for(request.user)
    year = ProgrammeYear.current()
    roles = request.user.roles.select_related("unit").order_by("role", "unit__path")
    summary = None
    if year is not None and access.roles:
        groups = permissions.restrict(Group.objects.filter(is_active=True), request.user)
        total = groups.count()
        complete = groups.filter(years__programme_year=year, years__status=Completeness.COMPLETE).count()
        incomplete = groups.filter(years__programme_year=year, years__status=Completeness.INCOMPLETE).count()
        summary = {
            "total": total,
            "complete": complete,
            "incomplete": incomplete,
            "missing": total - complete - incomplete,
        }
    return render(
        request,
        "core/home.html",
        {"year": year, "roles": roles, "summary": summary, "completeness": Completeness},
    )
