"""The yearly recap workbook (XLSX, reports.recap) of a whole Pemda: time and peak memory.

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/kbk_bench
    .venv/bin/python bench/recap_bench.py [--year 2026] [--unit CODE] [--repeats 3]

On the bench data set (``manage.py bench_seed``, see bench/README.md): builds the recap of the
Pemda (or of the unit with code ``--unit``) for one programme year into a temporary file, as the
task worker does, and prints for each repeat the wall time, and once the SQL queries, the rows
per sheet, the file's size and the peak memory, measured two ways in a run of its own (both
slow the build down, so the timed runs have neither):

- Python's allocations during the build, at their peak (tracemalloc);
- the process's maximum resident set size (resource.getrusage) after the build, against before
  it (the high-water mark of the whole process, Django and the drivers included).

Target (issue 10): at most 5 s and 200 MB for 3,000 groups over one year. Only reads the
database (the recap writes nothing there). PostgreSQL's JIT costs seconds on the dashboard's
aggregates: the settings turn it off on PostgreSQL (wt-perfdash); on a checkout without that,
run with ``PGOPTIONS="-c jit=off"``.
"""

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kbk_portal.settings")
# Production settings (no query log kept by DEBUG), with a key that exists only here.
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-never-used-to-serve-0123456789")

import django  # noqa: E402

django.setup()

import openpyxl  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import translation  # noqa: E402

from core.models import Unit  # noqa: E402
from groups.models import Group, ProgrammeYear  # noqa: E402
from reports.queries import population  # noqa: E402
from reports.recap import write_recap  # noqa: E402


def max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def build(year, unit, path: str) -> int:
    return write_recap(year=year, unit=unit, output=path, made_by="bench")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--year", type=int, help="the programme year (default: the current one)")
    parser.add_argument("--unit", help="the code of the unit (default: the Pemda, the first root)")
    parser.add_argument("--repeats", type=int, default=3)
    options = parser.parse_args()

    year = ProgrammeYear.objects.get(year=options.year) if options.year else ProgrammeYear.current()
    unit = Unit.objects.get(code=options.unit) if options.unit else Unit.objects.get_root_nodes().first()
    groups = Group.objects.filter(population(year.year), unit__path__startswith=unit.path).count()
    print(
        f"{connection.vendor} {connection.settings_dict['NAME']}: {unit.name}, {year.year}, {groups} groups"
    )

    translation.activate("id")
    with tempfile.TemporaryDirectory() as folder:
        path = str(Path(folder) / "recap.xlsx")
        rss_before = max_rss_mb()
        times, cpu = [], []
        for _ in range(options.repeats):
            start, start_cpu = time.perf_counter(), time.process_time()
            rows = build(year, unit, path)
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
        rss_after = max_rss_mb()
        with CaptureQueriesContext(connection) as queries:
            build(year, unit, path)
        tracemalloc.start()
        build(year, unit, path)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        size = Path(path).stat().st_size
        book = openpyxl.load_workbook(path, read_only=True)
        sheets = [(sheet.title, sheet.max_row) for sheet in book.worksheets]
        book.close()

    print(
        f"rows written: {rows}; file: {size / 1024 / 1024:.1f} MiB; SQL queries: {len(queries.captured_queries)}"
    )
    print("sheets (rows with their header): " + ", ".join(f"{title} {count}" for title, count in sheets))
    shown = ", ".join(f"{seconds:.2f}" for seconds in times)
    print(
        f"time ({options.repeats} runs): median {statistics.median(times):.2f} s, best {min(times):.2f} s [{shown}]"
    )
    print(
        f"  of which this process's CPU: median {statistics.median(cpu):.2f} s (the rest: the database, "
        f"and waiting for a core; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)"
    )
    print(f"peak of Python allocations during a build (tracemalloc): {peak / 1024 / 1024:.1f} MiB")
    print(
        f"max resident set size of the process: {rss_before:.0f} MiB before the builds, "
        f"{rss_after:.0f} MiB after them (+{rss_after - rss_before:.0f} MiB)"
    )


if __name__ == "__main__":
    main()
