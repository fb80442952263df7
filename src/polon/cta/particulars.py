"""The Art. 122 particulars of a prisoner of war, as the lists for the Central Tracing Agency and the Power on
which he depends carry them (GC III Art. 122 para 4, the capture card's items, Annex IV A and B): his names (as
written and in Latin letters), rank, army, regimental, personal or serial number, date and place of birth,
father's first name and mother's maiden name, the Power on which he depends, his internment number, the date
and place of his capture, the place where he is interned, his state of health, his status (transfers,
releases, repatriations, escapes, admissions to hospital, deaths: Art. 122 para 5), and the name and address
of the person to be informed.

Read from his record and his timeline with corrections applied (registry.lifecycle.effective). What changed
between two versions is a *correction* when a fixed fact changed (a name, a birth, the capture, his number),
otherwise a *change* (moved, health, status)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from polon.exports.capture_card import latin_name
from polon.registry.choices import EventType, Health, Status
from polon.registry.lifecycle import effective, sort_key
from polon.registry.services.events import timeline_entries

#: The particulars in the order a list prints them, with their labels.
FIELDS: tuple[tuple[str, Any], ...] = (
    ("surname", _("Surname")),
    ("first_names", _("First names")),
    ("latin_name", _("Name in Latin letters")),
    ("rank", _("Rank")),
    ("service_number", _("Army, regimental, personal or serial number")),
    ("birth_date", _("Date of birth")),
    ("birth_place", _("Place of birth")),
    ("father_first_name", _("Father's first name")),
    ("mother_maiden_name", _("Mother's maiden name")),
    ("power_depended", _("Power on which he depends")),
    ("internment_number", _("Prisoner (internment) number")),
    ("captured_on", _("Date of capture")),
    ("captured_at", _("Place of capture")),
    ("internment_place", _("Place of internment")),
    ("health", _("State of health")),
    ("status", _("Status")),
    ("status_date", _("Status since")),
    ("informed_person_name", _("Person to be informed")),
    ("informed_person_address", _("Address of the person to be informed")),
)
NAMES = tuple(name for name, _label in FIELDS)
LABELS = dict(FIELDS)
#: Facts that do not change in captivity: a difference from what was sent corrects what was sent.
FIXED = frozenset({"surname", "first_names", "latin_name", "birth_date", "birth_place", "father_first_name",
                   "mother_maiden_name", "service_number", "power_depended", "captured_on", "captured_at"})
PLACEMENTS = (EventType.INTERNED, EventType.TRANSFERRED, EventType.HOSPITALISED, EventType.DISCHARGED,
              EventType.RECAPTURED)


def _label(choices: Any, value: str) -> str:
    try:
        return str(choices(value).label) if value else ""
    except ValueError:
        return value


def particulars(person: Any) -> dict[str, str]:
    """His particulars (see :func:`read`)."""
    return read(person)[1]


def read(person: Any) -> tuple[bool, dict[str, str]]:
    """Whether his timeline (corrections applied) records a capture, and his particulars as stored (codes for the
    status and the state of health, so a list compares in any language): ``person`` with ``names`` and ``events`` (with ``internment_place``) prefetched."""
    names = list(person.names.all())
    primary = next((n for n in names if n.is_primary), names[0] if names else None)
    surname = (primary.surname or primary.text) if primary else ""
    first = " ".join(p for p in ((primary.given, primary.patronymic) if primary else ()) if p)
    latin = latin_name(person, names)
    latin_text = " ".join(x for x in (latin.surname, latin.first_names) if x)
    events = sorted(person.events.all(), key=lambda e: e.pk)
    counted, _superseded = effective(timeline_entries(events))
    by_key = {e.pk: e for e in events}
    # Each counted entry with the event that says it (a correction says the event it corrects: its type).
    timeline = sorted(((entry.type, by_key[entry.key]) for entry in counted if entry.key in by_key),
                      key=lambda pair: sort_key(pair[1].date, pair[1].pk))
    captured_on = captured_at = place = health = status_date = ""
    captured = False
    for kind, event in timeline:
        if kind == EventType.CAPTURED and not captured:
            captured, captured_on, captured_at = True, event.date or "", event.place or ""
        if kind in PLACEMENTS:
            named = event.internment_place.name if event.internment_place_id else event.facility
            place = named or place
        if event.health:
            health = event.health
        status_date = event.date or status_date
    return captured, {
        "surname": surname, "first_names": first, "latin_name": latin_text if latin_text != " ".join(
            x for x in (surname, first) if x) else "",
        "rank": person.rank, "service_number": person.service_number, "birth_date": person.birth_date,
        "birth_place": person.birth_place, "father_first_name": person.father_first_name,
        "mother_maiden_name": person.mother_maiden_name, "power_depended": person.power_depended,
        "internment_number": person.internment_number, "captured_on": captured_on, "captured_at": captured_at,
        "internment_place": place, "health": health, "status": person.status, "status_date": status_date,
        "informed_person_name": person.informed_person_name,
        "informed_person_address": person.informed_person_address,
    }


def was_captured(person: Any) -> bool:
    """Whether his timeline (corrections applied) records a capture."""
    counted, _superseded = effective(timeline_entries(sorted(person.events.all(), key=lambda e: e.pk)))
    return any(entry.type == EventType.CAPTURED for entry in counted)


def changed_fields(before: dict[str, str] | None, after: dict[str, str]) -> list[str]:
    """The particulars that differ, in the list's order (all of them when nothing was sent before)."""
    if before is None:
        return []
    return [name for name in NAMES if (before.get(name) or "") != (after.get(name) or "")]


def is_correction(changed: list[str]) -> bool:
    return any(name in FIXED for name in changed)


def shown(name: str, value: str) -> str:
    """A particular as the reader reads it: the status and the state of health in his language."""
    if name == "status":
        return _label(Status, value)
    if name == "health":
        return _label(Health, value)
    return value or ""
