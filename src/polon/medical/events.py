"""Audit payloads of the medical services (what changed, by ids and codes, no free text beyond what was
recorded)."""

from __future__ import annotations

from typing import Any

from polon.medical.models import CommissionDecision, CommissionSession, HealthReport


def report_sent(report: HealthReport, sent: list[int], held_back: dict[int, str]) -> dict[str, Any]:
    return {"week_of": report.week_of.isoformat(), "recipient": report.recipient, "channel": report.channel,
            "sent_on": report.sent_on.isoformat(), "persons": sent, "held_back": held_back}


def session_created(session: CommissionSession) -> dict[str, Any]:
    return {"held_on": session.held_on.isoformat(), "place": session.place_id, "location": session.location,
            "chairman": session.chairman}


def session_communicated(session: CommissionSession, count: int) -> dict[str, Any]:
    return {"communicated_on": session.communicated_on.isoformat() if session.communicated_on else None,
            "decisions": count}


def decision_recorded(decision: CommissionDecision, flagged: bool) -> dict[str, Any]:
    return {"person": decision.person_id, "session": decision.session_id, "proposed_by": decision.proposed_by,
            "decision": decision.decision, "category": decision.category, "flagged_art_109": flagged}


def decision_carried_out(decision: CommissionDecision, events: list[int]) -> dict[str, Any]:
    return {"person": decision.person_id, "decision": decision.decision,
            "carried_out_on": decision.carried_out_on.isoformat() if decision.carried_out_on else None,
            "events": events}
