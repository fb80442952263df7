"""Writing jobs: enqueue, re-run, and the state changes of a job as a worker runs it.

Enqueueing and re-running are a user's writes: keyword-only arguments and the acting user, one transaction,
an audit event in it. The Job row and its django-tasks task row are written in the same transaction, so a
worker never sees a task without its job, nor a job without its task.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterable
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django_tasks_db.models import DBTaskResult

from polon.access.policies import require
from polon.access.scope import visible_or_not_found
from polon.audit.actions import Action
from polon.audit.log import record
from polon.core import files as file_store
from polon.core.errors import PolonError, ValidationFailed
from polon.core.files import remove_unreferenced
from polon.jobs import events, kinds
from polon.jobs.models import Job, JobFile, JobState, WorkerBeat
from polon.jobs.selectors import jobs_for
from polon.jobs.tasks import run_job

if TYPE_CHECKING:
    from polon.accounts.models import User


def runner_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:200]


def _enqueue_task(job: Job) -> str:
    return str(run_job.enqueue(job.pk).id)


def enqueue_job(*, actor: User, kind: str, params: dict[str, Any] | None = None,
                files: Iterable[tuple[str, bytes] | tuple[str, bytes, str]] = (),
                total: int | None = None) -> Job:
    """Queue a job of ``kind`` for ``actor`` and return it at once (state "queued").

    ``files`` are (name, content) or (name, content, attachments_root): each is kept in the content-addressed
    file store and recorded as a JobFile, so the task carries only the job's id.
    """
    spec = kinds.get(kind)
    require(actor, spec.policy)
    written: list[str] = []
    rows: list[JobFile] = []
    try:
        for position, item in enumerate(files):
            name, content = item[0], item[1]
            root = item[2] if len(item) > 2 else ""
            stored = file_store.store_bytes(content)
            if stored.created:
                written.append(stored.stored_path)
            rows.append(JobFile(position=position, name=str(name)[:1000], sha256=stored.sha256,
                                stored_path=stored.stored_path, size=stored.size,
                                attachments_root=str(root or "")[:1000]))
        with transaction.atomic():
            job = Job.objects.create(kind=kind, created_by=actor, params=params or {}, progress_total=total,
                                     message=gettext_noop("Waiting for a worker"))
            for row in rows:
                row.job = job
            JobFile.objects.bulk_create(rows)
            job.task_result_id = _enqueue_task(job)
            job.save(update_fields=["task_result_id"])
            record(actor=actor, action=Action.JOB_ENQUEUE, obj=job, changes=events.job_enqueued(job, rows))
    except BaseException:
        remove_unreferenced(written)
        raise
    return job


def rerun_job(*, actor: User, job_id: int) -> Job:
    """Queue a finished (or interrupted) job again. A failed job resumes from its checkpoint; a job that had
    succeeded starts over. It runs as the user who started it."""
    with transaction.atomic():
        job = visible_or_not_found(jobs_for(actor).select_for_update(), job_id, gettext("job"))
        require(actor, kinds.get(job.kind).policy)
        if job.state == JobState.RUNNING and not is_stale(job):
            raise ValidationFailed({"job": gettext("job %(id)s is running; wait for it to finish") % {"id": job.pk}})
        if job.state == JobState.QUEUED:
            raise ValidationFailed({"job": gettext("job %(id)s is already queued") % {"id": job.pk}})
        if job.inputs_deleted_at is not None:
            raise ValidationFailed({"job": gettext(
                "job %(id)s cannot run again: its input files were deleted on %(date)s, when their retention "
                "period ended; start it anew with the file") % {
                "id": job.pk, "date": f"{job.inputs_deleted_at:%Y-%m-%d %H:%M} UTC"}})
        before = {"state": job.state, "interrupted": job.interrupted, "attempts": job.attempts}
        replaced = ""
        if job.state == JobState.SUCCEEDED:
            job.checkpoint = {}
            job.progress_done = 0
            # The file it made is made anew: the old one goes now (retention starts again with the new one).
            old_file = (job.result or {}).get("file")
            if isinstance(old_file, dict):
                replaced = str(old_file.get("stored_path") or "")
                job.result = {**job.result, "file": {k: v for k, v in old_file.items() if k != "stored_path"}}
            job.output_deleted_at = job.output_downloaded_at = None
        job.state, job.interrupted, job.error, job.finished_at = JobState.QUEUED, False, "", None
        job.message, job.message_args = gettext_noop("Queued again"), {}
        job.task_result_id = _enqueue_task(job)
        job.save()
        record(actor=actor, action=Action.JOB_RERUN, obj=job, changes=events.job_rerun(before, job))
    if replaced:
        remove_unreferenced([replaced])
    return job


def is_stale(job: Job, now: datetime | None = None) -> bool:
    """A running job whose worker stopped writing its heartbeat, or whose process on this host is gone."""
    if job.state != JobState.RUNNING:
        return False
    now = now or timezone.now()
    host, _, pid = job.runner.rpartition(":")
    if host == socket.gethostname() and pid.isdigit() and not _alive(int(pid)):
        return True
    beat = job.heartbeat_at or job.started_at
    return beat is None or beat < now - timedelta(seconds=settings.POLON_JOB_STALE_SECONDS)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie (a killed child not yet reaped) is dead for our purposes.
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            return fh.read().rsplit(")", 1)[-1].split()[0] != "Z"
    except OSError:
        return True


def recover_stale_jobs() -> list[Job]:
    """Mark failed (interrupted) every running job whose worker died; a re-run resumes it from its checkpoint.
    Run by every worker at start and every half minute."""
    marked = []
    for running in Job.objects.filter(state=JobState.RUNNING):
        if not is_stale(running):
            continue
        with transaction.atomic():
            job = Job.objects.select_for_update().filter(pk=running.pk, state=JobState.RUNNING).first()
            if job is None or not is_stale(job):
                continue
            job.state, job.interrupted, job.finished_at = JobState.FAILED, True, timezone.now()
            job.message = gettext_noop("Interrupted: the process running this job stopped. Nothing half-written "
                                       "was kept; re-run it to continue.")
            job.message_args = {}
            job.error = f"interrupted: the worker {job.runner or '?'} stopped while running it"
            job.save(update_fields=["state", "interrupted", "finished_at", "message", "message_args", "error"])
            if job.task_result_id:
                DBTaskResult.objects.filter(id=job.task_result_id, status="RUNNING").update(
                    status="FAILED", finished_at=timezone.now(), exception_class_path="polon.jobs.Interrupted",
                    traceback=job.error)
            record(actor=None, action=Action.JOB_INTERRUPTED, obj=job, changes=events.job_interrupted(job))
        marked.append(job)
    return marked


# The state changes of a running job. Not user actions (the worker makes them), so not audited: the job's
# own writes are, by the services it calls.

def start_job(*, job_id: int) -> Job | None:
    """Claim a queued job for this process; None if it is not queued (already run, or running elsewhere)."""
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.state != JobState.QUEUED:
            return None
        now = timezone.now()
        job.state, job.started_at, job.heartbeat_at, job.runner = JobState.RUNNING, now, now, runner_name()
        job.attempts += 1
        job.message, job.message_args, job.error = gettext_noop("Running"), {}, ""
        job.save(update_fields=["state", "started_at", "heartbeat_at", "runner", "attempts", "message",
                                "message_args", "error"])
    return job


def finish_job(*, job: Job, result: dict[str, Any] | None = None, error: str = "", message: str = "",
               message_args: dict[str, Any] | None = None, interrupted: bool = False) -> None:
    state = JobState.FAILED if (error or interrupted) else JobState.SUCCEEDED
    fields = {"state": state, "finished_at": timezone.now(), "heartbeat_at": timezone.now(), "error": error,
              "interrupted": interrupted, "message": message[:300], "message_args": message_args or {}}
    if result is not None:
        fields["result"] = result
    if state == JobState.SUCCEEDED:
        total = Job.objects.filter(pk=job.pk).values_list("progress_total", flat=True).first()
        if total is not None:
            fields["progress_done"] = total
    with transaction.atomic():
        Job.objects.filter(pk=job.pk, state=JobState.RUNNING).update(**fields)


def requeue_job(*, job: Job) -> None:
    """A worker shutting down puts its running job back on the queue; it resumes from its checkpoint."""
    with transaction.atomic():
        task_id = _enqueue_task(job)
        Job.objects.filter(pk=job.pk, state=JobState.RUNNING).update(
            state=JobState.QUEUED, task_result_id=task_id, runner="", heartbeat_at=timezone.now(),
            message=gettext_noop("Stopped by a worker shutting down; continues when a worker runs again"),
            message_args={})


def heartbeat(*, job_id: int) -> None:
    with transaction.atomic():
        Job.objects.filter(pk=job_id, state=JobState.RUNNING).update(heartbeat_at=timezone.now())


def beat_worker(*, worker_id: str, started_at: datetime) -> None:
    with transaction.atomic():
        WorkerBeat.objects.update_or_create(worker_id=worker_id, defaults={
            "host": socket.gethostname()[:200], "pid": os.getpid(), "started_at": started_at,
            "seen_at": timezone.now()})


def forget_worker(*, worker_id: str) -> None:
    with transaction.atomic():
        WorkerBeat.objects.filter(worker_id=worker_id).delete()


def job_file_path(job_file: JobFile) -> Path:
    """The stored input file on disk; PolonError naming it if it went missing from the store."""
    if not job_file.stored_path:
        raise PolonError(gettext("%(file)s: the stored input file was deleted when its retention period ended; "
                                 "start the job anew with the file") % {"file": job_file.name})
    path = file_store.absolute(job_file.stored_path)
    if not path.is_file():
        raise PolonError(gettext("%(file)s: the stored input file (sha256 %(sha256)s) is missing from the file "
                                 "store; upload it again") % {"file": job_file.name, "sha256": job_file.sha256})
    return path


def job_file_bytes(job_file: JobFile) -> bytes:
    return job_file_path(job_file).read_bytes()
