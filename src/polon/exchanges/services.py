"""Every write on exchange rounds and their lists: keyword-only arguments, the acting user, one transaction,
and the audit event appended inside it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import transaction

from polon.access.policies import require
from polon.access.scope import person_scope, scope_via_person
from polon.audit.log import diff, record
from polon.core.countries import UnknownCountryError, normalise_country
from polon.core.errors import NotFound, ValidationFailed
from polon.core.partial_dates import PartialDateError, normalise_partial_date
from polon.exchanges.models import (
    Consent,
    EntryCategory,
    EntryStatus,
    ExchangeRound,
    Formula,
    RoundEntry,
    RoundStatus,
    Side,
)
from polon.registry.choices import Category, EventType
from polon.registry.models import Person
from polon.registry.services import add_event, create_person
from polon.registry.services.guards import check_version
from polon.registry.services.names import NameInput
from polon.registry.services.persons import CitizenshipInput
from polon.sources.selectors import cited_sources

# The state whose information bureau this is: received persons holding its citizenship go home.
OWN_COUNTRY = "UA"

ROUND_FIELDS = ("title", "proposed_on", "agreed_on", "place", "parties", "mediator", "formula", "formula_n",
                "formula_category", "status", "notes")

# Which entry statuses may follow which; "exchanged" is only ever set by executing the round.
ENTRY_TRANSITIONS: dict[str, frozenset[str]] = {
    EntryStatus.PROPOSED: frozenset({EntryStatus.REQUESTED, EntryStatus.AGREED, EntryStatus.STRUCK,
                                     EntryStatus.RELEASED_OUTSIDE}),
    EntryStatus.REQUESTED: frozenset({EntryStatus.PROPOSED, EntryStatus.AGREED, EntryStatus.STRUCK,
                                      EntryStatus.RELEASED_OUTSIDE}),
    EntryStatus.AGREED: frozenset({EntryStatus.STRUCK, EntryStatus.RELEASED_OUTSIDE}),
    EntryStatus.STRUCK: frozenset({EntryStatus.PROPOSED, EntryStatus.REQUESTED}),
    EntryStatus.EXCHANGED: frozenset(),
    EntryStatus.RELEASED_OUTSIDE: frozenset(),
}
CLOSED_ROUND = (RoundStatus.EXECUTED, RoundStatus.PARTLY_EXECUTED, RoundStatus.CANCELLED)
_REFUSES = "a person who refuses to return cannot be agreed for exchange (GC III Art. 109)"


def clean_date(value, field: str, errors: dict) -> str:
    try:
        return normalise_partial_date(value or "")
    except PartialDateError as exc:
        errors.setdefault(field, []).append(str(exc))
        return ""


def clean_country(value, field: str, errors: dict) -> str:
    if not value:
        return ""
    try:
        return normalise_country(str(value))
    except UnknownCountryError as exc:
        errors.setdefault(field, []).append(str(exc))
        return ""


def clean_round_fields(data: dict) -> dict:
    errors: dict[str, list[str]] = {}
    unknown = sorted(set(data) - set(ROUND_FIELDS))
    for name in unknown:
        errors[name] = ["not a field of an exchange round"]
    cleaned: dict = {}
    for name, value in data.items():
        if name in unknown:
            continue
        if name in ("proposed_on", "agreed_on"):
            cleaned[name] = clean_date(value, name, errors)
        elif name == "parties":
            codes = value.replace(";", ",").split(",") if isinstance(value, str) else list(value or [])
            cleaned[name] = [c for c in (clean_country(v.strip(), name, errors) for v in codes if v.strip()) if c]
        elif name == "mediator":
            cleaned[name] = clean_country(value, name, errors)
        elif name == "formula":
            if value not in Formula.values:
                errors.setdefault(name, []).append(f"'{value}' is not one of {', '.join(Formula.values)}")
            cleaned[name] = value
        elif name == "formula_n":
            if value in (None, ""):
                cleaned[name] = None
                continue
            try:
                cleaned[name] = int(value)
                if cleaned[name] < 1:
                    raise ValueError
            except (TypeError, ValueError):
                errors.setdefault(name, []).append(f"'{value}' is not a positive whole number")
        elif name == "status":
            if value not in (RoundStatus.NEGOTIATING, RoundStatus.AGREED, RoundStatus.CANCELLED):
                errors.setdefault(name, []).append(
                    "a round is negotiating, agreed or cancelled; it becomes executed by executing it")
            cleaned[name] = value
        else:
            cleaned[name] = "" if value is None else str(value).strip()
    if errors:
        raise ValidationFailed(errors)
    return cleaned


def round_snapshot(r: ExchangeRound) -> dict:
    return {"number": r.number, **{f: getattr(r, f) for f in ROUND_FIELDS}, "executed_on": r.executed_on,
            "sources": sorted(r.sources.values_list("pk", flat=True)) if r.pk else []}


def create_round(*, actor, number: int, source_ids: Sequence[int] = (), **fields) -> ExchangeRound:
    require(actor, "exchanges.write")
    fields.setdefault("parties", [OWN_COUNTRY, "RU"])
    cleaned = clean_round_fields(fields)
    try:
        number = int(number)
        if number < 1:
            raise ValueError
    except (TypeError, ValueError):
        raise ValidationFailed({"number": f"'{number}' is not a positive whole number"}) from None
    with transaction.atomic():
        if ExchangeRound.objects.filter(number=number).exists():
            raise ValidationFailed({"number": f"round {number} already exists"})
        sources = cited_sources(actor, source_ids)
        r = ExchangeRound.objects.create(number=number, **cleaned)
        r.sources.set(sources)
        record(actor=actor, action="exchange.round.create", obj=r, changes={"after": round_snapshot(r)})
    return r


def round_for_write(round_id: int) -> ExchangeRound:
    try:
        return ExchangeRound.objects.select_for_update().get(pk=round_id)
    except (ExchangeRound.DoesNotExist, ValueError, TypeError):
        raise NotFound(f"exchange round {round_id} not found") from None


def add_round_source(*, actor, round_id: int, source_id: int) -> ExchangeRound:
    """Cite one more source for a round (e.g. an article reviewed after the fact); closed rounds accept it too,
    since a source documents what happened rather than changing it."""
    require(actor, "exchanges.write")
    with transaction.atomic():
        r = round_for_write(round_id)
        (source,) = cited_sources(actor, [source_id])
        if r.sources.filter(pk=source.pk).exists():
            return r
        r.sources.add(source)
        record(actor=actor, action="exchange.round.source.add", obj=r, changes={"after": {"source": source.pk}})
    return r


def update_round(*, actor, round_id: int, changes: dict, expected_version: int | None = None) -> ExchangeRound:
    require(actor, "exchanges.write")
    cleaned = clean_round_fields(changes)
    with transaction.atomic():
        r = round_for_write(round_id)
        check_version(r, expected_version)
        if r.status in CLOSED_ROUND:
            raise ValidationFailed({"status": f"round {r.number} is {r.get_status_display().lower()}; "
                                              "it can no longer be changed"})
        before = round_snapshot(r)
        for name, value in cleaned.items():
            setattr(r, name, value)
        change = diff(before, round_snapshot(r))
        if not change["after"]:
            return r
        r.version += 1
        r.save()
        record(actor=actor, action="exchange.round.update", obj=r, changes=change)
    return r


def _clean_categories(categories, errors: dict) -> list[str]:
    values = [c.strip() for c in (categories.split(",") if isinstance(categories, str) else categories or [])
              if c and c.strip()]
    bad = [c for c in values if c not in EntryCategory.values]
    if bad:
        errors.setdefault("categories", []).append(
            f"{', '.join(bad)}: not a category; one of {', '.join(EntryCategory.values)}")
    return sorted(set(values) - set(bad))


def entry_snapshot(e: RoundEntry) -> dict:
    return {"round": e.round_id, "side": e.side, "person": e.person_id, "status": e.status,
            "struck_by": e.struck_by, "struck_reason": e.struck_reason, "consent": e.consent,
            "categories": e.categories, "note": e.note}


def add_entry(*, actor, round_id: int, side: str, person_id: int, status: str = EntryStatus.PROPOSED,
              consent: str = Consent.UNKNOWN, categories: Sequence[str] = (), note: str = "") -> RoundEntry:
    """Put a person from the registry on one of the round's lists."""
    require(actor, "exchanges.write")
    errors: dict[str, list[str]] = {}
    if side not in Side.values:
        errors["side"] = [f"'{side}' is not one of {', '.join(Side.values)}"]
    if status not in (EntryStatus.PROPOSED, EntryStatus.REQUESTED, EntryStatus.AGREED):
        errors["status"] = ["a new entry is proposed, requested or agreed"]
    if consent not in Consent.values:
        errors["consent"] = [f"'{consent}' is not one of {', '.join(Consent.values)}"]
    elif status == EntryStatus.AGREED and consent == Consent.REFUSES:
        errors["consent"] = [_REFUSES]
    cats = _clean_categories(categories, errors)
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        r = round_for_write(round_id)
        if r.status in CLOSED_ROUND:
            raise ValidationFailed({"round": f"round {r.number} is {r.get_status_display().lower()}"})
        try:
            person = person_scope(actor, Person.objects.all()).get(pk=person_id)
        except (Person.DoesNotExist, ValueError, TypeError):
            raise NotFound(f"person {person_id} not found") from None
        existing = RoundEntry.objects.filter(round=r, person=person).first()
        if existing is not None:
            raise ValidationFailed({"person": f"{person} is already on the '{existing.get_side_display()}' list "
                                              f"of round {r.number}"})
        entry = RoundEntry.objects.create(round=r, side=side, person=person, status=status, consent=consent,
                                          categories=cats, note=(note or "").strip())
        record(actor=actor, action="exchange.entry.add", obj=entry, changes={"after": entry_snapshot(entry)})
    return entry


def add_new_person_entry(*, actor, round_id: int, name: str, side: str = Side.RECEIVE, birth_date: str = "",
                         citizenship: str = OWN_COUNTRY, category: str = Category.OWN_HELD, rank: str = "",
                         unit: str = "", held_since: str = "", status: str = EntryStatus.PROPOSED,
                         categories: Sequence[str] = (), note: str = "") -> RoundEntry:
    """A name we do not know yet: record him as a person of `category`, then put him on the list.

    `held_since` records his capture too, since a name on the adversary's list is itself word that he is held;
    without it the round cannot be executed for him until his capture is recorded.
    """
    require(actor, "exchanges.write")
    with transaction.atomic():
        person = create_person(
            actor=actor, names=[NameInput(text=name)], category=category, birth_date=birth_date, rank=rank,
            unit=unit, citizenships=[CitizenshipInput(country=citizenship)] if citizenship else [],
            notes="Recorded from an exchange list.")
        if held_since:
            add_event(actor=actor, person_id=person.pk, type=EventType.CAPTURED, date=held_since,
                      note="held by the adversary according to an exchange list")
        entry = add_entry(actor=actor, round_id=round_id, side=side, person_id=person.pk, status=status,
                          categories=categories, note=note)
    return entry


def _entry_for_write(actor, entry_id: int) -> RoundEntry:
    try:
        return (scope_via_person(actor, RoundEntry.objects.select_for_update())
                .select_related("round", "person").get(pk=entry_id))
    except (RoundEntry.DoesNotExist, ValueError, TypeError):
        raise NotFound(f"list entry {entry_id} not found") from None


def update_entry(*, actor, entry_id: int, status: str | None = None, struck_by: str = "", struck_reason: str = "",
                 consent: str | None = None, categories: Sequence[str] | None = None,
                 note: str | None = None) -> RoundEntry:
    require(actor, "exchanges.write")
    with transaction.atomic():
        entry = _entry_for_write(actor, entry_id)
        before = entry_snapshot(entry)
        errors: dict[str, list[str]] = {}
        if entry.round.status in CLOSED_ROUND:
            errors["round"] = [f"round {entry.round.number} is {entry.round.get_status_display().lower()}"]
        if consent is not None:
            if consent not in Consent.values:
                errors["consent"] = [f"'{consent}' is not one of {', '.join(Consent.values)}"]
            else:
                entry.consent = consent
        if categories is not None:
            entry.categories = _clean_categories(categories, errors)
        if note is not None:
            entry.note = note.strip()
        if status and status != entry.status:
            if status not in EntryStatus.values:
                errors["status"] = [f"'{status}' is not one of {', '.join(EntryStatus.values)}"]
            elif status not in ENTRY_TRANSITIONS[entry.status]:
                allowed = ", ".join(sorted(ENTRY_TRANSITIONS[entry.status])) or "nothing"
                hint = "; executing the round marks entries exchanged" if status == EntryStatus.EXCHANGED else ""
                errors["status"] = [f"an entry {entry.status} cannot become {status} (allowed: {allowed}){hint}"]
            else:
                if status == EntryStatus.STRUCK:
                    if not struck_by.strip():
                        errors.setdefault("struck_by", []).append("say who struck the name")
                    if not struck_reason.strip():
                        errors.setdefault("struck_reason", []).append("say why the name was struck")
                    entry.struck_by, entry.struck_reason = struck_by.strip(), struck_reason.strip()
                entry.status = status
        if entry.status == EntryStatus.AGREED and entry.consent == Consent.REFUSES:
            errors.setdefault("consent", []).append(_REFUSES)
        if errors:
            raise ValidationFailed(errors)
        change = diff(before, entry_snapshot(entry))
        if change["after"]:
            entry.save()
            record(actor=actor, action="exchange.entry.update", obj=entry, changes=change)
    return entry


@dataclass
class Execution:
    round: ExchangeRound
    exchanged: list[RoundEntry] = field(default_factory=list)
    events: list[int] = field(default_factory=list)
    not_exchanged: list[RoundEntry] = field(default_factory=list)


def goes_home(person: Person) -> bool:
    if person.category == Category.OWN_HELD:
        return True
    return any(c.country == OWN_COUNTRY for c in person.citizenships.all())


def execute_round(*, actor, round_id: int, date: str, place: str = "", note: str = "") -> Execution:
    """Exchange every agreed person of the round: `exchanged` on each timeline and `repatriated` for our own
    nationals received, all in one transaction. If the state machine refuses any one person (not in custody,
    dead, already released), every refusal is reported per person and nothing is written."""
    require(actor, "exchanges.write")
    errors: dict[str, list[str]] = {}
    date = clean_date(date, "date", errors)
    if not date and "date" not in errors:
        errors["date"] = ["the date the exchange took place is required"]
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        r = round_for_write(round_id)
        if r.status in CLOSED_ROUND:
            raise ValidationFailed({"round": f"round {r.number} is already {r.get_status_display().lower()}"})
        entries = list(r.entries.select_related("person").prefetch_related("person__citizenships", "person__names")
                       .order_by("side", "id"))
        agreed = [e for e in entries if e.status == EntryStatus.AGREED]
        if not agreed:
            raise ValidationFailed({"entries": f"round {r.number} has no agreed entries to exchange"})
        visible = set(person_scope(actor, Person.objects.filter(pk__in=[e.person_id for e in agreed]))
                      .values_list("pk", flat=True))
        source_ids = list(r.sources.values_list("pk", flat=True))
        result = Execution(round=r)
        label = f"Exchange round {r.number}" + (f" ({r.title})" if r.title else "")
        for entry in agreed:
            key = f"entries[{entry.pk}]"
            if entry.person_id not in visible:
                errors[key] = [f"person {entry.person_id} is outside your scope"]
                continue
            types = [EventType.EXCHANGED]
            if entry.side == Side.RECEIVE and goes_home(entry.person):
                types.append(EventType.REPATRIATED)
            try:
                for event_type in types:
                    event = add_event(actor=actor, person_id=entry.person_id, type=event_type, date=date,
                                      place=place, confidence="confirmed", note=f"{label}. {note}".strip(),
                                      source_ids=source_ids)
                    result.events.append(event.pk)
            except ValidationFailed as exc:
                reasons = [r for rs in exc.errors.values() for r in rs]
                errors[key] = [f"person {entry.person_id} ({entry.person}): {reason}" for reason in reasons]
                continue
            entry.status = EntryStatus.EXCHANGED
            entry.save(update_fields=["status", "updated_at"])
            result.exchanged.append(entry)
        if errors:
            raise ValidationFailed(errors)
        result.not_exchanged = [e for e in entries if e.status in (EntryStatus.PROPOSED, EntryStatus.REQUESTED)]
        r.status = RoundStatus.PARTLY_EXECUTED if result.not_exchanged else RoundStatus.EXECUTED
        r.executed_on = date
        r.version += 1
        r.save(update_fields=["status", "executed_on", "version"])
        record(actor=actor, action="exchange.round.execute", obj=r, changes={"after": {
            "status": r.status, "executed_on": date, "place": place,
            "exchanged": [{"entry": e.pk, "person": e.person_id, "side": e.side} for e in result.exchanged],
            "events": result.events, "not_exchanged": [e.pk for e in result.not_exchanged]}})
    return result
