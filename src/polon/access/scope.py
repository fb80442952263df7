"""Who sees which records: persons by citizenship, state-keyed records by country.

A person outside a user's scope must not exist for that user on any channel: the filter is applied in the
query that fetches records, never afterwards in a template.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar, cast

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, QuerySet
from django.utils.translation import gettext

from polon.access.policies import SCOPED_BY_COUNTRY, SEES_EVERYONE
from polon.core.errors import NotFound

if TYPE_CHECKING:
    from polon.accounts.models import User

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class PersonScope:
    """Which persons a user may see: everyone, or those holding a citizenship of ``countries``
    (none when empty).  The search engine applies it in memory, the selectors in SQL."""

    everyone: bool
    countries: frozenset[str] = frozenset()


def scope_of(user: User | None) -> PersonScope:
    """The one definition of who sees whom."""
    if user is None or not user.is_authenticated or not user.is_active:
        return PersonScope(everyone=False)
    if user.role in SEES_EVERYONE:
        return PersonScope(everyone=True)
    if user.role in SCOPED_BY_COUNTRY:
        return PersonScope(everyone=False, countries=frozenset(user.countries or ()))
    return PersonScope(everyone=False)


def _holders(person_model: type[Model], scope: PersonScope) -> QuerySet[Any]:
    """Ids of the persons holding a citizenship of the scope's countries (a subquery, one index range).

    The citizenship model is reached through the person model's relation, so this module needs no registry
    import (access sits below the domain apps)."""
    citizenship = cast("type[Model]", person_model._meta.get_field("citizenships").related_model)
    return citizenship._default_manager.filter(country__in=sorted(scope.countries)).values("person_id")


def person_scope(user: User | None, persons: QuerySet[M]) -> QuerySet[M]:
    """Restrict a Person queryset to what `user` may see."""
    scope = scope_of(user)
    if scope.everyone:
        return persons
    if not scope.countries:
        return persons.none()
    # A semi-join (IN a subquery of the citizenship table) rather than a join and DISTINCT: no duplicate rows
    # to fold, so the queryset can be counted, sliced, locked and aggregated as it is. IN, not a correlated
    # EXISTS: SQLite runs IN from the country index (a liaison's few thousand persons), EXISTS once per person.
    return persons.filter(pk__in=_holders(persons.model, scope))


def scope_via_person(user: User | None, queryset: QuerySet[M], person_field: str = "person") -> QuerySet[M]:
    """Restrict any queryset whose rows belong to a person (names, events, …) by that person's scope."""
    scope = scope_of(user)
    if scope.everyone:
        # The rows that belong to a person (any person), without reading the person table.
        return queryset.filter(**{f"{person_field}__isnull": False})
    if not scope.countries:
        return queryset.none()
    person_model = cast("type[Model]", queryset.model._meta.get_field(person_field).related_model)
    return queryset.filter(**{f"{person_field}__in": _holders(person_model, scope)})


def country_scope(user: User | None, queryset: QuerySet[M], field: str = "country") -> QuerySet[M]:
    """Restrict records that belong to a state (contacts, enquiries, dossiers) to the user's countries."""
    scope = scope_of(user)
    if scope.everyone:
        return queryset
    if not scope.countries:
        return queryset.none()
    return queryset.filter(**{f"{field}__in": sorted(scope.countries)})


def visible_countries(user: User | None) -> list[str] | None:
    """The countries `user` may see, or None for all of them."""
    scope = scope_of(user)
    return None if scope.everyone else sorted(scope.countries)


def require_country(user: User | None, country: str) -> str:
    """The country's code if `user` may see it; else NotFound, as if it had no records."""
    code = (country or "").upper()
    allowed = visible_countries(user)
    if allowed is not None and code not in allowed:
        raise NotFound(gettext("country %(country)s not found") % {"country": country})
    return code


def sees_unlinked(user: User | None) -> bool:
    """Rows not yet tied to a person (an unmatched line of a list) carry no citizenship to scope by: only
    the roles that see every person see them."""
    return scope_of(user).everyone


class OutOfScope(NotFound):
    """A NotFound for an object that exists but lies outside the user's scope: answered exactly like a missing
    one, and recorded in the audit log by the channel that answers it (web.policy, api.auth)."""

    def __init__(self, message: str, *, object_type: str, object_id: object) -> None:
        super().__init__(message)
        self.object_type = object_type
        self.object_id = object_id


def visible_or_not_found(queryset: QuerySet[M], pk: object, what: str) -> M:
    """The object with primary key `pk` from an already scoped queryset, or NotFound naming `what`: an object
    the user may not see is answered exactly like one that does not exist (OutOfScope, which the channels
    audit, when it exists)."""
    try:
        return queryset.get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError):  # get() raises the model's DoesNotExist
        message = gettext("%(what)s %(id)s not found") % {"what": what, "id": pk}
    model = queryset.model
    try:
        exists = model._default_manager.filter(pk=pk).exists()
    except (ValueError, TypeError, OverflowError):
        exists = False
    if exists:
        raise OutOfScope(message, object_type=model._meta.label_lower, object_id=pk)
    raise NotFound(message)
