"""The home page: the user's roles and the next deadline, an operator's own figures and what is
missing, the bureau's review queue, a pimpinan's figures.

It lives with the dashboard because every figure on it comes from reports.dashboard (the same
indicators, scopes and links as the dashboard's cards); in core it made the base import an app.
"""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from core import permissions
from events.jury_pages import jury_flag_refresh, my_events
from groups.models import Completeness, Group, ProgrammeYear
from reports import dashboard as figures
from reports.dashboard import BY_SLUG, Within
from reports.views import dashboard_url, list_url

MISSING_LIMIT = 20
# The compact figures of the home page, by indicator slug; the bureau sees the review queue.
COMPACT = (
    "kelompok",
    "sk-sah",
    "susunan-lengkap",
    "draf",
    "menunggu-pemeriksaan",
    "perlu-perbaikan",
    "terverifikasi",
    "belum-menyerahkan",
    "terlambat",
    "sk-terlambat",
    "gelar",
    "juara-gelar",
    "ikut-bimtek",
)
REVIEW = ("diajukan", "diperiksa")


@dataclass(frozen=True)
class Missing:
    what: str
    url: str
    action: str
    overdue: bool = False  # its deadline has passed


def _cards(year: ProgrammeYear, totals: figures.Figures, scope: figures.Scope, slugs) -> list[dict]:
    return [
        {
            "indicator": BY_SLUG[slug],
            "value": getattr(totals, BY_SLUG[slug].field),
            "url": list_url(year, scope.root, slug),
            "alert": slug in ("perlu-perbaikan", "belum-menyerahkan", "terlambat", "sk-terlambat"),
        }
        for slug in slugs
    ]


def _missing(group: Group, year: ProgrammeYear) -> list[Missing]:
    """What a group still lacks this year, each with the page where it is fixed. No query."""
    items = []
    record = group.year_record
    if not group.has_sk:
        items.append(
            Missing(
                _("No SK for %(year)d yet") % {"year": year.year}
                if record is None
                else _("The SK is incomplete"),
                reverse("groups-year-edit", args=[group.uuid, year.year]),
                _("Record the SK"),
                overdue=group.is_sk_overdue,
            )
        )
    elif record is None or record.status != Completeness.COMPLETE:
        items.append(
            Missing(
                _("The roster is incomplete"),
                reverse("groups-roster", args=[group.uuid, year.year]),
                _("Complete the roster"),
                overdue=group.is_sk_overdue,
            )
        )
    if not group.is_filed:
        risalah = group.year_risalah
        if risalah is None:
            items.append(
                Missing(
                    _("No risalah yet"),
                    f"{reverse('risalah-create')}?group={group.uuid}",
                    _("Start the risalah"),
                    overdue=group.is_risalah_overdue,
                )
            )
        else:
            items.append(
                Missing(
                    _("The risalah is not submitted yet (%(status)s)")
                    % {"status": risalah.get_status_display()},
                    reverse("risalah-detail", args=[risalah.uuid]),
                    _("Open the risalah"),
                    overdue=group.is_risalah_overdue,
                )
            )
    return items


def _operator_part(user, year: ProgrammeYear) -> dict | None:
    """The operator's own units: compact figures and what is missing, group by group."""
    scope = figures.default_scope(user, permissions.GROUP_WRITE_ROLES, admin_sees_all=False)
    if scope is None:
        return None
    totals = figures.build_totals(year, scope, filing_only=True)
    groups = list(
        figures.indicator_groups(year, Within(scope=scope), BY_SLUG["perlu-dilengkapi"])[:MISSING_LIMIT]
    )
    figures.attach_year(groups)
    return {
        "scope": scope,
        "cards": _cards(year, totals, scope, COMPACT),
        "missing": [(group, _missing(group, year)) for group in groups],
        "missing_total": totals.missing,
        "missing_url": list_url(year, scope.root, "perlu-dilengkapi"),
    }


def _overview_part(user, year: ProgrammeYear, *, reviewer: bool) -> dict | None:
    """The bureau (what waits for review) or a pimpinan (the figures of the subtree)."""
    scope = figures.default_scope(user)
    if scope is None:
        return None
    totals = figures.build_totals(year, scope, filing_only=True)
    return {
        "scope": scope,
        "cards": _cards(year, totals, scope, REVIEW if reviewer else COMPACT),
        "dashboard_url": dashboard_url("reports-dashboard", year, scope.root),
    }


@login_required
def home(request):
    """The landing page: the user's roles and the next deadline; an operator's own figures and
    what is missing; for the bureau, what waits for review; for a pimpinan, the subtree's figures;
    for a jury member, their events (and nothing else for a jury member without a role)."""
    access = permissions.access_for(request.user)
    year = ProgrammeYear.current()
    roles = request.user.roles.select_related("unit").order_by("role", "unit__path")
    context = {"year": year, "roles": roles, "deadline": figures.next_deadline(year)}
    # A jury member finds their events here; one without a role (a guest) finds only that.
    context["jury_events"] = my_events(request.user)
    context["jury_only"] = bool(context["jury_events"]) and not access.roles
    jury_flag_refresh(request, is_jury=bool(context["jury_events"]))
    if year is not None and access.roles:
        context["operator"] = _operator_part(request.user, year)
        reviewer = permissions.may_manage_some_units(request.user)
        if reviewer or context["operator"] is None:
            context["overview"] = _overview_part(request.user, year, reviewer=reviewer)
            context["reviewer"] = reviewer
    return render(request, "reports/home.html", context)
