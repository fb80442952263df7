"""Every write on visits of the ICRC and the Protecting Power to places of internment (GC III Art. 126):
keyword-only arguments, the acting user, one transaction, and the audit event appended inside it."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from polon.access.policies import require
from polon.access.scope import person_scope, visible_or_not_found
from polon.audit.actions import Action
from polon.audit.log import record
from polon.core.errors import ValidationFailed
from polon.core.validate import Errors
from polon.places.models import Place
from polon.registry.models import Person
from polon.registry.population import population
from polon.visits import events
from polon.visits.models import FollowUp, FollowUpStatus, Outcome, Visit, Visitor, VisitPerson, VisitStatus
from polon.visits.selectors import follow_ups

if TYPE_CHECKING:
    from polon.accounts.models import User

EDITABLE = ("place_id", "visitor", "protecting_power", "status", "starts", "ends", "delegates", "refusal_reason",
            "report")


def _clean(errors: Errors, data: dict[str, Any]) -> dict[str, Any]:
    cleaned: dict[str, Any] = {}
    for name, value in data.items():
        if name not in EDITABLE:
            errors.add(name, _("not a field of a visit"))
        elif name == "place_id":
            place = errors.positive_int(name, value)
            if place is not None and not Place.objects.filter(pk=place).exists():
                errors.add(name, _("no place of internment with id %(id)s") % {"id": place})
            cleaned[name] = place
        elif name == "visitor":
            cleaned[name] = errors.choice(name, value, Visitor)
        elif name == "status":
            cleaned[name] = errors.choice(name, value, VisitStatus)
        elif name == "protecting_power":
            cleaned[name] = errors.country(name, None if value is None else str(value))
        elif name in ("starts", "ends"):
            cleaned[name] = errors.day(name, value, required=name == "starts")
        else:
            cleaned[name] = errors.text(name, None if value is None else str(value))
    return cleaned


def _check(visit: Visit) -> None:
    """The rules a visit keeps whatever was changed."""
    errors = Errors()
    if visit.ends and visit.starts and visit.ends < visit.starts:
        errors.add("ends", _("a visit cannot end before it starts"))
    if visit.visitor == Visitor.PROTECTING_POWER and not visit.protecting_power:
        errors.add("protecting_power", _("name the state acting as Protecting Power"))
    if visit.visitor == Visitor.ICRC and visit.protecting_power:
        errors.add("protecting_power", _("a visit of the ICRC names no Protecting Power"))
    if visit.status == VisitStatus.REFUSED and not visit.refusal_reason:
        # Art. 126 para 2: visits may be prohibited only for imperative military necessity, exceptionally and
        # temporarily; the reason given is what the Protecting Power or the ICRC will ask about.
        errors.add("refusal_reason", _("record the reason given for refusing access (GC III Art. 126)"))
    errors.raise_if_any()


def create_visit(*, actor: User, place_id: int, visitor: str, starts: date | str, **fields: Any) -> Visit:
    """Record a visit (planned, carried out or refused) to a place of internment."""
    require(actor, "visits.write")
    errors = Errors()
    cleaned = _clean(errors, {"place_id": place_id, "visitor": visitor, "starts": starts, **fields})
    errors.raise_if_any()
    with transaction.atomic():
        visit = Visit(created_by=actor, **cleaned)
        _check(visit)
        visit.save()
        record(actor=actor, action=Action.VISIT_CREATE, obj=visit, changes=events.visit_created(visit))
    return visit


def visit_for_write(visit_id: int | str) -> Visit:
    return visible_or_not_found(Visit.objects.select_for_update(), visit_id, _("visit"))


def update_visit(*, actor: User, visit_id: int, **fields: Any) -> Visit:
    """Change a visit's dates, delegates, status (refused: with the reason given) or findings."""
    require(actor, "visits.write")
    errors = Errors()
    cleaned = _clean(errors, fields)
    errors.raise_if_any()
    with transaction.atomic():
        visit = visit_for_write(visit_id)
        before = events.visit_snapshot(visit)
        if "place_id" in cleaned and cleaned["place_id"] != visit.place_id and visit.persons.exists():
            raise ValidationFailed({"place_id": _("the list of persons to be visited was made for this place")})
        for name, value in cleaned.items():
            setattr(visit, name, value)
        _check(visit)
        changes = events.visit_changed(before, events.visit_snapshot(visit))
        if changes.get("after"):
            visit.save()
            record(actor=actor, action=Action.VISIT_UPDATE, obj=visit, changes=changes)
    return visit


def generate_list(*, actor: User, visit_id: int, today: date | None = None) -> list[VisitPerson]:
    """Put on the visit's list every person at the place (within the actor's scope) on the visit's first day,
    or today if that is still to come. Those already listed keep what was recorded for them; the lines added
    are returned."""
    require(actor, "visits.write")
    today = today or timezone.localdate()
    with transaction.atomic():
        visit = visit_for_write(visit_id)
        if visit.status in (VisitStatus.REFUSED, VisitStatus.CANCELLED):
            raise ValidationFailed({"status": _("the visit is %(status)s: no one is to be visited")
                                    % {"status": visit.get_status_display().lower()}})
        as_of = min(visit.starts, today)
        present = population(actor, visit.place_id, on=None if as_of >= today else as_of).present
        listed = set(visit.persons.values_list("person_id", flat=True))
        status_of = dict(Person.objects.filter(pk__in=present).values_list("pk", "status"))
        added = [VisitPerson(visit=visit, person_id=pk, status_at_listing=status_of.get(pk, ""))
                 for pk in present if pk not in listed]
        if not added and visit.list_generated_at is not None:
            return []  # no newcomer since the list was made: nothing written
        VisitPerson.objects.bulk_create(added)
        visit.list_generated_at = timezone.now()
        visit.save(update_fields=["list_generated_at", "updated_at"])
        record(actor=actor, action=Action.VISIT_LIST_GENERATE, obj=visit, changes=events.list_generated(
            visit=visit, as_of=as_of.isoformat(), added=[line.person_id for line in added], kept=len(listed)))
    return added


def record_outcome(*, actor: User, visit_id: int, person_id: int, outcome: str, note: str = "") -> VisitPerson:
    """Record whether a person was seen (interviewed without witnesses, Art. 126 para 1) or why not; a person
    the visitors asked to see who was not on the list is added to it."""
    require(actor, "visits.write")
    errors = Errors()
    outcome = errors.choice("outcome", outcome, Outcome)
    note = errors.text("note", note)
    if outcome in (Outcome.ACCESS_REFUSED, Outcome.NOT_PRESENT) and not note:
        errors.add("note", _("say why (who refused access and the reason given, or where he is)"))
    errors.raise_if_any()
    with transaction.atomic():
        visit = visit_for_write(visit_id)
        if visit.status in (VisitStatus.REFUSED, VisitStatus.CANCELLED):
            raise ValidationFailed({"outcome": _("the visit is %(status)s: no one was visited")
                                    % {"status": visit.get_status_display().lower()}})
        person = visible_or_not_found(person_scope(actor, Person.objects.all()), person_id, _("person"))
        line = VisitPerson.objects.select_for_update().filter(visit=visit, person=person).first()
        before: str | None = None
        if line is None:
            line = VisitPerson(visit=visit, person=person, status_at_listing=person.status)
        else:
            before = line.outcome
        line.outcome, line.note = outcome, note
        line.recorded_by, line.recorded_at = actor, timezone.now()
        line.save()
        record(actor=actor, action=Action.VISIT_PERSON_RECORD, obj=line,
               changes=events.person_recorded(line, before=before))
    return line


def add_follow_up(*, actor: User, visit_id: int, text: str, due: date | str | None = None,
                  person_id: int | None = None) -> FollowUp:
    """Record what the visitors asked for or found, to be done by ``due``."""
    require(actor, "visits.write")
    errors = Errors()
    text = errors.text("text", text, required=True)
    due_date = errors.day("due", due)
    errors.raise_if_any()
    with transaction.atomic():
        visit = visit_for_write(visit_id)
        person = None
        if person_id:
            person = visible_or_not_found(person_scope(actor, Person.objects.all()), person_id, _("person"))
        item = FollowUp.objects.create(visit=visit, person=person, text=text, due=due_date, created_by=actor)
        record(actor=actor, action=Action.VISIT_FOLLOWUP_ADD, obj=item, changes=events.follow_up_added(item))
    return item


def close_follow_up(*, actor: User, follow_up_id: int, outcome: str, done_on: date | str | None = None) -> FollowUp:
    """Close a follow-up item with what was done."""
    require(actor, "visits.write")
    errors = Errors()
    outcome = errors.text("outcome", outcome, required=True)
    done = errors.day("done_on", done_on)
    errors.raise_if_any()
    with transaction.atomic():
        item = visible_or_not_found(follow_ups(actor).select_for_update(of=("self",)), follow_up_id,
                                    _("follow-up item"))
        if item.status == FollowUpStatus.DONE:
            raise ValidationFailed({"outcome": _("this follow-up item is already closed")})
        item.status, item.outcome = FollowUpStatus.DONE, outcome
        item.done_on, item.closed_by = done or timezone.localdate(), actor
        item.save()
        record(actor=actor, action=Action.VISIT_FOLLOWUP_CLOSE, obj=item, changes=events.follow_up_closed(item))
    return item
