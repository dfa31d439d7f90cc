from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from core import permissions
from groups.forms import GroupFilterForm
from groups.models import Group, ProgrammeYear

PAGE_SIZE = 50


@login_required
def group_list(request):
    permissions.require_any_role(request.user)
    units = permissions.visible_units(request.user)
    form = GroupFilterForm(request.GET or None, units=units)
    form.is_valid()  # invalid filters are shown beside the field and ignored
    filters = getattr(form, "cleaned_data", {})
    year = filters.get("year") or ProgrammeYear.current()
    groups = permissions.restrict(Group.objects.for_list(year), request.user)
    if filters.get("unit"):
        groups = groups.filter(unit__path__startswith=filters["unit"].path)
    if filters.get("completeness") and year is not None:
        groups = groups.with_completeness(year, filters["completeness"])
    if filters.get("q"):
        groups = groups.filter(name__icontains=filters["q"])
    page = Paginator(groups, PAGE_SIZE).get_page(request.GET.get("page"))
    for group in page:
        group.year_record = group.selected_years[0] if year and group.selected_years else None
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "groups/group_list.html",
        {
            "form": form,
            "page": page,
            "year": year,
            "query": query.urlencode(),
            "can_create": permissions.may_manage_some_groups(request.user),
        },
    )
