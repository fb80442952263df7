"""Reading jobs, scoped: a user sees only the jobs they started; an administrator sees every job."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import QuerySet
from django.utils import timezone

from polon.accounts.roles import Role
from polon.core.errors import NotFound
from polon.jobs.models import Job, WorkerBeat

# A worker writes its beat every WORKER_BEAT_SECONDS; it counts as alive for three beats.
WORKER_BEAT_SECONDS = 5


def jobs_for(user) -> QuerySet[Job]:
    jobs = Job.objects.select_related("created_by")
    if user is None or not user.is_authenticated or not user.is_active:
        return jobs.none()
    if user.role == Role.ADMIN:
        return jobs
    return jobs.filter(created_by=user)


def get_job(user, job_id) -> Job:
    """The job if ``user`` may see it; NotFound otherwise (another user's job looks like no job at all)."""
    try:
        return jobs_for(user).get(pk=job_id)
    except (Job.DoesNotExist, ValueError, TypeError):
        raise NotFound(f"job {job_id} not found") from None


def workers_alive() -> int:
    """How many `polon worker` processes wrote their beat recently."""
    since = timezone.now() - timedelta(seconds=3 * WORKER_BEAT_SECONDS)
    return WorkerBeat.objects.filter(seen_at__gte=since).count()


def message_text(job: Job) -> str:
    """The job's message in the active language."""
    from django.utils.translation import gettext

    if not job.message:
        return ""
    text = gettext(job.message)
    try:
        return text % job.message_args if job.message_args else text
    except (KeyError, TypeError, ValueError):
        return text


def _kind(job: Job):
    from polon.jobs import kinds

    try:
        return kinds.get(job.kind)
    except KeyError:
        return None


def kind_label(job: Job):
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


def summary(job: Job) -> list:
    """(label, value) rows of a finished job's result, as its kind describes them."""
    spec = _kind(job)
    if spec is None or spec.summary is None or not job.result:
        return []
    try:
        return list(spec.summary(job))
    except (KeyError, LookupError, ValueError, TypeError):
        return []


def result_file(job: Job):
    """(path, file name, content type) of the file a job that succeeded made (a large export), or None."""
    from polon.sources import storage

    info = (job.result or {}).get("file") if job.state == "succeeded" else None
    if not isinstance(info, dict) or not info.get("stored_path"):
        return None
    try:
        path = storage.absolute(info["stored_path"])
    except ValueError:
        return None
    if not path.is_file():
        return None
    return path, str(info.get("filename") or f"job-{job.pk}"), str(info.get("content_type") or
                                                                    "application/octet-stream")
