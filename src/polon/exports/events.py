"""The audit payload of an export: what left the bureau, to whom, on which legal basis."""

from __future__ import annotations

from typing import Any

from polon.exports.models import ExportRecord


def export_created(item: ExportRecord) -> dict[str, Any]:
    return {"after": {
        "kind": item.kind, "format": item.format, "recipient": item.recipient, "legal_basis": item.legal_basis,
        "persons": item.person_ids, "parameters": item.parameters, "sha256": item.sha256, "size": item.size}}
