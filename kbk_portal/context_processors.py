"""The site's menu: one item per area, each shown to whom its app lets in.

It names the pages of every app, so it lives with the wiring (kbk_portal), not in core, which
imports no app.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core import permissions
from risalah.permissions import sees_risalah

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
    (_("Reports"), "reports-recap", ("reports-recap", "reports-export"), permissions.has_any_role),
    (_("Events"), "events-list", ("events-",), permissions.has_any_role),
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


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    current = getattr(getattr(request, "resolver_match", None), "url_name", None) or ""
    shown = [(label, name, prefixes) for label, name, prefixes, visible in NAV_ITEMS if visible(user)]
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
