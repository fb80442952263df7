"""The audit payloads of deaths, enquiries into deaths and handovers of remains: what each event's `changes`
holds."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from polon.audit.log import diff
from polon.deaths.models import Death, DeathEnquiry, HandoverBody, RemainsHandover

DEATH_FIELDS = ("date", "place", "internment_place_id", "cause", "circumstances", "suspicious", "certified_by",
                "burial_kind", "cremation_reason", "burial_date", "burial_place", "cemetery", "plot", "marker",
                "latitude", "longitude", "will_made", "will_held_by", "will_forwarded_on", "effects",
                "effects_forwarded_through", "account")


def _plain(value: Any) -> Any:
    """Coordinates as text (the log's JSON keeps every digit recorded)."""
    if value is not None and type(value).__name__ == "Decimal":
        return str(value)
    return value


def death_snapshot(death: Death) -> dict[str, Any]:
    return {f: _plain(getattr(death, f)) for f in DEATH_FIELDS}


def death_recorded(death: Death) -> dict[str, Any]:
    return {"person": death.person_id, "died_event": death.died_event_id, "after": death_snapshot(death)}


def death_changed(death: Death, before: Mapping[str, Any]) -> dict[str, Any]:
    return {"person": death.person_id, **diff(dict(before), death_snapshot(death))}


def transmission_linked(*, person_id: int, transmission_id: int, what: str) -> dict[str, Any]:
    return {"person": person_id, "after": {what: transmission_id}}


def enquiry_opened(enquiry: DeathEnquiry) -> dict[str, Any]:
    return {"person": enquiry.death.person_id, "after": {"death": enquiry.death_id, "ground": enquiry.ground,
                                                          "opened_on": enquiry.opened_on}}


def enquiry_closed(enquiry: DeathEnquiry) -> dict[str, Any]:
    return {"person": enquiry.death.person_id, "after": {
        "status": enquiry.status, "closed_on": enquiry.closed_on, "findings": enquiry.findings,
        "statements": enquiry.statements, "prosecution": enquiry.prosecution, "report": enquiry.report_id}}


def handover_created(handover: RemainsHandover) -> dict[str, Any]:
    return {"after": {"reference": handover.reference, "receiving_state": handover.receiving_state,
                      "mediator": handover.mediator, "place": handover.place, "planned_on": handover.planned_on}}


def body_added(body: HandoverBody) -> dict[str, Any]:
    return {"person": body.death.person_id, "after": {
        "handover": body.handover_id, "death": body.death_id, "identity": body.identity, "effects": body.effects,
        "dna_reference": body.dna_reference}}


def body_removed(body: HandoverBody, reason: str) -> dict[str, Any]:
    return {"person": body.death.person_id, "before": {"handover": body.handover_id, "death": body.death_id},
            "reason": reason}


def handover_completed(handover: RemainsHandover, events: Mapping[int, int]) -> dict[str, Any]:
    """`events`: each person handed over and the remains_repatriated event written on his timeline."""
    return {"after": {"status": handover.status, "handed_over_on": handover.handed_over_on,
                      "persons": {str(k): v for k, v in events.items()}}}
