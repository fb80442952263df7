"""The sources' background job: ingesting many or large files (see polon.jobs.kinds)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from polon.jobs.kinds import register
from polon.sources.services.ingest import JOB_KIND, run_ingest_job


def result_url(job) -> str:
    sources = (job.result or {}).get("created", []) + (job.result or {}).get("existing", [])
    if len(sources) == 1:
        return reverse("web:source-review", kwargs={"source_id": sources[0]})
    return reverse("web:source-list")


def summary(job) -> list:
    r = job.result
    return [(_("Files"), len(r.get("files", []))), (_("Ingested"), r.get("ingested", 0)),
            (_("Failed"), r.get("failed", 0)), (_("New sources"), len(r.get("created", []))),
            (_("Already known"), len(r.get("existing", [])))]


register(JOB_KIND, label=_("Ingest files"), policy="sources.write", result_url=result_url,
         summary=summary)(run_ingest_job)
