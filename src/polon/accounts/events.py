"""The accounts' audit payloads: what each audit event of an accounts write records as its ``changes``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from polon.accounts.models import ApiToken, User


def user_created(user: User) -> dict[str, Any]:
    """``user.create``: the user's name, role and countries (never the password)."""
    return {"after": {"username": user.username, "role": user.role, "countries": user.countries}}


def token_created(token: ApiToken) -> dict[str, Any]:
    """``token.create``: whose token and its name (never the secret)."""
    return {"after": {"user": token.user.username, "name": token.name}}
