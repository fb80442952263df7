"""Every write on exchange rounds and their lists: keyword-only arguments, the acting user, one transaction,
and the audit event appended inside it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from polon.access.policies import require
from polon.access.scope import person_scope, scope_via_person, visible_or_not_found
from polon.accounts.models import User
from polon.audit.actions import Action
from polon.audit.log import record
from polon.core.countries import OWN_COUNTRY
from polon.core.errors import ValidationFailed
from polon.core.validate import Errors
from polon.exchanges import events
from polon.exchanges.models import (
    ROUND_FIELDS,
    Consent,
    EntryCategory,
    EntryStatus,
    ExchangeRound,
    Formula,
    RoundEntry,
    RoundStatus,
    Side,
)
from polon.registry.choices import Category, EventType, Status
from polon.registry.models import Person
from polon.registry.services import add_event, create_person
from polon.registry.services.guards import check_version
from polon.registry.services.names import NameInput
from polon.registry.services.persons import CitizenshipInput
from polon.registry.services.repatriation import one_for_one_warning
from polon.sources.selectors import cited_sources

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
NEW_ENTRY_STATUSES = (EntryStatus.PROPOSED, EntryStatus.REQUESTED, EntryStatus.AGREED)


def _refuses() -> str:
    return _("a person who refuses to return cannot be agreed for exchange (GC III Art. 109)")


def _closed(r: ExchangeRound) -> str:
    return _("round %(number)s is %(status)s") % {"number": r.number, "status": r.get_status_display().lower()}


def _clean_round_fields(errors: Errors, data: dict[str, Any]) -> dict[str, Any]:
    cleaned: dict[str, Any] = {}
    for name, value in data.items():
        if name not in ROUND_FIELDS:
            errors.add(name, _("not a field of an exchange round"))
        elif name in ("proposed_on", "agreed_on"):
            cleaned[name] = errors.partial_date(name, value)
        elif name == "parties":
            codes = value.replace(";", ",").split(",") if isinstance(value, str) else list(value or [])
            cleaned[name] = errors.countries(name, codes)
        elif name == "mediator":
            cleaned[name] = errors.country(name, value)
        elif name == "formula":
            cleaned[name] = errors.choice(name, value, Formula)
        elif name == "formula_n":
            cleaned[name] = errors.positive_int(name, value, required=False)
        elif name == "status":
            if value not in (RoundStatus.NEGOTIATING, RoundStatus.AGREED, RoundStatus.CANCELLED):
                errors.add(name, _("a round is negotiating, agreed or cancelled; it becomes executed by executing it"))
            cleaned[name] = value
        else:
            cleaned[name] = errors.text(name, None if value is None else str(value))
    return cleaned


def create_round(*, actor: User, number: int | str, source_ids: Sequence[int] = (), **fields: Any) -> ExchangeRound:
    require(actor, "exchanges.prepare")
    fields.setdefault("parties", [OWN_COUNTRY, "RU"])
    errors = Errors()
    cleaned = _clean_round_fields(errors, fields)
    round_number = errors.positive_int("number", number)
    errors.raise_if_any()
    assert round_number is not None  # a required number: positive_int reported it otherwise
    with transaction.atomic():
        if ExchangeRound.objects.filter(number=round_number).exists():
            raise ValidationFailed({"number": _("round %(number)s already exists") % {"number": round_number}})
        sources = cited_sources(actor, source_ids)
        r = ExchangeRound.objects.create(number=round_number, **cleaned)
        r.sources.set(sources)
        record(actor=actor, action=Action.EXCHANGE_ROUND_CREATE, obj=r, changes=events.round_created(r))
    return r


def round_for_write(round_id: int | str) -> ExchangeRound:
    return visible_or_not_found(ExchangeRound.objects.select_for_update(), round_id, _("exchange round"))


def add_round_source(*, actor: User, round_id: int, source_id: int) -> ExchangeRound:
    """Cite one more source for a round (e.g. an article reviewed after the fact); closed rounds accept it too,
    since a source documents what happened rather than changing it."""
    require(actor, "exchanges.prepare")
    with transaction.atomic():
        r = round_for_write(round_id)
        (source,) = cited_sources(actor, [source_id])
        if r.sources.filter(pk=source.pk).exists():
            return r
        r.sources.add(source)
        record(actor=actor, action=Action.EXCHANGE_ROUND_SOURCE_ADD, obj=r,
               changes=events.round_source_added(source.pk))
    return r


def update_round(*, actor: User, round_id: int, changes: dict[str, Any],
                 expected_version: int | None = None) -> ExchangeRound:
    require(actor, "exchanges.prepare")
    errors = Errors()
    cleaned = _clean_round_fields(errors, changes)
    errors.raise_if_any()
    with transaction.atomic():
        r = round_for_write(round_id)
        check_version(r, expected_version)
        if r.status in CLOSED_ROUND:
            raise ValidationFailed({"status": _("round %(number)s is %(status)s; it can no longer be changed")
                                    % {"number": r.number, "status": r.get_status_display().lower()}})
        before = events.round_snapshot(r)
        for name, value in cleaned.items():
            setattr(r, name, value)
        change = events.changed(before, events.round_snapshot(r))
        if not change["after"]:
            return r
        r.version += 1
        r.save()
        record(actor=actor, action=Action.EXCHANGE_ROUND_UPDATE, obj=r, changes=change)
    return r


def _clean_categories(errors: Errors, categories: str | Sequence[str] | None) -> list[str]:
    values = categories.split(",") if isinstance(categories, str) else list(categories or [])
    cleaned = (errors.choice("categories", c.strip(), EntryCategory) for c in values if c and c.strip())
    return sorted({c for c in cleaned if c})


# The registry statuses in which a person can be on each list without a second thought: held by us for the list
# we hand over; held by the adversary (or not yet known, for the missing) for the list we receive.
EXPECTED_STATUSES: dict[str, frozenset[str]] = {
    Side.HAND_OVER: frozenset({Status.HELD, Status.HOSPITALISED}),
    Side.RECEIVE: frozenset({Status.HELD, Status.HOSPITALISED, Status.NOT_RECORDED}),
}
# The categories of person each list can hold at all: we hand over those we hold, and receive our own.
LIST_CATEGORIES: dict[str, frozenset[str]] = {
    Side.HAND_OVER: frozenset({Category.POW, Category.CIVILIAN}),
    Side.RECEIVE: frozenset({Category.OWN_HELD, Category.MISSING, Category.CIVILIAN}),
}


def entry_refusal(person: Person, side: str) -> str:
    """Why ``person`` can never be on the ``side`` list (empty when he can)."""
    if person.category in LIST_CATEGORIES.get(side, frozenset()):
        return ""
    if side == Side.HAND_OVER:
        return _("%(person)s is recorded as “%(category)s”: we cannot hand over a person we do not hold") % {
            "person": person, "category": person.get_category_display()}
    return _("%(person)s is recorded as “%(category)s”: we cannot receive a person we hold") % {
        "person": person, "category": person.get_category_display()}


def entry_warnings(person: Person, side: str) -> list[str]:
    """What should make a user think twice before putting ``person`` on the ``side`` list: a registry status
    other than the expected one (dead, repatriated, released, escaped, already exchanged…)."""
    if person.status in EXPECTED_STATUSES.get(side, frozenset()):
        return []
    status = person.get_status_display()
    if side == Side.HAND_OVER:
        return [_("%(person)s is “%(status)s” in the registry, not held by us: check before handing him over")
                % {"person": person, "status": status}]
    return [_("%(person)s is “%(status)s” in the registry, not held by the adversary: check before asking for him")
            % {"person": person, "status": status}]


def add_entry(*, actor: User, round_id: int, side: str, person_id: int, status: str = EntryStatus.PROPOSED,
              consent: str = Consent.UNKNOWN, categories: Sequence[str] = (), note: str = "",
              confirm_warnings: bool = False) -> RoundEntry:
    """Put a person from the registry on one of the round's lists. A person the list cannot hold (one we do not
    hold on the list we hand over, one we hold on the list we receive) is refused; one whose registry status is
    not what the list expects (dead, repatriated, released, escaped…) is refused with the warning, under
    ``confirm``, unless ``confirm_warnings``: then he is added and the warnings he was added despite go into the
    audit event."""
    require(actor, "exchanges.prepare")
    errors = Errors()
    side = errors.choice("side", side, Side)
    if status not in NEW_ENTRY_STATUSES:
        errors.add("status", _("a new entry is proposed, requested or agreed"))
    consent = errors.choice("consent", consent, Consent)
    if status == EntryStatus.AGREED and consent == Consent.REFUSES:
        errors.add("consent", _refuses())
    cats = _clean_categories(errors, categories)
    errors.raise_if_any()
    with transaction.atomic():
        r = round_for_write(round_id)
        if r.status in CLOSED_ROUND:
            raise ValidationFailed({"round": _closed(r)})
        person = visible_or_not_found(person_scope(actor, Person.objects.all()), person_id, _("person"))
        existing = RoundEntry.objects.filter(round=r, person=person).first()
        if existing is not None:
            raise ValidationFailed({"person": _("%(person)s is already on the '%(list)s' list of round %(number)s")
                                    % {"person": person, "list": existing.get_side_display(), "number": r.number}})
        refusal = entry_refusal(person, side)
        if refusal:
            raise ValidationFailed({"person": refusal})
        warnings = entry_warnings(person, side)
        if r.formula == Formula.N_FOR_N and (art109 := one_for_one_warning(person)):
            warnings.append(art109)  # GC III Art. 109(1): a warning, not a refusal
        if warnings and not confirm_warnings:
            raise ValidationFailed({"confirm": [*warnings, _("to put him on the list anyway, confirm")]})
        entry = RoundEntry.objects.create(round=r, side=side, person=person, status=status, consent=consent,
                                          categories=cats, note=(note or "").strip())
        record(actor=actor, action=Action.EXCHANGE_ENTRY_ADD, obj=entry,
               changes=events.entry_added(entry, warnings=warnings))
    return entry


def add_entries(*, actor: User, round_id: int, side: str, person_ids: Sequence[int],
                status: str = EntryStatus.PROPOSED, confirm_warnings: bool = False) -> list[RoundEntry]:
    """Put several persons on one list, all or none: every person's refusal and warning is reported at once
    (``persons[ID]``), and ``confirm`` asks to confirm the warnings of all of them."""
    require(actor, "exchanges.prepare")
    if not person_ids:
        raise ValidationFailed({"persons": _("choose at least one person")})
    errors = Errors()
    added: list[RoundEntry] = []
    with transaction.atomic():
        for person_id in person_ids:
            try:
                with transaction.atomic():
                    added.append(add_entry(actor=actor, round_id=round_id, side=side, person_id=person_id,
                                           status=status, confirm_warnings=confirm_warnings))
            except ValidationFailed as exc:
                for field_name, reasons in exc.errors.items():
                    for reason in reasons:
                        if field_name == "confirm":
                            errors.add("confirm", reason)
                        else:
                            errors.add("persons", reason)
        if errors:
            # (the entries added meanwhile are rolled back with this transaction: all or none)
            confirm = _("to put him on the list anyway, confirm")
            by_field = {name: [r for r in reasons if r != confirm] for name, reasons in errors.by_field.items()}
            if by_field.get("confirm"):
                by_field["confirm"].append(_("to put them on the list anyway, confirm"))
            raise ValidationFailed({name: reasons for name, reasons in by_field.items() if reasons})
    return added


def add_new_person_entry(*, actor: User, round_id: int, name: str, side: str = Side.RECEIVE, birth_date: str = "",
                         citizenship: str = OWN_COUNTRY, category: str = Category.OWN_HELD, rank: str = "",
                         unit: str = "", held_since: str = "", status: str = EntryStatus.PROPOSED,
                         categories: Sequence[str] = (), note: str = "") -> RoundEntry:
    """A name we do not know yet: record him as a person of `category`, then put him on the list.

    `held_since` records his capture too, since a name on the adversary's list is itself word that he is held;
    without it the round cannot be executed for him until his capture is recorded.
    """
    require(actor, "exchanges.prepare")
    with transaction.atomic():
        person = create_person(
            actor=actor, names=[NameInput(text=name)], category=category, birth_date=birth_date, rank=rank,
            unit=unit, citizenships=[CitizenshipInput(country=citizenship)] if citizenship else [],
            notes=_("Recorded from an exchange list."))
        if held_since:
            add_event(actor=actor, person_id=person.pk, type=EventType.CAPTURED, date=held_since,
                      note=_("held by the adversary according to an exchange list"))
        entry = add_entry(actor=actor, round_id=round_id, side=side, person_id=person.pk, status=status,
                          categories=categories, note=note)
    return entry


def _entry_for_write(actor: User, entry_id: int | str) -> RoundEntry:
    entries = scope_via_person(actor, RoundEntry.objects.select_for_update()).select_related("round", "person")
    return visible_or_not_found(entries, entry_id, _("list entry"))


def update_entry(*, actor: User, entry_id: int, status: str | None = None, struck_by: str = "",
                 struck_reason: str = "", consent: str | None = None, categories: Sequence[str] | None = None,
                 note: str | None = None) -> RoundEntry:
    require(actor, "exchanges.prepare")
    with transaction.atomic():
        entry = _entry_for_write(actor, entry_id)
        before = events.entry_snapshot(entry)
        errors = Errors()
        if entry.round.status in CLOSED_ROUND:
            errors.add("round", _closed(entry.round))
        if consent is not None:
            entry.consent = errors.choice("consent", consent, Consent) or entry.consent
        if categories is not None:
            entry.categories = _clean_categories(errors, categories)
        if note is not None:
            entry.note = note.strip()
        if status and status != entry.status:
            status = errors.choice("status", status, EntryStatus)
            if status and status not in ENTRY_TRANSITIONS[entry.status]:
                allowed = ", ".join(sorted(ENTRY_TRANSITIONS[entry.status])) or _("nothing")
                hint = _("; executing the round marks entries exchanged") if status == EntryStatus.EXCHANGED else ""
                errors.add("status", _("an entry %(old)s cannot become %(new)s (allowed: %(allowed)s)%(hint)s")
                           % {"old": entry.status, "new": status, "allowed": allowed, "hint": hint})
            elif status:
                if status == EntryStatus.STRUCK:
                    if not struck_by.strip():
                        errors.add("struck_by", _("say who struck the name"))
                    if not struck_reason.strip():
                        errors.add("struck_reason", _("say why the name was struck"))
                    entry.struck_by, entry.struck_reason = struck_by.strip(), struck_reason.strip()
                entry.status = status
        if entry.status == EntryStatus.AGREED and entry.consent == Consent.REFUSES:
            errors.add("consent", _refuses())
        errors.raise_if_any()
        change = events.changed(before, events.entry_snapshot(entry))
        if change["after"]:
            entry.save()
            record(actor=actor, action=Action.EXCHANGE_ENTRY_UPDATE, obj=entry, changes=change)
    return entry


@dataclass
class PlannedEntry:
    entry: RoundEntry
    events: list[str]  # the event types executing writes on his timeline
    refusal: str = ""  # why the registry would refuse them (then nothing at all is written)


@dataclass
class ExecutionPlan:
    """What executing a round would write, for the user to confirm: per agreed entry, its events."""

    round: ExchangeRound
    planned: list[PlannedEntry] = field(default_factory=list)
    staying: list[RoundEntry] = field(default_factory=list)  # proposed or requested: stay on the lists
    outside_scope: int = 0

    @property
    def events(self) -> int:
        return sum(len(p.events) for p in self.planned)

    @property
    def refused(self) -> list[PlannedEntry]:
        return [p for p in self.planned if p.refusal]


def execution_plan(*, actor: User, round_id: int, date: str | None = None) -> ExecutionPlan:
    """What :func:`execute_round` would do now (nothing is written): every agreed entry with the events it gets,
    and those the registry would refuse, each with the reason. ``date``, if given, is checked as executing
    checks it."""
    require(actor, "exchanges.write")
    if date is not None:
        errors = Errors()
        if not errors.partial_date("date", date) and not errors:
            errors.add("date", _("the date the exchange took place is required"))
        errors.raise_if_any()
    r = visible_or_not_found(ExchangeRound.objects.all(), round_id, _("exchange round"))
    entries = list(r.entries.select_related("person").prefetch_related("person__citizenships", "person__names")
                   .order_by("side", "id"))
    visible = set(person_scope(actor, Person.objects.filter(pk__in=[e.person_id for e in entries]))
                  .values_list("pk", flat=True))
    plan = ExecutionPlan(round=r)
    for entry in entries:
        if entry.person_id not in visible:
            plan.outside_scope += entry.status == EntryStatus.AGREED
            continue
        if entry.status in (EntryStatus.PROPOSED, EntryStatus.REQUESTED):
            plan.staying.append(entry)
        if entry.status != EntryStatus.AGREED:
            continue
        types = [EventType.EXCHANGED]
        if entry.side == Side.RECEIVE and goes_home(entry.person):
            types.append(EventType.REPATRIATED)
        refusal = ""
        if entry.person.status not in (Status.HELD, Status.HOSPITALISED):
            refusal = _("“%(status)s” in the registry: an exchange cannot follow it") % {
                "status": entry.person.get_status_display()}
        plan.planned.append(PlannedEntry(entry=entry, events=[str(t) for t in types], refusal=refusal))
    return plan


def print_lists(*, actor: User, round_id: int, side: str | None = None, language: str = "uk") -> bytes:
    """The round's lists as a printable PDF for the mediator (the persons in ``actor``'s scope), in
    ``language``; the printing is recorded in the audit log with the persons it names."""
    require(actor, "registry.export")
    from polon.exchanges import pdf
    from polon.exchanges.selectors import entries as scoped_entries
    from polon.exchanges.selectors import get_round

    errors = Errors()
    if side:
        errors.choice("side", side, Side)
    errors.raise_if_any()
    r = get_round(actor, round_id)
    chosen = [e for e in scoped_entries(actor, r.pk) if not side or e.side == side]
    content = pdf.round_lists(r, chosen, language=language, side=side)
    with transaction.atomic():
        record(actor=actor, action=Action.EXCHANGE_LIST_PRINT, obj=r,
               changes=events.lists_printed(side=side or "", language=language, entries=chosen))
    return content


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


def execute_round(*, actor: User, round_id: int, date: str, place: str = "", note: str = "") -> Execution:
    """Exchange every agreed person of the round: `exchanged` on each timeline and `repatriated` for our own
    nationals received, all in one transaction. If the state machine refuses any one person (not in custody,
    dead, already released), every refusal is reported per person and nothing is written."""
    require(actor, "exchanges.write")
    errors = Errors()
    date = errors.partial_date("date", date)
    if not date and not errors:
        errors.add("date", _("the date the exchange took place is required"))
    errors.raise_if_any()
    with transaction.atomic():
        r = round_for_write(round_id)
        if r.status in CLOSED_ROUND:
            raise ValidationFailed({"round": _("round %(number)s is already %(status)s")
                                    % {"number": r.number, "status": r.get_status_display().lower()}})
        entries = list(r.entries.select_related("person").prefetch_related("person__citizenships", "person__names")
                       .order_by("side", "id"))
        agreed = [e for e in entries if e.status == EntryStatus.AGREED]
        if not agreed:
            raise ValidationFailed({"entries": _("round %(number)s has no agreed entries to exchange")
                                    % {"number": r.number}})
        visible = set(person_scope(actor, Person.objects.filter(pk__in=[e.person_id for e in agreed]))
                      .values_list("pk", flat=True))
        source_ids = list(r.sources.values_list("pk", flat=True))
        result = Execution(round=r)
        label = (_("Exchange round %(number)s (%(title)s)") if r.title else _("Exchange round %(number)s")) \
            % {"number": r.number, "title": r.title}
        for entry in agreed:
            key = f"entries[{entry.pk}]"
            if entry.person_id not in visible:
                errors.add(key, _("person %(id)s is outside your scope") % {"id": entry.person_id})
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
                for reason in (reason for reasons in exc.errors.values() for reason in reasons):
                    errors.add(key, _("person %(id)s (%(person)s): %(reason)s")
                               % {"id": entry.person_id, "person": entry.person, "reason": reason})
                continue
            entry.status = EntryStatus.EXCHANGED
            entry.save(update_fields=["status", "updated_at"])
            result.exchanged.append(entry)
        errors.raise_if_any()
        result.not_exchanged = [e for e in entries if e.status in (EntryStatus.PROPOSED, EntryStatus.REQUESTED)]
        r.status = RoundStatus.PARTLY_EXECUTED if result.not_exchanged else RoundStatus.EXECUTED
        r.executed_on = date
        r.version += 1
        r.save(update_fields=["status", "executed_on", "version"])
        record(actor=actor, action=Action.EXCHANGE_ROUND_EXECUTE, obj=r, changes=events.round_executed(
            r, place=place, exchanged=result.exchanged, events=result.events, not_exchanged=result.not_exchanged))
    return result
