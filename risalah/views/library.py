"""The library of verified risalah: every logged-in user of a Pemda searches and reads them.

Read-only pages through ``get_library_risalah_for_user``: the content of the
risalah (title, theme, unit, year, method, steps with their tools and charts, the PDF), never
the review notes, and of the roster only names and roles.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from core import exports
from core.pagination import KeyPaginator
from risalah import library
from risalah.library_forms import LibraryFilterForm
from risalah.pdf_cache import cached_risalah_pdf
from risalah.permissions import get_library_risalah_for_user
from risalah.tables import library_listed, library_table
from risalah.views.pdf import pdf_filename

PAGE_SIZE = 20


@login_required
@require_safe
def library_list(request):
    opds = list(library.opds_for(request.user))
    filters = exports.filters_of(request)
    form = LibraryFilterForm(filters, opds=library.opds_for(request.user))
    form.is_valid()  # invalid filters are shown beside the field and ignored
    risalah = library_listed(request.user, getattr(form, "cleaned_data", {}))
    table = library_table(opds)
    if response := exports.export_or_none(request, table, risalah):
        return response
    # By key: the page's targets (a look into its steps) are read for its 20 rows, not for every one.
    page = KeyPaginator(risalah, PAGE_SIZE).get_page(request.GET.get("page"))
    library.attach_opds(page.object_list, opds)
    return render(
        request,
        "risalah/library/list.html",
        {
            "form": form,
            "page": page,
            "filtered": filters is not None,
            "export": exports.offer(table, page.paginator.count),
        },
    )


@login_required
@require_safe
def library_detail(request, uuid):
    risalah = get_library_risalah_for_user(request.user, uuid)
    latest = library.latest_revision_of(risalah)
    if latest.pk != risalah.pk:
        return redirect("risalah-library-detail", uuid=latest.uuid)
    return render(request, "risalah/library/detail.html", library.reading_context(risalah))


@login_required
@require_safe
def library_pdf(request, uuid):
    risalah = get_library_risalah_for_user(request.user, uuid)
    latest = library.latest_revision_of(risalah)
    if latest.pk != risalah.pk:
        return redirect("risalah-library-pdf", uuid=latest.uuid)
    response = HttpResponse(cached_risalah_pdf(risalah, for_library=True), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{pdf_filename(risalah)}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
