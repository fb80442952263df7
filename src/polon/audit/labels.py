"""What each audit action and each kind of object is called in the user's language (the log stores codes)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from polon.audit.actions import Action

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

ACTION_LABELS: dict[str, StrOrPromise] = {
    Action.USER_CREATE: _("User created"),
    Action.TOKEN_CREATE: _("API token issued"),
    Action.TOKEN_REVOKE: _("API token revoked"),
    Action.USER_DEACTIVATE: _("User deactivated"),
    Action.USER_ACTIVATE: _("User reactivated"),
    Action.USER_ROLE_CHANGE: _("User's role or countries changed"),
    Action.USER_PASSWORD_RESET: _("Temporary password set"),
    Action.USER_PASSWORD_CHANGE: _("Own password changed"),
    Action.LOGIN_FAILED: _("Failed login"),
    Action.LOGIN_LOCKOUT: _("Logins locked out after failures"),
    Action.LOGIN_UNLOCK: _("Login lockout lifted"),
    Action.SECOND_FACTOR_ENROL: _("Second factor set up"),
    Action.SECOND_FACTOR_RECOVERY_CODES: _("Recovery codes replaced"),
    Action.SECOND_FACTOR_RECOVERY_USE: _("Recovery code used"),
    Action.SECOND_FACTOR_FAILED: _("Wrong second-factor code"),
    Action.SECOND_FACTOR_RESET: _("Second factor reset"),
    Action.PERSON_CREATE: _("Person recorded"),
    Action.PERSON_UPDATE: _("Person changed"),
    Action.PERSON_READ: _("Person's record opened"),
    Action.PERSONS_READ: _("Persons listed or found"),
    Action.PERSON_IMPORT: _("File of persons imported"),
    Action.NAME_ADD: _("Spelling added"),
    Action.NAME_PRIMARY: _("Primary name changed"),
    Action.CITIZENSHIP_ADD: _("Citizenship added"),
    Action.CITIZENSHIP_REMOVE: _("Citizenship withdrawn"),
    Action.DOCUMENT_ADD: _("Document attached"),
    Action.DOCUMENT_REMOVE: _("Document removed"),
    Action.DOCUMENT_READ: _("Document opened"),
    Action.EVENT_ADD: _("Status event recorded"),
    Action.MATCH_JUDGE: _("Match judged"),
    Action.SOURCE_INGEST: _("Source stored"),
    Action.SOURCE_REVIEW_ACCEPT: _("Source item accepted"),
    Action.SOURCE_REVIEW_REJECT: _("Source item rejected"),
    Action.ACTOR_CREATE: _("Actor recorded"),
    Action.ACTOR_UPDATE: _("Actor changed"),
    Action.ACTOR_NAME_ADD: _("Actor's spelling added"),
    Action.ACTOR_MENTION_ADD: _("Actor's mention in a source recorded"),
    Action.ACTOR_CONTACT_LINK: _("Actor linked to a consular contact"),
    Action.JOB_ENQUEUE: _("Job queued"),
    Action.JOB_RERUN: _("Job queued again"),
    Action.JOB_INTERRUPTED: _("Job interrupted"),
    Action.JOB_DOWNLOAD: _("Job's file downloaded"),
    Action.JOB_PURGE: _("Job's files deleted"),
    Action.BACKUP_CREATE: _("Backup made"),
    Action.BACKUP_RESTORE: _("Backup restored"),
    Action.EXCHANGE_ROUND_CREATE: _("Exchange round recorded"),
    Action.EXCHANGE_ROUND_UPDATE: _("Exchange round changed"),
    Action.EXCHANGE_ROUND_SOURCE_ADD: _("Source cited for a round"),
    Action.EXCHANGE_ROUND_EXECUTE: _("Exchange round carried out"),
    Action.EXCHANGE_ENTRY_ADD: _("Person put on a round"),
    Action.EXCHANGE_ENTRY_UPDATE: _("Round entry changed"),
    Action.EXCHANGE_LIST_IMPORT: _("List imported for a round"),
    Action.EXCHANGE_LIST_BATCH: _("Batch of a list matched"),
    Action.EXCHANGE_LIST_JUDGE: _("Line of a list judged"),
    Action.EXCHANGE_LIST_CORRECT: _("Line of a list corrected"),
    "exchange.list.print": _("Round's lists printed for the mediator"),
    Action.CONSULAR_CONTACT_CREATE: _("Consular contact recorded"),
    Action.TRANSMISSION_RECORD: _("Transmission recorded"),
    Action.TRANSMISSION_OVERRIDE: _("Transmission recorded despite warnings"),
    Action.OBJECTION_RECORD: _("Objection recorded"),
    Action.OBJECTION_WITHDRAW: _("Objection withdrawn"),
    Action.AFTER_RETURN_RECORD: _("Whereabouts after return recorded"),
    Action.PROCEEDING_RECORD: _("Proceeding recorded"),
    Action.ENQUIRY_CREATE: _("Enquiry received"),
    Action.ENQUIRY_ASSIGN: _("Enquiry assigned"),
    Action.ENQUIRY_REPLY: _("Enquiry answered"),
    Action.ENQUIRY_CLOSE: _("Enquiry closed"),
    Action.ENQUIRY_REPLY_OVERRIDE: _("Enquiry answered despite warnings"),
    Action.TEXT_NAMES_CONFIRMED: _("Names outside the record's states confirmed"),
    Action.EXPORT_CREATE: _("Export made"),
    Action.EXPORT_OVERRIDE: _("Export to a state made despite warnings"),
    Action.ACCESS_DENIED: _("Access refused to the role"),
    Action.ACCESS_OUT_OF_SCOPE: _("Person outside the user's scope requested"),
    Action.AUDIT_CHECKPOINT: _("Audit log checkpoint written"),
}

OBJECT_LABELS: dict[str, StrOrPromise] = {
    "registry.person": _("Person"),
    "registry.personname": _("spelling"),
    "registry.citizenship": _("citizenship"),
    "registry.statusevent": _("status event"),
    "registry.matchjudgement": _("judgement"),
    "registry.persondocument": _("document"),
    "exchanges.exchangeround": _("Exchange round"),
    "exchanges.roundentry": _("round entry"),
    "exchanges.listrow": _("list line"),
    "exchanges.listjudgement": _("list judgement"),
    "consular.consularcontact": _("Consular contact"),
    "consular.transmission": _("transmission"),
    "consular.objection": _("objection"),
    "consular.afterreturn": _("after return"),
    "consular.proceeding": _("proceeding"),
    "enquiries.enquiry": _("Enquiry"),
    "enquiries.reply": _("Reply"),
    "sources.source": _("Source"),
    "sources.reviewdecision": _("Review decision"),
    "actors.actor": _("Actor"),
    "actors.actorname": _("Actor's spelling"),
    "actors.actormention": _("Actor's mention"),
    "actors.actorcontact": _("Actor's contact"),
    "accounts.user": _("User"),
    "accounts.apitoken": _("API token"),
    "jobs.job": _("Job"),
    "exports.exportrecord": _("Export"),
    "file": _("File"),
    "backup": _("Backup"),
    "audit.checkpoint": _("Audit log checkpoint"),
    "request": _("Request"),
}


def action_label(action: str) -> str:
    """An action in the user's language; an action the catalogue does not label, as its code."""
    return str(ACTION_LABELS.get(action, action))


def object_label(object_type: str) -> str:
    return str(OBJECT_LABELS.get(object_type, object_type))
