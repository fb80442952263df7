"""Review: a person decides each item extracted from a source, with an outcome that fits who it is.

A person named in a source is the same as a registry person (the spelling is added, once), a new captive
(recorded in the registry with the category the reviewer chose), an actor who is not a captive (an official,
a diplomat, a journalist, an author, a politician: recorded in polon.actors, never in the registry), or not a
captive / not relevant (dismissed with its reason). An event is accepted (a status event for each person it
concerns, a consular contact, an exchange round) or dismissed; a group mention ("two Kazakh citizens") is tied
to the registry persons it stands for. Every outcome writes through the services of the app it lands in, in
the same transaction as the decision, and is remembered, so the item is never proposed again. An item may be
left undecided; the source's count of undecided items (the review queue) follows every decision.

This workflow sits above the registry, actors, exchanges and consular apps (it writes through their services),
so it imports them; none of them imports it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from polon.access.policies import require
from polon.access.scope import person_scope, visible_or_not_found
from polon.actors import services as actor_services
from polon.actors.models import ActorContact, ActorMention
from polon.audit.actions import Action
from polon.audit.log import record
from polon.consular.services import ParticipantInput, create_contact
from polon.core.countries import OWN_COUNTRY
from polon.core.errors import ValidationFailed
from polon.core.validate import Errors
from polon.exchanges import selectors as exchange_selectors
from polon.exchanges import services as exchange_services
from polon.registry.models import Person
from polon.registry.services import add_event, add_name, create_person
from polon.registry.services.names import NameInput, clean_name, identical_name
from polon.sources import events
from polon.sources.models import Decision, Outcome, ReviewDecision, Source
from polon.sources.selectors import (
    STATUS_EVENTS,
    ReviewItem,
    count_undecided,
    find_item,
    latest_extraction,
    visible_sources,
)

if TYPE_CHECKING:
    from polon.accounts.models import User


def _decided(source: Source, key: str) -> None:
    done = source.review_decisions.filter(item=key).select_related("decided_by").first()
    if done is not None:
        raise ValidationFailed({"item": _("%(item)s was already %(decision)s by %(user)s on %(date)s") % {
            "item": repr(key), "decision": str(done.get_decision_display()).lower(), "user": done.decided_by,
            "date": f"{done.decided_at:%Y-%m-%d}"}})


def _save(actor: User, source: Source, item: ReviewItem, decision: str, created: dict[str, Any],
          note: str, outcome: str) -> ReviewDecision:
    try:
        with transaction.atomic():
            row = ReviewDecision.objects.create(source=source, item=item.key, kind=item.kind, decision=decision,
                                                outcome=outcome, created=created, note=note.strip(),
                                                decided_by=actor)
    except IntegrityError:
        raise ValidationFailed({"item": _("%(item)s was decided by someone else meanwhile")
                                        % {"item": repr(item.key)}}) from None
    Source.objects.filter(pk=source.pk).update(undecided=count_undecided(source))
    action = Action.SOURCE_REVIEW_ACCEPT if decision == Decision.ACCEPTED else Action.SOURCE_REVIEW_REJECT
    record(actor=actor, action=action, obj=row, changes=events.item_decided(row))
    return row


def _locked_source(actor: User, source_id: int) -> Source:
    return visible_or_not_found(visible_sources(actor).select_for_update(), source_id, _("source"))


DISMISSALS = (Outcome.NOT_CAPTIVE, Outcome.NOT_RELEVANT)


@transaction.atomic
def reject_item(*, actor: User, source_id: int, item: str, note: str = "",
                reason: str = Outcome.NOT_RELEVANT) -> ReviewDecision:
    """Dismiss an extracted item with its reason: ``reason`` "not_captive" (a person the source names who is
    neither a captive nor worth a place among the actors) or "not_relevant" (a wrong or irrelevant reading);
    it is not proposed again for this source. Nothing is written anywhere else."""
    require(actor, "sources.write")
    errors = Errors()
    reason = errors.choice("reason", reason, DISMISSALS)
    errors.raise_if_any()
    source = _locked_source(actor, source_id)
    found = find_item(actor, source, item)
    _decided(source, found.key)
    return _save(actor, source, found, Decision.REJECTED, {}, note, reason)


@transaction.atomic
def accept_item(*, actor: User, source_id: int, item: str, person_id: int | None = None, category: str = "",
                person_ids: Sequence[int] | None = None, date: str | None = None, round_id: int | None = None,
                round_number: int | None = None, record_events: bool = True, note: str = "") -> ReviewDecision:
    """Accept one extracted item and write what it says through the services.

    A person mention: `person_id` says it is that registry person (the spelling is added with this source,
    unless the person already has the identical spelling), or `category` records a new captive with it.
    A capture, release or exchange: a status event with this source for each person linked in this source
    (or `person_ids`: the registry persons a group mention such as "two Kazakh citizens" stands for), where
    the state machine allows it; with `record_events` False the persons are only tied to the mention. An
    exchange may instead or also be linked to round `round_id` or recorded as new round `round_number`. A
    consular meeting becomes a consular contact with its participants, linked to the actors recorded from
    this source. Other events are acknowledged only.
    """
    require(actor, "sources.write")
    source = _locked_source(actor, source_id)
    found = find_item(actor, source, item)
    _decided(source, found.key)
    if found.kind == "person":
        created = _accept_person(actor, source, found, person_id=person_id, category=category)
        outcome = Outcome.NEW_CAPTIVE if created.get("new") else Outcome.SAME_PERSON
    else:
        created = _accept_event(actor, source, found, person_ids=person_ids, date=date, round_id=round_id,
                                round_number=round_number, record_events=record_events)
        outcome = Outcome.GROUP if person_ids else Outcome.EVENT
    return _save(actor, source, found, Decision.ACCEPTED, created, note, outcome)


def _accept_person(actor: User, source: Source, item: ReviewItem, *, person_id: int | None,
                   category: str) -> dict[str, Any]:
    name = NameInput(text=item.data.get("name", ""), language=source.language, source_id=source.pk)
    if person_id:
        require(actor, "registry.write")
        person = visible_or_not_found(person_scope(actor, Person.objects.all()), person_id, _("person"))
        same = identical_name(person, clean_name(name))
        if same is not None:
            # The person already has this very spelling (perhaps with another language code, or a scheme named
            # after the language): the mention is linked to it, and no second identical spelling is added.
            return {"person": person.pk, "name": same.pk, "existing_name": True}
        row = add_name(actor=actor, person_id=person.pk, name=name)
        return {"person": row.person_id, "name": row.pk}
    if category:
        person = create_person(actor=actor, names=[name], category=category)
        return {"person": person.pk, "name": person.names.get().pk, "new": True}
    raise ValidationFailed({"person_id": _("choose the person this mention is, or record a new captive "
                                           "(give a category)")})


@transaction.atomic
def record_as_actor(*, actor: User, source_id: int, item: str, actor_id: int | None = None, kind: str = "",
                    name: str = "", country: str | None = None, organisation: str | None = None,
                    position: str | None = None, note: str = "") -> ReviewDecision:
    """Decide that a person the source names is an actor, not a captive: the same as actor `actor_id` (the
    spelling and this source are added to him), or a new actor of `kind` (official, diplomat, consul,
    journalist, author, politician, other) named `name` (by default as the source wrote it), with the
    country, organisation and position the source gives unless given here. Nothing is written to the
    registry of captives. The consular contacts already recorded from this source that name him are linked."""
    require(actor, "sources.write")
    require(actor, "actors.write")
    source = _locked_source(actor, source_id)
    found = find_item(actor, source, item)
    if found.kind != "person":
        raise ValidationFailed({"item": _("only a person named in the source can be an actor")})
    _decided(source, found.key)
    data = found.data
    spelling = data.get("name", "")
    role = ", ".join(data.get("roles") or [])
    created: dict[str, Any] = {}
    if actor_id is None:
        if not kind:
            raise ValidationFailed({"kind": _("choose what kind of actor this is, or the actor it is")})
        countries = data.get("countries") or []
        new = actor_services.create_actor(
            actor=actor, name=name or spelling, kind=kind,
            country=country if country is not None else (countries[0] if countries else ""),
            organisation=organisation if organisation is not None else (data.get("affiliation") or ""),
            position=position if position is not None else role,
            spellings=[spelling], language=source.language, source_id=source.pk)
        actor_id, created["new"] = new.pk, True
    mention = actor_services.record_mention(actor=actor, actor_id=actor_id, source_id=source.pk, role=role,
                                            item=found.key, spelling=spelling, language=source.language)
    created.update({"actor": actor_id, "mention": mention.pk})
    contacts = _link_actor_to_contacts(actor, source, actor_id, spelling)
    if contacts:
        created["contacts"] = contacts
    return _save(actor, source, found, Decision.ACCEPTED, created, note, Outcome.ACTOR)


def _link_actor_to_contacts(actor: User, source: Source, actor_id: int, spelling: str) -> list[int]:
    """Link the actor to the consular contacts recorded from this source in which a participant bears the
    spelling the source gave him."""
    ids = [d.created["contact"] for d in source.review_decisions.all() if d.created.get("contact")]
    linked = []
    for contact_id in ids:
        participant = _participant_named(contact_id, spelling)
        if participant is not None:
            actor_services.link_contact(actor=actor, actor_id=actor_id, contact_id=contact_id,
                                        participant_id=participant)
            linked.append(contact_id)
    return linked


def _participant_named(contact_id: int, spelling: str) -> int | None:
    from polon.consular.models import Participant

    row = Participant.objects.filter(contact_id=contact_id, name=spelling).order_by("id").first()
    return row.pk if row is not None else None


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


def _persons(actor: User, person_ids: Sequence[int]) -> list[int]:
    errors = Errors()
    ids = errors.ids("person_ids", person_ids)
    errors.raise_if_any()
    seen = set(person_scope(actor, Person.objects.filter(pk__in=ids)).values_list("pk", flat=True))
    missing = [i for i in ids if i not in seen]
    if missing:
        raise ValidationFailed({"person_ids": _("%(what)s %(id)s not found") % {"what": _("person"),
                                                                                "id": missing[0]}})
    return ids


def _accept_event(actor: User, source: Source, item: ReviewItem, *, person_ids: Sequence[int] | None,
                  date: str | None, round_id: int | None, round_number: int | None,
                  record_events: bool = True) -> dict[str, Any]:
    event = item.data
    kind = event.get("type", "")
    created: dict[str, Any] = {}
    if person_ids and not record_events:
        # The group mention stands for these persons; nothing is written on their timelines.
        return {"persons": _persons(actor, person_ids), "linked_only": True}
    if kind in STATUS_EVENTS:
        if person_ids is not None:
            ids = _persons(actor, person_ids)
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
        actors = _link_contact_to_actors(actor, source, created["contact"])
        if actors:
            created["actors"] = actors
    elif person_ids:
        created["persons"] = _persons(actor, person_ids)
    return created


def _link_contact_to_actors(actor: User, source: Source, contact_id: int) -> list[int]:
    """Link a consular contact just recorded from this source to the actors already recorded from it whom its
    participants name."""
    linked = []
    for mention in ActorMention.objects.filter(source=source, item__startswith="person:"):
        participant = _participant_named(contact_id, mention.item.removeprefix("person:"))
        if participant is not None and not ActorContact.objects.filter(actor=mention.actor,
                                                                       contact_id=contact_id).exists():
            actor_services.link_contact(actor=actor, actor_id=mention.actor_id, contact_id=contact_id,
                                        participant_id=participant)
            linked.append(mention.actor_id)
    return linked


def _link_round(actor: User, source: Source, event: dict[str, Any], *, round_id: int | None,
                round_number: int | None) -> int:
    if round_number:
        r = exchange_services.create_round(
            actor=actor, number=round_number, source_ids=[source.pk],
            parties=[p for p in event.get("parties") or [] if p] or [OWN_COUNTRY, "RU"],
            title=(source.title or "")[:200], notes=_note(source, event))
        return r.pk
    require(actor, "exchanges.write")
    assert round_id is not None  # called with a round id or a round number
    r = exchange_selectors.get_round(actor, round_id)
    exchange_services.add_round_source(actor=actor, round_id=r.pk, source_id=source.pk)
    return r.pk


def _consular_contact(actor: User, source: Source, event: dict[str, Any], *, date: str | None,
                      person_ids: Sequence[int]) -> int:
    own = OWN_COUNTRY
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
