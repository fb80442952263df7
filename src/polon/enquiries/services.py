"""Writes on tracing enquiries: record, assign, reply, close. A reply never discloses a restricted person."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from polon.access.policies import may, require
from polon.access.scope import person_scope, visible_countries, visible_or_not_found
from polon.accounts.models import User
from polon.audit.actions import Action
from polon.audit.log import record
from polon.consular.detriment import warnings_for
from polon.core.errors import NotFound, ValidationFailed
from polon.core.validate import Errors
from polon.enquiries import events
from polon.enquiries.disclosure import is_neutral, reply_problems
from polon.enquiries.models import Enquiry, EnquiryStatus, Reply, RequesterKind
from polon.enquiries.selectors import enquiries, may_see
from polon.registry.mentions import Mention, check_names, mentioned, record_confirmation, refuse_links_outside
from polon.registry.models import Person
from polon.registry.search import SearchQueryError, clean_query


def _day(errors: Errors, field: str, value: dt.date | str | None) -> dt.date | None:
    """A whole day (YYYY-MM-DD), or None when not given."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        errors.add(field, _("'%(value)s' is not a date (YYYY-MM-DD)") % {"value": value})
        return None


def create_enquiry(*, actor: User, requester_kind: str, requester_name: str, sought_name: str,
                   requester_contact: str = "", sought_birth_date: str = "", sought_country: str = "",
                   details: str = "", received_on: dt.date | str | None = None,
                   assignee_id: int | None = None, requester_country: str = "",
                   confirm_names: bool = False) -> Enquiry:
    """Record an enquiry. ``requester_country``: the state it comes from or is made for (a consulate's state,
    by default the sought person's); replies to it follow the "may be detrimental" rule. Its details are read
    by the liaison officers for the sought person's state: names of persons outside that state in them are
    refused unless ``confirm_names`` (audited)."""
    require(actor, "enquiries.write")
    errors = Errors()
    requester_kind = errors.choice("requester_kind", requester_kind, RequesterKind)
    requester_name = errors.text("requester_name", requester_name)
    if not requester_name:
        errors.add("requester_name", _("say who is asking"))
    try:
        sought_name = clean_query(sought_name)
    except SearchQueryError as exc:
        errors.add("sought_name", str(exc))
    sought_birth_date = errors.partial_date("sought_birth_date", sought_birth_date)
    sought_country = errors.country("sought_country", sought_country)
    requester_country = errors.country("requester_country", requester_country)
    if not requester_country and requester_kind == RequesterKind.CONSULATE:
        requester_country = sought_country or ""
    allowed = visible_countries(actor)
    if allowed is not None and sought_country not in allowed and "sought_country" not in errors.by_field:
        errors.add("sought_country", _("you record enquiries about citizens of %(countries)s")
                   % {"countries": ", ".join(allowed) or _("no state")})
    received = _day(errors, "received_on", received_on) or timezone.localdate()
    if received > timezone.localdate():
        errors.add("received_on", _("cannot be in the future"))
    errors.raise_if_any()
    countries = [sought_country] if sought_country else []
    named = check_names(actor, {"details": details}, countries, confirm=confirm_names)
    with transaction.atomic():
        assignee = _assignee(assignee_id, sought_country) if assignee_id else None
        enquiry = Enquiry.objects.create(
            received_on=received, requester_kind=requester_kind, requester_name=requester_name,
            requester_contact=requester_contact.strip(), sought_name=sought_name,
            sought_birth_date=sought_birth_date, sought_country=sought_country, details=details.strip(),
            requester_country=requester_country or "", assignee=assignee, created_by=actor)
        record(actor=actor, action=Action.ENQUIRY_CREATE, obj=enquiry, changes=events.enquiry_created(enquiry))
        record_confirmation(actor=actor, obj=enquiry, names=named, countries=countries)
    return enquiry


def _assignee(user_id: int, sought_country: str) -> User:
    """An active user who may handle enquiries (enquiries.read and .write) and sees one about `sought_country`
    (the same country scope as enquiries.selectors.enquiries): nobody is handed an enquiry they could not
    open."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        raise ValidationFailed({"assignee": _("no active user %(id)s") % {"id": user_id}})
    if not (may(user, "enquiries.write") and may(user, "enquiries.read")):
        raise ValidationFailed({"assignee": _("%(user)s may not answer enquiries") % {"user": user}})
    if not may_see(user, sought_country):
        raise ValidationFailed({"assignee": _("%(user)s does not see enquiries about %(country)s") % {
            "user": user, "country": sought_country or _("a person of unknown citizenship")}})
    return user


def _enquiry_for_write(actor: User, enquiry_id: int | str) -> Enquiry:
    return visible_or_not_found(enquiries(actor).select_for_update(of=("self",)), enquiry_id, _("enquiry"))


def assign_enquiry(*, actor: User, enquiry_id: int, assignee_id: int | None) -> Enquiry:
    require(actor, "enquiries.write")
    with transaction.atomic():
        enquiry = _enquiry_for_write(actor, enquiry_id)
        before = enquiry.assignee_id
        enquiry.assignee = _assignee(assignee_id, enquiry.sought_country) if assignee_id else None
        enquiry.save(update_fields=["assignee"])
        record(actor=actor, action=Action.ENQUIRY_ASSIGN, obj=enquiry,
               changes=events.enquiry_assigned(enquiry, before=before))
    return enquiry


def disclosure_problems(actor: User, enquiry: Enquiry, text: str, persons: Sequence[Person]) -> dict[str, list[str]]:
    """Why this reply would disclose a restricted person, by field; empty when it does not (see
    enquiries.disclosure)."""
    return reply_problems(actor, enquiry, text, persons)


def reply_warnings(enquiry: Enquiry, persons: Sequence[Person], mentions: Sequence[Mention]) -> list[str]:
    """Why this reply may harm the persons it tells of, when it goes to a state (the enquiry's
    ``requester_country``): the "may be detrimental" rule of consular.detriment for each person it links or
    names; empty when it goes to no state or harms no one."""
    state = enquiry.requester_country
    if not state:
        return []
    told = {p.pk: p for p in persons}
    for m in mentions:
        told.setdefault(m.person.pk, m.person)
    warnings: list[str] = []
    for person in told.values():
        held = {c.country for c in person.citizenships.all()}
        for warning in warnings_for(person, state, to_state=state in held):
            warnings.append(_("%(person)s: %(warning)s") % {"person": person, "warning": warning})
    return warnings


def add_reply(*, actor: User, enquiry_id: int, text: str, channel: str = "", sent_on: dt.date | str | None = None,
              person_ids: Sequence[int] = (), close: bool = False, confirm_names: bool = False,
              override_reason: str = "") -> Reply:
    """Answer an enquiry. Never discloses a restricted person (enquiries.disclosure). The persons it links must
    be citizens of the sought person's state, and its text naming anyone else is refused unless
    ``confirm_names`` (audited): the liaison officers for that state read it. A reply to a state (the enquiry's
    ``requester_country``) that may harm a person it tells of is refused unless ``override_reason`` is given,
    recorded with the warnings it overrode."""
    require(actor, "enquiries.write")
    errors = Errors()
    if not (text or "").strip():
        errors.add("text", _("the reply is empty"))
    sent = _day(errors, "sent_on", sent_on) or timezone.localdate()
    ids = errors.ids("person_ids", person_ids)
    errors.raise_if_any()
    with transaction.atomic():
        enquiry = _enquiry_for_write(actor, enquiry_id)
        if enquiry.status == EnquiryStatus.CLOSED:
            raise ValidationFailed({"enquiry": _("enquiry %(id)s is closed") % {"id": enquiry.pk}})
        persons = list(person_scope(actor, Person.objects.filter(pk__in=ids)).prefetch_related("names",
                                                                                               "citizenships"))
        missing = sorted(set(ids) - {p.pk for p in persons})
        if missing:
            raise NotFound(_("%(what)s %(id)s not found") % {"what": _("person"), "id": missing[0]})
        problems = disclosure_problems(actor, enquiry, text, persons)
        if problems:
            raise ValidationFailed(problems)
        countries = [enquiry.sought_country] if enquiry.sought_country else []
        refuse_links_outside(persons, countries, field="person_ids")
        # The neutral reply names only the person sought, as the enquiry itself does, and tells of no one.
        mentions = [] if is_neutral(enquiry, text) else mentioned(actor, {"text": text})
        # The reason for sending despite a warning is read with the reply: checked as its text is.
        reasoned = mentioned(actor, {"override_reason": override_reason}) if (override_reason or "").strip() else []
        named = check_names(actor, {}, countries, confirm=confirm_names, mentions=[*mentions, *reasoned])
        warnings = reply_warnings(enquiry, persons, mentions)
        reason = (override_reason or "").strip()
        if warnings and not reason:
            raise ValidationFailed({"override_reason": [*warnings, _("sending anyway needs an explicit reason")]})
        reply = Reply.objects.create(enquiry=enquiry, sent_on=sent, channel=channel.strip(), text=text.strip(),
                                     warnings=warnings, override_reason=reason if warnings else "", sent_by=actor)
        reply.persons.set(persons)
        status_before = enquiry.status
        enquiry.status = EnquiryStatus.CLOSED if close else EnquiryStatus.ANSWERED
        if close:
            enquiry.closed_on = sent
        enquiry.save(update_fields=["status", "closed_on"])
        record(actor=actor, action=Action.ENQUIRY_REPLY_OVERRIDE if warnings else Action.ENQUIRY_REPLY, obj=reply,
               changes=events.reply_added(reply, person_ids=ids, status_before=status_before))
        record_confirmation(actor=actor, obj=reply, names=named, countries=countries)
    return reply


def close_enquiry(*, actor: User, enquiry_id: int, closed_on: dt.date | str | None = None) -> Enquiry:
    require(actor, "enquiries.write")
    errors = Errors()
    day = _day(errors, "closed_on", closed_on) or timezone.localdate()
    errors.raise_if_any()
    with transaction.atomic():
        enquiry = _enquiry_for_write(actor, enquiry_id)
        if day < enquiry.received_on:
            raise ValidationFailed({"closed_on": _("cannot be before the enquiry was received")})
        enquiry.status, enquiry.closed_on = EnquiryStatus.CLOSED, day
        enquiry.save(update_fields=["status", "closed_on"])
        record(actor=actor, action=Action.ENQUIRY_CLOSE, obj=enquiry, changes=events.enquiry_closed(enquiry))
    return enquiry
