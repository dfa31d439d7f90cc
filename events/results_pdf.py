"""A certificate as an A4 landscape PDF, rendered by WeasyPrint the way risalah.pdf renders the
risalah: an HTML template, the same fonts, a fetcher that fetches nothing from outside."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from events.models import Certificate
from risalah.pdf import Resources, private_fetcher, weasyprint


def render_certificate_pdf(certificate: Certificate, *, verification_url: str) -> bytes:
    """The certificate in the programme's language whatever the reader's menu."""
    html_class = weasyprint().HTML
    resources = Resources()
    context = {
        "certificate": certificate,
        "event": certificate.event,
        "verification_url": verification_url,
    }
    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string("events/results/certificate_pdf.html", context)
    return html_class(string=html, url_fetcher=private_fetcher(resources), base_url="kbk:/").write_pdf()
