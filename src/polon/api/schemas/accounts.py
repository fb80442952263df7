"""API tokens: their owner, name and state (never the secret, which is shown once when it is made)."""

from __future__ import annotations

from datetime import datetime

from ninja import Schema


class TokenOut(Schema):
    id: int
    user: str
    name: str
    created_at: datetime
    revoked: bool
    revoked_at: datetime | None
