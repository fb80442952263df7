from __future__ import annotations

import re

from django.http import HttpResponse
from django.shortcuts import render

from polon.exchanges.selectors import rounds
from polon.exchanges.web_helpers import USER_ERRORS, int_list, report_failure
from polon.exports import services
from polon.exports.dashboard import dashboard as dashboard_data
from polon.exports.models import ExportKind
from polon.web.policy import policy


def safe_filename(name: str) -> str:
    """Only letters, digits, dot, dash and underscore: nothing a Content-Disposition header could be broken
    out of (quotes, semicolons, line breaks), whatever a service put into the name."""
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "_", name or "").strip("._") or "export"
    return cleaned[:150]


def download(exported: services.ExportFile) -> HttpResponse:
    response = HttpResponse(exported.content, content_type=exported.content_type)
    response["Content-Disposition"] = f'attachment; filename="{safe_filename(exported.filename)}"'
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
