from django.urls import path

from groups import views

urlpatterns = [
    path("", views.group_list, name="groups-list"),
]
