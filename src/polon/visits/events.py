"""The audit payloads of visits (GC III Art. 126): what each event's `changes` holds."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from polon.audit.log import diff
from polon.visits.models import FollowUp, Visit, VisitPerson

VISIT_FIELDS = ("place_id", "visitor", "protecting_power", "status", "starts", "ends", "delegates",
                "refusal_reason", "report")


def visit_snapshot(visit: Visit) -> dict[str, Any]:
    return {f: getattr(visit, f) for f in VISIT_FIELDS}


def visit_created(visit: Visit) -> dict[str, Any]:
    return {"after": visit_snapshot(visit)}


def visit_changed(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, Any]:
    return diff(dict(before), dict(after))


def list_generated(*, visit: Visit, as_of: str, added: Sequence[int], kept: int) -> dict[str, Any]:
    """The persons put on the list (those already on it are kept with what was recorded for them)."""
    return {"after": {"visit": visit.pk, "place": visit.place_id, "as_of": as_of, "added": list(added),
                      "kept": kept}}


def person_recorded(line: VisitPerson, *, before: str | None) -> dict[str, Any]:
    return {"person": line.person_id, "visit": line.visit_id,
            "before": {"outcome": before} if before is not None else {},
            "after": {"outcome": line.outcome, "note": line.note}}


def follow_up_added(item: FollowUp) -> dict[str, Any]:
    return {"after": {"visit": item.visit_id, "person": item.person_id, "text": item.text, "due": item.due}}


def follow_up_closed(item: FollowUp) -> dict[str, Any]:
    return {"before": {"status": "open"}, "after": {"status": item.status, "outcome": item.outcome,
                                                     "done_on": item.done_on}}
