from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RisalahConfig(AppConfig):
    name = "risalah"

    def ready(self):
        from core import audit
        from risalah.models import Status

        audit.describe_detail("from_status", _("previous status"), Status.choices)
        audit.describe_detail("to_status", _("new status"), Status.choices)
        audit.describe_detail("revision", _("revision"))
        audit.describe_detail("late", _("after the deadline"), [(True, _("yes")), (False, _("no"))])
