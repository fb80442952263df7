"""Review: a person accepts or rejects each item extracted from a source. Accepting writes to the registry
(and to consular contacts and exchange rounds) through their own services, in the same transaction as the
decision; rejecting is remembered so the item is never proposed again. Nothing reaches the registry any
other way."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import IntegrityError, transaction

from polon.access.policies import require
from polon.audit.log import record
from polon.core.errors import ValidationFailed
from polon.core.partial_dates import PartialDateError, normalise_partial_date
from polon.sources.models import Decision, ReviewDecision, Source
from polon.sources.selectors import STATUS_EVENTS, find_item, get_source, latest_extraction


def _decided(source: Source, key: str) -> None:
    done = source.review_decisions.filter(item=key).select_related("decided_by").first()
    if done is not None:
        raise ValidationFailed({"item": f"{key!r} was already {done.decision} by "
                                        f"{done.decided_by} on {done.decided_at:%Y-%m-%d}"})


def _save(actor, source: Source, item, decision: str, created: dict, note: str) -> ReviewDecision:
    try:
        with transaction.atomic():
            row = ReviewDecision.objects.create(source=source, item=item.key, kind=item.kind, decision=decision,
                                                created=created, note=note.strip(), decided_by=actor)
    except IntegrityError:
        raise ValidationFailed({"item": f"{item.key!r} was decided by someone else meanwhile"}) from None
    record(actor=actor, action=f"source.review.{'accept' if decision == Decision.ACCEPTED else 'reject'}",
           obj=row, changes={"source": source.pk, "after": {"item": item.key, "kind": item.kind,
                                                            "decision": decision, "created": created,
                                                            "note": row.note}})
    return row


def _locked_source(actor, source_id) -> Source:
    source = get_source(actor, source_id)
    return Source.objects.select_for_update().get(pk=source.pk)


def reject_item(*, actor, source_id: int, item: str, note: str = "") -> ReviewDecision:
    """Remember that an extracted item is wrong or irrelevant; it is not proposed again for this source."""
    require(actor, "sources.write")
    with transaction.atomic():
        source = _locked_source(actor, source_id)
        found = find_item(actor, source, item)
        _decided(source, found.key)
        return _save(actor, source, found, Decision.REJECTED, {}, note)


def accept_item(*, actor, source_id: int, item: str, person_id: int | None = None, category: str = "",
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
    with transaction.atomic():
        source = _locked_source(actor, source_id)
        found = find_item(actor, source, item)
        _decided(source, found.key)
        if found.kind == "person":
            created = _accept_person(actor, source, found, person_id=person_id, category=category)
        else:
            created = _accept_event(actor, source, found, person_ids=person_ids, date=date, round_id=round_id,
                                    round_number=round_number)
        return _save(actor, source, found, Decision.ACCEPTED, created, note)


def _accept_person(actor, source: Source, item, *, person_id, category) -> dict:
    from polon.registry.services import add_name, create_person
    from polon.registry.services.names import NameInput

    name = NameInput(text=item.data.get("name", ""), language=source.language, source_id=source.pk)
    if person_id:
        row = add_name(actor=actor, person_id=int(person_id), name=name)
        return {"person": row.person_id, "name": row.pk}
    if category:
        person = create_person(actor=actor, names=[name], category=category)
        return {"person": person.pk, "name": person.names.get().pk, "new": True}
    raise ValidationFailed({"person_id": "choose the person this mention is, or record a new person "
                                         "(give a category)"})


def _event_date(event: dict, override: str | None) -> str:
    value = override if override is not None else (event.get("date") or "")
    if override is None and value and event.get("date_approximate"):
        value = value[:7]  # "shortly before 22 April": the month is what the source supports
    try:
        return normalise_partial_date(value)
    except PartialDateError as exc:
        raise ValidationFailed({"date": str(exc)}) from None


def _note(source: Source, event: dict) -> str:
    """A reference to the source, never a quote of it: the records this note lands on (events, contacts)
    are read by roles that may not read sources, and a quoted sentence can name other captives."""
    when = ""
    if event.get("date") and event.get("date_approximate"):
        when = f" (date approximate: {event.get('date_relation') or 'around'} {event['date']})"
    return f"From reviewed source {source.pk}{when}."


def _accept_event(actor, source: Source, item, *, person_ids, date, round_id, round_number) -> dict:
    event = item.data
    kind = event.get("type", "")
    created: dict = {}
    if kind in STATUS_EVENTS:
        ids = [int(p) for p in person_ids] if person_ids is not None else sorted(set(item.linked.values()))
        if ids:
            from polon.registry.services import add_event

            when = _event_date(event, date)
            created["events"] = [
                add_event(actor=actor, person_id=pid, type=STATUS_EVENTS[kind], date=when,
                          place=event.get("place") or "", note=_note(source, event), source_ids=[source.pk]).pk
                for pid in ids]
            created["persons"] = ids
        if kind == "prisoner_exchange" and (round_id or round_number):
            created["round"] = _link_round(actor, source, event, round_id=round_id, round_number=round_number)
        if not created:
            need = " or choose the exchange round it belongs to" if kind == "prisoner_exchange" else ""
            raise ValidationFailed({"person_ids": f"no person named in this {kind.replace('_', ' ')} is linked "
                                                  f"yet: accept the person mention first{need}"})
    elif kind == "consular_meeting":
        created["contact"] = _consular_contact(actor, source, event, date=date, person_ids=person_ids or ())
    return created


def _link_round(actor, source: Source, event: dict, *, round_id, round_number) -> int:
    from polon.exchanges import selectors as exchange_selectors
    from polon.exchanges import services as exchange_services

    if round_number:
        r = exchange_services.create_round(
            actor=actor, number=round_number, source_ids=[source.pk],
            parties=[p for p in event.get("parties") or [] if p] or [exchange_services.OWN_COUNTRY, "RU"],
            title=(source.title or "")[:200], notes=_note(source, event))
        return r.pk
    require(actor, "exchanges.write")
    r = exchange_selectors.get_round(actor, round_id)
    exchange_services.add_round_source(actor=actor, round_id=r.pk, source_id=source.pk)
    return r.pk


def _consular_contact(actor, source: Source, event: dict, *, date, person_ids) -> int:
    from polon.consular.services import ParticipantInput, create_contact
    from polon.exchanges.services import OWN_COUNTRY

    data = latest_extraction(source).data
    persons = {p.get("name"): p for p in data.get("persons") or []}
    organisations = {o.get("name"): o for o in data.get("organisations") or []}
    named = [persons.get(n) or {"name": n} for n in event.get("persons") or []]
    foreign = [c for p in named for c in p.get("countries") or [] if c != OWN_COUNTRY]
    foreign += [c for c in event.get("countries") or [] if c != OWN_COUNTRY]
    if not foreign:
        raise ValidationFailed({"country": "the source does not say which state the meeting was with"})
    country = foreign[0]
    participants = [ParticipantInput(side="theirs" if country in (p.get("countries") or []) else "ours",
                                     name=p.get("name", ""), role=", ".join(p.get("roles") or []),
                                     organisation=p.get("affiliation") or "") for p in named]
    ours = [n for n in event.get("organisations") or []
            if organisations.get(n, {}).get("country") == OWN_COUNTRY
            or organisations.get(n, {}).get("kind") == "coordination_headquarters"]
    for name in ours:
        participants.append(ParticipantInput(side="ours", organisation=name, role="representatives"))
    contact = create_contact(actor=actor, country=country, date=_event_date(event, date),
                             place=event.get("place") or "", kind="meeting", our_side="; ".join(ours),
                             participants=participants, summary=_note(source, event), person_ids=person_ids,
                             source_ids=[source.pk])
    return contact.pk
