from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from core.backup import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Write the database (pg_dump, or a copy of the SQLite file) and every uploaded file into one "
        "tar.gz archive with a manifest of checksums. The archive holds personal data: it is readable "
        "by its owner only; keep it so."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            "-o",
            help="Where to write the archive (default: kbk-backup-<date>-<time>.tar.gz in this folder).",
        )
        parser.add_argument("--database", default="default", help="The database alias (default: default).")

    def handle(self, *args, **options):
        output = Path(options["output"] or f"kbk-backup-{timezone.localtime():%Y%m%d-%H%M%S}.tar.gz")
        if output.is_dir():
            raise CommandError(f"{output} is a folder; give the archive's file name.")
        try:
            manifest = create_backup(output, using=options["database"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        size = output.stat().st_size
        self.stdout.write(
            f"{output}: {manifest['database']['vendor']} database, {len(manifest['files'])} file(s), "
            f"{size / 1024 / 1024:.1f} MB."
        )
