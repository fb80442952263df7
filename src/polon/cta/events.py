"""The audit payloads of the lists for the Central Tracing Agency and the Power depended on."""

from __future__ import annotations

from typing import Any

from polon.cta.models import CtaEntry, CtaList


def list_sent(item: CtaList, entries: list[CtaEntry]) -> dict[str, Any]:
    return {"after": {
        "recipient": item.recipient, "country": item.country, "number": item.number, "sent_on": item.sent_on,
        "channel": item.channel, "legal_basis": item.legal_basis, "override_reason": item.override_reason,
        "entries": [{"person": e.person_id, "kind": e.kind, "changed": e.changed, "transmission": e.transmission_id}
                    for e in entries],
        "withheld": item.withheld}}
