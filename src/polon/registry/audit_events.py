"""The registry's audit payloads: what each audit event of a registry write records as its ``changes``.

(``registry/services/events.py`` is about a person's status events; this module is about audit events.)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from polon.audit.log import diff

if TYPE_CHECKING:
    from polon.registry.models import Citizenship, PersonDocument, PersonName
    from polon.registry.services.events import EventInput
    from polon.registry.services.persons import CitizenshipInput


def name_snapshot(name: PersonName) -> dict[str, Any]:
    return {"id": name.pk, "text": name.text, "script": name.script, "language": name.language,
            "scheme": name.scheme, "given": name.given, "patronymic": name.patronymic, "surname": name.surname,
            "primary": name.is_primary, "source": name.source_id}


def event_snapshot(event: EventInput) -> dict[str, Any]:
    return {"type": event.type, "date": event.date, "place": event.place, "facility": event.facility,
            "health": event.health, "confidence": event.confidence, "note": event.note,
            "sources": list(event.source_ids), "corrects": event.corrects_id, "corrected_type": event.corrected_type,
            **({"internment_place": event.internment_place_id} if event.internment_place_id is not None else {})}


def person_created(fields: dict[str, Any], *, names: Iterable[PersonName],
                   citizenships: Sequence[CitizenshipInput], events: Sequence[EventInput]) -> dict[str, Any]:
    """``person.create``: the identity fields, the stored spellings, citizenships and timeline."""
    return {"after": {**fields, "names": [name_snapshot(n) for n in names],
                      "citizenships": [[c.country, c.provenance, c.as_of] for c in citizenships],
                      "events": [event_snapshot(e) for e in events]}}


def person_updated(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """``person.update``: the before/after of the identity fields that changed (empty ``after``: none)."""
    return diff(before, after)


def person_read() -> dict[str, Any]:
    """``person.read``: who opened which record is the whole event."""
    return {}


def persons_imported(*, file_name: str, persons: int, created: list[int], skipped_lines: list[int],
                     duplicates_reported: int, on_duplicate: str, registry_checked: bool) -> dict[str, Any]:
    """``person.import``: one file, its outcome and the options it was imported with."""
    return {"after": {"file": file_name, "persons": persons, "created": created, "skipped_lines": skipped_lines,
                      "duplicates_reported": duplicates_reported, "on_duplicate": on_duplicate,
                      "registry_checked": registry_checked}}


def name_added(person_id: int, name: PersonName) -> dict[str, Any]:
    """``name.add``: the spelling as stored."""
    return {"person": person_id, "after": name_snapshot(name)}


def primary_name_changed(before: int | None, after: int) -> dict[str, Any]:
    """``name.primary``: which spelling was primary, and which is now."""
    return {"before": {"primary_name": before}, "after": {"primary_name": after}}


def citizenship_added(person_id: int, item: CitizenshipInput) -> dict[str, Any]:
    """``citizenship.add``: the citizenship as recorded."""
    return {"person": person_id, "after": {"country": item.country, "provenance": item.provenance,
                                           "as_of": item.as_of, "source": item.source_id}}


def citizenship_removed(person_id: int, row: Citizenship, *, reason: str) -> dict[str, Any]:
    """``citizenship.remove``: the citizenship as it was recorded, and why it was withdrawn."""
    return {"person": person_id, "reason": reason,
            "before": {"country": row.country, "provenance": row.provenance, "as_of": row.as_of,
                       "source": row.source_id}}


def document_snapshot(row: PersonDocument) -> dict[str, Any]:
    return {"kind": row.kind, "title": row.title, "file": row.original_name, "content_type": row.content_type,
            "size": row.size, "sha256": row.sha256, "source": row.source_id}


def document_added(person_id: int, row: PersonDocument) -> dict[str, Any]:
    """``document.add``: what was attached (its content by hash, never the content)."""
    return {"person": person_id, "after": document_snapshot(row)}


def document_removed(person_id: int, row: PersonDocument, *, reason: str) -> dict[str, Any]:
    """``document.remove``: what was removed, and why."""
    return {"person": person_id, "reason": reason, "before": document_snapshot(row)}


def document_read(person_id: int) -> dict[str, Any]:
    """``document.read``: which person's document was opened (the event's object is the document)."""
    return {"person": person_id}


def event_added(person_id: int, event: EventInput, *, conflict: bool, status_after: str) -> dict[str, Any]:
    """``event.add``: the status event, whether it conflicts with an earlier account, the status it leads to."""
    return {"person": person_id, "after": {**event_snapshot(event), "conflict": conflict,
                                           "status_after": status_after}}


def match_judged(person_id: int, *, query: str, same: bool) -> dict[str, Any]:
    """``match.judge``: the query and whether it is this person."""
    return {"after": {"person": person_id, "query": query, "same": same}}
