"""Every write on deaths, graves, enquiries into deaths and handovers of remains (GC III Arts. 120–121, GC I
Art. 16): keyword-only arguments, the acting user, one transaction, the audit event appended inside it.

The timeline is written through the registry's services (the ``died`` event when a death is recorded, the
``remains_repatriated`` event for each body handed over), and what leaves the bureau (the notification of
death, the notice and report of an enquiry to the Protecting Power) through consular's, so the detriment rule
and the record of transmissions apply to it as to everything else sent.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from polon.access.policies import require
from polon.access.scope import person_scope, visible_or_not_found
from polon.audit.actions import Action
from polon.audit.log import record
from polon.consular.models import Recipient, Transmission
from polon.consular.services import record_transmission
from polon.core.errors import ValidationFailed
from polon.core.validate import Errors
from polon.deaths import events, pdf
from polon.deaths.models import (
    BurialKind,
    Death,
    DeathEnquiry,
    EnquiryGround,
    EnquiryStatus,
    HandoverBody,
    HandoverStatus,
    RemainsHandover,
)
from polon.deaths.selectors import BASES, deaths, enquiries, handovers, scoped_bodies
from polon.places.models import Place
from polon.registry.choices import EventType
from polon.registry.models import Person, StatusEvent
from polon.registry.services.events import add_event

if TYPE_CHECKING:
    from polon.accounts.models import User

# What the notification of death and an enquiry's notice are sent under (Transmission.legal_basis).
NOTIFICATION_BASIS, ENQUIRY_NOTICE_BASIS, ENQUIRY_REPORT_BASIS = BASES

TEXT_FIELDS = ("place", "cause", "circumstances", "certified_by", "cremation_reason", "burial_place", "cemetery",
               "plot", "marker", "will_held_by", "effects", "effects_forwarded_through", "account")
DATE_FIELDS = ("burial_date", "will_forwarded_on")
EDITABLE = (*TEXT_FIELDS, *DATE_FIELDS, "internment_place_id", "burial_kind", "latitude", "longitude", "will_made")


def _coordinate(errors: Errors, name: str, value: object, limit: int) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        errors.add(name, _("'%(value)s' is not a number") % {"value": value})
        return None
    if not number.is_finite() or abs(number) > limit:
        errors.add(name, _("must lie between -%(limit)s and %(limit)s") % {"limit": limit})
        return None
    return number.quantize(Decimal("0.000001"))


def _clean(errors: Errors, data: dict[str, Any]) -> dict[str, Any]:
    cleaned: dict[str, Any] = {}
    for name, value in data.items():
        if name not in EDITABLE:
            errors.add(name, _("not a field of a death record"))
        elif name == "internment_place_id":
            if value in (None, ""):
                cleaned[name] = None
                continue
            place = errors.positive_int(name, value)
            if place is not None and not Place.objects.filter(pk=place).exists():
                errors.add(name, _("no place of internment with id %(id)s") % {"id": place})
            cleaned[name] = place
        elif name == "burial_kind":
            cleaned[name] = errors.choice(name, value or BurialKind.NOT_YET, BurialKind)
        elif name in ("latitude", "longitude"):
            cleaned[name] = _coordinate(errors, name, value, 90 if name == "latitude" else 180)
        elif name == "will_made":
            cleaned[name] = bool(value)
        elif name in DATE_FIELDS:
            cleaned[name] = errors.day(name, value)
        else:
            cleaned[name] = errors.text(name, None if value is None else str(value))
    return cleaned


def _check(death: Death) -> None:
    """The rules a death record keeps whatever was changed."""
    errors = Errors()
    if not death.cause:
        errors.add("cause", _("this field is required"))
    if death.burial_date and death.burial_date < death.date:
        errors.add("burial_date", _("the burial cannot precede the death"))
    if death.burial_kind == BurialKind.NOT_YET and (death.burial_date or death.cemetery or death.plot):
        errors.add("burial_kind", _("say whether he was buried or cremated"))
    if death.burial_kind == BurialKind.CREMATED and not death.cremation_reason:
        # Art. 120 para 5: only for imperative reasons of hygiene, his religion or his express wish.
        errors.add("cremation_reason", _("a body may be cremated only for imperative reasons of hygiene, on account "
                                         "of the religion of the deceased or in accordance with his express wish "
                                         "(GC III Art. 120): record which"))
    if (death.latitude is None) != (death.longitude is None):
        errors.add("longitude" if death.longitude is None else "latitude",
                   _("give both the latitude and the longitude of the grave"))
    if death.will_forwarded_on and not death.will_made:
        errors.add("will_forwarded_on", _("no will is recorded"))
    errors.raise_if_any()


def _person_for_write(actor: User, person_id: int) -> Person:
    return visible_or_not_found(person_scope(actor, Person.objects.select_for_update()), person_id, _("person"))


def death_for_write(actor: User, death_id: int | str) -> Death:
    return visible_or_not_found(deaths(actor).select_for_update(of=("self",)), death_id, _("death"))


def record_death(*, actor: User, person_id: int, date: date | str, cause: str, enquiry_ground: str = "",
                 **fields: Any) -> Death:
    """Record a person's death with its cause, and write the ``died`` event on his timeline (unless it is
    already there, then the record is tied to it). A death from an unknown cause or caused (or suspected to
    have been caused) by a sentry, another prisoner or any other person (``enquiry_ground``) opens the official
    enquiry of Art. 121 at once."""
    require(actor, "deaths.write")
    errors = Errors()
    died_on = errors.day("date", date, required=True)
    cause = errors.text("cause", cause, required=True)
    ground = errors.choice("enquiry_ground", enquiry_ground, EnquiryGround, blank=True)
    cleaned = _clean(errors, fields)
    if died_on and died_on > timezone.localdate():
        errors.add("date", _("a death cannot be recorded in the future"))
    errors.raise_if_any()
    assert died_on is not None
    with transaction.atomic():
        person = _person_for_write(actor, person_id)
        if Death.objects.filter(person=person).exists():
            raise ValidationFailed({"person": _("the death of this person is already recorded")})
        died = StatusEvent.objects.filter(person=person, type=EventType.DIED).order_by("id").first()
        if died is not None and died.date and not died_on.isoformat().startswith(died.date):
            # The record and the timeline tell one story: a different date is corrected on the timeline first.
            raise ValidationFailed({"date": _("the timeline records his death on %(date)s: correct the event there "
                                              "first, or record the death on that date") % {"date": died.date}})
        if died is None:
            died = add_event(actor=actor, person_id=person.pk, type=EventType.DIED, date=died_on.isoformat(),
                             place=cleaned.get("place", ""), internment_place_id=cleaned.get("internment_place_id"),
                             note=_("Recorded with the death record (GC III Art. 120)."))
        death = Death(person=person, date=died_on, cause=cause, suspicious=bool(ground), died_event=died,
                      created_by=actor, **cleaned)
        _check(death)
        death.save()
        record(actor=actor, action=Action.DEATH_RECORD, obj=death, changes=events.death_recorded(death))
        if ground:
            _open_enquiry(actor, death, ground, died_on)  # the enquiry follows the death
    return death


def update_death(*, actor: User, death_id: int, **fields: Any) -> Death:
    """Change a death record: the burial and the grave (cemetery, plot, marker, coordinates), the will, the
    effects, the account of the death. The date of death is the timeline's: it is corrected there."""
    require(actor, "deaths.write")
    errors = Errors()
    cleaned = _clean(errors, fields)
    errors.raise_if_any()
    with transaction.atomic():
        death = death_for_write(actor, death_id)
        before = events.death_snapshot(death)
        for name, value in cleaned.items():
            setattr(death, name, value)
        _check(death)
        changes = events.death_changed(death, before)
        if changes.get("after"):
            death.save()
            record(actor=actor, action=Action.DEATH_UPDATE, obj=death, changes=changes)
    return death


def _his_state(person: Person, country: str) -> str:
    """The state a notice about him is sent for: the one given, else the Power on which he depends, else his
    first citizenship."""
    if country:
        return country
    if person.power_depended:
        return person.power_depended
    first = person.citizenships.order_by("id").first()
    return first.country if first else ""


def notification_text(death: Death) -> str:
    """What the notification of death says, as recorded in the transmission (the Annex IV D form, in words)."""
    parts = [_("Notification of death (GC III Annex IV D)."),
             _("Date of death: %(date)s.") % {"date": death.date.isoformat()}]
    if death.place or death.internment_place_id:
        parts.append(_("Place of death: %(place)s.") % {
            "place": death.place or (death.internment_place.name if death.internment_place else "")})
    parts.append(_("Cause: %(cause)s.") % {"cause": death.cause})
    if death.burial_place or death.cemetery:
        parts.append(_("Place of burial: %(place)s.") % {
            "place": ", ".join(p for p in (death.cemetery, death.burial_place, death.plot) if p)})
    return " ".join(parts)


def record_notification(*, actor: User, death_id: int, recipient: str = Recipient.PROTECTING_POWER,
                        channel: str, date: date | str, country: str = "", override_reason: str = "",
                        confirm_names: bool = False) -> Transmission:
    """Record the notification of death (Annex IV D) as sent (a consular transmission, with its legal basis and
    the detriment rule); the first one sent is the death record's notification (its duty done)."""
    require(actor, "deaths.write")
    errors = Errors()
    sent = errors.day("date", date, required=True)
    errors.raise_if_any()
    assert sent is not None
    with transaction.atomic():
        death = death_for_write(actor, death_id)
        if sent < death.date:
            raise ValidationFailed({"date": _("the notification cannot precede the death")})
        item = record_transmission(
            actor=actor, person_id=death.person_id, recipient=recipient, channel=channel, date=sent.isoformat(),
            content=notification_text(death), legal_basis=NOTIFICATION_BASIS,
            country=_his_state(death.person, country), override_reason=override_reason, confirm_names=confirm_names)
        if death.notification_id is None:
            death.notification = item
            death.save(update_fields=["notification", "updated_at"])
        record(actor=actor, action=Action.DEATH_NOTIFY, obj=death, changes=events.transmission_linked(
            person_id=death.person_id, transmission_id=item.pk, what="notification"))
    return item


def print_notification(*, actor: User, death_id: int, channel: str, language: str = "uk",
                       authority: str = "") -> bytes:
    """The notification of death (Annex IV D) as PDF; printing it (personal data leaving the screen) is audited."""
    require(actor, "deaths.read")
    death = visible_or_not_found(
        deaths(actor).prefetch_related("person__names", "person__citizenships", "person__events"), death_id,
        _("death"))
    content = pdf.notification_of_death(death, language=language, authority=authority)
    with transaction.atomic():
        record(actor=actor, action=Action.DEATH_NOTICE_PRINT, obj=death,
               changes={"person": death.person_id, "channel": channel, "language": language})
    return content


def _open_enquiry(actor: User, death: Death, ground: str, opened_on: date) -> DeathEnquiry:
    enquiry = DeathEnquiry.objects.create(death=death, ground=ground, opened_on=opened_on, created_by=actor)
    record(actor=actor, action=Action.DEATH_ENQUIRY_OPEN, obj=enquiry, changes=events.enquiry_opened(enquiry))
    return enquiry


def open_enquiry(*, actor: User, death_id: int, ground: str, opened_on: date | str | None = None) -> DeathEnquiry:
    """Open the official enquiry of Art. 121 into a death (the death is marked suspicious)."""
    require(actor, "deaths.write")
    errors = Errors()
    ground = errors.choice("ground", ground, EnquiryGround)
    opened = errors.day("opened_on", opened_on)
    errors.raise_if_any()
    with transaction.atomic():
        death = death_for_write(actor, death_id)
        if DeathEnquiry.objects.filter(death=death).exists():
            raise ValidationFailed({"ground": _("an enquiry into this death is already open or closed")})
        if opened and opened < death.date:
            raise ValidationFailed({"opened_on": _("the enquiry cannot be opened before the death")})
        if not death.suspicious:
            before = events.death_snapshot(death)
            death.suspicious = True
            death.save(update_fields=["suspicious", "updated_at"])
            record(actor=actor, action=Action.DEATH_UPDATE, obj=death, changes=events.death_changed(death, before))
        return _open_enquiry(actor, death, ground, opened or max(death.date, timezone.localdate()))


def enquiry_for_write(actor: User, enquiry_id: int | str) -> DeathEnquiry:
    return visible_or_not_found(enquiries(actor).select_for_update(of=("self",)), enquiry_id,
                                _("enquiry into a death"))


def send_enquiry_notice(*, actor: User, enquiry_id: int, channel: str, date: date | str, country: str = "",
                        override_reason: str = "", confirm_names: bool = False) -> Transmission:
    """Record the communication sent immediately to the Protecting Power about an enquiry (Art. 121)."""
    require(actor, "deaths.write")
    errors = Errors()
    sent = errors.day("date", date, required=True)
    errors.raise_if_any()
    assert sent is not None
    with transaction.atomic():
        enquiry = enquiry_for_write(actor, enquiry_id)
        if enquiry.notice_id is not None:
            raise ValidationFailed({"date": _("the Protecting Power was already notified of this enquiry on %(date)s")
                                    % {"date": enquiry.notice.date if enquiry.notice else ""}})
        death = enquiry.death
        content = _("Official enquiry opened on %(opened)s into the death on %(date)s (GC III Art. 121): %(ground)s.") % {
            "opened": enquiry.opened_on.isoformat(), "date": death.date.isoformat(),
            "ground": enquiry.get_ground_display()}
        item = record_transmission(
            actor=actor, person_id=death.person_id, recipient=Recipient.PROTECTING_POWER, channel=channel,
            date=sent.isoformat(), content=content, legal_basis=ENQUIRY_NOTICE_BASIS,
            country=_his_state(death.person, country), override_reason=override_reason, confirm_names=confirm_names)
        enquiry.notice = item
        enquiry.save(update_fields=["notice"])
        record(actor=actor, action=Action.DEATH_ENQUIRY_NOTICE, obj=enquiry, changes=events.transmission_linked(
            person_id=death.person_id, transmission_id=item.pk, what="notice"))
    return item


def close_enquiry(*, actor: User, enquiry_id: int, findings: str, statements: str = "", prosecution: str = "",
                  closed_on: date | str | None = None, report_channel: str = "", country: str = "",
                  override_reason: str = "", confirm_names: bool = False) -> DeathEnquiry:
    """Close an enquiry with its findings and the witnesses' statements; with ``report_channel`` the report
    forwarded to the Protecting Power (Art. 121) is recorded as a transmission. An enquiry of which the
    Protecting Power was never notified is not closed."""
    require(actor, "deaths.write")
    errors = Errors()
    findings = errors.text("findings", findings, required=True)
    statements = errors.text("statements", statements)
    prosecution = errors.text("prosecution", prosecution)
    report_channel = errors.text("report_channel", report_channel)
    closed = errors.day("closed_on", closed_on)
    errors.raise_if_any()
    with transaction.atomic():
        enquiry = enquiry_for_write(actor, enquiry_id)
        if enquiry.status == EnquiryStatus.CLOSED:
            raise ValidationFailed({"findings": _("this enquiry is already closed")})
        if enquiry.notice_id is None:
            raise ValidationFailed({"findings": _("notify the Protecting Power of the enquiry first (GC III Art. 121)")})
        closed = closed or timezone.localdate()
        if closed < enquiry.opened_on:
            raise ValidationFailed({"closed_on": _("an enquiry cannot close before it opened")})
        enquiry.status, enquiry.closed_on = EnquiryStatus.CLOSED, closed
        enquiry.findings, enquiry.statements, enquiry.prosecution = findings, statements, prosecution
        if report_channel:
            content = _("Report of the official enquiry into the death on %(date)s (GC III Art. 121). Findings: "
                        "%(findings)s") % {"date": enquiry.death.date.isoformat(), "findings": findings}
            if statements:
                content += "\n" + _("Statements of witnesses: %(statements)s") % {"statements": statements}
            enquiry.report = record_transmission(
                actor=actor, person_id=enquiry.death.person_id, recipient=Recipient.PROTECTING_POWER,
                channel=report_channel, date=closed.isoformat(), content=content, legal_basis=ENQUIRY_REPORT_BASIS,
                country=_his_state(enquiry.death.person, country), override_reason=override_reason,
                confirm_names=confirm_names)
        enquiry.save()
        record(actor=actor, action=Action.DEATH_ENQUIRY_CLOSE, obj=enquiry, changes=events.enquiry_closed(enquiry))
    return enquiry


def create_handover(*, actor: User, reference: str, receiving_state: str, mediator: str = "", place: str = "",
                    planned_on: date | str | None = None, note: str = "") -> RemainsHandover:
    """Plan a handover of remains (a body exchange) to the Power on which the dead depended."""
    require(actor, "deaths.write")
    errors = Errors()
    reference = errors.text("reference", reference, required=True, max_length=40)
    state = errors.country("receiving_state", receiving_state, required=True)
    mediator = errors.text("mediator", mediator, max_length=200)
    place = errors.text("place", place, max_length=200)
    planned = errors.day("planned_on", planned_on)
    note = errors.text("note", note)
    errors.raise_if_any()
    with transaction.atomic():
        if RemainsHandover.objects.filter(reference=reference).exists():
            raise ValidationFailed({"reference": _("a handover with this reference is already recorded")})
        handover = RemainsHandover.objects.create(reference=reference, receiving_state=state, mediator=mediator,
                                                  place=place, planned_on=planned, note=note, created_by=actor)
        record(actor=actor, action=Action.REMAINS_HANDOVER_CREATE, obj=handover,
               changes=events.handover_created(handover))
    return handover


def _handover_for_write(actor: User, handover_id: int | str) -> RemainsHandover:
    # Found in the actor's scope first, then locked by its key: PostgreSQL refuses FOR UPDATE on the scoped
    # query, which counts the bodies he may see (GROUP BY).
    visible = visible_or_not_found(handovers(actor), handover_id, _("handover of remains"))
    handover = RemainsHandover.objects.select_for_update().get(pk=visible.pk)
    if handover.status != HandoverStatus.PLANNED:
        raise ValidationFailed({"handover": _("the handover is %(status)s: its bodies can no longer change")
                                % {"status": handover.get_status_display().lower()}})
    return handover


def add_body(*, actor: User, handover_id: int, death_id: int, identity: str, effects: str = "",
             dna_reference: str = "") -> HandoverBody:
    """Put a dead person's body on a planned handover, with how it was identified, the effects handed over with
    it and the reference of its DNA sample."""
    require(actor, "deaths.write")
    errors = Errors()
    identity = errors.text("identity", identity, required=True)
    effects = errors.text("effects", effects)
    dna_reference = errors.text("dna_reference", dna_reference, max_length=80)
    errors.raise_if_any()
    with transaction.atomic():
        handover = _handover_for_write(actor, handover_id)
        death = death_for_write(actor, death_id)
        other = (HandoverBody.objects.filter(death=death).exclude(handover__status=HandoverStatus.CANCELLED)
                 .select_related("handover").first())
        if other is not None:
            raise ValidationFailed({"death": _("his remains are already on handover %(reference)s")
                                    % {"reference": other.handover.reference}})
        body = HandoverBody.objects.create(handover=handover, death=death, identity=identity, effects=effects,
                                           dna_reference=dna_reference, added_by=actor)
        record(actor=actor, action=Action.REMAINS_BODY_ADD, obj=body, changes=events.body_added(body))
    return body


def remove_body(*, actor: User, body_id: int, reason: str) -> None:
    """Take a body off a handover that has not taken place, saying why."""
    require(actor, "deaths.write")
    errors = Errors()
    reason = errors.text("reason", reason, required=True)
    errors.raise_if_any()
    with transaction.atomic():
        body = visible_or_not_found(scoped_bodies(actor).select_for_update(of=("self",)), body_id,
                                    _("body handed over"))
        _handover_for_write(actor, body.handover_id)
        record(actor=actor, action=Action.REMAINS_BODY_REMOVE, obj=body, changes=events.body_removed(body, reason))
        body.delete()


def complete_handover(*, actor: User, handover_id: int, handed_over_on: date | str) -> RemainsHandover:
    """Record that the remains were handed over: each body's ``remains_repatriated`` event is written on his
    timeline (registry services), dated the day of the handover, at its place."""
    require(actor, "deaths.write")
    errors = Errors()
    when = errors.day("handed_over_on", handed_over_on, required=True)
    errors.raise_if_any()
    assert when is not None
    with transaction.atomic():
        handover = _handover_for_write(actor, handover_id)
        items = list(HandoverBody.objects.filter(handover=handover).select_related("death").order_by("id"))
        if not items:
            raise ValidationFailed({"handover": _("no body is on this handover")})
        if when > timezone.localdate():
            raise ValidationFailed({"handed_over_on": _("a handover cannot be recorded in the future")})
        written: dict[int, int] = {}
        for body in items:
            if when < body.death.date:
                raise ValidationFailed({"handed_over_on": _("the handover cannot precede a death on it (%(date)s)")
                                        % {"date": body.death.date.isoformat()}})
            event = add_event(actor=actor, person_id=body.death.person_id, type=EventType.REMAINS_REPATRIATED,
                              date=when.isoformat(), place=handover.place,
                              note=_("Handover of remains %(reference)s.") % {"reference": handover.reference})
            body.remains_event = event
            body.save(update_fields=["remains_event"])
            written[body.death.person_id] = event.pk
        handover.status, handover.handed_over_on = HandoverStatus.HANDED_OVER, when
        handover.save(update_fields=["status", "handed_over_on"])
        record(actor=actor, action=Action.REMAINS_HANDOVER_COMPLETE, obj=handover,
               changes=events.handover_completed(handover, written))
    return handover
