"""The whole demo, step by step, and its removal.

The data is written through the real models and services, step by step (``seed_units``,
``seed_years``, ``seed_people``, ``seed_groups``, ``seed_accounts``, ``seed_filing``), so later
features add their own step to ``seed()`` and their own deletions to ``delete_demo_data()``.
"""

from collections import Counter

from django.core.files.storage import default_storage
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from core.models import RoleAssignment, Unit, User
from demo.accounts import DEMO_USERNAMES, seed_accounts
from demo.events import delete_events, seed_events
from demo.filing import delete_filing, seed_filing
from demo.kabupaten import seed_units, seed_years
from demo.kbk_groups import plan_groups, seed_groups, seed_people
from demo.seeding import Demo
from groups.models import Completeness, Group, GroupYear, Person, ProgrammeYear, RosterMember
from reports import trend_tally


def existing_data() -> str:
    """What the database already holds that the demo would collide with, in words ("" = nothing).

    Programme years do not count: the demo reuses the years it needs.
    """
    counts = {
        _("units"): Unit.objects.count(),
        _("groups"): Group.objects.count(),
        _("ASN"): Person.objects.count(),
        _("accounts with a demo username"): User.objects.filter(username__in=DEMO_USERNAMES).count(),
    }
    return ", ".join(f"{count} {label}" for label, count in counts.items() if count)


def seed(demo: Demo) -> dict[str, int]:
    """Load the whole demo; returns counts for the summary line. The trend's tally is counted once
    at the end (the groups and records are bulk inserted, the filing saved one by one)."""
    with trend_tally.deferred():
        return _seed(demo)


def _seed(demo: Demo) -> dict[str, int]:
    units = seed_units(demo)
    years = seed_years(demo)
    plan = plan_groups(demo, units)
    people = seed_people(demo, units, plan)
    group_years = seed_groups(demo, plan, years, people)
    accounts = seed_accounts(demo, units, people)
    seed_filing(demo, units, years, accounts)
    events = seed_events(demo, units, years, accounts)
    status = Counter(gy.status for gy in group_years if gy.programme_year == years[-1])
    return {
        _("units"): len(units.by_code),
        _("programme years"): len(years),
        _("groups"): len(plan),
        _("ASN"): Person.objects.filter(unit__path__startswith=units.root.path).count(),
        _("complete this year"): status[Completeness.COMPLETE],
        _("incomplete this year"): status[Completeness.INCOMPLETE],
        _("without a record this year"): len(plan) - sum(status.values()),
        _("accounts"): len(accounts),
        _("events"): len(events),
    }


def delete_demo_data(root: Unit) -> list[str]:
    """Delete the demo kabupaten (see _delete_demo_data); the trend's tally counted once after."""
    with trend_tally.deferred():
        return _delete_demo_data(root)


def _delete_demo_data(root: Unit) -> list[str]:
    """Delete the demo kabupaten: everything under ``root`` and the demo accounts.

    Children before parents, because units, people and years are protected from deletion
    while something points at them: the risalah go first (they protect their group and year,
    their transitions and review notes protect the accounts). Programme years are deleted when no group record uses
    them any more. Returns the names of the stored files the deleted rows pointed at.
    """
    in_tree = {"unit__path__startswith": root.path}
    groups = Group.objects.filter(**in_tree)
    group_years = GroupYear.objects.filter(group__in=groups)
    files = [name for name in groups.values_list("logo", flat=True) if name]
    files += [name for name in group_years.values_list("sk_scan", flat=True) if name]
    try:
        delete_events(root)
        files += delete_filing(root)
        RosterMember.objects.filter(group_year__in=group_years).delete()
        RosterMember.objects.filter(person__unit__path__startswith=root.path).delete()
        group_years.delete()
        groups.delete()
        Person.objects.filter(**in_tree).delete()
        RoleAssignment.objects.filter(**in_tree).delete()
        User.objects.filter(username__in=DEMO_USERNAMES).delete()
        User.objects.filter(**in_tree).delete()
        Unit.objects.subtree_of(root).delete()
    except ProtectedError as exc:
        blocking = sorted({str(obj._meta.verbose_name) for obj in exc.protected_objects})
        raise CommandError(
            _(
                "The demo data cannot be deleted: other records still point at it (%(models)s). "
                "Delete those first, or start again from an empty database."
            )
            % {"models": ", ".join(blocking)}
        ) from exc
    for year in ProgrammeYear.objects.filter(group_years__isnull=True):
        try:
            with transaction.atomic():
                year.delete()
        except ProtectedError:
            continue  # still used by something else; seed_years reuses it
    return files


def delete_files(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)
