"""The lists of core (units, accounts, the audit log): their filtered rows and their columns, in one place.

The list page and its export (core.exports) both take their rows from the functions here, so
the file holds exactly what the page counts.
"""

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from core import permissions
from core.audit import readable_details
from core.exports import DATETIME, INTEGER, Column, Table, yes_no
from core.models import AuditEvent, RoleAssignment, User


def managed_units(user):
    """The units ``user`` may manage (an admin: all), in tree order."""
    return permissions.visible_units(user, roles=permissions.UNIT_ADMIN_ROLES)


def units_listed(user, filters: dict) -> QuerySet:
    """The unit list's rows: the units ``user`` manages, filtered, each with ``group_count``."""
    units = managed_units(user).annotate(
        group_count=Count("groups", filter=Q(groups__is_active=True), distinct=True)
    )
    if filters.get("kind"):
        units = units.filter(kind=filters["kind"])
    if filters.get("active") in ("1", "0"):
        units = units.filter(is_active=filters["active"] == "1")
    if filters.get("q"):
        term = filters["q"]
        units = units.filter(
            Q(name__icontains=term) | Q(short_name__icontains=term) | Q(code__icontains=term)
        )
    return units


UNITS = Table(
    name="unit",
    title=_("Units"),
    columns=(
        Column(_("Unit"), lambda unit: unit.name, width=40),
        Column(_("Short name"), lambda unit: unit.short_name),
        Column(_("Code"), lambda unit: unit.code, width=14),
        Column(_("Kind"), lambda unit: unit.get_kind_display(), width=16),
        Column(_("Active"), lambda unit: yes_no(unit.is_active), width=8),
        Column(_("Sub-units"), lambda unit: unit.numchild, INTEGER),
        Column(_("Active groups"), lambda unit: unit.group_count, INTEGER),
    ),
)


def roles_prefetch() -> Prefetch:
    return Prefetch(
        "roles", queryset=RoleAssignment.objects.select_related("unit").order_by("role", "unit__path")
    )


def accounts_listed(user, filters: dict) -> QuerySet:
    """The account list's rows: accounts whose home unit ``user`` manages, filtered."""
    accounts = permissions.restrict(
        User.objects.select_related("unit")
        .prefetch_related(roles_prefetch())
        .order_by("full_name", "username"),
        user,
        roles=permissions.UNIT_ADMIN_ROLES,
    )
    if filters.get("q"):
        q = filters["q"].strip()
        condition = (
            Q(full_name__icontains=q) | Q(username__icontains=q) | Q(email__icontains=q) | Q(nip__icontains=q)
        )
        accounts = accounts.filter(condition)
    if filters.get("unit"):
        accounts = accounts.filter(unit__path__startswith=filters["unit"].path)
    if filters.get("role"):
        accounts = accounts.filter(
            pk__in=RoleAssignment.objects.filter(role=filters["role"]).values("user_id")
        )
    return accounts


def _roles_text(account: User) -> str:
    return "; ".join(f"{a.get_role_display()} · {a.unit}" for a in account.roles.all())


ACCOUNTS = Table(
    name="akun",
    title=_("Accounts"),
    columns=(
        Column(_("Name"), lambda account: account.get_full_name(), width=30),
        Column(_("NIP"), lambda account: account.nip, width=20),
        Column(_("Username"), lambda account: account.username, width=20),
        Column(_("E-mail"), lambda account: account.email, width=30),
        Column(_("Home unit"), lambda account: str(account.unit) if account.unit else "", width=30),
        Column(_("Roles"), _roles_text, width=40),
        Column(_("Active"), lambda account: yes_no(account.is_active), width=8),
    ),
)


def audit_events_listed(filters: dict) -> QuerySet:
    """The audit log's rows, newest first, filtered (``AuditFilterForm.cleaned_data``). Admins only:
    the caller checks."""
    events = AuditEvent.objects.select_related("actor", "unit")
    if filters.get("action"):
        events = events.filter(action=filters["action"])
    if filters.get("who"):
        events = events.filter(actor_name__icontains=filters["who"])
    if filters.get("date_from"):
        events = events.filter(at__date__gte=filters["date_from"])
    if filters.get("date_to"):
        events = events.filter(at__date__lte=filters["date_to"])
    return events


def _details_text(event: AuditEvent) -> str:
    return "; ".join(f"{label}: {value}" for label, value in readable_details(event.details or {}))


AUDIT_LOG = Table(
    name="log-audit",
    title=_("Audit log"),
    columns=(
        Column(_("When"), lambda event: event.at, DATETIME),
        Column(_("Who"), lambda event: event.actor_name, width=28),
        Column(_("Action"), lambda event: event.get_action_display(), width=18),
        Column(_("On what"), lambda event: event.target, width=40),
        Column(_("Details"), _details_text, width=40),
        Column(_("Unit"), lambda event: str(event.unit) if event.unit else "", width=30),
        Column(_("IP address"), lambda event: event.ip_address, width=16),
    ),
)
