"""How long the yearly recap PDF takes for a whole Pemda of the scale data set (80 OPDs).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kbk_bench \\
        .venv/bin/python bench/recap_pdf_bench.py [repeats] [year]

The database is the one ``manage.py bench_seed`` fills (one Pemkab, 80 units under it, 3,000
groups over ten years). The recap is built for the Pemda with the most units under it and the
current programme year (or ``year``), ``repeats`` times (default 3), split into the queries and
the HTML (charts included) and WeasyPrint's layout; it prints the median and best of each, the
queries, the pages and the size. Target: at most 30 s for the whole PDF. ``RECAP_PDF_OUT=path``
keeps the last PDF there, for a look.

The database is read, never changed: if it was seeded before the reports tables of the
documents existed (the signatory, the letter notes), they are created inside a transaction that
is rolled back at the end (PostgreSQL's DDL is transactional).
"""

import io
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kbk_portal.settings")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from core.models import PEMDA_KINDS, Unit  # noqa: E402
from groups.models import ProgrammeYear  # noqa: E402
from reports.models import DocumentSignatory, OpdLetterNote  # noqa: E402
from reports.recap_pdf import render_recap_html  # noqa: E402
from risalah.pdf import RESOURCE_SCHEME, Resources, private_fetcher, weasyprint  # noqa: E402

TARGET_SECONDS = 30


def timed(call):
    start = time.perf_counter()
    result = call()
    return result, time.perf_counter() - start


def missing_tables() -> list:
    existing = set(connection.introspection.table_names())
    return [model for model in (DocumentSignatory, OpdLetterNote) if model._meta.db_table not in existing]


def run(repeats: int, year_number: int | None) -> None:
    year = (
        ProgrammeYear.objects.get(year=year_number)
        if year_number
        else ProgrammeYear.current() or ProgrammeYear.objects.order_by("-year").first()
    )
    candidates = list(Unit.objects.filter(kind__in=PEMDA_KINDS))
    pemda = max(
        candidates,
        key=lambda unit: Unit.objects.filter(path__startswith=unit.path, depth=unit.depth + 1).count(),
    )
    units = Unit.objects.filter(path__startswith=pemda.path, depth=pemda.depth + 1).count()
    print(f"Recap of {pemda.name} ({units} units under it), programme year {year.year}")
    html_class = weasyprint().HTML
    html_times, layout_times, totals = [], [], []
    for _ in range(repeats):
        with CaptureQueriesContext(connection) as queries:
            html, html_time = timed(lambda: render_recap_html(year, pemda))
        document = html_class(
            string=html, url_fetcher=private_fetcher(Resources()), base_url=f"{RESOURCE_SCHEME}/"
        )
        pdf, layout_time = timed(document.write_pdf)
        html_times.append(html_time)
        layout_times.append(layout_time)
        totals.append(html_time + layout_time)
    if os.environ.get("RECAP_PDF_OUT"):
        Path(os.environ["RECAP_PDF_OUT"]).write_bytes(pdf)
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    print(f"{pages} pages, {len(pdf) / 1024:.0f} KiB, {len(queries)} queries")
    print(f"{'':28} {'median s':>9} {'best s':>8}")
    for label, values in (
        ("queries, charts and HTML", html_times),
        ("WeasyPrint layout and PDF", layout_times),
        ("whole recap", totals),
    ):
        print(f"{label:28} {statistics.median(values):9.2f} {min(values):8.2f}")
    verdict = "within" if statistics.median(totals) <= TARGET_SECONDS else "OVER"
    print(f"Target {TARGET_SECONDS} s: {verdict}")


def main() -> None:
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    year_number = int(sys.argv[2]) if len(sys.argv) > 2 else None
    with transaction.atomic():  # the shared bench database is left as it was
        tables = missing_tables()
        if tables:
            with connection.schema_editor() as editor:
                for model in tables:
                    editor.create_model(model)
            print(f"Created for this run only (rolled back): {', '.join(m._meta.db_table for m in tables)}")
        run(repeats, year_number)
        transaction.set_rollback(True)


if __name__ == "__main__":
    main()
