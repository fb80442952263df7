"""Writes on tracing enquiries: record, assign, reply, close. A reply never discloses a restricted person."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from polon.access.policies import may, require
from polon.access.scope import person_scope, visible_countries
from polon.accounts.models import User
from polon.audit.log import record
from polon.core.errors import NotFound, ValidationFailed
from polon.enquiries.disclosure import reply_problems
from polon.enquiries.models import Enquiry, EnquiryStatus, Reply, RequesterKind
from polon.exchanges.services import clean_country, clean_date
from polon.registry.models import Person
from polon.registry.search import SearchQueryError, clean_query


def _day(value, field: str, errors: dict) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        errors.setdefault(field, []).append(f"'{value}' is not a date (YYYY-MM-DD)")
        return None


def snapshot(e: Enquiry) -> dict:
    return {"received_on": e.received_on.isoformat(), "requester_kind": e.requester_kind,
            "requester_name": e.requester_name, "requester_contact": e.requester_contact,
            "sought_name": e.sought_name, "sought_birth_date": e.sought_birth_date,
            "sought_country": e.sought_country, "details": e.details, "assignee": e.assignee_id,
            "status": e.status, "closed_on": e.closed_on.isoformat() if e.closed_on else None}


def create_enquiry(*, actor, requester_kind: str, requester_name: str, sought_name: str,
                   requester_contact: str = "", sought_birth_date: str = "", sought_country: str = "",
                   details: str = "", received_on=None, assignee_id: int | None = None) -> Enquiry:
    require(actor, "enquiries.write")
    errors: dict[str, list[str]] = {}
    if requester_kind not in RequesterKind.values:
        errors["requester_kind"] = [f"'{requester_kind}' is not one of {', '.join(RequesterKind.values)}"]
    if not (requester_name or "").strip():
        errors["requester_name"] = ["say who is asking"]
    try:
        sought_name = clean_query(sought_name)
    except SearchQueryError as exc:
        errors["sought_name"] = [str(exc)]
    sought_birth_date = clean_date(sought_birth_date, "sought_birth_date", errors)
    sought_country = clean_country(sought_country, "sought_country", errors)
    allowed = visible_countries(actor)
    if allowed is not None and sought_country not in allowed and "sought_country" not in errors:
        errors["sought_country"] = [f"you record enquiries about citizens of {', '.join(allowed) or 'no state'}"]
    received = _day(received_on, "received_on", errors) or timezone.localdate()
    if received > timezone.localdate():
        errors.setdefault("received_on", []).append("cannot be in the future")
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        assignee = _assignee(assignee_id, sought_country) if assignee_id else None
        enquiry = Enquiry.objects.create(
            received_on=received, requester_kind=requester_kind, requester_name=requester_name.strip(),
            requester_contact=requester_contact.strip(), sought_name=sought_name,
            sought_birth_date=sought_birth_date, sought_country=sought_country, details=details.strip(),
            assignee=assignee, created_by=actor)
        record(actor=actor, action="enquiry.create", obj=enquiry, changes={"after": snapshot(enquiry)})
    return enquiry


def _assignee(user_id, sought_country: str) -> User:
    """An active user who may handle enquiries (enquiries.read and .write) and sees one about `sought_country`
    (the same country scope as enquiries.selectors.enquiries): nobody is handed an enquiry they could not
    open."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        raise ValidationFailed({"assignee": f"no active user {user_id}"})
    if not (may(user, "enquiries.write") and may(user, "enquiries.read")):
        raise ValidationFailed({"assignee": f"{user} may not answer enquiries"})
    from polon.enquiries.selectors import may_see

    if not may_see(user, sought_country):
        raise ValidationFailed({"assignee": f"{user} does not see enquiries about "
                                            f"{sought_country or 'a person of unknown citizenship'}"})
    return user


def _enquiry_for_write(actor, enquiry_id) -> Enquiry:
    from polon.enquiries.selectors import enquiries

    try:
        return enquiries(actor).select_for_update(of=("self",)).get(pk=enquiry_id)
    except (Enquiry.DoesNotExist, ValueError, TypeError):
        raise NotFound(f"enquiry {enquiry_id} not found") from None


def assign_enquiry(*, actor, enquiry_id: int, assignee_id: int | None) -> Enquiry:
    require(actor, "enquiries.write")
    with transaction.atomic():
        enquiry = _enquiry_for_write(actor, enquiry_id)
        before = enquiry.assignee_id
        enquiry.assignee = _assignee(assignee_id, enquiry.sought_country) if assignee_id else None
        enquiry.save(update_fields=["assignee"])
        record(actor=actor, action="enquiry.assign", obj=enquiry,
               changes={"before": {"assignee": before}, "after": {"assignee": enquiry.assignee_id}})
    return enquiry


def disclosure_problems(actor, enquiry: Enquiry, text: str, persons: Sequence[Person]) -> dict[str, list[str]]:
    """Why this reply would disclose a restricted person, by field; empty when it does not (see
    enquiries.disclosure)."""
    return reply_problems(actor, enquiry, text, persons)


def add_reply(*, actor, enquiry_id: int, text: str, channel: str = "", sent_on=None,
              person_ids: Sequence[int] = (), close: bool = False) -> Reply:
    require(actor, "enquiries.write")
    errors: dict[str, list[str]] = {}
    if not (text or "").strip():
        errors["text"] = ["the reply is empty"]
    sent = _day(sent_on, "sent_on", errors) or timezone.localdate()
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        enquiry = _enquiry_for_write(actor, enquiry_id)
        if enquiry.status == EnquiryStatus.CLOSED:
            raise ValidationFailed({"enquiry": f"enquiry {enquiry.pk} is closed"})
        ids = sorted({int(i) for i in person_ids})
        persons = list(person_scope(actor, Person.objects.filter(pk__in=ids)).prefetch_related("names"))
        missing = sorted(set(ids) - {p.pk for p in persons})
        if missing:
            raise NotFound(f"person {missing[0]} not found")
        problems = disclosure_problems(actor, enquiry, text, persons)
        if problems:
            raise ValidationFailed(problems)
        reply = Reply.objects.create(enquiry=enquiry, sent_on=sent, channel=channel.strip(), text=text.strip(),
                                     sent_by=actor)
        reply.persons.set(persons)
        before = snapshot(enquiry)
        enquiry.status = EnquiryStatus.CLOSED if close else EnquiryStatus.ANSWERED
        if close:
            enquiry.closed_on = sent
        enquiry.save(update_fields=["status", "closed_on"])
        record(actor=actor, action="enquiry.reply", obj=reply, changes={
            "enquiry": enquiry.pk, "after": {"sent_on": sent.isoformat(), "channel": reply.channel,
                                             "text": reply.text, "persons": ids},
            "status": {"before": before["status"], "after": enquiry.status}})
    return reply


def close_enquiry(*, actor, enquiry_id: int, closed_on=None) -> Enquiry:
    require(actor, "enquiries.write")
    errors: dict[str, list[str]] = {}
    day = _day(closed_on, "closed_on", errors) or timezone.localdate()
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        enquiry = _enquiry_for_write(actor, enquiry_id)
        if day < enquiry.received_on:
            raise ValidationFailed({"closed_on": "cannot be before the enquiry was received"})
        enquiry.status, enquiry.closed_on = EnquiryStatus.CLOSED, day
        enquiry.save(update_fields=["status", "closed_on"])
        record(actor=actor, action="enquiry.close", obj=enquiry, changes={"after": {"closed_on": day.isoformat()}})
    return enquiry
