"""The audit payload of an export: what left the bureau, to whom, on which legal basis."""

from __future__ import annotations

from typing import Any

from polon.exports.models import ExportRecord


def export_created(item: ExportRecord) -> dict[str, Any]:
    return {"after": {
        "kind": item.kind, "format": item.format, "recipient": item.recipient, "legal_basis": item.legal_basis,
        "persons": item.person_ids, "parameters": item.parameters, "sha256": item.sha256, "size": item.size,
        "state": item.state, "withheld": item.withheld_ids}}


def export_override(item: ExportRecord, let_through: dict[int, list[str]]) -> dict[str, Any]:
    """The reason an export to a state carried persons it may harm, and each of them with his warnings."""
    return {"after": {
        "state": item.state, "recipient": item.recipient, "override_reason": item.override_reason,
        "persons": [{"person": pk, "warnings": warnings} for pk, warnings in sorted(let_through.items())]}}
