from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.http import require_safe

from core import exports, permissions
from core.forms import AuditFilterForm
from core.pagination import KeyPaginator
from core.tables import AUDIT_LOG, audit_events_listed


@login_required
@require_safe
def audit_log(request):
    """The global audit log, for admins only; as a file with ``?format=xlsx`` / ``?format=csv``."""
    if not permissions.is_admin(request.user):
        raise PermissionDenied
    form = AuditFilterForm(exports.filters_of(request))
    # Filters apply only when they all hold (a wrong date range is shown and nothing is filtered).
    events = audit_events_listed(form.cleaned_data if form.is_valid() else {})
    if response := exports.export_or_none(request, AUDIT_LOG, events):
        return response
    page = KeyPaginator(events, 100).get_page(request.GET.get("page"))
    return render(
        request,
        "core/audit_log.html",
        {"form": form, "page": page, "export": exports.offer(AUDIT_LOG, page.paginator.count)},
    )
