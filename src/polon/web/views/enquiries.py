from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from polon.enquiries import selectors, services
from polon.enquiries.models import EnquiryStatus, RequesterKind
from polon.web.feedback import USER_ERRORS, int_list, report_failure
from polon.web.policy import policy


@policy("enquiries.read")
def enquiry_list(request):
    items = selectors.enquiries(request.user)
    status = request.GET.get("status", "")
    if status in EnquiryStatus.values:
        items = items.filter(status=status)
    if request.GET.get("mine"):
        items = items.filter(assignee=request.user)
    return render(request, "polon/enquiries/list.html", {"enquiries": items, "statuses": EnquiryStatus.choices})


@policy("enquiries.write")
def enquiry_create(request):
    values = request.POST if request.method == "POST" else {}
    if request.method == "POST":
        try:
            enquiry = services.create_enquiry(
                actor=request.user, **{k: values.get(k, "") for k in (
                    "requester_kind", "requester_name", "requester_contact", "sought_name", "sought_birth_date",
                    "sought_country", "details")}, received_on=values.get("received_on") or None)
        except USER_ERRORS as exc:
            report_failure(request, exc)
        else:
            messages.success(request, _("Enquiry recorded."))
            return redirect("enquiries:detail", enquiry_id=enquiry.pk)
    return render(request, "polon/enquiries/form.html", {"values": values, "kinds": RequesterKind.choices})


@policy("enquiries.read")
def enquiry_detail(request, enquiry_id: int):
    enquiry = selectors.get_enquiry(request.user, enquiry_id)
    draft, named = selectors.draft_reply(request.user, enquiry)
    assignees = selectors.possible_assignees(enquiry)
    return render(request, "polon/enquiries/detail.html", {
        "e": enquiry, "suggestions": selectors.suggestions(request.user, enquiry), "draft": draft,
        "named": " ".join(map(str, named)), "assignees": assignees})


@require_POST
@policy("enquiries.write")
def enquiry_reply(request, enquiry_id: int):
    try:
        services.add_reply(actor=request.user, enquiry_id=enquiry_id, text=request.POST.get("text", ""),
                           channel=request.POST.get("channel", ""), sent_on=request.POST.get("sent_on") or None,
                           person_ids=int_list(request.POST.get("person_ids", "")),
                           close=request.POST.get("close") == "1")
    except USER_ERRORS as exc:
        report_failure(request, exc)
    else:
        messages.success(request, _("Reply recorded."))
    return redirect("enquiries:detail", enquiry_id=enquiry_id)


@require_POST
@policy("enquiries.write")
def enquiry_assign(request, enquiry_id: int):
    try:
        services.assign_enquiry(actor=request.user, enquiry_id=enquiry_id,
                                assignee_id=int(request.POST["assignee"]) if request.POST.get("assignee") else None)
    except USER_ERRORS as exc:
        report_failure(request, exc)
    return redirect("enquiries:detail", enquiry_id=enquiry_id)


@require_POST
@policy("enquiries.write")
def enquiry_close(request, enquiry_id: int):
    try:
        services.close_enquiry(actor=request.user, enquiry_id=enquiry_id)
    except USER_ERRORS as exc:
        report_failure(request, exc)
    return redirect("enquiries:detail", enquiry_id=enquiry_id)
