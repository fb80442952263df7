"""The one django-tasks task: run a job by its id. What it does is looked up in polon.jobs.kinds."""

from __future__ import annotations

from django_tasks import task


@task()
def run_job(job_id: int) -> dict:
    # Imported here: the runner imports polon.jobs.services, which imports this task to enqueue it.
    from polon.jobs.runner import execute

    return execute(job_id)
