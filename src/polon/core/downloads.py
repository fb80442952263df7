"""A file handed to a browser or API client as a download, on every channel the same way."""

from __future__ import annotations

import re

from django.http import HttpResponse


def safe_filename(name: str) -> str:
    """Only letters, digits, dot, dash and underscore: nothing a Content-Disposition header could be broken
    out of (quotes, semicolons, line breaks), whatever a service put into the name."""
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "_", name or "").strip("._") or "export"
    return cleaned[:150]


def attachment(content: bytes | str, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{safe_filename(filename)}"'
    return response
