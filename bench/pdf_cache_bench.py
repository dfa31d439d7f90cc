"""The PDF download with its cache: `.venv/bin/python bench/pdf_cache_bench.py [repeats]`.

Builds the demo's complete example risalah (as bench/pdf_bench.py) in a throwaway test database
and downloads its PDF through the view as pimpinan A: the first request (rendered by WeasyPrint
and stored), the following ones (the stored file), and the fingerprint alone; with the queries
of each request. Then a step is saved and the PDF downloaded again (rendered anew).
"""

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
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

from demo.example_evidence import add_example_evidence  # noqa: E402
from demo.example_risalah import build_example_risalah  # noqa: E402
from risalah import pdf_cache  # noqa: E402
from risalah.services import step_save  # noqa: E402
from tests.conftest import build_world, without_risalah  # noqa: E402


def timed(call):
    start = time.perf_counter()
    result = call()
    return result, time.perf_counter() - start


def get(client, url):
    with CaptureQueriesContext(connection) as queries:
        response, seconds = timed(lambda: client.get(url))
    assert response.status_code == 200 and response.content.startswith(b"%PDF"), response.status_code
    return response, seconds, len(queries.captured_queries)


def main(repeats: int) -> None:
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        world = build_world()
        by = world.users["operator_a"]
        without_risalah(world)
        risalah = build_example_risalah(group=world.group_a, programme_year=world.year, by=by)
        add_example_evidence(risalah=risalah, by=by)
        client = Client()
        client.force_login(world.users["pimpinan_a"])
        url = reverse("risalah-pdf", args=[risalah.uuid])
        client.get("/")  # the session and the first page's imports out of the way

        renders = pdf_cache.stats.renders
        first, cold, cold_queries = get(client, url)
        assert pdf_cache.stats.renders == renders + 1
        warm, warm_queries = [], 0
        for _ in range(repeats):
            _response, seconds, warm_queries = get(client, url)
            warm.append(seconds)
        assert pdf_cache.stats.renders == renders + 1, "a cached request rendered"
        loaded = pdf_cache.load(risalah.pk)
        fingerprints = [timed(lambda: pdf_cache.fingerprint(loaded))[1] for _ in range(repeats)]

        step = risalah.steps.select_related("method_step", "risalah").order_by("method_step__number").first()
        step_save(
            step=step,
            data=step.data,
            narrative=step.narrative + " Diperbarui.",
            base_version=step.version,
            by=by,
        )
        _response, changed, _queries = get(client, url)
        assert pdf_cache.stats.renders == renders + 2

        print(f"Complete example risalah: {len(first.content) / 1024:.0f} KiB PDF")
        print(f"first request (rendered and stored): {cold * 1000:.0f} ms, {cold_queries} queries")
        print(
            f"cached requests ({repeats}): median {statistics.median(warm) * 1000:.1f} ms, "
            f"best {min(warm) * 1000:.1f} ms, worst {max(warm) * 1000:.1f} ms, {warm_queries} queries"
        )
        print(f"  of which the fingerprint: median {statistics.median(fingerprints) * 1000:.1f} ms")
        print(f"after a step is saved (rendered anew): {changed * 1000:.0f} ms")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)  # the throwaway uploads and cache


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
