"""Events: scoring pages (see events/urls.py)."""

from django.urls import path

from events.views import scoring

urlpatterns = [
    path("<uuid:uuid>/nilai/<uuid:participant>/<int:order>/", scoring.score_form, name="events-score"),
    path(
        "<uuid:uuid>/nilai/<uuid:participant>/<int:order>/simpan/",
        scoring.score_save,
        name="events-score-save",
    ),
    path(
        "<uuid:uuid>/nilai/lembar/<uuid:jury>/<int:order>/",
        scoring.score_sheet_pdf,
        name="events-score-sheet",
    ),
    path("<uuid:uuid>/nilai/kertas/", scoring.paper_list, name="events-score-paper-list"),
    path(
        "<uuid:uuid>/nilai/kertas/<uuid:jury>/<uuid:participant>/<int:order>/",
        scoring.paper_entry,
        name="events-score-paper",
    ),
    path("<uuid:uuid>/nilai/riwayat/", scoring.score_history, name="events-score-history"),
]
