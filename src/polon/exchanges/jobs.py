"""The exchanges' background job: reconciling the other side's list (see polon.jobs.kinds)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from polon.exchanges import reconcile
from polon.jobs.kinds import register
from polon.jobs.models import Job


def summary(job: Job) -> list[tuple[Promise, Any]]:
    r = job.result
    return [(_("Lines"), r.get("lines", 0)), (_("Matched"), r.get("matched", 0)),
            (_("Ambiguous"), r.get("ambiguous", 0)), (_("Not in the registry"), r.get("unknown", 0)),
            (_("To correct"), r.get("invalid", 0)),
            (_("New lines"), r.get("created", 0)), (_("Updated lines"), r.get("updated", 0))]


register(reconcile.JOB_KIND, label=_("Reconcile the other side's list"), policy="exchanges.reconcile",
         result_url=lambda job: reverse("exchanges:round-detail", kwargs={"round_id": job.params["round_id"]}),
         summary=summary)(reconcile.run_job)
