"""polon.extract — documents in, reviewable facts out. Pure Python; never imports Django."""

from .documents import DocumentError, document_from_text, read_documents
from .model import Document, Event, Extraction, Organisation, Person
from .pipeline import extract, extract_file

__all__ = [
    "Document",
    "DocumentError",
    "Event",
    "Extraction",
    "Organisation",
    "Person",
    "document_from_text",
    "extract",
    "extract_file",
    "read_documents",
]
