from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render

from polon.audit.log import verify
from polon.audit.models import AuditEvent
from polon.web.policy import policy


@policy("audit.read")
def audit_log(request):
    events = AuditEvent.objects.order_by("-sequence")
    if request.GET.get("action"):
        events = events.filter(action=request.GET["action"])
    if request.GET.get("actor"):
        events = events.filter(actor=request.GET["actor"])
    page = Paginator(events, 100).get_page(request.GET.get("page"))
    verification = verify() if request.GET.get("verify") else None
    return render(request, "polon/audit/log.html", {"page": page, "verification": verification})
