"""Sending a list to the ICRC Central Tracing Agency or to the Power on which the prisoners depend (GC III
Arts. 122, 123): every prisoner captured and every change or correction since the last list to that recipient,
each person a consular transmission with the list's legal basis, the detriment rule applied (consular.detriment):
a person whom sending may harm is left out and stays pending, unless the sender gives a reason (audited)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Max, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _

from polon.access.policies import require
from polon.accounts.models import User
from polon.audit.actions import Action
from polon.audit.log import Entry, record, record_many
from polon.consular import events as consular_events
from polon.consular.detriment import warnings_by_person
from polon.consular.models import Recipient as ConsularRecipient
from polon.consular.models import Transmission
from polon.core.countries import country_label
from polon.core.errors import ValidationFailed
from polon.core.validate import Errors
from polon.cta import events, selectors
from polon.cta.models import CtaEntry, CtaList, EntryKind, Recipient
from polon.cta.particulars import LABELS
from polon.registry.mentions import check_names, record_confirmation

BASIS = {Recipient.CTA: "GC III Arts. 122, 123", Recipient.POWER: "GC III Art. 122"}
TO_CONSULAR = {Recipient.CTA: ConsularRecipient.ICRC_CTA, Recipient.POWER: ConsularRecipient.STATE_OF_CITIZENSHIP}


def recipient_label(recipient: str, country: str = "") -> str:
    if recipient == Recipient.POWER and country:
        return _("%(country)s (Power on which they depend)") % {"country": country_label(country)}
    return str(Recipient(recipient).label) if recipient in Recipient.values else recipient


def entry_text(item: CtaList, kind: str, changed: list[str]) -> str:
    """What the transmission of one person on a list says was sent (no personal data: the list holds it)."""
    what = {EntryKind.NEW: _("new capture"), EntryKind.CHANGE: _("change"),
            EntryKind.CORRECTION: _("correction")}[EntryKind(kind)]
    text = _("Art. 122 particulars on list no. %(number)s to %(recipient)s of %(date)s: %(what)s") % {
        "number": item.number, "recipient": recipient_label(item.recipient, item.country),
        "date": item.sent_on.isoformat(), "what": what}
    if changed:
        text += " (" + ", ".join(str(LABELS[name]) for name in changed) + ")"
    return text


def _day(errors: Errors, value: date | str | None) -> date:
    if value in (None, ""):
        return timezone.localdate()
    if isinstance(value, date):
        day = value
    else:
        try:
            day = date.fromisoformat(str(value))
        except ValueError:
            errors.add("sent_on", _("give a date as YYYY-MM-DD"))
            return timezone.localdate()
    if day > timezone.localdate():
        errors.add("sent_on", _("a list cannot be sent in the future"))
    return day


def send_list(*, actor: User, recipient: str, country: str = "", sent_on: date | str | None = None,
              channel: str = "", legal_basis: str = "", override_reason: str = "",
              confirm_names: bool = False) -> CtaList:
    """Send the next list to ``recipient`` (``icrc_cta``, or ``state`` with the ``country`` on which its persons
    depend): every person pending for it (selectors.pending) in the sender's scope, each recorded as a consular
    transmission. Persons whom sending may harm are left out (recorded as withheld) unless ``override_reason``
    is given; refused when nobody is left to send."""
    require(actor, "cta.write")
    errors = Errors()
    recipient = errors.choice("recipient", recipient, Recipient)
    country = errors.country("country", country, required=recipient == Recipient.POWER)
    if recipient == Recipient.CTA:
        country = ""
    day = _day(errors, sent_on)
    channel = errors.text("channel", channel, max_length=120)
    legal_basis = errors.text("legal_basis", legal_basis, max_length=200)
    reason = " ".join((override_reason or "").split())
    errors.raise_if_any()
    with transaction.atomic():
        due = selectors.pending(actor, recipient=recipient, country=country)
        if not due:
            raise ValidationFailed({"recipient": _("nothing is pending for %(recipient)s: every prisoner captured "
                                                   "was sent, unchanged since") % {
                "recipient": recipient_label(recipient, country)}})
        prefetch_related_objects([p.person for p in due], "citizenships")  # what the detriment rule reads
        flagged = warnings_by_person([p.person for p in due], country)
        withheld: list[dict[str, Any]] = [] if reason else [
            {"person_id": p.person.pk, "warnings": flagged[p.person.pk]} for p in due if p.person.pk in flagged]
        sending = [p for p in due if reason or p.person.pk not in flagged]
        if not sending:
            raise ValidationFailed({"override_reason": [
                *sorted({w for p in due for w in flagged.get(p.person.pk, [])}),
                _("every person pending may be harmed by this list: sending anyway needs an explicit reason")]})
        # The list's own free text (channel, reason) goes with every person on it: naming anyone needs confirming.
        named = check_names(actor, {"channel": channel, "override_reason": reason}, [], confirm=confirm_names)
        number = (CtaList.objects.filter(recipient=recipient, country=country).aggregate(n=Max("number"))["n"]
                  or 0) + 1
        item = CtaList.objects.create(
            recipient=recipient, country=country, number=number, sent_on=day,
            channel=channel or _("list no. %(number)s") % {"number": number},
            legal_basis=legal_basis or BASIS[Recipient(recipient)], override_reason=reason if flagged else "",
            withheld=withheld, created_by=actor)
        # One consular transmission per person, written together: the detriment rule's warnings computed above
        # (consular.detriment, as consular.services.record_transmission would), each audited as consular does.
        transmissions = Transmission.objects.bulk_create([Transmission(
            person=p.person, recipient=TO_CONSULAR[Recipient(recipient)], country=country, channel=item.channel,
            date=day.isoformat(), content=entry_text(item, p.kind, p.changed), legal_basis=item.legal_basis,
            warnings=flagged.get(p.person.pk, []), override_reason=reason if p.person.pk in flagged else "",
            created_by=actor) for p in sending])
        record_many(actor=actor, entries=[Entry(
            Action.TRANSMISSION_OVERRIDE if t.warnings else Action.TRANSMISSION_RECORD, t,
            changes=consular_events.transmission_recorded(t)) for t in transmissions])
        made = [CtaEntry(cta_list=item, person=p.person, kind=p.kind, values=p.values, changed=p.changed,
                         transmission=t) for p, t in zip(sending, transmissions, strict=True)]
        CtaEntry.objects.bulk_create(made)
        record(actor=actor, action=Action.CTA_LIST_SEND, obj=item, changes=events.list_sent(item, made))
        record_confirmation(actor=actor, obj=item, names=named, countries=[])
    return item
