from django.core.management.base import BaseCommand

from reports.export_jobs import purge_expired_exports, purge_exports_task


class Command(BaseCommand):
    help = (
        "Delete the files of background exports older than EXPORT_RETENTION_HOURS (the list of "
        "exports keeps their rows, marked as expired). Run it hourly or daily from cron; with "
        "--queue it is handed to the task worker instead."
    )

    def add_arguments(self, parser):
        parser.add_argument("--queue", action="store_true", help="Queue the purge for the task worker.")

    def handle(self, *args, **options):
        if options["queue"]:
            purge_exports_task.enqueue()
            self.stdout.write("Purge queued for the task worker.")
            return
        deleted = purge_expired_exports()
        self.stdout.write(f"{deleted} expired export file(s) deleted.")
