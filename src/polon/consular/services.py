"""Writes on consular contacts, transmissions, objections and what happened after return."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from polon.access.policies import require
from polon.access.scope import person_scope, require_country, visible_or_not_found
from polon.accounts.models import User
from polon.audit.actions import Action
from polon.audit.log import record
from polon.consular import detriment, events
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
from polon.core.validate import Errors
from polon.registry.mentions import check_names, record_confirmation, refuse_links_outside
from polon.registry.models import Person
from polon.sources.selectors import cited_sources


@dataclass(frozen=True)
class ParticipantInput:
    side: str  # "ours" or "theirs"
    name: str = ""
    role: str = ""
    organisation: str = ""


def _person(actor: User, person_id: int | str) -> Person:
    persons = person_scope(actor, Person.objects.all()).prefetch_related("citizenships", "names")
    return visible_or_not_found(persons, person_id, _("person"))


def _lines(values: str | Sequence[str] | None) -> list[str]:
    if isinstance(values, str):
        values = values.splitlines()
    return [" ".join(str(v).split()) for v in values or [] if str(v).strip()]


def create_contact(*, actor: User, country: str, date: str = "", place: str = "", kind: str = "",
                   our_side: str = "", participants: Sequence[ParticipantInput] = (), topics: Sequence[str] = (),
                   commitments: Sequence[str] = (), summary: str = "", person_ids: Sequence[int] = (),
                   source_ids: Sequence[int] = (), confirm_names: bool = False) -> ConsularContact:
    """Record a consular contact with a state: who met whom, about what, and what was promised.

    The liaison officers for that state read it: the persons it links must be its citizens, and its text
    (place, our side, participants, topics, commitments, summary) naming anyone else is refused unless
    ``confirm_names`` (audited)."""
    require(actor, "consular.write")
    errors = Errors()
    country = errors.country("country", country, required=True)
    date = errors.partial_date("date", date)
    for index, p in enumerate(participants):
        errors.choice(f"participants[{index}]", p.side, Participant.Side)
        if not (p.name.strip() or p.role.strip()):
            errors.add(f"participants[{index}]", _("give a name or a role"))
    ids = errors.ids("person_ids", person_ids)
    errors.raise_if_any()
    with transaction.atomic():
        require_country(actor, country)
        persons = list(person_scope(actor, Person.objects.filter(pk__in=ids)).prefetch_related("names",
                                                                                               "citizenships"))
        missing = sorted(set(ids) - {p.pk for p in persons})
        if missing:
            raise NotFound(_("%(what)s %(id)s not found") % {"what": _("person"), "id": missing[0]})
        refuse_links_outside(persons, [country], field="person_ids")
        named = check_names(actor, {
            "place": place, "our_side": our_side, "topics": "\n".join(_lines(topics)),
            "commitments": "\n".join(_lines(commitments)), "summary": summary,
            "participants": "\n".join(f"{p.role}: {p.name} ({p.organisation})" for p in participants)},
            [country], confirm=confirm_names)
        sources = cited_sources(actor, source_ids)
        contact = ConsularContact.objects.create(
            country=country, date=date, place=place.strip(), kind=kind.strip(), our_side=our_side.strip(),
            topics=_lines(topics), commitments=_lines(commitments), summary=summary.strip(), created_by=actor)
        people = [Participant.objects.create(contact=contact, side=p.side, name=p.name.strip(), role=p.role.strip(),
                                             organisation=p.organisation.strip()) for p in participants]
        contact.persons.set(persons)
        contact.sources.set(sources)
        record(actor=actor, action=Action.CONSULAR_CONTACT_CREATE, obj=contact, changes=events.contact_created(
            contact, participants=people, person_ids=[p.pk for p in persons], source_ids=[s.pk for s in sources]))
        record_confirmation(actor=actor, obj=contact, names=named, countries=[country])
    return contact


def transmission_warnings(person: Person, recipient: str, country: str) -> list[str]:
    """Why sending this person's data to this recipient may harm him; empty when nothing is known.

    The rule (consular.detriment) holds for any recipient naming a state in its structured ``country``: the state
    itself, the Protecting Power acting for it, the Central Tracing Agency forwarding to it."""
    return detriment.warnings_for(person, country, to_state=recipient == Recipient.STATE_OF_CITIZENSHIP)


def record_transmission(*, actor: User, person_id: int, recipient: str, channel: str, date: str, content: str,
                        legal_basis: str, country: str = "", override_reason: str = "",
                        confirm_names: bool = False) -> Transmission:
    """Record that a person's data or an event was notified outside the bureau.

    Where polon knows the transmission may be detrimental to him (his state prosecutes what he did, or he
    objected), nothing is recorded unless the sender gives a reason for sending anyway; that reason and the
    warnings it overrode go into the audit log. What was sent (and the reason) naming persons who are not
    citizens of his states is refused unless ``confirm_names`` (audited): their liaison officers read it.
    """
    require(actor, "consular.write")
    errors = Errors()
    recipient = errors.choice("recipient", recipient, Recipient)
    country = errors.country("country", country, required=recipient in (Recipient.STATE_OF_CITIZENSHIP,
                                                                        Recipient.PROTECTING_POWER))
    date = errors.partial_date("date", date)
    if not date and "date" not in errors.by_field:
        errors.add("date", _("this field is required"))
    channel = errors.text("channel", channel, required=True)
    content = errors.text("content", content, required=True)
    legal_basis = errors.text("legal_basis", legal_basis, required=True)
    errors.raise_if_any()
    with transaction.atomic():
        person = _person(actor, person_id)
        named = check_names(actor, {"content": content, "override_reason": override_reason}, _his_states(person),
                            confirm=confirm_names)
        warnings = transmission_warnings(person, recipient, country)
        reason = (override_reason or "").strip()
        if warnings and not reason:
            raise ValidationFailed({"override_reason": [*warnings, _("sending anyway needs an explicit reason")]})
        item = Transmission.objects.create(
            person=person, recipient=recipient, country=country, channel=channel, date=date, content=content,
            legal_basis=legal_basis, warnings=warnings, override_reason=reason if warnings else "",
            created_by=actor)
        record(actor=actor, action=Action.TRANSMISSION_OVERRIDE if warnings else Action.TRANSMISSION_RECORD,
               obj=item, changes=events.transmission_recorded(item))
        record_confirmation(actor=actor, obj=item, names=named, countries=_his_states(person))
    return item


def _his_states(person: Person) -> list[str]:
    """The states whose liaison officers read a record of this person: his citizenships."""
    return sorted({c.country for c in person.citizenships.all()})


def record_objection(*, actor: User, person_id: int, scope: str = Objection.Scope.STATE, date: str = "",
                     statement: str = "", confirm_names: bool = False) -> Objection:
    """Record a person's objection to his data being sent. His statement naming persons who are not citizens
    of his states is refused unless ``confirm_names`` (audited): their liaison officers read it."""
    require(actor, "consular.write")
    errors = Errors()
    scope = errors.choice("scope", scope, Objection.Scope)
    date = errors.partial_date("date", date)
    errors.raise_if_any()
    with transaction.atomic():
        person = _person(actor, person_id)
        named = check_names(actor, {"statement": statement}, _his_states(person), confirm=confirm_names)
        item = Objection.objects.create(person=person, scope=scope, date=date, statement=statement.strip(),
                                        created_by=actor)
        record(actor=actor, action=Action.OBJECTION_RECORD, obj=item, changes=events.objection_recorded(item))
        record_confirmation(actor=actor, obj=item, names=named, countries=_his_states(person))
    return item


def withdraw_objection(*, actor: User, objection_id: int) -> Objection:
    require(actor, "consular.write")
    with transaction.atomic():
        objections = Objection.objects.select_for_update().filter(
            person__in=person_scope(actor, Person.objects.all()).values("pk"))
        item = visible_or_not_found(objections, objection_id, _("objection"))
        item.withdrawn = True
        item.save(update_fields=["withdrawn"])
        record(actor=actor, action=Action.OBJECTION_WITHDRAW, obj=item, changes=events.objection_withdrawn(item))
    return item


def record_after_return(*, actor: User, person_id: int, date: str = "", country: str = "", place: str = "",
                        note: str = "", source_ids: Sequence[int] = (), confirm_names: bool = False) -> AfterReturn:
    """Where a returned person went. Its place and note naming persons who are not citizens of his states are
    refused unless ``confirm_names`` (audited)."""
    require(actor, "consular.write")
    errors = Errors()
    date = errors.partial_date("date", date)
    country = errors.country("country", country)
    place, note = errors.text("place", place), errors.text("note", note)
    if not (country or place or note) and "country" not in errors.by_field:
        errors.add("country", _("say where he went (a state, a place or a note)"))
    errors.raise_if_any()
    with transaction.atomic():
        person = _person(actor, person_id)
        named = check_names(actor, {"place": place, "note": note}, _his_states(person), confirm=confirm_names)
        sources = cited_sources(actor, source_ids)
        item = AfterReturn.objects.create(person=person, date=date, country=country, place=place, note=note,
                                          created_by=actor)
        item.sources.set(sources)
        record(actor=actor, action=Action.AFTER_RETURN_RECORD, obj=item,
               changes=events.after_return_recorded(item, source_ids=[s.pk for s in sources]))
        record_confirmation(actor=actor, obj=item, names=named, countries=_his_states(person))
    return item


def record_proceeding(*, actor: User, person_id: int, country: str, article: str = "", stage: str = "unknown",
                      date: str = "", sentence: str = "", note: str = "",
                      source_ids: Sequence[int] = (), confirm_names: bool = False) -> Proceeding:
    """Criminal proceedings at home against a person who returned (article, stage, sentence, sources). Its
    article, sentence and note naming persons who are not citizens of his states are refused unless
    ``confirm_names`` (audited)."""
    require(actor, "consular.write")
    errors = Errors()
    country = errors.country("country", country, required=True)
    stage = errors.choice("stage", stage, ProceedingStage)
    date = errors.partial_date("date", date)
    errors.raise_if_any()
    with transaction.atomic():
        person = _person(actor, person_id)
        named = check_names(actor, {"article": article, "sentence": sentence, "note": note}, _his_states(person),
                            confirm=confirm_names)
        sources = cited_sources(actor, source_ids)
        item = Proceeding.objects.create(person=person, country=country, article=article.strip(), stage=stage,
                                         date=date, sentence=sentence.strip(), note=note.strip(), created_by=actor)
        item.sources.set(sources)
        record(actor=actor, action=Action.PROCEEDING_RECORD, obj=item,
               changes=events.proceeding_recorded(item, source_ids=[s.pk for s in sources]))
        record_confirmation(actor=actor, obj=item, names=named, countries=_his_states(person))
    return item
