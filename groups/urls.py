from django.urls import path

from groups.views import groups as views

urlpatterns = [
    path("", views.group_list, name="groups-list"),
]
