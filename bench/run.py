"""Every main page at the bench's size, next to a one-query floor view and Django admin: bench/run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kbk_bench MEDIA_ROOT=/work/bench-media bench/run [repeats]
        [--only WORD ...]

Through Django's test client (the view, its queries and the template; not the network nor
gunicorn), like bench/pages_bench.py, on the database of ``DATABASE_URL`` with the bench data set
(``manage.py bench_seed``, see bench/README.md). For each page: one warm-up request (template
caches, charts drawn and cached, as after a first visit), then ``repeats`` timed requests
(default 20); prints the median and p95 server time, the median's ratio to the floor's median,
the SQL queries of the last request and the response size.

The database is left as it was: the whole run is one transaction rolled back at the end (the
sessions of ``force_login``, the audit rows of the logins, the charts a warm-up caches), each
timed request runs in a savepoint rolled back after it (so a "first render" page draws every
time), and ``last_login`` is not written (its row lock would hold other runs' logins until the
end). The floor view and its urlconf are the bench's own (bench/floor_urls.py), set through
``ROOT_URLCONF`` here, not in the portal's URLs.
"""

import math
import os
import re
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
sys.path.insert(0, str(BENCH))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kbk_portal.settings")
os.environ.setdefault("DEBUG", "1")
# force_login is no second factor: without this the verifikator is sent to set one up (302).
os.environ.setdefault("TWO_FACTOR_REQUIRED", "0")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import update_last_login  # noqa: E402
from django.contrib.auth.signals import user_logged_in  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import clear_url_caches  # noqa: E402

from core.models import RoleAssignment, Unit, User  # noqa: E402
from events.models import Event  # noqa: E402
from groups.models import Group, GroupYear, ProgrammeYear, RosterMember  # noqa: E402
from risalah.models import Risalah, Status, Transition  # noqa: E402

settings.ALLOWED_HOSTS = ["*"]
settings.ROOT_URLCONF = "floor_urls"
clear_url_caches()
user_logged_in.disconnect(update_last_login, dispatch_uid="update_last_login")
ARGS = sys.argv[1:]
# --only WORD (repeatable): only the pages whose label contains WORD, besides the floor and admin.
ONLY = [ARGS[i + 1] for i, arg in enumerate(ARGS) if arg == "--only"]
POSITIONAL = [arg for i, arg in enumerate(ARGS) if arg != "--only" and (i == 0 or ARGS[i - 1] != "--only")]
REPEATS = int(POSITIONAL[0]) if POSITIONAL else 20


@dataclass
class Page:
    label: str
    username: str
    url: str
    cold: bool = False  # the warm-up is rolled back too: every request is a first visit


@dataclass
class Result:
    page: Page
    median: float
    p95: float
    queries: int
    size: int


def describe_database() -> str:
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
    return f"{connection.vendor} {connection.settings_dict['NAME']}: {sizes}"


def p95(times: list[float]) -> float:
    """Nearest rank: the smallest time at least 95 % of the requests took no longer than."""
    ordered = sorted(times)
    return ordered[max(math.ceil(0.95 * len(ordered)) - 1, 0)]


def pages() -> list[Page]:
    """The rows of issue 11's table, the risalah overview and the review page (the checker), the
    title page of a draft (its similar risalah), the library, the event pages and the group list's export.

    The step page's first render comes before the pages whose warm-up caches its charts (the
    cached step page, the PDF)."""
    year = ProgrammeYear.objects.order_by("-year").first()
    most_history = (
        RosterMember.history.values("group_year__group_id")
        .annotate(n=Count("history_id"))
        .order_by("-n", "group_year__group_id")
        .first()
    )
    group = Group.objects.get(pk=most_history["group_year__group_id"])
    resubmitted = (
        Risalah.objects.filter(pk__in=Transition.objects.filter(to_status=Status.RETURNED).values("risalah"))
        .annotate(n=Count("transitions"))
        .order_by("-n", "pk")
        .first()
    )
    printed = Risalah.objects.filter(status=Status.VERIFIED, programme_year=year).order_by("pk").first()
    submitted = Risalah.objects.filter(status=Status.SUBMITTED, programme_year=year).order_by("pk").first()
    operator_unit = (
        RoleAssignment.objects.filter(user__username="operator").select_related("unit").first().unit
    )
    writing = (
        Risalah.objects.filter(
            status=Status.DRAFT, programme_year=year, group__unit__path__startswith=operator_unit.path
        )
        .exclude(title="")
        .order_by("pk")
        .first()
    )
    gelar = _current_gelar()
    first_round = gelar.rounds.order_by("pk").first()
    jury = gelar.juries.filter(kind="external").select_related("user").order_by("pk").first()
    rows = [
        Page("dashboard, whole Pemda", "verifikator", "/dasbor/"),
        Page("trend, whole Pemda", "verifikator", "/dasbor/tren/"),
        Page("trend, one OPD (operator)", "operator", "/dasbor/tren/"),
        Page("verifikator home", "verifikator", "/"),
        Page("risalah list, first page", "verifikator", "/risalah/"),
        Page(
            "risalah list, last page",
            "verifikator",
            f"/risalah/?page={_last_page('verifikator', '/risalah/')}",
        ),
        Page("group list, whole Pemda", "verifikator", "/kelompok/"),
        Page("group list export (xlsx)", "verifikator", "/kelompok/?format=xlsx"),
        Page("group history", "verifikator", f"/kelompok/{group.uuid}/riwayat/"),
        Page("risalah history (resubmitted)", "verifikator", f"/risalah/{resubmitted.uuid}/riwayat/"),
        Page("risalah overview (checker)", "verifikator", f"/risalah/{submitted.uuid}/"),
        Page("review page (submitted)", "verifikator", f"/risalah/{submitted.uuid}/periksa/"),
        Page("title page while writing (similar)", "operator", f"/risalah/{writing.uuid}/judul/"),
        Page("library, first page", "operator", "/perpustakaan/"),
        Page("library search", "operator", "/perpustakaan/?q=pelayanan"),
        Page(
            "step page, first render of charts",
            "verifikator",
            f"/risalah/{printed.uuid}/langkah/6/",
            cold=True,
        ),
        Page("step page (charts cached)", "verifikator", f"/risalah/{printed.uuid}/langkah/6/"),
        Page("risalah PDF", "verifikator", f"/risalah/{printed.uuid}/pdf/"),
        Page("event detail (Gelar)", "verifikator", f"/acara/{gelar.uuid}/"),
        Page(
            "event ranking (desk round)",
            "verifikator",
            f"/acara/{gelar.uuid}/babak/{first_round.uuid}/peringkat/",
        ),
        Page("jury's page (my scoring)", jury.user.username, "/acara/penilaian/"),
    ]
    score_form = _first_score_form(jury.user.username)
    if score_form:
        rows.append(Page("jury's score form", jury.user.username, score_form))
    return rows


def _last_page(username: str, url: str) -> int:
    """The number of the list's last page, from the first page's links (``?page=last`` is page 1)."""
    client = client_for(username)
    with transaction.atomic():
        html = client.get(url).content.decode()
        transaction.set_rollback(True)
    return max(int(number) for number in re.findall(r"[?&]page=(\d+)", html))


def _current_gelar():
    return Event.objects.filter(kind="gelar").order_by("-pk").first()


def _first_score_form(username: str) -> str | None:
    """The first score form linked from the jury member's page (found as a person finds it)."""
    client = client_for(username)
    with transaction.atomic():
        html = client.get("/acara/penilaian/").content.decode()
        transaction.set_rollback(True)
    match = re.search(r'href="(/acara/[0-9a-f-]{36}/nilai/[0-9a-f-]{36}/\d+/)"', html)
    return match.group(1) if match else None


_clients: dict[str, Client] = {}


def client_for(username: str) -> Client:
    if username not in _clients:
        client = Client()
        client.force_login(User.objects.get(username=username))
        _clients[username] = client
    return _clients[username]


def request(client: Client, url: str):
    """One request in a savepoint rolled back after it: the next one finds the same database."""
    with transaction.atomic():
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url)
            elapsed = (time.perf_counter() - start) * 1000
        transaction.set_rollback(True)
    assert response.status_code == 200, (url, response.status_code)
    size = len(b"".join(response.streaming_content) if response.streaming else response.content)
    return elapsed, len(queries), size


def measure(page: Page) -> Result:
    client = client_for(page.username)
    if page.cold:
        request(client, page.url)
    else:
        assert client.get(page.url).status_code == 200, page.url  # kept until the run's rollback
    times, queries, size = [], 0, 0
    for _ in range(REPEATS):
        elapsed, queries, size = request(client, page.url)
        times.append(elapsed)
    return Result(page, statistics.median(times), p95(times), queries, size)


def main() -> None:
    print(describe_database())
    print(f"{REPEATS} requests per page after one warm-up; Django test client; DEBUG={settings.DEBUG}")
    with transaction.atomic():
        floor = measure(Page("floor (one-query view)", "verifikator", "/bench/floor/"))
        admin = measure(Page("Django admin, group changelist", "admin", "/admin/groups/group/"))
        results = [measure(page) for page in pages() if not ONLY or any(word in page.label for word in ONLY)]
        transaction.set_rollback(True)
    print(f"{'page':36} {'user':15} {'median ms':>10} {'p95 ms':>8} {'x floor':>8} {'queries':>8} {'KB':>7}")
    for result in [floor, admin, *results]:
        print(
            f"{result.page.label:36} {result.page.username:15} {result.median:10.1f} {result.p95:8.1f}"
            f" {result.median / floor.median:8.1f} {result.queries:8d} {result.size / 1024:7.1f}"
        )


if __name__ == "__main__":
    main()
