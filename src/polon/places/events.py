"""The audit payloads of places of internment: what each event's `changes` holds."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from polon.audit.log import diff
from polon.places.models import Place

PLACE_FIELDS = ("kind", "name", "region", "address", "parent_id", "capacity", "opened", "closed", "aliases", "notes")


def place_snapshot(place: Place) -> dict[str, Any]:
    return {f: getattr(place, f) for f in PLACE_FIELDS}


def place_created(place: Place) -> dict[str, Any]:
    return {"after": place_snapshot(place)}


def place_changed(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, Any]:
    return diff(dict(before), dict(after))


def facilities_matched(*, matched: Sequence[Mapping[str, Any]], unmatched: Sequence[Mapping[str, Any]],
                       events: Mapping[int, Sequence[int]]) -> dict[str, Any]:
    """Each matched text with its place and how; each unmatched one; the events linked, per place."""
    return {"after": {"matched": list(matched), "unmatched": list(unmatched),
                      "events": {str(place): list(ids) for place, ids in events.items()}}}


def event_place_set(*, event_id: int, person_id: int, before: int | None, after: int) -> dict[str, Any]:
    return {"person": person_id, "event": event_id, "before": {"internment_place": before},
            "after": {"internment_place": after}}


def list_printed(*, place_ids: Sequence[int], recipient: str, include_closed: bool) -> dict[str, Any]:
    return {"after": {"places": list(place_ids), "recipient": recipient, "include_closed": include_closed}}
