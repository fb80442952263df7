"""Effects and valuables (GC III Arts. 18, 119, 122): the overview (packets not yet sent first, receipts),
articles taken against a receipt and its PDF, a return, a person's effects, a packet's page (gather, seal, send
through the Protecting Power or the ICRC, receipt acknowledged) and its statement and list of contents as PDF."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from polon.access.scope import person_scope, visible_or_not_found
from polon.audit import reads
from polon.effects import pdf, selectors, services
from polon.effects.duties import open_duties
from polon.effects.models import ItemStatus, PacketReason
from polon.registry.models import Person
from polon.web.forms.effects import (
    AcknowledgeForm,
    ArticleForm,
    PacketFilterForm,
    PacketForm,
    ReceiptForm,
    ReturnForm,
    SealForm,
    SendForm,
)
from polon.web.policy import policy
from polon.web.views.base import RecordPage, form_page


def _language() -> str:
    return (get_language() or "uk").split("-")[0]


@policy("effects.read")
def effects_list(request):
    form = PacketFilterForm(request.GET or None)
    filters = selectors.PacketFilters()
    if form.is_valid():
        filters = selectors.PacketFilters(status=form.cleaned_data["status"], reason=form.cleaned_data["reason"])
    today = timezone.localdate()
    packets = list(selectors.packets(request.user, filters)[:200])
    receipts = list(selectors.receipts(request.user)[:50])
    duties = sorted(open_duties(user=request.user, today=today), key=lambda d: d.due)
    reads.persons_read(request.user, view="effects.list", channel="web",
                       person_ids=[p.person_id for p in packets] + [r.person_id for r in receipts]
                       + [d.person_id for d in duties if d.person_id])
    return render(request, "polon/effects/list.html", {
        "form": form, "packets": packets, "receipts": receipts, "duties": duties, "today": today})


@policy("effects.write")
def receipt_create(request):
    initial = {"taken_on": timezone.localdate(), "person": request.GET.get("person", "")}
    form = ReceiptForm(request.POST or None, initial=initial, user=request.user)

    def create(data):
        receipt = services.take_articles(
            actor=request.user, person_id=data["person"].pk, taken_on=data["taken_on"], place=data["place"],
            issuer_name=data["issuer_name"], issuer_rank=data["issuer_rank"], issuer_unit=data["issuer_unit"],
            ordered_by=data["ordered_by"], reason=data["reason"], articles=form.articles())
        return redirect("effects:receipt", receipt_id=receipt.pk)

    return form_page(request, form, "polon/effects/receipt_form.html", create,
                     success=_("Articles taken recorded against a receipt."), aliases=ReceiptForm.aliases())


def _receipt_context(request, receipt) -> dict:
    return {"receipt": receipt, "items": list(receipt.items.select_related("packet").order_by("id")),
            "return_form": ReturnForm(), "impounded": ItemStatus.IMPOUNDED}


_receipt_page = RecordPage("polon/effects/receipt.html", _receipt_context,
                           back=lambda r: redirect("effects:receipt", receipt_id=r.pk))


@policy("effects.read")
def receipt_detail(request, receipt_id: int):
    receipt = selectors.get_receipt(request.user, receipt_id)
    reads.persons_read(request.user, view="effects.receipt", channel="web", person_ids=[receipt.person_id])
    return _receipt_page.show(request, receipt)


@policy("effects.read")
def receipt_pdf(request, receipt_id: int):
    receipt = selectors.get_receipt(request.user, receipt_id)
    services.printed(actor=request.user, person_id=receipt.person_id, what="receipt", number=receipt.number,
                     channel="web")
    response = HttpResponse(pdf.receipt_pdf(receipt, language=_language()), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{pdf.receipt_file_name(receipt)}"'
    return response


@require_POST
@policy("effects.write")
def item_return(request, item_id: int):
    item = selectors.get_item(request.user, item_id)
    if item.receipt_id is None:
        return redirect("effects:person", person_id=item.person_id)
    receipt = selectors.get_receipt(request.user, item.receipt_id)

    def act(data):
        services.return_article(actor=request.user, item_id=item.pk, returned_on=data["returned_on"],
                                note=data["note"])
        messages.success(request, _("Article returned."))

    return _receipt_page.act(request, receipt, "return_form", ReturnForm(request.POST), act)


def _person(request, person_id: int) -> Person:
    return visible_or_not_found(person_scope(request.user, Person.objects.prefetch_related("names")), person_id,
                                _("person"))


def _person_context(request, person) -> dict:
    ended = selectors.end_dates([person.pk])
    reason = selectors.reason_for(ended[person.pk][0]) if person.pk in ended else ""
    return {"person": person, "receipts": selectors.receipts(request.user, person_id=person.pk),
            "items": selectors.items(request.user, person_id=person.pk),
            "packets": selectors.packets(request.user, selectors.PacketFilters(person_id=person.pk)),
            "packet_form": PacketForm(initial={"reason": reason or PacketReason.DIED}),
            "ended": ended.get(person.pk)}


_person_page = RecordPage("polon/effects/person.html", _person_context,
                          back=lambda p: redirect("effects:person", person_id=p.pk))


@policy("effects.read")
def person_effects(request, person_id: int):
    person = _person(request, person_id)
    reads.persons_read(request.user, view="effects.person", channel="web", person_ids=[person.pk])
    return _person_page.show(request, person)


@require_POST
@policy("effects.write")
def packet_create(request, person_id: int):
    person = _person(request, person_id)

    def act(data):
        packet = services.open_packet(actor=request.user, person_id=person.pk, reason=data["reason"],
                                      country=data["country"] or "", note=data["note"])
        messages.success(request, _("Packet opened: his articles still impounded are in it."))
        return redirect("effects:packet", packet_id=packet.pk)

    return _person_page.act(request, person, "packet_form", PacketForm(request.POST), act)


def _packet_context(request, packet) -> dict:
    return {"packet": packet, "items": list(packet.items.select_related("receipt").order_by("id")),
            "article_form": ArticleForm(), "seal_form": SealForm(initial={"sealed_on": timezone.localdate()}),
            "send_form": SendForm(initial={"sent_on": timezone.localdate()}),
            "acknowledge_form": AcknowledgeForm(initial={"received_on": timezone.localdate()}),
            "statement": packet.identity_lines}


_packet_page = RecordPage("polon/effects/packet.html", _packet_context,
                          back=lambda p: redirect("effects:packet", packet_id=p.pk))


@policy("effects.read")
def packet_detail(request, packet_id: int):
    packet = selectors.get_packet(request.user, packet_id)
    reads.persons_read(request.user, view="effects.packet", channel="web", person_ids=[packet.person_id])
    return _packet_page.show(request, packet)


@policy("effects.read")
def packet_pdf(request, packet_id: int):
    packet = selectors.get_packet(request.user, packet_id)
    services.printed(actor=request.user, person_id=packet.person_id, what="packet",
                     number=packet.seal_number or str(packet.pk), channel="web")
    response = HttpResponse(pdf.packet_pdf(packet, language=_language()), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{pdf.packet_file_name(packet)}"'
    return response


@require_POST
@policy("effects.write")
def packet_add(request, packet_id: int):
    packet = selectors.get_packet(request.user, packet_id)

    def act(data):
        services.add_to_packet(actor=request.user, packet_id=packet.pk, category=data["category"],
                               description=data["description"], quantity=data["quantity"] or 1,
                               amount=data["amount"], currency=data["currency"])
        messages.success(request, _("Article added to the packet."))

    return _packet_page.act(request, packet, "article_form", ArticleForm(request.POST), act)


@require_POST
@policy("effects.write")
def packet_remove(request, packet_id: int, item_id: int):
    packet = selectors.get_packet(request.user, packet_id)

    def act(data):
        services.take_out_of_packet(actor=request.user, packet_id=packet.pk, item_id=item_id)
        messages.success(request, _("Article taken out of the packet and back in custody."))

    return _packet_page.act(request, packet, "article_form", ArticleForm({"category": "personal"}), act)


@require_POST
@policy("effects.write")
def packet_seal(request, packet_id: int):
    packet = selectors.get_packet(request.user, packet_id)

    def act(data):
        services.seal_packet(actor=request.user, packet_id=packet.pk, seal_number=data["seal_number"],
                             sealed_by=data["sealed_by"], sealed_on=data["sealed_on"])
        messages.success(request, _("Packet sealed; its list of contents is fixed."))

    return _packet_page.act(request, packet, "seal_form", SealForm(request.POST), act)


@require_POST
@policy("effects.write")
def packet_send(request, packet_id: int):
    packet = selectors.get_packet(request.user, packet_id)

    def act(data):
        services.send_packet(actor=request.user, packet_id=packet.pk, via=data["via"], sent_on=data["sent_on"],
                             channel=data["channel"], override_reason=data["override_reason"],
                             confirm_names=data["confirm_names"])
        messages.success(request, _("Packet recorded as sent."))

    return _packet_page.act(request, packet, "send_form", SendForm(request.POST), act)


@require_POST
@policy("effects.write")
def packet_acknowledge(request, packet_id: int):
    packet = selectors.get_packet(request.user, packet_id)

    def act(data):
        services.acknowledge_packet(actor=request.user, packet_id=packet.pk, received_on=data["received_on"],
                                    reference=data["reference"])
        messages.success(request, _("Receipt of the packet acknowledged."))

    return _packet_page.act(request, packet, "acknowledge_form", AcknowledgeForm(request.POST), act)
