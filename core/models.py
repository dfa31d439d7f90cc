import uuid

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet


class UnitKind(models.TextChoices):
    PEMKAB = "pemkab", _("Regency government (Pemkab)")
    PEMKOT = "pemkot", _("City government (Pemkot)")
    PEMPROV = "pemprov", _("Provincial government (Pemprov)")
    OPD = "opd", _("Regional agency (OPD)")
    KECAMATAN = "kecamatan", _("Kecamatan")
    KELURAHAN = "kelurahan", _("Kelurahan")
    DESA = "desa", _("Desa")
    PUSKESMAS = "puskesmas", _("Puskesmas")
    RSUD = "rsud", _("Regional hospital (RSUD)")
    SEKOLAH = "sekolah", _("School")
    UPT = "upt", _("Technical unit (UPT)")
    OTHER = "lainnya", _("Other")


PEMDA_KINDS = {UnitKind.PEMKAB, UnitKind.PEMKOT, UnitKind.PEMPROV}


class UnitQuerySet(MP_NodeQuerySet):
    def subtree_of(self, unit: "Unit") -> "UnitQuerySet":
        """The unit and everything under it, in one query (materialised path prefix)."""
        return self.filter(path__startswith=unit.path)

    def within_paths(self, paths: list[str]) -> "UnitQuerySet":
        """Units under any of the given tree paths."""
        if not paths:
            return self.none()
        condition = Q()
        for path in paths:
            condition |= Q(path__startswith=path)
        return self.filter(condition)

    def active(self) -> "UnitQuerySet":
        return self.filter(is_active=True)


class UnitManager(MP_NodeManager.from_queryset(UnitQuerySet)):
    def get_queryset(self):
        return UnitQuerySet(self.model, using=self._db).order_by("path")


# A code is copied into spreadsheets and letters: letters, digits and . - _ / (spaces
# inside), starting with a letter or digit, so that it can never be read as a formula
# (=, +, -, @) by a spreadsheet program.
unit_code_validator = RegexValidator(
    r"^[A-Za-z0-9](?:[A-Za-z0-9._/ -]*[A-Za-z0-9._/-])?$",
    _(
        "A code may contain only letters, digits, spaces and . - _ /, "
        "and must start with a letter or a digit."
    ),
    code="invalid_code",
)


class Unit(MP_Node):
    """An organisation that forms groups: a Pemda, an OPD or a sub-unit of one.

    The tree is a materialised path (django-treebeard): ``path`` of a descendant starts
    with its ancestor's ``path``, so a subtree is one ``startswith`` query.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    name = models.CharField(_("official name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60)
    code = models.CharField(
        _("code"),
        max_length=40,
        unique=True,
        validators=[unit_code_validator],
        help_text=_("A stable code, e.g. the unit's code in the regional organisation chart."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    # The dashboard's "Share of ASN involved" divides by it; empty when the unit has not said.
    asn_count = models.PositiveIntegerField(
        _("number of ASN"),
        null=True,
        blank=True,
        help_text=_(
            "The civil servants (ASN) working in this unit itself, not in its sub-units; the dashboard "
            "uses it for the share of ASN in KBK groups."
        ),
    )

    node_order_by = ["name"]
    objects = UnitManager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints = [
            # PKM-02 and pkm-02 are one unit: an import or a form must never make them two.
            models.UniqueConstraint(
                Lower("code"),
                name="unit_code_unique_ci",
                violation_error_message=_("Another unit already uses this code."),
            ),
        ]

    def __str__(self) -> str:
        return self.short_name or self.name

    def is_within(self, ancestor: "Unit") -> bool:
        """True when this unit is ``ancestor`` or below it. No query."""
        return self.path.startswith(ancestor.path)


class Role(models.TextChoices):
    OPERATOR = "operator", _("Operator")
    VERIFIKATOR = "verifikator", _("Verifikator")
    PIMPINAN = "pimpinan", _("Pimpinan")
    ADMIN = "admin", _("Administrator")


class PortalUserManager(UserManager):
    def get_by_login(self, login: str):
        """A user by username or e-mail, case-insensitively."""
        login = login.strip()
        if "@" in login:
            return self.get(email__iexact=login)
        return self.get(username__iexact=login)


class User(AbstractUser):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(_("e-mail address"), blank=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    nip = models.CharField(_("NIP"), max_length=18, blank=True)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    # "Log out everywhere" raises it: it is part of the session hash, so every session made
    # before no longer matches the user (Django logs such a session out on its next request).
    session_version = models.PositiveIntegerField(default=0, editable=False)

    objects = PortalUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                condition=~Q(email=""),
                name="user_email_unique_ci",
                violation_error_message=_("Another account already uses this e-mail address."),
            ),
            models.UniqueConstraint(Lower("username"), name="user_username_unique_ci"),
        ]

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.full_name or self.username

    def _get_session_auth_hash(self, secret=None):
        # Version 0 keeps Django's hash (of the password alone), so no session ends on upgrade.
        if not self.session_version:
            return super()._get_session_auth_hash(secret=secret)
        return salted_hmac(
            "core.User.session_auth_hash",
            f"{self.password}:{self.session_version}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()


class RoleAssignment(models.Model):
    """A role over a unit subtree. A person may hold several."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit (and everything under it)"),
        on_delete=models.PROTECT,
        related_name="role_assignments",
    )
    granted_at = models.DateTimeField(auto_now_add=True)
    granted_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "unit"], name="role_once_per_user_role_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} — {self.unit}"


class AuditAction(models.TextChoices):
    LOGIN = "login", _("Logged in")
    LOGIN_FAILED = "login_failed", _("Failed login")
    LOGOUT = "logout", _("Logged out")
    EXPORT = "export", _("Export")
    ROLE_GRANT = "role_grant", _("Role granted")
    ROLE_REVOKE = "role_revoke", _("Role revoked")
    ACCOUNT_CREATE = "account_create", _("Account created")
    STATUS_CHANGE = "status_change", _("Status changed")
    EVENT = "event", _("Event (Gelar, Bimtek) changed")
    IMPORT = "import", _("Import")
    UNIT_CHANGE = "unit_change", _("Unit added or changed")
    ROSTER_CROSS_ADD = "roster_cross_add", _("Member from another unit added to a roster")
    ROSTER_CONFIRM = "roster_confirm", _("Roster seat confirmed by the member's unit")
    ROSTER_DECLINE = "roster_decline", _("Roster seat declined by the member's unit")
    TWOFA_SETUP = "twofa_setup", _("Authenticator app set up")
    TWOFA_REMOVED = "twofa_removed", _("Authenticator app removed")
    TWOFA_PASSED = "twofa_passed", _("Second login step passed")
    TWOFA_FAILED = "twofa_failed", _("Second login step failed")
    RECOVERY_USED = "recovery_used", _("Recovery code used")
    RECOVERY_NEW = "recovery_new", _("New recovery codes made")
    LOGOUT_ALL = "logout_all", _("Logged out everywhere")
    TWOFA_RESET = "twofa_reset", _("Two-factor login reset by an officer")


class AuditEvent(models.Model):
    """The global audit log: logins, exports, role grants and status changes. Append-only."""

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        User, verbose_name=_("who"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField(_("who (as typed or at the time)"), max_length=254, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=AuditAction.choices, db_index=True)
    target = models.CharField(_("on what"), max_length=300, blank=True)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.get_action_display()} {self.target}"


class NotificationPreference(models.Model):
    """Which e-mails a person gets. Created with everything on when first needed."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="notification_preference")
    weekly_digest = models.BooleanField(
        _("weekly reminder of what is missing in my units"),
        default=True,
        help_text=_(
            "For operators: groups without SK, complete roster or submitted risalah, around each deadline."
        ),
    )
    review_digest = models.BooleanField(
        _("weekly list of risalah waiting for my review"),
        default=True,
        help_text=_("For verifikators."),
    )
    status_notices = models.BooleanField(
        _("a notice when a risalah of my units is returned or verified"),
        default=True,
    )

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return str(self.user)


class MailKind(models.TextChoices):
    INVITATION = "invitation", _("Invitation")
    OPERATOR_DIGEST = "operator_digest", _("Reminder to operator")
    REVIEW_DIGEST = "review_digest", _("Review reminder")
    STATUS_NOTICE = "status_notice", _("Status notice")
    EVENT_NOTICE = (
        "event_notice",
        _("Event notice"),
    )  # slots and jury reminders (a guest jury's invitation is an INVITATION)
    SECURITY_NOTICE = "security_notice", _("Security notice")  # e.g. two-factor login reset
    EXPORT_READY = "export_ready", _("Export ready")  # a background export the user asked to hear of


class MailStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class SentMail(models.Model):
    """Every e-mail the portal sends, logged before it is queued.

    ``dedupe_key`` makes sending idempotent: a second attempt with the same key
    (the same digest for the same person and week, the same notice) is not sent.
    """

    recipient = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    to_email = models.EmailField(_("to"))
    kind = models.CharField(_("kind"), max_length=20, choices=MailKind.choices)
    subject = models.CharField(_("subject"), max_length=250)
    body = models.TextField(_("text"))
    dedupe_key = models.CharField(max_length=200, unique=True, null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=MailStatus.choices, default=MailStatus.QUEUED
    )
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(_("queued at"), auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("sent e-mail")
        verbose_name_plural = _("sent e-mails")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.to_email}: {self.subject}"


class PasswordResetRequest(models.Model):
    """One request of the "forgot your password" form, kept a day to throttle the mail.

    In the database rather than a per-process cache, so that the limits hold across
    every gunicorn worker. The address is kept only as a digest: the table must not
    become a list of the addresses people typed.
    """

    email_digest = models.CharField(max_length=64)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["email_digest", "at"], name="pwreset_email_at"),
            models.Index(fields=["ip_address", "at"], name="pwreset_ip_at"),
            models.Index(fields=["at"], name="pwreset_at"),
        ]

    def __str__(self) -> str:
        return f"{self.ip_address} {self.at:%Y-%m-%d %H:%M}"
