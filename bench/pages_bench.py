"""Server time and queries of the busiest pages, on the demo kabupaten or the bench data set.

    DEBUG=1 .venv/bin/python manage.py seed_demo --if-empty
    .venv/bin/python bench/pages_bench.py [repeats]

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kbk_bench .venv/bin/python bench/pages_bench.py

Uses the database of ``DATABASE_URL`` (as the settings read it; by default the local SQLite
db.sqlite3) with the demo data or the bench data set (``manage.py bench_seed``, see
bench/README.md; both have the ``operator`` of the Dinas Kesehatan and the ``verifikator``), and
Django's test client, so it measures the view, the queries and the template, not the network.
Prints the database and its size, then the median, p95 and best of the repeats in milliseconds
and the number of SQL queries per page. ``--only WORD`` measures only the pages whose label
contains WORD (``--only dashboard --only trend``).
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kbk_portal.settings")
os.environ.setdefault("DEBUG", "1")
# force_login is no second factor: without this the verifikator is sent to set one up (302).
os.environ.setdefault("TWO_FACTOR_REQUIRED", "0")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from core.models import Unit, User  # noqa: E402
from groups.models import Group, GroupYear  # noqa: E402
from risalah.models import Risalah, Status, Transition  # noqa: E402

settings.ALLOWED_HOSTS = ["*"]
ARGS = sys.argv[1:]
ONLY = [ARGS[i + 1] for i, arg in enumerate(ARGS) if arg == "--only"]
POSITIONAL = [arg for i, arg in enumerate(ARGS) if arg != "--only" and (i == 0 or ARGS[i - 1] != "--only")]
REPEATS = int(POSITIONAL[0]) if POSITIONAL else 10


def p95(times: list[float]) -> float:
    """The 95th percentile (inclusive: with few repeats, near the slowest)."""
    return statistics.quantiles(times, n=20, method="inclusive")[18] if len(times) > 1 else times[0]


def client_for(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def describe_database() -> str:
    settings_dict = connection.settings_dict
    sizes = ", ".join(
        f"{model.objects.count()} {label}"
        for model, label in (
            (Unit, "units"),
            (Group, "groups"),
            (GroupYear, "group-years"),
            (Risalah, "risalah"),
            (Transition, "transitions"),
        )
    )
    return f"{connection.vendor} {settings_dict['NAME']}: {sizes}"


def main() -> None:
    print(describe_database())
    verified = Risalah.objects.filter(status=Status.VERIFIED).order_by("pk").first()
    pages = [
        ("operator", "/", "home (operator)"),
        ("operator", "/kelompok/", "group list (Dinkes subtree)"),
        ("verifikator", "/kelompok/", "group list (whole Pemda)"),
        ("verifikator", "/risalah/", "risalah list (whole Pemda)"),
        ("verifikator", "/dasbor/", "filing dashboard (whole Pemda)"),
        ("verifikator", "/dasbor/tren/", "trend"),
        ("verifikator", "/unit/", "unit tree"),
        ("verifikator", f"/risalah/{verified.uuid}/", "risalah overview"),
        ("verifikator", f"/risalah/{verified.uuid}/langkah/1/", "risalah step 1 (charts cached)"),
    ]
    print(f"{'page':36} {'median ms':>10} {'p95 ms':>8} {'best ms':>8} {'queries':>8}")
    for username, url, label in pages:
        if ONLY and not any(word in label for word in ONLY):
            continue
        client = client_for(username)
        client.get(url)  # warm: template and chart caches
        times = []
        for _ in range(REPEATS):
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        print(
            f"{label:36} {statistics.median(times):10.1f} {p95(times):8.1f} {min(times):8.1f} {len(queries):8d}"
        )


if __name__ == "__main__":
    main()
