"""The events' pages, one URL module per area (mounted at /acara/ in kbk_portal/urls.py)."""

from django.urls import include, path

urlpatterns = [
    path("", include("events.urls_manage")),  # the bureau: events, rounds, participants, schedule
    path("", include("events.urls_jury")),  # juries, invitations, assignment, conflicts, progress
    path("", include("events.urls_scoring")),  # score forms (phone, offline), paper sheets and entry
    path("", include("events.urls_results")),  # rankings, publication, certificates, public pages
    path("", include("events.urls_bimtek")),  # Bimtek registration, attendance, exports
]
