"""Reads and refusals in the audit log: bulk reads with the persons they returned, requests refused to a role
(403) and requests for a record that exists outside the user's scope (404).

These are written at the end of the request, all in one transaction with one :func:`record_many` (a list page
that also refuses something adds no second write); :func:`collecting` opens that per-request buffer (the web's
``polon.web.read_log`` middleware) and :func:`flush` writes it. Outside a request (the CLI, a test calling a
view's helper) each note is written at once.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from django.db import transaction

from polon.audit.actions import Action
from polon.audit.log import Entry, record_many

if TYPE_CHECKING:
    from polon.accounts.models import User

# The notes of the current request: (actor, entry) in the order they were made; None outside a request.
_PENDING: contextvars.ContextVar[list[tuple[Any, Entry]] | None] = contextvars.ContextVar("polon_audit_reads",
                                                                                          default=None)

# A read returns at most this many persons' ids in one event (an API page is at most 500).
MAX_IDS = 5000


def _note(actor: User | None, entry: Entry) -> None:
    pending = _PENDING.get()
    if pending is None:
        with transaction.atomic():
            record_many(actor=actor, entries=[entry])
        return
    if any(noted == entry and getattr(who, "pk", None) == getattr(actor, "pk", None) for who, noted in pending):
        return  # the same read twice in one request (a selector called by two parts of a page): noted once
    pending.append((actor, entry))


@contextmanager
def collecting() -> Iterator[list[tuple[Any, Entry]]]:
    """Buffer the notes made inside the block (one request); :func:`flush` them before leaving it."""
    pending: list[tuple[Any, Entry]] = []
    token = _PENDING.set(pending)
    try:
        yield pending
    finally:
        _PENDING.reset(token)


def flush(pending: list[tuple[Any, Entry]]) -> None:
    """Write the buffered notes: one transaction, one record_many per actor (a request has one actor)."""
    if not pending:
        return
    with transaction.atomic():
        by_actor: dict[Any, tuple[Any, list[Entry]]] = {}
        for actor, entry in pending:
            by_actor.setdefault(getattr(actor, "pk", None), (actor, []))[1].append(entry)
        for actor, entries in by_actor.values():
            record_many(actor=actor if getattr(actor, "pk", None) else None, entries=entries)
    pending.clear()


def persons_read(actor: User | None, *, view: str, channel: str = "", person_ids: Iterable[Any],
                 query: dict[str, Any] | None = None, total: int | None = None) -> None:
    """Note that ``actor`` was shown the persons ``person_ids`` (in the order shown) by a list, a search, a
    dossier or a suggestion (``view``) on ``channel`` (web, api, cli), with what was asked (``query``, empty
    values left out) and how many matched in all (``total``). Nothing is noted when no person was returned."""
    ids: list[int] = []
    seen: set[int] = set()
    for value in person_ids:
        pk = int(value)
        if pk not in seen:
            seen.add(pk)
            ids.append(pk)
    if not ids:
        return
    changes: dict[str, Any] = {"view": view, "persons": ids[:MAX_IDS], "count": len(ids)}
    if channel:
        changes["channel"] = channel
    if len(ids) > MAX_IDS:
        changes["cut_at"] = MAX_IDS
    asked = {k: v for k, v in (query or {}).items() if v not in (None, "", [], ())}
    if asked:
        changes["query"] = asked
    if total is not None:
        changes["total"] = total
    _note(actor, Entry(Action.PERSONS_READ, object_type="registry.person", changes=changes))


def dossier_read(actor: User | None, dossier: Any, *, channel: str, page: Any = None) -> None:
    """Note the persons a state's dossier (polon.exports.dossier.Dossier) showed: the citizens listed (a page of
    them, or all), those released in its exchange rounds and those its transmissions, after-return records and
    proceedings name."""
    ids: list[Any] = [p.pk for p in dossier.persons]
    for exchange_round in dossier.rounds:
        ids.extend(p.pk for p in getattr(exchange_round, "released", ()))
    for section in (dossier.transmissions, dossier.after_return, dossier.proceedings):
        ids.extend(row.person_id for row in section if getattr(row, "person_id", None))
    persons_read(actor, view="country.dossier", channel=channel, person_ids=ids,
                 query={"country": dossier.country, "page": page}, total=dossier.total)


def denied(actor: User | None, *, policy: str, channel: str, method: str, path: str, reason: str = "") -> None:
    """Note a request refused to ``actor``'s role (403) under ``policy``."""
    changes = {"policy": policy, "channel": channel, "method": method, "path": path[:500]}
    if reason:
        changes["reason"] = reason[:500]
    _note(actor, Entry(Action.ACCESS_DENIED, object_type="request", object_id=policy[:64], changes=changes))


def out_of_scope(actor: User | None, *, object_type: str, object_id: Any, channel: str, method: str,
                 path: str) -> None:
    """Note a request for a record that exists but lies outside ``actor``'s scope (answered 404 as if absent)."""
    _note(actor, Entry(Action.ACCESS_OUT_OF_SCOPE, object_type=object_type, object_id=str(object_id)[:64],
                       changes={"channel": channel, "method": method, "path": path[:500]}))
