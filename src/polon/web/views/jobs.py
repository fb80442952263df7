"""Background jobs on the web: the list of one's jobs, a job's page (its progress refreshes itself) and a
re-run button. Thin: selectors read, services write."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from polon.core.errors import ValidationFailed
from polon.jobs import selectors, services
from polon.web.forms.base import ActionForm, attach_errors
from polon.web.policy import policy


def _view(job) -> dict:
    from polon.jobs.retention import inputs_expire_at, output_expires_at

    result = job.result or {}
    has_file = selectors.result_file(job) is not None
    has_inputs = job.inputs_deleted_at is None and job.files.exclude(stored_path="").exists()
    return {"job": job, "label": selectors.kind_label(job), "message": selectors.message_text(job),
            "result_url": selectors.result_url(job), "summary": selectors.summary(job),
            "has_file": has_file, "file_expires_at": output_expires_at(job) if has_file else None,
            "inputs_expire_at": inputs_expire_at(job) if has_inputs else None,
            "errors": result.get("errors") or {},
            "items": [i for i in result.get("files", []) if isinstance(i, dict)],
            "may_rerun": (job.finished or services.is_stale(job)) and job.inputs_deleted_at is None}


@policy("authenticated")
def job_list(request):
    page = Paginator(selectors.jobs_for(request.user), 50).get_page(request.GET.get("page"))
    rows = [{"job": job, "label": selectors.kind_label(job)} for job in page]
    return render(request, "polon/jobs/list.html", {"page": page, "rows": rows})


@policy("authenticated")
def job_detail(request, job_id: int):
    job = selectors.get_job(request.user, job_id)
    context = _view(job)
    if request.headers.get("HX-Request"):
        return render(request, "polon/jobs/_status.html", context)
    return render(request, "polon/jobs/detail.html", context)


@require_POST
@policy("authenticated")
def job_rerun(request, job_id: int):
    """Queue the job again; a refusal (its inputs were deleted, it is still running) is shown on its page (400)."""
    job = selectors.get_job(request.user, job_id)
    form = ActionForm(request.POST)
    if form.is_valid():
        try:
            job = services.rerun_job(actor=request.user, job_id=job.pk)
        except ValidationFailed as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("The job is queued again."))
            return redirect("web:job-detail", job_id=job.pk)
    return render(request, "polon/jobs/detail.html", {**_view(job), "rerun_form": form}, status=400)


@policy("authenticated")
def job_file(request, job_id: int):
    """The file a job made (a large export), for the user who started it (administrators: anyone's); a page
    saying when and why it was deleted (410) once its retention period ended."""
    from django.http import FileResponse

    from polon.core.downloads import safe_filename
    from polon.jobs.retention import note_download

    job = selectors.get_job(request.user, job_id)
    path, filename, content_type = selectors.downloadable(job)
    response = FileResponse(path.open("rb"), as_attachment=True, filename=safe_filename(filename),
                            content_type=content_type)
    response["X-Polon-Job"] = str(job_id)
    note_download(actor=request.user, job=job)
    return response
