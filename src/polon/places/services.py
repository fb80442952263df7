"""Every write on places of internment: keyword-only arguments, the acting user, one transaction, and the
audit event appended inside it.

Places sit below the registry: the status events whose free-text facility is matched to a place are reached
through the relation StatusEvent.internment_place, as access.scope reaches citizenships."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, cast

from django.db import IntegrityError, transaction
from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _

from polon.access.policies import require
from polon.access.scope import scope_via_person, visible_or_not_found
from polon.audit.actions import Action
from polon.audit.log import record
from polon.core.errors import ValidationFailed
from polon.core.validate import Errors
from polon.places import events
from polon.places.matching import Candidate, match_texts, summary
from polon.places.models import Place, PlaceKind
from polon.places.regions import UnknownRegionError, normalise_region

if TYPE_CHECKING:
    from polon.accounts.models import User

# More than any camp holds, within what the column holds on every database.
MAX_CAPACITY = 1_000_000

EDITABLE = ("kind", "name", "region", "address", "parent_id", "capacity", "opened", "closed", "aliases", "notes")


def _aliases(value: object) -> list[str]:
    items = value.splitlines() if isinstance(value, str) else list(cast("Sequence[str]", value or ()))
    out: list[str] = []
    for item in items:
        text = str(item).strip()
        if text and text not in out:
            out.append(text)
    return out


def _clean(errors: Errors, data: dict[str, Any], *, place_id: int | None = None) -> dict[str, Any]:
    cleaned: dict[str, Any] = {}
    for name, value in data.items():
        if name not in EDITABLE:
            errors.add(name, _("not a field of a place of internment"))
        elif name == "kind":
            cleaned[name] = errors.choice(name, value, PlaceKind)
        elif name == "name":
            cleaned[name] = errors.text(name, value, required=True, max_length=200)
        elif name == "region":
            try:
                cleaned[name] = normalise_region(str(value or ""))
            except UnknownRegionError:
                errors.add(name, _("'%(value)s' is not an ISO 3166-2 region code (such as UA-46)") % {"value": value})
        elif name == "capacity":
            cleaned[name] = errors.positive_int(name, value, required=False)
            if cleaned[name] is not None and cleaned[name] > MAX_CAPACITY:
                errors.add(name, _("at most %(n)d") % {"n": MAX_CAPACITY})
                cleaned[name] = None
        elif name in ("opened", "closed"):
            cleaned[name] = errors.day(name, value)
        elif name == "aliases":
            cleaned[name] = _aliases(value)
        elif name == "parent_id":
            parent = errors.positive_int(name, value, required=False)
            if parent is not None:
                camp = Place.objects.filter(pk=parent).first()
                if camp is None:
                    errors.add(name, _("no place of internment with id %(id)s") % {"id": parent})
                elif parent == place_id:
                    errors.add(name, _("a place cannot depend on itself"))
                elif camp.kind != PlaceKind.CAMP:
                    errors.add(name, _("a labour detachment depends on a camp (GC III Art. 56)"))
            cleaned[name] = parent
        else:
            cleaned[name] = errors.text(name, None if value is None else str(value))
    return cleaned


def _check_dates(opened: date | None, closed: date | None) -> None:
    if opened and closed and closed < opened:
        raise ValidationFailed({"closed": _("a place cannot close before it opened")})


def _save(place: Place) -> None:
    try:
        with transaction.atomic():
            place.save()
    except IntegrityError:
        raise ValidationFailed({"name": _("a place of this name is already recorded in %(region)s")
                                % {"region": place.region}}) from None


def create_place(*, actor: User, kind: str, name: str, region: str, **fields: Any) -> Place:
    """Record a place of internment (a camp, a transit point, a hospital, a labour detachment)."""
    require(actor, "places.write")
    errors = Errors()
    cleaned = _clean(errors, {"kind": kind, "name": name, "region": region, **fields})
    errors.raise_if_any()
    _check_dates(cleaned.get("opened"), cleaned.get("closed"))
    with transaction.atomic():
        place = Place(created_by=actor, **cleaned)
        _save(place)
        record(actor=actor, action=Action.PLACE_CREATE, obj=place, changes=events.place_created(place))
    return place


def update_place(*, actor: User, place_id: int, **fields: Any) -> Place:
    """Change fields of a place (closing it is setting ``closed``)."""
    require(actor, "places.write")
    errors = Errors()
    cleaned = _clean(errors, fields, place_id=place_id)
    errors.raise_if_any()
    with transaction.atomic():
        place = visible_or_not_found(Place.objects.select_for_update(), place_id, _("place of internment"))
        before = events.place_snapshot(place)
        for name, value in cleaned.items():
            setattr(place, name, value)
        _check_dates(place.opened, place.closed)
        changes = events.place_changed(before, events.place_snapshot(place))
        if changes.get("after"):
            _save(place)
            record(actor=actor, action=Action.PLACE_UPDATE, obj=place, changes=changes)
    return place


def _status_events() -> QuerySet[Any]:
    """registry.StatusEvent, reached through the relation (places sit below the registry)."""
    model = cast("type[Model]", Place._meta.get_field("status_events").related_model)
    return model._default_manager.all()


@dataclass
class FacilityReport:
    """What matching the facility texts did: each distinct text matched (with its place) or not."""

    matched: list[dict[str, Any]] = field(default_factory=list)
    unmatched: list[dict[str, Any]] = field(default_factory=list)
    linked: int = 0  # events given a place
    applied: bool = False

    @property
    def unmatched_events(self) -> int:
        return sum(int(row["events"]) for row in self.unmatched)


def match_facilities(*, actor: User, apply: bool = True) -> FacilityReport:
    """Match the free-text facility of every status event that has no place yet to the places recorded, and
    (``apply``) link those that match; report what matched and what did not. A dry run writes nothing."""
    require(actor, "places.write")
    with transaction.atomic():
        pending = scope_via_person(actor, _status_events()).filter(internment_place__isnull=True).exclude(facility="")
        rows = list(pending.select_for_update().values_list("pk", "facility")) if apply else \
            list(pending.values_list("pk", "facility"))
        counts = Counter(text for _pk, text in rows)
        candidates = [Candidate(place_id=p.pk, names=(p.name, *p.aliases)) for p in Place.objects.all()]
        outcomes = match_texts(counts, candidates)
        lists = summary(outcomes, counts)
        report = FacilityReport(matched=lists["matched"], unmatched=lists["unmatched"], applied=apply)
        if not apply:
            return report
        linked: dict[int, list[int]] = defaultdict(list)
        for pk, text in rows:
            place_id = outcomes[text].place_id
            if place_id is not None:
                linked[place_id].append(pk)
        for place_id, ids in linked.items():
            for start in range(0, len(ids), 500):
                _status_events().filter(pk__in=ids[start:start + 500]).update(internment_place_id=place_id)
        report.linked = sum(len(ids) for ids in linked.values())
        if rows:
            record(actor=actor, action=Action.PLACE_FACILITIES_MATCH, object_type="places.place",
                   changes=events.facilities_matched(matched=report.matched, unmatched=report.unmatched,
                                                     events=linked))
    return report


def set_event_place(*, actor: User, event_id: int, place_id: int) -> Any:
    """Link one status event to its place by hand (a facility text the matching could not decide)."""
    require(actor, "places.write")
    with transaction.atomic():
        event = visible_or_not_found(scope_via_person(actor, _status_events()).select_for_update(), event_id,
                                     _("status event"))
        place = visible_or_not_found(Place.objects.all(), place_id, _("place of internment"))
        before = event.internment_place_id
        if before == place.pk:
            return event
        event.internment_place_id = place.pk
        event.save(update_fields=["internment_place"])
        record(actor=actor, action=Action.EVENT_PLACE_SET, obj=event, changes=events.event_place_set(
            event_id=event.pk, person_id=event.person_id, before=before, after=place.pk))
    return event


def record_list_printed(*, actor: User, place_ids: Sequence[int], recipient: str, include_closed: bool) -> None:
    """The Art. 23 list of places was printed for ``recipient`` (the Protecting Power, the ICRC)."""
    require(actor, "places.read")
    with transaction.atomic():
        record(actor=actor, action=Action.PLACE_LIST_PRINT, object_type="places.place",
               changes=events.list_printed(place_ids=place_ids, recipient=recipient, include_closed=include_closed))


def assign_facility_text(*, actor: User, text: str, place_id: int) -> FacilityReport:
    """Decide an unmatched facility text: it becomes another name of the place, and every status event
    carrying it (without a place yet) is linked to the place, in one transaction."""
    require(actor, "places.write")
    errors = Errors()
    text = errors.text("text", text, required=True, max_length=200)
    errors.raise_if_any()
    with transaction.atomic():
        place = visible_or_not_found(Place.objects.select_for_update(), place_id, _("place of internment"))
        if text not in place.aliases and text != place.name:
            before = events.place_snapshot(place)
            place.aliases = [*place.aliases, text]
            place.save(update_fields=["aliases", "updated_at"])
            record(actor=actor, action=Action.PLACE_UPDATE, obj=place,
                   changes=events.place_changed(before, events.place_snapshot(place)))
        rows = list(scope_via_person(actor, _status_events()).select_for_update()
                    .filter(internment_place__isnull=True, facility=text).values_list("pk", flat=True))
        report = FacilityReport(matched=[{"text": text, "place": place.pk, "how": "assigned", "events": len(rows)}],
                                linked=len(rows), applied=True)
        if rows:
            _status_events().filter(pk__in=rows).update(internment_place_id=place.pk)
            record(actor=actor, action=Action.PLACE_FACILITIES_MATCH, object_type="places.place",
                   object_id=str(place.pk), changes=events.facilities_matched(
                       matched=report.matched, unmatched=[], events={place.pk: rows}))
    return report


def print_places_document(*, actor: User, recipient: str = "", include_closed: bool = False, language: str = "uk",
                          today: date | None = None) -> bytes:
    """The Art. 23 document (places.pdf) of the places recorded (the open ones, or all), its printing
    audited."""
    from polon.places.pdf import places_document

    require(actor, "places.read")
    errors = Errors()
    code = errors.country("recipient", recipient) if recipient and len(recipient.strip()) <= 3 else recipient.strip()
    errors.raise_if_any()
    chosen = Place.objects.select_related("parent").order_by("region", "name", "id")
    if not include_closed:
        chosen = chosen.filter(closed__isnull=True)
    listed = list(chosen)
    content = places_document(listed, recipient=code, language=language, today=today)
    record_list_printed(actor=actor, place_ids=[p.pk for p in listed], recipient=code, include_closed=include_closed)
    return content
