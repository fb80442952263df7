"""A file handed to a browser or API client as a download, on every channel the same way."""

from __future__ import annotations

import re
from typing import Protocol

from django.db.models import Model
from django.http import FileResponse, HttpResponse
from django.utils.translation import gettext

from polon.core import files
from polon.core.errors import NotFound


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


def stored_file(stored_path: str, *, filename: str, content_type: str, inline: bool) -> FileResponse:
    """A file of the file store handed to a browser that may only show it (an image, ``inline``) or save it,
    never run it within the site's pages; never cached by a shared cache. NotFound if the file is missing."""
    try:
        handle = files.absolute(stored_path).open("rb")
    except (OSError, ValueError):
        raise NotFound(gettext("the stored file is missing")) from None
    response = FileResponse(handle, as_attachment=not inline, filename=safe_filename(filename),
                            content_type=content_type)
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
