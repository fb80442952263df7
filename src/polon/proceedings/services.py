"""Every write on proceedings against prisoners of war (GC III Arts. 5, 99-108, 119): keyword-only arguments,
the acting user, one transaction, and the audit event appended inside it.

Lifecycles:
- Art. 5: ``record_determination`` — a competent tribunal decided the status of a person whose status was in
  doubt (tribunal, date, outcome).
- Arts. 99-108: ``charge`` records the proceedings (charges and the legal provisions applicable, the court, the
  place of internment or confinement); ``fix_trial`` fixes the date and place of the opening of the trial;
  ``send_trial_notice`` records the Art. 104 notice to the Protecting Power as a consular transmission — a trial
  opening less than three weeks after the notice is refused: postpone it; ``record_notice_receipt`` records the
  Protecting Power's receipt (a trial now less than three weeks away must be adjourned: ``fix_trial`` refuses
  such a date and ``record_judgment`` refuses a judgment on a trial opened too soon); ``record_judgment``;
  ``send_judgment_notice`` (Art. 107: the summary communication, and for a final conviction or a death
  sentence the detailed one); ``record_judgment_receipt`` (a death sentence: no execution before six months
  after it, Art. 101); ``fix_execution_date`` refuses a date within those six months; ``close_case``.
- Art. 119 para 5: ``draw_up_list`` of the prisoners of one Power held back for proceedings or sentences,
  ``send_list`` (a consular transmission per person, the detriment rule applied), ``acknowledge_list``.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from polon.access.policies import require
from polon.access.scope import person_scope, scope_via_person, visible_or_not_found
from polon.audit.actions import Action
from polon.audit.log import record
from polon.consular.services import record_transmission
from polon.core.countries import country_label
from polon.core.errors import ValidationFailed
from polon.core.validate import Errors
from polon.places.models import Place
from polon.proceedings import events
from polon.proceedings.models import (
    CloseReason,
    HeldBackEntry,
    HeldBackList,
    ListRecipient,
    ListStatus,
    Outcome,
    Prosecution,
    Stage,
    StatusDetermination,
    Verdict,
)
from polon.proceedings.selectors import held_back, lists
from polon.registry.models import Person

if TYPE_CHECKING:
    from polon.accounts.models import User

NOTICE_DAYS = 21  # Art. 104 para 4: at least three weeks between the Protecting Power's receipt and the trial
STAY_MONTHS = 6  # Art. 101: no execution of a death sentence within six months of the detailed communication
BASIS_TRIAL = "GC III Art. 104"
BASIS_JUDGMENT = "GC III Arts. 101, 107"
BASIS_HELD_BACK = "GC III Art. 119"


def add_months(day: date, months: int) -> date:
    year, index = divmod(day.month - 1 + months, 12)
    year += day.year
    return date(year, index + 1, min(day.day, calendar.monthrange(year, index + 1)[1]))


def earliest_trial(case: Prosecution) -> date | None:
    """The first day the trial may open under Art. 104: three weeks after the Protecting Power received the
    notice (or, its receipt not yet known, three weeks after it was sent); None before any notice."""
    start = case.notice_received_on or case.notice_sent_on
    return start + timedelta(days=NOTICE_DAYS) if start else None


def trial_too_soon(case: Prosecution) -> bool:
    """The trial date is less than three weeks after the notice (its receipt): it must be adjourned."""
    first = earliest_trial(case)
    return bool(first and case.trial_on and case.trial_on < first)


def detailed_communication(case: Prosecution) -> bool:
    """Art. 107 para 3: a final conviction or a death sentence in the first instance."""
    return case.verdict == Verdict.CONVICTED and (case.final or case.death_sentence)


def _person(actor: User, person_id: int) -> Person:
    return visible_or_not_found(person_scope(actor, Person.objects.select_for_update()), person_id, _("person"))


def _case(actor: User, case_id: int) -> Prosecution:
    return visible_or_not_found(scope_via_person(actor, Prosecution.objects.select_for_update()), case_id,
                                _("proceedings"))


def _open(case: Prosecution) -> None:
    if case.stage == Stage.CLOSED:
        raise ValidationFailed({"stage": _("these proceedings are closed")})


def record_determination(*, actor: User, person_id: int, tribunal: str, decided_on: date | str, outcome: str,
                         doubt: str = "", reasons: str = "") -> StatusDetermination:
    """Record a competent tribunal's decision on a person whose status as a prisoner of war was in doubt
    (GC III Art. 5 para 2)."""
    require(actor, "proceedings.write")
    errors = Errors()
    tribunal = errors.text("tribunal", tribunal, required=True, max_length=200)
    day = errors.day("decided_on", decided_on, required=True, past_only=True)
    outcome = errors.choice("outcome", outcome, Outcome)
    doubt = errors.text("doubt", doubt)
    reasons = errors.text("reasons", reasons)
    errors.raise_if_any()
    assert day is not None
    with transaction.atomic():
        person = _person(actor, person_id)
        item = StatusDetermination.objects.create(person=person, tribunal=tribunal, decided_on=day, outcome=outcome,
                                                  doubt=doubt, reasons=reasons, created_by=actor)
        record(actor=actor, action=Action.STATUS_DETERMINATION_RECORD, obj=item, changes=events.determination(item))
    return item


def charge(*, actor: User, person_id: int, case_number: str, charged_on: date | str, charges: str,
           legal_provisions: str, court: str, country: str = "", place_id: int | None = None,
           confinement: str = "", trial_on: date | str | None = None, trial_place: str = "",
           note: str = "") -> Prosecution:
    """Record judicial proceedings against a prisoner of war: the charges with the legal provisions applicable
    (Art. 99: only for an act forbidden by law in force when it was committed), the court, his place of
    internment or confinement, and if fixed already the date and place of the opening of the trial."""
    require(actor, "proceedings.write")
    errors = Errors()
    case_number = errors.text("case_number", case_number, required=True, max_length=60)
    day = errors.day("charged_on", charged_on, required=True, past_only=True)
    charges = errors.text("charges", charges, required=True)
    legal_provisions = errors.text("legal_provisions", legal_provisions, required=True)
    court = errors.text("court", court, required=True, max_length=200)
    country = errors.country("country", country)
    confinement = errors.text("confinement", confinement, max_length=200)
    trial = errors.day("trial_on", trial_on, past_only=False)
    trial_place = errors.text("trial_place", trial_place, max_length=200)
    note = errors.text("note", note)
    if day and trial and trial < day:
        errors.add("trial_on", _("the trial cannot open before the charge"))
    place = None
    if place_id:
        place = Place.objects.filter(pk=place_id).first()
        if place is None:
            errors.add("place", _("no such place of internment"))
    errors.raise_if_any()
    assert day is not None
    with transaction.atomic():
        person = _person(actor, person_id)
        if Prosecution.objects.filter(case_number=case_number).exists():
            raise ValidationFailed({"case_number": _("a case with this number is already recorded")})
        country = country or person.power_depended or next(
            iter(person.citizenships.values_list("country", flat=True)), "")
        if not country:
            raise ValidationFailed({"country": _("name the Power on which he depends: the Protecting Power acting "
                                                 "for it is notified")})
        case = Prosecution.objects.create(
            person=person, case_number=case_number, country=country, charged_on=day, charges=charges,
            legal_provisions=legal_provisions, court=court, place=place, confinement=confinement, trial_on=trial,
            trial_place=trial_place, note=note, created_by=actor)
        record(actor=actor, action=Action.PROSECUTION_CHARGE, obj=case, changes=events.charged(case))
    return case


def _too_soon(first: date) -> str:
    return _("the trial may not open less than three weeks after the Protecting Power received the notice: fix it "
             "on %(date)s or later (GC III Art. 104)") % {"date": first.isoformat()}


def fix_trial(*, actor: User, case_id: int, trial_on: date | str, trial_place: str = "") -> Prosecution:
    """Fix (or postpone) the date and place of the opening of the trial; once the Protecting Power was notified,
    a date less than three weeks after the notice (its receipt) is refused (Art. 104)."""
    require(actor, "proceedings.write")
    errors = Errors()
    trial = errors.day("trial_on", trial_on, required=True, past_only=False)
    trial_place = errors.text("trial_place", trial_place, max_length=200)
    errors.raise_if_any()
    assert trial is not None
    with transaction.atomic():
        case = _case(actor, case_id)
        _open(case)
        if case.judged_on:
            raise ValidationFailed({"stage": _("the judgment is recorded: the trial took place")})
        if trial < case.charged_on:
            raise ValidationFailed({"trial_on": _("the trial cannot open before the charge")})
        first = earliest_trial(case)
        if first and trial < first:
            raise ValidationFailed({"trial_on": _too_soon(first)})
        before = {"trial_on": case.trial_on, "trial_place": case.trial_place}
        case.trial_on, case.trial_place = trial, trial_place or case.trial_place
        case.save()
        record(actor=actor, action=Action.PROSECUTION_TRIAL, obj=case,
               changes=events.changed(case, before, "trial_on", "trial_place"))
    return case


def trial_notice_text(case: Prosecution) -> str:
    """The Art. 104 particulars: who (names, rank, serial number, date of birth), where he is held, the charges
    with the legal provisions applicable, the court, and the date and place of the opening of the trial."""
    person = case.person
    name = person.primary_name
    lines = [
        _("Notice of judicial proceedings against a prisoner of war (GC III Art. 104), case %(case)s")
        % {"case": case.case_number},
        _("1. Surname and first names: %(name)s") % {"name": (f"{name.surname}, {name.given}".strip(", ")
                                                              if name and (name.surname or name.given)
                                                              else str(person))},
        _("Rank: %(rank)s; army: %(army)s; army, regimental, personal or serial number: %(number)s; date of "
          "birth: %(birth)s") % {"rank": person.rank or "—", "army": person.army or "—",
                                 "number": person.service_number or "—", "birth": person.birth_date or "—"},
        _("2. Place of internment or confinement: %(place)s") % {"place": case.place_text or "—"},
        _("3. Charges: %(charges)s") % {"charges": case.charges},
        _("Legal provisions applicable: %(law)s") % {"law": case.legal_provisions},
        _("4. Court: %(court)s; opening of the trial: %(date)s, %(place)s")
        % {"court": case.court, "date": case.trial_on.isoformat() if case.trial_on else "—",
           "place": case.trial_place or "—"},
    ]
    return "\n".join(lines)


def send_trial_notice(*, actor: User, case_id: int, sent_on: date | str, trial_on: date | str | None = None,
                      trial_place: str = "", channel: str = "", override_reason: str = "",
                      confirm_names: bool = False) -> Prosecution:
    """Record the notice of the trial sent to the Protecting Power (Art. 104), as a consular transmission with
    the particulars; a trial opening less than three weeks after the notice is refused (postpone it with
    ``trial_on``)."""
    require(actor, "proceedings.write")
    errors = Errors()
    day = errors.day("sent_on", sent_on, required=True, past_only=True)
    trial = errors.day("trial_on", trial_on, past_only=False)
    trial_place = errors.text("trial_place", trial_place, max_length=200)
    channel = errors.text("channel", channel, max_length=120)
    errors.raise_if_any()
    assert day is not None
    with transaction.atomic():
        case = _case(actor, case_id)
        _open(case)
        if case.notice_sent_on:
            raise ValidationFailed({"stage": _("the notice of this trial was sent on %(date)s")
                                % {"date": case.notice_sent_on.isoformat()}})
        if day < case.charged_on:
            raise ValidationFailed({"sent_on": _("the notice cannot be sent before the charge")})
        before = {"trial_on": case.trial_on, "trial_place": case.trial_place}
        case.trial_on = trial or case.trial_on
        case.trial_place = trial_place or case.trial_place
        if case.trial_on is None:
            raise ValidationFailed({"trial_on": _("the notice gives the date of the opening of the trial: fix it")})
        first = day + timedelta(days=NOTICE_DAYS)
        if case.trial_on < first:
            raise ValidationFailed({"trial_on": _too_soon(first)})
        item = record_transmission(
            actor=actor, person_id=case.person_id, recipient=ListRecipient.PROTECTING_POWER, channel=channel or _(
                "notice of trial, case %(case)s") % {"case": case.case_number}, date=day.isoformat(),
            content=trial_notice_text(case), legal_basis=BASIS_TRIAL, country=case.country,
            override_reason=override_reason, confirm_names=confirm_names)
        case.notice_sent_on, case.notice_transmission, case.stage = day, item, Stage.NOTIFIED
        case.save()
        record(actor=actor, action=Action.PROSECUTION_NOTICE, obj=case,
               changes=events.changed(case, before, "trial_on", "trial_place", "notice_sent_on", "stage")
               | {"transmission": item.pk})
    return case


def record_notice_receipt(*, actor: User, case_id: int, received_on: date | str) -> Prosecution:
    """Record the day the Protecting Power received the notice of the trial (the evidence Art. 104 para 4 asks
    for). A trial then less than three weeks away is not refused here (the receipt is a fact): the case shows
    that it must be adjourned, and its judgment is refused until it is."""
    require(actor, "proceedings.write")
    errors = Errors()
    day = errors.day("received_on", received_on, required=True, past_only=True)
    errors.raise_if_any()
    assert day is not None
    with transaction.atomic():
        case = _case(actor, case_id)
        _open(case)
        if not case.notice_sent_on:
            raise ValidationFailed({"received_on": _("record the notice sent first")})
        if day < case.notice_sent_on:
            raise ValidationFailed({"received_on": _("the notice cannot be received before it was sent")})
        before = {"notice_received_on": case.notice_received_on}
        case.notice_received_on = day
        case.save()
        record(actor=actor, action=Action.PROSECUTION_NOTICE_RECEIPT, obj=case,
               changes=events.changed(case, before, "notice_received_on"))
    return case


def record_judgment(*, actor: User, case_id: int, judged_on: date | str, verdict: str, sentence: str = "",
                    death_sentence: bool = False, final: bool = False, appeal: str = "",
                    finding_wording: str = "", trial_summary: str = "", establishment: str = "",
                    sentence_ends: date | str | None = None) -> Prosecution:
    """Record the judgment and sentence. Refused unless the Protecting Power's receipt of the notice is recorded
    at least three weeks before the opening of the trial (Art. 104 para 4: otherwise the trial is adjourned)."""
    require(actor, "proceedings.write")
    errors = Errors()
    day = errors.day("judged_on", judged_on, required=True, past_only=True)
    verdict = errors.choice("verdict", verdict, Verdict)
    sentence = errors.text("sentence", sentence)
    appeal = errors.text("appeal", appeal)
    finding_wording = errors.text("finding_wording", finding_wording)
    trial_summary = errors.text("trial_summary", trial_summary)
    establishment = errors.text("establishment", establishment, max_length=200)
    ends = errors.day("sentence_ends", sentence_ends, past_only=False)
    if verdict == Verdict.CONVICTED and not sentence:
        errors.add("sentence", _("record the sentence"))
    if death_sentence and verdict != Verdict.CONVICTED:
        errors.add("death_sentence", _("a death sentence follows a conviction only"))
    errors.raise_if_any()
    assert day is not None
    with transaction.atomic():
        case = _case(actor, case_id)
        _open(case)
        if case.judged_on:
            raise ValidationFailed({"stage": _("the judgment is already recorded")})
        if not case.notice_received_on or case.trial_on is None:
            raise ValidationFailed({"judged_on": _("no evidence that the Protecting Power received the notice of "
                                                   "the trial: the trial is adjourned (GC III Art. 104)")})
        if trial_too_soon(case):
            first = earliest_trial(case)
            assert first is not None
            raise ValidationFailed({"judged_on": _("the trial opened less than three weeks after the Protecting "
                                                   "Power received the notice; it is adjourned to %(date)s or "
                                                   "later (GC III Art. 104)") % {"date": first.isoformat()}})
        if day < case.trial_on:
            raise ValidationFailed({"judged_on": _("the judgment cannot come before the opening of the trial")})
        case.judged_on, case.verdict, case.sentence, case.death_sentence, case.final = (
            day, verdict, sentence, death_sentence, final)
        case.appeal, case.finding_wording, case.trial_summary = appeal, finding_wording, trial_summary
        case.establishment, case.sentence_ends, case.stage = establishment, ends, Stage.JUDGED
        case.save()
        record(actor=actor, action=Action.PROSECUTION_JUDGMENT, obj=case, changes=events.changed(
            case, {"stage": Stage.NOTIFIED}, "judged_on", "verdict", "sentence", "death_sentence", "final",
            "appeal", "establishment", "sentence_ends", "stage"))
    return case


def judgment_notice_text(case: Prosecution) -> str:
    """The Art. 107 summary communication (and the detailed one for a final conviction or a death sentence)."""
    lines = [
        _("Notice of judgment against a prisoner of war (GC III Art. 107), case %(case)s, court %(court)s")
        % {"case": case.case_number, "court": case.court},
        _("Prisoner of war: %(name)s; judgment of %(date)s: %(verdict)s")
        % {"name": str(case.person), "date": case.judged_on.isoformat() if case.judged_on else "—",
           "verdict": case.get_verdict_display()},
    ]
    if case.sentence:
        lines.append(_("Sentence: %(sentence)s") % {"sentence": case.sentence})
    lines.append(_("Right of appeal or to have the trial reopened: %(appeal)s") % {"appeal": case.appeal or "—"})
    if detailed_communication(case):
        lines += [_("Detailed communication:"),
                  _("1. Precise wording of the finding and sentence: %(text)s") % {"text": case.finding_wording},
                  _("2. Summarized report of the preliminary investigation and of the trial: %(text)s")
                  % {"text": case.trial_summary},
                  _("3. Establishment where the sentence will be served: %(text)s")
                  % {"text": case.establishment or "—"}]
    if case.death_sentence:
        lines.append(_("Death sentence: it is not executed before six months after the Protecting Power receives "
                       "this communication (GC III Art. 101)."))
    return "\n".join(lines)


def send_judgment_notice(*, actor: User, case_id: int, sent_on: date | str, channel: str = "",
                         override_reason: str = "", confirm_names: bool = False) -> Prosecution:
    """Record the judgment reported to the Protecting Power (Art. 107), as a consular transmission."""
    require(actor, "proceedings.write")
    errors = Errors()
    day = errors.day("sent_on", sent_on, required=True, past_only=True)
    channel = errors.text("channel", channel, max_length=120)
    errors.raise_if_any()
    assert day is not None
    with transaction.atomic():
        case = _case(actor, case_id)
        if not case.judged_on:
            raise ValidationFailed({"sent_on": _("record the judgment first")})
        if case.judgment_notice_sent_on:
            raise ValidationFailed({"stage": _("the notice of this judgment was sent on %(date)s")
                                % {"date": case.judgment_notice_sent_on.isoformat()}})
        if day < case.judged_on:
            raise ValidationFailed({"sent_on": _("the notice cannot be sent before the judgment")})
        if detailed_communication(case) and not (case.finding_wording and case.trial_summary):
            raise ValidationFailed({"sent_on": _("a final conviction or a death sentence is reported in a detailed "
                                                 "communication: record the precise wording of the finding and "
                                                 "sentence and a summarized report of the trial (GC III Art. "
                                                 "107)")})
        item = record_transmission(
            actor=actor, person_id=case.person_id, recipient=ListRecipient.PROTECTING_POWER, channel=channel or _(
                "notice of judgment, case %(case)s") % {"case": case.case_number}, date=day.isoformat(),
            content=judgment_notice_text(case), legal_basis=BASIS_JUDGMENT, country=case.country,
            override_reason=override_reason, confirm_names=confirm_names)
        case.judgment_notice_sent_on, case.judgment_transmission = day, item
        case.save()
        record(actor=actor, action=Action.PROSECUTION_JUDGMENT_NOTICE, obj=case,
               changes=events.changed(case, {"judgment_notice_sent_on": None}, "judgment_notice_sent_on")
               | {"transmission": item.pk})
    return case


def record_judgment_receipt(*, actor: User, case_id: int, received_on: date | str) -> Prosecution:
    """Record the day the Protecting Power received the notice of the judgment; for a death sentence that day
    starts the six months before which it is not executed (Art. 101)."""
    require(actor, "proceedings.write")
    errors = Errors()
    day = errors.day("received_on", received_on, required=True, past_only=True)
    errors.raise_if_any()
    assert day is not None
    with transaction.atomic():
        case = _case(actor, case_id)
        if not case.judgment_notice_sent_on:
            raise ValidationFailed({"received_on": _("record the notice of the judgment sent first")})
        if day < case.judgment_notice_sent_on:
            raise ValidationFailed({"received_on": _("the notice cannot be received before it was sent")})
        before = {"judgment_notice_received_on": case.judgment_notice_received_on,
                  "execution_not_before": case.execution_not_before}
        case.judgment_notice_received_on = day
        if case.death_sentence:
            case.execution_not_before = add_months(day, STAY_MONTHS)
        case.save()
        record(actor=actor, action=Action.PROSECUTION_JUDGMENT_RECEIPT, obj=case,
               changes=events.changed(case, before, "judgment_notice_received_on", "execution_not_before"))
    return case


def fix_execution_date(*, actor: User, case_id: int, execution_on: date | str) -> Prosecution:
    """Record the date fixed for executing a death sentence: refused before the Protecting Power's receipt of
    the detailed communication is recorded, and within six months of it (Art. 101)."""
    require(actor, "proceedings.write")
    errors = Errors()
    day = errors.day("execution_on", execution_on, required=True, past_only=False)
    errors.raise_if_any()
    assert day is not None
    with transaction.atomic():
        case = _case(actor, case_id)
        _open(case)
        if not case.death_sentence:
            raise ValidationFailed({"execution_on": _("no death sentence was pronounced in these proceedings")})
        if case.execution_not_before is None:
            raise ValidationFailed({"execution_on": _("a death sentence is not executed before six months after "
                                                      "the Protecting Power received the detailed communication: "
                                                      "its receipt is not recorded (GC III Art. 101)")})
        if day < case.execution_not_before:
            raise ValidationFailed({"execution_on": _("a death sentence is not executed before %(date)s, six months "
                                                      "after the Protecting Power received the detailed "
                                                      "communication (GC III Art. 101)")
                                    % {"date": case.execution_not_before.isoformat()}})
        before = {"execution_on": case.execution_on}
        case.execution_on = day
        case.save()
        record(actor=actor, action=Action.PROSECUTION_JUDGMENT, obj=case,
               changes=events.changed(case, before, "execution_on"))
    return case


def close_case(*, actor: User, case_id: int, closed_on: date | str, reason: str, note: str = "") -> Prosecution:
    """Close proceedings: acquitted, charges dropped, sentence served (he is no longer held back, Art. 119)."""
    require(actor, "proceedings.write")
    errors = Errors()
    day = errors.day("closed_on", closed_on, required=True, past_only=True)
    reason = errors.choice("reason", reason, CloseReason)
    note = errors.text("note", note)
    errors.raise_if_any()
    assert day is not None
    with transaction.atomic():
        case = _case(actor, case_id)
        _open(case)
        if day < case.charged_on:
            raise ValidationFailed({"closed_on": _("proceedings cannot close before the charge")})
        if case.judged_on and not case.judgment_notice_sent_on:
            raise ValidationFailed({"closed_on": _("report the judgment to the Protecting Power first (GC III Art. "
                                                   "107)")})
        before = {"stage": case.stage}
        case.stage, case.closed_on, case.close_reason = Stage.CLOSED, day, reason
        if note:
            case.note = f"{case.note}\n{note}".strip()
        case.save()
        record(actor=actor, action=Action.PROSECUTION_CLOSE, obj=case,
               changes=events.changed(case, before, "stage", "closed_on", "close_reason"))
    return case


def draw_up_list(*, actor: User, country: str, recipient: str, as_of: date | str | None = None) -> HeldBackList:
    """Draw up the list of the prisoners of ``country`` held back for proceedings pending or sentences being
    served (Art. 119 para 5) on ``as_of`` (default today)."""
    require(actor, "proceedings.write")
    errors = Errors()
    country = errors.country("country", country, required=True)
    recipient = errors.choice("recipient", recipient, ListRecipient)
    day = errors.day("as_of", as_of, past_only=True) or timezone.localdate()
    errors.raise_if_any()
    with transaction.atomic():
        rows = held_back(actor, country=country, as_of=day)
        if not rows:
            raise ValidationFailed({"country": _("no prisoner of war of %(country)s is held back for proceedings "
                                                 "or a sentence") % {"country": country_label(country)}})
        held = HeldBackList.objects.create(country=country, recipient=recipient, as_of=day, created_by=actor)
        HeldBackEntry.objects.bulk_create([
            HeldBackEntry(held_list=held, person_id=case.person_id, prosecution=case, reason=reason, until=until)
            for case, reason, until in rows])
        record(actor=actor, action=Action.HELD_BACK_LIST_CREATE, obj=held, changes=events.held_list(
            held, [{"person": case.person_id, "case": case.case_number, "reason": reason, "until": until}
                   for case, reason, until in rows]))
    return held


def held_back_text(entry: HeldBackEntry) -> str:
    case = entry.prosecution
    return _("Held back after repatriation (GC III Art. 119): %(reason)s, case %(case)s, %(court)s; until: "
             "%(until)s") % {"reason": entry.get_reason_display(), "case": case.case_number, "court": case.court,
                             "until": entry.until.isoformat() if entry.until else _("the end of the proceedings")}


def send_list(*, actor: User, list_id: int, sent_on: date | str, channel: str = "", override_reason: str = "",
              confirm_names: bool = False) -> HeldBackList:
    """Record the list communicated: one consular transmission per person on it, to the Protecting Power or the
    Power on which they depend (where sending may harm one of them, ``override_reason`` is required)."""
    require(actor, "proceedings.write")
    errors = Errors()
    day = errors.day("sent_on", sent_on, required=True, past_only=True)
    channel = errors.text("channel", channel, max_length=120)
    errors.raise_if_any()
    assert day is not None
    with transaction.atomic():
        held = visible_or_not_found(HeldBackList.objects.select_for_update().filter(
            pk__in=lists(actor).values("pk")), list_id, _("list"))
        if held.status != ListStatus.DRAFT:
            raise ValidationFailed({"stage": _("this list was communicated on %(date)s")
                                % {"date": held.sent_on.isoformat() if held.sent_on else "—"}})
        if day < held.as_of:
            raise ValidationFailed({"sent_on": _("the list cannot be communicated before it was drawn up")})
        channel = channel or _("list of prisoners held back of %(date)s") % {"date": held.as_of.isoformat()}
        for entry in held.entries.select_related("prosecution", "person").order_by("id"):
            entry.transmission = record_transmission(
                actor=actor, person_id=entry.person_id, recipient=held.recipient, channel=channel,
                date=day.isoformat(), content=held_back_text(entry), legal_basis=BASIS_HELD_BACK,
                country=held.country, override_reason=override_reason, confirm_names=confirm_names)
            entry.save(update_fields=["transmission"])
        held.status, held.sent_on, held.channel = ListStatus.SENT, day, channel
        held.save()
        record(actor=actor, action=Action.HELD_BACK_LIST_SEND, obj=held, changes=events.held_list(held))
    return held


def acknowledge_list(*, actor: User, list_id: int, acknowledged_on: date | str, reference: str = "") -> HeldBackList:
    """Record the receipt of a communicated list acknowledged."""
    require(actor, "proceedings.write")
    errors = Errors()
    day = errors.day("acknowledged_on", acknowledged_on, required=True, past_only=True)
    reference = errors.text("reference", reference, max_length=120)
    errors.raise_if_any()
    assert day is not None
    with transaction.atomic():
        held = visible_or_not_found(HeldBackList.objects.select_for_update().filter(
            pk__in=lists(actor).values("pk")), list_id, _("list"))
        if held.status != ListStatus.SENT:
            raise ValidationFailed({"acknowledged_on": _("only a communicated list's receipt is acknowledged")})
        if held.sent_on and day < held.sent_on:
            raise ValidationFailed({"acknowledged_on": _("a list cannot be received before it was sent")})
        held.status, held.acknowledged_on, held.reference = ListStatus.ACKNOWLEDGED, day, reference
        held.save()
        record(actor=actor, action=Action.HELD_BACK_LIST_ACKNOWLEDGE, obj=held, changes=events.held_list(held))
    return held


def printed(*, actor: User, case_id: int, channel: str) -> None:
    """Note in the audit log that a case's notices were printed (they carry personal data)."""
    require(actor, "proceedings.read")
    with transaction.atomic():
        case = visible_or_not_found(scope_via_person(actor, Prosecution.objects.all()), case_id, _("proceedings"))
        record(actor=actor, action=Action.PROSECUTION_PRINT, obj=case,
               changes={"person": case.person_id, "after": {"printed": case.case_number, "channel": channel}})
