from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

from django.db import IntegrityError, transaction

from polon.access.policies import require
from polon.audit.log import Entry, diff, record, record_many
from polon.core.batches import in_batches
from polon.core.bulk import insert_rows
from polon.core.countries import UnknownCountryError, normalise_country
from polon.core.errors import ValidationFailed
from polon.core.partial_dates import PartialDateError, normalise_partial_date
from polon.registry.choices import Category, CitizenshipProvenance, Sex
from polon.registry.models import Citizenship, MatchJudgement, Person
from polon.registry.services.events import (
    EventInput,
    check_timeline,
    clean_event,
    event_snapshot,
    insert_events,
)
from polon.registry.services.guards import bump_version, check_version, person_for_write
from polon.registry.services.names import NameInput, clean_name, name_snapshot, store_names

# The identity fields a registrar may set directly on a person.
PERSON_FIELDS = (
    "category", "sex", "father_first_name", "mother_maiden_name", "birth_date", "birth_place", "rank", "army",
    "service_number", "unit", "power_depended", "informed_person_name", "informed_person_address",
    "correspondence_address", "languages", "restricted", "notes",
)
_TEXT_LIMITS = {f.name: f.max_length for f in Person._meta.fields if getattr(f, "max_length", None)}
# Checked for every person of an import: sets, not the enums' lists built at each call.
_CATEGORIES, _SEXES = frozenset(Category.values), frozenset(Sex.values)
_PROVENANCES = frozenset(CitizenshipProvenance.values)


@dataclass(frozen=True)
class CitizenshipInput:
    country: str
    provenance: str = CitizenshipProvenance.SELF_DECLARED
    as_of: str = ""
    source_id: int | None = None


def clean_person_fields(data: dict[str, Any], *, partial: bool) -> dict[str, Any]:
    """Validate identity fields; raise ValidationFailed naming each bad field and why."""
    unknown = sorted(set(data) - set(PERSON_FIELDS))
    errors: dict[str, list[str]] = {field: ["not a field of a person"] for field in unknown}
    cleaned: dict[str, Any] = {}
    for field, value in data.items():
        if field in unknown:
            continue
        try:
            cleaned[field] = _clean_field(field, value)
        except ValueError as exc:
            errors.setdefault(field, []).append(str(exc))
    if not partial and "category" not in cleaned:
        errors.setdefault("category", []).append(f"required; one of {', '.join(Category.values)}")
    if errors:
        raise ValidationFailed(errors)
    return cleaned


def _clean_field(field: str, value: Any) -> Any:
    if field == "category":
        if value not in _CATEGORIES:
            raise ValueError(f"'{value}' is not a category; one of {', '.join(Category.values)}")
        return value
    if field == "sex":
        if value not in _SEXES:
            raise ValueError(f"'{value}' is not one of {', '.join(Sex.values)}")
        return value
    if field == "birth_date":
        try:
            return normalise_partial_date(value)
        except PartialDateError as exc:
            raise ValueError(str(exc)) from None
    if field == "power_depended":
        if not value:
            return ""
        try:
            return normalise_country(value)
        except UnknownCountryError as exc:
            raise ValueError(str(exc)) from None
    if field == "languages":
        if isinstance(value, str):
            value = [v for v in value.replace(";", ",").split(",")]
        codes = [str(v).strip().lower() for v in value if str(v).strip()]
        bad = [c for c in codes if not (2 <= len(c) <= 3 and c.isalpha())]
        if bad:
            raise ValueError(f"{', '.join(bad)}: use ISO 639 language codes such as uk, ru, kk")
        return codes
    if field == "restricted":
        if isinstance(value, str):
            return value.strip().lower() in ("1", "true", "yes", "on")
        return bool(value)
    text = "" if value is None else str(value).strip()
    limit = _TEXT_LIMITS.get(field)
    if limit and len(text) > limit:
        raise ValueError(f"at most {limit} characters, got {len(text)}")
    return text


def clean_citizenship(item: CitizenshipInput, field: str = "citizenship") -> CitizenshipInput:
    errors: list[str] = []
    country = as_of = ""
    try:
        country = normalise_country(item.country)
    except UnknownCountryError as exc:
        errors.append(str(exc))
    if item.provenance not in _PROVENANCES:
        errors.append(f"provenance '{item.provenance}' is not one of {', '.join(CitizenshipProvenance.values)}")
    try:
        as_of = normalise_partial_date(item.as_of)
    except PartialDateError as exc:
        errors.append(str(exc))
    if errors:
        raise ValidationFailed({field: errors})
    return CitizenshipInput(country=country, provenance=item.provenance, as_of=as_of, source_id=item.source_id)


def snapshot(person: Person) -> dict[str, Any]:
    return {field: getattr(person, field) for field in PERSON_FIELDS}


def _save_checked(person: Person, **kwargs) -> None:
    try:
        with transaction.atomic():
            person.save(**kwargs)
    except IntegrityError as exc:
        if "service_number" in str(exc) or "person_unique_service_number_per_army" in str(exc):
            raise ValidationFailed({"service_number": (
                f"service number '{person.service_number}' is already recorded in army '{person.army}'")}) from None
        raise


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
    clean_names: list[NameInput] = []
    if not draft.names:
        errors.setdefault("names", []).append("a person needs at least one name")
    for index, name in enumerate(draft.names):
        try:
            clean_names.append(clean_name(name, f"names[{index}]"))
        except ValidationFailed as exc:
            errors.update(exc.errors)
    clean_citizenships: list[CitizenshipInput] = []
    for index, item in enumerate(draft.citizenships):
        try:
            clean_citizenships.append(clean_citizenship(item, f"citizenships[{index}]"))
        except ValidationFailed as exc:
            errors.update(exc.errors)
    pairs = [(c.country, c.provenance) for c in clean_citizenships]
    if len(set(pairs)) != len(pairs):
        errors.setdefault("citizenships", []).append("the same citizenship and provenance is given twice")
    clean_events: list[EventInput] = []
    for index, event in enumerate(draft.events):
        try:
            clean_events.append(clean_event(event, f"events[{index}]."))
        except ValidationFailed as exc:
            errors.update(exc.errors)
    if not errors and clean_events:
        try:
            check_timeline([], clean_events)
        except ValidationFailed as exc:
            errors.update(exc.errors)
    if errors:
        raise ValidationFailed(errors)
    return PersonDraft(names=tuple(clean_names), citizenships=tuple(clean_citizenships),
                       events=tuple(clean_events), fields=cleaned)


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
                clashes[index] = (f"service number '{number}' of army '{key[0]}' is given twice "
                                  f"(also by person {wanted[key] + 1} of this batch)")
            else:
                wanted[key] = index
    numbers = sorted({number for _army, number in wanted})
    for batch in in_batches(numbers):
        for army, number, pk in Person.objects.filter(service_number__in=batch).values_list(
                "army", "service_number", "pk"):
            if (army, number) in wanted:
                clashes[wanted[army, number]] = (f"service number '{number}' is already recorded in army "
                                                 f"'{army}' (person {pk})")
    return clashes


def create_person(*, actor, names: Sequence[NameInput], citizenships: Sequence[CitizenshipInput] = (),
                  events: Sequence[EventInput] = (), **fields: Any) -> Person:
    """Record a person with at least one name (the first is primary), any citizenships and, for an intake of
    a whole record, the timeline known so far (checked by the state machine as one)."""
    require(actor, "registry.write")
    draft = clean_person(PersonDraft(names=names, citizenships=citizenships, events=events, fields=fields))
    with transaction.atomic():
        clash = service_number_clashes([draft])
        if clash:
            raise ValidationFailed({"service_number": clash[0]})
        return _insert_persons(actor, [draft])[0]


def create_persons(*, actor, persons: Sequence[PersonDraft], batch_size: int = 500,
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


def write_clean_persons(*, actor, drafts: Sequence[PersonDraft], batch_size: int = 500,
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
        for start in range(0, len(drafts), batch_size):
            batch = drafts[start:start + batch_size]
            rows += _insert_persons(actor, batch)
            if progress is not None:
                progress(len(batch))
    return rows


def _insert_persons(actor, drafts: Sequence[PersonDraft]) -> list[Person]:
    """Write cleaned drafts whose service numbers are free, with one ``person.create`` audit event each.
    Callers hold the transaction."""
    people = [Person(**draft.fields) for draft in drafts]
    try:
        with transaction.atomic():
            insert_rows(people)
    except IntegrityError as exc:  # a number recorded by another writer since the check
        if "service_number" in str(exc) or "person_unique_service_number_per_army" in str(exc):
            raise ValidationFailed({"service_number": "a service number was recorded meanwhile by someone else; "
                                                      "nothing was written, try again"}) from None
        raise
    for person, draft in zip(people, drafts, strict=True):
        if draft.events:
            insert_events(person, draft.events, actor=actor)
    names = store_names([(person, name, index == 0) for person, draft in zip(people, drafts, strict=True)
                         for index, name in enumerate(draft.names)])
    insert_rows([
        Citizenship(person=person, country=item.country, provenance=item.provenance, as_of=item.as_of,
                    source_id=item.source_id)
        for person, draft in zip(people, drafts, strict=True) for item in draft.citizenships])
    stored = iter(names)
    record_many(actor=actor, entries=[Entry(action="person.create", obj=person, changes={"after": {
        **snapshot(person), "names": [name_snapshot(next(stored)) for _ in draft.names],
        "citizenships": [[c.country, c.provenance, c.as_of] for c in draft.citizenships],
        "events": [event_snapshot(e) for e in draft.events]}}) for person, draft in zip(people, drafts, strict=True)])
    return people


def update_person(*, actor, person_id: int, expected_version: int, changes: dict[str, Any]) -> Person:
    """Change identity fields, refusing with ConflictError if the person changed since `expected_version`."""
    cleaned = clean_person_fields(changes, partial=True)
    with transaction.atomic():
        person = person_for_write(actor, person_id)
        check_version(person, expected_version)
        before = snapshot(person)
        for field, value in cleaned.items():
            setattr(person, field, value)
        after = snapshot(person)
        change = diff(before, after)
        if not change["after"]:
            return person
        person.version += 1
        _save_checked(person)
        record(actor=actor, action="person.update", obj=person, changes=change)
    return person


def add_citizenship(*, actor, person_id: int, citizenship: CitizenshipInput) -> Citizenship:
    item = clean_citizenship(citizenship)
    with transaction.atomic():
        person = person_for_write(actor, person_id)
        row, created = Citizenship.objects.get_or_create(
            person=person, country=item.country, provenance=item.provenance,
            defaults={"as_of": item.as_of, "source_id": item.source_id})
        if not created:
            raise ValidationFailed({"citizenship": (
                f"{item.country} ({item.provenance}) is already recorded for this person")})
        bump_version(person)
        record(actor=actor, action="citizenship.add", obj=row, changes={"person": person.pk, "after": {
            "country": item.country, "provenance": item.provenance, "as_of": item.as_of, "source": item.source_id}})
    return row


def judge_match(*, actor, person_id: int, query: str, same: bool) -> MatchJudgement:
    """Record that `query` (a spelling or record reference) is, or is not, this person. It beats any score."""
    require(actor, "registry.write")
    query = " ".join((query or "").split())
    if not query:
        raise ValidationFailed({"query": "cannot be empty"})
    with transaction.atomic():
        person = person_for_write(actor, person_id, lock=False)
        judgement, _ = MatchJudgement.objects.update_or_create(
            person=person, query=query, defaults={"same": same, "judged_by": actor})
        record(actor=actor, action="match.judge", obj=judgement,
               changes={"after": {"person": person.pk, "query": query, "same": same}})
    return judgement
