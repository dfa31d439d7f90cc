from django.core.management.base import BaseCommand

from risalah.pdf_cache import purge_pdf_cache


class Command(BaseCommand):
    help = (
        "Delete the cached PDFs of risalah (PDF_CACHE_ROOT) that are gone or whose content changed "
        "since they were rendered; a PDF asked for again is rendered anew. Run it daily from cron."
    )

    def handle(self, *args, **options):
        purged = purge_pdf_cache()
        self.stdout.write(f"{purged.deleted} stale cached PDF(s) deleted; {purged.kept} current kept.")
