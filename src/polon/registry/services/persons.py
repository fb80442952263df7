from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import TYPE_CHECKING, Any, TypeVar

from django.db import IntegrityError, transaction
from django.utils.translation import gettext

from polon.access.policies import require
from polon.audit.actions import Action
from polon.audit.log import Entry, record, record_many
from polon.core.batches import in_batches
from polon.core.bulk import insert_rows
from polon.core.errors import ValidationFailed
from polon.core.validate import Errors
from polon.registry import audit_events
from polon.registry.choices import Category, CitizenshipProvenance, Sex
from polon.registry.models import Citizenship, MatchJudgement, Person
from polon.registry.services.events import EventInput, check_timeline, clean_event, insert_events
from polon.registry.services.guards import bump_version, check_version, person_for_write
from polon.registry.services.names import NameInput, check_sources_exist, clean_name, store_names

if TYPE_CHECKING:
    from polon.accounts.models import User

# The identity fields a registrar may set directly on a person.
PERSON_FIELDS = (
    "category", "sex", "father_first_name", "mother_maiden_name", "birth_date", "birth_place", "rank", "army",
    "service_number", "internment_number", "unit", "power_depended", "informed_person_name",
    "informed_person_address", "correspondence_address", "languages", "restricted", "notes",
)
_TEXT_LIMITS = {f.name: f.max_length for f in Person._meta.fields if getattr(f, "max_length", None)}
# Checked for every person of an import: a set, not the enum's list built at each call.
_CATEGORIES = frozenset(Category.values)
_PROVENANCES = frozenset(CitizenshipProvenance.values)
# A name, citizenship or event of a draft, cleaned into its own kind.
_Part = TypeVar("_Part")


@dataclass(frozen=True)
class CitizenshipInput:
    country: str
    provenance: str = CitizenshipProvenance.SELF_DECLARED
    as_of: str = ""
    source_id: int | None = None


def clean_person_fields(data: dict[str, Any], *, partial: bool) -> dict[str, Any]:
    """Validate identity fields; raise ValidationFailed naming each bad field and why."""
    errors = Errors()
    for field in sorted(set(data) - set(PERSON_FIELDS)):
        errors.add(field, gettext("not a field of a person"))
    cleaned: dict[str, Any] = {}
    for field, value in data.items():
        if field in PERSON_FIELDS:
            value = _clean_field(errors, field, value)
            if field not in errors.by_field:
                cleaned[field] = value
    if not partial and "category" not in cleaned:
        errors.add("category", gettext("required; one of %(choices)s") % {"choices": ", ".join(Category.values)})
    errors.raise_if_any()
    return cleaned


def _clean_field(errors: Errors, field: str, value: Any) -> Any:
    """The field's cleaned value; a reason added to ``errors`` under ``field`` if it is not valid."""
    if field == "category":
        if not isinstance(value, str) or value not in _CATEGORIES:
            errors.add(field, gettext("'%(value)s' is not a category; one of %(choices)s")
                       % {"value": value, "choices": ", ".join(Category.values)})
        return value
    if field == "sex":
        return errors.choice(field, value, Sex)
    if field == "birth_date":
        return errors.partial_date(field, value)
    if field == "power_depended":
        return errors.country(field, value)
    if field == "languages":
        if isinstance(value, str):
            value = [v for v in value.replace(";", ",").split(",")]
        if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
            errors.add(field, gettext("a list of ISO 639 language codes such as uk, ru, kk"))
            return []
        codes = [str(v).strip().lower() for v in value if str(v).strip()]
        bad = [c for c in codes if not (2 <= len(c) <= 3 and c.isalpha())]
        if bad:
            errors.add(field, gettext("%(codes)s: use ISO 639 language codes such as uk, ru, kk")
                       % {"codes": ", ".join(bad)})
        return codes
    if field == "restricted":
        if isinstance(value, str):
            return value.strip().lower() in ("1", "true", "yes", "on")
        if value is not None and (not isinstance(value, (bool, int)) or value not in (0, 1)):
            errors.add(field, gettext("true or false"))
        return bool(value)
    if isinstance(value, (dict, list, tuple, set)):
        errors.add(field, gettext("a text, not a list or an object"))
        return ""
    text = "" if value is None else str(value).strip()
    limit = _TEXT_LIMITS.get(field)
    if limit and len(text) > limit:
        errors.add(field, gettext("at most %(limit)d characters, got %(n)d") % {"limit": limit, "n": len(text)})
    return text


def clean_citizenship(item: CitizenshipInput, field: str = "citizenship") -> CitizenshipInput:
    """The citizenship with its country code and date normalised, or ValidationFailed naming ``field``."""
    errors = Errors()
    country = errors.country(field, item.country, required=True)
    if item.provenance not in _PROVENANCES:
        errors.add(field, gettext("provenance '%(value)s' is not one of %(choices)s")
                   % {"value": item.provenance, "choices": ", ".join(CitizenshipProvenance.values)})
    as_of = errors.partial_date(field, item.as_of)
    errors.raise_if_any()
    return CitizenshipInput(country=country, provenance=item.provenance, as_of=as_of, source_id=item.source_id)


def snapshot(person: Person) -> dict[str, Any]:
    return {field: getattr(person, field) for field in PERSON_FIELDS}


def _save_checked(person: Person, **kwargs: Any) -> None:
    try:
        with transaction.atomic():
            person.save(**kwargs)
    except IntegrityError as exc:
        if "internment_number" in str(exc):
            raise ValidationFailed({"internment_number": _internment_number_taken(person.internment_number)}) from None
        if "service_number" in str(exc) or "person_unique_service_number_per_army" in str(exc):
            raise ValidationFailed({"service_number": gettext(
                "service number '%(number)s' is already recorded in army '%(army)s'")
                % {"number": person.service_number, "army": person.army}}) from None
        raise


def _internment_number_taken(number: str, other: int | None = None) -> str:
    if other is None:
        return gettext("prisoner number '%(number)s' is already given to another person") % {"number": number}
    return gettext("prisoner number '%(number)s' is already given to person %(id)s") % {"number": number, "id": other}


def internment_number_clashes(drafts: Sequence[PersonDraft]) -> dict[int, str]:
    """Index → reason, for each draft whose prisoner (internment) number is already given to a recorded person
    or to an earlier draft: the Detaining Power gives each prisoner his own number (GC III Art. 17)."""
    wanted: dict[str, int] = {}
    clashes: dict[int, str] = {}
    for index, draft in enumerate(drafts):
        number = draft.fields.get("internment_number", "")
        if number:
            if number in wanted:
                clashes[index] = gettext("prisoner number '%(number)s' is given twice (also by person %(other)s "
                                         "of this batch)") % {"number": number, "other": wanted[number] + 1}
            else:
                wanted[number] = index
    for batch in in_batches(sorted(wanted)):
        for number, pk in Person.objects.filter(internment_number__in=batch).values_list("internment_number", "pk"):
            clashes[wanted[number]] = _internment_number_taken(number, pk)
    return clashes


@dataclass(frozen=True)
class PersonDraft:
    """A person to record: names (the first is primary), citizenships, the timeline known so far for an intake
    of a whole record, and identity fields (PERSON_FIELDS)."""

    names: Sequence[NameInput]
    citizenships: Sequence[CitizenshipInput] = ()
    events: Sequence[EventInput] = ()
    fields: dict[str, Any] = dataclass_field(default_factory=dict)


def clean_person(draft: PersonDraft) -> PersonDraft:
    """The draft with every part checked and normalised, or ValidationFailed naming each bad field and why
    (``names[1]``, ``citizenships[0]``, ``events[2].date``, ``birth_date``, …)."""
    errors: dict[str, list[str]] = {}
    try:
        cleaned = clean_person_fields(draft.fields, partial=False)
    except ValidationFailed as exc:
        errors.update(exc.errors)
        cleaned = {}
    if not draft.names:
        errors.setdefault("names", []).append(gettext("a person needs at least one name"))
    clean_names = _clean_each(draft.names, clean_name, "names[{}]", errors)
    clean_citizenships = _clean_each(draft.citizenships, clean_citizenship, "citizenships[{}]", errors)
    pairs = [(c.country, c.provenance) for c in clean_citizenships]
    if len(set(pairs)) != len(pairs):
        errors.setdefault("citizenships", []).append(gettext("the same citizenship and provenance is given twice"))
    clean_events = _clean_each(draft.events, clean_event, "events[{}].", errors)
    if not errors and clean_events:
        try:
            check_timeline([], clean_events)
        except ValidationFailed as exc:
            errors.update(exc.errors)
    if errors:
        raise ValidationFailed(errors)
    return PersonDraft(names=tuple(clean_names), citizenships=tuple(clean_citizenships),
                       events=tuple(clean_events), fields=cleaned)


def _clean_each(items: Sequence[_Part], clean: Callable[[_Part, str], _Part], field: str,
                errors: dict[str, list[str]]) -> list[_Part]:
    """The parts that ``clean`` accepts, each checked under its name (``field`` with its index); the errors of
    the others are gathered into ``errors``, so that one answer names every bad part."""
    cleaned = []
    for index, item in enumerate(items):
        try:
            cleaned.append(clean(item, field.format(index)))
        except ValidationFailed as exc:
            errors.update(exc.errors)
    return cleaned


def service_number_clashes(drafts: Sequence[PersonDraft]) -> dict[int, str]:
    """Index → reason, for each draft whose service number is already recorded in its army, or given by an
    earlier draft (one army's number series names one person)."""
    wanted: dict[tuple[str, str], int] = {}
    clashes: dict[int, str] = {}
    for index, draft in enumerate(drafts):
        number = draft.fields.get("service_number", "")
        if number:
            key = (draft.fields.get("army", ""), number)
            if key in wanted:
                clashes[index] = gettext("service number '%(number)s' of army '%(army)s' is given twice "
                                         "(also by person %(other)s of this batch)") % {
                    "number": number, "army": key[0], "other": wanted[key] + 1}
            else:
                wanted[key] = index
    numbers = sorted({number for _army, number in wanted})
    for batch in in_batches(numbers):
        for army, number, pk in Person.objects.filter(service_number__in=batch).values_list(
                "army", "service_number", "pk"):
            if (army, number) in wanted:
                clashes[wanted[army, number]] = gettext(
                    "service number '%(number)s' is already recorded in army '%(army)s' (person %(id)s)") % {
                    "number": number, "army": army, "id": pk}
    return clashes


def create_person(*, actor: User, names: Sequence[NameInput], citizenships: Sequence[CitizenshipInput] = (),
                  events: Sequence[EventInput] = (), internment_number: str = "", **fields: Any) -> Person:
    """Record a person with at least one name (the first is primary), any citizenships and, for an intake of
    a whole record, the timeline known so far (checked by the state machine as one). ``internment_number`` is
    the prisoner number the Detaining Power gave him (unique when set)."""
    require(actor, "registry.write")
    if internment_number:
        fields["internment_number"] = internment_number
    draft = clean_person(PersonDraft(names=names, citizenships=citizenships, events=events, fields=fields))
    with transaction.atomic():
        clash = service_number_clashes([draft])
        if clash:
            raise ValidationFailed({"service_number": clash[0]})
        taken = internment_number_clashes([draft])
        if taken:
            raise ValidationFailed({"internment_number": taken[0]})
        return _insert_persons(actor, [draft])[0]


def create_persons(*, actor: User, persons: Sequence[PersonDraft], batch_size: int = 500,
                   progress: Callable[[int], None] | None = None) -> list[Person]:
    """Record many persons as :func:`create_person` records one (same checks, same audit event each), all or
    none: one transaction, written in batches of a few statements each; ``progress(n)`` after each batch.
    Errors are named ``persons[i].field``; with any error nothing is written."""
    require(actor, "registry.write")
    errors: dict[str, list[str]] = {}
    drafts: list[PersonDraft] = []
    for index, draft in enumerate(persons):
        try:
            drafts.append(clean_person(draft))
        except ValidationFailed as exc:
            errors.update({f"persons[{index}].{key}": reasons for key, reasons in exc.errors.items()})
    if errors:
        raise ValidationFailed(errors)
    return write_clean_persons(actor=actor, drafts=drafts, batch_size=batch_size, progress=progress)


def write_clean_persons(*, actor: User, drafts: Sequence[PersonDraft], batch_size: int = 500,
                        progress: Callable[[int], None] | None = None) -> list[Person]:
    """The writing half of :func:`create_persons`, for a caller that has just checked every draft with
    :func:`clean_person` (the file import, which names each line's errors). Refuses drafts whose service
    numbers are taken, naming them ``persons[i].service_number``."""
    require(actor, "registry.write")
    rows: list[Person] = []
    with transaction.atomic():
        clashes = service_number_clashes(drafts)
        if clashes:
            raise ValidationFailed({f"persons[{i}].service_number": reason for i, reason in clashes.items()})
        taken = internment_number_clashes(drafts)
        if taken:
            raise ValidationFailed({f"persons[{i}].internment_number": reason for i, reason in taken.items()})
        for start in range(0, len(drafts), batch_size):
            batch = drafts[start:start + batch_size]
            rows += _insert_persons(actor, batch)
            if progress is not None:
                progress(len(batch))
    return rows


def _insert_persons(actor: User, drafts: Sequence[PersonDraft]) -> list[Person]:
    """Write cleaned drafts whose service numbers are free, with one ``person.create`` audit event each.
    Callers hold the transaction."""
    people = [Person(**draft.fields) for draft in drafts]
    try:
        with transaction.atomic():
            insert_rows(people)
    except IntegrityError as exc:  # a number recorded by another writer since the check
        if "internment_number" in str(exc):
            raise ValidationFailed({"internment_number": gettext(
                "a prisoner number was given meanwhile by someone else; nothing was written, try again")}) from None
        if "service_number" in str(exc) or "person_unique_service_number_per_army" in str(exc):
            raise ValidationFailed({"service_number": gettext(
                "a service number was recorded meanwhile by someone else; nothing was written, try again")}) from None
        raise
    for person, draft in zip(people, drafts, strict=True):
        if draft.events:
            insert_events(person, draft.events, actor=actor)
    names = store_names([(person, name, index == 0) for person, draft in zip(people, drafts, strict=True)
                         for index, name in enumerate(draft.names)])
    check_sources_exist((item.source_id for draft in drafts for item in draft.citizenships), "citizenships")
    insert_rows([
        Citizenship(person=person, country=item.country, provenance=item.provenance, as_of=item.as_of,
                    source_id=item.source_id)
        for person, draft in zip(people, drafts, strict=True) for item in draft.citizenships])
    stored = iter(names)
    record_many(actor=actor, entries=[Entry(Action.PERSON_CREATE, person, changes=audit_events.person_created(
        snapshot(person), names=[next(stored) for _ in draft.names], citizenships=draft.citizenships,
        events=draft.events)) for person, draft in zip(people, drafts, strict=True)])
    return people


def update_person(*, actor: User, person_id: int, expected_version: int, changes: dict[str, Any]) -> Person:
    """Change identity fields, refusing with ConflictError if the person changed since `expected_version`."""
    cleaned = clean_person_fields(changes, partial=True)
    with transaction.atomic():
        person = person_for_write(actor, person_id)
        check_version(person, expected_version)
        before = snapshot(person)
        for field, value in cleaned.items():
            setattr(person, field, value)
        change = audit_events.person_updated(before, snapshot(person))
        if not change["after"]:
            return person
        person.version += 1
        _save_checked(person)
        record(actor=actor, action=Action.PERSON_UPDATE, obj=person, changes=change)
    return person


def add_citizenship(*, actor: User, person_id: int, citizenship: CitizenshipInput) -> Citizenship:
    """Add a citizenship to a person, unless that country and provenance are already recorded."""
    item = clean_citizenship(citizenship)
    with transaction.atomic():
        person = person_for_write(actor, person_id)
        check_sources_exist([item.source_id], "source_id")
        row, created = Citizenship.objects.get_or_create(
            person=person, country=item.country, provenance=item.provenance,
            defaults={"as_of": item.as_of, "source_id": item.source_id})
        if not created:
            raise ValidationFailed({"citizenship": gettext(
                "%(country)s (%(provenance)s) is already recorded for this person")
                % {"country": item.country, "provenance": item.provenance}})
        bump_version(person)
        record(actor=actor, action=Action.CITIZENSHIP_ADD, obj=row,
               changes=audit_events.citizenship_added(person.pk, item))
    return row


def judge_match(*, actor: User, person_id: int, query: str, same: bool) -> MatchJudgement:
    """Record that `query` (a spelling or record reference) is, or is not, this person. It beats any score."""
    require(actor, "registry.write")
    query = " ".join((query or "").split())
    if not query:
        raise ValidationFailed({"query": gettext("cannot be empty")})
    with transaction.atomic():
        person = person_for_write(actor, person_id, lock=False)
        judgement, _ = MatchJudgement.objects.update_or_create(
            person=person, query=query, defaults={"same": same, "judged_by": actor})
        record(actor=actor, action=Action.MATCH_JUDGE, obj=judgement,
               changes=audit_events.match_judged(person.pk, query=query, same=same))
    return judgement
