"""What every API router shares: the error answer, the error table and one page of a listing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from ninja import Schema
from ninja.params.functions import Path

MAX_ID = 2**63 - 1
"""The largest record number a database column holds."""

RecordId = Annotated[int, Path(..., ge=1, le=MAX_ID)]
"""A record number in an operation's path: 1 or more, at most ``MAX_ID`` (anything else is a 400 naming the
parameter, never a number the database cannot compare)."""

MAX_OFFSET = 2**31 - 1
"""The largest ``offset`` a listing takes: beyond what any table holds, within what a database accepts."""


def page_of(rows, out: Callable[[Any], dict], *, offset: int, limit: int, **filters) -> list[dict]:
    """One page of an API listing: ``rows`` (a scoped queryset) narrowed by the filters given a value, from
    ``offset``, at most ``limit``, each shown by ``out``."""
    rows = rows.filter(**{field: value for field, value in filters.items() if value})
    start = max(offset, 0)
    return [out(row) for row in rows[start:start + limit]]


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] = {}


ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}
"""The error answers an operation documents (api/app.py turns the service errors into them), spread into its
``response``; 409 is a version conflict."""
ERRORS_NO_CONFLICT = {code: schema for code, schema in ERRORS.items() if code != 409}
"""The error answers of the operations that check no version."""


def file_answer(description: str, *content_types: str, headers: dict[str, str] | None = None) -> dict:
    """``openapi_extra`` documenting an operation's 200 answer that is a file download, not JSON: its media
    types, each a binary body (tests/api/test_openapi.py holds every JSON 2xx answer to a typed schema, and
    every other one to be a file documented here)."""
    answer: dict[str, Any] = {
        "description": description,
        "content": {kind: {"schema": {"type": "string", "format": "binary"}}
                    for kind in content_types or ("application/octet-stream",)},
    }
    if headers:
        answer["headers"] = {name: {"description": text, "schema": {"type": "string"}}
                             for name, text in headers.items()}
    return {"responses": {200: answer}}
