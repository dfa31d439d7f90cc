from django.urls import path

from groups.views import programme_years as views

urlpatterns = [
    path("", views.programme_year_list, name="groups-programme-year-list"),
    path("baru/", views.programme_year_create, name="groups-programme-year-create"),
    path("<int:year>/ubah/", views.programme_year_edit, name="groups-programme-year-edit"),
]
