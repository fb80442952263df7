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


def person_scope(user, persons: QuerySet) -> QuerySet:
    """Restrict a Person queryset to what `user` may see."""
    scope = scope_of(user)
    if scope.everyone:
        return persons
    if not scope.countries:
        return persons.none()
    return persons.filter(citizenships__country__in=sorted(scope.countries)).distinct()


def scope_via_person(user, queryset: QuerySet, person_field: str = "person") -> QuerySet:
    """Restrict any queryset whose rows belong to a person (names, events, …) by that person's scope."""
    from polon.registry.models import Person

    visible = person_scope(user, Person.objects.all()).values("pk")
    return queryset.filter(**{f"{person_field}__in": visible})
