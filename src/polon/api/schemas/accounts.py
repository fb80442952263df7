"""API tokens: their owner, name and state (never the secret, which is shown once when it is made)."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema


class TokenOut(Schema):
    id: int
    user: str
    name: str
    created_at: datetime
    revoked: bool
    revoked_at: datetime | None
    expires_at: datetime
    # "valid", "expired" or "revoked"
    state: str


class TokenIn(Schema):
    """A new token: its name, its lifetime in days (the server's default when omitted) and, for an
    administrator, whose it is (another user's username; one's own when omitted)."""

    name: str = Field(min_length=1, max_length=100)
    days: int | None = Field(default=None, ge=1)
    user: str = ""


class TokenCreated(TokenOut):
    """The new token's secret is in ``token``: shown this once, never stored."""

    token: str
