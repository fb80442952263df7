"""Which roles see which sensitive fields of a record they may see: the one table, applied on every channel.

Scope (access.scope) decides which persons a user sees; this table decides which of their most sensitive
fields he sees. A field a role does not see is left out where the record is read for him, never only hidden in a
template: the registry's selectors leave out documents, the API answers ``null`` for a hidden field, the person's
page and the CLI's ``person show`` omit it, exports blank it in the persons they render (capture cards).

* ``person.notes`` — the bureau's working notes on a person (what a registrar or a source review wrote).
* ``person.informed_person_address`` — the address of the family member to be informed (GC III Art. 17, Annex IV
  B): the family at home can be pressed through it. The ICRC delegate needs it for the capture card.
* ``person.documents`` — the documents and photographs attached to a person.
* ``sources.restricted`` — sources marked "internal only" and the media (documents, photographs) taken from them:
  those never leave the bureau's own staff (GC III Art. 13, curiosity).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from polon.access.policies import Role

if TYPE_CHECKING:
    from polon.accounts.models import User

NOTES = "person.notes"
INFORMED_ADDRESS = "person.informed_person_address"
DOCUMENTS = "person.documents"
RESTRICTED_SOURCES = "sources.restricted"

#: The table: each sensitive field and the roles that see it (on the records their scope lets them see).
FIELD_ROLES: dict[str, frozenset[str]] = {
    NOTES: frozenset({Role.ADMIN, Role.REGISTRAR, Role.ANALYST}),
    INFORMED_ADDRESS: frozenset({Role.ADMIN, Role.REGISTRAR, Role.ICRC}),
    DOCUMENTS: frozenset({Role.ADMIN, Role.REGISTRAR, Role.ANALYST, Role.LIAISON, Role.ICRC}),
    RESTRICTED_SOURCES: frozenset({Role.ADMIN, Role.REGISTRAR, Role.ANALYST}),
}

#: The Person model's columns behind each entry that is a column.
PERSON_COLUMNS: dict[str, tuple[str, ...]] = {
    NOTES: ("notes",),
    INFORMED_ADDRESS: ("informed_person_address",),
}

#: The source restrictions (sources.models.Restriction values) that RESTRICTED_SOURCES covers.
RESTRICTED_SOURCE_MARKS: frozenset[str] = frozenset({"internal"})

T = TypeVar("T")


def sees(user: User | None, field: str) -> bool:
    """Whether ``user`` (active, logged in) sees ``field`` of the records he may see."""
    if field not in FIELD_ROLES:
        raise KeyError(f"unknown sensitive field {field!r}")
    return bool(user is not None and user.is_authenticated and user.is_active
                and getattr(user, "role", "") in FIELD_ROLES[field])


def hidden_person_columns(user: User | None) -> frozenset[str]:
    """The Person columns ``user`` does not see."""
    return frozenset(column for field, columns in PERSON_COLUMNS.items() if not sees(user, field)
                     for column in columns)


def person_values(user: User | None, values: Mapping[str, Any]) -> dict[str, Any]:
    """A person's values as ``user`` may see them: each hidden column is None."""
    hidden = hidden_person_columns(user)
    return {key: (None if key in hidden else value) for key, value in values.items()}


def blank_hidden(user: User | None, persons: Iterable[T]) -> list[T]:
    """The persons (model instances, never saved afterwards) with the columns ``user`` does not see emptied, for
    a rendering that reads them (a capture card)."""
    hidden = hidden_person_columns(user)
    found = list(persons)
    for person in found:
        for column in hidden:
            setattr(person, column, "")
    return found


def hidden_source_marks(user: User | None) -> frozenset[str]:
    """The source restrictions whose sources and media ``user`` does not see."""
    return frozenset() if sees(user, RESTRICTED_SOURCES) else RESTRICTED_SOURCE_MARKS
