from __future__ import annotations

from django.shortcuts import render

from polon.audit.log import verify
from polon.audit.models import AuditEvent, AuditHead
from polon.core.pages import keyset_page
from polon.web.policy import policy

PAGE_SIZE = 100


def _sequence(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@policy("audit.read")
def audit_log(request):
    """The log newest first, a page at a time by sequence number (?before= / ?after=): one indexed range scan
    whatever the page and the log's length; the total is the chain head's sequence, not a COUNT."""
    events = AuditEvent.objects.all()
    filters = {k: request.GET[k] for k in ("action", "actor") if request.GET.get(k)}
    events = events.filter(**filters)
    page = keyset_page(events, "sequence", before=_sequence(request.GET.get("before")),
                       after=_sequence(request.GET.get("after")), size=PAGE_SIZE)
    head = AuditHead.objects.filter(pk=1).values_list("sequence", flat=True).first() or 0
    verification = verify() if request.GET.get("verify") else None
    return render(request, "polon/audit/log.html", {"page": page, "total": head, "filters": filters,
                                                    "verification": verification})
