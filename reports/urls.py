from django.urls import path
from django.views.decorators.http import require_safe

from reports import recap_views, views

urlpatterns = [
    path("", require_safe(views.dashboard), name="reports-dashboard"),
    path("daftar/", require_safe(views.dashboard_list), name="reports-dashboard-list"),
    path("tren/", require_safe(views.trends), name="reports-trends"),
    path("laporan/", recap_views.recap, name="reports-recap"),
    path("laporan/ekspor/<uuid:job>/", recap_views.export_status, name="reports-export-status"),
    path("laporan/ekspor/<uuid:job>/unduh/", recap_views.export_download, name="reports-export-download"),
]
