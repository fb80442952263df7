"""The one scoping function every selector goes through.

A person outside a user's scope must not exist for that user on any channel: the filter is applied in the
query that fetches records, never afterwards in a template.
"""

from __future__ import annotations

from django.db.models import QuerySet

from polon.accounts.roles import Role


def person_scope(user, persons: QuerySet) -> QuerySet:
    """Restrict a Person queryset to what `user` may see."""
    if user is None or not user.is_authenticated or not user.is_active:
        return persons.none()
    if user.role in (Role.ADMIN, Role.REGISTRAR, Role.ANALYST, Role.ICRC):
        return persons
    if user.role == Role.LIAISON:
        countries = list(user.countries or [])
        if not countries:
            return persons.none()
        return persons.filter(citizenships__country__in=countries).distinct()
    return persons.none()


def scope_via_person(user, queryset: QuerySet, person_field: str = "person") -> QuerySet:
    """Restrict any queryset whose rows belong to a person (names, events, …) by that person's scope."""
    from polon.registry.models import Person

    visible = person_scope(user, Person.objects.all()).values("pk")
    return queryset.filter(**{f"{person_field}__in": visible})
