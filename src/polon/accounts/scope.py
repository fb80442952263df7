"""The one scoping function every selector goes through.

A person outside a user's scope must not exist for that user on any channel: the filter is applied in the
query that fetches records, never afterwards in a template.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from polon.accounts.roles import Role


@dataclass(frozen=True)
class PersonScope:
    """Which persons a user may see: everyone, or those holding a citizenship of ``countries``
    (none when empty).  The search engine applies it in memory, the selectors in SQL."""

    everyone: bool
    countries: frozenset[str] = frozenset()


def scope_of(user) -> PersonScope:
    """The one definition of who sees whom."""
    if user is None or not user.is_authenticated or not user.is_active:
        return PersonScope(everyone=False)
    if user.role in (Role.ADMIN, Role.REGISTRAR, Role.ANALYST, Role.ICRC):
        return PersonScope(everyone=True)
    if user.role == Role.LIAISON:
        return PersonScope(everyone=False, countries=frozenset(user.countries or ()))
    return PersonScope(everyone=False)


def _holders(scope: PersonScope) -> QuerySet:
    """Ids of the persons holding a citizenship of the scope's countries (a subquery, one index range)."""
    from polon.registry.models import Citizenship

    return Citizenship.objects.filter(country__in=sorted(scope.countries)).values("person_id")


def person_scope(user, persons: QuerySet) -> QuerySet:
    """Restrict a Person queryset to what `user` may see."""
    scope = scope_of(user)
    if scope.everyone:
        return persons
    if not scope.countries:
        return persons.none()
    # A semi-join (IN a subquery of the citizenship table) rather than a join and DISTINCT: no duplicate rows
    # to fold, so the queryset can be counted, sliced, locked and aggregated as it is. IN, not a correlated
    # EXISTS: SQLite runs IN from the country index (a liaison's few thousand persons), EXISTS once per person.
    return persons.filter(pk__in=_holders(scope))


def scope_via_person(user, queryset: QuerySet, person_field: str = "person") -> QuerySet:
    """Restrict any queryset whose rows belong to a person (names, events, …) by that person's scope."""
    scope = scope_of(user)
    if scope.everyone:
        # The rows that belong to a person (any person), without reading the person table.
        return queryset.filter(**{f"{person_field}__isnull": False})
    if not scope.countries:
        return queryset.none()
    return queryset.filter(**{f"{person_field}__in": _holders(scope)})
