"""Withdrawing a citizenship recorded in error (adding one is registry.services.persons.add_citizenship)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext

from polon.audit.actions import Action
from polon.audit.log import record
from polon.core.errors import NotFound, ValidationFailed
from polon.registry import audit_events
from polon.registry.models import Citizenship
from polon.registry.services.guards import bump_version, check_version, person_for_write

if TYPE_CHECKING:
    from polon.accounts.models import User


def remove_citizenship(*, actor: User, person_id: int, citizenship_id: int, reason: str,
                       expected_version: int | None = None) -> None:
    """Withdraw a citizenship recorded for a person (a wrong country, a claim a document disproved), saying why.

    The row goes; the audit event keeps what it was and the reason. A citizenship decides which liaison
    officers see the person, so this is a registrar's decision, never a silent edit."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationFailed({"reason": gettext("say why the citizenship is withdrawn")})
    with transaction.atomic():
        person = person_for_write(actor, person_id)
        check_version(person, expected_version)
        try:
            row = person.citizenships.get(pk=citizenship_id)
        except (Citizenship.DoesNotExist, ValueError, TypeError):
            raise NotFound(gettext("%(what)s %(id)s not found") % {"what": gettext("citizenship"),
                                                                   "id": citizenship_id}) from None
        record(actor=actor, action=Action.CITIZENSHIP_REMOVE, obj=row,
               changes=audit_events.citizenship_removed(person.pk, row, reason=reason))
        row.delete()
        bump_version(person)
