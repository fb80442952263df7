"""A job as its user sees it, with its input files, and the workers' heartbeats.

The queue itself is django-tasks' database backend (`django_tasks_db.DBTaskResult`); a Job points at the task
result that runs it (`task_result_id`) and carries what the user sees: state, progress, message, result.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class JobState(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    SUCCEEDED = "succeeded", _("succeeded")
    FAILED = "failed", _("failed")


class Job(models.Model):
    kind = models.CharField(_("kind"), max_length=64, db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    state = models.CharField(_("state"), max_length=12, choices=JobState.choices, default=JobState.QUEUED,
                             db_index=True)
    # The kind's input: ids and options, never file contents (those are JobFile rows in the file store).
    params = models.JSONField(default=dict, blank=True)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(null=True, blank=True)
    # An English message id (marked with gettext_noop where it is written) and its %-arguments; translated
    # when shown, so a job started in English reads in Ukrainian to a Ukrainian reader.
    message = models.CharField(max_length=300, blank=True)
    message_args = models.JSONField(default=dict, blank=True)
    # What the kind returned: counts, ids, per-line errors.
    result = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    # Where a re-run resumes; a kind writes it in the same transaction as each batch it writes.
    checkpoint = models.JSONField(default=dict, blank=True)
    # True when the process running the job died or was stopped hard (no result, maybe a checkpoint).
    interrupted = models.BooleanField(default=False)
    task_result_id = models.CharField(max_length=64, blank=True, db_index=True)
    attempts = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    # host:pid of the process running it, to tell a dead worker on this host at once.
    runner = models.CharField(max_length=200, blank=True)
    # Retention (polon.jobs.retention): when its input files were deleted from the file store (the JobFile rows
    # stay, with their names and hashes, and a blank stored_path), when the file it made was deleted, and
    # when that file was first downloaded.
    inputs_deleted_at = models.DateTimeField(null=True, blank=True)
    output_deleted_at = models.DateTimeField(null=True, blank=True)
    output_downloaded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["created_by", "-created_at"], name="job_by_user")]

    def __str__(self) -> str:
        return f"job {self.pk} ({self.kind}, {self.state})"

    @property
    def finished(self) -> bool:
        return self.state in (JobState.SUCCEEDED, JobState.FAILED)

    @property
    def percent(self) -> int | None:
        if not self.progress_total:
            return None
        return min(100, int(100 * self.progress_done / self.progress_total))


class JobFile(models.Model):
    """An input file of a job, kept in the content-addressed file store (polon.core.files)."""

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="files")
    position = models.PositiveIntegerField()
    # The name the user gave it (an uploaded file's name, or the path given on the command line).
    name = models.CharField(max_length=1000)
    sha256 = models.CharField(max_length=64)
    # Blank once retention deleted it (Job.inputs_deleted_at says when).
    stored_path = models.CharField(max_length=200, blank=True)
    size = models.BigIntegerField()
    # Where attachments the file names are looked for (a Telegram export's folder); blank for an upload.
    attachments_root = models.CharField(max_length=1000, blank=True)

    class Meta:
        ordering = ["job", "position"]
        constraints = [models.UniqueConstraint(fields=["job", "position"], name="job_file_once")]


class WorkerBeat(models.Model):
    """A running `polon worker` writes here every few seconds; the CLI runs a job itself when none is alive."""

    worker_id = models.CharField(max_length=64, unique=True)
    host = models.CharField(max_length=200)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField(db_index=True)
