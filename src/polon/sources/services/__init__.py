"""Every write on sources: ingest (storing files and their extraction; the review of what was extracted is
polon.review). Keyword-only arguments, the acting user, one transaction with its audit events."""

from polon.sources.services.ingest import (
    INLINE_BYTES,
    IngestError,
    IngestResult,
    ingest,
    ingest_file,
    ingest_upload,
    start_ingest,
)

__all__ = ["INLINE_BYTES", "IngestError", "IngestResult", "ingest", "ingest_file", "ingest_upload", "start_ingest"]
