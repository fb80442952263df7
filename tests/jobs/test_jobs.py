"""The jobs app in one process: enqueue, run, progress, scope, re-run."""

from __future__ import annotations

import pytest

from polon.core.errors import NotFound, PermissionDenied, ValidationFailed
from polon.jobs.models import Job, JobState
from polon.jobs.runner import run_pending_jobs
from polon.jobs.selectors import get_job, jobs_for
from polon.jobs.services import enqueue_job, rerun_job

pytestmark = pytest.mark.django_db


def test_enqueue_returns_a_queued_job_and_a_worker_runs_it(users, counting_kind):
    job = enqueue_job(actor=users["analyst"], kind="tests.count", params={"count": 5},
                      files=[("list.csv", b"name\nA\n")])
    assert job.state == JobState.QUEUED and job.task_result_id
    assert [f.name for f in job.files.all()] == ["list.csv"]
    ran = run_pending_jobs()
    assert [j.pk for j in ran] == [job.pk]
    job.refresh_from_db()
    assert job.state == JobState.SUCCEEDED, job.error
    assert job.result == {"counted": 5} and (job.progress_done, job.progress_total) == (5, 5)
    assert counting_kind == [0, 1, 2, 3, 4]
    from polon.audit.models import AuditEvent

    assert AuditEvent.objects.filter(action="job.enqueue", object_id=str(job.pk)).exists()


def test_a_user_sees_only_their_own_jobs(users, counting_kind):
    job = enqueue_job(actor=users["analyst"], kind="tests.count")
    assert list(jobs_for(users["registrar"])) == []
    with pytest.raises(NotFound):
        get_job(users["registrar"], job.pk)
    assert get_job(users["admin"], job.pk) == job
    with pytest.raises(NotFound):
        rerun_job(actor=users["registrar"], job_id=job.pk)


def test_the_kinds_policy_applies(users, counting_kind):
    with pytest.raises(PermissionDenied):
        enqueue_job(actor=users["auditor"], kind="tests.count")
    assert not Job.objects.exists()


def test_bad_input_fails_the_job_with_its_per_line_errors_and_rerun_resumes(users, counting_kind):
    job = enqueue_job(actor=users["analyst"], kind="tests.count", params={"count": 6, "fail_at": 2})
    run_pending_jobs()
    job.refresh_from_db()
    assert job.state == JobState.FAILED
    assert job.result["errors"] == {"input.csv:line 3": ["name: empty"]}
    assert job.checkpoint == {"next": 3}
    rerun_job(actor=users["analyst"], job_id=job.pk)
    with pytest.raises(ValidationFailed):  # already queued
        rerun_job(actor=users["analyst"], job_id=job.pk)
    Job.objects.filter(pk=job.pk).update(params={"count": 6})
    run_pending_jobs()
    job.refresh_from_db()
    assert job.state == JobState.SUCCEEDED and job.result == {"counted": 3} and job.attempts == 2
    assert counting_kind == [0, 1, 2, 3, 4, 5]
