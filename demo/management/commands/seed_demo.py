"""``manage.py seed_demo``: load a believable, fictional kabupaten to try the portal with.

Pemerintah Kabupaten Sukamaju: about forty OPDs, twenty kecamatan with their kelurahan and
desa, Puskesmas, schools and UPT; two programme years; about sixty KBK groups with logos, SK
scans and rosters of ASN with valid NIPs, in a realistic mix of complete, incomplete and
missing records; one login per role; the risalah of both years in every state of the review
(see demo.filing). A fixed random seed makes every run produce the same kabupaten (only
the uuids and file names differ; the filing season is planned against the programme calendar).

The steps and the reset live in ``demo.seed``; this module is the command line around them.
"""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import Unit, User
from demo import data
from demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_USERNAMES
from demo.filing import filing_summary
from demo.seed import delete_demo_data, delete_files, existing_data, seed
from demo.seeding import Demo


class Command(BaseCommand):
    help = (
        "Load a fictional kabupaten with units, groups, rosters, risalah in every state of the review "
        "and one login per role (development only)."
    )

    def add_arguments(self, parser):
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing (but list the logins) when the database already holds data.",
        )
        mode.add_argument(
            "--reset",
            action="store_true",
            help="Delete the demo data (and its files), then load it again.",
        )

    def handle(self, *args, if_empty: bool = False, reset: bool = False, **options):
        if not settings.ALLOW_DEMO_DATA:
            raise CommandError(
                _(
                    "Demo data is switched off here: it creates accounts with a published password. "
                    "To allow it (never in production), set ALLOW_DEMO_DATA=1 in the environment. "
                    "It is on by default when DEBUG=1, as `make run` sets."
                )
            )
        root = Unit.objects.filter(code=data.PEMDA_CODE).first()
        if if_empty and root is not None:
            self.stdout.write(_("Demo data is already loaded; nothing was changed."))
            self.print_logins()
            return

        started = time.perf_counter()
        demo = Demo(today=timezone.localdate())
        try:
            with transaction.atomic():
                if reset and root is not None:
                    removed_files = delete_demo_data(root)
                    transaction.on_commit(lambda: delete_files(removed_files))
                    root = None
                found = existing_data()
                if found:
                    if if_empty:
                        self.stdout.write(
                            _("The database already holds data (%(found)s); demo data was not loaded.")
                            % {"found": found}
                        )
                        return
                    raise CommandError(self.not_empty_message(root, found, reset))
                summary = seed(demo)
        except BaseException:
            # The rows are rolled back; the files written for them must go too.
            delete_files(demo.files)
            raise
        elapsed = time.perf_counter() - started
        self.print_summary(summary, elapsed)
        self.print_logins()

    @staticmethod
    def not_empty_message(root: Unit | None, found: str, reset: bool) -> str:
        if root is not None:
            return _(
                "Demo data is already loaded. Run with --reset to delete and rebuild it, "
                "or with --if-empty to keep it."
            )
        if reset:
            return _(
                "The database holds data that is not demo data (%(found)s); --reset deletes only the demo "
                "kabupaten. Load the demo data into an empty database."
            ) % {"found": found}
        return _(
            "The database is not empty (%(found)s). Demo data is loaded only into an empty database; "
            "use --if-empty to skip loading when data exists."
        ) % {"found": found}

    def print_summary(self, summary: dict[str, int], elapsed: float) -> None:
        self.stdout.write(
            self.style.SUCCESS(
                _("Demo data loaded in %(seconds).1f s: %(summary)s.")
                % {"seconds": elapsed, "summary": ", ".join(f"{v} {k}" for k, v in summary.items())}
            )
        )
        filing = filing_summary()
        if filing:
            self.stdout.write(self.style.SUCCESS(f"{filing}."))

    def print_logins(self) -> None:
        users = {
            u.username: u
            for u in User.objects.filter(username__in=DEMO_USERNAMES).prefetch_related("roles__unit")
        }
        rows = []
        for account in DEMO_ACCOUNTS:
            user = users.get(account.username)
            if user is None:
                rows.append((account.username, "", _("(account deleted)")))
                continue
            roles = "; ".join(f"{ra.get_role_display()}: {ra.unit.short_name}" for ra in user.roles.all())
            rows.append((account.username, DEMO_PASSWORD, roles or _("(no role)")))
        headers = (_("Username"), _("Password"), _("Role"))
        widths = [max(len(str(row[i])) for row in [headers, *rows]) for i in range(3)]
        self.stdout.write("")
        self.stdout.write(self.style.MIGRATE_HEADING(_("Demo logins")))
        for row in [headers, tuple("-" * w for w in widths), *rows]:
            self.stdout.write(
                "  "
                + "  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
            )
