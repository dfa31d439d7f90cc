from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from core.health import check_health


@never_cache
@require_safe
def health(request):
    """For the load balancer and monitoring, without login: 200 when this server can serve,
    503 when its database is unreachable or the task worker has stopped (core/health.py)."""
    report = check_health()
    return JsonResponse(report.as_json(), status=200 if report.healthy else 503)
