"""Every write on the seriously ill and wounded (GC III Arts. 109–113, 122; Annexes I, II, IV E): keyword-only
arguments, the acting user, one transaction, the audit event appended inside it.

What leaves the bureau (each person's line of the weekly health report) goes through consular's services, so
the detriment rule and the record of transmissions apply to it; the timeline (a decision carried out) through
registry's, and the Art. 109 flag and consent through registry.services.repatriation, where the apps below
medical (exchanges, the timeline's guard) read them.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from polon.access.policies import require
from polon.access.scope import person_scope, visible_or_not_found
from polon.audit.actions import Action
from polon.audit.log import record
from polon.consular.models import Recipient
from polon.consular.services import record_transmission
from polon.core.errors import ValidationFailed
from polon.core.validate import Errors
from polon.medical import events, pdf
from polon.medical.models import (
    AnnexCategory,
    CommissionDecision,
    CommissionSession,
    Decision,
    HealthReport,
    HealthReportEntry,
    Proposer,
)
from polon.medical.selectors import IN_CUSTODY, decisions, monday, seriously_ill_or_wounded, sessions
from polon.places.models import Place
from polon.registry.choices import EventType, Health, Status
from polon.registry.models import Person, RepatriationConsent, RepatriationFlag
from polon.registry.services.events import add_event
from polon.registry.services.repatriation import (
    record_repatriation_consent,
    repatriation_refusal,
    set_repatriation_flag,
)

if TYPE_CHECKING:
    from polon.accounts.models import User

REPORT_BASIS = "GC III Art. 122 para 4 (weekly health report)"
# Which Annex I categories fit which decision.
CATEGORIES = {Decision.DIRECT: ("A1", "A2", "A3"), Decision.NEUTRAL: ("B1", "B2", "B3", "B4", "B5")}


def _his_state(person: Person) -> str:
    if person.power_depended:
        return person.power_depended
    first = person.citizenships.order_by("id").first()
    return first.country if first else ""


def report_line(person: Person, week_of: date) -> str:
    """What a person's line of the weekly report says (no other person named)."""
    health = Health(getattr(person, "current_health", "") or "").label
    text = _("Weekly report on the state of health (GC III Art. 122), week of %(week)s: %(health)s") % {
        "week": week_of.isoformat(), "health": health}
    since = getattr(person, "health_since", "")
    if since:
        text += " " + _("(stated on %(date)s)") % {"date": since}
    place = getattr(person, "health_place", "") or getattr(person, "health_facility", "")
    text += "; " + _("status: %(status)s") % {"status": person.get_status_display()}
    if place:
        text += "; " + _("place: %(place)s") % {"place": place}
    return text + "."


def send_weekly_report(*, actor: User, recipient: str, channel: str, sent_on: date | str | None = None,
                       week_of: date | str | None = None, note: str = "") -> HealthReport:
    """Send the weekly report on every seriously ill or wounded prisoner in the sender's scope (Art. 122
    para 4): one consular transmission per person, his state of health as the timeline has it. A person whose
    line the detriment rule holds back (or whose state is unknown, for the Protecting Power) is listed as held
    back with the reason; the rest are sent. One report per recipient and week."""
    require(actor, "medical.write")
    errors = Errors()
    recipient = errors.choice("recipient", recipient, Recipient)
    channel = errors.text("channel", channel, required=True, max_length=120)
    sent = errors.day("sent_on", sent_on) or timezone.localdate()
    week = errors.day("week_of", week_of)
    note = errors.text("note", note)
    errors.raise_if_any()
    if sent > timezone.localdate():
        raise ValidationFailed({"sent_on": _("a report cannot be sent in the future")})
    week = monday(week or sent)
    with transaction.atomic():
        if HealthReport.objects.filter(week_of=week, recipient=recipient).exists():
            raise ValidationFailed({"week_of": _("the report for the week of %(week)s was already sent to this "
                                                 "recipient") % {"week": week.isoformat()}})
        persons = list(seriously_ill_or_wounded(actor).prefetch_related("citizenships", "names"))
        if not persons:
            raise ValidationFailed({"recipient": _("no seriously ill or wounded prisoner is recorded: nothing to "
                                                   "report")})
        report = HealthReport.objects.create(week_of=week, recipient=recipient, channel=channel, sent_on=sent,
                                             note=note, created_by=actor)
        sent_ids: list[int] = []
        held_back: dict[int, str] = {}
        for person in persons:
            country = _his_state(person) if recipient != Recipient.ICRC_CTA else ""
            entry = HealthReportEntry(report=report, person=person, health=getattr(person, "current_health", ""),
                                      status=person.status, since=getattr(person, "health_since", "") or "",
                                      place=getattr(person, "health_place", "") or getattr(
                                          person, "health_facility", "") or "")
            try:
                entry.transmission = record_transmission(
                    actor=actor, person_id=person.pk, recipient=recipient, channel=channel, date=sent.isoformat(),
                    content=report_line(person, week), legal_basis=REPORT_BASIS, country=country)
                sent_ids.append(person.pk)
            except ValidationFailed as refused:
                entry.held_back = "; ".join(str(m) for messages in refused.errors.values() for m in messages)
                held_back[person.pk] = entry.held_back
            entry.save()
        record(actor=actor, action=Action.HEALTH_REPORT_SEND, obj=report,
               changes=events.report_sent(report, sent_ids, held_back))
    return report


def create_session(*, actor: User, held_on: date | str, chairman: str, members: str, place_id: int | str | None = None,
                   location: str = "", note: str = "") -> CommissionSession:
    """Record a Mixed Medical Commission's visit (Art. 112, Annex II) to a place of internment."""
    require(actor, "medical.write")
    errors = Errors()
    held = errors.day("held_on", held_on, required=True)
    chairman = errors.text("chairman", chairman, required=True, max_length=200)
    members = errors.text("members", members, required=True)
    location = errors.text("location", location, max_length=200)
    note = errors.text("note", note)
    place = None
    if place_id not in (None, ""):
        pk = errors.positive_int("place_id", place_id)
        place = Place.objects.filter(pk=pk).first() if pk else None
        if pk and place is None:
            errors.add("place_id", _("no place of internment with id %(id)s") % {"id": pk})
    elif not location:
        errors.add("place_id", _("say where the Commission sat: a place of internment or a location"))
    errors.raise_if_any()
    assert held is not None
    with transaction.atomic():
        session = CommissionSession.objects.create(held_on=held, place=place, location=location, chairman=chairman,
                                                   members=members, note=note, created_by=actor)
        record(actor=actor, action=Action.COMMISSION_SESSION_CREATE, obj=session,
               changes=events.session_created(session))
    return session


def _session_for_write(actor: User, session_id: int | str) -> CommissionSession:
    # Found in the actor's scope first, then locked by its key: PostgreSQL refuses FOR UPDATE on the scoped
    # query, which counts the decisions he may see (GROUP BY).
    session = visible_or_not_found(sessions(actor), session_id, _("Mixed Medical Commission session"))
    return CommissionSession.objects.select_for_update().get(pk=session.pk)


def record_decision(*, actor: User, session_id: int, person_id: int, proposed_by: str, diagnosis: str,
                    decision: str, category: str = "", reasons: str = "") -> CommissionDecision:
    """Record the Commission's decision on a person it examined. A decision of direct repatriation (A) flags him
    in the registry as to be repatriated regardless of number or rank (Art. 109 para 1)."""
    require(actor, "medical.write")
    errors = Errors()
    proposed_by = errors.choice("proposed_by", proposed_by, Proposer)
    diagnosis = errors.text("diagnosis", diagnosis, required=True)
    decision = errors.choice("decision", decision, Decision)
    category = errors.choice("category", category or "", AnnexCategory)
    reasons = errors.text("reasons", reasons)
    errors.raise_if_any()
    fitting = CATEGORIES.get(Decision(decision), ())
    if fitting and category not in fitting:
        raise ValidationFailed({"category": _("decision %(decision)s rests on one of the Annex I categories "
                                              "%(categories)s") % {"decision": decision,
                                                                   "categories": ", ".join(fitting)}})
    if not fitting and category:
        raise ValidationFailed({"category": _("an Annex I category goes with decision A or B only")})
    with transaction.atomic():
        session = _session_for_write(actor, session_id)
        if session.communicated_on is not None:
            raise ValidationFailed({"session": _("this session's decisions were already communicated")})
        person = visible_or_not_found(person_scope(actor, Person.objects.all()), person_id, _("person"))
        if person.status not in IN_CUSTODY:
            raise ValidationFailed({"person": _("%(person)s is “%(status)s”, not in custody: the Commission "
                                                "examines prisoners held") % {
                "person": person, "status": person.get_status_display()}})
        if CommissionDecision.objects.filter(session=session, person=person).exists():
            raise ValidationFailed({"person": _("a decision on %(person)s is already recorded at this session")
                                    % {"person": person}})
        item = CommissionDecision.objects.create(session=session, person=person, proposed_by=proposed_by,
                                                 diagnosis=diagnosis, decision=decision, category=category,
                                                 reasons=reasons, created_by=actor)
        flagged = decision == Decision.DIRECT
        if flagged:
            set_repatriation_flag(
                actor=actor, person_id=person.pk, must_repatriate=True, flagged_on=session.held_on,
                basis=_("Mixed Medical Commission of %(date)s: A (%(category)s)") % {
                    "date": session.held_on.isoformat(), "category": category})
        record(actor=actor, action=Action.COMMISSION_DECISION_RECORD, obj=item,
               changes=events.decision_recorded(item, flagged))
    return item


def communicate_decisions(*, actor: User, session_id: int, communicated_on: date | str) -> CommissionSession:
    """Record that the session's decisions were communicated to the Detaining Power, the Protecting Power and
    the ICRC (Annex II Art. 11: within a month of the visit); the three months to carry them out count from
    here (Annex II Art. 12)."""
    require(actor, "medical.write")
    errors = Errors()
    when = errors.day("communicated_on", communicated_on, required=True)
    errors.raise_if_any()
    assert when is not None
    with transaction.atomic():
        session = _session_for_write(actor, session_id)
        if session.communicated_on is not None:
            raise ValidationFailed({"communicated_on": _("the decisions were already communicated on %(date)s")
                                    % {"date": session.communicated_on.isoformat()}})
        count = session.decisions.count()
        if not count:
            raise ValidationFailed({"communicated_on": _("no decision is recorded at this session")})
        if when < session.held_on:
            raise ValidationFailed({"communicated_on": _("the decisions cannot be communicated before the session")})
        if when > timezone.localdate():
            raise ValidationFailed({"communicated_on": _("a date in the future cannot be recorded")})
        session.communicated_on = when
        session.save(update_fields=["communicated_on"])
        record(actor=actor, action=Action.COMMISSION_SESSION_COMMUNICATE, obj=session,
               changes=events.session_communicated(session, count))
    return session


def carry_out_decision(*, actor: User, decision_id: int, carried_out_on: date | str, place: str = "") -> CommissionDecision:
    """Carry out a decision A (direct repatriation: he is released and repatriated on his timeline) or B
    (accommodation in a neutral country: transferred). A flagged person who refuses repatriation is not
    repatriated against his will during hostilities (Art. 109 para 3)."""
    require(actor, "medical.write")
    errors = Errors()
    when = errors.day("carried_out_on", carried_out_on, required=True)
    place = errors.text("place", place, max_length=200)
    errors.raise_if_any()
    assert when is not None
    with transaction.atomic():
        item = visible_or_not_found(decisions(actor).select_for_update(of=("self",)), decision_id,
                                    _("commission decision"))
        if not item.to_carry_out:
            raise ValidationFailed({"decision": _("only a decision A or B is carried out")})
        if item.carried_out_on is not None:
            raise ValidationFailed({"decision": _("this decision was already carried out on %(date)s")
                                    % {"date": item.carried_out_on.isoformat()}})
        if item.session.communicated_on is None:
            raise ValidationFailed({"decision": _("record first that the session's decisions were communicated "
                                                  "(Annex II Art. 11)")})
        if when < item.session.held_on or when > timezone.localdate():
            raise ValidationFailed({"carried_out_on": _("the date must lie between the session and today")})
        note = _("Mixed Medical Commission of %(date)s, decision %(decision)s.") % {
            "date": item.session.held_on.isoformat(), "decision": item.decision}
        written: list[int] = []
        if item.decision == Decision.DIRECT:
            refusal = repatriation_refusal(item.person_id, EventType.REPATRIATED, when.isoformat())
            if refusal:
                raise ValidationFailed({"decision": refusal})
            steps = [EventType.RELEASED, EventType.REPATRIATED]
        else:
            steps = [EventType.TRANSFERRED]
            if item.person.status == Status.HOSPITALISED:
                steps.insert(0, EventType.DISCHARGED)
            note += " " + _("Accommodated in a neutral country (GC III Art. 110 para 2).")
        for step in steps:
            event = add_event(actor=actor, person_id=item.person_id, type=step, date=when.isoformat(), place=place,
                              confidence="confirmed", note=note)
            written.append(event.pk)
        item.carried_out_on, item.carried_out_event_id = when, written[-1]
        item.save(update_fields=["carried_out_on", "carried_out_event"])
        record(actor=actor, action=Action.COMMISSION_DECISION_CARRY_OUT, obj=item,
               changes=events.decision_carried_out(item, written))
    return item


def record_consent(*, actor: User, person_id: int, consent: str, on: date | str | None = None,
                   note: str = "") -> RepatriationFlag:
    """Record whether a seriously ill or wounded person wishes to be repatriated (Art. 109 para 3)."""
    require(actor, "medical.write")
    errors = Errors()
    day = errors.day("on", on) or timezone.localdate()
    errors.raise_if_any()
    return record_repatriation_consent(actor=actor, person_id=person_id, consent=consent, on=day, note=note)


def set_flag(*, actor: User, person_id: int, must_repatriate: bool, basis: str = "",
             flagged_on: date | str | None = None) -> RepatriationFlag:
    """Flag (or unflag) a person by hand as to be repatriated regardless of number (Art. 109 para 1), e.g. on
    an agreement between the Powers, with what it rests on."""
    require(actor, "medical.write")
    errors = Errors()
    day = errors.day("flagged_on", flagged_on) or timezone.localdate()
    errors.raise_if_any()
    return set_repatriation_flag(actor=actor, person_id=person_id, must_repatriate=must_repatriate, basis=basis,
                                 flagged_on=day)


def print_certificate(*, actor: User, decision_id: int, channel: str, language: str = "uk") -> bytes:
    """The repatriation certificate (Annex IV E) of a decision as PDF; printing it is audited."""
    require(actor, "medical.read")
    item = visible_or_not_found(
        decisions(actor).prefetch_related("person__names", "person__citizenships", "person__events"), decision_id,
        _("commission decision"))
    content = pdf.repatriation_certificate(item, language=language)
    with transaction.atomic():
        record(actor=actor, action=Action.CERTIFICATE_PRINT, obj=item,
               changes={"person": item.person_id, "channel": channel, "language": language})
    return content


__all__ = ["RepatriationConsent", "carry_out_decision", "communicate_decisions", "create_session",
           "print_certificate", "record_consent", "record_decision", "send_weekly_report", "set_flag"]
