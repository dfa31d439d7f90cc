from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"

    def ready(self):
        from core import audit
        from reports.documents import EVIDENCE_ZIP, LETTER_PDF, RECAP_PDF

        audit.describe_detail(
            "document",
            _("document"),
            [
                (RECAP_PDF, _("Yearly recap (PDF)")),
                (LETTER_PDF, _("Evaluation letter (PDF)")),
                (EVIDENCE_ZIP, _("Evidence pack (ZIP)")),
            ],
        )
        audit.describe_detail("bytes", _("size (bytes)"))
