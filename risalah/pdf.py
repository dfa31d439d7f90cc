"""The printed risalah: an HTML template rendered to PDF by WeasyPrint, fetching nothing from outside."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation


def private_fetcher():
    """A URL fetcher serving only data: URIs; every other URL (http, https, file, ...) is refused.

    WeasyPrint is imported here, not at module level: importing it parses its stylesheets,
    which every management command would otherwise pay for.
    """
    from weasyprint.urls import URLFetcher

    class PrivateFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            raise ValueError(f"The printed risalah fetches nothing from outside: {url[:80]}")

    return PrivateFetcher()


def render_risalah_pdf(risalah) -> bytes:
    steps = list(risalah.steps.select_related("method_step").order_by("method_step__number"))
    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string("risalah/pdf/risalah.html", {"risalah": risalah, "steps": steps})
    from weasyprint import HTML

    return HTML(string=html, url_fetcher=private_fetcher(), base_url="data:,").write_pdf()
