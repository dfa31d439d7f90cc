"""The bench data set, step by step: a big kabupaten over many programme years (``manage.py bench_seed``).

Loaded only into an empty database (no units, accounts, groups, ASN or programme years): it is a
data set to measure the portal with, not something to mix with real records.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.utils.translation import gettext as _

from core.models import AuditEvent, Unit, User
from demo.bench_accounts import seed_accounts, seed_logins
from demo.bench_bulk import Bench
from demo.bench_events import seed_events
from demo.bench_filing import seed_filing
from demo.bench_groups import plan_hosts, seed_groups, shared_files
from demo.bench_records import shared_evidence
from demo.bench_units import seed_units, seed_years
from demo.clock import Timeline
from events.models import Event, Score
from groups.models import Group, GroupYear, Person, ProgrammeYear, RosterMember
from reports.trend_tally import refresh as refresh_trend_tally
from risalah.models import Meeting, Risalah, RisalahSnapshot, Transition


def existing_data() -> str:
    """What the database already holds, in words ("" = empty enough for the bench data set)."""
    counts = {
        _("units"): Unit.objects.count(),
        _("accounts"): User.objects.count(),
        _("groups"): Group.objects.count(),
        _("ASN"): Person.objects.count(),
        _("programme years"): ProgrammeYear.objects.count(),
    }
    return ", ".join(f"{count} {label}" for label, count in counts.items() if count)


def build(
    *, groups: int, years: int, seed: int, today: date, now: datetime, say: Callable[[str], None]
) -> dict[str, int]:
    """Load the data set in one transaction; returns the row counts. ``say`` reports progress."""
    bench = Bench(seed=seed, today=today, now=now)
    files: list[str] = []
    try:
        with transaction.atomic():
            summary = _build(bench, groups, years, files, say)
    except BaseException:
        for name in files:
            default_storage.delete(name)
        raise
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh statistics: the planner sees the new tables' sizes
    return summary


def _build(bench: Bench, group_count: int, year_count: int, files: list[str], say) -> dict[str, int]:
    started = datetime.now()

    def step(what: str) -> None:
        say(f"{(datetime.now() - started).total_seconds():7.1f} s  {what}")

    units = seed_units(bench)
    programme_years = seed_years(bench, year_count)
    current = programme_years[-1]
    horizon = datetime.combine(current.risalah_deadline + timedelta(days=100), time(17), tzinfo=bench.zone)
    bench.timeline = Timeline(bench.now, horizon)
    step(f"{len(units.by_code)} units, {len(programme_years)} programme years")
    hosts = plan_hosts(bench, units, group_count)
    accounts = seed_accounts(bench, units, Counter(u.code for u in hosts), programme_years[0])
    step(f"{len(accounts.users)} accounts")
    scan, logos = shared_files(bench)
    files += [scan, *logos]
    groups = seed_groups(bench, units, hosts, programme_years, accounts, (scan, logos))
    step(f"{len(groups.groups)} groups, their ASN, records and rosters")
    evidence = shared_evidence(bench)
    files += [name for stored in evidence.values() for name in (stored.file, stored.thumbnail)]
    counts = seed_filing(bench, units, programme_years, groups, accounts, evidence)
    step(f"{counts['risalah']} risalah with steps, meetings, reviews and history")
    events = seed_events(bench, units, programme_years, accounts, group_count)
    step(f"{len(events)} events")
    seed_logins(bench, accounts, programme_years)
    step("logins")
    # The groups, records and risalah were bulk inserted (no signal): the trend's tally is counted here.
    refresh_trend_tally()
    step("the trend's tally")
    return {
        "units": Unit.objects.count(),
        "accounts": User.objects.count(),
        "ASN": Person.objects.count(),
        "groups": Group.objects.count(),
        "group-years": GroupYear.objects.count(),
        "roster members": RosterMember.objects.count(),
        "risalah": Risalah.objects.count(),
        "risalah steps": counts["steps"],
        "transitions": Transition.objects.count(),
        "snapshots": RisalahSnapshot.objects.count(),
        "meetings": Meeting.objects.count(),
        "attendances": counts["attendances"],
        "attachments": counts["attachments"],
        "review notes": counts["review_notes"],
        "history rows": counts["risalah_history"] + counts["step_history"] + _group_history(),
        "events": Event.objects.count(),
        "scores": Score.objects.count(),
        "audit events": AuditEvent.objects.count(),
    }


def _group_history() -> int:
    return sum(model.history.count() for model in (Group, GroupYear, RosterMember))
