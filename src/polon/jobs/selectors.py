"""Reading jobs, scoped: a user sees only the jobs they started; an administrator sees every job."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from polon.access.policies import may
from polon.access.scope import visible_or_not_found
from polon.core import files
from polon.core.errors import Gone, NotFound
from polon.jobs import kinds
from polon.jobs.models import Job, WorkerBeat
from polon.jobs.retention import inputs_expire_at, output_expires_at, output_info

if TYPE_CHECKING:
    from polon.accounts.models import User

# A worker writes its beat every WORKER_BEAT_SECONDS; it counts as alive for three beats.
WORKER_BEAT_SECONDS = 5


def jobs_for(user: User | None) -> QuerySet[Job]:
    jobs = Job.objects.select_related("created_by")
    if user is None or not user.is_authenticated or not user.is_active:
        return jobs.none()
    if may(user, "work.everyone"):
        return jobs
    return jobs.filter(created_by=user)


def get_job(user: User | None, job_id: int | str) -> Job:
    """The job if ``user`` may see it; NotFound otherwise (another user's job looks like no job at all)."""
    return visible_or_not_found(jobs_for(user), job_id, gettext("job"))


def workers_alive() -> int:
    """How many `polon worker` processes wrote their beat recently."""
    since = timezone.now() - timedelta(seconds=3 * WORKER_BEAT_SECONDS)
    return WorkerBeat.objects.filter(seen_at__gte=since).count()


def message_text(job: Job) -> str:
    """The job's message in the active language."""
    if not job.message:
        return ""
    text = gettext(job.message)
    try:
        return text % job.message_args if job.message_args else text
    except (KeyError, TypeError, ValueError):
        return text


def _kind(job: Job) -> kinds.Kind | None:
    try:
        return kinds.get(job.kind)
    except KeyError:
        return None


def kind_label(job: Job) -> Any:
    spec = _kind(job)
    return spec.label if spec is not None else job.kind


def result_url(job: Job) -> str | None:
    """The page showing what a job that succeeded did (its kind's ``result_url``), or None."""
    spec = _kind(job)
    if spec is None or spec.result_url is None or job.state != "succeeded":
        return None
    try:
        return spec.result_url(job)
    except (KeyError, LookupError, ValueError, TypeError):
        return None


def summary(job: Job) -> list[tuple[Any, Any]]:
    """(label, value) rows of a finished job's result, as its kind describes them."""
    spec = _kind(job)
    if spec is None or spec.summary is None or not job.result:
        return []
    try:
        return list(spec.summary(job))
    except (KeyError, LookupError, ValueError, TypeError):
        return []


def result_file(job: Job) -> tuple[Path, str, str] | None:
    """(path, file name, content type) of the file a job that succeeded made (a large export), or None (it made
    none, retention deleted it: ``output_deleted(job)``, or it went missing from the store)."""
    info = output_info(job) if job.state == "succeeded" and job.output_deleted_at is None else None
    if info is None or not info.get("stored_path"):
        return None
    try:
        path = files.absolute(info["stored_path"])
    except ValueError:
        return None
    if not path.is_file():
        return None
    return path, str(info.get("filename") or f"job-{job.pk}"), str(info.get("content_type") or
                                                                    "application/octet-stream")


def downloadable(job: Job) -> tuple[Path, str, str]:
    """(path, file name, content type) of the file ``job`` made; Gone (with when and why) if retention deleted
    it, NotFound if it made none or it is missing from the store."""
    found = result_file(job)
    if found is not None:
        return found
    if job.output_deleted_at is not None:
        raise Gone(gettext(
            "The file of job %(id)s was deleted on %(date)s: a file made by a job is kept %(days)s days, and "
            "%(after)s days after its first download. Make the export again.") % {
            "id": job.pk, "date": f"{job.output_deleted_at:%Y-%m-%d %H:%M} UTC",
            "days": f"{settings.POLON_JOB_OUTPUT_KEEP_DAYS:g}",
            "after": f"{settings.POLON_JOB_OUTPUT_KEEP_DAYS_AFTER_DOWNLOAD:g}"})
    if job.state == "succeeded" and (job.result or {}).get("file"):
        raise NotFound(gettext("The file of job %(id)s is missing from the file store.") % {"id": job.pk})
    raise NotFound(gettext("Job %(id)s made no file.") % {"id": job.pk})


def public_result(job: Job) -> dict[str, Any]:
    """The job's result as users see it: without where the server keeps its file."""
    result = dict(job.result or {})
    info = output_info(job)
    if info is not None:
        result["file"] = {k: v for k, v in info.items() if k != "stored_path"}
    return result


def job_fields(job: Job) -> dict[str, Any]:
    """What the API and the CLI show of a job (the same keys in both): no server path, the file it made by
    name, size and state, and when retention deletes its files."""
    info = output_info(job)
    names = [f.name for f in job.files.all()]
    output = None
    if info is not None and job.state == "succeeded":
        output = {"filename": str(info.get("filename") or f"job-{job.pk}"),
                  "size": (job.result or {}).get("size"), "content_type": str(info.get("content_type") or ""),
                  "available": result_file(job) is not None, "deleted_at": job.output_deleted_at,
                  "expires_at": None if job.output_deleted_at else output_expires_at(job)}
    return {"id": job.pk, "kind": job.kind, "state": job.state, "interrupted": job.interrupted,
            "created_by": job.created_by.username, "created_at": job.created_at, "started_at": job.started_at,
            "finished_at": job.finished_at,
            "progress": {"done": job.progress_done, "total": job.progress_total, "percent": job.percent},
            "message": message_text(job), "error": job.error, "result": public_result(job),
            "params": job.params or {}, "files": names, "attempts": job.attempts,
            "inputs_deleted_at": job.inputs_deleted_at,
            "inputs_expire_at": None if job.inputs_deleted_at or not names else inputs_expire_at(job),
            "output": output}
