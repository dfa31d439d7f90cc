"""The bench's urlconf (bench/run sets ROOT_URLCONF to it): the portal's URLs and a floor view.

The floor is the cheapest page a logged-in request can be: the session and user middleware, one
query of the view's own, a few bytes of response. It lives here, not in the portal's URLs.
"""

from django.http import HttpResponse
from django.urls import include, path

from groups.models import Group


def floor(request):
    """One query: the name of one group."""
    name = Group.objects.order_by("pk").values_list("name", flat=True).first()
    return HttpResponse(name or "", content_type="text/plain")


urlpatterns = [
    path("bench/floor/", floor, name="bench-floor"),
    path("", include("kbk_portal.urls")),
]
