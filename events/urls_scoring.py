"""Events: scoring pages (see events/urls.py)."""

urlpatterns: list = []
