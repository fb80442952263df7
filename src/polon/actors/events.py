"""The actors' audit payloads: what each audit event of an actors write records as its ``changes``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from polon.actors.models import Actor, ActorContact, ActorMention, ActorName

FIELDS = ("name", "kind", "country", "organisation", "position", "notes")


def snapshot(item: Actor) -> dict[str, Any]:
    return {f: getattr(item, f) for f in FIELDS}


def actor_created(item: Actor, names: list[ActorName]) -> dict[str, Any]:
    """``actor.create``: the actor and the spellings recorded with it."""
    return {"after": {**snapshot(item), "names": [[n.text, n.language, n.source_id] for n in names]}}


def actor_updated(before: dict[str, Any], item: Actor) -> dict[str, Any]:
    """``actor.update``: the fields that changed, before and after."""
    after = snapshot(item)
    changed = [f for f in FIELDS if before.get(f) != after.get(f)]
    return {"before": {f: before.get(f) for f in changed}, "after": {f: after[f] for f in changed}}


def name_added(row: ActorName) -> dict[str, Any]:
    """``actor.name.add``: a spelling, its language and the source it came from."""
    return {"actor": row.actor_id, "after": {"text": row.text, "language": row.language, "source": row.source_id}}


def mention_added(row: ActorMention) -> dict[str, Any]:
    """``actor.mention.add``: a source naming the actor, and the role it gives him."""
    return {"actor": row.actor_id, "after": {"source": row.source_id, "role": row.role, "item": row.item}}


def contact_linked(row: ActorContact) -> dict[str, Any]:
    """``actor.contact.link``: a consular contact the actor took part in."""
    return {"actor": row.actor_id, "after": {"contact": row.contact_id, "participant": row.participant_id}}
