"""Who gets which reminder, and when. Sent by ``manage.py send_reminders`` (weekly cron).

- Operators: a weekly digest of their units' groups without SK/complete roster (around the
  SK deadline) or without a submitted risalah (around the risalah deadline).
- Verifikators: a weekly digest of the risalah waiting for their review.
- The group's operators (and ketua/sekretaris with an account): a notice on every return or
  verification (``notify_status_change``, called by the review services).

Each mail has a dedupe key (person + ISO week, or transition + person), so running the
command twice in a week sends nothing twice.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from core.mail import preferences, queue_mail
from core.models import MailKind, Role, RoleAssignment, User
from groups.models import Completeness, Group, GroupYear, ProgrammeYear
from risalah.models import Risalah, Status


@dataclass
class GroupGap:
    group: Group
    problems: list[str] = field(default_factory=list)


def in_window(today: date, deadline: date | None) -> bool:
    if deadline is None:
        return False
    return (
        deadline - timedelta(days=settings.REMINDER_DAYS_BEFORE)
        <= today
        <= deadline + timedelta(days=settings.REMINDER_DAYS_AFTER)
    )


def week_key(today: date) -> str:
    iso = today.isocalendar()
    return f"{iso.year}-W{iso.week:02d}"


def group_gaps(year: ProgrammeYear, today: date) -> list[GroupGap]:
    """Active groups with something missing that a digest should name now. Two queries."""
    sk_window = in_window(today, year.sk_deadline)
    risalah_window = in_window(today, year.risalah_deadline)
    if not (sk_window or risalah_window):
        return []
    groups = (
        Group.objects.filter(is_active=True)
        .select_related("unit")
        .prefetch_related(
            Prefetch("years", queryset=GroupYear.objects.filter(programme_year=year), to_attr="this_year"),
            Prefetch(
                "risalah",
                queryset=Risalah.objects.filter(programme_year=year).only("group_id", "status"),
                to_attr="this_year_risalah",
            ),
        )
    )
    gaps = []
    for group in groups.order_by("unit__path", "name"):
        gap = GroupGap(group)
        record = group.this_year[0] if group.this_year else None
        if sk_window and (record is None or record.status != Completeness.COMPLETE):
            gap.problems.append(_("SK or roster for %(year)s not complete") % {"year": year.year})
        statuses = {r.status for r in group.this_year_risalah}
        if risalah_window:
            if Status.RETURNED in statuses:
                gap.problems.append(_("risalah returned for revision"))
            elif not statuses - {Status.DRAFT}:
                gap.problems.append(_("risalah not submitted yet"))
        if gap.problems:
            gaps.append(gap)
    return gaps


def _render(template: str, context: dict) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string(template, context)


def _subject(text: str) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return str(text)


def send_operator_digests(*, year: ProgrammeYear, today: date, base_url: str) -> int:
    with translation.override(settings.LANGUAGE_CODE):
        gaps = group_gaps(year, today)
    if not gaps:
        return 0
    sent = 0
    for user, paths in _holders(Role.OPERATOR).items():
        mine = [gap for gap in gaps if gap.group.unit.path.startswith(paths)]
        if not mine or not preferences(user).weekly_digest:
            continue
        context = {"user": user, "year": year, "gaps": mine, "base_url": base_url.rstrip("/"), "today": today}
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("KBK reminder: %(count)d groups need attention") % {"count": len(mine)}
        mail = queue_mail(
            user=user,
            to_email=user.email,
            kind=MailKind.OPERATOR_DIGEST,
            subject=subject,
            body=_render("email/operator_digest.txt", context),
            dedupe_key=f"operator-digest:{user.pk}:{week_key(today)}",
        )
        sent += mail is not None
    return sent


def send_review_digests(*, today: date, base_url: str) -> int:
    waiting = list(
        Risalah.objects.filter(status__in=Status.REVIEWABLE)
        .select_related("group__unit", "programme_year")
        .order_by("submitted_at")
    )
    if not waiting:
        return 0
    sent = 0
    for user, paths in _holders(Role.VERIFIKATOR).items():
        mine = [r for r in waiting if r.group.unit.path.startswith(paths)]
        if not mine or not preferences(user).review_digest:
            continue
        context = {"user": user, "items": mine, "base_url": base_url.rstrip("/")}
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("KBK: %(count)d risalah wait for your review") % {"count": len(mine)}
        mail = queue_mail(
            user=user,
            to_email=user.email,
            kind=MailKind.REVIEW_DIGEST,
            subject=subject,
            body=_render("email/review_digest.txt", context),
            dedupe_key=f"review-digest:{user.pk}:{week_key(today)}",
        )
        sent += mail is not None
    return sent


def notify_status_change(*, risalah: Risalah, transition, base_url: str) -> int:
    """Tell the group's operators and writers that their risalah was returned or verified."""
    recipients = {
        user for user, paths in _holders(Role.OPERATOR).items() if risalah.group.unit.path.startswith(paths)
    }
    recipients |= set(
        User.objects.filter(
            is_active=True,
            person__memberships__group_year__group_id=risalah.group_id,
            person__memberships__group_year__programme_year_id=risalah.programme_year_id,
            person__memberships__role__in=["ketua", "sekretaris"],
        )
    )
    sent = 0
    link = base_url.rstrip("/") + reverse("risalah-detail", kwargs={"uuid": risalah.uuid})
    for user in sorted(recipients, key=lambda u: u.pk):
        if not preferences(user).status_notices:
            continue
        context = {"user": user, "risalah": risalah, "transition": transition, "link": link}
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("Risalah %(group)s: %(status)s") % {
                "group": risalah.group.name,
                "status": transition.get_to_status_display().lower(),
            }
        mail = queue_mail(
            user=user,
            to_email=user.email,
            kind=MailKind.STATUS_NOTICE,
            subject=subject,
            body=_render("email/status_notice.txt", context),
            dedupe_key=f"status-notice:{transition.pk}:{user.pk}",
        )
        sent += mail is not None
    return sent


def _holders(role: str) -> dict[User, tuple[str, ...]]:
    """Active users holding ``role``, with the unit paths they hold it on. One query."""
    holders: dict[User, list[str]] = {}
    for assignment in RoleAssignment.objects.filter(role=role, user__is_active=True).select_related(
        "user", "unit"
    ):
        holders.setdefault(assignment.user, []).append(assignment.unit.path)
    return {user: tuple(paths) for user, paths in holders.items()}
