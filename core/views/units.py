"""Managing the unit tree: list, create, edit (verifikator in his subtree, admin everywhere)."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core import audit, exports, permissions
from core.models import Unit
from core.tables import UNITS, managed_units, units_listed
from core.unit_forms import UnitFilterForm, UnitForm
from core.unit_services import unit_create, unit_update

PAGE_SIZE = 100
MAX_INDENT = 5  # Bootstrap's ps-0 .. ps-5


@login_required
@require_safe
def unit_list(request):
    permissions.require_unit_admin(request.user)
    form = UnitFilterForm(exports.filters_of(request))
    form.is_valid()  # invalid filters are shown beside the field and ignored
    units = units_listed(request.user, getattr(form, "cleaned_data", {}))
    if response := exports.export_or_none(request, UNITS, units):
        return response
    page = Paginator(units, PAGE_SIZE).get_page(request.GET.get("page"))

    access = permissions.access_for(request.user)
    role_paths = access.paths_for(permissions.UNIT_ADMIN_ROLES)
    top_depth = 1
    if not access.is_admin and role_paths:
        top_depth = min(len(path) for path in role_paths) // Unit.steplen
    for unit in page:
        unit.indent = min(max(unit.depth - top_depth, 0), MAX_INDENT)
    return render(
        request,
        "core/units/unit_list.html",
        {"form": form, "page": page, "export": exports.offer(UNITS, page.paginator.count)},
    )


def _form_options(user, unit: Unit | None) -> dict:
    """How the parent field looks for ``user`` creating (unit None) or editing ``unit``."""
    is_admin = permissions.is_admin(user)
    parents = managed_units(user)
    if unit is None:
        return {"parents": parents, "allow_top_level": is_admin}
    parents = parents.exclude(path__startswith=unit.path)
    current = Unit.objects.get_parent(unit)
    locked = not is_admin and (current is None or not permissions.can_manage_units(user, current))
    return {"parents": parents, "allow_top_level": is_admin, "parent_locked": locked, "current": current}


@login_required
def unit_add(request):
    permissions.require_unit_admin(request.user)
    options = _form_options(request.user, None)
    initial = {}
    parent_uuid = request.GET.get("induk")
    if parent_uuid:
        initial["parent"] = options["parents"].filter(uuid__in=_valid_uuids([parent_uuid])).first()
    form = UnitForm(request.POST or None, initial=initial, **options)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            unit = unit_create(
                parent=data["parent"],
                kind=data["kind"],
                name=data["name"],
                short_name=data["short_name"],
                code=data["code"],
                is_active=data["is_active"],
                asn_count=data["asn_count"],
                by=request.user,
                ip_address=audit.client_ip(request),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The unit “%(unit)s” has been added.") % {"unit": unit.name})
            return redirect("core-unit-list")
    return render(request, "core/units/unit_form.html", {"form": form, "unit": None})


@login_required
def unit_edit(request, unit_uuid):
    unit = permissions.get_unit_for_user(request.user, unit_uuid, write=True)
    options = _form_options(request.user, unit)
    current = options.pop("current")
    form = UnitForm(
        request.POST or None, instance=unit, initial={"parent": current.uuid if current else None}, **options
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        parent = data["parent"] if "parent" in form.fields else current
        try:
            unit = unit_update(
                unit=unit,
                parent=parent,
                kind=data["kind"],
                name=data["name"],
                short_name=data["short_name"],
                code=data["code"],
                is_active=data["is_active"],
                asn_count=data["asn_count"],
                by=request.user,
                ip_address=audit.client_ip(request),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The unit “%(unit)s” has been saved.") % {"unit": unit.name})
            return redirect("core-unit-list")
    return render(
        request,
        "core/units/unit_form.html",
        {"form": form, "unit": unit, "current_parent": current, "parent_locked": options["parent_locked"]},
    )


def _valid_uuids(values):
    found = []
    for value in values:
        try:
            found.append(uuid.UUID(value))
        except ValueError:
            continue
    return found
