"""Writes to accounts and roles. Views and imports call these."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from core import audit, twofa
from core.mail import queue_mail
from core.models import AuditAction, MailKind, RoleAssignment, Unit, User
from core.permissions import forget_access


def invitation_link(*, user: User, base_url: str) -> str:
    """The one-time link with which ``user`` sets a password (Django's reset token)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return base_url.rstrip("/") + reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})


def account_send_invitation(*, user: User, base_url: str) -> None:
    """E-mail ``user`` a link to set the password (logged; sent by the worker after commit)."""
    if not user.email:
        return
    context = {
        "user": user,
        "link": invitation_link(user=user, base_url=base_url),
        "site_name": settings.SITE_NAME,
    }
    subject = _("Your %(site)s account") % {"site": settings.SITE_NAME}
    body = render_to_string("core/email/invitation.txt", context)
    queue_mail(user=user, to_email=user.email, kind=MailKind.INVITATION, subject=subject, body=body)


@transaction.atomic
def account_create(
    *,
    username: str,
    email: str,
    full_name: str,
    unit: Unit | None,
    roles: list[tuple[str, Unit]],
    by: User | None,
    nip: str = "",
    base_url: str | None = None,
) -> User:
    """Create an account without a usable password and invite the person by e-mail.

    ``roles`` is a list of (role, unit) pairs. The invitation is sent when ``base_url``
    (e.g. ``request.build_absolute_uri("/")``) is given.
    """
    user = User(username=username, email=email, full_name=full_name, unit=unit, nip=nip)
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    audit.record(action=AuditAction.ACCOUNT_CREATE, actor=by, target=user, unit=unit, email=email)
    for role, role_unit in roles:
        role_grant(user=user, role=role, unit=role_unit, by=by)
    if base_url:
        account_send_invitation(user=user, base_url=base_url)
    return user


@transaction.atomic
def role_grant(*, user: User, role: str, unit: Unit, by: User | None) -> RoleAssignment:
    """Grant ``role`` over ``unit``. A role that needs two-factor login (verifikator, admin)
    given to someone without an authenticator app ends their open sessions, so the role is
    never used without the second factor: their next login sets the app up first."""
    assignment, created = RoleAssignment.objects.get_or_create(
        user=user, role=role, unit=unit, defaults={"granted_by": by}
    )
    if created:
        audit.record(action=AuditAction.ROLE_GRANT, actor=by, target=user, unit=unit, role=role)
        if twofa.needs_setup_now(user, role):
            twofa.end_sessions(user)
    forget_access(user)
    return assignment


@transaction.atomic
def role_revoke(*, assignment: RoleAssignment, by: User | None) -> None:
    user = assignment.user
    audit.record(
        action=AuditAction.ROLE_REVOKE, actor=by, target=user, unit=assignment.unit, role=assignment.role
    )
    assignment.delete()
    forget_access(user)


@transaction.atomic
def account_update(
    *,
    account: User,
    full_name: str,
    email: str,
    nip: str,
    unit: Unit | None,
    is_active: bool,
    by: User | None,
) -> User:
    """Change an account's personal data, home unit and active flag.

    Deactivating keeps the account and its history; the person simply cannot log in.
    Only these fields are written, so a concurrent password change survives.
    """
    account.full_name = full_name
    account.email = email
    account.nip = nip
    account.unit = unit
    account.is_active = is_active
    account.full_clean(exclude=["password"])
    account.save(update_fields=["full_name", "email", "nip", "unit", "is_active"])
    forget_access(account)
    return account
