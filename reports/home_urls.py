"""The landing page at the site's root (see reports.home). Its name stays ``core-home``: the
templates, the login redirect and the error pages reverse it since before it moved here."""

from django.urls import path
from django.views.decorators.http import require_safe

from reports import home

urlpatterns = [
    path("", require_safe(home.home), name="core-home"),
]
