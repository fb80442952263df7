"""The accounts' audit payloads: what each audit event of an accounts write records as its ``changes``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from polon.accounts.models import ApiToken, User


def user_created(user: User) -> dict[str, Any]:
    """``user.create``: the user's name, role and countries (never the password)."""
    return {"after": {"username": user.username, "role": user.role, "countries": user.countries}}


def token_created(token: ApiToken) -> dict[str, Any]:
    """``token.create``: whose token, its name and when it expires (never the secret)."""
    return {"after": {"user": token.user.username, "name": token.name,
                      "expires_at": token.expires_at.isoformat(timespec="seconds")}}


def user_active_changed(user: User, *, before: bool) -> dict[str, Any]:
    """``user.deactivate`` / ``user.activate``: whether the user could log in, before and after."""
    return {"before": {"is_active": before}, "after": {"is_active": user.is_active}}


def user_role_changed(user: User, *, role: str, countries: list[str]) -> dict[str, Any]:
    """``user.role.change``: the role and countries before and after."""
    return {"before": {"role": role, "countries": countries},
            "after": {"role": user.role, "countries": user.countries}}


def password_set(user: User, *, temporary: bool) -> dict[str, Any]:
    """``user.password.reset`` / ``user.password.change``: whose password, and whether it must be changed at the
    next login (never the password)."""
    return {"after": {"username": user.username, "must_change_password": temporary}}


def token_revoked(token: ApiToken) -> dict[str, Any]:
    """``token.revoke``: whose token and its name (never the secret)."""
    return {"before": {"revoked": False}, "after": {"user": token.user.username, "name": token.name, "revoked": True}}


def login_failed(*, username: str, address: str, known: bool, refused: bool) -> dict[str, Any]:
    """``login.failed``: the name typed (at most 150 characters), whether it is a user's, the client's address,
    and whether the attempt was refused unchecked because of a lockout (never the password)."""
    return {"after": {"username": username[:150], "known_user": known, "address": address,
                      "refused_locked_out": refused}}


def login_lockout(*, username: str, address: str, failures: int, minutes: int) -> dict[str, Any]:
    """``login.lockout``: the account and address locked out, the failures counted, for how many minutes."""
    return {"after": {"username": username[:150], "address": address, "failures": failures,
                      "minutes": minutes}}


def login_unlocked(*, username: str, address: str, removed: int) -> dict[str, Any]:
    """``login.unlock``: which account and/or address, and how many failure counters were forgotten."""
    return {"after": {"username": username, "address": address, "counters_removed": removed}}
