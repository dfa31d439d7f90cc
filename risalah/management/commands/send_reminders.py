from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from groups.models import ProgrammeYear
from risalah.reminders import send_operator_digests, send_review_digests


class Command(BaseCommand):
    help = (
        "Queue this week's reminder digests (operators: what is missing around each deadline; "
        "verifikators: what waits for review). Idempotent: running it twice in a week sends nothing twice. "
        "Run weekly from cron; the task worker (manage.py db_worker) sends the mail."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Pretend today is this date (YYYY-MM-DD).")
        parser.add_argument(
            "--base-url",
            default=getattr(settings, "PORTAL_BASE_URL", "http://127.0.0.1:8000"),
            help="The portal's address, for the links in the e-mails.",
        )

    def handle(self, *args, **options):
        try:
            today = date.fromisoformat(options["date"]) if options["date"] else timezone.localdate()
        except ValueError as exc:
            raise CommandError("--date must look like 2026-08-01") from exc
        year = ProgrammeYear.current()
        operators = 0
        if year is not None:
            operators = send_operator_digests(year=year, today=today, base_url=options["base_url"])
        reviewers = send_review_digests(today=today, base_url=options["base_url"])
        self.stdout.write(f"{operators} operator digest(s), {reviewers} review digest(s) queued for {today}.")
