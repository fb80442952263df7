"""Review: a person accepts or rejects each item extracted from a source. Accepting writes to the registry
(and to consular contacts and exchange rounds) through their own services, in the same transaction as the
decision; rejecting is remembered so the item is never proposed again. Nothing reaches the registry any
other way.

This workflow sits above the registry, exchanges and consular apps (it writes through their services), so
it imports them; none of them imports it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from polon.access.policies import require
from polon.access.scope import visible_or_not_found
from polon.audit.actions import Action
from polon.audit.log import record
from polon.consular.services import ParticipantInput, create_contact
from polon.core.errors import ValidationFailed
from polon.core.validate import Errors
from polon.exchanges import selectors as exchange_selectors
from polon.exchanges import services as exchange_services
from polon.registry.services import add_event, add_name, create_person
from polon.registry.services.names import NameInput
from polon.sources import events
from polon.sources.models import Decision, ReviewDecision, Source
from polon.sources.selectors import STATUS_EVENTS, ReviewItem, find_item, latest_extraction, visible_sources

if TYPE_CHECKING:
    from polon.accounts.models import User


def _decided(source: Source, key: str) -> None:
    done = source.review_decisions.filter(item=key).select_related("decided_by").first()
    if done is not None:
        raise ValidationFailed({"item": _("%(item)s was already %(decision)s by %(user)s on %(date)s") % {
            "item": repr(key), "decision": done.decision, "user": done.decided_by,
            "date": f"{done.decided_at:%Y-%m-%d}"}})


def _save(actor: User, source: Source, item: ReviewItem, decision: str, created: dict[str, Any],
          note: str) -> ReviewDecision:
    try:
        with transaction.atomic():
            row = ReviewDecision.objects.create(source=source, item=item.key, kind=item.kind, decision=decision,
                                                created=created, note=note.strip(), decided_by=actor)
    except IntegrityError:
        raise ValidationFailed({"item": _("%(item)s was decided by someone else meanwhile")
                                        % {"item": repr(item.key)}}) from None
    action = Action.SOURCE_REVIEW_ACCEPT if decision == Decision.ACCEPTED else Action.SOURCE_REVIEW_REJECT
    record(actor=actor, action=action, obj=row, changes=events.item_decided(row))
    return row


def _locked_source(actor: User, source_id: int) -> Source:
    return visible_or_not_found(visible_sources(actor).select_for_update(), source_id, _("source"))


@transaction.atomic
def reject_item(*, actor: User, source_id: int, item: str, note: str = "") -> ReviewDecision:
    """Remember that an extracted item is wrong or irrelevant; it is not proposed again for this source."""
    require(actor, "sources.write")
    source = _locked_source(actor, source_id)
    found = find_item(actor, source, item)
    _decided(source, found.key)
    return _save(actor, source, found, Decision.REJECTED, {}, note)


@transaction.atomic
def accept_item(*, actor: User, source_id: int, item: str, person_id: int | None = None, category: str = "",
                person_ids: Sequence[int] | None = None, date: str | None = None, round_id: int | None = None,
                round_number: int | None = None, note: str = "") -> ReviewDecision:
    """Accept one extracted item and write what it says through the services.

    A person mention: `person_id` links it to that person (adding the spelling with this source), or
    `category` records a new person with it. A capture, release or exchange: a status event with this source
    for each person linked in this source (or `person_ids`), where the state machine allows it; an exchange
    may instead or also be linked to round `round_id` or recorded as new round `round_number`. A consular
    meeting becomes a consular contact with its participants. Other events are acknowledged only.
    """
    require(actor, "sources.write")
    source = _locked_source(actor, source_id)
    found = find_item(actor, source, item)
    _decided(source, found.key)
    if found.kind == "person":
        created = _accept_person(actor, source, found, person_id=person_id, category=category)
    else:
        created = _accept_event(actor, source, found, person_ids=person_ids, date=date, round_id=round_id,
                                round_number=round_number)
    return _save(actor, source, found, Decision.ACCEPTED, created, note)


def _accept_person(actor: User, source: Source, item: ReviewItem, *, person_id: int | None,
                   category: str) -> dict[str, Any]:
    name = NameInput(text=item.data.get("name", ""), language=source.language, source_id=source.pk)
    if person_id:
        row = add_name(actor=actor, person_id=int(person_id), name=name)
        return {"person": row.person_id, "name": row.pk}
    if category:
        person = create_person(actor=actor, names=[name], category=category)
        return {"person": person.pk, "name": person.names.get().pk, "new": True}
    raise ValidationFailed({"person_id": _("choose the person this mention is, or record a new person "
                                           "(give a category)")})


def _event_date(event: dict[str, Any], override: str | None) -> str:
    value = override if override is not None else (event.get("date") or "")
    if override is None and value and event.get("date_approximate"):
        value = value[:7]  # "shortly before 22 April": the month is what the source supports
    errors = Errors()
    date = errors.partial_date("date", value)
    errors.raise_if_any()
    return date


def _note(source: Source, event: dict[str, Any]) -> str:
    """A reference to the source, never a quote of it: the records this note lands on (events, contacts)
    are read by roles that may not read sources, and a quoted sentence can name other captives."""
    when = ""
    if event.get("date") and event.get("date_approximate"):
        when = _(" (date approximate: %(relation)s %(date)s)") % {
            "relation": event.get("date_relation") or "around", "date": event["date"]}
    return _("From reviewed source %(id)s%(when)s.") % {"id": source.pk, "when": when}


def _accept_event(actor: User, source: Source, item: ReviewItem, *, person_ids: Sequence[int] | None,
                  date: str | None, round_id: int | None, round_number: int | None) -> dict[str, Any]:
    event = item.data
    kind = event.get("type", "")
    created: dict[str, Any] = {}
    if kind in STATUS_EVENTS:
        if person_ids is not None:
            errors = Errors()
            ids = errors.ids("person_ids", person_ids)
            errors.raise_if_any()
        else:
            ids = sorted(set(item.linked.values()))
        if ids:
            when = _event_date(event, date)
            created["events"] = [
                add_event(actor=actor, person_id=pid, type=STATUS_EVENTS[kind], date=when,
                          place=event.get("place") or "", note=_note(source, event), source_ids=[source.pk]).pk
                for pid in ids]
            created["persons"] = ids
        if kind == "prisoner_exchange" and (round_id or round_number):
            created["round"] = _link_round(actor, source, event, round_id=round_id, round_number=round_number)
        if not created:
            what = {"what": kind.replace("_", " ")}
            if kind == "prisoner_exchange":
                reason = _("no person named in this %(what)s is linked yet: accept the person mention first "
                           "or choose the exchange round it belongs to") % what
            else:
                reason = _("no person named in this %(what)s is linked yet: accept the person mention first") % what
            raise ValidationFailed({"person_ids": reason})
    elif kind == "consular_meeting":
        created["contact"] = _consular_contact(actor, source, event, date=date, person_ids=person_ids or ())
    return created


def _link_round(actor: User, source: Source, event: dict[str, Any], *, round_id: int | None,
                round_number: int | None) -> int:
    if round_number:
        r = exchange_services.create_round(
            actor=actor, number=round_number, source_ids=[source.pk],
            parties=[p for p in event.get("parties") or [] if p] or [exchange_services.OWN_COUNTRY, "RU"],
            title=(source.title or "")[:200], notes=_note(source, event))
        return r.pk
    require(actor, "exchanges.write")
    assert round_id is not None  # called with a round id or a round number
    r = exchange_selectors.get_round(actor, round_id)
    exchange_services.add_round_source(actor=actor, round_id=r.pk, source_id=source.pk)
    return r.pk


def _consular_contact(actor: User, source: Source, event: dict[str, Any], *, date: str | None,
                      person_ids: Sequence[int]) -> int:
    own = exchange_services.OWN_COUNTRY
    extraction = latest_extraction(source)
    assert extraction is not None  # the item under review was read from it
    data = extraction.data
    persons = {p.get("name"): p for p in data.get("persons") or []}
    organisations = {o.get("name"): o for o in data.get("organisations") or []}
    named = [persons.get(n) or {"name": n} for n in event.get("persons") or []]
    foreign = [c for p in named for c in p.get("countries") or [] if c != own]
    foreign += [c for c in event.get("countries") or [] if c != own]
    if not foreign:
        raise ValidationFailed({"country": _("the source does not say which state the meeting was with")})
    country = foreign[0]
    participants = [ParticipantInput(side="theirs" if country in (p.get("countries") or []) else "ours",
                                     name=p.get("name", ""), role=", ".join(p.get("roles") or []),
                                     organisation=p.get("affiliation") or "") for p in named]
    ours = [n for n in event.get("organisations") or []
            if organisations.get(n, {}).get("country") == own
            or organisations.get(n, {}).get("kind") == "coordination_headquarters"]
    for name in ours:
        participants.append(ParticipantInput(side="ours", organisation=name, role="representatives"))
    contact = create_contact(actor=actor, country=country, date=_event_date(event, date),
                             place=event.get("place") or "", kind="meeting", our_side="; ".join(ours),
                             participants=participants, summary=_note(source, event), person_ids=person_ids,
                             source_ids=[source.pk])
    return contact.pk
