from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _

from core.history import entries
from groups.models import Group, GroupYear, RosterMember
from groups.permissions import get_group_for_user


@login_required
def group_history(request, group_uuid):
    """Who changed what in the group, its yearly SK and its rosters, field by field."""
    group = get_group_for_user(request.user, group_uuid)
    # Every year the group had, deleted ones included: a subquery, not a query of its own.
    year_ids = GroupYear.history.filter(group_id=group.pk).values("id")
    combined = (
        entries(Group.history.filter(id=group.pk).select_related("history_user").order_by("-history_date"))
        + entries(
            GroupYear.history.filter(group_id=group.pk)
            .select_related("history_user", "group", "programme_year")
            .order_by("-history_date"),
            exclude=("status", "problems"),
        )
        + entries(
            RosterMember.history.filter(group_year_id__in=year_ids)
            .select_related("history_user", "person")
            .order_by("-history_date")
        )
    )
    combined.sort(key=lambda entry: entry.at, reverse=True)
    return render(
        request,
        "groups/group_history.html",
        {"group": group, "entries": combined[:300], "here": _("History")},
    )
