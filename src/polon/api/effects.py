"""Effects and valuables (GC III Arts. 18, 119, 122): articles taken from a prisoner against an itemized
receipt, impounded, returned; packets of the valuables a prisoner left when he died (his estate), was
repatriated, released or escaped, sealed with a seal number and a complete list of contents, sent through the
Protecting Power or the ICRC, their receipt acknowledged; the receipt and the packet's statement as PDF. Every
record belongs to a person and is scoped like every read of persons."""

from django.http import HttpResponse
from django.utils.translation import get_language
from ninja import Query, Router, Status

from polon.api.auth import operation_policy
from polon.api.schemas.common import ERRORS_NO_CONFLICT, MAX_ID, MAX_OFFSET, RecordId, file_answer
from polon.api.schemas.effects import (
    ArticleIn,
    EffectsReceiptIn,
    ItemOut,
    PacketAcknowledgeIn,
    PacketIn,
    PacketOut,
    PacketSendIn,
    ReceiptOut,
    ReturnIn,
    SealIn,
)
from polon.audit import reads
from polon.effects import pdf, selectors, services

router = Router(tags=["effects"])


def item_out(i) -> dict:
    return {"id": i.pk, "person_id": i.person_id, "receipt_id": i.receipt_id, "packet_id": i.packet_id,
            "origin": i.origin, "category": i.category, "description": i.description, "quantity": i.quantity,
            "amount": i.amount, "currency": i.currency, "status": i.status, "returned_on": i.returned_on,
            "return_note": i.return_note}


def receipt_out(r) -> dict:
    return {"id": r.pk, "number": r.number, "person_id": r.person_id, "name": str(r.person), "taken_on": r.taken_on,
            "place": r.place, "issuer_name": r.issuer_name, "issuer_rank": r.issuer_rank,
            "issuer_unit": r.issuer_unit, "ordered_by": r.ordered_by, "reason": r.reason,
            "items": [item_out(i) for i in r.items.order_by("id")]}


def packet_out(p) -> dict:
    return {"id": p.pk, "person_id": p.person_id, "name": str(p.person), "reason": p.reason, "status": p.status,
            "country": p.country, "identity_statement": p.identity_statement, "seal_number": p.seal_number,
            "sealed_on": p.sealed_on, "sealed_by": p.sealed_by, "via": p.via, "sent_on": p.sent_on,
            "transmission_id": p.transmission_id, "received_on": p.received_on,
            "receipt_reference": p.receipt_reference, "note": p.note, "created_at": p.created_at,
            "items": [item_out(i) for i in p.items.order_by("id")]}


def _language(lang: str) -> str:
    return lang if lang in ("uk", "en") else (get_language() or "uk").split("-")[0]


@router.get("/effects/receipts", response={200: list[ReceiptOut], **ERRORS_NO_CONFLICT})
@operation_policy("effects.read")
def list_receipts(request, person_id: int | None = Query(None, ge=1, le=MAX_ID),
                  offset: int = Query(0, ge=0, le=MAX_OFFSET), limit: int = Query(100, ge=1, le=500)):
    """Receipts for articles taken (GC III Art. 18), newest first, with their articles; from ``offset``, at most
    ``limit``."""
    rows = list(selectors.receipts(request.auth, person_id=person_id)[offset:offset + limit])
    reads.persons_read(request.auth, view="effects.receipts", channel="api", person_ids=[r.person_id for r in rows],
                       query={"person_id": person_id})
    return [receipt_out(r) for r in rows]


@router.post("/effects/receipts", response={201: ReceiptOut, **ERRORS_NO_CONFLICT})
@operation_policy("effects.write")
def take_articles(request, payload: EffectsReceiptIn):
    """Record sums of money and articles of value taken from a prisoner against one itemized receipt: by order
    of an officer (`ordered_by`), the name, rank and unit of the person issuing it, reasons of security for
    articles of value; categories money (amount and ISO 4217 currency), valuable, document, personal (identity
    and decoration are refused: they may not be taken, Arts. 17, 18)."""
    data = payload.dict()
    receipt = services.take_articles(actor=request.auth, person_id=data.pop("person_id"), **data)
    return Status(201, receipt_out(selectors.get_receipt(request.auth, receipt.pk)))


@router.get("/effects/receipts/{receipt_id}", response={200: ReceiptOut, **ERRORS_NO_CONFLICT})
@operation_policy("effects.read")
def get_receipt(request, receipt_id: RecordId):
    receipt = selectors.get_receipt(request.auth, receipt_id)
    reads.persons_read(request.auth, view="effects.receipt", channel="api", person_ids=[receipt.person_id])
    return receipt_out(receipt)


@router.get("/effects/receipts/{receipt_id}/pdf", response={**ERRORS_NO_CONFLICT},
            openapi_extra=file_answer("The itemized receipt (GC III Art. 18)", "application/pdf"))
@operation_policy("effects.read")
def receipt_pdf(request, receipt_id: RecordId, lang: str = ""):
    """The receipt as PDF, in `lang` (uk or en)."""
    receipt = selectors.get_receipt(request.auth, receipt_id)
    services.printed(actor=request.auth, person_id=receipt.person_id, what="receipt", number=receipt.number,
                     channel="api")
    response = HttpResponse(pdf.receipt_pdf(receipt, language=_language(lang)), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{pdf.receipt_file_name(receipt)}"'
    return response


@router.post("/effects/items/{item_id}/return", response={200: ItemOut, **ERRORS_NO_CONFLICT})
@operation_policy("effects.write")
def return_article(request, item_id: RecordId, payload: ReturnIn):
    """Return an impounded article to its owner in its initial shape (Art. 18)."""
    return item_out(services.return_article(actor=request.auth, item_id=item_id, returned_on=payload.returned_on,
                                            note=payload.note))


@router.get("/effects/packets", response={200: list[PacketOut], **ERRORS_NO_CONFLICT})
@operation_policy("effects.read")
def list_packets(request, status: str = "", reason: str = "",
                 person_id: int | None = Query(None, ge=1, le=MAX_ID),
                 offset: int = Query(0, ge=0, le=MAX_OFFSET), limit: int = Query(100, ge=1, le=500)):
    """Packets (status open, sealed, sent, received; reason died, repatriated, released, escaped), newest first;
    from ``offset``, at most ``limit``."""
    rows = list(selectors.packets(request.auth, selectors.PacketFilters(
        status=status, reason=reason, person_id=person_id))[offset:offset + limit])
    reads.persons_read(request.auth, view="effects.packets", channel="api", person_ids=[p.person_id for p in rows],
                       query={"status": status, "reason": reason, "person_id": person_id})
    return [packet_out(p) for p in rows]


@router.post("/effects/packets", response={201: PacketOut, **ERRORS_NO_CONFLICT})
@operation_policy("effects.write")
def open_packet(request, payload: PacketIn):
    """Open a packet once his timeline shows him dead (reason died: his estate), repatriated, released or
    escaped; his articles still impounded go into it. `country`: the Power concerned (default: the Power on
    which he depends)."""
    packet = services.open_packet(actor=request.auth, person_id=payload.person_id, reason=payload.reason,
                                  country=payload.country, note=payload.note)
    return Status(201, packet_out(selectors.get_packet(request.auth, packet.pk)))


@router.get("/effects/packets/{packet_id}", response={200: PacketOut, **ERRORS_NO_CONFLICT})
@operation_policy("effects.read")
def get_packet(request, packet_id: RecordId):
    packet = selectors.get_packet(request.auth, packet_id)
    reads.persons_read(request.auth, view="effects.packet", channel="api", person_ids=[packet.person_id])
    return packet_out(packet)


@router.post("/effects/packets/{packet_id}/articles", response={201: ItemOut, **ERRORS_NO_CONFLICT})
@operation_policy("effects.write")
def add_to_packet(request, packet_id: RecordId, payload: ArticleIn):
    """Record an article he left into a packet still being gathered."""
    return Status(201, item_out(services.add_to_packet(actor=request.auth, packet_id=packet_id, **payload.dict())))


@router.post("/effects/packets/{packet_id}/seal", response={200: PacketOut, **ERRORS_NO_CONFLICT})
@operation_policy("effects.write")
def seal_packet(request, packet_id: RecordId, payload: SealIn):
    """Seal the packet: its seal number and complete list of contents are fixed."""
    services.seal_packet(actor=request.auth, packet_id=packet_id, **payload.dict())
    return packet_out(selectors.get_packet(request.auth, packet_id))


@router.post("/effects/packets/{packet_id}/send", response={200: PacketOut, **ERRORS_NO_CONFLICT})
@operation_policy("effects.write")
def send_packet(request, packet_id: RecordId, payload: PacketSendIn):
    """Record the sealed packet sent through the Protecting Power (`via` protecting_power) or the ICRC (icrc_cta):
    a consular transmission with its legal basis; where sending may harm him, `override_reason` is required."""
    services.send_packet(actor=request.auth, packet_id=packet_id, **payload.dict())
    return packet_out(selectors.get_packet(request.auth, packet_id))


@router.post("/effects/packets/{packet_id}/receipt", response={200: PacketOut, **ERRORS_NO_CONFLICT})
@operation_policy("effects.write")
def acknowledge_packet(request, packet_id: RecordId, payload: PacketAcknowledgeIn):
    services.acknowledge_packet(actor=request.auth, packet_id=packet_id, received_on=payload.received_on,
                                reference=payload.reference)
    return packet_out(selectors.get_packet(request.auth, packet_id))


@router.get("/effects/packets/{packet_id}/pdf", response={**ERRORS_NO_CONFLICT},
            openapi_extra=file_answer("A packet's statement of identity and complete list of contents (GC III Art. "
                                      "122)", "application/pdf"))
@operation_policy("effects.read")
def packet_pdf(request, packet_id: RecordId, lang: str = ""):
    packet = selectors.get_packet(request.auth, packet_id)
    services.printed(actor=request.auth, person_id=packet.person_id, what="packet",
                     number=packet.seal_number or str(packet.pk), channel="api")
    response = HttpResponse(pdf.packet_pdf(packet, language=_language(lang)), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{pdf.packet_file_name(packet)}"'
    return response
