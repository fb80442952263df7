"""Background jobs over the API: a long operation answers 202 with a job; these follow it."""

from ninja import Query, Router, Status

from polon.api.auth import operation_policy
from polon.api.schemas.common import ERRORS_NO_CONFLICT, MAX_OFFSET, ErrorOut, RecordId, file_answer, page_of
from polon.api.schemas.jobs import JobOut
from polon.jobs import selectors, services
from polon.jobs.models import Job

router = Router(tags=["jobs"])


def job_out(job: Job) -> dict:
    from django.urls import reverse

    data = selectors.job_fields(job)
    return {**data, "url": reverse("web:job-detail", kwargs={"job_id": job.pk}),
            "result_url": selectors.result_url(job),
            "file_url": f"/api/jobs/{job.pk}/file" if data["output"] and data["output"]["available"] else None}


@router.get("/jobs", response=list[JobOut])
@operation_policy("authenticated")
def list_jobs(request, state: str = "", offset: int = Query(0, ge=0, le=MAX_OFFSET), limit: int = Query(50, ge=1, le=500)):
    return page_of(selectors.jobs_for(request.auth).prefetch_related("files"), job_out, offset=offset, limit=limit,
                   state=state)


@router.get("/jobs/{job_id}", response={200: JobOut, **ERRORS_NO_CONFLICT})
@operation_policy("authenticated")
def get_job(request, job_id: RecordId):
    return job_out(selectors.get_job(request.auth, job_id))


@router.post("/jobs/{job_id}/rerun", response={202: JobOut, **ERRORS_NO_CONFLICT})
@operation_policy("authenticated")
def rerun_job(request, job_id: RecordId):
    return Status(202, job_out(services.rerun_job(actor=request.auth, job_id=job_id)))


@router.get("/jobs/{job_id}/file", response={410: ErrorOut, **ERRORS_NO_CONFLICT},
            openapi_extra=file_answer("The file the job made", "text/csv", "application/x-ndjson"))
@operation_policy("authenticated")
def job_file(request, job_id: RecordId):
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
