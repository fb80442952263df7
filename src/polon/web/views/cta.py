"""Lists for the ICRC Central Tracing Agency and the Power depended on (GC III Arts. 122-123): what is pending for
each recipient (new captures, corrections, changes) with the form that sends the next list, the lists sent, a
list's page and its files (CSV, XLSX, PDF)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from polon.audit import reads
from polon.cta import documents, selectors, services
from polon.cta.duties import open_duties
from polon.cta.models import EntryKind, Recipient
from polon.cta.particulars import LABELS
from polon.web.forms.cta import SendListForm
from polon.web.policy import policy
from polon.web.views.base import REFUSED, attempt


def _index(request, *, status: int = 200, bound: SendListForm | None = None):
    today = timezone.localdate()
    summaries = selectors.summaries(request.user)
    forms = []
    for s in summaries:
        key = (s.recipient, s.country)
        form = bound if bound is not None and (bound.data.get("recipient"), bound.data.get("country", "")) == key \
            else SendListForm(initial={"recipient": s.recipient, "country": s.country, "sent_on": today})
        forms.append((s, services.recipient_label(s.recipient, s.country), form))
    duties = sorted(open_duties(user=request.user, today=today), key=lambda d: d.due)
    return render(request, "polon/cta/index.html", {
        "summaries": forms, "lists": list(selectors.lists(request.user)[:100]), "today": today,
        "overdue": [d for d in duties if d.is_overdue(today)], "duties": duties[:50]}, status=status)


@policy("cta.read")
def index(request):
    return _index(request)


@policy("cta.read")
def pending(request, recipient: str, country: str = ""):
    if recipient not in Recipient.values:
        return redirect("cta:index")
    rows = selectors.pending(request.user, recipient=recipient, country=country)
    reads.persons_read(request.user, view="cta.pending", channel="web", person_ids=[p.person.pk for p in rows])
    return render(request, "polon/cta/pending.html", {
        "rows": [(p, EntryKind(p.kind).label, ", ".join(str(LABELS[n]) for n in p.changed)) for p in rows], "recipient": services.recipient_label(recipient, country)})


@require_POST
@policy("cta.write")
def send(request):
    form = SendListForm(request.POST)

    def act(data):
        return services.send_list(
            actor=request.user, recipient=data["recipient"], country=data["country"] or "",
            sent_on=data["sent_on"], channel=data["channel"], legal_basis=data["legal_basis"],
            override_reason=data["override_reason"], confirm_names=data["confirm_names"])

    item = attempt(form, act)
    if item is REFUSED:
        return _index(request, status=400, bound=form)
    if item.withheld:
        messages.warning(request, _("List no. %(number)s sent; %(count)s left out under the detriment rule stay "
                                    "pending.") % {"number": item.number, "count": len(item.withheld)})
    else:
        messages.success(request, _("List no. %(number)s sent.") % {"number": item.number})
    return redirect("cta:list", list_id=item.pk)


@policy("cta.read")
def list_detail(request, list_id: int):
    item = selectors.get_list(request.user, list_id)
    entries = selectors.entries(request.user, item)
    reads.persons_read(request.user, view="cta.list", channel="web", person_ids=[e.person_id for e in entries])
    return render(request, "polon/cta/list.html", {
        "item": item, "entries": entries, "recipient": services.recipient_label(item.recipient, item.country),
        "withheld": len(item.withheld)})


@policy("cta.read")
def list_file(request, list_id: int, fmt: str):
    item = selectors.get_list(request.user, list_id)
    if fmt not in documents.FORMATS:
        return redirect("cta:list", list_id=item.pk)
    entries = selectors.entries(request.user, item)
    content = documents.render(request.user, item, entries, fmt,
                               recipient=services.recipient_label(item.recipient, item.country))
    reads.persons_read(request.user, view=f"cta.list.{fmt}", channel="web",
                       person_ids=[e.person_id for e in entries], query={"list": item.pk})
    response = HttpResponse(content, content_type=documents.FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{documents.file_name(item, fmt)}"'
    return response
