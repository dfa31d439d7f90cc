from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Units and accounts")

    def ready(self):
        from core import audit  # noqa: F401  (connects the login signal receivers)
