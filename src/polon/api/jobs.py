"""Background jobs over the API: a long operation answers 202 with a job; these follow it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Query, Router, Schema, Status

from polon.api.auth import operation_policy
from polon.api.schemas import ERRORS_NO_CONFLICT, ErrorOut, page_of
from polon.jobs import selectors, services
from polon.jobs.models import Job

router = Router(tags=["jobs"])


class ProgressOut(Schema):
    done: int
    total: int | None
    percent: int | None


class OutputFileOut(Schema):
    filename: str
    size: int | None
    content_type: str
    available: bool  # false once retention deleted it (then deleted_at says when)
    deleted_at: datetime | None
    expires_at: datetime | None  # when retention deletes it (POLON_JOB_OUTPUT_KEEP_DAYS…)


class JobOut(Schema):
    id: int
    kind: str
    state: str  # queued, running, succeeded, failed
    interrupted: bool
    created_by: str
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    progress: ProgressOut
    message: str  # in the request's language
    error: str
    result: dict[str, Any]  # the kind's counts, ids and per-line errors ("errors": {"file:line N": [reasons]})
    params: dict[str, Any]
    files: list[str]  # the input files' names as given
    inputs_deleted_at: datetime | None  # when retention deleted the input files (the job cannot be re-run then)
    inputs_expire_at: datetime | None  # when retention deletes them
    attempts: int
    url: str  # this job's page
    result_url: str | None  # the page showing what it did (the round, the sources …)
    output: OutputFileOut | None  # the file it made (a large export), if any
    file_url: str | None  # where to download that file while it is kept


def job_out(job: Job) -> dict:
    from django.urls import reverse

    data = selectors.job_fields(job)
    return {**data, "url": reverse("web:job-detail", kwargs={"job_id": job.pk}),
            "result_url": selectors.result_url(job),
            "file_url": f"/api/jobs/{job.pk}/file" if data["output"] and data["output"]["available"] else None}


@router.get("/jobs", response=list[JobOut])
@operation_policy("authenticated")
def list_jobs(request, state: str = "", offset: int = 0, limit: int = Query(50, ge=1, le=500)):
    return page_of(selectors.jobs_for(request.auth).prefetch_related("files"), job_out, offset=offset, limit=limit,
                   state=state)


@router.get("/jobs/{job_id}", response={200: JobOut, **ERRORS_NO_CONFLICT})
@operation_policy("authenticated")
def get_job(request, job_id: int):
    return job_out(selectors.get_job(request.auth, job_id))


@router.post("/jobs/{job_id}/rerun", response={202: JobOut, **ERRORS_NO_CONFLICT})
@operation_policy("authenticated")
def rerun_job(request, job_id: int):
    return Status(202, job_out(services.rerun_job(actor=request.auth, job_id=job_id)))


@router.get("/jobs/{job_id}/file", response={410: ErrorOut, **ERRORS_NO_CONFLICT})
@operation_policy("authenticated")
def job_file(request, job_id: int):
    """The file a job made (a large export): the job's owner's (administrators: anyone's). 410 once retention
    deleted it."""
    from django.http import FileResponse

    from polon.core.downloads import safe_filename
    from polon.jobs.retention import note_download

    job = selectors.get_job(request.auth, job_id)
    path, filename, content_type = selectors.downloadable(job)
    response = FileResponse(path.open("rb"), as_attachment=True, filename=safe_filename(filename),
                            content_type=content_type)
    note_download(actor=request.auth, job=job)
    return response
