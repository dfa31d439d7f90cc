"""How long printing a complete risalah takes: `.venv/bin/python bench/pdf_bench.py [repeats]`.

Builds the demo's complete example risalah (every step with its tools, 8 meetings with
attendance, photos, daftar hadir scans, schedule) in a throwaway test database, then times
``render_risalah_pdf``: the first call (charts drawn and cached, WeasyPrint loaded) and the
repeated calls (charts from the cache), split into building the HTML and laying out the PDF.
"""

import io
import os
import shutil
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kbk_portal.settings_test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from demo.example_evidence import add_example_evidence  # noqa: E402
from demo.example_risalah import build_example_risalah  # noqa: E402
from risalah.models import Risalah  # noqa: E402
from risalah.pdf import Resources, render_risalah_html, render_risalah_pdf, weasyprint  # noqa: E402
from tests.conftest import build_world  # noqa: E402


def timed(call):
    start = time.perf_counter()
    result = call()
    return result, time.perf_counter() - start


def main(repeats: int) -> None:
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        world = build_world()
        by = world.users["operator_a"]
        risalah = build_example_risalah(group=world.group_a, programme_year=world.year, by=by)
        add_example_evidence(risalah=risalah, by=by)

        def fresh():
            return Risalah.objects.select_related("group__unit", "programme_year", "method").get(
                pk=risalah.pk
            )

        pdf, cold = timed(lambda: render_risalah_pdf(fresh()))
        pages = len(PdfReader(io.BytesIO(pdf)).pages)
        html_times, layout_times, totals = [], [], []
        for _ in range(repeats):
            html, html_time = timed(lambda: render_risalah_html(fresh(), Resources()))
            _pdf, total = timed(lambda: render_risalah_pdf(fresh()))
            html_times.append(html_time)
            totals.append(total)
            layout_times.append(total - html_time)
        weasyprint_version = weasyprint().__version__
        print(
            f"Complete example risalah: {pages} pages, {len(pdf) / 1024:.0f} KiB (WeasyPrint {weasyprint_version})"
        )
        print(f"first render (charts drawn, WeasyPrint loaded): {cold:.2f} s")
        print(
            f"repeated renders ({repeats}): median {statistics.median(totals):.2f} s, best {min(totals):.2f} s"
        )
        print(f"  of which HTML with cached charts: median {statistics.median(html_times):.2f} s")
        print(f"  of which WeasyPrint layout and PDF: median {statistics.median(layout_times):.2f} s")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)  # the throwaway uploads


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
