"""The registry's background job: importing a file of persons (kind "persons.import", see polon.jobs.kinds).

Started by ``polon.registry.services.imports.start_import`` (the API's ``POST /api/persons/import`` and the
persons page's upload form). All or nothing: the file is checked whole, then written in one transaction, so
a job killed half-way wrote nothing and a re-run starts again from the first line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from polon.jobs.kinds import register
from polon.jobs.services import job_file_bytes
from polon.registry.services.imports import JOB_KIND, import_persons

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

PHASES = {
    "check": gettext_noop("Checking every line of %(file)s"),
    "duplicates": gettext_noop("Looking for the persons of %(file)s in the registry"),
    "write": gettext_noop("Writing %(count)s persons in one transaction"),
}
#: Lines of the per-line report the job's page shows (the API's result has them all).
SHOWN_LINES = 500


class _JobProgress:
    def __init__(self, progress, file_name: str):
        self.progress, self.file_name = progress, file_name

    def start(self, phase: str, total: int) -> None:
        self.progress.note(PHASES[phase], file=self.file_name, count=total)
        self.progress.set_done(0)
        self.progress.total(total)

    def advance(self, n: int) -> None:
        self.progress.advance(n)


def run(job, progress) -> dict:
    params = job.params
    content = job_file_bytes(job.files.get(position=0))
    with translation.override(params.get("language") or None):
        report = import_persons(actor=job.created_by, content=content, file_name=params["file_name"],
                                on_duplicate=params.get("on_duplicate", "report"),
                                check_registry=params.get("check_registry", True),
                                progress=_JobProgress(progress, params["file_name"]))
    return report.as_dict()


def summary(job) -> list:
    """The counts, then the per-line report (possible duplicates, lines skipped), one row a problem."""
    r = job.result
    rows: list[tuple[StrOrPromise, object]] = [(_("Persons in the file"), r.get("persons", 0)), (_("Persons recorded"), r.get("created", 0)),
            (_("Lines reported as possible duplicates"), r.get("duplicates", 0)),
            (_("Lines skipped"), r.get("skipped", 0))]
    report = r.get("report", [])
    rows += [(f"{r.get('file', '')}:{item['line']}", f"{item['field']}: {item['reason']}")
             for item in report[:SHOWN_LINES]]
    if len(report) > SHOWN_LINES:
        rows.append(("…", _("%(count)s more lines: see the job in the API (GET /api/jobs/%(id)s)")
                     % {"count": len(report) - SHOWN_LINES, "id": job.pk}))
    return rows


register(JOB_KIND, label=_("Import persons"), policy="registry.write",
         result_url=lambda job: reverse("web:person-list"), summary=summary)(run)
