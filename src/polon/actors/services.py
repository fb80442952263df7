"""Every write on actors: keyword-only arguments, the acting user, one transaction with its audit event.

Actors are people a source names who are not captives (officials, diplomats, journalists, authors,
politicians): they are recorded here and never in the registry of captives."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from polon.access.policies import require
from polon.access.scope import visible_or_not_found
from polon.actors import events
from polon.actors.models import Actor, ActorContact, ActorKind, ActorMention, ActorName
from polon.actors.selectors import visible_actors
from polon.audit.actions import Action
from polon.audit.log import record
from polon.consular.models import Participant
from polon.consular.selectors import contacts as visible_contacts
from polon.core.errors import ConflictError, ValidationFailed
from polon.core.languages import normalise_language
from polon.core.validate import Errors
from polon.sources.models import Source
from polon.sources.selectors import get_source

if TYPE_CHECKING:
    from polon.accounts.models import User

_LIMITS = {f.name: f.max_length for f in Actor._meta.fields if getattr(f, "max_length", None)}


def _spelling(text: str, field: str = "name") -> str:
    cleaned = " ".join((text or "").split())
    errors = Errors()
    if not cleaned:
        errors.add(field, _("a name cannot be empty"))
    elif not any(ch.isalpha() for ch in cleaned):
        errors.add(field, _("'%(text)s' contains no letters") % {"text": cleaned})
    elif len(cleaned) > 300:
        errors.add(field, _("at most %(n)d characters") % {"n": 300})
    errors.raise_if_any()
    return cleaned


def _fields(errors: Errors, *, name: str, kind: str, country: str, organisation: str, position: str,
            notes: str) -> dict[str, str]:
    cleaned = {
        "name": errors.text("name", " ".join((name or "").split()), required=True, max_length=_LIMITS["name"]),
        "kind": errors.choice("kind", kind, ActorKind),
        "country": errors.country("country", country),
        "organisation": errors.text("organisation", organisation, max_length=_LIMITS["organisation"]),
        "position": errors.text("position", position, max_length=_LIMITS["position"]),
        "notes": (notes or "").strip(),
    }
    if cleaned["name"] and not any(ch.isalpha() for ch in cleaned["name"]):
        errors.add("name", _("'%(text)s' contains no letters") % {"text": cleaned["name"]})
    return cleaned


def _source(actor: User, source_id: int | None) -> Source | None:
    return None if source_id is None else get_source(actor, source_id)


def _store_name(item: Actor, text: str, language: str, source: Source | None) -> ActorName | None:
    """The spelling stored, or None when the actor already has it (one identical spelling is kept once,
    whatever language code it came with)."""
    if item.names.filter(text=text).exists():
        return None
    return ActorName.objects.create(actor=item, text=text, language=normalise_language(language)[:8], source=source)


@transaction.atomic
def create_actor(*, actor: User, name: str, kind: str, country: str = "", organisation: str = "", position: str = "",
                 notes: str = "", spellings: Sequence[str] = (), language: str = "",
                 source_id: int | None = None) -> Actor:
    """Record a person who is not a captive, with the spellings a source gave (``source_id``, ``language``)."""
    require(actor, "actors.write")
    errors = Errors()
    cleaned = _fields(errors, name=name, kind=kind, country=country, organisation=organisation, position=position,
                      notes=notes)
    errors.raise_if_any()
    source = _source(actor, source_id)
    item = Actor.objects.create(**cleaned, created_by=actor)
    # The spellings the source gave first (with it and its language), then the name as the bureau writes it.
    names = [row for row in (_store_name(item, _spelling(text, "spellings"), language, source) for text in spellings)
             if row is not None]
    if (row := _store_name(item, cleaned["name"], "", None)) is not None:
        names.append(row)
    record(actor=actor, action=Action.ACTOR_CREATE, obj=item, changes=events.actor_created(item, names))
    return item


def _for_write(actor: User, actor_id: int) -> Actor:
    return visible_or_not_found(visible_actors(actor).select_for_update(), actor_id, _("actor"))


@transaction.atomic
def update_actor(*, actor: User, actor_id: int, name: str, kind: str, country: str = "", organisation: str = "",
                 position: str = "", notes: str = "", expected_version: int | None = None) -> Actor:
    """Change what is known of an actor; ``expected_version`` refuses a write from a stale page."""
    require(actor, "actors.write")
    item = _for_write(actor, actor_id)
    if expected_version is not None and expected_version != item.version:
        raise ConflictError(expected=expected_version, actual=item.version)
    errors = Errors()
    cleaned = _fields(errors, name=name, kind=kind, country=country, organisation=organisation, position=position,
                      notes=notes)
    errors.raise_if_any()
    before = events.snapshot(item)
    for field, value in cleaned.items():
        setattr(item, field, value)
    item.version += 1
    item.save()
    if not item.names.filter(text=item.name).exists():
        ActorName.objects.create(actor=item, text=item.name)
    record(actor=actor, action=Action.ACTOR_UPDATE, obj=item, changes=events.actor_updated(before, item))
    return item


@transaction.atomic
def add_actor_name(*, actor: User, actor_id: int, text: str, language: str = "",
                   source_id: int | None = None) -> ActorName:
    """Add a spelling of an actor's name; the same spelling twice is refused, whatever its language code."""
    require(actor, "actors.write")
    item = _for_write(actor, actor_id)
    text = _spelling(text, "text")
    row = _store_name(item, text, language, _source(actor, source_id))
    if row is None:
        raise ValidationFailed({"text": _("'%(text)s' is already recorded for this actor") % {"text": text}})
    record(actor=actor, action=Action.ACTOR_NAME_ADD, obj=row, changes=events.name_added(row))
    return row


@transaction.atomic
def record_mention(*, actor: User, actor_id: int, source_id: int, role: str = "", item: str = "",
                   spelling: str = "", language: str = "") -> ActorMention:
    """Record that a source names the actor (with the role it gives him there), adding the spelling it used
    unless the actor already has it. A source is recorded once per actor: a second call returns the first."""
    require(actor, "actors.write")
    found = _for_write(actor, actor_id)
    source = get_source(actor, source_id)
    if spelling.strip():
        row = _store_name(found, _spelling(spelling, "spelling"), language or source.language, source)
        if row is not None:
            record(actor=actor, action=Action.ACTOR_NAME_ADD, obj=row, changes=events.name_added(row))
    existing = found.mentions.filter(source=source).first()
    if existing is not None:
        return existing
    mention = ActorMention.objects.create(actor=found, source=source, role=" ".join(role.split())[:300],
                                          item=item[:300], created_by=actor)
    record(actor=actor, action=Action.ACTOR_MENTION_ADD, obj=mention, changes=events.mention_added(mention))
    return mention


@transaction.atomic
def link_contact(*, actor: User, actor_id: int, contact_id: int, participant_id: int | None = None) -> ActorContact:
    """Record that the actor took part in a consular contact (as one of its participants, where named).
    Linking the same contact twice returns the first link."""
    require(actor, "actors.write")
    found = _for_write(actor, actor_id)
    contact = visible_or_not_found(visible_contacts(actor), contact_id, _("consular contact"))
    participant = None
    if participant_id is not None:
        participant = Participant.objects.filter(contact=contact, pk=participant_id).first()
        if participant is None:
            raise ValidationFailed({"participant_id": _("participant %(id)s did not take part in this contact")
                                                      % {"id": participant_id}})
    existing = ActorContact.objects.filter(actor=found, contact=contact).first()
    if existing is not None:
        return existing
    link = ActorContact.objects.create(actor=found, contact=contact, participant=participant, created_by=actor)
    record(actor=actor, action=Action.ACTOR_CONTACT_LINK, obj=link, changes=events.contact_linked(link))
    return link
