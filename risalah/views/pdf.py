"""The printed risalah, as a PDF download."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.utils.text import slugify

from risalah.pdf_cache import cached_risalah_pdf
from risalah.permissions import get_risalah_for_user


def pdf_filename(risalah) -> str:
    """'risalah-kbk-sehati-2026.pdf' (plain ASCII, so every browser keeps it)."""
    return f"risalah-{slugify(risalah.group.name) or 'kbk'}-{risalah.programme_year.year}.pdf"


@login_required
def risalah_pdf(request, uuid):
    risalah = get_risalah_for_user(request.user, uuid)
    response = HttpResponse(cached_risalah_pdf(risalah), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{pdf_filename(risalah)}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
