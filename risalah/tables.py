"""The risalah list and the library: their filtered rows and their columns, in one place.

The pages and their exports (core.exports) take their rows from :func:`risalah_listed` and
:func:`library_listed`, so a file holds exactly what its page counts.
"""

from functools import partial

from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from core import permissions
from core.exports import DATETIME, INTEGER, Column, Table
from groups.models import GRANTING_SEATS, RosterRole
from risalah import library
from risalah.models import Risalah


def visible_risalah(user) -> QuerySet:
    """Risalah of the user's unit subtrees, plus those of groups where the user is ketua or sekretaris."""
    condition = permissions.unit_filter(user, prefix="group__unit__")
    queryset = Risalah.objects.all()
    if condition is None:
        return queryset
    own = Risalah.objects.filter(
        group__years__programme_year=F("programme_year"),
        group__years__members__person__user=user,
        group__years__members__role__in=[RosterRole.KETUA, RosterRole.SEKRETARIS],
        group__years__members__confirmation__in=GRANTING_SEATS,
    ).values("pk")
    return queryset.filter(condition | Q(pk__in=own))


def risalah_listed(user, filters: dict) -> QuerySet:
    """The risalah list's rows: the risalah ``user`` may read, filtered, newest year first."""
    risalah = (
        visible_risalah(user)
        .select_related("group__unit", "programme_year")
        .order_by("-programme_year__year", "group__unit__path", "group__name", "created_at")
    )
    if filters.get("year"):
        risalah = risalah.filter(programme_year=filters["year"])
    if filters.get("status"):
        risalah = risalah.filter(status=filters["status"])
    if filters.get("unit"):
        risalah = risalah.filter(group__unit__path__startswith=filters["unit"].path)
    if filters.get("q"):
        q = filters["q"]
        risalah = risalah.filter(Q(title__icontains=q) | Q(theme__icontains=q) | Q(group__name__icontains=q))
    return risalah


RISALAH = Table(
    name="risalah",
    title=_("Risalah"),
    columns=(
        Column(_("Group"), lambda risalah: risalah.group.name, width=28),
        Column(_("Unit"), lambda risalah: str(risalah.group.unit), width=32),
        Column(_("Year"), lambda risalah: risalah.programme_year.year, INTEGER, width=8),
        Column(_("Theme"), lambda risalah: risalah.theme, width=30),
        Column(_("Title"), lambda risalah: risalah.title, width=50),
        Column(_("Status"), lambda risalah: risalah.get_status_display(), width=18),
        Column(_("Last change"), lambda risalah: risalah.updated_at, DATETIME),
    ),
)


# --- the library of verified risalah ------------------------------------------------------


def library_listed(user, filters: dict) -> QuerySet:
    """The library's rows: the latest verified risalah ``user`` finds, filtered
    (``LibraryFilterForm.cleaned_data``), in the library's order (the best matches first when
    searching on PostgreSQL)."""
    return library.apply_filters(library.library_risalah(user), filters)


def _result(risalah: Risalah) -> str:
    if risalah.target_met:
        return _("Target reached")
    if risalah.target_missed:
        return _("Target not reached")
    return ""


def library_table(opds) -> Table:
    """The library's columns; ``opds`` (``library.opds_for``) name each row's OPD without a query."""
    return Table(
        name="perpustakaan-risalah",
        title=_("Library of verified risalah"),
        columns=(
            Column(_("Theme"), lambda risalah: risalah.theme, width=30),
            Column(_("Title"), lambda risalah: risalah.title, width=50),
            Column(_("Group"), lambda risalah: risalah.group.name, width=28),
            Column(_("Unit"), lambda risalah: risalah.group.unit.name, width=32),
            Column(_("OPD"), lambda risalah: risalah.opd.name if risalah.opd else "", width=32),
            Column(_("Year"), lambda risalah: risalah.programme_year.year, INTEGER, width=8),
            Column(_("Method"), lambda risalah: risalah.method.name if risalah.method else "", width=20),
            Column(_("Result"), _result, width=18),
        ),
        prepare=partial(library.attach_opds, opds=opds),
    )
