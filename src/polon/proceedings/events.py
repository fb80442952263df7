"""The audit payloads of proceedings against prisoners of war (GC III Arts. 5, 99-108, 119)."""

from __future__ import annotations

from typing import Any

from polon.proceedings.models import HeldBackList, Prosecution, StatusDetermination


def determination(d: StatusDetermination) -> dict[str, Any]:
    return {"person": d.person_id, "after": {"tribunal": d.tribunal, "decided_on": d.decided_on,
                                             "outcome": d.outcome, "doubt": d.doubt, "reasons": d.reasons}}


def charged(p: Prosecution) -> dict[str, Any]:
    return {"person": p.person_id, "after": {
        "case_number": p.case_number, "country": p.country, "charged_on": p.charged_on, "charges": p.charges,
        "legal_provisions": p.legal_provisions, "place": p.place_id, "confinement": p.confinement,
        "court": p.court, "trial_on": p.trial_on, "trial_place": p.trial_place}}


def changed(p: Prosecution, before: dict[str, Any], *fields: str) -> dict[str, Any]:
    return {"person": p.person_id, "case_number": p.case_number, "before": before,
            "after": {name: getattr(p, name) for name in fields}}


def held_list(h: HeldBackList, entries: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"after": {"country": h.country, "recipient": h.recipient, "as_of": h.as_of, "status": h.status,
                      "sent_on": h.sent_on, "acknowledged_on": h.acknowledged_on, "reference": h.reference,
                      **({"entries": entries} if entries is not None else {})}}
