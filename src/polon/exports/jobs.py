"""The exports' background job: a large persons export (see polon.jobs.kinds)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from polon.exports.services import JOB_KIND, run_export_job
from polon.jobs.kinds import register


def summary(job) -> list:
    r = job.result
    rows = [(_("Persons"), r.get("persons", 0)), (_("Size (bytes)"), r.get("size", 0))]
    if r.get("withheld"):
        # An export to a state that left out the persons it may harm (no reason was given).
        rows.append((_("Persons left out (it may harm them)"), r["withheld"]))
    return rows


# The file is offered on the job's page (and at GET /api/jobs/{id}/file) to the user who started it.
register(JOB_KIND, label=_("Export persons"), policy="registry.export", summary=summary,
         result_url=lambda job: reverse("exports:history"))(run_export_job)
