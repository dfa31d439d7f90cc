from django.urls import path

from reports import recap_views, views

urlpatterns = [
    path("", views.dashboard, name="reports-dashboard"),
    path("daftar/", views.dashboard_list, name="reports-dashboard-list"),
    path("tren/", views.trends, name="reports-trends"),
    path("laporan/", recap_views.recap, name="reports-recap"),
    path("laporan/ekspor/<uuid:job>/", recap_views.export_status, name="reports-export-status"),
    path("laporan/ekspor/<uuid:job>/unduh/", recap_views.export_download, name="reports-export-download"),
]
