from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from polon.enquiries import selectors, services
from polon.enquiries.models import EnquiryStatus
from polon.web.forms.base import USER_ERRORS, ActionForm, attach_errors
from polon.web.forms.enquiries import AssignForm, EnquiryForm, ReplyForm
from polon.web.policy import policy


@policy("enquiries.read")
def enquiry_list(request):
    items = selectors.enquiries(request.user)
    status = request.GET.get("status", "")
    if status in EnquiryStatus.values:
        items = items.filter(status=status)
    if request.GET.get("mine"):
        items = items.filter(assignee=request.user)
    return render(request, "polon/enquiries/list.html", {"enquiries": items})


@policy("enquiries.write")
def enquiry_create(request):
    form = EnquiryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            enquiry = services.create_enquiry(actor=request.user, **{**data, "received_on": data["received_on"] or None})
        except USER_ERRORS as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Enquiry recorded."))
            return redirect("enquiries:detail", enquiry_id=enquiry.pk)
    return render(request, "polon/enquiries/form.html", {"form": form})


def _enquiry_page(request, enquiry_id: int, *, status: int = 200, **forms):
    """The enquiry's page; `forms` are the bound forms of a refused action, shown with their errors."""
    enquiry = selectors.get_enquiry(request.user, enquiry_id)
    draft, named = selectors.draft_reply(request.user, enquiry)
    context = {
        "e": enquiry, "suggestions": selectors.suggestions(request.user, enquiry),
        "reply_form": ReplyForm(initial={"text": draft, "person_ids": named}),
        "assign_form": AssignForm(initial={"assignee": enquiry.assignee_id},
                                  assignees=selectors.possible_assignees(enquiry)),
        "close_form": ActionForm(),
    }
    context.update(forms)
    return render(request, "polon/enquiries/detail.html", context, status=status)


@policy("enquiries.read")
def enquiry_detail(request, enquiry_id: int):
    return _enquiry_page(request, enquiry_id)


def _act(request, enquiry_id: int, name: str, form, action):
    """Run `action(cleaned_data)` if the form is valid and go back to the enquiry; or show it with the form and
    why it was refused (400)."""
    if form.is_valid():
        try:
            action(form.cleaned_data)
        except USER_ERRORS as exc:
            attach_errors(form, exc)
        else:
            return redirect("enquiries:detail", enquiry_id=enquiry_id)
    return _enquiry_page(request, enquiry_id, status=400, **{name: form})


@require_POST
@policy("enquiries.write")
def enquiry_reply(request, enquiry_id: int):
    def act(data):
        services.add_reply(actor=request.user, enquiry_id=enquiry_id, text=data["text"], channel=data["channel"],
                           sent_on=data["sent_on"] or None, person_ids=data["person_ids"], close=data["close"])
        messages.success(request, _("Reply recorded."))

    return _act(request, enquiry_id, "reply_form", ReplyForm(request.POST), act)


@require_POST
@policy("enquiries.write")
def enquiry_assign(request, enquiry_id: int):
    enquiry = selectors.get_enquiry(request.user, enquiry_id)
    form = AssignForm(request.POST, assignees=selectors.possible_assignees(enquiry))
    return _act(request, enquiry.pk, "assign_form", form, lambda data: services.assign_enquiry(
        actor=request.user, enquiry_id=enquiry.pk, assignee_id=data["assignee"]))


@require_POST
@policy("enquiries.write")
def enquiry_close(request, enquiry_id: int):
    return _act(request, enquiry_id, "close_form", ActionForm(request.POST), lambda data: services.close_enquiry(
        actor=request.user, enquiry_id=enquiry_id))
