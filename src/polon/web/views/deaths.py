"""Deaths, burials and graves (GC III Art. 120), official enquiries into deaths (Art. 121) and handovers of
remains (GC I Art. 16): the list, recording a death, its page (grave, notification of death and its Annex IV D
PDF, enquiry with its notice to the Protecting Power), handovers of remains with their bodies."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from polon.audit import reads
from polon.core.errors import ValidationFailed
from polon.deaths import pdf, selectors, services
from polon.deaths.models import HandoverStatus
from polon.web.forms.deaths import (
    BodyForm,
    BodyRemoveForm,
    DeathEditForm,
    DeathFilterForm,
    DeathForm,
    EnquiryCloseForm,
    EnquiryNoticeForm,
    EnquiryOpenForm,
    HandoverCompleteForm,
    HandoverForm,
    NotificationForm,
)
from polon.web.policy import policy
from polon.web.views.base import RecordPage, form_page


@policy("deaths.read")
def death_list(request):
    form = DeathFilterForm(request.GET or None)
    pending = form.cleaned_data["pending"] if form.is_valid() else ""
    items = list(selectors.deaths(request.user, selectors.DeathFilters(pending=pending))[:500])
    reads.persons_read(request.user, view="deaths.list", channel="web", person_ids=[d.person_id for d in items],
                       query={"pending": pending})
    today = timezone.localdate()
    return render(request, "polon/deaths/list.html", {
        "form": form, "deaths": items, "today": today,
        "unnotified": selectors.deaths(request.user, selectors.DeathFilters(pending="notification")).count(),
        "enquiries_open": selectors.deaths(request.user, selectors.DeathFilters(pending="enquiry")).count()})


@policy("deaths.write")
def death_create(request):
    initial = {"person": request.GET.get("person", ""), "date": timezone.localdate()}

    def create(data):
        values = dict(data)
        person = values.pop("person")
        death = services.record_death(actor=request.user, person_id=person.pk, **values)
        return redirect("deaths:detail", death_id=death.pk)

    return form_page(request, DeathForm(request.POST or None, initial=initial, user=request.user),
                     "polon/deaths/form.html", create, success=_("Death recorded."), context={"creating": True})


@policy("deaths.write")
def death_edit(request, death_id: int):
    death = selectors.get_death(request.user, death_id)

    def save(data):
        services.update_death(actor=request.user, death_id=death.pk, **data)
        return redirect("deaths:detail", death_id=death.pk)

    return form_page(request, DeathEditForm(request.POST or None, death=death), "polon/deaths/form.html", save,
                     success=_("Changes saved."), context={"death": death, "creating": False})


def _context(request, death) -> dict:
    reads.persons_read(request.user, view="deaths.detail", channel="web", person_ids=[death.person_id])
    enquiry = getattr(death, "enquiry", None)
    today = timezone.localdate()
    return {"death": death, "enquiry": enquiry, "today": today,
            "notification_due": selectors.notification_due(death),
            "notify_form": NotificationForm(initial={"date": today}),
            "open_form": EnquiryOpenForm(), "notice_form": EnquiryNoticeForm(initial={"date": today}),
            "close_form": EnquiryCloseForm(),
            "transmissions": selectors.transmissions_of(request.user, death),
            "bodies": death.handovers.select_related("handover")}


def _back(death):
    return redirect("deaths:detail", death_id=death.pk)


_page = RecordPage("polon/deaths/detail.html", _context, back=_back)


@policy("deaths.read")
def death_detail(request, death_id: int):
    return _page.show(request, selectors.get_death(request.user, death_id))


@policy("deaths.read")
def death_notice_pdf(request, death_id: int):
    death = selectors.get_death(request.user, death_id)
    content = services.print_notification(actor=request.user, death_id=death.pk, channel="web",
                                          language=(get_language() or "uk").split("-")[0])
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{pdf.file_name(death)}"'
    return response


@require_POST
@policy("deaths.write")
def death_notify(request, death_id: int):
    death = selectors.get_death(request.user, death_id)

    def act(data):
        services.record_notification(actor=request.user, death_id=death.pk, recipient=data["recipient"],
                                     country=data["country"] or "", channel=data["channel"], date=data["date"],
                                     override_reason=data["override_reason"])
        messages.success(request, _("Notification of death recorded as sent."))

    return _page.act(request, death, "notify_form", NotificationForm(request.POST), act)


@require_POST
@policy("deaths.write")
def enquiry_open(request, death_id: int):
    death = selectors.get_death(request.user, death_id)

    def act(data):
        services.open_enquiry(actor=request.user, death_id=death.pk, ground=data["ground"],
                              opened_on=data["opened_on"])
        messages.success(request, _("Enquiry opened. Notify the Protecting Power immediately (GC III Art. 121)."))

    return _page.act(request, death, "open_form", EnquiryOpenForm(request.POST), act)


@require_POST
@policy("deaths.write")
def enquiry_notice(request, death_id: int):
    death = selectors.get_death(request.user, death_id)

    def act(data):
        services.send_enquiry_notice(actor=request.user, enquiry_id=death.enquiry.pk, channel=data["channel"],
                                     date=data["date"], override_reason=data["override_reason"])
        messages.success(request, _("Notice to the Protecting Power recorded as sent."))

    return _page.act(request, death, "notice_form", EnquiryNoticeForm(request.POST), act)


@require_POST
@policy("deaths.write")
def enquiry_close(request, death_id: int):
    death = selectors.get_death(request.user, death_id)

    def act(data):
        services.close_enquiry(actor=request.user, enquiry_id=death.enquiry.pk, **data)
        messages.success(request, _("Enquiry closed."))

    return _page.act(request, death, "close_form", EnquiryCloseForm(request.POST), act)


@policy("deaths.read")
def handover_list(request):
    return render(request, "polon/deaths/handovers.html", {"handovers": selectors.handovers(request.user)})


@policy("deaths.write")
def handover_create(request):
    def create(data):
        handover = services.create_handover(actor=request.user, **data)
        return redirect("deaths:handover", handover_id=handover.pk)

    return form_page(request, HandoverForm(request.POST or None), "polon/deaths/handover_form.html", create,
                     success=_("Handover of remains recorded."))


def _handover_context(request, handover) -> dict:
    bodies = list(selectors.bodies(request.user, handover.pk))
    reads.persons_read(request.user, view="deaths.handover", channel="web",
                       person_ids=[b.death.person_id for b in bodies], query={"handover": handover.pk})
    return {"handover": handover, "bodies": bodies, "planned": handover.status == HandoverStatus.PLANNED,
            "body_form": BodyForm(user=request.user), "remove_form": BodyRemoveForm(),
            "complete_form": HandoverCompleteForm(initial={"handed_over_on": timezone.localdate()})}


def _handover_back(handover):
    return redirect("deaths:handover", handover_id=handover.pk)


_handover_page = RecordPage("polon/deaths/handover.html", _handover_context, back=_handover_back)


@policy("deaths.read")
def handover_detail(request, handover_id: int):
    return _handover_page.show(request, selectors.get_handover(request.user, handover_id))


@require_POST
@policy("deaths.write")
def body_add(request, handover_id: int):
    handover = selectors.get_handover(request.user, handover_id)

    def act(data):
        death = selectors.death_of(request.user, data["person"].pk)
        if death is None:
            raise ValidationFailed({"person": _("no death is recorded for this person")})
        services.add_body(actor=request.user, handover_id=handover.pk, death_id=death.pk, identity=data["identity"],
                          effects=data["effects"], dna_reference=data["dna_reference"])
        messages.success(request, _("Body put on the handover."))

    return _handover_page.act(request, handover, "body_form", BodyForm(request.POST, user=request.user), act)


@require_POST
@policy("deaths.write")
def body_remove(request, handover_id: int, body_id: int):
    handover = selectors.get_handover(request.user, handover_id)

    def act(data):
        services.remove_body(actor=request.user, body_id=body_id, reason=data["reason"])
        messages.success(request, _("Body taken off the handover."))

    return _handover_page.act(request, handover, "remove_form", BodyRemoveForm(request.POST), act)


@require_POST
@policy("deaths.write")
def handover_complete(request, handover_id: int):
    handover = selectors.get_handover(request.user, handover_id)

    def act(data):
        services.complete_handover(actor=request.user, handover_id=handover.pk,
                                   handed_over_on=data["handed_over_on"])
        messages.success(request, _("Remains handed over; each person's timeline records it."))

    return _handover_page.act(request, handover, "complete_form", HandoverCompleteForm(request.POST), act)
