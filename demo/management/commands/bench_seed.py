"""``manage.py bench_seed``: a big kabupaten over many years, to measure the portal with.

    DEBUG=1 DATABASE_URL=postgres://... manage.py migrate
    DEBUG=1 DATABASE_URL=postgres://... manage.py bench_seed --groups 3000 --years 10

About 600 units under one Pemda (80 OPDs and kecamatan), the accounts of every role, the groups
with a record (SK, roster) per year, their risalah in every state with steps, meetings,
transitions, snapshots and history, the audit log, and the recent years' Gelar and Bimtek. Bulk
inserted (see demo.bench_bulk); the same ``--seed`` on the same day gives the same data set. Only
into an empty database. See bench/README.md.
"""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from demo.bench_accounts import BENCH_PASSWORD
from demo.bench_seed import build, existing_data


class Command(BaseCommand):
    help = "Load a big fictional kabupaten over many years into an empty database, to benchmark the portal."

    def add_arguments(self, parser):
        parser.add_argument("--groups", type=int, default=3000, help="Number of KBK groups (default 3000).")
        parser.add_argument(
            "--years", type=int, default=10, help="Programme years up to this one (default 10)."
        )
        parser.add_argument(
            "--seed", type=int, default=2026, help="Seed of the random generator (default 2026)."
        )

    def handle(self, *args, groups: int, years: int, seed: int, **options):
        if not settings.ALLOW_DEMO_DATA:
            raise CommandError(
                _(
                    "Demo data is switched off here: it creates accounts with a published password. "
                    "To allow it (never in production), set ALLOW_DEMO_DATA=1 in the environment. "
                    "It is on by default when DEBUG=1, as `make run` sets."
                )
            )
        if groups < 1 or years < 1:
            raise CommandError(_("--groups and --years must be at least 1."))
        found = existing_data()
        if found:
            raise CommandError(
                _(
                    "The database is not empty (%(found)s). The bench data set is loaded only into an "
                    "empty, migrated database: create a new one (see bench/README.md)."
                )
                % {"found": found}
            )
        started = time.perf_counter()
        summary = build(
            groups=groups,
            years=years,
            seed=seed,
            today=timezone.localdate(),
            now=timezone.now(),
            say=lambda line: self.stdout.write(line),
        )
        elapsed = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                _("Bench data set loaded in %(seconds).1f s: %(summary)s.")
                % {"seconds": elapsed, "summary": ", ".join(f"{v} {k}" for k, v in summary.items())}
            )
        )
        self.stdout.write(
            _("Logins: admin, verifikator, operator (Dinas Kesehatan), pimpinan; password %(password)s")
            % {"password": BENCH_PASSWORD}
        )
