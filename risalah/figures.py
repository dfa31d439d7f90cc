"""Figures computed from the meetings, never typed: the risalah's front matter."""

from dataclasses import dataclass
from datetime import date

from groups.models import RosterMember, RosterRole


@dataclass(frozen=True)
class MeetingFigures:
    count: int
    roster_size: int
    average_attendance_pct: float | None  # present / roster members, averaged over meetings
    average_minutes: float | None
    first_date: date | None
    last_date: date | None


def roster_people_ids(risalah) -> set[int]:
    """Person ids on the group's roster for the risalah's year, Pembina excluded. One query."""
    return set(
        RosterMember.objects.filter(
            group_year__group_id=risalah.group_id, group_year__programme_year_id=risalah.programme_year_id
        )
        .exclude(role=RosterRole.PEMBINA)
        .values_list("person_id", flat=True)
    )


def meeting_figures(risalah) -> MeetingFigures:
    """Number of meetings, average attendance, average length and period, from the group's
    current roster. Two queries. (``risalah.snapshots.filed_figures`` gives the figures as filed.)"""
    roster = roster_people_ids(risalah)
    meetings = list(risalah.meetings.prefetch_related("attendees").order_by("date"))
    return figures_from(roster, meetings)


def figures_from(roster: set, meetings: list) -> MeetingFigures:
    """The figures of ``meetings`` (in date order, attendees prefetched) for the roster's person ids."""
    if not meetings:
        return MeetingFigures(0, len(roster), None, None, None, None)
    attendance = None
    if roster:
        rates = [len({p.pk for p in m.attendees.all()} & roster) / len(roster) for m in meetings]
        attendance = round(100 * sum(rates) / len(rates), 1)
    return MeetingFigures(
        count=len(meetings),
        roster_size=len(roster),
        average_attendance_pct=attendance,
        average_minutes=round(sum(m.duration_minutes for m in meetings) / len(meetings), 1),
        first_date=meetings[0].date,
        last_date=meetings[-1].date,
    )
