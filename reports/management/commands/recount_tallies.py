from django.core.management.base import BaseCommand, CommandError

from groups.models import ProgrammeYear
from reports.trend_tally import refresh, stale


class Command(BaseCommand):
    help = (
        "Count the dashboard's and the trend's stored per-unit rows (reports.TrendTally and "
        "reports.MemberTally) again from the groups, rosters and risalah. The portal keeps them on "
        "every save; this repairs them after a change made around it (a bulk update in the "
        "database, a failed recount). With --check it only compares them with a recount and "
        "exits with status 1 when they differ (for a nightly check)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--year",
            type=int,
            action="append",
            dest="years",
            help="A programme year (repeatable); default every year.",
        )
        parser.add_argument("--check", action="store_true", help="Compare only; change nothing.")

    def handle(self, *args, **options):
        years = None
        if options["years"]:
            chosen = ProgrammeYear.objects.filter(year__in=options["years"])
            missing = sorted(set(options["years"]) - set(chosen.values_list("year", flat=True)))
            if missing:
                raise CommandError(f"No programme year {', '.join(map(str, missing))}.")
            years = list(chosen.values_list("pk", flat=True))
        if not options["check"]:
            refresh(years=years)
            self.stdout.write("The stored rows were counted again.")
            return
        found = stale(years)
        for year, (units, members) in found.items():
            self.stdout.write(
                f"{year}: {len(units)} unit row(s) and {members} member row(s) differ from a recount."
            )
        if found:
            raise CommandError("The stored rows differ from a recount: run recount_tallies without --check.")
        self.stdout.write("The stored rows equal a recount.")
