from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from django.db import transaction

from polon.audit.log import record
from polon.core.errors import ValidationFailed
from polon.core.partial_dates import PartialDateError, normalise_partial_date
from polon.registry.choices import Confidence, EventType, Health
from polon.registry.lifecycle import Derivation, TimelineEntry, derive
from polon.registry.models import Person, StatusEvent
from polon.registry.services.guards import bump_version, check_version, person_for_write
from polon.sources.models import Source


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


def clean_event(event: EventInput, prefix: str = "") -> EventInput:
    """Check one event on its own; raise ValidationFailed naming each bad field."""
    errors: dict[str, list[str]] = {}
    date = event.date
    if event.type not in EventType.values:
        errors[prefix + "type"] = [f"'{event.type}' is not an event type; one of {', '.join(EventType.values)}"]
    try:
        date = normalise_partial_date(event.date)
    except PartialDateError as exc:
        errors[prefix + "date"] = [str(exc)]
    if event.health not in Health.values:
        errors[prefix + "health"] = [f"'{event.health}' is not one of {', '.join(v for v in Health.values if v)}"]
    if event.confidence not in Confidence.values:
        errors[prefix + "confidence"] = [f"'{event.confidence}' is not one of {', '.join(Confidence.values)}"]
    if event.type == EventType.CORRECTED:
        if not event.corrects_id:
            errors[prefix + "corrects"] = ["a correction names the event it corrects"]
        if event.corrected_type and event.corrected_type not in set(EventType.values) - {EventType.CORRECTED}:
            errors[prefix + "corrected_type"] = [f"'{event.corrected_type}' is not an event type"]
    elif event.corrects_id or event.corrected_type:
        errors[prefix + "corrects"] = ["only a correction may name an event it corrects"]
    if errors:
        raise ValidationFailed(errors)
    return replace(event, date=date, place=event.place.strip(), facility=event.facility.strip(),
                   note=event.note.strip(), source_ids=tuple(int(s) for s in event.source_ids))


def timeline_entries(events) -> list[TimelineEntry]:
    return [TimelineEntry(key=e.pk, type=e.type, date=e.date, order=e.pk, corrects=e.corrects_id,
                          corrected_type=e.corrected_type) for e in events]


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
        what = f"cannot record '{event.type}'{' on ' + event.date if event.date else ''}: " if event else ""
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


def insert_events(person: Person, events: Sequence[EventInput], *, actor,
                  existing: Sequence[StatusEvent] | None = None) -> list[StatusEvent]:
    """Insert checked events and store the status they lead to. `existing`: the person's events before, in id
    order, if the caller has them (else they are read). Callers hold the transaction and write the audit event."""
    wanted = {s for e in events for s in e.source_ids}
    found = set(Source.objects.filter(pk__in=wanted).values_list("pk", flat=True)) if wanted else set()
    if wanted - found:
        raise ValidationFailed({"sources": f"no source with id {', '.join(map(str, sorted(wanted - found)))}"})
    rows = []
    for event in events:
        row = StatusEvent.objects.create(
            person=person, type=event.type, date=event.date, place=event.place, facility=event.facility,
            health=event.health, confidence=event.confidence, note=event.note, corrects_id=event.corrects_id,
            corrected_type=event.corrected_type, recorded_by=actor)
        if event.source_ids:
            row.sources.set(event.source_ids)
        rows.append(row)
    store_status(person, None if existing is None else [*existing, *rows])
    return rows


def event_snapshot(event: EventInput) -> dict:
    return {"type": event.type, "date": event.date, "place": event.place, "facility": event.facility,
            "health": event.health, "confidence": event.confidence, "note": event.note,
            "sources": list(event.source_ids), "corrects": event.corrects_id, "corrected_type": event.corrected_type}


def add_event(*, actor, person_id: int, type: str, date: str = "", place: str = "", facility: str = "",
              health: str = "", confidence: str = Confidence.PRELIMINARY, note: str = "",
              source_ids: Sequence[int] = (), corrects_id: int | None = None, corrected_type: str = "",
              expected_version: int | None = None) -> StatusEvent:
    """Add one event to a person's timeline if the state machine allows it where it falls in time.

    A second account of a step already recorded is kept and flagged as a conflict; an impossible transition
    (an event after death, an exchange while not held) is refused and nothing is written.
    """
    event = clean_event(EventInput(type=type, date=date, place=place, facility=facility, health=health,
                                   confidence=confidence, note=note, source_ids=tuple(source_ids),
                                   corrects_id=corrects_id, corrected_type=corrected_type))
    with transaction.atomic():
        person = person_for_write(actor, person_id)
        check_version(person, expected_version)
        existing = list(person.events.order_by("id"))
        if event.corrects_id:
            corrected = next((e for e in existing if e.pk == int(event.corrects_id)), None)
            if corrected is None:
                raise ValidationFailed({"corrects": f"event {event.corrects_id} is not on this person's timeline"})
            event = replace(event, date=event.date or corrected.date)
        derivation = check_timeline(existing, [event])
        (row,) = insert_events(person, [event], actor=actor, existing=existing)
        bump_version(person)
        record(actor=actor, action="event.add", obj=row, changes={"person": person.pk, "after": {
            **event_snapshot(event), "conflict": ("new", 0) in derivation.conflicts,
            "status_after": derivation.status}})
    return row
