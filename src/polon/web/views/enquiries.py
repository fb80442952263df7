from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from polon.core.errors import NotFound, ValidationFailed
from polon.enquiries import selectors, services
from polon.enquiries.models import EnquiryStatus
from polon.web.forms.base import ActionForm
from polon.web.forms.enquiries import AssignForm, EnquiryForm, ReplyForm
from polon.web.policy import policy
from polon.web.views.base import RecordPage, form_page


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
    form = EnquiryForm(request.POST or None, user=request.user)

    def create(data):
        enquiry = services.create_enquiry(actor=request.user, **{**data, "received_on": data["received_on"] or None})
        return redirect("enquiries:detail", enquiry_id=enquiry.pk)

    return form_page(request, form, "polon/enquiries/form.html", form.checking_names(create),
                     success=_("Enquiry recorded."), refused_status=400)


def _enquiry_context(request, enquiry_id: int) -> dict:
    """What the enquiry's page shows, with a blank form for each action."""
    enquiry = selectors.get_enquiry(request.user, enquiry_id)
    draft, named = selectors.draft_reply(request.user, enquiry)
    return {
        "e": enquiry, "suggestions": selectors.suggestions(request.user, enquiry),
        "reply_form": ReplyForm(initial={"text": draft, "persons": named}, user=request.user),
        "assign_form": AssignForm(initial={"assignee": enquiry.assignee_id},
                                  assignees=selectors.possible_assignees(enquiry)),
        "close_form": ActionForm(),
    }


_page = RecordPage("polon/enquiries/detail.html", _enquiry_context,
                   back=lambda enquiry_id: redirect("enquiries:detail", enquiry_id=enquiry_id))


@policy("enquiries.read")
def enquiry_detail(request, enquiry_id: int):
    return _page.show(request, enquiry_id)


@require_POST
@policy("enquiries.write")
def enquiry_reply(request, enquiry_id: int):
    form = ReplyForm(request.POST, user=request.user)

    def act(data):
        try:
            services.add_reply(actor=request.user, enquiry_id=enquiry_id, text=data["text"],
                               channel=data["channel"], sent_on=data["sent_on"] or None,
                               person_ids=[p.pk for p in data["persons"]], close=data["close"],
                               confirm_names=data["confirm_names"], override_reason=data["override_reason"])
        except NotFound as exc:  # a person gone from the scope since the form resolved him: said on the form
            raise ValidationFailed({"persons": [str(exc)]}) from None
        except ValidationFailed as exc:
            if "override_reason" in exc.errors:  # the reply may harm him: the form asks for the reason
                form.ask_for_reason()
            if "person_ids" in exc.errors:
                exc.errors["persons"] = exc.errors.pop("person_ids")
            raise
        messages.success(request, _("Reply recorded."))

    return _page.act(request, enquiry_id, "reply_form", form, form.checking_names(act))


@require_POST
@policy("enquiries.write")
def enquiry_assign(request, enquiry_id: int):
    enquiry = selectors.get_enquiry(request.user, enquiry_id)
    form = AssignForm(request.POST, assignees=selectors.possible_assignees(enquiry))
    return _page.act(request, enquiry.pk, "assign_form", form, lambda data: services.assign_enquiry(
        actor=request.user, enquiry_id=enquiry.pk, assignee_id=data["assignee"]))


@require_POST
@policy("enquiries.write")
def enquiry_close(request, enquiry_id: int):
    return _page.act(request, enquiry_id, "close_form", ActionForm(request.POST), lambda data: services.close_enquiry(
        actor=request.user, enquiry_id=enquiry_id))
