from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore an archive written by `manage.py backup`: check its manifest and checksums, replace "
        "the database and write the uploaded files back. Refuses a database that has tables unless "
        "--force. Stop the app servers and the task worker first."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="The .tar.gz written by `manage.py backup`.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace a database that is not empty (every table in it is dropped first).",
        )
        parser.add_argument("--database", default="default", help="The database alias (default: default).")

    def handle(self, *args, **options):
        try:
            result = restore_backup(
                Path(options["archive"]), using=options["database"], force=options["force"]
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        replaced = f" (replacing {result.replaced_tables} tables)" if result.replaced_tables else ""
        self.stdout.write(f"Restored the {result.vendor} database{replaced} and {result.files} file(s).")
        if result.extra_files:
            self.stdout.write(
                f"{result.extra_files} file(s) of the storage are not in the backup; they were left."
            )
        if result.unapplied_migrations:
            self.stdout.write(
                f"The backup lacks {len(result.unapplied_migrations)} migration(s) of this code: "
                "run `manage.py migrate` now."
            )
