"""Writes on consular contacts, transmissions, objections and what happened after return."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction

from polon.access.policies import require
from polon.access.scope import person_scope, require_country
from polon.audit.log import record
from polon.consular.legal_notes import describe
from polon.consular.models import (
    AfterReturn,
    ConsularContact,
    Objection,
    Participant,
    Proceeding,
    ProceedingStage,
    Recipient,
    Transmission,
)
from polon.core.errors import NotFound, ValidationFailed
from polon.exchanges.services import clean_country, clean_date
from polon.registry.models import Person
from polon.sources.selectors import cited_sources


@dataclass(frozen=True)
class ParticipantInput:
    side: str  # "ours" or "theirs"
    name: str = ""
    role: str = ""
    organisation: str = ""


def _person(actor, person_id) -> Person:
    try:
        return person_scope(actor, Person.objects.all()).prefetch_related("citizenships", "names").get(pk=person_id)
    except (Person.DoesNotExist, ValueError, TypeError):
        raise NotFound(f"person {person_id} not found") from None


def _lines(values) -> list[str]:
    if isinstance(values, str):
        values = values.splitlines()
    return [" ".join(str(v).split()) for v in values or [] if str(v).strip()]


def create_contact(*, actor, country: str, date: str = "", place: str = "", kind: str = "", our_side: str = "",
                   participants: Sequence[ParticipantInput] = (), topics: Sequence[str] = (),
                   commitments: Sequence[str] = (), summary: str = "", person_ids: Sequence[int] = (),
                   source_ids: Sequence[int] = ()) -> ConsularContact:
    """Record a consular contact with a state: who met whom, about what, and what was promised."""
    require(actor, "consular.write")
    errors: dict[str, list[str]] = {}
    country = clean_country(country, "country", errors)
    if not country and "country" not in errors:
        errors["country"] = ["the state the contact was with is required"]
    date = clean_date(date, "date", errors)
    for index, p in enumerate(participants):
        if p.side not in Participant.Side.values:
            errors.setdefault(f"participants[{index}]", []).append(f"side '{p.side}' is not ours or theirs")
        if not (p.name.strip() or p.role.strip()):
            errors.setdefault(f"participants[{index}]", []).append("give a name or a role")
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        require_country(actor, country)
        persons = list(person_scope(actor, Person.objects.filter(pk__in=list(person_ids))))
        missing = sorted(set(map(int, person_ids)) - {p.pk for p in persons})
        if missing:
            raise NotFound(f"person {missing[0]} not found")
        sources = cited_sources(actor, source_ids)
        contact = ConsularContact.objects.create(
            country=country, date=date, place=place.strip(), kind=kind.strip(), our_side=our_side.strip(),
            topics=_lines(topics), commitments=_lines(commitments), summary=summary.strip(), created_by=actor)
        for p in participants:
            Participant.objects.create(contact=contact, side=p.side, name=p.name.strip(), role=p.role.strip(),
                                       organisation=p.organisation.strip())
        contact.persons.set(persons)
        contact.sources.set(sources)
        record(actor=actor, action="consular.contact.create", obj=contact, changes={"after": {
            "country": country, "date": date, "place": contact.place, "kind": contact.kind,
            "our_side": contact.our_side, "topics": contact.topics, "commitments": contact.commitments,
            "participants": [[p.side, p.name, p.role, p.organisation] for p in participants],
            "persons": sorted(p.pk for p in persons), "sources": sorted(s.pk for s in sources)}})
    return contact


def transmission_warnings(person: Person, recipient: str, country: str) -> list[str]:
    """Why sending this person's data to this recipient may harm him; empty when nothing is known."""
    warnings: list[str] = []
    country = (country or "").upper()
    citizenships = {c.country for c in person.citizenships.all()}
    if recipient == Recipient.STATE_OF_CITIZENSHIP and country:
        notes = describe(country)
        if notes and country in citizenships:
            warnings.append(f"may be detrimental to him: {country} prosecutes its citizens who fought in a "
                            f"foreign armed force ({notes})")
        elif notes:
            warnings.append(f"may be detrimental to him: {country} criminalises fighting abroad ({notes})")
    for objection in person.objections.filter(withdrawn=False).order_by("id"):
        if objection.scope == Objection.Scope.ALL or recipient == Recipient.STATE_OF_CITIZENSHIP:
            said = f": “{objection.statement}”" if objection.statement else ""
            warnings.append(f"he objected{' on ' + objection.date if objection.date else ''} to his data being "
                            f"sent {objection.get_scope_display().lower()}{said}")
    return warnings


def record_transmission(*, actor, person_id: int, recipient: str, channel: str, date: str, content: str,
                        legal_basis: str, country: str = "", override_reason: str = "") -> Transmission:
    """Record that a person's data or an event was notified outside the bureau.

    Where polon knows the transmission may be detrimental to him (his state prosecutes what he did, or he
    objected), nothing is recorded unless the sender gives a reason for sending anyway; that reason and the
    warnings it overrode go into the audit log.
    """
    require(actor, "consular.write")
    errors: dict[str, list[str]] = {}
    if recipient not in Recipient.values:
        errors["recipient"] = [f"'{recipient}' is not one of {', '.join(Recipient.values)}"]
    country = clean_country(country, "country", errors)
    if recipient in (Recipient.STATE_OF_CITIZENSHIP, Recipient.PROTECTING_POWER) and not country and \
            "country" not in errors:
        errors["country"] = ["name the state the data went to"]
    date = clean_date(date, "date", errors)
    if not date and "date" not in errors:
        errors["date"] = ["required"]
    for name, value in (("channel", channel), ("content", content), ("legal_basis", legal_basis)):
        if not (value or "").strip():
            errors[name] = ["required"]
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        person = _person(actor, person_id)
        warnings = transmission_warnings(person, recipient, country)
        reason = (override_reason or "").strip()
        if warnings and not reason:
            raise ValidationFailed({"override_reason": [*warnings, "sending anyway needs an explicit reason"]})
        item = Transmission.objects.create(
            person=person, recipient=recipient, country=country, channel=channel.strip(), date=date,
            content=content.strip(), legal_basis=legal_basis.strip(), warnings=warnings,
            override_reason=reason if warnings else "", created_by=actor)
        record(actor=actor, action="transmission.override" if warnings else "transmission.record", obj=item,
               changes={"person": person.pk, "after": {
                   "recipient": recipient, "country": country, "channel": item.channel, "date": date,
                   "content": item.content, "legal_basis": item.legal_basis, "warnings": warnings,
                   "override_reason": item.override_reason}})
    return item


def record_objection(*, actor, person_id: int, scope: str = Objection.Scope.STATE, date: str = "",
                     statement: str = "") -> Objection:
    require(actor, "consular.write")
    errors: dict[str, list[str]] = {}
    if scope not in Objection.Scope.values:
        errors["scope"] = [f"'{scope}' is not one of {', '.join(Objection.Scope.values)}"]
    date = clean_date(date, "date", errors)
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        person = _person(actor, person_id)
        item = Objection.objects.create(person=person, scope=scope, date=date, statement=statement.strip(),
                                        created_by=actor)
        record(actor=actor, action="objection.record", obj=item, changes={"person": person.pk, "after": {
            "scope": scope, "date": date, "statement": item.statement}})
    return item


def withdraw_objection(*, actor, objection_id: int) -> Objection:
    require(actor, "consular.write")
    with transaction.atomic():
        try:
            item = Objection.objects.select_for_update().get(
                pk=objection_id, person__in=person_scope(actor, Person.objects.all()).values("pk"))
        except (Objection.DoesNotExist, ValueError, TypeError):
            raise NotFound(f"objection {objection_id} not found") from None
        item.withdrawn = True
        item.save(update_fields=["withdrawn"])
        record(actor=actor, action="objection.withdraw", obj=item, changes={"person": item.person_id})
    return item


def record_after_return(*, actor, person_id: int, date: str = "", country: str = "", place: str = "",
                        note: str = "", source_ids: Sequence[int] = ()) -> AfterReturn:
    require(actor, "consular.write")
    errors: dict[str, list[str]] = {}
    date = clean_date(date, "date", errors)
    country = clean_country(country, "country", errors)
    if not (country or place.strip() or note.strip()):
        errors.setdefault("country", []).append("say where he went (a state, a place or a note)")
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        person = _person(actor, person_id)
        sources = cited_sources(actor, source_ids)
        item = AfterReturn.objects.create(person=person, date=date, country=country, place=place.strip(),
                                          note=note.strip(), created_by=actor)
        item.sources.set(sources)
        record(actor=actor, action="after_return.record", obj=item, changes={"person": person.pk, "after": {
            "date": date, "country": country, "place": item.place, "note": item.note,
            "sources": [s.pk for s in sources]}})
    return item


def record_proceeding(*, actor, person_id: int, country: str, article: str = "", stage: str = "unknown",
                      date: str = "", sentence: str = "", note: str = "",
                      source_ids: Sequence[int] = ()) -> Proceeding:
    """Criminal proceedings at home against a person who returned (article, stage, sentence, sources)."""
    require(actor, "consular.write")
    errors: dict[str, list[str]] = {}
    country = clean_country(country, "country", errors)
    if not country and "country" not in errors:
        errors["country"] = ["the state conducting the proceedings is required"]
    if stage not in ProceedingStage.values:
        errors["stage"] = [f"'{stage}' is not one of {', '.join(ProceedingStage.values)}"]
    date = clean_date(date, "date", errors)
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        person = _person(actor, person_id)
        sources = cited_sources(actor, source_ids)
        item = Proceeding.objects.create(person=person, country=country, article=article.strip(), stage=stage,
                                         date=date, sentence=sentence.strip(), note=note.strip(), created_by=actor)
        item.sources.set(sources)
        record(actor=actor, action="proceeding.record", obj=item, changes={"person": person.pk, "after": {
            "country": country, "article": item.article, "stage": stage, "date": date,
            "sentence": item.sentence, "note": item.note, "sources": [s.pk for s in sources]}})
    return item
