"""The declared catalogue of audit actions: every name an audit event may carry, each with what it means.

:func:`polon.audit.log.record` refuses any other name, so an auditor can read the whole vocabulary here and
a typo cannot start a new kind of event that no filter or report knows.
"""

from __future__ import annotations

from enum import StrEnum


class Action(StrEnum):
    """An audit action. A member equals its string, so ``AuditEvent.action`` filters take either."""

    # accounts
    USER_CREATE = "user.create"  # an administrator (or the bootstrap) created a user
    TOKEN_CREATE = "token.create"  # an API token was issued for a user
    TOKEN_REVOKE = "token.revoke"  # an API token was revoked (by its owner or an administrator)
    USER_DEACTIVATE = "user.deactivate"  # an administrator deactivated a user (who can no longer log in)
    USER_ACTIVATE = "user.activate"  # an administrator reactivated a user
    USER_ROLE_CHANGE = "user.role.change"  # an administrator changed a user's role or countries
    USER_PASSWORD_RESET = "user.password.reset"  # an administrator set a temporary password for a user
    USER_PASSWORD_CHANGE = "user.password.change"  # a user changed his own password
    LOGIN_FAILED = "login.failed"  # a login failed (wrong password, unknown user, or refused during a lockout)
    LOGIN_LOCKOUT = "login.lockout"  # too many failed logins locked an account or an address out for a while
    LOGIN_UNLOCK = "login.unlock"  # an administrator lifted a lockout of an account or an address
    SECOND_FACTOR_ENROL = "second_factor.enrol"  # a user set up his second factor (TOTP) and got recovery codes
    SECOND_FACTOR_RECOVERY_CODES = "second_factor.recovery_codes"  # a user replaced his recovery codes
    SECOND_FACTOR_RECOVERY_USE = "second_factor.recovery_use"  # a user logged in with one of his recovery codes
    SECOND_FACTOR_FAILED = "second_factor.failed"  # a wrong second-factor code was entered at login
    SECOND_FACTOR_RESET = "second_factor.reset"  # an administrator removed a user's second factor (to enrol anew)

    # registry
    PERSON_CREATE = "person.create"  # a person was recorded with names, citizenships and timeline
    PERSON_UPDATE = "person.update"  # identity fields of a person changed
    PERSON_READ = "person.read"  # a role whose reads are logged opened a person's record
    PERSONS_READ = "persons.read"  # a list, search, dossier, export or suggestion returned persons (their ids)
    PERSON_IMPORT = "person.import"  # a file of persons was imported (one event per file)
    NAME_ADD = "name.add"  # a spelling was added to a person
    NAME_PRIMARY = "name.primary"  # another spelling became the person's primary name
    CITIZENSHIP_ADD = "citizenship.add"  # a citizenship was added to a person
    CITIZENSHIP_REMOVE = "citizenship.remove"  # a citizenship recorded for a person was withdrawn (with why)
    DOCUMENT_ADD = "document.add"  # a document or photograph was attached to a person
    DOCUMENT_REMOVE = "document.remove"  # a document attached to a person was removed (with why)
    DOCUMENT_READ = "document.read"  # a role whose reads are logged opened a person's document
    EVENT_ADD = "event.add"  # a status event was added to a person's timeline
    MATCH_JUDGE = "match.judge"  # someone judged whether a query is, or is not, a person

    # sources
    SOURCE_INGEST = "source.ingest"  # a document was stored as a source with its extraction
    SOURCE_REVIEW_ACCEPT = "source.review.accept"  # an extracted item was accepted and written
    SOURCE_REVIEW_REJECT = "source.review.reject"  # an extracted item was rejected

    # actors (people named in sources who are not captives)
    ACTOR_CREATE = "actor.create"  # an actor was recorded
    ACTOR_UPDATE = "actor.update"  # fields of an actor changed
    ACTOR_NAME_ADD = "actor.name.add"  # a spelling was added to an actor
    ACTOR_MENTION_ADD = "actor.mention.add"  # a source was recorded as naming an actor
    ACTOR_CONTACT_LINK = "actor.contact.link"  # an actor was linked to a consular contact he took part in

    # jobs
    JOB_ENQUEUE = "job.enqueue"  # a background job was queued
    JOB_RERUN = "job.rerun"  # a finished or interrupted job was queued again
    JOB_INTERRUPTED = "job.interrupted"  # a running job's worker died; the job was marked failed
    JOB_DOWNLOAD = "job.download"  # the file a job made was handed to a user
    JOB_PURGE = "job.purge"  # a job's files were deleted when their retention period ended

    # backup and restore
    BACKUP_CREATE = "backup.create"  # the database and stored files were copied to a backup (its manifest's hash)
    BACKUP_RESTORE = "backup.restore"  # a backup was restored here and verified (counts, audit chain, files)

    # exchanges
    EXCHANGE_ROUND_CREATE = "exchange.round.create"  # an exchange round was recorded
    EXCHANGE_ROUND_UPDATE = "exchange.round.update"  # fields of an exchange round changed
    EXCHANGE_ROUND_SOURCE_ADD = "exchange.round.source.add"  # a source was cited for a round
    EXCHANGE_ROUND_EXECUTE = "exchange.round.execute"  # a round was carried out and its entries applied
    EXCHANGE_ENTRY_ADD = "exchange.entry.add"  # a person was put on a round
    EXCHANGE_ENTRY_UPDATE = "exchange.entry.update"  # a round entry changed
    EXCHANGE_LIST_IMPORT = "exchange.list.import"  # a list of names for a round was imported
    EXCHANGE_LIST_BATCH = "exchange.list.batch"  # one batch of an imported list was matched
    EXCHANGE_LIST_JUDGE = "exchange.list.judge"  # a line of a list was judged against the registry
    EXCHANGE_LIST_CORRECT = "exchange.list.correct"  # an unreadable line of a list was corrected and matched
    EXCHANGE_LIST_PRINT = "exchange.list.print"  # a round's lists were printed (PDF) for the mediator

    # consular
    CONSULAR_CONTACT_CREATE = "consular.contact.create"  # a contact with a state was recorded
    TRANSMISSION_RECORD = "transmission.record"  # information was transmitted to a state
    TRANSMISSION_OVERRIDE = "transmission.override"  # a transmission was recorded despite its warnings
    OBJECTION_RECORD = "objection.record"  # a person's objection to transmission was recorded
    OBJECTION_WITHDRAW = "objection.withdraw"  # an objection was withdrawn
    AFTER_RETURN_RECORD = "after_return.record"  # what happened to a person after return was recorded
    PROCEEDING_RECORD = "proceeding.record"  # a legal proceeding about a person was recorded

    # enquiries
    ENQUIRY_CREATE = "enquiry.create"  # an enquiry was received
    ENQUIRY_ASSIGN = "enquiry.assign"  # an enquiry was assigned to someone
    ENQUIRY_REPLY = "enquiry.reply"  # an enquiry was answered
    ENQUIRY_CLOSE = "enquiry.close"  # an enquiry was closed
    ENQUIRY_REPLY_OVERRIDE = "enquiry.reply.override"  # a reply to a state was sent despite its warnings
    TEXT_NAMES_CONFIRMED = "text.names.confirm"  # a writer confirmed naming persons outside a record's states

    # exports
    EXPORT_CREATE = "export.create"  # an export file was made and handed out
    EXPORT_OVERRIDE = "export.override"  # an export to a state carried persons despite their warnings

    # places of internment (GC III Arts. 22, 23, 56)
    PLACE_CREATE = "place.create"  # a place of internment was recorded
    PLACE_UPDATE = "place.update"  # fields of a place of internment changed (its closing included)
    PLACE_FACILITIES_MATCH = "place.facilities.match"  # free-text facilities of status events were matched to places
    EVENT_PLACE_SET = "event.place.set"  # a status event was linked to its place of internment by hand
    PLACE_LIST_PRINT = "place.list.print"  # the list of places and their locations was printed (Art. 23 document)

    # visits (GC III Art. 126)
    VISIT_CREATE = "visit.create"  # a visit of the ICRC or the Protecting Power to a place was recorded
    VISIT_UPDATE = "visit.update"  # fields of a visit changed (dates, delegates, access refused, report)
    VISIT_LIST_GENERATE = "visit.list.generate"  # the list of persons to be visited was made from the place's population
    VISIT_PERSON_RECORD = "visit.person.record"  # whether a listed person was seen (or why not) was recorded
    VISIT_FOLLOWUP_ADD = "visit.followup.add"  # a follow-up item of a visit was recorded
    VISIT_FOLLOWUP_CLOSE = "visit.followup.close"  # a follow-up item of a visit was closed with what was done

    # deaths, graves, enquiries into deaths and remains (GC III Arts. 120-121, GC I Art. 16)
    DEATH_RECORD = "death.record"  # a death was recorded (and the died event written on the timeline)
    DEATH_UPDATE = "death.update"  # fields of a death record changed (burial, grave, will, effects, account)
    DEATH_NOTIFY = "death.notify"  # the notification of death (Annex IV D) was recorded as sent
    DEATH_NOTICE_PRINT = "death.notice.print"  # the notification of death (Annex IV D) was printed
    DEATH_ENQUIRY_OPEN = "death.enquiry.open"  # an official enquiry into a death was opened (Art. 121)
    DEATH_ENQUIRY_NOTICE = "death.enquiry.notice"  # the Protecting Power was notified of an enquiry into a death
    DEATH_ENQUIRY_CLOSE = "death.enquiry.close"  # an enquiry into a death was closed (its report sent)
    REMAINS_HANDOVER_CREATE = "remains.handover.create"  # a handover of remains was planned
    REMAINS_BODY_ADD = "remains.body.add"  # a body was put on a handover of remains
    REMAINS_BODY_REMOVE = "remains.body.remove"  # a body was taken off a planned handover of remains
    REMAINS_HANDOVER_COMPLETE = "remains.handover.complete"  # remains were handed over (timeline written)

    # effects and valuables, sealed packets, estates (GC III Arts. 18, 119, 122)
    EFFECTS_RECEIPT_ISSUE = "effects.receipt.issue"  # articles taken from a prisoner were recorded against a receipt
    EFFECTS_RECEIPT_PRINT = "effects.receipt.print"  # a receipt for articles taken was printed
    EFFECTS_ITEM_ADD = "effects.item.add"  # an article was added to a receipt or gathered into an estate
    EFFECTS_ITEM_RETURN = "effects.item.return"  # an impounded article was returned to its owner
    EFFECTS_PACKET_CREATE = "effects.packet.create"  # a packet of a prisoner's valuables was opened (an estate too)
    EFFECTS_PACKET_ITEM = "effects.packet.item"  # an article was put into (or taken out of) an unsealed packet
    EFFECTS_PACKET_SEAL = "effects.packet.seal"  # a packet was sealed (seal number, list of contents fixed)
    EFFECTS_PACKET_SEND = "effects.packet.send"  # a sealed packet was sent through the Protecting Power or the ICRC
    EFFECTS_PACKET_RECEIPT = "effects.packet.receipt"  # the receipt of a sealed packet was acknowledged
    EFFECTS_PACKET_PRINT = "effects.packet.print"  # a packet's statement of identity and list of contents was printed

    # the seriously ill and wounded (GC III Arts. 109-113, 122, Annexes I, II, IV E)
    REPATRIATION_FLAG_SET = "repatriation.flag.set"  # a person was flagged (or unflagged) for repatriation under Art. 109(1)
    REPATRIATION_CONSENT = "repatriation.consent"  # a person's consent to (or refusal of) repatriation was recorded
    HEALTH_REPORT_SEND = "medical.report.send"  # the weekly health report on the seriously ill and wounded was sent
    COMMISSION_SESSION_CREATE = "medical.session.create"  # a Mixed Medical Commission session was recorded
    COMMISSION_SESSION_COMMUNICATE = "medical.session.communicate"  # a session's decisions were communicated
    COMMISSION_DECISION_RECORD = "medical.decision.record"  # a Mixed Medical Commission decision was recorded
    COMMISSION_DECISION_CARRY_OUT = "medical.decision.carry_out"  # a commission decision was carried out
    CERTIFICATE_PRINT = "medical.certificate.print"  # a repatriation certificate (Annex IV E) was printed

    # proceedings against prisoners of war by the Detaining Power (GC III Arts. 5, 99-108, 119)
    STATUS_DETERMINATION_RECORD = "proceedings.determination.record"  # an Art. 5 tribunal's decision was recorded
    PROSECUTION_CHARGE = "proceedings.charge"  # judicial proceedings against a prisoner of war were recorded
    PROSECUTION_TRIAL = "proceedings.trial"  # the date and place of the opening of a trial were fixed
    PROSECUTION_NOTICE = "proceedings.notice"  # the Art. 104 notice of a trial was sent to the Protecting Power
    PROSECUTION_NOTICE_RECEIPT = "proceedings.notice.receipt"  # the Protecting Power's receipt of it was recorded
    PROSECUTION_JUDGMENT = "proceedings.judgment"  # a judgment and sentence were recorded
    PROSECUTION_JUDGMENT_NOTICE = "proceedings.judgment.notice"  # the Art. 107 notice of a judgment was sent
    PROSECUTION_JUDGMENT_RECEIPT = "proceedings.judgment.receipt"  # its receipt by the Protecting Power was recorded
    PROSECUTION_CLOSE = "proceedings.close"  # proceedings were closed (acquitted, dropped, sentence served)
    PROSECUTION_PRINT = "proceedings.print"  # a case's notices to the Protecting Power were printed
    HELD_BACK_LIST_CREATE = "proceedings.held_back.create"  # an Art. 119 list of prisoners held back was drawn up
    HELD_BACK_LIST_SEND = "proceedings.held_back.send"  # it was communicated
    HELD_BACK_LIST_ACKNOWLEDGE = "proceedings.held_back.acknowledge"  # its receipt was acknowledged

    # lists for the ICRC Central Tracing Agency and the Power depended on (GC III Arts. 122-123)
    CTA_LIST_SEND = "cta.list.send"  # a list of Art. 122 particulars was sent (one transmission per person)

    # access and the log itself
    ACCESS_DENIED = "access.denied"  # a request was refused to the user's role (403)
    ACCESS_OUT_OF_SCOPE = "access.out_of_scope"  # a user asked for a person that exists outside his scope (404)
    AUDIT_CHECKPOINT = "audit.checkpoint"  # a signed checkpoint of the chain's head was written outside the database


def action_of(name: str | Action) -> Action:
    """The catalogued action named ``name`` (the enum member or its string); ValueError for any other."""
    try:
        return Action(name)
    except ValueError:
        raise ValueError(f"{name!r} is not an audit action declared in polon.audit.actions") from None
