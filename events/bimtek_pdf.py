"""The certificate of a Bimtek attendee as an A4 landscape PDF (WeasyPrint, as risalah.pdf).

A small document of its own until the results pages' certificate PDF is merged; the lead may
unify the two. WeasyPrint fetches nothing: the fetcher of risalah.pdf refuses every URL.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from events.models import Certificate
from risalah.pdf import Resources, private_fetcher, weasyprint


def render_certificate_html(certificate: Certificate) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string(
            "events/bimtek/certificate_pdf.html",
            {"certificate": certificate, "event": certificate.event, "attendee": certificate.attendee},
        )


def render_certificate_pdf(certificate: Certificate) -> bytes:
    html_class = weasyprint().HTML
    html = render_certificate_html(certificate)
    return html_class(string=html, url_fetcher=private_fetcher(Resources()), base_url="kbk:/").write_pdf()
