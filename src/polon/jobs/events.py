"""The jobs' audit payloads: what each audit event about a background job records as its ``changes``."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from polon.jobs.models import Job, JobFile


def job_enqueued(job: Job, files: Sequence[JobFile]) -> dict[str, Any]:
    """``job.enqueue``: the kind, its parameters, its input files by name and hash, its task."""
    return {"after": {"kind": job.kind, "params": job.params, "files": [[f.name, f.sha256] for f in files],
                      "task": job.task_result_id}}


def job_rerun(before: dict[str, Any], job: Job) -> dict[str, Any]:
    """``job.rerun``: the state it was in, and the new task with the checkpoint it resumes from."""
    return {"before": before, "after": {"state": job.state, "task": job.task_result_id,
                                        "resumes_from": job.checkpoint}}


def job_interrupted(job: Job) -> dict[str, Any]:
    """``job.interrupted``: the worker that died and the checkpoint a re-run resumes from."""
    return {"after": {"state": job.state, "runner": job.runner, "checkpoint": job.checkpoint}}


def job_downloaded(info: dict[str, Any]) -> dict[str, Any]:
    """``job.download``: the file handed out, by name and hash."""
    return {"after": {"filename": info.get("filename", ""), "sha256": info.get("sha256", "")}}


def job_purged(entry: dict[str, Any], *, deleted_at: datetime, retention_days: dict[str, float]) -> dict[str, Any]:
    """``job.purge``: the files deleted (inputs, output, when it was downloaded) and the retention applied."""
    return {"before": {k: entry[k] for k in ("inputs", "output", "downloaded_at") if entry.get(k)},
            "after": {"deleted_at": deleted_at.isoformat(), "state": entry["state"],
                      "retention_days": retention_days}}
