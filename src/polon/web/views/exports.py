from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from polon.access.policies import may
from polon.core.downloads import export_attachment
from polon.duties.selectors import clock as duty_clock
from polon.exchanges import selectors
from polon.exports import services
from polon.exports.dashboard import dashboard as dashboard_data
from polon.exports.models import ExportKind
from polon.web.forms.exports import ExportForm
from polon.web.policy import policy
from polon.web.views.base import form_page


def run_export(user, data: dict):
    """The export file, or the Job making a large one."""
    kind = data["kind"]
    purpose = {"recipient": data["recipient"], "legal_basis": data["legal_basis"], "state": data["state"] or "",
               "override_reason": data["override_reason"]}
    if kind == ExportKind.COUNTRY_REPORT:
        return services.export_country_report(actor=user, country=data["country"], **purpose)
    if kind == ExportKind.RECONCILIATION:
        return services.export_reconciliation(actor=user, round_id=data["round"], side=data["side"],
                                              fmt=data["format"] or "csv", **purpose)
    selection = {"person_ids": [p.pk for p in data["persons"] or []], "citizenship": data["country"] or "",
                 "status": data["status"]}
    if services.needs_job(actor=user, kind=kind, **selection):
        # Many persons: a background job makes the file; its page offers it for download.
        return services.start_export_persons(actor=user, kind=kind, citizenship=selection["citizenship"],
                                             status=selection["status"], **purpose)
    return services.export_persons(actor=user, kind=kind, **selection, **purpose)


@policy("registry.export")
def export(request):
    """The export form (a round's page links here with ?kind=reconciliation&round=…); a refused export is shown
    on it, as typed (200, like the form itself)."""
    rounds = selectors.rounds(request.user)[:50]
    form = ExportForm(request.POST or None, initial=request.GET.dict(), rounds=rounds, user=request.user)

    def export_file(data):
        exported = run_export(request.user, data)
        if isinstance(exported, services.ExportFile):
            response = export_attachment(exported)
            # How many persons an export to a state left out (no reason given), for a script to notice.
            response["X-Polon-Withheld"] = str(len(exported.record.withheld_ids))
            return response
        messages.success(request, _("Many persons: the file is being made in the background; download it "
                                    "from this page when it is ready."))
        return redirect("web:job-detail", job_id=exported.pk)

    return form_page(request, form, "polon/exports/form.html", export_file,
                     aliases={"round_id": "round", "citizenship": "country", "fmt": "format",
                                                         "person_ids": "persons"})


@policy("registry.export")
def history(request):
    return render(request, "polon/exports/history.html", {"records": services.export_history(request.user)[:200]})


@policy("dashboard.read")
def dashboard(request):
    data = dashboard_data(request.user)
    # The GC III duties overdue and due soon come first (polon.duties; the list itself is on its own page).
    clock = duty_clock(request.user) if may(request.user, "duties.read") else None
    return render(request, "polon/exports/dashboard.html", {"d": data, "charts": data.charts, "clock": clock})
