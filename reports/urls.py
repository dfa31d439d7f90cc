from django.urls import path
from django.views.decorators.http import require_safe

from reports import views

urlpatterns = [
    path("", require_safe(views.dashboard), name="reports-dashboard"),
    path("daftar/", require_safe(views.dashboard_list), name="reports-dashboard-list"),
    path("tren/", require_safe(views.trends), name="reports-trends"),
]
