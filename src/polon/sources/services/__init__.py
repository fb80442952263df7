"""Every write on sources: ingest (storing files and their extraction) and review of what was extracted.
Keyword-only arguments, the acting user, one transaction with its audit events."""

from polon.sources.services.ingest import (
    INLINE_BYTES,
    IngestError,
    IngestResult,
    ingest,
    ingest_file,
    ingest_upload,
    start_ingest,
)
from polon.sources.services.review import accept_item, reject_item

__all__ = ["INLINE_BYTES", "IngestError", "IngestResult", "accept_item", "ingest", "ingest_file", "ingest_upload",
           "reject_item", "start_ingest"]
