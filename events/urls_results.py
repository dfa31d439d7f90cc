"""Events: results pages (see events/urls.py)."""

urlpatterns: list = []
