"""Events: manage pages (see events/urls.py)."""

urlpatterns: list = []
