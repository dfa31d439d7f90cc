"""/sehat/: the load balancer's health check (core/health.py)."""

import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from core.health import worker_heartbeat
from core.mail import deliver_mail

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def database_worker(settings):
    """The production task backend (the suite runs tasks at once). Through the ``settings``
    fixture only: an override_settings decorator beside it would restore them out of order."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def probe(client) -> tuple[int, dict]:
    response = client.get(reverse("core-health"))
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"]
    return response.status_code, response.json()


def heartbeats():
    return DBTaskResult.objects.filter(task_path=worker_heartbeat.module_path)


def test_the_url_is_sehat():
    assert reverse("core-health") == "/sehat/"


def test_a_fresh_portal_is_healthy_and_queues_one_heartbeat(db, client, database_worker):
    first = probe(client)
    second = probe(client)
    assert (
        first
        == second
        == (
            200,
            {"database": "ok", "worker": "ok", "worker_last_seen": None, "tasks_waiting": 1},
        )
    )
    assert heartbeats().count() == 1  # the second check found the first heartbeat waiting


def test_a_stopped_worker_is_reported(db, client, database_worker):
    """A heartbeat queued ten minutes ago and never run: the worker stopped."""
    probe(client)
    heartbeats().update(enqueued_at=timezone.now() - timedelta(minutes=10))
    assert probe(client) == (
        503,
        {"database": "ok", "worker": "stale", "worker_last_seen": None, "tasks_waiting": 1},
    )
    assert heartbeats().count() == 1


def test_any_task_waiting_too_long_means_a_stale_worker(db, client, settings, database_worker):
    settings.WORKER_STALE_AFTER = timedelta(minutes=2)
    probe(client)
    deliver_mail.enqueue(1)
    DBTaskResult.objects.filter(task_path=deliver_mail.module_path).update(
        enqueued_at=timezone.now() - timedelta(minutes=3)
    )
    assert probe(client)[1]["worker"] == "stale"


def test_a_task_scheduled_for_later_is_not_waiting(db, client, database_worker):
    probe(client)
    heartbeats().delete()
    deliver_mail.using(run_after=timezone.now() + timedelta(hours=1)).enqueue(1)
    DBTaskResult.objects.filter(task_path=deliver_mail.module_path).update(
        enqueued_at=timezone.now() - timedelta(hours=2)
    )
    status, body = probe(client)  # queues a new heartbeat: the last one is gone
    assert (status, body["worker"], body["tasks_waiting"]) == (200, "ok", 1)


@pytest.mark.django_db(transaction=True)
def test_the_running_worker_takes_the_heartbeat_and_the_check_turns_healthy(client, database_worker):
    """The real worker (db_worker --batch) runs what waited; needs a committed queue."""
    probe(client)
    heartbeats().update(enqueued_at=timezone.now() - timedelta(minutes=10))
    assert probe(client)[0] == 503
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    done = heartbeats().get()
    assert done.status == "SUCCESSFUL"
    status, body = probe(client)  # the last heartbeat is ten minutes old: a new one is queued
    assert (status, body) == (
        200,
        {
            "database": "ok",
            "worker": "ok",
            "worker_last_seen": done.finished_at.isoformat(),
            "tasks_waiting": 1,
        },
    )
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    # each heartbeat removes the earlier ones: the task table does not grow with the checks
    assert list(heartbeats().values_list("status", flat=True)) == ["SUCCESSFUL"]
    assert heartbeats().get().finished_at > done.finished_at


def test_an_unreachable_database_is_a_503():
    """In a fresh interpreter (about 2 s) whose database is a port where nothing listens."""
    script = (
        "import django, json; django.setup(); from django.test import Client; "
        "r = Client().get('/sehat/'); print(json.dumps([r.status_code, r.json()]))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kbk_portal.settings_test",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:9/kbk_nowhere",
    }
    result = subprocess.run(  # noqa: S603 - our interpreter and a fixed script
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert json.loads(result.stdout) == [
        503,
        {"database": "unreachable", "worker": "unknown", "worker_last_seen": None, "tasks_waiting": None},
    ]


def test_the_load_balancer_may_ask_over_plain_http(db, settings, client):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/").status_code == 301  # every page goes to HTTPS...
    assert probe(client)[0] == 200  # ...but the health check answers where it is asked
