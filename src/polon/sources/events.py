"""The sources' audit payloads: what each audit event of a sources write records as its ``changes``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from polon.sources.models import ReviewDecision, Source, SourceAttachment, SourceExtraction


def source_ingested(source: Source, attachments: Sequence[SourceAttachment],
                    extraction: SourceExtraction) -> dict[str, Any]:
    """``source.ingest``: the stored document, its attachments and what was extracted from it."""
    data = extraction.data
    return {"after": {
        "sha256": source.sha256, "item": source.item, "original_name": source.original_name,
        "kind": source.kind, "title": source.title, "author": source.author, "published": source.published,
        "language": source.language, "url": source.url, "restriction": source.restriction,
        "hashes": source.hashes,
        "attachments": [[a.name, a.sha256] for a in attachments],
        "extraction": {"id": extraction.pk, "version": extraction.extractor_version,
                       "persons": [x.get("name") for x in data.get("persons", [])],
                       "events": [x.get("type") for x in data.get("events", [])]},
    }}


def item_decided(decision: ReviewDecision) -> dict[str, Any]:
    """``source.review.accept`` / ``source.review.reject``: the item, the decision and what accepting wrote."""
    return {"source": decision.source_id, "after": {"item": decision.item, "kind": decision.kind,
                                                    "decision": decision.decision, "created": decision.created,
                                                    "note": decision.note}}
