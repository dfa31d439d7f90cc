"""Every certificate (a Gelar winner, a presenting group, a Bimtek attendee) as an A4 landscape
PDF: one template, one render function, rendered by WeasyPrint the way risalah.pdf renders the
risalah (the same fonts, a fetcher that fetches nothing from outside).

Each certificate carries its number, its verification code and the address of the public
verification page with the code filled in, so anyone holding the paper can check it.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from events.models import Certificate
from risalah.pdf import Resources, private_fetcher, weasyprint

TEMPLATE = "events/certificate_pdf.html"


def verification_url(request: HttpRequest, certificate: Certificate) -> str:
    """The public page that checks this certificate (printed on it, absolute)."""
    return request.build_absolute_uri(
        reverse("events-certificate-check", args=[certificate.verification_code])
    )


def render_certificate_html(certificate: Certificate, *, verification_url: str) -> str:
    """The certificate in the programme's language whatever the reader's menu. Reads the event's
    organiser and the recipient (the attendee's unit, the award): select them with the certificate."""
    context = {
        "certificate": certificate,
        "event": certificate.event,
        "attendee": certificate.attendee,
        "verification_url": verification_url,
    }
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string(TEMPLATE, context)


def render_certificate_pdf(certificate: Certificate, *, verification_url: str) -> bytes:
    html = render_certificate_html(certificate, verification_url=verification_url)
    return (
        weasyprint().HTML(string=html, url_fetcher=private_fetcher(Resources()), base_url="kbk:/").write_pdf()
    )


def certificate_response(request: HttpRequest, certificate: Certificate, *, filename: str) -> HttpResponse:
    """The certificate as a download: a personal document, never cached on the way."""
    data = render_certificate_pdf(certificate, verification_url=verification_url(request, certificate))
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
