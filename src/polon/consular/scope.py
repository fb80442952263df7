"""Scope for records that belong to a state rather than to a person (contacts, enquiries, dossiers).

The country-keyed reading of accounts.scope.scope_of, the one definition of who sees whom: a liaison officer
sees her countries, the roles that see every person see every country, everyone else nothing.
"""

from __future__ import annotations

from django.db.models import QuerySet

from polon.accounts.scope import scope_of
from polon.core.errors import NotFound


def country_scope(user, queryset: QuerySet, field: str = "country") -> QuerySet:
    scope = scope_of(user)
    if scope.everyone:
        return queryset
    if not scope.countries:
        return queryset.none()
    return queryset.filter(**{f"{field}__in": sorted(scope.countries)})


def visible_countries(user) -> list[str] | None:
    """The countries `user` may see, or None for all of them."""
    scope = scope_of(user)
    return None if scope.everyone else sorted(scope.countries)


def require_country(user, country: str) -> str:
    code = (country or "").upper()
    allowed = visible_countries(user)
    if allowed is not None and code not in allowed:
        raise NotFound(f"country {country} not found")
    return code


def sees_unlinked(user) -> bool:
    """Rows not yet tied to a person (an unmatched line of a list) carry no citizenship to scope by: only
    the roles that see every person see them."""
    return scope_of(user).everyone
