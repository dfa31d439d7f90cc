from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat

from core.retention import delete_unneeded, find_unneeded


class Command(BaseCommand):
    help = (
        "Remove uploaded files (replaced logos, SK scans, attachments, ...) that no current row and "
        "no history row names any more. A dry run unless --apply: it lists what it would delete."
    )

    def add_arguments(self, parser):
        parser.add_argument("--apply", action="store_true", help="Delete the files (without it: list only).")
        parser.add_argument(
            "--min-age-hours",
            type=float,
            default=24,
            help="Keep files younger than this, whose row may not be committed yet (default: 24).",
        )

    def handle(self, *args, **options):
        if options["min_age_hours"] < 0:
            raise CommandError("--min-age-hours cannot be negative.")
        purge = find_unneeded(min_age=timedelta(hours=options["min_age_hours"]))
        verb = "delete" if options["apply"] else "would delete"
        for _storage, name, size in purge.unneeded:
            self.stdout.write(f"{verb}: {name} ({filesizeformat(size)})")
        summary = (
            f"{len(purge.unneeded)} file(s) no row needs ({filesizeformat(purge.total_bytes)}); "
            f"{purge.needed} still needed; {purge.kept_young} too recent to judge."
        )
        if not options["apply"]:
            self.stdout.write(summary + " Dry run: nothing deleted; run with --apply to delete.")
            return
        deleted = delete_unneeded(purge)
        self.stdout.write(summary + f" Deleted {deleted}.")
