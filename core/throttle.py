"""How often the "forgot your password" form may send mail.

Without a limit anyone can fill a colleague's mailbox with reset links, or use the portal
to send mail in bulk. Limits per address and per client IP over a sliding hour (the
numbers are settings: PASSWORD_RESET_MAX_PER_ADDRESS, PASSWORD_RESET_MAX_PER_IP).

Counted in the database (core.PasswordResetRequest), not in a per-process cache, so that
the limits hold across every gunicorn worker without a shared cache server. Every
request is counted, whether or not an account uses the address, so that being refused
says nothing about which addresses exist.
"""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from core.models import PasswordResetRequest

WINDOW = timedelta(hours=1)
KEPT = timedelta(days=1)


def _digest(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()


@transaction.atomic
def password_reset_allowed(*, email: str, ip: str | None) -> bool:
    """Count one request; False when the address or the IP has had its share this hour."""
    now = timezone.now()
    PasswordResetRequest.objects.filter(at__lt=now - KEPT).delete()
    recent = PasswordResetRequest.objects.filter(at__gte=now - WINDOW)
    digest = _digest(email)
    if recent.filter(email_digest=digest).count() >= settings.PASSWORD_RESET_MAX_PER_ADDRESS:
        return False
    if ip and recent.filter(ip_address=ip).count() >= settings.PASSWORD_RESET_MAX_PER_IP:
        return False
    PasswordResetRequest.objects.create(email_digest=digest, ip_address=ip or None, at=now)
    return True
