"""The global audit log. Services call ``record`` inside their transaction."""

from collections.abc import Iterable, Mapping

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from core.models import AuditAction, AuditEvent, Unit, User


def client_ip(request) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


# What the audit log shows for the keys and values of an event's details. Each app names the keys
# it records (in its AppConfig.ready), so the log never shows "from_status: draft".
DETAIL_LABELS: dict[str, tuple[str, Mapping[str, str]]] = {}


def describe_detail(key: str, label: str, values: Iterable[tuple[str | bool, str]] = ()) -> None:
    """Name a details key for the audit log, with the labels of its values (choices)."""
    DETAIL_LABELS[key] = (label, dict(values))


def readable_details(details: Mapping) -> list[tuple[str, str]]:
    """(label, value) pairs of an event's details in the reader's language."""
    result = []
    for key, value in details.items():
        label, values = DETAIL_LABELS.get(key, (key, {}))
        shown = values.get(value, value) if isinstance(value, str | bool) else value
        result.append((str(label), str(shown)))
    return result


def record(
    *,
    action: str,
    actor: User | None,
    target: object = "",
    unit: Unit | None = None,
    request=None,
    ip_address: str | None = None,
    actor_name: str = "",
    **details,
) -> AuditEvent:
    """Append one event. ``details`` must be JSON-serialisable. The client's address comes
    from ``request``, or from ``ip_address`` for a service called by a view."""
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    return AuditEvent.objects.create(
        action=action,
        actor=actor,
        actor_name=actor_name or (actor.get_username() if actor else ""),
        target=str(target)[:300],
        unit=unit,
        ip_address=ip_address or client_ip(request),
        details=details,
    )


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    record(action=AuditAction.LOGIN, actor=user, target=user, request=request)


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        record(action=AuditAction.LOGOUT, actor=user, target=user, request=request)


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    # The password is never stored; only the name that was typed.
    typed = str(credentials.get("username", ""))[:254]
    record(action=AuditAction.LOGIN_FAILED, actor=None, actor_name=typed, target=typed, request=request)
