"""A file handed to a browser or API client as a download, on every channel the same way."""

from __future__ import annotations

import re
from typing import Protocol

from django.db.models import Model
from django.http import HttpResponse


class ExportedFile(Protocol):
    """What an export service hands back (exports.services.ExportFile): the file and the record of its making."""

    @property
    def content(self) -> bytes | str: ...
    @property
    def content_type(self) -> str: ...
    @property
    def filename(self) -> str: ...
    @property
    def record(self) -> Model: ...


def safe_filename(name: str) -> str:
    """Only letters, digits, dot, dash and underscore: nothing a Content-Disposition header could be broken
    out of (quotes, semicolons, line breaks), whatever a service put into the name."""
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "_", name or "").strip("._") or "export"
    return cleaned[:150]


def attachment(content: bytes | str, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{safe_filename(filename)}"'
    return response


def export_attachment(exported: ExportedFile) -> HttpResponse:
    """An export as a download; X-Polon-Export names the record of its making (recipient, legal basis, hash)."""
    response = attachment(exported.content, content_type=exported.content_type, filename=exported.filename)
    response["X-Polon-Export"] = str(exported.record.pk)
    return response
