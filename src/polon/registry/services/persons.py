from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction

from polon.audit.log import diff, record
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
from polon.registry.services.guards import bump_version, check_version, person_for_write, require
from polon.registry.services.names import NameInput, clean_name, name_snapshot, store_name

# The identity fields a registrar may set directly on a person.
PERSON_FIELDS = (
    "category", "sex", "father_first_name", "mother_maiden_name", "birth_date", "birth_place", "rank", "army",
    "service_number", "unit", "power_depended", "informed_person_name", "informed_person_address",
    "correspondence_address", "languages", "restricted", "notes",
)
_TEXT_LIMITS = {f.name: f.max_length for f in Person._meta.fields if getattr(f, "max_length", None)}


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
        if value not in Category.values:
            raise ValueError(f"'{value}' is not a category; one of {', '.join(Category.values)}")
        return value
    if field == "sex":
        if value not in Sex.values:
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
    if item.provenance not in CitizenshipProvenance.values:
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


def create_person(*, actor, names: Sequence[NameInput], citizenships: Sequence[CitizenshipInput] = (),
                  events: Sequence[EventInput] = (), **fields: Any) -> Person:
    """Record a person with at least one name (the first is primary), any citizenships and, for an intake of
    a whole record, the timeline known so far (checked by the state machine as one)."""
    require(actor, "registry.write")
    errors: dict[str, list[str]] = {}
    try:
        cleaned = clean_person_fields(fields, partial=False)
    except ValidationFailed as exc:
        errors.update(exc.errors)
        cleaned = {}
    clean_names: list[NameInput] = []
    if not names:
        errors.setdefault("names", []).append("a person needs at least one name")
    for index, name in enumerate(names):
        try:
            clean_names.append(clean_name(name, f"names[{index}]"))
        except ValidationFailed as exc:
            errors.update(exc.errors)
    clean_citizenships: list[CitizenshipInput] = []
    for index, item in enumerate(citizenships):
        try:
            clean_citizenships.append(clean_citizenship(item, f"citizenships[{index}]"))
        except ValidationFailed as exc:
            errors.update(exc.errors)
    pairs = [(c.country, c.provenance) for c in clean_citizenships]
    if len(set(pairs)) != len(pairs):
        errors.setdefault("citizenships", []).append("the same citizenship and provenance is given twice")
    clean_events: list[EventInput] = []
    for index, event in enumerate(events):
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
    with transaction.atomic():
        person = Person(**cleaned)
        _save_checked(person)
        insert_events(person, clean_events, actor=actor)
        stored_names = [store_name(person, name, primary=index == 0) for index, name in enumerate(clean_names)]
        for item in clean_citizenships:
            Citizenship.objects.create(person=person, country=item.country, provenance=item.provenance,
                                       as_of=item.as_of, source_id=item.source_id)
        record(actor=actor, action="person.create", obj=person, changes={"after": {
            **snapshot(person), "names": [name_snapshot(n) for n in stored_names],
            "citizenships": [[c.country, c.provenance, c.as_of] for c in clean_citizenships],
            "events": [event_snapshot(e) for e in clean_events]}})
    return person


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
