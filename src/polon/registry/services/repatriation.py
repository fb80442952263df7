"""The registry-level fact of GC III Art. 109: a seriously wounded or sick person to be repatriated regardless of
number or rank (para 1, flagged by medical on a Mixed Medical Commission's decision) and his consent (para 3).

It lives in the registry so that exchanges, below medical, reads it (a warning when a flagged person is put on
a one-for-one list) and the timeline refuses to repatriate or exchange a flagged person who refuses repatriation
while hostilities last (``POLON_HOSTILITIES_ENDED``: the ISO date active hostilities ceased, empty while they go
on; Art. 118 governs repatriation after it).
"""

from __future__ import annotations

import os
from datetime import date
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from polon.audit.actions import Action
from polon.audit.log import record
from polon.core.errors import ValidationFailed
from polon.core.validate import Errors
from polon.registry.choices import EventType
from polon.registry.models import Person, RepatriationConsent, RepatriationFlag
from polon.registry.services.guards import person_for_write

if TYPE_CHECKING:
    from polon.accounts.models import User

# The events that send a person back to his own Power (refused against his will during hostilities).
REPATRIATING = frozenset({EventType.REPATRIATED, EventType.EXCHANGED})


def hostilities_ended() -> date | None:
    """The day active hostilities ceased (POLON_HOSTILITIES_ENDED, a setting or the environment), or None."""
    value = getattr(settings, "POLON_HOSTILITIES_ENDED", None) or os.environ.get("POLON_HOSTILITIES_ENDED", "")
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip()) if value else None
    except ValueError:
        return None


def during_hostilities(on: str | date | None) -> bool:
    """Whether ``on`` (an ISO date, partial or not, or today when empty) falls before active hostilities ceased."""
    ended = hostilities_ended()
    if ended is None:
        return True
    if not on:
        return False
    text = on.isoformat() if isinstance(on, date) else str(on)
    return text < ended.isoformat()


def flag_of(person: Person | int) -> RepatriationFlag | None:
    """The person's Art. 109 flag, if any (read by exchanges and the timeline guard)."""
    person_id = person if isinstance(person, int) else person.pk
    return RepatriationFlag.objects.filter(person_id=person_id).first()


def repatriation_refusal(person_id: int, event_type: str, on: str | date | None) -> str:
    """Why ``event_type`` on ``on`` may not be recorded for the person (empty when it may): he is eligible for
    repatriation as seriously wounded or sick (Art. 109 para 1) and refuses it, during hostilities (para 3)."""
    if event_type not in REPATRIATING:
        return ""
    flag = flag_of(person_id)
    if flag is None or not flag.refuses or not during_hostilities(on):
        return ""
    return _("he is eligible for repatriation as seriously wounded or sick and refuses it: no such prisoner is "
             "repatriated against his will during hostilities (GC III Art. 109 para 3)")


def one_for_one_warning(person: Person) -> str:
    """A warning for putting a flagged person on a one-for-one exchange list (empty when none applies)."""
    flag = flag_of(person)
    if flag is None or not flag.must_repatriate:
        return ""
    return _("%(person)s must be repatriated regardless of number or rank as seriously wounded or sick (GC III "
             "Art. 109 para 1): he should not count against anyone on a one-for-one list") % {"person": person}


def _snapshot(flag: RepatriationFlag) -> dict[str, object]:
    return {"must_repatriate": flag.must_repatriate, "basis": flag.basis,
            "flagged_on": flag.flagged_on.isoformat() if flag.flagged_on else None, "consent": flag.consent,
            "consent_on": flag.consent_on.isoformat() if flag.consent_on else None}


def _flag_for_write(actor: User, person_id: int) -> tuple[Person, RepatriationFlag, dict[str, object]]:
    person = person_for_write(actor, person_id)
    flag = RepatriationFlag.objects.select_for_update().filter(person=person).first()
    if flag is None:
        flag = RepatriationFlag(person=person, updated_by=actor)
        before: dict[str, object] = {}
    else:
        before = _snapshot(flag)
    return person, flag, before


def set_repatriation_flag(*, actor: User, person_id: int, must_repatriate: bool, basis: str = "",
                          flagged_on: date | None = None) -> RepatriationFlag:
    """Flag (or unflag) a person as to be repatriated regardless of number under Art. 109 para 1."""
    errors = Errors()
    basis = errors.text("basis", basis, required=must_repatriate, max_length=200)
    errors.raise_if_any()
    with transaction.atomic():
        person, flag, before = _flag_for_write(actor, person_id)
        flag.must_repatriate, flag.basis = bool(must_repatriate), basis
        flag.flagged_on = flagged_on if must_repatriate else None
        flag.updated_by = actor
        flag.save()
        record(actor=actor, action=Action.REPATRIATION_FLAG_SET, obj=flag,
               changes={"person": person.pk, "before": before, "after": _snapshot(flag)})
    return flag


def record_repatriation_consent(*, actor: User, person_id: int, consent: str, on: date, note: str = "") -> RepatriationFlag:
    """Record whether the person wishes to be repatriated (Art. 109 para 3), when and how he said it."""
    errors = Errors()
    consent = errors.choice("consent", consent, RepatriationConsent)
    note = errors.text("note", note)
    if consent == RepatriationConsent.REFUSES and not note:
        errors.add("note", _("say how and before whom he refused repatriation"))
    errors.raise_if_any()
    with transaction.atomic():
        person, flag, before = _flag_for_write(actor, person_id)
        if flag.pk is None and consent == RepatriationConsent.UNKNOWN:
            raise ValidationFailed({"consent": _("nothing to record")})
        flag.consent, flag.consent_on, flag.consent_note = consent, on, note
        flag.updated_by = actor
        flag.save()
        record(actor=actor, action=Action.REPATRIATION_CONSENT, obj=flag,
               changes={"person": person.pk, "before": before, "after": _snapshot(flag), "note": note})
    return flag
