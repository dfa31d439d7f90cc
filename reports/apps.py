from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from core import audit

        # An export of the Reports page (reports.recap_views, reports.export_jobs).
        audit.describe_detail(
            "delivery",
            _("delivery"),
            [
                ("direct", _("downloaded at once")),
                ("background", _("made in the background")),
                ("download", _("file downloaded")),
            ],
        )
        audit.describe_detail("export_job", _("export"))
        audit.describe_detail("programme_year", _("programme year"))
