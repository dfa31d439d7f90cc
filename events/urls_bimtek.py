"""Events: bimtek pages (see events/urls.py)."""

urlpatterns: list = []
