"""A person's status events (capture, transfer, release, …): checking them one by one and as a timeline,
storing them and the status they lead to."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, cast

from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from polon.audit.actions import Action
from polon.audit.log import record
from polon.core.errors import ValidationFailed
from polon.core.validate import Errors
from polon.places.models import Place
from polon.registry import audit_events
from polon.registry.choices import Confidence, EventType, Health
from polon.registry.lifecycle import Derivation, TimelineEntry, derive
from polon.registry.models import Person, StatusEvent
from polon.registry.services.guards import bump_version, check_version, person_for_write
from polon.registry.services.repatriation import repatriation_refusal

if TYPE_CHECKING:
    from polon.accounts.models import User


def _existing_sources(ids: Iterable[int]) -> set[int]:
    """Which of ``ids`` are recorded sources. The model is reached through the relation so that the registry
    imports nothing of the sources app, whose review writes to the registry and so sits above it."""
    source_model = cast("type[Model]", StatusEvent._meta.get_field("sources").related_model)
    return set(source_model._default_manager.filter(pk__in=ids).values_list("pk", flat=True))


@dataclass(frozen=True)
class EventInput:
    type: str
    date: str = ""
    place: str = ""
    facility: str = ""
    health: str = ""
    confidence: str = Confidence.PRELIMINARY
    note: str = ""
    source_ids: Sequence[int] = field(default_factory=tuple)
    corrects_id: int | None = None
    corrected_type: str = ""
    # The place of internment (places.Place) the event happened at, if known (GC III Arts. 22, 23).
    internment_place_id: int | None = None


def clean_event(event: EventInput, prefix: str = "") -> EventInput:
    """Check one event on its own; raise ValidationFailed naming each bad field."""
    errors = Errors()
    if event.type not in EventType.values:
        errors.add(prefix + "type", _("'%(value)s' is not an event type; one of %(choices)s")
                   % {"value": event.type, "choices": ", ".join(EventType.values)})
    date = errors.partial_date(prefix + "date", event.date)
    errors.choice(prefix + "health", event.health, Health)
    errors.choice(prefix + "confidence", event.confidence, Confidence)
    if event.type == EventType.CORRECTED:
        if not event.corrects_id:
            errors.add(prefix + "corrects", _("a correction names the event it corrects"))
        if event.corrected_type and event.corrected_type not in set(EventType.values) - {EventType.CORRECTED}:
            errors.add(prefix + "corrected_type", _("'%(value)s' is not an event type") % {"value": event.corrected_type})
    elif event.corrects_id or event.corrected_type:
        errors.add(prefix + "corrects", _("only a correction may name an event it corrects"))
    source_ids = errors.ids(prefix + "sources", event.source_ids)
    facility = event.facility.strip()
    if event.internment_place_id is not None:
        place = Place.objects.filter(pk=event.internment_place_id).first()
        if place is None:
            errors.add(prefix + "internment_place", _("no place of internment with id %(id)s")
                       % {"id": event.internment_place_id})
        else:
            closed_before = place.closed is not None and len(date) == 10 and date > place.closed.isoformat()
            if closed_before:
                errors.add(prefix + "internment_place", _("%(place)s was closed on %(closed)s")
                           % {"place": place.name, "closed": place.closed})
            # Exports and capture cards read the facility's text: the place's name, unless one is given.
            facility = facility or place.name
    errors.raise_if_any()
    return replace(event, date=date, place=event.place.strip(), facility=facility,
                   note=event.note.strip(), source_ids=tuple(source_ids))


def timeline_entries(events: Iterable[StatusEvent]) -> list[TimelineEntry]:
    return [TimelineEntry(key=e.pk, type=e.type, date=e.date, order=e.pk, corrects=e.corrects_id,
                          corrected_type=e.corrected_type) for e in events]


def _event_label(value: str) -> str:
    """The user's word for an event type (never its stored code)."""
    try:
        return str(EventType(value).label)
    except ValueError:
        return value


def check_timeline(existing: Sequence[StatusEvent], new: Sequence[EventInput], prefix: str = "") -> Derivation:
    """Derive the timeline with the new events in place; refuse any impossible transition, naming it."""
    last = existing[-1].pk if existing else 0
    candidates = [TimelineEntry(key=("new", i), type=e.type, date=e.date, order=last + 1 + i,
                                corrects=e.corrects_id, corrected_type=e.corrected_type) for i, e in enumerate(new)]
    derivation = derive([*timeline_entries(existing), *candidates])
    if derivation.invalid:
        key, reason = next(iter(derivation.invalid.items()))
        index = key[1] if isinstance(key, tuple) else None
        event = new[index] if index is not None else None
        what = ""
        if event is not None and event.date:
            what = _("cannot record '%(type)s' on %(date)s: ") % {"type": _event_label(event.type), "date": event.date}
        elif event is not None:
            what = _("cannot record '%(type)s': ") % {"type": _event_label(event.type)}
        where = f"{prefix}events[{index}]." if index is not None and len(new) > 1 else prefix
        raise ValidationFailed({f"{where}type": what + reason})
    return derivation


def store_status(person: Person, events: Sequence[StatusEvent] | None = None) -> str:
    """Write Person.status: lifecycle.derive over the person's whole stored timeline (`events`, all of them in
    id order, or read here). Every write of events ends with it, in the same transaction."""
    if events is None:
        events = list(StatusEvent.objects.filter(person_id=person.pk).order_by("id"))
    person.status = derive(timeline_entries(events)).status
    Person.objects.filter(pk=person.pk).update(status=person.status)
    return person.status


def insert_events(person: Person, events: Sequence[EventInput], *, actor: User,
                  existing: Sequence[StatusEvent] | None = None) -> list[StatusEvent]:
    """Insert checked events and store the status they lead to. `existing`: the person's events before, in id
    order, if the caller has them (else they are read). Callers hold the transaction and write the audit event."""
    wanted = {s for e in events for s in e.source_ids}
    found = _existing_sources(wanted) if wanted else set()
    if wanted - found:
        raise ValidationFailed({"sources": _("no source with id %(ids)s")
                                % {"ids": ", ".join(map(str, sorted(wanted - found)))}})
    rows = []
    for event in events:
        row = StatusEvent.objects.create(
            person=person, type=event.type, date=event.date, place=event.place, facility=event.facility,
            health=event.health, confidence=event.confidence, note=event.note, corrects_id=event.corrects_id,
            corrected_type=event.corrected_type, internment_place_id=event.internment_place_id, recorded_by=actor)
        if event.source_ids:
            row.sources.set(event.source_ids)
        rows.append(row)
    store_status(person, None if existing is None else [*existing, *rows])
    return rows


def add_event(*, actor: User, person_id: int, type: str, date: str = "", place: str = "", facility: str = "",
              health: str = "", confidence: str = Confidence.PRELIMINARY, note: str = "",
              source_ids: Sequence[int] = (), corrects_id: int | None = None, corrected_type: str = "",
              expected_version: int | None = None, internment_place_id: int | None = None) -> StatusEvent:
    """Add one event to a person's timeline if the state machine allows it where it falls in time.

    A second account of a step already recorded is kept and flagged as a conflict; an impossible transition
    (an event after death, an exchange while not held) is refused and nothing is written.
    """
    event = clean_event(EventInput(type=type, date=date, place=place, facility=facility, health=health,
                                   confidence=confidence, note=note, source_ids=tuple(source_ids),
                                   corrects_id=corrects_id, corrected_type=corrected_type,
                                   internment_place_id=internment_place_id))
    with transaction.atomic():
        person = person_for_write(actor, person_id)
        check_version(person, expected_version)
        existing = list(person.events.order_by("id"))
        if event.corrects_id:
            corrected = next((e for e in existing if e.pk == int(event.corrects_id)), None)
            if corrected is None:
                raise ValidationFailed({"corrects": _("event %(id)s is not on this person's timeline")
                                        % {"id": event.corrects_id}})
            event = replace(event, date=event.date or corrected.date)
        refusal = repatriation_refusal(person.pk, event.type, event.date)
        if refusal:
            raise ValidationFailed({"type": refusal})
        derivation = check_timeline(existing, [event])
        (row,) = insert_events(person, [event], actor=actor, existing=existing)
        bump_version(person)
        record(actor=actor, action=Action.EVENT_ADD, obj=row, changes=audit_events.event_added(
            person.pk, event, conflict=("new", 0) in derivation.conflicts, status_after=derivation.status))
    return row
