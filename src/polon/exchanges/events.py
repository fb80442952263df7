"""The audit payloads of exchange rounds, their lists and the reconciled lines: what each event's `changes`
holds, built in one place so every writer records the same shape."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from polon.audit.log import diff
from polon.exchanges.models import ROUND_FIELDS, ExchangeRound, ListRow, RoundEntry


def round_snapshot(r: ExchangeRound) -> dict[str, Any]:
    return {"number": r.number, **{f: getattr(r, f) for f in ROUND_FIELDS}, "executed_on": r.executed_on,
            "sources": sorted(r.sources.values_list("pk", flat=True)) if r.pk else []}


def entry_snapshot(e: RoundEntry) -> dict[str, Any]:
    return {"round": e.round_id, "side": e.side, "person": e.person_id, "status": e.status,
            "struck_by": e.struck_by, "struck_reason": e.struck_reason, "consent": e.consent,
            "categories": e.categories, "note": e.note}


def round_created(r: ExchangeRound) -> dict[str, Any]:
    return {"after": round_snapshot(r)}


def round_source_added(source_id: int) -> dict[str, Any]:
    return {"after": {"source": source_id}}


def changed(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, Any]:
    """The before/after of the fields that changed (empty "after" when nothing did)."""
    return diff(dict(before), dict(after))


def entry_added(entry: RoundEntry, warnings: Sequence[str] = ()) -> dict[str, Any]:
    """The new entry; and the warnings the user confirmed to add him, if any."""
    return {"after": entry_snapshot(entry), **({"warnings": list(warnings)} if warnings else {})}


def round_executed(r: ExchangeRound, *, place: str, exchanged: Sequence[RoundEntry], events: Sequence[int],
                   not_exchanged: Sequence[RoundEntry]) -> dict[str, Any]:
    return {"after": {
        "status": r.status, "executed_on": r.executed_on, "place": place,
        "exchanged": [{"entry": e.pk, "person": e.person_id, "side": e.side} for e in exchanged],
        "events": list(events), "not_exchanged": [e.pk for e in not_exchanged]}}


def list_batch(*, side: str, file_name: str, sha256: str, first_line: int, last_line: int,
               tally: Mapping[str, int]) -> dict[str, Any]:
    return {"after": {"side": side, "file": file_name, "sha256": sha256, "lines": [first_line, last_line],
                      **tally}}


def list_imported(*, side: str, file_name: str, sha256: str, lines: int, counts: Mapping[str, int]) -> dict[str, Any]:
    return {"after": {"side": side, "file": file_name, "sha256": sha256, "lines": lines, **counts}}


def list_row_corrected(row: ListRow, *, before: Mapping[str, Any]) -> dict[str, Any]:
    return {"before": dict(before), "after": {"name": row.name, "birth_date": row.birth_date, "rank": row.rank,
                                              "unit": row.unit, "citizenship": row.citizenship,
                                              "outcome": row.outcome, "person": row.person_id}}


def list_row_judged(row: ListRow, *, person_id: int | None, same: bool, before: Mapping[str, Any]) -> dict[str, Any]:
    return {"judgement": {"query": row.name, "birth_date": row.birth_date, "person": person_id, "same": same},
            "before": dict(before), "after": {"outcome": row.outcome, "person": row.person_id}}


def list_row_state(row: ListRow) -> dict[str, Any]:
    """What a judgement may change on a line, before it is re-matched."""
    return {"outcome": row.outcome, "person": row.person_id}



def lists_printed(*, side: str, language: str, entries: Sequence[RoundEntry]) -> dict[str, Any]:
    return {"after": {"side": side, "language": language,
                      "persons": [e.person_id for e in entries]}}
