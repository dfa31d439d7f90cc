"""Logged, idempotent e-mail, sent by the task worker (django.tasks + django-tasks-db)."""

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.tasks import task
from django.utils import timezone

from core.models import MailStatus, NotificationPreference, SentMail, User


def preferences(user: User) -> NotificationPreference:
    prefs, _created = NotificationPreference.objects.get_or_create(user=user)
    return prefs


def queue_mail(
    *, user: User | None, to_email: str, kind: str, subject: str, body: str, dedupe_key: str | None = None
) -> SentMail | None:
    """Log the e-mail and hand it to the worker after the transaction commits.

    Returns None (and sends nothing) when ``dedupe_key`` was used before.
    """
    if not to_email:
        return None
    try:
        with transaction.atomic():
            mail = SentMail.objects.create(
                recipient=user,
                to_email=to_email,
                kind=kind,
                subject=subject[:250],
                body=body,
                dedupe_key=dedupe_key,
            )
    except IntegrityError:
        if dedupe_key and SentMail.objects.filter(dedupe_key=dedupe_key).exists():
            return None
        raise
    transaction.on_commit(lambda: deliver_mail.enqueue(mail.pk))
    return mail


@task()
def deliver_mail(mail_id: int) -> str:
    """Send one logged e-mail; the log row records the outcome."""
    mail = SentMail.objects.get(pk=mail_id)
    if mail.status == MailStatus.SENT:
        return mail.status
    try:
        send_mail(mail.subject, mail.body, None, [mail.to_email])
    except Exception as exc:  # noqa: BLE001 - any SMTP failure is recorded, the worker retries nothing
        SentMail.objects.filter(pk=mail.pk).update(status=MailStatus.FAILED, error=str(exc)[:2000])
        raise
    SentMail.objects.filter(pk=mail.pk).update(status=MailStatus.SENT, sent_at=timezone.now(), error="")
    return MailStatus.SENT
