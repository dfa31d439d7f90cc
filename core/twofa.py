"""Two-factor login: an authenticator app (TOTP, django-otp) and single-use recovery codes.

After the password, ``django.contrib.auth.login`` runs as usual; the receiver below then marks
the session as owing a second step (``PENDING_SESSION_KEY``):

* ``"verify"``: the account has a confirmed authenticator app; the session must give a code
  (or a recovery code) on the second-step page before anything else;
* ``"setup"``: the account must use two-factor login (a verifikator or an administrator) and has
  no app yet; the session must set one up first.

``core.middleware.TwoFactorMiddleware`` reads only that session key, so a request costs no query
for it. A session that passed the step carries django-otp's ``otp_device_id`` like any
django-otp login (``django_otp.login``).

Recovery codes are the tokens of the account's django-otp static device: each works once (the
device deletes it), and making new ones deletes the old ones.
"""

from dataclasses import dataclass

import segno
from django.conf import settings
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.db.models import F
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.utils.translation import gettext
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from core import audit
from core.mail import queue_mail
from core.models import AuditAction, MailKind, Role, User
from core.permissions import access_for

PENDING_SESSION_KEY = "kbk_twofa_pending"
VERIFY = "verify"
SETUP = "setup"
TOTP_NAME = "authenticator"
RECOVERY_NAME = "recovery"
ROLES_THAT_MUST = frozenset({Role.VERIFIKATOR, Role.ADMIN})


def must_use(user: User) -> bool:
    """True for a verifikator or an administrator (while TWO_FACTOR_REQUIRED is on)."""
    if not settings.TWO_FACTOR_REQUIRED:
        return False
    return user.is_superuser or bool(access_for(user).roles & ROLES_THAT_MUST)


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__name=RECOVERY_NAME).count()


def pending(request) -> str | None:
    return request.session.get(PENDING_SESSION_KEY)


@receiver(user_logged_in)
def _after_password(sender, request, user, **kwargs):
    """Mark a new session as owing its second step (see the module's docstring)."""
    if request is None or not hasattr(request, "session"):
        return
    if DEVICE_ID_SESSION_KEY in request.session:  # an OTP-aware login already verified it
        request.session.pop(PENDING_SESSION_KEY, None)
        return
    if confirmed_device(user) is not None:
        request.session[PENDING_SESSION_KEY] = VERIFY
    elif must_use(user):
        request.session[PENDING_SESSION_KEY] = SETUP
    else:
        request.session.pop(PENDING_SESSION_KEY, None)


@dataclass(frozen=True)
class Setup:
    device: TOTPDevice

    @property
    def secret(self) -> str:
        """The key in base32, in groups of four, for typing into the app by hand."""
        from base64 import b32encode

        text = b32encode(self.device.bin_key).decode()
        return " ".join(text[i : i + 4] for i in range(0, len(text), 4))

    @property
    def qr_svg(self) -> str:
        """The otpauth:// link as an inline SVG (no script, no style attribute)."""
        qr = segno.make(self.device.config_url, error="m")
        return qr.svg_inline(scale=4, border=2, dark="#000", light="#fff", omitsize=True)


def setup_for(user: User) -> Setup:
    """The unconfirmed device that the setup page shows; made once and kept until confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)
    return Setup(device)


def _clean(token: str) -> str:
    return "".join(token.split()).replace("-", "").lower()


def throttled(device) -> bool:
    allowed, _data = device.verify_is_allowed()
    return not allowed


@transaction.atomic
def confirm_setup(request, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm the device with a code from the app; returns the new recovery codes, or None when
    the code is wrong. The session counts as verified by this device."""
    user = request.user
    if not device.verify_token(_clean(token)):
        return None
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _new_recovery_codes(user)
    otp_login(request, device)
    request.session.pop(PENDING_SESSION_KEY, None)
    audit.record(action=AuditAction.TWOFA_SETUP, actor=user, target=user, request=request)
    return codes


def verify(request, token: str) -> str | None:
    """The second step: a code from the app, or else a recovery code (used up). Returns
    ``"totp"`` or ``"recovery"`` when accepted, None when not."""
    user = request.user
    token = _clean(token)
    device = confirmed_device(user)
    used = None
    if device is not None and token.isdigit() and device.verify_token(token):
        used = "totp"
    else:
        recovery = StaticDevice.objects.filter(user=user, name=RECOVERY_NAME, confirmed=True).first()
        if recovery is not None and recovery.verify_token(token):
            device, used = recovery, "recovery"
    if used is None:
        audit.record(action=AuditAction.TWOFA_FAILED, actor=user, target=user, request=request)
        return None
    otp_login(request, device)
    request.session.pop(PENDING_SESSION_KEY, None)
    action = AuditAction.RECOVERY_USED if used == "recovery" else AuditAction.TWOFA_PASSED
    audit.record(action=action, actor=user, target=user, request=request)
    return used


def _new_recovery_codes(user: User) -> list[str]:
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(settings.TWO_FACTOR_RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


@transaction.atomic
def regenerate_recovery_codes(request) -> list[str]:
    """New recovery codes; the old ones stop working. Shown once by the caller."""
    codes = _new_recovery_codes(request.user)
    audit.record(action=AuditAction.RECOVERY_NEW, actor=request.user, target=request.user, request=request)
    return codes


@transaction.atomic
def remove(request) -> None:
    """Turn two-factor login off (not allowed to those who must use it: the view checks)."""
    user = request.user
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    request.session.pop(DEVICE_ID_SESSION_KEY, None)
    audit.record(action=AuditAction.TWOFA_REMOVED, actor=user, target=user, request=request)


def end_sessions(user: User) -> None:
    """End every session of ``user`` (their session hash changes; see User.session_version)."""
    User.objects.filter(pk=user.pk).update(session_version=F("session_version") + 1)
    user.refresh_from_db(fields=["session_version"])


@transaction.atomic
def reset_for(*, account: User, by: User, request=None) -> None:
    """An officer's reset for someone who lost their phone and their recovery codes: the
    account's authenticator app and recovery codes are deleted and every session of it ends.
    At the next login with the password, an account that must use two-factor login sets up a
    new app before anything else. The account's owner is told by e-mail."""
    TOTPDevice.objects.filter(user=account).delete()
    StaticDevice.objects.filter(user=account).delete()
    end_sessions(account)
    audit.record(action=AuditAction.TWOFA_RESET, actor=by, target=account, request=request)
    if account.email:
        body = render_to_string(
            "core/email/twofa_reset.txt",
            {"user": account, "by": by, "site_name": settings.SITE_NAME},
        )
        subject = gettext("Two-factor login of your %(site)s account was reset") % {
            "site": settings.SITE_NAME
        }
        queue_mail(
            user=account, to_email=account.email, kind=MailKind.SECURITY_NOTICE, subject=subject, body=body
        )


def needs_setup_now(user: User, role: str) -> bool:
    """True when granting ``role`` makes ``user`` owe an authenticator app they do not have."""
    return settings.TWO_FACTOR_REQUIRED and role in ROLES_THAT_MUST and confirmed_device(user) is None


@transaction.atomic
def log_out_everywhere(request) -> None:
    """End every other session of the user; this one goes on."""
    user = request.user
    end_sessions(user)
    update_session_auth_hash(request, user)
    audit.record(action=AuditAction.LOGOUT_ALL, actor=user, target=user, request=request)
