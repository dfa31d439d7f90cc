from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.base import ContentFile
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from core import exports, permissions
from core.pagination import KeyPaginator
from core.uploads import file_response
from groups import services
from groups.forms import (
    GroupFilterForm,
    GroupForm,
    GroupYearForm,
    RosterAddForm,
    RosterPasteForm,
    RosterRoleForm,
)
from groups.models import Group, GroupYear, ProgrammeYear, RosterMember
from groups.permissions import get_group_for_user
from groups.tables import (
    attach_year_record,
    groups_listed,
    groups_table,
    in_roster_order,
    roster_members,
    roster_table,
    seats_awaiting,
)

PAGE_SIZE = 50


@login_required
@require_safe
def group_list(request):
    permissions.require_any_role(request.user)
    units = permissions.visible_units(request.user)
    form = GroupFilterForm(exports.filters_of(request), units=units)
    form.is_valid()  # invalid filters are shown beside the field and ignored
    groups, year = groups_listed(request.user, getattr(form, "cleaned_data", {}))
    table = groups_table(year)
    if response := exports.export_or_none(request, table, groups):
        return response
    page = KeyPaginator(groups, PAGE_SIZE).get_page(request.GET.get("page"))
    attach_year_record(page, year)
    return render(
        request,
        "groups/group_list.html",
        {
            "form": form,
            "page": page,
            "year": year,
            "export": exports.offer(table, page.paginator.count),
            "can_create": permissions.may_manage_some_groups(request.user),
            "seats_waiting": (
                seats_awaiting(request.user).count()
                if permissions.may_manage_some_groups(request.user)
                else 0
            ),
        },
    )


# --- helpers ------------------------------------------------------------------------------


def _programme_year(year: int) -> ProgrammeYear:
    return get_object_or_404(ProgrammeYear, year=year)


def _members_query():
    return RosterMember.objects.select_related("person__unit")


def _writable_units(user, group: Group | None = None):
    """Units the user may form groups in; an existing group's own unit stays choosable."""
    units = permissions.visible_units(user, permissions.GROUP_WRITE_ROLES)
    keep = Q(is_active=True)
    if group is not None:
        keep |= Q(pk=group.unit_id)
    return units.filter(keep)


def _group_fields(cleaned: dict) -> dict:
    return {
        key: cleaned[key] for key in ("unit", "name", "makna", "motto", "yel_yel", "formed_on", "is_active")
    }


# --- groups -------------------------------------------------------------------------------


@login_required
def group_create(request):
    permissions.require_group_manager(request.user)
    units = _writable_units(request.user)
    if request.method == "POST":
        form = GroupForm(request.POST, request.FILES, units=units)
        if form.is_valid():
            logo = form.cleaned_data["logo"]
            group = services.group_create(
                **_group_fields(form.cleaned_data), logo=logo if isinstance(logo, ContentFile) else None
            )
            messages.success(request, _("The group “%(name)s” was created.") % {"name": group.name})
            return redirect("groups-detail", group.uuid)
    else:
        form = GroupForm(units=units)
    return render(request, "groups/group_form.html", {"form": form, "group": None})


@login_required
@require_safe
def group_detail(request, group_uuid):
    group = get_group_for_user(request.user, group_uuid)
    years = list(
        group.years.select_related("programme_year")
        .prefetch_related(Prefetch("members", queryset=_members_query()))
        .order_by("-programme_year__year")
    )
    for group_year in years:
        group_year.roster = in_roster_order(group_year.members.all())
    programme_years = list(ProgrammeYear.objects.all())
    current = next(
        (py for py in programme_years if py.is_current), programme_years[0] if programme_years else None
    )
    recorded = {group_year.programme_year_id for group_year in years}
    can_edit = permissions.can_manage_groups(request.user, group.unit)
    return render(
        request,
        "groups/group_detail.html",
        {
            "group": group,
            "years": years,
            "current": current,
            "current_missing": current is not None and current.pk not in recorded,
            "unrecorded_years": [py for py in programme_years if py.pk not in recorded] if can_edit else [],
            "can_edit": can_edit,
        },
    )


@login_required
def group_edit(request, group_uuid):
    group = get_group_for_user(request.user, group_uuid, write=True)
    name = group.name  # the form writes typed values onto the instance, even invalid ones
    units = _writable_units(request.user, group)
    if request.method == "POST":
        form = GroupForm(request.POST, request.FILES, instance=group, units=units)
        if form.is_valid():
            logo = form.cleaned_data["logo"]
            services.group_update(
                group=group,
                **_group_fields(form.cleaned_data),
                logo=logo if isinstance(logo, ContentFile) else None,
                remove_logo=logo is False,
            )
            messages.success(request, _("The changes to “%(name)s” were saved.") % {"name": group.name})
            return redirect("groups-detail", group.uuid)
    else:
        form = GroupForm(instance=group, units=units)
    return render(request, "groups/group_form.html", {"form": form, "group": group, "group_name": name})


@login_required
@require_safe
def group_logo(request, group_uuid):
    group = get_group_for_user(request.user, group_uuid)
    return file_response(group.logo, download_name=f"logo {group.name}")


# --- SK of a programme year ---------------------------------------------------------------


@login_required
def group_year_edit(request, group_uuid, year: int):
    group = get_group_for_user(request.user, group_uuid, write=True)
    programme_year = _programme_year(year)
    group_year = (
        GroupYear.objects.select_related("group", "programme_year")
        .filter(group=group, programme_year=programme_year)
        .first()
    )
    instance = group_year or GroupYear(group=group, programme_year=programme_year)
    if request.method == "POST":
        form = GroupYearForm(request.POST, request.FILES, instance=instance)
        if form.is_valid():
            scan = form.cleaned_data["sk_scan"]
            group_year = services.group_year_record_sk(
                group=group,
                programme_year=programme_year,
                sk_number=form.cleaned_data["sk_number"],
                sk_date=form.cleaned_data["sk_date"],
                sk_signed_by=form.cleaned_data["sk_signed_by"],
                sk_scan=scan if isinstance(scan, ContentFile) else None,
                remove_scan=scan is False,
            )
            messages.success(request, _("The SK for %(year)d was saved.") % {"year": programme_year.year})
            return redirect("groups-detail", group.uuid)
    else:
        form = GroupYearForm(instance=instance)
    return render(
        request,
        "groups/group_year_form.html",
        {"form": form, "group": group, "programme_year": programme_year, "group_year": group_year},
    )


@login_required
@require_safe
def group_year_sk(request, group_uuid, year: int):
    group = get_group_for_user(request.user, group_uuid)
    group_year = get_object_or_404(GroupYear, group=group, programme_year__year=year)
    return file_response(group_year.sk_scan, download_name=f"SK {group.name} {year}")


# --- roster -------------------------------------------------------------------------------


def roster_add_form(request, group: Group, group_year: GroupYear | None, data=None) -> RosterAddForm:
    """The one-person form. A new ASN is recorded in one of the operator's own units."""
    return RosterAddForm(
        data,
        user=request.user,
        units=permissions.visible_units(request.user, permissions.GROUP_WRITE_ROLES),
        group_year=group_year,
        default_unit=group.unit,
    )


def render_roster(
    request,
    group,
    programme_year,
    group_year,
    *,
    add_form=None,
    bound_role_form=None,
    paste_form=None,
    paste_plan=None,
):
    can_edit = permissions.can_manage_groups(request.user, group.unit)
    members = roster_members(group_year)
    rows = []
    for member in members:
        role_form = None
        if can_edit:
            role_form = (
                bound_role_form
                if bound_role_form is not None and bound_role_form.member_pk == member.pk
                else RosterRoleForm(member=member)
            )
        rows.append((member, role_form))
    previous = services.previous_group_year(group=group, programme_year=programme_year) if can_edit else None
    if can_edit and add_form is None:
        add_form = roster_add_form(request, group, group_year)
    if can_edit and paste_form is None:
        paste_form = RosterPasteForm()
    return render(
        request,
        "groups/roster.html",
        {
            "group": group,
            "programme_year": programme_year,
            "group_year": group_year,
            "rows": rows,
            "add_form": add_form,
            "paste_form": paste_form,
            "paste_plan": paste_plan,
            "previous": previous,
            "can_edit": can_edit,
            "export": exports.offer(roster_table(group, programme_year), len(members)),
        },
    )


@login_required
def roster(request, group_uuid, year: int):
    group = get_group_for_user(request.user, group_uuid, write=request.method == "POST")
    programme_year = _programme_year(year)
    group_year = GroupYear.objects.filter(group=group, programme_year=programme_year).first()
    if request.method == "GET" and (file_format := exports.requested_format(request)):
        table, members = roster_table(group, programme_year), roster_members(group_year)
        return exports.export_response(request, table, members, file_format=file_format, unit=group.unit)
    add_form = None
    if permissions.can_manage_groups(request.user, group.unit):
        add_form = roster_add_form(
            request, group, group_year, data=request.POST if request.method == "POST" else None
        )
    if request.method == "POST" and add_form.is_valid():
        data = add_form.cleaned_data
        member, created = services.roster_add_by_nip(
            group=group,
            programme_year=programme_year,
            nip=data["nip"],
            role=data["role"],
            by=request.user,
            name=data["name"],
            jabatan=data["jabatan"].strip(),
            unit=data["unit"],
        )
        values = {"role": member.get_role_display(), "year": programme_year.year, "nip": member.person.nip}
        if member.from_other_unit:
            # Only what the operator typed: the other unit's record is not shown.
            values["name"] = data["name"]
            message = (
                _(
                    "%(name)s (NIP %(nip)s) was added to the %(year)d roster as %(role)s, as a member from "
                    "another unit. Until an operator of that unit confirms, the seat is only a line in the roster."
                )
                % values
            )
        elif created:
            values["name"] = member.person.name
            message = _("%(name)s was added to the %(year)d roster as %(role)s.") % values
        else:
            values["name"] = member.person.name
            message = (
                _("%(name)s is already known to the portal and was added to the %(year)d roster as %(role)s.")
                % values
            )
        messages.success(request, message)
        return redirect("groups-roster", group.uuid, programme_year.year)
    return render_roster(request, group, programme_year, group_year, add_form=add_form)


@login_required
@require_POST
def roster_copy(request, group_uuid, year: int):
    group = get_group_for_user(request.user, group_uuid, write=True)
    programme_year = _programme_year(year)
    source = services.previous_group_year(group=group, programme_year=programme_year)
    if source is None:
        messages.info(request, _("There is no earlier roster of this group to copy."))
        return redirect("groups-roster", group.uuid, programme_year.year)
    _group_year, count = services.roster_copy_from_previous(
        group=group, programme_year=programme_year, by=request.user
    )
    if count:
        message = ngettext(
            "%(count)d member was copied from the %(source)d roster.",
            "%(count)d members were copied from the %(source)d roster.",
            count,
        ) % {"count": count, "source": source.programme_year.year}
    else:
        message = _("Everyone on the %(source)d roster is already on this one; nothing was copied.") % {
            "source": source.programme_year.year
        }
    messages.success(request, message)
    return redirect("groups-roster", group.uuid, programme_year.year)


def _roster_member(group: Group, year: int, person_uuid) -> RosterMember:
    return get_object_or_404(
        RosterMember.objects.select_related("person", "group_year__programme_year"),
        group_year__group=group,
        group_year__programme_year__year=year,
        person__uuid=person_uuid,
    )


@login_required
@require_POST
def roster_role(request, group_uuid, year: int, person_uuid):
    group = get_group_for_user(request.user, group_uuid, write=True)
    member = _roster_member(group, year, person_uuid)
    form = RosterRoleForm(request.POST, member=member)
    if not form.is_valid():
        form.member_pk = member.pk
        group_year = member.group_year
        return render_roster(request, group, group_year.programme_year, group_year, bound_role_form=form)
    confirmation = member.confirmation
    services.roster_update_member(member=member, role=form.cleaned_data["role"], by=request.user)
    messages.success(
        request,
        _("%(name)s is now %(role)s.") % {"name": member.person.name, "role": member.get_role_display()},
    )
    if member.confirmation != confirmation:
        messages.info(
            request,
            _(
                "The seat of a member from another unit was confirmed for the old role; the new role waits for that unit's confirmation again."
            ),
        )
    return redirect("groups-roster", group.uuid, year)


@login_required
@require_POST
def roster_remove(request, group_uuid, year: int, person_uuid):
    group = get_group_for_user(request.user, group_uuid, write=True)
    member = _roster_member(group, year, person_uuid)
    services.roster_remove_member(member=member)
    messages.success(
        request,
        _("%(name)s was removed from the %(year)d roster.") % {"name": member.person.name, "year": year},
    )
    return redirect("groups-roster", group.uuid, year)
