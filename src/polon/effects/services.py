"""Every write on effects and valuables (GC III Arts. 18, 119, 122): keyword-only arguments, the acting user,
one transaction, and the audit event appended inside it.

Lifecycles:
- taken at capture: ``take_articles`` records what was taken from a prisoner against an itemized receipt
  (Art. 18: by order of an officer, the name, rank and unit of the person issuing the receipt, valuables only
  for reasons of security; never his identity documents, badges, decorations or articles of sentimental value);
  the articles stay impounded until ``return_article`` gives them back in their initial shape.
- a packet for the Power concerned (Art. 119 para 2, Art. 122 para 9): ``open_packet`` once the timeline shows
  him dead (his estate), repatriated, released or escaped, gathering the articles still impounded;
  ``add_to_packet`` records further articles he left; ``seal_packet`` fixes the seal number and the complete
  list of contents; ``send_packet`` records it sent through the Protecting Power or the ICRC (a consular
  transmission with its legal basis, the detriment rule applied); ``acknowledge_packet`` records its receipt.
"""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

import pycountry
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from polon.access.policies import require
from polon.access.scope import person_scope, scope_via_person, visible_or_not_found
from polon.audit.actions import Action
from polon.audit.log import record
from polon.consular.services import record_transmission
from polon.core.errors import ValidationFailed
from polon.core.validate import Errors
from polon.effects import events
from polon.effects.models import (
    Category,
    Item,
    ItemStatus,
    Origin,
    Packet,
    PacketReason,
    PacketStatus,
    Receipt,
    Via,
)
from polon.effects.selectors import REASON_EVENT, end_dates, items
from polon.exchanges.pdf import spellings
from polon.registry.models import Person

if TYPE_CHECKING:
    from polon.accounts.models import User

LEGAL_BASIS = "GC III Arts. 119, 122"
MAX_QUANTITY = 1_000_000
MAX_AMOUNT = Decimal(10) ** 12  # the column holds 12 digits before the decimal point, 2 after
MAX_ARTICLES = 200


def _person(actor: User, person_id: int) -> Person:
    return visible_or_not_found(person_scope(actor, Person.objects.select_for_update()), person_id, _("person"))


def _article(errors: Errors, index: int, line: dict[str, Any], *, taken: bool) -> dict[str, Any]:
    """One article (a dict of category, description, quantity, amount, currency), checked; errors are named
    ``items.<n>.<field>`` (n from 1)."""
    prefix = f"items.{index}."
    category = errors.choice(prefix + "category", line.get("category"), Category)
    description = errors.text(prefix + "description", line.get("description"), max_length=300)
    quantity = errors.positive_int(prefix + "quantity", line.get("quantity") or 1) or 1
    if quantity > MAX_QUANTITY:
        errors.add(prefix + "quantity", _("at most %(n)d") % {"n": MAX_QUANTITY})
    amount: Decimal | None = None
    currency = (str(line.get("currency") or "")).strip().upper()
    raw_amount = line.get("amount")
    if raw_amount not in (None, ""):
        try:
            amount = Decimal(str(raw_amount).strip().replace(",", "."))
        except InvalidOperation:
            errors.add(prefix + "amount", _("'%(value)s' is not an amount") % {"value": raw_amount})
        else:
            if not amount.is_finite():
                errors.add(prefix + "amount", _("'%(value)s' is not an amount") % {"value": raw_amount})
                amount = None
            elif amount <= 0:
                errors.add(prefix + "amount", _("the amount must be above zero"))
            elif amount >= MAX_AMOUNT or amount != amount.quantize(Decimal("0.01")):
                errors.add(prefix + "amount", _("at most 12 digits before the decimal point and 2 after it"))
    if category == Category.MONEY:
        # Art. 18 para 4: the amount is recorded in a special register and on the itemized receipt.
        if amount is None and prefix + "amount" not in errors.by_field:
            errors.add(prefix + "amount", _("record the amount of money (GC III Art. 18)"))
        if not currency:
            errors.add(prefix + "currency", _("name the currency (ISO 4217, e.g. UAH)"))
        elif pycountry.currencies.get(alpha_3=currency) is None:
            errors.add(prefix + "currency", _("'%(value)s' is not an ISO 4217 currency code") % {"value": currency})
    else:
        if not description:
            errors.add(prefix + "description", _("describe the article"))
        if currency and pycountry.currencies.get(alpha_3=currency) is None:
            errors.add(prefix + "currency", _("'%(value)s' is not an ISO 4217 currency code") % {"value": currency})
    if taken and category == Category.IDENTITY:
        errors.add(prefix + "category", _("a prisoner of war's identity card may in no case be taken away from "
                                          "him, and he is never to be without identity documents (GC III Arts. 17, "
                                          "18)"))
    elif taken and category == Category.DECORATION:
        errors.add(prefix + "category", _("badges of rank and nationality, decorations and articles having above "
                                          "all a personal or sentimental value may not be taken from prisoners of "
                                          "war (GC III Art. 18)"))
    return {"category": category, "description": description, "quantity": quantity, "amount": amount,
            "currency": currency}


def take_articles(*, actor: User, person_id: int, taken_on: date | str, issuer_name: str, issuer_rank: str,
                  issuer_unit: str, ordered_by: str, articles: list[dict[str, Any]], place: str = "",
                  reason: str = "") -> Receipt:
    """Record sums of money and articles of value taken from a prisoner, against one itemized receipt
    (GC III Art. 18): impounded until returned or sent on."""
    require(actor, "effects.write")
    errors = Errors()
    day = errors.day("taken_on", taken_on, required=True, past_only=True)
    issuer_name = errors.text("issuer_name", issuer_name, required=True, max_length=200)
    issuer_rank = errors.text("issuer_rank", issuer_rank, required=True, max_length=80)
    issuer_unit = errors.text("issuer_unit", issuer_unit, required=True, max_length=200)
    ordered_by = errors.text("ordered_by", ordered_by, required=True, max_length=200)
    place = errors.text("place", place, max_length=200)
    reason = errors.text("reason", reason)
    lines = [_article(errors, n, line, taken=True) for n, line in enumerate(articles, start=1)
             if any(str(v or "").strip() for v in line.values())]
    if not lines:
        errors.add("items", _("list at least one article taken"))
    elif len(lines) > MAX_ARTICLES:
        errors.add("items", _("at most %(n)d articles on one receipt") % {"n": MAX_ARTICLES})
    if any(line["category"] == Category.VALUABLE for line in lines) and not reason:
        errors.add("reason", _("articles of value may be withdrawn only for reasons of security: state them "
                               "(GC III Art. 18)"))
    errors.raise_if_any()
    assert day is not None
    with transaction.atomic():
        person = _person(actor, person_id)
        receipt = Receipt.objects.create(
            number=f"tmp-{uuid.uuid4().hex[:12]}", person=person, taken_on=day, place=place,
            issuer_name=issuer_name, issuer_rank=issuer_rank, issuer_unit=issuer_unit, ordered_by=ordered_by,
            reason=reason, created_by=actor)
        receipt.number = f"R-{day.year}-{receipt.pk:06d}"
        receipt.save(update_fields=["number"])
        created = [Item.objects.create(person=person, receipt=receipt, origin=Origin.TAKEN, created_by=actor, **line)
                   for line in lines]
        record(actor=actor, action=Action.EFFECTS_RECEIPT_ISSUE, obj=receipt,
               changes=events.receipt_issued(receipt, created))
    return receipt


def return_article(*, actor: User, item_id: int, returned_on: date | str | None = None, note: str = "") -> Item:
    """Return an impounded article (or sum) to its owner in its initial shape (GC III Art. 18 para 6)."""
    require(actor, "effects.write")
    errors = Errors()
    day = errors.day("returned_on", returned_on, past_only=True) or timezone.localdate()
    note = errors.text("note", note, max_length=300)
    errors.raise_if_any()
    with transaction.atomic():
        item = visible_or_not_found(items(actor).select_for_update(of=("self",)), item_id, _("article"))
        if item.status != ItemStatus.IMPOUNDED:
            raise ValidationFailed({"item": _("this article is not impounded: it is %(status)s")
                                    % {"status": item.get_status_display().lower()}})
        if item.receipt is not None and day < item.receipt.taken_on:
            raise ValidationFailed({"returned_on": _("an article cannot be returned before it was taken")})
        item.status, item.returned_on, item.return_note = ItemStatus.RETURNED, day, note
        item.save(update_fields=["status", "returned_on", "return_note"])
        record(actor=actor, action=Action.EFFECTS_ITEM_RETURN, obj=item, changes=events.item_returned(item))
    return item


def identity_of(person: Person) -> list[list[str]]:
    """Clear and full particulars of the identity of the person to whom the articles belonged (Art. 122 para 9),
    as [key, value] pairs (keys of models.IDENTITY_LABELS); the Power as its ISO code."""
    cyrillic, latin = spellings(person)
    rows = [
        ("name", " / ".join(n for n in (cyrillic, latin) if n)),
        ("father", person.father_first_name),
        ("birth", ", ".join(x for x in (person.birth_date, person.birth_place) if x)),
        ("rank", person.rank),
        ("number", person.service_number),
        ("internment_number", person.internment_number),
        ("unit", person.unit),
        ("power", _power(person)),
        ("informed", " ".join(person.informed_person_name.split())),
        ("record", str(person.pk)),
    ]
    return [[key, value] for key, value in rows if value]


def _power(person: Person) -> str:
    return person.power_depended or next((c.country for c in person.citizenships.all()), "")


def open_packet(*, actor: User, person_id: int, reason: str, country: str = "", note: str = "") -> Packet:
    """Open a packet of the valuables a prisoner left when he died (his estate), was repatriated, released or
    escaped, once his timeline shows it; every article of his still impounded goes into it."""
    require(actor, "effects.write")
    errors = Errors()
    reason = errors.choice("reason", reason, PacketReason)
    country = errors.country("country", country)
    note = errors.text("note", note)
    errors.raise_if_any()
    with transaction.atomic():
        person = _person(actor, person_id)
        if not end_dates([person.pk], REASON_EVENT[reason]):
            raise ValidationFailed({"reason": _("his timeline has no dated event '%(event)s': record it first")
                                    % {"event": PacketReason(reason).label}})
        country = country or _power(person)
        if not country:
            raise ValidationFailed({"country": _("name the Power concerned (he has no Power on which he depends "
                                                 "or citizenship recorded)")})
        if Packet.objects.filter(person=person, status=PacketStatus.OPEN).exists():
            raise ValidationFailed({"reason": _("a packet of his is already being gathered: add to it")})
        packet = Packet.objects.create(person=person, reason=reason, country=country, note=note,
                                       identity=identity_of(person), created_by=actor)
        held = list(Item.objects.select_for_update().filter(person=person, status=ItemStatus.IMPOUNDED))
        for item in held:
            item.packet, item.status = packet, ItemStatus.PACKED
            item.save(update_fields=["packet", "status"])
        record(actor=actor, action=Action.EFFECTS_PACKET_CREATE, obj=packet,
               changes=events.packet_created(packet, [i.pk for i in held]))
    return packet


def _packet_for_write(actor: User, packet_id: int) -> Packet:
    # Not selectors.packets: its count of articles (GROUP BY) cannot be locked FOR UPDATE on PostgreSQL.
    return visible_or_not_found(scope_via_person(actor, Packet.objects.select_for_update()), packet_id, _("packet"))


def add_to_packet(*, actor: User, packet_id: int, category: str, description: str = "", quantity: int | str = 1,
                  amount: Decimal | str | None = None, currency: str = "") -> Item:
    """Record an article he left (found among his effects, handed in by his comrades) into a packet still being
    gathered."""
    require(actor, "effects.write")
    errors = Errors()
    line = _article(errors, 1, {"category": category, "description": description, "quantity": quantity,
                                "amount": amount, "currency": currency}, taken=False)
    if errors:
        raise ValidationFailed({k.removeprefix("items.1."): v for k, v in errors.by_field.items()})
    with transaction.atomic():
        packet = _packet_for_write(actor, packet_id)
        if packet.status != PacketStatus.OPEN:
            raise ValidationFailed({"packet": _("the packet is sealed: its list of contents is closed")})
        item = Item.objects.create(person_id=packet.person_id, packet=packet, origin=Origin.LEFT,
                                   status=ItemStatus.PACKED, created_by=actor, **line)
        record(actor=actor, action=Action.EFFECTS_ITEM_ADD, obj=item, changes=events.item_added(item))
    return item


def take_out_of_packet(*, actor: User, packet_id: int, item_id: int) -> Item:
    """Take an impounded article back out of a packet still being gathered (put there by mistake)."""
    require(actor, "effects.write")
    with transaction.atomic():
        packet = _packet_for_write(actor, packet_id)
        if packet.status != PacketStatus.OPEN:
            raise ValidationFailed({"packet": _("the packet is sealed: its list of contents is closed")})
        item = visible_or_not_found(Item.objects.select_for_update().filter(packet=packet), item_id, _("article"))
        if item.origin != Origin.TAKEN:
            raise ValidationFailed({"item": _("only an article taken against a receipt goes back to custody")})
        item.packet, item.status = None, ItemStatus.IMPOUNDED
        item.save(update_fields=["packet", "status"])
        record(actor=actor, action=Action.EFFECTS_PACKET_ITEM, obj=packet,
               changes=events.packet_item(packet, item, put_in=False))
    return item


def contents_list(packet: Packet) -> list[dict[str, Any]]:
    return [{"n": n, "item": i.pk, "category": i.category, "description": i.description, "quantity": i.quantity,
             "amount": None if i.amount is None else str(i.amount), "currency": i.currency,
             "receipt": i.receipt.number if i.receipt else ""}
            for n, i in enumerate(packet.items.select_related("receipt").order_by("id"), start=1)]


def seal_packet(*, actor: User, packet_id: int, seal_number: str, sealed_by: str,
                sealed_on: date | str | None = None) -> Packet:
    """Seal a packet: its seal number and the complete list of its contents are fixed (Art. 122 para 9)."""
    require(actor, "effects.write")
    errors = Errors()
    seal_number = errors.text("seal_number", seal_number, required=True, max_length=40)
    sealed_by = errors.text("sealed_by", sealed_by, required=True, max_length=200)
    day = errors.day("sealed_on", sealed_on, past_only=True) or timezone.localdate()
    errors.raise_if_any()
    with transaction.atomic():
        packet = _packet_for_write(actor, packet_id)
        if packet.status != PacketStatus.OPEN:
            raise ValidationFailed({"seal_number": _("the packet is already sealed")})
        if Packet.objects.filter(seal_number=seal_number).exclude(pk=packet.pk).exists():
            raise ValidationFailed({"seal_number": _("seal number %(seal)s is already on another packet")
                                    % {"seal": seal_number}})
        contents = contents_list(packet)
        if not contents:
            raise ValidationFailed({"seal_number": _("an empty packet is not sealed: list its contents first")})
        packet.status, packet.seal_number, packet.sealed_by, packet.sealed_on = (
            PacketStatus.SEALED, seal_number, sealed_by, day)
        packet.contents = contents
        packet.save()
        record(actor=actor, action=Action.EFFECTS_PACKET_SEAL, obj=packet, changes=events.packet_sealed(packet))
    return packet


def transmission_text(packet: Packet) -> str:
    lines = [_("Sealed packet %(seal)s of personal valuables (%(reason)s), sealed on %(day)s, %(n)d articles:")
             % {"seal": packet.seal_number, "reason": packet.get_reason_display(),
                "day": packet.sealed_on.isoformat() if packet.sealed_on else "", "n": len(packet.contents)}]
    for line in packet.contents:
        what = (f"{line['amount']} {line['currency']}" if line.get("amount") else
                f"{line['quantity']} × {line['description']}" if line.get("quantity", 1) != 1 else line["description"])
        lines.append(f"{line['n']}. {what}")
    return "\n".join(lines)


def send_packet(*, actor: User, packet_id: int, via: str, sent_on: date | str, channel: str = "",
                override_reason: str = "", confirm_names: bool = False) -> Packet:
    """Record a sealed packet sent to the Power concerned through the Protecting Power or the ICRC, as a
    consular transmission with its legal basis (the detriment rule applies as to any transmission)."""
    require(actor, "effects.write")
    errors = Errors()
    via = errors.choice("via", via, Via)
    day = errors.day("sent_on", sent_on, required=True, past_only=True)
    channel = errors.text("channel", channel, max_length=120)
    errors.raise_if_any()
    assert day is not None
    with transaction.atomic():
        packet = _packet_for_write(actor, packet_id)
        if packet.status != PacketStatus.SEALED:
            raise ValidationFailed({"via": _("only a sealed packet is sent (it is %(status)s)")
                                    % {"status": packet.get_status_display().lower()}})
        if packet.sealed_on and day < packet.sealed_on:
            raise ValidationFailed({"sent_on": _("a packet cannot be sent before it was sealed")})
        item = record_transmission(
            actor=actor, person_id=packet.person_id, recipient=via,
            channel=channel or _("sealed packet %(seal)s") % {"seal": packet.seal_number}, date=day.isoformat(),
            content=transmission_text(packet), legal_basis=LEGAL_BASIS, country=packet.country,
            override_reason=override_reason, confirm_names=confirm_names)
        packet.status, packet.via, packet.sent_on, packet.transmission = PacketStatus.SENT, via, day, item
        packet.save()
        record(actor=actor, action=Action.EFFECTS_PACKET_SEND, obj=packet, changes=events.packet_sent(packet))
    return packet


def acknowledge_packet(*, actor: User, packet_id: int, received_on: date | str, reference: str = "") -> Packet:
    """Record that the Power concerned (or the intermediary) acknowledged receipt of a sent packet."""
    require(actor, "effects.write")
    errors = Errors()
    day = errors.day("received_on", received_on, required=True, past_only=True)
    reference = errors.text("reference", reference, max_length=120)
    errors.raise_if_any()
    assert day is not None
    with transaction.atomic():
        packet = _packet_for_write(actor, packet_id)
        if packet.status != PacketStatus.SENT:
            raise ValidationFailed({"received_on": _("only a sent packet's receipt is acknowledged (it is "
                                                     "%(status)s)") % {"status": packet.get_status_display().lower()}})
        if packet.sent_on and day < packet.sent_on:
            raise ValidationFailed({"received_on": _("a packet cannot be received before it was sent")})
        packet.status, packet.received_on, packet.receipt_reference = PacketStatus.RECEIVED, day, reference
        packet.save()
        record(actor=actor, action=Action.EFFECTS_PACKET_RECEIPT, obj=packet,
               changes=events.packet_received(packet))
    return packet


def printed(*, actor: User, person_id: int, what: str, number: str, channel: str) -> None:
    """Note in the audit log that a receipt or a packet's statement was printed (they carry personal data)."""
    require(actor, "effects.read")
    action = Action.EFFECTS_RECEIPT_PRINT if what == "receipt" else Action.EFFECTS_PACKET_PRINT
    with transaction.atomic():
        record(actor=actor, action=action, object_type="registry.person", object_id=str(person_id),
               changes=events.printed(person_id=person_id, what=what, number=number, channel=channel))
