from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Units and accounts")

    def ready(self):
        from django.db.models import fields

        from core import audit, twofa  # noqa: F401 - they connect the login signal receivers
        from core.imports.plans import Outcome
        from core.models import Role

        # Django 6.1's empty choice of a select; its own Indonesian catalogue lacks it.
        fields.BLANK_CHOICE_LABEL = _("- Select an option -")

        audit.describe_detail("role", _("role"), Role.choices)
        audit.describe_detail("email", _("e-mail"))
        audit.describe_detail("ip_address", _("IP address"))
        audit.describe_detail("change", _("change"), [("added", _("added")), ("saved", _("saved"))])
        # An export of a list (core.exports): what it held and which filters chose its rows.
        audit.describe_detail("format", _("format"))
        audit.describe_detail("rows", _("rows"))
        audit.describe_detail("columns", _("columns"))
        audit.describe_detail("filters", _("filters"))
        for outcome, label in Outcome.LABELS.items():
            audit.describe_detail(outcome, label)
