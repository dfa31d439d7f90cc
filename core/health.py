"""Is this app server fit to serve: the database answers, and the task worker is alive.

The worker (``manage.py db_worker`` of django-tasks-db) leaves no trace of its own: it shows
that it lives by taking tasks from the queue. So every health check makes sure that a small
heartbeat task waits in the queue (at most one at a time, at most one a minute), and calls the
worker *stale* as soon as any task has waited for it longer than ``WORKER_STALE_AFTER``. A quiet
portal still proves its worker every minute; a stopped worker is reported within
``WORKER_STALE_AFTER`` (plus a minute) even when nobody has queued any e-mail.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import Error as DatabaseError
from django.db import connection
from django.db.models import Max, Q
from django.tasks import TaskResultStatus, task
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

HEARTBEAT_EVERY = timedelta(minutes=1)
READY, RUNNING = TaskResultStatus.READY, TaskResultStatus.RUNNING


@task()
def worker_heartbeat() -> str:
    """Runs on the worker, does nothing but be run; drops the results of earlier heartbeats so
    they never pile up in the task table."""
    DBTaskResult.objects.filter(task_path=worker_heartbeat.module_path).exclude(
        status__in=[READY, RUNNING]
    ).delete()
    return "ok"


@dataclass(frozen=True)
class Health:
    database: str  # "ok" or "unreachable"
    worker: str  # "ok", "stale", or "unknown" when the database cannot tell
    worker_last_seen: datetime | None = None  # when the worker last finished a heartbeat
    tasks_waiting: int | None = None

    @property
    def healthy(self) -> bool:
        return self.database == "ok" and self.worker == "ok"

    def as_json(self) -> dict:
        return {
            "database": self.database,
            "worker": self.worker,
            "worker_last_seen": self.worker_last_seen.isoformat() if self.worker_last_seen else None,
            "tasks_waiting": self.tasks_waiting,
        }


def check_health() -> Health:
    """Two to five small queries; writes one heartbeat task at most once a minute."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return _check_worker(timezone.now())
    except DatabaseError:
        return Health(database="unreachable", worker="unknown")


def _check_worker(now: datetime) -> Health:
    heartbeats = DBTaskResult.objects.filter(task_path=worker_heartbeat.module_path)
    if not heartbeats.filter(Q(status=READY) | Q(enqueued_at__gt=now - HEARTBEAT_EVERY)).exists():
        worker_heartbeat.enqueue()
    ready = DBTaskResult.objects.filter(status=READY)
    # A task waits for the worker from when it was queued, or from its run_after if it was
    # scheduled for later (an unscheduled task has the far-future date as run_after).
    cutoff = now - settings.WORKER_STALE_AFTER
    stale = ready.filter(enqueued_at__lt=cutoff).filter(Q(run_after__lt=cutoff) | Q(run_after=get_date_max()))
    return Health(
        database="ok",
        worker="stale" if stale.exists() else "ok",
        worker_last_seen=heartbeats.aggregate(seen=Max("finished_at"))["seen"],
        tasks_waiting=ready.filter(Q(run_after__lte=now) | Q(run_after=get_date_max())).count(),
    )
