from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from core import audit
        from reports import trend_tally  # noqa: F401 (connects the receivers that keep the trend's tally)
        from reports.document_jobs import EVIDENCE_PACKS_ZIP, LETTERS_ZIP  # registers the kinds
        from reports.documents import EVIDENCE_ZIP, LETTER_PDF, RECAP_PDF

        audit.describe_detail(
            "document",
            _("document"),
            [
                (RECAP_PDF, _("Yearly recap (PDF)")),
                (LETTER_PDF, _("Evaluation letter (PDF)")),
                (EVIDENCE_ZIP, _("Evidence pack (ZIP)")),
                (LETTERS_ZIP, _("Every unit's evaluation letter (ZIP)")),
                (EVIDENCE_PACKS_ZIP, _("Every unit's evidence pack (ZIP)")),
            ],
        )
        audit.describe_detail("bytes", _("size (bytes)"))
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
