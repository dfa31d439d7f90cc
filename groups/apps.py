from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GroupsConfig(AppConfig):
    name = "groups"

    def ready(self):
        from core import audit

        # Labels of the details the roster services write to the audit log.
        audit.describe_detail("group", _("group"))
        audit.describe_detail("year", _("year"))
        audit.describe_detail("nip", _("NIP"))
        audit.describe_detail("person_unit", _("unit of the member"))
