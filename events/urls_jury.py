"""Events: jury pages (see events/urls.py)."""

urlpatterns: list = []
