from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, cast

from django.db import transaction
from django.utils.translation import gettext as _

from polon.audit.actions import Action
from polon.audit.log import record
from polon.core.bulk import insert_rows
from polon.core.errors import ValidationFailed
from polon.core.languages import normalise_language, same_language
from polon.names import Script as NameScript
from polon.names import detect_script
from polon.registry import audit_events
from polon.registry.choices import Script
from polon.registry.models import Person, PersonName
from polon.registry.services.guards import bump_version, person_for_write
from polon.registry.services.guards import check_version as _check_version

if TYPE_CHECKING:
    from django.db.models import Model

    from polon.accounts.models import User

MAX_ID = 2**63 - 1  # the largest record number a database column holds

_ISO_15924 = {NameScript.CYRILLIC: Script.CYRILLIC, NameScript.LATIN: Script.LATIN}
_CONTROL = {chr(c) for c in range(32)} | {"\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e"}


@dataclass(frozen=True)
class NameInput:
    """One spelling: the text as written and, where known, its parts and how it was written."""

    text: str
    given: str = ""
    patronymic: str = ""
    surname: str = ""
    language: str = ""
    scheme: str = ""
    source_id: int | None = None


def clean_name(name: NameInput, field: str = "name") -> NameInput:
    """The spelling with its blanks folded, or ValidationFailed naming ``field`` and why."""
    text = " ".join((name.text or "").split())
    if not text:
        raise ValidationFailed({field: _("a name cannot be empty")})
    if len(text) > 300:
        raise ValidationFailed({field: _("a name is at most 300 characters, this one has %(n)d") % {"n": len(text)}})
    if any(ch in _CONTROL for ch in text):
        raise ValidationFailed({field: _("a name cannot contain control characters or direction marks")})
    if not any(ch.isalpha() for ch in text):
        raise ValidationFailed({field: _("'%(text)s' contains no letters") % {"text": text}})
    # One code a language ("English", "eng", "en-GB" → "en"): the same spelling is then seen to be the same.
    return replace(name, text=text, language=normalise_language(name.language))


def identical_name(person: Person, name: NameInput) -> PersonName | None:
    """The person's spelling identical to ``name`` (cleaned): the same text written for the same language
    (codes compared once normalised, a scheme named after a language counting as that language, an
    unspecified language as any), or None."""
    for row in person.names.filter(text=name.text).order_by("id"):
        if same_language(row.language, row.scheme, name.language, name.scheme):
            return row
    return None


def store_name(person: Person, name: NameInput, *, primary: bool) -> PersonName:
    """Insert one spelling (the search engine picks it up from the change log the database writes).
    Callers hold the transaction and write the audit event."""
    return store_names([(person, name, primary)])[0]


def check_sources_exist(ids: Iterable[int | None], field: str) -> None:
    """ValidationFailed naming ``field`` unless every source number given (None: no source) is a recorded source:
    a spelling or a citizenship cites a source, it does not create one. The model is reached through the relation
    (the sources app sits above the registry)."""
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return
    source_model = cast("type[Model]", PersonName._meta.get_field("source").related_model)
    in_range = [i for i in wanted if 1 <= i <= MAX_ID]
    found = set(source_model._default_manager.filter(pk__in=in_range).values_list("pk", flat=True))
    missing = sorted(wanted - found)
    if missing:
        raise ValidationFailed({field: _("no source number %(ids)s is recorded")
                                % {"ids": ", ".join(str(i) for i in missing)}})


def store_names(names: Sequence[tuple[Person, NameInput, bool]]) -> list[PersonName]:
    """Insert cleaned spellings, each ``(person, name, primary)``, in a few statements
    (a bulk import stores thousands). Callers hold the transaction and write the audit events."""
    check_sources_exist((name.source_id for _person, name, _primary in names), "source_id")
    rows = [PersonName(
        person=person, text=name.text, script=_script(name.text), language=name.language, scheme=name.scheme,
        given=name.given, patronymic=name.patronymic, surname=name.surname, is_primary=primary,
        source_id=name.source_id) for person, name, primary in names]
    insert_rows(rows)
    return rows


def _script(text: str) -> str:
    return _ISO_15924.get(detect_script(text), Script.OTHER)


@transaction.atomic
def add_name(*, actor: User, person_id: int, name: NameInput, primary: bool = False,
             expected_version: int | None = None) -> PersonName:
    """Add a spelling to a person (the primary one if ``primary``)."""
    name = clean_name(name)
    person = person_for_write(actor, person_id)
    _check_version(person, expected_version)
    if person.names.filter(text=name.text, source_id=name.source_id).exists():  # type: ignore[misc]  # None: IS NULL
        raise ValidationFailed({"name": _("'%(text)s' is already recorded for this person from this source")
                                % {"text": name.text}})
    if primary:
        person.names.filter(is_primary=True).update(is_primary=False)
    row = store_name(person, name, primary=primary)
    bump_version(person)
    record(actor=actor, action=Action.NAME_ADD, obj=row, changes=audit_events.name_added(person.pk, row))
    return row


@transaction.atomic
def set_primary_name(*, actor: User, person_id: int, name_id: int,
                     expected_version: int | None = None) -> PersonName:
    """Make one of the person's spellings the primary one."""
    person = person_for_write(actor, person_id)
    _check_version(person, expected_version)
    try:
        row = person.names.get(pk=name_id)
    except (PersonName.DoesNotExist, ValueError, TypeError):
        raise ValidationFailed({"name_id": _("name %(id)s is not a name of this person") % {"id": name_id}}) from None
    before = person.names.filter(is_primary=True).values_list("pk", flat=True).first()
    person.names.filter(is_primary=True).update(is_primary=False)
    PersonName.objects.filter(pk=row.pk).update(is_primary=True)
    bump_version(person)
    record(actor=actor, action=Action.NAME_PRIMARY, obj=person,
           changes=audit_events.primary_name_changed(before, row.pk))
    row.is_primary = True
    return row
