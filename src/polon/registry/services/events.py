from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction

from polon.audit.log import record
from polon.core.errors import ValidationFailed
from polon.core.partial_dates import PartialDateError, normalise_partial_date
from polon.registry.choices import Confidence, EventType, Health
from polon.registry.lifecycle import TimelineEntry, derive
from polon.registry.models import StatusEvent
from polon.registry.services.guards import bump_version, check_version, person_for_write
from polon.sources.models import Source

_NEW = object()  # stands for the event being added while the timeline is checked


def timeline_entries(events) -> list[TimelineEntry]:
    return [TimelineEntry(key=e.pk, type=e.type, date=e.date, order=e.pk, corrects=e.corrects_id,
                          corrected_type=e.corrected_type) for e in events]


def add_event(*, actor, person_id: int, type: str, date: str = "", place: str = "", facility: str = "",
              health: str = "", confidence: str = Confidence.PRELIMINARY, note: str = "",
              source_ids: Sequence[int] = (), corrects_id: int | None = None, corrected_type: str = "",
              expected_version: int | None = None) -> StatusEvent:
    """Add one event to a person's timeline if the state machine allows it where it falls in time.

    A second account of a step already recorded is kept and flagged as a conflict; an impossible transition
    (an event after death, an exchange while not held) is refused and nothing is written.
    """
    errors: dict[str, list[str]] = {}
    if type not in EventType.values:
        errors["type"] = [f"'{type}' is not an event type; one of {', '.join(EventType.values)}"]
    try:
        date = normalise_partial_date(date)
    except PartialDateError as exc:
        errors["date"] = [str(exc)]
    if health not in Health.values:
        errors["health"] = [f"'{health}' is not one of {', '.join(v for v in Health.values if v)}"]
    if confidence not in Confidence.values:
        errors["confidence"] = [f"'{confidence}' is not one of {', '.join(Confidence.values)}"]
    if type == EventType.CORRECTED:
        if not corrects_id:
            errors["corrects"] = ["a correction names the event it corrects"]
        if corrected_type and corrected_type not in set(EventType.values) - {EventType.CORRECTED}:
            errors["corrected_type"] = [f"'{corrected_type}' is not an event type"]
    elif corrects_id or corrected_type:
        errors["corrects"] = ["only a correction may name an event it corrects"]
    if errors:
        raise ValidationFailed(errors)

    with transaction.atomic():
        person = person_for_write(actor, person_id)
        check_version(person, expected_version)
        existing = list(person.events.order_by("id"))
        corrected = None
        if corrects_id:
            corrected = next((e for e in existing if e.pk == int(corrects_id)), None)
            if corrected is None:
                raise ValidationFailed({"corrects": f"event {corrects_id} is not on this person's timeline"})
            date = date or corrected.date
        sources = list(Source.objects.filter(pk__in=list(source_ids)))
        missing = sorted(set(map(int, source_ids)) - {s.pk for s in sources})
        if missing:
            raise ValidationFailed({"sources": f"no source with id {', '.join(map(str, missing))}"})

        candidate = TimelineEntry(key=_NEW, type=type, date=date, order=(existing[-1].pk + 1 if existing else 1),
                                  corrects=corrected.pk if corrected else None, corrected_type=corrected_type)
        derivation = derive([*timeline_entries(existing), candidate])
        if derivation.invalid:
            reason = derivation.invalid.get(_NEW) or next(iter(derivation.invalid.values()))
            where = f" on {date}" if date else ""
            raise ValidationFailed({"type": f"cannot record '{type}'{where}: {reason}"})

        event = StatusEvent.objects.create(
            person=person, type=type, date=date, place=place.strip(), facility=facility.strip(), health=health,
            confidence=confidence, note=note.strip(), corrects=corrected, corrected_type=corrected_type,
            recorded_by=actor,
        )
        event.sources.set(sources)
        bump_version(person)
        record(actor=actor, action="event.add", obj=event, changes={"person": person.pk, "after": {
            "type": type, "date": date, "place": event.place, "facility": event.facility, "health": health,
            "confidence": confidence, "note": event.note, "sources": [s.pk for s in sources],
            "corrects": corrected.pk if corrected else None, "corrected_type": corrected_type,
            "conflict": _NEW in derivation.conflicts, "status_after": derivation.status}})
    return event
