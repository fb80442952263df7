"""Scope for records that belong to a state rather than to a person (contacts, enquiries, dossiers).

The country-keyed twin of accounts.scope.person_scope: a liaison officer sees her countries, the roles that
see every person see every country, everyone else nothing. tests/consular/test_scope.py pins the two together.
"""

from __future__ import annotations

from django.db.models import QuerySet

from polon.accounts.roles import Role, role_allows
from polon.core.errors import NotFound


def _unrestricted(user) -> bool:
    return user.role != Role.LIAISON and role_allows(user.role, "registry.read")


def country_scope(user, queryset: QuerySet, field: str = "country") -> QuerySet:
    if user is None or not user.is_authenticated or not user.is_active:
        return queryset.none()
    if user.role == Role.LIAISON:
        return queryset.filter(**{f"{field}__in": list(user.countries or [])})
    if _unrestricted(user):
        return queryset
    return queryset.none()


def visible_countries(user) -> list[str] | None:
    """The countries `user` may see, or None for all of them."""
    if user is None or not user.is_authenticated or not user.is_active:
        return []
    if user.role == Role.LIAISON:
        return sorted(user.countries or [])
    return None if _unrestricted(user) else []


def require_country(user, country: str) -> str:
    code = (country or "").upper()
    allowed = visible_countries(user)
    if allowed is not None and code not in allowed:
        raise NotFound(f"country {country} not found")
    return code


def sees_unlinked(user) -> bool:
    """Rows not yet tied to a person (an unmatched line of a list) carry no citizenship to scope by: only
    the roles that see every person see them."""
    return user is not None and user.is_authenticated and user.is_active and _unrestricted(user)
