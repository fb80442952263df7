from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from django.utils.translation import gettext

from polon.access.policies import require
from polon.access.scope import person_scope, visible_or_not_found
from polon.core.errors import ConflictError
from polon.registry.models import Person

if TYPE_CHECKING:
    from polon.accounts.models import User


def person_for_write(actor: User, person_id: int, *, lock: bool = True) -> Person:
    """The person, locked for the rest of the transaction, if the actor may write it; else NotFound."""
    require(actor, "registry.write")
    persons = person_scope(actor, Person.objects.all())
    if lock:
        persons = persons.select_for_update()
    return visible_or_not_found(persons, person_id, gettext("person"))


def bump_version(person: Person) -> None:
    Person.objects.filter(pk=person.pk).update(version=person.version + 1)
    person.version += 1


class Versioned(Protocol):
    """A record written with optimistic concurrency (a person, an exchange round)."""

    @property
    def version(self) -> int: ...


def check_version(person: Versioned, expected_version: int | None) -> None:
    """Refuse a change made from a stale copy of the record instead of silently overwriting."""
    if expected_version is not None and int(expected_version) != person.version:
        raise ConflictError(expected=int(expected_version), actual=person.version)
