from django.urls import path

from reports import views

urlpatterns = [
    path("", views.dashboard, name="reports-dashboard"),
    path("daftar/", views.dashboard_list, name="reports-dashboard-list"),
    path("tren/", views.trends, name="reports-trends"),
]
