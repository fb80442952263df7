from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from polon.core.downloads import attachment
from polon.exchanges.selectors import rounds
from polon.exports import services
from polon.exports.dashboard import dashboard as dashboard_data
from polon.exports.models import ExportKind
from polon.web.feedback import USER_ERRORS, int_list, report_failure
from polon.web.policy import policy


def download(exported: services.ExportFile) -> HttpResponse:
    response = attachment(exported.content, content_type=exported.content_type, filename=exported.filename)
    response["X-Polon-Export"] = str(exported.record.pk)
    return response


def run_export(user, values):
    """The export file, or the Job making a large one."""
    kind = values.get("kind", "")
    purpose = {"recipient": values.get("recipient", ""), "legal_basis": values.get("legal_basis", "")}
    if kind == ExportKind.COUNTRY_REPORT:
        return services.export_country_report(actor=user, country=values.get("country", ""), **purpose)
    if kind == ExportKind.RECONCILIATION:
        try:
            round_id = int(values.get("round", ""))
        except ValueError:
            from polon.core.errors import ValidationFailed

            raise ValidationFailed({"round": "choose the exchange round"}) from None
        return services.export_reconciliation(actor=user, round_id=round_id, side=values.get("side", ""),
                                              fmt=values.get("format", "csv") or "csv", **purpose)
    selection = {"person_ids": int_list(values.get("person_ids", "")), "citizenship": values.get("country", ""),
                 "status": values.get("status", "")}
    if services.needs_job(actor=user, kind=kind, **selection):
        # Many persons: a background job makes the file; its page offers it for download.
        return services.start_export_persons(actor=user, kind=kind, citizenship=selection["citizenship"],
                                             status=selection["status"], **purpose)
    return services.export_persons(actor=user, kind=kind, **selection, **purpose)


@policy("registry.export")
def export(request):
    values = request.POST if request.method == "POST" else request.GET
    if request.method == "POST":
        try:
            exported = run_export(request.user, values)
        except USER_ERRORS as exc:
            report_failure(request, exc)
        else:
            if isinstance(exported, services.ExportFile):
                return download(exported)
            from django.contrib import messages
            from django.shortcuts import redirect
            from django.utils.translation import gettext as _

            messages.success(request, _("Many persons: the file is being made in the background; download it "
                                        "from this page when it is ready."))
            return redirect("web:job-detail", job_id=exported.pk)
    return render(request, "polon/exports/form.html", {
        "values": values, "kinds": ExportKind.choices, "rounds": rounds(request.user)[:50]}, status=200)


@policy("registry.export")
def history(request):
    return render(request, "polon/exports/history.html", {"records": services.export_history(request.user)[:200]})


@policy("dashboard.read")
def dashboard(request):
    data = dashboard_data(request.user)
    return render(request, "polon/exports/dashboard.html", {"d": data, "charts": data.charts})
