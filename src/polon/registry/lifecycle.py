"""The status state machine, declared once: which events may follow which status, and where each leads.

Every event type leads to one status whatever came before, so the current status is a function of the last
effective event alone. `derive` is its one definition: the services that write events store its result in
Person.status in the same transaction (registry.services.events.store_status), and lists and filters read
that column.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from polon.registry.choices import EventType as E
from polon.registry.choices import Status as S

# The status each event leads to.
RESULT: dict[str, str] = {
    E.CAPTURED: S.HELD, E.EVACUATED: S.HELD, E.INTERNED: S.HELD, E.TRANSFERRED: S.HELD,
    E.HOSPITALISED: S.HOSPITALISED, E.DISCHARGED: S.HELD, E.ESCAPED: S.ESCAPED, E.RECAPTURED: S.HELD,
    E.RELEASED: S.RELEASED, E.EXCHANGED: S.EXCHANGED, E.REPATRIATED: S.REPATRIATED, E.DIED: S.DEAD,
    E.REMAINS_REPATRIATED: S.REMAINS_REPATRIATED,
}

# The events allowed in each status.
ALLOWED: dict[str, frozenset[str]] = {
    S.NOT_RECORDED: frozenset({E.CAPTURED, E.INTERNED, E.DIED}),
    S.HELD: frozenset({E.EVACUATED, E.INTERNED, E.TRANSFERRED, E.HOSPITALISED, E.ESCAPED, E.RELEASED,
                       E.EXCHANGED, E.DIED}),
    S.HOSPITALISED: frozenset({E.HOSPITALISED, E.DISCHARGED, E.ESCAPED, E.RELEASED, E.EXCHANGED, E.DIED}),
    S.ESCAPED: frozenset({E.RECAPTURED, E.REPATRIATED, E.DIED}),
    S.RELEASED: frozenset({E.REPATRIATED, E.DIED}),
    S.EXCHANGED: frozenset({E.REPATRIATED, E.DIED}),
    S.REPATRIATED: frozenset({E.DIED}),
    S.DEAD: frozenset({E.REMAINS_REPATRIATED}),
    S.REMAINS_REPATRIATED: frozenset(),
}

# In someone's hands: what "held" means for exchange and release.
IN_CUSTODY = frozenset({S.HELD, S.HOSPITALISED})


@dataclass(frozen=True)
class TimelineEntry:
    """What derivation needs of one event; `key` identifies it for the caller."""

    key: object
    type: str
    date: str  # partial ISO date, "" if unknown
    order: int  # recording order, breaks ties between events of the same (partial) date
    corrects: object | None = None  # for a correction: key of the event it corrects
    corrected_type: str = ""  # for a correction: the type the corrected event should have had; "" voids it


@dataclass
class Derivation:
    status: str
    # Kept on the timeline but contradicting it: a second account of a step already recorded.
    conflicts: set = field(default_factory=set)
    # Impossible transitions, with the reason; services refuse to store them.
    invalid: dict = field(default_factory=dict)
    # Events replaced or voided by a correction (kept, but no longer counted).
    superseded: set = field(default_factory=set)


def _label(choices: type[E] | type[S], value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def sort_key(date: str, order: int) -> tuple[str, int]:
    # A partial date sorts before the fuller dates it contains; undated events go last, in recording order.
    return (date or "9999", order)


def effective(entries: Sequence[TimelineEntry]) -> tuple[list[TimelineEntry], set]:
    """The events that count, in order: each corrected event is replaced by its correction."""
    corrections = {e.corrects: e for e in entries if e.type == E.CORRECTED and e.corrects is not None}
    counted: list[TimelineEntry] = []
    superseded: set = set()
    for entry in entries:
        if entry.type == E.CORRECTED:
            if entry.corrected_type and entry.key not in corrections:
                counted.append(TimelineEntry(key=entry.key, type=entry.corrected_type, date=entry.date,
                                             order=entry.order))
            continue
        if entry.key in corrections:
            superseded.add(entry.key)
            continue
        counted.append(entry)
    return sorted(counted, key=lambda e: sort_key(e.date, e.order)), superseded


def derive(entries: Iterable[TimelineEntry]) -> Derivation:
    counted, superseded = effective(list(entries))
    result = Derivation(status=S.NOT_RECORDED, superseded=superseded)
    previous_type: str | None = None
    for entry in counted:
        if entry.type in ALLOWED[result.status]:
            result.status = RESULT[entry.type]
            previous_type = entry.type
        elif entry.type == previous_type:
            result.conflicts.add(entry.key)
        else:
            allowed = sorted(ALLOWED[result.status])
            # The user's words for the event and the status, never their stored codes (`not_recorded`).
            where = {"type": _label(E, entry.type), "status": _label(S, result.status),
                     "allowed": ", ".join(_label(E, a) for a in allowed)}
            result.invalid[entry.key] = (
                _("'%(type)s' cannot follow status '%(status)s'; allowed: %(allowed)s") % where if allowed
                else _("'%(type)s' cannot follow status '%(status)s'; nothing may follow it") % where)
    return result
