"""The site's menu: one item per area, each shown to whom its app lets in.

It names the pages of every app, so it lives with the wiring (kbk_portal), not in core, which
imports no app.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core import permissions
from events.jury_pages import menu_flag
from risalah.permissions import sees_risalah

# Who sees an item: a function of the user, or JURY for the active jury members (a flag the
# session keeps, see events.jury_pages: asking the database on every page would cost a query).
JURY = "jury"

# (label, url name, url-name prefixes that mark the item active, who sees it). Menu order.
NAV_ITEMS = [
    (_("Home"), "core-home", ("core-home",), lambda user: True),
    (
        _("KBK groups"),
        "groups-list",
        (
            "groups-list",
            "groups-detail",
            "groups-create",
            "groups-edit",
            "groups-year",
            "groups-roster",
            "groups-sk",
        ),
        permissions.has_any_role,
    ),
    (_("Risalah"), "risalah-list", ("risalah-",), sees_risalah),
    (_("Library"), "risalah-library", ("risalah-library",), lambda user: True),
    (_("Dashboard"), "reports-dashboard", ("reports-",), permissions.has_any_role),
    (
        _("Reports"),
        "reports-recap",
        # The Reports page and the documents page (the recap PDF, letters, evidence packs).
        (
            "reports-recap",
            "reports-export",
            "reports-document",
            "reports-letter",
            "reports-evidence",
            "reports-signatory",
        ),
        permissions.has_any_role,
    ),
    (
        _("Events"),
        "events-list",
        # The bureau's score pages are the events' ones, not the jury member's "Scoring".
        ("events-", "events-score-paper", "events-score-history"),
        permissions.has_any_role,
    ),
    (_("Scoring"), "events-my-scoring", ("events-my-", "events-score"), JURY),
    (_("Units"), "core-unit-list", ("core-unit",), permissions.may_manage_some_units),
    (
        _("Programme years"),
        "groups-programme-year-list",
        ("groups-programme-year",),
        permissions.may_manage_some_units,
    ),
    (_("Accounts"), "core-account-list", ("core-account",), permissions.may_manage_some_units),
    (_("Audit log"), "core-audit-log", ("core-audit",), permissions.is_admin),
]


GUEST_ITEMS = {"core-home", "events-my-scoring"}


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    current = getattr(getattr(request, "resolver_match", None), "url_name", None) or ""
    jury = menu_flag(request)
    # A guest on a jury (no role, no unit) has nothing in the portal but their jury pages.
    guest = jury and user.unit_id is None and not permissions.has_any_role(user)
    shown = [
        (label, name, prefixes)
        for label, name, prefixes, visible in NAV_ITEMS
        if (not guest or name in GUEST_ITEMS) and (jury if visible == JURY else visible(user))
    ]
    # The item with the longest matching prefix is the current one ("risalah-library-detail" is
    # the Library, not Risalah).
    lengths = [
        max((len(p) for p in prefixes if current.startswith(p)), default=0) for _l, _n, prefixes in shown
    ]
    best = max(lengths, default=0)
    items = [
        {"label": label, "url": reverse(name), "active": best > 0 and length == best}
        for (label, name, _prefixes), length in zip(shown, lengths, strict=True)
    ]
    return {"nav_items": items, "nav_is_admin": permissions.is_admin(user)}
