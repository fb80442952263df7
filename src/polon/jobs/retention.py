"""Retention of job files: the files a job reads and makes hold personal data (an uploaded list of the other
side, a file of persons to import, an export of thousands of persons), so none is kept longer than it is needed.

* **Input files** (JobFile rows) are deleted when the job has finished: at once when it succeeded (what it
  wrote is in the database; ``POLON_JOB_INPUTS_KEEP_DAYS_SUCCEEDED``, default 0) and
  ``POLON_JOB_INPUTS_KEEP_DAYS_FAILED`` days (default 7) after it failed or was interrupted, so that it can be
  re-run meanwhile. A queued or running job keeps them. After that the job cannot be re-run (the user starts
  it again with the file); its JobFile rows stay with their names and hashes, their ``stored_path`` blank.
* **The file a job made** (a large export) is deleted ``POLON_JOB_OUTPUT_KEEP_DAYS`` days (default 7) after
  the job finished, or ``POLON_JOB_OUTPUT_KEEP_DAYS_AFTER_DOWNLOAD`` days (default 1) after it was first
  downloaded, whichever comes first. The job then shows the file as deleted, and asking for it answers 410
  (API), a page saying so (web) or an error naming the job (CLI); the export's record (ExportRecord: who,
  to whom, which persons, its hash) stays.
* Files are content-addressed and shared (an ingested file is also its Source's file): a file is removed
  from the store only when nothing else refers to it any more.

``purge_expired`` does it: the worker runs it every ``POLON_JOB_PURGE_SECONDS`` (and for a job that succeeded
as it finishes), ``polon job purge`` at once. The database is changed first, in one transaction with an audit
event ``job.purge`` for each job (what was deleted, why); the files are removed after it committed, so a row
never names a file that is gone. A process killed between the two leaves a file no row refers to (the next
purge does not find it). A job queued with the very same bytes while a purge removes them finds its input
missing and fails saying so (upload it again).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from polon.access.policies import require
from polon.audit.actions import Action
from polon.audit.log import Entry, record, record_many
from polon.core.files import remove_unreferenced
from polon.jobs import events
from polon.jobs.models import Job, JobFile, JobState

if TYPE_CHECKING:
    from polon.accounts.models import User


def _days(name: str) -> timedelta:
    return timedelta(days=float(getattr(settings, name)))


def inputs_expire_at(job: Job) -> datetime | None:
    """When the job's input files are (or were due to be) deleted; None while it has not finished or has none."""
    if job.finished_at is None or job.state not in (JobState.SUCCEEDED, JobState.FAILED):
        return None
    keep = "POLON_JOB_INPUTS_KEEP_DAYS_SUCCEEDED" if job.state == JobState.SUCCEEDED else \
        "POLON_JOB_INPUTS_KEEP_DAYS_FAILED"
    return job.finished_at + _days(keep)


def output_info(job: Job) -> dict | None:
    """The result's file entry (filename, sha256, content_type, and stored_path until it is deleted), or None."""
    info = (job.result or {}).get("file")
    return info if isinstance(info, dict) else None


def output_expires_at(job: Job) -> datetime | None:
    """When the file the job made is (or was due to be) deleted; None if it made none."""
    if output_info(job) is None or job.state != JobState.SUCCEEDED or job.finished_at is None:
        return None
    due = job.finished_at + _days("POLON_JOB_OUTPUT_KEEP_DAYS")
    if job.output_downloaded_at is not None:
        due = min(due, job.output_downloaded_at + _days("POLON_JOB_OUTPUT_KEEP_DAYS_AFTER_DOWNLOAD"))
    return due


@dataclass
class PurgeReport:
    # (job id, file name, sha256) of each input file and each made file whose job no longer refers to it.
    inputs: list[tuple[int, str, str]] = field(default_factory=list)
    outputs: list[tuple[int, str, str]] = field(default_factory=list)
    # Files removed from the store, and those kept because something else (a source, another job) uses them.
    removed: int = 0
    shared: int = 0

    @property
    def jobs(self) -> list[int]:
        return sorted({job_id for job_id, _n, _h in self.inputs + self.outputs})


def _due(now: datetime, job_ids=None):
    inputs = JobFile.objects.exclude(stored_path="").filter(
        Q(job__state=JobState.SUCCEEDED,
          job__finished_at__lte=now - _days("POLON_JOB_INPUTS_KEEP_DAYS_SUCCEEDED"))
        | Q(job__state=JobState.FAILED, job__finished_at__lte=now - _days("POLON_JOB_INPUTS_KEEP_DAYS_FAILED")))
    outputs = Job.objects.filter(state=JobState.SUCCEEDED, output_deleted_at__isnull=True,
                                 result__has_key="file").filter(
        Q(finished_at__lte=now - _days("POLON_JOB_OUTPUT_KEEP_DAYS"))
        | Q(output_downloaded_at__lte=now - _days("POLON_JOB_OUTPUT_KEEP_DAYS_AFTER_DOWNLOAD")))
    if job_ids is not None:
        inputs, outputs = inputs.filter(job_id__in=job_ids), outputs.filter(pk__in=job_ids)
    return inputs, outputs


def holds(stored_path: str) -> bool:
    """Whether a job's input or a job's file (not deleted) uses this stored file (registered with the file
    store)."""
    return (JobFile.objects.filter(stored_path=stored_path).exists()
            or Job.objects.filter(result__file__stored_path=stored_path).exists())


def purge_expired(*, actor: User | None = None, now: datetime | None = None,
                  job_ids: Sequence[int] | None = None, dry_run: bool = False) -> PurgeReport:
    """Delete the job files whose retention period is over (``job_ids``: only those jobs' files); what was
    deleted. ``actor`` is the user running `polon job purge` (None for the worker); ``dry_run`` changes nothing."""
    if actor is not None:
        require(actor, "accounts.admin")
    now = now or timezone.now()
    report = PurgeReport()
    paths: list[str] = []
    with transaction.atomic():
        inputs, outputs = _due(now, job_ids)
        if not dry_run:
            inputs, outputs = inputs.select_for_update(of=("self",)), outputs.select_for_update()
        due_inputs = list(inputs.select_related("job").order_by("job_id", "position"))
        due_outputs = list(outputs.order_by("pk"))
        per_job: dict[int, dict] = {}
        for row in due_inputs:
            report.inputs.append((row.job_id, row.name, row.sha256))
            paths.append(row.stored_path)
            entry = per_job.setdefault(row.job_id, {"job": row.job, "inputs": [], "state": row.job.state})
            entry["inputs"].append([row.name, row.sha256])
        for job in due_outputs:
            info = dict(output_info(job) or {})
            report.outputs.append((job.pk, str(info.get("filename", "")), str(info.get("sha256", ""))))
            if info.get("stored_path"):
                paths.append(info["stored_path"])
            entry = per_job.setdefault(job.pk, {"job": job, "inputs": [], "state": job.state})
            entry["output"] = [info.get("filename", ""), info.get("sha256", "")]
            entry["downloaded_at"] = job.output_downloaded_at.isoformat() if job.output_downloaded_at else None
        if dry_run or not per_job:
            return report
        if due_inputs:
            JobFile.objects.filter(pk__in=[row.pk for row in due_inputs]).update(stored_path="")
            Job.objects.filter(pk__in={row.job_id for row in due_inputs}).update(inputs_deleted_at=now)
        for job in due_outputs:
            kept = output_info(job)
            assert kept is not None  # _due selects the jobs whose output file is still kept
            result = dict(job.result)
            result["file"] = {k: v for k, v in kept.items() if k != "stored_path"}
            Job.objects.filter(pk=job.pk).update(result=result, output_deleted_at=now)
        record_many(actor=actor, entries=[
            Entry(Action.JOB_PURGE, entry["job"], changes=events.job_purged(
                entry, deleted_at=now, retention_days=_retention(entry)))
            for _job_id, entry in sorted(per_job.items())])
    report.removed, report.shared = remove_unreferenced(paths)
    return report


def _retention(entry: dict) -> dict[str, float]:
    days = {}
    if entry["inputs"]:
        days["inputs"] = float(getattr(settings, "POLON_JOB_INPUTS_KEEP_DAYS_SUCCEEDED"
                                       if entry["state"] == JobState.SUCCEEDED else "POLON_JOB_INPUTS_KEEP_DAYS_FAILED"))
    if entry.get("output"):
        days["output"] = settings.POLON_JOB_OUTPUT_KEEP_DAYS
        days["output_after_download"] = settings.POLON_JOB_OUTPUT_KEEP_DAYS_AFTER_DOWNLOAD
    return days


@transaction.atomic
def note_download(*, actor: User, job: Job) -> None:
    """The file a job made was handed to ``actor``: audited, and its retention clock after a download starts."""
    info = output_info(job) or {}
    Job.objects.filter(pk=job.pk, output_downloaded_at__isnull=True).update(output_downloaded_at=timezone.now())
    record(actor=actor, action=Action.JOB_DOWNLOAD, obj=job, changes=events.job_downloaded(info))
