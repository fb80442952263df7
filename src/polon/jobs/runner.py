"""Running jobs: the task body, the worker process, and running a job in the calling process.

`execute(job_id)` is what the django-tasks task does: claim the Job, call its kind's ``run`` with a
Progress, record the result or the failure. A heartbeat thread keeps ``Job.heartbeat_at`` fresh while the
kind works, so a job whose worker died is told from one that is merely slow (`services.recover_stale_jobs`).
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import threading
import time
from collections.abc import Callable

from django.conf import settings
from django.db import OperationalError, close_old_connections, connection, connections
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext, gettext_noop
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from polon.core.errors import PolonError, ValidationFailed
from polon.jobs import kinds, services
from polon.jobs.models import Job
from polon.jobs.retention import purge_expired
from polon.jobs.selectors import workers_alive

logger = logging.getLogger("polon.jobs")

HEARTBEAT_SECONDS = 5.0
RECOVER_SECONDS = 30.0

# The calling process's listener for the job it runs itself (the CLI's progress bar).
_listener: Callable[[int, int | None], None] | None = None
# False where a second database connection would not see the caller's data (tests in one transaction).
_heartbeat_thread = True


class _Heartbeat:
    def __init__(self, job_id: int):
        self.job_id = job_id
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._run, name=f"job-{job_id}-heartbeat", daemon=True)
        self.thread.start()

    def _run(self) -> None:

        try:
            while not self.stopped.wait(HEARTBEAT_SECONDS):
                try:
                    services.heartbeat(job_id=self.job_id)
                except OperationalError as exc:  # the job's own batch holds the lock: next beat
                    logger.info("job %s heartbeat skipped: %s", self.job_id, exc)
        finally:
            connections.close_all()

    def stop(self) -> None:
        self.stopped.set()
        self.thread.join(timeout=HEARTBEAT_SECONDS * 2)


def execute(job_id: int) -> dict:
    """Run job ``job_id`` if it is queued; return a short summary for the task result."""
    job = services.start_job(job_id=job_id)
    if job is None:
        return {"job": job_id, "skipped": "not queued"}
    spec = kinds.get(job.kind)
    progress = kinds.Progress(job, listener=_listener)
    # A second connection cannot see a job written inside the caller's open transaction (tests): no beat then.
    beat = _Heartbeat(job.pk) if _heartbeat_thread and not connection.in_atomic_block else None
    try:
        if not job.created_by.is_active:
            raise PolonError(gettext("the user %(user)s who started this job is no longer active") % {"user": job.created_by})
        result = spec.run(job, progress)
    except kinds.JobStopped:
        services.requeue_job(job=job)
        return {"job": job_id, "state": "queued", "stopped": True}
    except ValidationFailed as exc:
        services.finish_job(job=job, result={"errors": exc.errors}, error=str(exc),
                            message=gettext_noop("Failed: the input has errors; nothing of it was written"))
        return {"job": job_id, "state": "failed"}
    except PolonError as exc:
        services.finish_job(job=job, result={"errors": {}}, error=str(exc), message=gettext_noop("Failed"))
        return {"job": job_id, "state": "failed"}
    except Exception as exc:
        logger.exception("job %s (%s) failed", job_id, job.kind)
        services.finish_job(job=job, error=f"internal error ({exc.__class__.__name__}: {exc})",
                            message=gettext_noop("Failed because of an internal error; an administrator finds "
                                                 "its traceback in the task result %(task)s"),
                            message_args={"task": job.task_result_id})
        raise
    except BaseException:
        # Ctrl-C in the CLI running it, or a worker told twice to stop: what was committed stays, the rest
        # was rolled back; a re-run resumes from the checkpoint.
        services.finish_job(job=job, error="interrupted before it finished", interrupted=True,
                            message=gettext_noop("Interrupted: nothing half-written was kept; re-run it to "
                                                 "continue"))
        raise
    finally:
        if beat is not None:
            beat.stop()
    progress.flush()
    services.finish_job(job=job, result=result if isinstance(result, dict) else {"value": result},
                        message=gettext_noop("Done"))
    _purge_now(job_id)
    return {"job": job_id, "state": "succeeded"}


def _purge_now(job_id: int) -> None:
    """The input files of a job that succeeded are deleted as it finishes (when its retention is 0 days)."""
    if float(settings.POLON_JOB_INPUTS_KEEP_DAYS_SUCCEEDED) > 0:
        return
    try:
        purge_expired(job_ids=[job_id])
    except (OperationalError, OSError) as exc:  # the worker's periodic purge does it later
        logger.warning("job %s: its input files were not deleted yet: %s", job_id, exc)


def _claim(task_result_id: str | None, worker_id: str):
    """Claim one ready task (the given one, or the next) the way the django-tasks worker does."""
    tasks = DBTaskResult.objects.ready()
    if task_result_id is not None:
        tasks = tasks.filter(id=task_result_id)
    with exclusive_transaction(tasks.db):
        db_result = tasks.get_locked()
        if db_result is not None:
            db_result.claim(worker_id)
    return db_result


def _run_task(db_result) -> None:
    try:
        value = db_result.task.call(*db_result.args_kwargs["args"], **db_result.args_kwargs["kwargs"])
    except KeyboardInterrupt:
        db_result.set_failed(KeyboardInterrupt())
        raise
    except BaseException as exc:
        db_result.set_failed(exc)
        return
    db_result.set_successful(value)


def run_in_process(job: Job, *, listener: Callable[[int, int | None], None] | None = None) -> bool:
    """Run ``job`` in this process (no worker is running). False if a worker claimed it first."""
    global _listener
    db_result = _claim(job.task_result_id, f"inproc-{socket.gethostname()}-{os.getpid()}"[:64])
    if db_result is None:
        return False
    _listener = listener
    try:
        _run_task(db_result)
    finally:
        _listener = None
    return True


def run_pending_jobs(*, heartbeat: bool = False) -> list[Job]:
    """Run every queued task here and now, in order (tests, `polon worker --batch`); the jobs they ran."""
    global _heartbeat_thread
    previous, _heartbeat_thread = _heartbeat_thread, heartbeat
    ran: list[int] = []
    try:
        while (db_result := _claim(None, f"inline-{os.getpid()}")) is not None:
            args = db_result.args_kwargs.get("args") or []
            if args:
                ran.append(args[0])
            _run_task(db_result)
    finally:
        _heartbeat_thread = previous
    return list(Job.objects.filter(pk__in=ran).order_by("pk"))


def wait_for(job: Job, *, on_progress: Callable[[Job], None] | None = None, poll: float = 0.3,
             run_here_if_no_worker: bool = True,
             listener: Callable[[int, int | None], None] | None = None) -> Job:
    """Wait until ``job`` finishes, reporting its progress; run it here if no worker is alive to do it."""
    while True:
        job.refresh_from_db()
        if job.finished:
            return job
        if on_progress is not None:
            on_progress(job)
        if job.state == "queued" and run_here_if_no_worker and not workers_alive():
            if run_in_process(job, listener=listener):
                job.refresh_from_db()
                return job
        elif job.state == "running" and services.is_stale(job):
            services.recover_stale_jobs()
            continue
        time.sleep(poll)


class PolonWorker:
    """`polon worker`: django-tasks' database worker, plus heartbeats, recovery of jobs whose worker died, and
    a graceful stop that puts the running job back on the queue at its next batch."""

    def __init__(self, *, interval: float = 1.0, batch: bool = False, worker_id: str | None = None,
                 max_tasks: int | None = None):
        self.worker_id = worker_id or f"{socket.gethostname()[:30]}-{os.getpid()}-{get_random_string(8)}"
        self.started_at = timezone.now()
        self.inner = Worker(queue_names=["default"], interval=interval, batch=batch, backend_name="default",
                            startup_delay=False, max_tasks=max_tasks, worker_id=self.worker_id[:64],
                            excluded_queue_names=[])
        self.stopped = threading.Event()

    def _beat(self) -> None:
        last_recover = last_purge = float("-inf")
        try:
            while not self.stopped.is_set():
                try:
                    services.beat_worker(worker_id=self.worker_id, started_at=self.started_at)
                    if time.monotonic() - last_recover >= RECOVER_SECONDS:
                        for job in services.recover_stale_jobs():
                            logger.warning("job %s was interrupted (its worker stopped)", job.pk)
                        last_recover = time.monotonic()
                    if time.monotonic() - last_purge >= settings.POLON_JOB_PURGE_SECONDS:
                        last_purge = time.monotonic()
                        purged = purge_expired()
                        if purged.jobs:
                            logger.info("deleted the expired files of jobs %s (%s files removed)",
                                        ", ".join(map(str, purged.jobs)), purged.removed)
                except OperationalError as exc:
                    logger.info("worker beat skipped: %s", exc)
                except Exception:  # a purge that failed must not stop the beat; it is tried again later
                    logger.exception("deleting expired job files failed")
                self.stopped.wait(5.0)
        finally:
            connections.close_all()

    def _on_signal(self, signum, frame) -> None:
        kinds.STOP.set()
        self.inner.shutdown(signum, frame)

    def run(self) -> None:
        close_old_connections()
        for job in services.recover_stale_jobs():
            logger.warning("job %s was interrupted (its worker stopped)", job.pk)
        services.beat_worker(worker_id=self.worker_id, started_at=self.started_at)
        beat = threading.Thread(target=self._beat, name="worker-beat", daemon=True)
        beat.start()
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, self._on_signal)
        try:
            self.inner.run()
        finally:
            self.stopped.set()
            beat.join(timeout=10)
            try:
                services.forget_worker(worker_id=self.worker_id)
            except OperationalError:
                pass
