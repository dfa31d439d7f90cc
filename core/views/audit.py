from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.http import require_safe

from core import permissions
from core.forms import AuditFilterForm
from core.models import AuditEvent
from core.pagination import KeyPaginator


@login_required
@require_safe
def audit_log(request):
    """The global audit log, for admins only."""
    if not permissions.is_admin(request.user):
        raise PermissionDenied
    form = AuditFilterForm(request.GET or None)
    events = AuditEvent.objects.select_related("actor", "unit")
    if form.is_valid():
        data = form.cleaned_data
        if data["action"]:
            events = events.filter(action=data["action"])
        if data["who"]:
            events = events.filter(actor_name__icontains=data["who"])
        if data["date_from"]:
            events = events.filter(at__date__gte=data["date_from"])
        if data["date_to"]:
            events = events.filter(at__date__lte=data["date_to"])
    page = KeyPaginator(events, 100).get_page(request.GET.get("page"))
    return render(request, "core/audit_log.html", {"form": form, "page": page})
